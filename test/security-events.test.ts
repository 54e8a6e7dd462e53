/**
 * Security events (docs/ARCHITECTURE.md §6), through the real HTTP gateway with real tokens: a citizen token naming
 * other citizens' IDs leaves one PROBE event of the caller and nothing in those citizens' access logs; the probe
 * throttle refuses, before it runs, a request naming more foreign IDs than are left (429 PROBING_THROTTLED,
 * Retry-After) and recovers; requests refused before execution (purpose,
 * bad token, CSRF, throttle) leave REFUSED events without variables or IDs; auditors read them, others cannot; a
 * flood of 1000 refused requests becomes a bounded number of rows; a store that cannot be written fails no request.
 *
 * Events are written every SECURITY_EVENTS_FLUSH_MS; here that is 10 minutes and each test flushes explicitly
 * (`gateway.securityEvents.flush()`), so what a test reads is exactly what was aggregated up to then.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOREIGN_IDENTIFIER, FOREIGN_PERSONAL_ID, type SecurityEventRow } from '../src/audit/security-events.ts';
import { refillAndTake } from '../src/limits/rate-limit.ts';
import { startTestGateway, type GraphQLResponse, type Json, type TestGateway } from './support/harness.ts';

let gateway: TestGateway;
/** 101 seeded citizens: the first holds the citizen token, the other 100 are probed. */
let ids: string[];
let hospital: string;

const MAX_KEYS = 50;

beforeAll(async () => {
  gateway = await startTestGateway({
    citizens: 110,
    seed: 7,
    env: {
      SECURITY_EVENTS_FLUSH_MS: '600000',
      SECURITY_EVENTS_MAX_KEYS: String(MAX_KEYS),
      // 20 foreign IDs per 60 s: one ID back every 3 s, long enough for "the next request is refused" on a slow machine.
      PROBE_THROTTLE_IDS: '20',
      PROBE_THROTTLE_WINDOW_S: '60',
      // The flood below must reach the purpose check, not the per-client rate limit.
      RATE_LIMIT_DEFAULT: '100000:10000',
      RATE_LIMIT_ANONYMOUS: '100000:10000',
    },
  });
  ids = await gateway.personalIds(101);
  expect(ids).toHaveLength(101);
  hospital = await gateway.token('hospital', { sub: 'his-37001', org: '37001' });
}, 180_000);

afterAll(async () => {
  await gateway?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function requestId(response: GraphQLResponse<unknown>): string {
  const id = response.headers.get('x-request-id');
  if (id === null) throw new Error('no x-request-id');
  return id;
}

/** Writes the aggregate, then returns the rows written after `afterId` (oldest first). */
async function flushed(afterId = '0'): Promise<SecurityEventRow[]> {
  await gateway.gateway.securityEvents.flush();
  return gateway.db.query<SecurityEventRow>(
    `SELECT id::text AS seq, kind::text AS kind, client_sub AS "clientSub", client_org AS "clientOrg", code,
            operation_name AS "operationName", document_hash AS "documentHash", request_id AS "requestId", requests,
            count, coordinates, first_at AS "firstAt", last_at AS "lastAt"
     FROM audit.security_event WHERE id > $1::bigint ORDER BY id`,
    [afterId],
  );
}

async function lastId(): Promise<string> {
  await gateway.gateway.securityEvents.flush();
  const rows = await gateway.db.query<{ id: string }>(
    `SELECT COALESCE(max(id), 0)::text AS id FROM audit.security_event`,
  );
  return rows[0]?.id ?? '0';
}

const CITIZENS = `query Lookup($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId fullName } }`;

describe('probes', () => {
  it("20 foreign IDs (the whole bucket): nothing in those citizens' logs, one PROBE event counting 20 and naming none", async () => {
    const [pid, ...others] = ids as [string, ...string[]];
    const foreign = others.slice(0, 20);
    const token = await gateway.token('citizen', { pid });
    const before = await lastId();
    const response = await gateway.graphql<Json>(
      CITIZENS,
      { ids: foreign },
      { token, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(response.status).toBe(200);
    expect(response.body.data.citizens).toEqual(foreign.map(() => null));

    const logged = await gateway.db.query(`SELECT 1 FROM audit.access_record WHERE personal_id = ANY($1::bpchar[])`, [
      foreign,
    ]);
    expect(logged).toEqual([]);

    const rows = await flushed(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'PROBE',
      clientSub: `citizen:${pid}`,
      code: FOREIGN_PERSONAL_ID,
      operationName: 'Lookup',
      requestId: requestId(response),
      requests: 1,
      count: 20,
    });
    const text = JSON.stringify(rows);
    for (const id of foreign) expect(text).not.toContain(id);
  });

  it('the throttle refuses before running any request that names more foreign IDs than are left, and recovers', async () => {
    const pid = ids[1] as string;
    const token = await gateway.token('citizen', { pid });
    const before = await lastId();
    const asCitizen = (foreign: string[]) =>
      gateway.graphql<Json>(CITIZENS, { ids: foreign }, { token, purpose: 'CITIZEN_SELF_SERVICE' });

    // 100 foreign IDs can never pass a bucket of 20: refused whole, before any resolver (no access record, no data).
    const tooMany = await asCitizen([ids[0] as string, ...ids.slice(2, 101)]);
    expect(tooMany.status).toBe(429);
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe('PROBING_THROTTLED');
    expect(tooMany.body.errors?.[0]?.message).toContain('at most 20');
    expect(tooMany.body.data).toBeUndefined();
    const logged = await gateway.db.query(`SELECT 1 FROM audit.access_record WHERE request_id = $1`, [
      requestId(tooMany),
    ]);
    expect(logged).toEqual([]);

    // 21 exceed the 20 left: refused, and charged nothing, so the 20 then run.
    const over = await asCitizen(ids.slice(2, 23));
    expect(over.status).toBe(429);
    const whole = await asCitizen(ids.slice(2, 22));
    expect(whole.status).toBe(200);
    expect(whole.body.data.citizens).toEqual(ids.slice(2, 22).map(() => null));

    // The bucket is empty: the next foreign ID is refused.
    const refused = await asCitizen([ids[40] as string]);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('PROBING_THROTTLED');
    expect(refused.body.data).toBeUndefined();
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);

    // The citizen's own data is not throttled.
    const own = await asCitizen([pid]);
    expect(own.status).toBe(200);
    expect(own.body.data.citizens).toEqual([{ personalId: pid, fullName: expect.any(String) }]);

    const rows = await flushed(before);
    const refusals = rows.filter((row) => row.kind === 'REFUSED');
    expect(refusals).toMatchObject([
      { clientSub: `citizen:${pid}`, code: 'PROBING_THROTTLED', coordinates: ['Query.citizens'], requests: 3 },
    ]);
    // Every request that named foreign IDs is an attempt, refused or not: one PROBE row counting 100 + 21 + 20 + 1.
    expect(rows.filter((row) => row.kind === 'PROBE')).toMatchObject([{ count: 142, requests: 4 }]);

    await sleep(retryAfter * 1000 + 1000);
    const again = await asCitizen([ids[40] as string]);
    expect(again.status).toBe(200);
    expect(again.body.data.citizens).toEqual([null]);
  }, 60_000);

  it('lookups by another identifier on root fields a citizen may not use are probes too, throttled alike', async () => {
    const pid = ids[60] as string;
    const token = await gateway.token('citizen', { pid });
    const [household] = await gateway.db.query<{ fileNo: string }>(
      `SELECT residence_file_no AS "fileNo" FROM household.household WHERE residence_file_no IS NOT NULL ORDER BY id LIMIT 1`,
    );
    const [parcel] = await gateway.db.query<{ c: string; m: number; p: number }>(
      `SELECT commune_code AS c, map_sheet_no AS m, parcel_no AS p FROM land.parcel ORDER BY id LIMIT 1`,
    );
    expect(household, 'the seed has a household').toBeDefined();
    expect(parcel, 'the seed has a parcel').toBeDefined();
    const before = await lastId();
    const lookup = await gateway.graphql<Json>(
      `query Lookups($f: String!, $c: String!, $m: Int!, $p: Int!, $id: String!) {
        household(residenceFileNo: $f) { address }
        parcel(communeCode: $c, mapSheetNo: $m, parcelNo: $p) { areaM2 }
        resolveIdentifier(kind: PERSONAL_ID, value: $id) { __typename }
        again: household(residenceFileNo: $f) { address }
        establishments(first: 1) { edges { node { name } } }
      }`,
      { f: household?.fileNo, c: parcel?.c, m: parcel?.m, p: parcel?.p, id: ids[61] },
      { token, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    // Denied before any resolver: nothing about the objects, not even whether they exist.
    expect(lookup.status).toBe(200);
    expect(lookup.body.data).toEqual({
      household: null,
      parcel: null,
      resolveIdentifier: null,
      again: null,
      establishments: null,
    });
    expect(new Set(lookup.body.errors?.map((error) => error.extensions?.code))).toEqual(
      new Set(['UNAUTHORIZED_FIELD_OR_TYPE']),
    );
    const rows = await flushed(before);
    // Three distinct lookups (the same household twice is one; `first` names nothing).
    expect(rows.filter((row) => row.kind === 'PROBE')).toMatchObject([
      { clientSub: `citizen:${pid}`, code: FOREIGN_IDENTIFIER, operationName: 'Lookups', requests: 1, count: 3 },
    ]);
    expect(JSON.stringify(rows)).not.toContain(household?.fileNo);

    // They draw from the same bucket of 20 as personal IDs: 3 + 17 empty it, the next lookup is refused.
    const many = Array.from({ length: 17 }, (_, i) => `h${i}: household(residenceFileNo: "NO-SUCH-${i}") { address }`);
    const rest = await gateway.graphql<Json>(`{ ${many.join('\n')} }`, {}, { token, purpose: 'CITIZEN_SELF_SERVICE' });
    expect(rest.status).toBe(200);
    const refused = await gateway.graphql<Json>(
      `query($id: String!) { resolveIdentifier(kind: OLD_ID_CARD, value: $id) { __typename } }`,
      { id: '123456789' },
      { token, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('PROBING_THROTTLED');
    // The citizen's own data is not throttled.
    const own = await gateway.graphql<Json>(`{ me { personalId } }`, {}, { token, purpose: 'CITIZEN_SELF_SERVICE' });
    expect(own.body.data).toEqual({ me: { personalId: pid } });
  });

  it('a staff token asking by ID is not a probe: its attempt stays in the subject’s log', async () => {
    const ioc = await gateway.token('ioc');
    const before = await lastId();
    const response = await gateway.graphql<Json>(
      `query($id: PersonalId!) { citizen(personalId: $id) { health { summary { bloodType } } } }`,
      { id: ids[50] },
      { token: ioc, purpose: 'STATISTICS' },
    );
    expect(response.body.data).toEqual({ citizen: null });
    const records = await gateway.db.query<{ outcome: string }>(
      `SELECT outcome::text AS outcome FROM audit.access_record WHERE request_id = $1 AND personal_id = $2`,
      [requestId(response), ids[50]],
    );
    expect(records).toEqual([{ outcome: 'DENIED' }]);
    expect((await flushed(before)).filter((row) => row.kind === 'PROBE')).toEqual([]);
  });
});

describe('refused requests', () => {
  it('a missing purpose leaves a REFUSED event PURPOSE_REQUIRED: caller, operation, coordinates, no variables', async () => {
    const before = await lastId();
    const query = `query Patient($id: PersonalId!) { citizen(personalId: $id) { fullName } }`;
    const response = await gateway.graphql<Json>(query, { id: ids[60] }, { token: hospital });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
    const rows = await flushed(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'REFUSED',
      clientSub: 'his-37001',
      clientOrg: '37001',
      code: 'PURPOSE_REQUIRED',
      operationName: 'Patient',
      requestId: requestId(response),
      requests: 1,
      count: 1,
      coordinates: ['Query.citizen'],
    });
    expect(rows[0]?.documentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(ids[60]);
  });

  it('refusals before Apollo (bad token) and by Apollo’s HTTP checks (CSRF) are events too', async () => {
    const before = await lastId();
    const badToken = await gateway.graphql<Json>(`{ gatewayInfo { name } }`, {}, { token: 'not.a.token' });
    expect(badToken.status).toBe(401);
    const csrf = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ gatewayInfo { name } }')}`);
    expect(csrf.status).toBe(400);
    const rows = await flushed(before);
    expect(rows.map((row) => [row.kind, row.clientSub, row.code, row.requests]).sort()).toEqual([
      ['REFUSED', 'anonymous', 'BAD_REQUEST', 1],
      ['REFUSED', 'anonymous', 'UNAUTHENTICATED', 1],
    ]);
    expect(rows.find((row) => row.code === 'UNAUTHENTICATED')?.requestId).toBe(requestId(badToken));
  });

  it('a limit breach (limits plugin) is an event with its code and the root coordinates asked', async () => {
    const before = await lastId();
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: gatewayInfo { name }`).join(' ');
    const response = await gateway.graphql<Json>(`query Many { ${aliases} }`, {}, { token: hospital });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('MAX_ALIASES');
    expect(await flushed(before)).toMatchObject([
      {
        kind: 'REFUSED',
        clientSub: 'his-37001',
        code: 'MAX_ALIASES',
        operationName: 'Many',
        coordinates: ['Query.gatewayInfo'],
      },
    ]);
  });

  it('served requests leave no event', async () => {
    const before = await lastId();
    const response = await gateway.graphql<Json>(`{ gatewayInfo { name } }`, {}, { token: hospital });
    expect(response.status).toBe(200);
    expect(await flushed(before)).toEqual([]);
  });

  it('a flood of 1000 refused requests yields a bounded number of rows, every request counted', async () => {
    const before = await lastId();
    const total = 1000;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const n = next++;
        // Distinct operation names: a distinct aggregate key per request, the worst case for the store.
        const response = await gateway.graphql<Json>(
          `query Flood${n}($id: PersonalId!) { citizen(personalId: $id) { fullName } }`,
          { id: ids[70] },
          { token: hospital },
        );
        expect(response.status).toBe(400);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const rows = await flushed(before);
    expect(rows.length).toBeLessThanOrEqual(MAX_KEYS + 1);
    expect(rows.reduce((sum, row) => sum + row.requests, 0)).toBe(total);
    const overflow = rows.filter((row) => row.clientSub === '*');
    expect(overflow).toMatchObject([{ kind: 'REFUSED', code: 'PURPOSE_REQUIRED', operationName: null }]);
    expect(overflow[0]?.requests).toBe(total - MAX_KEYS);
    expect(gateway.gateway.securityEvents.stats.overflow).toBeGreaterThanOrEqual(total - MAX_KEYS);
  }, 120_000);

  it('a store that cannot be written fails no request: the batch is dropped and counted', async () => {
    const lost = gateway.gateway.securityEvents.stats.rowsLost;
    await gateway.db.query(`ALTER TABLE audit.security_event RENAME TO security_event_away`);
    try {
      const response = await gateway.graphql<Json>(
        `query { citizen(personalId: "${ids[80]}") { fullName } }`,
        {},
        {
          token: hospital,
        },
      );
      expect(response.status).toBe(400);
      await gateway.gateway.securityEvents.flush();
      expect(gateway.gateway.securityEvents.stats.rowsLost).toBe(lost + 1);
    } finally {
      await gateway.db.query(`ALTER TABLE audit.security_event_away RENAME TO security_event`);
    }
    const served = await gateway.graphql<Json>(`{ gatewayInfo { name } }`, {}, { token: hospital });
    expect(served.status).toBe(200);
  });

  it('a document that inlines an ID is stored without its hash', async () => {
    const before = await lastId();
    await gateway.graphql<Json>(
      `query Inline { citizen(personalId: "${ids[81]}") { fullName } }`,
      {},
      { token: hospital },
    );
    const rows = await flushed(before);
    expect(rows).toMatchObject([{ code: 'PURPOSE_REQUIRED', operationName: 'Inline', documentHash: null }]);
  });
});

describe('reading the events', () => {
  const QUERY = `query($sub: String, $kind: SecurityEventKind, $first: Int, $after: String) {
    securityEvents(clientSub: $sub, kind: $kind, first: $first, after: $after) {
      edges { cursor node { kind clientSub code operationName requests count coordinates firstAt lastAt requestId } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it('an auditor reads them, filtered by client and kind, paged newest first', async () => {
    await gateway.gateway.securityEvents.flush();
    const auditor = await gateway.token('auditor');
    const page1 = await gateway.graphql<Json>(
      QUERY,
      { sub: 'his-37001', kind: 'REFUSED', first: 2 },
      { token: auditor, purpose: 'LAW_ENFORCEMENT' },
    );
    expect(page1.status).toBe(200);
    expect(page1.body.errors).toBeUndefined();
    const edges = page1.body.data.securityEvents.edges as Json[];
    expect(edges).toHaveLength(2);
    for (const edge of edges) expect(edge.node).toMatchObject({ kind: 'REFUSED', clientSub: 'his-37001' });
    expect(page1.body.data.securityEvents.pageInfo.hasNextPage).toBe(true);
    const page2 = await gateway.graphql<Json>(
      QUERY,
      { sub: 'his-37001', kind: 'REFUSED', first: 2, after: page1.body.data.securityEvents.pageInfo.endCursor },
      { token: auditor, purpose: 'LAW_ENFORCEMENT' },
    );
    const later = page2.body.data.securityEvents.edges as Json[];
    expect(later.length).toBeGreaterThan(0);
    expect(later.map((edge) => edge.cursor)).not.toContain(edges[1].cursor);

    const probes = await gateway.graphql<Json>(
      QUERY,
      { kind: 'PROBE', first: 100 },
      { token: auditor, purpose: 'LAW_ENFORCEMENT' },
    );
    const nodes = (probes.body.data.securityEvents.edges as Json[]).map((edge) => edge.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(
      nodes.every((node) => node.kind === 'PROBE' && [FOREIGN_PERSONAL_ID, FOREIGN_IDENTIFIER].includes(node.code)),
    ).toBe(true);
    expect(nodes.some((node) => node.count === 20)).toBe(true);
  });

  it("a citizen token's events are that citizen's personal data: a purpose is required, the read is in their log", async () => {
    await gateway.gateway.securityEvents.flush();
    const auditor = await gateway.token('auditor');
    const refused = await gateway.graphql<Json>(QUERY, { kind: 'PROBE', first: 5 }, { token: auditor });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');

    const prober = ids[0] as string; // the citizen token of the first probe test
    const before = await gateway.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM audit.access_record WHERE personal_id = $1`,
      [prober],
    );
    const read = await gateway.graphql<Json>(
      QUERY,
      { kind: 'PROBE', first: 100 },
      { token: auditor, purpose: 'LAW_ENFORCEMENT' },
    );
    expect(read.body.errors).toBeUndefined();
    const records = await gateway.db.query<{ fields: string[]; client_sub: string }>(
      `SELECT fields, client_sub FROM audit.access_record WHERE personal_id = $1 ORDER BY at DESC LIMIT 1`,
      [prober],
    );
    const after = await gateway.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM audit.access_record WHERE personal_id = $1`,
      [prober],
    );
    expect(Number(after[0]?.n)).toBe(Number(before[0]?.n) + 1);
    expect(records[0]?.client_sub).toBe('auditor-37');
    expect(records[0]?.fields).toEqual(expect.arrayContaining(['SecurityEvent.kind', 'SecurityEvent.count']));
  });

  it('a non-auditor cannot: the field is denied', async () => {
    for (const token of [hospital, await gateway.token('citizen', { pid: ids[0] as string })]) {
      const response = await gateway.graphql<Json>(QUERY, { first: 5 }, { token });
      expect(response.body.data?.securityEvents ?? null).toBeNull();
      expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    }
  });

  it('a metric counts the events per kind and code', async () => {
    const monitoring = await gateway.token('monitoring');
    const text = await (
      await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${monitoring}` } })
    ).text();
    const value = (kind: string, code: string) =>
      Number(
        new RegExp(`^lienthong_security_events_total\\{kind="${kind}",code="${code}"\\} (\\d+)`, 'm').exec(text)?.[1],
      );
    expect(value('PROBE', FOREIGN_PERSONAL_ID)).toBeGreaterThanOrEqual(131);
    expect(value('REFUSED', 'PURPOSE_REQUIRED')).toBeGreaterThanOrEqual(1001);
  });
});

describe('with Redis (127.0.0.1:6379), replicas share the probe count', () => {
  const prefix = `lienthong:test:${randomUUID()}:`;
  let replicas: TestGateway[] = [];

  beforeAll(async () => {
    const env = {
      REDIS_URL: 'redis://127.0.0.1:6379',
      RATE_LIMIT_REDIS_PREFIX: prefix,
      PROBE_THROTTLE_IDS: '20',
      PROBE_THROTTLE_WINDOW_S: '600',
      SECURITY_EVENTS_FLUSH_MS: '600000',
    };
    replicas = [await startTestGateway({ env }), await startTestGateway({ env })];
  }, 120_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('25 foreign IDs are refused whole and charge nothing; 20 on one replica: the other refuses the next', async () => {
    const [a, b] = replicas as [TestGateway, TestGateway];
    const pid = ids[0] as string;
    const tooMany = await a.graphql<Json>(
      CITIZENS,
      { ids: ids.slice(1, 26) },
      { token: await a.token('citizen', { pid }), purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(tooMany.status).toBe(429);
    const first = await b.graphql<Json>(
      CITIZENS,
      { ids: ids.slice(1, 21) },
      { token: await b.token('citizen', { pid }), purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(first.status).toBe(200);
    const refused = await a.graphql<Json>(
      CITIZENS,
      { ids: [ids[30]] },
      {
        token: await a.token('citizen', { pid }),
        purpose: 'CITIZEN_SELF_SERVICE',
      },
    );
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('PROBING_THROTTLED');
  });
});

describe('the probe bucket', () => {
  it('allows only a cost the bucket holds, takes it whole; a refused cost takes nothing', () => {
    const bucket = { capacity: 20, refillPerSecond: 1 };
    // More than the capacity: never allowed; the wait reported is until the bucket is full.
    expect(refillAndTake(20, 0, bucket, 100)).toEqual({
      tokens: 20,
      result: { allowed: false, remaining: 20, retryAfterMs: 1 },
    });
    expect(refillAndTake(10, 0, bucket, 100).result).toMatchObject({ allowed: false, retryAfterMs: 10_000 });
    // More than is left: refused, nothing taken, the wait is until the cost is back.
    expect(refillAndTake(4, 0, bucket, 5)).toEqual({
      tokens: 4,
      result: { allowed: false, remaining: 4, retryAfterMs: 1000 },
    });
    const whole = refillAndTake(20, 0, bucket, 20);
    expect(whole).toEqual({ tokens: 0, result: { allowed: true, remaining: 0, retryAfterMs: 0 } });
    expect(refillAndTake(whole.tokens, 500, bucket, 1).result).toMatchObject({ allowed: false, retryAfterMs: 500 });
    expect(refillAndTake(whole.tokens, 5000, bucket, 5).result).toMatchObject({ allowed: true, remaining: 0 });
    expect(refillAndTake(5, 0, bucket).tokens).toBe(4);
  });
});
