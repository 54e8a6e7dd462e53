/**
 * Per-client rate limiting (docs/ARCHITECTURE.md §7): a token bucket per client, applied by the HTTP layer before
 * any GraphQL work. The client is the token's `sub`; a caller without a (valid) token is keyed by its remote address.
 *
 * Buckets live in Redis when REDIS_URL is set, so every replica draws from the same bucket: one Lua script reads,
 * refills and takes atomically, with Redis's own clock (replicas' clocks may differ). It is called with EVALSHA and
 * falls back to EVAL (which also loads it) when Redis answers NOSCRIPT (restart, SCRIPT FLUSH, failover).
 * Without REDIS_URL the buckets are in-process.
 *
 * Redis unavailable (down, unreachable, slower than RATE_LIMIT_REDIS_TIMEOUT_MS): the replica limits on its own,
 * with its in-process buckets, until Redis answers again. Rate limiting protects availability, not
 * confidentiality, so a Redis outage must not take the gateway down with it (failing closed would turn it into a
 * full outage); falling back to local buckets instead of not limiting at all keeps one client from flooding a replica
 * meanwhile (the effective limit is then up to replicas × the configured one). Each fallback is counted
 * (`stats.storeErrors`, metric lienthong_rate_limit_store_errors_total) and logged as a warning, at most once every
 * 30 s.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Principal } from '../auth/principal.ts';
import { isAnonymous } from '../auth/principal.ts';
import type { RateBucketConfig, RateLimitConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { recordRateLimitDecision, recordRateLimitStoreError } from './metrics.ts';

export interface TakeResult {
  allowed: boolean;
  /** Tokens left after this request. */
  remaining: number;
  /** When refused: milliseconds until one token is back. */
  retryAfterMs: number;
}

export interface BucketStore {
  /** Takes `cost` tokens (default 1); see refillAndTake. */
  take(key: string, bucket: RateBucketConfig, cost?: number): Promise<TakeResult>;
  close(): Promise<void>;
}

export interface RateDecision {
  allowed: boolean;
  /** The bucket key (see bucketKey). */
  key: string;
  /** The bucket: burst capacity and refill rate. */
  limit: number;
  refillPerSecond: number;
  remaining: number;
  /** When refused: whole seconds to wait (Retry-After), at least 1. */
  retryAfterSeconds: number;
}

export interface RateLimiterStats {
  allowed: number;
  limited: number;
  /** Requests decided by the in-process fallback because Redis failed. */
  storeErrors: number;
}

/**
 * One refill-and-take step of a bucket; `elapsedMs` since the last one. Shared by the in-process store and tests.
 * A request is allowed only when the bucket holds its whole `cost` (at least 1) and then takes it: with cost 1 this
 * is the plain token bucket; a larger cost (the probe throttle's count of foreign IDs) is refused, and takes nothing,
 * when fewer tokens are left, so no request runs past the limit (docs/ARCHITECTURE.md §6). A refused request's
 * `retryAfterMs` is the wait until its cost is back, or the whole bucket when the cost exceeds the capacity (it is
 * then never allowed).
 */
export function refillAndTake(
  tokens: number,
  elapsedMs: number,
  bucket: RateBucketConfig,
  cost = 1,
): { tokens: number; result: TakeResult } {
  const available = Math.min(bucket.capacity, tokens + (Math.max(0, elapsedMs) * bucket.refillPerSecond) / 1000);
  const needed = Math.max(1, cost);
  if (available >= needed) {
    const left = available - needed;
    return { tokens: left, result: { allowed: true, remaining: Math.floor(left), retryAfterMs: 0 } };
  }
  const wait = Math.min(needed, bucket.capacity) - available;
  return {
    tokens: available,
    result: {
      allowed: false,
      remaining: Math.floor(available),
      retryAfterMs: Math.max(1, Math.ceil((wait * 1000) / bucket.refillPerSecond)),
    },
  };
}

/** In-process buckets. Full buckets are forgotten (a full bucket and no bucket are the same), bounding memory. */
export class MemoryBucketStore implements BucketStore {
  private readonly buckets = new Map<
    string,
    { tokens: number; at: number; capacity: number; refillPerSecond: number }
  >();
  private takesSinceSweep = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  async take(key: string, bucket: RateBucketConfig, cost = 1): Promise<TakeResult> {
    const now = this.now();
    const state = this.buckets.get(key);
    const step = refillAndTake(
      state?.tokens ?? bucket.capacity,
      state === undefined ? 0 : now - state.at,
      bucket,
      cost,
    );
    this.buckets.set(key, { tokens: step.tokens, at: now, ...bucket });
    if (++this.takesSinceSweep >= 1000) this.sweep(now);
    return step.result;
  }

  private sweep(now: number): void {
    this.takesSinceSweep = 0;
    for (const [key, state] of this.buckets) {
      if (state.tokens + ((now - state.at) * state.refillPerSecond) / 1000 >= state.capacity) this.buckets.delete(key);
    }
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}

/**
 * KEYS[1] bucket; ARGV capacity, refill per second, cost (tokens taken, see refillAndTake: the same rule). Returns
 * { allowed (0/1), remaining tokens (string: Lua numbers become integers in replies), retry after ms }. The key expires once the bucket would be full again.
 */
export const TOKEN_BUCKET_SCRIPT = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = math.max(1, tonumber(ARGV[3]) or 1)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
local available = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
local retry = 0
if available >= cost then
  available = available - cost
  allowed = 1
else
  retry = math.max(1, math.ceil((math.min(cost, capacity) - available) * 1000 / rate))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(available), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - available) * 1000 / rate) + 1000)
return { allowed, tostring(available), retry }
`;

const SCRIPT_SHA = createHash('sha1').update(TOKEN_BUCKET_SCRIPT).digest('hex');

export class RedisBucketStore implements BucketStore {
  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
  ) {}

  async take(key: string, bucket: RateBucketConfig, cost = 1): Promise<TakeResult> {
    const redisKey = this.keyPrefix + key;
    const args = [String(bucket.capacity), String(bucket.refillPerSecond), String(cost)];
    let reply: unknown;
    try {
      reply = await this.client.evalsha(SCRIPT_SHA, 1, redisKey, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      reply = await this.client.eval(TOKEN_BUCKET_SCRIPT, 1, redisKey, ...args);
    }
    if (!Array.isArray(reply) || reply.length !== 3) throw new Error('unexpected reply from the rate-limit script');
    const [allowed, tokens, retry] = reply as [unknown, unknown, unknown];
    return { allowed: Number(allowed) === 1, remaining: Math.floor(Number(tokens)), retryAfterMs: Number(retry) };
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}

export interface RateLimiter {
  /** Takes one token from the caller's bucket. `principal` undefined = no valid token. */
  take(principal: Principal | undefined, remoteAddress: string | undefined): Promise<RateDecision>;
  /**
   * Takes `cost` tokens from any bucket `key` (not counted in `stats`), from the same store as `take`: Redis when
   * configured, so replicas share it, with the same fallback. The probe throttle uses it.
   */
  draw(key: string, bucket: RateBucketConfig, cost: number): Promise<TakeResult>;
  readonly stats: Readonly<RateLimiterStats>;
  close(): Promise<void>;
}

/** The bucket of a key: anonymous callers share `anonymous`, a `sub` takes the first matching override. */
export function bucketFor(config: RateLimitConfig, sub: string | undefined): RateBucketConfig {
  if (sub === undefined) return config.anonymous;
  for (const { pattern, bucket } of config.overrides) {
    if (pattern.endsWith('*') ? sub.startsWith(pattern.slice(0, -1)) : sub === pattern) return bucket;
  }
  return config.default;
}

const WARN_INTERVAL_MS = 30_000;

/** Connects to Redis when `redisUrl` is set (waiting up to 2 s for it; without it the limiter falls back, see above). */
export async function createRateLimiter(
  config: RateLimitConfig,
  redisUrl: string | undefined,
  logger: Logger,
): Promise<RateLimiter> {
  const local = new MemoryBucketStore();
  const stats: RateLimiterStats = { allowed: 0, limited: 0, storeErrors: 0 };
  let lastWarning = -Infinity;
  const warn = (error: unknown, what: string) => {
    const now = performance.now();
    if (now - lastWarning < WARN_INTERVAL_MS) return;
    lastWarning = now;
    logger.warn(
      { err: error instanceof Error ? error.message : String(error), storeErrors: stats.storeErrors },
      `${what}: rate limits are applied by each replica on its own until Redis answers`,
    );
  };

  let shared: RedisBucketStore | undefined;
  if (redisUrl !== undefined) {
    const client = new Redis(redisUrl, {
      // Fail fast while disconnected instead of queueing requests behind a dead connection.
      enableOfflineQueue: false,
      commandTimeout: config.redisTimeoutMs,
      connectTimeout: 2000,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 250, 5000),
    });
    client.on('error', (error: unknown) => warn(error, 'rate-limit Redis unavailable'));
    // Start with the shared buckets when Redis is there; do not wait for it when it refuses the connection.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 2000);
      client.once('ready', done);
      client.once('error', done);
      function done() {
        clearTimeout(timer);
        client.off('ready', done);
        client.off('error', done);
        resolve();
      }
    });
    shared = new RedisBucketStore(client, config.redisKeyPrefix);
  }

  async function draw(key: string, bucket: RateBucketConfig, cost: number): Promise<TakeResult> {
    if (shared === undefined) return local.take(key, bucket, cost);
    try {
      return await shared.take(key, bucket, cost);
    } catch (error) {
      stats.storeErrors++;
      recordRateLimitStoreError();
      warn(error, 'rate-limit Redis call failed');
      return local.take(key, bucket, cost);
    }
  }

  return {
    stats,
    draw,
    async take(principal, remoteAddress) {
      const sub = principal === undefined || isAnonymous(principal) ? undefined : principal.sub;
      const key = bucketKey(sub, remoteAddress);
      const bucket = bucketFor(config, sub);
      const result = await draw(key, bucket, 1);
      if (result.allowed) stats.allowed++;
      else stats.limited++;
      recordRateLimitDecision(result.allowed);
      return {
        allowed: result.allowed,
        key,
        limit: bucket.capacity,
        refillPerSecond: bucket.refillPerSecond,
        remaining: result.remaining,
        retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterMs / 1000)),
      };
    },
    async close() {
      await shared?.close();
      await local.close();
    },
  };
}

/** The 429 message: the limit and when to retry. */
export function rateLimitMessage(decision: RateDecision): string {
  return (
    `Too many requests: this client may send ${decision.limit} requests at once, refilled at ` +
    `${decision.refillPerSecond} per second; retry after ${decision.retryAfterSeconds} s`
  );
}

/**
 * The bucket's key: `sub:` or `addr:` + a digest of the `sub` (a citizen token's holds the personal ID) or of the
 * remote address, so neither is stored in Redis in clear.
 */
export function bucketKey(sub: string | undefined, remoteAddress: string | undefined): string {
  const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);
  return sub === undefined ? `addr:${digest(normaliseAddress(remoteAddress))}` : `sub:${digest(sub)}`;
}

function normaliseAddress(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/** What the probe throttle decided for one request (docs/ARCHITECTURE.md §6). */
export interface ProbeDecision {
  allowed: boolean;
  /** When refused: whole seconds until the bucket holds this request's count (Retry-After), at least 1. */
  retryAfterSeconds: number;
  /** The bucket's capacity: a request naming more foreign IDs than this is never allowed. */
  capacity: number;
}

export interface ProbeThrottle {
  /**
   * Charges `foreignIds` (> 0) other citizens' IDs named by the citizen token `sub`, before the request runs; refuses
   * (and charges nothing) when fewer are left in the caller's bucket.
   */
  take(sub: string, foreignIds: number): Promise<ProbeDecision>;
}

/**
 * The probe throttle: a token bucket per citizen token whose tokens are other citizens' personal IDs named. It draws
 * from the rate limiter's store (Redis when configured, so replicas share the count), or from in-process buckets when
 * rate limiting is off. Keys are `probe:` + a digest of the `sub` (which embeds the citizen's personal ID).
 */
export function createProbeThrottle(bucket: RateBucketConfig, limiter: RateLimiter | undefined): ProbeThrottle {
  const local = new MemoryBucketStore();
  const draw = (key: string, cost: number) =>
    limiter === undefined ? local.take(key, bucket, cost) : limiter.draw(key, bucket, cost);
  return {
    async take(sub, foreignIds) {
      const result = await draw(`probe:${bucketKey(sub, undefined).slice('sub:'.length)}`, foreignIds);
      return {
        allowed: result.allowed,
        retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterMs / 1000)),
        capacity: bucket.capacity,
      };
    },
  };
}

/** What the break-glass limit decided for one request (docs/ARCHITECTURE.md §5). */
export interface BreakGlassDecision {
  allowed: boolean;
  /** When refused: whole seconds until the organisation's bucket holds a request again (Retry-After), at least 1. */
  retryAfterSeconds: number;
  /** BREAK_GLASS_LIMIT. */
  capacity: number;
}

export interface BreakGlassLimit {
  /** Takes one break-glass request from the organisation's bucket, before the request runs. */
  take(organisation: string): Promise<BreakGlassDecision>;
}

/**
 * The per-organisation limit on break-glass requests: one token bucket per organisation (`org`), whatever token or
 * replica sends them, drawn from the rate limiter's store (Redis when configured, so replicas share the count; the
 * same fallback), or in-process when rate limiting is off. Keys are `breakglass:` + a digest of the organisation.
 * An emergency read bypasses the patient's consent, so a compromised hospital client must not be able to read the
 * province through it: the limit is per organisation, not per token, so minting more tokens buys nothing.
 */
export function createBreakGlassLimit(bucket: RateBucketConfig, limiter: RateLimiter | undefined): BreakGlassLimit {
  const local = new MemoryBucketStore();
  const draw = (key: string) => (limiter === undefined ? local.take(key, bucket, 1) : limiter.draw(key, bucket, 1));
  return {
    async take(organisation) {
      const digest = createHash('sha256').update(organisation).digest('hex').slice(0, 32);
      const result = await draw(`breakglass:${digest}`);
      return {
        allowed: result.allowed,
        retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterMs / 1000)),
        capacity: bucket.capacity,
      };
    },
  };
}
