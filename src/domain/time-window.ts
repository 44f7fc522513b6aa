/**
 * How far from now a date a person typed can sensibly lie. One place decides it for every endpoint:
 * a planned release in year 26 once made a query "catch up" on two thousand years of escalations.
 * Pure: the caller passes `now`.
 */
export interface TimeWindow {
  /** How far before now, in ms. */
  pastMs: number;
  /** How far after now, in ms. */
  futureMs: number;
  /** What to say when the date is too far ahead or behind. */
  tooEarly: string;
  tooLate: string;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 366 * DAY_MS;

/** A prison's clocks and ours differ a little; a movement further ahead than this has not happened yet. */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** A movement (release, return, arrival) has happened, and recently enough to be recorded now. */
export const MOVEMENT_TIME: TimeWindow = {
  pastMs: YEAR_MS,
  futureMs: CLOCK_TOLERANCE_MS,
  tooEarly: 'is more than a year ago: record older movements in the prison system',
  tooLate: 'is in the future: record a movement once it has happened',
};

/** A hearing's day and its results' dates: this year's, up to the end of tomorrow (court time zones and midnight). */
export const HEARING_TIME: TimeWindow = {
  pastMs: YEAR_MS,
  futureMs: 36 * 3_600_000,
  tooEarly: 'is more than a year ago: older results go to the unit by hand',
  tooLate: 'is in the future: a hearing is resulted once it has sat',
};

/** A planned release may be overdue (then the query escalates at once), or years away, but not centuries. */
export const PLANNED_RELEASE_TIME: TimeWindow = {
  pastMs: YEAR_MS,
  futureMs: 10 * YEAR_MS,
  tooEarly: 'is more than a year ago: check the year',
  tooLate: 'is more than ten years ahead: check the year',
};

/** A date of birth: someone in custody is at least 10 and at most 110 years old. */
export const DATE_OF_BIRTH: TimeWindow = {
  pastMs: 110 * YEAR_MS,
  futureMs: -10 * YEAR_MS,
  tooEarly: 'is more than 110 years ago: check the year',
  tooLate: 'is less than ten years ago: check the year',
};

/** A month or period for the figures: the years Release Guard can have records of, and not beyond the next year. */
export const REPORTING_PERIOD: TimeWindow = {
  pastMs: 25 * YEAR_MS,
  futureMs: YEAR_MS,
  tooEarly: 'is more than 25 years ago: check the year',
  tooLate: 'is more than a year ahead: check the year',
};

/** Why `at` lies outside `window` around `now`, or null when it is inside. Bounds are inclusive. */
export function outsideWindow(at: Date, now: Date, window: TimeWindow): string | null {
  const t = at.getTime();
  if (Number.isNaN(t)) return 'is not a date';
  if (t < now.getTime() - window.pastMs) return window.tooEarly;
  if (t > now.getTime() + window.futureMs) return window.tooLate;
  return null;
}
