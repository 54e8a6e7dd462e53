/**
 * `npm run bench`: F1 (hand-written floor), G (the gateway, production mode) and P (PostGraphile v5) side by side on
 * the same seeded PostgreSQL databases, one server at a time (BENCHMARKS.md).
 *
 *   npm run bench -- [--db 100k|1m|both] [--duration 10] [--warmup 3] [--queries Q1,Q3] [--systems F1,G,P]
 *                    [--connections 32] [--pool-size 10] [--sample 20] [--seed 42] [--profile] [--no-pin] [--nice -10]
 *                    [--server postgresql://postgres@127.0.0.1:5432] [--rounds 3] [--gateway-node-flags "..."]
 *                    [--gateway-env OPERATION_CONCURRENCY=4,...] [--runtime bundle|tsx]
 *
 * Databases: lienthong_bench_100k and lienthong_bench_1m on --server, seeded by the project's own command:
 *   createdb -h 127.0.0.1 -U postgres lienthong_bench_100k
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/lienthong_bench_100k npm run seed -- --citizens 100000 --seed 1
 *
 * Per database:
 *   0. pending migrations are applied (as `npm run seed` does); a migration edited after it was applied is reported;
 *   1. verification pass: every system is started connected through its own statement-counting proxy
 *      (pg-proxy.ts); each is asked the same sample of IDs sequentially; statements per request come from the proxy;
 *      the answers are compared (F1 and G exactly, as data; G and P mapped to a common shape, queries.ts);
 *   2. timed pass: every system is started with direct connections, pinned to CPU 0 (this process, the load
 *      generator, runs on CPU 1); query by query, system after system (only one under load at a time): a warm-up,
 *      a closed-loop saturation run (N connections) sampling the server's RSS and CPU time and its PostgreSQL
 *      backends' CPU time, then an open-loop run at half the saturation rate for p50/p99. The gateway's phase means
 *      come from its bench plugin (gateway-server.ts); --profile also writes a V8 CPU profile and an allocation
 *      profile of G per saturation run and summarises them (profile.ts). --rounds N repeats the timed pass N times (systems in reverse order every
 *      other round) and reports, per query and system, the round with the median requests/s and the range, the
 *      median p50/p99 of the rounds and the maximum RSS over them.
 * --runtime: F1 and G run as production does, from an esbuild bundle with plain Node (default, built into bench/dist/
 * first, as `npm run build` builds dist/), or from their TypeScript sources through tsx (`npm start`).
 * --nice N raises the priority of the servers, their PostgreSQL backends and the load generator (root; on a shared
 * machine this slows everyone else down: off by default).
 * Raw results go to bench/results/<timestamp>.json; the markdown tables are printed.
 */
import { randomBytes } from 'node:crypto';
import { execFile as execFileCallback, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { commandLineArguments, minimalChildEnvironment } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { applyMigrations, migrationStatus } from '../src/db/migrate.ts';
import { bundle } from '../build.ts';
import { closedLoop, openLoop, requestOnce, type LoadResult, type Target } from './load.ts';
import { startStatementProxy } from './pg-proxy.ts';
import {
  formatAllocationSummary,
  formatProfileSummary,
  summariseAllocations,
  summariseProfile,
  type AllocationSummary,
  type ProfileSummary,
} from './profile.ts';
import {
  bodyFactory,
  QUERIES,
  QUERY_NAMES,
  SYSTEM_NAMES,
  toCommonShape,
  type QueryName,
  type SystemName,
} from './queries.ts';
import {
  BENCH_SUBJECT,
  BENCH_AUDIENCE,
  BENCH_ISSUER,
  BENCH_PURPOSE,
  createBenchKeys,
  FULL_VIEW_SCOPES,
  NO_HEALTH_SCOPES,
} from './tokens.ts';
import { GATEWAY_PHASES } from './phases.ts';
import { mulberry32 } from '../src/lib/mulberry32.ts';

const execFile = promisify(execFileCallback);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const DB_SIZES = ['100k', '1m'] as const;
type DbSize = (typeof DB_SIZES)[number];

// ───────────────────────────── options ─────────────────────────────

interface Options {
  dbs: DbSize[];
  durationS: number;
  warmupS: number;
  queries: QueryName[];
  systems: SystemName[];
  connections: number;
  poolSize: number;
  sample: number;
  seed: number;
  profile: boolean;
  pin: boolean;
  /** Scheduling priority for this process, the servers and their PostgreSQL backends (0 = unchanged). */
  nice: number;
  server: string;
  /** Timed passes; each cell reports the round with the median requests/s (--rounds). */
  rounds: number;
  /** V8 flags of G (--gateway-node-flags). */
  gatewayNodeFlags: string[];
  /** Extra settings of G (--gateway-env NAME=value,NAME=value), e.g. OPERATION_CONCURRENCY=4. */
  gatewayEnv: Record<string, string>;
  /** How F1 and G are run: bundled with plain Node (production), or their sources through tsx (--runtime). */
  runtime: Runtime;
}

const RUNTIMES = ['bundle', 'tsx'] as const;
type Runtime = (typeof RUNTIMES)[number];
/** Where --runtime bundle builds F1 and G (gitignored). */
const BUNDLE_DIR = path.join('bench', 'dist');

/**
 * V8 flags for G (--gateway-node-flags); none by default, as the gateway runs in production. A larger young generation
 * (--max-semi-space-size=32 or 64) was tried and measured no better (BENCHMARKS.md).
 */
const GATEWAY_NODE_FLAGS = '';

function parseOptions(): Options {
  const { values } = parseArgs({
    args: commandLineArguments(),
    options: {
      db: { type: 'string', default: 'both' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      queries: { type: 'string', default: QUERY_NAMES.join(',') },
      systems: { type: 'string', default: SYSTEM_NAMES.join(',') },
      connections: { type: 'string', default: '32' },
      'pool-size': { type: 'string', default: '10' },
      'gateway-node-flags': { type: 'string', default: GATEWAY_NODE_FLAGS },
      rounds: { type: 'string', default: '1' },
      'gateway-env': { type: 'string', default: '' },
      runtime: { type: 'string', default: 'bundle' },
      sample: { type: 'string', default: '20' },
      seed: { type: 'string', default: '42' },
      profile: { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
      nice: { type: 'string', default: '0' },
      server: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
    process.exit(0);
  }
  const list = <T extends string>(raw: string, allowed: readonly T[], what: string): T[] => {
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const bad = items.filter((item) => !(allowed as readonly string[]).includes(item));
    if (bad.length > 0 || items.length === 0)
      usage(`--${what}: unknown ${bad.join(', ') || '(empty)'}; one or more of ${allowed.join(', ')}`);
    return items as T[];
  };
  const positive = (raw: string, what: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) usage(`--${what} must be a positive number, got "${raw}"`);
    return value;
  };
  const db = values.db === 'both' ? [...DB_SIZES] : list(values.db, DB_SIZES, 'db');
  return {
    dbs: db,
    durationS: positive(values.duration, 'duration'),
    warmupS: Number(values.warmup),
    queries: list(values.queries, QUERY_NAMES, 'queries'),
    systems: list(values.systems, SYSTEM_NAMES, 'systems'),
    connections: Math.round(positive(values.connections, 'connections')),
    poolSize: Math.round(positive(values['pool-size'], 'pool-size')),
    gatewayNodeFlags: values['gateway-node-flags'].split(' ').filter(Boolean),
    rounds: Math.round(positive(values.rounds, 'rounds')),
    runtime: list(values.runtime, RUNTIMES, 'runtime')[0] as Runtime,
    gatewayEnv: Object.fromEntries(
      values['gateway-env']
        .split(',')
        .filter((pair) => pair.includes('='))
        .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()]),
    ),
    sample: Math.round(positive(values.sample, 'sample')),
    seed: Math.round(Number(values.seed)),
    profile: values.profile,
    pin: !values['no-pin'] && os.cpus().length >= 2,
    nice: Math.round(Number(values.nice)),
    server: values.server.replace(/\/+$/, ''),
  };
}

function usage(message: string): never {
  console.error(`bench: ${message}\nsee: npm run bench -- --help`);
  process.exit(2);
}

// ───────────────────────────── helpers ─────────────────────────────

const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, ms; undefined when it is gone. */
function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}

function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let max = rssMb(pid) ?? 0;
  const timer = setInterval(() => {
    max = Math.max(max, rssMb(pid) ?? 0);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, rssMb(pid) ?? 0);
    },
  };
}

function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

// ───────────────────────────── servers ─────────────────────────────

interface RunningServer {
  readonly system: SystemName;
  readonly pid: number;
  readonly url: URL;
  stop(): Promise<void>;
}

interface ServerSpec {
  system: SystemName;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

async function startServer(spec: ServerSpec, options: Pick<Options, 'pin' | 'nice'>): Promise<RunningServer> {
  const command = options.pin ? 'taskset' : spec.command;
  const args = options.pin ? ['-c', '0', spec.command, ...spec.args] : spec.args;
  const child: ChildProcess = spawn(command, args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<URL>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`${spec.system} did not start in 180 s:\n${stderr}`)), 180_000);
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const ready = /READY (\S+)/.exec(stdout);
      if (ready?.[1] !== undefined) {
        clearTimeout(timer);
        // From now on the server's stdout (the gateway's request log lines) is read and dropped, not kept.
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(new URL(ready[1]));
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.system} exited (${code}) before it was ready:\n${stderr}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.system}: no pid`);
  renice([pid], options.nice);
  return {
    system: spec.system,
    pid,
    url,
    async stop() {
      child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

interface Environment {
  node22: string | undefined;
  jwksFile: string;
  dataDir: string;
  profileDir: string | undefined;
}

const BENCH_CURSOR_KEY = randomBytes(32).toString('base64');

function serverSpec(system: SystemName, databaseUrl: string, options: Options, environment: Environment): ServerSpec {
  // Production requires CURSOR_KEY; every gateway of one run shares one (replicas must), a new one per run.
  const base = { ...minimalChildEnvironment(), NODE_ENV: 'production', CURSOR_KEY: BENCH_CURSOR_KEY };
  const common = ['--database-url', databaseUrl, '--port', '0', '--pool-size', String(options.poolSize)];
  const script = (name: string): string[] =>
    options.runtime === 'bundle'
      ? [path.join(ROOT, BUNDLE_DIR, `${name}.js`)]
      : ['--import', 'tsx', `bench/${name}.ts`];
  switch (system) {
    case 'F1':
      return {
        system,
        command: process.execPath,
        args: [...script('f1-server'), ...common],
        env: base,
        cwd: ROOT,
      };
    case 'G':
      return {
        system,
        command: process.execPath,
        args: [
          ...options.gatewayNodeFlags,
          ...script('gateway-server'),
          ...(environment.profileDir === undefined ? [] : ['--profile-dir', environment.profileDir]),
        ],
        env: {
          ...base,
          DATABASE_URL: databaseUrl,
          DATABASE_POOL_SIZE: String(options.poolSize),
          AUTH_JWKS_FILE: environment.jwksFile,
          AUTH_ISSUERS: BENCH_ISSUER,
          AUTH_AUDIENCES: BENCH_AUDIENCE,
          HOST: '127.0.0.1',
          PORT: '0',
          DATA_DIR: environment.dataDir,
          // The rate limiter stays on (its cost is part of G), with a bucket the benchmark client cannot exhaust.
          RATE_LIMIT_OVERRIDES: `${BENCH_SUBJECT}=1000000000:1000000000`,
          ...options.gatewayEnv,
        },
        cwd: ROOT,
      };
    case 'P':
      if (environment.node22 === undefined) throw new Error('Node 22 was not resolved');
      return {
        system,
        command: environment.node22,
        args: ['bench/postgraphile/server.ts', ...common],
        env: base,
        cwd: ROOT,
      };
  }
}

// ───────────────────────────── data ─────────────────────────────

interface DatasetIds {
  citizens: number;
  existing: string[];
  unknown: string[];
}

async function loadIds(databaseUrl: string, seed: number): Promise<DatasetIds> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [{ count } = { count: 0 }] = (
      await client.query<{ count: number }>('SELECT count(*)::int AS count FROM core.citizen')
    ).rows;
    if (count === 0) throw new Error('core.citizen is empty');
    // A fixed pseudo-random sample (independent of physical order): the same IDs on every run.
    const existing = (
      await client.query<{ id: string }>(
        'SELECT personal_id AS id FROM core.citizen ORDER BY md5(personal_id) LIMIT 20000',
      )
    ).rows.map((row) => row.id);
    // Valid-looking IDs that match no citizen (nor a cancelled ID): an existing ID with new random digits.
    const random = mulberry32(seed ^ 0x5eed);
    const candidates = Array.from({ length: 2000 }, (_, i) => {
      const base = existing[i % existing.length] as string;
      return base.slice(0, 6) + String(Math.floor(random() * 1e6)).padStart(6, '0');
    });
    const unknown = (
      await client.query<{ id: string }>(
        `SELECT DISTINCT u AS id FROM unnest($1::bpchar[]) u
         WHERE NOT EXISTS (SELECT 1 FROM core.citizen c WHERE c.personal_id = u)
           AND NOT EXISTS (SELECT 1 FROM core.previous_personal_id p WHERE p.previous_id = u) ORDER BY 1`,
        [candidates],
      )
    ).rows.map((row) => row.id);
    return { citizens: count, existing, unknown };
  } finally {
    await client.end();
  }
}

/** PostgreSQL backends serving the database (the server under test's pool), excluding this session. */
async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

function idPicker(ids: DatasetIds, query: QueryName, seed: number): () => string[] {
  const spec = QUERIES[query];
  const pool = spec.ids === 'unknown' ? ids.unknown : ids.existing;
  const random = mulberry32(seed); // seeded: every system is asked the same IDs in the same order
  return () => Array.from({ length: spec.batch }, () => pool[Math.floor(random() * pool.length)] as string);
}

// ───────────────────────────── passes ─────────────────────────────

interface Tokens {
  full: string;
  noHealth: string;
}

function targetFor(server: RunningServer, query: QueryName, tokens: Tokens): Target {
  const headers: Record<string, string> = {};
  if (server.system === 'G') {
    headers.authorization = `Bearer ${QUERIES[query].token === 'full' ? tokens.full : tokens.noHealth}`;
    headers['x-purpose'] = BENCH_PURPOSE;
  }
  return {
    host: server.url.hostname,
    port: Number(server.url.port),
    path: '/graphql',
    headers,
    errorsExpected: query === 'Q5d',
  };
}

async function benchStats(server: RunningServer): Promise<Record<string, unknown> | undefined> {
  if (server.system === 'P') return undefined;
  const response = await fetch(new URL('/__bench/stats', server.url));
  return (await response.json()) as Record<string, unknown>;
}

async function benchReset(server: RunningServer): Promise<void> {
  if (server.system === 'P') return;
  await fetch(new URL('/__bench/reset', server.url), { method: 'POST' });
}

interface VerificationResult {
  statementsPerRequest: number;
  statementsMin: number;
  statementsMax: number;
  /** G: its own statement counter over the same requests (cross-check of the proxy). */
  internalStatementsPerRequest: number | undefined;
  answers: unknown[];
  statusCodes: number[];
}

type Verification = Partial<Record<SystemName, Partial<Record<QueryName, VerificationResult>>>>;

/** Starts every system (each through its own statement-counting proxy), asks each the same sample, then stops them. */
async function verificationPass(
  databaseUrl: string,
  ids: DatasetIds,
  options: Options,
  environment: Environment,
  tokens: Tokens,
): Promise<Verification> {
  const url = new URL(databaseUrl);
  const started = await Promise.all(
    options.systems.map(async (system) => {
      const proxy = await startStatementProxy(url.hostname, Number(url.port || 5432));
      const proxied = new URL(databaseUrl);
      proxied.host = `127.0.0.1:${proxy.port}`;
      const spec = serverSpec(system, proxied.toString(), options, { ...environment, profileDir: undefined });
      const server = await startServer(spec, options).catch(async (error: unknown) => {
        await proxy.close();
        throw error;
      });
      return { system, proxy, server };
    }),
  );
  const results: Verification = {};
  try {
    for (const { system, proxy, server } of started) {
      const bySystem: Partial<Record<QueryName, VerificationResult>> = {};
      results[system] = bySystem;
      for (const query of options.queries) {
        if (!QUERIES[query].systems.includes(system)) continue;
        const target = targetFor(server, query, tokens);
        const bodyOf = bodyFactory(system, query);
        const pick = idPicker(ids, query, options.seed + 1000);
        await requestOnce(target, bodyOf(pick())); // first use of the document (planning, caches): not counted
        const sample = Array.from({ length: options.sample }, pick);
        await benchReset(server);
        const before = proxy.statements();
        const answers: unknown[] = [];
        const statusCodes: number[] = [];
        const perRequest: number[] = [];
        for (const chosen of sample) {
          const counted = proxy.statements();
          const answer = await requestOnce(target, bodyOf(chosen));
          perRequest.push(proxy.statements() - counted);
          answers.push(answer.json);
          statusCodes.push(answer.status);
        }
        const statementsPerRequest = (proxy.statements() - before) / sample.length;
        const stats = await benchStats(server);
        bySystem[query] = {
          statementsPerRequest,
          statementsMin: Math.min(...perRequest),
          statementsMax: Math.max(...perRequest),
          internalStatementsPerRequest:
            stats === undefined || system !== 'G' ? undefined : Number(stats.statements) / sample.length,
          answers,
          statusCodes,
        };
        log(`  verify ${system} ${query}: ${statementsPerRequest.toFixed(2)} statements/request`);
      }
    }
  } finally {
    for (const { server, proxy } of started) {
      await server.stop();
      await proxy.close();
    }
  }
  return results;
}

interface CellResult {
  system: SystemName;
  query: QueryName;
  saturation: LoadResult;
  halfLoad: LoadResult;
  maxRssMb: number;
  serverCpuMsPerRequest: number | undefined;
  postgresCpuMsPerRequest: number | undefined;
  /** From the verification pass (proxy): mean, min and max per request. */
  statementsPerRequest: number | undefined;
  statementsRange: [number, number] | undefined;
  /** G and F1: their own statement counters during saturation. */
  internalStatementsPerRequest: number | undefined;
  /** G: phase means (ms) at half load and at saturation. */
  phasesHalfLoad: Record<string, number> | undefined;
  phasesSaturation: Record<string, number> | undefined;
  loadAverage: number[];
  /** With --rounds > 1: the saturation requests/s of every round (this cell is the median one). */
  roundsRequestsPerSecond?: number[];
  /** With --rounds > 1: every round's p50 at half load (the cell's p50 is their median). */
  roundsP50Ms?: number[];
}

/** Raises the scheduling priority of processes (root only; --nice). Failures are reported, not fatal. */
function renice(pids: number[], nice: number): void {
  if (nice === 0 || pids.length === 0) return;
  try {
    execFileSync('renice', ['-n', String(nice), '-p', ...pids.map(String)], { stdio: 'ignore' });
  } catch {
    log(`renice ${nice} failed for ${pids.join(', ')}`);
  }
}

async function measureCell(
  server: RunningServer,
  query: QueryName,
  databaseUrl: string,
  ids: DatasetIds,
  options: Options,
  tokens: Tokens,
): Promise<CellResult> {
  const system = server.system;
  const target = targetFor(server, query, tokens);
  const bodyOf = bodyFactory(system, query);
  const pick = idPicker(ids, query, options.seed);
  const next = () => bodyOf(pick());
  if (options.warmupS > 0) {
    await closedLoop(target, next, { connections: options.connections, durationMs: options.warmupS * 1000 });
  }
  // The backends of every running server's pool (idle ones cost nothing); the pools are full after the warm-up.
  const backends = await backendPids(databaseUrl);
  renice(backends, options.nice);
  await benchReset(server);
  const cpuBefore = cpuMs(server.pid);
  const pgBefore = backends.map((pid) => cpuMs(pid) ?? 0);
  const rss = sampleRss(server.pid);
  const profiling = system === 'G' && options.profile;
  if (profiling) await fetch(new URL('/__bench/profile/start', server.url), { method: 'POST' });
  const saturation = await closedLoop(target, next, {
    connections: options.connections,
    durationMs: options.durationS * 1000,
  });
  if (profiling) {
    const name = `G-${path.basename(new URL(databaseUrl).pathname)}-${query}`;
    const stopped = await fetch(new URL(`/__bench/profile/stop?name=${name}`, server.url), { method: 'POST' });
    log(`  CPU profile: ${await stopped.text()}`);
  }
  const maxRssMb = rss.stop();
  const cpuAfter = cpuMs(server.pid);
  // Backends opened during the run count whole; those closed during it are lost (pools are kept full, so rare).
  const pgBeforeByPid = new Map(backends.map((pid, i) => [pid, pgBefore[i] ?? 0]));
  const backendsAfter = await backendPids(databaseUrl);
  const pgDelta = backendsAfter.reduce(
    (sum, pid) => sum + (cpuMs(pid) ?? pgBeforeByPid.get(pid) ?? 0) - (pgBeforeByPid.get(pid) ?? 0),
    0,
  );
  const saturationStats = await benchStats(server);
  const memory = saturationStats?.memory as NodeJS.MemoryUsage | undefined;
  if (memory !== undefined) {
    const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
    log(
      `  ${system} ${query} memory after saturation: heap used ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)} MB, rss ${mb(memory.rss)} MB, external ${mb(memory.external)} MB`,
    );
  }
  const gc = saturationStats?.gc as Record<string, { count: number; ms: number }> | undefined;
  if (gc !== undefined && Object.keys(gc).length > 0) {
    const parts = Object.entries(gc).map(([kind, sum]) => `${kind} ${sum.count} × = ${sum.ms.toFixed(0)} ms`);
    log(`  ${system} ${query} garbage collection during saturation (${options.durationS} s): ${parts.join(', ')}`);
  }
  const served = Math.max(1, saturation.completed);
  await benchReset(server);
  const rate = Math.max(1, saturation.requestsPerSecond / 2);
  const halfLoad = await openLoop(target, next, { rate, durationMs: options.durationS * 1000 });
  const halfStats = await benchStats(server);
  const cell: CellResult = {
    system,
    query,
    saturation,
    halfLoad,
    maxRssMb,
    serverCpuMsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / served,
    postgresCpuMsPerRequest: backendsAfter.length === 0 ? undefined : pgDelta / served,
    statementsPerRequest: undefined,
    statementsRange: undefined,
    internalStatementsPerRequest:
      saturationStats === undefined ? undefined : Number(saturationStats.statements) / served,
    phasesHalfLoad: system === 'G' ? (halfStats?.meanMs as Record<string, number> | undefined) : undefined,
    phasesSaturation: system === 'G' ? (saturationStats?.meanMs as Record<string, number> | undefined) : undefined,
    loadAverage: loadAverage(),
  };
  log(
    `  ${system} ${query}: ${saturation.requestsPerSecond.toFixed(1)} req/s (failures ${saturation.failures}` +
      `${saturation.firstFailure === undefined ? '' : `: ${saturation.firstFailure.slice(0, 160)}`}), ` +
      `p50 ${halfLoad.latencyMs.p50.toFixed(2)} ms / p99 ${halfLoad.latencyMs.p99.toFixed(2)} ms at ${rate.toFixed(1)} req/s, ` +
      `CPU ${fixed(cell.serverCpuMsPerRequest, 2)} + PG ${fixed(cell.postgresCpuMsPerRequest, 2)} ms/req, RSS ${maxRssMb.toFixed(0)} MB`,
  );
  return cell;
}

/**
 * Starts every system (direct connections), then measures query by query, system after system: the systems of one
 * query are measured minutes apart at most, so a change in the machine's background load skews them less than
 * measuring one system's queries after another's. Only the system being measured receives load. With --rounds N the
 * whole pass runs N times, the order of the systems reversed every other round, and each (query, system) keeps the
 * round with its median requests/s: a burst of load from another tenant of the machine then moves one round, not the
 * result.
 */
async function timedPass(
  databaseUrl: string,
  ids: DatasetIds,
  options: Options,
  environment: Environment,
  tokens: Tokens,
): Promise<CellResult[]> {
  const servers: RunningServer[] = [];
  const cells: CellResult[] = [];
  try {
    for (const system of options.systems) {
      servers.push(await startServer(serverSpec(system, databaseUrl, options, environment), options));
    }
    for (let round = 0; round < options.rounds; round += 1) {
      if (options.rounds > 1) log(`  round ${round + 1} of ${options.rounds}`);
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const query of options.queries) {
        for (const server of order) {
          if (QUERIES[query].systems.includes(server.system)) {
            cells.push(await measureCell(server, query, databaseUrl, ids, options, tokens));
          }
        }
      }
    }
  } finally {
    for (const server of servers) await server.stop();
  }
  return options.rounds === 1 ? cells : medianCells(cells);
}

/**
 * One cell per (query, system): the round with the median saturation requests/s, carrying every round's figure;
 * its p50/p99 at half load are replaced by the medians of the rounds' own (each round has its own open-loop window),
 * and its RSS by the maximum over the rounds (the memory target is about the worst case).
 */
function medianCells(cells: readonly CellResult[]): CellResult[] {
  const groups = new Map<string, CellResult[]>();
  for (const cell of cells) {
    const key = `${cell.query}/${cell.system}`;
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] as number;
  };
  return [...groups.values()].map((group) => {
    const sorted = [...group].sort((a, b) => a.saturation.requestsPerSecond - b.saturation.requestsPerSecond);
    const middle = sorted[Math.floor((sorted.length - 1) / 2)] as CellResult;
    return {
      ...middle,
      halfLoad: {
        ...middle.halfLoad,
        latencyMs: {
          ...middle.halfLoad.latencyMs,
          p50: median(group.map((cell) => cell.halfLoad.latencyMs.p50)),
          p99: median(group.map((cell) => cell.halfLoad.latencyMs.p99)),
        },
      },
      maxRssMb: Math.max(...group.map((cell) => cell.maxRssMb)),
      roundsRequestsPerSecond: group.map((cell) => cell.saturation.requestsPerSecond),
      roundsP50Ms: group.map((cell) => cell.halfLoad.latencyMs.p50),
    };
  });
}

// ───────────────────────────── comparison ─────────────────────────────

/** The first path where two JSON values differ, or undefined when equal. */
function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (
    typeof a === 'object' &&
    a !== null &&
    typeof b === 'object' &&
    b !== null &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const difference = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${at}.${key}`,
      );
      if (difference !== undefined) return difference;
    }
  }
  const show = (value: unknown) => (JSON.stringify(value) ?? 'undefined').slice(0, 120);
  return `${at}: ${show(a)} vs ${show(b)}`;
}

interface Comparison {
  query: QueryName;
  pair: string;
  compared: number;
  mismatches: number;
  firstMismatch: string | undefined;
}

function compareAnswers(verification: Verification): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const query of QUERY_NAMES) {
    const g = verification.G?.[query];
    const f1 = verification.F1?.[query];
    const p = verification.P?.[query];
    if (g !== undefined && f1 !== undefined) {
      let mismatches = 0;
      let first: string | undefined;
      g.answers.forEach((answer, i) => {
        const data = (x: unknown) => (x as { data?: unknown } | undefined)?.data;
        const difference = firstDifference(data(f1.answers[i]), data(answer));
        if (difference !== undefined) {
          mismatches += 1;
          first ??= `sample ${i}: ${difference}`;
        }
      });
      comparisons.push({
        query,
        pair: 'F1 = G (data, exact)',
        compared: g.answers.length,
        mismatches,
        firstMismatch: first,
      });
    }
    if (g !== undefined && p !== undefined) {
      let mismatches = 0;
      let first: string | undefined;
      g.answers.forEach((answer, i) => {
        const difference = firstDifference(toCommonShape('P', query, p.answers[i]), toCommonShape('G', query, answer));
        if (difference !== undefined) {
          mismatches += 1;
          first ??= `sample ${i}: ${difference}`;
        }
      });
      comparisons.push({
        query,
        pair: 'P ~ G (common shape)',
        compared: g.answers.length,
        mismatches,
        firstMismatch: first,
      });
    }
    if (g !== undefined && query === 'Q5d') {
      const denied = g.answers.filter((answer) =>
        JSON.stringify((answer as { errors?: unknown } | undefined)?.errors ?? []).includes(
          'UNAUTHORIZED_FIELD_OR_TYPE',
        ),
      ).length;
      comparisons.push({
        query,
        pair: 'G denies health (UNAUTHORIZED_FIELD_OR_TYPE)',
        compared: g.answers.length,
        mismatches: g.answers.length - denied,
        firstMismatch: undefined,
      });
    }
  }
  return comparisons;
}

// ───────────────────────────── report ─────────────────────────────

const fixed = (value: number | undefined, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);

interface DatabaseReport {
  size: DbSize;
  databaseUrl: string;
  citizens: number;
  schemaProblem: string | undefined;
  cells: CellResult[];
  comparisons: Comparison[];
  verification: Partial<Record<SystemName, Partial<Record<QueryName, Omit<VerificationResult, 'answers'>>>>>;
}

/** Mean statements per request, with the range when requests differ (e.g. a citizen without a household). */
function statements(cell: CellResult): string {
  const range = cell.statementsRange;
  const mean = fixed(cell.statementsPerRequest, 2).replace(/\.00$/, '');
  return range === undefined || range[0] === range[1] ? mean : `${mean} (${range[0]}–${range[1]})`;
}

/** ` (min–max)` of the rounds' requests/s, when there were several. */
function roundsRange(cell: CellResult): string {
  const rounds = cell.roundsRequestsPerSecond;
  if (rounds === undefined || rounds.length < 2) return '';
  return ` (${fixed(Math.min(...rounds))}–${fixed(Math.max(...rounds))})`;
}

function cellTable(report: DatabaseReport): string {
  const lines = [
    `### ${report.size}: ${report.citizens.toLocaleString('en-US')} citizens`,
    '',
    ...(report.schemaProblem === undefined ? [] : [`Schema: ${report.schemaProblem}.`, '']),
    '| query | system | req/s (sat.) | vs F1 | vs P | p50 ms @50% | p99 ms @50% | SQL stmts/req | server CPU ms/req | PG CPU ms/req | max RSS MB | failures |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const query of QUERY_NAMES) {
    const row = (system: SystemName) => report.cells.find((c) => c.query === query && c.system === system);
    for (const system of SYSTEM_NAMES) {
      const cell = row(system);
      if (cell === undefined) continue;
      const f1 = row('F1');
      const p = row('P');
      const ratio = (other: CellResult | undefined) =>
        other === undefined || other === cell
          ? ''
          : `${fixed((100 * cell.saturation.requestsPerSecond) / other.saturation.requestsPerSecond, 0)}%`;
      lines.push(
        `| ${query} | ${system} | ${fixed(cell.saturation.requestsPerSecond)}${roundsRange(cell)} | ${ratio(f1)} | ${ratio(p)} | ` +
          `${fixed(cell.halfLoad.latencyMs.p50, 2)} | ${fixed(cell.halfLoad.latencyMs.p99, 2)} | ${statements(cell)} | ` +
          `${fixed(cell.serverCpuMsPerRequest, 2)} | ${fixed(cell.postgresCpuMsPerRequest, 2)} | ${fixed(cell.maxRssMb, 0)} | ` +
          `${cell.saturation.failures + cell.halfLoad.failures} |`,
      );
    }
  }
  return lines.join('\n');
}

function phaseTable(report: DatabaseReport): string {
  const gCells = report.cells.filter((c) => c.system === 'G' && c.phasesHalfLoad !== undefined);
  if (gCells.length === 0) return '';
  const lines = [
    `#### Gateway cost split, ${report.size} (mean ms per request at 50% load)`,
    '',
    `| query | ${GATEWAY_PHASES.join(' | ')} | total |`,
    `|---|${GATEWAY_PHASES.map(() => '---:').join('|')}|---:|`,
  ];
  for (const cell of gCells) {
    const phases = cell.phasesHalfLoad ?? {};
    lines.push(
      `| ${cell.query} | ${GATEWAY_PHASES.map((phase) => fixed(phases[phase], 3)).join(' | ')} | ${fixed(phases.total, 3)} |`,
    );
  }
  return lines.join('\n');
}

function comparisonTable(report: DatabaseReport): string {
  if (report.comparisons.length === 0) return '';
  return [
    `#### Same data? ${report.size}`,
    '',
    '| query | check | compared | mismatches | first mismatch |',
    '|---|---|---:|---:|---|',
    ...report.comparisons.map(
      (c) =>
        `| ${c.query} | ${c.pair} | ${c.compared} | ${c.mismatches} | ${(c.firstMismatch ?? '').replaceAll('|', '\\|')} |`,
    ),
  ].join('\n');
}

interface Target5 {
  target: string;
  value: string;
  pass: boolean | undefined;
}

function targets(reports: DatabaseReport[]): Target5[] {
  const out: Target5[] = [];
  const cell = (r: DatabaseReport, s: SystemName, q: QueryName) => r.cells.find((c) => c.system === s && c.query === q);
  for (const report of reports) {
    for (const query of ['Q3', 'Q4'] as const) {
      const g = cell(report, 'G', query);
      const p = cell(report, 'P', query);
      const f1 = cell(report, 'F1', query);
      if (g !== undefined && p !== undefined) {
        const ratio = g.saturation.requestsPerSecond / p.saturation.requestsPerSecond;
        out.push({
          target: `${report.size} ${query}: G req/s ≥ P`,
          value: `${fixed(100 * ratio, 0)}% of P`,
          pass: ratio >= 1,
        });
      }
      if (g !== undefined && f1 !== undefined) {
        const ratio = g.saturation.requestsPerSecond / f1.saturation.requestsPerSecond;
        out.push({
          target: `${report.size} ${query}: G req/s ≥ 50% of F1`,
          value: `${fixed(100 * ratio, 0)}% of F1`,
          pass: ratio >= 0.5,
        });
      }
    }
    const q3 = cell(report, 'G', 'Q3');
    const q4 = cell(report, 'G', 'Q4');
    if (q3?.statementsRange !== undefined && q4?.statementsRange !== undefined) {
      // A citizen without a household or health data costs fewer statements; the request shape's cost is the max.
      out.push({
        target: `${report.size}: G statements/request Q4 ≤ Q3 (max over the sample)`,
        value: `Q4 ${statements(q4)}, Q3 ${statements(q3)}`,
        pass: q4.statementsRange[1] <= q3.statementsRange[1],
      });
    }
    const rss = Math.max(...report.cells.filter((c) => c.system === 'G').map((c) => c.maxRssMb));
    if (Number.isFinite(rss))
      out.push({
        target: `${report.size}: G RSS < 300 MB at saturation`,
        value: `${fixed(rss, 0)} MB max`,
        pass: rss < 300,
      });
  }
  const small = reports.find((r) => r.size === '100k');
  const large = reports.find((r) => r.size === '1m');
  if (small !== undefined && large !== undefined) {
    for (const query of QUERY_NAMES) {
      const a = cell(small, 'G', query);
      const b = cell(large, 'G', query);
      if (a === undefined || b === undefined) continue;
      const ratio = b.halfLoad.latencyMs.p50 / a.halfLoad.latencyMs.p50;
      out.push({
        target: `${query}: G p50 at 1m ≤ 1.2 × p50 at 100k`,
        value: `${fixed(b.halfLoad.latencyMs.p50, 2)} / ${fixed(a.halfLoad.latencyMs.p50, 2)} ms = ${fixed(ratio, 2)}×`,
        pass: ratio <= 1.2,
      });
    }
  }
  return out;
}

function targetTable(list: Target5[]): string {
  if (list.length === 0) return '';
  return [
    '### Targets',
    '',
    '| target | measured | result |',
    '|---|---|---|',
    ...list.map((t) => `| ${t.target} | ${t.value} | ${t.pass === undefined ? '–' : t.pass ? 'pass' : '**FAIL**'} |`),
  ].join('\n');
}

// ───────────────────────────── main ─────────────────────────────

async function machineInfo(options: Options): Promise<Record<string, unknown>> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim();
  const client = new pg.Client({ connectionString: `${options.server}/postgres` });
  await client.connect();
  const version = (await client.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v;
  const settings = (
    await client.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_connections', 'effective_cache_size', 'jit')`,
    )
  ).rows;
  await client.end();
  return {
    nproc: os.cpus().length,
    cpuModel: model,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: os.release(),
    node: process.version,
    postgres: version,
    postgresSettings: Object.fromEntries(settings.map((s) => [s.name, `${s.setting}${s.unit ?? ''}`])),
  };
}

/**
 * The gateway refuses a database with pending migrations: apply the project's own pending migrations (as `npm run
 * seed` does). A migration file edited after it was applied is reported, not "fixed": the benchmark's gateway entry
 * then runs anyway (reads do not depend on it) and the results say so.
 */
async function migrate(databaseUrl: string): Promise<string | undefined> {
  const db = await openDatabase({ databaseUrl, dataDir: path.join(RESULTS, '.keys', 'data'), poolSize: 1 });
  try {
    const status = await migrationStatus(db);
    if (status.modified.length > 0 || status.failed.length > 0) {
      const problem = `migrations changed after being applied: ${[...status.modified, ...status.failed].join(', ')}`;
      log(`WARNING ${problem}; re-create the database to benchmark the current schema`);
      return problem;
    }
    const applied = await applyMigrations(db);
    if (applied.length > 0) log(`applied pending migrations: ${applied.join(', ')}`);
    return undefined;
  } finally {
    await db.close();
  }
}

async function resolveNode22(): Promise<string> {
  const { stdout } = await execFile('npx', ['-y', 'node@22', '-p', 'process.execPath'], { cwd: ROOT });
  return stdout.trim();
}

async function ensurePostgraphileInstalled(): Promise<void> {
  const folder = path.join(ROOT, 'bench', 'postgraphile');
  if (existsSync(path.join(folder, 'node_modules', 'postgraphile'))) return;
  log('installing PostGraphile (bench/postgraphile: npm ci)');
  await execFile('npm', ['ci', '--no-audit', '--no-fund'], { cwd: folder });
}

async function main(): Promise<void> {
  const options = parseOptions();
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  if (options.pin) execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  renice([process.pid], options.nice);
  const machine = await machineInfo(options);
  log(
    `machine: ${machine.nproc} CPUs ${String(machine.cpuModel)}, ${String(machine.memoryGiB)} GiB, Node ${process.version}; load ${loadAverage().join(' ')}`,
  );

  const keyDir = path.join(RESULTS, '.keys');
  const keys = await createBenchKeys(keyDir);
  const tokens: Tokens = {
    full: await keys.sign(FULL_VIEW_SCOPES, [BENCH_PURPOSE]),
    noHealth: await keys.sign(NO_HEALTH_SCOPES, [BENCH_PURPOSE]),
  };
  let node22: string | undefined;
  let node22Version: string | undefined;
  if (options.systems.includes('P')) {
    await ensurePostgraphileInstalled();
    node22 = await resolveNode22();
    node22Version = execFileSync(node22, ['--version'], { encoding: 'utf8' }).trim();
    machine.nodeForPostGraphile = node22Version;
    log(`PostGraphile runs on Node ${node22Version} (${node22})`);
  }
  if (options.runtime === 'bundle') {
    await bundle(['bench/gateway-server.ts', 'bench/f1-server.ts'], BUNDLE_DIR);
    log(`F1 and G bundled into ${BUNDLE_DIR}/ (production build, plain Node); --runtime tsx runs their sources`);
  }
  const profileDir = options.profile ? path.join(RESULTS, `profiles-${stamp}`) : undefined;
  if (profileDir !== undefined) await mkdir(profileDir, { recursive: true });
  const environment: Environment = { node22, jwksFile: keys.jwksFile, dataDir: path.join(keyDir, 'data'), profileDir };

  const reports: DatabaseReport[] = [];
  for (const size of options.dbs) {
    const databaseUrl = `${options.server}/lienthong_bench_${size}`;
    let ids: DatasetIds;
    try {
      ids = await loadIds(databaseUrl, options.seed);
    } catch (error) {
      throw new Error(
        `database lienthong_bench_${size} is not usable (${(error as Error).message}). Create it with:\n` +
          `  createdb -h 127.0.0.1 -U postgres lienthong_bench_${size}\n` +
          `  DATABASE_URL=${databaseUrl} npm run seed -- --citizens ${size === '1m' ? 1_000_000 : 100_000} --seed 1`,
        { cause: error },
      );
    }
    log(`${size}: ${ids.citizens} citizens; ${ids.existing.length} sample IDs, ${ids.unknown.length} unknown IDs`);
    const schemaProblem = options.systems.includes('G') ? await migrate(databaseUrl) : undefined;
    log(`${size}: verification pass (each system through a statement-counting proxy)`);
    const verification = await verificationPass(databaseUrl, ids, options, environment, tokens);
    log(`${size}: timed pass`);
    const cells = await timedPass(databaseUrl, ids, options, environment, tokens);
    for (const cell of cells) {
      const verified = verification[cell.system]?.[cell.query];
      cell.statementsPerRequest = verified?.statementsPerRequest;
      cell.statementsRange = verified === undefined ? undefined : [verified.statementsMin, verified.statementsMax];
    }
    const comparisons = compareAnswers(verification);
    const slim = Object.fromEntries(
      Object.entries(verification).map(([system, byQuery]) => [
        system,
        Object.fromEntries(Object.entries(byQuery ?? {}).map(([query, v]) => [query, { ...v, answers: undefined }])),
      ]),
    );
    reports.push({ size, databaseUrl, citizens: ids.citizens, schemaProblem, cells, comparisons, verification: slim });
  }

  let profiles: { file: string; summary: ProfileSummary }[] = [];
  let allocationProfiles: { file: string; summary: AllocationSummary }[] = [];
  if (profileDir !== undefined) {
    const files = readdirSync(profileDir).map((file) => path.join(profileDir, file));
    profiles = files
      .filter((file) => file.endsWith('.cpuprofile'))
      .map((file) => ({ file, summary: summariseProfile(file) }));
    allocationProfiles = files
      .filter((file) => file.endsWith('.heapprofile'))
      .map((file) => ({ file, summary: summariseAllocations(file, 15) }));
  }

  const finished = new Date();
  const targetList = targets(reports);
  const markdown = [
    `## Benchmark ${started.toISOString()} (${((finished.getTime() - started.getTime()) / 60000).toFixed(1)} min)`,
    '',
    `Machine: ${String(machine.nproc)} × ${String(machine.cpuModel)}, ${String(machine.memoryGiB)} GiB; Node ${process.version}` +
      `${node22Version === undefined ? '' : ` (P on ${node22Version})`}; ${String(machine.postgres).split(' on ')[0]}.`,
    `Load: ${options.connections} connections closed-loop for ${options.durationS} s after ${options.warmupS} s warm-up; ` +
      `${options.rounds > 1 ? `${options.rounds} rounds: req/s of the median round (range in brackets), p50/p99 the medians of the rounds', RSS the maximum over the rounds; ` : ''}` +
      `p50/p99 open-loop at half the saturation rate for ${options.durationS} s; pool ${options.poolSize}; ` +
      `${options.pin ? 'server on CPU 0, load generator on CPU 1' : 'no CPU pinning'}` +
      `${options.nice === 0 ? '' : `, nice ${options.nice} for the servers, their PostgreSQL backends and the load generator`}; ` +
      `F1 and G ${options.runtime === 'bundle' ? 'bundled (esbuild), plain Node' : 'from their sources through tsx'}. ` +
      `Load average at the end: ${loadAverage().join(' ')}.` +
      `${options.profile ? ' PROFILED RUN: G was sampled by the V8 profiler during saturation (its numbers include that overhead).' : ''}`,
    '',
    ...reports.flatMap((report) => [cellTable(report), '', phaseTable(report), '', comparisonTable(report), '']),
    targetTable(targetList),
    '',
    ...profiles.flatMap((p) => [
      `### CPU profile of G: ${path.relative(ROOT, p.file)}`,
      '',
      formatProfileSummary(p.summary),
      '',
    ]),
    ...allocationProfiles.flatMap((p) => [
      `### Allocations of G: ${path.relative(ROOT, p.file)}`,
      '',
      formatAllocationSummary(p.summary),
      '',
    ]),
  ].join('\n');

  await mkdir(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${stamp}.json`);
  await writeFile(
    file,
    `${JSON.stringify({ startedAt: started.toISOString(), finishedAt: finished.toISOString(), options, machine, reports, targets: targetList, profiles }, null, 2)}\n`,
  );
  await writeFile(path.join(RESULTS, `${stamp}.md`), `${markdown}\n`);
  console.log(markdown);
  log(`raw results: ${path.relative(ROOT, file)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
