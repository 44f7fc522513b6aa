import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/actors.ts';
import type { QueryState } from '../domain/urgent-query/query-state.ts';
import type { OperationInput, OperationName } from '../domain/urgent-query/schemas.ts';

/**
 * Signals, updates and queries: the only part of workflow code the API imports.
 * Every update carries the acting user so the workflow's validator can judge who may do what.
 */
export interface OperationRequest<N extends OperationName> {
  actor: Actor;
  input: OperationInput<N>;
  correlationId?: string;
}

const operation = <N extends OperationName>(name: N) => defineUpdate<QueryState, [OperationRequest<N>]>(name);

export const queryUpdates = {
  claim: operation('claim'),
  reassign: operation('reassign'),
  requestInformation: operation('requestInformation'),
  provideInformation: operation('provideInformation'),
  resolve: operation('resolve'),
  acknowledge: operation('acknowledge'),
  withdraw: operation('withdraw'),
  addNote: operation('addNote'),
  updatePlannedRelease: operation('updatePlannedRelease'),
  acknowledgeEscalation: operation('acknowledgeEscalation'),
} satisfies { [N in OperationName]: ReturnType<typeof operation<N>> };

export const getQueryState = defineQuery<QueryState>('getQueryState');

export const URGENT_QUERY_WORKFLOW = 'urgentQuery';
