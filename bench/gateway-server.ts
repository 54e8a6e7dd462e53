/**
 * System G of the benchmark: the gateway started programmatically, exactly as src/main.ts does (configuration from
 * the environment through src/config.ts, so NODE_ENV=production, AUTH_JWKS_FILE... apply), plus two bench-only
 * additions that do not change what a request does (and it warns instead of refusing a schema that is not current):
 *   - an Apollo plugin that timestamps each request's phases (HTTP + JWT, parse, validate, authorization,
 *     execution, post-execution, serialisation + write);
 *   - GET /__bench/stats (phase means, requests, the database's statement counter) and POST /__bench/reset;
 *   - with --profile-dir: POST /__bench/profile/start and /__bench/profile/stop?name=... (V8 CPU profile of the
 *     steady state, written to <dir>/<name>.cpuprofile).
 * The bench routes live on this server only; the gateway's own routes are untouched.
 *
 *   node --import tsx bench/gateway-server.ts [--profile-dir <dir>]     (prints "READY <url>" when listening)
 */
import { writeFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { constants as perfConstants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { ApolloServerPlugin } from '@apollo/server';
import { commandLineArguments, loadConfig } from '../src/config.ts';
import type { GatewayContext } from '../src/context.ts';
import { openDatabase } from '../src/db/database.ts';
import { isCurrent, migrationStatus } from '../src/db/migrate.ts';
import { createGateway } from '../src/gateway.ts';
import { GATEWAY_PHASES, type GatewayPhase } from './phases.ts';

interface Marks {
  arrived: number;
  requestDidStart?: number;
  parsingDidStart?: number;
  parsingDidEnd?: number;
  validationDidStart?: number;
  validationDidEnd?: number;
  didResolveOperation?: number;
  executionDidStart?: number;
  executionDidEnd?: number;
  willSendResponse?: number;
}

const BENCH_ID_HEADER = 'x-bench-request';

class PhaseStats {
  requests = 0;
  sums: Record<GatewayPhase | 'total', number> = PhaseStats.zero();
  private static zero(): Record<GatewayPhase | 'total', number> {
    return Object.fromEntries([...GATEWAY_PHASES, 'total'].map((phase) => [phase, 0])) as Record<
      GatewayPhase | 'total',
      number
    >;
  }
  reset(): void {
    this.requests = 0;
    this.sums = PhaseStats.zero();
  }
  add(marks: Marks, ended: number): void {
    // A phase that did not happen for this request (a cached document skips parse and validate) counts as 0.
    const started = marks.requestDidStart ?? ended;
    const parseStart = marks.parsingDidStart ?? started;
    const parseEnd = marks.parsingDidEnd ?? parseStart;
    const validateStart = marks.validationDidStart ?? parseEnd;
    const validateEnd = marks.validationDidEnd ?? validateStart;
    const resolved = marks.didResolveOperation ?? validateEnd;
    const executionStart = marks.executionDidStart ?? resolved;
    const executionEnd = marks.executionDidEnd ?? executionStart;
    const send = marks.willSendResponse ?? executionEnd;
    const parts: Record<GatewayPhase, number> = {
      httpAndJwt: started - marks.arrived,
      parse: parseEnd - parseStart,
      validate: validateEnd - validateStart,
      // Operation lookup, variable coercion and the authorization plugin's analysis (its didResolveOperation runs
      // before this plugin's: layer plugins are registered first).
      authorization: resolved - Math.max(validateEnd, parseEnd, started),
      preExecution: executionStart - resolved,
      execution: executionEnd - executionStart,
      // Apollo's result handling and error formatting, and any other layer's executionDidEnd work.
      postExecution: send - executionEnd,
      // Apollo's JSON serialisation, the gateway's copy to node:http, and async willSendResponse work of layers
      // registered before this plugin (e.g. an audit write awaited there).
      serialiseAndWrite: ended - send,
    };
    for (const phase of GATEWAY_PHASES) this.sums[phase] += parts[phase];
    this.sums.total += ended - marks.arrived;
    this.requests += 1;
  }
}

function phasePlugin(open: Map<string, Marks>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart(requestContext) {
      const id = requestContext.request.http?.headers.get(BENCH_ID_HEADER);
      const marks = id === undefined ? undefined : open.get(id);
      if (marks === undefined) return;
      marks.requestDidStart = performance.now();
      return {
        async parsingDidStart() {
          marks.parsingDidStart = performance.now();
          return async () => {
            marks.parsingDidEnd = performance.now();
          };
        },
        async validationDidStart() {
          marks.validationDidStart = performance.now();
          return async () => {
            marks.validationDidEnd = performance.now();
          };
        },
        async didResolveOperation() {
          marks.didResolveOperation = performance.now();
        },
        async executionDidStart() {
          marks.executionDidStart = performance.now();
          return {
            async executionDidEnd() {
              marks.executionDidEnd = performance.now();
            },
          };
        },
        async willSendResponse() {
          marks.willSendResponse = performance.now();
        },
      };
    },
  };
}

const config = loadConfig();
const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: config.databasePoolSize,
  // As src/main.ts opens it.
  timeoutMs: config.databaseTimeoutMs,
  statementTimeoutMs: config.databaseTimeoutMs,
});
if (db.kind !== 'postgres') throw new Error('the benchmark runs the gateway on PostgreSQL (set DATABASE_URL)');
// src/main.ts refuses a schema that is not current; the benchmark only reads, so it reports and goes on (run.ts
// applies pending migrations itself and flags a migration edited after it was applied).
const status = await migrationStatus(db);
if (!isCurrent(status)) console.error(`gateway-server: schema not current: ${JSON.stringify(status)}`);

const open = new Map<string, Marks>();
const stats = new PhaseStats();
let statementsAtReset = db.statements.count;

/** Garbage collections since the last reset, by kind: how much of G's CPU is the collector's, and which collector. */
const GC_KINDS: Record<number, string> = {
  [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
let gcSinceReset: Record<string, { count: number; ms: number }> = {};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const detail = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail;
    const kind = GC_KINDS[detail?.kind ?? -1] ?? 'other';
    const sum = (gcSinceReset[kind] ??= { count: 0, ms: 0 });
    sum.count += 1;
    sum.ms += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });
let nextId = 0;
const gateway = await createGateway({ config, db, plugins: [phasePlugin(open)] });

const { values: cli } = parseArgs({ args: commandLineArguments(), options: { 'profile-dir': { type: 'string' } } });
const profileDir = cli['profile-dir'];
let profiler: Session | undefined;

/** POST /__bench/profile/start and /__bench/profile/stop?name=...: a CPU profile of the steady state only. */
async function profileRoute(action: string, name: string): Promise<string> {
  if (profileDir === undefined) throw new Error('start the server with --profile-dir to profile');
  if (action === 'start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    // Allocations too, freed ones included: where the garbage the collector spends its time on comes from.
    await profiler.post('HeapProfiler.startSampling', {
      samplingInterval: 32 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return 'started';
  }
  if (profiler === undefined) throw new Error('not profiling');
  const { profile: allocations } = await profiler.post('HeapProfiler.stopSampling');
  const { profile } = await profiler.post('Profiler.stop');
  profiler.disconnect();
  profiler = undefined;
  const file = path.join(profileDir, `${name.replace(/[^\w.-]/g, '_')}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
  await writeFile(file.replace(/\.cpuprofile$/, '.heapprofile'), JSON.stringify(allocations));
  return file;
}

function benchRoute(req: IncomingMessage, res: ServerResponse): boolean {
  const profileMatch = /^\/__bench\/profile\/(start|stop)(?:\?name=([\w.-]+))?$/.exec(req.url ?? '');
  if (profileMatch !== null && req.method === 'POST') {
    profileRoute(profileMatch[1] ?? '', profileMatch[2] ?? 'profile').then(
      (result) => res.writeHead(200, { 'content-type': 'text/plain' }).end(result),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
    return true;
  }
  if (req.url === '/__bench/stats' && req.method === 'GET') {
    const means = Object.fromEntries(
      Object.entries(stats.sums).map(([phase, sum]) => [phase, stats.requests === 0 ? 0 : sum / stats.requests]),
    );
    const body = JSON.stringify({
      requests: stats.requests,
      statements: db.statements.count - statementsAtReset,
      meanMs: means,
      memory: process.memoryUsage(),
      gc: gcSinceReset,
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return true;
  }
  if (req.url === '/__bench/reset' && req.method === 'POST') {
    stats.reset();
    statementsAtReset = db.statements.count;
    gcSinceReset = {};
    res.writeHead(204).end();
    return true;
  }
  return false;
}

const server = http.createServer((req, res) => {
  if (req.url?.startsWith('/__bench/') === true && benchRoute(req, res)) return;
  const id = String(nextId++);
  const marks: Marks = { arrived: performance.now() };
  open.set(id, marks);
  req.headers[BENCH_ID_HEADER] = id;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const result = end(...args);
    if (open.delete(id)) stats.add(marks, performance.now());
    return result;
  }) as ServerResponse['end'];
  res.once('close', () => open.delete(id));
  gateway.handle(req, res);
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
const { port } = server.address() as AddressInfo;
console.log(`READY http://127.0.0.1:${port}`);

const stop = () => {
  server.close();
  server.closeAllConnections();
  void gateway
    .stop()
    .then(() => db.close())
    .finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
