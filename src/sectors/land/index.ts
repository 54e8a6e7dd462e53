import type { SectorModule } from '../module.ts';
import { landResolvers } from './resolvers.ts';

export const landSector: SectorModule = { name: 'land', resolvers: landResolvers };
