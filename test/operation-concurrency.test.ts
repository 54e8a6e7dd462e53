/**
 * OPERATION_CONCURRENCY over real HTTP (src/limits/concurrency.ts): beyond the limit, operations wait in arrival order
 * and run when a slot frees; one that waits longer than OPERATION_QUEUE_TIMEOUT_MS gets 503 OVERLOADED with
 * Retry-After and executes nothing.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_SCOPES } from '../src/auth/scopes.ts';
import { ConfigError, parseConfig } from '../src/config.ts';
import type { GatewayContext } from '../src/context.ts';
import { createOperationSlots, OperationQueueTimeoutError } from '../src/limits/concurrency.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';

/** Executions that started, and a gate that holds the operations named `Held` inside execution until opened. */
const started: string[] = [];
let openGate: () => void = () => undefined;
let gate: Promise<void> = Promise.resolve();
function closeGate(): void {
  gate = new Promise((resolve) => {
    openGate = resolve;
  });
}
const holder: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async executionDidStart(requestContext) {
        started.push(requestContext.operationName ?? '(anonymous)');
        if (requestContext.operationName === 'Held') await gate;
      },
    };
  },
};

let gateway: TestGateway;
let token: string;
let id: string;
beforeAll(async () => {
  gateway = await startTestGateway({
    citizens: 5,
    plugins: [holder],
    env: { OPERATION_CONCURRENCY: '1', OPERATION_QUEUE_TIMEOUT_MS: '300' },
  });
  token = await gateway.token('hospital', { scopes: [...READ_SCOPES] });
  [id = ''] = await gateway.personalIds(1);
});
afterAll(async () => gateway?.close());

const ask = (operationName: string) =>
  gateway.graphql(
    `query ${operationName}($id: PersonalId!) { citizen(personalId: $id) { personalId fullName } }`,
    { id },
    { token, purpose: 'TREATMENT', operationName },
  );

describe('operations executing at once', () => {
  it('answers 503 OVERLOADED, with nothing executed, to a request that waited past the queue timeout', async () => {
    started.length = 0;
    closeGate();
    const held = ask('Held');
    await expect.poll(() => started).toEqual(['Held']);
    const refused = await ask('Refused');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('OVERLOADED');
    expect(refused.body.data ?? undefined).toBeUndefined();
    expect(started).toEqual(['Held']);
    openGate();
    const first = await held;
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ citizen: { personalId: id, fullName: expect.any(String) } });
  });

  it('runs a waiting operation as soon as the slot frees, in arrival order', async () => {
    started.length = 0;
    closeGate();
    const held = ask('Held');
    await expect.poll(() => started).toEqual(['Held']);
    const second = ask('Second');
    const third = ask('Third');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started).toEqual(['Held']); // the others wait: one slot
    // Operators see it on /metrics.
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/^lienthong_operations_executing 1$/m);
    expect(metrics).toMatch(/^lienthong_operations_waiting 2$/m);
    openGate();
    const answers = await Promise.all([held, second, third]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(started).toEqual(['Held', 'Second', 'Third']);
  });
});

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

describe('configuration', () => {
  it('defaults to one operation per pooled connection and lists bad values with the other problems', () => {
    expect(parseConfig({ DATABASE_POOL_SIZE: '7' }).operationConcurrency).toBe(7);
    expect(parseConfig({}).operationQueueTimeoutMs).toBe(10_000);
    let error: unknown;
    try {
      parseConfig({ OPERATION_CONCURRENCY: '0', OPERATION_QUEUE_TIMEOUT_MS: 'soon', PORT: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['OPERATION_CONCURRENCY', 'OPERATION_QUEUE_TIMEOUT_MS', 'PORT'])
      expect(problems).toContain(name);
  });
});
