/** The household sector's database reads (batched per request); its mutations' SQL is in writes.ts. */
import type { Database } from '../../db/database.ts';
import { createRowLoader } from '../../lib/batch.ts';
import {
  createPageLoader,
  keyset,
  pageParams,
  pagedSql,
  visibleToCondition,
  type PagedRow,
} from '../../lib/connection.ts';
import { isoDate } from '../../lib/sql.ts';
import type { HouseholdModel, HouseholdOfCitizenRow, ResidenceRegistrationModel } from './mappers.ts';

export interface MemberFilter {
  includeEnded: boolean;
}

/**
 * Columns of a HouseholdModel from household.household aliased `h`, with the personal IDs of its current members (the
 * @personal subjects, schema/household.graphql) in the same statement.
 */
export const HOUSEHOLD_COLUMNS = `h.id, h.residence_file_no AS "residenceFileNo", h.address, h.commune_code AS "communeCode",
  h.head_personal_id AS "headPersonalId",
  ARRAY(SELECT DISTINCT m.personal_id::text FROM household.residence_registration m
        WHERE m.household_id = h.id AND m.end_date IS NULL ORDER BY 1) AS "memberPersonalIds"`;

export const REGISTRATION_COLUMNS = `t.id, t.household_id AS "householdId", t.personal_id AS "personalId", t.type::text AS type,
  t.relationship_to_head::text AS "relationshipToHead", ${isoDate('t.start_date')} AS "startDate",
  ${isoDate('t.end_date')} AS "endDate", ${isoDate('t.expected_end_date')} AS "expectedEndDate",
  t.deregistration_reason AS "deregistrationReason"`;

/**
 * Member order as one fixed-width text key, ascending: current registrations before ended ones, then the
 * relationship in the enum's declared order (HEAD first, SPOUSE, CHILD...), then the start date. The "C" collation
 * makes the comparison bytewise, so the keyset cursor agrees with the ORDER BY on every server.
 */
const MEMBER_SORT_KEY = `((CASE WHEN t.end_date IS NULL THEN '0' ELSE '1' END)
  || lpad(array_position(enum_range(NULL::household."RelationshipToHead"), t.relationship_to_head)::text, 2, '0')
  || ${isoDate('t.start_date')}) COLLATE "C"`;

/** Integer keys of a DataLoader (strings) as an int[] parameter; non-numeric keys cannot match any row. */
const intKeys = (keys: readonly string[]): number[] =>
  keys.filter((key) => /^\d{1,10}$/.test(key) && Number(key) <= 2_147_483_647).map(Number);

export function createHouseholdLoaders(db: Database) {
  return {
    householdById: createRowLoader<HouseholdModel>(
      (ids) =>
        db.query(`SELECT ${HOUSEHOLD_COLUMNS} FROM household.household h WHERE h.id = ANY($1::int[])`, [intKeys(ids)]),
      (row) => String(row.id),
    ),

    /** Registrations by id (as a string; Query.node). */
    registrationById: createRowLoader<ResidenceRegistrationModel>(
      (ids) =>
        db.query(`SELECT ${REGISTRATION_COLUMNS} FROM household.residence_registration t WHERE t.id = ANY($1::int[])`, [
          intKeys(ids),
        ]),
      (row) => String(row.id),
    ),

    householdByResidenceFileNo: createRowLoader<HouseholdModel>(
      (fileNos) =>
        db.query(`SELECT ${HOUSEHOLD_COLUMNS} FROM household.household h WHERE h.residence_file_no = ANY($1::text[])`, [
          fileNos,
        ]),
      (row) => row.residenceFileNo,
    ),

    /**
     * The household of each citizen's current permanent registration. The Law on Residence allows one permanent
     * residence; should the data hold two open ones, the latest started wins.
     */
    householdByMemberPersonalId: createRowLoader<HouseholdOfCitizenRow>(
      (ids) =>
        db.query(
          `SELECT DISTINCT ON (r.personal_id) r.personal_id AS "memberPersonalId", ${HOUSEHOLD_COLUMNS}
           FROM household.residence_registration r JOIN household.household h ON h.id = r.household_id
           WHERE r.personal_id = ANY($1::bpchar[]) AND r.type = 'PERMANENT' AND r.end_date IS NULL
           ORDER BY r.personal_id, r.start_date DESC, r.id DESC`,
          [ids],
        ),
      (row) => row.memberPersonalId,
    ),

    /** Registrations of each personal ID, newest start first (all types, ended ones too). */
    registrationPagesByPersonalId: createPageLoader<ResidenceRegistrationModel & PagedRow>((ids, page) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'household.residence_registration t',
          select: `t.personal_id AS "parentKey", ${isoDate('t.start_date')} AS "sortKey", t.id AS "rowId",
            ${REGISTRATION_COLUMNS}`,
          parentColumn: 't.personal_id',
          sortColumn: 't.start_date',
          sortType: 'date',
          subjectColumn: 't.personal_id',
        }),
        [ids, ...pageParams(page), page.visibleTo],
      ),
    ),

    /**
     * Members of each household in MEMBER_SORT_KEY order (ascending, unlike pagedSql's newest-first lists);
     * ended registrations only when asked; for a citizen token only its own row (PageRequest.visibleTo). Same
     * parameters as pagedSql, $5 = include ended, $6 = visibleTo.
     */
    memberPagesByHouseholdId: createPageLoader<ResidenceRegistrationModel & PagedRow, MemberFilter>(
      (householdIds, page, filter) => {
        const slice = keyset({
          backward: page.backward,
          listOrder: 'ASC',
          columns: ['s.sort_key', 't.id'],
          position: ['$2::text COLLATE "C"', '$3::int'],
          guard: '$2::text IS NULL',
        });
        return db.query(
          `SELECT * FROM (
             SELECT t.household_id::text AS "parentKey", s.sort_key AS "sortKey", t.id AS "rowId", ${REGISTRATION_COLUMNS},
               row_number() OVER (PARTITION BY t.household_id ORDER BY ${slice.orderBy}) AS rn__
             FROM household.residence_registration t CROSS JOIN LATERAL (SELECT ${MEMBER_SORT_KEY} AS sort_key) s
             WHERE t.household_id = ANY($1::int[]) AND ($5::boolean OR t.end_date IS NULL)
               AND ${visibleToCondition('t.personal_id', 6)}
               AND ${slice.condition}
           ) paged WHERE rn__ <= $4 ORDER BY "parentKey", rn__`,
          [intKeys(householdIds), ...pageParams(page), filter.includeEnded, page.visibleTo],
        );
      },
    ),
  };
}

export type HouseholdLoaders = ReturnType<typeof createHouseholdLoaders>;
