import type { Request } from 'express';
import type { Actor } from '../../domain/actors.ts';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';
import { overrideSchema, recordReleaseSchema } from '../../domain/release-hold/schemas.ts';
import { checklistRequestSchema } from '../../domain/release-hold/checklists.ts';
import { londonDay } from '../../domain/release-hold/authorisation.ts';
import { GATED_RELEASES, RELEASE_REASONS } from '../../domain/release-hold/vocabulary.ts';
import { paramOr404 } from '../../api/request-helpers.ts';
import { checkHoldOperation } from '../../domain/release-hold/hold-operations.ts';
import { emptyHold } from '../../domain/release-hold/hold-state.ts';
import type { Services } from '../../services/index.ts';
import { CaseError } from '../../services/errors.ts';
import { formErrors, fromCaseError, fromZod, type FormErrors } from '../form-errors.ts';
import { may } from '../page-access.ts';
import { personSearchSchema, searchPeople } from '../people.ts';
import { submitted, type PageRouter } from '../page-router.ts';

const pnOr404 = (raw: unknown) => paramOr404(prisonerNumberSchema, raw, 'No such prisoner');

/** The movements the hold's own rule lets this actor record (the escort contractor: a release from court). */
const movementsFor = (actor: Actor, prisonCode: string) =>
  RELEASE_REASONS.filter(
    (reason) =>
      checkHoldOperation(
        emptyHold('A0000AA'),
        { type: 'recordRelease', id: 'probe', reason, prisonCode, releasedAt: new Date(0).toISOString() },
        actor,
      )?.code !== 'FORBIDDEN',
  );

/**
 * The discharge desk's page: may he leave? A clear panel, "Do not release" with every standing
 * reason and who owns it, or "No holds"; then the movement is recorded through the same gate as
 * the API. A refusal is the same panel, never an error page.
 */
export function releaseCheckRoutes(pages: PageRouter, services: Services): void {
  const showPrisoner = async (
    req: Request,
    pn: string,
    extra: { errors?: FormErrors; refused?: string; values?: Record<string, string> } = {},
  ) => {
    const actor = req.actor!;
    const prisoner = await services.prisoners.visible(actor, pn);
    const status = await services.gate.releaseStatus(actor, pn);
    // The hold's detail only for those the table lets read a hold (getHold): the gate's answer is for everyone here.
    const hold = may(actor, 'getHold') ? await services.gate.hold(actor, pn).catch(() => undefined) : undefined;
    const openRelease = hold?.releases.find((r) => !r.returnedToCustodyAt && GATED_RELEASES.includes(r.reason));
    // Today's authorisation at his prison, where it has got to: the desk's two steps are shown here.
    const today = londonDay(new Date());
    const authorisation =
      status.authorisation ??
      hold?.authorisations
        ?.filter(
          (a) =>
            a.releaseDay === today &&
            a.prisonCode === prisoner.prisonCode &&
            a.status !== 'VOID' &&
            a.status !== 'USED',
        )
        .at(-1);
    const checklists = services.gate.checklists();
    return {
      title: `Release check: ${prisoner.firstName} ${prisoner.lastName}`,
      prisoner,
      status,
      openRelease,
      movements: movementsFor(actor, prisoner.prisonCode),
      canRecord: may(actor, 'recordRelease'),
      canOverride: may(actor, 'overrideHold') && !status.clear,
      authorisation,
      checklists: GATED_RELEASES.map((movement) => ({ movement, items: checklists.movements[movement] ?? [] })),
      canCheck:
        may(actor, 'completeChecklist') &&
        !openRelease &&
        (!authorisation || authorisation.status === 'REFUSED_AT_CHECK'),
      canVerify:
        may(actor, 'verifyAuthorisation') &&
        authorisation?.status === 'AWAITING_VERIFICATION' &&
        authorisation.completedBy !== actor.username,
      ...extra,
    };
  };

  pages.get('/release-check', ['searchPrisoners'], async (req, res) => {
    const search = personSearchSchema.safeParse(req.query);
    if (Object.keys(req.query).length === 0) return res.render('release-hold-check/search', { title: 'Release check' });
    if (!search.success)
      return res.render('release-hold-check/search', {
        title: 'Release check',
        errors: fromZod(search.error),
        values: req.query,
      });
    const found = await searchPeople(services, req.actor!, search.data);
    if (found.length === 1) return res.redirect(`/release-check/${found[0]!.prisonerNumber}`);
    res.render('release-hold-check/search', {
      title: 'Release check',
      results: found,
      values: req.query,
      searched: true,
    });
  });

  pages.get(
    '/release-check/:prisonerNumber',
    { all: ['getPrisoner', 'getReleaseStatus'], optional: ['getHold'] },
    async (req, res) => {
      const movement = GATED_RELEASES.find((m) => m === req.query.movement);
      res.render(
        'release-hold-check/prisoner',
        await showPrisoner(req, pnOr404(req.params.prisonerNumber), movement ? { values: { movement } } : {}),
      );
    },
  );

  pages.post('/release-check/:prisonerNumber/releases', ['recordRelease'], async (req, res) => {
    const pn = pnOr404(req.params.prisonerNumber);
    const body = recordReleaseSchema.safeParse({
      reason: req.body.reason || undefined,
      ...(req.body.reason === 'TRANSFERRED'
        ? { toPrisonCode: String(req.body.toPrisonCode ?? '').toUpperCase() || undefined }
        : {}),
    });
    if (!body.success)
      return res
        .status(400)
        .render(
          'release-hold-check/prisoner',
          await showPrisoner(req, pn, { errors: fromZod(body.error), values: req.body }),
        );
    // A prison named for a movement that goes to none is a slip worth asking about, not ignoring.
    if (body.data.reason !== 'TRANSFERRED' && String(req.body.toPrisonCode ?? '').trim() !== '') {
      return res.status(400).render(
        'release-hold-check/prisoner',
        await showPrisoner(req, pn, {
          errors: formErrors([['toPrisonCode', 'Leave the prison empty unless this is a transfer']]),
          values: req.body,
        }),
      );
    }
    try {
      const release = await services.gate.recordRelease(req.actor!, pn, body.data, submitted(req));
      req.session.flash = {
        title: 'Release recorded',
        text: `${release.reason.replace(/_/g, ' ').toLowerCase()} at ${new Date(release.releasedAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })}`,
      };
      res.redirect(303, `/release-check/${pn}`);
    } catch (err) {
      // The gate said no: the same panel, with the refusal on record.
      if (err instanceof CaseError && err.kind === 'CONFLICT')
        return res
          .status(409)
          .render('release-hold-check/prisoner', await showPrisoner(req, pn, { refused: err.message }));
      const errors = fromCaseError(err, 'reason');
      if (errors) return res.status(422).render('release-hold-check/prisoner', await showPrisoner(req, pn, { errors }));
      throw err;
    }
  });

  pages.post('/release-check/:prisonerNumber/authorisations', ['completeChecklist'], async (req, res) => {
    const pn = pnOr404(req.params.prisonerNumber);
    const movement = String(req.body.movement ?? '');
    const items =
      services.gate.checklists().movements[movement as keyof ReturnType<Services['gate']['checklists']>['movements']] ??
      [];
    const answers = items.map(({ item }) => ({
      item,
      answer: req.body[`item-${item}`] === 'yes',
      ...(req.body[`note-${item}`] ? { note: String(req.body[`note-${item}`]) } : {}),
    }));
    const unanswered = items.filter(({ item }) => !['yes', 'no'].includes(String(req.body[`item-${item}`] ?? '')));
    const body = checklistRequestSchema.safeParse({ movement: movement || undefined, answers });
    if (!body.success)
      return res
        .status(400)
        .render(
          'release-hold-check/prisoner',
          await showPrisoner(req, pn, { errors: fromZod(body.error), values: req.body }),
        );
    if (unanswered.length)
      return res.status(400).render(
        'release-hold-check/prisoner',
        await showPrisoner(req, pn, {
          errors: formErrors(unanswered.map(({ item }) => [`item-${item}`, 'Answer yes or no'])),
          values: req.body,
        }),
      );
    try {
      const authorisation = await services.gate.completeChecklist(req.actor!, pn, body.data, submitted(req));
      req.session.flash =
        authorisation.status === 'REFUSED_AT_CHECK'
          ? {
              title: 'Refused at check',
              text: 'An item was answered no: he may not leave on this checklist. The refusal is recorded.',
            }
          : { title: 'Checklist completed', text: 'Another person of the prison now verifies it before the release.' };
      res.redirect(303, `/release-check/${pn}`);
    } catch (err) {
      const errors = fromCaseError(err, 'movement');
      if (errors)
        return res
          .status(422)
          .render('release-hold-check/prisoner', await showPrisoner(req, pn, { errors, values: req.body }));
      throw err;
    }
  });

  pages.post('/release-check/:prisonerNumber/authorisations/:id/verify', ['verifyAuthorisation'], async (req, res) => {
    const pn = pnOr404(req.params.prisonerNumber);
    try {
      await services.gate.verifyAuthorisation(req.actor!, pn, String(req.params.id), submitted(req));
      req.session.flash = {
        title: 'Release authorised for today',
        text: 'Someone other than you records the release.',
      };
      res.redirect(303, `/release-check/${pn}`);
    } catch (err) {
      if (err instanceof CaseError || (err as Error).name === 'WorkflowUpdateFailedError')
        return res.status(409).render(
          'release-hold-check/prisoner',
          await showPrisoner(req, pn, {
            refused: (err as { cause?: Error }).cause?.message ?? (err as Error).message,
          }),
        );
      throw err;
    }
  });

  pages.post('/release-check/:prisonerNumber/overrides', ['overrideHold'], async (req, res) => {
    const pn = pnOr404(req.params.prisonerNumber);
    const body = overrideSchema.safeParse({ justification: req.body.justification });
    if (!body.success)
      return res
        .status(400)
        .render(
          'release-hold-check/prisoner',
          await showPrisoner(req, pn, { errors: fromZod(body.error), values: req.body }),
        );
    try {
      await services.gate.override(req.actor!, pn, body.data, submitted(req));
      req.session.flash = {
        title: 'Override granted',
        text: 'The release may now be recorded. The override is on the record with your justification.',
      };
      res.redirect(303, `/release-check/${pn}`);
    } catch (err) {
      const errors =
        fromCaseError(err, 'justification') ??
        (err instanceof CaseError ? formErrors([['justification', err.message]]) : null);
      if (errors)
        return res
          .status(422)
          .render('release-hold-check/prisoner', await showPrisoner(req, pn, { errors, values: req.body }));
      throw err;
    }
  });
}
