/**
 * CORS as a browser enforces it (the Fetch standard), for a web application served on another origin than the
 * gateway: a page on an origin of CORS_ORIGINS calls /graphql with fetch() and `Authorization` + `X-Purpose` (which
 * makes Chromium send a preflight first) and reads the data; the same page on an origin not listed cannot. The
 * headers themselves: test/http-clients.test.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, launchChromium } from './support/browser.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';

const PAGE = '<!doctype html><html><head><title>clinic app</title></head><body>clinic app</body></html>';

/** What the page's script reports back: the status and data it could read, or the error fetch() threw. */
type Outcome = { status: number; requestId: string | null; name: string | null } | { error: string };

describeWithBrowser('CORS in a browser', () => {
  let gateway: TestGateway;
  let browser: Browser;
  let site: http.Server;
  /** The same page server under two names: 127.0.0.1 is allowed, localhost is another origin and is not. */
  let allowedOrigin: string;
  let otherOrigin: string;
  let token: string;
  let personalId: string;

  beforeAll(async () => {
    site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const port = (site.address() as AddressInfo).port;
    allowedOrigin = `http://127.0.0.1:${port}`;
    otherOrigin = `http://localhost:${port}`;
    [gateway, browser] = await Promise.all([
      startTestGateway({ citizens: 2, env: { CORS_ORIGINS: allowedOrigin } }),
      launchChromium(),
    ]);
    token = await gateway.token('hospital');
    [personalId] = (await gateway.personalIds(1)) as [string];
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  /** Opens the page on `origin` and runs fetch() there: a GET like urql's, or a JSON POST. */
  async function fetchFrom(origin: string, method: 'GET' | 'POST'): Promise<Outcome> {
    const context = await browser.newContext();
    const page: Page = await context.newPage();
    try {
      await page.goto(`${origin}/`);
      expect(await page.title()).toBe('clinic app');
      return await page.evaluate(
        async ({ gatewayUrl, token, personalId, method }) => {
          const query = 'query Name($id: PersonalId!) { citizen(personalId: $id) { fullName } }';
          const variables = { id: personalId };
          const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'x-purpose': 'TREATMENT' };
          let url = `${gatewayUrl}/graphql`;
          let body: string | undefined;
          if (method === 'GET') {
            const params = new URLSearchParams({ query, operationName: 'Name', variables: JSON.stringify(variables) });
            url += `?${params.toString()}`;
            headers.accept = 'application/graphql-response+json, application/json';
          } else {
            headers['content-type'] = 'application/json';
            body = JSON.stringify({ query, variables, operationName: 'Name' });
          }
          try {
            const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
            const json = (await response.json()) as { data?: { citizen?: { fullName?: string } } };
            return {
              status: response.status,
              requestId: response.headers.get('x-request-id'),
              name: json.data?.citizen?.fullName ?? null,
            };
          } catch (error) {
            return { error: String(error) };
          }
        },
        { gatewayUrl: gateway.url, token, personalId, method },
      );
    } finally {
      await context.close();
    }
  }

  it('lets a page on an allowed origin read the data, with GET (urql) and POST', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const outcome = await fetchFrom(allowedOrigin, method);
      expect(outcome).toEqual({ status: 200, requestId: expect.any(String), name: expect.any(String) });
    }
  });

  it('keeps a page on any other origin out: its fetch() fails in the browser', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const outcome = await fetchFrom(otherOrigin, method);
      expect(outcome).toEqual({ error: expect.stringContaining('Failed to fetch') });
    }
  });
});
