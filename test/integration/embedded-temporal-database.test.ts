import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { devServerArgs, startDevServer, type RunningServer } from '../../src/infra/dev-server.ts';
import { freePort } from '../../src/infra/free-port.ts';
import { MISSING_BINARY_HELP, resolveTemporalBinary } from '../../src/infra/temporal-binaries.ts';

/**
 * The embedded Temporal server's SQLite file is written ahead (WAL) and still synced at every
 * commit: the national day's court batches waited on the rollback journal's extra writes, and a
 * hold reason the engine acknowledged must survive a crash of the machine, not only of the process.
 */
describe('the embedded Temporal database', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'release-guard-sqlite-'));
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a write-ahead log synced at each commit, on a file only', () => {
    const base = { binary: 'temporal', port: 1, uiPort: null, namespace: 'n', searchAttributes: {} };
    const onFile = devServerArgs({ ...base, dbFile: '/tmp/t.db' });
    expect(onFile.join(' ')).toContain('--sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=full');
    expect(devServerArgs(base)).not.toContain('--sqlite-pragma');
  });

  it('runs in WAL mode', async () => {
    const cli = resolveTemporalBinary('cli');
    if (cli.source === 'sdk-download') throw new Error(MISSING_BINARY_HELP);
    const dbFile = path.join(dir, 'temporal.db');
    server = await startDevServer({
      binary: cli.path,
      port: await freePort(),
      uiPort: null,
      dbFile,
      namespace: 'release-guard-sqlite',
      searchAttributes: {},
      startTimeoutMs: 90_000,
    });
    // SQLite keeps a -wal file beside the database while it writes ahead, and never in rollback mode.
    expect(existsSync(`${dbFile}-wal`)).toBe(true);
  });
});
