import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { OPERATIONS } from '../../src/api/contract/operations.ts';
import { readContractLog } from '../helpers/contract-recorder.ts';

/**
 * Runs after every integration file. Each of their test systems checked its own responses against
 * the OpenAPI document as it sent them; this checks that together they exercised every operation,
 * so no part of the document goes untested.
 */
describe('the OpenAPI document against the whole integration run', () => {
  const seen = readContractLog();
  afterAll(() => rmSync(process.env.CONTRACT_LOG_DIR!, { recursive: true, force: true }));

  it('saw a good number of responses, all checked as they were sent', () => {
    expect(seen.length).toBeGreaterThan(1000);
  });

  it('saw every documented operation succeed at least once', () => {
    const succeeded = new Set(seen.filter((s) => s.status < 300).map((s) => s.operation));
    const missing = OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`).filter((op) => !succeeded.has(op));
    expect(missing).toEqual([]);
  });

  it('saw every documented error status of the API somewhere in the run', () => {
    const statuses = new Set(seen.filter((s) => s.status >= 400).map((s) => s.status));
    for (const status of [400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 429])
      expect(statuses, `status ${status}`).toContain(status);
  });
});
