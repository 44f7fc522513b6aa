// `npm run register:import -- roll.csv`: loads a prison roll into the register (DATABASE_URL, or the embedded one).
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/infra/config.ts';
import { databaseTarget, openRegister } from '../src/infra/register/open-register.ts';
import { importRoll } from '../src/infra/register/roll-import.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run register:import -- roll.csv');
  process.exit(2);
}
const config = loadConfig();
const { db, register } = await openRegister(databaseTarget(config));
try {
  const report = await importRoll(register, readFileSync(file, 'utf8'), 'register-import');
  console.log(
    `${report.imported} prisoner(s) imported, ${new Set(report.failed.map((f) => f.line)).size} line(s) refused`,
  );
  for (const f of report.failed) console.log(`  line ${f.line}, ${f.field}: ${f.message}`);
  process.exitCode = report.failed.length ? 1 : 0;
} finally {
  await db.close();
}
