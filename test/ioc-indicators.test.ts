/**
 * Province indicators through the real HTTP gateway (schema/stats.graphql, docs/ARCHITECTURE.md §13).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway, type Json } from './support/harness.ts';

const ALL = `{ indicators { id title { vi en } unit kind dimensions asOf sources { source lastChangedAt stale }
  cells { key value suppressed } } }`;

describe('indicators on the demo seed', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ citizens: 2000, seed: 7 });
  }, 240_000);
  afterAll(async () => {
    await gateway?.close();
  });

  it('the ioc token reads every indicator', async () => {
    const ioc = await gateway.token('ioc');
    const response = await gateway.graphql<Json>(ALL, {}, { token: ioc });
    expect(response.body.errors).toBeUndefined();
    for (const indicator of response.body.data.indicators) {
      const released = indicator.cells.filter((c: Json) => !c.suppressed).length;
      console.log(indicator.id, indicator.cells.length, released);
    }
  });
});
