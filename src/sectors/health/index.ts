import type { SectorModule } from '../module.ts';
import { healthResolvers } from './resolvers.ts';
import { healthWriteResolvers } from './writes.ts';

export const healthSector: SectorModule = {
  name: 'health',
  resolvers: { ...healthResolvers, ...healthWriteResolvers },
};
