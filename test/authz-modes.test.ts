/**
 * Deployment switches of the authorization layer, production-like: AUTHZ_MODE=reject rejects a whole operation that
 * selects a denied field (HTTP 403 FORBIDDEN, nothing executed), and with INTROSPECTION_ENABLED=false only tokens
 * with `schema:introspect` may introspect (HTTP 400 INTROSPECTION_DISABLED otherwise).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../src/auth/profiles.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions walk arbitrary result JSON

let gateway: TestGateway;
let id: string;

beforeAll(async () => {
  gateway = await startTestGateway({
    citizens: 10,
    seed: 3,
    env: { AUTHZ_MODE: 'reject', INTROSPECTION_ENABLED: 'false' },
  });
  [id] = (await gateway.personalIds(1)) as [string];
});

afterAll(async () => {
  await gateway?.close();
});

async function statements<T>(run: () => Promise<T>): Promise<{ result: T; count: number }> {
  const before = gateway.db.statements.count;
  const result = await run();
  return { result, count: gateway.db.statements.count - before };
}

describe('AUTHZ_MODE=reject', () => {
  it('rejects an operation with a denied field: 403 FORBIDDEN listing the coordinates, no SQL', async () => {
    const token = await gateway.token('tourism-department');
    const { result, count } = await statements(() =>
      gateway.graphql(
        `query($id: PersonalId!) { citizen(personalId: $id) { fullName health { summary { bloodType } } household { address } stays { edges { node { checkInAt } } } } }`,
        { id },
        { token, purpose: 'TOURISM_MANAGEMENT' },
      ),
    );
    expect(result.status).toBe(403);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.body.errors?.[0]?.extensions?.deniedFields).toEqual(['Citizen.health', 'Citizen.household']);
    expect(result.body.errors?.[0]?.message).toBe('Not authorized to read Citizen.health, Citizen.household');
    expect(count).toBe(0);
  });

  it('runs an operation whose fields are all allowed, and ignores a denied field that is skipped', async () => {
    const token = await gateway.token('tourism-department');
    const response = await gateway.graphql<Json>(
      `query($id: PersonalId!, $no: Boolean!) { citizen(personalId: $id) { fullName health @include(if: $no) { summary { bloodType } } } }`,
      { id, no: false },
      { token, purpose: 'TOURISM_MANAGEMENT' },
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(typeof response.body.data?.citizen.fullName).toBe('string');
  });

  it('rejects a citizen token asking a root list field', async () => {
    const token = await gateway.token('citizen', { pid: id });
    const response = await gateway.graphql(`{ establishments { edges { node { name } } } }`, {}, { token });
    expect(response.status).toBe(403);
    expect(response.body.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      deniedFields: ['Query.establishments'],
    });
  });
});

describe('introspection disabled (production default)', () => {
  const INTROSPECT = `{ __schema { queryType { name } } }`;

  it('is refused without schema:introspect: 400 INTROSPECTION_DISABLED', async () => {
    const scopes = getProfile('hospital').scopes.filter((scope) => scope !== 'schema:introspect');
    const token = await gateway.token('hospital', { scopes: [...scopes] });
    for (const query of [
      INTROSPECT,
      `{ __type(name: "Citizen") { name } }`,
      `{ ...Q } fragment Q on Query { __schema { types { name } } }`,
    ]) {
      const response = await gateway.graphql(query, {}, { token });
      expect(response.status, query).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.code, query).toBe('INTROSPECTION_DISABLED');
    }
    const anonymous = await gateway.graphql(INTROSPECT);
    expect(anonymous.status).toBe(400);
    // __typename is not introspection.
    const typename = await gateway.graphql<Json>(`{ __typename }`, {}, { token });
    expect(typename.body.data).toEqual({ __typename: 'Query' });
  });

  it('is allowed with schema:introspect, filtered to the token', async () => {
    const token = await gateway.token('ioc');
    const response = await gateway.graphql<Json>(`{ __schema { types { name } } }`, {}, { token });
    expect(response.status).toBe(200);
    const names = (response.body.data?.__schema.types as Json[]).map((t) => t.name);
    expect(names).toContain('Establishment');
    expect(names).not.toContain('Citizen');
  });
});
