/**
 * The scope vocabulary (docs/ARCHITECTURE.md §5): `sector:resource:action`. A sector application gets only what it
 * needs; `schema:introspect` (docs/ARCHITECTURE.md §7) lets a token introspect the schema when introspection is off.
 * Each scope is owned by the sector that declares it (src/sectors/<sector>/index.ts); this list stays here because
 * token verification (this layer) must not import the sectors, and the schema build checks that the two agree
 * (src/schema/registry-check.ts).
 */
export const READ_SCOPES = [
  'citizen:identity:read',
  'household:registration:read',
  'health:summary:read',
  'health:encounters:read',
  'health:coverage:read',
  'health:payments:read',
  'tourism:establishments:read',
  'tourism:stays:read',
  'land:parcels:read',
  'land:changes:read',
  'audit:log:read',
  'stats:read',
] as const;

/**
 * Narrower access-log scopes (schema/audit.graphql): `audit:own:read` lets a citizen token read the access log of its
 * own data (`myAccessLog`); `audit:client:read` lets a client read the records of its own reads (`myClientAccessLog`,
 * for an organisation reviewing what its staff read). `audit:log:read` (auditors) reads any citizen's or client's.
 */
export const ACCESS_LOG_SCOPES = ['audit:own:read', 'audit:client:read'] as const;

/**
 * A citizen's consents (schema/consent.graphql, docs/ARCHITECTURE.md §5): only a token bound to a personal ID (`pid`)
 * reads (`consent:own:read`, `myConsents`) and grants or revokes (`consent:own:write`) its own citizen's consents.
 */
export const CONSENT_SCOPES = ['consent:own:read', 'consent:own:write'] as const;

export const WRITE_SCOPES = [
  'health:encounters:write',
  'tourism:stays:write',
  'land:changes:write',
  'household:registration:write',
] as const;

/**
 * Registry administration: decisions that change how identities resolve for every sector. `citizen:identity:reconcile`
 * lists identity conflicts (with every claimant) and resolves them (schema/identity.graphql).
 */
export const ADMINISTRATION_SCOPES = ['citizen:identity:reconcile'] as const;

export const SCHEMA_INTROSPECT = 'schema:introspect';

/**
 * Owned by the gateway, like `schema:introspect`, not by a sector: GET /metrics on the main listener
 * (docs/ARCHITECTURE.md §10). The metrics hold no personal data, but they show every client's operation names and
 * traffic, so only monitoring tokens read them.
 */
export const METRICS_READ = 'metrics:read';

export const SCOPES = [
  ...READ_SCOPES,
  ...ACCESS_LOG_SCOPES,
  ...CONSENT_SCOPES,
  ...WRITE_SCOPES,
  ...ADMINISTRATION_SCOPES,
  SCHEMA_INTROSPECT,
  METRICS_READ,
] as const;

export type Scope = (typeof SCOPES)[number];

export function isKnownScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/**
 * One scope token as RFC 6749 §3.3 defines it (`scope-token = 1*NQCHAR`): printable ASCII except space, `"` and
 * `\`. Scopes outside our vocabulary are accepted in tokens (an identity provider may issue more) but grant nothing.
 */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
