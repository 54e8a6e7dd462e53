/**
 * A circuit breaker in front of the database (docs/ARCHITECTURE.md §10). Without it, a database that stops answering
 * costs every request the full DATABASE_TIMEOUT_MS, and requests queued behind those wait longer still (capacity
 * drops to pool size / timeout). With it, after `threshold` consecutive outages (connection failures, timeouts) the
 * breaker opens: calls fail at once with SourceUnavailableError (503 SOURCE_UNAVAILABLE, `Retry-After`), and the
 * calls already waiting are released with the same error. After `cooldownMs` it is half-open: ONE call at a time (a
 * request's statement, or the readiness check, src/observability/readiness.ts) is let through as a probe; its success
 * closes the breaker, its failure opens it for another cool-down.
 *
 * One breaker guards the whole database: every source (citizen, household, health, tourism, land) is a schema of
 * the same database, reached through the same pool, so an outage of one is an outage of all and separate breakers
 * would only open one after another. Only outages count: a lock timeout or a constraint violation is an answer from a
 * working server (see `UnavailableKind`).
 */
import type { Database, DatabaseTransaction } from './database.ts';
import { SourceUnavailableError } from './unavailable.ts';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive outages that open the breaker. */
  threshold: number;
  /** How long an open breaker refuses every call before it lets one probe through. */
  cooldownMs: number;
  /** The clock (tests). */
  now?: () => number;
}

/** A call the breaker let through; its outcome is reported with `record`. */
export interface Admission {
  readonly probe: boolean;
  /** Outcomes of calls admitted before the last change of state are ignored (they describe an older situation). */
  readonly generation: number;
}

export class CircuitBreaker {
  readonly name: string;
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;
  #generation = 0;
  /** The admission of every non-probe call of the current generation (one object, not one per statement). */
  #admission: Admission = { probe: false, generation: 0 };
  readonly #listeners = new Set<(state: BreakerState, previous: BreakerState) => void>();
  /** Calls refused without asking the source, since the process started. */
  rejected = 0;

  constructor(name: string, options: BreakerOptions) {
    this.name = name;
    this.#threshold = options.threshold;
    this.#cooldownMs = options.cooldownMs;
    this.#now = options.now ?? Date.now;
  }

  /** The state as a caller would find it now: an open breaker past its cool-down is half-open. */
  get state(): BreakerState {
    if (this.#state === 'open' && this.#now() >= this.#openedAt + this.#cooldownMs) return 'half-open';
    return this.#state;
  }

  /** Milliseconds until an open breaker lets a probe through (0 when not open). */
  get retryInMs(): number {
    return this.#state === 'open' ? Math.max(0, this.#openedAt + this.#cooldownMs - this.#now()) : 0;
  }

  /** Calls `listener(state, previous)` on every change of state; returns the function that removes it. */
  onChange(listener: (state: BreakerState, previous: BreakerState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Lets a call through (its Admission), or refuses it (undefined): open, or half-open with a probe under way. */
  admit(): Admission | undefined {
    if (this.#state === 'open') {
      if (this.#now() < this.#openedAt + this.#cooldownMs) return this.#refuse();
      this.#change('half-open');
    }
    if (this.#state === 'half-open') {
      if (this.#probing) return this.#refuse();
      this.#probing = true;
      return { probe: true, generation: this.#generation };
    }
    return this.#admission;
  }

  /** Reports how an admitted call ended: `error` undefined or not an outage means the source answered. */
  record(admission: Admission, error?: unknown): void {
    const outage = error instanceof SourceUnavailableError && error.kind === 'outage';
    if (admission.generation !== this.#generation) return;
    if (admission.probe) {
      this.#probing = false;
      if (outage) this.#open();
      else this.#change('closed');
      return;
    }
    if (this.#state !== 'closed') return;
    if (!outage) {
      this.#failures = 0;
      return;
    }
    this.#failures += 1;
    if (this.#failures >= this.#threshold) this.#open();
  }

  #refuse(): undefined {
    this.rejected += 1;
    return undefined;
  }

  #open(): void {
    this.#openedAt = this.#now();
    this.#change('open');
  }

  #change(state: BreakerState): void {
    const previous = this.#state;
    this.#state = state;
    this.#failures = 0;
    this.#probing = false;
    this.#generation += 1;
    this.#admission = { probe: false, generation: this.#generation };
    if (state === previous) return;
    for (const listener of this.#listeners) listener(state, previous);
  }
}

/** The error of a call the open breaker refused or released. */
function refused(breaker: CircuitBreaker, what: string): SourceUnavailableError {
  return new SourceUnavailableError(`circuit breaker "${breaker.name}" ${what}`, { kind: 'breaker' });
}

/**
 * `db` behind `breaker`: every statement, script, transaction and bulk load is admitted by the breaker and reports
 * its outcome to it. When the breaker opens, single statements still waiting (for a pooled connection, or for the
 * answer of a server that stopped answering) are released at once with SOURCE_UNAVAILABLE; a statement abandoned
 * this way may still run, as after any client-side timeout. Transactions are not abandoned: a write's caller must
 * not be told it failed while it may still commit; they end at their own timeouts. Health checks bypass the breaker
 * (the readiness monitor reports their outcome as a probe itself).
 */
export function guardDatabase(db: Database, breaker: CircuitBreaker): Database {
  const waiting = new Set<(error: Error) => void>();
  breaker.onChange((state) => {
    if (state !== 'open') return;
    for (const release of [...waiting]) {
      waiting.delete(release);
      release(refused(breaker, 'opened'));
    }
  });

  /**
   * Runs `call` admitted by the breaker and reports its outcome. Per statement, so kept cheap: no async frame and no
   * Promise.race (a race and its extra promises for every statement were measurable in BENCHMARKS.md's profiles);
   * an abandonable call is settled by whichever comes first, its own outcome or the breaker's release.
   */
  function guarded<T>(call: () => Promise<T>, abandonable: boolean): Promise<T> {
    const admission = breaker.admit();
    if (admission === undefined) return Promise.reject(refused(breaker, 'open'));
    let work: Promise<T>;
    try {
      work = call();
    } catch (error) {
      breaker.record(admission, error);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the source's own error, as thrown
      return Promise.reject(error);
    }
    if (!abandonable) {
      return work.then(
        (result) => {
          breaker.record(admission);
          return result;
        },
        (error: unknown) => {
          breaker.record(admission, error);
          throw error;
        },
      );
    }
    return new Promise<T>((resolve, reject) => {
      waiting.add(reject);
      work.then(
        (result) => {
          waiting.delete(reject);
          breaker.record(admission);
          resolve(result);
        },
        (error: unknown) => {
          waiting.delete(reject);
          breaker.record(admission, error);
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the source's own error, as thrown
          reject(error);
        },
      );
    });
  }

  return {
    kind: db.kind,
    statements: db.statements,
    query: <Row>(sql: string, params?: readonly unknown[]) => guarded(() => db.query<Row>(sql, params), true),
    exec: (script: string) => guarded(() => db.exec(script), false),
    transaction: <T>(work: (tx: DatabaseTransaction) => Promise<T>) => guarded(() => db.transaction(work), false),
    copyFrom: (table, columns, lines, options) => guarded(() => db.copyFrom(table, columns, lines, options), false),
    poolStats: () => db.poolStats(),
    healthCheck: (work, timeoutMs) => db.healthCheck(work, timeoutMs),
    close: () => db.close(),
  };
}
