/**
 * The health sector's write side (schema/health.graphql): a facility records encounters, discharges,
 * payments and vaccinations, for itself only. The facility is the token's `org` (a 5-character code of
 * health.facility); no input field names a facility, so a hospital cannot write for another one, and an encounter of
 * another facility cannot be discharged or billed (FORBIDDEN).
 *
 * Each mutation: input checks that need no data (all problems listed), then, in one transaction (src/lib/mutation.ts,
 * which also handles idempotent retries), the checks against the registries and the write. The payload carries the
 * rows as the loaders read them (same columns), so the sector's read resolvers serve the nested fields.
 */
import type { GatewayContext } from '../../context.ts';
import type { DatabaseTransaction } from '../../db/database.ts';
import type {
  DischargeEncounterInput,
  RecordEncounterInput,
  RecordPaymentInput,
  RecordVaccinationInput,
  Resolvers,
} from '../../generated/graphql.ts';
import {
  checkCitizens,
  conflict,
  forbidden,
  ICD10_CODE,
  InputProblems,
  invalidInputOf,
  isFutureDate,
  isFutureInstant,
  normaliseInstant,
  parseWholeVnd,
  textProblem,
  vietnamDate,
} from '../../lib/input.ts';
import { runMutation } from '../../lib/mutation.ts';
import { ENCOUNTER_COLUMNS, PAYMENT_COLUMNS, VACCINATION_COLUMNS } from './loaders.ts';
import type {
  EncounterModel,
  PaymentModel,
  RecordEncounterPayloadModel,
  RecordPaymentPayloadModel,
  RecordVaccinationPayloadModel,
  VaccinationModel,
} from './mappers.ts';

/** The facility's own key of an encounter (the seed's look like `37001-20260115-000000042`). */
const ENCOUNTER_KEY = /^[A-Za-z0-9._-]{1,40}$/;
const MAX_SECONDARY_DIAGNOSES = 20;
const MAX_DOSE_NUMBER = 20;

/** The caller's facility: the token's `org`, which must be a facility of the registry; else FORBIDDEN. */
async function callerFacility(tx: DatabaseTransaction, ctx: GatewayContext): Promise<string> {
  const org = ctx.principal.org;
  const rows =
    org === undefined
      ? []
      : await tx.query<{ code: string }>(`SELECT code FROM health.facility WHERE code = $1`, [org]);
  const facility = rows[0]?.code;
  if (facility === undefined) {
    throw forbidden(
      `Health data is recorded by a facility for itself: this token's org (${org ?? 'none'}) is not a facility code of the registry`,
    );
  }
  return facility;
}

interface EncounterRow {
  id: number;
  facilityCode: string;
  personalId: string;
  admittedAt: string;
  dischargedAt: string | null;
}

/**
 * The encounter with this key, locked for the rest of the transaction (a discharge and a payment must see the same
 * admission); BAD_USER_INPUT (with the other problems found) when there is none, FORBIDDEN when another facility
 * recorded it.
 */
async function ownEncounter(
  tx: DatabaseTransaction,
  problems: InputProblems,
  facility: string,
  encounterKey: string,
  field: string,
): Promise<EncounterRow> {
  const [row] = await tx.query<EncounterRow>(
    `SELECT id, facility_code AS "facilityCode", personal_id AS "personalId",
       to_char(admitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "admittedAt",
       to_char(discharged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "dischargedAt"
     FROM health.encounter WHERE encounter_key = $1 FOR UPDATE`,
    [encounterKey],
  );
  if (row === undefined) {
    problems.add(field, 'no encounter with this key');
    throw invalidInputOf(problems);
  }
  if (row.facilityCode !== facility) {
    throw forbidden(
      `Encounter ${encounterKey} was recorded by another facility; a facility writes only its own`,
      field,
    );
  }
  return row;
}

async function readEncounter(tx: DatabaseTransaction, id: number): Promise<EncounterModel> {
  const [row] = await tx.query<EncounterModel>(`SELECT ${ENCOUNTER_COLUMNS} FROM health.encounter t WHERE t.id = $1`, [
    id,
  ]);
  return row as EncounterModel;
}

function checkDiagnoses(problems: InputProblems, input: RecordEncounterInput): string[] {
  if (!ICD10_CODE.test(input.principalDiagnosis)) {
    problems.add('input.principalDiagnosis', 'not an ICD-10 code (e.g. J18.9)');
  }
  const secondary = input.secondaryDiagnoses ?? [];
  if (secondary.length > MAX_SECONDARY_DIAGNOSES) {
    problems.add('input.secondaryDiagnoses', `at most ${MAX_SECONDARY_DIAGNOSES} codes`);
  }
  const seen = new Set<string>();
  secondary.forEach((code, index) => {
    const field = `input.secondaryDiagnoses[${index}]`;
    if (!ICD10_CODE.test(code)) problems.add(field, 'not an ICD-10 code (e.g. J18.9)');
    else if (code === input.principalDiagnosis) problems.add(field, 'is the principal diagnosis');
    else if (seen.has(code)) problems.add(field, 'listed twice');
    seen.add(code);
  });
  return secondary;
}

async function recordEncounter(ctx: GatewayContext, input: RecordEncounterInput): Promise<RecordEncounterPayloadModel> {
  const problems = new InputProblems();
  if (!ENCOUNTER_KEY.test(input.encounterKey)) {
    problems.add('input.encounterKey', 'must be 1-40 letters, digits, ".", "_" or "-"');
  }
  if (isFutureInstant(input.admittedAt)) problems.add('input.admittedAt', 'is in the future');
  const dischargedAt = input.dischargedAt ?? null;
  if (dischargedAt !== null) {
    if (Date.parse(dischargedAt) <= Date.parse(input.admittedAt)) {
      problems.add('input.dischargedAt', 'must be after input.admittedAt');
    } else if (isFutureInstant(dischargedAt)) {
      problems.add('input.dischargedAt', 'is in the future');
    }
  }
  const secondary = checkDiagnoses(problems, input);

  return runMutation(
    {
      ctx,
      mutation: 'recordEncounter',
      input,
      onUniqueViolation: {
        encounter_encounter_key_key: () =>
          conflict(`Encounter ${input.encounterKey} is already recorded`, 'input.encounterKey'),
      },
    },
    async (tx) => {
      const facility = await callerFacility(tx, ctx);
      const citizens = await checkCitizens(tx, problems, [{ field: 'input.personalId', personalId: input.personalId }]);
      const patient = citizens.get(input.personalId);
      if (patient !== undefined && vietnamDate(input.admittedAt) < patient.dateOfBirth) {
        problems.add('input.admittedAt', `is before the patient's birth (${patient.dateOfBirth})`);
      }
      problems.throwIfAny();
      const existing = await tx.query(`SELECT 1 FROM health.encounter WHERE encounter_key = $1`, [input.encounterKey]);
      if (existing.length > 0)
        throw conflict(`Encounter ${input.encounterKey} is already recorded`, 'input.encounterKey');

      const [inserted] = await tx.query<{ id: number }>(
        `INSERT INTO health.encounter (encounter_key, personal_id, facility_code, type, admitted_at, discharged_at,
           principal_diagnosis, secondary_diagnoses)
         VALUES ($1, $2, $3, $4::health."EncounterType", $5, $6, $7, $8::text[]) RETURNING id`,
        [
          input.encounterKey,
          input.personalId,
          facility,
          input.type,
          normaliseInstant(input.admittedAt),
          dischargedAt === null ? null : normaliseInstant(dischargedAt),
          input.principalDiagnosis,
          secondary,
        ],
      );
      return { personalId: input.personalId, encounter: await readEncounter(tx, (inserted as { id: number }).id) };
    },
  );
}

async function dischargeEncounter(
  ctx: GatewayContext,
  input: DischargeEncounterInput,
): Promise<RecordEncounterPayloadModel> {
  const problems = new InputProblems();
  if (isFutureInstant(input.dischargedAt)) problems.add('input.dischargedAt', 'is in the future');
  return runMutation({ ctx, mutation: 'dischargeEncounter', input }, async (tx) => {
    const facility = await callerFacility(tx, ctx);
    const encounter = await ownEncounter(tx, problems, facility, input.encounterKey, 'input.encounterKey');
    if (encounter.dischargedAt !== null) {
      throw conflict(
        `Encounter ${input.encounterKey} was already discharged at ${encounter.dischargedAt}`,
        'input.encounterKey',
      );
    }
    if (Date.parse(input.dischargedAt) <= Date.parse(encounter.admittedAt)) {
      problems.add('input.dischargedAt', `must be after the admission (${encounter.admittedAt})`);
    }
    problems.throwIfAny();
    await tx.query(`UPDATE health.encounter SET discharged_at = $2 WHERE id = $1`, [
      encounter.id,
      normaliseInstant(input.dischargedAt),
    ]);
    return { personalId: encounter.personalId, encounter: await readEncounter(tx, encounter.id) };
  });
}

async function recordPayment(ctx: GatewayContext, input: RecordPaymentInput): Promise<RecordPaymentPayloadModel> {
  const problems = new InputProblems();
  const amount = parseWholeVnd(input.amountVnd);
  const insurance = parseWholeVnd(input.insuranceVnd);
  if (amount === undefined) problems.add('input.amountVnd', 'must be a whole number of VND, 0 or more');
  if (insurance === undefined) problems.add('input.insuranceVnd', 'must be a whole number of VND, 0 or more');
  else if (amount !== undefined && insurance > amount) problems.add('input.insuranceVnd', 'exceeds input.amountVnd');
  if (isFutureInstant(input.paidAt)) problems.add('input.paidAt', 'is in the future');
  return runMutation({ ctx, mutation: 'recordPayment', input }, async (tx) => {
    const facility = await callerFacility(tx, ctx);
    const encounter = await ownEncounter(tx, problems, facility, input.encounterKey, 'input.encounterKey');
    if (Date.parse(input.paidAt) < Date.parse(encounter.admittedAt)) {
      problems.add('input.paidAt', `is before the admission (${encounter.admittedAt})`);
    }
    problems.throwIfAny();
    const [inserted] = await tx.query<{ id: number }>(
      `INSERT INTO health.payment (encounter_id, personal_id, amount_vnd, insurance_vnd, cashless, paid_at)
       VALUES ($1, $2, $3::bigint, $4::bigint, $5, $6) RETURNING id`,
      [
        encounter.id,
        encounter.personalId,
        String(amount),
        String(insurance),
        input.cashless,
        normaliseInstant(input.paidAt),
      ],
    );
    const [payment] = await tx.query<PaymentModel>(
      `SELECT ${PAYMENT_COLUMNS} FROM health.payment t JOIN health.encounter e ON e.id = t.encounter_id WHERE t.id = $1`,
      [(inserted as { id: number }).id],
    );
    return { personalId: encounter.personalId, payment: payment as PaymentModel };
  });
}

async function recordVaccination(
  ctx: GatewayContext,
  input: RecordVaccinationInput,
): Promise<RecordVaccinationPayloadModel> {
  const problems = new InputProblems();
  const vaccineProblem = textProblem(input.vaccine, 200);
  if (vaccineProblem !== undefined) problems.add('input.vaccine', vaccineProblem);
  if (!Number.isInteger(input.doseNumber) || input.doseNumber < 1 || input.doseNumber > MAX_DOSE_NUMBER) {
    problems.add('input.doseNumber', `must be between 1 and ${MAX_DOSE_NUMBER}`);
  }
  if (isFutureDate(input.administeredOn)) problems.add('input.administeredOn', 'is in the future');
  return runMutation({ ctx, mutation: 'recordVaccination', input }, async (tx) => {
    const facility = await callerFacility(tx, ctx);
    const citizens = await checkCitizens(tx, problems, [{ field: 'input.personalId', personalId: input.personalId }]);
    const citizen = citizens.get(input.personalId);
    if (citizen !== undefined && input.administeredOn < citizen.dateOfBirth) {
      problems.add('input.administeredOn', `is before the citizen's birth (${citizen.dateOfBirth})`);
    }
    problems.throwIfAny();
    const [inserted] = await tx.query<{ id: number }>(
      `INSERT INTO health.vaccination (personal_id, vaccine, dose_number, administered_on, facility_code)
       VALUES ($1, $2, $3, $4::date, $5) RETURNING id`,
      [input.personalId, input.vaccine.trim(), input.doseNumber, input.administeredOn, facility],
    );
    const [vaccination] = await tx.query<VaccinationModel>(
      `SELECT ${VACCINATION_COLUMNS} FROM health.vaccination t WHERE t.id = $1`,
      [(inserted as { id: number }).id],
    );
    return { personalId: input.personalId, vaccination: vaccination as VaccinationModel };
  });
}

export const healthWriteResolvers: Resolvers = {
  Mutation: {
    recordEncounter: (_parent, { input }, ctx) => recordEncounter(ctx, input),
    dischargeEncounter: (_parent, { input }, ctx) => dischargeEncounter(ctx, input),
    recordPayment: (_parent, { input }, ctx) => recordPayment(ctx, input),
    recordVaccination: (_parent, { input }, ctx) => recordVaccination(ctx, input),
  },
};
