/**
 * The operations dashboard at `GET /ioc`: the province's indicators (Query.indicators, `stats:read`) as charts, one
 * page per sector plus an overview, for the Smart Operations Center (IOC). Served by the gateway itself, like the
 * explorer (docs/ARCHITECTURE.md §1: no CDN, no other host): Apache ECharts' prebuilt bundle is read from
 * node_modules, next to a script and a stylesheet of our own (src/http/ioc/), under a Content-Security-Policy that
 * allows no inline script and no inline style.
 *
 * The page itself holds no data: it is the same for everyone, and every figure comes from /graphql with the token the
 * operator pastes (kept in the tab's sessionStorage, never in a URL). It is therefore available in production too
 * (IOC_DASHBOARD_ENABLED, default true), unlike the explorer, which is a development tool.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.ts';
import {
  assetLoader,
  CSS_CONTENT_TYPE,
  escapeHtml,
  JS_CONTENT_TYPE,
  jsonForScriptBlock,
  parseRequestUrl,
  sendAsset,
  sendText,
  SVG_CONTENT_TYPE,
  type Asset,
  type AssetSource,
} from './static-assets.ts';

export const IOC_DASHBOARD_PATH = '/ioc';
export const IOC_ASSET_PREFIX = '/ioc/assets/';

/**
 * The policy sent with the page. Stricter than the explorer's: no inline style either (ECharts draws on a canvas and
 * sets styles through the CSSOM, which style-src does not govern; its tooltips are drawn on the canvas too).
 */
export const IOC_DASHBOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface IocDashboardOptions {
  /** Absolute path of the GraphQL endpoint on this origin, e.g. '/graphql'. */
  graphqlPath: string;
  /** How an operator gets a token, shown next to the token field (development: the `npm run -s token` command). */
  tokenHint: string;
}

type AssetName = 'echarts.js' | 'dashboard.js' | 'dashboard.css' | 'favicon.svg';

/** The fixed allow-list: nothing else under IOC_ASSET_PREFIX exists, so no path ever reaches the file system. */
const ASSET_SOURCES: Readonly<Record<AssetName, AssetSource>> = {
  'echarts.js': { packageName: 'echarts', file: 'dist/echarts.min.js', contentType: JS_CONTENT_TYPE },
  'dashboard.js': { file: 'dashboard.js', contentType: JS_CONTENT_TYPE },
  'dashboard.css': { file: 'dashboard.css', contentType: CSS_CONTENT_TYPE },
  'favicon.svg': { file: 'favicon.svg', contentType: SVG_CONTENT_TYPE },
};

function isAssetName(name: string): name is AssetName {
  return Object.hasOwn(ASSET_SOURCES, name);
}

type Assets = Readonly<Record<AssetName, Asset>>;

const loadAssets = assetLoader(ASSET_SOURCES, path.join(PROJECT_ROOT, 'src', 'http', 'ioc'));

/**
 * Handles GET/HEAD of `/ioc`, `/ioc/` and `/ioc/assets/*`. Returns true when it answered (the response may still be
 * in flight: assets are read on first use); false leaves the request to the other routes.
 */
export function handleIocDashboardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: IocDashboardOptions,
): boolean {
  const url = parseRequestUrl(req.url);
  if (url === undefined) return false;
  const pathname = url.pathname;
  const isAsset = pathname.startsWith(IOC_ASSET_PREFIX);
  const isPage = pathname === IOC_DASHBOARD_PATH || pathname === `${IOC_DASHBOARD_PATH}/`;
  if (!isAsset && !isPage) return false;
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendText(res, 405, 'Method Not Allowed', { allow: 'GET, HEAD' });
    return true;
  }

  if (isAsset) {
    const name = pathname.slice(IOC_ASSET_PREFIX.length);
    if (!isAssetName(name)) {
      sendText(res, 404, 'Not Found');
      return true;
    }
    respondWhenLoaded(res, (assets) => sendAsset(req, res, assets[name], url.searchParams.get('v')));
    return true;
  }

  const graphqlPath = checkGraphqlPath(options.graphqlPath);
  respondWhenLoaded(res, (assets) => {
    const html = renderPage(assets, { ...options, graphqlPath });
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
      'cache-control': 'no-cache',
      'content-security-policy': IOC_DASHBOARD_CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    res.end(method === 'HEAD' ? undefined : html);
  });
  return true;
}

function checkGraphqlPath(graphqlPath: string): string {
  // Same-origin only: the page's CSP (connect-src 'self') would block anything else anyway.
  if (!graphqlPath.startsWith('/') || graphqlPath.startsWith('//')) {
    throw new Error(
      `IocDashboardOptions.graphqlPath must be an absolute path on this origin, got ${JSON.stringify(graphqlPath)}`,
    );
  }
  return graphqlPath;
}

function respondWhenLoaded(res: ServerResponse, respond: (assets: Assets) => void): void {
  loadAssets().then(respond, (error: unknown) => {
    // Not the caller's fault and nothing they can act on; the message names the missing file for the operator.
    process.emitWarning(`Operations dashboard assets could not be loaded: ${String(error)}`);
    if (!res.headersSent) sendText(res, 500, 'The operations dashboard is not available on this server.');
    else res.destroy();
  });
}

/** Configuration read by dashboard.js from a non-executable JSON data block (allowed by the CSP). */
export interface IocDashboardClientConfig {
  graphqlPath: string;
  tokenHint: string;
}

function renderPage(assets: Assets, options: IocDashboardOptions): string {
  const config: IocDashboardClientConfig = { graphqlPath: options.graphqlPath, tokenHint: options.tokenHint };
  const href = (name: AssetName): string => escapeHtml(`${IOC_ASSET_PREFIX}${name}?v=${assets[name].version}`);
  return `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Trung tâm Điều hành thông minh · Smart Operations Center</title>
    <link rel="icon" type="image/svg+xml" href="${href('favicon.svg')}">
    <link rel="stylesheet" href="${href('dashboard.css')}">
    <script type="application/json" id="ioc-config">${jsonForScriptBlock(config)}</script>
    <script defer src="${href('echarts.js')}"></script>
    <script defer src="${href('dashboard.js')}"></script>
  </head>
  <body>
    <a class="skip-link" href="#main">Bỏ qua đến nội dung · Skip to content</a>
    <div id="app">
      <p class="message">Đang tải bảng điều hành… · Loading the dashboard…</p>
    </div>
    <noscript><p class="message">Bảng điều hành cần JavaScript. · The dashboard needs JavaScript. Without it, POST
      <code>{ indicators { id cells { key value suppressed } } }</code> to ${escapeHtml(options.graphqlPath)}.</p></noscript>
  </body>
</html>
`;
}
