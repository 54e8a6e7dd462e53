/**
 * Text the database cannot store, or should not (src/limits/text.ts, docs/ARCHITECTURE.md §7): a control character
 * (NUL, ESC, DEL, C1) or a lone surrogate anywhere in a request's variables or string literals is refused with
 * 400 BAD_USER_INPUT naming its path, before anything executes; TAB, LF and CR stay allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type Json, type TestGateway } from './support/harness.ts';
import { counts, rejection } from './support/writes.ts';

let gateway: TestGateway;
let office: string;
let commune: string;
let people: string[];

const TABLES = ['land.land_change', 'land.land_change_party', 'land.land_right', 'core.idempotency_key'];
const SUBMIT = `mutation Submit($input: SubmitLandChangeInput!) { submitLandChange(input: $input) { changeId } }`;
const REJECT = `mutation Reject($input: RejectLandChangeInput!) {
  rejectLandChange(input: $input) { change { status rejectionReason } } }`;
const PARCEL = `query Parcel($c: String!) { parcel(communeCode: $c, mapSheetNo: 900, parcelNo: 1) { id } }`;

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 40, seed: 7 });
  office = await gateway.token('land-office');
  const [unit] = await gateway.db.query<{ code: string }>(
    `SELECT code FROM core.administrative_unit WHERE level <> 'PROVINCE' ORDER BY code LIMIT 1`,
  );
  commune = unit?.code as string;
  people = await gateway.personalIds(2, `status = 'ALIVE'`);
});

afterAll(async () => gateway?.close());

function ask(query: string, variables: Record<string, unknown>) {
  return gateway.graphql<Json>(query, variables, { token: office, purpose: 'LAND_ADMINISTRATION' });
}

/** A PENDING transfer of a fresh parcel (map sheet 900) from the first person to the second. */
async function pendingChange(parcelNo: number): Promise<string> {
  const [a, b] = people as [string, string];
  const [parcel] = await gateway.db.query<{ id: number }>(
    `INSERT INTO land.parcel (commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address)
     VALUES ($1, 900, $2, 150.00, '{ONT}', 'Thôn Thử nghiệm') RETURNING id`,
    [commune, parcelNo],
  );
  await gateway.db.query(
    `INSERT INTO land.land_right (parcel_id, holder_personal_id, share_percent, certificate_serial, since)
     VALUES ($1, $2, 100, 'CS 123456', '2015-03-01')`,
    [parcel?.id, a],
  );
  const response = await ask(SUBMIT, {
    input: {
      parcel: { communeCode: commune, mapSheetNo: 900, parcelNo },
      type: 'TRANSFER',
      from: [{ personalId: a }],
      to: [{ personalId: b, sharePercent: '100' }],
    },
  });
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data.submitLandChange.changeId as string;
}

describe('control characters and lone surrogates', () => {
  it.each([
    ['NUL', 'a\u0000b', 'U+0000'],
    ['ESC', '\u001b[31mred', 'U+001B'],
    ['DEL', 'x\u007f', 'U+007F'],
    ['a C1 control', 'x\u0085y', 'U+0085'],
    ['a lone surrogate', 'x\ud800y', 'surrogate'],
  ])('refuses %s in a query variable with 400 BAD_USER_INPUT, running no SQL', async (_label, text, named) => {
    const before = gateway.db.statements.count;
    const response = await ask(PARCEL, { c: text });
    expect(response.status).toBe(400);
    const { code, field, message } = rejection(response);
    expect(code).toBe('BAD_USER_INPUT');
    expect(field).toBe('c');
    expect(message).toContain(named);
    expect(response.body.data ?? null).toBeNull();
    expect(gateway.db.statements.count).toBe(before);
  });

  it('accepts TAB, LF and CR in a query variable', async () => {
    // The commune code itself is then malformed (the resolver's own check), but the text check lets it through.
    const response = await ask(PARCEL, { c: `\t${commune}\r\n` });
    expect(JSON.stringify(response.body.errors ?? [])).not.toMatch(/control character|surrogate/);
    const clean = await ask(PARCEL, { c: `${commune}` });
    expect(clean.status).toBe(200);
  });

  it('refuses NUL in a string literal, naming the argument', async () => {
    const response = await ask('{ parcel(communeCode: "3\\u00007", mapSheetNo: 1, parcelNo: 1) { id } }', {});
    expect(response.status).toBe(400);
    expect(rejection(response)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'communeCode' });
  });

  it('refuses NUL in a mutation input, nested in a list too, and writes nothing', async () => {
    const id = await pendingChange(1);
    const before = await counts(gateway.db, TABLES);
    const reason = await ask(REJECT, { input: { id, reason: 'Thiếu giấy tờ\u0000' } });
    expect(reason.status).toBe(400);
    expect(rejection(reason)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const [a] = people as [string];
    const nested = await ask(SUBMIT, {
      input: {
        parcel: { communeCode: commune, mapSheetNo: 900, parcelNo: 1 },
        type: 'TRANSFER',
        from: [{ personalId: a }],
        to: [
          { organisation: 'Công ty A', sharePercent: '50' },
          { organisation: 'Công ty\u0000B', sharePercent: '50' },
        ],
      },
    });
    expect(nested.status).toBe(400);
    expect(rejection(nested)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.to[1].organisation' });
    expect(await counts(gateway.db, TABLES)).toEqual(before);
    const [change] = await gateway.db.query<{ status: string }>(
      `SELECT status FROM land.land_change ORDER BY id DESC LIMIT 1`,
    );
    expect(change?.status).toBe('PENDING');
  });

  it('accepts TAB and line breaks in a reason text and stores them as sent', async () => {
    const id = await pendingChange(2);
    const reason = 'Hồ sơ thiếu:\tgiấy chứng nhận\r\n- bản đồ địa chính\n- chữ ký';
    const response = await ask(REJECT, { input: { id, reason } });
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    expect(response.body.data.rejectLandChange.change).toEqual({ status: 'REJECTED', rejectionReason: reason });
  });
});
