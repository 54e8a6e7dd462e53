/**
 * The operations dashboard (/ioc) in a real browser (Debian's chromium driven by playwright-core) against the real
 * gateway on the demo data (real database, real indicators, real development tokens): the charts must show what
 * Query.indicators answers, suppressed cells as suppressed (never as zero), every sector's page, the freshness of
 * the sources, a refused token as an error, with no request to any other host, under the page's CSP. The test saves
 * a screenshot to test-artifacts/ioc-dashboard.png.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureArchiveKey, archiveKeyFile } from '../src/audit/segments.ts';
import { developmentJwks } from '../src/auth/dev-keys.ts';
import { signDevelopmentToken } from '../src/auth/profiles.ts';
import { DEV_ISSUER } from '../src/config.ts';
import { IOC_ASSET_PREFIX, IOC_DASHBOARD_CONTENT_SECURITY_POLICY } from '../src/http/ioc-dashboard.ts';
import { DEMO_SEED } from '../src/seed/demo.ts';
import { describeWithBrowser, launchChromium } from './support/browser.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-artifacts');
const SCREENSHOT = path.join(ARTIFACTS, 'ioc-dashboard.png');

const SECTORS = ['population', 'residence', 'health', 'tourism', 'land'] as const;

const INDICATORS_QUERY = `{
  indicators {
    id title { vi en } unit kind dimensions asOf
    sources { source lastChangedAt stale }
    cells { key value suppressed }
  }
}`;

interface Cell {
  key: string[];
  value: number | null;
  suppressed: boolean;
}

interface Indicator {
  id: string;
  title: { vi: string; en: string };
  unit: string;
  kind: 'COUNT' | 'SHARE' | 'DURATION';
  dimensions: string[];
  asOf: string;
  sources: { source: string; lastChangedAt: string | null; stale: boolean }[];
  cells: Cell[];
}

interface ChartSeries {
  name: string;
  type: string;
  data: unknown[];
}

/**
 * What the chart of `indicator` must hold, computed here from the API's cells independently of the page: x = the
 * month when there is one (every month from the first to the last listed), else the first dimension; one series per value of the next dimension; further dimensions
 * at their first value (the page's selects start there) or the one `chosen`. Suppressed cells are null; an absent key is 0 for a count,
 * null for a share or a duration.
 */
function expectedChart(
  indicator: Indicator,
  chosen: Record<string, string> = {},
): {
  categories: string[];
  series: Map<string, (number | null)[]>;
  suppressed: { category: string; series: string }[];
} {
  const dimensions = indicator.dimensions;
  const x = dimensions.includes('month') ? 'month' : dimensions[0]!;
  const rest = dimensions.filter((name) => name !== x);
  const seriesDimension = rest[0];
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const at = (name: string) => dimensions.indexOf(name);
  let cells = indicator.cells;
  for (const dimension of rest.slice(1)) {
    const value = chosen[dimension] ?? sorted(indicator.cells.map((cell) => cell.key[at(dimension)]!))[0];
    cells = cells.filter((cell) => cell.key[at(dimension)] === value);
  }
  let categories = sorted(cells.map((cell) => cell.key[at(x)]!));
  if (x === 'month' && categories.length > 1) {
    // Every month from the first to the last listed: a month without any event is listed in no cell.
    const [first = '', last = ''] = [categories[0], categories.at(-1)];
    const months: string[] = [];
    for (
      let date = new Date(`${first}-01T00:00:00Z`);
      months.at(-1) !== last;
      date.setUTCMonth(date.getUTCMonth() + 1)
    ) {
      months.push(date.toISOString().slice(0, 7));
    }
    categories = months;
  }
  const names =
    seriesDimension === undefined ? [indicator.unit] : sorted(cells.map((cell) => cell.key[at(seriesDimension)]!));
  const series = new Map<string, (number | null)[]>(
    names.map((name) => [name, categories.map(() => (indicator.kind === 'COUNT' ? 0 : null))]),
  );
  const suppressed: { category: string; series: string }[] = [];
  for (const cell of cells) {
    const name = seriesDimension === undefined ? indicator.unit : cell.key[at(seriesDimension)]!;
    const category = cell.key[at(x)]!;
    series.get(name)![categories.indexOf(category)] = cell.suppressed ? null : cell.value;
    if (cell.suppressed) suppressed.push({ category, series: name });
  }
  return { categories, series, suppressed };
}

/** The option of the ECharts instance drawn for `indicatorId` on the current page. */
async function chartOption(
  page: Page,
  indicatorId: string,
): Promise<{ xAxis: { data: string[] }[]; series: ChartSeries[]; legend: { data?: unknown }[] }> {
  // Runs in the page (this project's TypeScript has no DOM types): the chart's own option, as plain data.
  const option = await page.evaluate(`(() => {
    const node = document.querySelector('.chart[data-indicator-id="${indicatorId}"]');
    const chart = node === null ? undefined : echarts.getInstanceByDom(node);
    return chart === undefined ? null : JSON.stringify(chart.getOption());
  })()`);
  if (typeof option !== 'string') throw new Error(`no chart for ${indicatorId}`);
  return JSON.parse(option) as never;
}

describeWithBrowser('Operations dashboard (/ioc)', () => {
  let gateway: TestGateway;
  let browser: Browser;
  let token: string;
  let indicators: Indicator[];

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([startTestGateway({ citizens: 400, seed: DEMO_SEED }), launchChromium()]);
    token = await gateway.token('ioc');
    const answer = await gateway.graphql<{ indicators: Indicator[] }>(INDICATORS_QUERY, undefined, { token });
    expect(answer.body.errors).toBeUndefined();
    indicators = answer.body.data?.indicators ?? [];
    expect(indicators.length).toBeGreaterThanOrEqual(11);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  /** A page that records every request and every console error (a CSP violation is one). */
  async function openPage(): Promise<{
    context: BrowserContext;
    page: Page;
    requests: Request[];
    problems: string[];
  }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const requests: Request[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return { context, page, requests, problems };
  }

  async function pasteToken(page: Page, value: string): Promise<void> {
    // The field is found by its label (accessibility: a labelled input).
    await page.locator('input').and(page.getByLabel(/token/i)).fill(value);
    await page.locator('#token-submit').click();
  }

  it('draws the indicators the API answers, on a page per sector, suppressed cells as suppressed', async () => {
    const { context, page, requests, problems } = await openPage();
    const origin = gateway.url;
    try {
      const response = await page.goto(`${origin}/ioc`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
      expect(response?.headers()['content-security-policy']).toBe(IOC_DASHBOARD_CONTENT_SECURITY_POLICY);
      expect(response?.headers()['cache-control']).toBe('no-cache');
      await page.getByRole('heading', { level: 1 }).waitFor();
      // Before a token, nothing is asked of the API.
      expect(requests.filter((r) => r.url().endsWith('/graphql'))).toEqual([]);

      const answered = page.waitForResponse((r) => r.url() === `${origin}/graphql`);
      await pasteToken(page, `Bearer ${token}`); // pasted with its scheme, as the token command's hint prints it
      const answer = await answered;
      expect(answer.status()).toBe(200);
      const sent = await answer.request().allHeaders();
      expect(sent.authorization).toBe(`Bearer ${token}`);
      expect(sent['x-purpose']).toBeUndefined();
      const pageIndicators = ((await answer.json()) as { data: { indicators: Indicator[] } }).data.indicators;
      expect(pageIndicators.map((indicator) => indicator.id)).toEqual(indicators.map((indicator) => indicator.id));

      // The overview: every source's freshness, every indicator.
      await page.locator('#catalogue-table').waitFor();
      expect(await page.locator('#catalogue-table tbody tr').count()).toBe(indicators.length);
      const sources = new Set(indicators.flatMap((indicator) => indicator.sources.map((source) => source.source)));
      const freshnessRows = await page.locator('#freshness-table tbody tr').allInnerTexts();
      expect(freshnessRows.map((row) => row.split('\t')[0])).toEqual([...sources]);
      for (const row of freshnessRows) expect(row).toMatch(/\t(mới|cũ)$/);

      // The token is kept in the tab's session, never in the URL or the field.
      expect(page.url()).toBe(`${origin}/ioc`);
      expect(await page.evaluate(`sessionStorage.getItem('lienthong.ioc.token')`)).toBe(token);
      expect(await page.locator('#token-input').inputValue()).toBe('');

      let suppressedShown = 0;
      for (const sector of SECTORS) {
        await page.getByRole('tab', { name: tabName(sector) }).click();
        await expect.poll(() => page.locator('#panel').getAttribute('data-page')).toBe(sector);
        expect(page.url()).toBe(`${origin}/ioc#${sector}`);
        const ofSector = indicators.filter((indicator) => indicator.id.startsWith(`${sector}.`));
        expect(ofSector.length, sector).toBeGreaterThan(0);
        expect(await page.locator('article.indicator').count()).toBe(ofSector.length);
        for (const indicator of ofSector) {
          const card = page.locator(`article.indicator[data-indicator-id="${indicator.id}"]`);
          expect(await card.getByRole('heading', { level: 3 }).innerText()).toBe(indicator.title.vi);
          // Each source's freshness is on the card.
          for (const source of indicator.sources) {
            const item = card.locator(`li[data-source="${source.source}"]`);
            expect(await item.innerText()).toContain(source.stale ? 'cũ' : 'mới');
          }
          const expected = expectedChart(indicator);
          const option = await chartOption(page, indicator.id);
          expect(option.xAxis[0]?.data, indicator.id).toEqual(expected.categories);
          const drawn = option.series.filter((series) => series.type !== 'scatter');
          expect(drawn.length, indicator.id).toBe(Math.min(8, expected.series.size));
          for (const series of drawn) {
            expect(series.data, `${indicator.id} ${series.name}`).toEqual(expected.series.get(series.name));
          }
          // Suppressed cells: null in their series (a gap, not zero), one marker each in the legend's own series,
          // "suppressed" in the data table.
          const shownNames = new Set(drawn.map((series) => series.name));
          const suppressed = expected.suppressed.filter((cell) => shownNames.has(cell.series));
          const markers = option.series.find((series) => series.type === 'scatter');
          if (suppressed.length === 0) {
            expect(markers, indicator.id).toBeUndefined();
            continue;
          }
          expect(markers?.name).toBe('Bị ẩn (kiểm soát công bố)');
          const markedCells = (markers?.data as { value: [string, number]; name: string }[]).map((marker) => ({
            category: marker.value[0],
            series: marker.name,
          }));
          expect(markedCells).toEqual(expect.arrayContaining(suppressed));
          expect(markedCells.length).toBe(suppressed.length);
          for (const cell of suppressed) {
            const series = drawn.find((entry) => entry.name === cell.series)!;
            expect(series.data[expected.categories.indexOf(cell.category)]).toBeNull();
          }
          await card.locator('summary').click();
          expect(await card.locator('.suppressed-cell').count()).toBeGreaterThanOrEqual(suppressed.length);
          expect(await card.locator('.suppressed-note').innerText()).toContain('Không phải số 0');
          suppressedShown += suppressed.length;
        }
      }
      // The demo data at this size has cells under the threshold: the check above ran.
      expect(suppressedShown).toBeGreaterThan(0);

      // A third dimension is chosen with a select: the chart then holds that slice of the table. (The first table
      // of the demo data whose other slice differs from the first one.)
      const slices = indicators.flatMap((indicator) => {
        const dimension = indicator.dimensions.filter((name) => name !== 'month')[2];
        if (indicator.dimensions.length < 3 || dimension === undefined) return [];
        const values = [...new Set(indicator.cells.map((cell) => cell.key[indicator.dimensions.indexOf(dimension)]!))];
        return values
          .map((value) => ({ indicator, dimension, value, chart: expectedChart(indicator, { [dimension]: value }) }))
          .filter((slice) => JSON.stringify(slice.chart) !== JSON.stringify(expectedChart(indicator)));
      });
      const slice = slices[0];
      expect(slice, 'a table with a third dimension whose slices differ').toBeDefined();
      const { indicator: sliced, dimension, value, chart: expectedSlice } = slice!;
      await page.getByRole('tab', { name: tabName(sliced.id.split('.')[0] as (typeof SECTORS)[number]) }).click();
      const select = page.locator(`article[data-indicator-id="${sliced.id}"] select`);
      expect(await select.getAttribute('data-dimension')).toBe(dimension);
      await select.selectOption(value);
      await expect
        .poll(async () => (await chartOption(page, sliced.id)).xAxis[0]?.data)
        .toEqual(expectedSlice.categories);
      const slicedOption = await chartOption(page, sliced.id);
      const slicedSeries = slicedOption.series.filter((entry) => entry.type !== 'scatter');
      expect(slicedSeries.length).toBe(Math.min(8, expectedSlice.series.size));
      for (const series of slicedSeries) {
        expect(series.data, `${sliced.id} ${value} ${series.name}`).toEqual(expectedSlice.series.get(series.name));
      }

      // Keyboard: the arrow keys move between the sector tabs.
      await page.getByRole('tab', { name: tabName('land') }).focus();
      await page.keyboard.press('Home');
      await expect.poll(() => page.locator('#panel').getAttribute('data-page')).toBe('overview');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.locator('#panel').getAttribute('data-page')).toBe('population');
      expect(await page.evaluate('document.activeElement?.id')).toBe('tab-population');

      // English: the API's English titles.
      await page.locator('#language-toggle').click();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Smart Operations Center');
      const population = indicators.find((indicator) => indicator.id === 'population.by_commune_age_sex')!;
      expect(
        await page
          .locator(`article[data-indicator-id="${population.id}"]`)
          .getByRole('heading', { level: 3 })
          .innerText(),
      ).toBe(population.title.en);
      expect(await page.evaluate('document.documentElement.lang')).toBe('en');

      // A reload keeps the token (sessionStorage) and the page (the fragment), and asks the API again.
      await page.getByRole('tab', { name: 'Tourism' }).click();
      const reloaded = page.waitForResponse((r) => r.url() === `${origin}/graphql`);
      await page.reload();
      expect((await reloaded).status()).toBe(200);
      await page.locator('article.indicator').first().waitFor();
      expect(await page.locator('#panel').getAttribute('data-page')).toBe('tourism');
      await page.locator('.chart canvas').first().waitFor();

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      expect(requests.length).toBeGreaterThan(5);
      expect(requests.map((r) => r.url()).filter((url) => new URL(url).origin !== origin)).toEqual([]);
      // No token in any URL the page asked for.
      expect(requests.map((r) => r.url()).filter((url) => url.includes(token))).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('shows a refused token, a token without stats:read and an unreachable gateway as errors, and no figures', async () => {
    const { context, page, problems } = await openPage();
    try {
      await page.goto(`${gateway.url}/ioc#health`);
      await pasteToken(page, 'not-a-token');
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.innerText()).toContain('401');
      expect(await alert.innerText()).toContain('UNAUTHENTICATED');
      expect(await page.locator('article.indicator').count()).toBe(0);

      // A token that may not read statistics.
      await pasteToken(page, await gateway.token('hospital'));
      await expect.poll(() => alert.innerText()).toContain('stats:read');
      expect(await alert.innerText()).toContain('UNAUTHORIZED_FIELD_OR_TYPE');
      expect(await page.locator('article.indicator').count()).toBe(0);

      // A good token draws the page; then the gateway cannot be reached: the error, and the old figures are gone.
      await pasteToken(page, token);
      await page.locator('article.indicator').first().waitFor();
      await page.route('**/graphql', (route) => route.abort('internetdisconnected'));
      await page.locator('#refresh').click();
      await expect.poll(() => alert.innerText()).toContain('Không kết nối được');
      expect(await page.locator('article.indicator').count()).toBe(0);

      // Forgetting the token removes it from the session.
      await page.locator('#forget-token').click();
      expect(await page.evaluate(`sessionStorage.getItem('lienthong.ioc.token')`)).toBeNull();
      // The failed requests are the only console errors (the browser logs every non-2xx answer).
      expect(problems.filter((problem) => !problem.includes('Failed to load resource'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('serves its assets from a fixed list, with types and caching like the explorer', async () => {
    const origin = gateway.url;
    const html = await (await fetch(`${origin}/ioc`)).text();
    expect(html).not.toMatch(/<script>|<script defer>|style=/); // no inline script or style
    const links = [...html.matchAll(/(?:src|href)="(\/ioc\/assets\/([\w.]+)\?v=([0-9a-f]{16}))"/g)];
    expect(links.map((link) => link[2]).sort()).toEqual(['dashboard.css', 'dashboard.js', 'echarts.js', 'favicon.svg']);
    const types: Record<string, string> = {
      'echarts.js': 'text/javascript; charset=utf-8',
      'dashboard.js': 'text/javascript; charset=utf-8',
      'dashboard.css': 'text/css; charset=utf-8',
      'favicon.svg': 'image/svg+xml',
    };
    for (const [, src = '', name = '', version = ''] of links) {
      const asset = await fetch(`${origin}${src}`, { headers: { 'accept-encoding': 'gzip' } });
      const body = await asset.text();
      expect(asset.status, name).toBe(200);
      expect(asset.headers.get('content-type'), name).toBe(types[name]);
      expect(asset.headers.get('cache-control'), name).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('etag'), name).toContain(version);
      expect(asset.headers.get('x-content-type-options'), name).toBe('nosniff');
      if (name === 'echarts.js') expect(body).toContain('6.1.0');
    }
    const unversioned = await fetch(`${origin}${IOC_ASSET_PREFIX}echarts.js`, { method: 'HEAD' });
    expect(unversioned.headers.get('cache-control')).toBe('public, no-cache');
    for (const probe of ['..%2F..%2Fpackage.json', '%2e%2e/%2e%2e/package.json', 'echarts.min.js', 'init.js', '']) {
      const res = await fetch(`${origin}${IOC_ASSET_PREFIX}${probe}`);
      await res.arrayBuffer();
      expect.soft(res.status, probe).toBe(404);
    }
    const post = await fetch(`${origin}/ioc`, { method: 'POST' });
    await post.arrayBuffer();
    expect(post.status).toBe(405);
  });
});

function tabName(sector: (typeof SECTORS)[number]): string {
  const vietnamese: Record<(typeof SECTORS)[number], string> = {
    population: 'Dân cư',
    residence: 'Cư trú',
    health: 'Y tế',
    tourism: 'Du lịch',
    land: 'Đất đai',
  };
  return vietnamese[sector];
}

describeWithBrowser('Operations dashboard in production', () => {
  let production: TestGateway;
  let disabled: TestGateway;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    // An identity provider of our own: its public key in a JWKS file, the way production trusts one.
    const idp = mkdtempSync(path.join(os.tmpdir(), 'lienthong-ioc-idp-'));
    const jwksFile = path.join(idp, 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify(await developmentJwks(idp)));
    ensureArchiveKey(idp);
    token = await signDevelopmentToken(idp, 'ioc');
    [production, disabled, browser] = await Promise.all([
      startTestGateway({
        citizens: 60,
        env: {
          NODE_ENV: 'production',
          AUTH_JWKS_FILE: jwksFile,
          AUTH_ISSUERS: DEV_ISSUER,
          CURSOR_KEY: Buffer.alloc(32, 7).toString('base64'),
          AUDIT_SIGNING_KEY_FILE: archiveKeyFile(idp),
        },
      }),
      startTestGateway({ citizens: 0, env: { IOC_DASHBOARD_ENABLED: 'false' } }),
      launchChromium(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await production?.close();
    await disabled?.close();
  });

  it('is served by a production gateway (the explorer is not) and draws its charts; IOC_DASHBOARD_ENABLED=false turns it off', async () => {
    expect(production.config.auth.useDevelopmentKeys).toBe(false);
    expect(production.config.explorerEnabled).toBe(false);
    const explorer = await fetch(`${production.url}/`, { headers: { accept: 'text/html' } });
    await explorer.arrayBuffer();
    expect(explorer.status).toBe(404);

    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      const response = await page.goto(`${production.url}/ioc#land`);
      expect(response?.status()).toBe(200);
      // No development command to suggest in production.
      expect(await page.locator('#token-help').innerText()).toContain('stats:read');
      expect(await page.locator('#token-help').innerText()).not.toContain('npm run');
      await page.locator('#token-input').fill(token);
      await page.locator('#token-submit').click();
      await page.locator('.chart[data-indicator-id="land.changes.by_month_type"] canvas').waitFor();
      expect(await page.locator('#error').textContent()).toBe('');
    } finally {
      await context.close();
    }

    for (const pathname of ['/ioc', `${IOC_ASSET_PREFIX}echarts.js`]) {
      const off = await fetch(`${disabled.url}${pathname}`);
      await off.arrayBuffer();
      expect(off.status, pathname).toBe(404);
    }
  }, 60_000);
});
