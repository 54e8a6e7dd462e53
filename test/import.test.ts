/**
 * Bulk import (docs/ARCHITECTURE.md §11, `npm run import`): NDJSON and CSV files of several sectors go into a real
 * database (PGlite in a temp dir, or a fresh database on TEST_DATABASE_URL) with migrations applied; rejected rows land
 * in the reject file with their line and reasons; re-importing a file changes nothing; a dry run writes nothing; the
 * CLI's exit codes and summary line. The CSV parser is also fed in pieces of every size (records straddling chunks).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { CsvParser, type CsvRecord } from '../src/import/csv.ts';
import { parseInstant } from '../src/import/fields.ts';
import { importFile, type ImportSummary, type Reject } from '../src/import/importer.ts';
import { findKind } from '../src/import/kinds/index.ts';
import type { SectorName } from '../src/import/kind.ts';
import { formatOf, ImportFormatError } from '../src/import/source.ts';
import { openTestDatabase } from './support/harness.ts';
import { runTypeScript } from './support/process.ts';

const AN = '037085000001'; // born 1985-03-01
const BINH = '036192000002'; // born 1992-06-15
const CUONG = '035201000003'; // born 2001-09-09
const DECEASED = '037050000004';
const REISSUED = '037085999999'; // cancelled, re-issued as AN
const UNKNOWN = '037085123456';
const FACILITY = '37001';
const COMMUNE = '14335';
const COMMUNE_2 = '14338';
const LICENCE = 'KS-37-2013-00001';
const FILE_1 = '1433500000001';
const FILE_2 = '1433800000002';

let db: Database;
let databaseUrl: string | undefined;
let dataDir: string;
let work: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-import-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-import-files-'));
  const opened = await openTestDatabase(dataDir);
  db = opened.db;
  databaseUrl = opened.databaseUrl;
  drop = opened.drop;
  await applyMigrations(db);
  for (const sql of [
    `INSERT INTO core.administrative_unit (code, name, level, province_code) VALUES
       ('${COMMUNE}', 'Xã Gia Viễn', 'COMMUNE', '37'), ('${COMMUNE_2}', 'Phường Hoa Lư', 'WARD', '37')`,
    `INSERT INTO core.citizen (personal_id, full_name, date_of_birth, sex, status) VALUES
       ('${AN}', 'Nguyễn Văn An', '1985-03-01', 'MALE', 'ALIVE'),
       ('${BINH}', 'Trần Thị Bình', '1992-06-15', 'FEMALE', 'ALIVE'),
       ('${CUONG}', 'Lê Văn Cường', '2001-09-09', 'MALE', 'ALIVE'),
       ('${DECEASED}', 'Phạm Văn Dũng', '1950-01-01', 'MALE', 'DECEASED')`,
    `INSERT INTO core.previous_personal_id (previous_id, personal_id, cancelled_on, reason)
       VALUES ('${REISSUED}', '${AN}', '2024-01-01', 'Cấp lại')`,
    `INSERT INTO health.facility (code, name, commune_code, level) VALUES ('${FACILITY}', 'Trạm y tế Gia Viễn', '${COMMUNE}', 'COMMUNE')`,
    `INSERT INTO tourism.establishment (name, type, stars, licence_no, commune_code, address)
       VALUES ('Khách sạn Tràng An', 'HOTEL', 3, '${LICENCE}', '${COMMUNE_2}', 'Số 1, đường Tràng An')`,
    `INSERT INTO household.household (residence_file_no, address, commune_code, head_personal_id) VALUES
       ('${FILE_1}', 'Thôn Đông, xã Gia Viễn', '${COMMUNE}', '${AN}'),
       ('${FILE_2}', 'Tổ 3, phường Hoa Lư', '${COMMUNE_2}', '${CUONG}')`,
  ]) {
    await db.query(sql);
  }
});

afterAll(async () => {
  await db?.close();
  await drop?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const target = path.join(work, name);
  fs.writeFileSync(target, content);
  return target;
}

const ndjson = (...records: (Record<string, unknown> | string)[]): string =>
  records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

async function load(
  sector: SectorName,
  target: string,
  options: { kind?: string; dryRun?: boolean; batchSize?: number } = {},
): Promise<{ summary: ImportSummary; rejects: Reject[] }> {
  const kind = findKind(sector, options.kind);
  if (kind === undefined) throw new Error(`no kind ${options.kind}`);
  const rejectsPath = `${target}.rejects.ndjson`;
  const summary = await importFile({
    db,
    kind,
    file: target,
    format: formatOf(target) ?? 'ndjson',
    rejectsPath,
    dryRun: options.dryRun ?? false,
    batchSize: options.batchSize ?? 3,
  });
  const text = fs.readFileSync(rejectsPath, 'utf8');
  const rejects =
    text === ''
      ? []
      : text
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as Reject);
  return { summary, rejects };
}

/** A checksum of a whole table's contents. */
async function checksum(table: string): Promise<string> {
  const [row] = await db.query<{ sum: string | null; n: number }>(
    `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum, count(*)::int AS n FROM ${table} t`,
  );
  return `${row?.n}:${row?.sum ?? ''}`;
}

const reasonsByLine = (rejects: Reject[]) => Object.fromEntries(rejects.map((r) => [r.line, r.reasons]));

const encounter = (key: string, extra: Record<string, unknown> = {}) => ({
  encounterKey: key,
  personalId: AN,
  facilityCode: FACILITY,
  type: 'OUTPATIENT',
  admittedAt: '2025-01-10T08:00:00+07:00',
  dischargedAt: '2025-01-10T09:30:00+07:00',
  principalDiagnosis: 'J18.9',
  secondaryDiagnoses: ['E11.9'],
  ...extra,
});

describe('health encounters from NDJSON', () => {
  let first: string;

  it('inserts the valid rows and rejects each bad one with its line and reasons', async () => {
    first = file(
      'encounters.ndjson',
      ndjson(
        encounter('E-1'), // 1
        encounter('E-2', {
          personalId: BINH,
          type: 'INPATIENT',
          admittedAt: '2025-02-01 10:00', // no offset: Vietnam time
          dischargedAt: null,
          principalDiagnosis: 'I10',
          secondaryDiagnoses: [],
        }), // 2
        '', // 3: blank, skipped
        encounter('E-4', { personalId: '12345' }), // 4
        encounter('E-5', { personalId: UNKNOWN }), // 5
        encounter('E-6', { personalId: REISSUED }), // 6
        encounter('E-7', { principalDiagnosis: 'J18-9', secondaryDiagnoses: ['J18-9', 'E11.9', 'E11.9'] }), // 7
        encounter('E-8', { dischargedAt: '2025-01-10T07:59:59+07:00' }), // 8
        '{"encounterKey": "E-9", "personalId": ', // 9: broken JSON
        encounter('E-10', { facilityCode: '99999', personalId: UNKNOWN }), // 10
        { ...encounter('E-11'), dischargeAt: '2025-01-10T09:00:00Z' }, // 11
        encounter('E-12', { personalId: CUONG, admittedAt: '2001-09-08T12:00:00+07:00', dischargedAt: null }), // 12
        encounter('E-3', {
          personalId: CUONG,
          type: 'EMERGENCY',
          admittedAt: '2026-01-02T01:02:03.456789Z',
          dischargedAt: '2026-01-02T05:00:00Z',
        }), // 13
        encounter('E-1'), // 14: twice in the file
        '[1, 2, 3]', // 15
      ),
    );
    const { summary, rejects } = await load('health', first);
    expect(summary).toMatchObject({ read: 14, inserted: 3, completed: 0, duplicates: 1, rejected: 10, valid: 4 });
    expect(reasonsByLine(rejects)).toEqual({
      4: ['personalId: a personal ID has exactly 12 digits'],
      5: ['personalId: no citizen with this personal ID in the population registry'],
      6: ['personalId: this personal ID was cancelled and re-issued; use the current personal ID'],
      7: [
        'principalDiagnosis: not an ICD-10 code (e.g. J18.9)',
        'secondaryDiagnoses[0]: not an ICD-10 code (e.g. J18.9)',
        'secondaryDiagnoses[2]: listed twice',
      ],
      8: ['dischargedAt: must be after admittedAt'],
      9: [expect.stringMatching(/^not valid JSON: /)],
      10: [
        'personalId: no citizen with this personal ID in the population registry',
        'facilityCode: no health facility with this code',
      ],
      11: ['dischargeAt: unknown field'],
      12: ["admittedAt: is before the patient's birth (2001-09-09)"],
      15: ['not a JSON object'],
    });
    // The reject file keeps the record (to fix and re-import) or the raw text of an unreadable line.
    expect(rejects.find((r) => r.line === 5)?.record).toMatchObject({ encounterKey: 'E-5' });
    expect(rejects.find((r) => r.line === 9)?.text).toBe('{"encounterKey": "E-9", "personalId": ');

    const rows = await db.query<Record<string, unknown>>(
      `SELECT encounter_key AS key, personal_id AS "personalId", type::text AS type,
         to_char(admitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "admittedAt",
         to_char(discharged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "dischargedAt",
         principal_diagnosis AS principal, secondary_diagnoses AS secondary
       FROM health.encounter ORDER BY encounter_key`,
    );
    expect(rows).toEqual([
      {
        key: 'E-1',
        personalId: AN,
        type: 'OUTPATIENT',
        admittedAt: '2025-01-10T01:00:00.000Z',
        dischargedAt: '2025-01-10T02:30:00.000Z',
        principal: 'J18.9',
        secondary: ['E11.9'],
      },
      {
        key: 'E-2',
        personalId: BINH,
        type: 'INPATIENT',
        admittedAt: '2025-02-01T03:00:00.000Z',
        dischargedAt: null,
        principal: 'I10',
        secondary: [],
      },
      {
        key: 'E-3',
        personalId: CUONG,
        type: 'EMERGENCY',
        admittedAt: '2026-01-02T01:02:03.456Z',
        dischargedAt: '2026-01-02T05:00:00.000Z',
        principal: 'J18.9',
        secondary: ['E11.9'],
      },
    ]);
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await checksum('health.encounter');
    const { summary, rejects } = await load('health', first, { batchSize: 100 });
    expect(summary).toMatchObject({ read: 14, inserted: 0, completed: 0, duplicates: 4, rejected: 10 });
    expect(rejects.map((r) => r.line)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 15]);
    expect(await checksum('health.encounter')).toBe(before);
  });

  it('fills in a discharge the stored encounter lacked, and nothing else', async () => {
    const later = file(
      'discharges.ndjson',
      ndjson(
        encounter('E-2', {
          personalId: BINH,
          type: 'INPATIENT',
          admittedAt: '2025-02-01T10:00:00+07:00',
          dischargedAt: '2025-02-05T09:00:00+07:00',
          principalDiagnosis: 'I10',
          secondaryDiagnoses: [],
        }),
        // Already discharged: the stored discharge stays.
        encounter('E-1', { dischargedAt: '2025-01-10T11:00:00+07:00' }),
      ),
    );
    const { summary } = await load('health', later);
    expect(summary).toMatchObject({ read: 2, inserted: 0, completed: 1, duplicates: 1, rejected: 0 });
    const rows = await db.query<{ key: string; discharged: string }>(
      `SELECT encounter_key AS key, to_char(discharged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS discharged
       FROM health.encounter WHERE encounter_key IN ('E-1', 'E-2') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { key: 'E-1', discharged: '2025-01-10T02:30Z' },
      { key: 'E-2', discharged: '2025-02-05T02:00Z' },
    ]);
    const again = await load('health', later);
    expect(again.summary).toMatchObject({ inserted: 0, completed: 0, duplicates: 2 });
  });

  it('a dry run checks every row and writes nothing', async () => {
    const before = await checksum('health.encounter');
    const target = file(
      'dry.ndjson',
      ndjson(encounter('E-1'), encounter('E-100'), encounter('E-101', { personalId: UNKNOWN })),
    );
    const { summary, rejects } = await load('health', target, { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, read: 3, valid: 2, duplicates: 1, inserted: 0, rejected: 1 });
    expect(reasonsByLine(rejects)).toEqual({
      3: ['personalId: no citizen with this personal ID in the population registry'],
    });
    expect(await checksum('health.encounter')).toBe(before);
  });
});

describe('health vaccinations from CSV', () => {
  it('reads quoted fields, CRLF line ends and rejects a row with the wrong number of columns', async () => {
    const target = file(
      'vaccinations.csv',
      [
        'personalId,vaccine,doseNumber,administeredOn,facilityCode',
        `${AN},"Vắc xin 5 trong 1 (DTaP-IPV-Hib, ""ComBe Five"")",1,2025-05-01,${FACILITY}`,
        `"${BINH}","Cúm mùa",1,2025-10-10,"${FACILITY}"`,
        `${BINH},Cúm mùa,1,2025-10-10`,
        `${CUONG},Viêm gan B,0,2025-13-01,${FACILITY}`,
        `${CUONG},Uốn ván,2,2000-01-01,${FACILITY}`,
      ].join('\r\n') + '\r\n',
    );
    const { summary, rejects } = await load('health', target, { kind: 'vaccinations' });
    expect(summary).toMatchObject({ read: 5, inserted: 2, rejected: 3 });
    expect(reasonsByLine(rejects)).toEqual({
      4: ['has 4 field(s), the header has 5'],
      5: ['doseNumber: must be a whole number from 1 to 20', 'administeredOn: not a calendar date'],
      6: ["administeredOn: is before the citizen's birth (2001-09-09)"],
    });
    const rows = await db.query<{ vaccine: string }>(`SELECT vaccine FROM health.vaccination ORDER BY vaccine`);
    expect(rows.map((r) => r.vaccine)).toEqual(['Cúm mùa', 'Vắc xin 5 trong 1 (DTaP-IPV-Hib, "ComBe Five")']);

    const before = await checksum('health.vaccination');
    const again = await load('health', target, { kind: 'vaccinations' });
    expect(again.summary).toMatchObject({ inserted: 0, duplicates: 2, rejected: 3 });
    expect(await checksum('health.vaccination')).toBe(before);
  });

  it('refuses a CSV file whose header has an unknown column or lacks a required one', async () => {
    const target = file('bad-header.csv', `personalId,vaccin,doseNumber,administeredOn\n${AN},X,1,2025-01-01\n`);
    await expect(load('health', target, { kind: 'vaccinations' })).rejects.toMatchObject({
      cause: expect.any(ImportFormatError),
      message: expect.stringMatching(
        /unknown column "vaccin".*required column "vaccine" is missing.*required column "facilityCode" is missing/,
      ),
    });
  });
});

describe('tourism stays from CSV', () => {
  const header =
    'licenceNo,guestPersonalId,passportNo,nationality,checkInAt,expectedCheckOutAt,actualCheckOutAt,declaredAt,channel';
  let target: string;

  it('imports citizen and passport guests, rejecting what the declaration rules forbid', async () => {
    target = file(
      'stays.csv',
      [
        header,
        `${LICENCE},${AN},,,2025-03-01T14:00:00+07:00,2025-03-03T12:00:00+07:00,,2025-03-01T15:00:00+07:00,VNEID`,
        `${LICENCE},,M1234567,KOR,2025-03-02T14:00:00Z,2025-03-04T05:00:00Z,2025-03-04T04:00:00Z,2025-03-02T16:00:00Z,IN_PERSON`,
        `${LICENCE},${AN},,,2025-03-01T14:00:00+07:00`,
        `${LICENCE},${BINH},M7654321,KOR,2025-03-02T14:00:00Z,2025-03-04T05:00:00Z,,2025-03-02T16:00:00Z,API`,
        `KS-00-0000-00000,${BINH},,,2025-03-02T14:00:00Z,2025-03-01T05:00:00Z,,2025-03-02T16:00:00Z,FAX`,
        `"${LICENCE}","${BINH}",,VNM,"2025-04-01T14:00:00+07:00","2025-04-02T12:00:00+07:00",,"2025-04-01T14:30:00+07:00",ONLINE_PORTAL`,
      ].join('\n'), // no final line break
    );
    const { summary, rejects } = await load('tourism', target);
    expect(summary).toMatchObject({ read: 6, inserted: 3, rejected: 3 });
    expect(reasonsByLine(rejects)).toEqual({
      4: ['has 5 field(s), the header has 9'],
      5: ['guestPersonalId: give exactly one of guestPersonalId (Vietnamese guest) and passportNo (foreign guest)'],
      6: [
        'channel: must be one of VNEID, ONLINE_PORTAL, IN_PERSON, API',
        'expectedCheckOutAt: must be after checkInAt',
      ],
    });
    const stays = await db.query<{ guest: string; nationality: string }>(
      `SELECT coalesce(guest_personal_id, passport_no) AS guest, nationality FROM tourism.guest_stay ORDER BY check_in_at`,
    );
    expect(stays).toEqual([
      { guest: AN, nationality: 'VNM' },
      { guest: 'M1234567', nationality: 'KOR' },
      { guest: BINH, nationality: 'VNM' },
    ]);
  });

  it('is idempotent, and completes a stay with its check-out', async () => {
    const before = await checksum('tourism.guest_stay');
    expect((await load('tourism', target)).summary).toMatchObject({ inserted: 0, duplicates: 3, rejected: 3 });
    expect(await checksum('tourism.guest_stay')).toBe(before);

    const checkOut = file(
      'checkout.csv',
      `${header}\n${LICENCE},${AN},,,2025-03-01T14:00:00+07:00,2025-03-03T12:00:00+07:00,2025-03-03T11:00:00+07:00,2025-03-01T15:00:00+07:00,VNEID\n`,
    );
    expect((await load('tourism', checkOut)).summary).toMatchObject({ inserted: 0, completed: 1 });
    const [stay] = await db.query<{ out: string }>(
      `SELECT to_char(actual_check_out_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS out
       FROM tourism.guest_stay WHERE guest_personal_id = $1 AND check_in_at = '2025-03-01T07:00:00Z'`,
      [AN],
    );
    expect(stay?.out).toBe('2025-03-03T04:00Z');
  });
});

describe('household', () => {
  it('imports households from CSV with quoted fields; line numbers stay physical after a multi-line field', async () => {
    const target = file(
      'households.csv',
      [
        'residenceFileNo,address,communeCode,headPersonalId',
        `1433500000010,"Số 5, ngõ 2, ""Xóm Mới"", thôn Đông",${COMMUNE},${BINH}`,
        `1433500000013,"Số 7\nthôn Đông",${COMMUNE},${BINH}`,
        `1433500000011,Thôn Tây,99999,${UNKNOWN}`,
        `1433500000012,Thôn Nam,${COMMUNE},${CUONG}`,
      ].join('\n') + '\n',
    );
    const { summary, rejects } = await load('household', target, { kind: 'households' });
    expect(summary).toMatchObject({ read: 4, inserted: 2, rejected: 2 });
    expect(reasonsByLine(rejects)).toEqual({
      3: ['address: must not contain control characters'],
      5: [
        'headPersonalId: no citizen with this personal ID in the population registry',
        'communeCode: no commune or ward with this code',
      ],
    });
    const [household] = await db.query<{ address: string }>(
      `SELECT address FROM household.household WHERE residence_file_no = '1433500000010'`,
    );
    expect(household?.address).toBe('Số 5, ngõ 2, "Xóm Mới", thôn Đông');
  });

  it('imports registrations; a row breaking a rule across rows is rejected alone', async () => {
    const registration = (extra: Record<string, unknown>) => ({
      residenceFileNo: FILE_1,
      type: 'PERMANENT',
      startDate: '2020-01-01',
      ...extra,
    });
    const target = file(
      'registrations.ndjson',
      ndjson(
        registration({ personalId: AN, relationshipToHead: 'HEAD' }), // 1
        registration({ personalId: BINH, relationshipToHead: 'SPOUSE' }), // 2
        registration({ personalId: CUONG, relationshipToHead: 'CHILD' }), // 3
        // A second current permanent residence for CUONG: refused by the database, rejected alone.
        registration({
          residenceFileNo: FILE_2,
          personalId: CUONG,
          relationshipToHead: 'HEAD',
          startDate: '2021-01-01',
        }), // 4
        registration({ personalId: DECEASED, relationshipToHead: 'PARENT' }), // 5
        registration({
          personalId: BINH,
          type: 'TEMPORARY',
          relationshipToHead: 'NON_RELATIVE',
          residenceFileNo: FILE_2,
        }), // 6
        registration({
          personalId: DECEASED,
          relationshipToHead: 'PARENT',
          startDate: '1990-01-01',
          endDate: '2019-05-01',
          deregistrationReason: 'Chết',
        }), // 7
        registration({ personalId: AN, relationshipToHead: 'HEAD', residenceFileNo: '0000000000000' }), // 8
      ),
    );
    const { summary, rejects } = await load('household', target, { batchSize: 100 });
    expect(summary).toMatchObject({ read: 8, inserted: 4, rejected: 4 });
    expect(reasonsByLine(rejects)).toEqual({
      4: ['the citizen already has a current permanent registration'],
      5: ['endDate: the citizen is deceased: a current registration needs an endDate'],
      6: ['expectedEndDate: required for a TEMPORARY registration'],
      8: ['residenceFileNo: no household with this residence file number'],
    });
    const before = await checksum('household.residence_registration');
    expect((await load('household', target)).summary).toMatchObject({ inserted: 0, duplicates: 4, rejected: 4 });
    expect(await checksum('household.residence_registration')).toBe(before);
  });
});

describe('land', () => {
  it('imports parcels, then rights resolved by parcel key', async () => {
    const parcels = file(
      'parcels.ndjson',
      ndjson(
        {
          communeCode: COMMUNE,
          mapSheetNo: 12,
          parcelNo: 345,
          areaM2: 152.5,
          purposeCodes: ['ONT', 'CLN'],
          address: 'Thôn Đông',
        },
        {
          communeCode: COMMUNE,
          mapSheetNo: '12',
          parcelNo: '346',
          areaM2: '80',
          purposeCodes: 'ONT',
          address: 'Thôn Đông',
        },
        { communeCode: COMMUNE, mapSheetNo: 12, parcelNo: 347, areaM2: -1, purposeCodes: ['ont'], address: '' },
      ),
    );
    const first = await load('land', parcels);
    expect(first.summary).toMatchObject({ read: 3, inserted: 2, rejected: 1 });
    expect(reasonsByLine(first.rejects)).toEqual({
      3: [
        'areaM2: must be more than 0, with at most 2 decimals',
        'purposeCodes[0]: must be a land-use code of 3 capital letters',
        'address: required',
      ],
    });
    const rights = file(
      'rights.csv',
      [
        'communeCode,mapSheetNo,parcelNo,holderPersonalId,holderOrganisation,sharePercent,certificateSerial,since,endedOn',
        `${COMMUNE},12,345,${AN},,50,BM 290734,2012-10-05,`,
        `${COMMUNE},12,345,${BINH},,50.00,BM 290734,2012-10-05,`,
        `${COMMUNE},12,346,,"Công ty TNHH Xây dựng Hoa Lư",100,CS 000001,2020-01-01,`,
        `${COMMUNE},12,345,${AN},,100,DE 000001,2024-01-01,`,
        `${COMMUNE},12,999,${AN},,100.5,BM 290735,2012-10-05,2011-01-01`,
      ].join('\n') + '\n',
    );
    const second = await load('land', rights, { kind: 'rights', batchSize: 100 });
    expect(second.summary).toMatchObject({ read: 5, inserted: 3, rejected: 2 });
    expect(reasonsByLine(second.rejects)).toEqual({
      5: ['the holder already has an open right on this parcel'],
      6: [
        'sharePercent: must be more than 0 and at most 100, with at most 2 decimals',
        'endedOn: must not be before since',
      ],
    });
    const before = [await checksum('land.parcel'), await checksum('land.land_right')];
    expect((await load('land', parcels)).summary).toMatchObject({ inserted: 0, duplicates: 2 });
    expect((await load('land', rights, { kind: 'rights' })).summary).toMatchObject({ inserted: 0, duplicates: 3 });
    expect([await checksum('land.parcel'), await checksum('land.land_right')]).toEqual(before);
  });
});

describe('CSV parser', () => {
  const text = 'a,b,c\r\n1,"x, ""y""\r\nz",3\n\n4,,"6"\n7,8 9,"a"b\n"open';

  function parse(pieces: string[]): CsvRecord[] {
    const parser = new CsvParser();
    const out: CsvRecord[] = [];
    for (const piece of pieces) parser.push(piece, out);
    parser.finish(out);
    return out;
  }

  const expected: CsvRecord[] = [
    { line: 1, fields: ['a', 'b', 'c'] },
    { line: 2, fields: ['1', 'x, "y"\r\nz', '3'] },
    { line: 5, fields: ['4', '', '6'] },
    { line: 6, fields: ['7', '8 9', 'ab'], error: 'text after the closing quote of a field' },
    { line: 7, fields: ['open'], error: 'unterminated quoted field at the end of the file' },
  ];

  it('gives the same records whatever the chunk boundaries', () => {
    expect(parse([text])).toEqual(expected);
    for (let size = 1; size <= 7; size += 1) {
      const pieces: string[] = [];
      for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
      expect(parse(pieces)).toEqual(expected);
    }
  });

  it('rejects a quote inside an unquoted field and resynchronises after an over-long record', () => {
    const parser = new CsvParser(10);
    const out: CsvRecord[] = [];
    parser.push('a"b,c\n"0123456789abcdef\nx,y\n', out);
    parser.finish(out);
    expect(out).toEqual([
      { line: 1, fields: ['a"b', 'c'], error: expect.stringContaining('quote (") inside an unquoted field') },
      { line: 2, fields: [], error: 'record longer than 10 characters (an unterminated quote?)' },
      { line: 3, fields: ['x', 'y'] },
    ]);
  });
});

describe('instants', () => {
  it('reads offsets, Z and Vietnam local time, and refuses impossible dates', () => {
    expect(parseInstant('2025-01-10T08:00:00+07:00')).toBe(Date.parse('2025-01-10T01:00:00Z'));
    expect(parseInstant('2025-01-10T08:00+0700')).toBe(Date.parse('2025-01-10T01:00:00Z'));
    expect(parseInstant('2025-01-10 08:00:00')).toBe(Date.parse('2025-01-10T01:00:00Z'));
    expect(parseInstant('2025-01-10T01:00:00.1239Z')).toBe(Date.parse('2025-01-10T01:00:00.123Z'));
    expect(parseInstant('2025-02-29T08:00:00Z')).toBe('not a valid date-time');
    expect(parseInstant('10/01/2025 08:00')).toMatch(/not an ISO 8601 date-time/);
  });
});

describe('npm run import (child process)', () => {
  function run(args: string[], env: Record<string, string> = {}) {
    return runTypeScript(['src/cli/import.ts', ...args], {
      DATA_DIR: dataDir,
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
      ...env,
    });
  }

  it('imports, prints the summary, exits 0 with rejects; 2 on usage errors; 1 when the file or database is missing', async () => {
    const target = file(
      'cli.ndjson',
      ndjson(encounter('CLI-1'), encounter('CLI-2', { personalId: UNKNOWN }), encounter('CLI-3', { personalId: BINH })),
    );
    const rejectsPath = path.join(work, 'cli-rejects.ndjson');
    // One process per embedded database directory: the CLI opens it while the test has it closed.
    if (databaseUrl === undefined) await db.close();
    try {
      const dry = await run(['health', target, '--dry-run', '--json', '--rejects', rejectsPath]);
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, read: 3, valid: 2, rejected: 1, inserted: 0 });

      const done = await run(['health', target, '--rejects', rejectsPath]);
      expect(done.code).toBe(0);
      expect(done.stdout).toMatch(
        /^import health\/encounters: read 3, inserted 2, completed 0, already present 0, rejected 1 in [\d.]+ s \([\d,]+ rows\/s\)\nrejected rows: .*cli-rejects\.ndjson\n$/,
      );
      // Not a terminal: progress as plain lines (at most one per 10 s, so here none or one).
      expect(done.stderr).not.toContain('\r');
      const [reject] = fs.readFileSync(rejectsPath, 'utf8').trimEnd().split('\n');
      expect(JSON.parse(reject as string)).toMatchObject({ line: 2, reasons: [expect.stringContaining('no citizen')] });

      const again = await run(['health', target, '--rejects', rejectsPath]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('inserted 0, completed 0, already present 2, rejected 1');

      const usage = await run(['hospital', target]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('unknown sector "hospital"');
      expect((await run(['health', target, '--kind', 'payments'])).code).toBe(2);
      expect((await run(['health', path.join(work, 'data.txt')])).code).toBe(2);

      const missing = await run(['health', path.join(work, 'missing.ndjson')]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('cannot read');

      const unreachable = await run(['health', target], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' });
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr).toContain('the database is unreachable');

      const help = await run(['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('health --kind encounters (default)');
      expect(help.stdout).toContain('CSV header: licenceNo,guestPersonalId,passportNo,nationality');
    } finally {
      if (databaseUrl === undefined) db = await openDatabase({ databaseUrl: undefined, dataDir });
    }
    const rows = await db.query<{ key: string }>(
      `SELECT encounter_key AS key FROM health.encounter WHERE encounter_key LIKE 'CLI-%' ORDER BY 1`,
    );
    expect(rows.map((r) => r.key)).toEqual(['CLI-1', 'CLI-3']);
  }, 240_000); // nine child processes, each starting tsx (and opening the database)
});
