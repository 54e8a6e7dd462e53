/**
 * A gateway replica's audit writer, for test/audit-chain.test.ts: appends `appends` requests' records (1..maxRecords
 * citizens each) with `concurrency` requests in flight, through one AuditLog (group commit), to a PostgreSQL database
 * shared with other processes. Starts at `startAt` (epoch ms) so that several workers race from the first append,
 * including on the creation of the chain head. Prints one JSON line: { tag, records, appends, batches }.
 *
 * usage: tsx test/support/audit-append-worker.ts '<json parameters>'
 */
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAuditLog, type AccessRecordInput } from '../../src/audit/store.ts';
import { commandLineArguments } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';

interface WorkerParameters {
  databaseUrl: string;
  tag: string;
  appends: number;
  maxRecords: number;
  concurrency: number;
  startAt: number;
}

const parameters = JSON.parse(commandLineArguments()[0] ?? '{}') as WorkerParameters;
const db = await openDatabase({ databaseUrl: parameters.databaseUrl, dataDir: os.tmpdir(), poolSize: 4 });
const log = createAuditLog(db);

function requestRecords(index: number): AccessRecordInput[] {
  const count = 1 + (index % parameters.maxRecords);
  return Array.from({ length: count }, (_, k) => ({
    requestId: `${parameters.tag}-${index}`,
    clientSub: `client-${parameters.tag}`,
    clientOrg: k % 2 === 0 ? '37001' : null,
    actingUser: `officer-${index % 7}`,
    purpose: 'TREATMENT',
    operationName: 'PatientLookup',
    documentHash: 'ab'.repeat(32),
    personalId: `0370${String(index * 10 + k).padStart(8, '0')}`,
    fields: ['Encounter.principalDiagnosis', 'Citizen.fullName'],
    outcome: k === 0 ? 'GRANTED' : 'PARTIAL',
  }));
}

await sleep(Math.max(0, parameters.startAt - Date.now()));
let next = 0;
let records = 0;
async function lane(): Promise<void> {
  while (next < parameters.appends) {
    const index = next;
    next += 1;
    const written = await log.append(requestRecords(index));
    records += written.length;
  }
}
await Promise.all(Array.from({ length: parameters.concurrency }, lane));
await log.close();
console.log(JSON.stringify({ tag: parameters.tag, records, appends: parameters.appends, batches: log.stats.batches }));
await db.close();
