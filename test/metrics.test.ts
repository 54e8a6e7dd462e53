/**
 * Observability as an operator sees it: GET /metrics in Prometheus text format (requests by operation and outcome,
 * latency, DataLoader batch sizes, pool gauges, process metrics, denied fields, audit writes), and one structured
 * JSON log line per request, with no personal data, no variables and no token anywhere in either.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevelopmentToken } from '../src/auth/profiles.ts';
import { parseConfig } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import { createGateway, listen, type RunningGateway } from '../src/gateway.ts';
import { recordAuditWrite, recordDeniedField } from '../src/observability/index.ts';
import { seedDatabase } from '../src/seed/index.ts';
import { openMigratedTestDatabase, type MigratedTestDatabase } from './support/harness.ts';

const lines: string[] = [];
let database: MigratedTestDatabase;
let dataDir: string;
let db: Database;
let running: RunningGateway;
let withoutMetrics: RunningGateway;
let withMetricsPort: RunningGateway;
let ids: string[];

beforeAll(async () => {
  database = await openMigratedTestDatabase('lienthong-metrics-');
  ({ dataDir, db } = database);
  await seedDatabase(db, { citizens: 40, seed: 3 });
  const env = {
    NODE_ENV: 'development',
    PORT: '0',
    ...database.env,
  };
  // The gateway's logger writes into `lines`, as pino would write to stdout.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      callback();
    },
  });
  const logger = pino({ level: 'info', base: { service: 'lienthong' } }, sink);
  const config = parseConfig(env, dataDir);
  running = await listen(await createGateway({ config, db, logger }), config);
  const quiet = parseConfig({ ...env, METRICS_ENABLED: 'false', LOG_LEVEL: 'silent' }, dataDir);
  withoutMetrics = await listen(await createGateway({ config: quiet, db }), quiet);
  const scraped = parseConfig({ ...env, METRICS_PORT: '0', LOG_LEVEL: 'silent' }, dataDir);
  withMetricsPort = await listen(await createGateway({ config: scraped, db }), scraped);
  ids = (
    await db.query<{ personalId: string }>(
      'SELECT personal_id AS "personalId" FROM core.citizen ORDER BY personal_id LIMIT 5',
    )
  ).map((row) => row.personalId);
});

afterAll(async () => {
  await running?.close();
  await withoutMetrics?.close();
  await withMetricsPort?.close();
  await database?.remove();
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${running.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function metrics(): Promise<string> {
  const monitoring = await signDevelopmentToken(dataDir, 'monitoring');
  const response = await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${monitoring}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

function requestLine(requestId: string | null): Record<string, unknown> {
  const matching = lines.filter(
    (line) => line.includes(`"requestId":"${requestId}"`) && line.includes('"graphql request"'),
  );
  expect(matching).toHaveLength(1);
  return JSON.parse(matching[0] as string) as Record<string, unknown>;
}

const BY_IDS = 'query CitizensByIds($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId fullName } }';

describe('GET /metrics', () => {
  it('counts requests by operation name and outcome, with latency and DataLoader batch sizes', async () => {
    const token = await signDevelopmentToken(dataDir, 'hospital');
    const auth = { authorization: `Bearer ${token}`, 'x-purpose': 'TREATMENT' };
    const before = await metrics();
    const okBefore =
      sample(before, 'lienthong_graphql_requests_total', { operation: 'CitizensByIds', outcome: 'success' }) ?? 0;
    const rowBatchesBefore = sample(before, 'lienthong_dataloader_batch_size_count', { loader: 'row' }) ?? 0;

    const ok = await post({ query: BY_IDS, variables: { ids } }, auth);
    expect(ok.status).toBe(200);
    expect((ok.body.data as { citizens: unknown[] }).citizens).toHaveLength(5);
    const bad = await post({ query: BY_IDS, variables: { ids: ['12345'] } }, auth);
    expect(bad.status).toBe(400);
    const unauthenticated = await post({ query: BY_IDS, variables: { ids } }, { authorization: 'Bearer not-a-token' });
    expect(unauthenticated.status).toBe(401);

    const after = await metrics();
    expect(sample(after, 'lienthong_graphql_requests_total', { operation: 'CitizensByIds', outcome: 'success' })).toBe(
      okBefore + 1,
    );
    expect(
      sample(after, 'lienthong_graphql_requests_total', { operation: 'CitizensByIds', outcome: 'BAD_USER_INPUT' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, 'lienthong_graphql_requests_total', { operation: '(none)', outcome: 'UNAUTHENTICATED' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, 'lienthong_graphql_request_duration_seconds_count', { operation: 'CitizensByIds' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(after, 'lienthong_graphql_request_duration_seconds_bucket', { operation: 'CitizensByIds', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(2);
    // Five citizens by ID: one batch of five keys (one statement), not five batches of one.
    expect(sample(after, 'lienthong_dataloader_batch_size_count', { loader: 'row' })).toBe(rowBatchesBefore + 1);
    expect(sample(after, 'lienthong_dataloader_batch_size_bucket', { loader: 'row', le: '5' })).toBeGreaterThanOrEqual(
      1,
    );
  });

  it('exposes database pool gauges, statement counts and process metrics', async () => {
    const text = await metrics();
    const kind = db.kind;
    expect(sample(text, 'lienthong_db_pool_connections', { database: kind })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lienthong_db_pool_idle_connections', { database: kind })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'lienthong_db_pool_waiting_requests', { database: kind })).toBe(0);
    expect(sample(text, 'lienthong_db_statements_in_flight', { database: kind })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'lienthong_db_statements_total', { database: kind })).toBeGreaterThan(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  it('counts denied fields by coordinate and scope rule, and audit writes, through the exported recorders', async () => {
    recordDeniedField('Encounter.principalDiagnosis', [['health:encounters:read']]);
    recordDeniedField('Citizen.health', [['health:summary:read', 'citizen:identity:read'], ['audit:log:read']]);
    recordDeniedField('Citizen.health', [['health:summary:read', 'citizen:identity:read'], ['audit:log:read']]);
    recordAuditWrite(3, true);
    recordAuditWrite(2, false);
    const text = await metrics();
    expect(
      sample(text, 'lienthong_denied_fields_total', {
        coordinate: 'Encounter.principalDiagnosis',
        scope: 'health:encounters:read',
      }),
    ).toBe(1);
    expect(
      sample(text, 'lienthong_denied_fields_total', {
        coordinate: 'Citizen.health',
        scope: 'health:summary:read&citizen:identity:read|audit:log:read',
      }),
    ).toBe(2);
    expect(sample(text, 'lienthong_audit_writes_total', { result: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lienthong_audit_writes_total', { result: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lienthong_audit_records_total', { result: 'ok' })).toBeGreaterThanOrEqual(3);
  });

  it('never puts personal IDs or variables into labels, even in a client-chosen operation name', async () => {
    const token = await signDevelopmentToken(dataDir, 'hospital');
    const id = ids[0] as string;
    const named = `query Lookup${id}($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId } }`;
    const response = await post(
      { query: named, variables: { ids: [id] } },
      { authorization: `Bearer ${token}`, 'x-purpose': 'TREATMENT' },
    );
    expect(response.status).toBe(200);
    // A document that inlines the ID, and a coordinate that is a response path with an ID in it.
    await post(
      { query: `{ citizen(personalId: "${id}") { personalId } }` },
      { authorization: `Bearer ${token}`, 'x-purpose': 'TREATMENT' },
    );
    recordDeniedField(`citizen_${id}.health`, [['health:summary:read']]);
    const text = await metrics();
    for (const personalId of ids) expect(text).not.toContain(personalId);
    expect(text).not.toContain(token);
    expect(
      sample(text, 'lienthong_graphql_requests_total', { operation: '(redacted)', outcome: 'success' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lienthong_denied_fields_total', { coordinate: '(invalid)' })).toBeGreaterThanOrEqual(1);
  });

  it('answers only tokens with the metrics:read scope on the main listener: 401, 403 with a code', async () => {
    const ask = (authorization?: string) =>
      fetch(`${running.url}/metrics`, authorization === undefined ? {} : { headers: { authorization } });
    const code = async (response: Response) =>
      ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code;
    const anonymous = await ask();
    expect(anonymous.status).toBe(401);
    expect(await code(anonymous)).toBe('UNAUTHENTICATED');
    const forged = await ask('Bearer abc.def.ghi');
    expect(forged.status).toBe(401);
    expect(await code(forged)).toBe('UNAUTHENTICATED');
    const hospital = await ask(`Bearer ${await signDevelopmentToken(dataDir, 'hospital')}`);
    expect(hospital.status).toBe(403);
    expect(await code(hospital)).toBe('FORBIDDEN');
    const monitoring = await ask(`Bearer ${await signDevelopmentToken(dataDir, 'monitoring')}`);
    expect(monitoring.status).toBe(200);
    expect(await monitoring.text()).toContain('lienthong_graphql_requests_total');
  });

  it('serves /metrics without a token on the METRICS_PORT listener (127.0.0.1), and nothing else there', async () => {
    const metricsUrl = withMetricsPort.metricsUrl as string;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metricsUrl).not.toBe(withMetricsPort.url);
    const scraped = await fetch(`${metricsUrl}/metrics`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await scraped.text()).toContain('lienthong_graphql_requests_total');
    const graphql = await fetch(`${metricsUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(graphql.status).toBe(404);
    expect(await graphql.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    // The main listener of the same gateway still wants the scope.
    expect((await fetch(`${withMetricsPort.url}/metrics`)).status).toBe(401);
    expect(running.metricsUrl).toBeUndefined();
  });

  it('is not served when METRICS_ENABLED=false', async () => {
    const response = await fetch(`${withoutMetrics.url}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });
});

describe('request log', () => {
  it('writes one JSON line per request: request id, operation, document hash, client, outcome, status, duration', async () => {
    const token = await signDevelopmentToken(dataDir, 'hospital');
    const response = await post(
      { query: BY_IDS, variables: { ids }, operationName: 'CitizensByIds' },
      { authorization: `Bearer ${token}`, 'x-purpose': 'TREATMENT', 'x-user-id': 'doctor-0042' },
    );
    expect(response.status).toBe(200);
    const line = requestLine(response.requestId);
    expect(line).toMatchObject({
      level: 30,
      msg: 'graphql request',
      service: 'lienthong',
      requestId: response.requestId,
      operation: 'CitizensByIds',
      client: { sub: 'hospital-37001', org: '37001' },
      outcome: 'success',
      status: 200,
    });
    expect(line.documentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof line.durationMs).toBe('number');
    const raw = lines.find((l) => l.includes(response.requestId as string)) as string;
    for (const personalId of ids) expect(raw).not.toContain(personalId);
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(token.split('.')[2] as string);
    expect(raw).not.toContain('variables');
    expect(raw).not.toContain('fullName');
  });

  it("masks the personal ID inside a citizen token's sub and logs errors by code only", async () => {
    const pid = ids[1] as string;
    const token = await signDevelopmentToken(dataDir, 'citizen', { pid });
    const response = await post(
      {
        query: 'query Mine($id: PersonalId!) { citizen(personalId: $id) { personalId fullName } }',
        variables: { id: pid },
      },
      { authorization: `Bearer ${token}`, 'x-purpose': 'CITIZEN_SELF_SERVICE' },
    );
    expect(response.status).toBe(200);
    const line = requestLine(response.requestId);
    expect(line).toMatchObject({
      operation: 'Mine',
      client: { sub: 'citizen:******', citizenToken: true },
      status: 200,
    });
    const raw = lines.find((l) => l.includes(response.requestId as string)) as string;
    expect(raw).not.toContain(pid);
    expect(raw).not.toContain(token);

    const bad = await post({ query: BY_IDS, variables: { ids: [`${pid}X`] } }, { authorization: `Bearer ${token}` });
    expect(bad.status).toBe(400);
    const badLine = requestLine(bad.requestId);
    expect(badLine).toMatchObject({ outcome: 'BAD_USER_INPUT', status: 400 });
    expect(JSON.stringify(badLine)).not.toContain(pid);
  });

  it('logs requests refused before GraphQL runs (bad token, bad JSON) with their code', async () => {
    const unauthenticated = await post({ query: '{ __typename }' }, { authorization: 'Bearer abc.def.ghi' });
    expect(requestLine(unauthenticated.requestId)).toMatchObject({
      outcome: 'UNAUTHENTICATED',
      status: 401,
      operation: '(none)',
    });
    expect(lines.join('\n')).not.toContain('abc.def.ghi');
    const response = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });
    expect(response.status).toBe(400);
    expect(requestLine(response.headers.get('x-request-id'))).toMatchObject({ outcome: 'BAD_REQUEST', status: 400 });
  });
});
