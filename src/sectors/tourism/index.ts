import type { SectorModule } from '../module.ts';
import { tourismResolvers } from './resolvers.ts';

export const tourismSector: SectorModule = { name: 'tourism', resolvers: tourismResolvers };
