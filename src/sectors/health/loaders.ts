/** The health sector's database reads (batched per request); its mutations' SQL is in writes.ts. */
import type { Database } from '../../db/database.ts';
import { createGroupLoader, createRowLoader } from '../../lib/batch.ts';
import { createPageLoader, pageParams, pagedSql, type PagedRow } from '../../lib/connection.ts';
import type { ReferenceTableSpec } from '../../lib/reference.ts';
import { isoDate, isoInstant } from '../../lib/sql.ts';
import type {
  EncounterModel,
  HealthCommuneRow,
  HealthFacilityModel,
  HealthSummaryModel,
  Icd10Row,
  InsuranceCoverageModel,
  PaymentModel,
  VaccinationModel,
} from './mappers.ts';

/**
 * Encounter dates are calendar dates in Vietnam (UTC+07:00, no daylight saving): a `from`/`to` date bounds the
 * admissions from 00:00 local time of `from` to 24:00 local time of `to`.
 */
export const HEALTH_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface EncounterFilter {
  from: string | null;
  to: string | null;
}

/**
 * The paging columns pagedSql needs: `parent_key` (its outer ORDER BY) and the PagedRow fields read by
 * createPageLoader / toConnection (`parentKey`, `sortKey`, `rowId`).
 */
function pageColumns(parentColumn: string, sortKeyText: string): string {
  return `${parentColumn} AS parent_key, ${parentColumn} AS "parentKey", ${sortKeyText} AS "sortKey", t.id AS "rowId"`;
}

const COVERAGE_COLUMNS = `t.id, t.personal_id AS "personalId", t.card_code AS "cardCode",
  ${isoDate('t.valid_from')} AS "validFrom", ${isoDate('t.valid_to')} AS "validTo",
  t.initial_facility_code AS "initialFacilityCode"`;

export const ENCOUNTER_COLUMNS = `t.id, t.encounter_key AS "encounterKey", t.personal_id AS "personalId",
  t.facility_code AS "facilityCode", t.type::text AS type, ${isoInstant('t.admitted_at')} AS "admittedAt",
  ${isoInstant('t.discharged_at')} AS "dischargedAt", t.principal_diagnosis AS "principalDiagnosisCode",
  t.secondary_diagnoses AS "secondaryDiagnosisCodes"`;

export const PAYMENT_COLUMNS = `t.id, t.encounter_id AS "encounterId", e.encounter_key AS "encounterKey",
  t.personal_id AS "personalId", t.amount_vnd::text AS "amountVnd", t.insurance_vnd::text AS "insuranceVnd",
  (t.amount_vnd - t.insurance_vnd)::text AS "patientVnd", t.cashless, ${isoInstant('t.paid_at')} AS "paidAt"`;

export const VACCINATION_COLUMNS = `t.id, t.personal_id AS "personalId", t.vaccine, t.dose_number AS "doseNumber",
  ${isoDate('t.administered_on')} AS "administeredOn", t.facility_code AS "facilityCode"`;

/** A facility row with its commune's columns (null when the commune code is unknown). */
interface FacilityRow extends Omit<HealthFacilityModel, 'commune'> {
  communeCode: string | null;
  communeName: string | null;
  communeLevel: HealthCommuneRow['level'] | null;
}

/** Facilities with their commune (reference data, src/lib/reference.ts: loaded whole, kept a minute). */
export const HEALTH_FACILITIES: ReferenceTableSpec<HealthFacilityModel> = {
  load: async (db) =>
    (
      await db.query<FacilityRow>(
        `SELECT f.code, f.name, f.level, a.code AS "communeCode", a.name AS "communeName", a.level AS "communeLevel"
         FROM health.facility f LEFT JOIN core.administrative_unit a ON a.code = f.commune_code`,
      )
    ).map(({ communeCode, communeName, communeLevel, ...facility }) => ({
      ...facility,
      commune:
        communeCode === null || communeName === null || communeLevel === null
          ? null
          : { code: communeCode, name: communeName, level: communeLevel },
    })),
  keyOf: (row) => row.code,
};

/** The ICD-10 catalogue (reference data, src/lib/reference.ts). */
export const ICD10_CODES: ReferenceTableSpec<Icd10Row> = {
  load: (db) => db.query<Icd10Row>(`SELECT code, title FROM health.icd10_code`),
  keyOf: (row) => row.code,
};

export function createHealthLoaders(db: Database) {
  return {
    summaryByPersonalId: createRowLoader<HealthSummaryModel>(
      (ids) =>
        db.query(
          `SELECT personal_id AS "personalId", blood_type AS "bloodType", allergies,
             chronic_conditions AS "chronicConditionCodes", ${isoInstant('updated_at')} AS "updatedAt"
           FROM health.health_summary WHERE personal_id = ANY($1)`,
          [ids],
        ),
      (row) => row.personalId,
    ),

    /** Insurance cards of each personal ID, newest validity start first. */
    coveragePages: createPageLoader<InsuranceCoverageModel & PagedRow>((ids, page) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'health.insurance_coverage t',
          select: `${pageColumns('t.personal_id', isoDate('t.valid_from'))}, ${COVERAGE_COLUMNS}`,
          parentColumn: 't.personal_id',
          sortColumn: 't.valid_from',
          sortType: 'date',
        }),
        [ids, ...pageParams(page)],
      ),
    ),

    /** Encounters of each personal ID, newest admission first, admitted within [from, to] (local dates). */
    encounterPages: createPageLoader<EncounterModel & PagedRow, EncounterFilter>((ids, page, filter) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'health.encounter t',
          select: `${pageColumns('t.personal_id', isoInstant('t.admitted_at'))}, ${ENCOUNTER_COLUMNS}`,
          parentColumn: 't.personal_id',
          sortColumn: 't.admitted_at',
          sortType: 'timestamptz',
          where: `($5::date IS NULL OR t.admitted_at >= (($5::date)::timestamp AT TIME ZONE '${HEALTH_TIME_ZONE}'))
            AND ($6::date IS NULL OR t.admitted_at < (($6::date + 1)::timestamp AT TIME ZONE '${HEALTH_TIME_ZONE}'))`,
        }),
        [ids, ...pageParams(page), filter.from, filter.to],
      ),
    ),

    /** Payments of each personal ID, newest first. */
    paymentPages: createPageLoader<PaymentModel & PagedRow>((ids, page) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'health.payment t JOIN health.encounter e ON e.id = t.encounter_id',
          select: `${pageColumns('t.personal_id', isoInstant('t.paid_at'))}, ${PAYMENT_COLUMNS}`,
          parentColumn: 't.personal_id',
          sortColumn: 't.paid_at',
          sortType: 'timestamptz',
        }),
        [ids, ...pageParams(page)],
      ),
    ),

    /** Payments of each encounter (by encounter row id, as text), in payment order. */
    paymentsByEncounterId: createGroupLoader<PaymentModel>(
      (encounterIds) =>
        db.query(
          `SELECT ${PAYMENT_COLUMNS}
           FROM health.payment t JOIN health.encounter e ON e.id = t.encounter_id
           WHERE t.encounter_id = ANY($1::int[]) ORDER BY t.paid_at, t.id`,
          [encounterIds],
        ),
      (row) => String(row.encounterId),
    ),

    /** Vaccinations of each personal ID, newest first. */
    vaccinationPages: createPageLoader<VaccinationModel & PagedRow>((ids, page) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'health.vaccination t',
          select: `${pageColumns('t.personal_id', isoDate('t.administered_on'))}, ${VACCINATION_COLUMNS}`,
          parentColumn: 't.personal_id',
          sortColumn: 't.administered_on',
          sortType: 'date',
        }),
        [ids, ...pageParams(page)],
      ),
    ),
  };
}

export type HealthLoaders = ReturnType<typeof createHealthLoaders>;
