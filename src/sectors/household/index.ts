import type { SectorModule } from '../module.ts';
import { householdResolvers } from './resolvers.ts';

export const householdSector: SectorModule = { name: 'household', resolvers: householdResolvers };
