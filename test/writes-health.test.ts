/**
 * Health writes through the real gateway (docs/ARCHITECTURE.md §11): a facility records encounters, discharges,
 * payments and vaccinations for itself only (the token's `org`), every rule is checked before anything is written, and
 * the written rows are what the read side then serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway, type Json } from './support/harness.ts';
import { counts, daysAgo, expectBadInput, hoursAgo, RECORD_ENCOUNTER, rejection, uniqueKey } from './support/writes.ts';

let gateway: TestGateway;
let hospital: string; // org 37001
let otherHospital: string; // org 36001
let patient: string;
let patientBirth: string;

const TABLES = ['health.encounter', 'health.payment', 'health.vaccination', 'core.idempotency_key'];

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 60, seed: 7 });
  hospital = await gateway.token('hospital');
  otherHospital = await gateway.token('hospital', { org: '36001', sub: 'his-36001' });
  const [row] = await gateway.db.query<{ personalId: string; birth: string }>(
    `SELECT personal_id AS "personalId", to_char(date_of_birth, 'YYYY-MM-DD') AS birth FROM core.citizen
     WHERE status = 'ALIVE' ORDER BY personal_id LIMIT 1`,
  );
  patient = row?.personalId as string;
  patientBirth = row?.birth as string;
});

afterAll(async () => gateway?.close());

const DISCHARGE = /* GraphQL */ `
  mutation Discharge($input: DischargeEncounterInput!) {
    dischargeEncounter(input: $input) {
      personalId
      encounter {
        encounterKey
        admittedAt
        dischargedAt
      }
    }
  }
`;

const RECORD_PAYMENT = /* GraphQL */ `
  mutation Pay($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      personalId
      payment {
        amountVnd
        insuranceVnd
        patientVnd
        cashless
        paidAt
        encounterKey
      }
    }
  }
`;

const RECORD_VACCINATION = /* GraphQL */ `
  mutation Vaccinate($input: RecordVaccinationInput!) {
    recordVaccination(input: $input) {
      personalId
      vaccination {
        vaccine
        doseNumber
        administeredOn
        facility {
          code
        }
      }
    }
  }
`;

function write(query: string, input: Record<string, unknown>, token = hospital, headers: Record<string, string> = {}) {
  return gateway.graphql<Json>(query, { input }, { token, purpose: 'TREATMENT', headers });
}

function encounterInput(overrides: Record<string, unknown> = {}) {
  return {
    personalId: patient,
    encounterKey: uniqueKey('37001'),
    type: 'INPATIENT',
    admittedAt: hoursAgo(48),
    principalDiagnosis: 'J18.9',
    secondaryDiagnoses: ['I10'],
    ...overrides,
  };
}

describe('recordEncounter', () => {
  it('records an encounter at the caller facility and the read side serves it', async () => {
    const dischargedAt = hoursAgo(2);
    const input = encounterInput({ dischargedAt });
    const response = await write(RECORD_ENCOUNTER, input);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const payload = response.body.data.recordEncounter;
    expect(payload.personalId).toBe(patient);
    expect(payload.encounter).toMatchObject({
      encounterKey: input.encounterKey,
      type: 'INPATIENT',
      admittedAt: input.admittedAt,
      dischargedAt,
      facility: { code: '37001' },
      principalDiagnosis: { code: 'J18.9' },
      secondaryDiagnoses: [{ code: 'I10' }],
    });
    expect(payload.encounter.principalDiagnosis.title).toEqual(expect.any(String));

    const read = await gateway.graphql<Json>(
      `query ($id: PersonalId!) { citizen(personalId: $id) { health { encounters(first: 50) { edges { node { id encounterKey facility { code } } } } } } }`,
      { id: patient },
      { token: hospital, purpose: 'TREATMENT' },
    );
    const nodes = read.body.data.citizen.health.encounters.edges.map((e: Json) => e.node);
    expect(nodes).toContainEqual({
      id: payload.encounter.id,
      encounterKey: input.encounterKey,
      facility: { code: '37001' },
    });
  });

  it('uses the token org as the facility: another hospital records at its own facility', async () => {
    const response = await write(RECORD_ENCOUNTER, encounterInput({ encounterKey: uniqueKey('36001') }), otherHospital);
    expect(response.body.data.recordEncounter.encounter.facility.code).toBe('36001');
  });

  it('has no input field to name another facility', async () => {
    const before = await counts(gateway.db, TABLES);
    const response = await write(RECORD_ENCOUNTER, encounterInput({ facilityCode: '36001' }));
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toContain('facilityCode');
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('refuses a token whose org is not a facility of the registry (FORBIDDEN, HTTP 403)', async () => {
    const police = await gateway.token('residence-police', {
      scopes: ['health:encounters:write', 'health:encounters:read'],
    });
    const before = await counts(gateway.db, TABLES);
    const response = await gateway.graphql<Json>(
      RECORD_ENCOUNTER,
      { input: encounterInput() },
      {
        token: police,
        purpose: 'RESIDENCE_ADMINISTRATION',
      },
    );
    expect(response.status).toBe(403);
    expect(rejection(response).code).toBe('FORBIDDEN');
    expect(response.body.data).toEqual({ recordEncounter: null });
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('lists every problem of the input at once and writes nothing', async () => {
    const before = await counts(gateway.db, TABLES);
    const response = await write(
      RECORD_ENCOUNTER,
      encounterInput({
        encounterKey: 'bad key with spaces',
        admittedAt: hoursAgo(10),
        dischargedAt: hoursAgo(12),
        principalDiagnosis: 'J18.99999',
        secondaryDiagnoses: ['I10', 'x10', 'I10', 'J18.9'],
      }),
    );
    expect(response.status).toBe(200);
    const problems = expectBadInput(response, [
      'input.encounterKey',
      'input.dischargedAt',
      'input.principalDiagnosis',
      'input.secondaryDiagnoses[1]',
      'input.secondaryDiagnoses[2]',
    ]);
    expect(problems.find((p) => p.field === 'input.dischargedAt')?.reason).toMatch(/after input\.admittedAt/);
    expect(response.body.data).toEqual({ recordEncounter: null });
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it.each([
    ['A00', true],
    ['J18.9', true],
    ['E11.65', true],
    ['S72.0012', true],
    ['j18.9', false],
    ['J1', false],
    ['J18.', false],
    ['118.9', false],
    ['J18.12345', false],
  ])('checks the ICD-10 format of %s', async (code, valid) => {
    const response = await write(
      RECORD_ENCOUNTER,
      encounterInput({ principalDiagnosis: code, secondaryDiagnoses: [] }),
    );
    if (valid) {
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.recordEncounter.encounter.principalDiagnosis.code).toBe(code);
    } else {
      expectBadInput(response, ['input.principalDiagnosis']);
    }
  });

  it('refuses an admission in the future or before the patient was born', async () => {
    expectBadInput(await write(RECORD_ENCOUNTER, encounterInput({ admittedAt: hoursAgo(-2) })), ['input.admittedAt']);
    const beforeBirth = `${Number(patientBirth.slice(0, 4)) - 1}${patientBirth.slice(4)}T08:00:00+07:00`;
    const problems = expectBadInput(await write(RECORD_ENCOUNTER, encounterInput({ admittedAt: beforeBirth })), [
      'input.admittedAt',
    ]);
    expect(problems[0]?.reason).toContain(patientBirth);
  });

  it('requires the patient to be in the population registry', async () => {
    const before = await counts(gateway.db, TABLES);
    const problems = expectBadInput(await write(RECORD_ENCOUNTER, encounterInput({ personalId: '037090999999' })), [
      'input.personalId',
    ]);
    expect(problems[0]?.reason).toMatch(/population registry/);
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('rejects a malformed personal ID and an unknown enum value before any resolver runs', async () => {
    const statements = gateway.db.statements.count;
    const malformed = await write(RECORD_ENCOUNTER, encounterInput({ personalId: '12345' }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.personalId' });
    const badEnum = await write(RECORD_ENCOUNTER, encounterInput({ type: 'SURGERY' }));
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.type' });
    expect(gateway.db.statements.count).toBe(statements);
  });

  it('refuses an encounter key already recorded (CONFLICT, HTTP 409)', async () => {
    const input = encounterInput();
    expect((await write(RECORD_ENCOUNTER, input)).body.errors).toBeUndefined();
    const before = await counts(gateway.db, TABLES);
    const again = await write(RECORD_ENCOUNTER, { ...input, admittedAt: hoursAgo(30) });
    expect(again.status).toBe(409);
    expect(rejection(again)).toMatchObject({ code: 'CONFLICT', field: 'input.encounterKey' });
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('needs the write scope: a reader is denied and nothing is written', async () => {
    const insurer = await gateway.token('social-insurance');
    const before = await counts(gateway.db, TABLES);
    const response = await gateway.graphql<Json>(
      RECORD_ENCOUNTER,
      { input: encounterInput() },
      {
        token: insurer,
        purpose: 'INSURANCE',
      },
    );
    expect(rejection(response).code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(response.body.data).toEqual({ recordEncounter: null });
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('writes for a writer without the read scope, who sees the patient but not the encounter', async () => {
    const writer = await gateway.token('hospital', { scopes: ['health:encounters:write'] });
    const input = encounterInput();
    const response = await write(RECORD_ENCOUNTER, input, writer);
    expect(response.body.data.recordEncounter).toEqual({ personalId: patient, encounter: null });
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
    const [row] = await gateway.db.query(`SELECT facility_code FROM health.encounter WHERE encounter_key = $1`, [
      input.encounterKey,
    ]);
    expect(row).toEqual({ facility_code: '37001' });
  });

  it('states a purpose of use: the payload is personal data of the patient', async () => {
    const before = await counts(gateway.db, TABLES);
    const response = await gateway.graphql<Json>(RECORD_ENCOUNTER, { input: encounterInput() }, { token: hospital });
    expect(response.status).toBe(400);
    expect(rejection(response).code).toBe('PURPOSE_REQUIRED');
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });
});

describe('dischargeEncounter', () => {
  it('discharges once, after the admission, at the own facility only', async () => {
    const input = encounterInput({ admittedAt: hoursAgo(30) });
    await write(RECORD_ENCOUNTER, input);

    expectBadInput(await write(DISCHARGE, { encounterKey: input.encounterKey, dischargedAt: hoursAgo(31) }), [
      'input.dischargedAt',
    ]);
    const foreign = await write(
      DISCHARGE,
      { encounterKey: input.encounterKey, dischargedAt: hoursAgo(1) },
      otherHospital,
    );
    expect(foreign.status).toBe(403);
    expect(rejection(foreign)).toMatchObject({ code: 'FORBIDDEN', field: 'input.encounterKey' });

    const dischargedAt = hoursAgo(1);
    const done = await write(DISCHARGE, { encounterKey: input.encounterKey, dischargedAt });
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data.dischargeEncounter).toEqual({
      personalId: patient,
      encounter: { encounterKey: input.encounterKey, admittedAt: input.admittedAt, dischargedAt },
    });

    const twice = await write(DISCHARGE, { encounterKey: input.encounterKey, dischargedAt: hoursAgo(0.5) });
    expect(twice.status).toBe(409);
    expect(rejection(twice).code).toBe('CONFLICT');
    expectBadInput(await write(DISCHARGE, { encounterKey: 'no-such-encounter', dischargedAt: hoursAgo(1) }), [
      'input.encounterKey',
    ]);
  });
});

describe('recordPayment', () => {
  it('records a payment of an own encounter, the patient part computed', async () => {
    const input = encounterInput({ admittedAt: hoursAgo(20) });
    await write(RECORD_ENCOUNTER, input);
    const paidAt = hoursAgo(1);
    const response = await write(RECORD_PAYMENT, {
      encounterKey: input.encounterKey,
      amountVnd: '1250000',
      insuranceVnd: '1000000',
      cashless: true,
      paidAt,
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.recordPayment).toEqual({
      personalId: patient,
      payment: {
        amountVnd: '1250000',
        insuranceVnd: '1000000',
        patientVnd: '250000',
        cashless: true,
        paidAt,
        encounterKey: input.encounterKey,
      },
    });
  });

  it('checks the amounts and the date, all at once', async () => {
    const input = encounterInput({ admittedAt: hoursAgo(20) });
    await write(RECORD_ENCOUNTER, input);
    const before = await counts(gateway.db, TABLES);
    expectBadInput(
      await write(RECORD_PAYMENT, {
        encounterKey: input.encounterKey,
        amountVnd: '1000.50',
        insuranceVnd: '-5',
        cashless: false,
        paidAt: hoursAgo(-1),
      }),
      ['input.amountVnd', 'input.insuranceVnd', 'input.paidAt'],
    );
    expectBadInput(
      await write(RECORD_PAYMENT, {
        encounterKey: input.encounterKey,
        amountVnd: '100000',
        insuranceVnd: '200000',
        cashless: false,
        paidAt: hoursAgo(1),
      }),
      ['input.insuranceVnd'],
    );
    expectBadInput(
      await write(RECORD_PAYMENT, {
        encounterKey: input.encounterKey,
        amountVnd: '100000',
        insuranceVnd: '0',
        cashless: false,
        paidAt: hoursAgo(21),
      }),
      ['input.paidAt'],
    );
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('refuses a payment on another facility encounter (hospital A cannot record at facility B)', async () => {
    const input = encounterInput({ encounterKey: uniqueKey('36001'), admittedAt: hoursAgo(20) });
    await write(RECORD_ENCOUNTER, input, otherHospital);
    const before = await counts(gateway.db, TABLES);
    const response = await write(RECORD_PAYMENT, {
      encounterKey: input.encounterKey,
      amountVnd: '100000',
      insuranceVnd: '0',
      cashless: false,
      paidAt: hoursAgo(1),
    });
    expect(response.status).toBe(403);
    expect(rejection(response)).toMatchObject({ code: 'FORBIDDEN', field: 'input.encounterKey' });
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });
});

describe('recordVaccination', () => {
  it('records a vaccination at the caller facility', async () => {
    const response = await write(RECORD_VACCINATION, {
      personalId: patient,
      vaccine: 'Cúm mùa (Vaxigrip Tetra)',
      doseNumber: 1,
      administeredOn: daysAgo(1),
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.recordVaccination).toEqual({
      personalId: patient,
      vaccination: {
        vaccine: 'Cúm mùa (Vaxigrip Tetra)',
        doseNumber: 1,
        administeredOn: daysAgo(1),
        facility: { code: '37001' },
      },
    });
  });

  it('checks the dose, the name and that the date is between birth and today', async () => {
    const before = await counts(gateway.db, TABLES);
    const dayBeforeBirth = new Date(Date.parse(`${patientBirth}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expectBadInput(
      await write(RECORD_VACCINATION, {
        personalId: patient,
        vaccine: '  ',
        doseNumber: 0,
        administeredOn: dayBeforeBirth,
      }),
      ['input.vaccine', 'input.doseNumber', 'input.administeredOn'],
    );
    expectBadInput(
      await write(RECORD_VACCINATION, {
        personalId: patient,
        vaccine: 'BCG',
        doseNumber: 1,
        administeredOn: daysAgo(-2),
      }),
      ['input.administeredOn'],
    );
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });
});

const RECORD_BATCH = /* GraphQL */ `
  mutation RecordBatch($input: RecordEncounterBatchInput!) {
    recordEncounterBatch(input: $input) {
      encounters {
        encounterKey
        outcome
        encounter {
          encounterKey
          type
          admittedAt
          dischargedAt
          facility {
            code
          }
          principalDiagnosis {
            code
          }
          secondaryDiagnoses {
            code
          }
        }
        payments {
          outcome
          payment {
            amountVnd
            insuranceVnd
            patientVnd
            cashless
            paidAt
            encounterKey
          }
        }
      }
    }
  }
`;

describe('recordEncounterBatch', () => {
  let secondPatient: string;
  beforeAll(async () => {
    const ids = await gateway.personalIds(2, `status = 'ALIVE' AND date_of_birth < DATE '2020-01-01'`);
    secondPatient = ids.find((id) => id !== patient) as string;
  });

  function batchEntries() {
    const admittedAt = hoursAgo(40);
    return [
      {
        ...encounterInput({ admittedAt, dischargedAt: hoursAgo(10) }),
        payments: [
          { amountVnd: '1250000', insuranceVnd: '1000000', cashless: true, paidAt: hoursAgo(9) },
          { amountVnd: '50000', insuranceVnd: '0', cashless: false, paidAt: hoursAgo(8) },
        ],
      },
      { ...encounterInput({ personalId: secondPatient, type: 'OUTPATIENT', secondaryDiagnoses: [] }), payments: [] },
    ];
  }

  it('records encounters of several patients with their payments in one request, each audited', async () => {
    const encounters = batchEntries();
    const response = await write(RECORD_BATCH, { encounters });
    expect(response.body.errors).toBeUndefined();
    const [first, second] = response.body.data.recordEncounterBatch.encounters;
    expect(first).toMatchObject({
      encounterKey: encounters[0]?.encounterKey,
      outcome: 'CREATED',
      encounter: { facility: { code: '37001' }, principalDiagnosis: { code: 'J18.9' }, type: 'INPATIENT' },
    });
    expect(first.payments).toEqual([
      { outcome: 'CREATED', payment: expect.objectContaining({ amountVnd: '1250000', patientVnd: '250000' }) },
      { outcome: 'CREATED', payment: expect.objectContaining({ amountVnd: '50000', cashless: false }) },
    ]);
    expect(second).toMatchObject({ outcome: 'CREATED', payments: [], encounter: { type: 'OUTPATIENT' } });

    const read = await gateway.graphql<Json>(
      `query ($id: PersonalId!) { citizen(personalId: $id) { health { payments(first: 50) { edges { node { encounterKey amountVnd } } } } } }`,
      { id: patient },
      { token: hospital, purpose: 'TREATMENT' },
    );
    const payments = read.body.data.citizen.health.payments.edges.map((e: Json) => e.node);
    expect(payments.filter((p: Json) => p.encounterKey === encounters[0]?.encounterKey)).toHaveLength(2);

    for (const personalId of [patient, secondPatient]) {
      const records = await gateway.db.query<{ fields: string[] }>(
        `SELECT fields FROM audit.access_record WHERE personal_id = $1 AND operation_name = 'RecordBatch'`,
        [personalId],
      );
      expect(records.length).toBeGreaterThanOrEqual(1);
      expect(records.at(-1)?.fields).toContain('Mutation.recordEncounterBatch');
    }
  });

  it('answers a batch sent again with the same content as EXISTING and writes nothing', async () => {
    const encounters = batchEntries();
    expect((await write(RECORD_BATCH, { encounters })).body.errors).toBeUndefined();
    const before = await counts(gateway.db, TABLES);
    const again = await write(RECORD_BATCH, { encounters });
    expect(again.body.errors).toBeUndefined();
    const results = again.body.data.recordEncounterBatch.encounters;
    expect(results.map((r: Json) => r.outcome)).toEqual(['EXISTING', 'EXISTING']);
    expect(results[0].payments.map((p: Json) => p.outcome)).toEqual(['EXISTING', 'EXISTING']);
    expect(await counts(gateway.db, TABLES)).toEqual(before);

    // A new payment for a recorded encounter is added; the matched ones are not written twice.
    const [entry] = encounters;
    const more = await write(RECORD_BATCH, {
      encounters: [
        {
          ...entry,
          payments: [
            ...(entry?.payments ?? []),
            { amountVnd: '70000', insuranceVnd: '0', cashless: true, paidAt: hoursAgo(5) },
          ],
        },
      ],
    });
    expect(more.body.errors).toBeUndefined();
    expect(more.body.data.recordEncounterBatch.encounters[0].payments.map((p: Json) => p.outcome)).toEqual([
      'EXISTING',
      'EXISTING',
      'CREATED',
    ]);
    expect((await counts(gateway.db, TABLES))['health.payment']).toBe((before['health.payment'] ?? 0) + 1);
  });

  it('answers a retry with the same Idempotency-Key from the stored rows, all EXISTING; refuses the key for another batch', async () => {
    const key = uniqueKey('batch');
    const encounters = batchEntries();
    const first = await write(RECORD_BATCH, { encounters }, hospital, { 'idempotency-key': key });
    expect(first.body.errors).toBeUndefined();
    const before = await counts(gateway.db, TABLES);
    const replay = await write(RECORD_BATCH, { encounters }, hospital, { 'idempotency-key': key });
    const [firstAnswer, replayed] = [first, replay].map((r) => r.body.data.recordEncounterBatch.encounters);
    expect(replayed.map((r: Json) => r.encounter)).toEqual(firstAnswer.map((r: Json) => r.encounter));
    expect(replayed.map((r: Json) => r.outcome)).toEqual(['EXISTING', 'EXISTING']);
    expect(replayed[0].payments.map((p: Json) => [p.outcome, p.payment])).toEqual(
      firstAnswer[0].payments.map((p: Json) => ['EXISTING', p.payment]),
    );
    const other = await write(RECORD_BATCH, { encounters: batchEntries() }, hospital, { 'idempotency-key': key });
    expect(rejection(other).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('lists every problem of every entry by its path and writes nothing', async () => {
    const [good, second] = batchEntries();
    const before = await counts(gateway.db, TABLES);
    const response = await write(RECORD_BATCH, {
      encounters: [
        good,
        {
          ...second,
          principalDiagnosis: 'J18.99999',
          payments: [
            { amountVnd: '100', insuranceVnd: '200', cashless: false, paidAt: hoursAgo(1) },
            { amountVnd: '1.5', insuranceVnd: '0', cashless: false, paidAt: hoursAgo(1) },
          ],
        },
        { ...encounterInput({ personalId: '037090999999' }), encounterKey: good?.encounterKey },
      ],
    });
    expectBadInput(response, [
      'input.encounters[1].principalDiagnosis',
      'input.encounters[1].payments[0].insuranceVnd',
      'input.encounters[1].payments[1].amountVnd',
      'input.encounters[2].encounterKey',
      'input.encounters[2].personalId',
    ]);
    expect(response.body.data).toEqual({ recordEncounterBatch: null });
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('refuses the whole batch when one encounter key is recorded with other content (CONFLICT)', async () => {
    const [recorded] = batchEntries();
    expect((await write(RECORD_BATCH, { encounters: [recorded] })).body.errors).toBeUndefined();
    const before = await counts(gateway.db, TABLES);
    const response = await write(RECORD_BATCH, {
      encounters: [encounterInput(), { ...recorded, principalDiagnosis: 'A09' }],
    });
    expect(response.status).toBe(409);
    const refused = rejection(response);
    expect(refused).toMatchObject({ code: 'CONFLICT', field: 'input.encounters[1].encounterKey' });
    expect(refused.problems[0]?.reason).toContain('principalDiagnosis');
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it("refuses the whole batch when an encounter key is another facility's (FORBIDDEN)", async () => {
    const foreign = { ...encounterInput({ encounterKey: uniqueKey('36001') }) };
    expect((await write(RECORD_BATCH, { encounters: [foreign] }, otherHospital)).body.errors).toBeUndefined();
    const before = await counts(gateway.db, TABLES);
    const response = await write(RECORD_BATCH, { encounters: [encounterInput(), foreign] });
    expect(response.status).toBe(403);
    expect(rejection(response)).toMatchObject({ code: 'FORBIDDEN', field: 'input.encounters[1].encounterKey' });
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('needs the write scope', async () => {
    const insurer = await gateway.token('social-insurance');
    const before = await counts(gateway.db, TABLES);
    const response = await gateway.graphql<Json>(
      RECORD_BATCH,
      { input: { encounters: batchEntries() } },
      { token: insurer, purpose: 'INSURANCE' },
    );
    expect(rejection(response).code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });
});
