/**
 * W3C Trace Context and OpenTelemetry tracing (src/observability/tracing.ts) as a client's operator sees them: a
 * request sent with the client's `traceparent` is part of the client's trace (its trace id in the request's log line;
 * with tracing on, the gateway's server span is a child of the client's span, with spans for parse, validation,
 * authorization, execution, each statement and the audit append), an invalid header starts a fresh trace, and no span
 * carries a personal ID, the variables or the token. The OTLP/HTTP exporter really posts to a collector.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { statementSummary } from '../src/db/tracing.ts';
import { createGateway, listen, type RunningGateway } from '../src/gateway.ts';
import { createLogger } from '../src/logger.ts';
import { startTracing } from '../src/observability/otel-sdk.ts';
import { parseTraceparent } from '../src/observability/tracing.ts';
import { executionStatements } from './support/execution-statements.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';
import { CITIZENS_360 } from './support/queries.ts';
import { daysAgo } from './support/writes.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;
const BY_IDS = 'query CitizensByIds($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId fullName } }';

const ALL_READ_SCOPES = [
  'citizen:identity:read',
  'household:registration:read',
  'health:summary:read',
  'health:encounters:read',
  'tourism:stays:read',
  'tourism:establishments:read',
  'land:parcels:read',
];

const lines: string[] = [];
const logger = pino(
  { level: 'info', base: { service: 'lienthong' } },
  new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  }),
);
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  sampler: new AlwaysOnSampler(),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const measured = executionStatements();
let gw: TestGateway;
let untraced: RunningGateway;
let ids: string[];

beforeAll(async () => {
  gw = await startTestGateway({ citizens: 30, logger, tracerProvider: provider, plugins: [measured.plugin] });
  ids = await gw.personalIds(5);
  // A second gateway on the same database with tracing off: the trace id still reaches its log line.
  untraced = await listen(await createGateway({ config: gw.config, db: gw.db, logger }), gw.config);
});

afterAll(async () => {
  await untraced?.close();
  await gw?.close();
  await provider.shutdown();
});

function logLine(requestId: string | null): Record<string, unknown> {
  const line = lines.find((l) => l.includes(`"requestId":"${requestId}"`) && l.includes('"graphql request"'));
  expect(line).toBeDefined();
  return JSON.parse(line as string) as Record<string, unknown>;
}

/** The finished spans of one trace, once its server span has ended (it ends when the response is written). */
async function spansOf(traceId: string): Promise<ReadableSpan[]> {
  let spans: ReadableSpan[] = [];
  await expect
    .poll(() => {
      spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
      return spans.some((span) => span.kind === SpanKind.SERVER);
    })
    .toBe(true);
  return spans;
}

/** Everything a span exports besides its ids and times. */
function exported(span: ReadableSpan): string {
  return JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    status: span.status,
    events: span.events,
    links: span.links,
    resource: span.resource.attributes,
  });
}

describe('traceparent (W3C Trace Context)', () => {
  it('accepts version 00 and later versions; rejects ff, all-zero ids, upper case and malformed headers', () => {
    expect(parseTraceparent(TRACEPARENT)).toEqual({
      traceId: TRACE_ID,
      spanId: PARENT_ID,
      traceFlags: 1,
      isRemote: true,
    });
    expect(parseTraceparent(`00-${TRACE_ID}-${PARENT_ID}-00`)?.traceFlags).toBe(0);
    // A later version may append fields; what version 00 defines is parsed (W3C, "Versioning of traceparent").
    expect(parseTraceparent(`cc-${TRACE_ID}-${PARENT_ID}-01-what-the-future-holds`)?.traceId).toBe(TRACE_ID);
    for (const invalid of [
      undefined,
      '',
      `ff-${TRACE_ID}-${PARENT_ID}-01`,
      `00-${'0'.repeat(32)}-${PARENT_ID}-01`,
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
      `00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`,
      `00-${TRACE_ID}-${PARENT_ID}-01-extra`,
      `00-${TRACE_ID.slice(1)}-${PARENT_ID}-01`,
      `00-${TRACE_ID}-${PARENT_ID}`,
      `${TRACEPARENT}, ${TRACEPARENT}`,
      ['a', 'b'],
    ]) {
      expect(parseTraceparent(invalid), String(invalid)).toBeUndefined();
    }
  });

  it('puts the caller trace id in the request log line with tracing off; an invalid header adds none', async () => {
    const token = await gw.token('hospital');
    const post = (traceparent: string) =>
      fetch(`${untraced.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-purpose': 'TREATMENT',
          traceparent,
        },
        body: JSON.stringify({ query: BY_IDS, variables: { ids } }),
      });
    const valid = await post(TRACEPARENT);
    expect(valid.status).toBe(200);
    await valid.text();
    expect(logLine(valid.headers.get('x-request-id')).traceId).toBe(TRACE_ID);
    const invalid = await post(`00-${'0'.repeat(32)}-${PARENT_ID}-01`);
    expect(invalid.status).toBe(200);
    await invalid.text();
    expect(logLine(invalid.headers.get('x-request-id'))).not.toHaveProperty('traceId');
  });
});

describe('OpenTelemetry spans of a request', () => {
  it('makes the request a child of the caller span, with one span per layer, statement and audit append', async () => {
    // Every sector's read scope: the 360° view then runs statements in every sector (and in the reference tables).
    const token = await gw.token('hospital', { scopes: ALL_READ_SCOPES });
    const response = await gw.graphql(
      CITIZENS_360,
      { ids },
      { token, purpose: 'TREATMENT', headers: { traceparent: TRACEPARENT } },
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.citizens).toHaveLength(ids.length);
    const spans = await spansOf(TRACE_ID);

    const server = spans.find((span) => span.kind === SpanKind.SERVER) as ReadableSpan;
    expect(server.name).toBe('POST /graphql');
    expect(server.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
      'graphql.operation.name': 'Citizens360',
      'graphql.operation.type': 'query',
      'lienthong.outcome': 'success',
    });
    expect(server.status.code).not.toBe(SpanStatusCode.ERROR);
    const serverId = server.spanContext().spanId;
    const childrenOfServer = spans.filter((span) => span.parentSpanContext?.spanId === serverId).map((s) => s.name);
    expect(childrenOfServer.sort()).toEqual(
      ['audit.append', 'authorization', 'graphql.execute', 'graphql.parse', 'graphql.validate'].sort(),
    );

    // One span per statement the request sent while executing, each a child of the execution span.
    const execution = spans.find((span) => span.name === 'graphql.execute') as ReadableSpan;
    const statements = spans.filter((span) => span.attributes['db.system.name'] === 'postgresql');
    expect(statements.length).toBeGreaterThan(3);
    expect(statements).toHaveLength(measured.of(response));
    for (const statement of statements) {
      expect(statement.kind).toBe(SpanKind.CLIENT);
      expect(statement.parentSpanContext?.spanId).toBe(execution.spanContext().spanId);
      expect(statement.name).toMatch(/^SELECT [a-z_]+\.[a-z0-9_]+$/);
      expect(statement.attributes['db.operation.name']).toBe('SELECT');
    }
    const audit = spans.find((span) => span.name === 'audit.append') as ReadableSpan;
    // One record per citizen read: the five, and the members of their households.
    expect(audit.attributes['lienthong.audit.records']).toBeGreaterThanOrEqual(ids.length);

    // The log line names the same trace.
    expect(logLine(response.headers.get('x-request-id')).traceId).toBe(TRACE_ID);

    // Nothing exported holds a personal ID, the variables, the token or the document.
    const everything = spans.map(exported).join('\n');
    for (const id of ids) expect(everything).not.toContain(id);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.split('.')[2] as string);
    expect(everything).not.toContain(JSON.stringify({ ids }));
    expect(everything).not.toContain('fullName');
    expect(everything).not.toMatch(/\d{12}/);
  });

  it('starts a fresh trace when traceparent is invalid, without refusing the request', async () => {
    const token = await gw.token('hospital');
    for (const invalid of [
      `00-${'0'.repeat(32)}-${PARENT_ID}-01`,
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
      `ff-${TRACE_ID}-${PARENT_ID}-01`,
      `00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`,
      'not a trace context',
    ]) {
      exporter.reset();
      const response = await gw.graphql(
        BY_IDS,
        { ids },
        { token, purpose: 'TREATMENT', headers: { traceparent: invalid } },
      );
      expect(response.status, invalid).toBe(200);
      const traceId = logLine(response.headers.get('x-request-id')).traceId as string;
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(traceId).not.toBe(TRACE_ID);
      expect(traceId).not.toBe('0'.repeat(32));
      const server = (await spansOf(traceId)).find((span) => span.kind === SpanKind.SERVER) as ReadableSpan;
      expect(server.parentSpanContext, invalid).toBeUndefined();
    }
  });

  it('marks a refused operation: the authorization span fails with its code, nothing executes', async () => {
    exporter.reset();
    const response = await gw.graphql(
      BY_IDS,
      { ids },
      { token: await gw.token('hospital'), headers: { traceparent: TRACEPARENT } },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
    const spans = await spansOf(TRACE_ID);
    const authorization = spans.find((span) => span.name === 'authorization') as ReadableSpan;
    expect(authorization.status).toEqual({ code: SpanStatusCode.ERROR, message: 'PURPOSE_REQUIRED' });
    expect(spans.map((span) => span.name)).not.toContain('graphql.execute');
    expect(spans.filter((span) => span.attributes['db.system.name'] !== undefined)).toHaveLength(0);
  });
});

describe('OpenTelemetry spans of a mutation', () => {
  it('puts the statements of its transaction under a transaction span, and the vaccine text in none', async () => {
    exporter.reset();
    const [patient] = ids;
    const vaccine = 'Cúm mùa (Vaxigrip Tetra)';
    const response = await gw.graphql(
      `mutation Vaccinate($input: RecordVaccinationInput!) {
        recordVaccination(input: $input) { personalId vaccination { vaccine doseNumber } }
      }`,
      { input: { personalId: patient, vaccine, doseNumber: 1, administeredOn: daysAgo(1) } },
      { token: await gw.token('hospital'), purpose: 'TREATMENT', headers: { traceparent: TRACEPARENT } },
    );
    expect(response.body.errors).toBeUndefined();
    const spans = await spansOf(TRACE_ID);
    const execution = spans.find((span) => span.name === 'graphql.execute') as ReadableSpan;
    expect(execution.attributes['graphql.operation.type']).toBe('mutation');
    const transaction = spans.find((span) => span.name === 'transaction') as ReadableSpan;
    expect(transaction.parentSpanContext?.spanId).toBe(execution.spanContext().spanId);
    const inside = spans.filter((span) => span.parentSpanContext?.spanId === transaction.spanContext().spanId);
    expect(inside.map((span) => span.name)).toContain('INSERT health.vaccination');
    const everything = spans.map(exported).join('\n');
    expect(everything).not.toContain(patient);
    expect(everything).not.toContain('Vaxigrip');
  });
});

describe('statement span names', () => {
  it('name the operation and the first table, never a value', () => {
    expect(statementSummary('SELECT a, b FROM core.citizen WHERE personal_id = ANY($1)').name).toBe(
      'SELECT core.citizen',
    );
    expect(statementSummary('INSERT INTO audit.access_record (x) VALUES ($1)').name).toBe('INSERT audit.access_record');
    expect(statementSummary('UPDATE "health"."encounter" SET x = $1').name).toBe('UPDATE health.encounter');
    expect(statementSummary("SELECT 1 FROM t_037090000001 WHERE id = '037090000001'").name).toBe('SELECT');
  });
});

describe('OTLP/HTTP export', () => {
  it('posts spans to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces with OTEL_EXPORTER_OTLP_HEADERS at shutdown', async () => {
    const received: { path: string | undefined; headers: http.IncomingHttpHeaders; body: string }[] = [];
    const collector = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url, headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    const config = parseConfig(
      {
        NODE_ENV: 'development',
        PORT: '0',
        LOG_LEVEL: 'silent',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/`,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=s3cret%20value',
        OTEL_SERVICE_NAME: 'lienthong-test',
      },
      gw.config.dataDir,
    );
    expect(config.tracing?.tracesUrl).toBe(`http://127.0.0.1:${port}/v1/traces`);
    const sdk = startTracing(config.tracing as NonNullable<typeof config.tracing>);
    const exporting = await listen(
      await createGateway({
        config: gw.config,
        db: gw.db,
        logger: createLogger('silent'),
        tracerProvider: sdk.provider,
      }),
      gw.config,
    );
    try {
      const response = await fetch(`${exporting.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await gw.token('hospital')}`,
          'x-purpose': 'TREATMENT',
          traceparent: TRACEPARENT,
        },
        body: JSON.stringify({ query: BY_IDS, variables: { ids } }),
      });
      expect(response.status).toBe(200);
      await response.text();
    } finally {
      await exporting.close();
      await sdk.shutdown();
      collector.close();
    }
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((request) => request.path === '/v1/traces')).toBe(true);
    expect(received[0]?.headers['x-collector-key']).toBe('s3cret value');
    expect(received[0]?.headers['content-type']).toMatch(/^application\/json/);
    const bodies = received.map((request) => request.body).join('\n');
    expect(bodies).toContain('"lienthong-test"');
    expect(bodies).toContain(TRACE_ID);
    expect(bodies).toContain('"POST /graphql"');
    for (const id of ids) expect(bodies).not.toContain(id);
  });
});
