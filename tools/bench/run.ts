// `npm run bench` (about 10 minutes) or `npm run bench -- --quick` (the CI smoke run, about a minute).
// `npm run bench -- --national-day` plays a compressed national day instead (docs/performance-national-day.md).
// `--docs` (or `--readme`) also writes the table into docs/performance.md. `--scale` takes the cost
// curve on to 20,000 open cases, to find where the embedded server stops keeping up (not in CI).
import os from 'node:os';
import { jsonClient } from './http.ts';
import type { LoadResult } from './load.ts';
import { writeReport, type BenchReport, type CostLevel } from './report.ts';
import { bareStart, skeleton } from './scenarios/baselines.ts';
import { performance } from 'node:perf_hooks';
import { sampleCost } from './scenarios/cost-curve.ts';
import { registerLookups } from './scenarios/register-lookup.ts';
import { skeletonGate } from './scenarios/skeleton-gate.ts';
import { histogram, quantileOf, since } from './prometheus.ts';
import { BENCH_DATABASE_URL, seedPrisoners } from './register.ts';
import { openRegister } from '../../src/infra/register/open-register.ts';
import { fullCycle } from './scenarios/full-cycle.ts';
import { workPerCycle } from './scenarios/work-per-cycle.ts';
import { syntheticPrisoner } from './http.ts';
import { releaseGate } from './scenarios/release-gate.ts';
import { releaseToMail } from './scenarios/release-to-mail.ts';
import { assertClean, callLatency, latency, spread, spreadOf, throughputOf } from './stats.ts';
import { startBenchSystem } from './bench-system.ts';

// The national day is a workload of its own (tools/bench/national-day/run.ts), on the same system.
if (process.argv.includes('--national-day')) {
  await (await import('./national-day/run.ts')).nationalDay();
  process.exit(0);
}

const quick = process.argv.includes('--quick');
const scale = process.argv.includes('--scale');
const plan = quick
  ? {
      reps: 2,
      warmMs: 500,
      runMs: 1_000,
      baselineConcurrency: 8,
      cycleConcurrency: [1, 8],
      gateLevels: [20, 60],
      gateReads: 20,
      mailPerRep: 2,
      costSamples: 2,
      registerReads: 200,
      scale,
    }
  : {
      reps: 3,
      warmMs: 2_000,
      runMs: 5_000,
      baselineConcurrency: 8,
      cycleConcurrency: [1, 8, 32],
      gateLevels: scale ? [100, 1_000, 5_000, 10_000, 20_000] : [100, 1_000, 5_000],
      gateReads: 200,
      mailPerRep: 10,
      costSamples: 3,
      registerReads: 2_000,
      scale,
    };

const log = (message: string) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const began = Date.now();

/** A warm-up run that is thrown away, then `reps` measured runs. */
async function repeated<T>(name: string, run: (durationMs: number) => Promise<T>): Promise<T[]> {
  await run(plan.warmMs);
  const runs: T[] = [];
  for (let i = 0; i < plan.reps; i++) runs.push(await run(plan.runMs));
  log(`${name}: ${plan.reps} runs`);
  return runs;
}

// Enough synthetic prisoners for every series a scenario draws on (the gate's holds are the most).
const perSeries = Math.max(20_000, ...plan.gateLevels);
const sys = await startBenchSystem({ prisonersPerSeries: perSeries });
log(`system up in ${((Date.now() - began) / 1000).toFixed(0)} s`);
try {
  const call = jsonClient(sys.baseUrl);
  const tokens = {
    prison: await sys.issuer.sign({
      user: 'bench.prison',
      roles: ['PRISON_STAFF'],
      caseload: ['MDI'],
      expiresInSeconds: 3_600,
    }),
    prison2: await sys.issuer.sign({
      user: 'bench.prison2',
      roles: ['PRISON_STAFF'],
      caseload: ['MDI'],
      expiresInSeconds: 3_600,
    }),
    governor: await sys.issuer.sign({
      user: 'bench.governor',
      roles: ['DUTY_GOVERNOR'],
      caseload: ['MDI'],
      expiresInSeconds: 3_600,
    }),
    expert: await sys.issuer.sign({ user: 'bench.expert', roles: ['COURT_EXPERT'], expiresInSeconds: 3_600 }),
    vlo: await sys.issuer.sign({ user: 'bench.vlo', roles: ['VICTIM_LIAISON'], expiresInSeconds: 3_600 }),
    sync: await sys.issuer.sign({ user: 'bench.sync', roles: ['PRISON_SYNC'], expiresInSeconds: 3_600 }),
  };

  // The register lookup every request makes, on PostgreSQL (the bench's register) and on the embedded PGlite,
  // timed first, on a quiet machine: after the load runs, the catching-up server and workers were its tail.
  const lookups = { postgres: [] as number[][], embedded: [] as number[][] };
  {
    const pgReg = await openRegister({ url: BENCH_DATABASE_URL, schema: sys.registerSchema, poolSize: 2 });
    const embedded = await openRegister({ memory: true });
    await seedPrisoners(embedded.db, perSeries);
    for (const [kind, reg] of [
      ['postgres', pgReg],
      ['embedded', embedded],
    ] as const) {
      await registerLookups(reg.register, perSeries, 500); // warm-up
      for (let i = 0; i < plan.reps; i++)
        lookups[kind].push(await registerLookups(reg.register, perSeries, plan.registerReads));
      await reg.db.close();
    }
    log('register lookups: done');
  }

  // ---- baselines: the engine's own limit, same machine, same run ----
  const bare = await repeated('bare start', (ms) => bareStart(sys, plan.baselineConcurrency, ms));
  assertClean('bare start', bare);
  const skel = await repeated('skeleton', (ms) => skeleton(sys, plan.baselineConcurrency, ms));
  assertClean('skeleton', skel);
  // The skeleton at the busiest concurrency too, for claim's p99 under the same load.
  const busiest = Math.max(...plan.cycleConcurrency);
  const skelBusiest =
    busiest === plan.baselineConcurrency
      ? skel
      : await repeated(`skeleton ×${busiest}`, (ms) => skeleton(sys, busiest, ms));
  assertClean(`skeleton ×${busiest}`, skelBusiest);

  // ---- the project ----
  const cycles: Record<number, LoadResult[]> = {};
  for (const concurrency of plan.cycleConcurrency) {
    cycles[concurrency] = await repeated(`full cycle ×${concurrency}`, (ms) =>
      fullCycle(call, tokens, concurrency, ms),
    );
    assertClean(`full cycle ×${concurrency}`, cycles[concurrency]!);
  }
  // The last prisoner of series F: the full cycles start from the first.
  const work = await workPerCycle(sys, call, tokens, syntheticPrisoner('F', perSeries - 1));
  log('work per cycle: counted');

  const mail = releaseToMail(call, sys.mail, tokens);
  await mail.measure(1); // warm-up
  const mailRuns: number[][] = [];
  for (let i = 0; i < plan.reps; i++) mailRuns.push(await mail.measure(plan.mailPerRep));
  log('release to mail: done');

  const gate = releaseGate(call, tokens);
  const floor = skeletonGate(sys);
  const gateLevels = [];
  const costLevels: CostLevel[] = [];
  const SCHEDULE_TO_START = 'temporal_workflow_task_schedule_to_start_latency';
  // Where the embedded server stops keeping up: a --scale run records the level that broke, and why, and stops there.
  let knee: { openCases: number; error: string } | undefined;
  for (const level of plan.gateLevels) {
    try {
      const before = histogram(await sys.metricsText('worker'), SCHEDULE_TO_START);
      const started = performance.now();
      await gate.growTo(level);
      // Each hold is an open case waiting on its review timer: the cost curve is sampled here.
      const placedSeconds = (performance.now() - started) / 1000;
      const placing = since(before, histogram(await sys.metricsText('worker'), SCHEDULE_TO_START));
      const samples = await sampleCost(sys, level, plan.costSamples, 1_000);
      const cached = await sys.cachedWorkflows('worker');
      // The floor at the same count: skeleton holds on the baseline worker, run the same way.
      await floor.growTo(level);
      const floorSamples = await sampleCost(sys, level, plan.costSamples, 1_000, 'baseline');
      const floorCached = await sys.cachedWorkflows('baseline');
      costLevels.push({
        openCases: level,
        placedSeconds,
        placedPerSecond: (level - (costLevels.at(-1)?.openCases ?? 0)) / placedSeconds,
        scheduleToStartP95Ms: (quantileOf(placing, 0.95) ?? 0) * 1000,
        cachedWorkflows: cached,
        skeletonCachedWorkflows: floorCached,
        skeletonRssMB: spread(floorSamples.map((s) => s.worker.rssBytes / 2 ** 20)),
        workerRssMB: spread(samples.map((s) => s.worker.rssBytes / 2 ** 20)),
        workerHeapMB: spread(samples.map((s) => s.worker.heapUsedBytes / 2 ** 20)),
        eventLoopP99Ms: spread(samples.map((s) => s.worker.eventLoop.p99)),
        eventLoopMaxMs: spread(samples.map((s) => s.worker.eventLoop.max)),
        databaseMB: spread(samples.map((s) => s.databaseBytes / 2 ** 20)),
      });
      await gate.ask(Math.min(20, plan.gateReads)); // warm-up
      const runs: number[][] = [];
      for (let i = 0; i < plan.reps; i++) runs.push(await gate.ask(plan.gateReads));
      await floor.ask(Math.min(20, plan.gateReads));
      const floorRuns: number[][] = [];
      for (let i = 0; i < plan.reps; i++) floorRuns.push(await floor.ask(plan.gateReads));
      gateLevels.push({
        holds: level,
        p50: spreadOf(runs, (r) => latency(r).p50),
        p95: spreadOf(runs, (r) => latency(r).p95),
        p99: spreadOf(runs, (r) => latency(r).p99),
        skeleton: {
          p50: spreadOf(floorRuns, (r) => latency(r).p50),
          p95: spreadOf(floorRuns, (r) => latency(r).p95),
          p99: spreadOf(floorRuns, (r) => latency(r).p99),
        },
      });
      log(`release gate and cost curve: ${level} holds`);
    } catch (err) {
      if (!scale || !costLevels.length) throw err;
      knee = { openCases: level, error: (err as Error).message };
      log(`stopped at ${level} open cases: ${knee.error}`);
      break;
    }
  }

  const headline = plan.cycleConcurrency.includes(plan.baselineConcurrency)
    ? plan.baselineConcurrency
    : plan.cycleConcurrency.at(-1)!;
  const bareP99 = callLatency(bare, 'startToComplete').p99.median;
  const raiseP99 = callLatency(cycles[headline]!, 'raise').p99.median;
  // The gate's targets are set at 5,000 holds; a --scale run goes on past it to find the knee.
  const targetGate = gateLevels.find((g) => g.holds === 5_000) ?? gateLevels.at(-1)!;
  const gateFirst = gateLevels[0]!.p99.median;
  const gateLast = targetGate.p99.median;
  const mailP95 = spreadOf(mailRuns, (r) => latency(r).p95);
  const firstCost = costLevels[0]!;
  const lastCost = costLevels.at(-1)!;
  // Memory per cached case: the growth of RSS over the growth of the cache, from the first level to the last.
  const perCase = (rss: (c: typeof lastCost) => number, cached: (c: typeof lastCost) => number) =>
    (rss(lastCost) - rss(firstCost)) / Math.max(1, cached(lastCost) - cached(firstCost));
  const holdMBPerCase = perCase(
    (c) => c.workerRssMB.median,
    (c) => c.cachedWorkflows,
  );
  const skeletonMBPerCase = perCase(
    (c) => c.skeletonRssMB.median,
    (c) => c.skeletonCachedWorkflows,
  );
  const claimP99 = callLatency(cycles[busiest]!, 'claim').p99.median;
  const skeletonUpdateP99 = callLatency(skelBusiest, 'update2').p99.median;
  const gateFloorLast = targetGate.skeleton.p99.median;
  const lookupP99 = {
    postgres: spreadOf(lookups.postgres, (r) => latency(r).p99),
    embedded: spreadOf(lookups.embedded, (r) => latency(r).p99),
  };
  const ratios = {
    fullCycleOverSkeleton: throughputOf(cycles[headline]!).median / throughputOf(skel).median,
    raiseP99OverBareStartP99: raiseP99 / bareP99,
    gateP99LastOverFirst: gateLast / gateFirst,
    claimP99OverSkeletonUpdateP99: claimP99 / skeletonUpdateP99,
    gateP99OverSkeletonGateP99: gateLast / gateFloorLast,
    memoryPerCaseOverSkeleton: holdMBPerCase / skeletonMBPerCase,
  };

  const report: BenchReport = {
    quick,
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - began) / 1000),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      temporalServer: sys.temporalVersion,
      persistence: 'Temporal dev server, SQLite file',
    },
    plan,
    baselines: {
      concurrency: plan.baselineConcurrency,
      bareStart: { throughput: throughputOf(bare), latency: callLatency(bare, 'startToComplete') },
      skeleton: {
        throughput: throughputOf(skel),
        cycle: callLatency(skel, 'cycle'),
        start: callLatency(skel, 'start'),
        update: callLatency(skel, 'update2'),
      },
      skeletonBusiest: {
        concurrency: busiest,
        throughput: throughputOf(skelBusiest),
        update: callLatency(skelBusiest, 'update2'),
      },
      memoryPerCachedCaseMB: { hold: holdMBPerCase, skeleton: skeletonMBPerCase },
    },
    registerLookup: {
      reads: plan.registerReads,
      postgres: { p50: spreadOf(lookups.postgres, (r) => latency(r).p50), p99: lookupP99.postgres },
      embedded: { p50: spreadOf(lookups.embedded, (r) => latency(r).p50), p99: lookupP99.embedded },
    },
    fullCycle: plan.cycleConcurrency.map((c) => ({
      concurrency: c,
      throughput: throughputOf(cycles[c]!),
      calls: Object.fromEntries(
        ['raise', 'claim', 'resolve', 'acknowledge', 'cycle'].map((name) => [name, callLatency(cycles[c]!, name)]),
      ),
    })),
    workPerCycle: work,
    releaseGate: gateLevels,
    releaseToMail: {
      perRun: plan.mailPerRep,
      p50: spreadOf(mailRuns, (r) => latency(r).p50),
      p95: mailP95,
      max: spreadOf(mailRuns, (r) => latency(r).max),
    },
    costCurve: costLevels,
    ...(knee ? { knee } : {}),
    ratios: {
      ...ratios,
      headlineConcurrency: headline,
      busiestConcurrency: busiest,
      gateTargetHolds: targetGate.holds,
    },
    targets: [
      {
        name: `Full cycle ≥ 0.7 × skeleton throughput (×${headline})`,
        value: `${ratios.fullCycleOverSkeleton.toFixed(2)} ×`,
        met: ratios.fullCycleOverSkeleton >= 0.7,
      },
      {
        name: `claim p99 ≤ 2 × skeleton update p99 (×${busiest})`,
        value: `${claimP99.toFixed(0)} vs ${skeletonUpdateP99.toFixed(0)} ms: ${ratios.claimP99OverSkeletonUpdateP99.toFixed(2)} ×`,
        met: ratios.claimP99OverSkeletonUpdateP99 <= 2,
      },
      {
        name: 'HTTP raise p99 ≤ 1.5 × bare start p99 + 10 ms',
        value: `${raiseP99.toFixed(1)} ms vs ${(1.5 * bareP99 + 10).toFixed(1)} ms`,
        met: raiseP99 <= 1.5 * bareP99 + 10,
      },
      {
        name: `release-status p99 ≤ 1.5 × skeleton gate p99 at ${targetGate.holds} holds`,
        value: `${gateLast.toFixed(1)} vs ${gateFloorLast.toFixed(1)} ms: ${ratios.gateP99OverSkeletonGateP99.toFixed(2)} ×`,
        met: ratios.gateP99OverSkeletonGateP99 <= 1.5,
      },
      {
        name: `release-status p99 < 25 ms at ${targetGate.holds} holds`,
        value: `${gateLast.toFixed(1)} ms`,
        met: gateLast < 25,
      },
      {
        name: `release-status growth ${gateLevels[0]!.holds} → ${targetGate.holds} holds ≤ 1.5 ×`,
        value: `${ratios.gateP99LastOverFirst.toFixed(2)} ×`,
        met: ratios.gateP99LastOverFirst <= 1.5,
      },
      {
        name: 'Memory per cached hold ≤ 2 × a skeleton workflow’s',
        // RSS can fall between samples (a collection): then the growth says nothing, and nothing is met.
        value:
          holdMBPerCase > 0 && skeletonMBPerCase > 0
            ? `${holdMBPerCase.toFixed(3)} vs ${skeletonMBPerCase.toFixed(3)} MB: ${ratios.memoryPerCaseOverSkeleton.toFixed(2)} ×`
            : `not measurable in this run (${holdMBPerCase.toFixed(3)} vs ${skeletonMBPerCase.toFixed(3)} MB)`,
        met: holdMBPerCase > 0 && skeletonMBPerCase > 0 && ratios.memoryPerCaseOverSkeleton <= 2,
      },
      {
        name: 'Register lookup p99 ≤ 2 ms, PostgreSQL',
        value: `${lookupP99.postgres.median.toFixed(2)} ms`,
        met: lookupP99.postgres.median <= 2,
      },
      {
        name: 'Register lookup p99 ≤ 2 ms, embedded',
        value: `${lookupP99.embedded.median.toFixed(2)} ms`,
        met: lookupP99.embedded.median <= 2,
      },
      { name: 'Release to mail p95 < 2 s', value: `${mailP95.median.toFixed(0)} ms`, met: mailP95.median < 2_000 },
    ],
  };

  const name = quick ? 'quick' : scale ? 'scale' : 'latest';
  const markdown = writeReport(report, name, process.argv.includes('--docs') || process.argv.includes('--readme'));
  process.stdout.write(`\n${markdown}\n`);
  log(`wrote tools/bench/results/${name}.json and .md in ${report.durationSeconds} s`);
} finally {
  await sys.stop();
}
