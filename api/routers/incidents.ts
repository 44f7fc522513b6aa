import { Router, type Request } from 'express';
import type { Client } from '@temporalio/client';
import { canSeePrison } from '../../domain/actors.ts';
import { rolesOf } from '../contract/operations.ts';
import { incidentCountsQuerySchema, incidentIdSchema, incidentListQuerySchema } from '../contract/requests.ts';
import type { IncidentState } from '../../domain/incident/incident-state.ts';
import { closeIncidentSchema } from '../../domain/incident/schemas.ts';
import { RELEASE_IN_ERROR_WORKFLOW, getIncidentState, incidentOperation } from '../../workflows/definitions.ts';
import { SA } from '../../workflows/search-attributes.ts';
import { actorOf, requireRole } from '../auth.ts';
import { notFound } from '../problem.ts';
import { paramOr404, parse } from '../request-helpers.ts';
import { problemFromTemporal } from '../temporal-errors.ts';

/** Release-in-error incidents: read, list, close, and count for the Justice Performance Board. */
export function incidentsRouter({ client }: { client: Client }): Router {
  const router = Router();
  const base = `WorkflowType = '${RELEASE_IN_ERROR_WORKFLOW}'`;

  router.get('/counts', requireRole(...rolesOf('countIncidents')), async (req, res) => {
    const { month } = parse(incidentCountsQuerySchema, req.query, 'query');
    const from = `${month}-01T00:00:00Z`;
    const [y, m] = month.split('-').map(Number) as [number, number];
    const to = new Date(Date.UTC(y, m, 1)).toISOString();
    const inMonth = `${base} AND StartTime >= '${from}' AND StartTime < '${to}'`;
    // Visibility can only GROUP BY ExecutionStatus, so find the prisons present, then count each.
    const prisons = new Set<string>();
    for await (const wf of client.workflow.list({ query: inMonth })) {
      const code = wf.typedSearchAttributes.get(SA.prisonCode);
      if (code) prisons.add(code);
    }
    const byPrison: Record<string, number> = {};
    for (const code of [...prisons].sort()) byPrison[code] = (await client.workflow.count(`${inMonth} AND ${SA.prisonCode.name} = '${code}'`)).count;
    res.json({ month, total: (await client.workflow.count(inMonth)).count, byPrison });
  });

  router.get('/', requireRole(...rolesOf('listIncidents')), async (req, res) => {
    const actor = actorOf(req);
    const filter = parse(incidentListQuerySchema, req.query, 'query');
    const clauses = [base];
    if (filter.prisonCode) clauses.push(`${SA.prisonCode.name} = '${filter.prisonCode}'`);
    if (filter.status) clauses.push(`${SA.status.name} = '${filter.status}'`);
    const items = [];
    for await (const wf of client.workflow.list({ query: clauses.join(' AND ') })) {
      const prisonCode = wf.typedSearchAttributes.get(SA.prisonCode) ?? '';
      if (!canSeePrison(actor, prisonCode)) continue;
      items.push({ id: wf.workflowId, prisonCode, prisonerNumber: wf.typedSearchAttributes.get(SA.prisonerNumber), status: wf.typedSearchAttributes.get(SA.status), openedAt: wf.startTime.toISOString() });
      if (items.length >= 200) break;
    }
    res.json({ items });
  });

  /** The incident read from its workflow, or a 404 when it belongs to a prison outside the caller's caseload. */
  const visibleIncident = async (req: Request, id: string): Promise<IncidentState> => {
    const state = await client.workflow.getHandle(id).query(getIncidentState).catch((err) => Promise.reject(problemFromTemporal(err)));
    if (!canSeePrison(actorOf(req), state.prisonCode)) throw notFound('No such incident');
    return state;
  };

  router.get('/:id', requireRole(...rolesOf('getIncident')), async (req, res) => {
    res.json(await visibleIncident(req, paramOr404(incidentIdSchema, req.params.id, 'No such incident')));
  });

  router.post('/:id/close', requireRole(...rolesOf('closeIncident')), async (req, res) => {
    const id = paramOr404(incidentIdSchema, req.params.id, 'No such incident');
    const body = parse(closeIncidentSchema, req.body);
    await visibleIncident(req, id);
    try {
      res.json(await client.workflow.getHandle(id).executeUpdate(incidentOperation, { args: [{ actor: actorOf(req), op: { type: 'close', ...body }, correlationId: req.correlationId }] }));
    } catch (err) {
      throw problemFromTemporal(err);
    }
  });

  return router;
}
