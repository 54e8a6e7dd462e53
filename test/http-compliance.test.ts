/**
 * GraphQL over HTTP (the GraphQL Foundation's draft spec): graphql-http's server audits against the running gateway.
 * Every MUST passes; the SHOULD and MAY results are printed (and pinned below, so a regression shows up).
 *
 * CSRF prevention stays on (docs/ARCHITECTURE.md §7). It only blocks "simple" requests a browser could send cross-site
 * without a preflight: GET (or POST with a text/plain, form or multipart body) carrying neither a non-simple content
 * type nor a header a browser preflights (`Authorization`, `X-Purpose`, `X-User-Id`, `apollo-require-preflight`,
 * `x-apollo-operation-name`; test/http-clients.test.ts). The audits send no token. Every MUST audit sends `content-type:
 * application/json` (not simple), so none is affected; the MAY audits of GET requests are, and answer 400 (see the
 * pinned list).
 */
import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/harness.ts';

let gateway: TestGateway;
const results: AuditResult[] = [];

beforeAll(async () => {
  // The audits send ~60 anonymous requests in a burst; rate limiting (tested elsewhere) is not what is audited here.
  gateway = await startTestGateway({ citizens: 0, env: { RATE_LIMIT_ENABLED: 'false' } });
  const audits = serverAudits({ url: `${gateway.url}/graphql`, fetchFn: fetch });
  for (const audit of audits) results.push(await audit.fn());
  const line = (r: AuditResult) =>
    `  ${r.status === 'ok' ? 'pass' : r.status === 'warn' ? 'WARN' : 'FAIL'} ${r.id} ${r.name}`;
  const summary = (level: string) => {
    const of = results.filter((r) => r.name.startsWith(level));
    return `${level}: ${of.filter((r) => r.status === 'ok').length}/${of.length} pass`;
  };
  console.log(
    [
      `graphql-http server audits: ${summary('MUST')}, ${summary('SHOULD')}, ${summary('MAY')}`,
      ...results.filter((r) => r.status !== 'ok').map(line),
    ].join('\n'),
  );
});
afterAll(async () => gateway?.close());

describe('GraphQL over HTTP compliance (graphql-http audits)', () => {
  it('passes every MUST', () => {
    const must = results.filter((r) => r.name.startsWith('MUST'));
    expect(must.length).toBeGreaterThanOrEqual(13);
    expect(must.filter((r) => r.status !== 'ok').map((r) => `${r.id} ${r.name}`)).toEqual([]);
  });

  it('fails only the known SHOULD and MAY audits', () => {
    const failing = results.filter((r) => r.status !== 'ok' && !r.name.startsWith('MUST')).map((r) => r.id);
    expect(failing.sort()).toEqual([...KNOWN_NOT_PASSING].sort());
  });

  it('keeps CSRF prevention on: a simple GET without a preflight header is refused', async () => {
    const response = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(400);
    const preflighted = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

/** Audits that do not pass, with the reason; updated when the gateway's behaviour deliberately changes. */
const KNOWN_NOT_PASSING: string[] = [
  // SHOULD use 200 on document parsing / validation / variable coercion failure when the client accepts
  // application/json. Apollo Server 5 answers 400, and so does this gateway on purpose: docs/ARCHITECTURE.md §7 makes
  // every limit breach (a validation rule) HTTP 400 with a code, bad personal IDs in variables are 400 BAD_USER_INPUT,
  // and 4xx keeps client mistakes apart from successes in logs, metrics and load balancers. Clients that ask for
  // application/graphql-response+json get exactly what the spec requires (the 4xx MUST/SHOULD audits pass).
  '572B',
  'FDE2',
  '7B9B',
  // MAY accept GET requests without a preflight header: refused by CSRF prevention (400), which stays on. A GET with
  // `apollo-require-preflight` (or any non-simple header) is served, see the test above.
  '5A70',
  'D6D5',
  '6A70',
];
