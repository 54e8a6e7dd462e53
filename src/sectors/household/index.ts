import type { SectorModule } from '../module.ts';
import { householdResolvers } from './resolvers.ts';
import { householdWriteResolvers } from './writes.ts';

export const householdSector: SectorModule = {
  name: 'household',
  resolvers: { ...householdResolvers, ...householdWriteResolvers },
};
