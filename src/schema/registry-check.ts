/**
 * The start-up check of the sector registry (src/sectors/index.ts) against the lists that cannot be derived from it:
 * the scope vocabulary (src/auth/scopes.ts, a lower layer that must not import the sectors), the scopes the SDL
 * names, the Citizen type's scope union, the DataCategory enum, and each sector's own declarations (seed table
 * sources, import kinds, loader factories). It runs once per schema build and fails closed: one error listing every
 * problem (docs/ARCHITECTURE.md §4).
 */
import {
  isInterfaceType,
  isObjectType,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLSchema,
  isEnumType,
} from 'graphql';
import type { DataCategoryIndex } from '../audit/categories.ts';
import { METRICS_READ, SCHEMA_INTROSPECT, SCOPES } from '../auth/scopes.ts';
import { sectorScopes, type LoaderFactory, type SectorModule } from '../sectors/module.ts';

/**
 * Scopes no sector owns: the gateway's own (introspection when it is off, docs/ARCHITECTURE.md §5; GET /metrics,
 * §10).
 */
const GATEWAY_SCOPES: readonly string[] = [SCHEMA_INTROSPECT, METRICS_READ];

/** The hub type each sector extends; any read scope of personal data reached through it lets a token reach it. */
const HUB_TYPE = 'Citizen';

export class SectorRegistryError extends Error {
  override name = 'SectorRegistryError';
  constructor(readonly problems: readonly string[]) {
    super(`The sector registry (src/sectors/index.ts) disagrees with:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Throws SectorRegistryError listing every problem of the registry against the schema built from it. */
export function assertSectorRegistry(
  schema: GraphQLSchema,
  sectors: readonly SectorModule[],
  categories: DataCategoryIndex,
): void {
  const problems = sectorRegistryProblems(schema, sectors, categories);
  if (problems.length > 0) throw new SectorRegistryError(problems);
}

export function sectorRegistryProblems(
  schema: GraphQLSchema,
  sectors: readonly SectorModule[],
  categories: DataCategoryIndex,
): string[] {
  return [
    ...nameProblems(sectors),
    ...scopeProblems(schema, sectors),
    ...categoryProblems(schema, sectors, categories),
    ...dataProblems(sectors),
  ];
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

function nameProblems(sectors: readonly SectorModule[]): string[] {
  return duplicates(sectors.map((sector) => sector.name)).map((name) => `sector "${name}" is registered twice`);
}

function scopeProblems(schema: GraphQLSchema, sectors: readonly SectorModule[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const sector of sectors) {
    for (const scope of sectorScopes(sector)) {
      const owner = owners.get(scope);
      if (owner !== undefined)
        problems.push(`scope "${scope}" is declared by both sectors ${owner} and ${sector.name}`);
      else owners.set(scope, sector.name);
    }
  }
  const declared = new Set([...owners.keys(), ...GATEWAY_SCOPES]);
  const vocabulary = new Set<string>(SCOPES);
  for (const scope of vocabulary) {
    if (!declared.has(scope)) problems.push(`scope "${scope}" of src/auth/scopes.ts is declared by no sector`);
  }
  for (const [scope, owner] of owners) {
    if (!vocabulary.has(scope)) problems.push(`scope "${scope}" of sector ${owner} is missing from src/auth/scopes.ts`);
  }

  const used = schemaScopes(schema);
  for (const [scope, where] of used) {
    if (!declared.has(scope)) problems.push(`scope "${scope}" (${where}) is declared by no sector`);
  }
  for (const [scope, owner] of owners) {
    if (!used.has(scope)) problems.push(`scope "${scope}" of sector ${owner} is used by no @requiresScopes`);
  }

  const hub = schema.getType(HUB_TYPE);
  const hubScopes = new Set(
    hub === undefined ? [] : directiveScopes(hub as Directable).flatMap((alternatives) => alternatives.flat()),
  );
  const expected = new Set(sectors.flatMap((sector) => sector.scopes.citizenRead));
  const missing = [...expected].filter((scope) => !hubScopes.has(scope));
  const extra = [...hubScopes].filter((scope) => !expected.has(scope));
  if (missing.length > 0) {
    problems.push(
      `type ${HUB_TYPE} @requiresScopes lacks the sectors' citizenRead scopes ${missing.join(', ')} (schema/citizen.graphql)`,
    );
  }
  if (extra.length > 0) {
    problems.push(
      `type ${HUB_TYPE} @requiresScopes has ${extra.join(', ')}, which no sector declares in citizenRead (schema/citizen.graphql)`,
    );
  }
  return problems;
}

interface Directable {
  readonly name: string;
  readonly astNode?: { readonly directives?: readonly ConstDirectiveNode[] } | null | undefined;
  readonly extensionASTNodes?: readonly { readonly directives?: readonly ConstDirectiveNode[] }[];
}

/** The alternatives of every @requiresScopes on a type or field (its definition and its extensions). */
function directiveScopes(owner: Directable): string[][][] {
  const nodes = [owner.astNode, ...(owner.extensionASTNodes ?? [])];
  return nodes.flatMap((node) =>
    (node?.directives ?? [])
      .filter((directive) => directive.name.value === 'requiresScopes')
      .map((directive) => {
        const argument = directive.arguments?.find((arg) => arg.name.value === 'scopes');
        const value: unknown = argument === undefined ? [] : valueFromASTUntyped(argument.value);
        return Array.isArray(value) ? value.map((all) => (Array.isArray(all) ? all.map(String) : [String(all)])) : [];
      }),
  );
}

/** Every scope an @requiresScopes of the schema names, with the first place naming it. */
function schemaScopes(schema: GraphQLSchema): Map<string, string> {
  const used = new Map<string, string>();
  const note = (owner: Directable, where: string): void => {
    for (const scope of directiveScopes(owner).flat(2)) if (!used.has(scope)) used.set(scope, where);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    note(type, type.name);
    for (const field of Object.values(type.getFields())) note(field, `${type.name}.${field.name}`);
  }
  return used;
}

function categoryProblems(
  schema: GraphQLSchema,
  sectors: readonly SectorModule[],
  categories: DataCategoryIndex,
): string[] {
  const problems: string[] = [];
  const enumType = schema.getType('DataCategory');
  const values = isEnumType(enumType) ? enumType.getValues().map((value) => value.name) : [];
  if (values.join() !== categories.order.join()) {
    problems.push(
      `the sectors declare the data categories ${categories.order.join(', ')}; enum DataCategory (schema/audit.graphql) has ${values.join(', ')} (same values, same order)`,
    );
  }
  const typeOwners = new Map<string, string>();
  const fieldOwners = new Map<string, string>();
  for (const sector of sectors) {
    for (const { types = [], fields = [] } of sector.dataCategories) {
      for (const name of types) {
        const owner = typeOwners.get(name);
        if (owner !== undefined) problems.push(`type ${name} has a data category in both ${owner} and ${sector.name}`);
        typeOwners.set(name, sector.name);
        const type = schema.getType(name);
        if (!isObjectType(type) && !isInterfaceType(type)) {
          problems.push(`sector ${sector.name} gives a data category to ${name}, which is no object type`);
        }
      }
      for (const coordinate of fields) {
        const owner = fieldOwners.get(coordinate);
        if (owner !== undefined) {
          problems.push(`field ${coordinate} has a data category in both ${owner} and ${sector.name}`);
        }
        fieldOwners.set(coordinate, sector.name);
        const [typeName = '', fieldName = ''] = coordinate.split('.');
        const type = schema.getType(typeName);
        if (!(isObjectType(type) || isInterfaceType(type)) || type.getFields()[fieldName] === undefined) {
          problems.push(`sector ${sector.name} gives a data category to ${coordinate}, which is no field`);
        }
      }
    }
  }
  for (const coordinate of fieldOwners.keys()) {
    const typeName = coordinate.split('.')[0] ?? '';
    if (typeOwners.has(typeName)) {
      problems.push(`field ${coordinate} has a data category, and so has its whole type (${typeOwners.get(typeName)})`);
    }
  }
  return problems;
}

/** Seed tables feed the sector's own sources; import kinds are the sector's; each loader factory has one sector. */
function dataProblems(sectors: readonly SectorModule[]): string[] {
  const problems: string[] = [];
  const sourceOwners = new Map<string, string>();
  const loaderOwners = new Map<LoaderFactory, string>();
  for (const sector of sectors) {
    for (const source of sector.sources) {
      const owner = sourceOwners.get(source);
      if (owner !== undefined)
        problems.push(`source "${source}" is declared by both sectors ${owner} and ${sector.name}`);
      sourceOwners.set(source, sector.name);
    }
    for (const load of sector.seedTables) {
      if (load.source !== undefined && !sector.sources.includes(load.source)) {
        problems.push(
          `seed table ${load.table} of sector ${sector.name} feeds source "${load.source}", not one of its sources`,
        );
      }
    }
    for (const source of sector.sources) {
      if (!sector.seedTables.some((load) => load.source === source)) {
        problems.push(`source "${source}" of sector ${sector.name} has no seed table`);
      }
    }
    for (const kind of sector.importKinds) {
      if (kind.sector !== sector.name) {
        problems.push(`import kind ${kind.sector}/${kind.name} is registered by sector ${sector.name}`);
      }
    }
    for (const factory of sector.loaders) {
      const owner = loaderOwners.get(factory);
      if (owner !== undefined) {
        problems.push(`loader factory ${factory.name} is declared by both sectors ${owner} and ${sector.name}`);
      }
      loaderOwners.set(factory, sector.name);
    }
  }
  return problems;
}
