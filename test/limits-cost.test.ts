/**
 * The static measures of src/limits (cost with @cost/@listSize, depth, aliases, root fields) on small schemas whose
 * numbers can be checked by hand, and on the gateway's own schema.
 */
import {
  buildSchema,
  getIntrospectionQuery,
  getVariableValues,
  isObjectType,
  Kind,
  parse,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectOperation } from '../src/lib/operation.ts';
import { CostSchemaError, createCostModel, operationCost } from '../src/limits/cost.ts';
import { measureOperation } from '../src/limits/shape.ts';
import { buildExecutableSchema } from '../src/schema/build.ts';
import { CITIZEN_360, CITIZENS_360 } from './support/queries.ts';

const DIRECTIVES = `
  directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
  directive @listSize(
    assumedSize: Int
    slicingArguments: [String!]
    sizedFields: [String!]
    requireOneSlicingArgument: Boolean = true
  ) on FIELD_DEFINITION
`;

const LIBRARY = buildSchema(`${DIRECTIVES}
  type Query {
    book(id: ID!): Book
    books(first: Int = 20, after: String): BookConnection @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
    byIds(ids: [ID!]!): [Book] @listSize(assumedSize: 100, slicingArguments: ["ids"])
    shelf: [Book] @listSize(assumedSize: 7)
    all: [Book]
    expensive(filter: Filter @cost(weight: 3)): Int @cost(weight: 50)
    search(filter: Filter): [Book] @listSize(assumedSize: 2)
  }
  type Mutation {
    addBook(title: String): Book
  }
  input Filter {
    title: String @cost(weight: 4)
    year: Int
  }
  type Book @cost(weight: 2) {
    title: String
    rating: Rating
    author: Author
    tags: [String]
  }
  type Author {
    name: String
  }
  enum Rating @cost(weight: 5) {
    GOOD
    BAD
  }
  type BookConnection {
    edges: [BookEdge!]!
    pageInfo: PageInfo!
  }
  type BookEdge {
    node: Book
    cursor: String
  }
  type PageInfo {
    hasNextPage: Boolean
  }
`);

function operationOf(source: string, schema: GraphQLSchema) {
  const document = parse(source);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operation === undefined) throw new Error('no operation');
  return selectOperation(schema, document, operation);
}

function costOf(
  source: string,
  variables: Record<string, unknown> = {},
  schema: GraphQLSchema = LIBRARY,
  listSize = 10,
) {
  const selected = operationOf(source, schema);
  const coerced = getVariableValues(schema, selected.operation.variableDefinitions ?? [], variables);
  if (coerced.errors !== undefined) throw coerced.errors[0] ?? new Error('invalid variables');
  return operationCost(createCostModel(schema, listSize), selected, coerced.coerced);
}

function shapeOf(source: string, schema: GraphQLSchema = LIBRARY) {
  return measureOperation(schema, operationOf(source, schema));
}

describe('cost: weights', () => {
  it('weighs an object 1 by default, a scalar 0, and follows @cost on types and enums', () => {
    expect(costOf('{ book(id: 1) { author { name } } }')).toBe(2 + 1); // Book @cost 2, Author 1, String 0
    expect(costOf('{ book(id: 1) { rating } }')).toBe(2 + 5); // enum Rating @cost 5
    expect(costOf('{ book(id: 1) { tags } }')).toBe(2); // a list of scalars weighs nothing
    expect(costOf('{ __typename }')).toBe(0);
  });

  it('adds @cost of fields and arguments; input fields count when the argument has none', () => {
    expect(costOf('{ expensive(filter: { title: "x" }) }')).toBe(50 + 3);
    expect(costOf('{ search(filter: { title: "x", year: 1 }) { title } }')).toBe(2 * 2 + 4);
    expect(costOf('query ($f: Filter) { search(filter: $f) { title } }', { f: { year: 2 } })).toBe(2 * 2);
  });

  it('weighs a root field of Mutation 10', () => {
    expect(costOf('mutation { addBook(title: "x") { title author { name } } }')).toBe(10 + 1);
  });
});

describe('cost: list sizes', () => {
  it('multiplies a connection’s edges by `first`: literal, variable, default, explicit null', () => {
    const edges = (first: string) => `{ books${first} { edges { node { title } } pageInfo { hasNextPage } } }`;
    // books 1 + pageInfo 1 + first × (edge 1 + node 2)
    expect(costOf(edges('(first: 3)'))).toBe(2 + 3 * 3);
    expect(costOf('query ($n: Int) { books(first: $n) { edges { node { title } } } }', { n: 5 })).toBe(1 + 5 * 3);
    expect(costOf(edges(''))).toBe(2 + 20 * 3);
    expect(costOf('query ($n: Int) { books(first: $n) { edges { node { title } } } }', {})).toBe(1 + 20 * 3);
    expect(costOf(edges('(first: null)'))).toBe(2 + 20 * 3);
  });

  it('sizes a list-valued slicing argument by its number of items (extension), else assumedSize', () => {
    expect(costOf('{ byIds(ids: [1, 2, 3]) { title } }')).toBe(3 * 2);
    expect(costOf('query ($ids: [ID!]!) { byIds(ids: $ids) { title } }', { ids: ['a', 'b', 'c', 'd'] })).toBe(4 * 2);
    expect(costOf('{ shelf { title } }')).toBe(7 * 2);
  });

  it('assumes LIMIT_COST_LIST_SIZE for a list without @listSize', () => {
    expect(costOf('{ all { title } }')).toBe(10 * 2);
    expect(costOf('{ all { title } }', {}, LIBRARY, 25)).toBe(25 * 2);
  });
});

describe('cost: selections', () => {
  it('evaluates @skip and @include with the variables', () => {
    const query =
      'query ($skip: Boolean!) { book(id: 1) { ...A @skip(if: $skip) } } fragment A on Book { author { name } }';
    expect(costOf(query, { skip: true })).toBe(2);
    expect(costOf(query, { skip: false })).toBe(3);
    expect(costOf('query ($on: Boolean!) { all @include(if: $on) { title } }', { on: false })).toBe(0);
  });

  it('keeps the sized-field context through fragments', () => {
    const query =
      '{ books(first: 4) { ...Page } } fragment Page on BookConnection { edges { ...Edge } } fragment Edge on BookEdge { node { title } }';
    expect(costOf(query)).toBe(1 + 4 * 3);
  });

  it('measures a document whose fragments expand exponentially in linear time', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === 0 ? 'fragment F0 on Book { x: author { name } }' : `fragment F${i} on Book { ...F${i - 1} ...F${i - 1} }`,
    ).join('\n');
    const query = `{ book(id: 1) { ...F${levels - 1} } } ${fragments}`;
    const started = performance.now();
    expect(costOf(query)).toBe(2 + 2 ** (levels - 1));
    expect(shapeOf(query)).toEqual({ depth: 3, aliases: 2 ** (levels - 1), rootFields: 1 });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('annotations are checked when the model is built', () => {
  it('lists every invalid @listSize at once', () => {
    const schema = buildSchema(`${DIRECTIVES}
      type Query {
        a(first: Int): [Item] @listSize(slicingArguments: ["frist"])
        b(name: String): [Item] @listSize(slicingArguments: ["name"])
        c: Page @listSize(assumedSize: 5)
        d(first: Int): Page @listSize(slicingArguments: ["first"], sizedFields: ["items", "total"])
      }
      type Item { id: ID }
      type Page { items: [Item] total: Int }
    `);
    let error: unknown;
    try {
      createCostModel(schema, 10);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CostSchemaError);
    expect((error as CostSchemaError).problems).toEqual([
      'Query.a: @listSize slicing argument "frist" is not an argument of the field',
      'Query.b: @listSize slicing argument "name" must be an Int (or a list, sized by its length)',
      'Query.c: @listSize on a field that is not a list needs sizedFields',
      'Query.d: @listSize sized field "total" is not a list',
    ]);
  });
});

describe('the gateway schema', () => {
  const schema = buildExecutableSchema();
  const ids = (count: number) => Array.from({ length: count }, () => '037090000001');

  it('has valid annotations', () => {
    expect(() => createCostModel(schema, 10)).not.toThrow();
  });

  it('costs the 360° view 4655 per citizen, so 100 citizens (the most citizens() accepts) cost 465 500', () => {
    expect(costOf(CITIZEN_360, { id: '037090000001' }, schema)).toBe(4655);
    expect(costOf(CITIZENS_360, { ids: ids(50) }, schema)).toBe(232_750);
    expect(costOf(CITIZENS_360, { ids: ids(100) }, schema)).toBe(465_500);
  });

  it('measures the 360° view 12 deep and GraphiQL’s introspection 6 deep (`__Type.ofType` hops set aside)', () => {
    expect(shapeOf(CITIZENS_360, schema)).toEqual({ depth: 12, aliases: 0, rootFields: 1 });
    const introspection = getIntrospectionQuery({ inputValueDeprecation: true, descriptions: true });
    expect(shapeOf(introspection, schema)).toEqual({ depth: 6, aliases: 0, rootFields: 1 });
    expect(
      shapeOf('{ __type(name: "Citizen") { fields { type { ofType { ofType { ofType { name } } } } } } }', schema)
        .depth,
    ).toBe(4);
  });

  it('sizes every connection by `last` like by `first` (Relay backward paging), the default page when neither', () => {
    const model = createCostModel(schema, 10);
    const paged: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const names = field.args.map((arg) => arg.name);
        if (!names.includes('first') && !names.includes('last')) continue;
        paged.push(`${type.name}.${field.name}`);
        expect(names, `${type.name}.${field.name}`).toEqual(
          expect.arrayContaining(['first', 'after', 'last', 'before']),
        );
        const listSize = model.field(field).listSize;
        expect(listSize?.slicingArguments, `${type.name}.${field.name}`).toEqual(['first', 'last']);
        expect(listSize?.assumedSize, `${type.name}.${field.name}: the default page size`).toBeGreaterThan(0);
      }
    }
    expect(paged.length).toBeGreaterThanOrEqual(21);
    const stays = (page: string) =>
      `query($id: PersonalId!) { citizen(personalId: $id) { stays${page} { edges { node { id } } } } }`;
    const id = { id: '037090000001' };
    expect(costOf(stays('(last: 100)'), id, schema)).toBe(costOf(stays('(first: 100)'), id, schema));
    expect(costOf(stays('(last: 3, before: "x")'), id, schema)).toBe(
      costOf(stays('(first: 3, after: "x")'), id, schema),
    );
    expect(costOf(stays(''), id, schema)).toBe(costOf(stays('(first: 20)'), id, schema));
    expect(costOf(stays('(before: "x")'), id, schema)).toBe(costOf(stays('(first: 20)'), id, schema));
    expect(costOf(stays('(last: 100)'), id, schema)).toBeGreaterThan(costOf(stays('(last: 20)'), id, schema));
  });

  it('counts distinct response keys as root fields, through fragments', () => {
    const query =
      '{ gatewayInfo { name } gatewayInfo { version } a: gatewayInfo { name } ...R ... on Query { b: __typename } } fragment R on Query { a: gatewayInfo { version } me { personalId } }';
    expect(shapeOf(query, schema).rootFields).toBe(4);
  });
});
