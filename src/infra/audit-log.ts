import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * One line of the audit trail. Each audited request leaves two: REQUEST, written before anything is
 * read or changed (if it cannot be written, nothing happens), and RESPONSE, with the status the
 * caller got (0 when the caller went away first).
 */
export interface AuditEvent {
  at: string;
  phase: 'REQUEST' | 'RESPONSE';
  operation: string;
  /** The method and the route's template: paths carry prisoner numbers, this never does. */
  what: string;
  who: string;
  subjectType: string;
  subjectId?: string;
  /** Every path parameter, when there is more than the subject (a hold's reason key, a registration). */
  params?: Record<string, string>;
  /** For lists and searches: what was asked for, so a search for a person is on the record. */
  query?: Record<string, string>;
  status?: number;
  correlationId: string;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
}

export interface AuditHealth {
  status: 'UP' | 'DOWN';
  detail?: string;
}

/** An audit log that retries and says whether its last write failed. */
export interface AuditSink extends AuditLog {
  health(): AuditHealth;
}

/**
 * Append-only JSON lines, separate from the application log. Appends are serialised so lines never
 * interleave within this process; a failed append fails only itself, never the ones after it.
 */
export function fileAuditLog(file: string): AuditLog {
  let ready: Promise<unknown> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    record(event) {
      const line = `${JSON.stringify(event)}\n`;
      const write = queue.then(async () => {
        ready ??= mkdir(path.dirname(file), { recursive: true }).catch((err: unknown) => {
          ready = undefined; // try again next time: the directory may come back
          throw err;
        });
        await ready;
        await appendFile(file, line, { flag: 'a' });
      });
      queue = write.catch(() => undefined);
      return write;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries each write (a full disk or a remounting volume may recover in a moment); a write that
 * fails every attempt rejects, and the sink reports DOWN until a write succeeds again.
 */
export function reliableAudit(log: AuditLog, retryDelaysMs: readonly number[] = [50, 250, 1_000]): AuditSink {
  let health: AuditHealth = { status: 'UP' };
  return {
    async record(event) {
      for (let attempt = 0; ; attempt++) {
        try {
          await log.record(event);
          health = { status: 'UP' };
          return;
        } catch (err) {
          if (attempt >= retryDelaysMs.length) {
            health = { status: 'DOWN', detail: `the last write failed: ${(err as Error).message}` };
            throw err;
          }
          await sleep(retryDelaysMs[attempt]!);
        }
      }
    },
    health: () => health,
  };
}
