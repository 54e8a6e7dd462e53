/**
 * The static shape of an operation, fragments expanded (docs/ARCHITECTURE.md §7): depth, aliases, root fields. These
 * depend on the document alone, so they are computed once per (document, operation) and cached with the parsed
 * document.
 *
 * Fragments are never expanded textually: each fragment's measures are computed once and combined, so a document
 * whose fragments spread each other many times (2^n expansions) costs linear time to measure. After validation
 * fragments cannot form cycles (NoFragmentCyclesRule).
 *
 * @skip/@include are not evaluated here: a field that might be skipped still counts (conservative, and independent
 * of the variables).
 */
import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { SelectedOperation } from '../lib/operation.ts';

export interface OperationShape {
  /** Fields on the longest path (`{ a { b } }` is 2); `__Type.ofType` hops do not count (see below). */
  readonly depth: number;
  /** Aliased fields, every fragment spread counted where it is spread. */
  readonly aliases: number;
  /** Distinct response keys at the root (what the root resolvers run for). */
  readonly rootFields: number;
}

/** The definition of a field selected on `parentType`, meta fields included; undefined when unknown. */
export function fieldDefinition(
  schema: GraphQLSchema,
  parentType: GraphQLNamedType | undefined,
  node: FieldNode,
): GraphQLField<unknown, unknown> | undefined {
  const name = node.name.value;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parentType !== undefined && parentType === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  if (isObjectType(parentType) || isInterfaceType(parentType)) return parentType.getFields()[name];
  return undefined;
}

/**
 * `__Type.ofType` unwraps one List/NonNull wrapper of a type reference: it never fans out and its chain ends after
 * the few wrappers a schema has (`[[X!]!]!` is five). The standard introspection query (GraphiQL's, graphql-js's
 * getIntrospectionQuery) nests it nine times and would be 15 deep otherwise; the cyclic paths that make
 * introspection expensive (`fields { type { fields ...` ) still count in full.
 */
function isOfTypeHop(parentType: GraphQLNamedType | undefined, node: FieldNode): boolean {
  return parentType?.name === '__Type' && node.name.value === 'ofType';
}

export function measureOperation(schema: GraphQLSchema, selected: SelectedOperation): OperationShape {
  const { operation, fragments, rootType } = selected;
  const depthOfFragment = new Map<string, number>();
  const aliasesOfFragment = new Map<string, number>();

  function typeOf(name: string | undefined, fallback: GraphQLNamedType | undefined): GraphQLNamedType | undefined {
    return name === undefined ? fallback : schema.getType(name);
  }

  function depth(set: SelectionSetNode, parentType: GraphQLNamedType | undefined): number {
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const definition = fieldDefinition(schema, parentType, selection);
        const below =
          selection.selectionSet === undefined
            ? 0
            : depth(selection.selectionSet, definition === undefined ? undefined : getNamedType(definition.type));
        deepest = Math.max(deepest, (isOfTypeHop(parentType, selection) ? 0 : 1) + below);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(
          deepest,
          depth(selection.selectionSet, typeOf(selection.typeCondition?.name.value, parentType)),
        );
      } else {
        const name = selection.name.value;
        let known = depthOfFragment.get(name);
        if (known === undefined) {
          const fragment = fragments.get(name);
          known =
            fragment === undefined
              ? 0
              : depth(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
          depthOfFragment.set(name, known);
        }
        deepest = Math.max(deepest, known);
      }
    }
    return deepest;
  }

  function aliases(set: SelectionSetNode): number {
    let count = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias !== undefined) count++;
        if (selection.selectionSet !== undefined) count += aliases(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        count += aliases(selection.selectionSet);
      } else {
        const name = selection.name.value;
        let known = aliasesOfFragment.get(name);
        if (known === undefined) {
          const fragment = fragments.get(name);
          known = fragment === undefined ? 0 : aliases(fragment.selectionSet);
          aliasesOfFragment.set(name, known);
        }
        count += known;
      }
    }
    return count;
  }

  function collectRootKeys(set: SelectionSetNode, keys: Set<string>, visited: Set<string>): void {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) keys.add(selection.alias?.value ?? selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collectRootKeys(selection.selectionSet, keys, visited);
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment !== undefined) collectRootKeys(fragment.selectionSet, keys, visited);
      }
    }
  }

  const rootKeys = new Set<string>();
  collectRootKeys(operation.selectionSet, rootKeys, new Set());
  return {
    depth: depth(operation.selectionSet, rootType),
    aliases: aliases(operation.selectionSet),
    rootFields: rootKeys.size,
  };
}
