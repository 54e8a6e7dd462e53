/**
 * Multi-subject personal data (docs/ARCHITECTURE.md §5, §6) through the real HTTP gateway: a household, a parcel, a
 * land change, an identifier resolution and an identity conflict reveal something about identifiable people, so
 * reading them needs a purpose (400 PURPOSE_REQUIRED without `X-Purpose`) and writes one access record per citizen
 * they are about (the household's current members, the parcel's current holders who are persons, the change's person
 * parties, the citizens an identifier resolves to), naming the fields released. A citizen token sees such an object
 * only when it is among its subjects; an object about nobody (a parcel held only by organisations) is withheld from it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_COLUMNS, DENIED_FIELD_PREFIX, type ChainedRecord } from '../src/audit/chain.ts';
import { findFixtures, type AuthzFixtures } from './support/authz-fixtures.ts';
import { startTestGateway, type GraphQLResponse, type Json, type TestGateway } from './support/harness.ts';

let gateway: TestGateway;
let fx: AuthzFixtures;
let police: string;
let landOffice: string;
/** A household with at least two current members. */
let household: { id: number; fileNo: string; members: string[] };
/** A parcel with a current holder who is a person, and its current person holders. */
let parcel: { communeCode: string; mapSheetNo: number; parcelNo: number; holders: string[] };
/** A parcel held only by an organisation now; `formerHolder` held a right on it that has ended. */
const ORG_PARCEL = { mapSheetNo: 990, parcelNo: 7 };
let orgParcelCommune: string;
let formerHolder: string;

const sortIds = (ids: Iterable<string>) => [...new Set(ids)].sort();

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 60, seed: 7, env: { RATE_LIMIT_ENABLED: 'false' } });
  fx = await findFixtures(gateway.db);
  police = await gateway.token('residence-police');
  landOffice = await gateway.token('land-office');
  const [h] = await gateway.db.query<{ id: number; fileNo: string; members: string[] }>(
    `SELECT h.id, h.residence_file_no AS "fileNo", array_agg(DISTINCT r.personal_id::text) AS members
     FROM household.household h JOIN household.residence_registration r ON r.household_id = h.id AND r.end_date IS NULL
     GROUP BY h.id HAVING count(DISTINCT r.personal_id) >= 2 ORDER BY h.id LIMIT 1`,
  );
  if (h === undefined) throw new Error('the seed has no household with two current members');
  household = h;
  const [p] = await gateway.db.query<{
    communeCode: string;
    mapSheetNo: number;
    parcelNo: number;
    holders: string[];
  }>(
    `SELECT p.commune_code AS "communeCode", p.map_sheet_no AS "mapSheetNo", p.parcel_no AS "parcelNo",
       array_agg(DISTINCT r.holder_personal_id::text) AS holders
     FROM land.parcel p JOIN land.land_right r ON r.parcel_id = p.id
     WHERE r.holder_personal_id IS NOT NULL AND (r.ended_on IS NULL OR r.ended_on > (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
     GROUP BY p.id ORDER BY count(DISTINCT r.holder_personal_id) DESC, p.id LIMIT 1`,
  );
  if (p === undefined) throw new Error('the seed has no parcel held by a person');
  parcel = { ...p, mapSheetNo: Number(p.mapSheetNo), parcelNo: Number(p.parcelNo) };

  // A parcel held only by an organisation, whose former holder (a citizen) gave it up.
  formerHolder = fx.withHousemates ?? fx.rich;
  orgParcelCommune = parcel.communeCode;
  await gateway.db.query(
    `WITH p AS (
       INSERT INTO land.parcel (commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address)
       VALUES ($1, $2, $3, 1000, '{SKC}', 'Khu công nghiệp') RETURNING id
     )
     INSERT INTO land.land_right (parcel_id, holder_personal_id, holder_organisation, share_percent, certificate_serial,
       since, ended_on)
     SELECT id, $4::char(12), NULL::text, 100, 'CLS-0001', DATE '2015-01-01', DATE '2020-01-01' FROM p
     UNION ALL SELECT id, NULL, 'Công ty TNHH Ví Dụ', 100, 'CLS-0002', DATE '2020-01-01', NULL FROM p`,
    [orgParcelCommune, ORG_PARCEL.mapSheetNo, ORG_PARCEL.parcelNo, formerHolder],
  );
}, 120_000);

afterAll(async () => {
  await gateway?.close();
});

async function recordsOf(response: GraphQLResponse<unknown>): Promise<ChainedRecord[]> {
  const id = response.headers.get('x-request-id');
  if (id === null) throw new Error('no x-request-id');
  return gateway.db.query<ChainedRecord>(
    `SELECT ${RECORD_COLUMNS} FROM audit.access_record WHERE request_id = $1 ORDER BY personal_id`,
    [id],
  );
}

const released = (record: ChainedRecord) => (record.fields ?? []).filter((f) => !f.startsWith(DENIED_FIELD_PREFIX));

function expectPurposeRequired(response: GraphQLResponse<Json>): void {
  expect(response.status).toBe(400);
  expect(response.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
  expect(response.body.data).toBeUndefined();
}

describe('Household: its current members’ data', () => {
  const ATTACK = `query($f: String!) { household(residenceFileNo: $f) { address members { edges { cursor } } } }`;

  it('without X-Purpose: 400 PURPOSE_REQUIRED, no data, no record', async () => {
    const response = await gateway.graphql<Json>(ATTACK, { f: household.fileNo }, { token: police });
    expectPurposeRequired(response);
    expect(await recordsOf(response)).toEqual([]);
  });

  it('with a purpose: 200 and one record per current member, naming the fields released', async () => {
    const response = await gateway.graphql<Json>(
      ATTACK,
      { f: household.fileNo },
      { token: police, purpose: 'RESIDENCE_ADMINISTRATION', userId: 'officer-7' },
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.household.address).toEqual(expect.any(String));
    const records = await recordsOf(response);
    expect(records.map((r) => r.personalId)).toEqual(sortIds(household.members));
    for (const record of records) {
      expect(released(record)).toEqual(['Household.address', 'Household.members', 'Query.household']);
      expect(record).toMatchObject({
        purpose: 'RESIDENCE_ADMINISTRATION',
        actingUser: 'officer-7',
        outcome: 'GRANTED',
      });
    }
  });

  it('a citizen token sees its own household (not a household it is no longer a member of), and its own row only', async () => {
    const pid = fx.withHousemates;
    expect(pid).toBeDefined();
    const [own] = await gateway.db.query<{ fileNo: string }>(
      `SELECT h.residence_file_no AS "fileNo" FROM household.residence_registration r
       JOIN household.household h ON h.id = r.household_id
       WHERE r.personal_id = $1 AND r.type = 'PERMANENT' AND r.end_date IS NULL`,
      [pid],
    );
    // A former household: an ended temporary registration elsewhere.
    const [former] = await gateway.db.query<{ id: number; fileNo: string }>(
      `SELECT h.id, h.residence_file_no AS "fileNo" FROM household.household h
       WHERE h.residence_file_no <> $1 AND NOT EXISTS (
         SELECT 1 FROM household.residence_registration r WHERE r.household_id = h.id AND r.personal_id = $2)
       ORDER BY h.id LIMIT 1`,
      [own?.fileNo, pid],
    );
    expect(former).toBeDefined();
    await gateway.db.query(
      `INSERT INTO household.residence_registration (household_id, personal_id, type, relationship_to_head, start_date,
         end_date, expected_end_date, deregistration_reason)
       VALUES ($1, $2, 'TEMPORARY', 'NON_RELATIVE', '2001-01-01', '2001-06-01', '2001-12-31', 'Hết thời hạn')`,
      [former?.id, pid],
    );
    const token = await gateway.token('citizen', { pid: pid as string });
    const response = await gateway.graphql<Json>(
      `{ me { household { residenceFileNo members { edges { node { personalId } } } }
              residenceRegistrations(first: 50) { edges { node { endDate household { residenceFileNo } } } } } }`,
      {},
      { token, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(response.body.errors).toBeUndefined();
    const me = response.body.data.me;
    expect(me.household.residenceFileNo).toBe(own?.fileNo);
    expect(me.household.members.edges.map((e: Json) => e.node.personalId)).toEqual([pid]);
    const households = me.residenceRegistrations.edges.map((e: Json) => e.node.household?.residenceFileNo ?? null);
    expect(households).toContain(own?.fileNo);
    expect(households).not.toContain(former?.fileNo);
    const ended = me.residenceRegistrations.edges.find((e: Json) => e.node.endDate === '2001-06-01');
    expect(ended.node.household).toBeNull();
  });
});

describe('Parcel and its rights: its current holders’ data', () => {
  const QUERY = `query($c: String!, $m: Int!, $p: Int!) { parcel(communeCode: $c, mapSheetNo: $m, parcelNo: $p) {
    address areaM2 rights { edges { node { holderPersonalId sharePercent } } } } }`;
  const vars = () => ({ c: parcel.communeCode, m: parcel.mapSheetNo, p: parcel.parcelNo });

  it('without X-Purpose: 400 PURPOSE_REQUIRED', async () => {
    expectPurposeRequired(await gateway.graphql<Json>(QUERY, vars(), { token: landOffice }));
    // Even the parcel's address alone.
    expectPurposeRequired(
      await gateway.graphql<Json>(
        `query($c: String!, $m: Int!, $p: Int!) { parcel(communeCode: $c, mapSheetNo: $m, parcelNo: $p) { address } }`,
        vars(),
        { token: landOffice },
      ),
    );
  });

  it('with a purpose: one record per current person holder, with the parcel’s fields and their own right’s', async () => {
    const response = await gateway.graphql<Json>(QUERY, vars(), { token: landOffice, purpose: 'LAND_ADMINISTRATION' });
    expect(response.body.errors).toBeUndefined();
    const records = await recordsOf(response);
    const shownHolders = response.body.data.parcel.rights.edges
      .map((e: Json) => e.node.holderPersonalId)
      .filter((id: string | null) => id !== null);
    expect(records.map((r) => r.personalId)).toEqual(sortIds([...parcel.holders, ...shownHolders]));
    for (const record of records) {
      expect(released(record)).toEqual(
        expect.arrayContaining(['Parcel.address', 'Parcel.areaM2', 'Parcel.rights', 'Query.parcel']),
      );
      if (shownHolders.includes(record.personalId))
        expect(released(record)).toEqual(expect.arrayContaining(['LandRight.holderPersonalId']));
    }
  });

  it('a parcel held only by organisations belongs to nobody: no record; a citizen token never sees it', async () => {
    const vars = { c: orgParcelCommune, m: ORG_PARCEL.mapSheetNo, p: ORG_PARCEL.parcelNo };
    const response = await gateway.graphql<Json>(
      `query($c: String!, $m: Int!, $p: Int!) { parcel(communeCode: $c, mapSheetNo: $m, parcelNo: $p) { address } }`,
      vars,
      { token: landOffice, purpose: 'LAND_ADMINISTRATION' },
    );
    expect(response.body.data.parcel).toEqual({ address: 'Khu công nghiệp' });
    expect(await recordsOf(response)).toEqual([]);

    // Its former holder sees their ended right, but not the parcel they no longer hold (fail closed).
    const token = await gateway.token('citizen', { pid: formerHolder });
    const mine = await gateway.graphql<Json>(
      `{ me { landRights(includeEnded: true, first: 50) { edges { node { certificateSerial parcel { address } } } } } }`,
      {},
      { token, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(mine.body.errors).toBeUndefined();
    const ended = mine.body.data.me.landRights.edges.find((e: Json) => e.node.certificateSerial === 'CLS-0001');
    expect(ended).toBeDefined();
    expect(ended.node.parcel).toBeNull();
  });

  it('a citizen token sees the parcel of its current right', async () => {
    const holder = parcel.holders[0] as string;
    const token = await gateway.token('citizen', { pid: holder });
    const response = await gateway.graphql<Json>(
      `{ me { landRights(first: 50) { edges { node { parcel { mapSheetNo parcelNo address } } } } } }`,
      {},
      { token, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(response.body.errors).toBeUndefined();
    const parcels = response.body.data.me.landRights.edges.map((e: Json) => e.node.parcel);
    expect(parcels).toContainEqual(
      expect.objectContaining({ mapSheetNo: parcel.mapSheetNo, parcelNo: parcel.parcelNo }),
    );
    expect(parcels).not.toContain(null);
  });
});

describe('LandChange: its person parties’ data', () => {
  it('Query.landChanges needs a purpose and is audited for each person party', async () => {
    const QUERY = `{ landChanges(first: 5) { edges { node { type submittedOn } } } }`;
    expectPurposeRequired(await gateway.graphql<Json>(QUERY, {}, { token: landOffice }));
    const response = await gateway.graphql<Json>(QUERY, {}, { token: landOffice, purpose: 'LAND_ADMINISTRATION' });
    expect(response.body.errors).toBeUndefined();
    const shown = response.body.data.landChanges.edges.length;
    expect(shown).toBeGreaterThan(0);
    const parties = await gateway.db.query<{ id: string }>(
      `SELECT DISTINCT q.personal_id::text AS id FROM land.land_change_party q
       WHERE q.personal_id IS NOT NULL AND q.change_id IN (
         SELECT id FROM land.land_change ORDER BY submitted_on DESC, id DESC LIMIT $1)`,
      [shown],
    );
    const records = await recordsOf(response);
    expect(records.map((r) => r.personalId)).toEqual(sortIds(parties.map((p) => p.id)));
    for (const record of records) expect(released(record)).toEqual(['LandChange.submittedOn', 'LandChange.type']);
  });
});

describe('resolveIdentifier: whether an identifier exists is its citizens’ data', () => {
  const QUERY = `query($k: IdentifierKind!, $v: String!) { resolveIdentifier(kind: $k, value: $v) { conflict } }`;

  it('without X-Purpose: 400 PURPOSE_REQUIRED for every kind (no existence oracle)', async () => {
    for (const [k, v] of [
      ['PERSONAL_ID', fx.rich],
      ['OLD_ID_CARD', '123456789'],
      ['TAX_CODE', '0123456789'],
    ] as const) {
      expectPurposeRequired(await gateway.graphql<Json>(QUERY, { k, v }, { token: police }));
    }
  });

  it('with a purpose: a record for the resolved citizen; a miss is null and records nothing', async () => {
    const [legacy] = await gateway.db.query<{ kind: string; value: string; id: string }>(
      `SELECT kind::text AS kind, value, min(personal_id::text) AS id FROM core.legacy_identifier
       WHERE superseded_at IS NULL AND kind = 'OLD_ID_CARD' GROUP BY kind, value HAVING count(*) = 1 ORDER BY value LIMIT 1`,
    );
    expect(legacy).toBeDefined();
    for (const [k, v, id] of [
      ['PERSONAL_ID', fx.rich, fx.rich],
      ['OLD_ID_CARD', legacy?.value, legacy?.id],
    ]) {
      const response = await gateway.graphql<Json>(QUERY, { k, v }, { token: police, purpose: 'LAW_ENFORCEMENT' });
      expect(response.body).toEqual({ data: { resolveIdentifier: { conflict: false } } });
      const records = await recordsOf(response);
      expect(records.map((r) => [r.personalId, released(r)])).toEqual([
        [id, ['IdentifierResolution.conflict', 'Query.resolveIdentifier']],
      ]);
    }
    const miss = await gateway.graphql<Json>(
      QUERY,
      { k: 'OLD_ID_CARD', v: '000000001' },
      { token: police, purpose: 'LAW_ENFORCEMENT' },
    );
    expect(miss.body).toEqual({ data: { resolveIdentifier: null } });
    expect(await recordsOf(miss)).toEqual([]);
  });
});
