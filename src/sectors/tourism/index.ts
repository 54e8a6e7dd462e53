import { stays } from '../../import/kinds/tourism.ts';
import { tourismTables } from '../../seed/tables/tourism.ts';
import type { SectorModule } from '../module.ts';
import { createTourismLoaders } from './loaders.ts';
import { tourismResolvers, tourismNodes } from './resolvers.ts';
import { tourismWriteResolvers } from './writes.ts';

export const tourismSector: SectorModule = {
  name: 'tourism',
  resolvers: { ...tourismResolvers, ...tourismWriteResolvers },
  nodes: tourismNodes,
  scopes: {
    citizenRead: ['tourism:stays:read'],
    // Establishments are businesses, not personal data: this scope does not reach a Citizen.
    read: ['tourism:establishments:read'],
    write: ['tourism:stays:write'],
    other: [],
  },
  loaders: [createTourismLoaders],
  dataCategories: [{ category: 'ACCOMMODATION_STAYS', types: ['GuestStay', 'DeclareStayPayload', 'CheckOutPayload'] }],
  sources: ['tourism'],
  seedTables: tourismTables,
  importKinds: [stays],
};
