/**
 * The citizen binding of a connection (src/authz/transform.ts) as the second line behind the loaders' SQL: when it has
 * to remove an edge, the page's hasNextPage (which counted the withheld row) becomes false.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileAuthzPolicy } from './policy.ts';
import { setRequestAuthorization } from './state.ts';
import { applyAuthorizationTransform } from './transform.ts';

const OWN = '037090000001';
const OTHER = '037090000002';

/** The rows the resolver returns, unfiltered, as a loader without a subject column would. */
let rows: string[] = [];

const schema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE
    directive @public on FIELD_DEFINITION
    directive @personal(subject: String!) on OBJECT
    scalar PersonalId
    type Stay @personal(subject: "guestPersonalId") @requiresScopes(scopes: [["tourism:stays:read"]]) {
      guestPersonalId: PersonalId
    }
    type StayEdge @requiresScopes(scopes: [["tourism:stays:read"]]) {
      cursor: String
      node: Stay
    }
    type StayPageInfo @requiresScopes(scopes: [["tourism:stays:read"]]) {
      hasNextPage: Boolean
      endCursor: String
    }
    type StayConnection @requiresScopes(scopes: [["tourism:stays:read"]]) {
      edges: [StayEdge]
      pageInfo: StayPageInfo
    }
    type Query {
      stays(personalId: PersonalId!, first: Int): StayConnection @requiresScopes(scopes: [["tourism:stays:read"]])
    }
  `,
  resolvers: {
    Query: {
      stays: (_source: unknown, args: { first: number }) => {
        const page = rows.slice(0, args.first);
        return {
          edges: page.map((guestPersonalId, index) => ({ cursor: `c${index}`, node: { guestPersonalId } })),
          pageInfo: {
            hasNextPage: rows.length > args.first,
            endCursor: page.length === 0 ? null : `c${page.length - 1}`,
          },
        };
      },
    },
  },
});
const guarded = applyAuthorizationTransform(schema, compileAuthzPolicy(schema));

async function asCitizen(first: number) {
  const contextValue = {};
  // What the authorization plugin records before execution for a citizen token with nothing denied.
  setRequestAuthorization(contextValue, {
    denied: new Map(),
    pid: OWN,
    analysis: {} as never,
    probes: { nodeLookups: 0 },
  });
  const result = await graphql({
    schema: guarded,
    source: `query($id: PersonalId!, $first: Int) { stays(personalId: $id, first: $first) {
      edges { cursor node { guestPersonalId } } pageInfo { hasNextPage endCursor } } }`,
    variableValues: { id: OWN, first },
    contextValue,
  });
  expect(result.errors).toBeUndefined();
  return (result.data as { stays: unknown }).stays;
}

describe('the citizen binding of a connection', () => {
  it('keeps a page of own rows as it is, hasNextPage included', async () => {
    rows = [OWN, OWN, OWN];
    expect(await asCitizen(2)).toEqual({
      edges: [
        { cursor: 'c0', node: { guestPersonalId: OWN } },
        { cursor: 'c1', node: { guestPersonalId: OWN } },
      ],
      pageInfo: { hasNextPage: true, endCursor: 'c1' },
    });
  });

  it('fails closed when it removes an edge: hasNextPage false, endCursor of the last edge kept', async () => {
    rows = [OWN, OTHER, OWN, OTHER];
    expect(await asCitizen(2)).toEqual({
      edges: [{ cursor: 'c0', node: { guestPersonalId: OWN } }],
      pageInfo: { hasNextPage: false, endCursor: 'c0' },
    });
    rows = [OTHER, OWN];
    expect(await asCitizen(1)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});
