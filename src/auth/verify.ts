/**
 * Bearer token verification (docs/ARCHITECTURE.md §5).
 *
 * Order of checks, cheapest and least trusting first:
 *   1. the `Authorization` header is absent/empty (anonymous) or exactly `Bearer <token>`;
 *   2. the token is at most 8 KiB and has three base64url parts;
 *   3. the header's `alg` is allow-listed (never `none`; HS* only with AUTH_HMAC_SECRET);
 *   4. a key is found: HS* → the configured secret, otherwise the development key, the JWKS file, then each JWKS
 *      URL (an unknown `kid` reloads a set at most once per cooldown window); a symmetric algorithm is never
 *      verified with a JWKS member, which defeats the RS256→HS256 "public key as HMAC secret" confusion;
 *   5. signature, then `iss` (per key source), `aud`, `exp` (required), `nbf` with the configured clock skew;
 *   6. claim shapes (`sub`, `scope`, `org`, `pid`, `purposes`), see claims.ts.
 *
 * Error messages are fixed strings: they never contain the token or a claim value (in development the unknown-key
 * message also names the gateway's own key directory and the token command for it).
 */
import path from 'node:path';
import { errors, jwtVerify, type CryptoKey, type JWSHeaderParameters, type JWTVerifyResult } from 'jose';
import { DEV_ISSUER, type AuthConfig, type JwtAlgorithm } from '../config.ts';
import type { ErrorCode } from '../errors/catalogue.ts';
import { InvalidClaimError, principalFromClaims } from './claims.ts';
import { developmentJwks, developmentKeyFile, developmentTokenCommand } from './dev-keys.ts';
import {
  fetchJwks,
  readJwksFile,
  ReloadingKeySource,
  StaticKeySource,
  type KeySource,
  type KeySourceStats,
} from './key-sources.ts';
import { ANONYMOUS, type Principal } from './principal.ts';

/** Tokens longer than this are rejected before any parsing. */
export const MAX_TOKEN_LENGTH = 8 * 1024;
/** A cached JWKS is reloaded after this long even if no unknown `kid` shows up (key revocation). */
export const JWKS_MAX_AGE_MS = 10 * 60 * 1000;
export const JWKS_FETCH_TIMEOUT_MS = 5_000;

export type AuthenticationFailure =
  | 'malformed_header'
  | 'malformed_token'
  | 'oversized_token'
  | 'algorithm_not_allowed'
  | 'unknown_key'
  | 'keys_unavailable'
  | 'invalid_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'issuer_not_trusted'
  | 'audience_not_accepted'
  | 'invalid_claim';

const MESSAGES: Record<AuthenticationFailure, string> = {
  malformed_header: 'Authorization header must be "Bearer <token>"',
  malformed_token: 'malformed token',
  oversized_token: 'token too large',
  algorithm_not_allowed: 'token algorithm not allowed',
  unknown_key: 'token signed by an unknown key',
  keys_unavailable: 'token keys unavailable, try again later',
  invalid_signature: 'invalid token signature',
  expired: 'token expired',
  not_yet_valid: 'token not yet valid',
  issuer_not_trusted: 'token issuer not trusted',
  audience_not_accepted: 'token audience not accepted',
  invalid_claim: 'invalid token claims',
};

/** A bad token: HTTP 401, code UNAUTHENTICATED. The message is safe to show clients. */
export class AuthenticationError extends Error {
  readonly code = 'UNAUTHENTICATED' satisfies ErrorCode;
  readonly httpStatus = 401;
  /** Machine-readable cause, for logs and metrics. */
  readonly reason: AuthenticationFailure;

  constructor(reason: AuthenticationFailure, message: string = MESSAGES[reason]) {
    super(message);
    this.name = 'AuthenticationError';
    this.reason = reason;
  }
}

export interface TokenVerifier {
  /** ANONYMOUS when the header is undefined or empty; throws AuthenticationError for anything else not valid. */
  verifyAuthorizationHeader(header: string | undefined): Promise<Principal>;
  /** Verifies a bare compact JWT. */
  verifyToken(token: string): Promise<Principal>;
  /** Per key source: how many loads (fetches / file reads) and how many failed. */
  keySourceStats(): ReadonlyArray<{ description: string } & KeySourceStats>;
}

/**
 * Verified tokens, by their exact text. A sector application sends the same token with every request for minutes;
 * checking its ES256/RS256 signature again each time was ~7 % of the gateway's CPU on a 360° view (BENCHMARKS.md).
 * A cached verification is reused only while the token is still inside its own `exp`/`nbf` window (checked again on
 * every use, with the same clock skew) and for at most VERIFIED_TOKEN_MAX_AGE_MS, so a key withdrawn from the JWKS
 * stops being honoured within that time, as it would after the key sources' own refresh. Only successes are cached;
 * the cache is bounded (oldest entry evicted first).
 */
export const VERIFIED_TOKEN_MAX_AGE_MS = 60_000;
const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

interface VerifiedToken {
  readonly principal: Principal;
  readonly expiresAt: number;
  readonly notBefore: number | undefined;
  readonly verifiedAt: number;
}

const BEARER = /^Bearer +([^ ]*) *$/i;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Builds the verifier from the parsed config. Loads the development key (dev mode only) and the JWKS file now, so
 * a broken key file stops the start; JWKS URLs are fetched on the first token.
 */
export async function createTokenVerifier(auth: AuthConfig, dataDir: string): Promise<TokenVerifier> {
  const algorithms = [...auth.algorithms];
  if (algorithms.length === 0) throw new Error('no JWT algorithm is allowed');
  const cooldownMs = auth.jwksCooldownSeconds * 1000;
  const sources: KeySource[] = [];
  const reloading: ReloadingKeySource[] = [];

  let unknownKeyHint: string | undefined;
  if (auth.useDevelopmentKeys) {
    // Only when config.ts decided so: never in production, never next to a configured key source.
    sources.push(new StaticKeySource('development key', [DEV_ISSUER], await developmentJwks(dataDir)));
    // The usual cause in development is a token printed for another DATA_DIR (another key): say which key this
    // gateway trusts and the command that signs with it. Development only: a production answer names no path.
    const keyDirectory = path.dirname(developmentKeyFile(dataDir));
    unknownKeyHint =
      `${MESSAGES.unknown_key}: this development gateway trusts only its own key in ${keyDirectory}; ` +
      `get a token with ${developmentTokenCommand(dataDir, '<profile>')}`;
  }
  if (auth.jwksFile !== undefined) {
    const file = auth.jwksFile;
    const source = new ReloadingKeySource({
      description: file,
      issuers: auth.issuers,
      load: () => readJwksFile(file),
      cooldownMs,
      maxAgeMs: JWKS_MAX_AGE_MS,
    });
    try {
      await source.prime();
    } catch (error) {
      throw new Error(`AUTH_JWKS_FILE ${file}: ${(error as Error).message}`, { cause: error });
    }
    sources.push(source);
    reloading.push(source);
  }
  for (const url of auth.jwksUrls) {
    const source = new ReloadingKeySource({
      description: url,
      issuers: auth.issuers,
      load: () => fetchJwks(url, JWKS_FETCH_TIMEOUT_MS),
      cooldownMs,
      maxAgeMs: JWKS_MAX_AGE_MS,
    });
    sources.push(source);
    reloading.push(source);
  }
  const hmacKey =
    auth.hmacSecret !== undefined && algorithms.some(isHmac) ? new TextEncoder().encode(auth.hmacSecret) : undefined;
  if (sources.length === 0 && hmacKey === undefined) throw new Error('no token key source is configured');

  const verifyWith = async (
    token: string,
    key: CryptoKey | Uint8Array,
    issuers: readonly string[],
  ): Promise<JWTVerifyResult> =>
    jwtVerify(token, key, {
      algorithms,
      issuer: [...issuers],
      audience: [...auth.audiences],
      clockTolerance: auth.clockSkewSeconds,
      requiredClaims: ['exp', 'sub'],
    });

  const verified = new Map<string, VerifiedToken>();
  const skewSeconds = auth.clockSkewSeconds;

  /** The cached principal of a token verified earlier, or why the token is no longer valid (undefined: not cached). */
  const cachedPrincipal = (token: string): Principal | undefined => {
    const entry = verified.get(token);
    if (entry === undefined) return undefined;
    const now = Date.now();
    if (now - entry.verifiedAt >= VERIFIED_TOKEN_MAX_AGE_MS) {
      verified.delete(token);
      return undefined;
    }
    // The same tests as jose's jwtVerify (lib/jwt_claims_set.js) with the same tolerance.
    const nowSeconds = Math.floor(now / 1000);
    if (entry.expiresAt <= nowSeconds - skewSeconds) {
      verified.delete(token);
      throw new AuthenticationError('expired');
    }
    if (entry.notBefore !== undefined && entry.notBefore > nowSeconds + skewSeconds) {
      throw new AuthenticationError('not_yet_valid');
    }
    return entry.principal;
  };

  const remember = (token: string, payload: JWTVerifyResult['payload'], principal: Principal): void => {
    if (typeof payload.exp !== 'number') return; // required by jwtVerify; never cache without it
    if (verified.size >= VERIFIED_TOKEN_CACHE_SIZE) {
      const oldest = verified.keys().next();
      if (oldest.done !== true) verified.delete(oldest.value);
    }
    verified.set(token, {
      principal,
      expiresAt: payload.exp,
      notBefore: typeof payload.nbf === 'number' ? payload.nbf : undefined,
      verifiedAt: Date.now(),
    });
  };

  const verifyToken = async (token: string): Promise<Principal> => {
    if (token.length > MAX_TOKEN_LENGTH) throw new AuthenticationError('oversized_token');
    const cached = cachedPrincipal(token);
    if (cached !== undefined) return cached;
    const parts = token.split('.');
    if (parts.length !== 3 || !BASE64URL.test(parts[0] ?? '')) throw new AuthenticationError('malformed_token');
    const header = decodeHeader(parts[0] ?? '');
    const alg = header.alg;
    if (typeof alg !== 'string' || !(algorithms as string[]).includes(alg)) {
      throw new AuthenticationError('algorithm_not_allowed');
    }
    if (!COMPACT_JWS.test(token)) throw new AuthenticationError('malformed_token');
    try {
      if (isHmac(alg) && hmacKey === undefined) throw new AuthenticationError('algorithm_not_allowed');
      const result =
        isHmac(alg) && hmacKey !== undefined
          ? await verifyWith(token, hmacKey, auth.issuers)
          : await verifyWithSources(token, header, sources, verifyWith);
      const principal = principalFromClaims(result.payload);
      remember(token, result.payload, principal);
      return principal;
    } catch (error) {
      const failure = toAuthenticationError(error);
      if (failure.reason === 'unknown_key' && unknownKeyHint !== undefined) {
        throw new AuthenticationError('unknown_key', unknownKeyHint);
      }
      throw failure;
    }
  };

  return {
    verifyToken,
    async verifyAuthorizationHeader(header) {
      if (header === undefined || header === '') return ANONYMOUS;
      if (header.length > MAX_TOKEN_LENGTH + 64) throw new AuthenticationError('oversized_token');
      const match = BEARER.exec(header);
      if (match === null || match[1] === undefined || match[1] === '') {
        throw new AuthenticationError('malformed_header');
      }
      return verifyToken(match[1]);
    },
    keySourceStats: () => reloading.map((source) => ({ description: source.description, ...source.stats })),
  };
}

async function verifyWithSources(
  token: string,
  header: JWSHeaderParameters,
  sources: readonly KeySource[],
  verifyWith: (token: string, key: CryptoKey, issuers: readonly string[]) => Promise<JWTVerifyResult>,
): Promise<JWTVerifyResult> {
  let sawKey = false;
  let unavailable = false;
  for (const source of sources) {
    const lookup = await source.lookup(header);
    if (lookup.status === 'unavailable') unavailable = true;
    if (lookup.status !== 'found') continue;
    for (const key of lookup.keys) {
      try {
        return await verifyWith(token, key, source.issuers);
      } catch (error) {
        // A signature mismatch moves on to the next key; so does a key jose refuses for this algorithm (a TypeError,
        // e.g. an RSA key under 2048 bits), which counts as no key. Once a trusted key verified the signature,
        // claim errors are final.
        if (error instanceof errors.JWSSignatureVerificationFailed) sawKey = true;
        else if (!(error instanceof TypeError)) throw error;
      }
    }
  }
  if (sawKey) throw new AuthenticationError('invalid_signature');
  throw new AuthenticationError(unavailable ? 'keys_unavailable' : 'unknown_key');
}

function decodeHeader(encoded: string): JWSHeaderParameters {
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new AuthenticationError('malformed_token');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new AuthenticationError('malformed_token');
  }
  return header as JWSHeaderParameters;
}

function isHmac(alg: string): alg is JwtAlgorithm & `HS${string}` {
  return alg.startsWith('HS');
}

function toAuthenticationError(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof InvalidClaimError) return new AuthenticationError('invalid_claim', error.message);
  if (error instanceof errors.JWTExpired) return new AuthenticationError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return new AuthenticationError('not_yet_valid');
      case 'iss':
        return new AuthenticationError('issuer_not_trusted');
      case 'aud':
        return new AuthenticationError('audience_not_accepted');
      default:
        return new AuthenticationError('invalid_claim', `token claim "${error.claim}" is missing or invalid`);
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AuthenticationError('invalid_signature');
  if (error instanceof errors.JOSEAlgNotAllowed) return new AuthenticationError('algorithm_not_allowed');
  // JWSInvalid, JWTInvalid, a key too weak for its algorithm (jose throws TypeError for RSA < 2048 bits)...
  return new AuthenticationError('malformed_token');
}
