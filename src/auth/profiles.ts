/**
 * Development token profiles: one per kind of caller (docs/ARCHITECTURE.md §1), each with the least privilege its work
 * needs.
 *
 * | profile            | scopes (besides schema:introspect on every development profile)                        | purposes                                   | why                                                                                                       |
 * |--------------------|----------------------------------------------------------------------------------------|--------------------------------------------|-----------------------------------------------------------------------------------------------------------|
 * | hospital           | citizen:identity:read, health:summary:read, health:encounters:read, health:coverage:read, health:payments:read, health:encounters:write | TREATMENT, INSURANCE | finds the patient by ID, reads the records other facilities linked to it, checks coverage and bills, records its own encounters; no household, land or tourism data |
 * | residence-police   | citizen:identity:read, citizen:identity:reconcile, household:registration:read, household:registration:write, tourism:stays:read | RESIDENCE_ADMINISTRATION, LAW_ENFORCEMENT | keeps the residence registry and runs the population registry, so it reconciles identity conflicts; guest stay notifications are declared to the police; no health or land data |
 * | land-office        | citizen:identity:read, land:parcels:read, land:changes:read, land:changes:write, household:registration:read | LAND_ADMINISTRATION | registers land changes; household registration to check heirs/co-owners; no health or stays |
 * | tourism-department | citizen:identity:read, tourism:establishments:read, tourism:stays:read                    | TOURISM_MANAGEMENT                         | manages establishments, reads guest stays; identity to match guests; declares no stays itself (the establishments do) |
 * | establishment      | tourism:stays:write                                                                    | RESIDENCE_ADMINISTRATION                   | an accommodation establishment (org = its licence number, e.g. KS-37-2013-00001) declares its guests' stays and check-outs (Law on Residence 2020 art. 30), for itself only; reads nothing |
 * | social-insurance   | citizen:identity:read, health:coverage:read, health:payments:read                      | INSURANCE                                  | coverage cards and payments only; no diagnoses (summary, encounters)                                      |
 * | ioc                | stats:read, tourism:establishments:read                                                | STATISTICS                                 | the provincial operations centre works on aggregates: no identity, no personal data at all                |
 * | auditor            | audit:log:read, citizen:identity:read                                                  | LAW_ENFORCEMENT                            | reads any citizen's access log and who that citizen is; not the sector records themselves                 |
 * | citizen (--pid)    | citizen:identity:read, household:registration:read, health:summary:read, health:encounters:read, health:coverage:read, health:payments:read, tourism:stays:read, tourism:establishments:read, land:parcels:read, land:changes:read, audit:own:read, consent:own:read, consent:own:write | CITIZEN_SELF_SERVICE | their own records only (the token is bound to `pid`; establishment data is business data, so they see where they stayed); no sector write scopes; `audit:own:read` for `myAccessLog` (who read their data), never audit:log:read; `consent:own:*` to grant, list and revoke their own consents (Decree 13/2023/ND-CP: the data subject decides who reads their health data) |
 * | monitoring         | metrics:read                                                                           | (none)                                     | Prometheus scraping GET /metrics on the main listener: operation names and traffic of every client, no personal data; reads no GraphQL data (no purpose) |
 *
 * Write scopes go only to the sector that owns the data (docs/ARCHITECTURE.md §5). `schema:introspect` is for the
 * explorer in development; production tokens come from the identity provider, never from here.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { DEFAULT_AUDIENCE, DEV_ISSUER } from '../config.ts';
import { PERSONAL_ID } from './claims.ts';
import { DEVELOPMENT_ALGORITHM, ensureDevelopmentKeys } from './dev-keys.ts';
import type { PurposeOfUse } from './purposes.ts';
import { isKnownScope, SCHEMA_INTROSPECT, type Scope } from './scopes.ts';

export interface SectorProfile {
  readonly name: string;
  readonly description: string;
  /** Default `sub` (a client id); the citizen's is derived from the personal ID. */
  readonly sub: string;
  /** Default `org`, if the profile has one. */
  readonly org: string | undefined;
  /** `org` must match this when given (e.g. a hospital's 5-char facility code). */
  readonly orgPattern?: RegExp;
  readonly scopes: readonly Scope[];
  readonly purposes: readonly PurposeOfUse[];
  /** The token must be bound to a personal ID (`pid`). */
  readonly requiresPid: boolean;
}

function profile(p: SectorProfile): SectorProfile {
  const scopes: readonly Scope[] = Object.freeze([...p.scopes, SCHEMA_INTROSPECT]);
  return Object.freeze({ ...p, scopes, purposes: Object.freeze([...p.purposes]) });
}

export const PROFILES: ReadonlyMap<string, SectorProfile> = new Map(
  [
    profile({
      name: 'hospital',
      description: 'a hospital: patient lookup, health records linked to the personal ID, its own encounters',
      sub: 'hospital-37001',
      org: '37001',
      orgPattern: /^[0-9A-Z]{5}$/,
      scopes: [
        'citizen:identity:read',
        'health:summary:read',
        'health:encounters:read',
        'health:coverage:read',
        'health:payments:read',
        'health:encounters:write',
      ],
      purposes: ['TREATMENT', 'INSURANCE'],
      requiresPid: false,
    }),
    profile({
      name: 'residence-police',
      description: 'the police residence office: residence registration and guest stay notifications',
      sub: 'residence-police-37',
      org: 'CA37',
      scopes: [
        'citizen:identity:read',
        'citizen:identity:reconcile',
        'household:registration:read',
        'household:registration:write',
        'tourism:stays:read',
      ],
      purposes: ['RESIDENCE_ADMINISTRATION', 'LAW_ENFORCEMENT'],
      requiresPid: false,
    }),
    profile({
      name: 'land-office',
      description: 'the land registration office: parcels, rights and land-change registrations',
      sub: 'land-office-37',
      org: 'VPDD37',
      scopes: [
        'citizen:identity:read',
        'land:parcels:read',
        'land:changes:read',
        'land:changes:write',
        'household:registration:read',
      ],
      purposes: ['LAND_ADMINISTRATION'],
      requiresPid: false,
    }),
    profile({
      name: 'tourism-department',
      description: 'the tourism department: accommodation establishments and guest stays',
      sub: 'tourism-department-37',
      org: 'SDL37',
      scopes: ['citizen:identity:read', 'tourism:establishments:read', 'tourism:stays:read'],
      purposes: ['TOURISM_MANAGEMENT'],
      requiresPid: false,
    }),
    profile({
      name: 'establishment',
      description: "an accommodation establishment declaring its guests' stays; --org <its licence number>",
      sub: 'establishment-37',
      // The licence number binds the token to one establishment (src/sectors/tourism/writes.ts). The default is the
      // first establishment of the demo data (`seed: 1` in src/main.ts).
      org: 'KS-37-2013-00001',
      orgPattern: /^[A-Z]{2}-\d{2}-\d{4}-\d{5}$/,
      scopes: ['tourism:stays:write'],
      purposes: ['RESIDENCE_ADMINISTRATION'],
      requiresPid: false,
    }),
    profile({
      name: 'social-insurance',
      description: 'the social insurance agency: coverage and payments, no diagnoses',
      sub: 'social-insurance-37',
      org: 'BHXH37',
      scopes: ['citizen:identity:read', 'health:coverage:read', 'health:payments:read'],
      purposes: ['INSURANCE'],
      requiresPid: false,
    }),
    profile({
      name: 'ioc',
      description: 'the provincial Smart Operations Center: aggregated statistics, no personal data',
      sub: 'ioc-37',
      org: 'IOC37',
      scopes: ['stats:read', 'tourism:establishments:read'],
      purposes: ['STATISTICS'],
      requiresPid: false,
    }),
    profile({
      name: 'auditor',
      description: "an auditor: any citizen's access log",
      sub: 'auditor-37',
      org: 'TTR37',
      scopes: ['audit:log:read', 'citizen:identity:read'],
      purposes: ['LAW_ENFORCEMENT'],
      requiresPid: false,
    }),
    profile({
      name: 'citizen',
      description: 'a citizen (VNeID-style login) reading their own records; needs --pid',
      sub: 'citizen',
      org: undefined,
      scopes: [
        'citizen:identity:read',
        'household:registration:read',
        'health:summary:read',
        'health:encounters:read',
        'health:coverage:read',
        'health:payments:read',
        'tourism:stays:read',
        'tourism:establishments:read',
        'land:parcels:read',
        'land:changes:read',
        'audit:own:read',
        'consent:own:read',
        'consent:own:write',
      ],
      purposes: ['CITIZEN_SELF_SERVICE'],
      requiresPid: true,
    }),
    profile({
      name: 'monitoring',
      description: 'a Prometheus server scraping GET /metrics; reads no GraphQL data',
      sub: 'monitoring-37',
      org: undefined,
      scopes: ['metrics:read'],
      // No purpose of use: the token can read no personal data at all.
      purposes: [],
      requiresPid: false,
    }),
  ].map((p) => [p.name, p] as const),
);

/** A request for a development token that cannot be honoured (unknown profile, bad option). */
export class TokenRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenRequestError';
  }
}

export interface DevelopmentTokenOptions {
  pid?: string;
  sub?: string;
  org?: string;
  /** Lifetime; default one hour, at most 30 days. */
  expiresInSeconds?: number;
  /** Replaces the profile's scopes (to try out a denial); each must be in the vocabulary. */
  scopes?: string[];
  /** Default DEFAULT_AUDIENCE; pass the gateway's first AUTH_AUDIENCES entry if it was changed. */
  audience?: string;
}

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
export const MAX_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;

export function getProfile(name: string): SectorProfile {
  const found = PROFILES.get(name);
  if (found === undefined) {
    throw new TokenRequestError(`unknown profile "${name}"; known profiles: ${[...PROFILES.keys()].join(', ')}`);
  }
  return found;
}

/** Signs a token for a development profile with the development key (iss DEV_ISSUER, ES256, `kid` header). */
export async function signDevelopmentToken(
  dataDir: string,
  profileName: string,
  options: DevelopmentTokenOptions = {},
): Promise<string> {
  const p = getProfile(profileName);
  const { pid, expiresInSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS } = options;
  if (pid !== undefined && !PERSONAL_ID.test(pid)) throw new TokenRequestError('--pid must be 12 digits');
  if (p.requiresPid && pid === undefined) throw new TokenRequestError(`profile "${p.name}" needs --pid <12 digits>`);
  const org = options.org ?? p.org;
  if (org !== undefined && (org.trim() === '' || (p.orgPattern !== undefined && !p.orgPattern.test(org)))) {
    throw new TokenRequestError(
      p.orgPattern === undefined ? '--org must not be empty' : `--org for "${p.name}" must match ${p.orgPattern}`,
    );
  }
  const sub = options.sub ?? (p.requiresPid && pid !== undefined ? `citizen:${pid}` : p.sub);
  if (sub.trim() === '') throw new TokenRequestError('--sub must not be empty');
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new TokenRequestError(
      `--expires must be a whole number of seconds between 1 and ${MAX_TOKEN_LIFETIME_SECONDS}`,
    );
  }
  const scopes = options.scopes ?? p.scopes;
  const unknown = scopes.filter((scope) => !isKnownScope(scope));
  if (unknown.length > 0) throw new TokenRequestError(`unknown scope(s): ${unknown.join(', ')}`);

  const keys = await ensureDevelopmentKeys(dataDir);
  const claims: Record<string, unknown> = { scope: scopes.join(' '), purposes: [...p.purposes] };
  if (org !== undefined) claims.org = org;
  if (pid !== undefined) claims.pid = pid;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: DEVELOPMENT_ALGORITHM, kid: keys.kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(options.audience ?? DEFAULT_AUDIENCE)
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .setJti(randomUUID())
    .sign(keys.privateKey);
}
