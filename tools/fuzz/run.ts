// `npm run fuzz` (about ten minutes) or `npm run fuzz -- --quick` (the CI run): schemathesis against
// Release Guard's own OpenAPI document, every phase (examples, coverage, fuzzing, stateful), as each
// kind of user. It fails on any 5xx, any response off the document, or any case sent more alerts
// than its ladder allows; it writes tools/fuzz/results/latest.json (or quick.json).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSystem } from '../../src/app/system.ts';
import { loadConfig } from '../../src/infra/config.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { freePort } from '../../src/infra/free-port.ts';
import { alertsOverLadder } from './ladder-check.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const quick = process.argv.includes('--quick');
const VENV = path.join(ROOT, '.fuzz-venv');
const ST = path.join(VENV, 'bin', 'st');
const log = (message: string) => process.stdout.write(`[fuzz ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Installs the pinned schemathesis into the project's own venv, once. */
function ensureSchemathesis(): void {
  const pinned = readFileSync(path.join(ROOT, 'tools', 'fuzz', 'requirements.txt'), 'utf8').match(
    /schemathesis==([\d.]+)/,
  )![1]!;
  const version = existsSync(ST) ? spawnSync(ST, ['--version'], { encoding: 'utf8' }).stdout : '';
  if (version.includes(pinned)) return;
  log(`installing schemathesis ${pinned} into .fuzz-venv`);
  if (!existsSync(path.join(VENV, 'bin', 'pip')))
    spawnSync(process.env.PYTHON ?? 'python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  const pip = spawnSync(
    path.join(VENV, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', '-r', path.join(ROOT, 'tools', 'fuzz', 'requirements.txt')],
    { stdio: 'inherit' },
  );
  if (pip.status !== 0) throw new Error('could not install schemathesis from PyPI');
}

/** Who the fuzzer acts as, one run each: every kind of user and integration. */
const ACTORS: { name: string; roles: string[]; caseload: string[] }[] = [
  { name: 'prison', roles: ['PRISON_STAFF'], caseload: ['MDI'] },
  { name: 'governor', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] },
  { name: 'escort', roles: ['ESCORT_CONTRACTOR'], caseload: ['MDI'] },
  { name: 'expert', roles: ['COURT_EXPERT'], caseload: [] },
  { name: 'lead', roles: ['QUERY_UNIT_LEAD'], caseload: [] },
  { name: 'vlo', roles: ['VICTIM_LIAISON'], caseload: [] },
  { name: 'courts', roles: ['COURT_RESULTS'], caseload: [] },
  { name: 'sync', roles: ['PRISON_SYNC'], caseload: [] },
];

/** Runs a command without blocking this process's event loop; its output, collected. */
function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ stdout, stderr, status }));
  });
}

interface RunFigures {
  actor: string;
  generated: number;
  passed: number;
  /** Unique failures schemathesis found. */
  failures: number;
  /** Errors of the tool itself (a schema it could not read, a crash): reported, not counted as failures. */
  errors: number;
  seconds: number;
}

ensureSchemathesis();
const dir = mkdtempSync(path.join(tmpdir(), 'release-guard-fuzz-'));
const port = await freePort();
// The embedded register: the fuzzer's system is one process, like `npm start`.
const { DATABASE_URL: _url, DATABASE_SCHEMA: _schema, ...env } = process.env;
const config = loadConfig({
  ...env,
  NODE_ENV: 'development',
  // Pages served as in production: each template compiled once.
  WEB_TEMPLATE_RELOAD: 'false',
  LOG_LEVEL: 'error',
  DATA_DIR: path.join(dir, 'data'),
  PORT: String(port),
  PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
  TEMPORAL_DEV_PORT: String(await freePort()),
  TEMPORAL_UI_PORT: String(await freePort()),
  SMTP_PORT: String(await freePort()),
  RATE_LIMIT_PER_MINUTE: '0',
  RATE_LIMIT_PER_USER_PER_MINUTE: '0',
  // No SMTP intake: its fixed port would clash between runs and replicas; the tests cover it.
  INBOX_SMTP: 'false',
});
const began = Date.now();
const system = await startSystem(config, createLogger('error'));
log(`system up on port ${port} in ${((Date.now() - began) / 1000).toFixed(0)} s`);
const figures: RunFigures[] = [];
const failures: string[] = [];
try {
  for (const actor of ACTORS) {
    const token = await system.issuer!.sign({
      user: `fuzz.${actor.name}`,
      roles: actor.roles,
      caseload: actor.caseload,
      expiresInSeconds: 3_600,
    });
    const report = path.join(dir, `${actor.name}.json`);
    const started = Date.now();
    // Asynchronously: the API under test answers from this same process.
    const result = await run(
      ST,
      [
        'run',
        `http://127.0.0.1:${port}/api/openapi.json`,
        '--url',
        `http://127.0.0.1:${port}`,
        '-H',
        `Authorization: Bearer ${token}`,
        '--checks',
        'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,unsupported_method',
        '--phases',
        'examples,coverage,fuzzing,stateful',
        '--max-examples',
        // Quick: 6 examples an operation (8 before CI ran the tiny national day; see docs/performance-national-day.md).
        quick ? '6' : '60',
        '--workers',
        '2',
        '--seed',
        String(quick ? 20261127 : Date.now()),
        '--suppress-health-check',
        'all',
        '--report',
        'json',
        '--report-json-path',
        report,
        '--no-color',
      ],
      dir,
    );
    if (!existsSync(report)) throw new Error(`schemathesis wrote no report:\n${result.stdout}\n${result.stderr}`);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
      failures: { title: string; operations: string[] }[];
      errors: unknown[];
    };
    const cases = json.test_cases;
    figures.push({
      actor: actor.name,
      generated: cases.generated,
      passed: cases.generated - cases.with_failures - cases.errored,
      failures: cases.unique_failures,
      errors: json.errors.length,
      seconds: Math.round((Date.now() - started) / 1000),
    });
    if (json.errors.length) process.stdout.write(result.stdout.slice(-4_000));
    log(
      `${actor.name}: ${cases.generated} cases, ${cases.unique_failures} unique failure(s), ${json.errors.length} tool error(s)`,
    );
    if (json.failures.length) {
      failures.push(...json.failures.map((f) => `${actor.name}: ${f.title} in ${f.operations.join(', ')}`));
      process.stdout.write(
        result.stdout.slice(result.stdout.indexOf('FAILURES') >= 0 ? result.stdout.indexOf('FAILURES') : -20_000),
      );
    }
  }
  // Every case's alerts, counted from the mail the catcher holds: the ladder's invariant, end to end.
  const overLadder = alertsOverLadder(system.mailCatcher!.messages(), (Date.now() - began) / 60_000);
  for (const line of overLadder) failures.push(`too many alerts: ${line}`);
  log(`mail: ${system.mailCatcher!.messages().length} message(s), ${overLadder.length} case(s) over their ladder`);
} finally {
  await system.stop();
  rmSync(dir, { recursive: true, force: true });
}
const results = path.join(ROOT, 'tools', 'fuzz', 'results');
mkdirSync(results, { recursive: true });
const total = figures.reduce(
  (a, f) => ({ generated: a.generated + f.generated, failures: a.failures + f.failures, errors: a.errors + f.errors }),
  { generated: 0, failures: 0, errors: 0 },
);
writeFileSync(
  path.join(results, quick ? 'quick.json' : 'latest.json'),
  JSON.stringify(
    {
      quick,
      at: new Date().toISOString(),
      seconds: Math.round((Date.now() - began) / 1000),
      total,
      runs: figures,
      failures,
    },
    null,
    2,
  ),
);
log(
  `${total.generated} cases generated, ${total.failures} failure(s), ${total.errors} tool error(s) in ${Math.round((Date.now() - began) / 1000)} s`,
);
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
process.exit(0);
