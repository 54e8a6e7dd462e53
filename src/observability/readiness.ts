/**
 * What /readyz answers (docs/ARCHITECTURE.md §10), always at once, from cached state: a background check of the
 * database every DATABASE_CHECK_INTERVAL_MS (its migrations' status, read over the health-check connection with its
 * own DATABASE_CHECK_TIMEOUT_MS), the circuit breakers' states, and whether the gateway has finished starting or is
 * draining. A load balancer polling /readyz never waits for a stuck database; the answer is at most one interval old,
 * and the breaker opening triggers a check at once.
 *
 * The check is also the breaker's probe when no request comes: past its cool-down an open breaker admits the check,
 * and the check's success closes it.
 */
import type { CircuitBreaker, BreakerState } from '../db/breaker.ts';
import type { Database } from '../db/database.ts';
import { isCurrent, migrationStatus } from '../db/migrate.ts';
import { unavailableReason } from '../db/unavailable.ts';
import type { Logger } from '../logger.ts';

export interface ReadinessReport {
  ready: boolean;
  /** The last background check: the database answered it, did not, or no check has ended yet. */
  database: 'up' | 'down' | 'unknown';
  migrations: 'current' | 'pending' | 'unknown';
  /** When the last check ended (ISO 8601) and how long it took. */
  checkedAt?: string;
  checkMs?: number;
  /** Each circuit breaker's state, and for an open one how long until it lets a probe through. */
  breakers: Record<string, { state: BreakerState; retryInMs?: number }>;
  /** Start-up is not finished (the database was not reachable yet, or migrations and seed are running). */
  starting?: true;
  draining?: true;
}

export interface ReadinessOptions {
  intervalMs: number;
  timeoutMs: number;
  /**
   * The first check's timeout (default `timeoutMs`): start-up has just reached the database, and a busy host should
   * not make a freshly started gateway report "down" for one interval.
   */
  firstTimeoutMs?: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

interface CheckResult {
  database: 'up' | 'down';
  migrations: 'current' | 'pending' | 'unknown';
  at: number;
  ms: number;
}

export class ReadinessMonitor {
  readonly #db: Database;
  readonly #breakers: readonly CircuitBreaker[];
  readonly #options: ReadinessOptions;
  #last: CheckResult | undefined;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #stopped = false;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(db: Database, breakers: readonly CircuitBreaker[], options: ReadinessOptions) {
    this.#db = db;
    this.#breakers = breakers;
    this.#options = options;
    for (const breaker of breakers) {
      // An opened breaker is news the next poll of /readyz should already reflect.
      this.#unsubscribe.push(breaker.onChange((state) => void (state === 'open' && this.checkNow())));
    }
  }

  get started(): boolean {
    return this.#started;
  }

  /** Ends start-up: runs the first check (awaited, so /readyz is green at once when it passed), then one per interval. */
  async start(): Promise<void> {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.#running = this.#check(this.#options.firstTimeoutMs ?? this.#options.timeoutMs).finally(
      () => (this.#running = undefined),
    );
    await this.#running;
    const schedule = () => {
      if (this.#stopped) return;
      this.#timer = setTimeout(() => void this.checkNow().finally(schedule), this.#options.intervalMs);
      this.#timer.unref();
    };
    schedule();
  }

  /** Runs a check now, or joins the one under way. */
  checkNow(): Promise<void> {
    if (this.#stopped || !this.#started) return Promise.resolve();
    this.#running ??= this.#check(this.#options.timeoutMs).finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #check(timeoutMs: number): Promise<void> {
    const started = Date.now();
    // Past its cool-down an open breaker takes this check as its probe (none is taken while it is closed).
    const probe = this.#breakers.map((breaker) => (breaker.state === 'half-open' ? breaker.admit() : undefined));
    let failure: unknown;
    let migrations: CheckResult['migrations'] = 'unknown';
    try {
      const status = await this.#db.healthCheck((db) => migrationStatus(db), timeoutMs);
      migrations = isCurrent(status) ? 'current' : 'pending';
    } catch (error) {
      failure = error;
    }
    probe.forEach((admission, i) => {
      if (admission !== undefined) this.#breakers[i]?.record(admission, failure);
    });
    const previous = this.#last;
    this.#last = {
      database: failure === undefined ? 'up' : 'down',
      migrations,
      at: Date.now(),
      ms: Date.now() - started,
    };
    if (previous?.database !== this.#last.database && previous !== undefined) {
      if (failure === undefined) this.#options.logger?.info('database check: the database answers again');
      else {
        const reason = unavailableReason(failure) ?? (failure instanceof Error ? failure.name : 'unknown');
        this.#options.logger?.warn({ reason }, 'database check: the database does not answer');
      }
    }
  }

  /** The answer of /readyz now. */
  report(draining: boolean): ReadinessReport {
    const breakers: ReadinessReport['breakers'] = {};
    for (const breaker of this.#breakers) {
      const state = breaker.state;
      breakers[breaker.name] = state === 'open' ? { state, retryInMs: breaker.retryInMs } : { state };
    }
    const last = this.#last;
    const database = last?.database ?? 'unknown';
    const migrations = last?.migrations ?? 'unknown';
    const ready =
      this.#started &&
      !draining &&
      database === 'up' &&
      migrations === 'current' &&
      Object.values(breakers).every((breaker) => breaker.state === 'closed');
    return {
      ready,
      database,
      migrations,
      ...(last === undefined ? {} : { checkedAt: new Date(last.at).toISOString(), checkMs: last.ms }),
      breakers,
      ...(this.#started ? {} : { starting: true as const }),
      ...(draining ? { draining: true as const } : {}),
    };
  }

  /** Stops the background checks (gateway stop). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }
}
