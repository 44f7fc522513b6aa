import { DateTime } from 'luxon';

/**
 * A date and time as people type them (GOV.UK date input, and hour and minute), in London time,
 * as an instant; null when the date was left blank. Whether it is a sensible date is the schema's
 * to say (the same window as the API's), so a nonsense date comes back as an invalid string.
 */
export function londonInstant(form: Record<string, unknown>, name: string): string | null | undefined {
  const part = (p: string) => String(form[`${name}-${p}`] ?? '').trim();
  const [day, month, year, hour, minute] = ['day', 'month', 'year', 'hour', 'minute'].map(part) as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!day && !month && !year) return hour || minute ? 'invalid' : undefined;
  const when = DateTime.fromObject(
    {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: hour ? Number(hour) : 12,
      minute: minute ? Number(minute) : 0,
    },
    { zone: 'Europe/London' },
  );
  return when.isValid && /^\d{4}$/.test(year) ? when.toUTC().toISO({ suppressMilliseconds: true }) : 'invalid';
}

/** An instant back into the form's parts, in London time. */
export function londonParts(iso: string | undefined, name: string): Record<string, string> {
  if (!iso) return {};
  const t = DateTime.fromISO(iso, { zone: 'Europe/London' });
  return {
    [`${name}-day`]: String(t.day),
    [`${name}-month`]: String(t.month),
    [`${name}-year`]: String(t.year),
    [`${name}-hour`]: String(t.hour).padStart(2, '0'),
    [`${name}-minute`]: String(t.minute).padStart(2, '0'),
  };
}
