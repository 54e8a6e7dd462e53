/**
 * Source freshness through the real HTTP gateway (docs/ARCHITECTURE.md §10): `sourceStatus` says when each source last
 * changed, kept live by statement triggers on the source tables (a write moves it, a statement that changes nothing
 * does not), flags sources older than SOURCE_STALE_AFTER_HOURS (its parsing: src/config.test.ts), and gives row counts
 * to `stats:read` only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AS_OF } from '../src/seed/index.ts';
import { startTestGateway, type TestGateway, type Json } from './support/harness.ts';

const SOURCES = ['citizen', 'health', 'household', 'land', 'tourism'];
const STATUS = `{ sourceStatus { source lastChangedAt stale staleAfterHours } }`;
/** The seed stamps every source with its reference day, 23:59:59 in Vietnam. */
const SEEDED_AT = new Date(`${DEFAULT_AS_OF}T23:59:59+07:00`).toISOString();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function statusOf(gateway: TestGateway, token?: string): Promise<Record<string, Json>> {
  const response = await gateway.graphql<Json>(STATUS, {}, token === undefined ? {} : { token });
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  return Object.fromEntries((response.body.data.sourceStatus as Json[]).map((s) => [s.source, s]));
}

describe('sourceStatus on a seeded database', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({ citizens: 60, seed: 11 });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('lists every source with the seed’s reference day, publicly (no token)', async () => {
    const response = await gateway.graphql<Json>(STATUS);
    expect(response.body.errors).toBeUndefined();
    const list = response.body.data.sourceStatus as Json[];
    expect(list.map((s) => s.source)).toEqual(SOURCES);
    const staleNow = Date.parse(SEEDED_AT) < Date.now() - 24 * 3600_000;
    for (const source of list) {
      expect(source).toEqual({ source: source.source, lastChangedAt: SEEDED_AT, stale: staleNow, staleAfterHours: 24 });
    }
  });

  it('gives row counts (an estimate) to stats:read only', async () => {
    const anonymous = await gateway.graphql<Json>(`{ sourceStatus { source rowCount } }`);
    expect(anonymous.body.data.sourceStatus.every((s: Json) => s.rowCount === null)).toBe(true);
    expect(new Set(anonymous.body.errors?.map((e) => e.extensions?.code))).toEqual(
      new Set(['UNAUTHORIZED_FIELD_OR_TYPE']),
    );
    expect(anonymous.body.errors?.[0]?.path).toEqual(['sourceStatus', 0, 'rowCount']);

    const ioc = await gateway.token('ioc');
    const counted = await gateway.graphql<Json>(`{ sourceStatus { source rowCount } }`, {}, { token: ioc });
    expect(counted.body.errors).toBeUndefined();
    const [exact] = await gateway.db.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM core.citizen) + (SELECT count(*) FROM core.previous_personal_id)
                + (SELECT count(*) FROM core.legacy_identifier) AS citizen,
              (SELECT count(*) FROM land.parcel) + (SELECT count(*) FROM land.land_right)
                + (SELECT count(*) FROM land.land_change) + (SELECT count(*) FROM land.land_change_party) AS land`,
    );
    const rows = Object.fromEntries((counted.body.data.sourceStatus as Json[]).map((s) => [s.source, s.rowCount]));
    // Statistics as of the seed's ANALYZE: exact for a fresh load, within a few percent later.
    for (const source of ['citizen', 'land'] as const) {
      expect(Math.abs(rows[source] - Number(exact![source]))).toBeLessThanOrEqual(
        Math.max(2, Number(exact![source]) * 0.05),
      );
    }
  });

  it('moves lastChangedAt of the written source only, for inserts, updates and deletes', async () => {
    const before = await statusOf(gateway);
    const started = Date.now();
    const [parcel] = await gateway.db.query<{ id: number }>(
      `INSERT INTO land.parcel (commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address)
       VALUES ('14329', 999, 1, 120.5, '{ONT}', 'test parcel') RETURNING id`,
    );
    const afterInsert = await statusOf(gateway);
    const inserted = Date.parse(afterInsert.land.lastChangedAt);
    expect(inserted).toBeGreaterThanOrEqual(started - 2000);
    expect(inserted).toBeLessThanOrEqual(Date.now() + 2000);
    expect(afterInsert.land.stale).toBe(false);
    for (const source of SOURCES.filter((s) => s !== 'land')) expect(afterInsert[source]).toEqual(before[source]);

    await sleep(20);
    await gateway.db.query(`UPDATE land.parcel SET address = 'renamed' WHERE id = $1`, [parcel!.id]);
    const updated = Date.parse((await statusOf(gateway)).land.lastChangedAt);
    expect(updated).toBeGreaterThan(inserted);

    await sleep(20);
    await gateway.db.query(`DELETE FROM land.parcel WHERE id = $1`, [parcel!.id]);
    const deleted = Date.parse((await statusOf(gateway)).land.lastChangedAt);
    expect(deleted).toBeGreaterThan(updated);
  });

  it('does not move for a statement that changed nothing', async () => {
    const before = await statusOf(gateway);
    await sleep(20);
    await gateway.db.query(`UPDATE household.household SET address = address WHERE id < 0`);
    await gateway.db.query(`DELETE FROM health.vaccination WHERE id < 0`);
    expect(await statusOf(gateway)).toEqual(before);
  });

  it('moves once for a bulk update of many rows, and keeps one status row per source', async () => {
    const before = await statusOf(gateway);
    await sleep(20);
    await gateway.db.query(`UPDATE tourism.establishment SET address = address || ''`);
    const after = await statusOf(gateway);
    expect(Date.parse(after.tourism.lastChangedAt)).toBeGreaterThan(Date.parse(before.tourism.lastChangedAt));
    const [rows] = await gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM core.source_status`);
    expect(rows!.n).toBe(SOURCES.length);
  });
});

describe('stale flag and SOURCE_STALE_AFTER_HOURS', () => {
  let gateway: TestGateway;
  /** 0.0005 h = 1.8 s. */
  const TINY = 0.0005;

  beforeAll(async () => {
    gateway = await startTestGateway({ citizens: 0, env: { SOURCE_STALE_AFTER_HOURS: String(TINY) } });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('a source never changed is stale with no lastChangedAt; a fresh write is fresh until the threshold passes', async () => {
    const empty = await statusOf(gateway);
    expect(Object.keys(empty)).toEqual(SOURCES);
    for (const source of SOURCES) {
      expect(empty[source]).toEqual({ source, lastChangedAt: null, stale: true, staleAfterHours: TINY });
    }
    await gateway.db.query(
      `INSERT INTO tourism.establishment (name, type, licence_no, commune_code, address)
       VALUES ('Nhà nghỉ Tràng An', 'GUEST_HOUSE', 'TEST-FRESH-1', '14329', 'Ninh Bình')`,
    );
    const fresh = await statusOf(gateway);
    expect(fresh.tourism.stale).toBe(false);
    expect(fresh.tourism.lastChangedAt).not.toBeNull();
    expect(fresh.land).toEqual(empty.land);
    await sleep(TINY * 3600_000 + 400);
    const later = await statusOf(gateway);
    expect(later.tourism).toEqual({ ...fresh.tourism, stale: true });
  });
});
