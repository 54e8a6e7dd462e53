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
   * 500 000 = the largest list a field accepts for the 360° view (`citizens(personalIds:)`, 100 IDs) × a 5 000
   * budget per citizen: the 360° view (test/cost-360.test.ts) costs 4 655 per citizen with the resolvers' default
   * page sizes (household members 50 dominate), so 100 citizens (465 500) pass; the same view with every member
   * page at the maximum (first: 100) over 100 citizens (895 500) does not. test/cost-360.test.ts keeps the two in step.
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
  /** IOC_DASHBOARD_ENABLED: the operations dashboard at GET /ioc (src/http/ioc-dashboard.ts), production included. */
  iocDashboardEnabled: boolean;
  introspectionEnabled: boolean;
  /**
   * CORS_ORIGINS: the origins (`scheme://host[:port]`, exact, comma-separated) whose pages may call /graphql and
   * /schema.graphql from a browser (src/http/cors.ts); empty (the default) = no CORS headers at all.
   */
  corsOrigins: string[];
  limits: LimitsConfig;
  rateLimit: RateLimitConfig;
  /** Trusted-documents mode: only the documents of this manifest (sha256 hex → document) are executed. */
  trustedDocumentsFile: string | undefined;
  /** SOURCE_STALE_AFTER_HOURS: a source whose last change is older than this is reported `stale` (sourceStatus). */
  sourceStaleAfterHours: number;
  /** STATS_MIN_CELL: indicator cells about fewer persons are suppressed (docs/ARCHITECTURE.md §15). */
  statsMinCell: number;
  /** STATS_REFRESH_INTERVAL_MS: how often the indicator rollups are recomputed; 0 = only when missing. */
  statsRefreshIntervalMs: number;
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
  /**
   * BREAK_GLASS_LIMIT / BREAK_GLASS_WINDOW_SECONDS: break-glass requests per organisation (`capacity`), refilled over
   * the window; past that 429 BREAK_GLASS_LIMITED (docs/ARCHITECTURE.md §5).
   */
  breakGlass: RateBucketConfig;
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

/**
 * The groups of README.md's settings table, in the order they are printed (src/config-docs.ts renders them).
 */
export const SETTING_GROUPS = {
  server: 'Server',
  database: 'Database',
  'database-failures': 'When the database fails',
  auth: 'Authentication and authorization',
  limits: 'Operation limits and load',
  'rate-limit': 'Rate limits',
  http: 'HTTP, shutdown and metrics',
  audit: 'Audit and security events',
  cursors: 'Paging cursors',
  tracing: 'Tracing (OpenTelemetry)',
  tests: 'Tests only (read by the test suite, never by the gateway)',
} as const;
export type SettingGroup = keyof typeof SETTING_GROUPS;

/** One environment setting: what README.md's settings table says about it, and what its parser needs. */
export interface SettingDeclaration {
  readonly group: SettingGroup;
  /**
   * The default as a user would write it in the environment; parseConfig parses this text with the setting's own
   * parser, so the table and the behaviour cannot differ. Omitted when the default is computed (`defaultText`) or
   * the setting is unset by default.
   */
  readonly default?: string;
  /** The default in production when it differs (`NODE_ENV=production`), as a user would write it. */
  readonly productionDefault?: string;
  /** A computed default in words (parseConfig computes it); omitted with `default` both: unset. */
  readonly defaultText?: string;
  /** Integers: the accepted range, enforced by the parser and shown in the table. */
  readonly range?: readonly [min: number, max: number];
  /** Anything else: the accepted values, in words. */
  readonly values?: string;
  /** What production requires of it, when anything (refusing to start otherwise). */
  readonly production?: string;
  /** One line: what it does. */
  readonly description: string;
}

/**
 * Every environment variable lienthong reads, declared once (docs/ARCHITECTURE.md §2). README.md's settings table is
 * generated from this (`npm run docs:settings`; src/config-docs.test.ts fails while README.md differs), and
 * parseConfig reads the environment only through helpers typed with these names, taking defaults and integer ranges
 * from here.
 *
 * Adding a setting is a change in this file only (then `npm run docs:settings`):
 *   1. an entry below: name, group, `default` as a user would write it (or `defaultText` for a computed one),
 *      `range` for an integer or `values` in words, `production` if production requires it, a one-line description;
 *   2. read it in parseConfig through `get` / `text` / `int` / `optionalInt` / `bool` / `list` (a name not declared
 *      here does not compile) and add its field to Config. Read it unconditionally, even when another setting makes
 *      it moot: src/config-docs.test.ts records the names read from an empty and a production environment.
 * A setting read only by the tests goes in the `tests` group and is read through `readSetting` (testDatabaseUrl, ...).
 */
export const SETTINGS = {
  NODE_ENV: {
    group: 'server',
    default: 'development',
    values: '`development`, `production` or `test`',
    production: '`production`',
    description:
      '`production`: no development keys, the requirements and production defaults of this table, Idempotency-Key required',
  },
  PORT: { group: 'server', default: '4000', range: [0, 65535], description: 'port of the gateway (0: any free port)' },
  HOST: {
    group: 'server',
    default: '127.0.0.1',
    productionDefault: '0.0.0.0',
    values: 'an address',
    description: 'address the gateway listens on',
  },
  DATA_DIR: {
    group: 'server',
    default: './data',
    values: 'a directory',
    description: 'the embedded database (without `DATABASE_URL`) and the keys development generates (`keys/`)',
  },
  DEMO_CITIZENS: {
    group: 'server',
    default: '10000',
    range: [0, 10_000_000],
    description: 'citizens of the demo dataset seeded into an empty embedded database at first start (0: none)',
  },
  LOG_LEVEL: {
    group: 'server',
    default: 'info',
    values: LOG_LEVELS.join(', '),
    description: 'level of the JSON log lines on stdout',
  },
  EXPLORER_ENABLED: {
    group: 'server',
    default: 'true',
    productionDefault: 'false',
    values: 'true or false',
    description: 'the GraphiQL explorer at `GET /`',
  },
  IOC_DASHBOARD_ENABLED: {
    group: 'server',
    default: 'true',
    values: 'true or false',
    description: 'the operations dashboard at `GET /ioc` (a static page; its figures need a `stats:read` token)',
  },
  INTROSPECTION_ENABLED: {
    group: 'server',
    default: 'true',
    productionDefault: 'false',
    values: 'true or false',
    description: 'introspection for every token; when false only tokens with the `schema:introspect` scope',
  },
  CORS_ORIGINS: {
    group: 'http',
    values: 'origins, comma-separated',
    description:
      'exact origins (`scheme://host[:port]`) whose pages may call `/graphql` and `/schema.graphql` (CORS); none by default',
  },
  SOURCE_STALE_AFTER_HOURS: {
    group: 'server',
    default: '24',
    values: 'hours, > 0 and <= 8760 (0.5 = 30 min)',
    description: '`sourceStatus` reports a source `stale` when its last change is older',
  },
  STATS_MIN_CELL: {
    group: 'server',
    default: '10',
    range: [1, 100_000],
    description: 'an indicator cell about fewer persons is suppressed, with complementary cells (disclosure control)',
  },
  STATS_REFRESH_INTERVAL_MS: {
    group: 'server',
    default: '300000',
    range: [0, 86_400_000],
    description: 'how often the indicator rollups are recomputed (`asOf`); 0: only when one is missing',
  },

  DATABASE_URL: {
    group: 'database',
    defaultText: 'unset: embedded PGlite in `DATA_DIR`',
    values: 'a `postgres://` or `postgresql://` URL',
    description: 'the PostgreSQL database; the gateway then never migrates it itself (`npm run db:migrate`)',
  },
  DATABASE_POOL_SIZE: {
    group: 'database',
    default: '10',
    range: [1, 200],
    description: 'PostgreSQL connections per gateway process',
  },

  DATABASE_TIMEOUT_MS: {
    group: 'database-failures',
    default: '5000',
    range: [100, 600_000],
    description: 'connection attempts, pool waits and statement answers give up after this',
  },
  DATABASE_STATEMENT_TIMEOUT_MS: {
    group: 'database-failures',
    defaultText: '`DATABASE_TIMEOUT_MS`',
    range: [100, 3_600_000],
    description: 'server-side `statement_timeout` of the gateway’s sessions (not below `DATABASE_TIMEOUT_MS`)',
  },
  DATABASE_LOCK_TIMEOUT_MS: {
    group: 'database-failures',
    default: '3000',
    range: [10, 600_000],
    description: 'server-side `lock_timeout`: a request waiting longer for locked data gets 503',
  },
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: {
    group: 'database-failures',
    default: '5000',
    range: [100, 3_600_000],
    description: 'the server ends a gateway session stuck inside a transaction (a dead replica) and its locks',
  },
  DATABASE_BREAKER_THRESHOLD: {
    group: 'database-failures',
    default: '5',
    range: [1, 10_000],
    description: 'consecutive outages (refused, reset, timed out) that open the circuit breaker',
  },
  DATABASE_BREAKER_COOLDOWN_MS: {
    group: 'database-failures',
    default: '5000',
    range: [10, 600_000],
    description: 'an open breaker answers 503 at once this long, then lets one probe test recovery',
  },
  DATABASE_CHECK_INTERVAL_MS: {
    group: 'database-failures',
    default: '2000',
    range: [50, 600_000],
    description: 'background database check behind `/readyz`',
  },
  DATABASE_CHECK_TIMEOUT_MS: {
    group: 'database-failures',
    default: '1000',
    range: [10, 60_000],
    description: 'that check’s own timeout',
  },
  DATABASE_STARTUP_TIMEOUT_MS: {
    group: 'database-failures',
    default: '60000',
    range: [0, 86_400_000],
    description: 'start-up waits this long for an unreachable database, then exits 1 (0: one attempt)',
  },

  AUTH_JWKS_URLS: {
    group: 'auth',
    values: 'comma-separated http(s) URLs; https in production, except to loopback',
    production: 'a key source: this, `AUTH_JWKS_FILE` or `AUTH_HMAC_SECRET`',
    description:
      'JWKS endpoints of the identity provider, reloaded on an unknown `kid`; without any key source, development uses its own ES256 key in `DATA_DIR/keys`',
  },
  AUTH_JWKS_FILE: {
    group: 'auth',
    values: 'a file path',
    production: 'a key source: this, `AUTH_JWKS_URLS` or `AUTH_HMAC_SECRET`',
    description: 'a JSON Web Key Set file (public keys only), re-read on an unknown `kid`',
  },
  AUTH_HMAC_SECRET: {
    group: 'auth',
    values: 'at least 32 characters',
    description:
      'shared secret of HS256/HS384/HS512 tokens; set exactly when `AUTH_ALGORITHMS` allows an HS* algorithm',
  },
  AUTH_ISSUERS: {
    group: 'auth',
    defaultText: 'the development issuer with the development key, else none',
    values: 'comma-separated',
    production: 'required',
    description: 'trusted token issuers (`iss`)',
  },
  AUTH_AUDIENCES: {
    group: 'auth',
    default: DEFAULT_AUDIENCE,
    values: 'comma-separated',
    description: 'accepted token audiences (`aud`)',
  },
  AUTH_ALGORITHMS: {
    group: 'auth',
    default: 'ES256,EdDSA,RS256',
    values: 'comma-separated: ES256/384/512, EdDSA, RS256/384/512, PS256/384/512, HS256/384/512; never none',
    description: 'allowed JWT signature algorithms',
  },
  AUTH_CLOCK_SKEW_S: {
    group: 'auth',
    default: '60',
    range: [0, 600],
    description: 'seconds of clock skew tolerated on `exp` and `nbf`',
  },
  AUTH_JWKS_COOLDOWN_S: {
    group: 'auth',
    default: '30',
    range: [0, 3600],
    description: 'at most one JWKS reload per this many seconds on unknown `kid`s',
  },
  AUTHZ_MODE: {
    group: 'auth',
    default: 'filter',
    values: '`filter` or `reject`',
    description:
      'a selected field the token may not read: `filter` answers `null` and an error per path, `reject` answers 403 `FORBIDDEN`',
  },

  LIMIT_DEPTH: {
    group: 'limits',
    default: '12',
    range: [1, 1000],
    description: 'fields on the longest path, fragments expanded (400 `MAX_DEPTH`)',
  },
  LIMIT_ALIASES: {
    group: 'limits',
    default: '30',
    range: [0, 100_000],
    description: 'aliased fields, fragments expanded (400 `MAX_ALIASES`)',
  },
  LIMIT_ROOT_FIELDS: {
    group: 'limits',
    default: '20',
    range: [1, 10_000],
    description: 'distinct root fields of the operation (400 `MAX_ROOT_FIELDS`)',
  },
  LIMIT_TOKENS: {
    group: 'limits',
    default: '5000',
    range: [10, 10_000_000],
    description: 'lexical tokens of the document, counted while parsing (400 `MAX_TOKENS`)',
  },
  LIMIT_REQUEST_BYTES: {
    group: 'limits',
    default: '1048576',
    range: [1024, 1024 * 1024 * 1024],
    description: 'request body size (413 `MAX_REQUEST_BYTES`)',
  },
  LIMIT_COST: {
    group: 'limits',
    default: '500000',
    range: [1, Number.MAX_SAFE_INTEGER],
    description: 'static cost estimate with `@cost`/`@listSize` (400 `MAX_COST`)',
  },
  LIMIT_COST_LIST_SIZE: {
    group: 'limits',
    default: '10',
    range: [0, 100_000],
    description: 'size the cost estimate assumes for a list field without `@listSize` (introspection lists too)',
  },
  OPERATION_CONCURRENCY: {
    group: 'limits',
    defaultText: '`DATABASE_POOL_SIZE`',
    range: [1, 10_000],
    description: 'GraphQL operations executing at once; the others wait in arrival order',
  },
  OPERATION_QUEUE_TIMEOUT_MS: {
    group: 'limits',
    default: '10000',
    range: [1, 600_000],
    description: 'a request waiting longer for an execution slot gets 503 `OVERLOADED`',
  },
  TRUSTED_DOCUMENTS_FILE: {
    group: 'limits',
    values: 'a file path',
    description:
      'only the documents of this manifest are executed (`npm run trusted-documents -- <dir> <out.json>` builds it)',
  },

  RATE_LIMIT_ENABLED: {
    group: 'rate-limit',
    default: 'true',
    values: 'true or false',
    description: 'false turns the per-client rate limit off (the probe throttle stays, per process)',
  },
  RATE_LIMIT_DEFAULT: {
    group: 'rate-limit',
    default: '200:20',
    values: '`<capacity>:<refill per second>`',
    description: 'token bucket of each token `sub` without an override (429 `RATE_LIMITED`)',
  },
  RATE_LIMIT_ANONYMOUS: {
    group: 'rate-limit',
    default: '60:2',
    values: '`<capacity>:<refill per second>`',
    description: 'token bucket of each remote address sending requests without a token',
  },
  RATE_LIMIT_OVERRIDES: {
    group: 'rate-limit',
    values: 'comma-separated `<sub or prefix*>=<capacity>:<refill per second>`',
    description: 'buckets of particular clients: an exact `sub`, or a prefix ending in `*`; the first match wins',
  },
  REDIS_URL: {
    group: 'rate-limit',
    defaultText: 'unset: buckets per process',
    values: 'a `redis://` or `rediss://` URL',
    description: 'rate-limit and probe-throttle buckets shared by every replica',
  },
  RATE_LIMIT_REDIS_PREFIX: {
    group: 'rate-limit',
    default: 'lienthong:rate:',
    values: 'text',
    description: 'prefix of the Redis keys, so several deployments can share one Redis',
  },
  RATE_LIMIT_REDIS_TIMEOUT_MS: {
    group: 'rate-limit',
    default: '250',
    range: [1, 60_000],
    description: 'a slower Redis call counts as Redis unavailable: each process then limits on its own',
  },
  PROBE_THROTTLE_IDS: {
    group: 'rate-limit',
    default: '20',
    range: [1, 1_000_000],
    description:
      'other citizens’ IDs or lookups a citizen token may name per window; past that 429 `PROBING_THROTTLED`',
  },
  PROBE_THROTTLE_WINDOW_S: {
    group: 'rate-limit',
    default: '600',
    range: [1, 86_400],
    description: 'seconds over which `PROBE_THROTTLE_IDS` refills',
  },
  BREAK_GLASS_LIMIT: {
    group: 'rate-limit',
    default: '20',
    range: [1, 100_000],
    description:
      'break-glass requests (`X-Break-Glass`) one organisation may send per window, all its tokens and replicas ' +
      'together; past that 429 `BREAK_GLASS_LIMITED`',
  },
  BREAK_GLASS_WINDOW_SECONDS: {
    group: 'rate-limit',
    default: '3600',
    range: [1, 604_800],
    description: 'seconds over which `BREAK_GLASS_LIMIT` refills',
  },

  HTTP_HEADERS_TIMEOUT_MS: {
    group: 'http',
    default: '20000',
    range: [1000, 600_000],
    description: 'request line and headers must arrive within this, else 408 (not above `HTTP_REQUEST_TIMEOUT_MS`)',
  },
  HTTP_REQUEST_TIMEOUT_MS: {
    group: 'http',
    default: '60000',
    range: [1000, 3_600_000],
    description: 'the whole request, body included, must arrive within this, else 408',
  },
  HTTP_KEEP_ALIVE_TIMEOUT_MS: {
    group: 'http',
    default: '65000',
    range: [1000, 600_000],
    description: 'an idle keep-alive connection is closed after this',
  },
  SHUTDOWN_DELAY_MS: {
    group: 'http',
    default: '0',
    productionDefault: '5000',
    range: [0, 600_000],
    description: 'after SIGTERM, requests are still served this long with `/readyz` red',
  },
  SHUTDOWN_TIMEOUT_MS: {
    group: 'http',
    default: '10000',
    range: [0, 600_000],
    description: 'then in-flight requests get this long to finish',
  },
  METRICS_ENABLED: {
    group: 'http',
    default: 'true',
    values: 'true or false',
    description: 'Prometheus metrics at `GET /metrics` for tokens with `metrics:read`; false: no metrics endpoint',
  },
  METRICS_PORT: {
    group: 'http',
    range: [0, 65535],
    description: 'a second listener serving only `/metrics`, without a token (not `PORT`)',
  },
  METRICS_HOST: {
    group: 'http',
    default: '127.0.0.1',
    values: 'an address',
    description: 'address of the `METRICS_PORT` listener',
  },

  AUDIT_APPEND_TIMEOUT_MS: {
    group: 'audit',
    default: '5000',
    range: [1, 600_000],
    description: 'access records not committed within this fail the request closed (503 `AUDIT_UNAVAILABLE`, no data)',
  },
  AUDIT_ANCHOR_INTERVAL_MS: {
    group: 'audit',
    default: '60000',
    range: [0, 86_400_000],
    description:
      'how often a gateway seals its mutations’ audit records and signs an anchor of every chain’s head (0: at shutdown only)',
  },
  AUDIT_SIGNING_KEY_FILE: {
    group: 'audit',
    defaultText: '`DATA_DIR/keys/audit-archive.jwk`, created in development only',
    values: 'a file path',
    production: 'the key file must exist, the same on every replica',
    description: 'Ed25519 private JWK that signs anchors and archives (`npm run audit:keygen -- --out <file>`)',
  },
  SECURITY_EVENTS_FLUSH_MS: {
    group: 'audit',
    default: '5000',
    range: [10, 600_000],
    description: 'how often the aggregated security events are written',
  },
  SECURITY_EVENTS_MAX_KEYS: {
    group: 'audit',
    default: '1000',
    range: [1, 100_000],
    description: 'security-event rows kept between two writes; the rest fold into an overflow row per code',
  },

  CURSOR_KEY: {
    group: 'cursors',
    defaultText: 'development: generated once in `DATA_DIR/keys/cursor.key`',
    values: '32 bytes as 64 hex digits or base64 (`openssl rand -base64 32`)',
    production: 'required, the same on every replica',
    description: 'the AES-256-GCM key that seals page cursors',
  },
  CURSOR_PREVIOUS_KEYS: {
    group: 'cursors',
    values: 'comma-separated keys like `CURSOR_KEY`',
    description: 'earlier cursor keys, still accepted (never used to seal) while clients’ cursors age out',
  },

  OTEL_EXPORTER_OTLP_ENDPOINT: {
    group: 'tracing',
    defaultText: 'unset: tracing off',
    values: 'an http(s) URL',
    description: 'OTLP/HTTP collector base URL; spans are posted to its `/v1/traces` ([Tracing](#tracing))',
  },
  OTEL_EXPORTER_OTLP_HEADERS: {
    group: 'tracing',
    values: 'comma-separated `<name>=<url-encoded value>`',
    description: 'headers sent with every export (a collector’s credentials); never logged',
  },
  OTEL_SERVICE_NAME: {
    group: 'tracing',
    default: 'lienthong',
    values: 'text',
    description: 'the spans’ `service.name`',
  },
  OTEL_TRACES_SAMPLER: {
    group: 'tracing',
    default: 'parentbased_always_on',
    values: TRACES_SAMPLERS.join(', '),
    description: 'which requests are traced; `parentbased_*` follow the caller’s `traceparent` sampled flag',
  },
  OTEL_TRACES_SAMPLER_ARG: {
    group: 'tracing',
    default: '1',
    values: 'a ratio from 0 to 1',
    description: 'the ratio of the `*traceidratio` samplers',
  },
  OTEL_SDK_DISABLED: {
    group: 'tracing',
    default: 'false',
    values: 'true or false',
    description: 'true turns tracing off even with an endpoint set',
  },

  TEST_DATABASE_URL: {
    group: 'tests',
    defaultText: 'unset: embedded PGlite',
    values: 'a `postgres://` or `postgresql://` URL',
    description:
      'run the suite on this PostgreSQL server (a role allowed to CREATE DATABASE; each test file makes its own database)',
  },
  CHROMIUM_PATH: {
    group: 'tests',
    default: '/usr/bin/chromium',
    values: 'a file path',
    description: 'the browser of the real-browser tests',
  },
  CI: {
    group: 'tests',
    values: '`true` or `1`',
    description: 'a missing Chromium fails the run instead of skipping the browser suites with a notice',
  },
} as const satisfies Record<string, SettingDeclaration>;
export type SettingName = keyof typeof SETTINGS;

/**
 * Environment variables read in this file that are not settings of lienthong, so they have no declaration above:
 * PATH is handed on to the child processes of tests and tools (minimalChildEnvironment), never interpreted.
 */
export const NOT_SETTINGS = ['PATH'] as const;

type Env = Record<string, string | undefined>;

/** A setting's value in `env`: trimmed, and undefined when unset or empty. */
function readSetting(env: Env, name: SettingName): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Parses an environment into a validated config; throws ConfigError listing every problem. */
export function parseConfig(env: Env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  // Set once NODE_ENV is parsed (it has no production default itself); selects the declared production defaults.
  let isProduction = false;
  const get = (name: SettingName): string | undefined => readSetting(env, name);
  const declaration = (name: SettingName): SettingDeclaration => SETTINGS[name];
  /** The declared default for this environment, as a user would write it. */
  const declaredDefault = (name: SettingName): string | undefined => {
    const declared = declaration(name);
    return (isProduction ? declared.productionDefault : undefined) ?? declared.default;
  };
  /**
   * The value of `name` through `parse` (undefined = invalid): the environment's, else the declared default, else
   * `computed` (for a default declared in words). A bad environment value is a problem; a declared default the
   * parser refuses, or no default at all, is a mistake in this file and throws.
   */
  const parsed = <T>(
    name: SettingName,
    parse: (raw: string) => T | undefined,
    problem: (raw: string) => string,
    computed?: T,
  ): T => {
    const raw = get(name);
    if (raw !== undefined) {
      const value = parse(raw);
      if (value !== undefined) return value;
      problems.push(problem(raw));
    }
    const fallbackText = declaredDefault(name);
    const fallback = fallbackText === undefined ? computed : parse(fallbackText);
    if (fallback === undefined) throw new Error(`src/config.ts: ${name} has no valid default declared or computed`);
    return fallback;
  };
  const text = (name: SettingName): string | undefined => get(name) ?? declaredDefault(name);
  /** `text` of a setting that declares a default. */
  const textWithDefault = (name: SettingName): string => {
    const value = text(name);
    if (value === undefined) throw new Error(`src/config.ts: ${name} declares no default`);
    return value;
  };
  const list = (name: SettingName): string[] | undefined =>
    text(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const integer = (name: SettingName) => {
    const range = declaration(name).range;
    if (range === undefined) throw new Error(`src/config.ts: ${name} is read as an integer but declares no range`);
    const [min, max] = range;
    return {
      parse: (raw: string) => {
        const value = Number(raw);
        return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
      },
      problem: (raw: string) => `${name} must be an integer between ${min} and ${max}, got "${raw}"`,
    };
  };
  /** An integer in the declared range; `computed` is the default when the declaration gives it in words. */
  const int = (name: SettingName, computed?: number): number => {
    const { parse, problem } = integer(name);
    return parsed(name, parse, problem, computed);
  };
  /** An integer in the declared range, undefined when unset (a setting without a default). */
  const optionalInt = (name: SettingName): number | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    const { parse, problem } = integer(name);
    const value = parse(raw);
    if (value === undefined) problems.push(problem(raw));
    return value;
  };
  const bool = (name: SettingName): boolean =>
    parsed(
      name,
      (raw) => {
        if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
        if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
        return undefined;
      },
      (raw) => `${name} must be true or false, got "${raw}"`,
    );

  const rawNodeEnv = textWithDefault('NODE_ENV');
  let nodeEnv: NodeEnv = 'development';
  if (rawNodeEnv === 'development' || rawNodeEnv === 'production' || rawNodeEnv === 'test') {
    nodeEnv = rawNodeEnv;
  } else {
    problems.push(`NODE_ENV must be development, production or test, got "${rawNodeEnv}"`);
  }
  isProduction = nodeEnv === 'production';

  const port = int('PORT');
  const host = textWithDefault('HOST');
  const dataDir = path.resolve(cwd, textWithDefault('DATA_DIR'));

  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// connection string');
  }
  const databasePoolSize = int('DATABASE_POOL_SIZE');
  const databaseTimeoutMs = int('DATABASE_TIMEOUT_MS');
  const databaseResilience: DatabaseResilienceConfig = {
    // Not below the client's own timeout: the server ending a statement the client still waits for gains nothing.
    statementTimeoutMs: int('DATABASE_STATEMENT_TIMEOUT_MS', databaseTimeoutMs),
    lockTimeoutMs: int('DATABASE_LOCK_TIMEOUT_MS'),
    idleInTransactionTimeoutMs: int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS'),
    breakerThreshold: int('DATABASE_BREAKER_THRESHOLD'),
    breakerCooldownMs: int('DATABASE_BREAKER_COOLDOWN_MS'),
    checkIntervalMs: int('DATABASE_CHECK_INTERVAL_MS'),
    checkTimeoutMs: int('DATABASE_CHECK_TIMEOUT_MS'),
    startupTimeoutMs: int('DATABASE_STARTUP_TIMEOUT_MS'),
  };
  if (get('DATABASE_STATEMENT_TIMEOUT_MS') !== undefined && databaseResilience.statementTimeoutMs < databaseTimeoutMs) {
    problems.push(
      `DATABASE_STATEMENT_TIMEOUT_MS (${databaseResilience.statementTimeoutMs}) must not be below DATABASE_TIMEOUT_MS (${databaseTimeoutMs})`,
    );
  }
  // Default: as many operations as the pool has connections, so the ones running rarely wait for a connection and
  // memory stays bounded under bursts (src/limits/concurrency.ts).
  const operationConcurrency = int('OPERATION_CONCURRENCY', databasePoolSize);
  const operationQueueTimeoutMs = int('OPERATION_QUEUE_TIMEOUT_MS');
  const shutdownTimeoutMs = int('SHUTDOWN_TIMEOUT_MS');
  // Behind a load balancer, a replica that stops accepting before the balancer saw /readyz go red drops requests
  // (hence the production default).
  const shutdownDelayMs = int('SHUTDOWN_DELAY_MS');
  const metricsEnabled = bool('METRICS_ENABLED');
  const metricsPort = optionalInt('METRICS_PORT');
  if (metricsPort !== undefined && metricsPort === port && port !== 0) {
    problems.push(`METRICS_PORT must differ from PORT (${port})`);
  }
  const metricsHost = textWithDefault('METRICS_HOST');
  // 20 s for at most 16 KB of headers and 60 s for a 1 MB body: a GPRS/EDGE link in a remote commune (~150 kbit/s)
  // still gets a full-size body through, while a stalled or deliberately slow client is answered 408 in about a
  // minute instead of holding a connection and its buffers for 330 s. Keep-alive 65 s outlasts the 60 s idle timeout
  // of common load balancers, so they, not the gateway, close idle connections (no race on a reused connection).
  const httpTimeouts: HttpTimeoutsConfig = {
    headersTimeoutMs: int('HTTP_HEADERS_TIMEOUT_MS'),
    requestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS'),
    keepAliveTimeoutMs: int('HTTP_KEEP_ALIVE_TIMEOUT_MS'),
  };
  if (httpTimeouts.headersTimeoutMs > httpTimeouts.requestTimeoutMs) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  const demoCitizens = int('DEMO_CITIZENS');

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
  for (const alg of list('AUTH_ALGORITHMS') ?? []) {
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
  const audiences = list('AUTH_AUDIENCES') ?? [];
  const clockSkewSeconds = int('AUTH_CLOCK_SKEW_S');
  const jwksCooldownSeconds = int('AUTH_JWKS_COOLDOWN_S');

  const rawAuthzMode = textWithDefault('AUTHZ_MODE');
  let authzMode: AuthzMode = 'filter';
  if (rawAuthzMode === 'filter' || rawAuthzMode === 'reject') authzMode = rawAuthzMode;
  else problems.push(`AUTHZ_MODE must be filter or reject, got "${rawAuthzMode}"`);

  const redisUrl = get('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  }
  const logLevel = textWithDefault('LOG_LEVEL');
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const explorerEnabled = bool('EXPLORER_ENABLED');
  const iocDashboardEnabled = bool('IOC_DASHBOARD_ENABLED');
  const introspectionEnabled = bool('INTROSPECTION_ENABLED');
  const corsOrigins: string[] = [];
  for (const origin of list('CORS_ORIGINS') ?? []) {
    const serialised = serialisedOrigin(origin);
    if (serialised === undefined) {
      problems.push(`CORS_ORIGINS: "${origin}" is not an origin: scheme://host[:port], no path, no "*" (RFC 6454)`);
    } else if (!corsOrigins.includes(serialised)) corsOrigins.push(serialised);
  }

  const limits: LimitsConfig = {
    maxDepth: int('LIMIT_DEPTH'),
    maxAliases: int('LIMIT_ALIASES'),
    maxRootFields: int('LIMIT_ROOT_FIELDS'),
    maxTokens: int('LIMIT_TOKENS'),
    maxRequestBytes: int('LIMIT_REQUEST_BYTES'),
    maxCost: int('LIMIT_COST'),
    costListSize: int('LIMIT_COST_LIST_SIZE'),
  };

  const bucket = (name: SettingName): RateBucketConfig => {
    let problem = '';
    return parsed(
      name,
      (raw) =>
        parseRateBucket(raw, (message) => {
          problem = message;
        }),
      () => `${name}: ${problem}`,
    );
  };
  const overrides: RateLimitConfig['overrides'] = [];
  for (const entry of list('RATE_LIMIT_OVERRIDES') ?? []) {
    const at = entry.lastIndexOf('=');
    const pattern = at < 0 ? '' : entry.slice(0, at).trim();
    if (pattern === '' || pattern === '*') {
      problems.push(`RATE_LIMIT_OVERRIDES: "${entry}" must be <sub or prefix*>=<capacity>:<refillPerSecond>`);
      continue;
    }
    const overrideBucket = parseRateBucket(entry.slice(at + 1), (problem) =>
      problems.push(`RATE_LIMIT_OVERRIDES: "${pattern}": ${problem}`),
    );
    if (overrideBucket !== undefined) overrides.push({ pattern, bucket: overrideBucket });
  }
  const rateLimit: RateLimitConfig = {
    enabled: bool('RATE_LIMIT_ENABLED'),
    default: bucket('RATE_LIMIT_DEFAULT'),
    anonymous: bucket('RATE_LIMIT_ANONYMOUS'),
    overrides,
    redisKeyPrefix: textWithDefault('RATE_LIMIT_REDIS_PREFIX'),
    redisTimeoutMs: int('RATE_LIMIT_REDIS_TIMEOUT_MS'),
  };
  const trustedDocumentsFile = get('TRUSTED_DOCUMENTS_FILE');
  // Fractions allowed (0.5 = 30 min); at most a year.
  const sourceStaleAfterHours = parsed(
    'SOURCE_STALE_AFTER_HOURS',
    (raw) => {
      const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
      return value > 0 && value <= 8760 ? value : undefined;
    },
    (raw) => `SOURCE_STALE_AFTER_HOURS must be a number of hours > 0 and <= 8760, got "${raw}"`,
  );

  const auditAppendTimeoutMs = int('AUDIT_APPEND_TIMEOUT_MS');
  const statsMinCell = int('STATS_MIN_CELL');
  const statsRefreshIntervalMs = int('STATS_REFRESH_INTERVAL_MS');
  // A token bucket of PROBE_THROTTLE_IDS refilled over PROBE_THROTTLE_WINDOW_S: 20 foreign IDs per 10 minutes.
  const probeIds = int('PROBE_THROTTLE_IDS');
  const probeWindowSeconds = int('PROBE_THROTTLE_WINDOW_S');
  const securityEvents: SecurityEventsConfig = {
    flushMs: int('SECURITY_EVENTS_FLUSH_MS'),
    maxKeys: int('SECURITY_EVENTS_MAX_KEYS'),
    probeThrottle: { capacity: probeIds, refillPerSecond: probeIds / probeWindowSeconds },
    // A token bucket per organisation: BREAK_GLASS_LIMIT emergency reads refilled over BREAK_GLASS_WINDOW_SECONDS.
    breakGlass: {
      capacity: int('BREAK_GLASS_LIMIT'),
      refillPerSecond: int('BREAK_GLASS_LIMIT') / int('BREAK_GLASS_WINDOW_SECONDS'),
    },
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
  const auditAnchorIntervalMs = int('AUDIT_ANCHOR_INTERVAL_MS');
  const auditSigningKeyText = get('AUDIT_SIGNING_KEY_FILE');
  const auditSigningKeyFile = auditSigningKeyText === undefined ? undefined : path.resolve(cwd, auditSigningKeyText);

  const tracing = parseTracing(
    {
      endpoint: get('OTEL_EXPORTER_OTLP_ENDPOINT'),
      headers: get('OTEL_EXPORTER_OTLP_HEADERS'),
      serviceName: textWithDefault('OTEL_SERVICE_NAME'),
      sampler: textWithDefault('OTEL_TRACES_SAMPLER'),
      samplerArg: get('OTEL_TRACES_SAMPLER_ARG'),
      disabled: bool('OTEL_SDK_DISABLED'),
    },
    (problem) => problems.push(problem),
  );

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
    iocDashboardEnabled,
    introspectionEnabled,
    corsOrigins,
    limits,
    rateLimit,
    trustedDocumentsFile: trustedDocumentsFile === undefined ? undefined : path.resolve(cwd, trustedDocumentsFile),
    sourceStaleAfterHours,
    statsMinCell,
    statsRefreshIntervalMs,
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
  raw: {
    endpoint: string | undefined;
    headers: string | undefined;
    serviceName: string;
    sampler: string;
    samplerArg: string | undefined;
    disabled: boolean;
  },
  problem: (message: string) => void,
): TracingConfig | undefined {
  const { endpoint } = raw;
  if (endpoint === undefined || raw.disabled) return undefined;
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
  for (const entry of raw.headers?.split(',') ?? []) {
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
  const rawSampler = raw.sampler;
  let sampler: TracesSampler = 'parentbased_always_on';
  if ((TRACES_SAMPLERS as readonly string[]).includes(rawSampler)) sampler = rawSampler as TracesSampler;
  else problem(`OTEL_TRACES_SAMPLER must be one of ${TRACES_SAMPLERS.join(', ')}, got "${rawSampler}"`);
  const rawRatio = raw.samplerArg;
  let samplerRatio = 1;
  if (rawRatio !== undefined && sampler.endsWith('traceidratio')) {
    const value = /^\d+(\.\d+)?$/.test(rawRatio) ? Number(rawRatio) : Number.NaN;
    if (!(value >= 0 && value <= 1)) problem(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "${rawRatio}"`);
    else samplerRatio = value;
  }
  return { tracesUrl, headers, serviceName: raw.serviceName, sampler, samplerRatio };
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

/**
 * An origin as browsers serialise it in the `Origin` header (RFC 6454 §6.2: lower-case scheme and host, default port
 * left out), so the allow-list compares exactly; undefined when the text is not an http(s) origin.
 */
function serialisedOrigin(text: string): string | undefined {
  if (!/^https?:\/\/[^/?#@*\s]+$/i.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
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
export function testDatabaseUrl(env: Env = process.env): string | undefined {
  const value = readSetting(env, 'TEST_DATABASE_URL');
  if (value === undefined) return undefined;
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
export function testBrowserSettings(env: Env = process.env): { chromiumPath: string; required: boolean } {
  const chromiumPath = readSetting(env, 'CHROMIUM_PATH') ?? SETTINGS.CHROMIUM_PATH.default;
  const ci = readSetting(env, 'CI')?.toLowerCase();
  return { chromiumPath, required: ci === 'true' || ci === '1' };
}

/** The environment a child process of a test or tool starts from: the PATH only, nothing secret. */
export function minimalChildEnvironment(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' };
}
