import type { SectorModule } from '../module.ts';
import { auditResolvers } from './resolvers.ts';

/**
 * The access log (schema/audit.graphql): not a sector but a module like one; it reads the audit store
 * (src/audit/store.ts), which the audit layer writes.
 */
export const auditSector: SectorModule = { name: 'audit', resolvers: auditResolvers };
