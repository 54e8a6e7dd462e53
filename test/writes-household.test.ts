/**
 * Household writes through the real gateway (docs/ARCHITECTURE.md §11): residents are registered, moved and
 * deregistered; one current head per household and one current permanent registration per citizen (checked, and
 * enforced by the database); a move is one transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway, type Json } from './support/harness.ts';
import { counts, daysAgo, expectBadInput, rejection } from './support/writes.ts';

let gateway: TestGateway;
let police: string;
let commune: string;
let nextCitizen = 0;

const TABLES = ['household.household', 'household.residence_registration', 'core.idempotency_key'];

const REGISTRATION = 'id personalId type relationshipToHead startDate endDate expectedEndDate deregistrationReason';
const HOUSEHOLD = 'id residenceFileNo address commune { code } head { personalId }';

const REGISTER = `mutation Register($input: RegisterResidentInput!) { registerResident(input: $input) {
  personalId registration { ${REGISTRATION} household { residenceFileNo } } household { ${HOUSEHOLD} } } }`;
const MOVE = `mutation Move($input: MoveResidentInput!) { moveResident(input: $input) {
  personalId ended { ${REGISTRATION} } registration { ${REGISTRATION} } household { ${HOUSEHOLD} } } }`;
const DEREGISTER = `mutation Deregister($input: DeregisterResidentInput!) { deregisterResident(input: $input) {
  personalId ended { ${REGISTRATION} } } }`;

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 40, seed: 7 });
  police = await gateway.token('residence-police');
  const [unit] = await gateway.db.query<{ code: string }>(
    `SELECT code FROM core.administrative_unit WHERE level = 'WARD' ORDER BY code LIMIT 1`,
  );
  commune = unit?.code as string;
});

afterAll(async () => gateway?.close());

/** A citizen of our own, with no residence registration yet. */
async function newCitizen(dateOfBirth = '1990-05-01', status = 'ALIVE'): Promise<string> {
  for (;;) {
    const personalId = `037090${String(990_000 + (nextCitizen += 1) * 7 + (process.pid % 7)).padStart(6, '0')}`;
    const rows = await gateway.db.query(
      `INSERT INTO core.citizen (personal_id, full_name, date_of_birth, sex, status)
       VALUES ($1, 'Nguyễn Văn Thử', $2::date, 'MALE', $3::core."CitizenStatus") ON CONFLICT DO NOTHING RETURNING 1`,
      [personalId, dateOfBirth, status],
    );
    if (rows.length > 0) return personalId;
  }
}

function write(query: string, input: Record<string, unknown>) {
  return gateway.graphql<Json>(query, { input }, { token: police, purpose: 'RESIDENCE_ADMINISTRATION' });
}

async function ok(query: string, input: Record<string, unknown>): Promise<Json> {
  const response = await write(query, input);
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return Object.values(response.body.data as Record<string, Json>)[0];
}

/** A new household headed by a new citizen; returns its file number and the head. */
async function household(): Promise<{ fileNo: string; head: string }> {
  const head = await newCitizen();
  const payload = await ok(REGISTER, {
    newHousehold: { address: 'Số 1, đường Thử', communeCode: commune },
    personalId: head,
    type: 'PERMANENT',
    relationshipToHead: 'HEAD',
    startDate: daysAgo(400),
  });
  return { fileNo: payload.household.residenceFileNo as string, head };
}

async function history(personalId: string): Promise<Json[]> {
  const response = await gateway.graphql<Json>(
    `query ($id: PersonalId!) { citizen(personalId: $id) { residenceRegistrations(first: 50) { edges { node {
       type relationshipToHead startDate endDate deregistrationReason household { residenceFileNo } } } } } }`,
    { id: personalId },
    { token: police, purpose: 'RESIDENCE_ADMINISTRATION' },
  );
  return (response.body.data.citizen.residenceRegistrations.edges as Json[]).map((e) => e.node);
}

describe('registerResident', () => {
  it('registers a citizen as the head of a new household with a new residence file number', async () => {
    const head = await newCitizen();
    const payload = await ok(REGISTER, {
      newHousehold: { address: '  Số 12, đường Trần Hưng Đạo  ', communeCode: commune },
      personalId: head,
      type: 'PERMANENT',
      relationshipToHead: 'HEAD',
      startDate: daysAgo(10),
    });
    expect(payload.personalId).toBe(head);
    expect(payload.household).toMatchObject({
      address: 'Số 12, đường Trần Hưng Đạo',
      commune: { code: commune },
      head: { personalId: head },
    });
    expect(payload.household.residenceFileNo).toMatch(new RegExp(`^${commune}\\d{8}$`));
    expect(payload.registration).toMatchObject({
      personalId: head,
      type: 'PERMANENT',
      relationshipToHead: 'HEAD',
      startDate: daysAgo(10),
      endDate: null,
      expectedEndDate: null,
      household: { residenceFileNo: payload.household.residenceFileNo },
    });
  });

  it('adds members to an existing household; the household lists them head first', async () => {
    const { fileNo, head } = await household();
    const spouse = await newCitizen('1992-01-01');
    const lodger = await newCitizen('2001-01-01');
    await ok(REGISTER, {
      householdResidenceFileNo: fileNo,
      personalId: spouse,
      type: 'PERMANENT',
      relationshipToHead: 'SPOUSE',
      startDate: daysAgo(100),
    });
    const temporary = await ok(REGISTER, {
      householdResidenceFileNo: fileNo,
      personalId: lodger,
      type: 'TEMPORARY',
      relationshipToHead: 'NON_RELATIVE',
      startDate: daysAgo(5),
      expectedEndDate: daysAgo(-360),
    });
    expect(temporary.registration).toMatchObject({ type: 'TEMPORARY', expectedEndDate: daysAgo(-360) });
    const members = await gateway.graphql<Json>(
      `query ($f: String!) { household(residenceFileNo: $f) { head { personalId } members { edges { node { personalId relationshipToHead } } } } }`,
      { f: fileNo },
      { token: police, purpose: 'RESIDENCE_ADMINISTRATION' },
    );
    expect(members.body.data.household).toEqual({
      head: { personalId: head },
      members: {
        edges: [
          { node: { personalId: head, relationshipToHead: 'HEAD' } },
          { node: { personalId: spouse, relationshipToHead: 'SPOUSE' } },
          { node: { personalId: lodger, relationshipToHead: 'NON_RELATIVE' } },
        ],
      },
    });
  });

  it('keeps one head per household', async () => {
    const { fileNo } = await household();
    const other = await newCitizen();
    const before = await counts(gateway.db, TABLES);
    const [problem] = expectBadInput(
      await write(REGISTER, {
        householdResidenceFileNo: fileNo,
        personalId: other,
        type: 'PERMANENT',
        relationshipToHead: 'HEAD',
        startDate: daysAgo(1),
      }),
      ['input.relationshipToHead'],
    );
    expect(problem?.reason).toMatch(/already has a current head/);
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('keeps one permanent registration per citizen: a second one is a move', async () => {
    const { head } = await household();
    const { fileNo } = await household();
    expectBadInput(
      await write(REGISTER, {
        householdResidenceFileNo: fileNo,
        personalId: head,
        type: 'PERMANENT',
        relationshipToHead: 'CHILD',
        startDate: daysAgo(1),
      }),
      ['input.personalId'],
    );
  });

  it('lists every problem at once and writes nothing', async () => {
    const { fileNo } = await household();
    const young = await newCitizen('2020-06-01');
    const dead = await newCitizen('1950-01-01', 'DECEASED');
    const before = await counts(gateway.db, TABLES);
    expectBadInput(
      await write(REGISTER, {
        householdResidenceFileNo: fileNo,
        newHousehold: { address: '', communeCode: '1234' },
        personalId: young,
        type: 'PERMANENT',
        relationshipToHead: 'CHILD',
        startDate: '2019-01-01',
        expectedEndDate: '2030-01-01',
      }),
      [
        'input.householdResidenceFileNo',
        'input.newHousehold.address',
        'input.newHousehold.communeCode',
        'input.relationshipToHead',
        'input.expectedEndDate',
        'input.startDate',
      ],
    );
    expectBadInput(
      await write(REGISTER, {
        householdResidenceFileNo: 'NO-SUCH-FILE',
        personalId: dead,
        type: 'TEMPORARY',
        relationshipToHead: 'NON_RELATIVE',
        startDate: daysAgo(-3),
      }),
      ['input.householdResidenceFileNo', 'input.personalId', 'input.expectedEndDate', 'input.startDate'],
    );
    expectBadInput(
      await write(REGISTER, {
        newHousehold: { address: 'Thôn A', communeCode: '99999' },
        personalId: young,
        type: 'TEMPORARY',
        relationshipToHead: 'HEAD',
        startDate: daysAgo(3),
        expectedEndDate: daysAgo(3),
      }),
      ['input.newHousehold.communeCode', 'input.expectedEndDate'],
    );
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('registers a temporary absence only at the citizen permanent household, with the same relationship', async () => {
    const { fileNo, head } = await household();
    const { fileNo: elsewhere } = await household();
    const absence = {
      personalId: head,
      type: 'TEMPORARY_ABSENCE',
      relationshipToHead: 'HEAD',
      startDate: daysAgo(2),
      expectedEndDate: daysAgo(-100),
    };
    expectBadInput(await write(REGISTER, { ...absence, householdResidenceFileNo: elsewhere }), [
      'input.householdResidenceFileNo',
    ]);
    expectBadInput(
      await write(REGISTER, { ...absence, householdResidenceFileNo: fileNo, relationshipToHead: 'CHILD' }),
      ['input.relationshipToHead'],
    );
    // The head being away is not a second head.
    const payload = await ok(REGISTER, { ...absence, householdResidenceFileNo: fileNo });
    expect(payload.registration).toMatchObject({ type: 'TEMPORARY_ABSENCE', relationshipToHead: 'HEAD' });
  });

  it('the database refuses a second current head or permanent registration written around the checks', async () => {
    const { fileNo, head } = await household();
    const [row] = await gateway.db.query<{ id: number }>(
      `SELECT id FROM household.household WHERE residence_file_no = $1`,
      [fileNo],
    );
    const other = await newCitizen();
    await expect(
      gateway.db.query(
        `INSERT INTO household.residence_registration (household_id, personal_id, type, relationship_to_head, start_date)
         VALUES ($1, $2, 'PERMANENT', 'HEAD', CURRENT_DATE)`,
        [row?.id, other],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'residence_registration_one_current_head_key' });
    await expect(
      gateway.db.query(
        `INSERT INTO household.residence_registration (household_id, personal_id, type, relationship_to_head, start_date)
         VALUES ($1, $2, 'PERMANENT', 'CHILD', CURRENT_DATE)`,
        [row?.id, head],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'residence_registration_one_current_permanent_key' });
    await expect(
      gateway.db.query(`UPDATE household.residence_registration SET end_date = start_date WHERE personal_id = $1`, [
        head,
      ]),
    ).rejects.toMatchObject({ code: '23514', constraint: 'residence_registration_end_after_start' });
  });
});

describe('moveResident', () => {
  it('ends the current permanent registration and starts the new one the same day', async () => {
    const { fileNo: from, head } = await household();
    const { fileNo: to } = await household();
    const date = daysAgo(3);
    const payload = await ok(MOVE, {
      personalId: head,
      toHouseholdResidenceFileNo: to,
      relationshipToHead: 'SIBLING',
      date,
    });
    expect(payload.ended).toMatchObject({
      type: 'PERMANENT',
      relationshipToHead: 'HEAD',
      endDate: date,
      deregistrationReason: 'Đã đăng ký thường trú tại chỗ ở hợp pháp mới',
    });
    expect(payload.registration).toMatchObject({
      type: 'PERMANENT',
      relationshipToHead: 'SIBLING',
      startDate: date,
      endDate: null,
    });
    expect(payload.household.residenceFileNo).toBe(to);
    const rows = await history(head);
    expect(rows.map((r) => [r.household.residenceFileNo, r.startDate === date ? 'new' : 'old', r.endDate])).toEqual([
      [to, 'new', null],
      [from, 'old', date],
    ]);
  });

  it('moves into a new household (tách hộ) as its head', async () => {
    const { fileNo } = await household();
    const child = await newCitizen('2000-02-02');
    await ok(REGISTER, {
      householdResidenceFileNo: fileNo,
      personalId: child,
      type: 'PERMANENT',
      relationshipToHead: 'CHILD',
      startDate: daysAgo(50),
    });
    const payload = await ok(MOVE, {
      personalId: child,
      toNewHousehold: { address: 'Số 3, ngõ 5', communeCode: commune },
      relationshipToHead: 'HEAD',
      date: daysAgo(1),
    });
    expect(payload.household.head).toEqual({ personalId: child });
    expect(payload.household.residenceFileNo).not.toBe(fileNo);
  });

  it('checks the date, the target and the head rule, and writes nothing when refused', async () => {
    const { fileNo: from, head } = await household();
    const { fileNo: to } = await household();
    const stranger = await newCitizen();
    const before = await counts(gateway.db, TABLES);
    expectBadInput(
      await write(MOVE, {
        personalId: head,
        toHouseholdResidenceFileNo: to,
        relationshipToHead: 'HEAD',
        date: daysAgo(401),
      }),
      ['input.date', 'input.relationshipToHead'],
    );
    expectBadInput(
      await write(MOVE, {
        personalId: head,
        toHouseholdResidenceFileNo: from,
        relationshipToHead: 'HEAD',
        date: daysAgo(1),
      }),
      ['input.toHouseholdResidenceFileNo'],
    );
    expectBadInput(
      await write(MOVE, {
        personalId: stranger,
        toHouseholdResidenceFileNo: to,
        relationshipToHead: 'CHILD',
        date: daysAgo(1),
      }),
      ['input.personalId'],
    );
    expectBadInput(
      await write(MOVE, {
        personalId: head,
        toNewHousehold: { address: 'X', communeCode: commune },
        relationshipToHead: 'CHILD',
        date: daysAgo(-1),
      }),
      ['input.relationshipToHead', 'input.date'],
    );
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('is one transaction: a failure after the old registration ended leaves it current', async () => {
    const { fileNo: from, head } = await household();
    const { fileNo: to } = await household();
    const date = daysAgo(2);
    // The old registration is ended first; the new one (starting on `date`) is then refused by a test constraint.
    await gateway.db.exec(
      `ALTER TABLE household.residence_registration ADD CONSTRAINT writes_test_no_start CHECK (start_date <> DATE '${date}') NOT VALID`,
    );
    let failed: Awaited<ReturnType<typeof write>> | undefined;
    try {
      const before = await counts(gateway.db, TABLES);
      failed = await write(MOVE, {
        personalId: head,
        toHouseholdResidenceFileNo: to,
        relationshipToHead: 'CHILD',
        date,
      });
      expect(await counts(gateway.db, TABLES)).toEqual(before);
    } finally {
      await gateway.db.exec('ALTER TABLE household.residence_registration DROP CONSTRAINT writes_test_no_start');
    }
    expect(rejection(failed).code).toBe('INTERNAL_SERVER_ERROR');
    expect(await history(head)).toEqual([
      expect.objectContaining({ household: { residenceFileNo: from }, endDate: null, deregistrationReason: null }),
    ]);
  });
});

describe('deregisterResident', () => {
  it('ends the permanent registration and the temporary absence from it', async () => {
    const { fileNo, head } = await household();
    await ok(REGISTER, {
      householdResidenceFileNo: fileNo,
      personalId: head,
      type: 'TEMPORARY_ABSENCE',
      relationshipToHead: 'HEAD',
      startDate: daysAgo(30),
      expectedEndDate: daysAgo(-30),
    });
    const payload = await ok(DEREGISTER, { personalId: head, date: daysAgo(1), reason: 'Chết' });
    expect(payload.ended.map((r: Json) => [r.type, r.endDate, r.deregistrationReason])).toEqual([
      ['PERMANENT', daysAgo(1), 'Chết'],
      ['TEMPORARY_ABSENCE', daysAgo(1), 'Chết'],
    ]);
    const response = await write(DEREGISTER, { personalId: head, date: daysAgo(0), reason: 'Chết' });
    expectBadInput(response, ['input.personalId']);
  });

  it('checks the date and the reason', async () => {
    const { head } = await household();
    expectBadInput(await write(DEREGISTER, { personalId: head, date: daysAgo(500), reason: '' }), [
      'input.date',
      'input.reason',
    ]);
    expectBadInput(await write(DEREGISTER, { personalId: head, date: daysAgo(-1), reason: 'Định cư ở nước ngoài' }), [
      'input.date',
    ]);
  });

  it('needs the write scope', async () => {
    const { head } = await household();
    const reader = await gateway.token('land-office');
    const response = await gateway.graphql<Json>(
      DEREGISTER,
      { input: { personalId: head, date: daysAgo(1), reason: 'x' } },
      {
        token: reader,
        purpose: 'LAND_ADMINISTRATION',
      },
    );
    expect(rejection(response).code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect((await history(head))[0].endDate).toBeNull();
  });
});
