/**
 * Property: whatever the shape of the query, a value of a field whose rule the token's scopes do not satisfy never
 * appears in `data` (docs/ARCHITECTURE.md §5). Random selection sets over the real schema (depth ≤ 4, not counting the
 * `edges`/`node` hops of connections; random aliases, inline fragments on object types and on the Node interface,
 * named fragments, @include/@skip with variables, the seeded IDs as variables) and random scope subsets, executed
 * over HTTP with real signed tokens. The response is walked against the query with an oracle written here from the
 * SDL, independently of src/authz: every present value must be allowed, every denied field must be null with an
 * UNAUTHORIZED_FIELD_OR_TYPE error at its concrete path, and no allowed field may be denied.
 * A second property does the same with citizen tokens: every object of a @personal type in `data` is the
 * citizen's own.
 */
import fc from 'fast-check';
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DirectiveNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_SCOPES } from '../src/auth/scopes.ts';
import { buildExecutableSchema } from '../src/schema/build.ts';
import { findFixtures, type AuthzFixtures } from './support/authz-fixtures.ts';
import { startTestGateway, type GraphQLResponse, type TestGateway } from './support/harness.ts';

const schema = buildExecutableSchema();

// ---------------------------------------------------------------- the oracle, straight from the SDL

type Rule = string[][];

function directives(
  owner: { astNode?: unknown; extensionASTNodes?: readonly unknown[] },
  name: string,
): ConstDirectiveNode[] {
  const nodes = [owner.astNode, ...(owner.extensionASTNodes ?? [])] as (
    { directives?: ConstDirectiveNode[] } | undefined | null
  )[];
  return nodes.flatMap((node) => (node?.directives ?? []).filter((d) => d.name.value === name));
}

function own(owner: { astNode?: unknown; extensionASTNodes?: readonly unknown[] }): Rule[] {
  return directives(owner, 'requiresScopes').map(
    (d) => valueFromASTUntyped(d.arguments?.[0]?.value ?? { kind: Kind.NULL }) as Rule,
  );
}

function typeRules(type: GraphQLNamedType): Rule[] {
  if (isObjectType(type)) return [...own(type), ...type.getInterfaces().flatMap(own)];
  if (isAbstractType(type)) return [...own(type), ...schema.getPossibleTypes(type).flatMap(typeRules)];
  return [];
}

/**
 * rule(F) AND rule(T) AND rule(R) for field F of the concrete object type T; for `Query.node(id:)`, R is the type the
 * global ID (base64url "Type:key") names, and an ID naming no Node type needs nothing.
 */
function allowed(typeName: string, fieldName: string, scopes: ReadonlySet<string>, nodeId?: unknown): boolean {
  const type = schema.getType(typeName) as GraphQLObjectType;
  const field = type.getFields()[fieldName] as GraphQLField<unknown, unknown>;
  let returned: GraphQLNamedType | undefined = getNamedType(field.type);
  if (type === schema.getQueryType() && fieldName === 'node') {
    const named = typeof nodeId === 'string' ? Buffer.from(nodeId, 'base64url').toString('utf8').split(':')[0] : '';
    const candidate = schema.getType(named ?? '');
    returned =
      isObjectType(candidate) && candidate.getInterfaces().some((i) => i.name === 'Node') ? candidate : undefined;
  }
  const rules = [...own(field), ...typeRules(type), ...(returned === undefined ? [] : typeRules(returned))];
  return rules.every((rule) => rule.some((all) => all.every((scope) => scopes.has(scope))));
}

/**
 * Single-subject @personal types → their subject field. Multi-subject ones (`subjects:` names a model property that is
 * not a field) are checked by test/audit-property.test.ts, which reads their subjects from the database.
 */
const PERSONAL_SUBJECTS = new Map<string, string>();
for (const type of Object.values(schema.getTypeMap())) {
  if (!isObjectType(type)) continue;
  const subject = directives(type, 'personal')[0]?.arguments?.find((arg) => arg.name.value === 'subject');
  if (subject !== undefined) PERSONAL_SUBJECTS.set(type.name, valueFromASTUntyped(subject.value) as string);
}
/** The alias under which the generator selects the subject of a @personal type (types differ: PersonalId vs PersonalId!). */
const subjectKey = (typeName: string): string => `subject${typeName}`;
/** Root fields a citizen token may use (rule 4c): these four, written out here rather than derived, and @public ones. */
const CITIZEN_ROOT_FIELDS = new Set(['citizen', 'citizens', 'me', 'node']);
for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
  if (directives(field, 'public').length > 0) CITIZEN_ROOT_FIELDS.add(field.name);
}

// ---------------------------------------------------------------- the query generator

const VARIABLE_TYPES: Record<string, string> = {
  p: 'PersonalId!',
  ps: '[PersonalId!]!',
  rf: 'String!',
  est: 'ID!',
  cc: 'String!',
  ms: 'Int!',
  pn: 'Int!',
  yes: 'Boolean!',
  no: 'Boolean!',
};
/** Variables for the required arguments of the root fields. */
const REQUIRED_ARGUMENTS: Record<string, string> = {
  personalId: 'p',
  personalIds: 'ps',
  residenceFileNo: 'rf',
  id: 'est',
  communeCode: 'cc',
  mapSheetNo: 'ms',
  parcelNo: 'pn',
};

interface Generation {
  g: fc.GeneratorValue;
  fragments: string[];
  used: Set<string>;
  aliases: number;
  /** Field selections left (keeps queries and responses small). */
  budget: number;
  /** Always select the subject of @personal types (the citizen property checks it). */
  withSubjects: boolean;
}

const pickWith = <T>(g: fc.GeneratorValue, items: readonly T[]): T =>
  items[g(fc.integer, { min: 0, max: items.length - 1 })] as T;
const pick = <T>(gen: Generation, items: readonly T[]): T => pickWith(gen.g, items);

/** Field names whose type differs between types: always aliased (fragments on different types could clash). */
const CLASHING_NAMES = (() => {
  const shapes = new Map<string, Set<string>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const f of Object.values(type.getFields()))
      shapes.set(f.name, (shapes.get(f.name) ?? new Set()).add(String(f.type)));
  }
  return new Set([...shapes].filter(([, types]) => types.size > 1).map(([name]) => name));
})();

function condition(gen: Generation): string {
  const roll = gen.g(fc.integer, { min: 0, max: 9 });
  if (roll === 0) {
    gen.used.add('yes');
    return ' @include(if: $yes)';
  }
  if (roll === 1) {
    gen.used.add('no');
    return ' @skip(if: $no)';
  }
  if (roll === 2) {
    gen.used.add('no');
    return ' @include(if: $no)';
  }
  return '';
}

function selection(gen: Generation, type: GraphQLCompositeType, depth: number): string {
  const parts = ['__typename'];
  if (!isAbstractType(type) || isInterfaceType(type)) {
    const fields = Object.values((type as GraphQLObjectType).getFields());
    // Composite fields half of the time, so that queries go deep (lists of lists, connections, back to Citizen).
    const composite = fields.filter((f) => isCompositeType(getNamedType(f.type)));
    // Citizen tokens: mostly the root fields they may use, the others are denied whatever follows.
    const bound =
      type === schema.getQueryType() && gen.withSubjects
        ? fields.filter((f) => ['me', 'citizen', 'citizens'].includes(f.name))
        : [];
    const count = gen.g(fc.integer, { min: 1, max: Math.min(4, fields.length) });
    for (let i = 0; i < count && gen.budget > 0; i++) {
      gen.budget--;
      const roll = gen.g(fc.integer, { min: 0, max: 3 });
      const pool = bound.length > 0 && roll < 3 ? bound : composite.length > 0 && roll < 2 ? composite : fields;
      const text = field(gen, pick(gen, pool), depth);
      if (text !== undefined) parts.push(text);
    }
    const subject = PERSONAL_SUBJECTS.get(type.name);
    if (gen.withSubjects && subject !== undefined) parts.push(`${subjectKey(type.name)}: ${subject}`);
  }
  // Inline fragments: on the type itself, on an interface it implements, or on a possible type of an interface.
  if (gen.g(fc.integer, { min: 0, max: 3 }) === 0) {
    const candidates: GraphQLCompositeType[] = [type];
    if (isObjectType(type)) candidates.push(...type.getInterfaces());
    if (isAbstractType(type)) candidates.push(...schema.getPossibleTypes(type));
    const target = pick(gen, candidates);
    parts.push(`... on ${target.name}${condition(gen)} { ${selection(gen, target, depth)} }`);
  }
  // Named fragments (their spreads may nest further fragments).
  if (gen.g(fc.integer, { min: 0, max: 4 }) === 0) {
    const name = `F${gen.fragments.length}`;
    gen.fragments.push(''); // reserve the name before generating the body
    gen.fragments[gen.fragments.length - 1] = `fragment ${name} on ${type.name} { ${selection(gen, type, depth)} }`;
    parts.push(`...${name}${condition(gen)}`);
  }
  return parts.join(' ');
}

function field(gen: Generation, definition: GraphQLField<unknown, unknown>, depth: number): string | undefined {
  const args: string[] = [];
  for (const arg of definition.args) {
    if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
      const variable = REQUIRED_ARGUMENTS[arg.name];
      if (variable === undefined) return undefined;
      gen.used.add(variable);
      args.push(`${arg.name}: $${variable}`);
    } else if (arg.name === 'first' && gen.g(fc.boolean)) {
      args.push(`first: ${gen.g(fc.integer, { min: 0, max: 3 })}`);
    } else if (arg.name === 'includeEnded' && gen.g(fc.boolean)) {
      args.push('includeEnded: true');
    }
  }
  // Fields with arguments always get a unique alias (no merge conflicts between fragments); others sometimes.
  const alias =
    args.length > 0 || CLASHING_NAMES.has(definition.name) || gen.g(fc.integer, { min: 0, max: 2 }) === 0
      ? `a${gen.aliases++}: `
      : '';
  const head = `${alias}${definition.name}${args.length > 0 ? `(${args.join(', ')})` : ''}${condition(gen)}`;
  const returned = getNamedType(definition.type);
  if (!isCompositeType(returned)) return head;
  const hop = definition.name === 'edges' || definition.name === 'node';
  const next = hop ? depth : depth - 1;
  if (next < 0) {
    const subject = PERSONAL_SUBJECTS.get(returned.name);
    return `${head} { __typename${gen.withSubjects && subject !== undefined ? ` ${subjectKey(returned.name)}: ${subject}` : ''} }`;
  }
  return `${head} { ${selection(gen, returned, next)} }`;
}

function generate(g: fc.GeneratorValue, withSubjects: boolean): { query: string; used: Set<string> } {
  const gen: Generation = { g, fragments: [], used: new Set(), aliases: 0, budget: 30, withSubjects };
  const root = schema.getQueryType() as GraphQLObjectType;
  const body = selection(gen, root, 4);
  const header = [...gen.used].map((name) => `$${name}: ${VARIABLE_TYPES[name]}`).join(', ');
  const query = `query Random${header === '' ? '' : `(${header})`} { ${body} }\n${gen.fragments.join('\n')}`;
  return { query, used: gen.used };
}

// ---------------------------------------------------------------- the response walk

interface Walk {
  scopes: ReadonlySet<string>;
  pid: string | undefined;
  variables: Record<string, unknown>;
  fragments: Map<string, FragmentDefinitionNode>;
  errors: Map<string, { code: unknown }>;
  problems: string[];
  checked: { values: number; denied: number; personal: number };
}

function included(node: { readonly directives?: readonly DirectiveNode[] | undefined }, walk: Walk): boolean {
  for (const directive of node.directives ?? []) {
    const value = directive.arguments?.[0]?.value;
    const condition = value === undefined ? undefined : valueFromASTUntyped(value, walk.variables);
    if (directive.name.value === 'skip' && condition === true) return false;
    if (directive.name.value === 'include' && condition === false) return false;
  }
  return true;
}

function applies(conditionName: string, concrete: GraphQLObjectType): boolean {
  const condition = schema.getType(conditionName);
  if (condition === undefined) return false;
  return condition === concrete || (isAbstractType(condition) && schema.isSubType(condition, concrete));
}

function walkObject(
  selectionSet: SelectionSetNode,
  data: Record<string, unknown>,
  path: (string | number)[],
  walk: Walk,
): void {
  const typeName = data.__typename;
  if (typeof typeName !== 'string') {
    walk.problems.push(`no __typename at ${JSON.stringify(path)}`);
    return;
  }
  const concrete = schema.getType(typeName) as GraphQLObjectType;
  const subject = PERSONAL_SUBJECTS.get(typeName);
  const subjectAlias = subjectKey(typeName);
  if (walk.pid !== undefined && subject !== undefined) {
    if (!(subjectAlias in data)) walk.problems.push(`no subject selected for ${typeName} at ${JSON.stringify(path)}`);
    else if (data[subjectAlias] !== walk.pid) {
      walk.problems.push(`another citizen's ${typeName} (${String(data[subjectAlias])}) at ${JSON.stringify(path)}`);
    } else walk.checked.personal++;
  }
  for (const node of selectionSet.selections) {
    if (!included(node, walk)) continue;
    if (node.kind === Kind.INLINE_FRAGMENT) {
      if (node.typeCondition === undefined || applies(node.typeCondition.name.value, concrete))
        walkObject(node.selectionSet, data, path, walk);
      continue;
    }
    if (node.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(node.name.value);
      if (fragment !== undefined && applies(fragment.typeCondition.name.value, concrete))
        walkObject(fragment.selectionSet, data, path, walk);
      continue;
    }
    const name = node.name.value;
    if (name === '__typename') continue;
    const key = node.alias?.value ?? name;
    const here = [...path, key];
    const value = data[key];
    const error = walk.errors.get(JSON.stringify(here));
    const idArgument = node.arguments?.find((arg) => arg.name.value === 'id')?.value;
    const nodeId = idArgument === undefined ? undefined : valueFromASTUntyped(idArgument, walk.variables);
    let ok = allowed(typeName, name, walk.scopes, nodeId);
    if (walk.pid !== undefined && path.length === 0 && !CITIZEN_ROOT_FIELDS.has(name)) ok = false;
    if (!ok) {
      walk.checked.denied++;
      if (value !== null)
        walk.problems.push(`${typeName}.${name} is denied but has a value at ${JSON.stringify(here)}`);
      if (error?.code !== 'UNAUTHORIZED_FIELD_OR_TYPE')
        walk.problems.push(`${typeName}.${name} denied without an error at ${JSON.stringify(here)}`);
      continue;
    }
    if (error?.code === 'UNAUTHORIZED_FIELD_OR_TYPE')
      walk.problems.push(`${typeName}.${name} is allowed but was denied at ${JSON.stringify(here)}`);
    if (value === null || value === undefined) continue;
    walk.checked.values++;
    if (node.selectionSet !== undefined) walkValue(node.selectionSet, value, here, walk);
  }
}

function walkValue(selectionSet: SelectionSetNode, value: unknown, path: (string | number)[], walk: Walk): void {
  if (value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => walkValue(selectionSet, item, [...path, index], walk));
    return;
  }
  walkObject(selectionSet, value as Record<string, unknown>, path, walk);
}

function check(
  query: string,
  response: GraphQLResponse,
  walk: Omit<Walk, 'fragments' | 'errors' | 'problems'>,
): string[] {
  const document = parse(query);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const problems: string[] = [];
  if (response.status !== 200) return [`HTTP ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`];
  const errors = new Map<string, { code: unknown }>();
  for (const error of response.body.errors ?? []) {
    if (error.extensions?.code !== 'UNAUTHORIZED_FIELD_OR_TYPE')
      problems.push(`unexpected error ${JSON.stringify(error)}`);
    errors.set(JSON.stringify(error.path ?? []), { code: error.extensions?.code });
  }
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const data = response.body.data;
  if (operation === undefined || data === null || data === undefined) return [...problems, 'no data'];
  walkObject(operation.selectionSet, { __typename: 'Query', ...data }, [], { ...walk, fragments, errors, problems });
  return problems;
}

// ---------------------------------------------------------------- the properties

let gateway: TestGateway;
let fixtures: AuthzFixtures;

beforeAll(async () => {
  // The operation-safety limits (src/limits) are another layer with its own tests: raised here so that random
  // shapes reach the authorization layer.
  gateway = await startTestGateway({
    citizens: 40,
    seed: 11,
    env: {
      LIMIT_ALIASES: '1000',
      LIMIT_DEPTH: '100',
      LIMIT_COST: '100000000',
      RATE_LIMIT_ENABLED: 'false',
      // Citizen tokens here name other IDs on purpose (the binding must withhold them); the throttle is tested elsewhere.
      PROBE_THROTTLE_IDS: '1000000',
    },
  });
  fixtures = await findFixtures(gateway.db);
});

afterAll(async () => {
  await gateway?.close();
});

function variablesFor(used: Set<string>, personalId: string, ids: string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {
    p: personalId,
    ps: ids,
    rf: fixtures.residenceFileNo ?? '0000000000',
    est: fixtures.establishmentId ?? 'RXN0YWJsaXNobWVudDox',
    cc: fixtures.parcel?.communeCode ?? '00000',
    ms: fixtures.parcel?.mapSheetNo ?? 1,
    pn: fixtures.parcel?.parcelNo ?? 1,
    yes: true,
    no: false,
  };
  return Object.fromEntries([...used].map((name) => [name, all[name]]));
}

describe('property: no denied value ever reaches data', () => {
  it('random queries × random scope sets (service tokens)', async () => {
    const totals = { values: 0, denied: 0, runs: 0 };
    await fc.assert(
      fc.asyncProperty(fc.subarray([...READ_SCOPES]), fc.gen(), async (scopeList, g) => {
        const { query, used } = generate(g, false);
        const token = await gateway.token('hospital', { scopes: scopeList });
        const ids = [fixtures.rich, fixtures.other, fixtures.unknown, ...fixtures.withEncounters.slice(0, 1)];
        const variables = variablesFor(used, pickWith(g, [fixtures.rich, fixtures.other]), ids);
        const response = await gateway.graphql(query, variables, { token, purpose: 'TREATMENT' });
        const checked = { values: 0, denied: 0, personal: 0 };
        const problems = check(query, response, { scopes: new Set(scopeList), pid: undefined, variables, checked });
        totals.values += checked.values;
        totals.denied += checked.denied;
        totals.runs++;
        if (problems.length > 0) throw new Error(`${problems.join('\n')}\nscopes: ${scopeList.join(' ')}\n${query}`);
      }),
      { numRuns: 120, interruptAfterTimeLimit: 50_000 },
    );
    // The generator really exercised both sides.
    expect(totals.runs).toBeGreaterThanOrEqual(100);
    expect(totals.values).toBeGreaterThan(100);
    expect(totals.denied).toBeGreaterThan(50);
  }, 60_000);

  it('random queries with citizen tokens never return another citizen’s personal objects', async () => {
    const citizenScopes = READ_SCOPES.filter(
      (s) => !['audit:log:read', 'stats:read', 'tourism:establishments:read'].includes(s),
    );
    const pid = fixtures.withHousemates ?? fixtures.rich;
    let runs = 0;
    const checked = { values: 0, denied: 0, personal: 0 };
    await fc.assert(
      fc.asyncProperty(fc.subarray([...citizenScopes], { minLength: 1 }), fc.gen(), async (scopeList, g) => {
        const { query, used } = generate(g, true);
        const token = await gateway.token('citizen', { scopes: scopeList, pid });
        const variables = variablesFor(used, pickWith(g, [pid, fixtures.other, fixtures.unknown]), [
          fixtures.other,
          pid,
          fixtures.unknown,
        ]);
        const response = await gateway.graphql(query, variables, { token, purpose: 'CITIZEN_SELF_SERVICE' });
        const problems = check(query, response, { scopes: new Set(scopeList), pid, variables, checked });
        runs++;
        if (problems.length > 0) throw new Error(`${problems.join('\n')}\nscopes: ${scopeList.join(' ')}\n${query}`);
      }),
      { numRuns: 150, interruptAfterTimeLimit: 30_000 },
    );
    expect(runs).toBeGreaterThanOrEqual(30);
    // Own personal objects were really returned (and checked), not only nulls.
    expect(checked.personal).toBeGreaterThan(20);
  }, 60_000);
});

// A sanity check of the generator itself: the queries it writes are valid for the schema (or the properties above
// would pass vacuously on validation errors, which check() reports as HTTP 400).
describe('the generator', () => {
  it('writes queries that reach nested connections and lists', () => {
    const samples = fc.sample(
      fc.gen().map((g) => generate(g, false).query),
      { numRuns: 200, seed: 42 },
    );
    expect(samples.some((q) => q.includes('edges'))).toBe(true);
    expect(samples.some((q) => q.includes('... on Node'))).toBe(true);
    expect(samples.some((q) => q.includes('fragment F0'))).toBe(true);
    expect(isListType(schema.getQueryType()?.getFields().citizens?.type)).toBe(true);
  });
});
