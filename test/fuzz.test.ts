/**
 * Fuzzing the HTTP surface with malformed requests (seeded, reproducible): broken JSON, wrong content types, huge
 * strings under the body limit, deep nesting, invalid variables, invalid UTF-8, unknown operations, wrong methods,
 * random bytes, odd headers, multipart and url-encoded bodies, and raw bytes that are not HTTP at all.
 *
 * Every answer must be a client error or a success, never 5xx; every error answer a JSON body whose errors carry an
 * `extensions.code` (HEAD answers carry no body, by HTTP); no malformed input may surface as a masked
 * INTERNAL_SERVER_ERROR; and the gateway still serves /healthz and a real query afterwards.
 *
 * The sequence is fixed by SEED (printed with the summary); change it to explore another one.
 */
import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/harness.ts';
import { mulberry32 } from '../src/lib/mulberry32.ts';

const REQUESTS = 2200;
const CONCURRENCY = 8;
const MAX_BODY = 900_000; // under the 1 MB request limit (docs/ARCHITECTURE.md §7)
const SEED = 20_250_701;

let gateway: TestGateway;
let token: string;
let personalId: string;

beforeAll(async () => {
  // Rate limiting has its own tests; here it would answer most requests 429 before they reach anything interesting.
  // An empty database: fuzzing is about the HTTP and GraphQL layers; a well-formed ID simply finds nobody.
  gateway = await startTestGateway({ citizens: 0, env: { RATE_LIMIT_ENABLED: 'false' } });
  token = await gateway.token('hospital');
  personalId = '037090000001';
});
afterAll(async () => gateway?.close());

// ───────────────────────────── the generator ─────────────────────────────

interface Case {
  kind: string;
  /** A request sent with node:http (valid HTTP framing, anything inside). */
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Bytes written to a plain TCP socket instead. */
  raw?: Buffer;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function generator(seed: number, personalIdSample: string, validToken: string) {
  const random = mulberry32(seed); // seeded: a failing case can be replayed
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const sample = <T>(arbitrary: fc.Arbitrary<T>): T =>
    fc.sample(arbitrary, { seed: int(0, 2 ** 31 - 1), numRuns: 1 })[0] as T;
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(0, 255)));

  const QUERIES = [
    '{ __typename }',
    '{ gatewayInfo { name version } }',
    'query Q($id: PersonalId!) { citizen(personalId: $id) { personalId fullName } }',
    'query L($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId health { summary { bloodType } } } }',
    `{ citizen(personalId: "${personalIdSample}") { personalId household { address } } }`,
    'query A { __typename } query B { __typename }',
    'fragment F on Query { __typename } query { ...F }',
  ];
  const TOKENS = [
    '{',
    '}',
    '(',
    ')',
    '[',
    ']',
    ':',
    '$',
    '!',
    '=',
    '@',
    '...',
    ',',
    '|',
    '&',
    'query',
    'mutation',
    'subscription',
    'fragment',
    'on',
    '__typename',
    '__schema',
    'citizen',
    'personalId',
    'fullName',
    'id',
    'first',
    '"s"',
    '"""block"""',
    '123',
    '-0.5e9',
    'true',
    'null',
    '@skip',
    '@include',
    'if',
    '#',
    '\n',
    '\t',
    '\u0000',
    '\u00e9',
    '\ud83d\ude00',
    '\\',
    '"',
    "'",
    'Q',
  ];
  const randomQuery = () => Array.from({ length: int(1, 60) }, () => pick(TOKENS)).join(pick([' ', '', '\n']));
  const mutate = (text: string): string => {
    const at = int(0, text.length);
    switch (int(0, 4)) {
      case 0:
        return text.slice(0, at);
      case 1:
        return text.slice(0, at) + pick(TOKENS) + text.slice(at);
      case 2:
        return text.slice(0, at) + text.slice(at + int(1, 10));
      case 3:
        return text + pick(['}', '{', ' garbage', '\u0000', ',', ']']);
      default:
        return text.replace(/[a-z]/, pick(['X', '9', '_', '-']));
    }
  };
  // Mostly a valid token (so requests get past authentication into GraphQL), some anonymous, some broken.
  const auth = (): Record<string, string> => {
    const roll = random();
    if (roll < 0.45) return { authorization: `Bearer ${validToken}`, 'x-purpose': 'TREATMENT' };
    if (roll < 0.65) return {};
    if (roll < 0.75) return { authorization: `Bearer ${validToken}` };
    if (roll < 0.82)
      return { authorization: `Bearer ${validToken}`, 'x-purpose': pick(['', 'NOPE', 'treatment', 'A'.repeat(500)]) };
    return pick<() => Record<string, string>>([
      () => ({
        authorization: pick(['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer x.y.z', 'Bearer a.b', 'Token abc']),
      }),
      () => ({ authorization: `Bearer ${validToken.slice(0, -4)}AAAA` }),
      () => ({ authorization: `Bearer ${'e'.repeat(int(100, 8000))}` }),
      () => ({ authorization: `Bearer ${validToken.split('.').reverse().join('.')}` }),
    ])();
  };
  const json = (body: unknown, extra: Record<string, string> = {}): Case => ({
    kind: 'json',
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...auth(), ...extra },
    body: JSON.stringify(body),
  });
  const nested = (depth: number, open: string, close: string, inner = '1') =>
    open.repeat(depth) + inner + close.repeat(depth);

  const categories: [string, number, () => Case][] = [
    [
      'broken JSON',
      3,
      () => {
        const valid = JSON.stringify({ query: pick(QUERIES), variables: { id: personalIdSample } });
        const body = pick([
          () => valid.slice(0, int(0, valid.length - 1)),
          () => mutate(valid),
          () => `${valid}${pick(['x', '}', ',{}', '\u0000'])}`,
          () => `\ufeff${valid}`,
          () =>
            pick([
              '',
              ' ',
              'null',
              'true',
              '0',
              '"q"',
              '[]',
              '[{}]',
              '{}',
              '{"query":}',
              '{"query":null}',
              '{query:"{a}"}',
            ]),
          () => JSON.stringify(sample(fc.jsonValue())),
          () => `[${valid},${valid}]`,
        ])();
        return {
          kind: 'broken JSON',
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json', ...auth() },
          body,
        };
      },
    ],
    [
      'content type',
      2,
      () => ({
        kind: 'content type',
        method: 'POST',
        path: '/graphql',
        headers: {
          ...(chance(0.1)
            ? {}
            : {
                'content-type': pick([
                  'text/plain',
                  'application/xml',
                  'application/graphql',
                  'application/json; charset=latin1',
                  'application/json; charset=utf-16',
                  'application/jsonx',
                  ';;;',
                  'application/',
                  '*/*',
                  'text/html; charset=utf-8',
                  'application/graphql-response+json',
                  'application/octet-stream',
                  'image/png',
                  'application/json;;',
                ]),
              }),
          ...(chance(0.5) ? { 'apollo-require-preflight': 'true' } : {}),
          ...auth(),
        },
        body: chance(0.5) ? JSON.stringify({ query: pick(QUERIES) }) : pick(QUERIES),
      }),
    ],
    [
      'huge strings',
      1,
      () => {
        const size = int(10_000, MAX_BODY - 1000);
        return pick<() => Case>([
          () => json({ query: 'a'.repeat(size) }),
          () => json({ query: `{ __typename ${'a '.repeat(size / 2)}}` }),
          () => json({ query: pick(QUERIES), variables: { id: '9'.repeat(size) } }),
          () => json({ query: pick(QUERIES), operationName: 'O'.repeat(size) }),
          () => json({ query: `# ${'c'.repeat(size)}\n{ __typename }` }),
          () => json({ query: `{ citizen(personalId: "${'1'.repeat(size)}") { personalId } }` }),
          () => json({ query: pick(QUERIES), extensions: { x: 'e'.repeat(size) } }),
          () => json({ query: `{ ${'__typename '.repeat(size / 11)}}` }),
        ])();
      },
    ],
    [
      'deep nesting',
      2,
      () => {
        const depth = int(50, 50_000);
        return pick<() => Case>([
          () => json({ query: nested(Math.min(depth, 20_000), '{ a ', '}') }),
          () =>
            json({
              query: nested(
                Math.min(depth, 20_000),
                '{ citizen(personalId: "1") { household { members { edges { node { citizen ',
                '} } } } } }',
              ),
            }),
          () =>
            json({
              query: `query ($v: PersonalId) { citizen(personalId: ${nested(Math.min(depth, 20_000), '[', ']', '$v')}) { personalId } }`,
            }),
          () => ({
            kind: 'deep nesting',
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', ...auth() },
            body: `{"query":"{ __typename }","variables":${nested(depth, '[', ']')}}`,
          }),
          () => ({
            kind: 'deep nesting',
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', ...auth() },
            body: `{"query":"query L($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId } }","variables":{"ids":${nested(depth, '[', ']', '"1"')}}}`,
          }),
          () => ({
            kind: 'deep nesting',
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', ...auth() },
            body: nested(Math.min(depth, 40_000), '{"a":', '}'),
          }),
          () => json({ query: `{ __typename ${nested(Math.min(depth, 5_000), '...on Query{', '}', '__typename')} }` }),
        ])();
      },
    ],
    [
      'invalid variables',
      3,
      () => {
        const query = pick(QUERIES.slice(2, 4));
        const variables = pick<() => unknown>([
          () => sample(fc.jsonValue()),
          () => ({ id: sample(fc.jsonValue()) }),
          () => ({ ids: sample(fc.array(fc.jsonValue(), { maxLength: 20 })) }),
          () => ({ ids: Array.from({ length: int(101, 5000) }, (_, i) => `0370900${String(i).padStart(5, '0')}`) }),
          () => ({
            id: pick([
              '',
              '0',
              '03709000000A',
              '037090000001 ',
              ' 037090000001',
              '０３７０９００００００１',
              '999999999999',
            ]),
          }),
          () =>
            JSON.parse(
              '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"id":"037090000001"}',
            ) as unknown,
          () => ({ id: personalIdSample, unknown: 1, ids: [personalIdSample] }),
          () => 'string variables',
          () => [personalIdSample],
        ])();
        return json({ query, variables });
      },
    ],
    [
      'invalid UTF-8',
      2,
      () => {
        const query = pick(QUERIES);
        const at = int(0, query.length);
        const bad = pick([
          [0xff],
          [0xfe, 0xff],
          [0xc0, 0xaf],
          [0xe0, 0x80, 0x80],
          [0xed, 0xa0, 0x80],
          [0xf8, 0x88, 0x80, 0x80],
          [0x80],
          [0x00],
        ]);
        const body = Buffer.concat([
          Buffer.from(`{"query":${JSON.stringify(query.slice(0, at)).slice(0, -1)}`),
          Buffer.from(bad),
          Buffer.from(`${JSON.stringify(query.slice(at)).slice(1)},"variables":{"id":"`),
          Buffer.from(pick([[0xff, 0xfe], [0xc3], [0x30, 0x33, 0x37]])),
          Buffer.from('"}}'),
        ]);
        return chance(0.3)
          ? json({
              query: `${query} # ${pick(['\ud800', '\udfff', '\ud83d'])}`,
              variables: { id: `\ud800${personalIdSample}` },
            })
          : {
              kind: 'invalid UTF-8',
              method: 'POST',
              path: '/graphql',
              headers: { 'content-type': 'application/json', ...auth() },
              body,
            };
      },
    ],
    [
      'unknown operations',
      3,
      () =>
        pick<() => Case>([
          () => json({ query: randomQuery() }),
          () => json({ query: mutate(pick(QUERIES)), variables: { id: personalIdSample } }),
          () => json({ query: pick(QUERIES), operationName: pick(['Nope', '', 'A', 'B', 'Q', '1', null, 42, ['A']]) }),
          () =>
            json({
              query: pick([
                'mutation { x }',
                'subscription { x }',
                'mutation M { citizen { id } }',
                '{ nope }',
                '{ citizen }',
                '{ __schema { queryType { name } } }',
                '{ __type(name: "Citizen") { fields { name } } }',
                'query { ...Missing }',
                'fragment F on Query { __typename }',
              ]),
            }),
          () =>
            json({
              query: pick(QUERIES),
              extensions: pick([
                { persistedQuery: { version: 1, sha256Hash: 'abc' } },
                { persistedQuery: 'x' },
                'x',
                [1],
              ]),
            }),
          () => json({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
          () => json({ query: sample(fc.string({ maxLength: 200, unit: 'binary' })) }),
          () => json({ query: sample(fc.jsonValue()) }),
        ])(),
    ],
    [
      'methods',
      2,
      () => {
        const method = pick([
          'GET',
          'PUT',
          'DELETE',
          'PATCH',
          'OPTIONS',
          'HEAD',
          'PROPFIND',
          'TRACE',
          'LOCK',
          'M-SEARCH',
          'PURGE',
          'CONNECTX',
        ]);
        const query = encodeURIComponent(pick([...QUERIES, 'mutation { x }', randomQuery()]));
        const search = pick([
          `?query=${query}`,
          `?query=${query}&variables=${encodeURIComponent(pick(['notjson', '{"id":1}', '[]', '{']))}`,
          `?query=${query}&operationName=${pick(['X', '', '%00'])}`,
          '',
          '?query=',
          '?query=%ZZ',
          `?query=${query}&query=${query}`,
          `?extensions=${encodeURIComponent('{"persistedQuery":{"version":1,"sha256Hash":"x"}}')}`,
          `?${'a=1&'.repeat(int(1, 1000))}`,
        ]);
        return {
          kind: 'methods',
          method,
          path:
            pick([
              '/graphql',
              '/graphql/',
              '/GRAPHQL',
              '/graphql;x',
              '/graphql/../graphql',
              '/%2e%2e/graphql',
              '/graphql%00',
            ]) + search,
          headers: { ...(chance(0.6) ? { 'apollo-require-preflight': 'true' } : {}), ...auth() },
          ...(chance(0.3) && method !== 'GET' && method !== 'HEAD'
            ? { body: JSON.stringify({ query: pick(QUERIES) }) }
            : {}),
        };
      },
    ],
    [
      'random bytes',
      2,
      () =>
        chance(0.5)
          ? {
              kind: 'random bytes',
              method: 'POST',
              path: '/graphql',
              headers: { 'content-type': pick(['application/json', 'application/octet-stream']), ...auth() },
              body: randomBytes(int(1, 50_000)),
            }
          : { kind: 'random bytes (raw socket)', raw: randomBytes(int(1, 4000)) },
    ],
    [
      'odd headers',
      3,
      () =>
        pick<() => Case>([
          () =>
            json(
              { query: pick(QUERIES), variables: { id: personalIdSample } },
              {
                accept: pick([
                  'application/xml',
                  'text/html',
                  '*/*;q=0',
                  'application/json;q=0',
                  'application/graphql-response+json;q=0.1, application/json',
                  '',
                  'x',
                ]),
              },
            ),
          () =>
            json(
              { query: pick(QUERIES) },
              { 'x-user-id': pick(['', ' ', 'u'.repeat(5000), '<script>', 'doctor\t42']) },
            ),
          () =>
            json({ query: pick(QUERIES) }, { 'content-encoding': pick(['gzip', 'br', 'deflate', 'identity', 'x']) }),
          () => json({ query: pick(QUERIES) }, { 'transfer-encoding': 'chunked' }),
          () => json({ query: pick(QUERIES) }, { expect: '100-continue' }),
          () =>
            json(
              { query: pick(QUERIES) },
              { 'x-forwarded-for': '1.2.3.4, ' + 'a'.repeat(1000), forwarded: 'for=";;;"' },
            ),
          () => json({ query: pick(QUERIES) }, { 'apollo-require-preflight': '', 'x-apollo-operation-name': 'Q' }),
          () => ({
            ...json({ query: pick(QUERIES) }),
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${validToken}`,
              'x-purpose': 'TREATMENT',
              cookie: 'a=b; '.repeat(500),
            },
          }),
          () => ({
            kind: 'odd headers (raw socket)',
            raw: Buffer.from(
              rawRequest(
                pick([
                  'X-Null: a\u0000b',
                  'Content-Length: 5\r\nContent-Length: 6',
                  'Content-Length: -1',
                  'Content-Length: abc',
                  'Transfer-Encoding: chunked\r\nContent-Length: 3',
                  'Transfer-Encoding: gzip, chunked',
                  'Bad Header: x',
                  ' folded: x',
                  `X-Long: ${'a'.repeat(20_000)}`,
                  'Authorization: Bearer \u00ff\u00fe',
                  'Host: a\r\nHost: b',
                  'Content-Type: application/json\u0001',
                ]),
              ),
              'latin1',
            ),
          }),
          () => ({
            kind: 'odd request line (raw socket)',
            raw: Buffer.from(
              pick([
                'GET /graphql HTTP/9.9\r\nHost: x\r\n\r\n',
                'GET\r\n\r\n',
                'GET /graphql\r\n\r\n',
                `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
                'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
                'GET /graphql HTTP/1.0\r\n\r\n',
                'GET http://evil.example/graphql HTTP/1.1\r\nHost: x\r\n\r\n',
                'G\u0000T / HTTP/1.1\r\n\r\n',
                '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003',
              ]),
              'latin1',
            ),
          }),
        ])(),
    ],
    [
      'multipart',
      1,
      () => {
        const boundary = pick(['x', '----WebKitFormBoundary7MA4YWxkTrZu0gW', '', '"quoted"']);
        const operations = JSON.stringify({ query: pick(QUERIES), variables: { file: null } });
        const body = [
          `--${boundary}`,
          'Content-Disposition: form-data; name="operations"',
          '',
          chance(0.3) ? mutate(operations) : operations,
          `--${boundary}`,
          'Content-Disposition: form-data; name="map"',
          '',
          '{"0":["variables.file"]}',
          `--${boundary}`,
          'Content-Disposition: form-data; name="0"; filename="a.txt"',
          'Content-Type: text/plain',
          '',
          'hello',
          chance(0.5) ? `--${boundary}--` : '',
        ].join('\r\n');
        return {
          kind: 'multipart',
          method: 'POST',
          path: '/graphql',
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            ...(chance(0.5) ? { 'apollo-require-preflight': 'true' } : {}),
            ...auth(),
          },
          body,
        };
      },
    ],
    [
      'url-encoded',
      1,
      () => ({
        kind: 'url-encoded',
        method: 'POST',
        path: '/graphql',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(chance(0.5) ? { 'apollo-require-preflight': 'true' } : {}),
          ...auth(),
        },
        body: new URLSearchParams({
          query: pick(QUERIES),
          variables: pick(['{}', 'x', JSON.stringify({ id: personalIdSample })]),
          operationName: pick(['', 'Q']),
        }).toString(),
      }),
    ],
  ];
  const total = categories.reduce((sum, [, weight]) => sum + weight, 0);
  return (): Case => {
    let roll = random() * total;
    for (const [name, weight, make] of categories) {
      roll -= weight;
      if (roll <= 0) {
        const item = make();
        return item.kind === 'json' ? { ...item, kind: name } : item;
      }
    }
    return (categories[0] as (typeof categories)[0])[2]();
  };
}

function rawRequest(header: string): string {
  return `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${header}\r\nContent-Length: 24\r\n\r\n{"query":"{__typename}"}`;
}

// ───────────────────────────── sending ─────────────────────────────

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(base: URL, item: Case): Promise<Answer> {
  if (item.raw !== undefined) return sendRaw(base, item.raw);
  return new Promise((resolve, reject) => {
    const body = item.body === undefined ? undefined : Buffer.isBuffer(item.body) ? item.body : Buffer.from(item.body);
    const headers: Record<string, string> = { ...item.headers };
    if (body !== undefined && headers['transfer-encoding'] === undefined)
      headers['content-length'] = String(body.length);
    const request = http.request(
      { host: base.hostname, port: base.port, method: item.method, path: item.path, headers, agent, timeout: 30_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer within 30 s')));
    request.on('error', reject);
    request.end(body);
  });
}

/** Writes bytes to a fresh TCP connection and parses whatever HTTP/1.1 answer comes back. */
function sendRaw(base: URL, bytes: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(base.port), base.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks);
      const end = text.indexOf('\r\n\r\n');
      const head = text.subarray(0, end < 0 ? text.length : end).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (match?.[1] === undefined) {
        reject(
          new Error(`no HTTP answer to raw bytes ${bytes.subarray(0, 60).toString('latin1')}: ${head.slice(0, 100)}`),
        );
        return;
      }
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      // Only the first answer counts (a valid first request may be followed by garbage).
      const rest = end < 0 ? Buffer.alloc(0) : text.subarray(end + 4);
      let body: Buffer = rest;
      if (headers['content-length'] !== undefined) body = rest.subarray(0, Number(headers['content-length']));
      else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(rest);
      resolve({ status: Number(match[1]), headers, body });
    });
    socket.write(bytes);
    // Half-close: the server sees the end of the request stream; a complete request is still answered.
    setTimeout(() => socket.end(), 50);
  });
}

/** The payload of a chunked body (the first message's). */
function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Why an answer breaks the contract, or undefined when it keeps it. */
function violation(item: Case, answer: Answer): string | undefined {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (answer.status < 200) return `HTTP ${answer.status}`;
  if (item.method === 'HEAD') return answer.body.length === 0 ? undefined : 'HEAD answer with a body';
  const contentType = String(answer.headers['content-type'] ?? '');
  if (!/^application\/(graphql-response\+)?json/.test(contentType))
    return `content-type "${contentType}" (HTTP ${answer.status})`;
  let parsed: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  try {
    parsed = JSON.parse(answer.body.toString('utf8')) as typeof parsed;
  } catch {
    return `body is not JSON (HTTP ${answer.status}): ${answer.body.subarray(0, 80).toString('utf8')}`;
  }
  const errors = parsed.errors ?? [];
  if (answer.status >= 400 && errors.length === 0) return `HTTP ${answer.status} without errors`;
  if (errors.length === 0 && !('data' in parsed)) return 'neither data nor errors';
  for (const error of errors) {
    const code = error.extensions?.code;
    if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code))
      return `error without a code: ${JSON.stringify(error).slice(0, 200)}`;
    if (code === 'INTERNAL_SERVER_ERROR')
      return `malformed input surfaced as INTERNAL_SERVER_ERROR: ${JSON.stringify(error).slice(0, 200)}`;
  }
  return undefined;
}

/** A short, printable description of a case, to reproduce it by hand. */
function describeCase(item: Case): string {
  const bytes =
    item.raw ?? (item.body === undefined ? undefined : Buffer.isBuffer(item.body) ? item.body : Buffer.from(item.body));
  const preview = bytes === undefined ? '' : JSON.stringify(bytes.subarray(0, 300).toString('latin1'));
  return `${item.kind} ${item.method ?? 'raw'} ${item.path ?? ''} ${JSON.stringify(item.headers ?? {}).slice(0, 200)} ${preview}${(bytes?.length ?? 0) > 300 ? `…(${bytes?.length} bytes)` : ''}`;
}

// ───────────────────────────── the test ─────────────────────────────

describe('fuzzing the HTTP surface', () => {
  it(
    `answers ${REQUESTS} malformed requests with client errors that carry a code, and keeps serving`,
    { timeout: 180_000 },
    async () => {
      const seed = SEED;
      const next = generator(seed, personalId, token);
      const cases = Array.from({ length: REQUESTS }, next);
      const base = new URL(gateway.url);
      const problems: string[] = [];
      const statuses = new Map<string, number>();
      const codes = new Map<string, number>();
      const busy = new Map<string, number>();
      let index = 0;
      const started = Date.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (;;) {
            const i = index++;
            const item = cases[i];
            if (item === undefined) return;
            const sentAt = Date.now();
            try {
              const answer = await send(base, item);
              busy.set(item.kind, (busy.get(item.kind) ?? 0) + Date.now() - sentAt);
              statuses.set(`${answer.status}`, (statuses.get(`${answer.status}`) ?? 0) + 1);
              const code =
                /"code":"([A-Z_0-9]+)"/.exec(answer.body.toString('utf8'))?.[1] ??
                (item.method === 'HEAD' ? '(HEAD)' : '(none)');
              codes.set(code, (codes.get(code) ?? 0) + 1);
              const problem = violation(item, answer);
              if (problem !== undefined) problems.push(`#${i} ${describeCase(item)}: ${problem}`);
            } catch (error) {
              problems.push(`#${i} ${describeCase(item)}: ${(error as Error).message.slice(0, 200)}`);
            }
          }
        }),
      );
      const kinds = new Map<string, number>();
      for (const item of cases) kinds.set(item.kind, (kinds.get(item.kind) ?? 0) + 1);
      console.log(
        [
          `fuzz seed ${seed}: ${cases.length} requests in ${Date.now() - started} ms (concurrency ${CONCURRENCY})`,
          `  kinds:    ${[...kinds].map(([k, n]) => `${k} ${n} (${Math.round((busy.get(k) ?? 0) / 1000)} s)`).join(', ')}`,
          `  statuses: ${[...statuses]
            .sort()
            .map(([k, n]) => `${k}×${n}`)
            .join(' ')}`,
          `  codes:    ${[...codes]
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${k}×${n}`)
            .join(' ')}`,
          ...problems.slice(0, 30).map((p) => `  PROBLEM ${p}`),
        ].join('\n'),
      );
      expect(problems).toEqual([]);
      expect(cases.length).toBeGreaterThanOrEqual(2000);

      // Still alive and still correct.
      const health = await fetch(`${gateway.url}/healthz`);
      expect(health.status).toBe(200);
      const answer = await gateway.graphql(
        'query Q($id: PersonalId!) { citizen(personalId: $id) { personalId } }',
        { id: personalId },
        { token, purpose: 'TREATMENT' },
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { citizen: null } });
    },
  );
});
