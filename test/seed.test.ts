/**
 * The seed generator on both stores: the embedded PGlite database and a fresh PostgreSQL database.
 * What users of the data set depend on: it is deterministic (same size and seed give the same
 * bytes, on either engine), internally consistent (personal IDs encode birth date and sex, one
 * head per household, land shares sum to 100%, events in time order), has the advertised share of
 * identity conflicts, and never clobbers or half-writes a database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { SEED_TABLES, SeedRefusedError, seedDatabase, type SeedSummary } from '../src/seed/index.ts';
import { DEMO_SEED, showcaseOf } from '../src/seed/demo.ts';
import { parseDay } from '../src/seed/format.ts';
import { buildPopulation } from '../src/seed/population.ts';
import { UNITS } from '../src/seed/reference/administrative-units.ts';
import { selectShowcase, SHOWCASE_COUNT, SHOWCASE_STABLE_FROM } from '../src/seed/showcase.ts';

const SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const CITIZENS = 3000;
const SEED = 20261128;

/** md5 of every seeded table's rows (as text, sorted), in UTC so timestamps print the same everywhere. */
async function checksums(db: Database): Promise<Record<string, string>> {
  return db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL TimeZone = 'UTC'`);
    const out: Record<string, string> = {};
    for (const table of SEED_TABLES) {
      const [row] = await tx.query<{ md5: string | null }>(
        `SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS md5 FROM ${table} t`,
      );
      out[table] = row?.md5 ?? '';
    }
    return out;
  });
}

async function scalar<T>(db: Database, sql: string): Promise<T> {
  const [row] = await db.query<{ value: T }>(sql);
  return row!.value;
}

/** The invariants every seeded database must satisfy, whatever the engine. */
function describeInvariants(name: string, getDb: () => Database, getSummary: () => SeedSummary): void {
  describe(`${name}: consistency`, () => {
    it('wrote the advertised volumes and records them in core.source_status', async () => {
      const db = getDb();
      const summary = getSummary();
      expect(summary.rows['core.citizen']).toBe(CITIZENS);
      expect(await scalar<number>(db, 'SELECT count(*)::int AS value FROM core.citizen')).toBe(CITIZENS);
      const perCitizen = (table: string): number => summary.rows[table]! / CITIZENS;
      expect(perCitizen('health.health_summary')).toBe(1);
      expect(perCitizen('health.insurance_coverage')).toBeGreaterThan(0.6);
      expect(perCitizen('health.insurance_coverage')).toBeLessThan(0.85);
      expect(perCitizen('health.encounter')).toBeGreaterThan(1.6);
      expect(perCitizen('health.encounter')).toBeLessThan(2.5);
      expect(perCitizen('health.payment')).toBeGreaterThan(1.2);
      expect(perCitizen('health.payment')).toBeLessThan(1.9);
      expect(perCitizen('health.vaccination')).toBeGreaterThan(1.1);
      expect(perCitizen('health.vaccination')).toBeLessThan(2);
      expect(perCitizen('tourism.guest_stay')).toBeCloseTo(0.3, 2);
      expect(summary.rows['tourism.establishment']).toBe(CITIZENS / 200);
      expect(summary.rows['land.parcel']).toBe(CITIZENS / 4);
      const sources = await db.query<{ source: string; row_count: string }>(
        'SELECT source, row_count::text AS row_count FROM core.source_status ORDER BY source',
      );
      expect(sources.map((s) => s.source)).toEqual(['citizen', 'health', 'household', 'land', 'tourism']);
      const citizenRows = [
        'core.citizen',
        'core.previous_personal_id',
        'core.legacy_identifier',
        'core.identity_conflict',
      ]
        .map((t) => summary.rows[t]!)
        .reduce((a, b) => a + b, 0);
      expect(Number(sources.find((s) => s.source === 'citizen')!.row_count)).toBe(citizenRows);
    });

    it('uses the 129 real commune-level units of Ninh Binh (province 37), 32 of them wards', async () => {
      const db = getDb();
      const units = await db.query<{ level: string; count: number }>(
        `SELECT level, count(*)::int AS count FROM core.administrative_unit WHERE province_code = '37' GROUP BY level ORDER BY level`,
      );
      expect(units).toEqual([
        { level: 'COMMUNE', count: 97 },
        { level: 'PROVINCE', count: 1 },
        { level: 'WARD', count: 32 },
      ]);
      expect(UNITS.find((u) => u.code === '14329')?.name).toBe('Phường Hoa Lư');
      const unknownCommunes = await scalar<number>(
        db,
        `SELECT count(*)::int AS value FROM household.household h
          WHERE NOT EXISTS (SELECT 1 FROM core.administrative_unit u WHERE u.code = h.commune_code AND u.level <> 'PROVINCE')`,
      );
      expect(unknownCommunes).toBe(0);
    });

    it('gives every citizen a valid personal ID consistent with date of birth and sex', async () => {
      const db = getDb();
      const rows = await db.query<{ personal_id: string; date_of_birth: string; sex: string }>(
        `SELECT personal_id, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, sex::text AS sex FROM core.citizen`,
      );
      const provinces = new Set([
        '001',
        '017',
        '022',
        '030',
        '031',
        '033',
        '034',
        '035',
        '036',
        '037',
        '038',
        '040',
        '042',
        '079',
      ]);
      for (const { personal_id: id, date_of_birth: dob, sex } of rows) {
        expect(id).toMatch(/^\d{12}$/);
        expect(provinces.has(id.slice(0, 3)), id).toBe(true);
        const year = Number(dob.slice(0, 4));
        const centuryDigit = Number(id[3]);
        expect(centuryDigit, id).toBe((Math.floor(year / 100) - 19) * 2 + (sex === 'FEMALE' ? 1 : 0));
        expect(id.slice(4, 6), id).toBe(dob.slice(2, 4));
      }
      // Re-issued numbers keep resolving, and never collide with a current one.
      const collisions = await scalar<number>(
        db,
        'SELECT count(*)::int AS value FROM core.previous_personal_id p JOIN core.citizen c ON c.personal_id = p.previous_id',
      );
      expect(collisions).toBe(0);
    });

    it('has Vietnamese names with the real family-name frequencies', async () => {
      const db = getDb();
      const nguyen = await scalar<number>(
        db,
        `SELECT avg((full_name LIKE 'Nguyễn %')::int)::float AS value FROM core.citizen`,
      );
      expect(nguyen).toBeGreaterThan(0.33);
      expect(nguyen).toBeLessThan(0.44);
      const femaleThi = await scalar<number>(
        db,
        `SELECT avg((full_name LIKE '% Thị %')::int)::float AS value FROM core.citizen WHERE sex = 'FEMALE' AND date_of_birth < '1970-01-01'`,
      );
      expect(femaleThi).toBeGreaterThan(0.6);
    });

    it('has exactly one current head per household, and one current permanent registration per living citizen', async () => {
      const db = getDb();
      const badHouseholds = await scalar<number>(
        db,
        `SELECT count(*)::int AS value FROM household.household h
          WHERE (SELECT count(*) FROM household.residence_registration r
                  WHERE r.household_id = h.id AND r.relationship_to_head = 'HEAD' AND r.end_date IS NULL) <> 1
             OR NOT EXISTS (SELECT 1 FROM household.residence_registration r
                  WHERE r.household_id = h.id AND r.personal_id = h.head_personal_id AND r.relationship_to_head = 'HEAD'
                    AND r.type = 'PERMANENT' AND r.end_date IS NULL)`,
      );
      expect(badHouseholds).toBe(0);
      const badCitizens = await scalar<number>(
        db,
        `SELECT count(*)::int AS value FROM core.citizen c
          WHERE (SELECT count(*) FROM household.residence_registration r
                  WHERE r.personal_id = c.personal_id AND r.type = 'PERMANENT' AND r.end_date IS NULL)
                <> CASE WHEN c.status = 'ALIVE' THEN 1 ELSE 0 END`,
      );
      expect(badCitizens).toBe(0);
      const kinds = await db.query<{ type: string; current: number; ended: number }>(
        `SELECT type::text AS type, count(*) FILTER (WHERE end_date IS NULL)::int AS current,
                count(*) FILTER (WHERE end_date IS NOT NULL AND deregistration_reason IS NOT NULL)::int AS ended
           FROM household.residence_registration GROUP BY type ORDER BY type`,
      );
      expect(kinds.map((k) => k.type)).toEqual(['PERMANENT', 'TEMPORARY', 'TEMPORARY_ABSENCE']);
      for (const kind of kinds) expect(kind.current, kind.type).toBeGreaterThan(0);
      expect(kinds.find((k) => k.type === 'PERMANENT')!.ended).toBeGreaterThan(0);
      const badPeriods = await scalar<number>(
        db,
        'SELECT count(*)::int AS value FROM household.residence_registration WHERE end_date < start_date',
      );
      expect(badPeriods).toBe(0);
    });

    it('has current land shares summing to exactly 100% per parcel, and changes of all 12 kinds in time order', async () => {
      const db = getDb();
      const parcels = await db.query<{ total: string; n: number }>(
        `SELECT sum(share_percent)::text AS total, count(*)::int AS n FROM land.land_right WHERE ended_on IS NULL GROUP BY parcel_id`,
      );
      expect(parcels.length).toBe(CITIZENS / 4);
      expect(new Set(parcels.map((p) => p.total))).toEqual(new Set(['100.00']));
      const organisations = await scalar<number>(
        db,
        'SELECT count(*)::int AS value FROM land.land_right WHERE holder_organisation IS NOT NULL AND holder_personal_id IS NULL',
      );
      expect(organisations).toBeGreaterThan(0);
      const types = await db.query<{ type: string }>('SELECT DISTINCT type::text AS type FROM land.land_change');
      expect(types.length).toBe(12);
      const statuses = await db.query<{ status: string }>(
        'SELECT DISTINCT status::text AS status FROM land.land_change ORDER BY 1',
      );
      expect(statuses.map((s) => s.status)).toEqual(['PENDING', 'REGISTERED', 'REJECTED']);
      const badDates = await scalar<number>(
        db,
        `SELECT count(*)::int AS value FROM land.land_change
          WHERE registered_on <= submitted_on OR (status = 'REGISTERED') <> (registered_on IS NOT NULL)`,
      );
      expect(badDates).toBe(0);
      const withoutParties = await scalar<number>(
        db,
        `SELECT count(*)::int AS value FROM land.land_change c
          WHERE NOT EXISTS (SELECT 1 FROM land.land_change_party p WHERE p.change_id = c.id AND p.role = 'FROM')
             OR NOT EXISTS (SELECT 1 FROM land.land_change_party p WHERE p.change_id = c.id AND p.role = 'TO')`,
      );
      expect(withoutParties).toBe(0);
    });

    it('has encounters discharged after admission, and payments and codes that fit', async () => {
      const db = getDb();
      expect(
        await scalar<number>(
          db,
          'SELECT count(*)::int AS value FROM health.encounter WHERE discharged_at <= admitted_at',
        ),
      ).toBe(0);
      const unknownCodes = await scalar<number>(
        db,
        `SELECT count(*)::int AS value FROM (
           SELECT principal_diagnosis AS code FROM health.encounter
           UNION SELECT unnest(secondary_diagnoses) FROM health.encounter
           UNION SELECT unnest(chronic_conditions) FROM health.health_summary) used
          WHERE NOT EXISTS (SELECT 1 FROM health.icd10_code i WHERE i.code = used.code)`,
      );
      expect(unknownCodes).toBe(0);
      expect(
        await scalar<number>(
          db,
          `SELECT count(*)::int AS value FROM health.payment WHERE insurance_vnd > amount_vnd OR insurance_vnd < 0 OR amount_vnd <= 0`,
        ),
      ).toBe(0);
      const cards = await db.query<{ card_code: string }>('SELECT card_code FROM health.insurance_coverage');
      for (const { card_code: card } of cards) expect(card).toMatch(/^[A-Z]{2}[1-5](35|36|37)\d{10}$/);
      const facilities = await scalar<number>(
        db,
        `SELECT count(*)::int AS value FROM health.facility WHERE length(code) <> 5`,
      );
      expect(facilities).toBe(0);
    });

    it('has tourism stays checked out after check-in, stars only for hotels, all eight types', async () => {
      const db = getDb();
      expect(
        await scalar<number>(
          db,
          `SELECT count(*)::int AS value FROM tourism.guest_stay
            WHERE actual_check_out_at <= check_in_at OR expected_check_out_at <= check_in_at`,
        ),
      ).toBe(0);
      const types = await db.query<{ type: string; stars_min: number | null; stars_max: number | null }>(
        `SELECT type::text AS type, min(stars) AS stars_min, max(stars) AS stars_max FROM tourism.establishment GROUP BY type`,
      );
      expect(types.length).toBe(8);
      for (const t of types) {
        if (t.type === 'HOTEL') {
          expect(t.stars_min).toBeGreaterThanOrEqual(1);
          expect(t.stars_max).toBeLessThanOrEqual(5);
        } else {
          expect(t.stars_max, t.type).toBeNull();
        }
      }
      const guests = await db.query<{ domestic: number; foreign: number; unknown_citizens: number; bad: number }>(
        `SELECT count(*) FILTER (WHERE guest_personal_id IS NOT NULL AND nationality = 'VNM')::int AS domestic,
                count(*) FILTER (WHERE passport_no IS NOT NULL AND nationality ~ '^[A-Z]{3}$' AND nationality <> 'VNM')::int AS foreign,
                count(*) FILTER (WHERE guest_personal_id IS NOT NULL
                                   AND NOT EXISTS (SELECT 1 FROM core.citizen c WHERE c.personal_id = guest_personal_id))::int AS unknown_citizens,
                count(*) FILTER (WHERE (guest_personal_id IS NULL) = (passport_no IS NULL))::int AS bad
           FROM tourism.guest_stay`,
      );
      expect(guests[0]!.domestic).toBeGreaterThan(0);
      expect(guests[0]!.foreign).toBeGreaterThan(0);
      expect(guests[0]!.unknown_citizens).toBe(0);
      expect(guests[0]!.bad).toBe(0);
    });

    it('has showcase citizens with records in every sector (the banner and README.md send newcomers to them)', async () => {
      const db = getDb();
      const ids = getSummary().showcase;
      expect(ids).toEqual(showcaseOf({ seed: SEED, citizens: CITIZENS }).map((c) => c.personalId));
      expect(ids.length).toBe(SHOWCASE_COUNT);
      for (const id of ids) {
        const [row] = await db.query<Record<string, number>>(
          `SELECT
             (SELECT count(*)::int FROM household.residence_registration r
               WHERE r.end_date IS NULL AND r.type = 'PERMANENT' AND r.household_id =
                     (SELECT household_id FROM household.residence_registration
                       WHERE personal_id = $1 AND relationship_to_head = 'HEAD' AND end_date IS NULL)) AS members,
             (SELECT count(*)::int FROM health.insurance_coverage WHERE personal_id = $1 AND valid_to >= DATE '2026-10-31') AS coverage,
             (SELECT count(DISTINCT facility_code)::int FROM health.encounter WHERE personal_id = $1) AS facilities,
             (SELECT count(*)::int FROM health.payment WHERE personal_id = $1 AND cashless AND insurance_vnd > 0) AS covered_cashless,
             (SELECT count(*)::int FROM land.land_right WHERE holder_personal_id = $1 AND ended_on IS NULL) AS rights,
             (SELECT count(*)::int FROM land.land_change_party p JOIN land.land_change c ON c.id = p.change_id
               WHERE p.personal_id = $1 AND p.role = 'TO' AND c.status = 'REGISTERED') AS received,
             (SELECT count(*)::int FROM tourism.guest_stay WHERE guest_personal_id = $1) AS stays`,
          [id],
        );
        expect(row!.members, id).toBeGreaterThanOrEqual(3);
        expect(row!.coverage, id).toBeGreaterThanOrEqual(1);
        expect(row!.facilities, id).toBeGreaterThanOrEqual(2);
        expect(row!.covered_cashless, id).toBeGreaterThanOrEqual(2);
        expect(row!.rights, id).toBeGreaterThanOrEqual(1);
        expect(row!.received, id).toBeGreaterThanOrEqual(1);
        expect(row!.stays, id).toBeGreaterThanOrEqual(1);
      }
    });

    it('has the configured share of legacy identifier values claimed by two citizens, each recorded as a conflict', async () => {
      const db = getDb();
      const summary = getSummary();
      const [shares] = await db.query<{ distinct_values: number; shared: number; conflicts: number }>(
        `SELECT (SELECT count(*)::int FROM (SELECT DISTINCT kind, value FROM core.legacy_identifier) d) AS distinct_values,
                (SELECT count(*)::int FROM (SELECT kind, value FROM core.legacy_identifier GROUP BY kind, value HAVING count(*) > 1) s) AS shared,
                (SELECT count(*)::int FROM core.identity_conflict) AS conflicts`,
      );
      expect(shares!.distinct_values).toBe(summary.legacyValues);
      expect(shares!.shared).toBe(shares!.conflicts);
      const rate = shares!.conflicts / shares!.distinct_values;
      // The share is held per kind (floor of distinct * rate), so it can fall short by one value per kind.
      expect(rate).toBeLessThanOrEqual(summary.conflictRate);
      expect(rate).toBeGreaterThan(summary.conflictRate - 3 / shares!.distinct_values - 1e-9);
      const mismatched = await scalar<number>(
        db,
        `SELECT count(*)::int AS value FROM core.identity_conflict c
          WHERE cardinality(c.personal_ids) <> 2
             OR (SELECT array_agg(l.personal_id::text ORDER BY l.personal_id) FROM core.legacy_identifier l
                  WHERE l.kind = c.kind AND l.value = c.value)
                <> (SELECT array_agg(p ORDER BY p) FROM unnest(c.personal_ids) p)`,
      );
      expect(mismatched).toBe(0);
      const kinds = await db.query<{ kind: string }>(
        'SELECT DISTINCT kind::text AS kind FROM core.legacy_identifier ORDER BY 1',
      );
      expect(kinds.map((k) => k.kind)).toEqual(['OLD_ID_CARD', 'SOCIAL_INSURANCE', 'TAX_CODE']);
    });
  });
}

// ───────────────────────────── PGlite ─────────────────────────────

describe('seed on the embedded PGlite database', () => {
  let dataDir: string;
  let db: Database;
  let summary: SeedSummary;
  let first: Record<string, string>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-seed-'));
    db = await openDatabase({ databaseUrl: undefined, dataDir });
    await applyMigrations(db);
    summary = await seedDatabase(db, { citizens: CITIZENS, seed: SEED });
    first = await checksums(db);
  }, 300_000);

  afterAll(async () => {
    await db?.close();
    if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describeInvariants(
    'PGlite',
    () => db,
    () => summary,
  );

  it('refuses to seed a database that already has citizens, and leaves it untouched', async () => {
    await expect(seedDatabase(db, { citizens: 10, seed: 1 })).rejects.toThrow(SeedRefusedError);
    await expect(seedDatabase(db, { citizens: 10, seed: 1 })).rejects.toThrow(/already has 3,000 citizens.*--reset/);
    expect(await checksums(db)).toEqual(first);
  });

  it('is deterministic: a reset with the same size and seed rewrites identical data; another seed differs', async () => {
    await seedDatabase(db, { citizens: CITIZENS, seed: SEED + 1, reset: true });
    const other = await checksums(db);
    expect(other['core.citizen']).not.toBe(first['core.citizen']);
    await seedDatabase(db, { citizens: CITIZENS, seed: SEED, reset: true });
    expect(await checksums(db)).toEqual(first);
  }, 300_000);

  it('keeps serial sequences past the loaded ids (new rows insert cleanly)', async () => {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO health.vaccination (personal_id, vaccine, dose_number, administered_on, facility_code)
       SELECT personal_id, 'Sởi', 1, DATE '2026-11-01', '37101' FROM core.citizen LIMIT 1 RETURNING id`,
    );
    expect(row!.id).toBe(summary.rows['health.vaccination']! + 1);
    await db.query('DELETE FROM health.vaccination WHERE id = $1', [row!.id]);
  });

  it('exposes the PGlite checksums for the cross-engine comparison', () => {
    pgliteChecksums = first;
  });
});

let pgliteChecksums: Record<string, string> | undefined;

// ───────────────────────────── PostgreSQL ─────────────────────────────

describe('seed on PostgreSQL', () => {
  const name = `lienthong_test_seed_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let db: Database;
  let summary: SeedSummary;
  let first: Record<string, string>;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    db = await openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir(), poolSize: 3 });
    await applyMigrations(db);
    summary = await seedDatabase(db, { citizens: CITIZENS, seed: SEED });
    first = await checksums(db);
  }, 300_000);

  afterAll(async () => {
    await db?.close();
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  describeInvariants(
    'PostgreSQL',
    () => db,
    () => summary,
  );

  it('writes byte-identical data to PGlite for the same size and seed', () => {
    // The PGlite suite runs first in this file; without it (filtered run) there is nothing to compare.
    if (pgliteChecksums === undefined) return;
    expect(first).toEqual(pgliteChecksums);
  });

  it('leaves nothing half-written when the load fails midway (one transaction)', async () => {
    const indexesBefore = await scalar<number>(
      db,
      `SELECT count(*)::int AS value FROM pg_indexes WHERE schemaname IN ('core', 'household', 'health', 'tourism', 'land')`,
    );
    // Make the last table of the load reject its rows: the failure comes after every other table is loaded.
    await db.exec(`ALTER TABLE land.land_change_party ADD CONSTRAINT seed_test_no_to CHECK (role <> 'TO') NOT VALID`);
    try {
      await expect(seedDatabase(db, { citizens: 500, seed: 99, reset: true })).rejects.toThrow(/seed_test_no_to/);
    } finally {
      await db.exec('ALTER TABLE land.land_change_party DROP CONSTRAINT seed_test_no_to');
    }
    expect(await checksums(db)).toEqual(first);
    const indexesAfter = await scalar<number>(
      db,
      `SELECT count(*)::int AS value FROM pg_indexes WHERE schemaname IN ('core', 'household', 'health', 'tourism', 'land')`,
    );
    expect(indexesAfter).toBe(indexesBefore);
  }, 300_000);

  it('refuses to seed a database that already has citizens', async () => {
    await expect(seedDatabase(db, { citizens: 10, seed: 1 })).rejects.toThrow(SeedRefusedError);
  });

  it('rejects invalid options with a clear error', async () => {
    await expect(seedDatabase(db, { citizens: 0, seed: 1, reset: true })).rejects.toThrow(
      /citizens must be an integer/,
    );
    await expect(seedDatabase(db, { citizens: 10, seed: -1, reset: true })).rejects.toThrow(/seed must be an integer/);
    await expect(seedDatabase(db, { citizens: 10, seed: 1, reset: true, asOf: '2026-02-30' })).rejects.toThrow(
      /not a calendar date/,
    );
  });
});

describe('showcase citizens', () => {
  it('are the same for every data set of SHOWCASE_STABLE_FROM citizens or more with the same seed', () => {
    const asOf = parseDay('2026-10-31');
    for (const seed of [DEMO_SEED, 7, SEED]) {
      const expected = showcaseOf({ seed });
      expect(expected.length, `seed ${seed}`).toBe(SHOWCASE_COUNT);
      for (const size of [SHOWCASE_STABLE_FROM, SHOWCASE_STABLE_FROM + 1, 97, 10_000]) {
        const population = buildPopulation(size, seed, asOf);
        const ids = selectShowcase(population).citizens.map((citizen) => population.pid[citizen]);
        expect(ids, `seed ${seed}, ${size} citizens`).toEqual(expected.map((c) => c.personalId));
      }
    }
  });
});
