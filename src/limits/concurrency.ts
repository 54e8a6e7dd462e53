/**
 * Operations executing at once (OPERATION_CONCURRENCY). Every operation in execution holds its growing result tree,
 * its DataLoader caches and its audit records; under a burst, letting all of them run at once only makes them share
 * the same CPU and database pool more thinly while memory grows with their number (BENCHMARKS.md: 32 concurrent
 * 50-citizen views took the gateway to ~700 MB with no gain in throughput). Beyond the limit, requests wait in arrival
 * order, holding only their body; one that waits longer than OPERATION_QUEUE_TIMEOUT_MS is answered 503 OVERLOADED
 * with Retry-After, having read nothing.
 */
import type { ErrorCode } from '../errors/catalogue.ts';

export class OperationQueueTimeoutError extends Error {
  override name = 'OperationQueueTimeoutError';
  readonly code = 'OVERLOADED' satisfies ErrorCode;
  constructor(waitedMs: number) {
    super(`The gateway is overloaded: the operation waited ${waitedMs} ms for a free execution slot. Retry later.`);
  }
}

interface Waiter {
  grant(): void;
  timer: NodeJS.Timeout | undefined;
}

export interface OperationSlots {
  /** Waits for a slot (rejects with OperationQueueTimeoutError after the queue timeout); call the result to free it. */
  acquire(): Promise<() => void>;
  readonly running: number;
  readonly waiting: number;
}

export function createOperationSlots(limit: number, queueTimeoutMs: number): OperationSlots {
  let running = 0;
  const queue: Waiter[] = [];

  function release(): void {
    const next = queue.shift();
    if (next === undefined) {
      running -= 1;
      return;
    }
    next.grant(); // the slot passes on: `running` is unchanged
  }

  function releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }

  return {
    acquire() {
      if (running < limit) {
        running += 1;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          grant: () => {
            if (waiter.timer !== undefined) clearTimeout(waiter.timer);
            resolve(releaser());
          },
          timer: undefined,
        };
        waiter.timer = setTimeout(() => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(new OperationQueueTimeoutError(queueTimeoutMs));
        }, queueTimeoutMs);
        waiter.timer.unref();
        queue.push(waiter);
      });
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
  };
}
