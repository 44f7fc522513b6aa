import pg from 'pg';
import { openDatabase, type Queryable } from '../../src/infra/database/database.ts';
import { migrate } from '../../src/infra/database/migrate.ts';

/** The PostgreSQL the benchmark's register lives in, in a schema of its own for the run. */
export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A register for the benchmark: every synthetic prisoner the scenarios use (tools/bench/http.ts's
 * syntheticPrisoner, series F, G and V), on MDI's roll, written in one statement per series.
 */
export async function seedBenchRegister(schema: string, perSeries: number): Promise<{ drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const db = await openDatabase({ url: BENCH_DATABASE_URL, schema, poolSize: 2 });
  await migrate(db);
  await seedPrisoners(db, perSeries);
  await db.close();
  return {
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/** The synthetic prisoners, one statement per series, into a migrated register (PostgreSQL or PGlite). */
export async function seedPrisoners(db: Queryable, perSeries: number): Promise<void> {
  for (const series of ['F', 'G', 'V']) {
    await db.query(
      `INSERT INTO prisoners (prisoner_number, first_name, last_name, date_of_birth, prison_code, status, status_since, updated_by)
       SELECT $1 || lpad((n % 10000)::text, 4, '0') || substr($2, ((n / 10000) / 24) % 24 + 1, 1) || substr($2, (n / 10000) % 24 + 1, 1),
              'Bench', 'Prisoner ' || translate(n::text, '0123456789', 'ABCDEFGHIJ'), DATE '1980-01-01' + (n % 7000), 'MDI', 'IN_CUSTODY', TIMESTAMPTZ '2000-01-01T00:00:00Z', 'bench'
       FROM generate_series(0, $3::int - 1) AS n`,
      [series, LETTERS, perSeries],
    );
  }
}
