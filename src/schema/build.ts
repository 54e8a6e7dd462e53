/**
 * Builds the executable schema from schema/*.graphql (SDL first) and the sector resolvers,
 * then wraps it in the cross-cutting layers (authorization, personal-data binding).
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { scalarResolvers } from '../lib/scalars.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { SECTORS } from '../sectors/index.ts';

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

/** The SDL documents: base.graphql first, then one per sector. */
export function loadTypeDefs(): string[] {
  return ['base', ...SECTORS.map((sector) => sector.name)].map((name) =>
    fs.readFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), 'utf8'),
  );
}

/** The schema with resolvers, before the cross-cutting layers. */
export function buildExecutableSchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers: [scalarResolvers, ...SECTORS.map((sector) => sector.resolvers)],
    resolverValidationOptions: { requireResolversToMatchSchema: 'error', requireResolversForResolveType: 'ignore' },
  });
}
