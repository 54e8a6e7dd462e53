/**
 * OPERATION_CONCURRENCY over real HTTP (src/limits/concurrency.ts): beyond the limit, operations wait in arrival order
 * and run when a slot frees; one that waits longer than OPERATION_QUEUE_TIMEOUT_MS gets 503 OVERLOADED with
 * Retry-After and executes nothing. The slots themselves and their settings: src/limits/concurrency.test.ts.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_SCOPES } from '../src/auth/scopes.ts';
import type { GatewayContext } from '../src/context.ts';
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
    const monitoring = await gateway.token('monitoring');
    const metrics = await (
      await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${monitoring}` } })
    ).text();
    expect(metrics).toMatch(/^lienthong_operations_executing 1$/m);
    expect(metrics).toMatch(/^lienthong_operations_waiting 2$/m);
    openGate();
    const answers = await Promise.all([held, second, third]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(started).toEqual(['Held', 'Second', 'Third']);
  });
});
