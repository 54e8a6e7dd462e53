/**
 * The built-in GraphQL explorer in a real browser (Debian's chromium driven by playwright-core) against the real
 * gateway (real database, real development tokens, Apollo's CSRF prevention): the page must work with no request to
 * any other host, under its Content-Security-Policy, and send the headers typed into its headers editor.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXPLORER_ASSET_PREFIX, TOKEN_PLACEHOLDER } from '../src/http/explorer.ts';
import { describeWithBrowser, launchChromium } from './support/browser.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';

const SCREENSHOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'scratch', 'explorer.png');

describeWithBrowser('GraphQL explorer', () => {
  let gateway: TestGateway;
  let browser: Browser;
  let personalId: string;
  let fullName: string;
  let token: string;

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([startTestGateway({ citizens: 3 }), launchChromium()]);
    [personalId = ''] = await gateway.personalIds(1);
    const [row] = await gateway.db.query<{ fullName: string }>(
      'SELECT full_name AS "fullName" FROM core.citizen WHERE personal_id = $1',
      [personalId],
    );
    fullName = row?.fullName ?? '';
    expect(fullName).not.toBe('');
    token = await gateway.token('hospital');
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('runs a query with the headers from its editor, loading nothing from another host', async () => {
    const origin = gateway.url;
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(10_000); // a failing step reports what it waited for, before the test's own timeout
    const requests: Request[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const graphqlPosts = () => requests.filter((r) => r.method() === 'POST' && r.url() === `${origin}/graphql`);

    try {
      // The schema is introspected on load; wait for that answer together with the page.
      const introspected = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.request().postData()?.includes('__schema') === true,
      );
      // A browser navigating to the GraphQL endpoint gets the explorer.
      const response = await page.goto(`${origin}/graphql`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
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

      // The unfilled placeholder is not sent as a token (the gateway would answer 401 and the docs stay empty).
      const introspection = await introspected;
      expect(introspection.status()).toBe(200);
      expect(((await introspection.json()) as { data?: { __schema?: unknown } }).data?.__schema).toBeDefined();
      expect((await introspection.request().allHeaders()).authorization).toBeUndefined();

      await setEditor(
        page,
        '.graphiql-query-editor .CodeMirror',
        'query Lookup($pid: PersonalId!) {\n  citizen(personalId: $pid) {\n    personalId\n    fullName\n  }\n}',
      );
      await page.getByRole('button', { name: 'Variables' }).click();
      await setEditor(page, '.graphiql-editor-tool .CodeMirror', JSON.stringify({ pid: personalId }));
      await page.getByRole('button', { name: 'Headers' }).click();
      // A token in the headers editor makes the explorer introspect again with it: the gateway shows each token the
      // part of the schema it may read, and the docs, autocompletion and validation follow.
      const reintrospected = page.waitForResponse(
        (r) =>
          r.request().postData()?.includes('__schema') === true &&
          r.request().headers().authorization === `Bearer ${token}`,
      );
      await setEditor(
        page,
        '.graphiql-editor-tool .CodeMirror',
        `{\n  "Authorization": "Bearer ${token}",\n  "X-Purpose": "TREATMENT"\n}`,
      );

      expect((await reintrospected).status()).toBe(200);
      await expect.poll(() => page.locator('.graphiql-query-editor .CodeMirror-lint-mark-error').count()).toBe(0);

      const answered = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.request().postData()?.includes('"Lookup"') === true,
      );
      await page.locator('.graphiql-execute-button').click();
      const answer = await answered;
      await page.locator('.result-window').getByText(fullName).waitFor();

      expect(answer.status()).toBe(200);
      expect(await answer.json()).toEqual({ data: { citizen: { personalId, fullName } } });
      const sent = await answer.request().allHeaders();
      expect(sent.authorization).toBe(`Bearer ${token}`);
      expect(sent['x-purpose']).toBe('TREATMENT');
      expect(sent['apollo-require-preflight']).toBe('true');
      expect(sent['content-type']).toBe('application/json');
      expect(answer.request().postDataJSON()).toMatchObject({
        operationName: 'Lookup',
        variables: { pid: personalId },
      });

      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });

      expect(graphqlPosts().length).toBeGreaterThanOrEqual(2);
      expect(requests.length).toBeGreaterThan(5);
      expect(requests.map((r) => r.url()).filter((url) => new URL(url).origin !== origin)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);

  it('serves assets from a fixed list, cacheable by version and ETag', async () => {
    const origin = gateway.url;
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

    const revalidated = await fetch(`${origin}${src}`, {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
    });
    expect(revalidated.status).toBe(304);
    // Without the current version the asset must be revalidated (an upgrade never leaves a stale bundle).
    const unversioned = await fetch(`${origin}${EXPLORER_ASSET_PREFIX}graphiql.js`);
    await unversioned.arrayBuffer();
    expect(unversioned.headers.get('cache-control')).toBe('public, no-cache');

    for (const probe of ['..%2F..%2Fpackage.json', '%2e%2e/%2e%2e/package.json', 'graphiql.min.js', 'init.js', '']) {
      const res = await fetch(`${origin}${EXPLORER_ASSET_PREFIX}${probe}`);
      await res.arrayBuffer();
      expect.soft(res.status, probe).toBe(404);
    }
  });

  it('leaves GraphQL requests that are not from a browser page to the GraphQL server', async () => {
    const query = await fetch(`${gateway.url}/graphql?query=%7B__typename%7D`, {
      headers: { accept: 'text/html, application/json', 'apollo-require-preflight': 'true' },
    });
    expect(query.headers.get('content-type')).toContain('json');
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
    const api = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'application/json' } });
    expect(api.headers.get('content-type')).toContain('json');
    await api.arrayBuffer();
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
  const value = await editor.evaluate((element) =>
    (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
  );
  expect(value).toBe(text);
}
