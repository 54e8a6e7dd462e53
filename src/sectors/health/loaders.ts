/** The health sector's database reads (batched per request); its mutations' SQL is in writes.ts. */
import type { LoaderRequest } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { createCountLoader, createGroupLoader, createRowLoader } from '../../lib/batch.ts';
import { consentCondition, consentParams } from '../../lib/consent-sql.ts';
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

/** A citizen's health summary as the consent rule lets this caller see it. */
export interface SummaryRead {
  personalId: string;
  /** Null when there is none or it was withheld. */
  summary: HealthSummaryModel | null;
  /** There is one, and the consent rule withheld it. */
  withheld: boolean;
}

interface SummaryRow extends HealthSummaryModel {
  visible: boolean;
}

/** The condition filtering encounters by admission date ($from, $to: local dates, either may be null). */
function admittedWithin(fromParam: number, toParam: number): string {
  return `($${fromParam}::date IS NULL OR t.admitted_at >= (($${fromParam}::date)::timestamp AT TIME ZONE '${HEALTH_TIME_ZONE}'))
    AND ($${toParam}::date IS NULL OR t.admitted_at < (($${toParam}::date + 1)::timestamp AT TIME ZONE '${HEALTH_TIME_ZONE}'))`;
}

/**
 * The health loaders of one request. Lists carrying @requiresConsent (schema/health.graphql) compose the consent rule
 * of the request (src/lib/consent-sql.ts, docs/ARCHITECTURE.md §5) into their SQL: rows the caller may not see are
 * left out before paging, and counted (for `withheldCount`) by one statement per list over every parent of the batch.
 */
export function createHealthLoaders(db: Database, request: LoaderRequest) {
  const { consent } = request;
  const unrestricted = consent.kind === 'unrestricted';
  return {
    /** The summary of each personal ID; its columns are read only when the consent rule lets the caller see it. */
    summaryByPersonalId: createRowLoader<SummaryRead>(
      async (ids) =>
        (
          await db.query<SummaryRow>(
            `SELECT t.personal_id AS "personalId", v.visible,
               CASE WHEN v.visible THEN t.blood_type END AS "bloodType",
               CASE WHEN v.visible THEN t.allergies END AS allergies,
               CASE WHEN v.visible THEN t.chronic_conditions END AS "chronicConditionCodes",
               CASE WHEN v.visible THEN ${isoInstant('t.updated_at')} END AS "updatedAt"
             FROM health.health_summary t
               CROSS JOIN LATERAL (SELECT ${consentCondition({ personalColumn: 't.personal_id', facilityColumn: null, firstParam: 2 })} AS visible) v
             WHERE t.personal_id = ANY($1)`,
            [ids, ...consentParams(consent, 'HEALTH_SUMMARY')],
          )
        ).map(({ visible, ...summary }) => ({
          personalId: summary.personalId,
          summary: visible ? summary : null,
          withheld: !visible,
        })),
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
          where: `${admittedWithin(5, 6)}
            AND ${consentCondition({ personalColumn: 't.personal_id', facilityColumn: 't.facility_code', firstParam: 7 })}`,
        }),
        [ids, ...pageParams(page), filter.from, filter.to, ...consentParams(consent, 'HEALTH_ENCOUNTERS')],
      ),
    ),

    /**
     * Encounters of each personal ID that the consent rule withheld, over the whole list whatever the `from`/`to`
     * filter: counted within a date range, the count would tell when the withheld visits were (narrow ranges bisect
     * to the day), and the rule says how many rows were withheld, never which (docs/ARCHITECTURE.md §5).
     */
    encountersWithheld: createCountLoader<null>(unrestricted, (ids) =>
      db.query(
        `SELECT t.personal_id AS "parentKey", count(*)::int AS count FROM health.encounter t
         WHERE t.personal_id = ANY($1)
           AND ${consentCondition({ personalColumn: 't.personal_id', facilityColumn: 't.facility_code', firstParam: 2 })} IS NOT TRUE
         GROUP BY t.personal_id`,
        [ids, ...consentParams(consent, 'HEALTH_ENCOUNTERS')],
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
          where: consentCondition({
            personalColumn: 't.personal_id',
            facilityColumn: 'e.facility_code',
            firstParam: 5,
          }),
        }),
        [ids, ...pageParams(page), ...consentParams(consent, 'HEALTH_PAYMENTS')],
      ),
    ),

    /** Payments of each personal ID that the consent rule withheld. */
    paymentsWithheld: createCountLoader<null>(unrestricted, (ids) =>
      db.query(
        `SELECT t.personal_id AS "parentKey", count(*)::int AS count
         FROM health.payment t JOIN health.encounter e ON e.id = t.encounter_id
         WHERE t.personal_id = ANY($1)
           AND ${consentCondition({ personalColumn: 't.personal_id', facilityColumn: 'e.facility_code', firstParam: 2 })} IS NOT TRUE
         GROUP BY t.personal_id`,
        [ids, ...consentParams(consent, 'HEALTH_PAYMENTS')],
      ),
    ),

    /** Payments of each encounter (by encounter row id, as text), in payment order. */
    paymentsByEncounterId: createGroupLoader<PaymentModel>(
      (encounterIds) =>
        db.query(
          `SELECT ${PAYMENT_COLUMNS}
           FROM health.payment t JOIN health.encounter e ON e.id = t.encounter_id
           WHERE t.encounter_id = ANY($1::int[])
             AND ${consentCondition({ personalColumn: 't.personal_id', facilityColumn: 'e.facility_code', firstParam: 2 })}
           ORDER BY t.paid_at, t.id`,
          [encounterIds, ...consentParams(consent, 'HEALTH_PAYMENTS')],
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
          where: consentCondition({
            personalColumn: 't.personal_id',
            facilityColumn: 't.facility_code',
            firstParam: 5,
          }),
        }),
        [ids, ...pageParams(page), ...consentParams(consent, 'VACCINATIONS')],
      ),
    ),

    /** Vaccinations of each personal ID that the consent rule withheld. */
    vaccinationsWithheld: createCountLoader<null>(unrestricted, (ids) =>
      db.query(
        `SELECT t.personal_id AS "parentKey", count(*)::int AS count FROM health.vaccination t
         WHERE t.personal_id = ANY($1)
           AND ${consentCondition({ personalColumn: 't.personal_id', facilityColumn: 't.facility_code', firstParam: 2 })} IS NOT TRUE
         GROUP BY t.personal_id`,
        [ids, ...consentParams(consent, 'VACCINATIONS')],
      ),
    ),
  };
}

export type HealthLoaders = ReturnType<typeof createHealthLoaders>;
