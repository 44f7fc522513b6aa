import { defineConfig } from 'vitest/config';

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
          env: { TZ: 'Europe/London' },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Two cores: one Temporal server plus two test files at a time is what the machine carries.
          maxWorkers: 2,
          pool: 'forks',
          // Pure rules first: they fail fast and need no server.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
