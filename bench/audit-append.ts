/**
 * Audit append throughput on PostgreSQL: group commit (one AuditLog, every append waiting is written in one
 * transaction) against one transaction per request (what each request writing its own records would do: the
 * requests queue on the chain-head row lock). Not a test: run it on a quiet machine and read the figures.
 *
 *   npx tsx bench/audit-append.ts [--server postgresql://postgres@127.0.0.1:5432/postgres] [--requests 3000]
 *                                 [--concurrency 64] [--citizens 1] [--pool 10]
 *
 * A fresh database is created on the server and dropped at the end. Each "request" appends the records of
 * `--citizens` citizens; `--concurrency` requests are in flight at any time.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { normaliseRecord, type AccessRecordInput } from '../src/audit/chain.ts';
import { appendBatch, createAuditLog } from '../src/audit/writer.ts';
import { verifyChain } from '../src/audit/verify.ts';
import { commandLineArguments } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { applyMigrations } from '../src/db/migrate.ts';

const { values } = parseArgs({
  args: commandLineArguments(),
  options: {
    server: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '64' },
    citizens: { type: 'string', default: '1' },
    pool: { type: 'string', default: '10' },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const citizens = Number(values.citizens);
const poolSize = Number(values.pool);

function requestRecords(index: number): AccessRecordInput[] {
  return Array.from({ length: citizens }, (_, k) => ({
    requestId: `bench-${index}`,
    clientSub: 'hospital-app',
    clientOrg: '37001',
    actingUser: 'doctor-1',
    purpose: 'TREATMENT',
    operationName: 'PatientLookup',
    documentHash: 'ab'.repeat(32),
    personalId: `0370${String((index * citizens + k) % 1e8).padStart(8, '0')}`,
    fields: ['Citizen.fullName', 'Encounter.principalDiagnosis', 'Encounter.admittedAt'],
    outcome: 'GRANTED',
  }));
}

interface Figures {
  mode: string;
  seconds: number;
  recordsPerSecond: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  transactions: number;
  statements: number;
}

async function measure(
  mode: string,
  db: Database,
  lanes: number,
  write: (records: AccessRecordInput[]) => Promise<unknown>,
  transactions: () => number,
): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const statementsBefore = db.statements.count;
  const transactionsBefore = transactions();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < requests) {
        const index = next;
        next += 1;
        const t0 = performance.now();
        await write(requestRecords(index));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    mode,
    seconds: Number(seconds.toFixed(2)),
    recordsPerSecond: Math.round((requests * citizens) / seconds),
    requestsPerSecond: Math.round(requests / seconds),
    p50: Number(at(0.5).toFixed(1)),
    p99: Number(at(0.99).toFixed(1)),
    transactions: transactions() - transactionsBefore,
    statements: db.statements.count - statementsBefore,
  };
}

const name = `lienthong_bench_audit_${process.pid}`;
const admin = new pg.Client({ connectionString: values.server });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(values.server);
url.pathname = `/${name}`;
const db = await openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir(), poolSize });
const results: Figures[] = [];
try {
  await applyMigrations(db);
  const log = createAuditLog(db);
  // Warm-up (connections, plans).
  await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(requestRecords(i))));

  results.push(
    await measure(
      `group commit, ${concurrency} concurrent`,
      db,
      concurrency,
      (r) => log.append(r),
      () => log.stats.batches,
    ),
  );
  let perRequest = 0;
  const oneTransactionEach = async (records: AccessRecordInput[]) => {
    const at = new Date();
    await appendBatch(
      db,
      await log.writerId(),
      records.map((record) => normaliseRecord(record, at)),
    );
    perRequest += 1;
  };
  results.push(
    await measure(
      `one transaction per request, ${concurrency} concurrent`,
      db,
      concurrency,
      oneTransactionEach,
      () => perRequest,
    ),
  );
  results.push(
    await measure(
      'group commit, 1 at a time (sequential)',
      db,
      1,
      (r) => log.append(r),
      () => log.stats.batches,
    ),
  );
  await log.close();
  const verified = await verifyChain(db);
  console.log(
    `PostgreSQL ${(await db.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v}, pool ${poolSize}, ${requests} requests x ${citizens} citizen(s) per mode, ${os.cpus().length} CPUs`,
  );
  console.table(results);
  console.log(`chain after the run: ${verified.ok ? 'intact' : 'BROKEN'}, ${verified.records} records`);
} finally {
  await db.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
