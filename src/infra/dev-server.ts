import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import type { SearchAttributeType } from '@temporalio/common';
import { Connection } from '@temporalio/client';

export interface DevServerOptions {
  binary: string;
  port: number;
  /** Port for the Temporal Web UI, or null for a headless server. */
  uiPort: number | null;
  /** SQLite file; omitted means in-memory. */
  dbFile?: string;
  namespace: string;
  searchAttributes: Record<string, SearchAttributeType>;
  /** Where the server's own output goes (appended). Defaults to being discarded. */
  logFile?: string;
  startTimeoutMs?: number;
}

export interface RunningServer {
  address: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

const CLI_TYPE: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/**
 * A database file is written ahead and synced at each commit: the rollback journal's extra writes
 * held back bursts of workflow tasks, and what the engine acknowledged (a hold's reason) must
 * survive a crash of the machine, not only of the process.
 */
export const SQLITE_FILE_PRAGMAS = ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=full'];

export function devServerArgs(options: DevServerOptions): string[] {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--log-level',
    'warn',
  ];
  args.push(...(options.uiPort === null ? ['--headless'] : ['--ui-port', String(options.uiPort)]));
  if (options.dbFile) args.push('--db-filename', options.dbFile, ...SQLITE_FILE_PRAGMAS);
  for (const [name, type] of Object.entries(options.searchAttributes))
    args.push('--search-attribute', `${name}=${CLI_TYPE[type]}`);
  return args;
}

export async function waitForServer(address: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`Temporal server exited with code ${child.exitCode} before it was ready`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal server at ${address} was not ready within ${timeoutMs} ms: ${String(lastError)}`);
}

/** Starts `temporal server start-dev` as a child process and waits until it answers. */
export async function startDevServer(options: DevServerOptions): Promise<RunningServer> {
  if (options.dbFile) mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  // Its own process group, so Ctrl-C reaches only us and we stop the server last, after the worker.
  const child = spawn(options.binary, devServerArgs(options), { stdio: ['ignore', out, out], detached: true });
  const address = `127.0.0.1:${options.port}`;
  // Never leave an orphaned server behind, however this process ends.
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', orphanGuard);
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    await waitForServer(address, options.startTimeoutMs ?? 60_000, child);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, pid: child.pid, stop };
}
