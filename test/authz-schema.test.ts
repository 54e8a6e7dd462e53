/**
 * Build-time checks of the authorization rules (docs/ARCHITECTURE.md §5): the real schema passes, and a schema whose
 * rules are incomplete or wrong fails at start-up with every problem listed, instead of leaking at run time.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../src/auth/profiles.ts';
import { filterSchemaForScopes } from '../src/authz/introspection.ts';
import { AuthzSchemaError, compileAuthzPolicy } from '../src/authz/policy.ts';
import { parseConfig } from '../src/config.ts';
import { buildExecutableSchema } from '../src/schema/build.ts';
import { buildGatewaySchema } from '../src/schema/index.ts';

const DIRECTIVES = /* GraphQL */ `
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE
  directive @public on FIELD_DEFINITION
  directive @personal(subject: String!) on OBJECT
  scalar PersonalId
`;

function problemsOf(sdl: string): string[] {
  const schema = makeExecutableSchema({ typeDefs: [DIRECTIVES, sdl] });
  try {
    compileAuthzPolicy(schema);
  } catch (error) {
    if (error instanceof AuthzSchemaError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('the real schema', () => {
  it('passes every build-time check when the gateway schema is built', () => {
    const config = parseConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
    expect(() => buildGatewaySchema(config)).not.toThrow();
    expect(() => buildGatewaySchema({ ...config, authzMode: 'reject', introspectionEnabled: false })).not.toThrow();
  });

  it('yields a valid filtered schema for every profile, for citizen binding and for no scope at all', () => {
    const schema = buildExecutableSchema();
    const policy = compileAuthzPolicy(schema);
    for (const profile of PROFILES.values()) {
      const filtered = filterSchemaForScopes(schema, policy, new Set(profile.scopes), profile.requiresPid);
      expect(filtered.getQueryType()?.getFields().gatewayInfo).toBeDefined();
    }
    const anonymous = filterSchemaForScopes(schema, policy, new Set(), false);
    // The public root fields: the gateway's version and the sources' freshness (no personal data).
    expect(Object.keys(anonymous.getQueryType()?.getFields() ?? {}).sort()).toEqual(['gatewayInfo', 'sourceStatus']);
    expect(Object.keys((anonymous.getType('SourceStatus') as GraphQLObjectType).getFields())).not.toContain('rowCount');
    expect(anonymous.getType('Citizen')).toBeUndefined();
  });
});

describe('broken schemas fail the build, every problem listed', () => {
  it('an unguarded field', () => {
    const problems = problemsOf(/* GraphQL */ `
      type Query {
        ok: String @public
        secret: Secret
      }
      type Secret {
        value: String
      }
    `);
    expect(problems).toEqual([
      'Query.secret is unguarded: add @requiresScopes or @public (to the field or its type)',
      'Secret.value is unguarded: add @requiresScopes or @public (to the field or its type)',
    ]);
  });

  it('empty rules, empty scopes and unknown scopes (typos)', () => {
    const problems = problemsOf(/* GraphQL */ `
      type Query {
        a: String @requiresScopes(scopes: [])
        b: String @requiresScopes(scopes: [[]])
        c: String @requiresScopes(scopes: [["citizen:identity:read"], []])
        d: String @requiresScopes(scopes: [[""]])
        e: String @requiresScopes(scopes: [["citizen:identiy:read"]])
      }
    `);
    expect(problems).toEqual([
      'Query.a: @requiresScopes(scopes: []) allows nobody (an empty rule fails closed; write a scope)',
      'Query.b: @requiresScopes has an empty inner list [] which would allow everybody',
      'Query.c: @requiresScopes has an empty inner list [] which would allow everybody',
      'Query.d: @requiresScopes has an empty scope ""',
      'Query.e: @requiresScopes names the unknown scope "citizen:identiy:read" (not in src/auth/scopes.ts)',
    ]);
  });

  it('a protected non-null field, @public with @requiresScopes, a bad @personal subject', () => {
    const problems = problemsOf(/* GraphQL */ `
      type Query {
        person: Person @requiresScopes(scopes: [["citizen:identity:read"]])
        info: String! @public @requiresScopes(scopes: [["stats:read"]])
        other: Other @requiresScopes(scopes: [["stats:read"]])
      }
      type Person @personal(subject: "pid") @requiresScopes(scopes: [["citizen:identity:read"]]) {
        personalId: PersonalId!
        diagnosis: String! @requiresScopes(scopes: [["health:encounters:read"]])
      }
      type Other @personal(subject: "name") @requiresScopes(scopes: [["stats:read"]]) {
        name: String
      }
    `);
    expect(problems).toEqual([
      'Person: @personal(subject: "pid") names no field of Person',
      'Other.name: the @personal subject must be of type PersonalId',
      'Query.info: @public and @requiresScopes on one field',
      'Query.info is protected ([["stats:read"]]) and must be nullable',
      'Person.diagnosis is protected ([["health:encounters:read"]]) and must be nullable',
    ]);
  });

  it('reads rules from type extensions (extend type) like the sectors write them', () => {
    const problems = problemsOf(/* GraphQL */ `
      type Query {
        person: Person
      }
      type Person @requiresScopes(scopes: [["citizen:identity:read"]]) {
        name: String
      }
      extend type Person {
        health: String @requiresScopes(scopes: [["health:summary:reed"]])
        guarded: String
      }
      type Unguarded {
        x: Int
      }
      extend type Unguarded @requiresScopes(scopes: [["stats:read"]])
      extend type Query {
        u: Unguarded
      }
    `);
    // `guarded` is covered by Person's rule; Unguarded by the rule of its extension; only the typo is reported.
    expect(problems).toEqual([
      'Person.health: @requiresScopes names the unknown scope "health:summary:reed" (not in src/auth/scopes.ts)',
    ]);
  });

  it('an interface field is covered on the interface or on every implementation', () => {
    const problems = problemsOf(/* GraphQL */ `
      interface Node {
        id: ID!
      }
      type A implements Node @requiresScopes(scopes: [["stats:read"]]) {
        id: ID!
      }
      type B implements Node {
        id: ID!
      }
      type Query {
        a: A
        b: B @public
      }
    `);
    expect(problems).toEqual([
      'B.id is unguarded: add @requiresScopes or @public (to the field or its type)',
      'Node.id is unguarded: add @requiresScopes or @public (on the interface or every implementation)',
    ]);
  });

  it('the gateway refuses to build a broken schema', () => {
    const schema = makeExecutableSchema({ typeDefs: [DIRECTIVES, 'type Query { leak: String }'] });
    expect(() => compileAuthzPolicy(schema)).toThrow(/Query\.leak is unguarded/);
  });
});
