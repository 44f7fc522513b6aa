// `npm run match:eval` (85,000 people, 10,000 defendants and 3,000 hazards, on three seeds) or
// `-- --quick` (CI: 8,500 people, 1,000 defendants and 300 hazards, one seed): builds a labelled
// synthetic register in a schema of its own in PostgreSQL (TEST_DATABASE_URL, or
// postgres://postgres@127.0.0.1:5432/test), matches the defendants through the same matcher the
// service uses, and reports precision and recall per outcome band, wrong automatic matches per
// hazard (issue 26), and the throughput.
// Writes tools/match-eval/results/latest.json (or quick.json, or seeds-a-b-c.json for seeds of one's
// own: `-- --seeds a,b,c`); --docs (or --readme) refreshes the table in docs/court-results.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { MATCH_THRESHOLDS } from '../../src/domain/court/matching.ts';
import { openDatabase } from '../../src/infra/database/database.ts';
import { migrate } from '../../src/infra/database/migrate.ts';
import { postgresPersonMatcher } from '../../src/infra/register/person-matcher.ts';
import { HAZARDS, INDISTINGUISHABLE, syntheticDefendants, syntheticRegister } from './generator.ts';
import { hazardDefendants } from './hazard-defendants.ts';
import { seedRegister } from './seed-register.ts';
import { evaluate, evaluateHazards, type Evaluation, type HazardResult } from './match-metrics.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const quick = process.argv.includes('--quick');
const plan = quick
  ? { people: 8_500, defendants: 1_000, perHazard: 25 }
  : { people: 85_000, defendants: 10_000, perHazard: 250 };
/**
 * The thresholds and the policy were tuned on the first seed only. The second and third were
 * never looked at while tuning: data the rules did not see.
 */
const TUNING_SEED = 20_261_127;
const HELD_OUT_SEEDS = [7, 424_242];
const arg = (name: string) =>
  process.argv.indexOf(name) > 0 ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const seeds =
  arg('--seeds')?.split(',').map(Number) ??
  (arg('--seed') ? [Number(arg('--seed'))] : quick ? [TUNING_SEED] : [TUNING_SEED, ...HELD_OUT_SEEDS]);
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (message: string) =>
  process.stdout.write(`[match-eval ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

type Run = Evaluation & {
  quick: boolean;
  seed: number;
  people: number;
  seconds: number;
  perSecond: number;
  thresholds: typeof MATCH_THRESHOLDS;
  /** Wrong automatic matches per hazard; the indistinguishable kind is reported, not a target. */
  hazards: Record<string, HazardResult>;
  /** Wrong automatic matches among the defendants and every hazard but the indistinguishable one: the target is 0. */
  wrongAutomatic: number;
  at: string;
};

async function runSeed(seed: number): Promise<Run> {
  const schema = `match_eval_${process.pid}_${seed}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const db = await openDatabase({ url, schema, poolSize: 4 });
  try {
    await migrate(db);
    const register = syntheticRegister(plan.people, seed);
    const loadStarted = Date.now();
    await seedRegister(db, register, { updatedBy: 'match-eval' });
    log(
      `seed ${seed}: ${register.length} people, ${register.reduce((n, p) => n + p.aliases.length, 0)} aliases, loaded in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`,
    );

    const defendants = syntheticDefendants(register, plan.defendants, seed + 1);
    const hazards = hazardDefendants(register, plan.perHazard, seed + 2);
    const matcher = postgresPersonMatcher(db);
    await matcher.match(defendants.slice(0, 50)); // warm the plan cache and the average
    const started = performance.now();
    const decisions = await matcher.match(defendants);
    const seconds = (performance.now() - started) / 1000;
    const hazardResults = evaluateHazards(hazards, await matcher.match(hazards));
    const base = evaluate(defendants, decisions);
    const wrongAutomatic =
      base.bands.MATCHED.wrong +
      Object.entries(hazardResults).reduce(
        (n, [hazard, r]) => n + (hazard === INDISTINGUISHABLE ? 0 : r.wrongAutomatic),
        0,
      );
    return {
      quick,
      seed,
      people: register.length,
      ...base,
      seconds: Math.round(seconds * 100) / 100,
      perSecond: Math.round(defendants.length / seconds),
      thresholds: MATCH_THRESHOLDS,
      hazards: hazardResults,
      wrongAutomatic,
      at: new Date().toISOString(),
    };
  } finally {
    await db.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

const runs: Run[] = [];
for (const seed of seeds) runs.push(await runSeed(seed));
const table = markdown(runs);
process.stdout.write(`\n${table}\n`);
mkdirSync(path.join(ROOT, 'tools/match-eval/results'), { recursive: true });
// quick.json keeps one run's shape at its top level (CI reads precision.matched and wrongAutomatic).
if (quick)
  writeFileSync(path.join(ROOT, 'tools/match-eval/results/quick.json'), `${JSON.stringify(runs[0], null, 2)}\n`);
else {
  // The default seeds are docs/court-results.md's figures; seeds of one's own are kept beside them.
  const own = arg('--seeds') ?? arg('--seed');
  writeFileSync(
    path.join(ROOT, `tools/match-eval/results/${own ? `seeds-${seeds.join('-')}` : 'latest'}.json`),
    `${JSON.stringify({ tuningSeed: TUNING_SEED, seeds, runs }, null, 2)}\n`,
  );
}
if (process.argv.includes('--docs') || process.argv.includes('--readme')) {
  const readme = path.join(ROOT, 'docs/court-results.md');
  const text = readFileSync(readme, 'utf8');
  const updated = text.replace(
    /<!-- match-eval:start -->[\s\S]*<!-- match-eval:end -->/,
    `<!-- match-eval:start -->\n${table}\n<!-- match-eval:end -->`,
  );
  if (updated === text && !text.includes(table)) throw new Error('docs/court-results.md has no match-eval markers');
  writeFileSync(readme, updated);
}
if (runs.some((r) => r.wrongAutomatic > 0)) {
  log(`wrong automatic matches: ${runs.map((r) => `seed ${r.seed}: ${r.wrongAutomatic}`).join(', ')}`);
  process.exitCode = 1;
}

function markdown(rs: Run[]): string {
  const pct = (n: number) => `${(n * 100).toFixed(2)} %`;
  const seedName = (seed: number) => `seed ${seed}${seed === TUNING_SEED ? ' (tuned on)' : ' (never used in tuning)'}`;
  const lines: string[] = [];
  for (const r of rs) {
    lines.push(
      `**${seedName(r.seed)}**: ${r.people.toLocaleString('en-GB')} people in the register; ${r.defendants.toLocaleString('en-GB')} defendants (${r.inRegister.toLocaleString('en-GB')} in it), matched in ${r.seconds} s (${r.perSecond.toLocaleString('en-GB')} a second).`,
      '',
      '| band | defendants | right | wrong | precision |',
      '| --- | --- | --- | --- | --- |',
      `| matched automatically | ${r.bands.MATCHED.count} | ${r.bands.MATCHED.right} | ${r.bands.MATCHED.wrong} | ${pct(r.precision.matched)} |`,
      `| possible match, for review | ${r.bands.POSSIBLE_MATCH.count} | ${r.bands.POSSIBLE_MATCH.right} (the right person among the candidates) | ${r.bands.POSSIBLE_MATCH.wrong} | ${pct(r.precision.review)} |`,
      `| no match | ${r.bands.NO_MATCH.count} | ${r.bands.NO_MATCH.right} (not in the register) | ${r.bands.NO_MATCH.wrong} (in it: missed) | ${pct(r.precision.noMatch)} |`,
      '',
      `Recall: ${pct(r.recall.automatic)} matched automatically, ${pct(r.recall.withReview)} counting review. Wrong automatic matches, defendants and hazards: **${r.wrongAutomatic}**.`,
      '',
    );
  }
  const cell = (r: Run, hazard: string) => {
    const h = r.hazards[hazard];
    if (!h) return '–';
    const found = hazard === 'TWIN' || hazard === 'NEAR_NEIGHBOUR' ? `, found ${h.found}` : '';
    return `**${h.wrongAutomatic}** wrong / ${h.defendants} (review ${h.review}, none ${h.noMatch}${h.rightAutomatic ? `, right ${h.rightAutomatic}` : ''}${found})`;
  };
  lines.push(
    `| hazard | ${rs.map((r) => `seed ${r.seed}`).join(' | ')} |`,
    `| --- | ${rs.map(() => '---').join(' | ')} |`,
  );
  for (const hazard of HAZARDS) lines.push(`| ${hazard} | ${rs.map((r) => cell(r, hazard)).join(' | ')} |`);
  lines.push(`| ${INDISTINGUISHABLE} (not a target) | ${rs.map((r) => cell(r, INDISTINGUISHABLE)).join(' | ')} |`);
  return lines.join('\n');
}
