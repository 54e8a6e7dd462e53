import { NO_SCOPES, type SectorModule } from '../module.ts';
import { createFreshnessLoaders } from './loaders.ts';
import { freshnessResolvers } from './resolvers.ts';

/** When each source last changed (core.source_status, kept live by triggers). */
export const freshnessSector: SectorModule = {
  name: 'freshness',
  resolvers: freshnessResolvers,
  // Row counts are statistics (schema/freshness.graphql): `stats:read`, owned by the stats module.
  scopes: NO_SCOPES,
  loaders: [createFreshnessLoaders],
  dataCategories: [],
  sources: [],
  seedTables: [],
  importKinds: [],
};
