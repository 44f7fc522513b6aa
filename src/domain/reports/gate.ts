import type { AuthorisationStatus } from '../release-hold/authorisation.ts';
import {
  GATED_RELEASES,
  HOLD_REASON_KINDS,
  type HoldReasonKind,
  type ReleaseReason,
} from '../release-hold/vocabulary.ts';
import { inPeriod, londonMonth, monthsBetween, type ReportPeriod } from './periods.ts';

/** One decision at the discharge gate, as the domain events record it. */
export type GateRecord =
  | { kind: 'RELEASED'; at: string; prisonCode: string; movement: ReleaseReason; overridden: boolean }
  | { kind: 'PREVENTED'; at: string; prisonCode: string; movement: ReleaseReason; reasonKinds: HoldReasonKind[] }
  | { kind: 'OVERRIDDEN'; at: string; prisonCode: string; by: string }
  | {
      kind: 'AUTHORISATION';
      at: string;
      prisonCode: string;
      movement: ReleaseReason;
      authorisationId: string;
      status: AuthorisationStatus;
    };

/** Release authorisations by how they ended a step: verified, refused at the checklist, voided, used by a release. */
export interface AuthorisationCounts {
  authorised: number;
  refusedAtCheck: number;
  voided: number;
  used: number;
}
const COUNTED: Partial<Record<AuthorisationStatus, keyof AuthorisationCounts>> = {
  AUTHORISED: 'authorised',
  REFUSED_AT_CHECK: 'refusedAtCheck',
  VOID: 'voided',
  USED: 'used',
};
const noAuthorisations = (): AuthorisationCounts => ({ authorised: 0, refusedAtCheck: 0, voided: 0, used: 0 });

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
  /** Each step counted once in the month it happened: one authorisation verified then used counts in both. */
  authorisations: AuthorisationCounts;
  byPrison: Record<
    string,
    { releasesRecorded: number; releasesPrevented: number; overrides: number; authorisations: AuthorisationCounts }
  >;
}

export function gateReport(records: readonly GateRecord[], period: ReportPeriod): GateReport {
  const byMonth = new Map(
    monthsBetween(period.from, period.to).map((month) => [
      month,
      { month, releasesRecorded: 0, releasesPrevented: 0, overrides: 0 },
    ]),
  );
  const byKind = Object.fromEntries(HOLD_REASON_KINDS.map((k) => [k, 0])) as Record<HoldReasonKind, number>;
  const byMovement: Partial<Record<ReleaseReason, number>> = {};
  const byWho = new Map<string, number>();
  const byPrison: GateReport['byPrison'] = {};
  const report = { releasesRecorded: 0, releasesPrevented: 0, overrides: 0, releasedOnOverride: 0 };
  const authorisations = noAuthorisations();
  const stepsSeen = new Set<string>();
  for (const r of records) {
    const month = londonMonth(r.at);
    // Court and transfer movements stay in custody: they are not releases.
    if (
      !inPeriod(month, period) ||
      (r.kind !== 'OVERRIDDEN' && r.kind !== 'AUTHORISATION' && !GATED_RELEASES.includes(r.movement))
    )
      continue;
    const row = byMonth.get(month)!;
    const prison = (byPrison[r.prisonCode] ??= {
      releasesRecorded: 0,
      releasesPrevented: 0,
      overrides: 0,
      authorisations: noAuthorisations(),
    });
    if (r.kind === 'AUTHORISATION') {
      const counted = COUNTED[r.status];
      // A step delivered twice (a retried activity) is one step.
      const step = `${r.authorisationId}:${r.status}`;
      if (!counted || stepsSeen.has(step)) continue;
      stepsSeen.add(step);
      authorisations[counted]++;
      prison.authorisations[counted]++;
    } else if (r.kind === 'RELEASED') {
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
    overridesBy: [...byWho]
      .map(([by, count]) => ({ by, count }))
      .sort((a, b) => b.count - a.count || a.by.localeCompare(b.by)),
    releasedOnOverride: report.releasedOnOverride,
    authorisations,
    byPrison: Object.fromEntries(Object.entries(byPrison).sort(([a], [b]) => a.localeCompare(b))),
  };
}
