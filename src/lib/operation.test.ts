import { buildSchema, parse, type OperationDefinitionNode, type SelectionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { documentFragments, isIncluded, operationFacts } from './operation.ts';

const schema = buildSchema(`
  type Query {
    book(id: ID!): Book
    books(first: Int): [Book]
  }
  type Book {
    id: ID
    title: String
  }
`);

const document = parse(`
  query One($id: ID!) { book(id: $id) { ...Parts } }
  query Two($first: Int) { books(first: $first) { ...Parts } }
  fragment Parts on Book { id title }
`);
const [one, two] = document.definitions as [OperationDefinitionNode, OperationDefinitionNode];

describe('operation facts', () => {
  it('are computed once per request and shared by every layer that asks', () => {
    const request = { schema, document, operation: one, request: { variables: { id: '7' } } };
    const facts = operationFacts(request);
    expect(facts?.variables.coerced).toEqual({ id: '7' });
    expect(facts?.rootType).toBe(schema.getQueryType());
    expect([...(facts?.fragments.keys() ?? [])]).toEqual(['Parts']);
    expect(operationFacts(request)).toBe(facts);
  });

  it('share the fragments of a document across requests and operations', () => {
    const first = operationFacts({ schema, document, operation: one, request: { variables: { id: '1' } } });
    const second = operationFacts({ schema, document, operation: two, request: {} });
    expect(first?.fragments).toBe(documentFragments(document));
    expect(second?.fragments).toBe(first?.fragments);
  });

  it('are recomputed when the request context is reused for another operation', () => {
    const request: {
      schema: typeof schema;
      document: typeof document;
      operation: OperationDefinitionNode;
      request: object;
    } = { schema, document, operation: one, request: { variables: { id: '1' } } };
    const first = operationFacts(request);
    request.operation = two;
    const second = operationFacts(request);
    expect(second).not.toBe(first);
    expect(second?.operation).toBe(two);
  });

  it('hold the coercion errors of bad variables, and nothing without an operation', () => {
    const facts = operationFacts({ schema, document, operation: one, request: { variables: {} } });
    expect(facts?.variables.errors).toHaveLength(1);
    expect(operationFacts({ schema, document, operation: undefined, request: {} })).toBeUndefined();
  });
});

describe('@skip/@include', () => {
  const selection = (source: string): SelectionNode => {
    const operation = parse(source).definitions[0] as OperationDefinitionNode;
    return operation.selectionSet.selections[0] as SelectionNode;
  };

  it('follow the coerced variables', () => {
    const skipped = selection('query ($s: Boolean!) { book(id: 1) @skip(if: $s) { id } }');
    expect(isIncluded(skipped, { s: true })).toBe(false);
    expect(isIncluded(skipped, { s: false })).toBe(true);
    const included = selection('query ($i: Boolean!) { book(id: 1) @include(if: $i) { id } }');
    expect(isIncluded(included, { i: false })).toBe(false);
    expect(isIncluded(selection('{ book(id: 1) { id } }'), {})).toBe(true);
  });

  it('count a selection whose condition execution would refuse as included', () => {
    expect(isIncluded(selection('query ($s: Boolean!) { book(id: 1) @skip(if: $s) { id } }'), { s: 'yes' })).toBe(true);
  });
});
