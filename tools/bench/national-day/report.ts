import { headroom, type Level, type LevelName } from './levels.ts';
import type { CourtFeed } from './options.ts';
import type { DayPlan } from './plan.ts';

/** One national-day run as tools/bench/results/national-day.json keeps it. */
export interface DayRun {
  /** What was measured (the system's state, the machine's): runs are compared within a label. */
  label: string;
  date: string;
  durationSeconds: number;
  options: {
    compress: number;
    share: number;
    window: [number, number];
    day: string;
    /** How the hourly court batch arrives (absent in runs before the option: burst). */
    courtFeed?: CourtFeed;
    seed: number;
    tiny: boolean;
  };
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    temporalServer: string;
    persistence: string;
  };
  /** uptime's load averages (1, 5, 15 min) when the day began and ended: the machine is shared. */
  load: { start: number[]; end: number[] };
  counts: DayPlan['counts'];
  /** Events the run played in its window (the rest of the day's plan was outside it). */
  played: Record<string, number>;
  levels: Level[];
  firstBroken: { hour: number; level: LevelName; value: number | null } | null;
  hourly: { hour: number; levels: Level[]; tasks?: { workflow: number; activity: number } }[];
  /** Workflow and activity tasks the worker started over the day (from its schedule-to-start counts). */
  tasks?: { workflow: number; activity: number };
  /** Steady state (median over the second half of the run), MB. */
  rssMB: { worker: number; api: number; server: number | null };
  /** Failed actor steps by kind, with the first message: a failed step is not retried. */
  errors: Record<string, { count: number; first: string }>;
  /** How late the driver fired its events, ms: its own lag, which would confound the figures. */
  driverLagMs: { p95: number; max: number };
  mailCaught: number;
}

const fmt = (l: Level | undefined) => {
  if (!l) return '–';
  if (l.value === null) return 'n/a';
  const v =
    l.unit === 'ms'
      ? l.value >= 10_000
        ? `${(l.value / 1000).toFixed(1)} s`
        : `${l.value.toFixed(l.value < 10 ? 1 : 0)} ms`
      : String(l.value);
  return l.status === 'broken' ? `**${v}**` : v;
};

const COLUMNS: LevelName[] = [
  'gate p99',
  'release-to-VLO-mail p95',
  'raise-to-hold p99',
  'court-result-to-hold p95',
  'workflow schedule-to-start p95',
  'activity schedule-to-start p95',
  'pages p95',
  'escalations on time',
  'failed or terminated workflows',
  'lost notices',
];

/** The doc's table: one row per run, the levels as measured (a broken one in bold), then headroom. */
export function renderRuns(runs: readonly DayRun[]): string {
  const rows = [...runs].sort((a, b) => a.date.localeCompare(b.date));
  const head = [
    'run (UTC)',
    'label',
    'N',
    'share',
    'window',
    'releases',
    'load 1-min start→end',
    ...COLUMNS,
    'first broken',
    'RSS worker / API / server MB',
    'step errors',
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    const byName = new Map(r.levels.map((l) => [l.name, l]));
    const errors = Object.values(r.errors).reduce((n, e) => n + e.count, 0);
    lines.push(
      `| ${[
        `${r.date.slice(0, 16).replace('T', ' ')}${r.options.tiny ? ' (tiny)' : ''}`,
        r.label || '–',
        `${r.options.compress}×`,
        String(r.options.share),
        `${String(r.options.window[0]).padStart(2, '0')}–${String(r.options.window[1]).padStart(2, '0')}`,
        `${r.played.release ?? 0} of ${r.counts.releases}`,
        `${r.load.start[0]?.toFixed(2)} → ${r.load.end[0]?.toFixed(2)}`,
        ...COLUMNS.map((c) => fmt(byName.get(c))),
        r.firstBroken ? `${r.firstBroken.level} (${String(r.firstBroken.hour).padStart(2, '0')}:00)` : 'none',
        `${r.rssMB.worker.toFixed(0)} / ${r.rssMB.api.toFixed(0)} / ${r.rssMB.server?.toFixed(0) ?? '–'}`,
        String(errors),
      ].join(' | ')} |`,
    );
  }
  const full = runs.filter((r) => !r.options.tiny);
  const groups = new Map<string, DayRun[]>();
  for (const r of full) {
    // Only runs of one system on one machine's conditions say where its knee is: grouped by label too.
    const key = `${r.label ? `${r.label}: ` : ''}share ${r.options.share}, window ${r.options.window.join('–')}, ${r.options.day}, court feed ${r.options.courtFeed ?? 'burst'}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const summary = [...groups].map(([key, group]) => {
    const h = headroom(
      group.map((r) => ({ compress: r.options.compress, levels: r.levels, firstBroken: r.firstBroken?.level ?? null })),
    );
    const held = h.held ? `every level held up to **${h.held}×**` : 'no N tried held every level';
    return `- ${key}: ${held}; ${h.knee ? `the knee: **${h.knee.level}** broke first at ${h.knee.compress}×` : 'no level broke at any N tried'} (N tried: ${group.map((r) => `${r.options.compress}×`).join(', ')}).`;
  });
  return `${lines.join('\n')}\n\n**Headroom** (from the runs above)\n\n${summary.join('\n') || '- no full runs yet'}\n`;
}
