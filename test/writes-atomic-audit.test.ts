/**
 * Mutations are atomic with their audit record (docs/ARCHITECTURE.md §6, §11), through the real gateway on PGlite and
 * on PostgreSQL: the record of the citizen a mutation writes is inserted in the mutation's own transaction (the
 * outbox, audit.pending_record) and sealed into the writer's chain afterwards. So with the audit chain failing, a
 * committed mutation is answered 200 (never "retry"); with the outbox failing, the mutation writes nothing and says
 * so. A committed mutation whose payload reveals citizens its own record does not cover, when their records cannot
 * be written, is answered 200 with the payload withheld and `committed: true`; the same Idempotency-Key then reads
 * it. In production a mutation without an Idempotency-Key is refused (IDEMPOTENCY_KEY_REQUIRED). A land change's
 * mutations record EVERY citizen party in their transaction, even when only `changeId` is selected; a payload field the
 * authorization denied is listed denied in the mutation's record (PARTIAL), never as released.
 *
 * The PostgreSQL suite needs a server: TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres; it is
 * skipped (the reason in its name) only when that server is unreachable.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../src/audit/verify.ts';
import type { GatewayContext } from '../src/context.ts';
import { runMutation } from '../src/lib/mutation.ts';
import {
  POSTGRES_SERVER_URL,
  postgresUnreachable,
  startTestGateway,
  type TestGateway,
  type Json,
} from './support/harness.ts';
import { counts, hoursAgo, uniqueKey } from './support/writes.ts';

const unreachable = await postgresUnreachable(POSTGRES_SERVER_URL);

const RECORD = /* GraphQL */ `
  mutation AtomicRecord($input: RecordEncounterInput!) {
    recordEncounter(input: $input) {
      personalId
      encounter {
        encounterKey
        principalDiagnosis {
          code
        }
      }
    }
  }
`;

const SUBMIT = /* GraphQL */ `
  mutation AtomicSubmit($input: SubmitLandChangeInput!) {
    submitLandChange(input: $input) {
      changeId
      change {
        parties {
          role
          personalId
        }
        parcel {
          address
        }
      }
    }
  }
`;

const SUBMIT_ID_ONLY = /* GraphQL */ `
  mutation AtomicSubmitId($input: SubmitLandChangeInput!) {
    submitLandChange(input: $input) {
      changeId
    }
  }
`;
const REGISTER_ID_ONLY = /* GraphQL */ `
  mutation AtomicRegisterId($input: RegisterLandChangeInput!) {
    registerLandChange(input: $input) {
      changeId
    }
  }
`;
const REJECT_ID_ONLY = /* GraphQL */ `
  mutation AtomicRejectId($input: RejectLandChangeInput!) {
    rejectLandChange(input: $input) {
      changeId
    }
  }
`;

const backends: [string, string | null, string | undefined][] = [
  ['PGlite', null, undefined],
  ['PostgreSQL', POSTGRES_SERVER_URL, unreachable],
];

describe.each(backends)('mutations atomic with their audit record on %s', (name, server, skipReason) => {
  let gateway: TestGateway;
  let hospital: string;
  let office: string;
  let people: string[];
  let mapSheet = 950;

  beforeAll(async () => {
    if (skipReason !== undefined) return;
    gateway = await startTestGateway({
      citizens: 40,
      seed: 7,
      databaseServer: server,
      env: { RATE_LIMIT_ENABLED: 'false', AUDIT_APPEND_TIMEOUT_MS: '3000' },
    });
    hospital = await gateway.token('hospital');
    office = await gateway.token('land-office');
    people = await gateway.personalIds(4, `status = 'ALIVE'`);
  }, 120_000);

  afterAll(async () => gateway?.close());

  /** Runs `during` with a table of the audit schema renamed away (its statements fail), then puts it back. */
  async function without<T>(table: string, during: () => Promise<T>): Promise<T> {
    await gateway.db.exec(`ALTER TABLE audit.${table} RENAME TO ${table}_away`);
    try {
      return await during();
    } finally {
      await gateway.db.exec(`ALTER TABLE audit.${table}_away RENAME TO ${table}`);
    }
  }

  interface Recorded {
    personalId: string;
    fields: string[];
    outcome: string;
  }

  /** The request's records, sealed or still in the outbox (a periodic seal may move them at any time). */
  async function recordsOf(requestId: string | null): Promise<Recorded[]> {
    return gateway.db.query<Recorded>(
      `SELECT personal_id AS "personalId", fields, outcome::text AS outcome FROM audit.access_record
       WHERE request_id = $1
       UNION ALL
       SELECT personal_id AS "personalId", fields, outcome::text AS outcome FROM audit.pending_record
       WHERE request_id = $1
       ORDER BY 1`,
      [requestId],
    );
  }

  const record = (key?: string) =>
    gateway.graphql<Json>(
      RECORD,
      {
        input: {
          personalId: people[0],
          encounterKey: uniqueKey('37001'),
          type: 'OUTPATIENT',
          admittedAt: hoursAgo(3),
          principalDiagnosis: 'J06.9',
        },
      },
      { token: hospital, purpose: 'TREATMENT', ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }) },
    );

  /** A new parcel held 100% by people[1], or 50/50 by people[1] and `coHolder`. */
  async function landParcel(coHolder?: string): Promise<{ communeCode: string; mapSheetNo: number; parcelNo: number }> {
    mapSheet += 1;
    const [unit] = await gateway.db.query<{ code: string }>(
      `SELECT code FROM core.administrative_unit WHERE level <> 'PROVINCE' ORDER BY code LIMIT 1`,
    );
    const [parcel] = await gateway.db.query<{ id: number }>(
      `INSERT INTO land.parcel (commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address)
       VALUES ($1, $2, 1, 80, '{ONT}', 'Thôn Thử') RETURNING id`,
      [unit?.code, mapSheet],
    );
    for (const [holder, share] of coHolder === undefined
      ? [[people[1], 100] as const]
      : [[people[1], 50] as const, [coHolder, 50] as const]) {
      await gateway.db.query(
        `INSERT INTO land.land_right (parcel_id, holder_personal_id, share_percent, certificate_serial, since)
         VALUES ($1, $2, $3, $4, '2010-01-01')`,
        [parcel?.id, holder, share, `CS ${String(mapSheet).padStart(6, '0')}`],
      );
    }
    return { communeCode: unit?.code as string, mapSheetNo: mapSheet, parcelNo: 1 };
  }

  it.skipIf(skipReason !== undefined)(
    'the audit chain failing: the mutation commits with its record in the outbox and is answered 200',
    async () => {
      const before = await counts(gateway.db, ['health.encounter', 'audit.pending_record']);
      const response = await without('access_record', () => record());
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.recordEncounter.personalId).toBe(people[0]);
      const after = await counts(gateway.db, ['health.encounter', 'audit.pending_record']);
      expect(after['health.encounter']).toBe((before['health.encounter'] ?? 0) + 1);
      // The record was committed with the write, not sealed (the chain's table was away).
      expect(after['audit.pending_record']).toBe((before['audit.pending_record'] ?? 0) + 1);
      const requestId = response.headers.get('x-request-id');
      const [pending] = await gateway.db.query<{ personalId: string; fields: string[] }>(
        `SELECT personal_id AS "personalId", fields FROM audit.pending_record WHERE request_id = $1`,
        [requestId],
      );
      expect(pending?.personalId).toBe(people[0]);
      // The over-approximation: the mutation and every coordinate selected under it.
      expect(pending?.fields).toEqual(
        expect.arrayContaining([
          'Mutation.recordEncounter',
          'RecordEncounterPayload.encounter',
          'Encounter.principalDiagnosis',
          'Diagnosis.code',
        ]),
      );
      // Sealed into the writer's chain once it is back; the chain verifies.
      expect(await gateway.gateway.auditLog.sealPending()).toBeGreaterThanOrEqual(1);
      const sealed = await gateway.db.query<{ writer: string }>(
        `SELECT writer_id::text AS writer FROM audit.access_record WHERE request_id = $1`,
        [requestId],
      );
      expect(sealed).toEqual([{ writer: String(await gateway.gateway.auditLog.writerId()) }]);
      expect((await counts(gateway.db, ['audit.pending_record']))['audit.pending_record']).toBe(0);
      expect((await verifyChain(gateway.db)).ok).toBe(true);
    },
  );

  it.skipIf(skipReason !== undefined)('a normal mutation is sealed before its response is sent', async () => {
    const response = await record(randomUUID());
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const rows = await gateway.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit.access_record WHERE request_id = $1`,
      [response.headers.get('x-request-id')],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it.skipIf(skipReason !== undefined)(
    'the outbox failing: the mutation writes nothing and answers an error (nothing committed)',
    async () => {
      const before = await counts(gateway.db, ['health.encounter', 'audit.access_record']);
      const response = await without('pending_record', () => record());
      expect(response.body.data?.recordEncounter ?? null).toBeNull();
      expect(response.body.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(response.body)).not.toContain('"committed":true');
      expect(await counts(gateway.db, ['health.encounter', 'audit.access_record'])).toEqual(before);
    },
  );

  it.skipIf(skipReason !== undefined)(
    'a committed mutation revealing citizens its record does not cover: payload withheld, 200, committed: true; the same key reads it',
    async () => {
      // people[3] holds the other half of the parcel and is no party: only the payload's `change.parcel` reveals them.
      const parcel = await landParcel(people[3]);
      const key = randomUUID();
      const submit = () =>
        gateway.graphql<Json>(
          SUBMIT,
          {
            input: {
              parcel,
              type: 'GIFT',
              from: [{ personalId: people[1] }],
              to: [{ personalId: people[2], sharePercent: '50' }],
            },
          },
          { token: office, purpose: 'LAND_ADMINISTRATION', headers: { 'idempotency-key': key } },
        );
      const before = await counts(gateway.db, ['land.land_change']);
      const withheld = await without('access_record', submit);
      expect(withheld.status).toBe(200);
      expect(withheld.body.data).toBeNull();
      expect(withheld.body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/committed.*same Idempotency-Key/) as unknown,
          extensions: { code: 'AUDIT_UNAVAILABLE', committed: true },
        }),
      ]);
      expect(JSON.stringify(withheld.body)).not.toContain(people[2] as string);
      // The parties' records were committed with the write (the outbox); the co-holder's could not be written.
      expect(await recordsOf(withheld.headers.get('x-request-id'))).toEqual(
        [people[1], people[2]].sort().map((personalId) => expect.objectContaining({ personalId })),
      );
      expect((await counts(gateway.db, ['land.land_change']))['land.land_change']).toBe(
        (before['land.land_change'] ?? 0) + 1,
      );
      // The retry with the same key returns the first result and writes nothing more.
      const again = await submit();
      expect(again.status).toBe(200);
      expect(again.body.errors).toBeUndefined();
      expect(again.body.data.submitLandChange.change.parties).toEqual(
        expect.arrayContaining([expect.objectContaining({ personalId: people[2] })]),
      );
      expect((await counts(gateway.db, ['land.land_change']))['land.land_change']).toBe(
        (before['land.land_change'] ?? 0) + 1,
      );
      expect((await verifyChain(gateway.db)).ok).toBe(true);
    },
  );

  const land = (query: string, input: Json) =>
    gateway.graphql<Json>(query, { input }, { token: office, purpose: 'LAND_ADMINISTRATION' });

  it.skipIf(skipReason !== undefined)(
    "land changes selecting only changeId: one record per citizen party, written in the mutation's transaction",
    async () => {
      const parcel = await landParcel();
      const gift = {
        parcel,
        type: 'GIFT',
        from: [{ personalId: people[1] }],
        to: [{ personalId: people[2], sharePercent: '100' }],
      };
      const parties = [people[1], people[2]].sort();
      const expectRecords = async (response: Awaited<ReturnType<typeof land>>, mutation: string, payload: string) => {
        expect(response.body.errors, JSON.stringify(response.body)).toBeUndefined();
        const rows = await recordsOf(response.headers.get('x-request-id'));
        // Exactly one per party: the plugin's own record of the same fields is covered, not written twice.
        expect(rows.map((row) => row.personalId)).toEqual(parties);
        for (const row of rows) {
          expect(row.outcome).toBe('GRANTED');
          expect([...row.fields].sort()).toEqual([`Mutation.${mutation}`, `${payload}.changeId`].sort());
        }
      };

      // The audit chain away: the records can only have come from the mutation's transaction (the outbox).
      const submitted = await without('access_record', () => land(SUBMIT_ID_ONLY, gift));
      expect(submitted.status).toBe(200);
      await expectRecords(submitted, 'submitLandChange', 'SubmitLandChangePayload');
      const id = submitted.body.data.submitLandChange.changeId as string;

      const registered = await without('access_record', () => land(REGISTER_ID_ONLY, { id }));
      expect(registered.status).toBe(200);
      await expectRecords(registered, 'registerLandChange', 'RegisterLandChangePayload');

      const second = await land(SUBMIT_ID_ONLY, {
        ...gift,
        from: [{ personalId: people[2] }],
        to: [{ personalId: people[1], sharePercent: '100' }],
      });
      const rejected = await without('access_record', () =>
        land(REJECT_ID_ONLY, { id: second.body.data.submitLandChange.changeId, reason: 'Thiếu giấy tờ' }),
      );
      expect(rejected.status).toBe(200);
      await expectRecords(rejected, 'rejectLandChange', 'RejectLandChangePayload');

      expect(await gateway.gateway.auditLog.sealPending()).toBeGreaterThanOrEqual(0);
      expect((await verifyChain(gateway.db)).ok).toBe(true);
    },
  );

  it.skipIf(skipReason !== undefined)(
    'land changes with the outbox failing: nothing is submitted, registered or rejected',
    async () => {
      const parcel = await landParcel();
      const gift = {
        parcel,
        type: 'GIFT',
        from: [{ personalId: people[1] }],
        to: [{ personalId: people[2], sharePercent: '100' }],
      };
      const tables = ['land.land_change', 'land.land_change_party', 'land.land_right', 'audit.access_record'];
      const before = await counts(gateway.db, tables);
      const failed = await without('pending_record', () => land(SUBMIT_ID_ONLY, gift));
      expect(failed.body.data?.submitLandChange ?? null).toBeNull();
      expect(failed.body.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(failed.body)).not.toContain('"committed":true');
      expect(await counts(gateway.db, tables)).toEqual(before);

      const submitted = await land(SUBMIT_ID_ONLY, gift);
      expect(submitted.body.errors, JSON.stringify(submitted.body)).toBeUndefined();
      const id = submitted.body.data.submitLandChange.changeId as string;
      const status = async () =>
        (
          await gateway.db.query<{ status: string }>(
            `SELECT status::text AS status FROM land.land_change WHERE id = (SELECT max(id) FROM land.land_change)`,
          )
        )[0]?.status;
      const rights = await counts(gateway.db, ['land.land_right']);
      for (const [query, input] of [
        [REGISTER_ID_ONLY, { id }],
        [REJECT_ID_ONLY, { id, reason: 'Thiếu giấy tờ' }],
      ] as const) {
        const refused = await without('pending_record', () => land(query, input));
        expect(refused.body.errors?.length, JSON.stringify(refused.body)).toBeGreaterThan(0);
        expect(await status()).toBe('PENDING');
      }
      expect(await counts(gateway.db, ['land.land_right'])).toEqual(rights);
    },
  );

  it.skipIf(skipReason !== undefined)(
    'a land payload stored before it named its parties is completed when replayed: the retry records every party',
    async () => {
      const parcel = await landParcel();
      const key = randomUUID();
      const submit = () =>
        gateway.graphql<Json>(
          SUBMIT_ID_ONLY,
          {
            input: {
              parcel,
              type: 'GIFT',
              from: [{ personalId: people[1] }],
              to: [{ personalId: people[2], sharePercent: '100' }],
            },
          },
          { token: office, purpose: 'LAND_ADMINISTRATION', headers: { 'idempotency-key': key } },
        );
      const first = await submit();
      expect(first.body.errors, JSON.stringify(first.body)).toBeUndefined();
      // As an earlier version stored it: without the payload's subject list.
      const updated = await gateway.db.query(
        `UPDATE core.idempotency_key SET response = response - 'partyPersonalIds' WHERE key = $1 RETURNING 1`,
        [key],
      );
      expect(updated).toHaveLength(1);
      const again = await submit();
      expect(again.body.errors, JSON.stringify(again.body)).toBeUndefined();
      expect(again.body.data.submitLandChange.changeId).toBe(first.body.data.submitLandChange.changeId);
      expect((await recordsOf(again.headers.get('x-request-id'))).map((row) => row.personalId)).toEqual(
        [people[1], people[2]].sort(),
      );
    },
  );

  it.skipIf(skipReason !== undefined)(
    "residence mutations selecting only personalId: the resident's record is written in the transaction",
    async () => {
      const police = await gateway.token('residence-police');
      const [ward] = await gateway.db.query<{ code: string }>(
        `SELECT code FROM core.administrative_unit WHERE level = 'WARD' ORDER BY code LIMIT 1`,
      );
      const resident = `0370${String(Date.now() % 1e8).padStart(8, '0')}`;
      await gateway.db.query(
        `INSERT INTO core.citizen (personal_id, full_name, date_of_birth, sex, status)
         VALUES ($1, 'Nguyễn Văn Thử', '1990-05-01', 'MALE', 'ALIVE')`,
        [resident],
      );
      const residence = (query: string, input: Json) =>
        gateway.graphql<Json>(query, { input }, { token: police, purpose: 'RESIDENCE_ADMINISTRATION' });
      const days = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
      const steps: [string, string, Json][] = [
        [
          'registerResident',
          `mutation AtomicRegisterResident($input: RegisterResidentInput!) { registerResident(input: $input) { personalId } }`,
          {
            newHousehold: { address: 'Số 3, đường Thử', communeCode: ward?.code },
            personalId: resident,
            type: 'PERMANENT',
            relationshipToHead: 'HEAD',
            startDate: days(400),
          },
        ],
        [
          'moveResident',
          `mutation AtomicMoveResident($input: MoveResidentInput!) { moveResident(input: $input) { personalId } }`,
          {
            personalId: resident,
            toNewHousehold: { address: 'Số 4, đường Thử', communeCode: ward?.code },
            relationshipToHead: 'HEAD',
            date: days(200),
          },
        ],
        [
          'deregisterResident',
          `mutation AtomicDeregisterResident($input: DeregisterResidentInput!) { deregisterResident(input: $input) { personalId } }`,
          { personalId: resident, date: days(100), reason: 'Định cư ở nước ngoài' },
        ],
      ];
      for (const [mutation, query, input] of steps) {
        const registrations = await counts(gateway.db, ['household.residence_registration', 'household.household']);
        // The outbox failing: nothing is written.
        const failed = await without('pending_record', () => residence(query, input));
        expect(failed.body.errors?.length, mutation).toBeGreaterThan(0);
        expect(await counts(gateway.db, ['household.residence_registration', 'household.household'])).toEqual(
          registrations,
        );
        // The chain failing: committed, with its record in the outbox.
        const response = await without('access_record', () => residence(query, input));
        expect(response.body.errors, JSON.stringify(response.body)).toBeUndefined();
        const rows = await recordsOf(response.headers.get('x-request-id'));
        expect(rows.map((row) => [row.personalId, row.outcome])).toEqual([[resident, 'GRANTED']]);
        expect(rows[0]?.fields).toContain(`Mutation.${mutation}`);
      }
    },
  );

  it.skipIf(skipReason !== undefined)(
    "a payload field the authorization denied is listed denied in the mutation's record (PARTIAL), not released",
    async () => {
      // The hospital without health:encounters:read: it may record an encounter but not read it back.
      const writer = await gateway.token('hospital', {
        scopes: ['citizen:identity:read', 'health:encounters:write'],
      });
      const response = await gateway.graphql<Json>(
        RECORD,
        {
          input: {
            personalId: people[0],
            encounterKey: uniqueKey('37001'),
            type: 'OUTPATIENT',
            admittedAt: hoursAgo(3),
            principalDiagnosis: 'J06.9',
          },
        },
        { token: writer, purpose: 'TREATMENT' },
      );
      expect(response.status).toBe(200);
      expect(response.body.data.recordEncounter).toEqual({ personalId: people[0], encounter: null });
      expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
      const rows = await recordsOf(response.headers.get('x-request-id'));
      // One record (the plugin's PARTIAL one is covered exactly by the mutation's), naming what was sent.
      expect(rows).toHaveLength(1);
      expect(rows[0]?.personalId).toBe(people[0]);
      expect(rows[0]?.outcome).toBe('PARTIAL');
      expect([...(rows[0]?.fields ?? [])].sort()).toEqual(
        ['Mutation.recordEncounter', 'RecordEncounterPayload.personalId', '!RecordEncounterPayload.encounter'].sort(),
      );
    },
  );

  it.skipIf(skipReason !== undefined)(
    `${name}: a read with the audit chain failing is still refused (503)`,
    async () => {
      const response = await without('access_record', () =>
        gateway.graphql<Json>(
          `query AtomicRead($id: PersonalId!) { citizen(personalId: $id) { fullName } }`,
          { id: people[0] },
          { token: hospital, purpose: 'TREATMENT' },
        ),
      );
      expect(response.status).toBe(503);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
      expect(response.body.data).toBeUndefined();
    },
  );
});

describe('Idempotency-Key in production', () => {
  it('a mutation without one is refused before anything runs; with one it proceeds', async () => {
    let ran = false;
    const ctx = {
      developmentMode: false,
      idempotencyKey: undefined,
      principal: { sub: 'hospital-37001' },
    } as unknown as GatewayContext; // only what runMutation reads before its transaction
    await expect(
      runMutation({ ctx, mutation: 'recordPayment', input: {} }, async () => {
        ran = true;
        return {};
      }),
    ).rejects.toMatchObject({ extensions: { code: 'IDEMPOTENCY_KEY_REQUIRED' } });
    expect(ran).toBe(false);
    // Development: optional (the transaction is reached; this context has no database, so it fails there).
    const development = { ...ctx, developmentMode: true } as GatewayContext;
    await expect(
      runMutation({ ctx: development, mutation: 'recordPayment', input: {} }, async () => ({})),
    ).rejects.not.toMatchObject({ extensions: { code: 'IDEMPOTENCY_KEY_REQUIRED' } });
  });
});
