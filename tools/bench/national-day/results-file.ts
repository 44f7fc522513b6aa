import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderRuns, type DayRun } from './report.ts';

// Where a national day's runs are kept (every run, the tiny CI run replacing its own last one) and its table written.
const RESULTS = path.join(import.meta.dirname, '..', 'results', 'national-day.json');
const DOC = path.join(import.meta.dirname, '..', '..', '..', 'docs', 'performance-national-day.md');

/** Appends the run to the results file (the tiny CI run replaces its own last one) and, with --docs, writes the table. */
export function writeDayRun(run: DayRun, docs: boolean, log: (message: string) => void): void {
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  const kept: { runs: DayRun[] } = existsSync(RESULTS)
    ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as { runs: DayRun[] })
    : { runs: [] };
  const runs = [...kept.runs.filter((r) => !(run.options.tiny && r.options.tiny)), run];
  writeFileSync(RESULTS, `${JSON.stringify({ runs, last: run }, null, 2)}\n`);
  log(`wrote ${path.relative(process.cwd(), RESULTS)} (${runs.length} runs)`);
  if (!docs) return;
  const text = readFileSync(DOC, 'utf8');
  const [start, end] = ['<!-- national-day:start -->', '<!-- national-day:end -->'];
  if (!text.includes(start) || !text.includes(end))
    throw new Error('docs/performance-national-day.md has no national-day markers');
  writeFileSync(
    DOC,
    `${text.slice(0, text.indexOf(start) + start.length)}\n${renderRuns(runs)}${text.slice(text.indexOf(end))}`,
  );
  log('wrote the table into docs/performance-national-day.md');
}
