import { consentTables } from '../../seed/tables/consent.ts';
import { NO_SCOPES, type SectorModule } from '../module.ts';
import { createConsentLoaders } from './loaders.ts';
import { consentResolvers } from './resolvers.ts';

/**
 * A citizen's consents (schema/consent.graphql): granted, listed and revoked by citizen tokens only. The consent rule
 * that reads them is a layer (src/authz/consent.ts, src/lib/consent-sql.ts), not this module: the sectors whose
 * fields carry @requiresConsent compose its SQL predicate and never import this module.
 */
export const consentSector: SectorModule = {
  name: 'consent',
  resolvers: consentResolvers,
  scopes: { ...NO_SCOPES, read: ['consent:own:read'], write: ['consent:own:write'] },
  loaders: [createConsentLoaders],
  dataCategories: [{ category: 'CONSENTS', types: ['Consent', 'GrantConsentPayload', 'RevokeConsentPayload'] }],
  sources: [],
  seedTables: consentTables,
  importKinds: [],
};
