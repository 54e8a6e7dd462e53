/**
 * The browser pages the gateway serves itself (the GraphQL explorer, src/http/explorer.ts; the operations dashboard,
 * src/http/ioc-dashboard.ts) load nothing from another host (docs/ARCHITECTURE.md §1: provincial data centres are
 * often cut off from public CDNs). Their scripts and stylesheets come from a fixed allow-list of files, read from
 * node_modules or from the page's own directory of src/http/, hashed and compressed once.
 *
 * Caching: a page links every asset with `?v=<content hash>`; a request carrying the current hash is answered
 * `immutable` for a year, any other request for the same asset with `no-cache` (revalidated through its ETag), so an
 * upgrade of a package can never leave a browser on a stale bundle.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

export const JS_CONTENT_TYPE = 'text/javascript; charset=utf-8';
export const CSS_CONTENT_TYPE = 'text/css; charset=utf-8';
export const SVG_CONTENT_TYPE = 'image/svg+xml';

export interface AssetSource {
  /** A package in node_modules, or undefined for a file of the page's own directory. */
  packageName?: string;
  file: string;
  contentType: string;
  /** The file ends with a comment naming a source map that is not served: drop it (no 404s in the console). */
  stripSourceMap?: boolean;
}

export interface Asset {
  body: Buffer;
  /** Present when gzip makes the body smaller. */
  gzipped: Buffer | undefined;
  contentType: string;
  /** First 16 hex digits of the SHA-256 of the body: the `?v=` of the links and the ETag. */
  version: string;
}

/**
 * A loader of the fixed set `sources`: reads, hashes and compresses every asset once, on first use; a failed load is
 * retried on the next request.
 */
export function assetLoader<Name extends string>(
  sources: Readonly<Record<Name, AssetSource>>,
  ownDirectory: string,
): () => Promise<Readonly<Record<Name, Asset>>> {
  let loading: Promise<Readonly<Record<Name, Asset>>> | undefined;
  return () => {
    loading ??= readAllAssets(sources, ownDirectory).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

async function readAllAssets<Name extends string>(
  sources: Readonly<Record<Name, AssetSource>>,
  ownDirectory: string,
): Promise<Record<Name, Asset>> {
  const require = createRequire(import.meta.url);
  const entries = await Promise.all(
    (Object.entries(sources) as [Name, AssetSource][]).map(async ([name, source]) => {
      const directory =
        source.packageName === undefined
          ? ownDirectory
          : path.dirname(require.resolve(`${source.packageName}/package.json`));
      let body: Buffer = await readFile(path.join(directory, source.file));
      if (source.stripSourceMap === true) body = stripSourceMapComment(body);
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
  return Object.fromEntries(entries) as Record<Name, Asset>;
}

function stripSourceMapComment(body: Buffer): Buffer {
  const text = body.toString('utf8');
  const stripped = text.replace(/\n?(?:\/\/# sourceMappingURL=\S+|\/\*# sourceMappingURL=\S+ \*\/)\s*$/, '\n');
  return stripped === text ? body : Buffer.from(stripped, 'utf8');
}

/** The asset files of one page: its fixed allow-list, served under `prefix`, and its HTML built from them. */
export interface PageAssets<Name extends string> {
  /** Answers a request under the prefix: the asset (GET/HEAD), 405 for another method, 404 for a name not listed. */
  serveAsset(req: IncomingMessage, res: ServerResponse, url: URL): void;
  /**
   * Answers the page: `render` gets the loaded assets (for their `?v=` versions) and returns the HTML, sent
   * `no-cache` with the page's security headers (`headers`: its Content-Security-Policy and anything else).
   */
  sendPage(
    req: IncomingMessage,
    res: ServerResponse,
    render: (assets: Readonly<Record<Name, Asset>>) => string,
    headers: Readonly<Record<string, string>>,
  ): void;
  /** The link of an asset: prefix, name and `?v=<content hash>`, HTML-escaped. */
  href(assets: Readonly<Record<Name, Asset>>, name: Name): string;
}

/**
 * The assets of a page (`label` names it in the operator's warning and the 500 answer when a file is missing).
 * Nothing outside `sources` is ever read: a request names an entry of the list, never a path.
 */
export function pageAssets<Name extends string>(options: {
  label: string;
  sources: Readonly<Record<Name, AssetSource>>;
  ownDirectory: string;
  prefix: string;
}): PageAssets<Name> {
  const { label, sources, prefix } = options;
  const loadAssets = assetLoader(sources, options.ownDirectory);
  const isAssetName = (name: string): name is Name => Object.hasOwn(sources, name);
  const respondWhenLoaded = (res: ServerResponse, respond: (assets: Readonly<Record<Name, Asset>>) => void): void => {
    loadAssets().then(respond, (error: unknown) => {
      // Not the caller's fault and nothing they can act on; the message names the missing file for the operator.
      process.emitWarning(`${label} assets could not be loaded: ${String(error)}`);
      if (!res.headersSent) sendText(res, 500, `The ${label} is not available on this server.`);
      else res.destroy();
    });
  };
  return {
    serveAsset(req, res, url) {
      const method = req.method ?? 'GET';
      if (method !== 'GET' && method !== 'HEAD') {
        sendText(res, 405, 'Method Not Allowed', { allow: 'GET, HEAD' });
        return;
      }
      const name = url.pathname.slice(prefix.length);
      if (!isAssetName(name)) {
        sendText(res, 404, 'Not Found');
        return;
      }
      respondWhenLoaded(res, (assets) => sendAsset(req, res, assets[name], url.searchParams.get('v')));
    },
    sendPage(req, res, render, headers) {
      respondWhenLoaded(res, (assets) => {
        const html = render(assets);
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-length': Buffer.byteLength(html),
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
          ...headers,
        });
        res.end(req.method === 'HEAD' ? undefined : html);
      });
    },
    href: (assets, name) => escapeHtml(`${prefix}${name}?v=${assets[name].version}`),
  };
}

/**
 * The GraphQL endpoint a page talks to, checked once: an absolute path on this origin (the pages' CSP,
 * `connect-src 'self'`, would block anything else anyway). A wrong value is a programming error of the caller.
 */
export function sameOriginPath(optionName: string, value: string): string {
  if (!value.startsWith('/') || value.startsWith('//')) {
    throw new Error(`${optionName} must be an absolute path on this origin, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The request's URL, or undefined when it cannot be parsed (the caller leaves the request to the other routes). */
export function parseRequestUrl(raw: string | undefined): URL | undefined {
  try {
    return new URL(raw ?? '/', 'http://page.invalid');
  } catch {
    return undefined;
  }
}

/** Answers GET/HEAD of one asset: gzip when accepted, 304 on a matching ETag, immutable only for the current `?v=`. */
export function sendAsset(
  req: IncomingMessage,
  res: ServerResponse,
  asset: Asset,
  requestedVersion: string | null,
): void {
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

export function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(text);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot close the <script> element or start a comment inside it. */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
