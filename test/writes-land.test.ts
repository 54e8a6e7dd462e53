/**
 * Land writes through the real gateway (docs/ARCHITECTURE.md §11): changes are submitted PENDING, then registered
 * (rights ended and created in the same transaction, shares summing to 100%) or rejected; status moves only from
 * PENDING; a failure in the middle of a registration leaves nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway, type Json } from './support/harness.ts';
import { counts, daysAgo, expectBadInput, rejection } from './support/writes.ts';

let gateway: TestGateway;
let office: string;
let commune: string;
let people: string[]; // alive citizens
let deceased: string;
let nextParcelNo = 1;

const TABLES = ['land.land_change', 'land.land_change_party', 'land.land_right', 'core.idempotency_key'];

const CHANGE_FIELDS = `changeId change { id type status submittedOn registeredOn rejectionReason
  parties { role personalId organisation sharePercent } }`;
const RIGHT_FIELDS = 'holderPersonalId holderOrganisation sharePercent certificateSerial since endedOn';

const SUBMIT = `mutation Submit($input: SubmitLandChangeInput!) { submitLandChange(input: $input) { ${CHANGE_FIELDS} } }`;
const REGISTER = `mutation Register($input: RegisterLandChangeInput!) { registerLandChange(input: $input) {
  ${CHANGE_FIELDS} endedRights { ${RIGHT_FIELDS} } createdRights { ${RIGHT_FIELDS} } } }`;
const REJECT = `mutation Reject($input: RejectLandChangeInput!) { rejectLandChange(input: $input) { ${CHANGE_FIELDS} } }`;

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 80, seed: 7 });
  office = await gateway.token('land-office');
  const [unit] = await gateway.db.query<{ code: string }>(
    `SELECT code FROM core.administrative_unit WHERE level <> 'PROVINCE' ORDER BY code LIMIT 1`,
  );
  commune = unit?.code as string;
  people = await gateway.personalIds(8, `status = 'ALIVE'`);
  deceased = people.pop() as string;
  await gateway.db.query(`UPDATE core.citizen SET status = 'DECEASED' WHERE personal_id = $1`, [deceased]);
});

afterAll(async () => gateway?.close());

interface Holder {
  personalId?: string;
  organisation?: string;
  share: string;
}

/** A parcel of our own (map sheet 900) with these current rights. */
async function parcelWith(holders: Holder[]) {
  const parcelNo = nextParcelNo++;
  const [parcel] = await gateway.db.query<{ id: number }>(
    `INSERT INTO land.parcel (commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address)
     VALUES ($1, 900, $2, 150.00, '{ONT}', 'Thôn Thử nghiệm') RETURNING id`,
    [commune, parcelNo],
  );
  for (const holder of holders) {
    await gateway.db.query(
      `INSERT INTO land.land_right (parcel_id, holder_personal_id, holder_organisation, share_percent, certificate_serial, since)
       VALUES ($1, $2, $3, $4::numeric, 'CS 123456', '2015-03-01')`,
      [parcel?.id, holder.personalId ?? null, holder.organisation ?? null, holder.share],
    );
  }
  return { communeCode: commune, mapSheetNo: 900, parcelNo };
}

function write(query: string, input: Record<string, unknown>) {
  return gateway.graphql<Json>(query, { input }, { token: office, purpose: 'LAND_ADMINISTRATION' });
}

async function currentRights(parcel: { communeCode: string; mapSheetNo: number; parcelNo: number }) {
  const response = await gateway.graphql<Json>(
    `query ($c: String!, $m: Int!, $p: Int!) { parcel(communeCode: $c, mapSheetNo: $m, parcelNo: $p) {
       rights(first: 50) { edges { node { ${RIGHT_FIELDS} } } } } }`,
    { c: parcel.communeCode, m: parcel.mapSheetNo, p: parcel.parcelNo },
    { token: office, purpose: 'LAND_ADMINISTRATION' },
  );
  return (response.body.data.parcel.rights.edges as Json[])
    .map((e) => e.node)
    .sort((a: Json, b: Json) =>
      String(a.holderPersonalId ?? a.holderOrganisation).localeCompare(
        String(b.holderPersonalId ?? b.holderOrganisation),
      ),
    );
}

async function submit(input: Record<string, unknown>): Promise<string> {
  const response = await write(SUBMIT, input);
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data.submitLandChange.changeId as string;
}

describe('submit and register a transfer', () => {
  it('submits PENDING, then registers: the seller rights end, the buyers get theirs, 100% in total', async () => {
    const [a, b, c] = people as [string, string, string];
    const parcel = await parcelWith([{ personalId: a, share: '100' }]);
    const submitted = await write(SUBMIT, {
      parcel,
      type: 'TRANSFER',
      from: [{ personalId: a, sharePercent: '100' }],
      to: [
        { personalId: b, sharePercent: '60' },
        { personalId: c, sharePercent: '40' },
      ],
    });
    expect(submitted.body.errors).toBeUndefined();
    const { changeId, change } = submitted.body.data.submitLandChange;
    expect(change).toMatchObject({
      id: changeId,
      type: 'TRANSFER',
      status: 'PENDING',
      submittedOn: daysAgo(0),
      registeredOn: null,
    });
    expect(change.parties).toEqual([
      { role: 'FROM', personalId: a, organisation: null, sharePercent: '100.00' },
      { role: 'TO', personalId: b, organisation: null, sharePercent: '60.00' },
      { role: 'TO', personalId: c, organisation: null, sharePercent: '40.00' },
    ]);
    // Nothing changes before registration.
    expect((await currentRights(parcel)).map((r: Json) => r.holderPersonalId)).toEqual([a]);

    const registered = await write(REGISTER, { id: changeId });
    expect(registered.body.errors).toBeUndefined();
    const payload = registered.body.data.registerLandChange;
    expect(payload.change).toMatchObject({ status: 'REGISTERED', registeredOn: daysAgo(0) });
    expect(payload.endedRights).toEqual([
      {
        holderPersonalId: a,
        holderOrganisation: null,
        sharePercent: '100.00',
        certificateSerial: 'CS 123456',
        since: '2015-03-01',
        endedOn: daysAgo(0),
      },
    ]);
    expect(payload.createdRights).toHaveLength(2);
    const serial = payload.createdRights[0].certificateSerial as string;
    expect(serial).toMatch(/^DE \d{6}$/);
    expect(payload.createdRights).toEqual([
      {
        holderPersonalId: b,
        holderOrganisation: null,
        sharePercent: '60.00',
        certificateSerial: serial,
        since: daysAgo(0),
        endedOn: null,
      },
      {
        holderPersonalId: c,
        holderOrganisation: null,
        sharePercent: '40.00',
        certificateSerial: serial,
        since: daysAgo(0),
        endedOn: null,
      },
    ]);
    const rights = await currentRights(parcel);
    expect(rights.map((r: Json) => [r.holderPersonalId, r.sharePercent])).toEqual(
      [
        [b, '60.00'],
        [c, '40.00'],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
  });

  it('keeps a share for a seller listed on both sides, and takes organisations', async () => {
    const [a, b] = people as [string, string];
    const parcel = await parcelWith([{ personalId: a, share: '100' }]);
    const changeId = await submit({
      parcel,
      type: 'CAPITAL_CONTRIBUTION',
      from: [{ personalId: a }],
      to: [
        { personalId: a, sharePercent: '33.33' },
        { organisation: 'Công ty TNHH Thử Nghiệm', sharePercent: '66.67' },
      ],
    });
    const registered = await write(REGISTER, { id: changeId });
    expect(registered.body.errors).toBeUndefined();
    const rights = await currentRights(parcel);
    expect(rights.map((r: Json) => [r.holderPersonalId ?? r.holderOrganisation, r.sharePercent]).sort()).toEqual(
      [
        [a, '33.33'],
        ['Công ty TNHH Thử Nghiệm', '66.67'],
      ].sort(),
    );
    expect(b).toBeDefined();
  });

  it('registers a mortgage without touching the rights', async () => {
    const [a] = people as [string];
    const parcel = await parcelWith([{ personalId: a, share: '100' }]);
    const changeId = await submit({
      parcel,
      type: 'MORTGAGE',
      from: [{ personalId: a }],
      to: [{ organisation: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam' }],
    });
    const registered = await write(REGISTER, { id: changeId, registeredOn: daysAgo(0) });
    expect(registered.body.data.registerLandChange).toMatchObject({
      change: { status: 'REGISTERED' },
      endedRights: [],
      createdRights: [],
    });
    expect((await currentRights(parcel)).map((r: Json) => r.holderPersonalId)).toEqual([a]);
  });
});

describe('validation on submission', () => {
  it('lists every problem of the parties at once and writes nothing', async () => {
    const [a, b, c] = people as [string, string, string];
    const parcel = await parcelWith([
      { personalId: a, share: '50' },
      { personalId: b, share: '50' },
    ]);
    const before = await counts(gateway.db, TABLES);
    const problems = expectBadInput(
      await write(SUBMIT, {
        parcel,
        type: 'GIFT',
        from: [{ personalId: a, sharePercent: '40' }, { personalId: c }],
        to: [
          { personalId: c, organisation: 'Hợp tác xã', sharePercent: '10' },
          { personalId: '037090999999', sharePercent: '0' },
          { personalId: deceased, sharePercent: '33.333' },
        ],
      }),
      [
        'input.to[0]',
        'input.to[1].personalId',
        'input.to[1].sharePercent',
        'input.to[2].personalId',
        'input.to[2].sharePercent',
      ],
    );
    expect(problems.find((p) => p.field === 'input.to[2].personalId')?.reason).toMatch(/deceased/);
    // With well-formed parties, the rights are checked: not a holder, a wrong share, shares not summing to 100%.
    expectBadInput(
      await write(SUBMIT, {
        parcel,
        type: 'GIFT',
        from: [{ personalId: a, sharePercent: '40' }, { personalId: c }],
        to: [{ personalId: c, sharePercent: '30' }],
      }),
      ['input.from[0].sharePercent', 'input.from[1]', 'input.to'],
    );
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('refuses shares that do not sum to 100%, naming the total', async () => {
    const [a, b] = people as [string, string];
    const parcel = await parcelWith([{ personalId: a, share: '100' }]);
    const [problem] = expectBadInput(
      await write(SUBMIT, {
        parcel,
        type: 'TRANSFER',
        from: [{ personalId: a }],
        to: [{ personalId: b, sharePercent: '99.99' }],
      }),
      ['input.to'],
    );
    expect(problem?.reason).toContain('99.99%');
  });

  it('refuses a receiver who already holds a right the change does not end', async () => {
    const [a, b] = people as [string, string];
    const parcel = await parcelWith([
      { personalId: a, share: '50' },
      { personalId: b, share: '50' },
    ]);
    expectBadInput(
      await write(SUBMIT, {
        parcel,
        type: 'GIFT',
        from: [{ personalId: b }],
        to: [{ personalId: a, sharePercent: '50' }],
      }),
      ['input.to[0]'],
    );
  });

  it('checks the parcel, the party lists and the date', async () => {
    const [a] = people as [string];
    expectBadInput(
      await write(SUBMIT, {
        parcel: { communeCode: '123', mapSheetNo: 0, parcelNo: 1 },
        type: 'TRANSFER',
        from: [],
        to: [{ personalId: a, sharePercent: '100' }],
        submittedOn: daysAgo(-1),
      }),
      ['input.parcel.communeCode', 'input.parcel.mapSheetNo', 'input.from', 'input.submittedOn'],
    );
    expectBadInput(
      await write(SUBMIT, {
        parcel: { communeCode: commune, mapSheetNo: 999, parcelNo: 999 },
        type: 'TRANSFER',
        from: [{ personalId: a }],
        to: [{ personalId: a, sharePercent: '100' }],
      }),
      ['input.parcel'],
    );
  });
});

describe('status transitions', () => {
  it('registers or rejects only a PENDING change, once', async () => {
    const [a, b] = people as [string, string];
    const parcel = await parcelWith([{ personalId: a, share: '100' }]);
    const input = { parcel, type: 'TRANSFER', from: [{ personalId: a }], to: [{ personalId: b, sharePercent: '100' }] };
    const first = await submit(input);
    const second = await submit(input);

    expectBadInput(await write(REJECT, { id: second, reason: ' ' }), ['input.reason']);
    const rejected = await write(REJECT, { id: second, reason: 'Hồ sơ thiếu giấy tờ' });
    expect(rejected.body.data.rejectLandChange.change).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Hồ sơ thiếu giấy tờ',
    });
    expect((await write(REGISTER, { id: first })).body.errors).toBeUndefined();

    const before = await counts(gateway.db, TABLES);
    for (const [query, input2] of [
      [REGISTER, { id: first }],
      [REJECT, { id: first, reason: 'late' }],
      [REGISTER, { id: second }],
      [REJECT, { id: second, reason: 'again' }],
    ] as const) {
      const response = await write(query, input2);
      expect(response.status).toBe(409);
      expect(rejection(response)).toMatchObject({ code: 'CONFLICT', field: 'input.id' });
    }
    expect(await counts(gateway.db, TABLES)).toEqual(before);
    expectBadInput(await write(REGISTER, { id: 'bm90LWFuLWlk' }), ['input.id']);
    expectBadInput(await write(REGISTER, { id: Buffer.from('LandChange:999999').toString('base64url') }), ['input.id']);
  });

  it('refuses to register a change the rights no longer allow (another was registered first)', async () => {
    const [a, b, c] = people as [string, string, string];
    const parcel = await parcelWith([{ personalId: a, share: '100' }]);
    const toB = await submit({
      parcel,
      type: 'TRANSFER',
      from: [{ personalId: a }],
      to: [{ personalId: b, sharePercent: '100' }],
    });
    const toC = await submit({
      parcel,
      type: 'TRANSFER',
      from: [{ personalId: a }],
      to: [{ personalId: c, sharePercent: '100' }],
    });
    expect((await write(REGISTER, { id: toB })).body.errors).toBeUndefined();
    const before = await counts(gateway.db, TABLES);
    const late = await write(REGISTER, { id: toC });
    expect(late.status).toBe(409);
    expect(rejection(late).message).toMatch(/holds no current right/);
    expect(await counts(gateway.db, TABLES)).toEqual(before);
    expect((await currentRights(parcel)).map((r: Json) => r.holderPersonalId)).toEqual([b]);
  });

  it('refuses a registration date before the submission or in the future', async () => {
    const [a, b] = people as [string, string];
    const parcel = await parcelWith([{ personalId: a, share: '100' }]);
    const id = await submit({
      parcel,
      type: 'GIFT',
      from: [{ personalId: a }],
      to: [{ personalId: b, sharePercent: '100' }],
      submittedOn: daysAgo(3),
    });
    expectBadInput(await write(REGISTER, { id, registeredOn: daysAgo(4) }), ['input.registeredOn']);
    expectBadInput(await write(REGISTER, { id, registeredOn: daysAgo(-1) }), ['input.registeredOn']);
    const ok = await write(REGISTER, { id, registeredOn: daysAgo(1) });
    expect(ok.body.data.registerLandChange.change.registeredOn).toBe(daysAgo(1));
  });
});

describe('atomicity', () => {
  it('a failure in the middle of a registration leaves the change PENDING and the rights as they were', async () => {
    const [a, b] = people as [string, string];
    const parcel = await parcelWith([{ personalId: a, share: '100' }]);
    const id = await submit({
      parcel,
      type: 'TRANSFER',
      from: [{ personalId: a }],
      to: [{ personalId: b, sharePercent: '100' }],
    });
    // The rights of the seller end first; then the new right is refused by a constraint added for this test.
    await gateway.db.exec(
      `ALTER TABLE land.land_right ADD CONSTRAINT writes_test_no_new_certificates CHECK (certificate_serial NOT LIKE 'DE %') NOT VALID`,
    );
    let failed: Awaited<ReturnType<typeof write>> | undefined;
    try {
      const before = await counts(gateway.db, TABLES);
      failed = await write(REGISTER, { id });
      expect(await counts(gateway.db, TABLES)).toEqual(before);
    } finally {
      await gateway.db.exec('ALTER TABLE land.land_right DROP CONSTRAINT writes_test_no_new_certificates');
    }
    expect(failed?.status).toBe(200);
    expect(rejection(failed)).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
    expect(await currentRights(parcel)).toEqual([
      {
        holderPersonalId: a,
        holderOrganisation: null,
        sharePercent: '100.00',
        certificateSerial: 'CS 123456',
        since: '2015-03-01',
        endedOn: null,
      },
    ]);
    const [change] = await gateway.db.query(`SELECT status::text AS status FROM land.land_change WHERE id = $1`, [
      Number(Buffer.from(id, 'base64url').toString().split(':')[1]),
    ]);
    expect(change).toEqual({ status: 'PENDING' });
    // The same change registers once the failure is gone.
    expect((await write(REGISTER, { id })).body.data.registerLandChange.change.status).toBe('REGISTERED');
  });
});
