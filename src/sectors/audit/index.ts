import type { DataCategoryDeclaration, DataCategoryIndex } from '../../audit/categories.ts';
import { NO_SCOPES, type SectorModule } from '../module.ts';
import { createAuditLoaders } from './loaders.ts';
import { createAuditResolvers } from './resolvers.ts';

/** The access log's own category: reading someone's log is itself recorded. */
export const AUDIT_DATA_CATEGORIES: readonly DataCategoryDeclaration[] = [
  { category: 'ACCESS_LOG', types: ['AccessLogEntry', 'AccessRecord', 'BreakGlassReview', 'ReviewBreakGlassPayload'] },
];

/**
 * The access log (schema/audit.graphql): not a sector but a module like one; it reads the audit store
 * (src/audit/store.ts), which the audit layer writes. Its entries name the kinds of data read, from the categories
 * every sector declares: the registry gathers them and hands them in, so this module imports no other sector.
 */
export function createAuditSector(categories: DataCategoryIndex): SectorModule {
  return {
    name: 'audit',
    resolvers: createAuditResolvers(categories),
    scopes: {
      ...NO_SCOPES,
      // `audit:log:read` (auditors) reads any citizen's or client's log; `audit:own:read` a citizen token its own
      // (`myAccessLog`); `audit:client:read` a client the records of its own reads (`myClientAccessLog`).
      read: ['audit:log:read', 'audit:own:read', 'audit:client:read'],
    },
    loaders: [createAuditLoaders],
    dataCategories: AUDIT_DATA_CATEGORIES,
    sources: [],
    seedTables: [],
    importKinds: [],
  };
}
