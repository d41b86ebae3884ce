import { defineConfig } from 'vitest/config';

// One `npm test` runs every kind of test; each kind is a project with what it needs started once.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.{ts,tsx}'],
          // One DynamoDB Local for the run; each test file makes its own table.
          globalSetup: ['test/support/dynamodb-local-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // One local portal for the run (it sets process.env and imports the Lambdas once);
          // each test file launches one Chromium and gives each test a new context.
          globalSetup: ['test/support/e2e-portal-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The files share the portal and its per-address sign-in limit: one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
