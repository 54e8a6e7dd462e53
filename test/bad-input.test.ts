/** Bad input gets a GraphQL error with a clear code and message; nothing reaches the database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/harness.ts';

let gateway: TestGateway;
let token: string;
beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 50 });
  token = await gateway.token('hospital');
});
afterAll(async () => gateway?.close());

const CITIZEN = 'query ($id: PersonalId!) { citizen(personalId: $id) { personalId fullName } }';

describe('bad input', () => {
  it.each([
    ['too short', '03709000001'],
    ['letters', '03709000000A'],
    ['unknown province code', '999090000001'],
    ['century digit in the future', '037490000001'],
    ['birth year in the future', '037399000001'],
  ])('rejects a malformed personal ID in a variable (%s) with BAD_USER_INPUT', async (_label, id) => {
    const before = gateway.db.statements.count;
    const response = await gateway.graphql(CITIZEN, { id }, { token, purpose: 'TREATMENT' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toContain('$id');
    expect(gateway.db.statements.count).toBe(before);
  });

  it('rejects a malformed personal ID literal, naming the argument', async () => {
    const response = await gateway.graphql(
      '{ citizen(personalId: "12345") { personalId } }',
      {},
      { token, purpose: 'TREATMENT' },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toContain('personalId');
  });

  it('answers null, not an error, for a well-formed unknown personal ID', async () => {
    const response = await gateway.graphql(CITIZEN, { id: '037090999999' }, { token, purpose: 'TREATMENT' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { citizen: null } });
  });

  it('refuses more than 100 IDs in one call', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `0370900${String(i).padStart(5, '0')}`);
    const response = await gateway.graphql(
      'query ($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId } }',
      { ids },
      { token, purpose: 'TREATMENT' },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toMatch(/at most 100/);
    expect(response.body.data?.citizens ?? null).toBeNull();
  });

  it('refuses a page size over 100, naming the argument', async () => {
    const [id] = await gateway.personalIds(1);
    const response = await gateway.graphql(
      'query ($id: PersonalId!) { citizen(personalId: $id) { health { encounters(first: 101) { edges { cursor } } } } }',
      { id },
      { token, purpose: 'TREATMENT' },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.argumentName).toBe('first');
  });

  it('refuses a forged cursor', async () => {
    const [id] = await gateway.personalIds(1);
    const response = await gateway.graphql(
      'query ($id: PersonalId!) { citizen(personalId: $id) { health { encounters(after: "bm90LWEtY3Vyc29y") { edges { cursor } } } } }',
      { id },
      { token, purpose: 'TREATMENT' },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.argumentName).toBe('after');
  });

  it('rejects a variable of the wrong type', async () => {
    const response = await gateway.graphql(CITIZEN, { id: 37090000001 }, { token, purpose: 'TREATMENT' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers broken JSON with 400 and a code, not a crash', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'BAD_REQUEST',
    );
  });

  it('refuses a body over 1 MB with 413', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ gatewayInfo { name } } # ${'x'.repeat(1_100_000)}` }),
    });
    expect(response.status).toBe(413);
  });

  it('never shows database text to the client', async () => {
    const response = await gateway.graphql(
      '{ citizen(personalId: 5) { personalId } }',
      {},
      { token, purpose: 'TREATMENT' },
    );
    const text = JSON.stringify(response.body);
    expect(text).not.toMatch(/SELECT|postgres|prisma|stack/i);
  });
});
