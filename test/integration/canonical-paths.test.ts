import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/api/contract/operations.ts';
import { TOKEN_ROLES } from '../../src/domain/actors.ts';
import type { AuditEvent } from '../../src/infra/audit-log.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * A path is answered only as the table writes it. Every operation is sent with its path in another
 * case, and with a trailing slash, by a token carrying every role: the answer is a 404, or the
 * request is on the audit trail under the operation's name. Anything else is a second door.
 */
let sys: TestSystem;
let token = '';
let PN = '';

beforeAll(async () => {
  sys = await startTestSystem();
  PN = await sys.admit('MDI');
  token = await sys.issuer.token('every.role', [...TOKEN_ROLES], ['MDI']);
});
afterAll(() => sys?.stop());

const concrete = (template: string) =>
  template
    .replace('{reference}', 'UQ-NOSUCHREF')
    .replace('{prisonerNumber}', PN)
    .replace('{key}', 'manual-NOSUCHKEY')
    .replace('{id}', 'VN-00000000')
    .replace('{hearingId}', '00000000-0000-4000-8000-000000000000')
    .replace('{version}', '1');

/** The literal parts of the template upper-cased; parameters keep their values. */
const otherCase = (template: string) =>
  concrete(template.replace(/(^|\})([^{]*)/g, (_m, brace: string, literal: string) => brace + literal.toUpperCase()));
const capitalised = (template: string) =>
  concrete(template.replace(/\/([a-z])/g, (_m, c: string) => `/${c.toUpperCase()}`));
const auditLines = (): AuditEvent[] =>
  readFileSync(sys.auditFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEvent);

describe('a path not written as the table writes it', () => {
  for (const op of OPERATIONS) {
    it(`${op.method.toUpperCase()} ${op.path}`, async () => {
      const wrong: string[] = [];
      for (const path of [otherCase(op.path), capitalised(op.path), `${concrete(op.path)}/`]) {
        const correlationId = `odd-${randomUUID()}`;
        const { status } = await sys.http(op.method.toUpperCase(), path, {
          token,
          headers: { 'X-Correlation-Id': correlationId },
          ...(op.body ? { body: {} } : {}),
        });
        if (status === 404) continue;
        const audited = auditLines().some(
          (l) => l.correlationId === correlationId && l.phase === 'REQUEST' && l.operation === op.operationId,
        );
        if (!audited) wrong.push(`${path} answered ${status} with no audit line`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
