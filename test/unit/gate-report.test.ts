import { describe, expect, it } from 'vitest';
import { gateRows } from '../../src/domain/reports/csv.ts';
import { gateReport, type GateRecord } from '../../src/domain/reports/gate.ts';

const period = { from: '2026-04', to: '2026-05' };
const auth = (status: string, at: string, prisonCode = 'MDI', authorisationId = `A-${status}-${at}`): GateRecord =>
  ({ kind: 'AUTHORISATION', at, prisonCode, movement: 'RELEASED', authorisationId, status }) as GateRecord;

describe('the gate report counts release authorisations', () => {
  it('counts authorised, refused at check, voided and used, in the period and by prison', () => {
    const records: GateRecord[] = [
      auth('AWAITING_VERIFICATION', '2026-04-02T09:00:00Z', 'MDI', 'A1'),
      auth('AUTHORISED', '2026-04-02T09:30:00Z', 'MDI', 'A1'),
      auth('USED', '2026-04-02T11:00:00Z', 'MDI', 'A1'),
      auth('AUTHORISED', '2026-04-03T09:30:00Z', 'LEI', 'A2'),
      auth('VOID', '2026-04-03T10:00:00Z', 'LEI', 'A2'),
      auth('REFUSED_AT_CHECK', '2026-05-31T22:30:00Z', 'MDI', 'A3'), // 23:30 BST, still May
      auth('REFUSED_AT_CHECK', '2026-05-31T23:30:00Z', 'MDI', 'A4'), // 00:30 BST on 1 June: outside
      auth('AUTHORISED', '2026-03-31T22:59:00Z', 'MDI', 'A5'), // 23:59 BST on 31 March: outside
      // The same step delivered twice (an activity retried) counts once.
      auth('AUTHORISED', '2026-04-02T09:30:00Z', 'MDI', 'A1'),
    ];
    const report = gateReport(records, period);
    expect(report.authorisations).toEqual({ authorised: 2, refusedAtCheck: 1, voided: 1, used: 1 });
    expect(report.byPrison.MDI!.authorisations).toEqual({ authorised: 1, refusedAtCheck: 1, voided: 0, used: 1 });
    expect(report.byPrison.LEI!.authorisations).toEqual({ authorised: 1, refusedAtCheck: 0, voided: 1, used: 0 });
    // Authorisations are not releases, refusals at the gate or overrides.
    expect(report).toMatchObject({ releasesRecorded: 0, releasesPrevented: 0, overrides: 0 });
    expect(report.byPrison.MDI).toMatchObject({ releasesRecorded: 0, releasesPrevented: 0, overrides: 0 });
  });

  it('gives zeros with none, and writes the counts to the CSV', () => {
    expect(gateReport([], period).authorisations).toEqual({ authorised: 0, refusedAtCheck: 0, voided: 0, used: 0 });
    const rows = gateRows(gateReport([auth('VOID', '2026-04-03T10:00:00Z', 'LEI')], period));
    expect(rows).toContainEqual(['authorisations', '2026-04..2026-05', 'status', 'VOID', 1]);
    expect(rows).toContainEqual(['authorisations', '2026-04..2026-05', 'status', 'AUTHORISED', 0]);
    expect(rows).toContainEqual(['authorisations_voided', '2026-04..2026-05', 'prison', 'LEI', 1]);
  });
});
