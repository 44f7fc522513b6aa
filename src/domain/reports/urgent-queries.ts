import type { EscalationLevel } from '../escalation/ladder.ts';
import { URGENCIES, type Urgency } from '../urgent-query/policy.ts';
import { QUERY_CATEGORIES, type QueryCategory } from '../urgent-query/vocabulary.ts';
import type { QueryOutcome } from './query-outcome.ts';
import { inPeriod, londonMonth, monthsBetween, percent, quantile, type ReportPeriod } from './periods.ts';

export interface Share {
  met: number;
  of: number;
  percent: number | null;
}

export interface UrgentQueriesReport {
  period: ReportPeriod;
  /** By month raised. */
  byMonth: {
    month: string;
    handled: number;
    byUrgency: Record<Urgency, number>;
    byCategory: Record<QueryCategory, number>;
  }[];
  handled: number;
  withdrawn: number;
  /** Of those with a first-response target, the share first answered by it. */
  firstResponseTarget: Share;
  /** Of those answered with an answer target, the share answered by it. */
  answerTarget: Share;
  /** Raised to answered, in minutes. */
  minutesToAnswer: { answered: number; median: number | null; p90: number | null };
  /** Breach escalations by the highest level each reached. */
  breachesByLevel: Record<`${EscalationLevel}`, number>;
  /** Of those with a planned release, the share answered before it. */
  answeredBeforeRelease: Share;
}

const share = (met: number, of: number): Share => ({ met, of, percent: percent(met, of) });
const atOrBefore = (at: string | undefined, due: string): boolean =>
  at !== undefined && Date.parse(at) <= Date.parse(due);

export function urgentQueriesReport(outcomes: readonly QueryOutcome[], period: ReportPeriod): UrgentQueriesReport {
  const zero = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const byMonth = new Map(
    monthsBetween(period.from, period.to).map((month) => [
      month,
      { month, handled: 0, byUrgency: zero(URGENCIES), byCategory: zero(QUERY_CATEGORIES) },
    ]),
  );
  const breachesByLevel = { '1': 0, '2': 0, '3': 0 };
  const minutes: number[] = [];
  let handled = 0;
  let withdrawn = 0;
  const first = { met: 0, of: 0 };
  const answer = { met: 0, of: 0 };
  const beforeRelease = { met: 0, of: 0 };
  for (const q of outcomes) {
    const month = londonMonth(q.raisedAt);
    if (!inPeriod(month, period)) continue;
    handled++;
    const row = byMonth.get(month)!;
    row.handled++;
    row.byUrgency[q.urgency]++;
    row.byCategory[q.category]++;
    for (const level of q.breachLevels) breachesByLevel[`${level}`]++;
    if (q.status === 'WITHDRAWN') {
      withdrawn++;
      continue; // a withdrawn query was never owed an answer: it counts as handled, not against the targets
    }
    if (q.firstResponseDue) {
      first.of++;
      if (atOrBefore(q.firstResponseAt, q.firstResponseDue)) first.met++;
    }
    if (q.answeredAt) {
      minutes.push((Date.parse(q.answeredAt) - Date.parse(q.raisedAt)) / 60_000);
      if (q.answerDue) {
        answer.of++;
        if (atOrBefore(q.answeredAt, q.answerDue)) answer.met++;
      }
    }
    if (q.plannedRelease) {
      beforeRelease.of++;
      if (atOrBefore(q.answeredAt, q.plannedRelease)) beforeRelease.met++;
    }
  }
  minutes.sort((a, b) => a - b);
  const round = (n: number | null) => (n === null ? null : Math.round(n));
  return {
    period,
    byMonth: [...byMonth.values()],
    handled,
    withdrawn,
    firstResponseTarget: share(first.met, first.of),
    answerTarget: share(answer.met, answer.of),
    minutesToAnswer: {
      answered: minutes.length,
      median: round(quantile(minutes, 0.5)),
      p90: round(quantile(minutes, 0.9)),
    },
    breachesByLevel,
    answeredBeforeRelease: share(beforeRelease.met, beforeRelease.of),
  };
}
