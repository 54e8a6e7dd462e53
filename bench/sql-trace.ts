/**
 * Which SQL does one gateway request send, and how does PostgreSQL run it? Starts the gateway in-process (production
 * configuration, bench keys), sends one benchmark query over HTTP, records every statement the sector loaders run
 * (text, parameters, time, rows) and, with --explain, runs EXPLAIN (ANALYZE, BUFFERS) on each.
 *
 *   npx tsx bench/sql-trace.ts --db 100k --query Q3 [--id 036073750976] [--explain] [--full-plans] [--dump <file>]
 *
 * --dump writes the statements as JSON (text, parameters, start time in ms from the request, duration), the input of
 * bench/wave-merge.ts.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { commandLineArguments, parseConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createGateway } from '../src/gateway.ts';
import { bodyFactory, QUERIES, QUERY_NAMES, type QueryName } from './queries.ts';
import {
  BENCH_AUDIENCE,
  BENCH_ISSUER,
  BENCH_PURPOSE,
  createBenchKeys,
  FULL_VIEW_SCOPES,
  NO_HEALTH_SCOPES,
} from './tokens.ts';

const { values } = parseArgs({
  args: commandLineArguments(),
  options: {
    db: { type: 'string', default: '100k' },
    server: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432' },
    query: { type: 'string', default: 'Q3' },
    id: { type: 'string' },
    explain: { type: 'boolean', default: false },
    'full-plans': { type: 'boolean', default: false },
    dump: { type: 'string' },
  },
});
const query = values.query as QueryName;
if (!QUERY_NAMES.includes(query)) throw new Error(`--query must be one of ${QUERY_NAMES.join(', ')}`);
const databaseUrl = `${values.server}/lienthong_bench_${values.db}`;
const scratch = path.join(os.tmpdir(), `lienthong-sql-trace-${process.pid}`);
const keys = await createBenchKeys(scratch);
const config = parseConfig({
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  AUTH_JWKS_FILE: keys.jwksFile,
  AUTH_ISSUERS: BENCH_ISSUER,
  AUTH_AUDIENCES: BENCH_AUDIENCE,
  DATA_DIR: scratch,
  LOG_LEVEL: 'warn',
  CURSOR_KEY: randomBytes(32).toString('base64'),
});
const db = await openDatabase({ databaseUrl, dataDir: scratch, poolSize: 10 });

interface Traced {
  /** When the statement was sent, ms (performance.now()). */
  start: number;
  sql: string;
  params: readonly unknown[];
  ms: number;
  rows: number;
}
const traced: Traced[] = [];
let tracing = false;
const run = db.query.bind(db);
db.query = async <Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<Row[]> => {
  const started = performance.now();
  const rows = await run<Row>(sql, params);
  if (tracing) traced.push({ start: started, sql, params, ms: performance.now() - started, rows: rows.length });
  return rows;
};

try {
  const ids =
    values.id !== undefined
      ? [values.id]
      : (
          await run<{ id: string }>('SELECT personal_id AS id FROM core.citizen ORDER BY md5(personal_id) LIMIT $1', [
            QUERIES[query].batch,
          ])
        ).map((row) => row.id);
  const batch = query === 'Q4' ? ids : ids.slice(0, 1);
  const gateway = await createGateway({ config, db });
  const server = http.createServer((req, res) => gateway.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const token = await keys.sign(QUERIES[query].token === 'full' ? FULL_VIEW_SCOPES : NO_HEALTH_SCOPES, [BENCH_PURPOSE]);
  const body = bodyFactory('G', query)(batch);
  const send = () =>
    fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': BENCH_PURPOSE },
      body,
    });
  await (await send()).text(); // warm (document cache, JIT)
  tracing = true;
  const started = performance.now();
  const response = await send();
  const text = await response.text();
  const total = performance.now() - started;
  tracing = false;
  console.log(
    `${query} (${batch.length} ID${batch.length === 1 ? '' : 's'}): HTTP ${response.status}, ${text.length} bytes, ${total.toFixed(1)} ms, ${traced.length} statements`,
  );
  if (values.dump !== undefined) {
    const dump = traced.map((statement) => ({ ...statement, start: statement.start - started }));
    writeFileSync(values.dump, JSON.stringify(dump, null, 1));
    console.log(`statements written to ${values.dump}`);
  }
  for (const [i, statement] of traced.entries()) {
    const firstLine = statement.sql.replace(/\s+/g, ' ').trim().slice(0, 150);
    console.log(`\n#${i + 1} ${statement.ms.toFixed(2)} ms, ${statement.rows} rows: ${firstLine}`);
    if (!values.explain) continue;
    const plan = await run<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
    const lines = plan.map((row) => row['QUERY PLAN']);
    const interesting = values['full-plans']
      ? lines
      : lines.filter((line) => /Seq Scan|Index|Execution Time|Planning Time|rows=\d{4,}/.test(line)).slice(0, 12);
    for (const line of interesting) console.log(`    ${line}`);
  }
  server.close();
  await gateway.stop();
} finally {
  await db.close();
}
