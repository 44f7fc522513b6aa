import type { Request, Response } from 'express';
import { z } from 'zod';
import { queueFilterSchema } from '../../api/contract/requests.ts';
import { problemFrom } from '../../api/problem.ts';
import { paramOr404 } from '../../api/request-helpers.ts';
import type { Actor } from '../../domain/actors.ts';
import { queryReferenceSchema } from '../../domain/identifiers.ts';
import { checkOperation } from '../../domain/urgent-query/operations.ts';
import type { QueryState } from '../../domain/urgent-query/query-state.ts';
import {
  DETERMINATIONS,
  LEGAL_STATUSES,
  OPEN_STATUSES,
  OPERATION_SCHEMAS,
  QUERY_CATEGORIES,
  QUERY_STATUSES,
  type OperationName,
} from '../../domain/urgent-query/schemas.ts';
import { URGENCIES } from '../../domain/urgent-query/policy.ts';
import type { Services } from '../../services/index.ts';
import { londonInstant } from '../dates.ts';
import { fromZod, type FormErrors } from '../form-errors.ts';
import { submitted, type PageRouter } from '../page-router.ts';
import { pagination } from '../pagination.ts';

/** Each action's form fields, as its schema takes them. */
const ACTIONS: Record<
  string,
  { name: OperationName; input: (form: Record<string, string>) => Record<string, unknown>; done: string }
> = {
  claim: { name: 'claim', input: () => ({}), done: 'You have claimed this query' },
  reassign: {
    name: 'reassign',
    input: (f) => ({ assignee: f.assignee, ...(f.reason ? { reason: f.reason } : {}) }),
    done: 'Query reassigned',
  },
  'request-information': {
    name: 'requestInformation',
    input: (f) => ({ request: f.request }),
    done: 'Information requested from the prison',
  },
  'provide-information': {
    name: 'provideInformation',
    input: (f) => ({ information: f.information }),
    done: 'Information sent to the query unit',
  },
  resolve: {
    name: 'resolve',
    input: (f) => {
      const newReleaseDate = londonInstant(f, 'newReleaseDate');
      return {
        determination: f.determination || undefined,
        evidence: f.evidence,
        ...(f.summary ? { summary: f.summary } : {}),
        ...(f.determination === 'DO_NOT_RELEASE' && f.correctLegalStatus
          ? { correctLegalStatus: f.correctLegalStatus }
          : {}),
        ...(f.determination === 'DO_NOT_RELEASE' && f.warrantDetail ? { warrantDetail: f.warrantDetail } : {}),
        ...(f.determination === 'RELEASE_DATE_CHANGED' && newReleaseDate ? { newReleaseDate } : {}),
      };
    },
    done: 'Query answered',
  },
  acknowledge: {
    name: 'acknowledge',
    input: (f) => (f.comment ? { comment: f.comment } : {}),
    done: 'Answer acknowledged: the query is closed',
  },
  withdraw: { name: 'withdraw', input: (f) => ({ reason: f.reason }), done: 'Withdrawal recorded' },
  'confirm-withdrawal': {
    name: 'confirmWithdrawal',
    input: (f) => ({ justification: f.justification }),
    done: 'Withdrawal confirmed: the query is withdrawn',
  },
  notes: { name: 'addNote', input: (f) => ({ text: f.text }), done: 'Note added' },
  'acknowledge-escalation': {
    name: 'acknowledgeEscalation',
    input: (f) => (f.comment ? { comment: f.comment } : {}),
    done: 'Escalation acknowledged: its alerts have stopped',
  },
};

/** A harmless input for each operation, to ask the domain whether this actor may do it now. */
const PROBE: Record<OperationName, unknown> = {
  claim: {},
  reassign: { assignee: 'someone.else' },
  requestInformation: { request: 'x' },
  provideInformation: { information: 'x' },
  resolve: { determination: 'RELEASE_MAY_PROCEED', evidence: 'x' },
  acknowledge: {},
  withdraw: { reason: 'x'.repeat(20) },
  confirmWithdrawal: { justification: 'x'.repeat(20) },
  addNote: { text: 'x' },
  updatePlannedRelease: { plannedRelease: null },
  acknowledgeEscalation: {},
};

/** What this user may do to this query now, as the domain's own rules say. */
function allowed(state: QueryState, actor: Actor): Partial<Record<OperationName, boolean>> {
  const result: Partial<Record<OperationName, boolean>> = {};
  for (const name of Object.keys(PROBE) as OperationName[])
    result[name] = checkOperation(state, name, PROBE[name] as never, actor) === null;
  result.acknowledgeEscalation =
    result.acknowledgeEscalation === true && state.escalations.some((e) => !e.acknowledged && !e.ended);
  return result;
}

/** The pages' filters: the API's, with a page number for a token, and a status that may be "any". */
const pageFilterSchema = queueFilterSchema.omit({ pageToken: true, status: true }).extend({
  status: z.enum([...QUERY_STATUSES, 'ANY']).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});

const referenceOr404 = (raw: unknown) => paramOr404(queryReferenceSchema, raw, 'No such query');

/** Prisons' list of their queries, the unit's queue, and one query with what may be done to it. */
export function queryRoutes(pages: PageRouter, services: Services): void {
  const list =
    (view: 'urgent-query/ours' | 'urgent-query/queue', title: string, path: string, openUnlessAsked: boolean) =>
    async (req: Request, res: Response) => {
      const raw = Object.fromEntries(
        Object.entries(req.query).filter(([, v]) => typeof v === 'string' && v !== ''),
      ) as Record<string, string>;
      const options = {
        title,
        values: raw,
        statuses: QUERY_STATUSES,
        urgencies: URGENCIES,
        categories: QUERY_CATEGORIES,
      };
      const filter = pageFilterSchema.safeParse(raw);
      if (!filter.success)
        return res.status(400).render(view, { ...options, errors: fromZod(filter.error), items: [] });
      const { page, status, ...rest } = filter.data;
      // The unit works open queries: finished ones only when asked for by status, or "any".
      const statuses = status === 'ANY' ? {} : status ? { status } : openUnlessAsked ? { statuses: OPEN_STATUSES } : {};
      const found = await services.queries.queuePage(req.actor!, { ...rest, ...statuses }, page);
      const { page: _asked, ...kept } = raw;
      res.render(view, { ...options, ...found, pagination: pagination(path, kept, found.page, found.pages) });
    };
  // The same list, as a prison reads it and as the unit works it: the services apply the caseload.
  pages.get('/queries', ['listQueue'], list('urgent-query/ours', 'Our urgent queries', '/queries', false));
  pages.get('/queue', ['listQueue'], list('urgent-query/queue', 'Urgent query queue', '/queue', true));

  const show = async (
    req: Request,
    reference: string,
    extra: { errors?: FormErrors; values?: Record<string, string>; open?: string; refusal?: string } = {},
  ) => {
    const actor = req.actor!;
    const query = await services.queries.read(actor, reference);
    const prisoner = await services.prisoners.visible(actor, query.prisonerNumber).catch(() => undefined);
    return {
      title: `Urgent query ${query.reference}`,
      query,
      prisoner,
      may: allowed(query, actor),
      determinations: DETERMINATIONS,
      legalStatuses: LEGAL_STATUSES,
      ...extra,
    };
  };

  pages.get('/queries/:reference', ['getQuery'], async (req, res) => {
    res.render('urgent-query/query', await show(req, referenceOr404(req.params.reference)));
  });

  // One page per operation, as the API has one path per operation: each named, audited and gated by its own.
  for (const [segment, action] of Object.entries(ACTIONS)) {
    pages.post(`/queries/:reference/${segment}`, [action.name], async (req, res) => {
      const reference = referenceOr404(req.params.reference);
      const form = req.body as Record<string, string>;
      const parsed = OPERATION_SCHEMAS[action.name].safeParse(action.input(form));
      // Fields named as the page's ids: the date's day box, and the withdrawal's reason (reassign has a reason too).
      const fieldFor = (p: string) =>
        p === 'newReleaseDate'
          ? 'newReleaseDate-day'
          : p === 'reason' && action.name === 'withdraw'
            ? 'withdrawReason'
            : p;
      if (!parsed.success)
        return res
          .status(400)
          .render(
            'urgent-query/query',
            await show(req, reference, { errors: fromZod(parsed.error, fieldFor), values: form, open: segment }),
          );
      try {
        await services.queries.operate(req.actor!, reference, action.name, parsed.data as never, submitted(req));
        req.session.flash = { title: action.done };
        res.redirect(303, `/queries/${reference}`);
      } catch (err) {
        // A refusal (someone else claimed it first, it was withdrawn meanwhile) is said on the page itself.
        const problem = problemFrom(err);
        if (!problem || problem.status >= 500 || problem.status === 404) throw err;
        res
          .status(problem.status)
          .render(
            'urgent-query/query',
            await show(req, reference, { refusal: problem.detail ?? problem.title, values: form, open: segment }),
          );
      }
    });
  }
}
