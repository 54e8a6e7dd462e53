/**
 * Static cost of an operation with the semantics of the IBM GraphQL Cost Directives specification as Apollo's
 * demand control and Hive use them (`@cost(weight: Int!)`, `@listSize(...)`, defined in schema/base.graphql):
 *
 *   cost(field) = count × (weight + cost(selection set)) + cost(arguments)
 *
 *  - weight: the field's @cost, else its type's @cost, else 1 for an object, interface or union and 0 for a scalar
 *    or enum; a root field of Mutation weighs 10 (Apollo's default);
 *  - count: 1 for a non-list field; for a list, the size the parent's @listSize passes down through `sizedFields`
 *    (a connection's `edges`), else the field's own @listSize size, else LIMIT_COST_LIST_SIZE;
 *  - @listSize size: the largest value among the slicing arguments given (variables and defaults applied; an
 *    explicit null takes the argument's default, as the resolvers do), else `assumedSize`;
 *  - arguments: @cost of each argument given (input object fields: their @cost, summed; list items summed); 0 by
 *    default;
 *  - @skip/@include are evaluated with the request's variables (as Apollo does); inline fragments and fragments on
 *    several types are all summed (an upper bound).
 *
 * Gateway extension: a slicing argument whose value is a list (`citizens(personalIds:)`) sizes the list by its
 * number of items. The specification and Apollo Federation's composition only accept Int slicing arguments; such a
 * field also carries `assumedSize` (the resolver's maximum) for tools that do not know the extension.
 */
import { getDirective } from '@graphql-tools/utils';
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { isIncluded, type SelectedOperation } from '../lib/operation.ts';
import { fieldDefinition } from './shape.ts';

/** Weight of a root field of Mutation without @cost (Apollo demand control's default). */
export const MUTATION_FIELD_WEIGHT = 10;

interface ListSizeSpec {
  readonly assumedSize: number | undefined;
  readonly slicingArguments: readonly string[];
  readonly sizedFields: readonly string[];
  readonly requireOneSlicingArgument: boolean;
}

interface FieldCostInfo {
  readonly weight: number | undefined;
  readonly listSize: ListSizeSpec | undefined;
}

export class CostSchemaError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid @cost/@listSize annotations:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CostSchemaError';
  }
}

type Directable = Parameters<typeof getDirective>[1];

export interface CostModel {
  readonly schema: GraphQLSchema;
  readonly defaultListSize: number;
  field(definition: GraphQLField<unknown, unknown>): FieldCostInfo;
  typeWeight(type: GraphQLNamedType): number;
  inputWeight(definition: Directable): number | undefined;
}

/**
 * Reads the annotations of every field once and checks them (throws CostSchemaError listing every problem), so a
 * mistyped slicing argument or sized field never silently falls back to a default size.
 */
export function createCostModel(schema: GraphQLSchema, defaultListSize: number): CostModel {
  const problems: string[] = [];
  const fields = new Map<GraphQLField<unknown, unknown>, FieldCostInfo>();
  const typeWeights = new Map<GraphQLNamedType, number>();

  const weightOf = (node: Directable, where: string): number | undefined => {
    const weight: unknown = getDirective(schema, node, 'cost')?.[0]?.weight;
    if (weight === undefined) return undefined;
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0) {
      problems.push(`${where}: @cost(weight:) must be a non-negative integer`);
      return undefined;
    }
    return weight;
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const typeWeight = weightOf(type, type.name);
    if (typeWeight !== undefined) typeWeights.set(type, typeWeight);
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      fields.set(field, { weight: weightOf(field, coordinate), listSize: readListSize(field, coordinate) });
    }
  }

  function readListSize(field: GraphQLField<unknown, unknown>, coordinate: string): ListSizeSpec | undefined {
    const args = getDirective(schema, field, 'listSize')?.[0];
    if (args === undefined) return undefined;
    const strings = (value: unknown): string[] =>
      Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
    const spec: ListSizeSpec = {
      assumedSize: typeof args.assumedSize === 'number' ? args.assumedSize : undefined,
      slicingArguments: strings(args.slicingArguments),
      sizedFields: strings(args.sizedFields),
      requireOneSlicingArgument: args.requireOneSlicingArgument !== false,
    };
    if (spec.assumedSize !== undefined && spec.assumedSize < 0)
      problems.push(`${coordinate}: @listSize(assumedSize:) is negative`);
    for (const name of spec.slicingArguments) {
      const argument = field.args.find((a) => a.name === name);
      const argumentType = argument === undefined ? undefined : getNullableType(argument.type);
      if (argument === undefined)
        problems.push(`${coordinate}: @listSize slicing argument "${name}" is not an argument of the field`);
      else if (!isListType(argumentType) && getNamedType(argument.type).name !== 'Int') {
        problems.push(
          `${coordinate}: @listSize slicing argument "${name}" must be an Int (or a list, sized by its length)`,
        );
      }
    }
    const returned = getNamedType(field.type);
    for (const name of spec.sizedFields) {
      const sized = isObjectType(returned) || isInterfaceType(returned) ? returned.getFields()[name] : undefined;
      if (sized === undefined)
        problems.push(`${coordinate}: @listSize sized field "${name}" is not a field of ${returned.name}`);
      else if (!isListType(getNullableType(sized.type)))
        problems.push(`${coordinate}: @listSize sized field "${name}" is not a list`);
    }
    if (spec.sizedFields.length === 0 && !isListType(getNullableType(field.type))) {
      problems.push(`${coordinate}: @listSize on a field that is not a list needs sizedFields`);
    }
    return spec;
  }

  if (problems.length > 0) throw new CostSchemaError(problems);
  const none: FieldCostInfo = { weight: undefined, listSize: undefined };
  return {
    schema,
    defaultListSize,
    field: (definition) => fields.get(definition) ?? none,
    typeWeight: (type) => typeWeights.get(type) ?? (isCompositeType(type) ? 1 : 0),
    inputWeight: (definition) => weightOf(definition, 'input'),
  };
}

/**
 * The estimated cost of `operation` with `variables` (already coerced: getVariableValues). Fragment costs are
 * memoised per (fragment, sized-field context), so repeated spreads do not multiply the work.
 */
export function operationCost(
  model: CostModel,
  selected: SelectedOperation,
  variables: Readonly<Record<string, unknown>>,
): number {
  const { schema } = model;
  const { operation, fragments, rootType } = selected;
  const mutationType = schema.getMutationType();
  const fragmentCosts = new Map<string, number>();

  function selectionSetCost(
    set: SelectionSetNode,
    parentType: GraphQLNamedType | undefined,
    sized: ReadonlyMap<string, number> | undefined,
  ): number {
    let total = 0;
    for (const selection of set.selections) {
      if (!isIncluded(selection, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parentType, sized?.get(selection.name.value));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        total += selectionSetCost(
          selection.selectionSet,
          condition === undefined ? parentType : schema.getType(condition),
          sized,
        );
      } else {
        const name = selection.name.value;
        const key =
          sized === undefined ? name : `${name}|${[...sized].map(([field, size]) => `${field}=${size}`).join(',')}`;
        let known = fragmentCosts.get(key);
        if (known === undefined) {
          const fragment = fragments.get(name);
          known =
            fragment === undefined
              ? 0
              : selectionSetCost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), sized);
          fragmentCosts.set(key, known);
        }
        total += known;
      }
    }
    return total;
  }

  function fieldCost(
    node: FieldNode,
    parentType: GraphQLNamedType | undefined,
    upstreamSize: number | undefined,
  ): number {
    const definition = fieldDefinition(schema, parentType, node);
    if (definition === undefined) return 0;
    const info = model.field(definition);
    const namedType = getNamedType(definition.type);
    let weight = info.weight ?? model.typeWeight(namedType);
    if (info.weight === undefined && parentType !== undefined && parentType === mutationType) {
      weight = MUTATION_FIELD_WEIGHT;
    }
    let args: Record<string, unknown> | undefined;
    try {
      args =
        node.arguments === undefined || node.arguments.length === 0
          ? undefined
          : getArgumentValues(definition, node, variables);
    } catch {
      args = undefined; // invalid at run time: execution reports it before the resolver runs
    }
    const size = info.listSize === undefined ? undefined : listSize(info.listSize, definition, args);
    const childSized =
      info.listSize !== undefined && info.listSize.sizedFields.length > 0
        ? new Map(info.listSize.sizedFields.map((name) => [name, size ?? model.defaultListSize]))
        : undefined;
    const selectionCost =
      node.selectionSet === undefined ? 0 : selectionSetCost(node.selectionSet, namedType, childSized);
    const isList = isListType(getNullableType(definition.type));
    const count = isList ? (upstreamSize ?? size ?? model.defaultListSize) : 1;
    return count * (weight + selectionCost) + argumentsCost(definition, node, args);
  }

  function argumentsCost(
    definition: GraphQLField<unknown, unknown>,
    node: FieldNode,
    args: Record<string, unknown> | undefined,
  ) {
    if (args === undefined || node.arguments === undefined) return 0;
    let total = 0;
    for (const given of node.arguments) {
      const argument = definition.args.find((a) => a.name === given.name.value);
      if (argument === undefined) continue;
      total += model.inputWeight(argument) ?? inputValueCost(argument.type, args[argument.name]);
    }
    return total;
  }

  function inputValueCost(type: GraphQLInputType, value: unknown): number {
    if (value === null || value === undefined) return 0;
    const nullable = isNonNullType(type) ? type.ofType : type;
    if (isListType(nullable)) {
      if (!Array.isArray(value)) return inputValueCost(nullable.ofType, value);
      let total = 0;
      for (const item of value) total += inputValueCost(nullable.ofType, item);
      return total;
    }
    if (isInputObjectType(nullable) && typeof value === 'object') {
      let total = 0;
      for (const [name, field] of Object.entries(nullable.getFields())) {
        const fieldValue = (value as Record<string, unknown>)[name];
        if (fieldValue === undefined) continue;
        total += model.inputWeight(field) ?? inputValueCost(field.type, fieldValue);
      }
      return total;
    }
    return 0;
  }

  return selectionSetCost(operation.selectionSet, rootType, undefined);
}

/**
 * The size a @listSize field declares for these arguments (given, or the argument's default when omitted or null);
 * undefined when there is neither a slicing value nor an assumedSize.
 */
function listSize(
  spec: ListSizeSpec,
  definition: GraphQLField<unknown, unknown>,
  args: Record<string, unknown> | undefined,
) {
  let size: number | undefined;
  for (const name of spec.slicingArguments) {
    const argument: GraphQLArgument | undefined = definition.args.find((a) => a.name === name);
    const value = args?.[name] ?? argument?.defaultValue;
    const slice = Array.isArray(value) ? value.length : typeof value === 'number' ? Math.max(0, value) : undefined;
    if (slice !== undefined) size = Math.max(size ?? 0, slice);
  }
  return size ?? spec.assumedSize;
}
