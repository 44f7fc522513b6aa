import Holidays from 'date-holidays';

/**
 * England and Wales bank holidays (including substitute days) from the maintained date-holidays
 * data set. Kept out of workflow code: workflows receive the resulting dates as policy data.
 */
export function englandAndWalesBankHolidays(fromYear: number, toYear: number): string[] {
  const calendar = new Holidays('GB', 'ENG');
  const dates: string[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    for (const holiday of calendar.getHolidays(year)) {
      if (holiday.type === 'public') dates.push(holiday.date.slice(0, 10));
    }
  }
  return [...new Set(dates)].sort();
}
