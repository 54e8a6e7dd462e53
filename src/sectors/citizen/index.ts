import type { SectorModule } from '../module.ts';
import { citizenResolvers } from './resolvers.ts';

export const citizenSector: SectorModule = { name: 'citizen', resolvers: citizenResolvers };
