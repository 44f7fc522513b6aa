import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDevServer } from '../src/infra/dev-server.ts';
import { MISSING_BINARY_HELP, resolveTemporalBinary } from '../src/infra/temporal-binaries.ts';
import { bundleWorkflows } from '../src/worker/create-worker.ts';
import { SEARCH_ATTRIBUTE_TYPES } from '../src/workflows/search-attributes.ts';
import { freePort } from '../src/infra/free-port.ts';

export const TEST_NAMESPACE = 'release-guard-test';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    workflowBundlePath: string;
  }
}

/**
 * One real Temporal dev server for the whole integration run, on a free port with a throw-away
 * SQLite file, and the workflow code bundled once. Both are gone when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'release-guard-test-'));
  // The contract log starts empty each run (see vitest.config.ts).
  if (process.env.CONTRACT_LOG_DIR) rmSync(process.env.CONTRACT_LOG_DIR, { recursive: true, force: true });
  const cli = resolveTemporalBinary('cli');
  if (cli.source === 'sdk-download') throw new Error(MISSING_BINARY_HELP);
  const [server, bundle] = await Promise.all([
    freePort().then((port) =>
      startDevServer({
        binary: cli.path,
        port,
        uiPort: null,
        dbFile: path.join(dir, 'temporal.db'),
        namespace: TEST_NAMESPACE,
        searchAttributes: SEARCH_ATTRIBUTE_TYPES,
        logFile: path.join(dir, 'temporal.log'),
        startTimeoutMs: 90_000,
      }),
    ),
    bundleWorkflows(),
  ]);
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', TEST_NAMESPACE);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
