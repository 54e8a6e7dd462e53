import { parcels, rights } from '../../import/kinds/land.ts';
import { landTables } from '../../seed/tables/land.ts';
import type { SectorModule } from '../module.ts';
import { createLandLoaders } from './loaders.ts';
import { landResolvers, landNodes } from './resolvers.ts';
import { landWriteResolvers } from './writes.ts';

export const landSector: SectorModule = {
  name: 'land',
  resolvers: { ...landResolvers, ...landWriteResolvers },
  nodes: landNodes,
  scopes: {
    citizenRead: ['land:parcels:read', 'land:changes:read'],
    read: [],
    write: ['land:changes:write'],
    other: [],
  },
  loaders: [createLandLoaders],
  dataCategories: [
    { category: 'LAND_RIGHTS', types: ['LandRight', 'Parcel'] },
    { category: 'LAND_CHANGES', types: ['LandChange', 'LandChangeParty'] },
  ],
  sources: ['land'],
  seedTables: landTables,
  importKinds: [parcels, rights],
};
