/**
 * The built-in GraphQL explorer (GraphiQL 4), served entirely by the gateway itself.
 *
 * Provincial data centres are often cut off from public CDNs (docs/ARCHITECTURE.md §1), so the page loads nothing from
 * any other host: React 18, ReactDOM 18 and GraphiQL's prebuilt UMD bundle + stylesheet are read from node_modules and
 * served under /explorer/assets/, next to a small init script of our own (no inline script, so the page runs under
 * a strict Content-Security-Policy).
 *
 * Caching: the page links every asset with `?v=<content hash>`; a request carrying the current hash is answered
 * `immutable` for a year, any other request for the same asset with `no-cache` (revalidated through its ETag), so an
 * upgrade of graphiql or react can never leave a browser on a stale bundle. The page itself is `no-cache`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.ts';
import {
  CSS_CONTENT_TYPE as CSS,
  escapeHtml,
  JS_CONTENT_TYPE as JS,
  jsonForScriptBlock,
  pageAssets,
  parseRequestUrl,
  sameOriginPath,
  SVG_CONTENT_TYPE,
  type Asset,
  type AssetSource,
} from './static-assets.ts';

export interface ExplorerOptions {
  /** Absolute path of the GraphQL endpoint on this origin, e.g. '/graphql'. */
  graphqlPath: string;
  /** Page title; default 'lienthong GraphQL explorer'. */
  title?: string;
  /** Query editor contents of the first tab (when the browser has no saved tabs). */
  defaultQuery?: string;
  /** Variables editor contents of the first tab; default: `{"id": defaultPersonalId}`. */
  defaultVariables?: string;
  /** The personal ID the first tab looks up (src/main.ts: a showcase citizen of the demo data). */
  defaultPersonalId?: string;
  /** Headers editor contents of the first tab and of every new tab. */
  defaultHeaders?: string;
}

/** Prefix under which the assets are served. */
export const EXPLORER_ASSET_PREFIX = '/explorer/assets/';

/**
 * The Authorization value the headers editor starts with. While it still holds this text the init script leaves
 * the header out (a placeholder is not a token: the gateway would answer 401 and GraphiQL could not even load the
 * schema for its docs and autocompletion).
 */
export const TOKEN_PLACEHOLDER = '<paste a token from npm run -s token -- hospital>';

export const DEFAULT_EXPLORER_QUERY = `# Look up a citizen by personal ID (the start-up banner lists showcase citizens of the demo data).
# 1. Get a token: npm run -s token -- hospital (the banner prints the exact command for this gateway)
# 2. Paste it into the Headers tab below.
# 3. Run with ▶ or Ctrl-Enter.
query Citizen($id: PersonalId!) {
  citizen(personalId: $id) {
    personalId
    fullName
    health {
      encounters(first: 5) {
        edges {
          node {
            admittedAt
            facility {
              name
            }
            principalDiagnosis {
              code
              title
            }
          }
        }
      }
    }
  }
}
`;

/** The variables of the first tab when no personal ID is configured: the banner names the demo data's citizens. */
export const DEFAULT_EXPLORER_VARIABLES = `{
  "id": "<a 12-digit personal ID: the start-up banner lists some>"
}`;

export function explorerVariablesFor(personalId: string): string {
  return JSON.stringify({ id: personalId }, null, 2);
}

export const DEFAULT_EXPLORER_HEADERS = `{
  "Authorization": "Bearer ${TOKEN_PLACEHOLDER}",
  "X-Purpose": "TREATMENT"
}`;

/** The policy sent with the page. GraphiQL 4 sets inline styles (CodeMirror, Radix), its fonts are data: URLs. */
export const EXPLORER_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

type AssetName =
  'react.js' | 'react-dom.js' | 'graphiql.js' | 'graphiql.css' | 'explorer.js' | 'explorer.css' | 'favicon.svg';

/** The fixed allow-list: nothing else under EXPLORER_ASSET_PREFIX exists, so no path ever reaches the file system. */
const ASSET_SOURCES: Readonly<Record<AssetName, AssetSource>> = {
  'react.js': { packageName: 'react', file: 'umd/react.production.min.js', contentType: JS },
  'react-dom.js': { packageName: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: JS },
  'graphiql.js': { packageName: 'graphiql', file: 'graphiql.min.js', contentType: JS, stripSourceMap: true },
  'graphiql.css': { packageName: 'graphiql', file: 'graphiql.min.css', contentType: CSS, stripSourceMap: true },
  'explorer.js': { file: 'init.js', contentType: JS },
  'explorer.css': { file: 'explorer.css', contentType: CSS },
  'favicon.svg': { file: 'favicon.svg', contentType: SVG_CONTENT_TYPE },
};

type Assets = Readonly<Record<AssetName, Asset>>;

/** Read, hashed and compressed once, on first use (src/http/static-assets.ts). */
const assets = pageAssets({
  label: 'GraphQL explorer',
  sources: ASSET_SOURCES,
  ownDirectory: path.join(PROJECT_ROOT, 'src', 'http', 'explorer'),
  prefix: EXPLORER_ASSET_PREFIX,
});

/**
 * Handles GET/HEAD of `/`, of `/explorer`, of the GraphQL path when the client is a browser (Accept includes
 * text/html and there is no `query` parameter), and of `/explorer/assets/*`. Returns true when it answered (the
 * response may still be in flight: assets are read asynchronously on first use); false leaves the request to the
 * GraphQL server.
 */
export function handleExplorerRequest(req: IncomingMessage, res: ServerResponse, options: ExplorerOptions): boolean {
  const method = req.method ?? 'GET';
  const url = parseRequestUrl(req.url);
  if (url === undefined) return false;
  const pathname = url.pathname;

  if (pathname.startsWith(EXPLORER_ASSET_PREFIX)) {
    assets.serveAsset(req, res, url);
    return true;
  }

  if (method !== 'GET' && method !== 'HEAD') return false;
  const isGraphqlPath = pathname === options.graphqlPath;
  const isExplorerPath = pathname === '/explorer' || pathname === '/explorer/' || (pathname === '/' && !isGraphqlPath);
  if (!isExplorerPath && !(isGraphqlPath && isBrowserRequest(req, url))) return false;

  const graphqlPath = sameOriginPath('ExplorerOptions.graphqlPath', options.graphqlPath);
  assets.sendPage(req, res, (loaded) => renderPage(loaded, { ...options, graphqlPath }), {
    // The same URL answers GraphQL GET requests: caches must key on Accept.
    vary: 'Accept',
    'content-security-policy': EXPLORER_CONTENT_SECURITY_POLICY,
  });
  return true;
}

function isBrowserRequest(req: IncomingMessage, url: URL): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html') && !url.searchParams.has('query');
}

/** Configuration read by init.js from a non-executable JSON data block (allowed by the CSP). */
export interface ExplorerClientConfig {
  graphqlPath: string;
  defaultQuery: string;
  defaultVariables: string;
  defaultHeaders: string;
  /** Header values containing this text are a template not yet filled in, and are not sent. */
  placeholderMarker: string;
}

function renderPage(loaded: Assets, options: ExplorerOptions): string {
  const title = options.title ?? 'lienthong GraphQL explorer';
  const config: ExplorerClientConfig = {
    graphqlPath: options.graphqlPath,
    defaultQuery: options.defaultQuery ?? DEFAULT_EXPLORER_QUERY,
    defaultVariables:
      options.defaultVariables ??
      (options.defaultPersonalId === undefined
        ? DEFAULT_EXPLORER_VARIABLES
        : explorerVariablesFor(options.defaultPersonalId)),
    defaultHeaders: options.defaultHeaders ?? DEFAULT_EXPLORER_HEADERS,
    placeholderMarker: '<paste ',
  };
  const href = (name: AssetName): string => assets.href(loaded, name);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)}</title>
    <link rel="icon" type="image/svg+xml" href="${href('favicon.svg')}">
    <link rel="stylesheet" href="${href('graphiql.css')}">
    <link rel="stylesheet" href="${href('explorer.css')}">
    <script type="application/json" id="explorer-config">${jsonForScriptBlock(config)}</script>
    <script defer src="${href('react.js')}"></script>
    <script defer src="${href('react-dom.js')}"></script>
    <script defer src="${href('graphiql.js')}"></script>
    <script defer src="${href('explorer.js')}"></script>
  </head>
  <body>
    <div id="explorer"><p class="explorer-message">Loading the GraphQL explorer…</p></div>
    <noscript><p class="explorer-message">The GraphQL explorer needs JavaScript. Without it, POST queries to
      ${escapeHtml(options.graphqlPath)} (JSON body, header <code>apollo-require-preflight: true</code>).</p></noscript>
  </body>
</html>
`;
}
