import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Each integration file's test system logs the operations it answered here; the contract project
// reads them all once the integration tests are done. One directory per run.
const contractLogDir = path.join(tmpdir(), `release-guard-contract-${process.pid}`);
process.env.CONTRACT_LOG_DIR = contractLogDir;

export default defineConfig({
  test: {
    env: { TZ: 'Europe/London' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          env: { TZ: 'Europe/London' },
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          env: { TZ: 'Europe/London', CONTRACT_LOG_DIR: contractLogDir },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Two cores: one Temporal server plus two test files at a time is what the machine carries.
          maxWorkers: 2,
          pool: 'forks',
          // Pure rules first: they fail fast and need no server.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          env: { TZ: 'Europe/London', CONTRACT_LOG_DIR: contractLogDir },
          // After every integration file has answered its requests.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
