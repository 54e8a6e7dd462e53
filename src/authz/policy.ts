/**
 * The authorization policy, compiled once from the SDL directives (docs/ARCHITECTURE.md §5), and the build-time checks
 * that make a badly guarded schema fail at start-up instead of leaking at run time.
 *
 * Semantics (decided with the lead):
 *  - `@requiresScopes` on a field, an object type or an interface type; outer list OR, inner list AND.
 *  - A field F of object type T returning named type R is allowed when rule(F) AND rule(T) AND rule(R) pass (a
 *    missing rule passes). The rule of an object type includes the rules of the interfaces it implements; the rule
 *    of an interface (or union) return type includes the rule of every possible type. A field also inherits the
 *    field rule of the interfaces that declare it.
 *  - A field selected where the runtime type may be one of several object types (an interface parent, a fragment on
 *    an interface) needs the rule of that field on EVERY object type possible at that point of the query. The
 *    possible types are narrowed by the enclosing selections (graphql-js only runs a fragment when the runtime type
 *    matches), so `citizen { ... on Node { id } }` needs only Citizen.id: sound, since the runtime type is always in
 *    the narrowed set, and not needlessly stricter.
 *  - `@public` fields need nothing besides their return type's rule. `__typename` is always allowed.
 *  - `@personal(subject: "f")`: objects of the type hold personal data of the citizen whose personal ID is field f;
 *    `@personal(subjects: "p")`: of every citizen whose personal ID is in the list property p of the resolved object
 *    (not an SDL field: callers never see it). An object whose subject set is empty belongs to nobody.
 *
 *  - Node lookups (`Query.node(id:)`, Relay Global Object Identification): the object type is named by the global ID,
 *    so the analysis decides the field as the root field of that type would be decided: the type's rules (its own and
 *    its interfaces'), a purpose when it is @personal, the citizen binding on its subject(s). The field itself
 *    carries no return-type rule (the Node interface's would be every implementation's rules at once); the fields
 *    below are decided on the type the ID names, and a @personal Node type must have a type rule (else the lookup
 *    would tell anybody that an object about a citizen exists).
 *
 * Rules are read from `astNode` and `extensionASTNodes` (sectors add fields with `extend type Citizen`).
 */
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';
import { isKnownScope } from '../auth/scopes.ts';
import { RuleTable, type ScopeAlternatives, type ScopeRule } from './rules.ts';

export const REQUIRES_SCOPES = 'requiresScopes';
export const PUBLIC = 'public';
export const PERSONAL = 'personal';
export const NOT_PERSONAL = 'notPersonal';
/** On a Mutation field whose write concerns no citizen (src/authz/classification.ts). */
export const AUDIT_EXEMPT = 'auditExempt';
/** The scalar of personal IDs: arguments of this type are bound to a citizen token's `pid`. */
export const PERSONAL_ID_SCALAR = 'PersonalId';
/**
 * Root Query fields a citizen token (`pid`) may use besides those taking a PersonalId argument and `@public` ones:
 * each returns the token's own data only (`myAccessLog`: who read the citizen's data, schema/audit.graphql).
 */
export const CITIZEN_ROOT_FIELDS: ReadonlySet<string> = new Set(['me', 'myAccessLog', 'myConsents', 'node']);
/**
 * Mutation fields a citizen token may use: the citizen's own consents (schema/consent.graphql), which only the data
 * subject grants or revokes (docs/ARCHITECTURE.md §5, the consent rule). Every other mutation is a sector's write.
 */
export const CITIZEN_MUTATION_FIELDS: ReadonlySet<string> = new Set(['grantConsent', 'revokeConsent']);
/** The Relay interface of objects with a global ID (schema/base.graphql, src/lib/global-id.ts). */
export const NODE_INTERFACE = 'Node';

/** Where the objects of a @personal type name whom they are about. */
export interface PersonalSubject {
  /** The property of the resolved object: a personal ID or null (`subject`), or a list of them (`subjects`). */
  readonly property: string;
  /** `subjects`: the property holds a list. */
  readonly many: boolean;
}

/**
 * The personal IDs an object of a @personal type is about: [] when it is about nobody (a null subject, an empty
 * list); undefined when a `subjects` property is missing or not a list (a loader that forgot it: callers fail closed).
 */
export function subjectsOf(object: unknown, subject: PersonalSubject): readonly string[] | undefined {
  if (typeof object !== 'object' || object === null) return NOBODY;
  const value = (object as Record<string, unknown>)[subject.property];
  if (!subject.many) return typeof value === 'string' ? single(value) : NOBODY;
  if (!Array.isArray(value)) return undefined;
  // Called for every field of every @personal object (audit, binding): no copy when the list is clean already.
  return value.every((id) => typeof id === 'string') ? value : value.filter((id) => typeof id === 'string');
}

const NOBODY: readonly string[] = Object.freeze([]);

/**
 * The one-element list of the subject asked for last: graphql-js resolves an object's fields one after the other, so
 * consecutive calls are nearly always about the same citizen and share one frozen list instead of one per field.
 */
let lastSingle: readonly string[] = Object.freeze(['']);
function single(id: string): readonly string[] {
  if (lastSingle[0] !== id) lastSingle = Object.freeze([id]);
  return lastSingle;
}

/** Row-level binding of a field's result to a citizen token's personal ID. */
export type ResultBinding =
  /** A single object of a @personal type: withheld as null. */
  | { readonly kind: 'object'; readonly subject: PersonalSubject }
  /** A (nested) list of a @personal type: withheld items are removed, or nulled when `positional`. */
  | { readonly kind: 'list'; readonly subject: PersonalSubject; readonly positional: boolean }
  /** A Relay connection whose nodes are of a @personal type: withheld edges are removed. */
  | { readonly kind: 'connection'; readonly subject: PersonalSubject }
  /**
   * A node lookup (`Query.node`): the object's type is its `__typename` (src/lib/node.ts); an object of a @personal
   * type is withheld as null unless it is the citizen's, an object of another type is kept.
   */
  | { readonly kind: 'node'; readonly subjects: ReadonlyMap<string, PersonalSubject> };

export interface FieldBinding {
  /** Arguments of type PersonalId (single) or [PersonalId] (list). */
  readonly personalIdArgs: readonly { readonly name: string; readonly list: boolean }[];
  readonly result: ResultBinding | undefined;
}

export interface FieldPolicy {
  /** `Type.field` */
  readonly coordinate: string;
  /** Every rule that applies (a conjunction): own, interface field rules, parent type's, return type's. */
  readonly rules: readonly ScopeRule[];
  readonly isPublic: boolean;
  readonly isRoot: boolean;
  /** A citizen token may select this root field (transform.ts, (c)); always true for non-root fields. */
  readonly citizenMayUse: boolean;
  /** Selecting this field reads personal data: its parent or a type it may return is @personal. */
  readonly readsPersonalData: boolean;
  /** Set when a citizen token's results or arguments must be bound to its `pid`. */
  readonly binding: FieldBinding | undefined;
  /**
   * A node lookup (`Query.node`): the argument holding the global ID. Its rules, purpose and personal-data reading
   * are those of the object type the ID names, decided by the analysis (analyze.ts).
   */
  readonly nodeLookup?: { readonly argument: string };
}

export interface AuthzPolicy {
  /** Object type name → field name → policy. Interface fields are decided on their implementations. */
  readonly objects: ReadonlyMap<string, ReadonlyMap<string, FieldPolicy>>;
  /** @personal type name → where its objects name their subjects. */
  readonly personalTypes: ReadonlyMap<string, PersonalSubject>;
  /** Scopes that appear in some rule: the only ones that change a decision. */
  readonly relevantScopes: ReadonlySet<string>;
  /** Rules of each object type (its own and its interfaces'). */
  readonly typeRules: ReadonlyMap<string, readonly ScopeRule[]>;
  field(typeName: string, fieldName: string): FieldPolicy | undefined;
}

/** A schema whose authorization directives are wrong or incomplete; lists every problem. */
export class AuthzSchemaError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The schema's authorization rules are invalid (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'AuthzSchemaError';
  }
}

export interface Directable {
  readonly astNode?: { readonly directives?: readonly ConstDirectiveNode[] } | null | undefined;
  readonly extensionASTNodes?: readonly { readonly directives?: readonly ConstDirectiveNode[] }[];
}

export function directivesNamed(owner: Directable, name: string): ConstDirectiveNode[] {
  const nodes = [owner.astNode, ...(owner.extensionASTNodes ?? [])];
  return nodes.flatMap((node) => (node?.directives ?? []).filter((d) => d.name.value === name));
}

/**
 * Compiles the policy of a schema; throws AuthzSchemaError listing every problem found. The steps run in this order
 * and append their problems as they meet them (the list reads in schema order): read and check the scope rules
 * (lazily, as the later steps ask for them) → collect the @personal types → compile the policy of every object field
 * (coverage, nullability, citizen use, row binding) → check that every interface field is guarded.
 */
export function compileAuthzPolicy(schema: GraphQLSchema): AuthzPolicy {
  const problems: string[] = [];
  const rules = scopeRuleReader(schema, problems);
  const personalTypes = collectPersonalTypes(schema, problems);
  const build: PolicyBuild = { schema, problems, rules, personalTypes };
  const { objects, typeRules } = compileObjectFields(build);
  checkInterfaceFields(build, objects);
  if (problems.length > 0) throw new AuthzSchemaError([...new Set(problems)]);
  return {
    objects,
    personalTypes,
    relevantScopes: rules.table.scopes(),
    typeRules,
    field: (typeName, fieldName) => objects.get(typeName)?.get(fieldName),
  };
}

/** What the compilation steps share. */
interface PolicyBuild {
  readonly schema: GraphQLSchema;
  /** Every problem found so far, in the order met. */
  readonly problems: string[];
  readonly rules: ScopeRuleReader;
  /** @personal type name → where its objects name their subjects. */
  readonly personalTypes: ReadonlyMap<string, PersonalSubject>;
}

interface ScopeRuleReader {
  readonly table: RuleTable;
  /** The rules written on a type or field (several @requiresScopes across extensions: all apply). */
  own(owner: Directable, where: string): ScopeRule[];
  /** Rules of a composite type: own + interfaces' (object); own + every possible type's (abstract). */
  ofType(type: GraphQLNamedType): ScopeRule[];
}

/** Step 1: reads @requiresScopes on first use (cached), checking each rule (empty rules and unknown scopes). */
function scopeRuleReader(schema: GraphQLSchema, problems: string[]): ScopeRuleReader {
  const table = new RuleTable();
  const requiresScopes = schema.getDirective(REQUIRES_SCOPES) ?? undefined;
  if (requiresScopes === undefined) problems.push(`the directive @${REQUIRES_SCOPES} is not declared`);

  const ownCache = new Map<Directable, ScopeRule[]>();
  function own(owner: Directable, where: string): ScopeRule[] {
    const cached = ownCache.get(owner);
    if (cached !== undefined) return cached;
    const rules: ScopeRule[] = [];
    for (const node of directivesNamed(owner, REQUIRES_SCOPES)) {
      if (requiresScopes === undefined) break;
      let alternatives: ScopeAlternatives;
      try {
        alternatives = getArgumentValues(requiresScopes, node).scopes as ScopeAlternatives;
      } catch (error) {
        problems.push(`${where}: @${REQUIRES_SCOPES} has an invalid argument: ${(error as Error).message}`);
        continue;
      }
      // An invalid rule still denies (fail closed) in case a caller ignores the error.
      const valid = checkRule(alternatives, where, problems);
      rules.push(valid ? table.intern(alternatives) : table.intern([['\u0000invalid-rule']]));
    }
    ownCache.set(owner, rules);
    return rules;
  }

  const typeCache = new Map<string, ScopeRule[]>();
  function ofType(type: GraphQLNamedType): ScopeRule[] {
    const cached = typeCache.get(type.name);
    if (cached !== undefined) return cached;
    let rules: ScopeRule[] = [];
    if (isObjectType(type)) {
      rules = [...own(type, type.name), ...type.getInterfaces().flatMap((i) => own(i, i.name))];
    } else if (isAbstractType(type)) {
      rules = [...own(type, type.name)];
      for (const possible of schema.getPossibleTypes(type)) rules.push(...ofType(possible));
    }
    rules = [...new Set(rules)];
    typeCache.set(type.name, rules);
    return rules;
  }

  return { table, own, ofType };
}

/** A rule that allows nobody, or everybody, or names a scope no token can hold, is a mistake. */
function checkRule(alternatives: ScopeAlternatives, where: string, problems: string[]): boolean {
  let valid = true;
  if (alternatives.length === 0) {
    problems.push(
      `${where}: @${REQUIRES_SCOPES}(scopes: []) allows nobody (an empty rule fails closed; write a scope)`,
    );
    valid = false;
  }
  for (const all of alternatives) {
    if (all.length === 0) {
      problems.push(`${where}: @${REQUIRES_SCOPES} has an empty inner list [] which would allow everybody`);
      valid = false;
    }
    for (const scope of all) {
      if (scope.trim() === '') {
        problems.push(`${where}: @${REQUIRES_SCOPES} has an empty scope ""`);
        valid = false;
      } else if (!isKnownScope(scope)) {
        problems.push(`${where}: @${REQUIRES_SCOPES} names the unknown scope "${scope}" (not in src/auth/scopes.ts)`);
        valid = false;
      }
    }
  }
  return valid;
}

/**
 * Step 2: the @personal types and where they name their subjects: a PersonalId field (`subject`) or a list property
 * of the model (`subjects`), both read by the binding without running code.
 */
export function collectPersonalTypes(schema: GraphQLSchema, problems: string[]): Map<string, PersonalSubject> {
  const personalTypes = new Map<string, PersonalSubject>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const nodes = directivesNamed(type as Directable, PERSONAL);
    if (nodes.length === 0) continue;
    if (!isObjectType(type)) {
      problems.push(`${type.name}: @${PERSONAL} is only supported on object types`);
      continue;
    }
    const directive = schema.getDirective(PERSONAL);
    if (directive === null || directive === undefined) {
      problems.push(`${type.name}: the directive @${PERSONAL} is not declared`);
      continue;
    }
    if (directivesNamed(type, NOT_PERSONAL).length > 0) {
      problems.push(`${type.name}: @${PERSONAL} and @${NOT_PERSONAL} on one type`);
      continue;
    }
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(directive, nodes[0] as ConstDirectiveNode);
    } catch (error) {
      problems.push(`${type.name}: @${PERSONAL} has an invalid argument: ${(error as Error).message}`);
      continue;
    }
    const { subject, subjects } = args;
    if ((subject === undefined || subject === null) === (subjects === undefined || subjects === null)) {
      problems.push(`${type.name}: @${PERSONAL} takes exactly one of subject and subjects`);
      continue;
    }
    if (typeof subjects === 'string') {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(subjects) || type.getFields()[subjects] !== undefined) {
        problems.push(
          `${type.name}: @${PERSONAL}(subjects: "${subjects}") must name a property of the model that is not a field (callers must not see the list)`,
        );
        continue;
      }
      personalTypes.set(type.name, { property: subjects, many: true });
      continue;
    }
    const field = typeof subject === 'string' ? type.getFields()[subject] : undefined;
    if (typeof subject !== 'string' || field === undefined) {
      problems.push(`${type.name}: @${PERSONAL}(subject: "${String(subject)}") names no field of ${type.name}`);
      continue;
    }
    if (getNamedType(field.type).name !== PERSONAL_ID_SCALAR || isListType(getNullableType(field.type))) {
      problems.push(`${type.name}.${field.name}: the @${PERSONAL} subject must be of type ${PERSONAL_ID_SCALAR}`);
      continue;
    }
    if (field.resolve !== undefined) {
      problems.push(
        `${type.name}.${field.name}: the @${PERSONAL} subject must be a property of the model (no resolver), so the binding layer reads it without running code`,
      );
      continue;
    }
    personalTypes.set(type.name, { property: subject, many: false });
  }
  return personalTypes;
}

/** Step 3: the policy of every field of every object type, and each object type's rules. */
function compileObjectFields(build: PolicyBuild): {
  objects: Map<string, Map<string, FieldPolicy>>;
  typeRules: Map<string, readonly ScopeRule[]>;
} {
  const objects = new Map<string, Map<string, FieldPolicy>>();
  const typeRules = new Map<string, readonly ScopeRule[]>();
  for (const type of Object.values(build.schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    typeRules.set(type.name, build.rules.ofType(type));
    const fields = new Map<string, FieldPolicy>();
    for (const field of Object.values(type.getFields())) fields.set(field.name, compileFieldPolicy(build, type, field));
    objects.set(type.name, fields);
  }
  return { objects, typeRules };
}

/** Checks that the field is guarded and can be denied safely, and compiles its policy. */
function compileFieldPolicy(
  build: PolicyBuild,
  type: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
): FieldPolicy {
  const { schema, problems, rules: reader, personalTypes } = build;
  const coordinate = `${type.name}.${field.name}`;
  const own = reader.own(field, coordinate);
  const isPublic = directivesNamed(field, PUBLIC).length > 0;
  if (isPublic && own.length > 0) problems.push(`${coordinate}: @${PUBLIC} and @${REQUIRES_SCOPES} on one field`);
  const interfaceFieldRules = type.getInterfaces().flatMap((i) => {
    const declared = i.getFields()[field.name];
    return declared === undefined ? [] : reader.own(declared, `${i.name}.${field.name}`);
  });
  const returned = getNamedType(field.type);
  const nodeLookup = nodeLookupOf(schema, type, field);
  if (nodeLookup !== undefined) return compileNodeLookup(build, type, field, own, nodeLookup);
  const returnRules = isCompositeType(returned) ? reader.ofType(returned) : [];
  const parentRules = reader.ofType(type);
  const rules = [...new Set([...own, ...interfaceFieldRules, ...parentRules, ...returnRules])];

  // Coverage: every field is guarded by something, or says it is public.
  if (!isPublic && rules.length === 0) {
    problems.push(`${coordinate} is unguarded: add @${REQUIRES_SCOPES} or @${PUBLIC} (to the field or its type)`);
  }
  // Denial yields null: a field that can be denied while its parent object is readable must be nullable.
  const independentRules = rules.filter((rule) => !parentRules.includes(rule));
  if (independentRules.length > 0 && isNonNullType(field.type)) {
    problems.push(
      `${coordinate} is protected (${independentRules.map((r) => r.key).join(' AND ')}) and must be nullable`,
    );
  }
  const root = isRootType(schema, type);
  // (Root types have no rule, so every guarded root field is covered by the check above: citizen tokens, denied
  // most root fields, get null too.)
  const citizenMayUse =
    !root ||
    isPublic ||
    (type === schema.getQueryType() &&
      (CITIZEN_ROOT_FIELDS.has(field.name) ||
        field.args.some((arg) => getNamedType(arg.type).name === PERSONAL_ID_SCALAR))) ||
    (type === schema.getMutationType() && CITIZEN_MUTATION_FIELDS.has(field.name));
  return {
    coordinate,
    rules,
    isPublic,
    isRoot: root,
    citizenMayUse,
    readsPersonalData: personalTypes.has(type.name) || isPersonalPossible(schema, personalTypes, returned),
    binding: fieldBinding(schema, type, field, personalTypes, problems),
  };
}

/** `Query.f(id: ID!): Node`: a lookup of any Node by its global ID. */
function nodeLookupOf(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
): { argument: string } | undefined {
  if (type !== schema.getQueryType() || getNamedType(field.type).name !== NODE_INTERFACE) return undefined;
  if (isListType(getNullableType(field.type)) || field.args.length !== 1) return undefined;
  const [argument] = field.args;
  return argument !== undefined && getNamedType(argument.type).name === 'ID' && isNonNullType(argument.type)
    ? { argument: argument.name }
    : undefined;
}

/** The policy of a node lookup (module comment): checked here, decided per object type by the analysis. */
function compileNodeLookup(
  build: PolicyBuild,
  type: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  own: readonly ScopeRule[],
  nodeLookup: { argument: string },
): FieldPolicy {
  const { schema, problems, rules: reader, personalTypes } = build;
  const coordinate = `${type.name}.${field.name}`;
  if (isNonNullType(field.type)) problems.push(`${coordinate} must be nullable (an unknown or denied ID yields null)`);
  if (directivesNamed(field, PUBLIC).length > 0) problems.push(`${coordinate}: a node lookup cannot be @${PUBLIC}`);
  const node = schema.getType(NODE_INTERFACE);
  const subjects = new Map<string, PersonalSubject>();
  for (const implementation of node !== undefined && isInterfaceType(node) ? schema.getPossibleTypes(node) : []) {
    const subject = personalTypes.get(implementation.name);
    // Its fields are guarded one by one below the lookup, but that an object about a citizen exists is not.
    if (subject !== undefined && reader.ofType(implementation).length === 0) {
      problems.push(
        `${implementation.name} is @${PERSONAL} and implements ${NODE_INTERFACE} without a @${REQUIRES_SCOPES} rule on the type: ${coordinate} would tell anybody that it exists`,
      );
    }
    if (subject !== undefined) subjects.set(implementation.name, subject);
  }
  return {
    coordinate,
    rules: [...own],
    isPublic: false,
    isRoot: true,
    citizenMayUse: true,
    readsPersonalData: false,
    binding: { personalIdArgs: [], result: { kind: 'node', subjects } },
    nodeLookup,
  };
}

function isRootType(schema: GraphQLSchema, type: GraphQLObjectType): boolean {
  return type === schema.getQueryType() || type === schema.getMutationType() || type === schema.getSubscriptionType();
}

/** The type, or one of the object types an abstract type may be, is @personal. */
function isPersonalPossible(
  schema: GraphQLSchema,
  personalTypes: ReadonlyMap<string, PersonalSubject>,
  type: GraphQLNamedType,
): boolean {
  return isObjectType(type)
    ? personalTypes.has(type.name)
    : isAbstractType(type) && schema.getPossibleTypes(type).some((t) => personalTypes.has(t.name));
}

/** Step 4: every interface field is guarded on the interface, or on every implementation. */
function checkInterfaceFields(build: PolicyBuild, objects: ReadonlyMap<string, ReadonlyMap<string, FieldPolicy>>) {
  const { schema, problems, rules: reader } = build;
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isInterfaceType(type)) continue;
    const implementations = schema.getPossibleTypes(type);
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const own = reader.own(field, coordinate);
      const isPublic = directivesNamed(field, PUBLIC).length > 0;
      if (isPublic && own.length > 0) problems.push(`${coordinate}: @${PUBLIC} and @${REQUIRES_SCOPES} on one field`);
      const returned = getNamedType(field.type);
      const guardedHere =
        isPublic ||
        own.length > 0 ||
        reader.own(type, type.name).length > 0 ||
        (isCompositeType(returned) && reader.ofType(returned).length > 0);
      const guardedEverywhere =
        implementations.length > 0 &&
        implementations.every((impl) => {
          const policy = objects.get(impl.name)?.get(field.name);
          return policy !== undefined && (policy.isPublic || policy.rules.length > 0);
        });
      if (!guardedHere && !guardedEverywhere) {
        problems.push(
          `${coordinate} is unguarded: add @${REQUIRES_SCOPES} or @${PUBLIC} (on the interface or every implementation)`,
        );
      }
    }
  }
}

/**
 * How a citizen token's `pid` binds a field's arguments and result (transform.ts, (a) and (b)); checks the shapes it
 * relies on.
 */
function fieldBinding(
  schema: GraphQLSchema,
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  personalTypes: ReadonlyMap<string, PersonalSubject>,
  problems: string[],
): FieldBinding | undefined {
  const coordinate = `${parent.name}.${field.name}`;
  const personalIdArgs = field.args
    .filter((arg) => getNamedType(arg.type).name === PERSONAL_ID_SCALAR)
    .map((arg) => ({ name: arg.name, list: isListType(getNullableType(arg.type)) }));
  for (const arg of field.args) {
    const nullable = getNullableType(arg.type);
    if (
      isListType(nullable) &&
      isListType(getNullableType(nullable.ofType)) &&
      getNamedType(arg.type).name === PERSONAL_ID_SCALAR
    ) {
      problems.push(
        `${coordinate}(${arg.name}:): nested lists of ${PERSONAL_ID_SCALAR} are not supported by the citizen binding`,
      );
    }
  }
  const returnsList = isListType(getNullableType(field.type));
  // Results line up with a list of IDs (like `citizens`): withheld positions become null instead of shifting.
  const positional = personalIdArgs.filter((a) => a.list).length === 1 && returnsList;
  if (personalIdArgs.length > 0 && isNonNullType(field.type)) {
    problems.push(
      `${coordinate} takes a ${PERSONAL_ID_SCALAR} argument and must be nullable (another citizen's ID yields null)`,
    );
  }
  const list: GraphQLType = getNullableType(field.type);
  if (positional && isListType(list) && isNonNullType(list.ofType)) {
    problems.push(`${coordinate}: items must be nullable (positions of other citizens' IDs are null)`);
  }

  const returned = getNamedType(field.type);
  let result: ResultBinding | undefined;
  if (isAbstractType(returned) && schema.getPossibleTypes(returned).some((t) => personalTypes.has(t.name))) {
    problems.push(
      `${coordinate} returns the abstract type ${returned.name} with @${PERSONAL} implementations: not supported by the citizen binding`,
    );
  } else if (isObjectType(returned) && personalTypes.has(returned.name)) {
    const subject = personalTypes.get(returned.name) as PersonalSubject;
    if (returnsList) {
      result = { kind: 'list', subject, positional };
    } else {
      if (isNonNullType(field.type)) {
        problems.push(
          `${coordinate} returns the @${PERSONAL} type ${returned.name} and must be nullable (withheld objects are null)`,
        );
      }
      result = { kind: 'object', subject };
    }
  } else if (isObjectType(returned) && !returnsList) {
    const connection = connectionNodeType(returned);
    if (connection !== undefined && personalTypes.has(connection.node.name)) {
      const { edges, edge, node } = connection;
      for (const [owner, name, def] of [
        [returned.name, 'edges', edges],
        [edge.name, 'node', edge.getFields().node],
        [edge.name, 'cursor', edge.getFields().cursor],
        [returned.name, 'pageInfo', returned.getFields().pageInfo],
      ] as const) {
        if (def?.resolve !== undefined) {
          problems.push(`${owner}.${name} must be plain data (no resolver) for the citizen binding of ${coordinate}`);
        }
      }
      result = { kind: 'connection', subject: personalTypes.get(node.name) as PersonalSubject };
    }
  }
  return personalIdArgs.length === 0 && result === undefined ? undefined : { personalIdArgs, result };
}

/** A Relay connection by shape: `edges: [E]` whose E has `node: N` (N an object type). */
export function connectionNodeType(
  type: GraphQLObjectType,
): { edges: GraphQLField<unknown, unknown>; edge: GraphQLObjectType; node: GraphQLObjectType } | undefined {
  const edges = type.getFields().edges;
  if (edges === undefined || !isListType(getNullableType(edges.type))) return undefined;
  const edge = getNamedType(edges.type);
  if (!isObjectType(edge)) return undefined;
  const nodeField = edge.getFields().node;
  if (nodeField === undefined) return undefined;
  const node = getNamedType(nodeField.type);
  return isObjectType(node) ? { edges, edge, node } : undefined;
}
