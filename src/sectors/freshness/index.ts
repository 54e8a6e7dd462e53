import type { SectorModule } from '../module.ts';
import { freshnessResolvers } from './resolvers.ts';

/** When each source last changed (core.source_status, kept live by triggers). */
export const freshnessSector: SectorModule = { name: 'freshness', resolvers: freshnessResolvers };
