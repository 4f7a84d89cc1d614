import { defineConfig } from 'vitest/config';

// Benchmarks print figures; they are not part of `npm test`. Run: npm run bench:diagnostics
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 600_000,
  },
});
