import { defineConfig } from 'vitest/config';

// Test layers:
//  unit       pure tests, no database, no network beyond loopback helpers
//  pglite     integration suite on an embedded PGlite (always)
//  postgres   the same integration suite on a PostgreSQL server (when SHUYUN_TEST_DATABASE_URL is set)
//  e2e        the portal in Debian Chromium (when /usr/bin/chromium exists)
const integration = ['packages/*/src/**/*.int.test.ts', 'test/**/*.int.test.ts'];
const postgresUrl = process.env.SHUYUN_TEST_DATABASE_URL;

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true as const,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true as const,
        test: {
          name: 'pglite',
          include: integration,
          env: { SHUYUN_TEST_DB: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: integration,
                env: { SHUYUN_TEST_DB: 'postgres' },
                globalSetup: ['test/support/global-setup.ts'],
              },
            },
          ]
        : []),
      {
        extends: true as const,
        test: {
          name: 'e2e',
          include: ['packages/*/e2e/**/*.e2e.test.ts'],
          fileParallelism: false,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
