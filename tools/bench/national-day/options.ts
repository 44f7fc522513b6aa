// The national day's command-line options (`npm run bench -- --national-day …`, see run.ts).

/**
 * How each hourly court batch comes in: `pulled` (the default) dropped where our hourly pull reads
 * and taken in by the pull itself, as the product runs; `burst` posted to the push endpoint all at
 * once; `paced` posted one after another (how the earlier runs stood in for the pull).
 */
export const COURT_FEEDS = ['pulled', 'burst', 'paced'] as const;
export type CourtFeed = (typeof COURT_FEEDS)[number];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function optionsFromArgs() {
  const tiny = process.argv.includes('--tiny');
  const window = (option('window') ?? (tiny ? '06-18' : '00-24')).split('-').map(Number) as [number, number];
  if (window.length !== 2 || !(window[0] >= 0 && window[1] <= 24 && window[0] < window[1]))
    throw new Error('--window takes HH-HH, e.g. 07-12');
  const compress = Number(option('compress') ?? (tiny ? 900 : 100));
  const share = Number(option('share') ?? (tiny ? 0.05 : 1));
  if (!(compress > 0) || !(share > 0 && share <= 1))
    throw new Error('--compress takes N > 0, --share a fraction in (0, 1]');
  const courtFeed = option('court-feed') ?? 'pulled';
  if (!COURT_FEEDS.includes(courtFeed as CourtFeed)) throw new Error(`--court-feed takes ${COURT_FEEDS.join(', ')}`);
  const day = option('day') ?? 'weekday';
  if (day !== 'weekday' && day !== 'friday') throw new Error('--day takes weekday or friday');
  return {
    compress,
    share,
    window,
    day: day as 'weekday' | 'friday',
    courtFeed: courtFeed as CourtFeed,
    seed: Number(option('seed') ?? 27),
    tiny,
    docs: process.argv.includes('--docs'),
    label: option('label') ?? '',
  };
}
