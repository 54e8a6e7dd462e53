import type { SectorModule } from '../module.ts';
import { identityResolvers } from './resolvers.ts';

/** Identity reconciliation in the population registry: legacy identifiers, re-issued IDs, conflicts. */
export const identitySector: SectorModule = { name: 'identity', resolvers: identityResolvers };
