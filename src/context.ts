/**
 * Per-request state, built by the HTTP layer before execution. Sector loaders are created on
 * first use and live for one request (DataLoader caches must never outlive it: the next caller
 * may hold other scopes).
 */
import type { Attributes, Span } from '@opentelemetry/api';
import type { Principal } from './auth/principal.ts';
import { consentRuleOf } from './authz/consent.ts';
import type { Database } from './db/database.ts';
import type { ConsentRule } from './lib/consent-sql.ts';
import type { CursorCodec } from './lib/cursor.ts';

/**
 * What a request's loaders know of the request besides the database: the consent rule (docs/ARCHITECTURE.md §5,
 * decided by src/authz/consent.ts), which the loaders of @requiresConsent fields compose into their SQL.
 */
export interface LoaderRequest {
  readonly consent: ConsentRule;
}

export class RequestLoaders {
  private readonly byFactory = new Map<(db: Database, request: LoaderRequest) => unknown, unknown>();
  constructor(
    private readonly db: Database,
    private readonly request: LoaderRequest,
  ) {}

  /** The request's instance of a sector's loaders (one per factory per request). */
  get<T>(factory: (db: Database, request: LoaderRequest) => T): T {
    let loaders = this.byFactory.get(factory) as T | undefined;
    if (loaders === undefined) {
      loaders = factory(this.db, this.request);
      this.byFactory.set(factory, loaders);
    }
    return loaders;
  }
}

/**
 * A request's trace as the layers see it when tracing is on (implemented by src/observability/tracing.ts): the
 * authorization and audit layers add their spans to it without importing the observability layer.
 */
export interface RequestTracing {
  /** The request's server span. */
  readonly span: Span;
  /** Starts a span, child of the server span; the caller ends it. */
  startSpan(name: string, attributes?: Attributes): Span;
  /** Statements started from now on are children of `span` (execution), until `leave`. */
  enter(span: Span): void;
  leave(): void;
}

/** An emergency read for treatment (docs/ARCHITECTURE.md §5): the reason the caller stated. */
export interface BreakGlass {
  readonly reason: string;
}

export interface GatewayContext {
  readonly requestId: string;
  readonly principal: Principal;
  /** `X-Purpose`: why the caller reads personal data (checked by the authorization layer). */
  readonly purpose: string | undefined;
  /** `X-User-Id`: the official acting through the client application. */
  readonly actingUser: string | undefined;
  readonly db: Database;
  readonly loaders: RequestLoaders;
  /** Development mode (dev keys, explorer, introspection). */
  readonly developmentMode: boolean;
  /** SOURCE_STALE_AFTER_HOURS (config); the freshness resolvers default to 24 when absent. */
  readonly sourceStaleAfterHours?: number;
  /** STATS_MIN_CELL (config), for an indicator rollup computed on demand; the stats module defaults to 10. */
  readonly statsMinCell?: number;
  /** `Idempotency-Key`: retries of a mutation with this key return the first result (src/lib/mutation.ts). */
  readonly idempotencyKey?: string | undefined;
  /**
   * The gateway's cursor keys (CURSOR_KEY, config); src/lib/connection.ts seals each list's cursors for this
   * request's principal with them.
   */
  readonly cursors: CursorCodec;
  /** The request's trace when tracing is on (src/observability/tracing.ts): layers add their spans to it. */
  readonly trace?: RequestTracing | undefined;
  /** X-Break-Glass: an emergency read for treatment (docs/ARCHITECTURE.md §5); the consent rule reads as if consent existed. */
  readonly breakGlass?: BreakGlass | undefined;
}

export function createContext(init: Omit<GatewayContext, 'loaders'>): GatewayContext {
  return { ...init, loaders: new RequestLoaders(init.db, { consent: consentRuleOf(init) }) };
}
