import { QUERY_CATEGORIES, raiseQuerySchema } from '../../domain/urgent-query/schemas.ts';
import type { Services } from '../../services/index.ts';
import { londonInstant, londonParts } from '../dates.ts';
import { fromCaseError, fromZod } from '../form-errors.ts';
import { personSearchSchema, searchPeople } from '../people.ts';
import { submitted, type PageRouter } from '../page-router.ts';

/** The raise's answers, from the form, as the API's schema takes them. */
function raiseFrom(form: Record<string, string>) {
  const plannedRelease = londonInstant(form, 'plannedRelease');
  return {
    prisonerNumber: form.prisonerNumber,
    category: form.category || undefined,
    question: form.question,
    ...(plannedRelease ? { plannedRelease } : {}),
    ...(form.atCourtOrReceptionToday === 'yes' ? { atCourtOrReceptionToday: true } : {}),
  };
}

/** Date fields' errors point at the day box, where GOV.UK's error summary links. */
const fieldFor = (path: string) => (path === 'plannedRelease' ? 'plannedRelease-day' : path);

/**
 * Raising a query as a GOV.UK question journey: find the prisoner in the register, the question,
 * check your answers, then the reference. The answers wait in the session between pages.
 */
export function raiseRoutes(pages: PageRouter, services: Services): void {
  pages.get('/queries/new', ['raiseQuery', 'searchPrisoners'], async (req, res) => {
    if (Object.keys(req.query).length === 0)
      return res.render('urgent-query-raise/prisoner', { title: 'Raise an urgent query: who is it about?' });
    const search = personSearchSchema.safeParse(req.query);
    if (!search.success)
      return res.render('urgent-query-raise/prisoner', {
        title: 'Raise an urgent query: who is it about?',
        errors: fromZod(search.error, (p) => (p === 'dateOfBirth' ? 'dateOfBirth-day' : p)),
        values: req.query,
      });
    const results = await searchPeople(services, req.actor!, search.data);
    res.render('urgent-query-raise/prisoner', {
      title: 'Raise an urgent query: who is it about?',
      results,
      values: req.query,
      searched: true,
    });
  });

  pages.get('/queries/new/details', ['raiseQuery', 'getPrisoner'], async (req, res) => {
    const pn = String(req.query.prisonerNumber ?? req.session.raise?.prisonerNumber ?? '');
    const prisoner = await services.prisoners.visible(req.actor!, pn);
    const values =
      req.session.raise?.prisonerNumber === prisoner.prisonerNumber
        ? req.session.raise
        : { prisonerNumber: prisoner.prisonerNumber, ...londonParts(prisoner.plannedRelease, 'plannedRelease') };
    res.render('urgent-query-raise/details', {
      title: 'Raise an urgent query: the question',
      prisoner,
      values,
      categories: QUERY_CATEGORIES,
    });
  });

  pages.post('/queries/new/details', ['raiseQuery', 'getPrisoner'], async (req, res) => {
    const form = req.body as Record<string, string>;
    const prisoner = await services.prisoners.visible(req.actor!, String(form.prisonerNumber ?? ''));
    const parsed = raiseQuerySchema.safeParse(raiseFrom(form));
    if (!parsed.success)
      return res.status(400).render('urgent-query-raise/details', {
        title: 'Raise an urgent query: the question',
        prisoner,
        values: form,
        categories: QUERY_CATEGORIES,
        errors: fromZod(parsed.error, fieldFor),
      });
    const { _csrf: _token, submissionId: _id, ...answers } = form;
    req.session.raise = answers;
    res.redirect(303, '/queries/new/check');
  });

  pages.get('/queries/new/check', ['raiseQuery', 'getPrisoner'], async (req, res) => {
    const answers = req.session.raise;
    if (!answers) return res.redirect('/queries/new');
    const prisoner = await services.prisoners.visible(req.actor!, answers.prisonerNumber ?? '');
    res.render('urgent-query-raise/check', {
      title: 'Check your answers before raising the query',
      prisoner,
      answers,
      raise: raiseQuerySchema.parse(raiseFrom(answers)),
    });
  });

  pages.post('/queries/new/check', ['raiseQuery', 'getPrisoner'], async (req, res) => {
    const answers = req.session.raise;
    if (!answers) return res.redirect(303, '/queries/new');
    const prisoner = await services.prisoners.visible(req.actor!, answers.prisonerNumber ?? '');
    try {
      // The form's one-time id makes a double-clicked submit one query, not two.
      const { reference } = await services.queries.raise(
        req.actor!,
        raiseQuerySchema.parse(raiseFrom(answers)),
        submitted(req),
      );
      delete req.session.raise;
      res.redirect(303, `/queries/new/done?reference=${encodeURIComponent(reference)}`);
    } catch (err) {
      const errors = fromCaseError(err, 'question');
      if (!errors) throw err;
      res.status(422).render('urgent-query-raise/details', {
        title: 'Raise an urgent query: the question',
        prisoner,
        values: answers,
        categories: QUERY_CATEGORIES,
        errors,
      });
    }
  });

  pages.get('/queries/new/done', ['getQuery'], async (req, res) => {
    const query = await services.queries.read(req.actor!, String(req.query.reference ?? ''));
    res.render('urgent-query-raise/done', { title: 'Query raised', query });
  });
}
