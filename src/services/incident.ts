import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { canSeePrison, type Actor } from '../domain/actors.ts';
import {
  OFFICIAL_EXCLUSIONS,
  type IncidentOperation,
  type IncidentState,
  type IncidentStatus,
  type OfficialExclusion,
} from '../domain/incident/incident-state.ts';
import { prisonerOfIncident } from '../domain/identifiers.ts';
import {
  RELEASE_IN_ERROR_WORKFLOW,
  correlationMemo,
  getIncidentState,
  incidentOperation,
  type IncidentInput,
  type Traced,
} from '../workflows/definitions.ts';
import { SA } from '../workflows/search-attributes.ts';
import { notFound } from './errors.ts';
import type { PrisonerService } from './register.ts';
import { listByVisibility, startOnce } from './workflow-calls.ts';

const BASE = `WorkflowType = '${RELEASE_IN_ERROR_WORKFLOW}'`;

/** Releases in error: the workflow's one door (start, read, change, list) and what the API offers on it. */
export function incidentService({
  client,
  taskQueue,
  escalateEveryMinutes,
  prisoners,
}: {
  client: Client;
  taskQueue: string;
  escalateEveryMinutes?: number;
  prisoners?: PrisonerService;
}) {
  const handle = (id: string) => client.workflow.getHandle(id);
  /** The incident read from its workflow, or not found when it belongs to a prison outside the caller's caseload. */
  const visible = async (actor: Actor, id: string): Promise<IncidentState> => {
    const state = await handle(id).query(getIncidentState);
    if (!canSeePrison(actor, state.prisonCode)) throw notFound('No such incident');
    return state;
  };
  return {
    /**
     * Opens an incident once: its id is derived from what found it, so a second start finds the
     * first, running or closed. (A retried start after the incident closed would otherwise open it
     * again, and tell the police again: the fault suite found this.)
     */
    async open(incident: Omit<IncidentInput, 'escalateEveryMinutes'>): Promise<void> {
      await startOnce(client, RELEASE_IN_ERROR_WORKFLOW, {
        workflowId: incident.id,
        taskQueue,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        memo: correlationMemo(incident),
        args: [{ ...incident, ...(escalateEveryMinutes ? { escalateEveryMinutes } : {}) } satisfies IncidentInput],
      });
    },

    apply: (actor: Actor, id: string, op: IncidentOperation, traced: Traced = {}) =>
      handle(id).executeUpdate(incidentOperation, { args: [{ actor, op, ...traced }] }),

    read: visible,

    async close(
      actor: Actor,
      id: string,
      body: { cause: IncidentState['cause'] & string; summary?: string; outsideOfficialDefinition?: OfficialExclusion },
      traced: Traced = {},
    ): Promise<IncidentState> {
      await visible(actor, id);
      return handle(id).executeUpdate(incidentOperation, {
        args: [{ actor, op: { type: 'close', ...body }, ...traced }],
      });
    },

    async list(actor: Actor, filter: { prisonCode?: string; status?: IncidentStatus }) {
      if (filter.prisonCode) await prisoners?.assertEstablishment(filter.prisonCode, 'query.prisonCode');
      const clauses = [BASE];
      if (filter.prisonCode) clauses.push(`${SA.prisonCode.name} = '${filter.prisonCode}'`);
      if (filter.status) clauses.push(`${SA.status.name} = '${filter.status}'`);
      const { rows } = await listByVisibility(client, clauses.join(' AND '), 200, (wf) => {
        const prisonCode = wf.typedSearchAttributes.get(SA.prisonCode)!; // listByVisibility lists only cases with one
        if (!canSeePrison(actor, prisonCode)) return undefined;
        return {
          id: wf.workflowId,
          prisonCode,
          prisonerNumber: prisonerOfIncident(wf.workflowId),
          status: wf.typedSearchAttributes.get(SA.status),
          openedAt: wf.startTime.toISOString(),
        };
      });
      return { items: rows };
    },

    /** Visibility can only GROUP BY ExecutionStatus, so find the prisons present in the month, then count each. */
    async countInMonth(month: string) {
      const from = `${month}-01T00:00:00Z`;
      const [y, m] = month.split('-').map(Number) as [number, number];
      const to = new Date(Date.UTC(y, m, 1)).toISOString();
      const inMonth = `${BASE} AND StartTime >= '${from}' AND StartTime < '${to}'`;
      const prisons = new Set<string>();
      for await (const wf of client.workflow.list({ query: inMonth })) {
        const code = wf.typedSearchAttributes.get(SA.prisonCode);
        if (code) prisons.add(code);
      }
      const byPrison: Record<string, number> = {};
      for (const code of [...prisons].sort())
        byPrison[code] = (await client.workflow.count(`${inMonth} AND ${SA.prisonCode.name} = '${code}'`)).count;
      // Outside the official definition: handled, but reported apart from the figure the Board counts.
      const outsideOfficialDefinition = {} as Record<OfficialExclusion, number>;
      for (const exclusion of OFFICIAL_EXCLUSIONS)
        outsideOfficialDefinition[exclusion] = (
          await client.workflow.count(`${inMonth} AND ${SA.exclusion.name} = '${exclusion}'`)
        ).count;
      const total = (await client.workflow.count(inMonth)).count;
      const excluded = Object.values(outsideOfficialDefinition).reduce((a, b) => a + b, 0);
      return { month, total, counted: total - excluded, outsideOfficialDefinition, byPrison };
    },
  };
}
export type IncidentService = ReturnType<typeof incidentService>;
