import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SearchAttributeType } from '@temporalio/common';
import type { Config } from './config.ts';
import { SQLITE_FILE_PRAGMAS, startDevServer, type RunningServer } from './dev-server.ts';
import { MISSING_BINARY_HELP, resolveTemporalBinary } from './temporal-binaries.ts';

/**
 * The embedded default: `temporal server start-dev` on a SQLite file under DATA_DIR, with the Web UI
 * and the project's namespace and search attributes. Running it again resumes the same data.
 */
export async function startEmbeddedTemporal(
  config: Config,
  searchAttributes: Record<string, SearchAttributeType>,
  log: (msg: string) => void,
): Promise<RunningServer> {
  const dbFile = path.join(config.dataDir, 'temporal.db');
  const resolution = resolveTemporalBinary('cli', process.env);
  if (resolution.source !== 'sdk-download') {
    log(`starting Temporal dev server (${resolution.source}: ${resolution.path}) with database ${dbFile}`);
    return startDevServer({
      binary: resolution.path,
      port: config.temporal.devPort,
      uiPort: config.temporal.uiPort,
      dbFile,
      namespace: config.temporal.namespace,
      searchAttributes,
      logFile: path.join(config.dataDir, 'temporal.log'),
    });
  }
  log('no Temporal CLI on this machine: asking the SDK to download one');
  try {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        ip: '127.0.0.1',
        port: config.temporal.devPort,
        ui: true,
        uiPort: config.temporal.uiPort,
        dbFilename: dbFile,
        extraArgs: SQLITE_FILE_PRAGMAS,
        namespace: config.temporal.namespace,
        searchAttributes: Object.entries(searchAttributes).map(([name, type]) => ({ name, type }) as never),
      },
    });
    return { address: `127.0.0.1:${config.temporal.devPort}`, pid: undefined, stop: () => env.teardown() };
  } catch (err) {
    throw new Error(`${MISSING_BINARY_HELP}\n(SDK download failed: ${(err as Error).message})`, { cause: err });
  }
}
