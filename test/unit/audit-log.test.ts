import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileAuditLog, reliableAudit, type AuditEvent } from '../../src/infra/audit-log.ts';

const event = (n: number): AuditEvent => ({
  at: new Date(0).toISOString(),
  phase: 'REQUEST',
  operation: 'getQuery',
  what: 'GET /x',
  who: 'u',
  subjectType: 'T',
  correlationId: `c${n}`,
});

describe('the audit file', () => {
  it('fails only the write that failed: the next one, once the disk is back, is written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rg-audit-unit-'));
    // A file where the audit directory should be: every write fails until it is gone.
    const blocked = path.join(dir, 'audit');
    writeFileSync(blocked, 'not a directory');
    const log = fileAuditLog(path.join(blocked, 'audit.jsonl'));
    await expect(log.record(event(1))).rejects.toThrow();
    await expect(log.record(event(2))).rejects.toThrow();
    rmSync(blocked);
    await log.record(event(3));
    expect(
      readFileSync(path.join(blocked, 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).correlationId),
    ).toEqual(['c3']);
  });

  it('retries before giving up, reports DOWN when it gives up, and UP after the next write succeeds', async () => {
    const attempts: number[] = [];
    let failuresLeft = 2;
    const sink = reliableAudit(
      {
        async record(e) {
          attempts.push(Number(e.correlationId.slice(1)));
          if (failuresLeft-- > 0) throw new Error('EIO');
        },
      },
      [1, 1],
    );
    await sink.record(event(1)); // two failures, then the third attempt succeeds
    expect(attempts).toEqual([1, 1, 1]);
    expect(sink.health()).toEqual({ status: 'UP' });
    failuresLeft = 3;
    await expect(sink.record(event(2))).rejects.toThrow('EIO');
    expect(sink.health()).toEqual({ status: 'DOWN', detail: 'the last write failed: EIO' });
    await sink.record(event(3));
    expect(sink.health()).toEqual({ status: 'UP' });
  });
});
