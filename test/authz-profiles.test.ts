/**
 * Authorization over HTTP with real tokens and a real seeded database (docs/ARCHITECTURE.md §5): what each sector
 * profile can and cannot read on a citizen 360° query; aliases, fragments, interfaces, nested lists and @include cannot
 * smuggle a denied field; errors carry concrete list indices; a denied field runs no SQL; purposes of use;
 * introspection follows the token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile, PROFILES } from '../src/auth/profiles.ts';
import { findFixtures, type AuthzFixtures } from './support/authz-fixtures.ts';
import { executionStatements } from './support/execution-statements.ts';
import { startTestGateway, type GraphQLResponse, type TestGateway } from './support/harness.ts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions walk arbitrary result JSON

let gateway: TestGateway;
let fx: AuthzFixtures;
const tokens = new Map<string, string>();

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 60, seed: 7, plugins: [executed.plugin] });
  fx = await findFixtures(gateway.db);
  for (const name of PROFILES.keys()) {
    tokens.set(name, await gateway.token(name, name === 'citizen' ? { pid: fx.rich } : {}));
  }
});

afterAll(async () => {
  await gateway?.close();
});

const token = (profile: string): string => tokens.get(profile) as string;
const purposeOf = (profile: string): string => getProfile(profile).purposes[0] as string;

function ask(profile: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<Json>> {
  return gateway.graphql<Json>(query, variables, { token: token(profile), purpose: purposeOf(profile) });
}

/** Paths of UNAUTHORIZED_FIELD_OR_TYPE errors, dotted and sorted; fails on any other error. */
function deniedPaths(response: GraphQLResponse<Json>): string[] {
  for (const error of response.body.errors ?? [])
    expect(error.extensions?.code, JSON.stringify(error)).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  return (response.body.errors ?? []).map((e) => (e.path ?? []).join('.')).sort();
}

/** Statements run while the request executed (the audit write that follows is not data access). */
const executed = executionStatements();
async function statements<T extends { headers: Headers }>(
  run: () => Promise<T>,
): Promise<{ result: T; count: number }> {
  const result = await run();
  return { result, count: executed.of(result) };
}

const CITIZEN_360 = /* GraphQL */ `
  query Citizen360($id: PersonalId!) {
    citizen(personalId: $id) {
      personalId
      fullName
      health {
        summary {
          bloodType
        }
        encounters(first: 5) {
          edges {
            node {
              encounterKey
              principalDiagnosis {
                code
              }
            }
          }
        }
        coverage {
          edges {
            node {
              cardCode
            }
          }
        }
        payments {
          edges {
            node {
              amountVnd
            }
          }
        }
      }
      household {
        residenceFileNo
        members {
          edges {
            node {
              personalId
              relationshipToHead
            }
          }
        }
      }
      residenceRegistrations {
        edges {
          node {
            type
          }
        }
      }
      stays {
        edges {
          node {
            checkInAt
          }
        }
      }
      landRights {
        edges {
          node {
            sharePercent
            parcel {
              areaM2
            }
          }
        }
      }
      landChanges {
        edges {
          node {
            type
          }
        }
      }
    }
  }
`;

const NOT_HEALTH = [
  'citizen.household',
  'citizen.landChanges',
  'citizen.landRights',
  'citizen.residenceRegistrations',
  'citizen.stays',
];

describe('citizen 360° view per profile', () => {
  const expected: Record<string, string[]> = {
    hospital: NOT_HEALTH,
    'residence-police': ['citizen.health', 'citizen.landChanges', 'citizen.landRights'],
    'land-office': ['citizen.health', 'citizen.stays'],
    'tourism-department': [
      'citizen.health',
      'citizen.household',
      'citizen.landChanges',
      'citizen.landRights',
      'citizen.residenceRegistrations',
    ],
    'social-insurance': ['citizen.health.encounters', 'citizen.health.summary', ...NOT_HEALTH].sort(),
    ioc: ['citizen'],
    auditor: ['citizen.health', ...NOT_HEALTH].sort(),
    citizen: [],
  };

  for (const [profile, denied] of Object.entries(expected)) {
    it(`${profile}: denied exactly ${denied.length === 0 ? 'nothing' : denied.join(', ')}`, async () => {
      const response = await ask(profile, CITIZEN_360, { id: fx.rich });
      expect(response.status).toBe(200);
      expect(deniedPaths(response)).toEqual(denied);
      const citizen = response.body.data?.citizen;
      for (const path of denied) {
        // null where denied
        const value = path.split('.').reduce<Json>((object, key) => object?.[key], response.body.data);
        expect(value, path).toBeNull();
      }
      if (profile === 'ioc') return;
      expect(citizen.personalId).toBe(fx.rich);
      expect(typeof citizen.fullName).toBe('string');
    });
  }

  it('the errors name the coordinate and the scopes that would allow it', async () => {
    const response = await ask('social-insurance', CITIZEN_360, { id: fx.rich });
    const encounters = response.body.errors?.find((e) => e.path?.join('.') === 'citizen.health.encounters');
    expect(encounters?.message).toBe('Not authorized to read HealthRecord.encounters');
    expect(encounters?.extensions?.requiredScopes).toEqual([['health:encounters:read']]);
  });

  it('allowed sections carry the data: the hospital reads encounters and diagnoses', async () => {
    const response = await ask('hospital', CITIZEN_360, { id: fx.rich });
    const edges = response.body.data?.citizen.health.encounters.edges as Json[];
    expect(edges.length).toBeGreaterThan(0);
    expect(edges[0].node.principalDiagnosis.code).toMatch(/^[A-Z]\d\d/);
  });
});

describe('a denied field cannot be smuggled', () => {
  const variants: Record<string, string> = {
    alias: `query($id: PersonalId!) { c: citizen(personalId: $id) { n: fullName h: health { s: summary { bloodType } } } }`,
    'named fragment': `query($id: PersonalId!) { c: citizen(personalId: $id) { n: fullName ...H } } fragment H on Citizen { h: health { s: summary { bloodType } } }`,
    'inline fragment': `query($id: PersonalId!) { c: citizen(personalId: $id) { n: fullName ... on Citizen { h: health { s: summary { bloodType } } } } }`,
    'fragment on the Node interface': `query($id: PersonalId!) { c: citizen(personalId: $id) { n: fullName ... on Node { id ... on Citizen { h: health { s: summary { bloodType } } } } } }`,
    'named fragment on Node, nested in a fragment': `query($id: PersonalId!) { c: citizen(personalId: $id) { n: fullName ...N } } fragment N on Node { ...C } fragment C on Citizen { h: health { s: summary { bloodType } } }`,
    'included by a variable': `query($id: PersonalId!, $yes: Boolean!) { c: citizen(personalId: $id) { n: fullName h: health @include(if: $yes) { s: summary { bloodType } } } }`,
    'merged with an allowed selection of the same key': `query($id: PersonalId!) { c: citizen(personalId: $id) { n: fullName h: health { __typename } ... on Citizen { h: health { s: summary { bloodType } } } } }`,
  };
  for (const [name, query] of Object.entries(variants)) {
    it(`${name}: the tourism department does not get health data`, async () => {
      const response = await ask('tourism-department', query, { id: fx.rich, yes: true });
      expect(response.status).toBe(200);
      expect(deniedPaths(response)).toEqual(['c.h']);
      expect(response.body.data?.c.h).toBeNull();
      expect(typeof response.body.data?.c.n).toBe('string');
      expect(JSON.stringify(response.body.data)).not.toContain('bloodType');
    });
  }

  it('a field merged from an allowed and a denied selection is denied (social insurance: summary next to coverage)', async () => {
    const response = await ask(
      'social-insurance',
      `query($id: PersonalId!) { citizen(personalId: $id) { health { coverage { edges { node { cardCode } } } } health { summary { bloodType } } } }`,
      { id: fx.rich },
    );
    expect(deniedPaths(response)).toEqual(['citizen.health.summary']);
    expect(response.body.data?.citizen.health.coverage.edges).toBeInstanceOf(Array);
  });

  it('a skipped denied field is simply not there (no error, nothing read)', async () => {
    const response = await ask(
      'tourism-department',
      `query($id: PersonalId!, $no: Boolean!) { citizen(personalId: $id) { fullName health @include(if: $no) { summary { bloodType } } } }`,
      { id: fx.rich, no: false },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.citizen).toEqual({ fullName: expect.any(String) });
  });

  it('nested lists: denied encounters inside a list of citizens, with concrete indices', async () => {
    const ids = fx.withEncounters.slice(0, 4);
    const response = await ask(
      'social-insurance',
      `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId health { coverage { edges { node { cardCode } } } encounters { edges { node { encounterKey } } } } } }`,
      { ids },
    );
    expect(deniedPaths(response)).toEqual(ids.map((_, i) => `citizens.${i}.health.encounters`));
    expect(response.body.errors?.[0]?.path).toEqual(['citizens', 0, 'health', 'encounters']);
    for (const [i, citizen] of (response.body.data?.citizens as Json[]).entries()) {
      expect(citizen.personalId).toBe(ids[i]);
      expect(citizen.health.encounters).toBeNull();
    }
  });

  it('deeper lists: denied payments inside encounters of several citizens (a hospital without health:payments:read)', async () => {
    const limited = await gateway.token('hospital', {
      scopes: ['citizen:identity:read', 'health:encounters:read'],
    });
    const ids = fx.withEncounters.slice(0, 3);
    // The patients consent to the hospital reading their encounters at other facilities (docs/ARCHITECTURE.md §5):
    // what is denied here is the scope, not the consent.
    const consents = await gateway.db.query<{ id: number }>(
      `INSERT INTO core.consent (personal_id, organisation, categories, purposes, valid_until)
       SELECT unnest($1::text[]), '37001', ARRAY['HEALTH_ENCOUNTERS', 'HEALTH_PAYMENTS'], ARRAY['TREATMENT'],
         now() + interval '1 day' RETURNING id`,
      [ids],
    );
    const response = await gateway
      .graphql<Json>(
        `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { health { encounters(first: 2) { edges { node { encounterKey payments { amountVnd } } } } } } }`,
        { ids },
        { token: limited, purpose: 'TREATMENT' },
      )
      .finally(() => gateway.db.query(`DELETE FROM core.consent WHERE id = ANY($1)`, [consents.map((c) => c.id)]));
    const expectedPaths: string[] = [];
    for (const [i, citizen] of (response.body.data?.citizens as Json[]).entries()) {
      for (const [j, edge] of (citizen.health.encounters.edges as Json[]).entries()) {
        expect(typeof edge.node.encounterKey).toBe('string');
        expect(edge.node.payments).toBeNull();
        expectedPaths.push(`citizens.${i}.health.encounters.edges.${j}.node.payments`);
      }
    }
    expect(expectedPaths.length).toBeGreaterThan(1);
    expect(deniedPaths(response)).toEqual(expectedPaths.sort());
  });
});

describe('a denied field runs no SQL', () => {
  const WITH = `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { fullName health { coverage { edges { node { cardCode } } } encounters { edges { node { encounterKey principalDiagnosis { title } } } } } household { address } } }`;
  const WITHOUT = `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { fullName health { coverage { edges { node { cardCode } } } } } }`;

  it('the same query with and without the denied fields costs the same statements', async () => {
    const ids = fx.withEncounters.slice(0, 4);
    // Warm nothing: every request has its own loaders; run each twice to be sure the counts are stable.
    const without = await statements(() => ask('social-insurance', WITHOUT, { ids }));
    const withDenied = await statements(() => ask('social-insurance', WITH, { ids }));
    expect(without.result.body.errors).toBeUndefined();
    expect(deniedPaths(withDenied.result).length).toBe(ids.length * 2);
    expect(withDenied.count).toBe(without.count);
    // ...while a token allowed to read them pays for them.
    const allowed = await statements(() => ask('hospital', WITH.replace('household { address }', ''), { ids }));
    expect(allowed.count).toBeGreaterThan(without.count);
  });

  it('a root field denied to the caller runs no SQL at all', async () => {
    const { result, count } = await statements(() => ask('ioc', CITIZEN_360, { id: fx.rich }));
    expect(deniedPaths(result)).toEqual(['citizen']);
    expect(count).toBe(0);
  });
});

describe('purpose of use', () => {
  const READ_NAME = `query($id: PersonalId!) { citizen(personalId: $id) { fullName } }`;

  it('missing: 400 PURPOSE_REQUIRED, nothing runs', async () => {
    const { result, count } = await statements(() =>
      gateway.graphql(READ_NAME, { id: fx.rich }, { token: token('hospital') }),
    );
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
    expect(result.body.data).toBeUndefined();
    expect(count).toBe(0);
  });

  it('not a purpose of use: 400 PURPOSE_INVALID', async () => {
    const response = await gateway.graphql(
      READ_NAME,
      { id: fx.rich },
      { token: token('hospital'), purpose: 'CURIOSITY' },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_INVALID');
  });

  it('a purpose the token may not state: 403 PURPOSE_NOT_ALLOWED', async () => {
    const response = await gateway.graphql(
      READ_NAME,
      { id: fx.rich },
      { token: token('hospital'), purpose: 'LAND_ADMINISTRATION' },
    );
    expect(response.status).toBe(403);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_NOT_ALLOWED');
  });

  it('an allowed purpose reads the data', async () => {
    const response = await gateway.graphql<Json>(
      READ_NAME,
      { id: fx.rich },
      { token: token('hospital'), purpose: 'INSURANCE' },
    );
    expect(response.status).toBe(200);
    expect(typeof response.body.data?.citizen.fullName).toBe('string');
  });

  it('no purpose is needed for data that is not personal', async () => {
    const response = await gateway.graphql<Json>(`{ gatewayInfo { name version } }`, {}, { token: token('hospital') });
    expect(response.status).toBe(200);
    expect(response.body.data?.gatewayInfo.name).toBe('lienthong');
    const anonymous = await gateway.graphql<Json>(`{ gatewayInfo { name } }`);
    expect(anonymous.status).toBe(200);
  });

  it('no purpose is needed when authorization leaves no personal data to read', async () => {
    const response = await gateway.graphql<Json>(READ_NAME, { id: fx.rich }, { token: token('ioc') });
    expect(response.status).toBe(200);
    expect(deniedPaths(response)).toEqual(['citizen']);
  });
});

describe('introspection follows the token (development: enabled)', () => {
  const INTROSPECT = `{ __schema { types { name fields { name } } } }`;
  const typeNames = (response: GraphQLResponse<Json>): string[] =>
    (response.body.data?.__schema.types as Json[]).map((t) => t.name as string);
  const fieldsOf = (response: GraphQLResponse<Json>, type: string): string[] =>
    ((response.body.data?.__schema.types as Json[]).find((t) => t.name === type)?.fields ?? []).map(
      (f: Json) => f.name as string,
    );

  it('the tourism department does not learn that Encounter or principalDiagnosis exist', async () => {
    const response = await gateway.graphql<Json>(INTROSPECT, {}, { token: token('tourism-department') });
    expect(response.status).toBe(200);
    expect(typeNames(response)).not.toContain('Encounter');
    expect(typeNames(response)).not.toContain('HealthRecord');
    expect(JSON.stringify(response.body)).not.toContain('principalDiagnosis');
    expect(fieldsOf(response, 'Citizen')).toContain('stays');
    expect(fieldsOf(response, 'Citizen')).not.toContain('health');
    expect(typeNames(response)).toContain('GuestStay');
  });

  it('the hospital sees the health types, not the land ones', async () => {
    const response = await gateway.graphql<Json>(INTROSPECT, {}, { token: token('hospital') });
    expect(typeNames(response)).toContain('Encounter');
    expect(fieldsOf(response, 'Encounter')).toContain('principalDiagnosis');
    expect(typeNames(response)).not.toContain('Parcel');
  });

  it('__type of a hidden type is null; an anonymous caller sees only public fields', async () => {
    const hidden = await gateway.graphql<Json>(
      `{ __type(name: "Encounter") { name } }`,
      {},
      { token: token('tourism-department') },
    );
    expect(hidden.body.data?.__type).toBeNull();
    const anonymous = await gateway.graphql<Json>(
      `{ __schema { queryType { fields { name } } mutationType { name } } }`,
    );
    const names = (anonymous.body.data?.__schema.queryType.fields as Json[]).map((f) => f.name);
    expect(names).toContain('gatewayInfo');
    expect(names).not.toContain('citizen');
    expect(anonymous.body.data?.__schema.mutationType).toBeNull();
  });

  it('a citizen token sees only the root fields it may use', async () => {
    const response = await gateway.graphql<Json>(
      `{ __schema { queryType { fields { name } } } }`,
      {},
      { token: token('citizen') },
    );
    const names = (response.body.data?.__schema.queryType.fields as Json[]).map((f) => f.name).sort();
    expect(names).toEqual(expect.arrayContaining(['citizen', 'citizens', 'gatewayInfo', 'me']));
    for (const denied of ['establishments', 'landChanges', 'household', 'parcel']) expect(names).not.toContain(denied);
    const anonymous = await gateway.graphql<Json>(`{ __schema { queryType { fields { name } } } }`);
    // Besides the public root fields, exactly those bound to the citizen (and `node`: a citizen reads its own
    // Node-typed objects, e.g. its stays, by global ID).
    const publicNames = (anonymous.body.data?.__schema.queryType.fields as Json[]).map((f) => f.name);
    expect(publicNames).not.toContain('node');
    expect(names).toEqual(
      [...new Set([...publicNames, 'citizen', 'citizens', 'me', 'myAccessLog', 'myConsents', 'node'])].sort(),
    );
  });

  it('selecting a hidden field in an introspection operation is a validation error against the filtered schema', async () => {
    const response = await gateway.graphql<Json>(
      `query($id: PersonalId!) { __typename __type(name: "Citizen") { name } citizen(personalId: $id) { health { personalId } } }`,
      { id: fx.rich },
      { token: token('tourism-department'), purpose: 'TOURISM_MANAGEMENT' },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
