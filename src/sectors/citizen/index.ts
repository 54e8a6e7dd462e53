import { coreTables } from '../../seed/tables/core.ts';
import type { SectorModule } from '../module.ts';
import { createCitizenLoaders } from './loaders.ts';
import { citizenResolvers, citizenNodes } from './resolvers.ts';

/** The hub: the population registry (schema/citizen.graphql), which every other sector extends. */
export const citizenSector: SectorModule = {
  name: 'citizen',
  resolvers: citizenResolvers,
  nodes: citizenNodes,
  scopes: { citizenRead: ['citizen:identity:read'], read: [], write: [], other: [] },
  loaders: [createCitizenLoaders],
  dataCategories: [
    {
      category: 'IDENTITY',
      types: ['PreviousPersonalId'],
      // Only the registry's own fields: Citizen's other fields lead to other sectors, whose types carry their category.
      fields: [
        'Citizen.id',
        'Citizen.personalId',
        'Citizen.fullName',
        'Citizen.dateOfBirth',
        'Citizen.sex',
        'Citizen.birthYear',
        'Citizen.birthRegistrationProvince',
        'Citizen.ethnicity',
        'Citizen.nationality',
        'Citizen.hometown',
        'Citizen.status',
        'Citizen.previousPersonalIds',
      ],
    },
  ],
  sources: ['citizen'],
  seedTables: coreTables,
  importKinds: [],
};
