import type { SectorModule } from '../module.ts';
import { healthResolvers } from './resolvers.ts';

export const healthSector: SectorModule = { name: 'health', resolvers: healthResolvers };
