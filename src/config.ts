/**
 * The only module that reads `process.env` (docs/ARCHITECTURE.md §2). Every variable is parsed and
 * validated here; all problems are collected and reported together so an operator fixes a
 * bad deployment in one pass instead of one error per restart.
 */
import path from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';
export type AuthzMode = 'filter' | 'reject';

export const ALLOWED_JWT_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'HS256',
  'HS384',
  'HS512',
] as const;
export type JwtAlgorithm = (typeof ALLOWED_JWT_ALGORITHMS)[number];

export interface AuthConfig {
  /** Remote JWKS endpoints; keys cached and refetched on an unknown `kid`. */
  jwksUrls: string[];
  /** A local JWKS file (JSON `{ "keys": [...] }`). */
  jwksFile: string | undefined;
  /** Shared secret for HMAC algorithms; only used when an HS* algorithm is allow-listed. */
  hmacSecret: string | undefined;
  issuers: string[];
  audiences: string[];
  algorithms: JwtAlgorithm[];
  clockSkewSeconds: number;
  /** Minimum interval between two JWKS refetches triggered by unknown `kid`s. */
  jwksCooldownSeconds: number;
  /** Development mode: the gateway generates its own ES256 key in DATA_DIR and serves its JWKS. */
  useDevelopmentKeys: boolean;
}

/**
 * Operation safety limits (docs/ARCHITECTURE.md §7); a breach is HTTP 400 (413 for the body) with a code naming the
 * limit.
 */
export interface LimitsConfig {
  /** Fields on the longest path of the operation, fragments expanded (`{ a { b } }` is 2). */
  maxDepth: number;
  /** Aliased fields in the operation, fragments expanded. */
  maxAliases: number;
  /** Distinct response keys at the root of the operation. */
  maxRootFields: number;
  /** Lexical tokens of the document; enforced while parsing. */
  maxTokens: number;
  /** Request body size; a larger body is refused with 413. */
  maxRequestBytes: number;
  /**
   * Static cost estimate (@cost / @listSize, IBM GraphQL Cost Directives semantics, src/limits/cost.ts). Default
   * 300 000: the 360° view (test/support/queries.ts) costs 4 655 per citizen with the resolvers' default page sizes
   * (household members 50 dominate), so 50 citizens (232 750) pass and 100 (465 500) do not; the cut is ~64.
   */
  maxCost: number;
  /** Size assumed for a list field without @listSize (introspection lists included). */
  costListSize: number;
}

/** A token bucket: up to `capacity` requests at once, refilled at `refillPerSecond`. */
export interface RateBucketConfig {
  capacity: number;
  refillPerSecond: number;
}

export interface RateLimitConfig {
  enabled: boolean;
  /** Bucket of a token's `sub` when no override matches. */
  default: RateBucketConfig;
  /** Bucket of a caller without a token, per remote address. */
  anonymous: RateBucketConfig;
  /** First match wins: `pattern` is an exact `sub`, or a prefix when it ends with `*`. */
  overrides: { pattern: string; bucket: RateBucketConfig }[];
  /** Prefix of the Redis keys (with REDIS_URL), so several deployments can share one Redis. */
  redisKeyPrefix: string;
  /** A Redis call slower than this counts as Redis unavailable (the replica then limits on its own). */
  redisTimeoutMs: number;
}

/**
 * How the gateway copes with a database that is down, stuck or slow (docs/ARCHITECTURE.md §10). The session timeouts
 * are set on the gateway's own PostgreSQL connections only (the command-line tools keep the server's defaults: a seed
 * or an archive may rightly run for minutes); PGlite ignores them.
 */
export interface DatabaseResilienceConfig {
  /** DATABASE_STATEMENT_TIMEOUT_MS: the server cancels a statement after this (>= DATABASE_TIMEOUT_MS). */
  statementTimeoutMs: number;
  /** DATABASE_LOCK_TIMEOUT_MS: a statement waiting this long for a lock fails (503 SOURCE_UNAVAILABLE). */
  lockTimeoutMs: number;
  /**
   * DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: the server ends a session idle inside a transaction this long (a replica
   * that died mid-transaction), releasing its locks.
   */
  idleInTransactionTimeoutMs: number;
  /** DATABASE_BREAKER_THRESHOLD: consecutive timeouts or connection failures that open the circuit breaker. */
  breakerThreshold: number;
  /** DATABASE_BREAKER_COOLDOWN_MS: how long an open breaker refuses at once before one probe may test recovery. */
  breakerCooldownMs: number;
  /** DATABASE_CHECK_INTERVAL_MS: the background database check behind /readyz runs this often. */
  checkIntervalMs: number;
  /** DATABASE_CHECK_TIMEOUT_MS: a background check slower than this counts as "database down". */
  checkTimeoutMs: number;
  /** DATABASE_STARTUP_TIMEOUT_MS: how long start-up waits for an unreachable database before giving up (0: once). */
  startupTimeoutMs: number;
}

/**
 * node:http's timeouts, chosen for clients on slow provincial links (docs/ARCHITECTURE.md §10) rather than left at
 * Node's defaults (headers 60 s, whole request 300 s, checked every 30 s).
 */
export interface HttpTimeoutsConfig {
  /** HTTP_HEADERS_TIMEOUT_MS: the request line and headers must arrive within this (else 408). */
  headersTimeoutMs: number;
  /** HTTP_REQUEST_TIMEOUT_MS: the whole request, body included, must arrive within this (else 408). */
  requestTimeoutMs: number;
  /** HTTP_KEEP_ALIVE_TIMEOUT_MS: an idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
}

/**
 * OpenTelemetry tracing (src/observability/tracing.ts), on when OTEL_EXPORTER_OTLP_ENDPOINT is set. The standard
 * OTEL_* names (OpenTelemetry SDK environment variable specification) are read here and handed to the SDK
 * explicitly, so this stays the one reader of the environment.
 */
export interface TracingConfig {
  /** OTEL_EXPORTER_OTLP_ENDPOINT + `v1/traces`: where the OTLP/HTTP exporter posts spans. */
  tracesUrl: string;
  /** OTEL_EXPORTER_OTLP_HEADERS: `key=value,...` sent with every export (a collector's credentials); never logged. */
  headers: Record<string, string>;
  /** OTEL_SERVICE_NAME: the resource's `service.name` (default `lienthong`). */
  serviceName: string;
  /** OTEL_TRACES_SAMPLER (default parentbased_always_on) and OTEL_TRACES_SAMPLER_ARG (the ratio, default 1). */
  sampler: TracesSampler;
  samplerRatio: number;
}

export const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TracesSampler = (typeof TRACES_SAMPLERS)[number];

export interface Config {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  port: number;
  host: string;
  dataDir: string;
  /** Unset means the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** DATABASE_TIMEOUT_MS: connection attempts and statements give up after this; requests then answer 503. */
  databaseTimeoutMs: number;
  /** Session timeouts, circuit breaker, readiness check and start-up wait (DATABASE_*). */
  databaseResilience: DatabaseResilienceConfig;
  /** OPERATION_CONCURRENCY: GraphQL operations executing at once; the others wait in arrival order. */
  operationConcurrency: number;
  /** OPERATION_QUEUE_TIMEOUT_MS: a request waiting longer than this for an execution slot gets 503 OVERLOADED. */
  operationQueueTimeoutMs: number;
  /** SHUTDOWN_TIMEOUT_MS: how long in-flight requests may take to finish after SIGTERM. */
  shutdownTimeoutMs: number;
  /** SHUTDOWN_DELAY_MS: after SIGTERM, keep serving with /readyz red this long before closing the listener. */
  shutdownDelayMs: number;
  /**
   * METRICS_ENABLED: serve Prometheus metrics at GET /metrics (on the main listener only to tokens with the
   * `metrics:read` scope).
   */
  metricsEnabled: boolean;
  /** METRICS_PORT: a second listener serving only GET /metrics, without authentication; undefined = none. */
  metricsPort: number | undefined;
  /** METRICS_HOST: the address of the METRICS_PORT listener (default 127.0.0.1). */
  metricsHost: string;
  /** HTTP server timeouts (docs/ARCHITECTURE.md §10). */
  http: HttpTimeoutsConfig;
  /** Seed a demo dataset of this many citizens into an empty embedded database (0 = never). */
  demoCitizens: number;
  auth: AuthConfig;
  authzMode: AuthzMode;
  redisUrl: string | undefined;
  logLevel: string;
  explorerEnabled: boolean;
  introspectionEnabled: boolean;
  limits: LimitsConfig;
  rateLimit: RateLimitConfig;
  /** Trusted-documents mode: only the documents of this manifest (sha256 hex → document) are executed. */
  trustedDocumentsFile: string | undefined;
  /** SOURCE_STALE_AFTER_HOURS: a source whose last change is older than this is reported `stale` (sourceStatus). */
  sourceStaleAfterHours: number;
  /**
   * AUDIT_APPEND_TIMEOUT_MS: a request whose audit records are not committed within this time fails closed (503
   * AUDIT_UNAVAILABLE, no data sent).
   */
  auditAppendTimeoutMs: number;
  /**
   * AUDIT_ANCHOR_INTERVAL_MS: how often each gateway seals its mutations' pending audit records and writes a signed
   * anchor of every writer chain's head (docs/ARCHITECTURE.md §6); 0 = only at shutdown (a failed seal is retried
   * with backoff either way).
   */
  auditAnchorIntervalMs: number;
  /**
   * AUDIT_SIGNING_KEY_FILE: the Ed25519 private JWK that signs anchors and archive segments (`npm run audit:keygen`).
   * Undefined = DATA_DIR/keys/audit-archive.jwk. Production requires the file to exist (docs/ARCHITECTURE.md §6).
   */
  auditSigningKeyFile: string | undefined;
  /**
   * CURSOR_KEY: the AES-256-GCM key (32 bytes) that seals page cursors (src/lib/cursor.ts). Required in production,
   * the same on every replica; undefined in development = a key generated once in DATA_DIR/keys/cursor.key.
   */
  cursorKey: Buffer | undefined;
  /** CURSOR_PREVIOUS_KEYS: earlier cursor keys, still accepted (never used to seal) while clients' cursors age out. */
  cursorPreviousKeys: Buffer[];
  securityEvents: SecurityEventsConfig;
  /** OpenTelemetry tracing; undefined = off (no OTEL_EXPORTER_OTLP_ENDPOINT, or OTEL_SDK_DISABLED=true). */
  tracing: TracingConfig | undefined;
}

/** Security events (docs/ARCHITECTURE.md §6): probes and refused requests, aggregated in memory, written in batches. */
export interface SecurityEventsConfig {
  /** SECURITY_EVENTS_FLUSH_MS: how often the aggregated events are written (one row per caller, kind, code, operation). */
  flushMs: number;
  /** SECURITY_EVENTS_MAX_KEYS: distinct rows kept between two writes; events beyond are counted in overflow rows. */
  maxKeys: number;
  /**
   * PROBE_THROTTLE_IDS / PROBE_THROTTLE_WINDOW_S: a citizen token may name this many other citizens' personal IDs
   * (`capacity`), refilled over the window; past that, requests naming other IDs are refused (429 PROBING_THROTTLED).
   */
  probeThrottle: RateBucketConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const DEV_ISSUER = 'https://lienthong.local/dev';
export const DEFAULT_AUDIENCE = 'lienthong';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

/** Parses an environment into a validated config; throws ConfigError listing every problem. */
export function parseConfig(env: Env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const list = (name: string): string[] | undefined =>
    get(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };

  const rawNodeEnv = get('NODE_ENV') ?? 'development';
  let nodeEnv: NodeEnv = 'development';
  if (rawNodeEnv === 'development' || rawNodeEnv === 'production' || rawNodeEnv === 'test') {
    nodeEnv = rawNodeEnv;
  } else {
    problems.push(`NODE_ENV must be development, production or test, got "${rawNodeEnv}"`);
  }
  const isProduction = nodeEnv === 'production';

  const port = int('PORT', 4000, 0, 65535);
  const host = get('HOST') ?? (isProduction ? '0.0.0.0' : '127.0.0.1');
  const dataDir = path.resolve(cwd, get('DATA_DIR') ?? './data');

  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// connection string');
  }
  const databasePoolSize = int('DATABASE_POOL_SIZE', 10, 1, 200);
  const databaseTimeoutMs = int('DATABASE_TIMEOUT_MS', 5000, 100, 600_000);
  const databaseResilience: DatabaseResilienceConfig = {
    // Not below the client's own timeout: the server ending a statement the client still waits for gains nothing.
    statementTimeoutMs: int('DATABASE_STATEMENT_TIMEOUT_MS', databaseTimeoutMs, 100, 3_600_000),
    lockTimeoutMs: int('DATABASE_LOCK_TIMEOUT_MS', 3000, 10, 600_000),
    idleInTransactionTimeoutMs: int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 5000, 100, 3_600_000),
    breakerThreshold: int('DATABASE_BREAKER_THRESHOLD', 5, 1, 10_000),
    breakerCooldownMs: int('DATABASE_BREAKER_COOLDOWN_MS', 5000, 10, 600_000),
    checkIntervalMs: int('DATABASE_CHECK_INTERVAL_MS', 2000, 50, 600_000),
    checkTimeoutMs: int('DATABASE_CHECK_TIMEOUT_MS', 1000, 10, 60_000),
    startupTimeoutMs: int('DATABASE_STARTUP_TIMEOUT_MS', 60_000, 0, 86_400_000),
  };
  if (get('DATABASE_STATEMENT_TIMEOUT_MS') !== undefined && databaseResilience.statementTimeoutMs < databaseTimeoutMs) {
    problems.push(
      `DATABASE_STATEMENT_TIMEOUT_MS (${databaseResilience.statementTimeoutMs}) must not be below DATABASE_TIMEOUT_MS (${databaseTimeoutMs})`,
    );
  }
  // Default: as many operations as the pool has connections, so the ones running rarely wait for a connection and
  // memory stays bounded under bursts (src/limits/concurrency.ts).
  const operationConcurrency = int('OPERATION_CONCURRENCY', databasePoolSize, 1, 10_000);
  const operationQueueTimeoutMs = int('OPERATION_QUEUE_TIMEOUT_MS', 10_000, 1, 600_000);
  const shutdownTimeoutMs = int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000);
  // Behind a load balancer, a replica that stops accepting before the balancer saw /readyz go red drops requests.
  const shutdownDelayMs = int('SHUTDOWN_DELAY_MS', isProduction ? 5000 : 0, 0, 600_000);
  const metricsEnabled = bool('METRICS_ENABLED', true);
  const metricsPortRaw = get('METRICS_PORT');
  const metricsPort = metricsPortRaw === undefined ? undefined : int('METRICS_PORT', 0, 0, 65535);
  if (metricsPort !== undefined && metricsPort === port && port !== 0) {
    problems.push(`METRICS_PORT must differ from PORT (${port})`);
  }
  const metricsHost = get('METRICS_HOST') ?? '127.0.0.1';
  // 20 s for at most 16 KB of headers and 60 s for a 1 MB body: a GPRS/EDGE link in a remote commune (~150 kbit/s)
  // still gets a full-size body through, while a stalled or deliberately slow client is answered 408 in about a
  // minute instead of holding a connection and its buffers for 330 s. Keep-alive 65 s outlasts the 60 s idle timeout
  // of common load balancers, so they, not the gateway, close idle connections (no race on a reused connection).
  const httpTimeouts: HttpTimeoutsConfig = {
    headersTimeoutMs: int('HTTP_HEADERS_TIMEOUT_MS', 20_000, 1000, 600_000),
    requestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS', 60_000, 1000, 3_600_000),
    keepAliveTimeoutMs: int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 65_000, 1000, 600_000),
  };
  if (httpTimeouts.headersTimeoutMs > httpTimeouts.requestTimeoutMs) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  const demoCitizens = int('DEMO_CITIZENS', 10_000, 0, 10_000_000);

  const jwksUrls = list('AUTH_JWKS_URLS') ?? [];
  for (const url of jwksUrls) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('protocol');
      if (isProduction && parsed.protocol !== 'https:' && !isLoopback(parsed.hostname)) {
        problems.push(`AUTH_JWKS_URLS: ${url} must use https in production`);
      }
    } catch {
      problems.push(`AUTH_JWKS_URLS: "${url}" is not a valid http(s) URL`);
    }
  }
  const jwksFile = get('AUTH_JWKS_FILE');
  const hmacSecret = get('AUTH_HMAC_SECRET');
  const useDevelopmentKeys = !isProduction && jwksUrls.length === 0 && jwksFile === undefined;
  if (isProduction && jwksUrls.length === 0 && jwksFile === undefined && hmacSecret === undefined) {
    problems.push(
      'production needs a key source: set AUTH_JWKS_URLS or AUTH_JWKS_FILE (development keys are never used in production)',
    );
  }

  const algorithms: JwtAlgorithm[] = [];
  for (const alg of list('AUTH_ALGORITHMS') ?? ['ES256', 'EdDSA', 'RS256']) {
    if (alg.toLowerCase() === 'none') {
      problems.push('AUTH_ALGORITHMS: "none" can never be allowed');
    } else if ((ALLOWED_JWT_ALGORITHMS as readonly string[]).includes(alg)) {
      algorithms.push(alg as JwtAlgorithm);
    } else {
      problems.push(`AUTH_ALGORITHMS: unknown algorithm "${alg}"`);
    }
  }
  const usesHmac = algorithms.some((a) => a.startsWith('HS'));
  if (usesHmac && (hmacSecret === undefined || hmacSecret.length < 32)) {
    problems.push('AUTH_HMAC_SECRET of at least 32 characters is required when an HS* algorithm is allowed');
  }
  if (!usesHmac && hmacSecret !== undefined) {
    problems.push('AUTH_HMAC_SECRET is set but no HS* algorithm is in AUTH_ALGORITHMS');
  }

  const issuers = list('AUTH_ISSUERS') ?? (useDevelopmentKeys ? [DEV_ISSUER] : []);
  if (issuers.length === 0) problems.push('AUTH_ISSUERS must name at least one trusted issuer');
  const audiences = list('AUTH_AUDIENCES') ?? [DEFAULT_AUDIENCE];
  const clockSkewSeconds = int('AUTH_CLOCK_SKEW_S', 60, 0, 600);
  const jwksCooldownSeconds = int('AUTH_JWKS_COOLDOWN_S', 30, 0, 3600);

  const rawAuthzMode = get('AUTHZ_MODE') ?? 'filter';
  let authzMode: AuthzMode = 'filter';
  if (rawAuthzMode === 'filter' || rawAuthzMode === 'reject') authzMode = rawAuthzMode;
  else problems.push(`AUTHZ_MODE must be filter or reject, got "${rawAuthzMode}"`);

  const redisUrl = get('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  }
  const logLevel = get('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const explorerEnabled = bool('EXPLORER_ENABLED', !isProduction);
  const introspectionEnabled = bool('INTROSPECTION_ENABLED', !isProduction);

  const limits: LimitsConfig = {
    maxDepth: int('LIMIT_DEPTH', 12, 1, 1000),
    maxAliases: int('LIMIT_ALIASES', 30, 0, 100_000),
    maxRootFields: int('LIMIT_ROOT_FIELDS', 20, 1, 10_000),
    maxTokens: int('LIMIT_TOKENS', 5000, 10, 10_000_000),
    maxRequestBytes: int('LIMIT_REQUEST_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxCost: int('LIMIT_COST', 300_000, 1, Number.MAX_SAFE_INTEGER),
    costListSize: int('LIMIT_COST_LIST_SIZE', 10, 0, 100_000),
  };

  const bucket = (name: string, fallback: RateBucketConfig): RateBucketConfig => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    return parseRateBucket(raw, (problem) => problems.push(`${name}: ${problem}`)) ?? fallback;
  };
  const overrides: RateLimitConfig['overrides'] = [];
  for (const entry of list('RATE_LIMIT_OVERRIDES') ?? []) {
    const at = entry.lastIndexOf('=');
    const pattern = at < 0 ? '' : entry.slice(0, at).trim();
    if (pattern === '' || pattern === '*') {
      problems.push(`RATE_LIMIT_OVERRIDES: "${entry}" must be <sub or prefix*>=<capacity>:<refillPerSecond>`);
      continue;
    }
    const parsed = parseRateBucket(entry.slice(at + 1), (problem) =>
      problems.push(`RATE_LIMIT_OVERRIDES: "${pattern}": ${problem}`),
    );
    if (parsed !== undefined) overrides.push({ pattern, bucket: parsed });
  }
  const rateLimit: RateLimitConfig = {
    enabled: bool('RATE_LIMIT_ENABLED', true),
    default: bucket('RATE_LIMIT_DEFAULT', { capacity: 200, refillPerSecond: 20 }),
    anonymous: bucket('RATE_LIMIT_ANONYMOUS', { capacity: 60, refillPerSecond: 2 }),
    overrides,
    redisKeyPrefix: get('RATE_LIMIT_REDIS_PREFIX') ?? 'lienthong:rate:',
    redisTimeoutMs: int('RATE_LIMIT_REDIS_TIMEOUT_MS', 250, 1, 60_000),
  };
  const trustedDocumentsFile = get('TRUSTED_DOCUMENTS_FILE');
  // Fractions allowed (0.5 = 30 min); at most a year.
  const rawStaleAfter = get('SOURCE_STALE_AFTER_HOURS');
  let sourceStaleAfterHours = 24;
  if (rawStaleAfter !== undefined) {
    const value = /^\d+(\.\d+)?$/.test(rawStaleAfter) ? Number(rawStaleAfter) : Number.NaN;
    if (!(value > 0 && value <= 8760)) {
      problems.push(`SOURCE_STALE_AFTER_HOURS must be a number of hours > 0 and <= 8760, got "${rawStaleAfter}"`);
    } else {
      sourceStaleAfterHours = value;
    }
  }

  const auditAppendTimeoutMs = int('AUDIT_APPEND_TIMEOUT_MS', 5000, 1, 600_000);
  // A token bucket of PROBE_THROTTLE_IDS refilled over PROBE_THROTTLE_WINDOW_S: 20 foreign IDs per 10 minutes.
  const probeIds = int('PROBE_THROTTLE_IDS', 20, 1, 1_000_000);
  const probeWindowSeconds = int('PROBE_THROTTLE_WINDOW_S', 600, 1, 86_400);
  const securityEvents: SecurityEventsConfig = {
    flushMs: int('SECURITY_EVENTS_FLUSH_MS', 5000, 10, 600_000),
    maxKeys: int('SECURITY_EVENTS_MAX_KEYS', 1000, 1, 100_000),
    probeThrottle: { capacity: probeIds, refillPerSecond: probeIds / probeWindowSeconds },
  };

  // 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`); never echoed in a message.
  const cursorKeyText = get('CURSOR_KEY');
  const cursorKey = cursorKeyText === undefined ? undefined : parseKey32(cursorKeyText);
  if (cursorKeyText !== undefined && cursorKey === undefined) {
    problems.push('CURSOR_KEY must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)');
  }
  if (isProduction && cursorKeyText === undefined) {
    problems.push(
      'CURSOR_KEY is required in production: 32 random bytes as hex or base64 (openssl rand -base64 32), the same on every replica',
    );
  }
  const cursorPreviousKeys: Buffer[] = [];
  for (const [index, text] of (list('CURSOR_PREVIOUS_KEYS') ?? []).entries()) {
    const key = parseKey32(text);
    if (key === undefined) problems.push(`CURSOR_PREVIOUS_KEYS: key ${index + 1} must be 32 bytes as hex or base64`);
    else cursorPreviousKeys.push(key);
  }
  const auditAnchorIntervalMs = int('AUDIT_ANCHOR_INTERVAL_MS', 60_000, 0, 86_400_000);
  const auditSigningKeyText = get('AUDIT_SIGNING_KEY_FILE');
  const auditSigningKeyFile = auditSigningKeyText === undefined ? undefined : path.resolve(cwd, auditSigningKeyText);

  const tracing = parseTracing(get, bool, (problem) => problems.push(problem));

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv,
    isProduction,
    port,
    host,
    dataDir,
    databaseUrl,
    databasePoolSize,
    operationConcurrency,
    operationQueueTimeoutMs,
    databaseTimeoutMs,
    databaseResilience,
    shutdownTimeoutMs,
    shutdownDelayMs,
    metricsEnabled,
    metricsPort,
    metricsHost,
    http: httpTimeouts,
    demoCitizens,
    auth: {
      jwksUrls,
      jwksFile: jwksFile === undefined ? undefined : path.resolve(cwd, jwksFile),
      hmacSecret,
      issuers,
      audiences,
      algorithms,
      clockSkewSeconds,
      jwksCooldownSeconds,
      useDevelopmentKeys,
    },
    authzMode,
    redisUrl,
    logLevel,
    explorerEnabled,
    introspectionEnabled,
    limits,
    rateLimit,
    trustedDocumentsFile: trustedDocumentsFile === undefined ? undefined : path.resolve(cwd, trustedDocumentsFile),
    sourceStaleAfterHours,
    auditAppendTimeoutMs,
    cursorKey,
    cursorPreviousKeys,
    securityEvents,
    auditAnchorIntervalMs,
    auditSigningKeyFile,
    tracing,
  };
}

/** The OTEL_* settings of tracing; undefined when tracing is off. */
function parseTracing(
  get: (name: string) => string | undefined,
  bool: (name: string, fallback: boolean) => boolean,
  problem: (message: string) => void,
): TracingConfig | undefined {
  const endpoint = get('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (endpoint === undefined || bool('OTEL_SDK_DISABLED', false)) return undefined;
  let tracesUrl = '';
  try {
    const parsed = new URL(endpoint);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    // The endpoint is the base URL: the signal's path is appended (OTLP exporter specification, "Endpoint URLs").
    tracesUrl = `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  } catch {
    problem(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
  }
  const headers: Record<string, string> = {};
  for (const entry of get('OTEL_EXPORTER_OTLP_HEADERS')?.split(',') ?? []) {
    if (entry.trim() === '') continue;
    const at = entry.indexOf('=');
    const name = at < 0 ? '' : entry.slice(0, at).trim();
    let value: string | undefined;
    try {
      value = at < 0 ? undefined : decodeURIComponent(entry.slice(at + 1).trim());
    } catch {
      value = undefined;
    }
    // The value may be a credential: named by its key only.
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || value === undefined) {
      problem(`OTEL_EXPORTER_OTLP_HEADERS: each entry must be <name>=<url-encoded value>${name ? ` (${name})` : ''}`);
    } else headers[name] = value;
  }
  const rawSampler = get('OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on';
  let sampler: TracesSampler = 'parentbased_always_on';
  if ((TRACES_SAMPLERS as readonly string[]).includes(rawSampler)) sampler = rawSampler as TracesSampler;
  else problem(`OTEL_TRACES_SAMPLER must be one of ${TRACES_SAMPLERS.join(', ')}, got "${rawSampler}"`);
  const rawRatio = get('OTEL_TRACES_SAMPLER_ARG');
  let samplerRatio = 1;
  if (rawRatio !== undefined && sampler.endsWith('traceidratio')) {
    const value = /^\d+(\.\d+)?$/.test(rawRatio) ? Number(rawRatio) : Number.NaN;
    if (!(value >= 0 && value <= 1)) problem(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "${rawRatio}"`);
    else samplerRatio = value;
  }
  return { tracesUrl, headers, serviceName: get('OTEL_SERVICE_NAME') ?? 'lienthong', sampler, samplerRatio };
}

/** 32 bytes written as 64 hex digits or as base64 / base64url (43 characters and an optional `=`). */
function parseKey32(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

/** `<capacity>:<refillPerSecond>`, e.g. `200:20` (capacity a positive integer, refill a positive number). */
function parseRateBucket(raw: string, problem: (message: string) => void): RateBucketConfig | undefined {
  const match = /^\s*(\d+)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(raw);
  const capacity = Number(match?.[1]);
  const refillPerSecond = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(capacity) || capacity < 1 || !(refillPerSecond > 0)) {
    problem(`"${raw.trim()}" must be <capacity>:<refillPerSecond> with capacity >= 1 and refill > 0, e.g. 200:20`);
    return undefined;
  }
  return { capacity, refillPerSecond };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}

/** The process configuration; exits non-zero with every problem listed when it is invalid. */
export function loadConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** Raw process arguments, for the command-line tools (kept here so `process` stays in one place). */
export function commandLineArguments(): string[] {
  return process.argv.slice(2);
}

/**
 * `TEST_DATABASE_URL`: a PostgreSQL server on which the tests create and drop their own databases (connect as a
 * role allowed to CREATE DATABASE). Unset means the tests use embedded PGlite. Throws ConfigError when malformed.
 */
export function testDatabaseUrl(): string | undefined {
  const value = process.env.TEST_DATABASE_URL?.trim();
  if (value === undefined || value === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new ConfigError(['TEST_DATABASE_URL must be a postgres:// or postgresql:// connection string']);
  }
  try {
    new URL(value);
  } catch {
    throw new ConfigError(['TEST_DATABASE_URL is not a valid URL']);
  }
  return value;
}

/**
 * The browser of the real-browser tests: `CHROMIUM_PATH` (default Debian's /usr/bin/chromium), and whether a missing
 * browser must fail the run (`CI=true` or `CI=1`) rather than skip those suites with a notice.
 */
export function testBrowserSettings(): { chromiumPath: string; required: boolean } {
  const chromiumPath = process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';
  const ci = process.env.CI?.trim().toLowerCase();
  return { chromiumPath, required: ci === 'true' || ci === '1' };
}

/** The environment a child process of a test or tool starts from: the PATH only, nothing secret. */
export function minimalChildEnvironment(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' };
}
