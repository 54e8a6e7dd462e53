import { households, registrations } from '../../import/kinds/household.ts';
import { householdTables } from '../../seed/tables/household.ts';
import type { SectorModule } from '../module.ts';
import { createHouseholdLoaders } from './loaders.ts';
import { householdResolvers, householdNodes } from './resolvers.ts';
import { householdWriteResolvers } from './writes.ts';

export const householdSector: SectorModule = {
  name: 'household',
  resolvers: { ...householdResolvers, ...householdWriteResolvers },
  nodes: householdNodes,
  scopes: {
    citizenRead: ['household:registration:read'],
    read: [],
    write: ['household:registration:write'],
    other: [],
  },
  loaders: [createHouseholdLoaders],
  dataCategories: [
    {
      category: 'RESIDENCE',
      types: [
        'Household',
        'ResidenceRegistration',
        'RegisterResidentPayload',
        'MoveResidentPayload',
        'DeregisterResidentPayload',
      ],
    },
  ],
  sources: ['household'],
  seedTables: householdTables,
  importKinds: [registrations, households],
};
