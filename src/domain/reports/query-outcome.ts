import type { EscalationLevel } from '../escalation/ladder.ts';
import type { QueryState } from '../urgent-query/query-state.ts';
import type { Urgency } from '../urgent-query/policy.ts';
import type { QueryCategory } from '../urgent-query/vocabulary.ts';

// Imported by the workflow bundle: types only from modules that use zod.

/** What a finished urgent query leaves for the reports: its times, its targets, how far it escalated. */
export interface QueryOutcome {
  reference: string;
  prisonCode: string;
  category: QueryCategory;
  /** Its urgency when it finished (urgency rises as the release nears). */
  urgency: Urgency;
  status: 'CLOSED' | 'WITHDRAWN';
  raisedAt: string;
  firstResponseAt?: string;
  answeredAt?: string;
  firstResponseDue?: string;
  answerDue?: string;
  plannedRelease?: string;
  /** The highest level each breach escalation reached (a release-near escalation is not a breach). */
  breachLevels: EscalationLevel[];
}

/** Reads the outcome from a finished query's state: pure, so the workflow and the tests share it. */
export function queryOutcome(state: QueryState): QueryOutcome {
  const first = state.firstResponseAt ?? state.answeredAt;
  return {
    reference: state.reference,
    prisonCode: state.prisonCode,
    category: state.category,
    urgency: state.urgency,
    status: state.status === 'WITHDRAWN' ? 'WITHDRAWN' : 'CLOSED',
    raisedAt: state.raisedAt,
    // An answer given straight from the queue is the first response too.
    ...(first ? { firstResponseAt: first } : {}),
    ...(state.answeredAt ? { answeredAt: state.answeredAt } : {}),
    ...(state.targetsDue?.firstResponse ? { firstResponseDue: state.targetsDue.firstResponse } : {}),
    ...(state.targetsDue?.answer ? { answerDue: state.targetsDue.answer } : {}),
    ...(state.plannedRelease ? { plannedRelease: state.plannedRelease } : {}),
    breachLevels: state.escalations.filter((e) => e.trigger !== 'RELEASE_NEAR').map((e) => e.level),
  };
}
