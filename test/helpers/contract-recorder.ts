import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '../../src/api/contract/openapi-document.ts';
import { conformanceChecker, type RecordedResponse } from './openapi-conformance.ts';

/** Where each test system leaves the operations it answered, for the suite-wide coverage check. */
const logDir = () => process.env.CONTRACT_LOG_DIR;

export interface Seen {
  operation: string | null;
  status: number;
}

/**
 * Checks each response as it is sent and remembers what was answered. `finish` fails the test
 * file if any response broke the document, and appends what it saw to the run's contract log.
 */
export function contractRecorder() {
  const check = conformanceChecker(buildOpenApiDocument({ version: 'test' }));
  const seen: Seen[] = [];
  const violations: string[] = [];
  return {
    record(r: RecordedResponse) {
      const verdict = check(r);
      seen.push({ operation: verdict.operation, status: r.status });
      for (const problem of verdict.problems) violations.push(`${r.method} ${r.path} → ${r.status}: ${problem}`);
    },
    finish() {
      const dir = logDir();
      if (dir) {
        mkdirSync(dir, { recursive: true });
        appendFileSync(
          path.join(dir, `${process.pid}-${randomUUID()}.jsonl`),
          seen.map((s) => JSON.stringify(s)).join('\n') + '\n',
        );
      }
      if (violations.length)
        throw new Error(
          `Responses that do not conform to the OpenAPI document:\n${[...new Set(violations)].slice(0, 50).join('\n')}`,
        );
    },
  };
}

/** Everything every test system in this run answered. */
export function readContractLog(): Seen[] {
  const dir = logDir();
  if (!dir) throw new Error('CONTRACT_LOG_DIR is not set: run the whole suite with `npm test`');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) =>
      readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Seen),
    );
}
