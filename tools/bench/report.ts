import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CycleWork } from './scenarios/work-per-cycle.ts';
import type { Spread } from './stats.ts';

export interface Percentiles {
  p50: Spread;
  p95: Spread;
  p99: Spread;
}

export interface CostLevel {
  openCases: number;
  placedSeconds: number;
  /** Holds placed per second while growing to this level. */
  placedPerSecond: number;
  /** The product worker's workflow-task schedule-to-start p95 while they were placed. */
  scheduleToStartP95Ms: number;
  cachedWorkflows: number;
  skeletonCachedWorkflows: number;
  skeletonRssMB: Spread;
  workerRssMB: Spread;
  workerHeapMB: Spread;
  eventLoopP99Ms: Spread;
  eventLoopMaxMs: Spread;
  databaseMB: Spread;
}

export interface BenchReport {
  quick: boolean;
  date: string;
  durationSeconds: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    os: string;
    node: string;
    temporalServer: string;
    persistence: string;
  };
  plan: Record<string, unknown>;
  baselines: {
    concurrency: number;
    bareStart: { throughput: Spread; latency: Percentiles };
    skeleton: { throughput: Spread; cycle: Percentiles; start: Percentiles; update: Percentiles };
    skeletonBusiest: { concurrency: number; throughput: Spread; update: Percentiles };
    memoryPerCachedCaseMB: { hold: number; skeleton: number };
  };
  registerLookup: { reads: number; postgres: { p50: Spread; p99: Spread }; embedded: { p50: Spread; p99: Spread } };
  fullCycle: { concurrency: number; throughput: Spread; calls: Record<string, Percentiles> }[];
  /** What one cycle asks of the server, from its histories; absent from results written before it. */
  workPerCycle?: { fullCycle: CycleWork; skeleton: CycleWork };
  releaseGate: ({ holds: number; skeleton: Percentiles } & Percentiles)[];
  releaseToMail: { perRun: number; p50: Spread; p95: Spread; max: Spread };
  costCurve: CostLevel[];
  /** A --scale run: the level at which the system under test stopped keeping up, and what failed. */
  knee?: { openCases: number; error: string };
  ratios: {
    fullCycleOverSkeleton: number;
    raiseP99OverBareStartP99: number;
    gateP99LastOverFirst: number;
    claimP99OverSkeletonUpdateP99: number;
    gateP99OverSkeletonGateP99: number;
    memoryPerCaseOverSkeleton: number;
    headlineConcurrency: number;
    busiestConcurrency: number;
    gateTargetHolds: number;
  };
  targets: { name: string; value: string; met: boolean }[];
}

/** `median (min–max)`, with the given number of decimals. */
export const fmt = (s: Spread, decimals = 1): string =>
  s.runs > 1
    ? `${s.median.toFixed(decimals)} (${s.min.toFixed(decimals)}–${s.max.toFixed(decimals)})`
    : s.median.toFixed(decimals);

const table = (head: string[], rows: string[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** The results as the Markdown docs/performance.md shows. */
export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const b = r.baselines;
  const lines = [
    `Run ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' (**quick smoke run: too small to judge by**)' : ''}, ${r.durationSeconds} s, on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, Temporal ${m.temporalServer} (${m.persistence}). Each figure is the median of ${String(r.plan.reps)} runs after a warm-up, with the min–max in brackets. Times in ms.`,
    '',
    '**Targets**',
    '',
    table(
      ['target', 'measured', 'met'],
      r.targets.map((t) => [t.name, t.value, t.met ? 'yes' : '**no**']),
    ),
    '',
    '**Ratios** (against baselines measured in the same run)',
    '',
    table(
      ['ratio', 'value'],
      [
        [
          `full-cycle throughput ÷ skeleton throughput (×${r.ratios.headlineConcurrency})`,
          r.ratios.fullCycleOverSkeleton.toFixed(2),
        ],
        ['HTTP raise p99 ÷ bare start p99', r.ratios.raiseP99OverBareStartP99.toFixed(2)],
        [
          `release-status p99 at ${r.ratios.gateTargetHolds} holds ÷ at ${r.releaseGate[0]!.holds}`,
          r.ratios.gateP99LastOverFirst.toFixed(2),
        ],
        [
          `release-status p99 ÷ skeleton gate p99, at ${r.ratios.gateTargetHolds} holds`,
          r.ratios.gateP99OverSkeletonGateP99.toFixed(2),
        ],
        [
          `claim p99 ÷ skeleton update p99 (×${r.ratios.busiestConcurrency})`,
          r.ratios.claimP99OverSkeletonUpdateP99.toFixed(2),
        ],
        [
          `memory per cached hold ÷ per cached skeleton (${r.baselines.memoryPerCachedCaseMB.hold.toFixed(3)} ÷ ${r.baselines.memoryPerCachedCaseMB.skeleton.toFixed(3)} MB)`,
          r.ratios.memoryPerCaseOverSkeleton.toFixed(2),
        ],
      ],
    ),
    '',
    `**Baselines** (Temporal client, no HTTP, no logic, ${b.concurrency} concurrent)`,
    '',
    table(
      ['baseline', 'per second', 'p50', 'p95', 'p99'],
      [
        [
          'bare start: start → complete',
          fmt(b.bareStart.throughput),
          fmt(b.bareStart.latency.p50),
          fmt(b.bareStart.latency.p95),
          fmt(b.bareStart.latency.p99),
        ],
        [
          'skeleton: start, 3 updates, a query',
          fmt(b.skeleton.throughput),
          fmt(b.skeleton.cycle.p50),
          fmt(b.skeleton.cycle.p95),
          fmt(b.skeleton.cycle.p99),
        ],
        [
          `skeleton update, ×${b.skeletonBusiest.concurrency}`,
          fmt(b.skeletonBusiest.throughput),
          fmt(b.skeletonBusiest.update.p50),
          fmt(b.skeletonBusiest.update.p95),
          fmt(b.skeletonBusiest.update.p99),
        ],
      ],
    ),
    '',
    `**Register lookup** (\`find\` by prisoner number, as every request about a prisoner makes; ${r.registerLookup.reads} a run): PostgreSQL p50 ${fmt(r.registerLookup.postgres.p50, 2)}, p99 ${fmt(r.registerLookup.postgres.p99, 2)}; embedded PGlite p50 ${fmt(r.registerLookup.embedded.p50, 2)}, p99 ${fmt(r.registerLookup.embedded.p99, 2)}`,
    '',
    '**Full cycle over HTTP** (raise, claim, resolve, acknowledge)',
    '',
    table(
      [
        'concurrent',
        'cycles/s',
        'raise p50 / p99',
        'claim p50 / p99',
        'resolve p50 / p99',
        'acknowledge p50 / p99',
        'cycle p99',
      ],
      r.fullCycle.map((c) => [
        String(c.concurrency),
        fmt(c.throughput),
        ...['raise', 'claim', 'resolve', 'acknowledge'].map(
          (n) => `${c.calls[n]!.p50.median.toFixed(1)} / ${fmt(c.calls[n]!.p99)}`,
        ),
        fmt(c.calls.cycle!.p99),
      ]),
    ),
    '',
    ...(r.workPerCycle ? workTable(r.workPerCycle) : []),
    '**Discharge gate** (`GET release-status`, one desk asking about held prisoners at random)',
    '',
    table(
      ['active holds', 'p50', 'p95', 'p99', 'skeleton gate p50', 'skeleton gate p99', 'p99 ÷ skeleton'],
      r.releaseGate.map((g) => [
        String(g.holds),
        fmt(g.p50),
        fmt(g.p95),
        fmt(g.p99),
        fmt(g.skeleton.p50),
        fmt(g.skeleton.p99),
        (g.p99.median / g.skeleton.p99.median).toFixed(2),
      ]),
    ),
    '',
    `**Release to mail** (release recorded → VLO email accepted by SMTP; ${r.releaseToMail.perRun} releases a run): p50 ${fmt(r.releaseToMail.p50, 0)}, p95 ${fmt(r.releaseToMail.p95, 0)}, max ${fmt(r.releaseToMail.max, 0)}`,
    '',
    '**Cost curve** (open cases: the active holds, each waiting on its review timer, on top of the closed cases of the runs above; worker sampled while idle)',
    '',
    table(
      [
        'open cases',
        'placed/s',
        'schedule-to-start p95',
        'worker RSS MB',
        'cached',
        'skeleton worker RSS MB',
        'skeletons cached',
        'event-loop p99',
        'Temporal DB MB',
      ],
      r.costCurve.map((c) => [
        String(c.openCases),
        c.placedPerSecond.toFixed(1),
        c.scheduleToStartP95Ms.toFixed(0),
        fmt(c.workerRssMB, 0),
        String(c.cachedWorkflows),
        fmt(c.skeletonRssMB, 0),
        String(c.skeletonCachedWorkflows),
        fmt(c.eventLoopP99Ms),
        fmt(c.databaseMB),
      ]),
    ),
    ...(r.knee
      ? ['', `**Knee:** growing to ${r.knee.openCases} open cases, the system stopped keeping up: ${r.knee.error}`]
      : []),
    '',
  ];
  return lines.join('\n');
}

/** What one cycle asks the server to persist and dispatch, beside the skeleton's. */
function workTable(work: { fullCycle: CycleWork; skeleton: CycleWork }): string[] {
  const rows: [string, keyof CycleWork][] = [
    ['workflows', 'workflows'],
    ['history events (each a write)', 'events'],
    ['workflow tasks', 'workflowTasks'],
    ['activities', 'activities'],
    ['updates', 'updates'],
    ['search-attribute upserts (each a visibility write)', 'searchAttributeUpserts'],
    ['markers (patches, side effects)', 'markers'],
  ];
  return [
    '**Work per cycle** (one full cycle and one skeleton cycle run to their end, counted from their histories)',
    '',
    table(
      ['', 'full cycle', 'skeleton', 'ratio'],
      rows.map(([label, key]) => [
        label,
        String(work.fullCycle[key]),
        String(work.skeleton[key]),
        work.skeleton[key] ? (work.fullCycle[key] / work.skeleton[key]).toFixed(1) : '–',
      ]),
    ),
    '',
  ];
}

/** Writes the report to results/<name>.json and .md and, with `toDocs`, its table into docs/performance.md; returns the table. */
export function writeReport(report: BenchReport, name: string, toDocs: boolean): string {
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(report);
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, `${name}.md`), markdown);
  if (toDocs) {
    const readme = path.join(import.meta.dirname, '..', '..', 'docs', 'performance.md');
    const text = readFileSync(readme, 'utf8');
    const [start, end] = ['<!-- bench:start -->', '<!-- bench:end -->'];
    if (!text.includes(start) || !text.includes(end)) throw new Error('docs/performance.md has no bench markers');
    writeFileSync(
      readme,
      `${text.slice(0, text.indexOf(start) + start.length)}\n${markdown}${text.slice(text.indexOf(end))}`,
    );
  }
  return markdown;
}
