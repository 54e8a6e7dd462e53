/**
 * The tourism sector over a real database (PGlite, or TEST_DATABASE_URL): establishments (by global ID and as a
 * filtered list), their guest stays (check-in date filter in Vietnam time), inspections and commune, Citizen.stays,
 * GuestStay.guest for Vietnamese and foreign guests, paging, argument errors and batching (a list of N parents costs
 * the same number of statements whatever N).
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/lib/global-id.ts';
import { CITIZEN_AN, CITIZEN_BINH, commonFixtureSql } from './support/fixtures.ts';
import { sectorSchemaExecution, type Data } from './support/schema-execution.ts';

/** A Vietnamese guest with several stays. */
const AN = CITIZEN_AN.personalId;
/** A citizen who never stayed anywhere. */
const BINH = CITIZEN_BINH.personalId;
/** Guests with generated stays, for the batching test. */
const MANY = Array.from({ length: 20 }, (_, i) => `0370920${String(i + 1).padStart(5, '0')}`);

const { data, statementsOf, badInput } = sectorSchemaExecution('tourism', fixtureSql);

function fixtureSql(): string {
  const lines: string[] = [
    ...commonFixtureSql(),
    `INSERT INTO tourism.establishment (id, name, type, stars, licence_no, commune_code, address) VALUES
       (1, 'Khách sạn Tràng An', 'HOTEL', 4, 'NB-KS-0001', '14329', 'Số 1 đường Tràng An'),
       (2, 'Homestay Tam Cốc Garden', 'HOMESTAY', NULL, 'NB-HS-0002', '14404', 'Thôn Hải Nham'),
       (3, 'Biệt thự Hoa Lư', 'TOURIST_VILLA', NULL, 'NB-BT-0003', '14329', 'Số 8 đường Đinh Tiên Hoàng'),
       (4, 'Du thuyền Vân Long', 'CRUISE_SHIP', NULL, 'NB-DT-0004', '99999', 'Bến Vân Long'),
       (5, 'Homestay Cúc Phương Lodge', 'HOMESTAY', NULL, 'NB-HS-0005', '14404', 'Bản Mạc')`,
    // Stay 3 checks in at 01:30 on 1 April Vietnam time (18:30 UTC on 31 March); stay 4 at 23:59:59.999 on
    // 30 April and stay 5 at 00:00 on 1 May, Vietnam time.
    `INSERT INTO tourism.guest_stay (id, establishment_id, guest_personal_id, passport_no, nationality, check_in_at,
       expected_check_out_at, actual_check_out_at, declared_at, channel) VALUES
       (1, 1, '${AN}', NULL, 'VNM', '2026-01-10T07:00:00Z', '2026-01-12T05:00:00Z', '2026-01-12T04:30:00Z',
        '2026-01-10T07:20:00Z', 'VNEID'),
       (2, 2, '${AN}', NULL, 'VNM', '2026-02-14T09:00:00Z', '2026-02-16T05:00:00Z', NULL, '2026-02-14T09:05:00Z',
        'ONLINE_PORTAL'),
       (3, 1, NULL, 'C01234567', 'FRA', '2026-03-31T18:30:00Z', '2026-04-03T05:00:00Z', NULL, '2026-03-31T19:00:00Z',
        'IN_PERSON'),
       (4, 1, '${AN}', NULL, 'VNM', '2026-04-30T16:59:59.999Z', '2026-05-02T05:00:00Z', NULL,
        '2026-04-30T17:10:00Z', 'API'),
       (5, 1, NULL, 'K98765432', 'KOR', '2026-04-30T17:00:00Z', '2026-05-03T05:00:00Z', NULL, '2026-04-30T17:30:00Z',
        'API')`,
    `INSERT INTO tourism.inspection (id, establishment_id, inspected_on, agency, findings, violations) VALUES
       (1, 1, '2025-06-12', 'Sở Du lịch Ninh Bình', 'Đạt yêu cầu', NULL),
       (2, 1, '2026-03-05', 'Công an phường Hoa Lư', 'Chưa khai báo lưu trú cho 2 khách',
        ARRAY['Không thông báo lưu trú', 'Sổ đăng ký khách không đầy đủ'])`,
    `SELECT setval(pg_get_serial_sequence('tourism.establishment', 'id'), 1000)`,
    `SELECT setval(pg_get_serial_sequence('tourism.guest_stay', 'id'), 1000)`,
    `SELECT setval(pg_get_serial_sequence('tourism.inspection', 'id'), 1000)`,
  ];
  for (const [i, id] of MANY.entries()) {
    lines.push(
      `INSERT INTO core.citizen (personal_id, full_name, date_of_birth, sex)
       VALUES ('${id}', 'Khách ${i + 1}', '1992-01-01', 'MALE')`,
      `INSERT INTO tourism.guest_stay (establishment_id, guest_personal_id, nationality, check_in_at,
         expected_check_out_at, declared_at, channel) VALUES
         (${(i % 5) + 1}, '${id}', 'VNM', '2025-12-0${(i % 9) + 1}T08:00:00Z', '2025-12-20T05:00:00Z',
          '2025-12-01T09:00:00Z', 'VNEID'),
         (${((i + 1) % 5) + 1}, '${id}', 'VNM', '2025-11-01T08:00:00Z', '2025-11-03T05:00:00Z',
          '2025-11-01T09:00:00Z', 'IN_PERSON')`,
    );
  }
  return lines.join(';\n');
}

describe('Query.establishment', () => {
  const QUERY = `query($id: ID!) {
    establishment(id: $id) { id name type stars licenceNo address commune { code name level } }
  }`;

  it('finds an establishment by global ID', async () => {
    const result = await data(QUERY, { id: toGlobalId('Establishment', 1) });
    expect(result['establishment']).toEqual({
      id: toGlobalId('Establishment', 1),
      name: 'Khách sạn Tràng An',
      type: 'HOTEL',
      stars: 4,
      licenceNo: 'NB-KS-0001',
      address: 'Số 1 đường Tràng An',
      commune: { code: '14329', name: 'Phường Hoa Lư', level: 'WARD' },
    });
  });

  it('gives null for unknown establishments and a null commune for unknown commune codes', async () => {
    expect((await data(QUERY, { id: toGlobalId('Establishment', 999) }))['establishment']).toBeNull();
    expect((await data(QUERY, { id: toGlobalId('Establishment', '99999999999') }))['establishment']).toBeNull();
    const cruise = await data(QUERY, { id: toGlobalId('Establishment', 4) });
    expect(cruise['establishment'].commune).toBeNull();
  });

  it('rejects the ID of another type or a malformed ID', async () => {
    const other = await badInput(QUERY, { id: toGlobalId('Household', 1) });
    expect(other?.extensions?.['argumentName']).toBe('id');
    await badInput(QUERY, { id: toGlobalId('Establishment', 'abc') });
    await badInput(QUERY, { id: 'garbage' });
  });
});

describe('Query.establishments', () => {
  const QUERY = `query($communeCode: String, $type: EstablishmentType, $first: Int, $after: String) {
    establishments(communeCode: $communeCode, type: $type, first: $first, after: $after) {
      edges { cursor node { name type } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  const names = (result: Data) => result['establishments'].edges.map((edge: Data) => edge['node'].name);

  it('filters by commune and by type, ordered by name', async () => {
    expect(names(await data(QUERY, { communeCode: '14404' }))).toEqual([
      'Homestay Cúc Phương Lodge',
      'Homestay Tam Cốc Garden',
    ]);
    expect(names(await data(QUERY, { communeCode: '14329' }))).toEqual(['Biệt thự Hoa Lư', 'Khách sạn Tràng An']);
    expect(names(await data(QUERY, { communeCode: '14329', type: 'HOTEL' }))).toEqual(['Khách sạn Tràng An']);
    expect(names(await data(QUERY, { type: 'CRUISE_SHIP' }))).toEqual(['Du thuyền Vân Long']);
    expect(names(await data(QUERY, { communeCode: '14404', type: 'HOTEL' }))).toEqual([]);
  });

  it('pages through all establishments with first/after', async () => {
    const all = names(await data(QUERY, { first: 100 }));
    expect(all).toHaveLength(5);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result = await data(QUERY, { first: 2, after });
      seen.push(...names(result));
      const { hasNextPage, endCursor } = result['establishments'].pageInfo;
      if (!hasNextPage) break;
      after = endCursor;
    }
    expect(seen).toEqual(all);
  });

  it('rejects a commune code that is not 5 digits, and page sizes over 100', async () => {
    for (const communeCode of ['1432', '143290', 'abcde', '']) {
      const error = await badInput(QUERY, { communeCode });
      expect(error?.extensions?.['argumentName']).toBe('communeCode');
    }
    const error = await badInput(QUERY, { first: 101 });
    expect(error?.extensions?.['argumentName']).toBe('first');
  });

  it('rejects forged cursors and cursors of another list', async () => {
    const outOfRange = Buffer.from(JSON.stringify(['Khách sạn', 99_999_999_999])).toString('base64url');
    expect((await badInput(QUERY, { after: outOfRange }))?.extensions?.['argumentName']).toBe('after');
    // An establishments cursor (a name) handed to a list sorted by check-in time.
    const { endCursor } = (await data(QUERY, { first: 1 }))['establishments'].pageInfo;
    const error = await badInput(
      `query($after: String) { citizen(personalId: "${AN}") { stays(after: $after) { edges { cursor } } } }`,
      {
        after: endCursor,
      },
    );
    expect(error?.extensions?.['argumentName']).toBe('after');
  });
});

describe('stays', () => {
  const STAY_FIELDS = `id guestPersonalId guest { personalId fullName } passportNo nationality checkInAt expectedCheckOutAt
    actualCheckOutAt declaredAt channel establishment { name }`;

  it("lists a citizen's stays newest check-in first, with all fields", async () => {
    const result = await data(
      `{ citizen(personalId: "${AN}") { stays { edges { node { ${STAY_FIELDS} } } pageInfo { hasNextPage } } } }`,
    );
    const stays = result['citizen'].stays;
    expect(stays.edges.map((edge: Data) => edge['node'].id)).toEqual([
      toGlobalId('GuestStay', 4),
      toGlobalId('GuestStay', 2),
      toGlobalId('GuestStay', 1),
    ]);
    expect(stays.edges[2].node).toEqual({
      id: toGlobalId('GuestStay', 1),
      guestPersonalId: AN,
      guest: { personalId: AN, fullName: 'Nguyễn Văn An' },
      passportNo: null,
      nationality: 'VNM',
      checkInAt: '2026-01-10T07:00:00.000Z',
      expectedCheckOutAt: '2026-01-12T05:00:00.000Z',
      actualCheckOutAt: '2026-01-12T04:30:00.000Z',
      declaredAt: '2026-01-10T07:20:00.000Z',
      channel: 'VNEID',
      establishment: { name: 'Khách sạn Tràng An' },
    });
    expect(stays.pageInfo.hasNextPage).toBe(false);
  });

  it("pages a citizen's stays with first/after", async () => {
    const QUERY = `query($after: String) { citizen(personalId: "${AN}") {
      stays(first: 2, after: $after) { edges { node { checkInAt } } pageInfo { hasNextPage endCursor } } } }`;
    const page1 = (await data(QUERY))['citizen'].stays;
    expect(page1.edges.map((edge: Data) => edge['node'].checkInAt)).toEqual([
      '2026-04-30T16:59:59.999Z',
      '2026-02-14T09:00:00.000Z',
    ]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await data(QUERY, { after: page1.pageInfo.endCursor }))['citizen'].stays;
    expect(page2.edges.map((edge: Data) => edge['node'].checkInAt)).toEqual(['2026-01-10T07:00:00.000Z']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('is empty for a citizen who never stayed anywhere', async () => {
    const result = await data(
      `{ citizen(personalId: "${BINH}") { stays { edges { cursor } pageInfo { hasNextPage endCursor } } } }`,
    );
    expect(result['citizen'].stays).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('gives foreign guests a passport and nationality but no citizen', async () => {
    const result = await data(
      `query($id: ID!) { establishment(id: $id) {
      stays(from: "2026-03-01", to: "2026-03-31") { edges { node { id } } }
      april: stays(from: "2026-04-01", to: "2026-04-01") { edges { node { ${STAY_FIELDS} } } } } }`,
      {
        id: toGlobalId('Establishment', 1),
      },
    );
    expect(result['establishment'].april.edges.map((edge: Data) => edge['node'])).toEqual([
      {
        id: toGlobalId('GuestStay', 3),
        guestPersonalId: null,
        guest: null,
        passportNo: 'C01234567',
        nationality: 'FRA',
        checkInAt: '2026-03-31T18:30:00.000Z',
        expectedCheckOutAt: '2026-04-03T05:00:00.000Z',
        actualCheckOutAt: null,
        declaredAt: '2026-03-31T19:00:00.000Z',
        channel: 'IN_PERSON',
        establishment: { name: 'Khách sạn Tràng An' },
      },
    ]);
    // 18:30 UTC on 31 March is already 1 April in Vietnam.
    expect(result['establishment'].stays.edges).toEqual([]);
  });

  it("filters an establishment's stays on the Vietnamese check-in date, both bounds included", async () => {
    const QUERY = `query($id: ID!, $from: Date, $to: Date) { establishment(id: $id) {
      stays(from: $from, to: $to) { edges { node { id } } } } }`;
    const ids = async (from: string | null, to: string | null) =>
      (await data(QUERY, { id: toGlobalId('Establishment', 1), from, to }))['establishment'].stays.edges.map(
        (edge: Data) => Number(Buffer.from(edge['node'].id, 'base64url').toString().split(':')[1]),
      );
    expect(await ids('2026-04-01', '2026-04-30')).toEqual([4, 3]);
    expect(await ids('2026-05-01', null)).toEqual([5]);
    expect(await ids(null, '2026-01-10')).toEqual(expect.arrayContaining([1]));
    expect(await ids(null, '2026-01-10')).not.toContain(3);
    expect(await ids('2026-04-30', '2026-04-30')).toEqual([4]);
  });

  it('rejects a from date after the to date, and invalid dates', async () => {
    const QUERY = `query($from: Date, $to: Date) { establishment(id: "${toGlobalId('Establishment', 1)}") {
      stays(from: $from, to: $to) { edges { node { id } } } } }`;
    const error = await badInput(QUERY, { from: '2026-05-01', to: '2026-04-01' });
    expect(error?.extensions?.['argumentName']).toBe('from');
    await badInput(QUERY, { from: '2026-02-30' });
  });
});

describe('Establishment.inspections', () => {
  it('lists inspections newest first, with findings and violations', async () => {
    const result = await data(`{ establishment(id: "${toGlobalId('Establishment', 1)}") {
      inspections { edges { node { inspectedOn agency findings violations } } pageInfo { hasNextPage } } } }`);
    expect(result['establishment'].inspections).toEqual({
      edges: [
        {
          node: {
            inspectedOn: '2026-03-05',
            agency: 'Công an phường Hoa Lư',
            findings: 'Chưa khai báo lưu trú cho 2 khách',
            violations: ['Không thông báo lưu trú', 'Sổ đăng ký khách không đầy đủ'],
          },
        },
        {
          node: {
            inspectedOn: '2025-06-12',
            agency: 'Sở Du lịch Ninh Bình',
            findings: 'Đạt yêu cầu',
            violations: null,
          },
        },
      ],
      pageInfo: { hasNextPage: false },
    });
  });

  it('pages inspections', async () => {
    const result = await data(`{ establishment(id: "${toGlobalId('Establishment', 1)}") {
      inspections(first: 1) { edges { node { inspectedOn } } pageInfo { hasNextPage } } } }`);
    expect(result['establishment'].inspections).toEqual({
      edges: [{ node: { inspectedOn: '2026-03-05' } }],
      pageInfo: { hasNextPage: true },
    });
  });
});

describe('batching', () => {
  it('costs the same number of statements for 5 and for 20 citizens', async () => {
    const QUERY = `query($ids: [PersonalId!]!) {
      citizens(personalIds: $ids) {
        stays { edges { node { guest { personalId fullName } establishment {
          name commune { name }
          stays(first: 2) { edges { node { guestPersonalId } } }
          inspections { edges { node { agency } } }
        } } } }
      }
    }`;
    const five = await statementsOf(QUERY, { ids: MANY.slice(0, 5) });
    const twenty = await statementsOf(QUERY, { ids: MANY });
    expect(twenty).toBe(five);
    expect(five).toBeLessThanOrEqual(10);

    const result = await data(QUERY, { ids: MANY });
    const last = result['citizens'][19].stays.edges;
    expect(last.map((edge: Data) => edge['node'].establishment.name)).toEqual([
      'Homestay Cúc Phương Lodge',
      'Khách sạn Tràng An',
    ]);
    expect(last[0].node.guest).toEqual({ personalId: MANY[19], fullName: 'Khách 20' });
  });

  it('costs the same number of statements for a list of 2 and of 5 establishments', async () => {
    const QUERY = `query($first: Int) {
      establishments(first: $first) { edges { node {
        commune { name } inspections { edges { node { agency } } }
        stays(from: "2025-01-01") { edges { node { guest { personalId } } } }
      } } }
    }`;
    expect(await statementsOf(QUERY, { first: 5 })).toBe(await statementsOf(QUERY, { first: 2 }));
  });
});
