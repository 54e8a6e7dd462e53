import type { SectorModule } from '../module.ts';
import { landResolvers } from './resolvers.ts';
import { landWriteResolvers } from './writes.ts';

export const landSector: SectorModule = { name: 'land', resolvers: { ...landResolvers, ...landWriteResolvers } };
