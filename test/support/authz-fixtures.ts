/**
 * Seeded rows the authorization tests need, found with SQL in the seeded database (the seed is random but
 * reproducible; these queries pick the citizens that exercise the most rules).
 */
import type { Database } from '../../src/db/database.ts';
import { toGlobalId } from '../../src/lib/global-id.ts';

export interface AuthzFixtures {
  /** A citizen with health encounters and as many other kinds of data as the seed offers. */
  rich: string;
  /**
   * Has a current household with at least one other current member, preferably not its head (for the citizen
   * binding: the head and the other members are withheld), else undefined.
   */
  withHousemates: string | undefined;
  /** Holds a current land right on a parcel that has another current holder, else undefined. */
  withCoHolder: string | undefined;
  /** Has at least one guest stay, else undefined. */
  withStays: string | undefined;
  /** Citizens with encounters (for list queries), at least 4 when the seed has them. */
  withEncounters: string[];
  /** Another citizen than `rich`. */
  other: string;
  /** A personal ID that is valid but not in the registry. */
  unknown: string;
  residenceFileNo: string | undefined;
  parcel: { communeCode: string; mapSheetNo: number; parcelNo: number } | undefined;
  establishmentId: string | undefined;
}

async function first<T>(db: Database, sql: string, params: unknown[] = []): Promise<T | undefined> {
  const rows = await db.query<T & Record<string, unknown>>(sql, params);
  return rows[0];
}

export async function findFixtures(db: Database): Promise<AuthzFixtures> {
  const rich = await first<{ id: string }>(
    db,
    `SELECT c.personal_id AS id FROM core.citizen c
     ORDER BY
       (EXISTS (SELECT 1 FROM health.encounter e WHERE e.personal_id = c.personal_id))::int * 8
       + (EXISTS (SELECT 1 FROM household.residence_registration r WHERE r.personal_id = c.personal_id AND r.end_date IS NULL
            AND r.type = 'PERMANENT'))::int * 4
       + (EXISTS (SELECT 1 FROM land.land_right l WHERE l.holder_personal_id = c.personal_id))::int * 2
       + (EXISTS (SELECT 1 FROM tourism.guest_stay g WHERE g.guest_personal_id = c.personal_id))::int
       + (EXISTS (SELECT 1 FROM health.payment p WHERE p.personal_id = c.personal_id))::int
       + (EXISTS (SELECT 1 FROM health.insurance_coverage i WHERE i.personal_id = c.personal_id))::int
       + (EXISTS (SELECT 1 FROM health.health_summary s WHERE s.personal_id = c.personal_id))::int DESC,
       c.personal_id
     LIMIT 1`,
  );
  if (rich === undefined) throw new Error('the seed has no citizen');
  const withHousemates = await first<{ id: string }>(
    db,
    `SELECT r.personal_id AS id FROM household.residence_registration r
     WHERE r.end_date IS NULL AND r.type = 'PERMANENT'
       AND EXISTS (SELECT 1 FROM household.residence_registration o
                   WHERE o.household_id = r.household_id AND o.personal_id <> r.personal_id AND o.end_date IS NULL)
     ORDER BY (r.relationship_to_head = 'HEAD')::int, r.personal_id LIMIT 1`,
  );
  const withCoHolder = await first<{ id: string }>(
    db,
    `SELECT l.holder_personal_id AS id FROM land.land_right l
     WHERE l.holder_personal_id IS NOT NULL AND l.ended_on IS NULL
       AND EXISTS (SELECT 1 FROM land.land_right o WHERE o.parcel_id = l.parcel_id AND o.id <> l.id AND o.ended_on IS NULL
                   AND o.holder_personal_id IS DISTINCT FROM l.holder_personal_id)
     ORDER BY l.holder_personal_id LIMIT 1`,
  );
  const withStays = await first<{ id: string }>(
    db,
    `SELECT guest_personal_id AS id FROM tourism.guest_stay WHERE guest_personal_id IS NOT NULL ORDER BY 1 LIMIT 1`,
  );
  const withEncounters = (
    await db.query<{ id: string }>(`SELECT DISTINCT personal_id AS id FROM health.encounter ORDER BY 1 LIMIT 6`)
  ).map((row) => row.id);
  const other = await first<{ id: string }>(
    db,
    `SELECT personal_id AS id FROM core.citizen WHERE personal_id <> $1 ORDER BY personal_id DESC LIMIT 1`,
    [rich.id],
  );
  const household = await first<{ fileNo: string }>(
    db,
    `SELECT residence_file_no AS "fileNo" FROM household.household ORDER BY id LIMIT 1`,
  );
  const parcel = await first<{ communeCode: string; mapSheetNo: number; parcelNo: number }>(
    db,
    `SELECT commune_code AS "communeCode", map_sheet_no AS "mapSheetNo", parcel_no AS "parcelNo" FROM land.parcel ORDER BY id LIMIT 1`,
  );
  const establishment = await first<{ id: number }>(db, `SELECT id FROM tourism.establishment ORDER BY id LIMIT 1`);
  // A well-formed personal ID (Nam Dinh, female born 1999) that the seed did not issue.
  let unknown = '036199000000';
  for (let n = 0; n < 1000; n++) {
    const candidate = `036199${String(n).padStart(6, '0')}`;
    const taken = await first<{ id: string }>(
      db,
      `SELECT personal_id AS id FROM core.citizen WHERE personal_id = $1
       UNION ALL SELECT previous_id FROM core.previous_personal_id WHERE previous_id = $1`,
      [candidate],
    );
    if (taken === undefined) {
      unknown = candidate;
      break;
    }
  }
  return {
    rich: rich.id,
    withHousemates: withHousemates?.id,
    withCoHolder: withCoHolder?.id,
    withStays: withStays?.id,
    withEncounters,
    other: other?.id ?? rich.id,
    unknown,
    residenceFileNo: household?.fileNo,
    parcel:
      parcel === undefined
        ? undefined
        : { ...parcel, mapSheetNo: Number(parcel.mapSheetNo), parcelNo: Number(parcel.parcelNo) },
    establishmentId: establishment === undefined ? undefined : toGlobalId('Establishment', establishment.id),
  };
}
