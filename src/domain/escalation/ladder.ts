const MINUTE_MS = 60_000;

export const ESCALATION_LEVELS = [1, 2, 3] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/**
 * An escalation ladder, shared by urgent queries and victim notifications: levels 1, 2 and 3 take
 * over at offsets from its start, and the level in force repeats until someone acknowledges.
 */
export interface Ladder {
  /** Minutes after the ladder starts at which levels 1, 2 and 3 take over. */
  levelOffsetsMinutes: readonly [0, number, number];
  /** How often the level in force repeats. */
  repeatMinutes: number;
}

/** When `level` takes over on a ladder that started at `startLevel` at `startedAt`. */
function levelStartsAt(ladder: Ladder, startedAt: Date, startLevel: EscalationLevel, level: EscalationLevel): number {
  const offset = ladder.levelOffsetsMinutes[level - 1]! - ladder.levelOffsetsMinutes[startLevel - 1]!;
  return startedAt.getTime() + Math.max(0, offset) * MINUTE_MS;
}

/** The level in force at `at`: the highest level that has taken over by then. */
export function levelAt(ladder: Ladder, startedAt: Date, startLevel: EscalationLevel, at: Date): EscalationLevel {
  let level = startLevel;
  for (const candidate of ESCALATION_LEVELS) {
    if (candidate > startLevel && levelStartsAt(ladder, startedAt, startLevel, candidate) <= at.getTime())
      level = candidate;
  }
  return level;
}

/**
 * The next alert after `lastAlertAt` (or the first, at the start): the level in force repeats
 * `repeatMinutes` after the last alert actually sent, and a higher level's first alert goes out
 * the moment it takes over. Counting from the last alert sent, never from a grid in the past, is
 * what makes the invariant hold: at most one alert per level per repeat interval of wall-clock
 * time, however late a worker or however far in the past the ladder started.
 */
export function nextAlertAt(
  ladder: Ladder,
  startedAt: Date,
  startLevel: EscalationLevel,
  lastAlertAt: Date | null,
  mode: LadderMode = 'FROM_LAST_SENT',
): Date {
  if (mode === 'GRID') return nextGridAlertAt(ladder, startedAt, startLevel, lastAlertAt);
  if (!lastAlertAt) return startedAt;
  const level = levelAt(ladder, startedAt, startLevel, lastAlertAt);
  const repeatAt = lastAlertAt.getTime() + ladder.repeatMinutes * MINUTE_MS;
  if (level < 3) {
    const nextLevelStart = levelStartsAt(ladder, startedAt, startLevel, (level + 1) as EscalationLevel);
    if (nextLevelStart > lastAlertAt.getTime() && nextLevelStart < repeatAt) return new Date(nextLevelStart);
  }
  return new Date(repeatAt);
}

/**
 * FROM_LAST_SENT is the ladder today. GRID is how cases started before the gate's second version
 * keep running (their histories replay it): repeats fall on a grid from the level's start, and a
 * late worker catches up to the latest slot.
 */
export type LadderMode = 'GRID' | 'FROM_LAST_SENT';

function nextGridAlertAt(ladder: Ladder, startedAt: Date, startLevel: EscalationLevel, lastAlertAt: Date | null): Date {
  if (!lastAlertAt) return startedAt;
  const level = levelAt(ladder, startedAt, startLevel, lastAlertAt);
  const levelStart = levelStartsAt(ladder, startedAt, startLevel, level);
  const repeatMs = ladder.repeatMinutes * MINUTE_MS;
  const repeats = Math.floor((lastAlertAt.getTime() - levelStart) / repeatMs) + 1;
  const candidate = levelStart + repeats * repeatMs;
  if (level < 3) {
    const nextLevelStart = levelStartsAt(ladder, startedAt, startLevel, (level + 1) as EscalationLevel);
    if (nextLevelStart > lastAlertAt.getTime() && nextLevelStart < candidate) return new Date(nextLevelStart);
  }
  return new Date(candidate);
}
