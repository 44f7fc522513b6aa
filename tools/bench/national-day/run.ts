// `npm run bench -- --national-day [--compress N] [--share F] [--window HH-HH] [--day weekday|friday] [--court-feed burst|paced]
// [--tiny] [--docs] [--label L]`: a national day, generated from published figures (figures.ts),
// played against the bench system at N times real time, its service levels checked every simulated
// hour and over the whole day. Appends the run to tools/bench/results/national-day.json; --docs writes
// the table of every run kept there into docs/performance-national-day.md.
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../../../src/infra/free-port.ts';
import { COURT_RECONCILIATION_WORKFLOW } from '../../../src/workflows/definitions.ts';
import { jsonClient } from '../http.ts';
import { histogram, quantileOf, since, type Buckets } from '../prometheus.ts';
import { percentile } from '../stats.ts';
import { startBenchSystem } from '../bench-system.ts';
import { allHeld, evaluate, firstBreak, type Level, type Samples } from './levels.ts';
import { courtBatch } from './court-batch.ts';
import { courtWatch } from './court-watch.ts';
import { MailIndex } from './mail.ts';
import { signedInReader } from './pages.ts';
import { planDay, windowOf, type DayEvent, type PageName } from './plan.ts';
import { seedNationalRegister } from './register.ts';
import { optionsFromArgs } from './options.ts';
import type { DayRun } from './report.ts';
import { writeDayRun } from './results-file.ts';
import {
  inboxEmail,
  readPage,
  reception,
  release,
  syncReleaseDate,
  transfer,
  urgentQuery,
  vcsRegister,
  type Day,
  type SampleKind,
  type Timed,
} from './workload.ts';

const REGISTER_SIZE = 85_000;
const COURT_SECRET = 'national-day-court-results-signing-secret-000001';
const WORKFLOW_STS = 'temporal_workflow_task_schedule_to_start_latency';
const ACTIVITY_STS = 'temporal_activity_schedule_to_start_latency';

const log = (message: string) =>
  process.stdout.write(`[national-day ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => (xs.length ? percentile(xs, 50) : 0);

export async function nationalDay(): Promise<void> {
  const opts = optionsFromArgs();
  const began = Date.now();
  const [from, to] = opts.window;
  const plan = planDay({
    day: opts.day,
    share: opts.share,
    registerSize: REGISTER_SIZE,
    seed: opts.seed,
    ...(opts.tiny ? { escalating: 0 } : {}),
  });
  const { setup, timed } = windowOf(plan, from, to);
  log(
    `plan: ${JSON.stringify(plan.counts)}; window ${from}–${to}: ${timed.length} events at ${opts.compress}× (${(((to - from) * 3600) / opts.compress / 60).toFixed(1)} min)`,
  );

  const inboxPort = await freePort();
  // Pulled: the hourly pull reads a drop directory, run by the day at each batch (the Schedule's
  // hour is real time, which the day compresses, so it is off).
  const courtDrop = opts.courtFeed === 'pulled' ? await mkdtemp(path.join(os.tmpdir(), 'nd-court-drop-')) : null;
  const sys = await startBenchSystem({
    prisonersPerSeries: 0,
    env: {
      INBOX_SMTP: 'true',
      INBOX_SMTP_PORT: String(inboxPort),
      COURT_RESULTS_SIGNING_SECRET: COURT_SECRET,
      ...(courtDrop ? { COURT_RESULTS_DROP_DIR: courtDrop, COURT_RESULTS_SCHEDULE: 'false' } : {}),
    },
  });
  const mail = new MailIndex(sys.mail);
  const watch = await courtWatch(sys.registerSchema);
  try {
    const people = await seedNationalRegister(sys.registerSchema, REGISTER_SIZE, opts.seed);
    const prisons = [...new Set(people.map((p) => p.prisonCode))];
    log(`system up and ${people.length} people in the register in ${((Date.now() - began) / 1000).toFixed(0)} s`);

    const sign = (user: string, roles: string[], caseload: string[] = []) =>
      sys.issuer.sign({ user, roles, caseload, expiresInSeconds: 4 * 3_600 });
    const deskTokens = new Map<string, Promise<{ officer: string; completer: string; verifier: string }>>();
    const tokens = {
      expert: await sign('nd.expert', ['COURT_EXPERT']),
      lead: await sign('nd.lead', ['QUERY_UNIT_LEAD']),
      vlo: await sign('nd.vlo', ['VICTIM_LIAISON']),
      sync: await sign('nd.sync', ['PRISON_SYNC']),
      court: await sign('nd.court-feed', ['COURT_RESULTS']),
      prison(code: string) {
        if (!deskTokens.has(code)) {
          const low = code.toLowerCase();
          deskTokens.set(
            code,
            Promise.all([
              sign(`nd.${low}.officer`, ['PRISON_STAFF'], [code]),
              sign(`nd.${low}.officer2`, ['PRISON_STAFF'], [code]),
              sign(`nd.${low}.governor`, ['DUTY_GOVERNOR'], [code]),
            ]).then(([officer, completer, verifier]) => ({ officer, completer, verifier })),
          );
        }
        return deskTokens.get(code)!;
      },
    };
    const readerOf = async (persona: string, pagePath: string) => ({
      path: pagePath,
      ...(await signedInReader(sys.baseUrl, persona)),
    });
    const readers: Record<PageName, { path: string; read(p: string): Promise<void> }> = {
      queue: await readerOf('expert', '/queue'),
      desk: await readerOf('mdi-officer', '/discharge-desk'),
      triage: await readerOf('expert', '/triage'),
      reports: await readerOf('lead', '/reports'),
    };

    const samples: Record<SampleKind, Timed[]> = {
      gate: [],
      releaseToMail: [],
      raiseToHold: [],
      courtToHold: [],
      pages: [],
      escalationLateness: [],
    };
    let dayStart = performance.now();
    const expected = new Map<
      string,
      { recipient: string; what: string; match: (s: string) => boolean; count: number }
    >();
    const day: Day = {
      call: jsonClient(sys.baseUrl),
      baseUrl: sys.baseUrl,
      mail,
      people,
      prisons,
      tokens,
      courtSecret: COURT_SECRET,
      inboxPort,
      simMinutes: (minutes) => (minutes * 60_000) / opts.compress,
      record: (kind, ms) => samples[kind].push({ at: performance.now() - dayStart, ms }),
      expect(recipient, what, match) {
        const key = `${recipient}|${what}`;
        const entry = expected.get(key) ?? { recipient, what, match, count: 0 };
        entry.count++;
        expected.set(key, entry);
      },
      readers,
      courtWatch: watch,
      ...(courtDrop
        ? {
            courtPull: {
              dir: courtDrop,
              run: () =>
                sys.client.workflow.execute(COURT_RECONCILIATION_WORKFLOW, {
                  taskQueue: sys.taskQueue,
                  workflowId: `nd-court-pull-${randomUUID()}`,
                }),
            },
          }
        : {}),
    };

    const errors: DayRun['errors'] = {};
    const inFlight = new Set<Promise<void>>();
    const played: Record<string, number> = {};
    const act = (e: DayEvent): Promise<unknown> => {
      switch (e.kind) {
        case 'vcs-register':
          return vcsRegister(day, e.person);
        case 'sync-release-date':
          return syncReleaseDate(
            day,
            e.person,
            plan.events.some((x) => x.kind === 'release' && x.person === e.person && x.vcs),
          );
        case 'release':
          return release(day, e.person, e.vcs, e.inError);
        case 'query':
          return urgentQuery(day, e.person, e.escalating);
        case 'court-batch':
          return courtBatch(day, e.custodial, e.others, e.batch, opts.courtFeed);
        case 'inbox':
          return inboxEmail(day, e.person, e.n);
        case 'reception':
          return reception(day, e.n);
        case 'transfer':
          return transfer(day, e.person);
        case 'page':
          return readPage(day, e.page);
      }
    };
    const fire = (e: DayEvent) => {
      played[e.kind] = (played[e.kind] ?? 0) + 1;
      const running: Promise<void> = act(e)
        .then(() => undefined)
        .catch((err: Error) => {
          const entry = (errors[e.kind] ??= {
            count: 0,
            first: err.message.replace(/[A-Z]\d{4}[A-Z]{2}/g, '{prisoner}').slice(0, 300),
          });
          entry.count++;
        })
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    };

    // Before the window: what its releases need (VLO registrations, then release dates), untimed.
    for (const kind of ['vcs-register', 'sync-release-date'] as const) {
      const batch = setup.filter((e) => e.kind === kind);
      for (let i = 0; i < batch.length; i += 16)
        await Promise.all(
          batch
            .slice(i, i + 16)
            .map((e) =>
              act(e).catch(
                (err: Error) =>
                  ((errors[`setup ${kind}`] ??= { count: 0, first: err.message.slice(0, 300) }).count += 1),
              ),
            ),
        );
    }
    if (setup.length) log(`setup: ${setup.length} events before the window (registrations and release dates)`);

    // The day: each event fired at its simulated time, compressed; levels checked each simulated hour.
    const metrics = async () => (await sys.metricsText('worker').catch(() => '')) || '';
    const scrape = async (): Promise<{ wf: Buckets; act: Buckets }> => {
      const text = await metrics();
      return { wf: histogram(text, WORKFLOW_STS), act: histogram(text, ACTIVITY_STS) };
    };
    const failedWorkflows = async () =>
      Number(
        (
          await sys.client.workflow.count(
            'ExecutionStatus="Failed" OR ExecutionStatus="Terminated" OR ExecutionStatus="TimedOut"',
          )
        ).count,
      );
    const p95ms = (b: Buckets) => {
      const q = quantileOf(b, 0.95);
      return q === null ? null : q * 1000;
    };
    const load = { start: os.loadavg(), end: [] as number[] };
    const hourMs = 3_600_000 / opts.compress;
    const startScrape = await scrape();
    let lastScrape = startScrape;
    const rss: { at: number; worker: number; api: number; server: number | null }[] = [];
    const hourly: { hour: number; levels: Level[]; tasks: { workflow: number; activity: number } }[] = [];
    // Tasks started (the +Inf bucket of schedule-to-start counts every one): the day's work for the engine.
    const started = (b: Buckets) => b.get(Number.POSITIVE_INFINITY) ?? 0;
    const samplesIn = (fromMs: number, toMs: number): Samples => {
      const pick = (kind: SampleKind) => samples[kind].filter((s) => s.at >= fromMs && s.at < toMs).map((s) => s.ms);
      return {
        gate: pick('gate'),
        releaseToMail: pick('releaseToMail'),
        raiseToHold: pick('raiseToHold'),
        courtToHold: pick('courtToHold'),
        pages: pick('pages'),
        escalationLateness: pick('escalationLateness'),
      };
    };
    let checking = true;
    const checker = (async () => {
      // Every hour of the window is checked; after it, hours of overtime while actors finish.
      for (let h = from; h < to || checking; h++) {
        const due = (h + 1 - from) * hourMs;
        while ((h < to || checking) && performance.now() - dayStart < due)
          await sleep(Math.min(250, due - (performance.now() - dayStart)));
        if (h >= to && !checking) break;
        const now = await scrape();
        const [w, a] = await Promise.all([sys.workerMetrics(), sys.apiMetrics()]);
        rss.push({
          at: performance.now() - dayStart,
          worker: w.rssBytes / 2 ** 20,
          api: a.rssBytes / 2 ** 20,
          server: (sys.serverRssBytes() ?? 0) / 2 ** 20 || null,
        });
        const levels = evaluate(samplesIn(due - hourMs, due), {
          workflowScheduleToStartP95: p95ms(since(lastScrape.wf, now.wf)),
          activityScheduleToStartP95: p95ms(since(lastScrape.act, now.act)),
          failedWorkflows: await failedWorkflows().catch(() => 0),
          lostNotices: 0,
        });
        hourly.push({
          hour: h,
          levels,
          tasks: { workflow: started(since(lastScrape.wf, now.wf)), activity: started(since(lastScrape.act, now.act)) },
        });
        lastScrape = now;
        const broken = levels.filter((l) => l.status === 'broken').map((l) => `${l.name} ${l.value?.toFixed(0)}`);
        log(
          `${String(h).padStart(2, '0')}:00–${String(h + 1).padStart(2, '0')}:00 ${broken.length ? `BROKEN: ${broken.join(', ')}` : 'every level held'} (in flight ${inFlight.size}, load ${os.loadavg()[0]!.toFixed(2)})`,
        );
      }
    })();

    dayStart = performance.now();
    const lags: number[] = [];
    for (const e of timed) {
      const due = ((e.at - from * 3600) * 1000) / opts.compress;
      const wait = due - (performance.now() - dayStart);
      if (wait > 0) await sleep(wait);
      lags.push(Math.max(0, performance.now() - dayStart - due));
      fire(e);
    }
    const windowEnd = (to - from) * hourMs;
    if (performance.now() - dayStart < windowEnd) await sleep(windowEnd - (performance.now() - dayStart));
    log(`window played: ${timed.length} events; waiting for ${inFlight.size} in flight`);
    const deadline = Date.now() + 5 * 60_000;
    while (inFlight.size && Date.now() < deadline) await sleep(500);
    if (inFlight.size)
      (errors['still in flight'] ??= { count: 0, first: 'not finished within 5 minutes after the window' }).count +=
        inFlight.size;
    checking = false;
    await checker;

    // Lost notices: every email the day expects, given a minute's grace to arrive.
    const missing = () =>
      [...expected.values()].reduce(
        (n, e) => n + Math.max(0, e.count - mail.to(e.recipient, (m) => e.match(m.subject ?? '')).length),
        0,
      );
    for (let i = 0; i < 60 && missing() > 0; i++) await sleep(1_000);
    const endScrape = await scrape();
    load.end = os.loadavg();
    const levels = evaluate(samplesIn(0, Number.POSITIVE_INFINITY), {
      workflowScheduleToStartP95: p95ms(since(startScrape.wf, endScrape.wf)),
      activityScheduleToStartP95: p95ms(since(startScrape.act, endScrape.act)),
      failedWorkflows: await failedWorkflows(),
      lostNotices: missing(),
    });
    const first =
      firstBreak(hourly) ?? (allHeld(levels) ? null : { hour: to, level: levels.find((l) => l.status === 'broken')! });
    const steady = rss.slice(Math.floor(rss.length / 2));
    const serverRss = steady.map((s) => s.server).filter((s): s is number => s !== null);
    const run: DayRun = {
      label: opts.label,
      date: new Date(began).toISOString(),
      durationSeconds: Math.round((Date.now() - began) / 1000),
      options: {
        compress: opts.compress,
        share: opts.share,
        window: opts.window,
        day: opts.day,
        courtFeed: opts.courtFeed,
        seed: opts.seed,
        tiny: opts.tiny,
      },
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        temporalServer: sys.temporalVersion,
        persistence: 'Temporal dev server, SQLite file; register on PostgreSQL',
      },
      load,
      counts: plan.counts,
      played,
      levels,
      firstBroken: first ? { hour: first.hour, level: first.level.name, value: first.level.value } : null,
      hourly,
      rssMB: {
        worker: median(steady.map((s) => s.worker)),
        api: median(steady.map((s) => s.api)),
        server: serverRss.length ? median(serverRss) : null,
      },
      errors,
      driverLagMs: { p95: lags.length ? percentile(lags, 95) : 0, max: lags.length ? Math.max(...lags) : 0 },
      mailCaught: mail.total,
      tasks: {
        workflow: started(since(startScrape.wf, endScrape.wf)),
        activity: started(since(startScrape.act, endScrape.act)),
      },
    };
    writeDayRun(run, opts.docs, log);
    for (const l of levels)
      log(
        `${l.status === 'broken' ? 'BROKEN' : l.status === 'held' ? 'held  ' : 'n/a   '} ${l.name}: ${l.value === null ? 'not measured' : l.value.toFixed(l.unit === 'ms' ? 1 : 0)} (limit ${l.limit}, ${l.samples} samples)`,
      );
    log(
      `first broken: ${run.firstBroken ? `${run.firstBroken.level} at ${run.firstBroken.hour}:00` : 'none'}; errors: ${JSON.stringify(errors)}; RSS MB ${JSON.stringify(run.rssMB)}; driver lag p95 ${run.driverLagMs.p95.toFixed(0)} ms`,
    );
  } finally {
    mail.stop();
    await watch.stop();
    await sys.stop();
  }
}
