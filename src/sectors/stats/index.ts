import { NO_SCOPES, type SectorModule } from '../module.ts';
import { createStatsLoaders } from './loaders.ts';
import { statsResolvers } from './resolvers.ts';

/**
 * Province indicators under disclosure control (schema/stats.graphql, docs/ARCHITECTURE.md §15). Not a sector: a
 * module like one, reading every sector's tables only through its aggregate statements (src/sectors/stats/catalogue.ts)
 * at refresh time. It owns `stats:read`, which the freshness module's row counts use too.
 */
export const statsSector: SectorModule = {
  name: 'stats',
  resolvers: statsResolvers,
  scopes: { ...NO_SCOPES, read: ['stats:read'] },
  loaders: [createStatsLoaders],
  dataCategories: [],
  sources: [],
  seedTables: [],
  importKinds: [],
};
