import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** The audit event every read of a case and every change to one leaves behind. */
export interface AuditEvent {
  what: string;
  who: string;
  when: string;
  subjectId: string;
  subjectType: string;
  correlationId: string;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
}

/**
 * Append-only JSON lines, separate from the application log. Appends are serialised so lines never
 * interleave within this process.
 */
export function fileAuditLog(file: string): AuditLog {
  let queue: Promise<void> = mkdir(path.dirname(file), { recursive: true }).then(() => undefined);
  return {
    record(event) {
      queue = queue.then(() => appendFile(file, `${JSON.stringify(event)}\n`, { flag: 'a' }));
      return queue;
    },
  };
}
