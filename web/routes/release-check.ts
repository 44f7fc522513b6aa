import { Router } from 'express';
import { ROUTING } from '../../api/routing.ts';
import { hasRole } from '../../domain/actors.ts';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';
import { overrideSchema, recordReleaseSchema } from '../../domain/release-hold/schemas.ts';
import { GATED_RELEASES, RELEASE_REASONS } from '../../domain/release-hold/vocabulary.ts';
import { paramOr404, traced } from '../../api/request-helpers.ts';
import type { Services } from '../../services/index.ts';
import { CaseError } from '../../services/errors.ts';
import { formErrors, fromCaseError, fromZod, type FormErrors } from '../form-errors.ts';
import { personSearchSchema, searchPeople } from '../people.ts';

const pnOr404 = (raw: unknown) => paramOr404(prisonerNumberSchema, raw, 'No such prisoner');

/**
 * The discharge desk's page: may he leave? A clear panel, "Do not release" with every standing
 * reason and who owns it, or "No holds"; then the movement is recorded through the same gate as
 * the API. A refusal is the same panel, never an error page.
 */
export function releaseCheckRoutes(services: Services): Router {
  const router = Router(ROUTING);

  const showPrisoner = async (req: Parameters<Parameters<typeof router.get>[1]>[0], pn: string, extra: { errors?: FormErrors; refused?: string; values?: Record<string, string> } = {}) => {
    const actor = req.actor!;
    const prisoner = await services.prisoners.visible(actor, pn);
    const status = await services.gate.releaseStatus(actor, pn);
    const hold = await services.gate.hold(actor, pn).catch(() => undefined);
    const openRelease = hold?.releases.find((r) => !r.returnedToCustodyAt && GATED_RELEASES.includes(r.reason));
    const movements = hasRole(actor, 'ESCORT_CONTRACTOR') && !hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR') ? ['RELEASED_FROM_COURT'] : RELEASE_REASONS.filter((r) => r !== 'RELEASED_FROM_COURT' || hasRole(actor, 'ESCORT_CONTRACTOR'));
    return {
      title: `Release check: ${prisoner.firstName} ${prisoner.lastName}`,
      prisoner,
      status,
      openRelease,
      movements,
      canRecord: hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR', 'ESCORT_CONTRACTOR'),
      canOverride: hasRole(actor, 'DUTY_GOVERNOR') && !status.releasable,
      ...extra,
    };
  };

  router.get('/release-check', async (req, res) => {
    const search = personSearchSchema.safeParse(req.query);
    if (Object.keys(req.query).length === 0) return res.render('release-check/search', { title: 'Release check' });
    if (!search.success) return res.render('release-check/search', { title: 'Release check', errors: fromZod(search.error), values: req.query });
    const found = await searchPeople(services, req.actor!, search.data);
    if (found.length === 1) return res.redirect(`/release-check/${found[0]!.prisonerNumber}`);
    res.render('release-check/search', { title: 'Release check', results: found, values: req.query, searched: true });
  });

  router.get('/release-check/:prisonerNumber', async (req, res) => {
    res.render('release-check/prisoner', await showPrisoner(req, pnOr404(req.params.prisonerNumber)));
  });

  router.post('/release-check/:prisonerNumber/releases', async (req, res) => {
    const pn = pnOr404(req.params.prisonerNumber);
    const body = recordReleaseSchema.safeParse({ reason: req.body.reason || undefined, ...(req.body.reason === 'TRANSFERRED' ? { toPrisonCode: String(req.body.toPrisonCode ?? '').toUpperCase() || undefined } : {}) });
    if (!body.success) return res.status(400).render('release-check/prisoner', await showPrisoner(req, pn, { errors: fromZod(body.error), values: req.body }));
    // A prison named for a movement that goes to none is a slip worth asking about, not ignoring.
    if (body.data.reason !== 'TRANSFERRED' && String(req.body.toPrisonCode ?? '').trim() !== '') {
      return res.status(400).render('release-check/prisoner', await showPrisoner(req, pn, { errors: formErrors([['toPrisonCode', 'Leave the prison empty unless this is a transfer']]), values: req.body }));
    }
    try {
      const release = await services.gate.recordRelease(req.actor!, pn, body.data, traced(req));
      req.session.flash = { title: 'Release recorded', text: `${release.reason.replace(/_/g, ' ').toLowerCase()} at ${new Date(release.releasedAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })}` };
      res.redirect(303, `/release-check/${pn}`);
    } catch (err) {
      // The gate said no: the same panel, with the refusal on record.
      if (err instanceof CaseError && err.kind === 'CONFLICT') return res.status(409).render('release-check/prisoner', await showPrisoner(req, pn, { refused: err.message }));
      const errors = fromCaseError(err, 'reason');
      if (errors) return res.status(422).render('release-check/prisoner', await showPrisoner(req, pn, { errors }));
      throw err;
    }
  });

  router.post('/release-check/:prisonerNumber/overrides', async (req, res) => {
    const pn = pnOr404(req.params.prisonerNumber);
    const body = overrideSchema.safeParse({ justification: req.body.justification });
    if (!body.success) return res.status(400).render('release-check/prisoner', await showPrisoner(req, pn, { errors: fromZod(body.error), values: req.body }));
    try {
      await services.gate.override(req.actor!, pn, body.data, traced(req));
      req.session.flash = { title: 'Override granted', text: 'The release may now be recorded. The override is on the record with your justification.' };
      res.redirect(303, `/release-check/${pn}`);
    } catch (err) {
      const errors = fromCaseError(err, 'justification') ?? (err instanceof CaseError ? formErrors([['justification', err.message]]) : null);
      if (errors) return res.status(422).render('release-check/prisoner', await showPrisoner(req, pn, { errors, values: req.body }));
      throw err;
    }
  });
  return router;
}
