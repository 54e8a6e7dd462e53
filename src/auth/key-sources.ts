/**
 * Where verification keys come from: a JWKS fetched from a URL or read from a file, cached, and reloaded when a
 * token names a `kid` the cached set does not have — at most once per cooldown window, whatever the outcome of the
 * previous load. (jose's `createRemoteJWKSet` only starts its cooldown after a *successful* fetch, so while an
 * identity provider is down every request would fetch again; tokens with random `kid`s would then turn the gateway
 * into an amplifier against the provider.)
 *
 * Keys are parsed and matched by jose's `createLocalJWKSet` (alg / kty / crv / use / key_ops checks, public keys
 * only, no symmetric keys).
 */
import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, errors, type CryptoKey, type JWK, type JWSHeaderParameters } from 'jose';

/** Resolved verification keys for a token header; several when the header has no `kid` and keys are ambiguous. */
export type KeyLookup =
  | { readonly status: 'found'; readonly keys: readonly CryptoKey[] }
  | { readonly status: 'none' }
  /** The key source could not be loaded (network, HTTP status, invalid JWKS): the token cannot be checked. */
  | { readonly status: 'unavailable' };

export interface KeySource {
  /** For logs: the URL or file name, never key material. */
  readonly description: string;
  /** Issuers whose tokens this source may vouch for. */
  readonly issuers: readonly string[];
  lookup(header: JWSHeaderParameters): Promise<KeyLookup>;
}

type LocalSet = ReturnType<typeof createLocalJWKSet>;

export interface ReloadingKeySourceOptions {
  description: string;
  issuers: readonly string[];
  /** Loads the JWKS document (parsed JSON). Throws when it cannot. */
  load: () => Promise<unknown>;
  /** Minimum milliseconds between two loads (successful or not) triggered by unknown `kid`s or failures. */
  cooldownMs: number;
  /** After this many milliseconds the cached set is reloaded on the next lookup (stale keys are kept on failure). */
  maxAgeMs: number;
  /** Milliseconds clock, for tests. */
  now?: () => number;
}

/** Counters a test or a metrics endpoint can read. */
export interface KeySourceStats {
  loads: number;
  failedLoads: number;
}

export class ReloadingKeySource implements KeySource {
  readonly description: string;
  readonly issuers: readonly string[];
  readonly stats: KeySourceStats = { loads: 0, failedLoads: 0 };
  readonly #load: () => Promise<unknown>;
  readonly #cooldownMs: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #set: LocalSet | undefined;
  #loadedAt = Number.NEGATIVE_INFINITY;
  #attemptedAt = Number.NEGATIVE_INFINITY;
  #pending: Promise<void> | undefined;

  constructor(options: ReloadingKeySourceOptions) {
    this.description = options.description;
    this.issuers = options.issuers;
    this.#load = options.load;
    this.#cooldownMs = options.cooldownMs;
    this.#maxAgeMs = options.maxAgeMs;
    this.#now = options.now ?? Date.now;
  }

  /** Loads the set now (at start-up, to fail fast on a broken file). Throws what the loader throws. */
  async prime(): Promise<void> {
    await this.#reload();
  }

  async lookup(header: JWSHeaderParameters): Promise<KeyLookup> {
    const now = this.#now();
    if (this.#set === undefined || now - this.#loadedAt >= this.#maxAgeMs) {
      if (this.#pending !== undefined || now - this.#attemptedAt >= this.#cooldownMs) {
        await this.#reload().catch(() => undefined); // stale keys (if any) stay in use; the failure is counted
      }
    }
    if (this.#set === undefined) return { status: 'unavailable' };
    const first = await match(this.#set, header);
    if (first.status !== 'none') return first;
    // Unknown kid: reload once per cooldown window (joining a load already in flight).
    if (this.#pending === undefined && this.#now() - this.#attemptedAt < this.#cooldownMs) return first;
    try {
      await this.#reload();
    } catch {
      return { status: 'none' };
    }
    return match(this.#set, header);
  }

  #reload(): Promise<void> {
    if (this.#pending === undefined) {
      this.#attemptedAt = this.#now();
      this.stats.loads += 1;
      this.#pending = (async () => {
        try {
          const set = createLocalJWKSet(checkPublicJwks(await this.#load()));
          this.#set = set;
          this.#loadedAt = this.#now();
        } catch (error) {
          this.stats.failedLoads += 1;
          throw error;
        } finally {
          this.#pending = undefined;
        }
      })();
    }
    return this.#pending;
  }
}

/** A fixed set of keys (the development key). */
export class StaticKeySource implements KeySource {
  readonly #set: LocalSet;
  constructor(
    readonly description: string,
    readonly issuers: readonly string[],
    jwks: { keys: JWK[] },
  ) {
    this.#set = createLocalJWKSet(checkPublicJwks(jwks));
  }
  lookup(header: JWSHeaderParameters): Promise<KeyLookup> {
    return match(this.#set, header);
  }
}

async function match(set: LocalSet, header: JWSHeaderParameters): Promise<KeyLookup> {
  try {
    return { status: 'found', keys: [await set(header)] };
  } catch (error) {
    if (error instanceof errors.JWKSMultipleMatchingKeys) {
      // No kid (or a kid shared by several keys): every candidate is tried; the set is small and trusted.
      const keys: CryptoKey[] = [];
      for await (const key of error) keys.push(key);
      return keys.length > 0 ? { status: 'found', keys } : { status: 'none' };
    }
    // JWKSNoMatchingKey, or a key in the set that cannot be imported for this algorithm.
    return { status: 'none' };
  }
}

/** A JWKS must hold public keys only; private or symmetric key material in it is a deployment mistake. */
export function checkPublicJwks(value: unknown): { keys: JWK[] } {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { keys?: unknown }).keys)) {
    throw new Error('not a JSON Web Key Set ({ "keys": [...] })');
  }
  const keys = (value as { keys: unknown[] }).keys;
  for (const key of keys) {
    if (typeof key !== 'object' || key === null) throw new Error('JWKS member is not an object');
    if ('d' in key || (key as { kty?: unknown }).kty === 'oct' || 'k' in key) {
      throw new Error('JWKS contains private or symmetric key material; publish public keys only');
    }
  }
  return value as { keys: JWK[] };
}

const MAX_JWKS_BYTES = 1024 * 1024;

/** Fetches a JWKS over HTTP(S): 200 only, no redirects, bounded size and time. */
export async function fetchJwks(url: string, timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, {
    redirect: 'manual',
    headers: { accept: 'application/jwk-set+json, application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`JWKS ${url} answered HTTP ${response.status}`);
  }
  const reader = response.body?.getReader();
  if (reader === undefined) throw new Error(`JWKS ${url} answered without a body`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_JWKS_BYTES) {
      await reader.cancel();
      throw new Error(`JWKS ${url} is larger than ${MAX_JWKS_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export async function readJwksFile(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'));
}
