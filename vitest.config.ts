// Vitest: integration tests in test/, unit tests next to their code. Tests start real databases (PGlite or a
// PostgreSQL server), real HTTP servers and a real browser, hence the generous timeouts and separate processes.
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql instance: Vite would resolve `graphql` in our sources to its ESM build (index.mjs, "module" field)
    // while the libraries Node loads (Apollo, graphql-tools) get the CommonJS build, and graphql-js rejects objects
    // from "another module or realm". Point our sources at the same file Node resolves.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
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
