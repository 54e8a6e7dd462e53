/**
 * The indicators scenario (docs/ARCHITECTURE.md §15, BENCHMARKS.md "Indicators"): the gateway, started as
 * src/main.ts starts it (development keys, the `ioc` profile's token), on a seeded database; for every indicator,
 * `--requests` sequential `indicators(ids: [id])` requests with every cell, then the same for all eleven at once.
 * Prints p50/p95/max latency per indicator, the response size, and how long one refresh of every rollup takes (the
 * full scans that requests never make).
 *
 *   npm run bench:indicators -- --database-url postgresql://postgres@127.0.0.1:5432/lienthong_bench_1m --requests 200
 *   npm run bench:indicators -- --data-dir ./data            (the embedded database of `npm start`)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signDevelopmentToken } from '../src/auth/profiles.ts';
import { commandLineArguments, parseConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { createGateway, listen } from '../src/gateway.ts';
import { createLogger } from '../src/logger.ts';
import { INDICATORS } from '../src/sectors/stats/catalogue.ts';
import { refreshIndicators } from '../src/sectors/stats/rollup.ts';

const { values: options } = parseArgs({
  args: commandLineArguments(),
  options: {
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    requests: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '10' },
  },
});

const requests = Number(options.requests);
const warmup = Number(options.warmup);
const dataDir = path.resolve(options['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-bench-ioc-')));
const databaseUrl = options['database-url'];

const db = await openDatabase({ databaseUrl, dataDir });
await applyMigrations(db);
const [{ citizens }] = (await db.query(`SELECT count(*)::int AS citizens FROM core.citizen`)) as [{ citizens: number }];
const config = parseConfig(
  {
    NODE_ENV: 'development',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    RATE_LIMIT_ENABLED: 'false',
  },
  dataDir,
);
const gateway = await createGateway({ config, db, logger: createLogger('silent') });
const running = await listen(gateway, config);
const token = await signDevelopmentToken(dataDir, 'ioc');

const refreshStarted = performance.now();
await refreshIndicators(db, config.statsMinCell);
const refreshMs = performance.now() - refreshStarted;

const DOCUMENT = `query Indicators($ids: [ID!]) { indicators(ids: $ids) { id asOf sources { source lastChangedAt stale }
  cells { key value suppressed } } }`;

async function request(ids: readonly string[] | null): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${running.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: DOCUMENT, variables: { ids } }),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200 || text.includes('"errors"'))
    throw new Error(`${response.status}: ${text.slice(0, 300)}`);
  return { ms, bytes: Buffer.byteLength(text) };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

console.log(
  `\n${citizens} citizens, ${db.kind}; one refresh of every rollup: ${(refreshMs / 1000).toFixed(2)} s; ` +
    `${requests} sequential requests per row after ${warmup} warm-up\n`,
);
console.log('| indicator | cells | response bytes | p50 ms | p95 ms | max ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const ids of [...INDICATORS.map((definition) => [definition.id]), null]) {
  for (let i = 0; i < warmup; i++) await request(ids);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const result = await request(ids);
    times.push(result.ms);
    bytes = result.bytes;
  }
  times.sort((a, b) => a - b);
  const [{ cells }] = (await db.query(
    `SELECT sum(jsonb_array_length(cells))::int AS cells FROM core.indicator_rollup WHERE $1::text[] IS NULL OR indicator_id = ANY($1::text[])`,
    [ids],
  )) as [{ cells: number }];
  console.log(
    `| ${ids === null ? 'all eleven (`ids: null`)' : `\`${ids[0]}\``} | ${cells} | ${bytes} | ${quantile(times, 0.5).toFixed(1)} | ${quantile(times, 0.95).toFixed(1)} | ${times[times.length - 1]!.toFixed(1)} |`,
  );
}

await running.close();
await gateway.stop();
await db.close();
if (options['data-dir'] === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
