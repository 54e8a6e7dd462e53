/**
 * Builds the executable schema from schema/*.graphql (SDL first) and the sector resolvers of the registry, checked
 * against it (src/schema/registry-check.ts). No layer is applied here: src/schema/index.ts wraps this schema in the
 * cross-cutting layers (authorization, personal-data binding, audit).
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { DataCategoryIndex } from '../audit/categories.ts';
import { createNodeResolvers, nodeRegistryProblems } from '../lib/node.ts';
import { scalarResolvers } from '../lib/scalars.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { DATA_CATEGORY_INDEX, SECTORS } from '../sectors/index.ts';
import type { SectorModule } from '../sectors/module.ts';
import { assertPersonalDataClassified } from '../authz/classification.ts';
import { assertSectorRegistry } from './registry-check.ts';

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

/** The SDL documents: base.graphql first, then one per sector. */
export function loadTypeDefs(sectors: readonly SectorModule[] = SECTORS): string[] {
  return ['base', ...sectors.map((sector) => sector.name)].map((name) =>
    fs.readFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), 'utf8'),
  );
}

/** A registry to build from: the sectors and the data categories gathered from them. */
export interface SectorRegistry {
  readonly sectors: readonly SectorModule[];
  readonly categories: DataCategoryIndex;
}

/**
 * The schema with resolvers, before the cross-cutting layers; throws when the registry disagrees with it, or when an
 * object type that may reveal something about a person is not classified (src/authz/classification.ts).
 */
export function buildExecutableSchema(
  registry: SectorRegistry = { sectors: SECTORS, categories: DATA_CATEGORY_INDEX },
): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: loadTypeDefs(registry.sectors),
    resolvers: [
      scalarResolvers,
      createNodeResolvers(registry.sectors),
      ...registry.sectors.map((sector) => sector.resolvers),
    ],
    resolverValidationOptions: { requireResolversToMatchSchema: 'error', requireResolversForResolveType: 'ignore' },
  });
  assertSectorRegistry(schema, registry.sectors, registry.categories);
  const nodeProblems = nodeRegistryProblems(schema, registry.sectors);
  if (nodeProblems.length > 0)
    throw new Error(`Node loaders do not match the schema:\n  - ${nodeProblems.join('\n  - ')}`);
  assertPersonalDataClassified(schema);
  return schema;
}
