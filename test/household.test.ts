/**
 * The household sector over a real database (PGlite, or TEST_DATABASE_URL): Citizen.household (current permanent
 * registration only), Citizen.residenceRegistrations (history, newest first), Household members (head first, ended ones
 * on request), head, commune, Query.household, paging, argument errors and batching (a list of citizens costs the same
 * number of statements whatever its length).
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/lib/global-id.ts';
import { CITIZEN_AN, CITIZEN_BINH, commonFixtureSql } from './support/fixtures.ts';
import { sectorSchemaExecution, type Data } from './support/schema-execution.ts';

/** Head of household 1. */
const AN = CITIZEN_AN.personalId;
/** An's wife. */
const BINH = CITIZEN_BINH.personalId;
/** Their son. */
const CUONG = '037215000303';
/** Permanent resident of household 3, temporary resident in household 1. */
const DUNG = '037098000404';
/** Their daughter: left household 1 (ended registration) to head household 2. */
const EM = '037198000505';
/** Permanent registration ended, now only a temporary resident in household 1: no household. */
const GIANG = '037100000606';
/** A citizen with no residence registration at all. */
const HOA = '037192000707';
/** Citizens heading generated households, for the batching test. */
const MANY = Array.from({ length: 20 }, (_, i) => `0360880${String(i + 1).padStart(5, '0')}`);

const { data, statementsOf, badInput } = sectorSchemaExecution('household', fixtureSql);

function fixtureSql(): string {
  const lines: string[] = [
    ...commonFixtureSql(),
    `INSERT INTO core.citizen (personal_id, full_name, date_of_birth, sex) VALUES
       ('${CUONG}', 'Nguyễn Văn Cường', '2015-05-20', 'MALE'),
       ('${DUNG}', 'Lê Văn Dũng', '1998-11-11', 'MALE'),
       ('${EM}', 'Nguyễn Thị Em', '1998-01-15', 'FEMALE'),
       ('${GIANG}', 'Phạm Văn Giang', '2000-04-04', 'MALE'),
       ('${HOA}', 'Đỗ Thị Hoa', '1992-09-09', 'FEMALE')`,
    // Household 4 (the commune code is not in the reference table) has no members.
    `INSERT INTO household.household (id, residence_file_no, address, commune_code, head_personal_id) VALUES
       (1, 'NB14329000001', 'Số 12 đường Trần Hưng Đạo', '14329', '${AN}'),
       (2, 'NB14404000002', 'Thôn Đồng Tâm', '14404', '${EM}'),
       (3, 'NB14404000003', 'Thôn Bống', '14404', '${DUNG}'),
       (4, 'NB99999000004', 'Không rõ', '99999', '${HOA}')`,
    // Ids deliberately not in member order: the order comes from relationship and start date.
    `INSERT INTO household.residence_registration
       (id, household_id, personal_id, type, relationship_to_head, start_date, end_date, expected_end_date,
        deregistration_reason) VALUES
       (1, 1, '${CUONG}', 'PERMANENT', 'CHILD', '2015-06-01', NULL, NULL, NULL),
       (2, 1, '${DUNG}', 'TEMPORARY', 'OTHER_RELATIVE', '2025-09-01', NULL, '2027-09-01', NULL),
       (3, 1, '${BINH}', 'PERMANENT', 'SPOUSE', '2012-03-10', NULL, NULL, NULL),
       (4, 1, '${AN}', 'PERMANENT', 'HEAD', '2010-01-05', NULL, NULL, NULL),
       (5, 1, '${EM}', 'PERMANENT', 'CHILD', '2018-02-01', '2024-08-20', NULL, 'Chuyển đến hộ khác'),
       (6, 2, '${EM}', 'PERMANENT', 'HEAD', '2024-08-21', NULL, NULL, NULL),
       (7, 3, '${DUNG}', 'PERMANENT', 'HEAD', '2016-12-01', NULL, NULL, NULL),
       (8, 2, '${GIANG}', 'PERMANENT', 'NON_RELATIVE', '2024-09-01', '2025-12-31', NULL, 'Chuyển đi nơi khác'),
       (9, 1, '${GIANG}', 'TEMPORARY', 'NON_RELATIVE', '2026-01-01', NULL, '2026-12-31', NULL)`,
    // The generated rows below take serial ids: move the sequence past the explicit ones.
    `SELECT setval(pg_get_serial_sequence('household.residence_registration', 'id'), 1000)`,
  ];
  for (const [i, id] of MANY.entries()) {
    const household = 100 + i;
    lines.push(
      `INSERT INTO core.citizen (personal_id, full_name, date_of_birth, sex)
       VALUES ('${id}', 'Công dân ${i + 1}', '1988-01-01', 'MALE')`,
      `INSERT INTO household.household (id, residence_file_no, address, commune_code, head_personal_id)
       VALUES (${household}, 'NB14329${String(household).padStart(6, '0')}', 'Ngõ ${i + 1}', '14329', '${id}')`,
      `INSERT INTO household.residence_registration
         (household_id, personal_id, type, relationship_to_head, start_date, end_date) VALUES
         (${household}, '${id}', 'PERMANENT', 'HEAD', '2010-01-01', NULL),
         (${household}, '0361900${String(i + 1).padStart(5, '0')}', 'PERMANENT', 'SPOUSE', '2011-01-01', NULL),
         (${household}, '0362100${String(i + 1).padStart(5, '0')}', 'PERMANENT', 'CHILD', '2010-01-01', '2020-01-01')`,
    );
  }
  return lines.join(';\n');
}

const HOUSEHOLD_FIELDS = `id residenceFileNo address commune { code name level } head { id personalId }`;

describe('Citizen.household', () => {
  it('is the household of the current permanent registration, with commune and head', async () => {
    const result = await data(
      `query($pid: PersonalId!) { citizen(personalId: $pid) { household { ${HOUSEHOLD_FIELDS} } } }`,
      {
        pid: BINH,
      },
    );
    expect(result['citizen'].household).toEqual({
      id: toGlobalId('Household', 1),
      residenceFileNo: 'NB14329000001',
      address: 'Số 12 đường Trần Hưng Đạo',
      commune: { code: '14329', name: 'Phường Hoa Lư', level: 'WARD' },
      head: { id: toGlobalId('Citizen', AN), personalId: AN },
    });
  });

  it('ignores ended permanent and current temporary registrations', async () => {
    // Em: ended permanent in 1, current permanent in 2. Dũng: temporary in 1, permanent in 3.
    const result = await data(
      `{ em: citizen(personalId: "${EM}") { household { residenceFileNo } }
         dung: citizen(personalId: "${DUNG}") { household { residenceFileNo } }
         giang: citizen(personalId: "${GIANG}") { household { residenceFileNo } }
         hoa: citizen(personalId: "${HOA}") { household { residenceFileNo } } }`,
    );
    expect(result['em'].household).toEqual({ residenceFileNo: 'NB14404000002' });
    expect(result['dung'].household).toEqual({ residenceFileNo: 'NB14404000003' });
    expect(result['giang'].household).toBeNull();
    expect(result['hoa'].household).toBeNull();
  });

  it('resolves the head as a full citizen (identity fields loaded by the citizen hub)', async () => {
    const result = await data(`{ household(residenceFileNo: "NB14329000001") { head { personalId fullName } } }`);
    expect(result['household'].head).toEqual({ personalId: AN, fullName: 'Nguyễn Văn An' });
  });
});

describe('Citizen.residenceRegistrations', () => {
  const QUERY = `query($pid: PersonalId!, $first: Int, $after: String) {
    citizen(personalId: $pid) {
      residenceRegistrations(first: $first, after: $after) {
        edges { cursor node { id personalId type relationshipToHead startDate endDate expectedEndDate
          deregistrationReason household { residenceFileNo } citizen { personalId } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

  it('lists every registration, newest start first, with all fields', async () => {
    const result = await data(QUERY, { pid: GIANG });
    const connection = result['citizen'].residenceRegistrations;
    expect(connection.edges.map((edge: Data) => edge['node'])).toEqual([
      {
        id: toGlobalId('ResidenceRegistration', 9),
        personalId: GIANG,
        type: 'TEMPORARY',
        relationshipToHead: 'NON_RELATIVE',
        startDate: '2026-01-01',
        endDate: null,
        expectedEndDate: '2026-12-31',
        deregistrationReason: null,
        household: { residenceFileNo: 'NB14329000001' },
        citizen: { personalId: GIANG },
      },
      {
        id: toGlobalId('ResidenceRegistration', 8),
        personalId: GIANG,
        type: 'PERMANENT',
        relationshipToHead: 'NON_RELATIVE',
        startDate: '2024-09-01',
        endDate: '2025-12-31',
        expectedEndDate: null,
        deregistrationReason: 'Chuyển đi nơi khác',
        household: { residenceFileNo: 'NB14404000002' },
        citizen: { personalId: GIANG },
      },
    ]);
    expect(connection.pageInfo.hasNextPage).toBe(false);
  });

  it('pages with first/after', async () => {
    const first = await data(QUERY, { pid: EM, first: 1 });
    const page1 = first['citizen'].residenceRegistrations;
    expect(page1.edges.map((edge: Data) => edge['node'].startDate)).toEqual(['2024-08-21']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await data(QUERY, { pid: EM, first: 1, after: page1.pageInfo.endCursor });
    const page2 = second['citizen'].residenceRegistrations;
    expect(page2.edges.map((edge: Data) => edge['node'].startDate)).toEqual(['2018-02-01']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('is an empty connection for a citizen with no registration', async () => {
    const result = await data(QUERY, { pid: HOA });
    expect(result['citizen'].residenceRegistrations).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  it('rejects a page size over 100, an undecodable cursor and a forged one', async () => {
    const tooMany = await badInput(QUERY, { pid: AN, first: 101 });
    expect(tooMany?.extensions?.['argumentName']).toBe('first');
    const cursor = await badInput(QUERY, { pid: AN, after: 'not-a-cursor' });
    expect(cursor?.extensions?.['argumentName']).toBe('after');
    // Well-formed but forged: the sort value is not a date.
    const forged = Buffer.from(JSON.stringify(['Nguyễn', 1])).toString('base64url');
    expect((await badInput(QUERY, { pid: AN, after: forged }))?.extensions?.['argumentName']).toBe('after');
  });
});

describe('Household', () => {
  const MEMBERS = `query($no: String!, $includeEnded: Boolean, $first: Int, $after: String) {
    household(residenceFileNo: $no) {
      members(includeEnded: $includeEnded, first: $first, after: $after) {
        edges { node { personalId relationshipToHead type endDate } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;
  const ids = (result: Data) => result['household'].members.edges.map((edge: Data) => edge['node'].personalId);

  it('is found by residence file number; unknown numbers give null', async () => {
    const result = await data(`{ a: household(residenceFileNo: "NB14404000002") { ${HOUSEHOLD_FIELDS} }
      b: household(residenceFileNo: "NB00000000000") { id } }`);
    expect(result['a']).toEqual({
      id: toGlobalId('Household', 2),
      residenceFileNo: 'NB14404000002',
      address: 'Thôn Đồng Tâm',
      commune: { code: '14404', name: 'Xã Cúc Phương', level: 'COMMUNE' },
      head: { id: toGlobalId('Citizen', EM), personalId: EM },
    });
    expect(result['b']).toBeNull();
  });

  it('has a null commune when the code is not a known administrative unit', async () => {
    const result = await data(
      `{ household(residenceFileNo: "NB99999000004") { commune { code } members { edges { cursor } } } }`,
    );
    expect(result['household']).toEqual({ commune: null, members: { edges: [] } });
  });

  it('lists current members head first, then by relationship and start date', async () => {
    const result = await data(MEMBERS, { no: 'NB14329000001' });
    expect(result['household'].members.edges.map((edge: Data) => edge['node'])).toEqual([
      { personalId: AN, relationshipToHead: 'HEAD', type: 'PERMANENT', endDate: null },
      { personalId: BINH, relationshipToHead: 'SPOUSE', type: 'PERMANENT', endDate: null },
      { personalId: CUONG, relationshipToHead: 'CHILD', type: 'PERMANENT', endDate: null },
      { personalId: DUNG, relationshipToHead: 'OTHER_RELATIVE', type: 'TEMPORARY', endDate: null },
      { personalId: GIANG, relationshipToHead: 'NON_RELATIVE', type: 'TEMPORARY', endDate: null },
    ]);
    expect(result['household'].members.pageInfo.hasNextPage).toBe(false);
  });

  it('adds ended registrations after the current ones with includeEnded', async () => {
    const result = await data(MEMBERS, { no: 'NB14329000001', includeEnded: true });
    expect(ids(result)).toEqual([AN, BINH, CUONG, DUNG, GIANG, EM]);
    expect(result['household'].members.edges.at(-1).node.endDate).toBe('2024-08-20');
  });

  it('pages members with first/after, keeping the order across pages', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result = await data(MEMBERS, { no: 'NB14329000001', includeEnded: true, first: 2, after });
      seen.push(...ids(result));
      const { hasNextPage, endCursor } = result['household'].members.pageInfo;
      if (!hasNextPage) break;
      after = endCursor;
    }
    expect(seen).toEqual([AN, BINH, CUONG, DUNG, GIANG, EM]);
  });

  it('rejects a negative page size', async () => {
    const error = await badInput(MEMBERS, { no: 'NB14329000001', first: -1 });
    expect(error?.extensions?.['argumentName']).toBe('first');
  });
});

describe('batching', () => {
  const QUERY = `query($ids: [PersonalId!]!) {
    citizens(personalIds: $ids) {
      personalId
      household {
        id residenceFileNo commune { name } head { personalId fullName }
        members(includeEnded: true) { edges { node { personalId relationshipToHead household { residenceFileNo } } } }
      }
      residenceRegistrations { edges { node { id type household { address commune { code } } } } }
    }
  }`;

  it('costs the same number of statements for 5 and for 20 citizens', async () => {
    const five = await statementsOf(QUERY, { ids: MANY.slice(0, 5) });
    const twenty = await statementsOf(QUERY, { ids: MANY });
    expect(twenty).toBe(five);
    expect(five).toBeLessThanOrEqual(8);

    const result = await data(QUERY, { ids: MANY });
    const last = result['citizens'][19];
    expect(last.household.residenceFileNo).toBe('NB14329000119');
    expect(last.household.head).toEqual({ personalId: MANY[19], fullName: 'Công dân 20' });
    expect(last.household.members.edges.map((edge: Data) => edge['node'].relationshipToHead)).toEqual([
      'HEAD',
      'SPOUSE',
      'CHILD',
    ]);
    expect(last.residenceRegistrations.edges).toHaveLength(1);
  });
});
