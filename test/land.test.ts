/**
 * The land sector over a real database (PGlite, or TEST_DATABASE_URL): Citizen.landRights / landChanges, Query.parcel
 * and Query.landChanges with their filters, parcel communes and land-use purposes, right holders and change parties,
 * paging, argument errors and batching (a list of citizens or changes costs the same number of statements
 * whatever its length).
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/lib/global-id.ts';
import { CITIZEN_AN, CITIZEN_BINH, commonFixtureSql } from './support/fixtures.ts';
import { sectorSchemaExecution, type Data } from './support/schema-execution.ts';

/** Holds two current rights, one ended; party to five changes. */
const AN = CITIZEN_AN.personalId;
/** Co-holder of parcel 1 with An. */
const BINH = CITIZEN_BINH.personalId;
/** Transferred his only parcel to An: no current right. */
const CUONG = '036078000303';
/** Deceased parent in the inheritance: party to a change, not in the population registry fixture. */
const DUNG = '037050000404';
/** In the population registry, holds no land. */
const EM = '037200000505';
/** Citizens with one parcel, right and change each, for the batching tests. */
const MANY = Array.from({ length: 20 }, (_, i) => `0350950${String(i + 1).padStart(5, '0')}`);

const BANK = 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam - Chi nhánh Ninh Bình';
const LESSEE = 'Công ty TNHH Nông sản Cúc Phương';

const { run, data, statementsOf, badInput } = sectorSchemaExecution('land', fixtureSql);

const nodes = (connection: Data) => (connection['edges'] as Data[]).map((edge) => edge['node'] as Data);

function fixtureSql(): string {
  const lines: string[] = [
    ...commonFixtureSql([{ code: '14464', name: 'Xã Gia Viễn', level: 'COMMUNE' }]),
    `INSERT INTO core.citizen (personal_id, full_name, date_of_birth, sex) VALUES
       ('${CUONG}', 'Lê Văn Cường', '1978-11-20', 'MALE'),
       ('${EM}', 'Phạm Văn Em', '2000-09-09', 'MALE')`,
    // Parcel 4 sits in a commune code missing from core.administrative_unit and has no purpose codes.
    `INSERT INTO land.parcel (id, commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address) VALUES
       (1, '14329', 12, 345, 150.50, ARRAY['ODT', 'CLN'], 'Số 5 đường Tràng An, phường Hoa Lư'),
       (2, '14404', 3, 78, 1200, ARRAY['LUC'], 'Thôn Đồng Tâm, xã Cúc Phương'),
       (3, '14404', 3, 79, 500, ARRAY['ONT', 'XYZ'], 'Thôn Đồng Tâm, xã Cúc Phương'),
       (4, '99999', 1, 1, 10, NULL, 'Chưa rõ địa bàn')`,
    // r3 ended by the transfer to An (r4); r5 is a lease whose end lies in the future: still current.
    `INSERT INTO land.land_right
       (id, parcel_id, holder_personal_id, holder_organisation, share_percent, certificate_serial, since, ended_on)
     VALUES
       (1, 1, '${AN}', NULL, 50, 'CS 123456', '2020-05-01', NULL),
       (2, 1, '${BINH}', NULL, 50, 'CS 123456', '2020-05-01', NULL),
       (3, 2, '${CUONG}', NULL, 100, 'BA 654321', '2010-01-01', '2024-03-15'),
       (4, 2, '${AN}', NULL, 100, 'DA 000777', '2024-03-15', NULL),
       (5, 3, NULL, '${LESSEE}', 100, 'DB 000888', '2023-01-01', '2099-12-31'),
       (6, 3, '${AN}', NULL, 100, 'AB 111222', '2015-06-01', '2022-12-31')`,
    `INSERT INTO land.land_change
       (id, parcel_id, commune_code, type, status, submitted_on, registered_on, rejection_reason) VALUES
       (1, 2, '14404', 'TRANSFER', 'REGISTERED', '2024-02-20', '2024-03-15', NULL),
       (2, 1, '14329', 'INHERITANCE', 'REGISTERED', '2020-04-01', '2020-05-01', NULL),
       (3, 1, '14329', 'MORTGAGE', 'PENDING', '2026-03-01', NULL, NULL),
       (4, 3, '14404', 'LEASE', 'REGISTERED', '2022-12-01', '2023-01-01', NULL),
       (5, 1, '14329', 'HOLDER_INFO_CHANGE', 'REJECTED', '2025-06-10', NULL, 'Hồ sơ thiếu giấy tờ')`,
    // Parties inserted TO before FROM, to check the FROM-first order. An is on both sides of change 5.
    `INSERT INTO land.land_change_party (change_id, role, personal_id, organisation, share_percent) VALUES
       (1, 'TO', '${AN}', NULL, 100),
       (1, 'FROM', '${CUONG}', NULL, 100),
       (2, 'TO', '${AN}', NULL, 50),
       (2, 'TO', '${BINH}', NULL, 50),
       (2, 'FROM', '${DUNG}', NULL, 100),
       (3, 'TO', NULL, '${BANK}', NULL),
       (3, 'FROM', '${AN}', NULL, 50),
       (3, 'FROM', '${BINH}', NULL, 50),
       (4, 'TO', NULL, '${LESSEE}', 100),
       (4, 'FROM', '${AN}', NULL, 100),
       (5, 'FROM', '${AN}', NULL, 100),
       (5, 'TO', '${AN}', NULL, 100)`,
  ];
  for (const [i, id] of MANY.entries()) {
    const n = i + 1;
    lines.push(
      `INSERT INTO core.citizen (personal_id, full_name, date_of_birth, sex)
       VALUES ('${id}', 'Công dân ${n}', '1995-01-01', 'MALE')`,
      `INSERT INTO land.parcel (id, commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address)
       VALUES (${100 + n}, '14464', 7, ${100 + n}, 300, ARRAY['ONT', 'CLN'], 'Xóm ${n}, xã Gia Viễn')`,
      `INSERT INTO land.land_right (id, parcel_id, holder_personal_id, share_percent, certificate_serial, since)
       VALUES (${100 + n}, ${100 + n}, '${id}', 100, 'CG ${String(n).padStart(6, '0')}', '2019-01-01')`,
      `INSERT INTO land.land_change (id, parcel_id, commune_code, type, status, submitted_on)
       VALUES (${100 + n}, ${100 + n}, '14464', 'GIFT', 'PENDING', '2025-01-${String(n).padStart(2, '0')}')`,
      `INSERT INTO land.land_change_party (change_id, role, personal_id, share_percent) VALUES
         (${100 + n}, 'FROM', '${DUNG}', 100), (${100 + n}, 'TO', '${id}', 100)`,
    );
  }
  return `${lines.join(';\n')};`;
}

const PARCEL_FIELDS = `id commune { code name level } mapSheetNo parcelNo areaM2 purposes { code name } address`;

describe('Query.parcel', () => {
  const QUERY = `query ($c: String!, $s: Int!, $p: Int!) { parcel(communeCode: $c, mapSheetNo: $s, parcelNo: $p) {
    ${PARCEL_FIELDS}
    rights { edges { node { holderPersonalId holder { personalId } sharePercent certificateSerial since endedOn } } }
  } }`;

  it('finds a parcel by commune, map sheet and parcel number, with its commune, purposes and current rights', async () => {
    const { parcel } = await data(QUERY, { c: '14329', s: 12, p: 345 });
    expect(parcel).toMatchObject({
      id: toGlobalId('Parcel', 1),
      commune: { code: '14329', name: 'Phường Hoa Lư', level: 'WARD' },
      mapSheetNo: 12,
      parcelNo: 345,
      areaM2: '150.50',
      purposes: [
        { code: 'ODT', name: 'Đất ở tại đô thị' },
        { code: 'CLN', name: 'Đất trồng cây lâu năm' },
      ],
      address: 'Số 5 đường Tràng An, phường Hoa Lư',
    });
    const rights = nodes(parcel.rights);
    expect(rights.map((r) => r['holderPersonalId']).sort()).toEqual([AN, BINH].sort());
    expect(rights[0]).toMatchObject({
      sharePercent: '50.00',
      certificateSerial: 'CS 123456',
      since: '2020-05-01',
      endedOn: null,
    });
    expect(rights.map((r) => r['holder']['personalId']).sort()).toEqual([AN, BINH].sort());
  });

  it('keeps unknown purpose codes with a null name, and gives a null commune for an unknown commune code', async () => {
    const third = (await data(QUERY, { c: '14404', s: 3, p: 79 })).parcel;
    expect(third.purposes).toEqual([
      { code: 'ONT', name: 'Đất ở tại nông thôn' },
      { code: 'XYZ', name: null },
    ]);
    const fourth = (await data(QUERY, { c: '99999', s: 1, p: 1 })).parcel;
    expect(fourth).toMatchObject({ commune: null, purposes: [], areaM2: '10.00' });
  });

  it('returns null for a parcel that is not registered', async () => {
    expect((await data(QUERY, { c: '14329', s: 12, p: 346 })).parcel).toBeNull();
    expect((await data(QUERY, { c: '14404', s: 12, p: 345 })).parcel).toBeNull();
  });

  it('lists a lease with a future end date as current, an ended right only with includeEnded, organisations without a holder', async () => {
    const source = `query ($ended: Boolean) { parcel(communeCode: "14404", mapSheetNo: 3, parcelNo: 79) {
      rights(includeEnded: $ended) { edges { node { id holderPersonalId holder { personalId } holderOrganisation endedOn } } }
    } }`;
    const current = nodes((await data(source, { ended: false })).parcel.rights);
    expect(current).toEqual([
      {
        id: toGlobalId('LandRight', 5),
        holderPersonalId: null,
        holder: null,
        holderOrganisation: LESSEE,
        endedOn: '2099-12-31',
      },
    ]);
    const all = nodes((await data(source, { ended: true })).parcel.rights);
    expect(all.map((r) => r['id'])).toEqual([toGlobalId('LandRight', 5), toGlobalId('LandRight', 6)]);
    expect(all[1]).toMatchObject({ holderPersonalId: AN, holder: { personalId: AN }, endedOn: '2022-12-31' });
  });

  it('resolves a holder’s identity through the citizen hub', async () => {
    const { parcel } = await data(`{ parcel(communeCode: "14404", mapSheetNo: 3, parcelNo: 78) {
      rights(includeEnded: true) { edges { node { holder { id personalId fullName birthYear } } } }
    } }`);
    expect(nodes(parcel.rights).map((r) => r['holder'])).toEqual([
      { id: toGlobalId('Citizen', AN), personalId: AN, fullName: 'Nguyễn Văn An', birthYear: 1985 },
      { id: toGlobalId('Citizen', CUONG), personalId: CUONG, fullName: 'Lê Văn Cường', birthYear: 1978 },
    ]);
  });

  it('lists the changes of a parcel, newest submitted first', async () => {
    const { parcel } = await data(`{ parcel(communeCode: "14329", mapSheetNo: 12, parcelNo: 345) {
      changes { edges { node { id type status submittedOn registeredOn rejectionReason } } }
    } }`);
    expect(nodes(parcel.changes)).toEqual([
      {
        id: toGlobalId('LandChange', 3),
        type: 'MORTGAGE',
        status: 'PENDING',
        submittedOn: '2026-03-01',
        registeredOn: null,
        rejectionReason: null,
      },
      {
        id: toGlobalId('LandChange', 5),
        type: 'HOLDER_INFO_CHANGE',
        status: 'REJECTED',
        submittedOn: '2025-06-10',
        registeredOn: null,
        rejectionReason: 'Hồ sơ thiếu giấy tờ',
      },
      {
        id: toGlobalId('LandChange', 2),
        type: 'INHERITANCE',
        status: 'REGISTERED',
        submittedOn: '2020-04-01',
        registeredOn: '2020-05-01',
        rejectionReason: null,
      },
    ]);
  });

  it('rejects a commune code that is not 5 digits and non-positive numbers, naming the argument', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ c: '1432', s: 12, p: 345 }, 'communeCode'],
      [{ c: '14329x', s: 12, p: 345 }, 'communeCode'],
      [{ c: '14329', s: 0, p: 345 }, 'mapSheetNo'],
      [{ c: '14329', s: 12, p: -1 }, 'parcelNo'],
    ];
    for (const [variables, argumentName] of cases) {
      const error = await badInput(QUERY, variables);
      expect(error?.extensions?.['argumentName']).toBe(argumentName);
    }
  });
});

describe('Citizen.landRights and Citizen.landChanges', () => {
  it('lists the rights a citizen holds now, newest first; ended ones only with includeEnded', async () => {
    const source = `query ($pid: PersonalId!, $ended: Boolean) { citizen(personalId: $pid) {
      landRights(includeEnded: $ended) { edges { node { id since endedOn sharePercent parcel { id address purposes { code } } } } }
    } }`;
    const current = nodes((await data(source, { pid: AN })).citizen.landRights);
    expect(current.map((r) => r['id'])).toEqual([toGlobalId('LandRight', 4), toGlobalId('LandRight', 1)]);
    expect(current[0]).toMatchObject({
      since: '2024-03-15',
      endedOn: null,
      sharePercent: '100.00',
      parcel: { id: toGlobalId('Parcel', 2), address: 'Thôn Đồng Tâm, xã Cúc Phương', purposes: [{ code: 'LUC' }] },
    });
    const all = nodes((await data(source, { pid: AN, ended: true })).citizen.landRights);
    expect(all.map((r) => r['id'])).toEqual([4, 1, 6].map((id) => toGlobalId('LandRight', id)));

    expect(nodes((await data(source, { pid: CUONG })).citizen.landRights)).toEqual([]);
    const cuongAll = nodes((await data(source, { pid: CUONG, ended: true })).citizen.landRights);
    expect(cuongAll).toMatchObject([{ id: toGlobalId('LandRight', 3), endedOn: '2024-03-15' }]);
  });

  it('lists the changes a citizen is a party to, newest submitted first, each once, with its parties', async () => {
    const { citizen } = await data(`{ citizen(personalId: "${AN}") {
      landChanges { edges { node { id type parcel { id } parties { role personalId citizen { personalId } organisation sharePercent } } } }
    } }`);
    const changes = nodes(citizen.landChanges);
    expect(changes.map((c) => c['id'])).toEqual([3, 5, 1, 4, 2].map((id) => toGlobalId('LandChange', id)));
    expect(changes[0]).toMatchObject({ type: 'MORTGAGE', parcel: { id: toGlobalId('Parcel', 1) } });
    expect(changes[0]?.['parties']).toEqual([
      { role: 'FROM', personalId: AN, citizen: { personalId: AN }, organisation: null, sharePercent: '50.00' },
      { role: 'FROM', personalId: BINH, citizen: { personalId: BINH }, organisation: null, sharePercent: '50.00' },
      { role: 'TO', personalId: null, citizen: null, organisation: BANK, sharePercent: null },
    ]);
    // The transfer: giver first, even though the receiver was registered first.
    expect(changes[2]?.['parties'].map((p: Data) => [p['role'], p['personalId']])).toEqual([
      ['FROM', CUONG],
      ['TO', AN],
    ]);
  });

  it('pages through a citizen’s changes with first/after', async () => {
    const source = `query ($after: String) { citizen(personalId: "${AN}") {
      landChanges(first: 2, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
    } }`;
    const seen: string[] = [];
    let after: string | null = null;
    const pages: boolean[] = [];
    for (let i = 0; i < 4; i += 1) {
      const connection: Data = (await data(source, { after })).citizen.landChanges;
      seen.push(...nodes(connection).map((n) => n['id'] as string));
      pages.push(connection['pageInfo']['hasNextPage'] as boolean);
      if (!connection['pageInfo']['hasNextPage']) break;
      after = connection['pageInfo']['endCursor'] as string;
      expect(connection['edges'].at(-1)['cursor']).toBe(after);
    }
    expect(seen).toEqual([3, 5, 1, 4, 2].map((id) => toGlobalId('LandChange', id)));
    expect(pages).toEqual([true, true, false]);
  });

  it('gives empty lists to a citizen with no land', async () => {
    const { citizen } = await data(`{ citizen(personalId: "${EM}") {
      landRights(includeEnded: true) { edges { node { id } } pageInfo { hasNextPage endCursor } }
      landChanges { edges { node { id } } pageInfo { hasNextPage endCursor } }
    } }`);
    const empty = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    expect(citizen).toEqual({ landRights: empty, landChanges: empty });
  });

  it('rejects a page size over 100 and a foreign cursor', async () => {
    const source = `query ($first: Int, $after: String) { citizen(personalId: "${AN}") {
      landRights(first: $first, after: $after) { edges { node { id } } }
    } }`;
    expect((await badInput(source, { first: 101 }))?.extensions?.['argumentName']).toBe('first');
    expect((await badInput(source, { after: 'not-a-cursor' }))?.extensions?.['argumentName']).toBe('after');
  });
});

describe('Query.landChanges', () => {
  const QUERY = `query ($c: String, $type: LandChangeType, $status: LandChangeStatus, $from: Date, $to: Date,
      $first: Int, $after: String) {
    landChanges(communeCode: $c, type: $type, status: $status, from: $from, to: $to, first: $first, after: $after) {
      edges { node { id } } pageInfo { hasNextPage endCursor }
    } }`;
  const ids = async (variables: Record<string, unknown>) =>
    nodes((await data(QUERY, variables)).landChanges).map((n) => n['id'] as string);
  const changeIds = (...numbers: number[]) => numbers.map((n) => toGlobalId('LandChange', n));

  it('lists every change newest first without filters, paged', async () => {
    const first = (await data(QUERY, { first: 3 })).landChanges;
    // 2026-03-01, 2025-06-10, then the twenty gifts of January 2025, newest (20 January) first.
    expect(nodes(first).map((n) => n['id'])).toEqual(changeIds(3, 5, 120));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await ids({ first: 100, after: first.pageInfo.endCursor });
    expect(rest).toHaveLength(25 - 3);
    expect(rest.slice(-3)).toEqual(changeIds(1, 4, 2));
  });

  it('filters by commune, type, status and the submission date range (inclusive)', async () => {
    expect(await ids({ c: '14404' })).toEqual(changeIds(1, 4));
    expect(await ids({ type: 'TRANSFER' })).toEqual(changeIds(1));
    expect(await ids({ c: '14329', status: 'REGISTERED' })).toEqual(changeIds(2));
    expect(await ids({ status: 'REJECTED' })).toEqual(changeIds(5));
    expect(await ids({ from: '2024-01-01', to: '2024-12-31' })).toEqual(changeIds(1));
    expect(await ids({ from: '2025-01-05', to: '2025-01-07' })).toEqual(changeIds(107, 106, 105));
    expect(await ids({ from: '2025-06-10' })).toEqual(changeIds(3, 5));
    expect(await ids({ to: '2020-04-01' })).toEqual(changeIds(2));
    expect(await ids({ from: '2024-02-20', to: '2024-02-20' })).toEqual(changeIds(1));
    expect(await ids({ c: '14464', type: 'GIFT', status: 'PENDING', first: 100 })).toHaveLength(20);
    expect(await ids({ c: '14329', type: 'TRANSFER' })).toEqual([]);
  });

  it('pages a filtered list with first/after', async () => {
    const page1 = (await data(QUERY, { c: '14329', first: 2 })).landChanges;
    expect(nodes(page1).map((n) => n['id'])).toEqual(changeIds(3, 5));
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await data(QUERY, { c: '14329', first: 2, after: page1.pageInfo.endCursor })).landChanges;
    expect(nodes(page2).map((n) => n['id'])).toEqual(changeIds(2));
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('rejects `from` after `to`, a malformed commune code and bad paging, naming the argument', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ from: '2025-02-01', to: '2025-01-31' }, 'from'],
      [{ c: '1440' }, 'communeCode'],
      [{ c: 'abcde' }, 'communeCode'],
      [{ first: 101 }, 'first'],
      [{ first: -1 }, 'first'],
      [{ after: 'garbage' }, 'after'],
    ];
    for (const [variables, argumentName] of cases) {
      const error = await badInput(QUERY, variables);
      expect(error?.extensions?.['argumentName']).toBe(argumentName);
    }
    // A malformed date never reaches the resolver: the Date scalar rejects it.
    const result = await run(QUERY, { from: '2025-02-30' });
    expect(result.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});

describe('batching', () => {
  const CITIZENS = `query ($ids: [PersonalId!]!) { citizens(personalIds: $ids) {
    personalId
    landRights(includeEnded: true) { edges { node {
      id holder { personalId }
      parcel { ${PARCEL_FIELDS}
        rights { edges { node { id holder { personalId } } } }
        changes { edges { node { id parties { role citizen { personalId } } } } }
      }
    } } }
    landChanges { edges { node { id parcel { id commune { name } } parties { role personalId citizen { personalId } } } } }
  } }`;

  it('costs the same number of statements for 5 citizens as for 20', async () => {
    const five = await statementsOf(CITIZENS, { ids: MANY.slice(0, 5) });
    const twenty = await statementsOf(CITIZENS, { ids: MANY });
    expect(twenty).toBe(five);
    const { citizens } = await data(CITIZENS, { ids: MANY });
    expect(citizens).toHaveLength(20);
    for (const [i, citizen] of (citizens as Data[]).entries()) {
      const [right] = nodes(citizen['landRights']);
      expect(right).toMatchObject({
        holder: { personalId: MANY[i] },
        parcel: { parcelNo: 101 + i, commune: { name: 'Xã Gia Viễn' } },
      });
      const [change] = nodes(citizen['landChanges']);
      expect(change?.['parties'].map((p: Data) => p['personalId'])).toEqual([DUNG, MANY[i]]);
    }
  });

  it('costs the same number of statements for a page of 5 changes as for 20', async () => {
    const source = `query ($first: Int) { landChanges(communeCode: "14464", first: $first) { edges { node {
      id parcel { ${PARCEL_FIELDS} rights { edges { node { holder { personalId } } } } }
      parties { role citizen { personalId } }
    } } } }`;
    await statementsOf(source, { first: 1 }); // loads the reference tables (communes) once for the process
    const five = await statementsOf(source, { first: 5 });
    const twenty = await statementsOf(source, { first: 20 });
    expect(twenty).toBe(five);
    // Search, parcels, rights, parties: one statement each; communes come from the reference table in memory.
    expect(twenty).toBe(4);
  });
});
