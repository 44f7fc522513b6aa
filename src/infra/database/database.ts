import { inSpan } from '../tracing.ts';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** What the register (and later the sessions and court data) need of PostgreSQL, embedded or not. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /** Runs `work` in one transaction: all of it or none. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Several statements at once, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  { url: string; schema?: string; poolSize?: number } | { embeddedDir: string } | { memory: true };

const DATE_OID = 1082;

/** A PostgreSQL pool. Dates stay strings (a date of birth has no time zone); the session runs in UTC. */
function postgres({ url, schema, poolSize }: { url: string; schema?: string; poolSize?: number }): Database {
  // JIT off: our statements are short, and compiling one cost more than running it (1.2 s of a
  // court defendant's 1.3 s search on the national register).
  const options = [`-c TimeZone=UTC`, '-c jit=off', ...(schema ? [`-c search_path=${schema},public`] : [])].join(' ');
  const pool = new pg.Pool({
    connectionString: url,
    options,
    max: poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    types: {
      getTypeParser: (oid: number, format?: string) =>
        oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text'),
    },
  });
  // A connection that dies while idle must not take the process with it: the next query reconnects.
  pool.on('error', () => undefined);
  const queryWith = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params: unknown[] = []) {
      // The statement's verb and no more: its parameters can be personal data.
      return inSpan(
        'db.query',
        { 'db.system': 'postgresql', 'db.operation.name': sql.trimStart().split(/\s/, 1)[0]!.toUpperCase() },
        async () => (await client.query(sql, params)).rows as R[],
      );
    },
  });
  return {
    kind: 'postgres',
    ...queryWith(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(queryWith(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * PGlite serves one process only, and two on one directory would corrupt it: the directory is
 * taken with a lock file naming our pid, and a live holder is refused with what to do instead.
 */
function lockDirectory(dir: string): () => void {
  const lock = `${dir}.lock`;
  try {
    const holder = Number(readFileSync(lock, 'utf8'));
    if (holder && holder !== process.pid && alive(holder)) {
      throw new Error(
        `The embedded database at ${dir} is in use by process ${holder} (is npm start running?). Stop it first, or set DATABASE_URL to a PostgreSQL server.`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  writeFileSync(lock, String(process.pid));
  const release = () => rmSync(lock, { force: true });
  process.once('exit', release);
  return () => {
    process.off('exit', release);
    release();
  };
}

/** PGlite: PostgreSQL compiled to WebAssembly, in this process, on a directory (or in memory). Same SQL, same migrations. */
async function embedded(dir: string | null): Promise<Database> {
  if (dir) mkdirSync(dir, { recursive: true });
  const unlock = dir ? lockDirectory(dir) : () => undefined;
  const [{ pg_trgm }, { fuzzystrmatch }] = await Promise.all([
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/fuzzystrmatch'),
  ]);
  const db = await PGlite.create(dir ?? 'memory://', {
    extensions: { pg_trgm, fuzzystrmatch },
    parsers: { [DATE_OID]: (v: string) => v },
  });
  await db.exec(`SET TimeZone = 'UTC'`);
  const queryWith = (q: { query: PGlite['query'] }): Queryable => ({
    async query<R>(sql: string, params: unknown[] = []) {
      return inSpan(
        'db.query',
        { 'db.system': 'postgresql', 'db.operation.name': sql.trimStart().split(/\s/, 1)[0]!.toUpperCase() },
        async () => (await q.query<R>(sql, params)).rows,
      );
    },
  });
  return {
    kind: 'embedded',
    ...queryWith(db),
    transaction: (work) => db.transaction((tx) => work(queryWith(tx))),
    async exec(sql) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
      unlock();
    },
  };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) return postgres(target);
  return embedded('embeddedDir' in target ? target.embeddedDir : null);
}
