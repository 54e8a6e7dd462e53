/**
 * Relay Global Object Identification: `Query.node(id:)` (src/lib/node.ts) answers every Node type through the same
 * layers as the type's own fields, through real HTTP with real signed tokens on the test database (PGlite, or
 * TEST_DATABASE_URL):
 *  - each Node type resolves by the `id` its objects carry, through the sector's own loader;
 *  - a token without the type's scopes gets null and UNAUTHORIZED_FIELD_OR_TYPE, like the type's own root field;
 *  - a personal type needs X-Purpose and is audited for its subject(s); a business (Establishment) needs neither;
 *  - a citizen token gets its own objects, and for another citizen's object exactly what an unknown ID gets, the
 *    attempt recorded as a probe and nothing written to that citizen's log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_COLUMNS, type ChainedRecord } from '../src/audit/chain.ts';
import { toGlobalId } from '../src/lib/global-id.ts';
import { startTestGateway, type GraphQLResponse, type Json, type TestGateway } from './support/harness.ts';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 60, seed: 7 });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
});

const NODE = `query Node($id: ID!) { node(id: $id) { __typename id } }`;

function requestId(response: GraphQLResponse<unknown>): string {
  const id = response.headers.get('x-request-id');
  if (id === null) throw new Error('no x-request-id');
  return id;
}

async function recordsOf(response: GraphQLResponse<unknown>): Promise<ChainedRecord[]> {
  return gateway.db.query<ChainedRecord>(
    `SELECT ${RECORD_COLUMNS} FROM audit.access_record WHERE request_id = $1 ORDER BY personal_id`,
    [requestId(response)],
  );
}

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const rows = await gateway.db.query<T & Record<string, unknown>>(sql, params);
  const row = rows[0];
  if (row === undefined) throw new Error(`the seed has no row for: ${sql}`);
  return row;
}

interface NodeCase {
  type: string;
  /** The key of a seeded object (and the citizen it is about, for personal types). */
  find: () => Promise<{ key: string | number; subject?: string }>;
  /** A profile allowed to read the type, and its purpose. */
  profile: string;
  purpose: string;
  /** A profile without the type's scopes, and the scopes the error names. */
  deniedProfile: string;
  requiredScopes: string[][];
  /** A field of the type to read through the node. */
  field: string;
}

const CASES: NodeCase[] = [
  {
    type: 'Citizen',
    find: async () => {
      const row = await one<{ pid: string }>(
        `SELECT personal_id AS pid FROM core.citizen ORDER BY personal_id LIMIT 1`,
      );
      return { key: row.pid, subject: row.pid };
    },
    profile: 'hospital',
    purpose: 'TREATMENT',
    deniedProfile: 'ioc',
    requiredScopes: [], // checked below: Citizen's rule is a union of the sector scopes
    field: 'fullName',
  },
  {
    type: 'Household',
    find: async () => {
      const row = await one<{ id: number; head: string }>(
        `SELECT h.id, h.head_personal_id AS head FROM household.household h
         WHERE EXISTS (SELECT 1 FROM household.residence_registration r WHERE r.household_id = h.id AND r.end_date IS NULL)
         ORDER BY h.id LIMIT 1`,
      );
      return { key: row.id };
    },
    profile: 'residence-police',
    purpose: 'RESIDENCE_ADMINISTRATION',
    deniedProfile: 'hospital',
    requiredScopes: [['household:registration:read']],
    field: 'residenceFileNo',
  },
  {
    type: 'ResidenceRegistration',
    find: async () => {
      const row = await one<{ id: number; pid: string }>(
        `SELECT id, personal_id AS pid FROM household.residence_registration ORDER BY id LIMIT 1`,
      );
      return { key: row.id, subject: row.pid };
    },
    profile: 'residence-police',
    purpose: 'RESIDENCE_ADMINISTRATION',
    deniedProfile: 'hospital',
    requiredScopes: [['household:registration:read']],
    field: 'startDate',
  },
  {
    type: 'Parcel',
    find: async () => {
      const row = await one<{ id: number; pid: string }>(
        `SELECT parcel_id AS id, holder_personal_id AS pid FROM land.land_right
         WHERE holder_personal_id IS NOT NULL AND ended_on IS NULL ORDER BY parcel_id LIMIT 1`,
      );
      return { key: row.id };
    },
    profile: 'land-office',
    purpose: 'LAND_ADMINISTRATION',
    deniedProfile: 'hospital',
    requiredScopes: [['land:parcels:read']],
    field: 'parcelNo',
  },
  {
    type: 'LandRight',
    find: async () => {
      const row = await one<{ id: number; pid: string }>(
        `SELECT id, holder_personal_id AS pid FROM land.land_right WHERE holder_personal_id IS NOT NULL ORDER BY id LIMIT 1`,
      );
      return { key: row.id, subject: row.pid };
    },
    profile: 'land-office',
    purpose: 'LAND_ADMINISTRATION',
    deniedProfile: 'hospital',
    requiredScopes: [['land:parcels:read']],
    field: 'since',
  },
  {
    type: 'LandChange',
    find: async () => {
      const row = await one<{ id: number }>(
        `SELECT c.id FROM land.land_change c
         WHERE EXISTS (SELECT 1 FROM land.land_change_party q WHERE q.change_id = c.id AND q.personal_id IS NOT NULL)
         ORDER BY c.id LIMIT 1`,
      );
      return { key: row.id };
    },
    profile: 'land-office',
    purpose: 'LAND_ADMINISTRATION',
    deniedProfile: 'hospital',
    requiredScopes: [['land:changes:read']],
    field: 'submittedOn',
  },
  {
    type: 'Establishment',
    find: async () => ({
      key: (await one<{ id: number }>(`SELECT id FROM tourism.establishment ORDER BY id LIMIT 1`)).id,
    }),
    profile: 'tourism-department',
    purpose: 'TOURISM_MANAGEMENT',
    deniedProfile: 'hospital',
    requiredScopes: [['tourism:establishments:read']],
    field: 'name',
  },
  {
    type: 'GuestStay',
    find: async () => {
      const row = await one<{ id: number; pid: string }>(
        `SELECT id, guest_personal_id AS pid FROM tourism.guest_stay WHERE guest_personal_id IS NOT NULL ORDER BY id LIMIT 1`,
      );
      return { key: row.id, subject: row.pid };
    },
    profile: 'tourism-department',
    purpose: 'TOURISM_MANAGEMENT',
    deniedProfile: 'hospital',
    requiredScopes: [['tourism:stays:read']],
    field: 'checkInAt',
  },
  {
    type: 'IdentityConflict',
    find: async () => {
      const rows = await gateway.db.query<{ id: number }>(`SELECT id FROM core.identity_conflict ORDER BY id LIMIT 1`);
      if (rows[0] !== undefined) return { key: rows[0].id };
      // The seed has none: declare two citizens' shared legacy value, the import's way of making one.
      const [a, b] = await gateway.personalIds(2);
      const [row] = await gateway.db.query<{ id: number }>(
        `INSERT INTO core.identity_conflict (type, kind, value, personal_ids, claimed_values, status)
         VALUES ('SHARED_VALUE', 'OLD_ID_CARD', '999999999', ARRAY[$1, $2]::text[], '{}', 'OPEN') RETURNING id`,
        [a, b],
      );
      return { key: (row as { id: number }).id };
    },
    profile: 'residence-police',
    purpose: 'RESIDENCE_ADMINISTRATION',
    deniedProfile: 'hospital',
    requiredScopes: [['citizen:identity:reconcile']],
    field: 'status',
  },
];

describe('Query.node resolves every Node type', () => {
  for (const c of CASES) {
    it(`${c.type}: granted by its scopes, denied without them like its own fields, audited when personal`, async () => {
      const { key, subject } = await c.find();
      const id = toGlobalId(c.type, key);
      const query = `query Node($id: ID!) { node(id: $id) { __typename id ... on ${c.type} { ${c.field} } } }`;
      const token = await gateway.token(c.profile);
      const granted = await gateway.graphql<Json>(query, { id }, { token, purpose: c.purpose });
      expect(granted.status).toBe(200);
      expect(granted.body.errors, JSON.stringify(granted.body.errors)).toBeUndefined();
      expect(granted.body.data.node).toMatchObject({ __typename: c.type, id });
      expect(granted.body.data.node[c.field]).not.toBeNull();

      const records = await recordsOf(granted);
      if (c.type === 'Establishment') {
        expect(records).toEqual([]); // a business: nobody's data
      } else {
        expect(records.length).toBeGreaterThan(0);
        for (const record of records) {
          expect(record).toMatchObject({ outcome: 'GRANTED', purpose: c.purpose });
          expect(record.fields).toEqual(expect.arrayContaining(['Query.node', `${c.type}.${c.field}`]));
        }
        if (subject !== undefined) expect(records.map((r) => r.personalId)).toContain(subject);
      }

      const denied = await gateway.graphql<Json>(
        query,
        { id },
        {
          token: await gateway.token(c.deniedProfile),
          purpose: c.deniedProfile === 'ioc' ? 'STATISTICS' : 'TREATMENT',
        },
      );
      expect(denied.status).toBe(200);
      expect(denied.body.data).toEqual({ node: null });
      expect(denied.body.errors).toHaveLength(1);
      expect(denied.body.errors?.[0]).toMatchObject({
        message: 'Not authorized to read Query.node',
        path: ['node'],
        extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
      });
      if (c.requiredScopes.length > 0) {
        expect(denied.body.errors?.[0]?.extensions?.requiredScopes).toEqual(c.requiredScopes);
      }
    });
  }

  it('answers the same object as the type’s own root field, and the same denial', async () => {
    const { key } = await (CASES.find((c) => c.type === 'Establishment') as NodeCase).find();
    const id = toGlobalId('Establishment', key);
    const tourism = await gateway.token('tourism-department');
    const own = await gateway.graphql<Json>(
      `query($id: ID!) { establishment(id: $id) { id name address } }`,
      { id },
      {
        token: tourism,
      },
    );
    const viaNode = await gateway.graphql<Json>(
      `query($id: ID!) { node(id: $id) { ... on Establishment { id name address } } }`,
      { id },
      { token: tourism },
    );
    expect(viaNode.body).toEqual({ data: { node: own.body.data.establishment } });
    const hospital = await gateway.token('hospital');
    const deniedOwn = await gateway.graphql<Json>(
      `query($id: ID!) { establishment(id: $id) { id } }`,
      { id },
      {
        token: hospital,
      },
    );
    const deniedNode = await gateway.graphql<Json>(NODE, { id }, { token: hospital });
    expect(deniedNode.body.errors?.[0]?.extensions).toEqual(deniedOwn.body.errors?.[0]?.extensions);
  });

  it('needs X-Purpose for a personal type only', async () => {
    const stay = await (CASES.find((c) => c.type === 'GuestStay') as NodeCase).find();
    const establishment = await (CASES.find((c) => c.type === 'Establishment') as NodeCase).find();
    const token = await gateway.token('tourism-department');
    const personal = await gateway.graphql<Json>(NODE, { id: toGlobalId('GuestStay', stay.key) }, { token });
    expect(personal.status).toBe(400);
    expect(personal.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
    const business = await gateway.graphql<Json>(
      NODE,
      { id: toGlobalId('Establishment', establishment.key) },
      {
        token,
      },
    );
    expect(business.body).toEqual({
      data: { node: { __typename: 'Establishment', id: toGlobalId('Establishment', establishment.key) } },
    });
  });

  it('answers null for IDs that name nothing: garbage, unknown types, types that are not Nodes, missing rows', async () => {
    const token = await gateway.token('land-office');
    for (const id of [
      'not-an-id',
      '',
      toGlobalId('Nothing', 1),
      toGlobalId('Encounter', 'x'),
      toGlobalId('Parcel', 999_999_999),
      toGlobalId('Parcel', 'abc'),
      toGlobalId('Parcel', '99999999999999999999'),
    ]) {
      const response = await gateway.graphql<Json>(NODE, { id }, { token, purpose: 'LAND_ADMINISTRATION' });
      expect(response.body, id).toEqual({ data: { node: null } });
    }
  });
});

describe('a citizen token and Query.node', () => {
  /** Seqs of the security events written since `after`, flushed first. */
  async function probesSince(after: string, sub: string) {
    await gateway.gateway.securityEvents.flush();
    return gateway.db.query<{ code: string; count: number }>(
      `SELECT code, count::int AS count FROM audit.security_event
       WHERE id > $1::bigint AND kind = 'PROBE' AND client_sub = $2 ORDER BY id`,
      [after, sub],
    );
  }
  async function lastEvent(): Promise<string> {
    await gateway.gateway.securityEvents.flush();
    return (await one<{ id: string }>(`SELECT COALESCE(max(id), 0)::text AS id FROM audit.security_event`)).id;
  }

  it("reads its own objects; another citizen's answer exactly like an unknown ID, as a probe, unlogged", async () => {
    // A guest with a stay, and another guest's stay.
    const [mine, theirs] = await gateway.db.query<{ id: number; pid: string }>(
      `SELECT DISTINCT ON (guest_personal_id) id, guest_personal_id AS pid FROM tourism.guest_stay
       WHERE guest_personal_id IS NOT NULL ORDER BY guest_personal_id, id LIMIT 2`,
    );
    expect(theirs, 'two guests with stays').toBeDefined();
    const { pid } = mine as { id: number; pid: string };
    const other = theirs as { id: number; pid: string };
    const token = await gateway.token('citizen', { pid, sub: `citizen-node-${pid}` });
    const STAY = `query($id: ID!) { node(id: $id) { id ... on GuestStay { guestPersonalId checkInAt } } }`;
    const as = (id: string) => gateway.graphql<Json>(STAY, { id }, { token, purpose: 'CITIZEN_SELF_SERVICE' });

    const own = await as(toGlobalId('GuestStay', (mine as { id: number }).id));
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.node.guestPersonalId).toBe(pid);
    const ownCitizen = await as(toGlobalId('Citizen', pid));
    expect(ownCitizen.body.data.node).toEqual({ id: toGlobalId('Citizen', pid) });
    const before = await lastEvent();
    expect(await probesSince(before, `citizen-node-${pid}`)).toEqual([]);

    const foreignStay = await as(toGlobalId('GuestStay', other.id));
    const foreignCitizen = await as(toGlobalId('Citizen', other.pid));
    const unknown = await as(toGlobalId('GuestStay', 999_999_999));
    expect(foreignStay.status).toBe(unknown.status);
    expect(foreignStay.body).toEqual(unknown.body);
    expect(foreignCitizen.body).toEqual(unknown.body);
    expect(unknown.body).toEqual({ data: { node: null } });
    // Nothing is written to the other citizen's log (the attempt is the caller's security event).
    expect(await recordsOf(foreignStay)).toEqual([]);
    expect(await recordsOf(foreignCitizen)).toEqual([]);
    const probes = await probesSince(before, `citizen-node-${pid}`);
    expect(probes.every((p) => p.code === 'FOREIGN_IDENTIFIER')).toBe(true);
    expect(probes.reduce((sum, p) => sum + p.count, 0)).toBe(3);
  });

  it('is denied a Node type about nobody (an establishment), as that type’s own root field is', async () => {
    const [establishment] = await gateway.db.query<{ id: number }>(`SELECT id FROM tourism.establishment LIMIT 1`);
    expect(establishment, 'a seeded establishment').toBeDefined();
    const [pid] = await gateway.personalIds(1);
    const token = await gateway.token('citizen', { pid });
    const id = toGlobalId('Establishment', (establishment as { id: number }).id);
    const response = await gateway.graphql<Json>(
      `query($id: ID!) { node(id: $id) { id ... on Establishment { name licenceNo } } }`,
      { id },
      { token, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(response.body.data).toEqual({ node: null });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  it('draws every node lookup from the probe bucket before execution: over the limit, refused whole', async () => {
    const [pid] = await gateway.personalIds(1);
    const token = await gateway.token('citizen', { pid: pid as string, sub: `citizen-node-throttle-${pid}` });
    // PROBE_THROTTLE_IDS defaults to 20: twenty distinct lookups (the citizen's own object among them) pass ...
    const lookups = (n: number, from = 0) =>
      `{ ${Array.from({ length: n }, (_, i) => `n${i}: node(id: "${toGlobalId('GuestStay', 900_000_000 + from + i)}") { id }`).join(' ')} }`;
    const first = await gateway.graphql<Json>(lookups(19), {}, { token, purpose: 'CITIZEN_SELF_SERVICE' });
    expect(first.status).toBe(200);
    const own = await gateway.graphql<Json>(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: toGlobalId('Citizen', pid as string) },
      { token, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(own.body.data).toEqual({ node: { id: toGlobalId('Citizen', pid as string) } });
    // ... and the bucket is empty: the next lookup is refused before anything runs.
    const refused = await gateway.graphql<Json>(lookups(1, 100), {}, { token, purpose: 'CITIZEN_SELF_SERVICE' });
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('PROBING_THROTTLED');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('is denied the types its scopes do not reach (identity conflicts)', async () => {
    const conflict = await (CASES.find((c) => c.type === 'IdentityConflict') as NodeCase).find();
    const [pid] = await gateway.personalIds(1);
    const token = await gateway.token('citizen', { pid });
    const response = await gateway.graphql<Json>(
      NODE,
      { id: toGlobalId('IdentityConflict', conflict.key) },
      {
        token,
        purpose: 'CITIZEN_SELF_SERVICE',
      },
    );
    expect(response.body.data).toEqual({ node: null });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHORIZED_FIELD_OR_TYPE',
      requiredScopes: [['citizen:identity:reconcile']],
    });
  });
});
