/**
 * Row-level binding of citizen tokens (`pid`, docs/ARCHITECTURE.md §5): a citizen reads their own personal data only.
 * Another personal ID is exactly "not found"; household members, co-holders of a parcel and other guests are withheld;
 * root list fields are denied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFixtures, type AuthzFixtures } from './support/authz-fixtures.ts';
import { executionStatements } from './support/execution-statements.ts';
import { startTestGateway, type GraphQLResponse, type TestGateway } from './support/harness.ts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions walk arbitrary result JSON

let gateway: TestGateway;
let fx: AuthzFixtures;
/** The citizen the token is bound to: lives in a household with other members when the seed has one. */
let pid: string;
let citizenToken: string;

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 60, seed: 7, plugins: [executed.plugin] });
  fx = await findFixtures(gateway.db);
  pid = fx.withHousemates ?? fx.rich;
  citizenToken = await gateway.token('citizen', { pid });
});

afterAll(async () => {
  await gateway?.close();
});

function asCitizen(
  query: string,
  variables: Record<string, unknown> = {},
  token = citizenToken,
): Promise<GraphQLResponse<Json>> {
  return gateway.graphql<Json>(query, variables, { token, purpose: 'CITIZEN_SELF_SERVICE' });
}

/** Statements run while the request executed (the audit write that follows is not data access). */
const executed = executionStatements();
async function statements<T extends { headers: Headers }>(
  run: () => Promise<T>,
): Promise<{ result: T; count: number }> {
  const result = await run();
  return { result, count: executed.of(result) };
}

const IDENTITY = `query($id: PersonalId!) { citizen(personalId: $id) { personalId fullName dateOfBirth health { summary { bloodType } } } }`;

describe('a citizen token', () => {
  it('reads its own record, by personal ID and through `me`', async () => {
    const own = await asCitizen(IDENTITY, { id: pid });
    expect(own.status).toBe(200);
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data?.citizen.personalId).toBe(pid);
    expect(typeof own.body.data?.citizen.fullName).toBe('string');
    const me = await asCitizen(`{ me { personalId fullName } }`);
    expect(me.body.data?.me).toEqual({ personalId: pid, fullName: own.body.data?.citizen.fullName });
  });

  it("gets for another citizen's ID exactly what an unknown ID gets, and no SQL runs for it", async () => {
    const other = await statements(() => asCitizen(IDENTITY, { id: fx.other }));
    const unknown = await asCitizen(IDENTITY, { id: fx.unknown });
    expect(other.result.status).toBe(unknown.status);
    expect(other.result.body).toEqual(unknown.body);
    expect(other.result.body).toEqual({ data: { citizen: null } });
    expect(other.count).toBe(0);
  });

  it('gets null at the positions of other IDs in a list', async () => {
    const response = await asCitizen(`query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId } }`, {
      ids: [fx.other, pid, fx.unknown, pid],
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.citizens).toEqual([null, { personalId: pid }, null, { personalId: pid }]);
    const none = await asCitizen(`query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId } }`, {
      ids: [fx.other],
    });
    expect(none.body.data?.citizens).toEqual([null]);
  });

  it('sees its household, but among the members only its own registration', async () => {
    const response = await asCitizen(
      `{ me { household { residenceFileNo head { personalId } members(first: 50) { edges { cursor node { personalId relationshipToHead citizen { personalId } } } pageInfo { hasNextPage endCursor } } } } }`,
    );
    expect(response.body.errors).toBeUndefined();
    const household = response.body.data?.me.household;
    expect(household).not.toBeNull();
    const members = household.members.edges as Json[];
    expect(members.map((edge) => edge.node.personalId)).toEqual([pid]);
    expect(members[0].node.citizen.personalId).toBe(pid);
    // No cursor of a withheld member leaks through pageInfo.
    expect(household.members.pageInfo.endCursor).toBe(members[0].cursor);
    // The head is another person unless the citizen heads the household.
    if (household.head !== null) expect(household.head.personalId).toBe(pid);

    if (fx.withHousemates !== undefined) {
      // The same household read by the police lists more members: the binding withheld them.
      const police = await gateway.token('residence-police');
      const full = await gateway.graphql<Json>(
        `query($f: String!) { household(residenceFileNo: $f) { members(first: 50) { edges { node { personalId } } } } }`,
        { f: household.residenceFileNo },
        { token: police, purpose: 'RESIDENCE_ADMINISTRATION' },
      );
      const everyone = (full.body.data?.household.members.edges as Json[]).map((e) => e.node.personalId);
      expect(everyone).toContain(pid);
      expect(everyone.length).toBeGreaterThan(1);
    }
  });

  it('sees only its own stays and land rights, also through the parcel (co-holders withheld)', async () => {
    const holder = fx.withCoHolder ?? fx.rich;
    const token = await gateway.token('citizen', { pid: holder });
    const response = await asCitizen(
      `{ me { stays { edges { node { guestPersonalId guest { personalId } } } } landRights { edges { node { holderPersonalId parcel { rights { edges { node { holderPersonalId holderOrganisation } } } } } } } } }`,
      {},
      token,
    );
    expect(response.body.errors).toBeUndefined();
    const me = response.body.data?.me;
    for (const edge of me.stays.edges as Json[]) {
      expect(edge.node.guestPersonalId).toBe(holder);
      expect(edge.node.guest.personalId).toBe(holder);
    }
    const rights = me.landRights.edges as Json[];
    if (fx.withCoHolder !== undefined) expect(rights.length).toBeGreaterThan(0);
    for (const edge of rights) {
      expect(edge.node.holderPersonalId).toBe(holder);
      const parcelRights = edge.node.parcel.rights.edges as Json[];
      expect(parcelRights.map((r) => r.node.holderPersonalId)).toEqual(parcelRights.map(() => holder));
    }
  });

  it('is denied the root fields that are not bound to a personal ID', async () => {
    const queries: Record<string, [string, Record<string, unknown>]> = {
      establishments: [`{ establishments(first: 2) { edges { node { name } } } }`, {}],
      landChanges: [
        `query($c: String) { landChanges(communeCode: $c, first: 2) { edges { node { type } } } }`,
        { c: fx.parcel?.communeCode },
      ],
      household: [
        `query($f: String!) { household(residenceFileNo: $f) { address } }`,
        { f: fx.residenceFileNo ?? '1' },
      ],
      parcel: [
        `query($c: String!, $m: Int!, $p: Int!) { parcel(communeCode: $c, mapSheetNo: $m, parcelNo: $p) { areaM2 } }`,
        { c: fx.parcel?.communeCode ?? '00000', m: fx.parcel?.mapSheetNo ?? 1, p: fx.parcel?.parcelNo ?? 1 },
      ],
    };
    for (const [field, [query, variables]] of Object.entries(queries)) {
      const { result, count } = await statements(() => asCitizen(query, variables));
      expect(result.status, field).toBe(200);
      expect(result.body.data?.[field], field).toBeNull();
      expect(
        result.body.errors?.map((e) => [e.path, e.extensions?.code]),
        field,
      ).toEqual([[[field], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
      expect(count, field).toBe(0);
    }
  });

  it('still reads public fields, and needs a purpose for personal data like everyone', async () => {
    const info = await gateway.graphql<Json>(`{ gatewayInfo { name } }`, {}, { token: citizenToken });
    expect(info.body.data?.gatewayInfo.name).toBe('lienthong');
    const noPurpose = await gateway.graphql(`{ me { fullName } }`, {}, { token: citizenToken });
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
  });
});
