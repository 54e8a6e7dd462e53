/** The operation slots (OPERATION_CONCURRENCY) on their own; over HTTP: test/operation-concurrency.test.ts. */
import { describe, expect, it } from 'vitest';
import { createOperationSlots, OperationQueueTimeoutError } from './concurrency.ts';

describe('createOperationSlots', () => {
  it('never runs more than the limit, hands a freed slot to the oldest waiter, and counts what waits', async () => {
    const slots = createOperationSlots(2, 10_000);
    const releaseA = await slots.acquire();
    const releaseB = await slots.acquire();
    const order: string[] = [];
    const c = slots.acquire().then((release) => (order.push('c'), release));
    const d = slots.acquire().then((release) => (order.push('d'), release));
    expect([slots.running, slots.waiting]).toEqual([2, 2]);
    releaseA();
    releaseA(); // releasing twice frees one slot only
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect([slots.running, slots.waiting]).toEqual([2, 1]);
    releaseB();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    expect([slots.running, slots.waiting]).toEqual([0, 0]);
  });

  it('rejects a waiter after the queue timeout and leaves the slots consistent', async () => {
    const slots = createOperationSlots(1, 50);
    const release = await slots.acquire();
    await expect(slots.acquire()).rejects.toBeInstanceOf(OperationQueueTimeoutError);
    expect([slots.running, slots.waiting]).toEqual([1, 0]);
    release();
    expect(slots.running).toBe(0);
    const again = await slots.acquire();
    expect(slots.running).toBe(1);
    again();
  });
});
