/**
 * Tourism writes through the real gateway (docs/ARCHITECTURE.md §11): an accommodation establishment (token `org` = its
 * licence number) declares guest stays and check-outs for itself only; the tourism department reads them but declares
 * none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway, type Json } from './support/harness.ts';
import { counts, expectBadInput, hoursAgo, rejection } from './support/writes.ts';
import { toGlobalId } from '../src/lib/global-id.ts';

let gateway: TestGateway;
let hotel: { id: number; licenceNo: string; globalId: string };
let villa: { id: number; licenceNo: string; globalId: string };
let hotelToken: string;
let villaToken: string;
let guest: string;

const TABLES = ['tourism.guest_stay', 'core.idempotency_key'];

const DECLARE = /* GraphQL */ `
  mutation Declare($input: DeclareStayInput!) {
    declareStay(input: $input) {
      stayId
      guestPersonalId
    }
  }
`;

const CHECK_OUT = /* GraphQL */ `
  mutation CheckOut($input: CheckOutInput!) {
    checkOut(input: $input) {
      stayId
      guestPersonalId
    }
  }
`;

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 60, seed: 7 });
  const rows = await gateway.db.query<{ id: number; licenceNo: string }>(
    `SELECT id, licence_no AS "licenceNo" FROM tourism.establishment ORDER BY id LIMIT 2`,
  );
  [hotel, villa] = rows.map((row) => ({ ...row, globalId: toGlobalId('Establishment', row.id) })) as [
    typeof hotel,
    typeof villa,
  ];
  hotelToken = await gateway.token('establishment', { org: hotel.licenceNo, sub: `pms-${hotel.licenceNo}` });
  villaToken = await gateway.token('establishment', { org: villa.licenceNo, sub: `pms-${villa.licenceNo}` });
  guest = (await gateway.personalIds(1, `status = 'ALIVE'`))[0] as string;
});

afterAll(async () => gateway?.close());

function write(query: string, input: Record<string, unknown>, token = hotelToken) {
  return gateway.graphql<Json>(query, { input }, { token, purpose: 'RESIDENCE_ADMINISTRATION' });
}

const stayInput = (overrides: Record<string, unknown> = {}) => ({
  guestPersonalId: guest,
  checkInAt: hoursAgo(20),
  expectedCheckOutAt: hoursAgo(-48),
  channel: 'API',
  ...overrides,
});

async function readStay(stayId: string) {
  const department = await gateway.token('tourism-department');
  const response = await gateway.graphql<Json>(
    `query ($id: ID!) { establishment(id: $id) { licenceNo stays(first: 100) { edges { node {
       id guestPersonalId passportNo nationality checkInAt expectedCheckOutAt actualCheckOutAt declaredAt channel } } } } }`,
    { id: hotel.globalId },
    { token: department, purpose: 'TOURISM_MANAGEMENT' },
  );
  return response.body.data.establishment.stays.edges.map((e: Json) => e.node).find((n: Json) => n.id === stayId);
}

describe('declareStay', () => {
  it('declares a Vietnamese guest at the caller establishment; the department reads it', async () => {
    const input = stayInput();
    const before = Date.now();
    const response = await write(DECLARE, input);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const { stayId, guestPersonalId } = response.body.data.declareStay;
    expect(guestPersonalId).toBe(guest);
    const stay = await readStay(stayId);
    expect(stay).toMatchObject({
      guestPersonalId: guest,
      passportNo: null,
      nationality: 'VNM',
      checkInAt: input.checkInAt,
      expectedCheckOutAt: input.expectedCheckOutAt,
      actualCheckOutAt: null,
      channel: 'API',
    });
    expect(Date.parse(stay.declaredAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('declares a foreign guest by passport and nationality', async () => {
    const response = await write(
      DECLARE,
      stayInput({ guestPersonalId: null, passportNo: 'M12345678', nationality: 'KOR' }),
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.declareStay.guestPersonalId).toBeNull();
    expect(await readStay(response.body.data.declareStay.stayId)).toMatchObject({
      guestPersonalId: null,
      passportNo: 'M12345678',
      nationality: 'KOR',
    });
  });

  it('lists every problem at once and writes nothing', async () => {
    const before = await counts(gateway.db, TABLES);
    expectBadInput(
      await write(
        DECLARE,
        stayInput({
          passportNo: 'M1',
          checkInAt: hoursAgo(-3),
          expectedCheckOutAt: hoursAgo(-20),
          establishmentId: 'xyz',
        }),
      ),
      ['input.guestPersonalId', 'input.checkInAt', 'input.establishmentId'],
    );
    expectBadInput(
      await write(DECLARE, stayInput({ guestPersonalId: null, passportNo: 'm-1', expectedCheckOutAt: hoursAgo(21) })),
      ['input.passportNo', 'input.nationality', 'input.expectedCheckOutAt'],
    );
    expectBadInput(await write(DECLARE, stayInput({ nationality: 'KOR' })), ['input.nationality']);
    expectBadInput(await write(DECLARE, stayInput({ guestPersonalId: '037090999999' })), ['input.guestPersonalId']);
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('declares for its own establishment only', async () => {
    const before = await counts(gateway.db, TABLES);
    for (const input of [stayInput({ establishmentId: villa.globalId }), stayInput({ licenceNo: villa.licenceNo })]) {
      const response = await write(DECLARE, input);
      expect(response.status).toBe(403);
      expect(rejection(response).code).toBe('FORBIDDEN');
    }
    // Naming itself is fine.
    const own = await write(DECLARE, stayInput({ establishmentId: hotel.globalId, licenceNo: hotel.licenceNo }));
    expect(own.body.errors).toBeUndefined();
    expect((await counts(gateway.db, TABLES))['tourism.guest_stay']).toBe((before['tourism.guest_stay'] ?? 0) + 1);
  });

  it('is not for the tourism department: no write scope, and with one its org is not an establishment', async () => {
    const before = await counts(gateway.db, TABLES);
    const department = await gateway.token('tourism-department');
    const denied = await gateway.graphql<Json>(
      DECLARE,
      { input: stayInput() },
      { token: department, purpose: 'TOURISM_MANAGEMENT' },
    );
    expect(rejection(denied).code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const withScope = await gateway.token('tourism-department', { scopes: ['tourism:stays:write'] });
    const forbidden = await gateway.graphql<Json>(
      DECLARE,
      { input: stayInput() },
      { token: withScope, purpose: 'TOURISM_MANAGEMENT' },
    );
    expect(forbidden.status).toBe(403);
    expect(rejection(forbidden).code).toBe('FORBIDDEN');
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('an establishment token reads no stay: the written object needs tourism:stays:read', async () => {
    const response = await gateway.graphql<Json>(
      `mutation ($input: DeclareStayInput!) { declareStay(input: $input) { stayId stay { checkInAt } } }`,
      { input: stayInput() },
      { token: hotelToken, purpose: 'RESIDENCE_ADMINISTRATION' },
    );
    expect(response.body.data.declareStay).toEqual({ stayId: expect.any(String), stay: null });
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
  });
});

describe('checkOut', () => {
  it('checks a guest out once, after the check-in, at the own establishment only', async () => {
    const declared = await write(DECLARE, stayInput({ checkInAt: hoursAgo(30) }));
    const stayId = declared.body.data.declareStay.stayId as string;

    expectBadInput(await write(CHECK_OUT, { stayId, at: hoursAgo(31) }), ['input.at']);
    expectBadInput(await write(CHECK_OUT, { stayId, at: hoursAgo(-1) }), ['input.at']);
    expectBadInput(await write(CHECK_OUT, { stayId: 'not-an-id', at: hoursAgo(1) }), ['input.stayId']);
    expectBadInput(await write(CHECK_OUT, { stayId: toGlobalId('GuestStay', 999_999), at: hoursAgo(1) }), [
      'input.stayId',
    ]);

    const foreign = await write(CHECK_OUT, { stayId, at: hoursAgo(1) }, villaToken);
    expect(foreign.status).toBe(403);
    expect(rejection(foreign)).toMatchObject({ code: 'FORBIDDEN', field: 'input.stayId' });
    expect((await readStay(stayId)).actualCheckOutAt).toBeNull();

    const at = hoursAgo(1);
    const done = await write(CHECK_OUT, { stayId, at });
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data.checkOut).toEqual({ stayId, guestPersonalId: guest });
    expect((await readStay(stayId)).actualCheckOutAt).toBe(at);

    const twice = await write(CHECK_OUT, { stayId, at: hoursAgo(0.5) });
    expect(twice.status).toBe(409);
    expect(rejection(twice).code).toBe('CONFLICT');
    expect((await readStay(stayId)).actualCheckOutAt).toBe(at);
  });
});
