/** The tourism sector's database reads (batched per request); its mutations' SQL is in writes.ts. */
import type { Database } from '../../db/database.ts';
import { createRowLoader } from '../../lib/batch.ts';
import { createPageLoader, keyset, pageParams, pagedSql, type PagedRow } from '../../lib/connection.ts';
import { isoDate, isoInstant } from '../../lib/sql.ts';
import type { EstablishmentModel, EstablishmentTypeValue, GuestStayModel, InspectionModel } from './mappers.ts';

/**
 * Check-in dates are calendar dates in Vietnam (UTC+07:00, no daylight saving): a `from`/`to` date bounds the
 * check-ins from 00:00 local time of `from` to 24:00 local time of `to`.
 */
export const TOURISM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface StayFilter {
  from: string | null;
  to: string | null;
}

export interface EstablishmentFilter {
  communeCode: string | null;
  type: EstablishmentTypeValue | null;
}

/** The PagedRow columns pagedSql and toConnection need. */
function pageColumns(parentColumn: string, sortKeyText: string): string {
  return `${parentColumn}::text AS "parentKey", ${sortKeyText} AS "sortKey", t.id AS "rowId"`;
}

export const ESTABLISHMENT_COLUMNS = `t.id, t.name, t.type::text AS type, t.stars, t.licence_no AS "licenceNo",
  t.commune_code AS "communeCode", t.address`;

export const STAY_COLUMNS = `t.id, t.establishment_id AS "establishmentId", t.guest_personal_id AS "guestPersonalId",
  t.passport_no AS "passportNo", t.nationality, ${isoInstant('t.check_in_at')} AS "checkInAt",
  ${isoInstant('t.expected_check_out_at')} AS "expectedCheckOutAt",
  ${isoInstant('t.actual_check_out_at')} AS "actualCheckOutAt", ${isoInstant('t.declared_at')} AS "declaredAt",
  t.channel::text AS channel`;

const INSPECTION_COLUMNS = `t.id, t.establishment_id AS "establishmentId", ${isoDate('t.inspected_on')} AS "inspectedOn",
  t.agency, t.findings, t.violations`;

/** Integer keys of a DataLoader (strings) as an int[] parameter; keys outside int4 cannot match any row. */
const intKeys = (keys: readonly string[]): number[] =>
  keys.filter((key) => /^\d{1,10}$/.test(key) && Number(key) <= 2_147_483_647).map(Number);

export function createTourismLoaders(db: Database) {
  return {
    establishmentById: createRowLoader<EstablishmentModel>(
      (ids) =>
        db.query(`SELECT ${ESTABLISHMENT_COLUMNS} FROM tourism.establishment t WHERE t.id = ANY($1::int[])`, [
          intKeys(ids),
        ]),
      (row) => String(row.id),
    ),

    /** Stays by id (as a string; Query.node). */
    stayById: createRowLoader<GuestStayModel>(
      (ids) => db.query(`SELECT ${STAY_COLUMNS} FROM tourism.guest_stay t WHERE t.id = ANY($1::int[])`, [intKeys(ids)]),
      (row) => String(row.id),
    ),

    /**
     * Pages of establishments by name then id, filtered by commune and type. A root list: its one parent key is
     * '' (a page loader all the same, for the shared cursor handling).
     */
    establishmentPages: createPageLoader<EstablishmentModel & PagedRow, EstablishmentFilter>((_keys, page, filter) => {
      const slice = keyset({
        backward: page.backward,
        listOrder: 'ASC',
        columns: ['t.name', 't.id'],
        position: ['$3::text', '$4::int'],
        guard: '$3::text IS NULL',
      });
      return db.query(
        `SELECT '' AS "parentKey", t.name AS "sortKey", t.id AS "rowId", ${ESTABLISHMENT_COLUMNS}
         FROM tourism.establishment t
         WHERE ($1::text IS NULL OR t.commune_code = $1::text)
           AND ($2::text IS NULL OR t.type = $2::text::tourism."EstablishmentType")
           AND ${slice.condition}
         ORDER BY ${slice.orderBy} LIMIT $5`,
        [filter.communeCode, filter.type, ...pageParams(page)],
      );
    }),

    /** Stays of each guest personal ID, newest check-in first. */
    stayPagesByGuest: createPageLoader<GuestStayModel & PagedRow>((ids, page) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'tourism.guest_stay t',
          select: `${pageColumns('t.guest_personal_id', isoInstant('t.check_in_at'))}, ${STAY_COLUMNS}`,
          parentColumn: 't.guest_personal_id',
          sortColumn: 't.check_in_at',
          sortType: 'timestamptz',
          subjectColumn: 't.guest_personal_id',
        }),
        [ids, ...pageParams(page), page.visibleTo],
      ),
    ),

    /** Stays declared by each establishment (id as text), newest check-in first, within [from, to] local dates. */
    stayPagesByEstablishment: createPageLoader<GuestStayModel & PagedRow, StayFilter>((ids, page, filter) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'tourism.guest_stay t',
          select: `${pageColumns('t.establishment_id', isoInstant('t.check_in_at'))}, ${STAY_COLUMNS}`,
          parentColumn: 't.establishment_id',
          sortColumn: 't.check_in_at',
          sortType: 'timestamptz',
          where: `($5::date IS NULL OR t.check_in_at >= (($5::date)::timestamp AT TIME ZONE '${TOURISM_TIME_ZONE}'))
            AND ($6::date IS NULL OR t.check_in_at < (($6::date + 1)::timestamp AT TIME ZONE '${TOURISM_TIME_ZONE}'))`,
          subjectColumn: 't.guest_personal_id',
          visibleToParam: 7,
        }),
        [intKeys(ids), ...pageParams(page), filter.from, filter.to, page.visibleTo],
      ),
    ),

    /** Inspections of each establishment (id as text), newest first. */
    inspectionPagesByEstablishment: createPageLoader<InspectionModel & PagedRow>((ids, page) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'tourism.inspection t',
          select: `${pageColumns('t.establishment_id', isoDate('t.inspected_on'))}, ${INSPECTION_COLUMNS}`,
          parentColumn: 't.establishment_id',
          sortColumn: 't.inspected_on',
          sortType: 'date',
        }),
        [intKeys(ids), ...pageParams(page)],
      ),
    ),
  };
}

export type TourismLoaders = ReturnType<typeof createTourismLoaders>;
