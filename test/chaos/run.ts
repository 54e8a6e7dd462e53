/**
 * `npm run chaos`: the resilience acceptance run (docs/ARCHITECTURE.md §10). Two gateway replicas share one PostgreSQL
 * database, each through its own network link (link-proxy.ts); under a steady load of personal reads and idempotent
 * writes on both, replica A's link is black-holed at the worst moment (A's session inside a transaction holding row
 * locks) for --cut seconds, then restored. Passes when:
 *   1. replica B kept serving: at least --min-read-success of its reads sent during the cut succeeded, with a p95
 *      latency at most --latency-factor × its pre-fault p95 + --latency-slack-ms;
 *   2. every write acknowledged (HTTP 200 without errors, first try or retry) exists exactly once in the database;
 *   3. no write that was never acknowledged exists (failed writes are retried with the same Idempotency-Key after
 *      the restore, as a client does; a retry that succeeds must return the first write, not a second one), and
 *      before those retries, no write exists that was answered with an error saying it was not done: any error from
 *      B (its link is intact, so it knows whether it committed), OVERLOADED or a 4xx from either. A's other errors
 *      are ambiguous by nature (a COMMIT sent into the cut may land on restore) and are settled by the retries;
 *   4. both replicas are healthy at the end (/readyz 200 and a personal read served);
 *   5. `npm run audit:verify` passes on the database afterwards.
 *
 *   npm run chaos -- [--server postgresql://postgres@127.0.0.1:5432/postgres] [--citizens 3000] [--warmup 25]
 *                    [--cut 25] [--recovery 20] [--read-rate 8] [--write-rate 1.5] [--moment any|audit|mutation]
 *                    [--pg-setting name=value]... [--keep]
 *
 * --server: a PostgreSQL server on which the run creates (and afterwards drops, unless --keep) its own database;
 * default TEST_DATABASE_URL, else the local server with trust authentication. --moment: which of A's transactions
 * the cut strands: any that wrote or locked rows (default), an audit append (statements on audit.*), or a mutation
 * (its idempotency key inserted). --pg-setting: a server setting for the run's database (ALTER DATABASE ... SET),
 * e.g. idle_in_transaction_session_timeout=2s to compare PostgreSQL's own defence with the gateway's. Exit code 0
 * passed, 1 failed, 2 usage.
 * The replicas run in production mode (NODE_ENV=production, keys from a JWKS file, as deployed) from the sources
 * through tsx. Rates are per replica and per second; the defaults keep a busy 2-core machine far from saturation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import pg from 'pg';
import { archiveKeyFile, ensureArchiveKey } from '../../src/audit/segments.ts';
import { commandLineArguments, minimalChildEnvironment, testDatabaseUrl } from '../../src/config.ts';
import { ROOT, runToEnd, TSX } from '../support/process.ts';
import { startLinkProxy, type CutTrigger, type LinkProxy } from './link-proxy.ts';

const USAGE = `usage: npm run chaos -- [--server <postgresql://...>] [--citizens N] [--warmup S] [--cut S] [--recovery S]
                        [--read-rate R] [--write-rate W] [--trigger-timeout S] [--min-read-success F]
                        [--latency-factor F] [--latency-slack-ms MS] [--moment any|audit|mutation]
                        [--pg-setting name=value]... [--keep]`;

const ISSUER = 'https://idp.chaos.lienthong.local';
const AUDIENCE = 'lienthong';
const SUBJECT = 'chaos-hospital';
const PURPOSE = 'TREATMENT';
const SCOPES = [
  'citizen:identity:read',
  'household:registration:read',
  'health:summary:read',
  'health:encounters:read',
  'health:payments:read',
  'health:encounters:write',
];
/** A client gives up on a request after this (the gateway answers far sooner, even with its database cut). */
const REQUEST_TIMEOUT_MS = 30_000;
const RETRY_ATTEMPTS = 6;

// ───────────────────────────── options ─────────────────────────────

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      args: commandLineArguments(),
      options: {
        server: { type: 'string' },
        citizens: { type: 'string', default: '3000' },
        warmup: { type: 'string', default: '25' },
        cut: { type: 'string', default: '25' },
        recovery: { type: 'string', default: '20' },
        'read-rate': { type: 'string', default: '8' },
        'write-rate': { type: 'string', default: '1.5' },
        'trigger-timeout': { type: 'string', default: '15' },
        'min-read-success': { type: 'string', default: '0.95' },
        'latency-factor': { type: 'string', default: '4' },
        'latency-slack-ms': { type: 'string', default: '500' },
        moment: { type: 'string', default: 'any' },
        'pg-setting': { type: 'string', multiple: true, default: [] },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: keyof typeof parsed, min: number, max: number): number => {
    const value = Number(parsed[name]);
    if (!Number.isFinite(value) || value < min || value > max) {
      console.error(`--${name} must be a number between ${min} and ${max}\n${USAGE}`);
      process.exit(2);
    }
    return value;
  };
  const moments: Record<string, RegExp | undefined> = {
    any: undefined,
    audit: /\baudit\./,
    mutation: /idempotency_key/,
  };
  if (!(parsed.moment in moments)) {
    console.error(`--moment must be any, audit or mutation\n${USAGE}`);
    process.exit(2);
  }
  return {
    moment: parsed.moment,
    momentPattern: moments[parsed.moment],
    server: parsed.server ?? testDatabaseUrl() ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    citizens: number('citizens', 100, 1_000_000),
    warmupMs: number('warmup', 5, 600) * 1000,
    cutMs: number('cut', 1, 600) * 1000,
    recoveryMs: number('recovery', 5, 600) * 1000,
    readRate: number('read-rate', 0.5, 200),
    writeRate: number('write-rate', 0.1, 50),
    triggerTimeoutMs: number('trigger-timeout', 1, 120) * 1000,
    minReadSuccess: number('min-read-success', 0, 1),
    latencyFactor: number('latency-factor', 1, 100),
    latencySlackMs: number('latency-slack-ms', 0, 60_000),
    pgSettings: parsed['pg-setting'].map((entry) => {
      const match = /^([a-z_][a-z0-9_.]*)=(.+)$/i.exec(entry);
      if (match === null) {
        console.error(`--pg-setting must be name=value, got "${entry}"\n${USAGE}`);
        process.exit(2);
      }
      return { name: match[1] as string, value: match[2] as string };
    }),
    keep: parsed.keep,
  };
}

const OPTIONS = options();
const T0 = performance.now();
/** Seconds since the run started, for the log and the report. */
const clock = () => performance.now() - T0;
const stamp = () => `[${(clock() / 1000).toFixed(1).padStart(6)} s]`;
const log = (message: string) => console.log(`${stamp()} ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ───────────────────────────── requests ─────────────────────────────

type ReplicaName = 'A' | 'B';

interface Answer {
  status: number;
  /** The first error's extensions.code, or CLIENT_TIMEOUT / NETWORK_ERROR when no answer came. */
  code: string | undefined;
  latencyMs: number;
  ok: boolean;
  retryAfterS: number | undefined;
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

async function post(
  url: string,
  token: string,
  body: object,
  headers: Record<string, string>,
  okField: string,
): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-purpose': PURPOSE,
        ...headers,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const latencyMs = performance.now() - started;
    let parsed: GraphQLBody | undefined;
    try {
      parsed = JSON.parse(text) as GraphQLBody;
    } catch {
      parsed = undefined;
    }
    const code = parsed?.errors?.[0]?.extensions?.code ?? (parsed === undefined ? 'NOT_JSON' : undefined);
    const ok =
      response.status === 200 &&
      parsed !== undefined &&
      (parsed.errors ?? []).length === 0 &&
      parsed.data?.[okField] !== null &&
      parsed.data?.[okField] !== undefined;
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      status: response.status,
      code,
      latencyMs,
      ok,
      retryAfterS: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    };
  } catch (error) {
    const name = (error as Error).name;
    return {
      status: 0,
      code: name === 'TimeoutError' || name === 'AbortError' ? 'CLIENT_TIMEOUT' : 'NETWORK_ERROR',
      latencyMs: performance.now() - started,
      ok: false,
      retryAfterS: undefined,
    };
  }
}

const READ = /* GraphQL */ `
  query ChaosRead($id: PersonalId!) {
    citizen(personalId: $id) {
      fullName
      household {
        address
      }
      health {
        encounters(first: 5) {
          edges {
            node {
              id
            }
          }
        }
      }
    }
  }
`;

const MUTATIONS = {
  recordEncounter: /* GraphQL */ `
    mutation ChaosEncounter($input: RecordEncounterInput!) {
      recordEncounter(input: $input) {
        personalId
        encounter {
          id
          encounterKey
        }
      }
    }
  `,
  recordVaccination: /* GraphQL */ `
    mutation ChaosVaccination($input: RecordVaccinationInput!) {
      recordVaccination(input: $input) {
        personalId
        vaccination {
          vaccine
        }
      }
    }
  `,
  recordPayment: /* GraphQL */ `
    mutation ChaosPayment($input: RecordPaymentInput!) {
      recordPayment(input: $input) {
        personalId
        payment {
          amountVnd
        }
      }
    }
  `,
} as const;
type MutationName = keyof typeof MUTATIONS;

interface ReadSample {
  replica: ReplicaName;
  sentAt: number;
  answer: Answer;
}

interface Attempt {
  sentAt: number;
  phase: 'load' | 'retry';
  answer: Answer;
}

interface Write {
  key: string;
  replica: ReplicaName;
  mutation: MutationName;
  input: Record<string, unknown>;
  /** Counts the rows this write produced (one statement on the database, not through a replica). */
  check: { sql: string; params: unknown[] };
  attempts: Attempt[];
}

const acknowledged = (write: Write) => write.attempts.some((attempt) => attempt.answer.ok);

// ───────────────────────────── replicas ─────────────────────────────

interface Replica {
  name: ReplicaName;
  proxy: LinkProxy;
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** What every replica shares, as a deployment does: the token keys, the cursor key and the audit signing key. */
interface SharedKeys {
  jwksFile: string;
  cursorKey: string;
  /** A DATA_DIR whose keys/audit-archive.jwk every replica (and audit:verify) uses. */
  auditKeyDir: string;
}

async function startReplica(
  name: ReplicaName,
  proxy: LinkProxy,
  databaseUrl: URL,
  workDir: string,
  keys: SharedKeys,
): Promise<Replica> {
  const viaProxy = new URL(databaseUrl);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const dataDir = path.join(workDir, `replica-${name}`);
  fs.mkdirSync(dataDir, { recursive: true });
  // `node --import tsx` rather than the tsx command: the child is the gateway itself, so a SIGKILL cannot orphan it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...minimalChildEnvironment(),
      HOME: workDir,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: viaProxy.toString(),
      AUTH_JWKS_FILE: keys.jwksFile,
      CURSOR_KEY: keys.cursorKey,
      // One signing key file for both replicas, as deployed (production refuses to start without it).
      AUDIT_SIGNING_KEY_FILE: archiveKeyFile(keys.auditKeyDir),
      // Anchors of both chains several times during the run (and at shutdown), so audit:verify checks them.
      AUDIT_ANCHOR_INTERVAL_MS: '5000',
      AUTH_ISSUERS: ISSUER,
      AUTH_AUDIENCES: AUDIENCE,
      LOG_LEVEL: 'warn',
      // The run stops the replicas itself; no load balancer needs the drain delay.
      SHUTDOWN_DELAY_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    if (text.length > 200_000) text = text.slice(-100_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica ${name}: no start within 180 s:\n${text}`)), 180_000);
    const poll = setInterval(() => {
      const match = /listening on (http:\/\/[^\s]+)\/graphql/.exec(text);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(match[1]);
      }
    }, 100);
    void exited.then((code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`replica ${name} exited (${code}) while starting:\n${text}`));
    });
  });
  return { name, proxy, child, url, output: () => text, exited };
}

async function stopReplica(replica: Replica): Promise<number | null> {
  if (replica.child.exitCode !== null) return replica.child.exitCode;
  replica.child.kill('SIGTERM');
  const timeout = sleep(30_000).then(() => 'timeout' as const);
  const result = await Promise.race([replica.exited, timeout]);
  if (result !== 'timeout') return result;
  replica.child.kill('SIGKILL');
  await replica.exited;
  return null;
}

// ───────────────────────────── statistics ─────────────────────────────

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function summarise(samples: readonly { answer: Answer }[]) {
  const ok = samples.filter((sample) => sample.answer.ok).length;
  const codes = new Map<string, number>();
  for (const { answer } of samples) {
    if (answer.ok) continue;
    const label = `${answer.status} ${answer.code ?? '(no code)'}`;
    codes.set(label, (codes.get(label) ?? 0) + 1);
  }
  const latencies = samples.map((sample) => sample.answer.latencyMs);
  return {
    total: samples.length,
    ok,
    ratio: samples.length === 0 ? Number.NaN : ok / samples.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies.length === 0 ? Number.NaN : Math.max(...latencies),
    failures: [...codes.entries()].map(([label, count]) => `${count}× ${label}`).join(', ') || '-',
  };
}

const ms = (value: number) => (Number.isNaN(value) ? '-' : `${Math.round(value)} ms`);
const pct = (value: number) => (Number.isNaN(value) ? '-' : `${(value * 100).toFixed(1)}%`);

// ───────────────────────────── the run ─────────────────────────────

interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

async function main(): Promise<number> {
  const runId = randomUUID().slice(0, 8);
  const database = `lienthong_chaos_${runId}`;
  const serverUrl = new URL(OPTIONS.server);
  const databaseUrl = new URL(OPTIONS.server);
  databaseUrl.pathname = `/${database}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-chaos-'));
  const cleanups: (() => Promise<unknown> | void)[] = [];
  const checks: Check[] = [];
  const check = (name: string, passed: boolean, detail: string) => checks.push({ name, passed, detail });

  const interrupted = new Promise<never>((_resolve, reject) => {
    const onSignal = (signal: string) => reject(new Error(`interrupted (${signal})`));
    process.once('SIGINT', () => onSignal('SIGINT'));
    process.once('SIGTERM', () => onSignal('SIGTERM'));
  });
  interrupted.catch(() => undefined);

  try {
    return await Promise.race([interrupted, run()]);
  } finally {
    for (const task of cleanups.reverse()) {
      try {
        await task();
      } catch (error) {
        console.error(`cleanup: ${(error as Error).message}`);
      }
    }
  }

  async function run(): Promise<number> {
    // 1. A fresh database, migrated and seeded by the project's own command.
    log(`database ${database} on ${serverUrl.host}; ${OPTIONS.citizens} citizens`);
    const admin = new pg.Client({ connectionString: OPTIONS.server });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    for (const { name, value } of OPTIONS.pgSettings) {
      // Server-side settings for this database only (ALTER DATABASE ... SET): e.g. to compare the gateway's own
      // defences with PostgreSQL's idle_in_transaction_session_timeout. Identifier and literal quoted by the server.
      const { rows } = await admin.query<{ sql: string }>(
        `SELECT format('ALTER DATABASE %I SET %I = %L', $1::text, $2::text, $3::text) AS sql`,
        [database, name, value],
      );
      await admin.query(rows[0]?.sql as string);
      log(`database setting ${name} = ${value}`);
    }
    await admin.end();
    cleanups.push(async () => {
      if (OPTIONS.keep) {
        log(`kept database ${database} (--keep)`);
        return;
      }
      const client = new pg.Client({ connectionString: OPTIONS.server });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    });
    cleanups.push(() => fs.rmSync(workDir, { recursive: true, force: true }));
    const toolEnv = {
      ...minimalChildEnvironment(),
      HOME: workDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl.toString(),
      DATA_DIR: path.join(workDir, 'tools'),
    };
    const seeded = await runToEnd(TSX, ['src/cli/seed.ts', '--citizens', String(OPTIONS.citizens), '--seed', '1'], {
      cwd: ROOT,
      env: toolEnv,
    });
    if (seeded.code !== 0) throw new Error(`seed failed (${seeded.code}):\n${seeded.stdout}\n${seeded.stderr}`);
    log('seeded');

    const db = new pg.Pool({ connectionString: databaseUrl.toString(), max: 4 });
    cleanups.push(() => db.end());
    // The hospital: the facility with the most seeded encounters (its encounters receive the payments).
    const facility = (
      await db.query<{ code: string }>(
        `SELECT facility_code AS code FROM health.encounter GROUP BY facility_code ORDER BY count(*) DESC, 1 LIMIT 1`,
      )
    ).rows[0]?.code;
    if (facility === undefined) throw new Error('the seed wrote no encounters');
    const citizens = (
      await db.query<{ id: string }>(
        `SELECT personal_id AS id FROM core.citizen WHERE status = 'ALIVE' ORDER BY md5(personal_id) LIMIT 400`,
      )
    ).rows.map((row) => row.id);
    const encounters = (
      await db.query<{ key: string }>(
        `SELECT encounter_key AS key FROM health.encounter WHERE facility_code = $1 ORDER BY id LIMIT 60`,
        [facility],
      )
    ).rows.map((row) => row.key);
    if (citizens.length < 20 || encounters.length < 4) throw new Error('the seed wrote too few citizens/encounters');

    // 2. Keys (production mode: a JWKS file, as an identity provider would publish), two links, two replicas.
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    const jwksFile = path.join(workDir, 'jwks.json');
    fs.writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }] }));
    ensureArchiveKey(toolEnv.DATA_DIR);
    const keys: SharedKeys = { jwksFile, cursorKey: randomBytes(32).toString('base64'), auditKeyDir: toolEnv.DATA_DIR };
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ scope: SCOPES.join(' '), purposes: [PURPOSE], org: facility })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(SUBJECT)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .setJti(randomUUID())
      .sign(privateKey);

    const pgHost = serverUrl.hostname || '127.0.0.1';
    const pgPort = Number(serverUrl.port || '5432');
    const proxies = { A: await startLinkProxy(pgHost, pgPort), B: await startLinkProxy(pgHost, pgPort) };
    cleanups.push(() => proxies.A.close());
    cleanups.push(() => proxies.B.close());
    log('starting replicas A and B (production mode, each through its own link)');
    const replicas = {} as Record<ReplicaName, Replica>;
    const started = await Promise.all(
      (['A', 'B'] as const).map((name) => startReplica(name, proxies[name], databaseUrl, workDir, keys)),
    );
    for (const replica of started) {
      replicas[replica.name] = replica;
      cleanups.push(async () => {
        if (replica.child.exitCode === null) replica.child.kill('SIGKILL');
        await replica.exited;
      });
    }
    log(`A ${replicas.A.url}, B ${replicas.B.url}; hospital ${facility}`);

    // 3. Load: personal reads and idempotent writes on both replicas, open loop (a slow answer does not slow the
    //    arrivals, as with independent clients).
    const reads: ReadSample[] = [];
    const writes: Write[] = [];
    const inFlight = new Set<Promise<unknown>>();
    const track = <T>(promise: Promise<T>): Promise<T> => {
      inFlight.add(promise);
      void promise.finally(() => inFlight.delete(promise));
      return promise;
    };
    let sequence = 0;
    const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
    const vietnamToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    // Each replica writes its own half of the encounters: the run tests stranded sessions, not two clients racing.
    const ownEncounters = {
      A: encounters.filter((_key, index) => index % 2 === 0),
      B: encounters.filter((_key, index) => index % 2 === 1),
    };

    const sendRead = (replica: ReplicaName) => {
      const sentAt = clock();
      const id = pick(citizens, (sequence += 7));
      void track(
        post(replicas[replica].url, token, { query: READ, variables: { id } }, {}, 'citizen').then((answer) => {
          reads.push({ replica, sentAt, answer });
        }),
      );
    };

    const attempt = (write: Write, phase: Attempt['phase']) => {
      const sentAt = clock();
      return track(
        post(
          replicas[write.replica].url,
          token,
          { query: MUTATIONS[write.mutation], variables: { input: write.input } },
          { 'idempotency-key': write.key },
          write.mutation,
        ).then((answer) => {
          write.attempts.push({ sentAt, phase, answer });
          return answer;
        }),
      );
    };

    const newWrite = (replica: ReplicaName): Write => {
      const n = (sequence += 1);
      const key = `chaos-${runId}-${replica}-${n}`;
      const kinds: MutationName[] = ['recordEncounter', 'recordVaccination', 'recordPayment'];
      const mutation = pick(kinds, writes.filter((w) => w.replica === replica).length);
      const personalId = pick(citizens, n * 13);
      switch (mutation) {
        case 'recordEncounter': {
          const input = {
            personalId,
            encounterKey: key,
            type: 'OUTPATIENT',
            admittedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
            principalDiagnosis: 'J18.9',
          };
          return {
            key,
            replica,
            mutation,
            input,
            attempts: [],
            check: { sql: `SELECT count(*)::int AS n FROM health.encounter WHERE encounter_key = $1`, params: [key] },
          };
        }
        case 'recordVaccination': {
          const vaccine = `Chaos vaccine ${key}`;
          const input = { personalId, vaccine, doseNumber: 1, administeredOn: vietnamToday() };
          return {
            key,
            replica,
            mutation,
            input,
            attempts: [],
            check: { sql: `SELECT count(*)::int AS n FROM health.vaccination WHERE vaccine = $1`, params: [vaccine] },
          };
        }
        case 'recordPayment': {
          const encounterKey = pick(ownEncounters[replica], n);
          // A unique amount and instant identify the payment (a payment has no natural key of its own).
          const amountVnd = String(900_000_000 + n * 1000);
          const paidAt = new Date(Date.now() - 60_000).toISOString();
          const input = { encounterKey, amountVnd, insuranceVnd: '0', cashless: true, paidAt };
          return {
            key,
            replica,
            mutation,
            input,
            attempts: [],
            check: {
              sql: `SELECT count(*)::int AS n FROM health.payment p JOIN health.encounter e ON e.id = p.encounter_id
                    WHERE e.encounter_key = $1 AND p.amount_vnd = $2::bigint AND p.paid_at = $3::timestamptz`,
              params: [encounterKey, amountVnd, paidAt],
            },
          };
        }
      }
    };

    const sendWrite = (replica: ReplicaName) => {
      const write = newWrite(replica);
      writes.push(write);
      void attempt(write, 'load');
    };

    const timers: NodeJS.Timeout[] = [];
    for (const replica of ['A', 'B'] as const) {
      timers.push(setInterval(() => sendRead(replica), 1000 / OPTIONS.readRate));
      timers.push(setInterval(() => sendWrite(replica), 1000 / OPTIONS.writeRate));
    }
    const stopLoad = () => timers.splice(0).forEach((timer) => clearInterval(timer));
    cleanups.push(stopLoad);

    const progress = (label: string, from: number) => {
      const line = (['A', 'B'] as const)
        .map((replica) => {
          const window = reads.filter((sample) => sample.replica === replica && sample.sentAt >= from);
          const summary = summarise(window);
          return `${replica} reads answered ${summary.total}, ok ${summary.ok}, p95 ${ms(summary.p95)}`;
        })
        .join('; ');
      log(`${label}: ${line}`);
    };

    // 4. Warm-up, then the fault at the worst moment, then recovery.
    log(
      `load: ${OPTIONS.readRate} reads/s and ${OPTIONS.writeRate} writes/s per replica; warm-up ${OPTIONS.warmupMs / 1000} s`,
    );
    const loadStarted = clock();
    for (let elapsed = 0; elapsed < OPTIONS.warmupMs; elapsed += 5000) {
      await sleep(Math.min(5000, OPTIONS.warmupMs - elapsed));
      progress('warm-up', Math.max(loadStarted, clock() - 5000));
    }
    const armedAt = clock();
    log(
      `arming: cut A's link when its session holds a transaction with writes or locks (moment: ${OPTIONS.moment}; ` +
        `at most ${OPTIONS.triggerTimeoutMs / 1000} s)`,
    );
    const trigger: CutTrigger = await proxies.A.cutAtNextWrite(OPTIONS.triggerTimeoutMs, OPTIONS.momentPattern);
    const cutAt = clock();
    log(
      `CUT A's link (${trigger.reason}${trigger.statement === undefined ? '' : `: ${trigger.statement}`}; ` +
        `${trigger.sessionsInTransaction} session(s) in a transaction)`,
    );
    for (let elapsed = 0; elapsed < OPTIONS.cutMs; elapsed += 5000) {
      await sleep(Math.min(5000, OPTIONS.cutMs - elapsed));
      progress('cut', cutAt);
    }
    const held = proxies.A.stats();
    proxies.A.restore();
    const restoredAt = clock();
    log(`RESTORED A's link (${held.heldBytes} bytes held on ${held.open} connection(s) delivered)`);
    for (let elapsed = 0; elapsed < OPTIONS.recoveryMs; elapsed += 5000) {
      await sleep(Math.min(5000, OPTIONS.recoveryMs - elapsed));
      progress('recovery', Math.max(restoredAt, clock() - 5000));
    }
    stopLoad();
    log(`load stopped; waiting for ${inFlight.size} request(s) in flight`);
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);

    // 5. Writes without an acknowledgement are retried with the same key, as a client does after Retry-After.
    const present = async (write: Write) =>
      (await db.query<{ n: number }>(write.check.sql, write.check.params)).rows[0]?.n ?? 0;
    const unacknowledged = writes.filter((write) => !acknowledged(write));
    let presentBeforeRetry = 0;
    const writtenDespiteError: string[] = [];
    for (const write of unacknowledged) {
      if ((await present(write)) === 0) continue;
      presentBeforeRetry += 1;
      const said = write.attempts.find((a) => saysNotDone(write.replica, a.answer));
      if (said !== undefined) {
        writtenDespiteError.push(
          `${write.key} ${write.mutation} on ${write.replica}: answered ${said.answer.status} ${said.answer.code ?? ''}`,
        );
      }
    }
    log(
      `${unacknowledged.length} write(s) not acknowledged (${presentBeforeRetry} of them already in the database); retrying with their keys`,
    );
    for (let round = 0; round < RETRY_ATTEMPTS; round += 1) {
      const pending = writes.filter((write) => !acknowledged(write) && retryable(write));
      if (pending.length === 0) break;
      const answers = await Promise.all(pending.map((write) => attempt(write, 'retry')));
      if (answers.every((answer) => answer.ok)) break;
      const wait = Math.max(2, ...answers.map((answer) => answer.retryAfterS ?? 0));
      await sleep(Math.min(wait, 10) * 1000);
    }

    // 6. Health at the end: both replicas ready and serving a personal read.
    const health: Record<ReplicaName, string> = { A: '', B: '' };
    for (const replica of ['A', 'B'] as const) health[replica] = await healthy(replicas[replica], token, citizens);

    // 7. The database: every write exactly once if acknowledged, absent if not.
    let exactlyOnce = 0;
    const wrong: string[] = [];
    for (const write of writes) {
      const count = await present(write);
      const expected = acknowledged(write) ? 1 : 0;
      if (count === expected) {
        if (expected === 1) exactlyOnce += 1;
        continue;
      }
      const history = write.attempts.map(
        (a) => `${a.phase}:${a.answer.status}${a.answer.ok ? ' ok' : ` ${a.answer.code ?? ''}`}`,
      );
      wrong.push(
        `${write.key} ${write.mutation} on ${write.replica}: ${count} row(s), expected ${expected} [${history.join(', ')}]`,
      );
    }

    // 8. Stop the replicas (their audit writers flush), then verify the audit chain.
    const exitCodes: Record<ReplicaName, number | null> = { A: null, B: null };
    for (const replica of ['A', 'B'] as const) exitCodes[replica] = await stopReplica(replicas[replica]);
    const verify = await runToEnd(TSX, ['src/cli/audit-verify.ts'], { cwd: ROOT, env: toolEnv });
    const auditRecords = (await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit.access_record`)).rows[0]
      ?.n;

    // ─────────── report ───────────
    const window = (replica: ReplicaName, from: number, to: number) =>
      reads.filter((sample) => sample.replica === replica && sample.sentAt >= from && sample.sentAt < to);
    const preFrom = Math.max(loadStarted + 5000, armedAt - 15_000);
    const phases = [
      ['before (last 15 s)', preFrom, armedAt],
      ['armed → cut', armedAt, cutAt],
      ['cut', cutAt, restoredAt],
      ['after restore', restoredAt, Number.POSITIVE_INFINITY],
    ] as const;
    console.log('\n===== chaos report =====');
    console.log(
      `fault: A's link cut at ${(cutAt / 1000).toFixed(1)} s for ${((restoredAt - cutAt) / 1000).toFixed(1)} s ` +
        `(${trigger.reason}${trigger.statement === undefined ? '' : `; last statement: ${trigger.statement}`})`,
    );
    console.log('\nreads (personal, with X-Purpose):');
    console.log(
      `  ${'replica'.padEnd(8)}${'phase'.padEnd(20)}${'ok/total'.padStart(10)}${'ok %'.padStart(8)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'max'.padStart(10)}  failures`,
    );
    for (const replica of ['A', 'B'] as const) {
      for (const [label, from, to] of phases) {
        const s = summarise(window(replica, from, to));
        console.log(
          `  ${replica.padEnd(8)}${label.padEnd(20)}${`${s.ok}/${s.total}`.padStart(10)}${pct(s.ratio).padStart(8)}` +
            `${ms(s.p50).padStart(9)}${ms(s.p95).padStart(9)}${ms(s.max).padStart(10)}  ${s.failures}`,
        );
      }
    }
    console.log('\nwrites (first attempts, by replica and phase):');
    for (const replica of ['A', 'B'] as const) {
      for (const [label, from, to] of phases) {
        const firsts = writes
          .filter((write) => write.replica === replica)
          .map((write) => write.attempts.find((a) => a.phase === 'load'))
          .filter((a): a is Attempt => a !== undefined && a.sentAt >= from && a.sentAt < to);
        const s = summarise(firsts);
        console.log(
          `  ${replica.padEnd(8)}${label.padEnd(20)}${`${s.ok}/${s.total}`.padStart(10)}${pct(s.ratio).padStart(8)}  ${s.failures}`,
        );
      }
    }
    const retried = writes.filter((write) => write.attempts.some((a) => a.phase === 'retry'));
    console.log(
      `  total ${writes.length}; acknowledged ${writes.filter(acknowledged).length}; retried ${retried.length} ` +
        `(acknowledged on retry ${retried.filter(acknowledged).length}); not acknowledged in the end ` +
        `${writes.filter((w) => !acknowledged(w)).length}; in the database before any retry although not ` +
        `acknowledged: ${presentBeforeRetry}`,
    );
    console.log(
      `\naudit: ${auditRecords ?? '?'} access records; audit:verify exit ${verify.code}: ${verify.stdout.trim() || verify.stderr.trim()}`,
    );
    console.log(`replicas: A exit ${exitCodes.A}, B exit ${exitCodes.B} after SIGTERM`);

    const before = summarise(window('B', preFrom, armedAt));
    const during = summarise(window('B', cutAt, restoredAt));
    const limit = OPTIONS.latencyFactor * before.p95 + OPTIONS.latencySlackMs;
    check(
      `B serves ≥ ${pct(OPTIONS.minReadSuccess)} of its reads during the cut`,
      during.total > 0 && during.ratio >= OPTIONS.minReadSuccess,
      `${during.ok}/${during.total} = ${pct(during.ratio)}; failures: ${during.failures}`,
    );
    check(
      `B's read p95 during the cut ≤ ${OPTIONS.latencyFactor} × pre-fault p95 + ${OPTIONS.latencySlackMs} ms`,
      during.total > 0 && before.total > 0 && during.p95 <= limit,
      `${ms(during.p95)} (pre-fault p95 ${ms(before.p95)} over ${before.total} reads → limit ${ms(limit)})`,
    );
    const baseline = summarise([...window('A', preFrom, armedAt), ...window('B', preFrom, armedAt)]);
    check(
      'reads succeed before the fault (the run itself is sound)',
      baseline.total > 0 && baseline.ratio >= 0.99,
      `${baseline.ok}/${baseline.total}; failures: ${baseline.failures}`,
    );
    check(
      'every acknowledged write exists exactly once; no unacknowledged write exists',
      wrong.length === 0,
      wrong.length === 0
        ? `${exactlyOnce} acknowledged write(s) present once; ${writes.length - exactlyOnce} unacknowledged absent`
        : `${wrong.length} wrong:\n      ${wrong.slice(0, 20).join('\n      ')}`,
    );
    check(
      'no write answered with an error saying it was not done exists before its retry',
      writtenDespiteError.length === 0,
      writtenDespiteError.length === 0
        ? `none (${presentBeforeRetry} unacknowledged write(s) of A were in the database: ambiguous answers)`
        : `${writtenDespiteError.length} written:\n      ${writtenDespiteError.slice(0, 20).join('\n      ')}`,
    );
    const rejected = writes.filter((write) => !acknowledged(write) && !retryable(write));
    check(
      'no write is refused for its content (4xx): the inputs and the retries are valid',
      rejected.length === 0,
      rejected.length === 0
        ? 'none'
        : rejected
            .slice(0, 10)
            .map(
              (w) =>
                `${w.key} ${w.mutation}: ${w.attempts.map((a) => `${a.answer.status} ${a.answer.code ?? ''}`).join(', ')}`,
            )
            .join('; '),
    );
    check('replica A healthy at the end (/readyz 200, a personal read served)', health.A === 'ok', health.A);
    check('replica B healthy at the end (/readyz 200, a personal read served)', health.B === 'ok', health.B);
    check(
      'npm run audit:verify passes (anchors present, signatures checked)',
      verify.code === 0 && !/NOT checked|no anchor yet/.test(verify.stdout),
      (verify.stdout.trim() || verify.stderr.trim()).split('\n').slice(0, 3).join(' | '),
    );

    console.log('\nchecks:');
    for (const c of checks) console.log(`  ${c.passed ? 'PASS' : 'FAIL'}  ${c.name}\n        ${c.detail}`);
    const failed = checks.filter((c) => !c.passed).length;
    console.log(failed === 0 ? '\nCHAOS PASSED' : `\nCHAOS FAILED: ${failed} of ${checks.length} checks`);
    if (failed > 0) {
      for (const replica of ['A', 'B'] as const) {
        const tail = replicas[replica].output().trim().split('\n').slice(-15).join('\n    ');
        if (tail !== '') console.log(`\nreplica ${replica}, last output lines:\n    ${tail}`);
      }
    }
    return failed === 0 ? 0 : 1;
  }
}

/**
 * An error answer that says the write was not done: from B, whose link is intact, any answer with an error (the
 * gateway knows whether its transaction committed); from either replica, OVERLOADED (it never started) or a 4xx.
 */
function saysNotDone(replica: ReplicaName, answer: Answer): boolean {
  if (answer.ok || answer.status === 0) return false;
  if (answer.status >= 400 && answer.status < 500) return true;
  return replica === 'B' || answer.code === 'OVERLOADED';
}

/** A write worth retrying: no answer, or a 5xx / 408 / 429 (the catalogue's "retry" codes). */
function retryable(write: Write): boolean {
  const last = write.attempts.at(-1)?.answer;
  if (last === undefined) return true;
  return last.status === 0 || last.status >= 500 || last.status === 408 || last.status === 429;
}

/** 'ok', or what is wrong: /readyz must answer 200 and a personal read must succeed within 60 s. */
async function healthy(replica: Replica, token: string, citizens: readonly string[]): Promise<string> {
  const deadline = performance.now() + 60_000;
  let problem = 'not checked';
  for (let n = 0; performance.now() < deadline; n += 1) {
    try {
      const ready = await fetch(`${replica.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
      if (ready.status !== 200) {
        problem = `/readyz ${ready.status}: ${(await ready.text()).slice(0, 200)}`;
      } else {
        const read = await post(
          replica.url,
          token,
          { query: READ, variables: { id: citizens[n % citizens.length] } },
          {},
          'citizen',
        );
        if (read.ok) return 'ok';
        problem = `/readyz 200 but a read answered ${read.status} ${read.code ?? ''}`;
      }
    } catch (error) {
      problem = `no answer: ${(error as Error).message}`;
    }
    await sleep(2000);
  }
  return problem;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const interrupted = error instanceof Error && error.message.startsWith('interrupted');
    console.error(
      `chaos: ${error instanceof Error ? ((interrupted ? undefined : error.stack) ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
