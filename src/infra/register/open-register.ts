import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrisonerRegister } from '../../domain/register/register.ts';
import type { Config } from '../config.ts';
import { openDatabase, type Database, type DatabaseTarget } from '../database/database.ts';
import { migrate } from '../database/migrate.ts';
import { postgresRegister } from './postgres-register.ts';
import { importRoll } from './roll-import.ts';

export const SYNTHETIC_ROLL = fileURLToPath(new URL('./synthetic-roll.csv', import.meta.url));

/** Where the register lives: DATABASE_URL when set, otherwise the embedded PostgreSQL under DATA_DIR. */
export const databaseTarget = (config: Pick<Config, 'database' | 'dataDir'>): DatabaseTarget =>
  config.database.url
    ? {
        url: config.database.url,
        poolSize: config.database.poolSize,
        ...(config.database.schema ? { schema: config.database.schema } : {}),
      }
    : { embeddedDir: path.join(config.dataDir, 'register') };

/**
 * Opens the register's database, brings its schema up to date and, when asked and the register is
 * empty, loads the synthetic roll (clearly fictional people), so the README's first calls work.
 */
export async function openRegister(
  target: DatabaseTarget,
  options: { syntheticRoll?: boolean; log?: (msg: string) => void } = {},
): Promise<{ db: Database; register: PrisonerRegister }> {
  const db = await openDatabase(target);
  try {
    const { applied } = await migrate(db);
    if (applied.length) options.log?.(`register migrations applied: ${applied.join(', ')}`);
    const register = postgresRegister(db);
    if (options.syntheticRoll && (await register.count()) === 0) {
      const report = await importRoll(register, readFileSync(SYNTHETIC_ROLL, 'utf8'), 'synthetic-roll');
      options.log?.(`register: loaded the synthetic roll (${report.imported} fictional prisoners)`);
    }
    return { db, register };
  } catch (err) {
    await db.close();
    throw err;
  }
}
