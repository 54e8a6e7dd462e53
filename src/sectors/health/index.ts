import { encounters, vaccinations } from '../../import/kinds/health.ts';
import { healthTables } from '../../seed/tables/health.ts';
import type { SectorModule } from '../module.ts';
import { createHealthLoaders } from './loaders.ts';
import { healthResolvers } from './resolvers.ts';
import { healthWriteResolvers } from './writes.ts';

export const healthSector: SectorModule = {
  name: 'health',
  resolvers: { ...healthResolvers, ...healthWriteResolvers },
  scopes: {
    citizenRead: ['health:summary:read', 'health:encounters:read', 'health:coverage:read', 'health:payments:read'],
    read: [],
    write: ['health:encounters:write'],
    other: [],
  },
  loaders: [createHealthLoaders],
  dataCategories: [
    { category: 'HEALTH_SUMMARY', types: ['HealthSummary'] },
    { category: 'VACCINATIONS', types: ['Vaccination'] },
    { category: 'HEALTH_ENCOUNTERS', types: ['Encounter'] },
    { category: 'HEALTH_INSURANCE', types: ['InsuranceCoverage'] },
    { category: 'HEALTH_PAYMENTS', types: ['Payment'] },
  ],
  sources: ['health'],
  seedTables: healthTables,
  importKinds: [encounters, vaccinations],
};
