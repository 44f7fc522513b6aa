import { englandAndWalesBankHolidays } from '../../src/domain/calendar/bank-holidays.ts';
import { defaultQueryPolicy, type QueryPolicy } from '../../src/domain/urgent-query/policy.ts';

export const TEST_CONTACTS = {
  unitQueue: 'queue@unit.test',
  teamLeader: 'lead@unit.test',
  unitHead: 'head@unit.test',
  dutyGovernorTemplate: 'governor.{prisonCode}@prison.test',
  prisonMailboxTemplate: 'omu.{prisonCode}@prison.test',
  staffEmailTemplate: '{username}@staff.test',
};

/** The domain's defaults (docs/domain.md) with test mailboxes; fields may be overridden. */
export function testPolicy(overrides: Partial<QueryPolicy> = {}): QueryPolicy {
  return { ...defaultQueryPolicy(englandAndWalesBankHolidays(2025, 2028), TEST_CONTACTS), ...overrides };
}
