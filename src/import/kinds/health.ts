/**
 * Health records for bulk import: encounters (a facility's admissions and visits) and vaccinations. Same rules as the
 * write mutations (src/sectors/health/writes.ts), except that the facility is a field of each row: a bulk load comes
 * from the provincial health department's systems, not from one facility's token.
 */
import { copyText, copyTextArray, NULL } from '../../seed/format.ts';
import { ICD10_CODE } from '../../lib/input.ts';
import { isoInstant, vietnamDateOf } from '../fields.ts';
import {
  citizenOf,
  COUNT_WRITES,
  defineKind,
  lookupCitizens,
  type Candidate,
  type Lookups,
  type Queryable,
} from '../kind.ts';
import { personalIdField } from './common.ts';

const ENCOUNTER_TYPES = ['OUTPATIENT', 'INPATIENT', 'EMERGENCY', 'DAY_CARE'] as const;
/** The facility's own key of an encounter (as in the recordEncounter mutation). */
const ENCOUNTER_KEY = /^[A-Za-z0-9._-]{1,40}$/;
const FACILITY_CODE = /^[0-9A-Z]{5}$/;
const MAX_SECONDARY_DIAGNOSES = 20;
const MAX_DOSE_NUMBER = 20;
const ICD10_REASON = 'not an ICD-10 code (e.g. J18.9)';

interface Encounter {
  encounterKey: string;
  personalId: string;
  facilityCode: string;
  type: string;
  admittedAt: number;
  dischargedAt: number | null;
  principalDiagnosis: string;
  secondaryDiagnoses: string[];
}

/**
 * The checks an encounter and a vaccination share against the registries: the patient is a current citizen, the
 * event's (Vietnamese calendar) date is not before their birth, and the facility exists.
 */
async function checkPatientAndFacility<Row extends { personalId: string; facilityCode: string }>(
  db: Queryable,
  batch: readonly Candidate<Row>[],
  lookups: Lookups,
  dateField: string,
  eventDate: (row: Row) => string,
  /** Who the message names, as the matching mutation does: "patient" (encounters) or "citizen" (vaccinations). */
  person: 'patient' | 'citizen',
): Promise<void> {
  const citizens = await lookupCitizens(
    db,
    batch.map((c) => c.row.personalId),
  );
  const facility = await lookups.facilities.resolve(
    db,
    batch.map((c) => c.row.facilityCode),
  );
  for (const candidate of batch) {
    const { row } = candidate;
    const patient = citizenOf(citizens, candidate, 'personalId', row.personalId);
    if (patient !== undefined && eventDate(row) < patient.dateOfBirth) {
      candidate.problems.push({ field: dateField, reason: `is before the ${person}'s birth (${patient.dateOfBirth})` });
    }
    if (facility(row.facilityCode) === undefined) {
      candidate.problems.push({ field: 'facilityCode', reason: 'no health facility with this code' });
    }
  }
}

export const encounters = defineKind<Encounter>({
  sector: 'health',
  name: 'encounters',
  table: 'health.encounter',
  summary: 'encounters (visits, admissions) recorded by health facilities',
  fields: [
    { name: 'encounterKey', type: 'text', required: true, doc: "the facility's key, 1-40 of A-Z a-z 0-9 . _ -" },
    { name: 'personalId', type: 'text', required: true, doc: "the patient's 12-digit personal ID" },
    { name: 'facilityCode', type: 'text', required: true, doc: '5-character code of health.facility' },
    { name: 'type', type: ENCOUNTER_TYPES.join('|'), required: true, doc: '' },
    { name: 'admittedAt', type: 'instant', required: true, doc: 'not in the future, not before the birth' },
    { name: 'dischargedAt', type: 'instant', required: false, doc: 'after admittedAt' },
    { name: 'principalDiagnosis', type: 'text', required: true, doc: 'ICD-10 code, e.g. J18.9' },
    {
      name: 'secondaryDiagnoses',
      type: 'list',
      required: false,
      doc: `ICD-10 codes (at most ${MAX_SECONDARY_DIAGNOSES}, no repeats, not the principal one)`,
    },
  ],
  rules: [
    'personalId in core.citizen (a re-issued ID is refused: use the current one); admittedAt not before the birth',
    'facilityCode in health.facility',
  ],
  naturalKey: 'encounterKey',
  onExisting:
    'unchanged; if the stored encounter has no dischargedAt and the row has one (same patient, facility and admission), it is filled in ("completed")',
  parse(r) {
    const encounterKey = r.code('encounterKey', ENCOUNTER_KEY, 'must be 1-40 letters, digits, ".", "_" or "-"', {
      required: true,
    });
    const personalId = personalIdField(r, 'personalId', true);
    const facilityCode = r.code('facilityCode', FACILITY_CODE, 'must be a 5-character facility code', {
      required: true,
    });
    const type = r.oneOf('type', ENCOUNTER_TYPES, { required: true });
    const admittedAt = r.instant('admittedAt', { required: true });
    const dischargedAt = r.instant('dischargedAt');
    if (admittedAt !== undefined && dischargedAt !== undefined && dischargedAt <= admittedAt) {
      r.problem('dischargedAt', 'must be after admittedAt');
    }
    const principalDiagnosis = r.code('principalDiagnosis', ICD10_CODE, ICD10_REASON, { required: true });
    const secondary = r.list('secondaryDiagnoses') ?? [];
    if (secondary.length > MAX_SECONDARY_DIAGNOSES) {
      r.problem('secondaryDiagnoses', `at most ${MAX_SECONDARY_DIAGNOSES} codes`);
    }
    const seen = new Set<string>();
    secondary.forEach((code, index) => {
      const field = `secondaryDiagnoses[${index}]`;
      if (!ICD10_CODE.test(code)) r.problem(field, ICD10_REASON);
      else if (code === principalDiagnosis) r.problem(field, 'is the principal diagnosis');
      else if (seen.has(code)) r.problem(field, 'listed twice');
      seen.add(code);
    });
    if (r.problems.length > 0) return undefined;
    return {
      encounterKey: encounterKey as string,
      personalId: personalId as string,
      facilityCode: facilityCode as string,
      type: type as string,
      admittedAt: admittedAt as number,
      dischargedAt: dischargedAt ?? null,
      principalDiagnosis: principalDiagnosis as string,
      secondaryDiagnoses: secondary,
    };
  },
  check: (db, batch, lookups) =>
    checkPatientAndFacility(db, batch, lookups, 'admittedAt', (row) => vietnamDateOf(row.admittedAt), 'patient'),
  stagingColumns: [
    ['encounter_key', 'varchar(40)'],
    ['personal_id', 'char(12)'],
    ['facility_code', 'char(5)'],
    ['type', 'health."EncounterType"'],
    ['admitted_at', 'timestamptz(3)'],
    ['discharged_at', 'timestamptz(3)'],
    ['principal_diagnosis', 'varchar(8)'],
    ['secondary_diagnoses', 'text[]'],
  ],
  copyFields: (row) =>
    `${row.encounterKey}\t${row.personalId}\t${row.facilityCode}\t${row.type}\t${isoInstant(row.admittedAt)}\t${
      row.dischargedAt === null ? NULL : isoInstant(row.dischargedAt)
    }\t${row.principalDiagnosis}\t${copyTextArray(row.secondaryDiagnoses)}`,
  insertStatements: (filter) => [
    `WITH w AS (
       INSERT INTO health.encounter AS t (encounter_key, personal_id, facility_code, type, admitted_at, discharged_at,
         principal_diagnosis, secondary_diagnoses)
       SELECT DISTINCT ON (s.encounter_key) s.encounter_key, s.personal_id, s.facility_code, s.type, s.admitted_at,
         s.discharged_at, s.principal_diagnosis, s.secondary_diagnoses
       FROM import_stage s WHERE TRUE ${filter}
       ORDER BY s.encounter_key, s.discharged_at IS NULL, s.line
       ON CONFLICT (encounter_key) DO UPDATE SET discharged_at = EXCLUDED.discharged_at
         WHERE t.discharged_at IS NULL AND EXCLUDED.discharged_at IS NOT NULL AND t.personal_id = EXCLUDED.personal_id
           AND t.facility_code = EXCLUDED.facility_code AND t.admitted_at = EXCLUDED.admitted_at
       RETURNING (t.xmax = 0) AS inserted)
     ${COUNT_WRITES}`,
  ],
  existingStatement: `SELECT count(*)::int AS n FROM import_stage s
    WHERE EXISTS (SELECT 1 FROM health.encounter t WHERE t.encounter_key = s.encounter_key)`,
});

interface Vaccination {
  personalId: string;
  vaccine: string;
  doseNumber: number;
  administeredOn: string;
  facilityCode: string;
}

export const vaccinations = defineKind<Vaccination>({
  sector: 'health',
  name: 'vaccinations',
  table: 'health.vaccination',
  summary: 'vaccinations given by health facilities',
  fields: [
    { name: 'personalId', type: 'text', required: true, doc: "the citizen's 12-digit personal ID" },
    { name: 'vaccine', type: 'text', required: true, doc: 'at most 200 characters' },
    { name: 'doseNumber', type: 'integer', required: true, doc: `1-${MAX_DOSE_NUMBER}` },
    { name: 'administeredOn', type: 'date', required: true, doc: 'not in the future, not before the birth' },
    { name: 'facilityCode', type: 'text', required: true, doc: '5-character code of health.facility' },
  ],
  rules: ['personalId in core.citizen; facilityCode in health.facility'],
  naturalKey: 'personalId + vaccine + doseNumber + administeredOn',
  onExisting: 'unchanged',
  parse(r) {
    const personalId = personalIdField(r, 'personalId', true);
    const vaccine = r.text('vaccine', 200, { required: true });
    const doseNumber = r.integer('doseNumber', 1, MAX_DOSE_NUMBER, { required: true });
    const administeredOn = r.date('administeredOn', { required: true });
    const facilityCode = r.code('facilityCode', FACILITY_CODE, 'must be a 5-character facility code', {
      required: true,
    });
    if (r.problems.length > 0) return undefined;
    return {
      personalId: personalId as string,
      vaccine: vaccine as string,
      doseNumber: doseNumber as number,
      administeredOn: administeredOn as string,
      facilityCode: facilityCode as string,
    };
  },
  check: (db, batch, lookups) =>
    checkPatientAndFacility(db, batch, lookups, 'administeredOn', (row) => row.administeredOn, 'citizen'),
  stagingColumns: [
    ['personal_id', 'char(12)'],
    ['vaccine', 'text'],
    ['dose_number', 'integer'],
    ['administered_on', 'date'],
    ['facility_code', 'char(5)'],
  ],
  copyFields: (row) =>
    `${row.personalId}\t${copyText(row.vaccine)}\t${row.doseNumber}\t${row.administeredOn}\t${row.facilityCode}`,
  insertStatements: (filter) => [
    `WITH w AS (
       INSERT INTO health.vaccination AS t (personal_id, vaccine, dose_number, administered_on, facility_code)
       SELECT s.personal_id, s.vaccine, s.dose_number, s.administered_on, s.facility_code
       FROM import_stage s WHERE TRUE ${filter}
       ORDER BY s.line
       ON CONFLICT (personal_id, vaccine, dose_number, administered_on) DO NOTHING
       RETURNING (t.xmax = 0) AS inserted)
     ${COUNT_WRITES}`,
  ],
  existingStatement: `SELECT count(*)::int AS n FROM import_stage s
    WHERE EXISTS (SELECT 1 FROM health.vaccination t WHERE t.personal_id = s.personal_id AND t.vaccine = s.vaccine
      AND t.dose_number = s.dose_number AND t.administered_on = s.administered_on)`,
});
