/**
 * The built-in GraphQL explorer in a real browser (Debian's chromium driven by playwright-core) against a real HTTP
 * server: the page must work with no request to any other host, under its Content-Security-Policy, and send the
 * headers typed into its headers editor.
 *
 * The server is a small node:http server: handleExplorerRequest + a tiny graphql-js schema answering POST /graphql
 * (until the gateway's startGateway can stand in for it).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLORER_ASSET_PREFIX, TOKEN_PLACEHOLDER, handleExplorerRequest } from '../src/http/explorer.ts';

// Under vitest, `import 'graphql'` here resolves to graphql's ESM build (index.mjs, via its "module" field) while
// @graphql-tools/schema, loaded by Node, gets the CommonJS build: two graphql instances, and graphql-js rejects the
// schema ("Cannot use GraphQLSchema from another module or realm"). Load the same instance Node gives the library.
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'scratch', 'explorer.png');

const citizens = new Map([['037090001234', { personalId: '037090001234', fullName: 'Nguyễn Văn An' }]]);

const schema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    scalar PersonalId
    type Citizen {
      personalId: PersonalId!
      fullName: String
    }
    type Query {
      citizen(personalId: PersonalId!): Citizen
    }
  `,
  resolvers: {
    Query: {
      citizen: (_parent: unknown, args: { personalId: string }) => citizens.get(args.personalId) ?? null,
    },
  },
});

interface RecordedPost {
  headers: IncomingHttpHeaders;
  body: { query?: string; variables?: Record<string, unknown> | null; operationName?: string | null };
}

const posts: RecordedPost[] = [];

function startServer(): Promise<Server> {
  const server = createServer((req, res) => {
    if (handleExplorerRequest(req, res, { graphqlPath: '/graphql', title: 'lienthong explorer (test)' })) return;
    if (req.method !== 'POST' || req.url !== '/graphql') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not the explorer');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        // What Apollo Server's CSRF prevention demands of a JSON POST.
        if (req.headers['apollo-require-preflight'] === undefined || req.headers['content-type'] !== 'application/json') {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"message":"CSRF"}]}');
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedPost['body'];
        posts.push({ headers: req.headers, body });
        const result = await graphql({
          schema,
          source: body.query ?? '',
          variableValues: body.variables ?? undefined,
          operationName: body.operationName ?? undefined,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      })();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('GraphQL explorer', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    server = await startServer();
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('runs a query with the headers from its editor, loading nothing from another host', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(10_000); // a failing step reports what it waited for, before the test's own timeout
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request: Request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

    try {
      // A browser navigating to the GraphQL endpoint gets the explorer.
      const response = await page.goto(`${origin}/graphql`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
      expect(response?.headers()['x-content-type-options']).toBe('nosniff');

      const queryEditor = page.locator('.graphiql-query-editor .CodeMirror');
      await queryEditor.waitFor();
      // The headers editor is open from the start, with the template to fill in.
      const headersEditor = page.locator('.graphiql-editor-tool .CodeMirror').filter({ visible: true });
      await headersEditor.waitFor();
      expect(await page.locator('.graphiql-editor-tools button.active').innerText()).toBe('Headers');
      expect(await headersEditor.innerText()).toContain(TOKEN_PLACEHOLDER);
      expect(await queryEditor.innerText()).toContain('citizen(personalId: $id)');
      // The schema is introspected on load, without the unfilled placeholder as a token.
      await expect.poll(() => posts.some((p) => p.body.query?.includes('__schema'))).toBe(true);
      expect(posts.every((p) => p.headers.authorization === undefined)).toBe(true);

      await setEditor(
        page,
        '.graphiql-query-editor .CodeMirror',
        'query Lookup($pid: PersonalId!) {\n  citizen(personalId: $pid) {\n    personalId\n    fullName\n  }\n}',
      );
      await page.getByRole('button', { name: 'Variables' }).click();
      await setEditor(page, '.graphiql-editor-tool .CodeMirror', '{"pid": "037090001234"}');
      await page.getByRole('button', { name: 'Headers' }).click();
      await setEditor(
        page,
        '.graphiql-editor-tool .CodeMirror',
        '{\n  "Authorization": "Bearer test-token-123",\n  "X-Purpose": "TREATMENT"\n}',
      );

      const postDone = page.waitForResponse((r) => r.url() === `${origin}/graphql` && r.request().method() === 'POST');
      await page.locator('.graphiql-execute-button').click();
      await postDone;
      await page.locator('.result-window').getByText('Nguyễn Văn An').waitFor();

      const run = posts.find((p) => p.body.operationName === 'Lookup');
      expect(run?.headers.authorization).toBe('Bearer test-token-123');
      expect(run?.headers['x-purpose']).toBe('TREATMENT');
      expect(run?.headers['apollo-require-preflight']).toBe('true');
      expect(run?.body.variables).toEqual({ pid: '037090001234' });

      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });

      expect(requests.length).toBeGreaterThan(5);
      expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);

  it('serves assets from a fixed list, cacheable by version and ETag', async () => {
    const page = await fetch(`${origin}/`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(html).not.toMatch(/<script>/); // no inline script
    const match = /src="(\/explorer\/assets\/graphiql\.js\?v=([0-9a-f]{16}))"/.exec(html);
    expect(match).not.toBeNull();
    const [, src = '', version = ''] = match ?? [];

    const asset = await fetch(`${origin}${src}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = asset.headers.get('etag') ?? '';
    expect(etag).toContain(version);
    expect((await asset.text()).length).toBeGreaterThan(100_000);

    const revalidated = await fetch(`${origin}${src}`, { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    // Without the current version the asset must be revalidated (an upgrade never leaves a stale bundle).
    const unversioned = await fetch(`${origin}${EXPLORER_ASSET_PREFIX}graphiql.js`);
    expect(unversioned.headers.get('cache-control')).toBe('public, no-cache');

    for (const probe of ['..%2F..%2Fpackage.json', '%2e%2e/%2e%2e/package.json', 'graphiql.min.js', 'init.js', '']) {
      const res = await fetch(`${origin}${EXPLORER_ASSET_PREFIX}${probe}`);
      await res.arrayBuffer();
      expect.soft(res.status, probe).toBe(404);
    }
  });

  it('leaves GraphQL requests that are not from a browser page to the GraphQL server', async () => {
    const api = await fetch(`${origin}/graphql`, { headers: { accept: 'application/json' } });
    expect(await api.text()).toBe('not the explorer');
    const getQuery = await fetch(`${origin}/graphql?query=%7B__typename%7D`, { headers: { accept: 'text/html' } });
    expect(await getQuery.text()).toBe('not the explorer');
  });
});

/** Replaces an editor's contents the way a paste does (select all, insert text), then checks it took. */
async function setEditor(page: Page, selector: string, text: string): Promise<void> {
  const editor = page.locator(selector).filter({ visible: true });
  await editor.waitFor();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape'); // closes an autocompletion popup that would cover the buttons
  const value = await editor.evaluate(
    (element) => (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
  );
  expect(value).toBe(text);
}
