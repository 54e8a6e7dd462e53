/**
 * A deterministic sample file of health encounters for measuring `npm run import` (not used by the importer):
 *
 *   DATABASE_URL=... tsx src/import/sample.ts --rows 1000000 --out /tmp/enc.ndjson [--seed 1] [--bad-rate 0.001]
 *     [--format ndjson|csv]
 *
 * Rows reference citizens and facilities of the database (read once); the same database, rows and seed give the same
 * file. About `bad-rate` of the rows are wrong on purpose (unknown citizen, malformed ICD-10 code, discharge before
 * admission, broken JSON), so the reject path is measured too. Encounter keys `IMP<seed>-<row>` do not collide with the
 * seed's.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { commandLineArguments, loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { mulberry32 } from '../lib/mulberry32.ts';

const DIAGNOSES = ['J06.9', 'J18.9', 'I10', 'E11.9', 'K29.7', 'M54.5', 'A09', 'N39.0', 'R50.9', 'S52.5', 'E78.5'];
const TYPES = ['OUTPATIENT', 'OUTPATIENT', 'OUTPATIENT', 'INPATIENT', 'EMERGENCY', 'DAY_CARE'];

const { values } = parseArgs({
  args: commandLineArguments(),
  options: {
    rows: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'bad-rate': { type: 'string', default: '0.001' },
    format: { type: 'string', default: 'ndjson' },
  },
});
const rows = Number(values.rows);
const seed = Number(values.seed);
const badRate = Number(values['bad-rate']);
if (values.out === undefined || !Number.isInteger(rows) || rows < 1 || !(badRate >= 0 && badRate < 1)) {
  console.error('usage: tsx src/import/sample.ts --rows N --out FILE [--seed S] [--bad-rate R] [--format ndjson|csv]');
  process.exit(2);
}
const csv = values.format === 'csv';

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
// Citizens born before 2024, so that every admission (2024-2026) is after the birth.
const citizens = (
  await db.query<{ id: string }>(
    `SELECT personal_id AS id FROM core.citizen WHERE date_of_birth < '2024-01-01' ORDER BY personal_id`,
  )
).map((row) => row.id);
const facilities = (await db.query<{ code: string }>(`SELECT code FROM health.facility ORDER BY code`)).map(
  (row) => row.code,
);
await db.close();
if (citizens.length === 0 || facilities.length === 0) {
  console.error('the database has no citizens or facilities: seed it first (npm run seed)');
  process.exit(1);
}

const rng = mulberry32(seed);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;
const start = Date.UTC(2024, 0, 1);
const span = Date.UTC(2026, 9, 31) - start;
const out = fs.createWriteStream(values.out);
if (csv)
  out.write(
    'encounterKey,personalId,facilityCode,type,admittedAt,dischargedAt,principalDiagnosis,secondaryDiagnoses\n',
  );
let buffer = '';
for (let i = 0; i < rows; i += 1) {
  const type = pick(TYPES);
  const admitted = start + Math.floor(rng() * span);
  const stay =
    type === 'INPATIENT' ? 86_400_000 * (1 + Math.floor(rng() * 10)) : 600_000 + Math.floor(rng() * 7_200_000);
  const principal = pick(DIAGNOSES);
  const secondary = rng() < 0.4 ? [pick(DIAGNOSES)].filter((code) => code !== principal) : [];
  const record = {
    encounterKey: `IMP${seed}-${String(i + 1).padStart(8, '0')}`,
    personalId: pick(citizens),
    facilityCode: pick(facilities),
    type,
    admittedAt: new Date(admitted).toISOString(),
    dischargedAt: rng() < 0.02 ? null : new Date(admitted + stay).toISOString(),
    principalDiagnosis: principal,
    secondaryDiagnoses: secondary,
  };
  let line: string;
  const bad = rng() < badRate ? Math.floor(rng() * 4) : -1;
  if (bad === 0) record.personalId = `037${String(i).padStart(9, '0')}`.slice(0, 12);
  if (bad === 1) record.principalDiagnosis = 'J18-9';
  if (bad === 2 && record.dischargedAt !== null) record.dischargedAt = new Date(admitted - 60_000).toISOString();
  if (csv) {
    line = [
      record.encounterKey,
      record.personalId,
      record.facilityCode,
      record.type,
      record.admittedAt,
      record.dischargedAt ?? '',
      record.principalDiagnosis,
      record.secondaryDiagnoses.join(';'),
    ].join(',');
    if (bad === 3) line += ',extra';
  } else {
    line = JSON.stringify(record);
    if (bad === 3) line = line.slice(0, -1);
  }
  buffer += `${line}\n`;
  if (buffer.length > 1 << 20) {
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  }
}
out.end(buffer);
await once(out, 'finish');
console.log(
  `${values.out}: ${rows} rows (${fs.statSync(values.out).size} bytes), ${citizens.length} citizens, ${facilities.length} facilities`,
);
