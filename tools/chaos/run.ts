// `npm run chaos` (about ten minutes) or `npm run chaos -- --quick` (the CI run, about three; shortened
// by about 45 s of workload and settling to pay for CI's tiny national day):
// a mixed workload over HTTP while workers are SIGKILLed, the Temporal server is SIGKILLed and
// restarted on its database file, SMTP goes down and then refuses (4xx, then 5xx), and the
// register's PostgreSQL is cut off; then, with everything back, the invariants. Loopback only.
// Writes tools/chaos/results/latest.json (or quick.json); --docs (or --readme) also refreshes the table in docs/testing.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkInvariants, type InvariantReport } from './invariants.ts';
import { startChaosSystem } from './chaos-system.ts';
import { httpClient, newExpected, prisonerSource, races, session, type Tokens } from './workload.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const quick = process.argv.includes('--quick');
const plan = quick
  ? {
      workloadMs: 75_000,
      users: 6,
      workerKills: 4,
      temporalKills: 1,
      races: 100,
      burstRaces: 200,
      smtpDownMs: 15_000,
      smtpRefusingMs: 8_000,
      databaseCuts: 1,
      databaseDownMs: 8_000,
      settleMs: 35_000,
    }
  : {
      workloadMs: 420_000,
      users: 10,
      workerKills: 20,
      temporalKills: 3,
      races: 1_000,
      burstRaces: 1_000,
      smtpDownMs: 120_000,
      smtpRefusingMs: 45_000,
      databaseCuts: 2,
      databaseDownMs: 20_000,
      settleMs: 90_000,
    };
const log = (message: string) => process.stdout.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const began = Date.now();
// The run stops by itself: a hard limit well past its plan.
const deadline = setTimeout(
  () => {
    console.error('chaos: over its time limit; stopping');
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(2), 30_000).unref();
  },
  plan.workloadMs + plan.settleMs + 20 * 60_000,
);
deadline.unref();

const sys = await startChaosSystem(Math.max(5_000, (plan.races + plan.burstRaces) * 2 + 2_000));
// Stopped early (Ctrl-C, CI's timeout): take the workers, the API and the Temporal server down too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`chaos: ${signal}; stopping the system`);
    void sys.stop().finally(() => process.exit(130));
  });
}
log(`system up in ${Math.round((Date.now() - began) / 1000)} s; the workers' and API's logs go to ${sys.partsLogFile}`);
const sign = (user: string, roles: string[], caseload: string[] = []) =>
  sys.issuer.sign({ user, roles, caseload, expiresInSeconds: 4 * 3_600 });
const tokens: Tokens = {
  officer: await sign('chaos.officer', ['PRISON_STAFF'], ['MDI']),
  officer2: await sign('chaos.officer2', ['PRISON_STAFF'], ['MDI']),
  governor: await sign('chaos.governor', ['DUTY_GOVERNOR'], ['MDI']),
  expert: await sign('chaos.expert', ['COURT_EXPERT']),
  lead: await sign('chaos.lead', ['QUERY_UNIT_LEAD']),
  vlo: await sign('chaos.vlo', ['VICTIM_LIAISON']),
  sync: await sign('chaos.sync', ['PRISON_SYNC']),
};
const http = httpClient(sys.baseUrl, 30_000, began);
const burstHttp = httpClient(sys.baseUrl, 120_000, began);
const burstOutcomes: Record<string, number> = {};
let burstSeconds: number | undefined;
const expected = newExpected();
const next = prisonerSource();
const faults: { at: number; what: string }[] = [];
const fault = (what: string) => {
  faults.push({ at: Math.round((Date.now() - began) / 1000), what });
  log(what);
};

let report: { invariants: InvariantReport[]; raceOutcomes: Record<string, number> } | undefined;
try {
  const workloadStart = Date.now();
  const until = workloadStart + plan.workloadMs;
  // The users: sessions back to back until the workload's time is up.
  const users = Array.from({ length: plan.users }, async () => {
    while (Date.now() < until) {
      const before = http.sent.length;
      await session(http, tokens, expected, next, (match) => sys.mail.waitFor(match, { timeoutMs: 30_000 })).catch(
        () => undefined,
      );
      // A person whose request failed waits a moment before trying again, rather than hammering.
      if (http.sent.slice(before).some((s) => s.outcome === 'AMBIGUOUS')) await sleep(2_000);
    }
  });
  // The races, at once, while everything else goes on.
  const raceRun = races(http, tokens, plan.races, next);
  // The faults, spread over the workload.
  const faultPlan = (async () => {
    const slot = plan.workloadMs / (plan.workerKills + 1);
    const temporalAt = Array.from({ length: plan.temporalKills }, (_, i) =>
      Math.floor(((i + 1) * plan.workerKills) / (plan.temporalKills + 1)),
    );
    const smtpAt = Math.floor(plan.workerKills / 3);
    const databaseAt = Array.from(
      { length: plan.databaseCuts },
      (_, i) => Math.floor(((i + 1) * plan.workerKills) / (plan.databaseCuts + 1)) + 1,
    );
    for (let i = 0; i < plan.workerKills; i++) {
      await sleep(slot * (0.5 + Math.random()));
      fault(`worker SIGKILLed (${i + 1} of ${plan.workerKills})`);
      await sys.killWorker();
      if (temporalAt.includes(i)) {
        fault('Temporal server SIGKILLed; restarting on its database file in 5 s');
        await sys.killTemporal(5_000);
      }
      if (databaseAt.includes(i)) {
        fault(`PostgreSQL (the register) unreachable for ${plan.databaseDownMs / 1000} s`);
        await sys.cutDatabase(plan.databaseDownMs);
      }
      if (i === smtpAt) {
        void (async () => {
          fault(`SMTP down for ${plan.smtpDownMs / 1000} s`);
          await sys.mail.stop();
          await sleep(plan.smtpDownMs);
          await sys.mail.start();
          fault(`SMTP refusing with 451 for ${plan.smtpRefusingMs / 1000} s`);
          sys.mail.recipientVerdict = () => ({ code: 451, message: 'Try again later' });
          await sleep(plan.smtpRefusingMs);
          fault(`SMTP refusing team mailboxes with 550 for ${plan.smtpRefusingMs / 1000} s`);
          sys.mail.recipientVerdict = (address) =>
            address.startsWith('vlo-team') ? { code: 550, message: 'Mailbox unavailable' } : undefined;
          await sleep(plan.smtpRefusingMs);
          sys.mail.recipientVerdict = undefined;
          fault('SMTP accepting again');
        })();
      }
    }
  })();
  const [raceResults] = await Promise.all([raceRun, faultPlan, ...users]);
  const raceOutcomes: Record<string, number> = {};
  for (const r of raceResults)
    raceOutcomes[`hold ${r.hold} / release ${r.release}`] =
      (raceOutcomes[`hold ${r.hold} / release ${r.release}`] ?? 0) + 1;
  // Then every race at once, as the issue asks: a burst of simultaneous holds and releases, with a
  // client that waits two minutes, so each ends in an answer rather than the client giving up.
  log(`burst: ${plan.burstRaces} hold-versus-release races sent at once`);
  const burstStart = Date.now();
  const burstResults = await races(burstHttp, tokens, plan.burstRaces, next, plan.burstRaces);
  burstSeconds = Math.round((Date.now() - burstStart) / 1000);
  for (const r of burstResults)
    burstOutcomes[`hold ${r.hold} / release ${r.release}`] =
      (burstOutcomes[`hold ${r.hold} / release ${r.release}`] ?? 0) + 1;
  log(`burst answered in ${burstSeconds} s: ${JSON.stringify(burstOutcomes)}`);
  log(
    `workload done: ${http.sent.length} requests, ${http.sent.filter((s) => s.outcome === 'DONE').length} accepted, ${http.sent.filter((s) => s.outcome === 'AMBIGUOUS').length} ambiguous`,
  );
  // Everything back; let retries, owed effects and ladders catch up.
  sys.mail.recipientVerdict = undefined;
  if (!sys.mail.running) await sys.mail.start();
  await sleep(plan.settleMs);
  const invariants = await checkInvariants({
    client: sys.client,
    expected,
    sent: [...http.sent, ...burstHttp.sent],
    mail: sys.mail.messages(),
    auditFile: sys.auditFile,
    minutes: (Date.now() - workloadStart) / 60_000,
  });
  report = { invariants, raceOutcomes };
} finally {
  await sys.stop();
}

const invariants = report!.invariants;
const result = {
  quick,
  at: new Date().toISOString(),
  seconds: Math.round((Date.now() - began) / 1000),
  faults: {
    workerKills: faults.filter((f) => f.what.startsWith('worker')).length,
    temporalKills: faults.filter((f) => f.what.startsWith('Temporal')).length,
    smtpOutages: faults.filter((f) => f.what.startsWith('SMTP down')).length,
    databaseCuts: faults.filter((f) => f.what.startsWith('PostgreSQL')).length,
    timeline: faults,
  },
  workload: {
    requests: http.sent.length,
    accepted: http.sent.filter((s) => s.outcome === 'DONE').length,
    refused: http.sent.filter((s) => s.outcome === 'REFUSED').length,
    ambiguous: http.sent.filter((s) => s.outcome === 'AMBIGUOUS').length,
    server5xx: http.sent.filter((s) => s.status >= 500).length,
    byStatus: Object.fromEntries(
      [...new Set(http.sent.map((s) => s.status))]
        .sort()
        .map((status) => [status, http.sent.filter((s) => s.status === status).length]),
    ),
    /** Each 10 seconds of the run: what was sent and how it ended, to set beside the fault timeline. */
    timeline: Array.from({ length: Math.floor(Math.max(0, ...http.sent.map((s) => s.at)) / 10_000) + 1 }, (_, i) => {
      const inSlot = http.sent.filter((s) => Math.floor(s.at / 10_000) === i);
      return {
        from: i * 10,
        done: inSlot.filter((s) => s.outcome === 'DONE').length,
        refused: inSlot.filter((s) => s.outcome === 'REFUSED').length,
        ambiguous: inSlot.filter((s) => s.outcome === 'AMBIGUOUS').length,
      };
    }),
    queries: expected.queries.size,
    holds: expected.holds.size,
    incidents: expected.incidents.size,
    races: plan.races,
    raceOutcomes: report!.raceOutcomes,
    burstRaces: plan.burstRaces,
    burstOutcomes,
    burstSeconds,
    burstByStatus: Object.fromEntries(
      [...new Set(burstHttp.sent.map((b) => b.status))]
        .sort()
        .map((status) => [status, burstHttp.sent.filter((b) => b.status === status).length]),
    ),
  },
  invariants,
  held: invariants.every((i) => i.violations === 0),
};
const dir = path.join(ROOT, 'tools', 'chaos', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, quick ? 'quick.json' : 'latest.json'), JSON.stringify(result, null, 2));
for (const i of invariants)
  log(
    `${i.violations === 0 ? 'held' : 'BROKEN'}: ${i.name} (${i.checked} checked${i.violations ? `, ${i.violations} violations: ${i.examples.join('; ')}` : ''})`,
  );

if (process.argv.includes('--docs') || process.argv.includes('--readme')) {
  const table = [
    `Run ${result.at.slice(0, 16).replace('T', ' ')} UTC, ${result.seconds} s: ${result.faults.workerKills} worker SIGKILLs, ${result.faults.temporalKills} Temporal server SIGKILLs and restarts, ${result.faults.smtpOutages} SMTP outage then 451 then 550, ${result.faults.databaseCuts} PostgreSQL cuts; ${result.workload.requests} requests (${result.workload.accepted} accepted, ${result.workload.ambiguous} ambiguous), ${result.workload.races} release-versus-hold races in waves of 50 during the faults, then ${result.workload.burstRaces} sent at once (outcomes: ${Object.entries(
      result.workload.burstOutcomes,
    )
      .map(([k, n]) => `${k}: ${n}`)
      .join('; ')}).`,
    '',
    '| invariant | checked | violations |',
    '| --- | --- | --- |',
    ...invariants.map((i) => `| ${i.name} | ${i.checked} | ${i.violations} |`),
  ].join('\n');
  const docs = path.join(ROOT, 'docs', 'testing.md');
  const readme = readFileSync(docs, 'utf8');
  writeFileSync(
    docs,
    readme.replace(
      /<!-- chaos:start -->[\s\S]*<!-- chaos:end -->/,
      `<!-- chaos:start -->\n${table}\n<!-- chaos:end -->`,
    ),
  );
}
log(result.held ? 'every invariant held' : 'an invariant was broken');
process.exit(result.held ? 0 : 1);
