import type { z } from 'zod';
import { notificationIdSchema, registrationIdSchema } from '../../api/contract/requests.ts';
import { paramOr404, traced } from '../../api/request-helpers.ts';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';
import { ELIGIBILITY } from '../../domain/victim-notification/vocabulary.ts';
import { registrationSchema } from '../../domain/victim-notification/schemas.ts';
import type { Services } from '../../services/index.ts';
import { fromCaseError, fromZod, type FormErrors } from '../form-errors.ts';
import { submitted, type PageRouter } from '../page-router.ts';

const WAITING = ['SENDING', 'SENT', 'ESCALATED', 'FAILED'];

const parsedOr404 = <T>(schema: z.ZodType<T>, raw: unknown, what: string): T =>
  paramOr404(schema, raw, `No such ${what}`);

/** Victim Liaison Officers: notifications to acknowledge, and each prisoner's scheme registrations. */
export function victimRoutes(pages: PageRouter, services: Services): void {
  pages.get('/notifications', ['listVictimNotifications'], async (req, res) => {
    const all = req.query.show === 'all';
    const { items } = await services.notifications.list();
    const shown = items
      .filter((n) => all || WAITING.includes(n.status ?? ''))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    res.render('victim-notification/notifications', {
      title: all ? 'All notifications' : 'Notifications waiting for acknowledgement',
      items: shown,
      all,
    });
  });

  pages.get('/notifications/:id', ['getVictimNotification'], async (req, res) => {
    const id = parsedOr404(notificationIdSchema, req.params.id, 'notification');
    res.render('victim-notification/notification', {
      title: `Notification ${id}`,
      notification: await services.notifications.read(id),
    });
  });

  pages.post('/notifications/:id/acknowledge', ['acknowledgeVictimNotification'], async (req, res) => {
    const id = parsedOr404(notificationIdSchema, req.params.id, 'notification');
    await services.notifications.acknowledge(id, { actor: req.actor!, ...traced(req) });
    req.session.flash = { title: 'Notification acknowledged', text: 'Its reminders have stopped.' };
    res.redirect(303, `/notifications/${id}`);
  });

  pages.get('/victim-contact', ['getVictimContact'], async (req, res) => {
    if (!req.query.prisonerNumber)
      return res.render('victim-notification/find', { title: 'Victim Contact Scheme registrations' });
    const pn = prisonerNumberSchema.safeParse(req.query.prisonerNumber);
    if (!pn.success)
      return res.status(400).render('victim-notification/find', {
        title: 'Victim Contact Scheme registrations',
        errors: fromZod(pn.error, () => 'prisonerNumber'),
        values: req.query,
      });
    res.redirect(`/victim-contact/${pn.data}`);
  });

  const showRegistrations = async (
    pn: string,
    extra: { errors?: FormErrors; values?: Record<string, string>; editing?: string } = {},
  ) => ({
    title: `Victim Contact Scheme: ${pn}`,
    prisonerNumber: pn,
    registrations: await services.victimContact.read(pn),
    eligibility: ELIGIBILITY,
    ...extra,
  });

  pages.get('/victim-contact/:prisonerNumber', ['getVictimContact'], async (req, res) => {
    const pn = parsedOr404(prisonerNumberSchema, req.params.prisonerNumber, 'prisoner');
    const editing = typeof req.query.change === 'string' ? req.query.change : undefined;
    const registrations = await services.victimContact.read(pn);
    const values = editing
      ? (registrations.find((r) => r.id === editing) as unknown as Record<string, string> | undefined)
      : undefined;
    res.render('victim-notification/registrations', {
      ...(await showRegistrations(pn, { ...(editing ? { editing } : {}), ...(values ? { values } : {}) })),
    });
  });

  const registrationFrom = (form: Record<string, string>) => ({
    vloName: form.vloName,
    vloEmail: form.vloEmail,
    teamMailbox: form.teamMailbox,
    probationRegion: form.probationRegion,
    eligibility: form.eligibility || undefined,
  });

  pages.post('/victim-contact/:prisonerNumber/registrations', ['addVictimContactRegistration'], async (req, res) => {
    const pn = parsedOr404(prisonerNumberSchema, req.params.prisonerNumber, 'prisoner');
    const form = req.body as Record<string, string>;
    const parsed = registrationSchema.safeParse(registrationFrom(form));
    if (!parsed.success)
      return res
        .status(400)
        .render(
          'victim-notification/registrations',
          await showRegistrations(pn, { errors: fromZod(parsed.error), values: form }),
        );
    try {
      await services.victimContact.add(req.actor!, pn, parsed.data, submitted(req));
    } catch (err) {
      const errors = fromCaseError(err, 'vloEmail');
      if (!errors) throw err;
      return res
        .status(422)
        .render('victim-notification/registrations', await showRegistrations(pn, { errors, values: form }));
    }
    req.session.flash = { title: 'Registration added', text: `${parsed.data.vloName} will be told of every release.` };
    res.redirect(303, `/victim-contact/${pn}`);
  });

  pages.post(
    '/victim-contact/:prisonerNumber/registrations/:id/remove',
    ['removeVictimContactRegistration'],
    async (req, res) => {
      const pn = parsedOr404(prisonerNumberSchema, req.params.prisonerNumber, 'prisoner');
      const id = parsedOr404(registrationIdSchema, req.params.id, 'registration');
      await services.victimContact.remove(req.actor!, pn, id, traced(req));
      req.session.flash = { title: 'Registration removed' };
      res.redirect(303, `/victim-contact/${pn}`);
    },
  );

  pages.post(
    '/victim-contact/:prisonerNumber/registrations/:id',
    ['changeVictimContactRegistration'],
    async (req, res) => {
      const pn = parsedOr404(prisonerNumberSchema, req.params.prisonerNumber, 'prisoner');
      const id = parsedOr404(registrationIdSchema, req.params.id, 'registration');
      const form = req.body as Record<string, string>;
      const parsed = registrationSchema.safeParse(registrationFrom(form));
      if (!parsed.success)
        return res
          .status(400)
          .render(
            'victim-notification/registrations',
            await showRegistrations(pn, { errors: fromZod(parsed.error), values: form, editing: id }),
          );
      await services.victimContact.change(req.actor!, pn, id, parsed.data, traced(req));
      req.session.flash = { title: 'Registration changed' };
      res.redirect(303, `/victim-contact/${pn}`);
    },
  );
}
