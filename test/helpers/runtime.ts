import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;
/** Quieter worker logs in tests: warnings and errors only. Installed once per test process. */
export function quietRuntime(): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier import in this process.
  }
}
