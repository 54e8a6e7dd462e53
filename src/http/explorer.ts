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
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { PROJECT_ROOT } from '../project-root.ts';

const gzip = promisify(gzipCallback);

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

interface AssetSource {
  /** A package in node_modules, or undefined for a file of src/http/explorer/. */
  packageName?: string;
  file: string;
  contentType: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** The fixed allow-list: nothing else under EXPLORER_ASSET_PREFIX exists, so no path ever reaches the file system. */
const ASSET_SOURCES: Readonly<Record<AssetName, AssetSource>> = {
  'react.js': { packageName: 'react', file: 'umd/react.production.min.js', contentType: JS },
  'react-dom.js': { packageName: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: JS },
  'graphiql.js': { packageName: 'graphiql', file: 'graphiql.min.js', contentType: JS },
  'graphiql.css': { packageName: 'graphiql', file: 'graphiql.min.css', contentType: CSS },
  'explorer.js': { file: 'init.js', contentType: JS },
  'explorer.css': { file: 'explorer.css', contentType: CSS },
  'favicon.svg': { file: 'favicon.svg', contentType: 'image/svg+xml' },
};

function isAssetName(name: string): name is AssetName {
  return Object.hasOwn(ASSET_SOURCES, name);
}

interface Asset {
  body: Buffer;
  /** Present when gzip makes the body smaller. */
  gzipped: Buffer | undefined;
  contentType: string;
  /** First 16 hex digits of the SHA-256 of the body: the `?v=` of the links and the ETag. */
  version: string;
}

type Assets = Readonly<Record<AssetName, Asset>>;

let assetsPromise: Promise<Assets> | undefined;

/** Reads, hashes and compresses every asset once, on first use; a failed load is retried on the next request. */
function loadAssets(): Promise<Assets> {
  assetsPromise ??= readAllAssets().catch((error: unknown) => {
    assetsPromise = undefined;
    throw error;
  });
  return assetsPromise;
}

async function readAllAssets(): Promise<Assets> {
  const require = createRequire(import.meta.url);
  const ownDirectory = path.join(PROJECT_ROOT, 'src', 'http', 'explorer');
  const entries = await Promise.all(
    (Object.entries(ASSET_SOURCES) as [AssetName, AssetSource][]).map(async ([name, source]) => {
      const directory =
        source.packageName === undefined
          ? ownDirectory
          : path.dirname(require.resolve(`${source.packageName}/package.json`));
      let body: Buffer = await readFile(path.join(directory, source.file));
      if (source.packageName === 'graphiql') body = stripSourceMapComment(body);
      const compressed = body.length > 1024 ? await gzip(body, { level: 9 }) : undefined;
      const asset: Asset = {
        body,
        gzipped: compressed !== undefined && compressed.length < body.length ? compressed : undefined,
        contentType: source.contentType,
        version: createHash('sha256').update(body).digest('hex').slice(0, 16),
      };
      return [name, asset] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<AssetName, Asset>;
}

/** GraphiQL's bundles point at a source map under another name that is not served; drop the comment (no 404s). */
function stripSourceMapComment(body: Buffer): Buffer {
  const text = body.toString('utf8');
  const stripped = text.replace(/\n?(?:\/\/# sourceMappingURL=\S+|\/\*# sourceMappingURL=\S+ \*\/)\s*$/, '\n');
  return stripped === text ? body : Buffer.from(stripped, 'utf8');
}

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
    if (method !== 'GET' && method !== 'HEAD') {
      sendText(res, 405, 'Method Not Allowed', { allow: 'GET, HEAD' });
      return true;
    }
    const name = pathname.slice(EXPLORER_ASSET_PREFIX.length);
    if (!isAssetName(name)) {
      sendText(res, 404, 'Not Found');
      return true;
    }
    respondWhenLoaded(res, (assets) => sendAsset(req, res, assets[name], url.searchParams.get('v')));
    return true;
  }

  if (method !== 'GET' && method !== 'HEAD') return false;
  const isGraphqlPath = pathname === options.graphqlPath;
  const isExplorerPath = pathname === '/explorer' || pathname === '/explorer/' || (pathname === '/' && !isGraphqlPath);
  if (!isExplorerPath && !(isGraphqlPath && isBrowserRequest(req, url))) return false;

  const graphqlPath = checkGraphqlPath(options.graphqlPath);
  respondWhenLoaded(res, (assets) => {
    const html = renderPage(assets, { ...options, graphqlPath });
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
      'cache-control': 'no-cache',
      // The same URL answers GraphQL GET requests: caches must key on Accept.
      vary: 'Accept',
      'content-security-policy': EXPLORER_CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  });
  return true;
}

function parseRequestUrl(raw: string | undefined): URL | undefined {
  try {
    return new URL(raw ?? '/', 'http://explorer.invalid');
  } catch {
    return undefined;
  }
}

function isBrowserRequest(req: IncomingMessage, url: URL): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html') && !url.searchParams.has('query');
}

function checkGraphqlPath(graphqlPath: string): string {
  // Same-origin only: the page's CSP (connect-src 'self') would block anything else anyway.
  if (!graphqlPath.startsWith('/') || graphqlPath.startsWith('//')) {
    throw new Error(
      `ExplorerOptions.graphqlPath must be an absolute path on this origin, got ${JSON.stringify(graphqlPath)}`,
    );
  }
  return graphqlPath;
}

function respondWhenLoaded(res: ServerResponse, respond: (assets: Assets) => void): void {
  loadAssets().then(respond, (error: unknown) => {
    // Not the caller's fault and nothing they can act on; the message names the missing file for the operator.
    process.emitWarning(`GraphQL explorer assets could not be loaded: ${String(error)}`);
    if (!res.headersSent) sendText(res, 500, 'The GraphQL explorer is not available on this server.');
    else res.destroy();
  });
}

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset, requestedVersion: string | null): void {
  const useGzip = asset.gzipped !== undefined && acceptsGzip(req.headers['accept-encoding']);
  const etag = `"${asset.version}${useGzip ? '-gz' : ''}"`;
  const headers: Record<string, string | number> = {
    'content-type': asset.contentType,
    etag,
    'cache-control': requestedVersion === asset.version ? 'public, max-age=31536000, immutable' : 'public, no-cache',
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
  };
  if (etagMatches(req.headers['if-none-match'], etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = useGzip && asset.gzipped !== undefined ? asset.gzipped : asset.body;
  if (useGzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2). */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(text);
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

function renderPage(assets: Assets, options: ExplorerOptions): string {
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
  const href = (name: AssetName): string => escapeHtml(`${EXPLORER_ASSET_PREFIX}${name}?v=${assets[name].version}`);
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

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot close the <script> element or start a comment inside it. */
function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
