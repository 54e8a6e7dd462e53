/** The land sector's database reads (batched per request); its mutations' SQL is in writes.ts. */
import type { Database } from '../../db/database.ts';
import type { LandChangeStatus, LandChangeType } from '../../generated/graphql.ts';
import { createGroupLoader, createRowLoader } from '../../lib/batch.ts';
import { createPageLoader, keyset, pageParams, pagedSql, type PagedRow } from '../../lib/connection.ts';
import { isoDate } from '../../lib/sql.ts';
import type { LandChangeModel, LandChangePartyModel, LandRightModel, ParcelModel } from './mappers.ts';

export type LandRightRow = LandRightModel & PagedRow;
export type LandChangeRow = LandChangeModel & PagedRow;

export interface LandRightFilter {
  /** Also rights that have ended (endedOn today or earlier). */
  includeEnded: boolean;
}

/** Filters of Query.landChanges (already validated); null = no condition. */
export interface LandChangeFilter {
  communeCode: string | null;
  type: LandChangeType | null;
  status: LandChangeStatus | null;
  /** Submitted on or after this date. */
  from: string | null;
  /** Submitted on or before this date. */
  to: string | null;
}

/** Key of a parcel by its cadastral number: commune code, map sheet number, parcel number. */
export function parcelNumberKey(communeCode: string, mapSheetNo: number, parcelNo: number): string {
  return `${communeCode}:${mapSheetNo}:${parcelNo}`;
}

/**
 * A right is current until the day it ends. Leases and term rights carry their end date in advance, so an
 * `ended_on` in the future is still current. "Today" is the calendar date in Vietnam (UTC+07:00).
 */
export const CURRENT_RIGHT = `(t.ended_on IS NULL OR t.ended_on > (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)`;

/**
 * The paging columns pagedSql needs: `parent_key` (its outer ORDER BY) and the PagedRow fields read by
 * createPageLoader / toConnection (`parentKey`, `sortKey`, `rowId`).
 */
function pageColumns(parentKeyText: string, sortKeyText: string): string {
  return `${parentKeyText} AS parent_key, ${parentKeyText} AS "parentKey", ${sortKeyText} AS "sortKey", t.id AS "rowId"`;
}

/** Columns of a ParcelModel from land.parcel aliased `p`, with its @personal subjects (schema/land.graphql). */
export const PARCEL_COLUMNS = `p.id, p.commune_code AS "communeCode", p.map_sheet_no AS "mapSheetNo",
  p.parcel_no AS "parcelNo", p.area_m2::text AS "areaM2", coalesce(p.purpose_codes, '{}') AS "purposeCodes",
  p.address,
  ARRAY(SELECT DISTINCT t.holder_personal_id::text FROM land.land_right t
        WHERE t.parcel_id = p.id AND t.holder_personal_id IS NOT NULL AND ${CURRENT_RIGHT} ORDER BY 1)
    AS "holderPersonalIds"`;

export const RIGHT_COLUMNS = `t.id, t.parcel_id AS "parcelId", t.holder_personal_id AS "holderPersonalId",
  t.holder_organisation AS "holderOrganisation", t.share_percent::text AS "sharePercent",
  t.certificate_serial AS "certificateSerial", ${isoDate('t.since')} AS since, ${isoDate('t.ended_on')} AS "endedOn"`;

/** Columns of a LandChangeModel from land.land_change aliased `t`, with its @personal subjects (the person parties). */
export const CHANGE_COLUMNS = `t.id, t.parcel_id AS "parcelId", t.commune_code AS "communeCode", t.type::text AS type,
  t.status::text AS status, ${isoDate('t.submitted_on')} AS "submittedOn",
  ${isoDate('t.registered_on')} AS "registeredOn", t.rejection_reason AS "rejectionReason",
  ARRAY(SELECT DISTINCT q.personal_id::text FROM land.land_change_party q
        WHERE q.change_id = t.id AND q.personal_id IS NOT NULL ORDER BY 1) AS "partyPersonalIds"`;

/** Parent keys of integer parents (parcel ids) as numbers, for an int[] parameter. */
const toIds = (keys: readonly string[]) => keys.map(Number);

export function createLandLoaders(db: Database) {
  return {
    /** Parcels by id (as a string). */
    parcelById: createRowLoader<ParcelModel>(
      (ids) => db.query(`SELECT ${PARCEL_COLUMNS} FROM land.parcel p WHERE p.id = ANY($1::int[])`, [toIds(ids)]),
      (row) => String(row.id),
    ),

    /** Rights by id (as a string; Query.node). */
    rightById: createRowLoader<LandRightModel>(
      (ids) => db.query(`SELECT ${RIGHT_COLUMNS} FROM land.land_right t WHERE t.id = ANY($1::int[])`, [toIds(ids)]),
      (row) => String(row.id),
    ),

    /** Changes by id (as a string; Query.node). */
    changeById: createRowLoader<LandChangeModel>(
      (ids) => db.query(`SELECT ${CHANGE_COLUMNS} FROM land.land_change t WHERE t.id = ANY($1::int[])`, [toIds(ids)]),
      (row) => String(row.id),
    ),

    /** Parcels by parcelNumberKey(communeCode, mapSheetNo, parcelNo). */
    parcelByNumber: createRowLoader<ParcelModel>(
      (keys) => {
        const parts = keys.map((key) => key.split(':'));
        return db.query(
          `SELECT ${PARCEL_COLUMNS}
           FROM land.parcel p
           JOIN unnest($1::text[], $2::int[], $3::int[]) AS k(commune_code, map_sheet_no, parcel_no)
             ON p.commune_code = k.commune_code AND p.map_sheet_no = k.map_sheet_no AND p.parcel_no = k.parcel_no`,
          [parts.map((p) => p[0]), parts.map((p) => Number(p[1])), parts.map((p) => Number(p[2]))],
        );
      },
      (row) => parcelNumberKey(row.communeCode, row.mapSheetNo, row.parcelNo),
    ),

    /** Rights held by citizens (parent key: holder personal ID), newest `since` first. */
    rightsByHolder: createPageLoader<LandRightRow, LandRightFilter>((personalIds, page, filter) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'land.land_right t',
          select: `${RIGHT_COLUMNS}, ${pageColumns('t.holder_personal_id', isoDate('t.since'))}`,
          parentColumn: 't.holder_personal_id',
          sortColumn: 't.since',
          sortType: 'date',
          subjectColumn: 't.holder_personal_id',
          ...(filter.includeEnded ? {} : { where: CURRENT_RIGHT }),
        }),
        [personalIds, ...pageParams(page), page.visibleTo],
      ),
    ),

    /** Rights on parcels (parent key: parcel id), newest `since` first. */
    rightsByParcel: createPageLoader<LandRightRow, LandRightFilter>((parcelIds, page, filter) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'land.land_right t',
          select: `${RIGHT_COLUMNS}, ${pageColumns('t.parcel_id::text', isoDate('t.since'))}`,
          parentColumn: 't.parcel_id',
          sortColumn: 't.since',
          sortType: 'date',
          subjectColumn: 't.holder_personal_id',
          ...(filter.includeEnded ? {} : { where: CURRENT_RIGHT }),
        }),
        [toIds(parcelIds), ...pageParams(page), page.visibleTo],
      ),
    ),

    /**
     * Changes of parcels (parent key: parcel id), newest submitted first; for a citizen token only the changes the
     * citizen is a party to (PageRequest.visibleTo), so a co-holder's pages count none of other parties' changes.
     */
    changesByParcel: createPageLoader<LandChangeRow>((parcelIds, page) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'land.land_change t',
          select: `${CHANGE_COLUMNS}, ${pageColumns('t.parcel_id::text', isoDate('t.submitted_on'))}`,
          parentColumn: 't.parcel_id',
          sortColumn: 't.submitted_on',
          sortType: 'date',
          visibleWhere: (pid) =>
            `EXISTS (SELECT 1 FROM land.land_change_party v WHERE v.change_id = t.id AND v.personal_id = ${pid})`,
        }),
        [toIds(parcelIds), ...pageParams(page), page.visibleTo],
      ),
    ),

    /**
     * Changes a citizen is a FROM or TO party to (parent key: personal ID), newest submitted first; a change
     * where the citizen is party twice (e.g. both sides of a HOLDER_INFO_CHANGE) is listed once.
     */
    changesByParty: createPageLoader<LandChangeRow>((personalIds, page) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: `land.land_change t
            JOIN (SELECT DISTINCT change_id, personal_id FROM land.land_change_party) p ON p.change_id = t.id`,
          select: `${CHANGE_COLUMNS}, ${pageColumns('p.personal_id', isoDate('t.submitted_on'))}`,
          parentColumn: 'p.personal_id',
          sortColumn: 't.submitted_on',
          sortType: 'date',
          subjectColumn: 'p.personal_id',
        }),
        [personalIds, ...pageParams(page), page.visibleTo],
      ),
    ),

    /**
     * One page of the registry-wide search (Query.landChanges), newest submitted first. The page loader's
     * single parent key is ignored; only the filter conditions that are set become SQL (so each can use its index).
     */
    changeSearch: createPageLoader<LandChangeRow, LandChangeFilter>((_parentKeys, page, filter) => {
      const params: unknown[] = [...pageParams(page)];
      const slice = keyset({
        backward: page.backward,
        listOrder: 'DESC',
        columns: ['t.submitted_on', 't.id'],
        position: ['$1::date', '$2::int'],
        guard: '$1::text IS NULL',
      });
      const conditions: string[] = [slice.condition];
      const condition = (sql: (placeholder: string) => string, value: unknown) => {
        params.push(value);
        conditions.push(sql(`$${params.length}`));
      };
      if (filter.communeCode !== null) condition((p) => `t.commune_code = ${p}`, filter.communeCode);
      if (filter.type !== null) condition((p) => `t.type = ${p}::land."LandChangeType"`, filter.type);
      if (filter.status !== null) condition((p) => `t.status = ${p}::land."LandChangeStatus"`, filter.status);
      if (filter.from !== null) condition((p) => `t.submitted_on >= ${p}::date`, filter.from);
      if (filter.to !== null) condition((p) => `t.submitted_on <= ${p}::date`, filter.to);
      return db.query(
        `SELECT ${CHANGE_COLUMNS}, '' AS "parentKey", ${isoDate('t.submitted_on')} AS "sortKey", t.id AS "rowId"
         FROM land.land_change t
         WHERE ${conditions.join(' AND ')}
         ORDER BY ${slice.orderBy}
         LIMIT $3`,
        params,
      );
    }),

    /** Parties of changes (key: change id), givers (FROM) first. */
    partiesByChange: createGroupLoader<LandChangePartyModel>(
      (changeIds) =>
        db.query(
          `SELECT id, change_id AS "changeId", role::text AS role, personal_id AS "personalId", organisation,
             share_percent::text AS "sharePercent"
           FROM land.land_change_party WHERE change_id = ANY($1::int[]) ORDER BY change_id, role, id`,
          [toIds(changeIds)],
        ),
      (row) => String(row.changeId),
    ),
  };
}

export type LandLoaders = ReturnType<typeof createLandLoaders>;
