import { describe, expect, it } from 'vitest';
import { queueFilterSchema } from '../../src/api/contract/requests.ts';
import { queueQuery } from '../../src/services/urgent-query-queue.ts';

const parse = (q: Record<string, string>) => queueFilterSchema.parse(q);
const expert = { username: 'x', roles: ['COURT_EXPERT' as const], caseload: [] };
const ref = (pn: string) => `ref-of-${pn}`;
const mdiOfficer = { username: 'o', roles: ['PRISON_STAFF' as const], caseload: ['MDI', 'LEI'] };

describe('queue visibility query', () => {
  it('builds equality clauses on the typed search attributes', () => {
    expect(
      queueQuery(parse({ status: 'RAISED', urgency: 'CRITICAL', breached: 'true', prisonCode: 'MDI' }), expert, ref),
    ).toBe(
      "WorkflowType = 'urgentQuery' AND RgPrisonCode = 'MDI' AND RgStatus = 'RAISED' AND RgUrgency = 'CRITICAL' AND RgBreached = true",
    );
  });
  it('searches for a prisoner by the keyed hash of his number, never the number itself', () => {
    expect(queueQuery(parse({ prisonerNumber: 'A1234BC' }), expert, ref)).toBe(
      "WorkflowType = 'urgentQuery' AND RgPersonRef = 'ref-of-A1234BC'",
    );
  });
  it('confines prison users to their caseload, and to nothing outside it', () => {
    expect(queueQuery(parse({}), mdiOfficer, ref)).toBe(
      "WorkflowType = 'urgentQuery' AND RgPrisonCode IN ('MDI', 'LEI')",
    );
    expect(queueQuery(parse({ prisonCode: 'LEI' }), mdiOfficer, ref)).toBe(
      "WorkflowType = 'urgentQuery' AND RgPrisonCode IN ('LEI')",
    );
    expect(queueQuery(parse({ prisonCode: 'BWI' }), mdiOfficer, ref)).toBeNull();
    expect(queueQuery(parse({}), { username: 'g', roles: ['DUTY_GOVERNOR'], caseload: [] }, ref)).toBeNull();
  });
  it('asks for any of several statuses, as the pages ask for open queries', () => {
    expect(queueQuery({ ...parse({}), statuses: ['RAISED', 'IN_PROGRESS', 'AWAITING_PRISON'] }, expert, ref)).toBe(
      "WorkflowType = 'urgentQuery' AND RgStatus IN ('RAISED', 'IN_PROGRESS', 'AWAITING_PRISON')",
    );
  });
  it('refuses values that could change the query’s shape', () => {
    expect(queueFilterSchema.safeParse({ assignee: "x' OR 1=1 --" }).success).toBe(false);
    expect(queueFilterSchema.safeParse({ prisonCode: "MDI'" }).success).toBe(false);
  });
});
