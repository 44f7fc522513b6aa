import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { EventLog } from '../../src/domain/event-log.ts';
import type { PrisonerRegister } from '../../src/domain/register/register.ts';
import { openDatabase, type Database } from '../../src/infra/database/database.ts';
import { migrate } from '../../src/infra/database/migrate.ts';
import { postgresEventLog } from '../../src/infra/database/postgres-event-log.ts';
import { postgresRegister } from '../../src/infra/register/postgres-register.ts';

/** The real PostgreSQL the build and CI machines run (trust auth, database `test`). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStores {
  db: Database;
  register: PrisonerRegister;
  events: EventLog;
  /** The schema this test system owns, or null for the embedded database. */
  schema: string | null;
  drop(): Promise<void>;
}

/**
 * A register of its own for one test system: a fresh schema in the real PostgreSQL, migrated, and
 * dropped afterwards. `embedded` uses PGlite in memory instead (the same SQL and migrations).
 */
export async function testStores(
  kind: 'postgres' | 'embedded' = process.env.TEST_DATABASE === 'embedded' ? 'embedded' : 'postgres',
  schema?: string,
): Promise<TestStores> {
  if (kind === 'embedded') {
    const db = await openDatabase({ memory: true });
    await migrate(db);
    return { db, register: postgresRegister(db), events: postgresEventLog(db), schema: null, drop: () => db.close() };
  }
  const owned = !schema;
  const name = schema ?? `rg_test_${randomBytes(6).toString('hex')}`;
  if (owned) await adminQuery(`CREATE SCHEMA ${name}`);
  const db = await openDatabase({ url: TEST_DATABASE_URL, schema: name, poolSize: 5 });
  if (owned) await migrate(db);
  return {
    db,
    register: postgresRegister(db),
    events: postgresEventLog(db),
    schema: name,
    async drop() {
      await db.close();
      if (owned) await adminQuery(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A prisoner on a prison's roll, for a test that needs one: made up, in the test's own register. */
export async function admit(
  register: PrisonerRegister,
  prisonerNumber: string,
  prisonCode = 'MDI',
  extra: Partial<Parameters<PrisonerRegister['upsert']>[1]> = {},
): Promise<string> {
  await register.upsert(
    prisonerNumber,
    {
      firstName: 'Test',
      lastName: 'Prisoner',
      dateOfBirth: '1980-01-01',
      prisonCode,
      status: 'IN_CUSTODY',
      aliases: [],
      ...extra,
    },
    'test',
    '2000-01-01T00:00:00Z',
  );
  return prisonerNumber;
}
