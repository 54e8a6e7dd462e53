import { NO_SCOPES, type SectorModule } from '../module.ts';
import { createIdentityLoaders } from './loaders.ts';
import { identityResolvers, identityNodes } from './resolvers.ts';

/**
 * Identity reconciliation in the population registry: legacy identifiers, re-issued IDs, conflicts. Its tables are
 * the registry's (source `citizen`, seeded with the citizens).
 */
export const identitySector: SectorModule = {
  name: 'identity',
  resolvers: identityResolvers,
  nodes: identityNodes,
  // `citizen:identity:reconcile`: decisions that change how identities resolve for every sector.
  scopes: { ...NO_SCOPES, other: ['citizen:identity:reconcile'] },
  loaders: [createIdentityLoaders],
  dataCategories: [
    {
      category: 'IDENTITY',
      types: ['LegacyIdentifier', 'IdentityClaim', 'IdentifierResolution', 'IdentityConflict'],
      fields: ['Citizen.legacyIdentifiers'],
    },
  ],
  sources: [],
  seedTables: [],
  importKinds: [],
};
