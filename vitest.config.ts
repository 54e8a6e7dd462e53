// Vitest: integration tests in test/, unit tests next to their code. Tests start real databases (PGlite or a
// PostgreSQL server), real HTTP servers and a real browser, hence the generous timeouts and separate processes.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'data/**', 'scratch/**', 'src/generated/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // A PGlite data directory can be opened by one process at a time, and WebAssembly PostgreSQL is heavy:
    // run each test file in its own child process, at most two at a time (the CI machines have 2 cores).
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
