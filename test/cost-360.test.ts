/**
 * The cost limit and the largest list a field accepts agree (docs/ARCHITECTURE.md §7): the 360° view over as many
 * citizens as `citizens(personalIds:)` accepts is admitted by the default LIMIT_COST, and the estimate still refuses
 * clearly larger shapes and nested lists of lists. Over real HTTP, on a gateway with default limits.
 */
import { getVariableValues, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { READ_SCOPES } from '../src/auth/scopes.ts';
import { parseConfig } from '../src/config.ts';
import { selectOperation } from '../src/lib/operation.ts';
import { createCostModel, operationCost } from '../src/limits/cost.ts';
import { buildExecutableSchema } from '../src/schema/build.ts';
import { MAX_CITIZENS_PER_CALL } from '../src/sectors/citizen/resolvers.ts';
import { executedOperations } from './support/execution-statements.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';
import { citizen360Fields } from './support/queries.ts';

/**
 * "The 360° shape": everything the gateway tells a client about one citizen, as one request.
 *  - README.md's Quick start query (identity, birth province, household with its members, the last 5 encounters
 *    with facility and principal diagnosis), copied here as it stood when this test was written;
 *  - extended to BENCHMARKS.md's Q3 (citizen360Fields in test/support/queries.ts, the benchmark's own query): each
 *    member's health (summary and last 5 encounters with diagnoses), the citizen's own health summary, land rights
 *    with parcels, tourism stays. The benchmark's shape is imported, so a wider benchmark view is checked here too.
 * Every connection at the page size a client gets without asking (the resolvers' defaults: household members 50,
 * land rights 20, stays 20), encounters at `first: 5` as the README writes it.
 */
const README_QUICK_START_FIELDS = `
  fullName dateOfBirth sex birthYear
  birthRegistrationProvince { name }
  household { address members { edges { node { relationshipToHead citizen { fullName } } } } }
  health { encounters(first: 5) { edges { node { admittedAt facility { name } principalDiagnosis { code title } } } } }
`;
const VIEW_360_FIELDS = citizen360Fields;
const many = (fields: string) =>
  `query Citizens360($ids: [PersonalId!]!) { citizens(personalIds: $ids) { ${fields} } }`;
const QUICK_START_MANY = many(README_QUICK_START_FIELDS);
const VIEW_360_MANY = many(VIEW_360_FIELDS());
/** Clearly larger: the same view with every household page at its maximum (first: 100). */
const VIEW_360_FULL_PAGES = many(VIEW_360_FIELDS('(first: 100)'));
/** Twice the list a field accepts, through aliases. */
const VIEW_360_TWICE = `query Twice($a: [PersonalId!]!, $b: [PersonalId!]!) {
  a: citizens(personalIds: $a) { ${VIEW_360_FIELDS()} } b: citizens(personalIds: $b) { ${VIEW_360_FIELDS()} } }`;
/** Nested lists of lists within the depth limit (12): citizens × members × encounters × diagnoses. */
const NESTED_LISTS = `query Nested($ids: [PersonalId!]!) { citizens(personalIds: $ids) { household {
  members(first: 100) { edges { node { citizen { health { encounters(first: 100) { edges { node {
    secondaryDiagnoses { code } } } } } } } } } } } }`;

const schema = buildExecutableSchema();
const limits = parseConfig({}).limits;

function costOf(source: string, variables: Record<string, unknown>): number {
  const document = parse(source);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operation === undefined) throw new Error('no operation');
  const selected = selectOperation(schema, document, operation);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors !== undefined) throw coerced.errors[0] ?? new Error('invalid variables');
  return operationCost(createCostModel(schema, limits.costListSize), selected, coerced.coerced);
}

const someIds = (count: number) => Array.from({ length: count }, () => '037090000001');

describe('the default cost limit and the largest list citizens(personalIds:) accepts', () => {
  it('are the same size in the schema (@listSize assumedSize) and the resolver', () => {
    const citizens = schema.getQueryType()?.getFields().citizens;
    const listSize = citizens?.astNode?.directives?.find((d) => d.name.value === 'listSize');
    const assumed = listSize?.arguments?.find((a) => a.name.value === 'assumedSize')?.value;
    expect(assumed).toMatchObject({ kind: Kind.INT, value: String(MAX_CITIZENS_PER_CALL) });
    expect(MAX_CITIZENS_PER_CALL).toBe(100);
  });

  it('admit the 360° view over the maximum number of citizens, and the README quick-start query too', () => {
    expect(costOf(VIEW_360_MANY, { ids: someIds(1) })).toBe(4655);
    const view = costOf(VIEW_360_MANY, { ids: someIds(MAX_CITIZENS_PER_CALL) });
    expect(view).toBe(465_500);
    expect(view).toBeLessThanOrEqual(limits.maxCost);
    expect(costOf(QUICK_START_MANY, { ids: someIds(MAX_CITIZENS_PER_CALL) })).toBeLessThan(view);
  });

  it('still refuse clearly larger shapes and nested lists of lists', () => {
    expect(costOf(VIEW_360_FULL_PAGES, { ids: someIds(100) })).toBe(895_500);
    expect(costOf(VIEW_360_TWICE, { a: someIds(100), b: someIds(100) })).toBe(931_000);
    // 100 citizens × 100 members × 100 encounters × (their diagnoses): ten million objects at most.
    expect(costOf(NESTED_LISTS, { ids: someIds(100) })).toBe(12_050_300);
    for (const [query, variables] of [
      [VIEW_360_FULL_PAGES, { ids: someIds(100) }],
      [VIEW_360_TWICE, { a: someIds(100), b: someIds(100) }],
      [NESTED_LISTS, { ids: someIds(100) }],
    ] as const) {
      expect(costOf(query, variables)).toBeGreaterThan(limits.maxCost);
    }
  });
});

describe('a gateway with the default limits, over HTTP', () => {
  const { plugin: executionRecorder, names: executed } = executedOperations();
  let gateway: TestGateway;
  let token: string;
  let ids: string[];
  beforeAll(async () => {
    gateway = await startTestGateway({ citizens: MAX_CITIZENS_PER_CALL, plugins: [executionRecorder] });
    token = await gateway.token('hospital', { scopes: [...READ_SCOPES] });
    ids = await gateway.personalIds(MAX_CITIZENS_PER_CALL);
  });
  afterAll(async () => gateway?.close());
  beforeEach(() => {
    executed.length = 0;
  });

  const ask = (query: string, variables: Record<string, unknown>) =>
    gateway.graphql(query, variables, { token, purpose: 'TREATMENT' });

  it('runs the 360° view over 100 distinct citizens', async () => {
    expect(new Set(ids).size).toBe(100);
    const response = await ask(VIEW_360_MANY, { ids });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const citizens = response.body.data?.citizens as ({ personalId: string } | null)[];
    expect(citizens.map((citizen) => citizen?.personalId)).toEqual(ids);
    expect(executed).toEqual(['Citizens360']);
  });

  it('refuses larger shapes with MAX_COST before executing anything', async () => {
    const refusals = [
      [VIEW_360_FULL_PAGES, { ids }, 895_500],
      [VIEW_360_TWICE, { a: ids, b: ids }, 931_000],
      [NESTED_LISTS, { ids }, 12_050_300],
    ] as const;
    for (const [query, variables, measured] of refusals) {
      const response = await ask(query, variables);
      expect(response.status).toBe(400);
      expect(response.body.data ?? undefined).toBeUndefined();
      const [error] = response.body.errors ?? [];
      expect(error?.extensions?.code).toBe('MAX_COST');
      expect(error?.extensions?.limit).toBe(500_000);
      expect(error?.extensions?.measured).toBe(measured);
    }
    expect(executed).toEqual([]);
  });
});
