import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdWorkflowId } from '../../src/workflows/definitions.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * A case pushed to its limits stays far inside Temporal's: a payload is at most 2 MB and a history
 * 50 MB (a workflow past them is terminated, and a terminated query stops escalating).
 */
let sys: TestSystem;
let officer: string;
let officer2: string;
let expert: string;
const MB = 1024 * 1024;

beforeAll(async () => {
  sys = await startTestSystem();
  officer = await sys.issuer.token('officer', ['PRISON_STAFF'], ['MDI']);
  officer2 = await sys.issuer.token('officer2', ['PRISON_STAFF'], ['MDI']);
  expert = await sys.issuer.token('expert', ['COURT_EXPERT']);
});
afterAll(() => sys?.stop());

/** `count` calls, `concurrency` at a time, each checked. */
async function times(count: number, concurrency: number, call: (i: number) => Promise<number>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        expect(await call(i)).toBe(200);
      }
    }),
  );
}
const historyBytes = async (workflowId: string) =>
  historyToJSON(await sys.client.workflow.getHandle(workflowId).fetchHistory()).length;

describe('a case at its limits', () => {
  it('takes 200 notes of 4,000 characters on a query, then refuses the next with a 422, its state and history well inside Temporal’s limits', async () => {
    const pn = await sys.admit('MDI');
    const { reference } = (
      await sys.http('POST', '/api/urgent-queries', {
        token: officer,
        body: { prisonerNumber: pn, category: 'OTHER', question: 'Limits' },
      })
    ).body;
    const note = 'n'.repeat(4_000);
    await times(
      200,
      8,
      async (i) =>
        (
          await sys.http('POST', `/api/urgent-queries/${reference}/notes`, {
            token: i % 2 ? officer : expert,
            body: { text: `${i} ${note}`.slice(0, 4_000) },
          })
        ).status,
    );
    const refused = await sys.http('POST', `/api/urgent-queries/${reference}/notes`, {
      token: officer,
      body: { text: 'one too many' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/at most 200 notes/);
    const state = await sys.http('GET', `/api/urgent-queries/${reference}`, { token: officer });
    expect(state.body.timeline.filter((e: { action: string }) => e.action === 'NOTE')).toHaveLength(200);
    expect(JSON.stringify(state.body).length).toBeLessThan(1 * MB);
    // Updates answer with an acknowledgement, not the whole query: the history holds each note once.
    expect(await historyBytes(reference)).toBeLessThan(3 * MB);
  });

  it('takes 50 standing reasons and 500 progress notes on a hold, then refuses the next of each with a 422', async () => {
    const pn = await sys.admit('MDI');
    const place = (i: number) =>
      sys.http('POST', `/api/prisoners/${pn}/holds`, { token: officer, body: { reason: `Check warrant ${i}` } });
    for (let i = 0; i < 50; i++) expect((await place(i)).status).toBe(201);
    const tooMany = await place(50);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.detail).toMatch(/at most 50 reasons/);
    // A query for him now would have no room on the hold: a 422 at once, not a raise that waits for ever.
    const query = await sys.http('POST', '/api/urgent-queries', {
      token: officer,
      body: { prisonerNumber: pn, category: 'WARRANT_MISSING', question: 'One too many?' },
    });
    expect(query.status).toBe(422);
    expect(query.body.errors).toEqual([
      { field: 'body.prisonerNumber', message: expect.stringMatching(/50 reasons standing/) },
    ]);
    const [reason] = (await sys
      .http('GET', `/api/prisoners/${pn}/release-status`, { token: officer })
      .then((r) => r.body.reasons)) as { key: string }[];
    await times(
      500,
      8,
      async () =>
        (
          await sys.http('POST', `/api/prisoners/${pn}/holds/${reason!.key}/progress`, {
            token: officer2,
            body: { note: 'Chased the court' },
          })
        ).status,
    );
    expect(
      (await sys.http('POST', `/api/prisoners/${pn}/holds/${reason!.key}/progress`, { token: officer2, body: {} }))
        .status,
    ).toBe(422);
    const hold = await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: officer });
    expect(hold.body.audit).toHaveLength(500); // the latest 500; all of them are in the history and the audit log
    expect(hold.body.progressCount).toBe(500);
    expect(JSON.stringify(hold.body).length).toBeLessThan(1 * MB);
    expect(await historyBytes(holdWorkflowId(pn))).toBeLessThan(5 * MB);
  });
});
