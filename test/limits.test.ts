/**
 * Operation limits over HTTP (docs/ARCHITECTURE.md §7): each breach is HTTP 400 (413 for the body) with a code naming
 * the limit, a message stating the limit and the measured value, and nothing executes.
 */
import { getIntrospectionQuery, Lexer, Source, TokenKind } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { READ_SCOPES } from '../src/auth/scopes.ts';
import { ConfigError, parseConfig } from '../src/config.ts';
import { startTestGateway, type GraphQLResponse, type TestGateway } from './support/harness.ts';
import { CITIZENS_360 } from './support/queries.ts';
import { executedOperations } from './support/execution-statements.ts';

/** Operations that reached execution (a limit breach must stop them before). */
const { plugin: executionRecorder, names: executed } = executedOperations();

let gateway: TestGateway;
let token: string;
let ids: string[];
beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 50, plugins: [executionRecorder] });
  token = await gateway.token('hospital', { scopes: [...READ_SCOPES] });
  ids = await gateway.personalIds(50);
});
afterAll(async () => gateway?.close());
beforeEach(() => {
  executed.length = 0;
});

function ask(query: string, variables: Record<string, unknown> = {}) {
  return gateway.graphql(query, variables, { token, purpose: 'TREATMENT' });
}

/** 100 personal IDs (the 50 seeded ones twice: the cost counts the items given). */
const hundredIds = () => Array.from({ length: 100 }, (_, i) => ids[i % 50] ?? '');

function expectBreach(response: GraphQLResponse, code: string, limit: number, measured: number | undefined) {
  expect(response.status).toBe(400);
  expect(response.body.data ?? undefined).toBeUndefined();
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors ?? [];
  expect(error?.extensions?.code).toBe(code);
  expect(error?.extensions?.limit).toBe(limit);
  expect(error?.message).toContain(`limit is ${limit}`);
  if (measured !== undefined) {
    expect(error?.extensions?.measured).toBe(measured);
    expect(error?.message).toContain(String(measured));
  }
  expect(executed).toEqual([]);
}

/** `household { members { edges { node { citizen { ... } } } } }` adds 5 levels. */
const houseHop = (inner: string) => `household { members { edges { node { citizen { ${inner} } } } } }`;

describe('depth (limit 12: fields on the longest path)', () => {
  it('runs the 360° view, which is exactly 12 deep', async () => {
    const response = await ask(CITIZENS_360, { ids: ids.slice(0, 2) });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(executed).toEqual(['Citizens360']);
  });

  it('refuses 13 levels with MAX_DEPTH', async () => {
    const query = `query Deep($id: PersonalId!) { citizen(personalId: $id) { ${houseHop(houseHop('household { address }'))} } }`;
    const response = await ask(query, { id: ids[0] });
    expectBreach(response, 'MAX_DEPTH', 12, 13);
    expect(response.body.errors?.[0]?.message).toBe('The operation is 13 levels deep; the limit is 12');
  });

  it('expands fragments: the same 13 levels split across fragments are refused', async () => {
    const query = `query DeepFragments($id: PersonalId!) { citizen(personalId: $id) { ...A } }
      fragment A on Citizen { household { members { ...B } } }
      fragment B on ResidenceRegistrationConnection { edges { node { citizen { ...C } } } }
      fragment C on Citizen { ... on Citizen { ${houseHop('household { address }')} } }`;
    expectBreach(await ask(query, { id: ids[0] }), 'MAX_DEPTH', 12, 13);
  });
});

describe('aliases (limit 30, fragments expanded)', () => {
  const aliased = (count: number, prefix = 'a') =>
    Array.from({ length: count }, (_, i) => `${prefix}${i}: name`).join(' ');

  it('runs 30 aliases', async () => {
    const response = await ask(`query Thirty { gatewayInfo { ${aliased(30)} } }`);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.data?.gatewayInfo ?? {})).toHaveLength(30);
  });

  it('refuses 31 aliases with MAX_ALIASES', async () => {
    expectBreach(await ask(`query ThirtyOne { gatewayInfo { ${aliased(31)} } }`), 'MAX_ALIASES', 30, 31);
  });

  it('counts a fragment’s aliases at every spread', async () => {
    // 16 aliases in the fragment, spread twice: 32 aliases once expanded, although the text holds 16.
    const query = `query Spread { gatewayInfo { ...F } again: gatewayInfo { ...F } }
      fragment F on GatewayInfo { ${aliased(15)} }`;
    expectBreach(await ask(query), 'MAX_ALIASES', 30, 31);
  });
});

describe('root fields (limit 20)', () => {
  const roots = (count: number) => Array.from({ length: count }, (_, i) => `r${i}: gatewayInfo { name }`).join(' ');

  it('runs 20 root fields', async () => {
    const response = await ask(`query Twenty { ${roots(20)} }`);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.data ?? {})).toHaveLength(20);
  });

  it('refuses 21 root fields with MAX_ROOT_FIELDS', async () => {
    expectBreach(await ask(`query TwentyOne { ${roots(21)} }`), 'MAX_ROOT_FIELDS', 20, 21);
  });

  it('counts response keys: the same field selected twice is one root field', async () => {
    const response = await ask(`query Same { ${roots(20)} r0: gatewayInfo { version } gatewayInfo { name } }`);
    expectBreach(response, 'MAX_ROOT_FIELDS', 20, 21);
    const fits = await ask(
      `query SameFits { ${roots(19)} r0: gatewayInfo { version } ...R } fragment R on Query { r1: gatewayInfo { name } }`,
    );
    expect(fits.status).toBe(200);
  });
});

describe('tokens (limit 5000, enforced while parsing)', () => {
  function countTokens(text: string): number {
    const lexer = new Lexer(new Source(text));
    let count = 0;
    while (lexer.advance().kind !== TokenKind.EOF) count++;
    return count;
  }
  /** A valid document of exactly `tokens` tokens: a long default value for a variable (cheap to validate). */
  function documentOf(tokens: number): string {
    const text = (items: number) =>
      `query T($ids: [PersonalId!]! = [${` "${ids[0] ?? ''}"`.repeat(items)}]) {
        gatewayInfo { name } citizens(personalIds: $ids) @skip(if: true) { personalId } }`;
    const document = text(tokens - countTokens(text(0)));
    expect(countTokens(document)).toBe(tokens);
    return document;
  }

  it('runs a document of 5000 tokens', async () => {
    const response = await ask(documentOf(5000));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { gatewayInfo: { name: 'lienthong' } } });
  });

  it('refuses 5001 tokens with MAX_TOKENS', async () => {
    expectBreach(await ask(documentOf(5001)), 'MAX_TOKENS', 5000, undefined);
  });

  it('stops parsing at the limit: a huge document’s syntax error past token 5001 is never reached', async () => {
    const response = await ask(`{ gatewayInfo { ${'name '.repeat(180_000)} } } } } syntax error here`);
    expectBreach(response, 'MAX_TOKENS', 5000, undefined);
    expect(response.body.errors?.[0]?.message).toBe(
      'The document has more than 5000 tokens (parsing stopped at token 5001); the limit is 5000',
    );
  });
});

describe('request body (limit 1 MB)', () => {
  it('refuses a larger body with 413 MAX_REQUEST_BYTES, stating both sizes', async () => {
    const body = JSON.stringify({ query: `{ gatewayInfo { name } } # ${'x'.repeat(1024 * 1024)}` });
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(413);
    const json = (await response.json()) as GraphQLResponse['body'];
    expect(json.errors?.[0]?.extensions?.code).toBe('MAX_REQUEST_BYTES');
    expect(json.errors?.[0]?.message).toBe(
      `The request body has ${Buffer.byteLength(body)} bytes; the limit is 1048576`,
    );
    expect(executed).toEqual([]);
  });
});

describe('cost (limit 500 000, @cost/@listSize)', () => {
  it('runs the 360° view over 50 citizens (estimated cost 232 750)', async () => {
    const response = await ask(CITIZENS_360, { ids });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect((response.body.data?.citizens as unknown[]).filter((c) => c !== null)).toHaveLength(50);
  });

  it('runs the 360° view over 100 IDs, the most citizens(personalIds:) accepts (estimated cost 465 500)', async () => {
    const response = await ask(CITIZENS_360, { ids: hundredIds() });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.citizens as unknown[]).toHaveLength(100);
  });

  it('refuses that view with 100-member pages with MAX_COST (estimated cost 895 500)', async () => {
    const fullPages = CITIZENS_360.replace('members {', 'members(first: 100) {');
    expect(fullPages).not.toBe(CITIZENS_360);
    const response = await ask(fullPages, { ids: hundredIds() });
    expectBreach(response, 'MAX_COST', 500_000, 895_500);
    expect(response.body.errors?.[0]?.message).toBe("The operation's estimated cost is 895500; the limit is 500000");
  });

  it('sizes connections from `first` given in a variable: the same document passes or fails by its variables', async () => {
    const query = `query Housemates($ids: [PersonalId!]!, $n: Int) {
      citizens(personalIds: $ids) { household { members(first: $n) { edges { node { citizen {
        stays(first: $n) { edges { node { establishment { name } } } } } } } } } } }`;
    // Per citizen: 1 + household 1 + members (1 + n × (edge 1 + node 1 + citizen 1 + stays (1 + n × 3))).
    const perCitizen = (n: number) => 3 + n * (4 + 3 * n);
    const small = await ask(query, { ids: hundredIds(), n: 10 });
    expect(100 * perCitizen(10)).toBe(34_300);
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
    executed.length = 0;
    expectBreach(await ask(query, { ids: hundredIds(), n: 100 }), 'MAX_COST', 500_000, 100 * perCitizen(100));
  });
});

describe('introspection counts like any operation', () => {
  it('runs the standard introspection query (GraphiQL’s): depth 6 once `ofType` hops are set aside', async () => {
    const response = await gateway.graphql(getIntrospectionQuery({ inputValueDeprecation: true, descriptions: true }));
    expect(response.status).toBe(200);
    expect(response.body.data?.__schema).toBeDefined();
  });

  it('refuses introspection with too many root fields with MAX_ROOT_FIELDS', async () => {
    const query = `{ ${Array.from({ length: 21 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    expectBreach(await gateway.graphql(query), 'MAX_ROOT_FIELDS', 20, 21);
  });

  it('refuses aliased introspection with MAX_ALIASES', async () => {
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `s${i}: __typename`).join(' ')} }`;
    expectBreach(await gateway.graphql(query), 'MAX_ALIASES', 30, 31);
  });
});

describe('HTTP batching is off', () => {
  it('refuses a JSON array body with 400 and runs none of it', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { query: 'query A { gatewayInfo { name } }' },
        { query: 'query B { gatewayInfo { name } }' },
      ]),
    });
    expect(response.status).toBe(400);
    const json = (await response.json()) as GraphQLResponse['body'];
    expect(json.errors?.[0]?.message).toMatch(/batching/i);
    expect(executed).toEqual([]);
  });
});

describe('configuration', () => {
  it('takes every limit from the environment', async () => {
    const small = await startTestGateway({
      env: {
        LIMIT_DEPTH: '3',
        LIMIT_ALIASES: '1',
        LIMIT_ROOT_FIELDS: '2',
        LIMIT_TOKENS: '20',
        LIMIT_REQUEST_BYTES: '2048',
        LIMIT_COST: '3',
        LIMIT_COST_LIST_SIZE: '5',
      },
    });
    try {
      const code = async (query: string) => (await small.graphql(query)).body.errors?.[0]?.extensions?.code;
      expect(await code('{ gatewayInfo { name } }')).toBeUndefined();
      expect(await code('{ __schema { queryType { fields { name } } } }')).toBe('MAX_DEPTH');
      expect(await code('{ a: gatewayInfo { b: name } }')).toBe('MAX_ALIASES');
      expect(await code('{ a: gatewayInfo { name } gatewayInfo { version } __typename }')).toBe('MAX_ROOT_FIELDS');
      expect(await code(`{ gatewayInfo { ${'name '.repeat(20)}} }`)).toBe('MAX_TOKENS');
      // __schema 1 + types: 5 (LIMIT_COST_LIST_SIZE, no @listSize on introspection lists) × 1 = 6 > 3.
      expect(await code('{ __schema { types { name } } }')).toBe('MAX_COST');
      const response = await fetch(`${small.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ gatewayInfo { name } } #${'x'.repeat(2048)}` }),
      });
      expect(response.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('lists every invalid limit setting at once', () => {
    let error: unknown;
    try {
      parseConfig({
        LIMIT_DEPTH: '0',
        LIMIT_ALIASES: 'many',
        LIMIT_TOKENS: '5',
        LIMIT_COST: '-1',
        RATE_LIMIT_DEFAULT: '100',
        RATE_LIMIT_ANONYMOUS: '0:1',
        RATE_LIMIT_OVERRIDES: 'hospital-*=10:0,=5:5',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'LIMIT_DEPTH',
      'LIMIT_ALIASES',
      'LIMIT_TOKENS',
      'LIMIT_COST',
      'RATE_LIMIT_DEFAULT',
      'RATE_LIMIT_ANONYMOUS',
    ]) {
      expect(problems).toContain(name);
    }
    expect(problems).toContain('"hospital-*"');
    expect(problems).toContain('"=5:5"');
  });

  it('defaults to docs/ARCHITECTURE.md §7', () => {
    const config = parseConfig({});
    expect(config.limits).toEqual({
      maxDepth: 12,
      maxAliases: 30,
      maxRootFields: 20,
      maxTokens: 5000,
      maxRequestBytes: 1024 * 1024,
      maxCost: 500_000,
      costListSize: 10,
    });
  });
});
