/**
 * What common GraphQL clients need from the transport (docs/ARCHITECTURE.md §3): CORS for pages on CORS_ORIGINS,
 * GET queries the way urql sends them, responses no cache stores, the client's X-Request-Id carried through, and the
 * token's schema as SDL at GET /schema.graphql. The browser's side of CORS: test/cors-browser.test.ts.
 */
import http from 'node:http';
import { Writable } from 'node:stream';
import { buildSchema, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORS_ALLOWED_HEADERS } from '../src/http/cors.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';

const ALLOWED = 'https://app.example.vn';
const OTHER = 'https://evil.example';
/** What urql's fetch exchange sends as `accept` (@urql/core 5). */
const URQL_ACCEPT =
  'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed';

let gateway: TestGateway;
/** No CORS_ORIGINS, INTROSPECTION_ENABLED=false (as in production). */
let closed: TestGateway;
const logLines: Record<string, unknown>[] = [];
let hospital: string;
let citizenId: string;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logLines.push(JSON.parse(line));
      done();
    },
  });
  [gateway, closed] = await Promise.all([
    startTestGateway({
      citizens: 3,
      env: { CORS_ORIGINS: `${ALLOWED}, http://localhost:5173` },
      logger: pino({ level: 'info' }, sink),
    }),
    startTestGateway({ citizens: 0, env: { INTROSPECTION_ENABLED: 'false' } }),
  ]);
  hospital = await gateway.token('hospital', { sub: 'his-37001', org: '37001' });
  [citizenId] = (await gateway.personalIds(1)) as [string];
}, 180_000);

afterAll(async () => {
  await Promise.all([gateway?.close(), closed?.close()]);
});

/** A GET the way urql sends a query (preferGetMethod 'within-url'): query, operationName, variables in the URL. */
function urqlGet(
  base: string,
  query: string,
  operationName: string,
  variables: object,
  headers: Record<string, string>,
) {
  const url = new URL('/graphql', base);
  url.searchParams.set('query', query);
  url.searchParams.set('operationName', operationName);
  url.searchParams.set('variables', JSON.stringify(variables));
  return fetch(url, { headers: { accept: URQL_ACCEPT, ...headers } });
}

const NAME = 'query Name($id: PersonalId!) { citizen(personalId: $id) { fullName } }';

describe('CORS (CORS_ORIGINS)', () => {
  it('answers a preflight from an allowed origin with that origin, the methods and the headers clients send', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-purpose',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(', ');
    for (const header of ['authorization', 'content-type', 'x-purpose', 'x-user-id', 'idempotency-key', 'x-request-id'])
      expect(allowed).toContain(header);
    for (const header of ['traceparent', 'apollo-require-preflight', 'x-apollo-operation-name'])
      expect(allowed).toContain(header);
    expect(allowed).toHaveLength(CORS_ALLOWED_HEADERS.length);
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('vary')).toContain('Origin');
    // Bearer tokens need no credentialed requests: never Allow-Credentials, never `*`.
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();

    const sdl = await fetch(`${gateway.url}/schema.graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(sdl.status).toBe(204);
    expect(sdl.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(sdl.headers.get('access-control-allow-methods')).toBe('GET');
  });

  it('refuses the preflight of any other origin with 403 and no CORS header', async () => {
    for (const origin of [OTHER, 'https://app.example.vn.evil.example', 'null', 'http://app.example.vn']) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
      expect(response.status).toBe(403);
      expect(
        ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
      ).toBe('FORBIDDEN');
      expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
    // /metrics is not offered cross-origin at all.
    const metrics = await fetch(`${gateway.url}/metrics`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'GET' },
    });
    expect(metrics.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets an allowed origin read responses and their X-Request-Id; other origins get the same answer without CORS headers', async () => {
    const headers = { authorization: `Bearer ${hospital}`, 'x-purpose': 'TREATMENT' };
    const allowed = await urqlGet(gateway.url, NAME, 'Name', { id: citizenId }, { ...headers, origin: ALLOWED });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const exposed = (allowed.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    for (const header of ['x-request-id', 'retry-after', 'www-authenticate']) expect(exposed).toContain(header);
    expect(allowed.headers.get('vary')).toBe('Authorization, Origin');
    const data = (await allowed.json()) as { data: { citizen: { fullName: string } } };
    expect(data.data.citizen.fullName).toEqual(expect.any(String));

    // Nothing else changes for another origin: the server answers, the browser withholds it from the page.
    const other = await urqlGet(gateway.url, NAME, 'Name', { id: citizenId }, { ...headers, origin: OTHER });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-expose-headers')).toBeNull();
    expect(await other.json()).toEqual(data);

    // Errors too are readable by an allowed page (it must see 401 and Retry-After to react).
    const unauthenticated = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { origin: ALLOWED, 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('sends no CORS header at all when CORS_ORIGINS is empty, and refuses every preflight', async () => {
    const response = await fetch(`${closed.url}/graphql`, {
      method: 'POST',
      headers: { origin: ALLOWED, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    expect(response.headers.get('vary')).toBe('Authorization');
    const preflight = await fetch(`${closed.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CSRF prevention and GET clients', () => {
  it("serves urql's default GET of a query when it carries Authorization or X-Purpose", async () => {
    const response = await urqlGet(
      gateway.url,
      NAME,
      'Name',
      { id: citizenId },
      {
        authorization: `Bearer ${hospital}`,
        'x-purpose': 'TREATMENT',
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(((await response.json()) as { data: { citizen: { fullName: string } } }).data.citizen.fullName).toEqual(
      expect.any(String),
    );
    // Anonymous, with only X-Purpose (not CORS-safelisted either): served too.
    const anonymous = await urqlGet(gateway.url, 'query T { __typename }', 'T', {}, { 'x-purpose': 'TREATMENT' });
    expect(anonymous.status).toBe(200);
  });

  it('still refuses a simple cross-site GET or POST that carries no such header', async () => {
    const get = await urqlGet(gateway.url, 'query T { __typename }', 'T', {}, {});
    expect(get.status).toBe(400);
    expect(await get.text()).toContain('Cross-Site Request Forgery');
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const post = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': contentType, origin: OTHER },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(post.status).toBe(400);
    }
    // An empty Authorization header proves nothing.
    const empty = await urqlGet(gateway.url, 'query T { __typename }', 'T', {}, { 'x-purpose': '' });
    expect(empty.status).toBe(400);
  });

  it('refuses a mutation sent with GET (GraphQL over HTTP: GET is for queries), even with Authorization', async () => {
    const response = await urqlGet(
      gateway.url,
      'mutation M { __typename }',
      'M',
      {},
      { authorization: `Bearer ${hospital}`, 'x-purpose': 'TREATMENT' },
    );
    expect(response.status).toBe(405);
  });
});

describe('caching: nothing per token is stored', () => {
  it('marks every /graphql and /schema.graphql answer no-store and Vary: Authorization, errors included', async () => {
    const answers = [
      await urqlGet(
        gateway.url,
        NAME,
        'Name',
        { id: citizenId },
        { authorization: `Bearer ${hospital}`, 'x-purpose': 'TREATMENT' },
      ),
      await fetch(`${gateway.url}/graphql`, { headers: { authorization: 'Bearer broken' } }), // 401
      await urqlGet(gateway.url, '{ nope }', '', {}, { authorization: `Bearer ${hospital}` }), // 400 validation
      await urqlGet(gateway.url, NAME, 'Name', { id: citizenId }, { authorization: `Bearer ${hospital}` }), // 400 purpose
      await fetch(`${gateway.url}/graphql`, { method: 'PUT', headers: { authorization: `Bearer ${hospital}` } }), // 405
      await fetch(`${gateway.url}/schema.graphql`, { headers: { authorization: `Bearer ${hospital}` } }),
      await fetch(`${closed.url}/schema.graphql`), // 400 INTROSPECTION_DISABLED
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 400, 400, 405, 200, 400]);
    for (const answer of answers) {
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('vary')).toContain('Authorization');
      expect(answer.headers.get('pragma')).toBeNull();
    }
  });
});

describe('X-Request-Id', () => {
  it("uses the client's id in the response, the log line, the audit records and security events", async () => {
    const id = 'urql-7f3a.9:b_c-1';
    const response = await gateway.graphql(
      NAME,
      { id: citizenId },
      {
        token: hospital,
        purpose: 'TREATMENT',
        headers: { 'x-request-id': id },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(id);
    const records = await gateway.db.query<{ personalId: string }>(
      'SELECT personal_id AS "personalId" FROM audit.access_record WHERE request_id = $1',
      [id],
    );
    expect(records).toEqual([{ personalId: citizenId }]);
    expect(logLines.filter((line) => line.msg === 'graphql request' && line.requestId === id)).toHaveLength(1);

    const refusedId = 'refused-by-purpose-1';
    const refused = await gateway.graphql(
      NAME,
      { id: citizenId },
      { token: hospital, headers: { 'x-request-id': refusedId } },
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
    expect(refused.headers.get('x-request-id')).toBe(refusedId);
    await gateway.gateway.securityEvents.flush();
    const events = await gateway.db.query<{ code: string }>(
      'SELECT code FROM audit.security_event WHERE request_id = $1',
      [refusedId],
    );
    expect(events).toEqual([{ code: 'PURPOSE_REQUIRED' }]);
  });

  it('replaces an invalid id by a generated one (logged, not refused)', async () => {
    // A personal ID (12 digits) would be stored in logs, audit records and security events: never kept.
    const invalid = ['', 'a'.repeat(129), 'has space', 'tab\tid', 'slash/id', 'Bearer eyJ+/=', 'ü', 'req-037076591971'];
    for (const value of invalid) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': value },
        body: JSON.stringify({ query: '{ __typename }' }),
      }).catch(() => undefined); // fetch itself refuses some header values
      if (response === undefined) continue;
      expect(response.status).toBe(200);
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(id).not.toBe(value);
    }
    const replaced = logLines.filter((line) => line.msg === 'X-Request-Id replaced');
    expect(replaced.length).toBeGreaterThanOrEqual(5);
    // The rejected value never reaches the log (it may hold anything): only why and how long.
    expect(JSON.stringify(replaced)).not.toContain('Bearer');
    expect(JSON.stringify(replaced)).not.toContain('037076591971');
    expect(replaced[0]).toMatchObject({ suppliedRequestId: { reason: 'invalid' } });
    const longest = await fetch(`${gateway.url}/healthz`, { headers: { 'x-request-id': 'a'.repeat(128) } });
    expect(longest.headers.get('x-request-id')).toBe('a'.repeat(128));
  });

  it('replaces an id a request still in flight uses, so per-request state never mixes two requests', async () => {
    const url = new URL(gateway.url);
    // A request that is in flight until its body ends: the router gave it its id before reading the body.
    const first = http.request({
      host: url.hostname,
      port: url.port,
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'reused-id', 'content-length': '100' },
    });
    const firstResponse = new Promise<http.IncomingMessage>((resolve, reject) => {
      first.on('response', resolve);
      first.on('error', reject);
    });
    first.flushHeaders();
    first.write('{"query":');
    // Headers are sent and the first request is waiting for its body; a second one with the same id arrives.
    let second = await fetch(`${gateway.url}/healthz`, { headers: { 'x-request-id': 'reused-id' } });
    for (let tries = 0; second.headers.get('x-request-id') === 'reused-id' && tries < 50; tries++) {
      // The first request's headers may not have been parsed yet: ask again until the server saw them.
      await new Promise((resolve) => setImmediate(resolve));
      second = await fetch(`${gateway.url}/healthz`, { headers: { 'x-request-id': 'reused-id' } });
    }
    expect(second.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    first.end(`"{ __typename }"}${' '.repeat(100 - 26)}`);
    const answered = await firstResponse;
    answered.resume();
    expect(answered.headers['x-request-id']).toBe('reused-id');
    // Once it is done, the id is free again.
    const third = await fetch(`${gateway.url}/healthz`, { headers: { 'x-request-id': 'reused-id' } });
    expect(third.headers.get('x-request-id')).toBe('reused-id');
  });

  it('is on every response: health, 404, the explorer, CORS preflights, /schema.graphql', async () => {
    const answers = await Promise.all([
      fetch(`${gateway.url}/healthz`),
      fetch(`${gateway.url}/readyz`),
      fetch(`${gateway.url}/nowhere`),
      fetch(`${gateway.url}/`, { headers: { accept: 'text/html' } }),
      fetch(`${gateway.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
      }),
      fetch(`${gateway.url}/schema.graphql`),
    ]);
    for (const answer of answers) expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await fetch(`${gateway.url}/nowhere`, { headers: { 'x-request-id': 'lb-123' } });
    expect(echoed.status).toBe(404);
    expect(echoed.headers.get('x-request-id')).toBe('lb-123');
  });
});

describe('GET /schema.graphql', () => {
  async function sdlOf(base: string, token?: string): Promise<{ status: number; text: string; type: string | null }> {
    const response = await fetch(`${base}/schema.graphql`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
  }

  const field = (schema: GraphQLSchema, type: string, name: string): boolean => {
    const found = schema.getType(type);
    return isObjectType(found) && found.getFields()[name] !== undefined;
  };

  it("gives each token the schema its introspection shows: anonymous, a hospital's, a citizen's", async () => {
    const citizen = await gateway.token('citizen', { pid: citizenId });
    const [anonymous, ofHospital, ofCitizen] = await Promise.all([
      sdlOf(gateway.url),
      sdlOf(gateway.url, hospital),
      sdlOf(gateway.url, citizen),
    ]);
    for (const sdl of [anonymous, ofHospital, ofCitizen]) {
      expect(sdl.status).toBe(200);
      expect(sdl.type).toBe('text/plain; charset=utf-8');
    }
    expect(new Set([anonymous.text, ofHospital.text, ofCitizen.text]).size).toBe(3);
    const hospitalSchema = buildSchema(ofHospital.text);
    const citizenSchema = buildSchema(ofCitizen.text);
    const anonymousSchema = buildSchema(anonymous.text);
    // A hospital sees diagnoses, not land parcels nor access logs.
    expect(field(hospitalSchema, 'Encounter', 'principalDiagnosis')).toBe(true);
    expect(hospitalSchema.getType('Parcel')).toBeUndefined();
    expect(field(hospitalSchema, 'Query', 'myAccessLog')).toBe(false);
    // A citizen sees their own parcels and access log; no root list of other citizens.
    expect(citizenSchema.getType('Parcel')).toBeDefined();
    expect(field(citizenSchema, 'Query', 'myAccessLog')).toBe(true);
    // Anonymous: no personal data at all.
    expect(anonymousSchema.getType('Encounter')).toBeUndefined();
    expect(field(anonymousSchema, 'Citizen', 'fullName')).toBe(false);

    // Exactly the filtered introspection: the same types and fields.
    const introspected = await gateway.graphql<{
      __schema: { types: { name: string; fields: { name: string }[] | null }[] };
    }>('{ __schema { types { name fields { name } } } }', {}, { token: hospital });
    const fromIntrospection = Object.fromEntries(
      (introspected.body.data?.__schema.types ?? [])
        .filter((type) => !type.name.startsWith('__'))
        .map((type) => [type.name, (type.fields ?? []).map((f) => f.name).sort()]),
    );
    const fromSdl = Object.fromEntries(
      Object.values(hospitalSchema.getTypeMap())
        .filter((type) => !type.name.startsWith('__'))
        .map((type) => [
          type.name,
          isObjectType(type) || isInterfaceType(type) ? Object.keys(type.getFields()).sort() : [],
        ]),
    );
    expect(fromSdl).toEqual(fromIntrospection);
  });

  it("leaves out the gateway's own directive definitions, which clients cannot use", async () => {
    const { text } = await sdlOf(gateway.url, hospital);
    for (const directive of ['@requiresScopes', '@personal', '@public', '@cost', '@listSize', '@auditExempt'])
      expect(text).not.toContain(`directive ${directive}`);
  });

  it('follows INTROSPECTION_ENABLED=false: 400 INTROSPECTION_DISABLED without schema:introspect, 401 for a bad token', async () => {
    const anonymous = await sdlOf(closed.url);
    expect(anonymous.status).toBe(400);
    expect(JSON.parse(anonymous.text)).toMatchObject({ errors: [{ extensions: { code: 'INTROSPECTION_DISABLED' } }] });
    const withoutScope = await closed.token('hospital', { scopes: ['health:encounters:read'] });
    expect((await sdlOf(closed.url, withoutScope)).status).toBe(400);
    const withScope = await closed.token('hospital', { scopes: ['health:encounters:read', 'schema:introspect'] });
    const allowed = await sdlOf(closed.url, withScope);
    expect(allowed.status).toBe(200);
    expect(field(buildSchema(allowed.text), 'Encounter', 'principalDiagnosis')).toBe(true);
    expect(buildSchema(allowed.text).getType('HealthSummary')).toBeUndefined();
    expect((await sdlOf(closed.url, 'not-a-token')).status).toBe(401);
  });
});
