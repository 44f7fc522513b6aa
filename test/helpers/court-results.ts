import { randomUUID } from 'node:crypto';
import { beforeAll, expect } from 'vitest';
import { signCourtResults } from '../../src/api/court-signature.ts';
import { courtHearingWorkflowId } from '../../src/workflows/definitions.ts';
import { admit } from './database.ts';
import { uniquePrisonerNumber } from './urgent-query.ts';
import { TEST_COURT_SIGNING_SECRET, startTestSystem, type TestSystem } from './test-system.ts';

/**
 * The test system shared by the court-results tests, with the court feed's, the unit expert's and an
 * MDI officer's tokens, hearings shaped after Common Platform's, and the calls that send them.
 */

export interface CourtTestSystem {
  sys: TestSystem;
  feed: string;
  expert: string;
  prison: string;
}

/** Starts the system before the file's tests; `afterAll(() => sys?.stop())` stays with the file. */
export function startCourtTestSystem(started: (system: CourtTestSystem) => void): void {
  beforeAll(async () => {
    const sys = await startTestSystem();
    const feed = await sys.issuer.token('court-feed', ['COURT_RESULTS']);
    const expert = await sys.issuer.token('expert', ['COURT_EXPERT']);
    const prison = await sys.issuer.token('officer', ['PRISON_STAFF'], ['MDI']);
    started({ sys, feed, expert, prison });
  });
}

export const today = new Date().toISOString().slice(0, 10);
export type Person = { firstName: string; lastName: string; dateOfBirth?: string; pncId?: string };

/** A hearing shaped after Common Platform's "hearing resulted", one defendant per case. */
export function hearing(
  defendants: {
    person: Person;
    results: (string | { label: string; cjsCode: string })[];
    bail?: { code: string; description: string };
  }[],
  version = 1,
  id = randomUUID(),
) {
  return {
    version,
    hearing: {
      id,
      jurisdictionType: 'CROWN',
      courtCentre: { code: 'SHEFCC', name: 'Sheffield Crown Court' },
      hearingDays: [{ sittingDay: `${today}T10:00:00Z` }],
      prosecutionCases: defendants.map((d, i) => ({
        prosecutionCaseIdentifier: { caseURN: `20SH${String(100000 + i)}` },
        defendants: [
          {
            id: randomUUID(),
            ...(d.person.pncId ? { pncId: d.person.pncId } : {}),
            personDefendant: {
              personDetails: {
                firstName: d.person.firstName,
                lastName: d.person.lastName,
                ...(d.person.dateOfBirth ? { dateOfBirth: d.person.dateOfBirth } : {}),
              },
              ...(d.bail ? { bailStatus: d.bail } : {}),
            },
            offences: [
              {
                id: randomUUID(),
                offenceTitle: 'Burglary',
                judicialResults: d.results.map((r) => ({
                  ...(typeof r === 'string' ? { label: r } : r),
                  orderedDate: today,
                  category: 'FINAL',
                })),
              },
            ],
          },
        ],
      })),
    },
  };
}

/** The calls that send hearings, as the court feed; `current` gives the file's system once it has started. */
export function courtCalls(current: () => CourtTestSystem) {
  async function send(body: unknown, options: { signature?: string; token?: string } = {}) {
    const raw = JSON.stringify(body);
    const { sys, feed } = current();
    return sys.http('POST', '/api/court-results/hearings', {
      token: options.token ?? feed,
      body: raw,
      headers: { 'x-court-results-signature': options.signature ?? signCourtResults(TEST_COURT_SIGNING_SECRET, raw) },
    });
  }

  /** Sends a hearing and waits for its workflow to finish acting. */
  async function sendAndSettle(body: ReturnType<typeof hearing>) {
    const { sys, expert } = current();
    const res = await send(body);
    expect(res.status).toBe(202);
    await sys.client.workflow.getHandle(courtHearingWorkflowId(body.hearing.id, body.version)).result();
    return (
      await sys.http('GET', `/api/court-results/hearings/${body.hearing.id}/versions/${body.version}`, {
        token: expert,
      })
    ).body as {
      status: string;
      defendants: {
        decision: { outcome: string; prisonerNumber?: string; explanation: string[] };
        change: { direction: string } | null;
        action?: string;
        actionDetail?: string;
      }[];
    };
  }

  async function person(extra: Person & { pncNumber?: string }) {
    return admit(current().sys.stores.register, uniquePrisonerNumber(), 'MDI', extra);
  }
  return { send, sendAndSettle, person };
}
