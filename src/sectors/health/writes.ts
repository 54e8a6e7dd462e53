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
  EncounterBatchEntry,
  RecordEncounterBatchInput,
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
  refusedEntries,
  textProblem,
  type InputProblem,
  vietnamDate,
} from '../../lib/input.ts';
import { runMutation } from '../../lib/mutation.ts';
import { ENCOUNTER_COLUMNS, PAYMENT_COLUMNS, VACCINATION_COLUMNS } from './loaders.ts';
import type {
  EncounterBatchResultModel,
  EncounterModel,
  PaymentBatchResultModel,
  PaymentModel,
  RecordEncounterBatchPayloadModel,
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

/** The fields of one encounter, as `recordEncounter` and each entry of `recordEncounterBatch` carry them. */
type EncounterFields = Omit<RecordEncounterInput, 'idempotencyKey'>;
/** The fields of one payment, as `recordPayment` and each payment of a batch entry carry them. */
type PaymentFields = Pick<RecordPaymentInput, 'amountVnd' | 'insuranceVnd' | 'cashless' | 'paidAt'>;

interface PaymentAmounts {
  amount: bigint;
  insurance: bigint;
}

/** The checks of one encounter that need no data, its problems under `path` (`input`, `input.encounters[2]`). */
function checkEncounterFields(problems: InputProblems, path: string, input: EncounterFields): string[] {
  if (!ENCOUNTER_KEY.test(input.encounterKey)) {
    problems.add(`${path}.encounterKey`, 'must be 1-40 letters, digits, ".", "_" or "-"');
  }
  if (isFutureInstant(input.admittedAt)) problems.add(`${path}.admittedAt`, 'is in the future');
  const dischargedAt = input.dischargedAt ?? null;
  if (dischargedAt !== null) {
    if (Date.parse(dischargedAt) <= Date.parse(input.admittedAt)) {
      problems.add(`${path}.dischargedAt`, `must be after ${path}.admittedAt`);
    } else if (isFutureInstant(dischargedAt)) {
      problems.add(`${path}.dischargedAt`, 'is in the future');
    }
  }
  if (!ICD10_CODE.test(input.principalDiagnosis)) {
    problems.add(`${path}.principalDiagnosis`, 'not an ICD-10 code (e.g. J18.9)');
  }
  const secondary = input.secondaryDiagnoses ?? [];
  if (secondary.length > MAX_SECONDARY_DIAGNOSES) {
    problems.add(`${path}.secondaryDiagnoses`, `at most ${MAX_SECONDARY_DIAGNOSES} codes`);
  }
  const seen = new Set<string>();
  secondary.forEach((code, index) => {
    const field = `${path}.secondaryDiagnoses[${index}]`;
    if (!ICD10_CODE.test(code)) problems.add(field, 'not an ICD-10 code (e.g. J18.9)');
    else if (code === input.principalDiagnosis) problems.add(field, 'is the principal diagnosis');
    else if (seen.has(code)) problems.add(field, 'listed twice');
    seen.add(code);
  });
  return secondary;
}

/** The checks of one payment that need no data; its amounts when they are valid. */
function checkPaymentFields(problems: InputProblems, path: string, input: PaymentFields): PaymentAmounts | undefined {
  const amount = parseWholeVnd(input.amountVnd);
  const insurance = parseWholeVnd(input.insuranceVnd);
  if (amount === undefined) problems.add(`${path}.amountVnd`, 'must be a whole number of VND, 0 or more');
  if (insurance === undefined) problems.add(`${path}.insuranceVnd`, 'must be a whole number of VND, 0 or more');
  else if (amount !== undefined && insurance > amount) {
    problems.add(`${path}.insuranceVnd`, `exceeds ${path}.amountVnd`);
  }
  if (isFutureInstant(input.paidAt)) problems.add(`${path}.paidAt`, 'is in the future');
  return amount === undefined || insurance === undefined ? undefined : { amount, insurance };
}

/** The patients must be in the registry, and admitted on or after their birth. */
async function checkPatients(
  tx: DatabaseTransaction,
  problems: InputProblems,
  entries: readonly { path: string; input: EncounterFields }[],
): Promise<void> {
  const citizens = await checkCitizens(
    tx,
    problems,
    entries.map(({ path, input }) => ({ field: `${path}.personalId`, personalId: input.personalId })),
  );
  for (const { path, input } of entries) {
    const patient = citizens.get(input.personalId);
    if (patient !== undefined && vietnamDate(input.admittedAt) < patient.dateOfBirth) {
      problems.add(`${path}.admittedAt`, `is before the patient's birth (${patient.dateOfBirth})`);
    }
  }
}

async function insertEncounter(
  tx: DatabaseTransaction,
  facility: string,
  input: EncounterFields,
  secondary: readonly string[],
): Promise<EncounterModel> {
  const dischargedAt = input.dischargedAt ?? null;
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
  return readEncounter(tx, (inserted as { id: number }).id);
}

async function insertPayment(
  tx: DatabaseTransaction,
  encounter: { id: number; personalId: string },
  amounts: PaymentAmounts,
  input: PaymentFields,
): Promise<PaymentModel> {
  const [inserted] = await tx.query<{ id: number }>(
    `INSERT INTO health.payment (encounter_id, personal_id, amount_vnd, insurance_vnd, cashless, paid_at)
     VALUES ($1, $2, $3::bigint, $4::bigint, $5, $6) RETURNING id`,
    [
      encounter.id,
      encounter.personalId,
      String(amounts.amount),
      String(amounts.insurance),
      input.cashless,
      normaliseInstant(input.paidAt),
    ],
  );
  const [payment] = await tx.query<PaymentModel>(
    `SELECT ${PAYMENT_COLUMNS} FROM health.payment t JOIN health.encounter e ON e.id = t.encounter_id WHERE t.id = $1`,
    [(inserted as { id: number }).id],
  );
  return payment as PaymentModel;
}

async function recordEncounter(ctx: GatewayContext, input: RecordEncounterInput): Promise<RecordEncounterPayloadModel> {
  const problems = new InputProblems();
  const secondary = checkEncounterFields(problems, 'input', input);
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
      await checkPatients(tx, problems, [{ path: 'input', input }]);
      problems.throwIfAny();
      const existing = await tx.query(`SELECT 1 FROM health.encounter WHERE encounter_key = $1`, [input.encounterKey]);
      if (existing.length > 0)
        throw conflict(`Encounter ${input.encounterKey} is already recorded`, 'input.encounterKey');
      return { personalId: input.personalId, encounter: await insertEncounter(tx, facility, input, secondary) };
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
  const amounts = checkPaymentFields(problems, 'input', input);
  return runMutation({ ctx, mutation: 'recordPayment', input }, async (tx) => {
    const facility = await callerFacility(tx, ctx);
    const encounter = await ownEncounter(tx, problems, facility, input.encounterKey, 'input.encounterKey');
    if (Date.parse(input.paidAt) < Date.parse(encounter.admittedAt)) {
      problems.add('input.paidAt', `is before the admission (${encounter.admittedAt})`);
    }
    problems.throwIfAny();
    return {
      personalId: encounter.personalId,
      payment: await insertPayment(tx, encounter, amounts as PaymentAmounts, input),
    }; // valid: no problems
  });
}

// ───────────── batches: several encounters and their payments in one transaction ─────────────

const MAX_BATCH_ENCOUNTERS = 50;
const MAX_PAYMENTS_PER_ENCOUNTER = 20;

/**
 * What identifies a payment of an encounter in a batch (it has no key of its own): its amounts, method and instant.
 * A batch sent again matches the payments it wrote; a payment with other values is a new one.
 */
function paymentIdentity(amounts: PaymentAmounts, input: PaymentFields): string {
  return `${amounts.amount}|${amounts.insurance}|${input.cashless}|${normaliseInstant(input.paidAt)}`;
}

function storedPaymentIdentity(payment: PaymentModel): string {
  return `${payment.amountVnd}|${payment.insuranceVnd}|${payment.cashless}|${payment.paidAt}`;
}

/** The fields of an encounter recorded before that differ from the entry (none: the entry is that encounter). */
function differingFields(stored: EncounterModel, input: EncounterFields, secondary: readonly string[]): string[] {
  const dischargedAt = input.dischargedAt ?? null;
  const differing: string[] = [];
  if (stored.personalId !== input.personalId) differing.push('personalId');
  if (stored.type !== input.type) differing.push('type');
  if (stored.admittedAt !== normaliseInstant(input.admittedAt)) differing.push('admittedAt');
  if (stored.dischargedAt !== (dischargedAt === null ? null : normaliseInstant(dischargedAt))) {
    differing.push('dischargedAt');
  }
  if (stored.principalDiagnosisCode !== input.principalDiagnosis) differing.push('principalDiagnosis');
  if ((stored.secondaryDiagnosisCodes ?? []).join(' ') !== secondary.join(' ')) differing.push('secondaryDiagnoses');
  return differing;
}

interface CheckedEntry {
  readonly path: string;
  readonly input: EncounterBatchEntry;
  readonly secondary: readonly string[];
  readonly payments: readonly { input: PaymentFields; amounts: PaymentAmounts | undefined }[];
}

/**
 * The batch: each entry checked as `recordEncounter` and `recordPayment` check theirs (the same functions), plus the
 * batch's own rules (distinct keys, distinct payments, a payment not before its admission), all problems at once.
 * Then in ONE transaction (src/lib/mutation.ts: idempotency key, audit record per patient): the registry checks, the
 * encounters already recorded (locked), and the writes. An entry whose key is recorded with the same content is
 * EXISTING (a FHIR `If-None-Exist` match): its payments are matched by content and only the others are added; with
 * other content, or at another facility, the whole batch is refused (CONFLICT, FORBIDDEN), every such entry listed.
 */
async function recordEncounterBatch(
  ctx: GatewayContext,
  input: RecordEncounterBatchInput,
): Promise<RecordEncounterBatchPayloadModel> {
  const problems = new InputProblems();
  if (input.encounters.length === 0) problems.add('input.encounters', 'at least one encounter');
  if (input.encounters.length > MAX_BATCH_ENCOUNTERS) {
    problems.add('input.encounters', `at most ${MAX_BATCH_ENCOUNTERS} encounters`);
  }
  const firstWithKey = new Map<string, string>();
  const entries: CheckedEntry[] = input.encounters.map((entry, index) => {
    const path = `input.encounters[${index}]`;
    const secondary = checkEncounterFields(problems, path, entry);
    const earlier = firstWithKey.get(entry.encounterKey);
    if (earlier !== undefined) problems.add(`${path}.encounterKey`, `same key as ${earlier}`);
    else firstWithKey.set(entry.encounterKey, path);
    const payments = entry.payments ?? [];
    if (payments.length > MAX_PAYMENTS_PER_ENCOUNTER) {
      problems.add(`${path}.payments`, `at most ${MAX_PAYMENTS_PER_ENCOUNTER} payments`);
    }
    const seen = new Set<string>();
    return {
      path,
      input: entry,
      secondary,
      payments: payments.map((payment, number) => {
        const paymentPath = `${path}.payments[${number}]`;
        const amounts = checkPaymentFields(problems, paymentPath, payment);
        if (Date.parse(payment.paidAt) < Date.parse(entry.admittedAt)) {
          problems.add(`${paymentPath}.paidAt`, `is before ${path}.admittedAt`);
        }
        if (amounts !== undefined) {
          const identity = paymentIdentity(amounts, payment);
          if (seen.has(identity)) problems.add(paymentPath, 'listed twice (same amounts, method and time)');
          seen.add(identity);
        }
        return { input: payment, amounts };
      }),
    };
  });

  return runMutation(
    {
      ctx,
      mutation: 'recordEncounterBatch',
      input,
      // A retry with the same key writes nothing: it answers what it finds, every entry EXISTING (as a batch sent
      // again without the key would be), the stored rows unchanged.
      replayed: (stored) => ({
        ...stored,
        encounters: stored.encounters.map((result) => ({
          ...result,
          outcome: 'EXISTING',
          payments: result.payments.map((payment) => ({ ...payment, outcome: 'EXISTING' })),
        })),
      }),
      onUniqueViolation: {
        encounter_encounter_key_key: () =>
          conflict('An encounter of the batch was recorded by a concurrent request; send the batch again', 'input'),
      },
    },
    async (tx) => {
      const facility = await callerFacility(tx, ctx);
      await checkPatients(tx, problems, entries);
      problems.throwIfAny();

      const recorded = await tx.query<EncounterModel>(
        `SELECT ${ENCOUNTER_COLUMNS} FROM health.encounter t WHERE t.encounter_key = ANY($1::text[]) FOR UPDATE`,
        [entries.map((entry) => entry.input.encounterKey)],
      );
      const byKey = new Map(recorded.map((row) => [row.encounterKey, row]));
      const foreign: InputProblem[] = [];
      const conflicting: InputProblem[] = [];
      for (const entry of entries) {
        const stored = byKey.get(entry.input.encounterKey);
        if (stored === undefined) continue;
        if (stored.facilityCode !== facility) {
          foreign.push({
            field: `${entry.path}.encounterKey`,
            reason: `encounter ${stored.encounterKey} was recorded by another facility; a facility writes only its own`,
          });
          continue;
        }
        const differing = differingFields(stored, entry.input, entry.secondary);
        if (differing.length > 0) {
          conflicting.push({
            field: `${entry.path}.encounterKey`,
            reason: `encounter ${stored.encounterKey} is already recorded with another ${differing.join(', ')}`,
          });
        }
      }
      if (foreign.length > 0) throw refusedEntries('FORBIDDEN', foreign);
      if (conflicting.length > 0) throw refusedEntries('CONFLICT', conflicting);

      const storedPayments =
        recorded.length === 0
          ? []
          : await tx.query<PaymentModel>(
              `SELECT ${PAYMENT_COLUMNS} FROM health.payment t JOIN health.encounter e ON e.id = t.encounter_id
               WHERE t.encounter_id = ANY($1::int[]) ORDER BY t.id`,
              [recorded.map((row) => row.id)],
            );
      const results: EncounterBatchResultModel[] = [];
      for (const entry of entries) {
        const stored = byKey.get(entry.input.encounterKey);
        const encounter = stored ?? (await insertEncounter(tx, facility, entry.input, entry.secondary));
        const unmatched = storedPayments.filter((payment) => payment.encounterId === encounter.id);
        const payments: PaymentBatchResultModel[] = [];
        for (const payment of entry.payments) {
          const amounts = payment.amounts as PaymentAmounts; // checked above: problems.throwIfAny()
          const identity = paymentIdentity(amounts, payment.input);
          const match = unmatched.findIndex((row) => storedPaymentIdentity(row) === identity);
          if (match >= 0) {
            payments.push({ outcome: 'EXISTING', payment: unmatched.splice(match, 1)[0] as PaymentModel });
          } else {
            payments.push({ outcome: 'CREATED', payment: await insertPayment(tx, encounter, amounts, payment.input) });
          }
        }
        results.push({
          encounterKey: encounter.encounterKey,
          outcome: stored === undefined ? 'CREATED' : 'EXISTING',
          encounter,
          payments,
        });
      }
      return { personalIds: [...new Set(entries.map((entry) => entry.input.personalId))], encounters: results };
    },
  );
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
    recordEncounterBatch: (_parent, { input }, ctx) => recordEncounterBatch(ctx, input),
    recordVaccination: (_parent, { input }, ctx) => recordVaccination(ctx, input),
  },
};
