import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DomainEvent } from '../domain/events.ts';

export interface EventLog {
  append(event: DomainEvent): Promise<void>;
  list(options?: { eventType?: string; limit?: number }): Promise<DomainEvent[]>;
}

/**
 * Domain events as JSON lines in a file: the stand-in for the HMPPS domain event topic until one is
 * wired up. Appends are atomic for lines this small, so workers and the API can share the file.
 */
export function fileEventLog(file: string): EventLog {
  return {
    async append(event) {
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, `${JSON.stringify(event)}\n`);
    },
    async list({ eventType, limit = 100 } = {}) {
      const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? '' : Promise.reject(err)));
      const events = text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as DomainEvent)
        .filter((e) => !eventType || e.eventType === eventType);
      return events.slice(-limit);
    },
  };
}
