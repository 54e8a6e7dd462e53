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
  CSS_CONTENT_TYPE,
  escapeHtml,
  JS_CONTENT_TYPE,
  jsonForScriptBlock,
  pageAssets,
  parseRequestUrl,
  sameOriginPath,
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

type Assets = Readonly<Record<AssetName, Asset>>;

const assets = pageAssets({
  label: 'operations dashboard',
  sources: ASSET_SOURCES,
  ownDirectory: path.join(PROJECT_ROOT, 'src', 'http', 'ioc'),
  prefix: IOC_ASSET_PREFIX,
});

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
  if (pathname.startsWith(IOC_ASSET_PREFIX)) {
    assets.serveAsset(req, res, url);
    return true;
  }
  if (pathname !== IOC_DASHBOARD_PATH && pathname !== `${IOC_DASHBOARD_PATH}/`) return false;
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendText(res, 405, 'Method Not Allowed', { allow: 'GET, HEAD' });
    return true;
  }
  const graphqlPath = sameOriginPath('IocDashboardOptions.graphqlPath', options.graphqlPath);
  assets.sendPage(req, res, (loaded) => renderPage(loaded, { ...options, graphqlPath }), {
    'content-security-policy': IOC_DASHBOARD_CONTENT_SECURITY_POLICY,
  });
  return true;
}

/** Configuration read by dashboard.js from a non-executable JSON data block (allowed by the CSP). */
export interface IocDashboardClientConfig {
  graphqlPath: string;
  tokenHint: string;
}

function renderPage(loaded: Assets, options: IocDashboardOptions): string {
  const config: IocDashboardClientConfig = { graphqlPath: options.graphqlPath, tokenHint: options.tokenHint };
  const href = (name: AssetName): string => assets.href(loaded, name);
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
