import { openDatabase } from '../../../src/infra/database/database.ts';
import { BENCH_DATABASE_URL } from '../register.ts';

/**
 * When the court feed's hearings were acted on, read from the hearing store the API and the worker
 * write (received_at when the API kept it, acted_at when the worker recorded its action): one query
 * a second for every hearing waited on. Asking the API instead, four times a second per hearing,
 * queried the hearings' workflows and so loaded the very worker being measured.
 */
export async function courtWatch(schema: string) {
  const db = await openDatabase({ url: BENCH_DATABASE_URL, schema, poolSize: 1 });
  const waiting = new Map<
    string,
    { resolve: (r: { action: string; ms: number }) => void; reject: (e: Error) => void; until: number }
  >();
  let stopped = false;
  const poll = async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 1_000));
      if (!waiting.size) continue;
      const rows = await db
        .query<{ hearing_id: string; action: string; ms: number }>(
          `SELECT d.hearing_id, d.action, extract(epoch FROM d.acted_at - h.received_at) * 1000 AS ms
           FROM court_defendant_decisions d JOIN court_hearings h USING (hearing_id, version)
           WHERE d.hearing_id = ANY($1) AND d.action IS NOT NULL`,
          [[...waiting.keys()]],
        )
        .catch(() => []);
      for (const row of rows) {
        waiting.get(row.hearing_id)?.resolve({ action: row.action, ms: Number(row.ms) });
        waiting.delete(row.hearing_id);
      }
      for (const [id, w] of waiting) {
        if (Date.now() > w.until) {
          waiting.delete(id);
          w.reject(new Error('court result: not acted on within 10 minutes'));
        }
      }
    }
  };
  const running = poll();
  return {
    /** The hearing's (single defendant's) action and the milliseconds from receipt to it. */
    acted(hearingId: string): Promise<{ action: string; ms: number }> {
      return new Promise((resolve, reject) =>
        waiting.set(hearingId, { resolve, reject, until: Date.now() + 10 * 60_000 }),
      );
    },
    async stop() {
      stopped = true;
      await running;
      await db.close();
    },
  };
}
export type CourtWatch = Awaited<ReturnType<typeof courtWatch>>;
