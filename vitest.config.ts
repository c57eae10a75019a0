import { defineConfig } from 'vitest/config';

// Unit and integration tests. The database they run on is chosen by LOKET_TEST_DB
// (`sqlite`, the default, or `postgres` with LOKET_TEST_PG_URL); see src/platform/testing.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: '@kitajs/html' } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bin/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
