/**
 * Idempotent retries of write mutations (docs/ARCHITECTURE.md §11), through the real gateway on PGlite and on
 * PostgreSQL: the `Idempotency-Key` header (or the `idempotencyKey` input field) makes a retry return the first result
 * and write nothing twice; the key belongs to one client and one mutation; the same key with another input is
 * IDEMPOTENCY_KEY_REUSED (HTTP 422); ten concurrent identical requests write once and answer identically.
 *
 * The PostgreSQL suite needs a server: TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres; it is
 * skipped (the reason in its name) only when that server is unreachable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  POSTGRES_SERVER_URL,
  postgresUnreachable,
  startTestGateway,
  type TestGateway,
  type Json,
} from './support/harness.ts';
import { counts, expectBadInput, hoursAgo, RECORD_ENCOUNTER, rejection, uniqueKey } from './support/writes.ts';

const SERVER_URL = POSTGRES_SERVER_URL;

const unreachable = await postgresUnreachable(SERVER_URL);

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitLandChangeInput!) {
    submitLandChange(input: $input) {
      changeId
    }
  }
`;

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterLandChangeInput!) {
    registerLandChange(input: $input) {
      changeId
      change {
        status
        registeredOn
      }
      createdRights {
        holderPersonalId
        sharePercent
        certificateSerial
      }
    }
  }
`;

const backends: [string, string | null, string | undefined][] = [
  ['PGlite', null, undefined],
  ['PostgreSQL', SERVER_URL, unreachable],
];

describe.each(backends)('idempotent mutations on %s', (name, server, skipReason) => {
  let gateway: TestGateway;
  let hospital: string;
  let office: string;
  let patient: string;
  let people: string[];
  let parcelNo = 0;

  beforeAll(async () => {
    if (skipReason !== undefined) return;
    gateway = await startTestGateway({ citizens: 40, seed: 7, databaseServer: server });
    hospital = await gateway.token('hospital');
    office = await gateway.token('land-office');
    people = await gateway.personalIds(4, `status = 'ALIVE'`);
    patient = people[0] as string;
  });

  afterAll(async () => gateway?.close());

  const encounterInput = (overrides: Record<string, unknown> = {}) => ({
    personalId: patient,
    encounterKey: uniqueKey('37001'),
    type: 'OUTPATIENT',
    admittedAt: hoursAgo(3),
    principalDiagnosis: 'J06.9',
    ...overrides,
  });

  function record(input: Record<string, unknown>, key?: string, token = hospital) {
    return gateway.graphql<Json>(
      RECORD_ENCOUNTER,
      { input },
      {
        token,
        purpose: 'TREATMENT',
        headers: key === undefined ? {} : { 'idempotency-key': key },
      },
    );
  }

  async function encounterRows(encounterKey: unknown): Promise<number> {
    const [row] = await gateway.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM health.encounter WHERE encounter_key = $1`,
      [encounterKey],
    );
    return row?.n ?? -1;
  }

  /** A PENDING transfer of a new parcel held 100% by people[0], to people[1]. */
  async function pendingTransfer(): Promise<string> {
    const [unit] = await gateway.db.query<{ code: string }>(
      `SELECT code FROM core.administrative_unit WHERE level <> 'PROVINCE' ORDER BY code LIMIT 1`,
    );
    parcelNo += 1;
    const [parcel] = await gateway.db.query<{ id: number }>(
      `INSERT INTO land.parcel (commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address)
       VALUES ($1, 901, $2, 80, '{ONT}', 'Thôn Thử') RETURNING id`,
      [unit?.code, parcelNo],
    );
    await gateway.db.query(
      `INSERT INTO land.land_right (parcel_id, holder_personal_id, share_percent, certificate_serial, since)
       VALUES ($1, $2, 100, 'CS 000001', '2010-01-01')`,
      [parcel?.id, people[0]],
    );
    const response = await gateway.graphql<Json>(
      SUBMIT,
      {
        input: {
          parcel: { communeCode: unit?.code, mapSheetNo: 901, parcelNo },
          type: 'TRANSFER',
          from: [{ personalId: people[0] }],
          to: [{ personalId: people[1], sharePercent: '100' }],
        },
      },
      { token: office, purpose: 'LAND_ADMINISTRATION' },
    );
    return response.body.data.submitLandChange.changeId as string;
  }

  it.skipIf(skipReason !== undefined)(
    `a retry returns the first result and writes nothing ${skipReason ?? ''}`,
    async () => {
      const input = encounterInput();
      const key = uniqueKey('retry');
      const first = await record(input, key);
      expect(first.body.errors).toBeUndefined();
      const before = await counts(gateway.db, ['health.encounter', 'core.idempotency_key']);
      const second = await record(input, key);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(await counts(gateway.db, ['health.encounter', 'core.idempotency_key'])).toEqual(before);
      expect(await encounterRows(input.encounterKey)).toBe(1);
      // Without a key the same request is a new one: the encounter key is taken.
      expect(rejection(await record(input)).code).toBe('CONFLICT');
    },
  );

  it.skipIf(skipReason !== undefined)(
    'takes the key from the input field too, and refuses two different keys',
    async () => {
      const key = uniqueKey('field');
      const input = encounterInput({ idempotencyKey: key });
      const first = await record(input);
      const second = await record(input, key); // the header says the same
      expect(second.body).toEqual(first.body);
      expect(await encounterRows(input.encounterKey)).toBe(1);
      expectBadInput(await record(encounterInput({ idempotencyKey: 'a' }), 'b'), ['input.idempotencyKey']);
      expectBadInput(await record(encounterInput(), 'no spaces allowed'), ['Idempotency-Key']);
    },
  );

  it.skipIf(skipReason !== undefined)(
    'refuses the same key with another input: IDEMPOTENCY_KEY_REUSED, HTTP 422',
    async () => {
      const key = uniqueKey('reuse');
      const input = encounterInput();
      await record(input, key);
      const before = await counts(gateway.db, ['health.encounter', 'core.idempotency_key']);
      const other = await record({ ...input, encounterKey: uniqueKey('37001') }, key);
      expect(other.status).toBe(422);
      expect(rejection(other).code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(other.body.data).toEqual({ recordEncounter: null });
      expect(await counts(gateway.db, ['health.encounter', 'core.idempotency_key'])).toEqual(before);
      // Field order and omitted nulls do not make a request different.
      const reordered = Object.fromEntries(Object.entries({ ...input, dischargedAt: null }).reverse());
      expect((await record(reordered, key)).status).toBe(200);
    },
  );

  it.skipIf(skipReason !== undefined)('scopes a key to the client and to the mutation', async () => {
    const key = uniqueKey('scope');
    const mine = encounterInput();
    await record(mine, key);
    const otherClient = await gateway.token('hospital', { sub: 'his-other', org: '37001' });
    const theirs = encounterInput();
    const response = await record(theirs, key, otherClient);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.recordEncounter.encounter.encounterKey).toBe(theirs.encounterKey);
    const payment = await gateway.graphql<Json>(
      `mutation ($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { amountVnd } } }`,
      {
        input: {
          encounterKey: mine.encounterKey,
          amountVnd: '1000',
          insuranceVnd: '0',
          cashless: true,
          paidAt: hoursAgo(1),
        },
      },
      { token: hospital, purpose: 'TREATMENT', headers: { 'idempotency-key': key } },
    );
    expect(payment.body.data.recordPayment).toEqual({ payment: { amountVnd: '1000' } });
  });

  it.skipIf(skipReason !== undefined)(
    'keeps no key for a rejected request: the corrected request may reuse it',
    async () => {
      const key = uniqueKey('fix');
      const bad = await record(encounterInput({ principalDiagnosis: 'nope' }), key);
      expectBadInput(bad, ['input.principalDiagnosis']);
      const fixed = encounterInput();
      const good = await record(fixed, key);
      expect(good.body.errors).toBeUndefined();
      expect(await encounterRows(fixed.encounterKey)).toBe(1);
    },
  );

  it.skipIf(skipReason !== undefined)(
    'ten concurrent identical requests write once and answer identically',
    async () => {
      const key = uniqueKey('burst');
      const input = encounterInput();
      const before = await counts(gateway.db, ['health.encounter', 'core.idempotency_key']);
      const responses = await Promise.all(Array.from({ length: 10 }, () => record(input, key)));
      for (const response of responses) {
        expect(response.status).toBe(200);
        expect(response.body.errors).toBeUndefined();
        expect(response.body).toEqual(responses[0]?.body);
      }
      const after = await counts(gateway.db, ['health.encounter', 'core.idempotency_key']);
      expect(after['health.encounter']).toBe((before['health.encounter'] ?? 0) + 1);
      expect(after['core.idempotency_key']).toBe((before['core.idempotency_key'] ?? 0) + 1);
    },
  );

  it.skipIf(skipReason !== undefined)(
    'ten concurrent registrations of one change with one key: one registration',
    async () => {
      const id = await pendingTransfer();
      const key = uniqueKey('register');
      const before = await counts(gateway.db, ['land.land_right']);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          gateway.graphql<Json>(
            REGISTER,
            { input: { id } },
            {
              token: office,
              purpose: 'LAND_ADMINISTRATION',
              headers: { 'idempotency-key': key },
            },
          ),
        ),
      );
      for (const response of responses) expect(response.body).toEqual(responses[0]?.body);
      expect(responses[0]?.body.data.registerLandChange.change.status).toBe('REGISTERED');
      expect((await counts(gateway.db, ['land.land_right']))['land.land_right']).toBe(
        (before['land.land_right'] ?? 0) + 1,
      );
    },
  );

  it.skipIf(skipReason !== undefined)(
    'without a key, concurrent registrations of one change: one wins, the others conflict',
    async () => {
      const id = await pendingTransfer();
      const before = await counts(gateway.db, ['land.land_right']);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          gateway.graphql<Json>(REGISTER, { input: { id } }, { token: office, purpose: 'LAND_ADMINISTRATION' }),
        ),
      );
      const codes = responses.map((r) => (r.body.errors === undefined ? 'OK' : rejection(r).code)).sort();
      expect(codes).toEqual([
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        'OK',
      ]);
      expect((await counts(gateway.db, ['land.land_right']))['land.land_right']).toBe(
        (before['land.land_right'] ?? 0) + 1,
      );
      expect(name).toBeDefined();
    },
  );
});
