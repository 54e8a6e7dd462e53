/**
 * The pre-execution decision (src/authz/analyze.ts) on shapes the real schema does not have yet (covariant interface
 * fields, interface-typed root fields), its cost on adversarial documents, and the fail-closed execution guard.
 */
import { randomBytes } from 'node:crypto';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../src/auth/principal.ts';
import { analyzeOperation } from '../src/authz/analyze.ts';
import { applyAuthorization } from '../src/authz/index.ts';
import { compileAuthzPolicy } from '../src/authz/policy.ts';
import { createContext } from '../src/context.ts';
import { CursorCodec } from '../src/lib/cursor.ts';
import type { Database } from '../src/db/database.ts';
import { toGlobalId } from '../src/lib/global-id.ts';
import { selectOperation } from '../src/lib/operation.ts';
import { buildExecutableSchema } from '../src/schema/build.ts';

const schema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE
    directive @public on FIELD_DEFINITION
    directive @personal(subject: String!) on OBJECT
    scalar PersonalId
    interface Node {
      id: ID!
    }
    interface Holder {
      thing: Node
    }
    type Open implements Node & Holder {
      id: ID! @public
      thing: Shop @public
      name: String @public
    }
    type Shop implements Node @requiresScopes(scopes: [["tourism:establishments:read"]]) {
      id: ID!
      name: String
    }
    type Patient implements Node & Holder @requiresScopes(scopes: [["health:summary:read"]]) {
      id: ID!
      thing: Record
      diagnosis: String @requiresScopes(scopes: [["health:encounters:read"]])
    }
    type Record implements Node @requiresScopes(scopes: [["health:encounters:read"]]) {
      id: ID!
    }
    type Query {
      open: Open @public
      holders: [Holder]
      node(id: ID!): Node
    }
  `,
});
const policy = compileAuthzPolicy(schema);

function analyse(source: string, scopes: string[], variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  if (operation === undefined) throw new Error('no operation');
  return analyzeOperation({
    schema,
    policy,
    operation: selectOperation(schema, document, operation),
    scopes: new Set(scopes),
    citizenToken: false,
    variableValues: variables,
  });
}

const deniedNames = (analysis: ReturnType<typeof analyse>) =>
  [...analysis.denied.entries()]
    .map(([node, denial]: [FieldNode, { coordinate: string }]) => `${node.name.value}@${denial.coordinate}`)
    .sort();

describe('possible types', () => {
  it('a field returning an interface needs the rule of every implementation', () => {
    // Holder is implemented by Open (no rule) and Patient (health:summary:read).
    expect(deniedNames(analyse(`{ holders { __typename } }`, ['tourism:establishments:read']))).toEqual([
      'holders@Query.holders',
    ]);
    expect(deniedNames(analyse(`{ holders { __typename } }`, ['health:summary:read']))).toEqual([]);
  });

  it('a node lookup is decided on the type its global ID names, like that type’s own root field', () => {
    const id = (type: string) => toGlobalId(type, 1);
    // An ID naming no Node type reads nothing: nothing to deny.
    expect(deniedNames(analyse(`{ node(id: "1") { id } }`, []))).toEqual([]);
    expect(deniedNames(analyse(`{ node(id: "${id('Holder')}") { id } }`, []))).toEqual([]);
    expect(deniedNames(analyse(`{ node(id: "${id('Open')}") { id ... on Open { name } } }`, []))).toEqual([]);
    expect(deniedNames(analyse(`{ node(id: "${id('Patient')}") { id } }`, ['tourism:establishments:read']))).toEqual([
      'node@Query.node',
    ]);
    const patient = `query($id: ID!) { node(id: $id) { id ... on Patient { diagnosis } ... on Shop { name } } }`;
    expect(deniedNames(analyse(patient, ['health:summary:read'], { id: id('Patient') }))).toEqual([
      'diagnosis@Patient.diagnosis',
    ]);
    expect(
      deniedNames(analyse(patient, ['health:summary:read', 'health:encounters:read'], { id: id('Patient') })),
    ).toEqual([]);
    // The Shop fragment does not apply to a Patient: a token without the Shop rule is not refused for it.
    expect(deniedNames(analyse(patient, ['tourism:establishments:read'], { id: id('Shop') }))).toEqual([]);
    expect(deniedNames(analyse(patient, ['health:summary:read'], { id: id('Shop') }))).toEqual(['node@Query.node']);
  });

  it('a field selected on an interface needs its rule on every implementation possible there', () => {
    // Holder.thing is Shop on Open and Record on Patient: `id` under it may be either.
    const analysis = analyse(`{ holders { thing { id } } }`, ['health:summary:read', 'tourism:establishments:read']);
    expect(deniedNames(analysis)).toEqual(['thing@Holder.thing']);
  });

  it('fragments narrow the possible types (a fragment on Node inside Open needs only Open.id)', () => {
    expect(deniedNames(analyse(`{ open { ... on Node { id } name } }`, []))).toEqual([]);
    // ...but a fragment on an implementation still needs that implementation's rules.
    expect(deniedNames(analyse(`{ open { ... on Node { ... on Open { thing { name } } } } }`, []))).toEqual([
      'thing@Open.thing',
    ]);
  });

  it('@skip/@include decide what would execute, never what is denied', () => {
    const skipped = analyse(`query($no: Boolean!) { open { thing @include(if: $no) { name } } }`, [], { no: false });
    expect(deniedNames(skipped)).toEqual(['thing@Open.thing']);
    expect(skipped.deniedCoordinates).toEqual([]);
    const included = analyse(`query($no: Boolean!) { open { thing @skip(if: $no) { name } } }`, [], { no: false });
    expect(included.deniedCoordinates).toEqual(['Open.thing']);
  });

  it('detects introspection, also through a fragment on Query', () => {
    expect(analyse(`{ __typename }`, []).introspection).toBe(false);
    expect(analyse(`{ ...Q } fragment Q on Query { __type(name: "Shop") { name } }`, []).introspection).toBe(true);
  });
});

describe('cost of the decision', () => {
  it('stays linear when fragments spread each other many times (2^24 paths)', () => {
    const depth = 24;
    const fragments = Array.from({ length: depth }, (_, i) =>
      i === depth - 1
        ? `fragment F${i} on Open { id name thing { name } }`
        : `fragment F${i} on Open { ...F${i + 1} ...F${i + 1} }`,
    );
    const started = performance.now();
    const analysis = analyse(`{ open { ...F0 } } ${fragments.join(' ')}`, []);
    expect(performance.now() - started).toBeLessThan(200);
    expect(analysis.deniedCoordinates).toEqual(['Open.thing']);
  });
});

describe('fail closed', () => {
  it('a guarded field resolves to an error when the authorization plugin did not run', async () => {
    const config = { authzMode: 'filter' as const, introspectionEnabled: true };
    const guarded = applyAuthorization(buildExecutableSchema(), config).schema;
    const contextValue = createContext({
      requestId: 'no-plugin',
      principal: ANONYMOUS,
      purpose: undefined,
      actingUser: undefined,
      // Never reached: the guard throws before any resolver (and so any loader) runs.
      db: undefined as unknown as Database,
      developmentMode: true,
      cursors: new CursorCodec(randomBytes(32)),
    });
    const result = await graphql({
      schema: guarded,
      source: `{ citizen(personalId: "037090001234") { fullName } me { personalId } }`,
      contextValue,
    });
    expect(result.data).toEqual({ citizen: null, me: null });
    expect(result.errors?.map((e) => [e.path, e.extensions.code])).toEqual([
      [['citizen'], 'UNAUTHORIZED_FIELD_OR_TYPE'],
      [['me'], 'UNAUTHORIZED_FIELD_OR_TYPE'],
    ]);
  });
});
