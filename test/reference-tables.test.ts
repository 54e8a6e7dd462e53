/**
 * Reference tables (src/lib/reference.ts) on a real database: loaded whole once, then answered from memory without a
 * statement; an operator's change is served once the copy is older than the maximum age; a failed load is not
 * remembered.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../src/db/database.ts';
import {
  ADMINISTRATIVE_UNITS,
  forgetReferenceTables,
  REFERENCE_TABLE_MAX_AGE_MS,
  referenceRow,
  type ReferenceTableSpec,
} from '../src/lib/reference.ts';
import { HEALTH_FACILITIES, ICD10_CODES } from '../src/sectors/health/loaders.ts';
import { openMigratedTestDatabase, type MigratedTestDatabase } from './support/harness.ts';

let database: MigratedTestDatabase;
let db: Database;

beforeAll(async () => {
  database = await openMigratedTestDatabase('lienthong-reference-');
  db = database.db;
  await db.exec(`
    INSERT INTO core.administrative_unit (code, name, level, province_code) VALUES
      ('37', 'Tỉnh Ninh Bình', 'PROVINCE', '37'), ('14353', 'Xã Gia Viễn', 'COMMUNE', '37');
    INSERT INTO health.facility (code, name, commune_code, level) VALUES
      ('37001', 'Bệnh viện Đa khoa tỉnh Ninh Bình', '14353', 'PROVINCE'), ('37999', 'Phòng khám lưu động', '99999', 'COMMUNE');
    INSERT INTO health.icd10_code (code, title) VALUES ('I10', 'Tăng huyết áp vô căn (nguyên phát)');
  `);
});
afterAll(async () => database?.remove());
afterEach(() => {
  vi.useRealTimers();
  forgetReferenceTables(db);
});

const isPromise = (value: unknown) => value instanceof Promise;

describe('reference tables', () => {
  it('loads a table with one statement, then answers from memory without one, synchronously', async () => {
    const before = db.statements.count;
    const first = referenceRow(db, ADMINISTRATIVE_UNITS, '14353');
    expect(isPromise(first)).toBe(true);
    expect(await first).toEqual({ code: '14353', name: 'Xã Gia Viễn', level: 'COMMUNE' });
    expect(db.statements.count - before).toBe(1);

    const again = referenceRow(db, ADMINISTRATIVE_UNITS, '37');
    expect(isPromise(again)).toBe(false);
    expect(again).toEqual({ code: '37', name: 'Tỉnh Ninh Bình', level: 'PROVINCE' });
    expect(referenceRow(db, ADMINISTRATIVE_UNITS, '99999')).toBeNull(); // unknown code: null, still no statement
    expect(db.statements.count - before).toBe(1);
  });

  it('shares one load between the lookups that arrive while it runs', async () => {
    const before = db.statements.count;
    const lookups = ['I10', 'I10', 'J45'].map((code) => referenceRow(db, ICD10_CODES, code));
    expect(lookups.every(isPromise)).toBe(true); // nothing loaded yet: all three wait for the same load
    const rows = await Promise.all(lookups as Promise<unknown>[]);
    expect(rows).toEqual([
      { code: 'I10', title: 'Tăng huyết áp vô căn (nguyên phát)' },
      { code: 'I10', title: 'Tăng huyết áp vô căn (nguyên phát)' },
      null,
    ]);
    expect(db.statements.count - before).toBe(1);
  });

  it('joins a facility with its commune, and keeps a facility whose commune is unknown', async () => {
    expect(await referenceRow(db, HEALTH_FACILITIES, '37001')).toEqual({
      code: '37001',
      name: 'Bệnh viện Đa khoa tỉnh Ninh Bình',
      level: 'PROVINCE',
      commune: { code: '14353', name: 'Xã Gia Viễn', level: 'COMMUNE' },
    });
    expect(await referenceRow(db, HEALTH_FACILITIES, '37999')).toMatchObject({ code: '37999', commune: null });
  });

  it('serves an operator change once the loaded copy is older than the maximum age', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await referenceRow(db, ICD10_CODES, 'I10')).toMatchObject({ title: 'Tăng huyết áp vô căn (nguyên phát)' });
    await db.exec(`UPDATE health.icd10_code SET title = 'Tăng huyết áp' WHERE code = 'I10'`);
    try {
      vi.advanceTimersByTime(REFERENCE_TABLE_MAX_AGE_MS - 1000);
      expect(referenceRow(db, ICD10_CODES, 'I10')).toMatchObject({ title: 'Tăng huyết áp vô căn (nguyên phát)' });
      vi.advanceTimersByTime(1000);
      const reloaded = referenceRow(db, ICD10_CODES, 'I10');
      expect(isPromise(reloaded)).toBe(true);
      expect(await reloaded).toMatchObject({ title: 'Tăng huyết áp' });
    } finally {
      await db.exec(`UPDATE health.icd10_code SET title = 'Tăng huyết áp vô căn (nguyên phát)' WHERE code = 'I10'`);
    }
  });

  it('rejects the lookups of a failed load and loads again on the next lookup', async () => {
    let fail = true;
    const flaky: ReferenceTableSpec<{ code: string }> = {
      load: async (database) => {
        if (fail) throw new Error('source down');
        return database.query<{ code: string }>(`SELECT code FROM core.administrative_unit`);
      },
      keyOf: (row) => row.code,
    };
    await expect(referenceRow(db, flaky, '37')).rejects.toThrow('source down');
    fail = false;
    expect(await referenceRow(db, flaky, '37')).toEqual({ code: '37' });
  });

  it('keeps the copies of two databases apart', async () => {
    const other = await openMigratedTestDatabase('lienthong-reference-other-');
    try {
      expect(await referenceRow(db, ADMINISTRATIVE_UNITS, '37')).not.toBeNull();
      expect(await referenceRow(other.db, ADMINISTRATIVE_UNITS, '37')).toBeNull();
    } finally {
      await other.remove();
    }
  });
});
