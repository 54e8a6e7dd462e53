/**
 * The authorization decision for one operation, taken once before execution (docs/ARCHITECTURE.md §5): a walk of the
 * selected operation and its fragments that tracks, at every selection, the object types the runtime value may have,
 * and returns the FieldNodes the caller may not read.
 *
 * The denied set ignores @skip/@include on purpose: a skipped field never executes, so denying it costs nothing,
 * and a difference between this walk and graphql-js about a condition can then never let a field through. The
 * conditions (with the request's coerced variables) only decide what the operation would actually read: the
 * whole-operation rejection (AUTHZ_MODE=reject) and whether a purpose of use is needed.
 *
 * Cost: O(document size). A named fragment is walked once per (possible types, included) pair, so fragments that
 * spread each other many times cannot make the walk exponential.
 */
import {
  Kind,
  getArgumentValues,
  getNamedType,
  isInterfaceType,
  isCompositeType,
  isObjectType,
  visit,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { parseGlobalId } from '../lib/global-id.ts';
import { isIncluded, type SelectedOperation } from '../lib/operation.ts';
import { fieldAccess, scopeGrants } from './access.ts';
import { NODE_INTERFACE, type AuthzPolicy, type FieldPolicy } from './policy.ts';
import { conjoin, type ScopeAlternatives, type ScopeRule } from './rules.ts';

export interface Denial {
  /** `Type.field` as selected (the interface when several object types are possible). */
  readonly coordinate: string;
  /** Scope sets any of which would allow the field (empty for the citizen-token root restriction). */
  readonly requiredScopes: ScopeAlternatives;
  readonly reason: 'scopes' | 'citizen-token';
}

export interface OperationAnalysis {
  /** FieldNodes that must not resolve (whatever @skip/@include say). */
  readonly denied: ReadonlyMap<FieldNode, Denial>;
  /** Coordinates of denied fields the operation would execute (@skip/@include honoured), sorted. */
  readonly deniedCoordinates: readonly string[];
  /** An allowed, executed field reads personal data (a @personal parent or a @personal type returned). */
  readonly readsPersonalData: boolean;
  /** Those fields' coordinates, sorted (for the audit layer). */
  readonly personalCoordinates: readonly string[];
  /** The operation selects __schema or __type. */
  readonly introspection: boolean;
}

export interface AnalysisInput {
  readonly schema: GraphQLSchema;
  readonly policy: AuthzPolicy;
  readonly operation: SelectedOperation;
  readonly scopes: ReadonlySet<string>;
  /** The token is bound to a citizen (`pid`): most root fields are denied (transform.ts, (c)). */
  readonly citizenToken: boolean;
  /** Coerced variable values (for @skip/@include). */
  readonly variableValues: Readonly<Record<string, unknown>>;
}

export function analyzeOperation(input: AnalysisInput): OperationAnalysis {
  const { schema, policy, scopes, citizenToken, variableValues } = input;
  const denied = new Map<FieldNode, Denial>();
  const deniedCoordinates = new Set<string>();
  const personalCoordinates = new Set<string>();
  let introspection = false;
  const grants = scopeGrants(scopes);
  const visitedFragments = new Set<string>();
  const possibleCache = new Map<string, readonly GraphQLObjectType[]>();
  const possibleTypes = (type: GraphQLCompositeType): readonly GraphQLObjectType[] => {
    let possible = possibleCache.get(type.name);
    if (possible === undefined) {
      possible = isObjectType(type) ? [type] : schema.getPossibleTypes(type);
      possibleCache.set(type.name, possible);
    }
    return possible;
  };

  const { operation, fragments, rootType: root } = input.operation;
  if (root === undefined) {
    return { denied, deniedCoordinates: [], readsPersonalData: false, personalCoordinates: [], introspection: false };
  }

  function walk(
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    possible: readonly GraphQLObjectType[],
    live: boolean,
    atRoot: boolean,
  ): void {
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          const name = selection.name.value;
          if (name === '__typename') break;
          if (name === '__schema' || name === '__type') {
            if (atRoot) introspection = true;
            break;
          }
          const fieldLive = live && isIncluded(selection, variableValues);
          const lookup = atRoot && possible.length === 1 ? policy.field(parentType.name, name) : undefined;
          if (lookup?.nodeLookup !== undefined) {
            nodeLookup(selection, lookup, lookup.nodeLookup.argument, fieldLive);
            break;
          }
          // The field must be allowed on every object type the value may have here (fieldAccess decides each); on
          // none (an interface without implementations) it is unknown, hence denied.
          let first: FieldPolicy | undefined;
          let unknown = possible.length === 0;
          let refusedForScopes = false;
          let refusedForCitizen = false;
          let readsPersonalData = false;
          const failing = new Set<ScopeRule>();
          for (const type of possible) {
            const fieldPolicy = policy.field(type.name, name);
            first ??= fieldPolicy;
            if (fieldPolicy?.readsPersonalData === true) readsPersonalData = true;
            const refusal = fieldAccess(fieldPolicy, grants, citizenToken, failing);
            if (refusal === 'unknown-field') unknown = true;
            else if (refusal === 'scopes') refusedForScopes = true;
            else if (refusal === 'citizen-token') refusedForCitizen = true;
          }
          const coordinate =
            possible.length === 1 ? (first?.coordinate ?? `${parentType.name}.${name}`) : `${parentType.name}.${name}`;
          let denial: Denial | undefined;
          if (unknown) {
            denial = { coordinate, requiredScopes: [], reason: 'scopes' };
          } else if (refusedForScopes) {
            denial = { coordinate, requiredScopes: conjoin([...failing]), reason: 'scopes' };
          } else if (refusedForCitizen) {
            denial = { coordinate, requiredScopes: [], reason: 'citizen-token' };
          }
          if (denial !== undefined) {
            if (!denied.has(selection)) denied.set(selection, denial);
            if (fieldLive) deniedCoordinates.add(denial.coordinate);
            break; // its subtree never executes
          }
          if (fieldLive && readsPersonalData) personalCoordinates.add(coordinate);
          if (selection.selectionSet !== undefined) {
            // The type as the document sees it (the parent's declaration), and the object types the value may have:
            // the union over the possible parents, since an implementation may return a narrower type than its
            // interface declares.
            const declared = 'getFields' in parentType ? parentType.getFields()[name] : undefined;
            const returned = declared === undefined ? undefined : getNamedType(declared.type);
            if (returned !== undefined && isCompositeType(returned)) {
              const children = new Set<GraphQLObjectType>();
              for (const type of possible) {
                const definition = type.getFields()[name];
                const named = definition === undefined ? undefined : getNamedType(definition.type);
                if (named !== undefined && isCompositeType(named))
                  for (const child of possibleTypes(named)) children.add(child);
              }
              walk(selection.selectionSet, returned, [...children], fieldLive, false);
            }
          }
          break;
        }
        case Kind.INLINE_FRAGMENT: {
          const condition =
            selection.typeCondition === undefined ? parentType : schema.getType(selection.typeCondition.name.value);
          if (condition === undefined || !isCompositeType(condition)) break;
          const narrowed = intersect(possible, possibleTypes(condition));
          if (narrowed.length > 0)
            walk(selection.selectionSet, condition, narrowed, live && isIncluded(selection, variableValues), atRoot);
          break;
        }
        case Kind.FRAGMENT_SPREAD: {
          const fragment = fragments.get(selection.name.value);
          if (fragment === undefined) break;
          const condition = schema.getType(fragment.typeCondition.name.value);
          if (condition === undefined || !isCompositeType(condition)) break;
          const narrowed = intersect(possible, possibleTypes(condition));
          const spreadLive = live && isIncluded(selection, variableValues);
          const key = `${fragment.name.value}\u0000${spreadLive ? 1 : 0}\u0000${atRoot ? 1 : 0}\u0000${narrowed.map((t) => t.name).join(',')}`;
          if (narrowed.length === 0 || visitedFragments.has(key)) break;
          visitedFragments.add(key);
          walk(fragment.selectionSet, condition, narrowed, spreadLive, atRoot);
          break;
        }
      }
    }
  }

  /**
   * `node(id:)` (policy.ts, node lookups): decided like the root field of the type the ID names. An ID naming no
   * Node type answers null without reading anything: nothing below it executes, so nothing below it is walked.
   */
  function nodeLookup(selection: FieldNode, lookup: FieldPolicy, argument: string, fieldLive: boolean): void {
    const concrete = nodeTypeNamed(selection, argument);
    const failing = new Set<ScopeRule>();
    let refusal = fieldAccess(lookup, grants, citizenToken, failing);
    // A citizen token reads only objects about itself (docs/ARCHITECTURE.md §6): a Node type that is about nobody
    // (an establishment) is denied to it, as that type's own root field is, never answered from the node lookup.
    if (concrete !== undefined && refusal === undefined && citizenToken && !policy.personalTypes.has(concrete.name)) {
      refusal = 'citizen-token';
    }
    if (concrete !== undefined && refusal === undefined) {
      for (const rule of policy.typeRules.get(concrete.name) ?? []) {
        if (grants(rule)) continue;
        failing.add(rule);
        refusal = 'scopes';
      }
    }
    if (refusal !== undefined) {
      const denial: Denial =
        refusal === 'scopes'
          ? { coordinate: lookup.coordinate, requiredScopes: conjoin([...failing]), reason: 'scopes' }
          : {
              coordinate: lookup.coordinate,
              requiredScopes: [],
              reason: refusal === 'citizen-token' ? refusal : 'scopes',
            };
      if (!denied.has(selection)) denied.set(selection, denial);
      if (fieldLive) deniedCoordinates.add(lookup.coordinate);
      return;
    }
    if (concrete === undefined || selection.selectionSet === undefined) return;
    if (fieldLive && policy.personalTypes.has(concrete.name)) personalCoordinates.add(lookup.coordinate);
    const node = schema.getType(NODE_INTERFACE);
    if (node !== undefined && isInterfaceType(node)) walk(selection.selectionSet, node, [concrete], fieldLive, false);
  }

  /** The Node implementation a node lookup's global ID names (undefined: none, or arguments execution refuses). */
  function nodeTypeNamed(selection: FieldNode, argument: string): GraphQLObjectType | undefined {
    const definition = root?.getFields()[selection.name.value];
    if (definition === undefined) return undefined;
    let id: unknown;
    try {
      id = getArgumentValues(definition, selection, variableValues)[argument];
    } catch {
      return undefined; // execution refuses the arguments before any resolver runs
    }
    const type = schema.getType(parseGlobalId(id)?.type ?? '');
    return isObjectType(type) && type.getInterfaces().some((i) => i.name === NODE_INTERFACE) ? type : undefined;
  }

  walk(operation.selectionSet, root, [root], true, true);
  return {
    denied,
    deniedCoordinates: [...deniedCoordinates].sort(),
    readsPersonalData: personalCoordinates.size > 0,
    personalCoordinates: [...personalCoordinates].sort(),
    introspection,
  };
}

function intersect(
  possible: readonly GraphQLObjectType[],
  allowed: readonly GraphQLObjectType[],
): readonly GraphQLObjectType[] {
  if (possible.length === 1 && allowed.includes(possible[0] as GraphQLObjectType)) return possible;
  return possible.filter((type) => allowed.includes(type));
}

/**
 * Names of the variables the analysis depends on, anywhere in the document (they key the analysis cache): those of
 * @skip/@include, and those passed to arguments of `node` fields (the global ID names the type decided on; the plugin
 * keys on that type, not on the ID).
 */
export function conditionVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Field(node) {
      if (node.name.value !== 'node') return;
      for (const arg of node.arguments ?? []) if (arg.value.kind === Kind.VARIABLE) names.add(arg.value.name.value);
    },
    Directive(node) {
      if (node.name.value !== 'skip' && node.name.value !== 'include') return;
      for (const arg of node.arguments ?? []) if (arg.value.kind === Kind.VARIABLE) names.add(arg.value.name.value);
    },
  });
  return [...names].sort();
}
