// `npm run match:eval` (85,000 people, 10,000 defendants) or `-- --quick` (CI: 8,500 and 1,000):
// builds a labelled synthetic register in a schema of its own in PostgreSQL (TEST_DATABASE_URL, or
// postgres://postgres@127.0.0.1:5432/test), matches the defendants through the same matcher the
// service uses, and reports precision and recall per outcome band and the throughput.
// Writes match-eval/results/latest.json (or quick.json); --readme refreshes the README's table.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { MATCH_THRESHOLDS } from '../domain/court/matching.ts';
import { openDatabase } from '../infra/database/database.ts';
import { migrate } from '../infra/database/migrate.ts';
import { postgresPersonMatcher } from '../infra/register/person-matcher.ts';
import { syntheticDefendants, syntheticRegister } from './generator.ts';
import { evaluate, type Evaluation } from './metrics.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const plan = quick ? { people: 8_500, defendants: 1_000 } : { people: 85_000, defendants: 10_000 };
// A seed of one's own (--seed N) checks the thresholds on data they were not tuned on.
const seedArg = process.argv.indexOf('--seed');
const SEED = seedArg > 0 ? Number(process.argv[seedArg + 1]) : 20_261_127;
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `match_eval_${process.pid}`;
const log = (message: string) => process.stdout.write(`[match-eval ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
const db = await openDatabase({ url, schema, poolSize: 4 });
try {
  await migrate(db);
  const register = syntheticRegister(plan.people, SEED);
  const loadStarted = Date.now();
  for (let i = 0; i < register.length; i += 5_000) {
    const batch = register.slice(i, i + 5_000);
    await db.query(
      `INSERT INTO prisoners (prisoner_number, first_name, last_name, date_of_birth, pnc_number, cro_number, prison_code, status, status_since, updated_by)
       SELECT pn, first_name, last_name, dob::date, pnc, cro, 'MDI', 'IN_CUSTODY', now(), 'match-eval'
       FROM jsonb_to_recordset($1::jsonb) AS x(pn text, first_name text, last_name text, dob text, pnc text, cro text)`,
      [JSON.stringify(batch.map((p) => ({ pn: p.prisonerNumber, first_name: p.firstName, last_name: p.lastName, dob: p.dateOfBirth, pnc: p.pncNumber ?? null, cro: p.croNumber ?? null })))],
    );
    const aliases = batch.flatMap((p) => p.aliases.map((a, position) => ({ pn: p.prisonerNumber, position, first_name: a.firstName, last_name: a.lastName, dob: a.dateOfBirth ?? null })));
    await db.query(
      `INSERT INTO prisoner_aliases (prisoner_number, position, first_name, last_name, date_of_birth)
       SELECT pn, position, first_name, last_name, dob::date FROM jsonb_to_recordset($1::jsonb) AS x(pn text, position int, first_name text, last_name text, dob text)`,
      [JSON.stringify(aliases)],
    );
  }
  await db.query('ANALYZE prisoners; ANALYZE prisoner_aliases');
  log(`register: ${register.length} people, ${register.reduce((n, p) => n + p.aliases.length, 0)} aliases, loaded in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);

  const defendants = syntheticDefendants(register, plan.defendants, SEED + 1);
  const matcher = postgresPersonMatcher(db);
  await matcher.match(defendants.slice(0, 50)); // warm the plan cache and the average
  const started = performance.now();
  const decisions = await matcher.match(defendants);
  const seconds = (performance.now() - started) / 1000;
  const result: Evaluation & { quick: boolean; seed: number; people: number; seconds: number; perSecond: number; thresholds: typeof MATCH_THRESHOLDS; at: string } = {
    quick,
    seed: SEED,
    people: register.length,
    ...evaluate(defendants, decisions),
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round(defendants.length / seconds),
    thresholds: MATCH_THRESHOLDS,
    at: new Date().toISOString(),
  };
  const table = markdown(result);
  process.stdout.write(`\n${table}\n`);
  mkdirSync(path.join(ROOT, 'match-eval/results'), { recursive: true });
  writeFileSync(path.join(ROOT, `match-eval/results/${quick ? 'quick' : seedArg > 0 ? `seed-${SEED}` : 'latest'}.json`), `${JSON.stringify(result, null, 2)}\n`);
  if (process.argv.includes('--readme')) {
    const readme = path.join(ROOT, 'README.md');
    const text = readFileSync(readme, 'utf8');
    const updated = text.replace(/<!-- match-eval:start -->[\s\S]*<!-- match-eval:end -->/, `<!-- match-eval:start -->\n${table}\n<!-- match-eval:end -->`);
    if (updated === text && !text.includes(table)) throw new Error('README has no match-eval markers');
    writeFileSync(readme, updated);
  }
} finally {
  await db.close();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}

function markdown(r: Evaluation & { people: number; seconds: number; perSecond: number }): string {
  const pct = (n: number) => `${(n * 100).toFixed(2)} %`;
  return [
    `${r.people.toLocaleString('en-GB')} people in the register; ${r.defendants.toLocaleString('en-GB')} defendants (${r.inRegister.toLocaleString('en-GB')} in it), matched in ${r.seconds} s (${r.perSecond.toLocaleString('en-GB')} a second).`,
    '',
    '| band | defendants | right | wrong | precision |',
    '| --- | --- | --- | --- | --- |',
    `| matched automatically | ${r.bands.MATCHED.count} | ${r.bands.MATCHED.right} | ${r.bands.MATCHED.wrong} | ${pct(r.precision.matched)} |`,
    `| possible match, for review | ${r.bands.POSSIBLE_MATCH.count} | ${r.bands.POSSIBLE_MATCH.right} (the right person among the candidates) | ${r.bands.POSSIBLE_MATCH.wrong} | ${pct(r.precision.review)} |`,
    `| no match | ${r.bands.NO_MATCH.count} | ${r.bands.NO_MATCH.right} (not in the register) | ${r.bands.NO_MATCH.wrong} (in it: missed) | ${pct(r.precision.noMatch)} |`,
    '',
    `Recall: ${pct(r.recall.automatic)} matched automatically, ${pct(r.recall.withReview)} counting review.`,
  ].join('\n');
}
