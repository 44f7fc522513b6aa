import type { CaughtMail } from '../../src/infra/mail-catcher.ts';

/** The shortest repeat of any ladder (CRITICAL queries, urgent victim notices): 15 minutes. */
const SHORTEST_REPEAT_MINUTES = 15;

/**
 * Cases whose escalation alerts broke the ladder's invariant during a run of `minutes`: at most one
 * alert per level per repeat interval, so per case and level at most 1 + minutes / 15.
 */
export function alertsOverLadder(mail: CaughtMail[], minutes: number): string[] {
  const allowed = 1 + Math.floor(minutes / SHORTEST_REPEAT_MINUTES);
  const counts = new Map<string, number>();
  for (const m of mail) {
    const level = /Escalation level (\d)/.exec(m.subject ?? '')?.[1];
    if (!level) continue;
    const key = `${m.headers['x-release-guard-reference'] ?? '?'} level ${level}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, n]) => n > allowed)
    .map(([key, n]) => `${key}: ${n} alerts, at most ${allowed} allowed`);
}
