import { GATED_RELEASES, HOLD_REASON_KINDS, type HoldReasonKind, type ReleaseReason } from '../release-hold/vocabulary.ts';
import { inPeriod, londonMonth, monthsBetween, type ReportPeriod } from './periods.ts';

/** One decision at the discharge gate, as the domain events record it. */
export type GateRecord =
  | { kind: 'RELEASED'; at: string; prisonCode: string; movement: ReleaseReason; overridden: boolean }
  | { kind: 'PREVENTED'; at: string; prisonCode: string; movement: ReleaseReason; reasonKinds: HoldReasonKind[] }
  | { kind: 'OVERRIDDEN'; at: string; prisonCode: string; by: string };

export interface GateReport {
  period: ReportPeriod;
  byMonth: { month: string; releasesRecorded: number; releasesPrevented: number; overrides: number }[];
  /** Movements out of custody recorded at the gate, by movement. */
  releasesRecorded: number;
  recordedByMovement: Partial<Record<ReleaseReason, number>>;
  /** Refusals: a release asked for while reasons stood. One refusal can stand on several kinds. */
  releasesPrevented: number;
  preventedByReasonKind: Record<HoldReasonKind, number>;
  overrides: number;
  /** Who authorised the overrides (duty governors), most first. */
  overridesBy: { by: string; count: number }[];
  /** Releases that went through on an override. */
  releasedOnOverride: number;
  byPrison: Record<string, { releasesRecorded: number; releasesPrevented: number; overrides: number }>;
}

export function gateReport(records: readonly GateRecord[], period: ReportPeriod): GateReport {
  const byMonth = new Map(monthsBetween(period.from, period.to).map((month) => [month, { month, releasesRecorded: 0, releasesPrevented: 0, overrides: 0 }]));
  const byKind = Object.fromEntries(HOLD_REASON_KINDS.map((k) => [k, 0])) as Record<HoldReasonKind, number>;
  const byMovement: Partial<Record<ReleaseReason, number>> = {};
  const byWho = new Map<string, number>();
  const byPrison: GateReport['byPrison'] = {};
  const report = { releasesRecorded: 0, releasesPrevented: 0, overrides: 0, releasedOnOverride: 0 };
  for (const r of records) {
    const month = londonMonth(r.at);
    // Court and transfer movements stay in custody: they are not releases.
    if (!inPeriod(month, period) || (r.kind !== 'OVERRIDDEN' && !GATED_RELEASES.includes(r.movement))) continue;
    const row = byMonth.get(month)!;
    const prison = (byPrison[r.prisonCode] ??= { releasesRecorded: 0, releasesPrevented: 0, overrides: 0 });
    if (r.kind === 'RELEASED') {
      report.releasesRecorded++;
      row.releasesRecorded++;
      prison.releasesRecorded++;
      byMovement[r.movement] = (byMovement[r.movement] ?? 0) + 1;
      if (r.overridden) report.releasedOnOverride++;
    } else if (r.kind === 'PREVENTED') {
      report.releasesPrevented++;
      row.releasesPrevented++;
      prison.releasesPrevented++;
      for (const kind of new Set(r.reasonKinds)) byKind[kind]++;
    } else {
      report.overrides++;
      row.overrides++;
      prison.overrides++;
      byWho.set(r.by, (byWho.get(r.by) ?? 0) + 1);
    }
  }
  return {
    period,
    byMonth: [...byMonth.values()],
    releasesRecorded: report.releasesRecorded,
    recordedByMovement: byMovement,
    releasesPrevented: report.releasesPrevented,
    preventedByReasonKind: byKind,
    overrides: report.overrides,
    overridesBy: [...byWho].map(([by, count]) => ({ by, count })).sort((a, b) => b.count - a.count || a.by.localeCompare(b.by)),
    releasedOnOverride: report.releasedOnOverride,
    byPrison: Object.fromEntries(Object.entries(byPrison).sort(([a], [b]) => a.localeCompare(b))),
  };
}
