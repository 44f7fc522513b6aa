/** A prison's clocks and ours differ a little; a movement further ahead than this has not happened yet. */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** A recorded movement (a release, a return to custody) cannot lie in the future: that is a plan, not a fact. */
export function isFutureMovement(at: string, now: Date): boolean {
  return Date.parse(at) - now.getTime() > CLOCK_TOLERANCE_MS;
}
