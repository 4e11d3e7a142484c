import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'sql-tests/**/*.test.ts'],
    // A *.case.test.ts file is a shared conformance suite (STYLE #16): the implementations' test files run it.
    exclude: [...configDefaults.exclude, '**/*.case.test.ts'],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: 'forks',
    // Integration tests start servers; two cores, so keep parallelism modest.
    maxWorkers: 2,
    globals: false,
  },
});
