import type { SectorModule } from '../module.ts';
import { tourismResolvers } from './resolvers.ts';
import { tourismWriteResolvers } from './writes.ts';

export const tourismSector: SectorModule = {
  name: 'tourism',
  resolvers: { ...tourismResolvers, ...tourismWriteResolvers },
};
