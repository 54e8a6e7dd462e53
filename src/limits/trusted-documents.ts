/**
 * Trusted documents (optional; TRUSTED_DOCUMENTS_FILE): the gateway executes only the documents of a manifest built
 * ahead of time (`npm run trusted-documents -- <dir> <out.json>`), so a client cannot send an operation nobody
 * reviewed. Applied by the HTTP layer, before Apollo.
 *
 * Manifest: a JSON object mapping the SHA-256 (lower-case hex, of the document's UTF-8 text, as Apollo's persisted
 * queries compute it) to the document; Apollo's persisted-query manifest (`{ "format":
 * "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "body", ... }] }`) is read too.
 *
 * Requests (POST JSON or GET parameters), in the shape of Apollo's persisted queries:
 *  - `extensions.persistedQuery: { version: 1, sha256Hash }` without `query`: the manifest's document runs;
 *  - the same with `query`: the text must hash to `sha256Hash` (else 400 PERSISTED_QUERY_HASH_MISMATCH) and be in
 *    the manifest;
 *  - a plain `query`: allowed when its exact text is in the manifest.
 * Anything else is HTTP 400 PERSISTED_QUERY_NOT_ALLOWED. Apollo's automatic persisted queries are turned off in
 * this mode (`persistedQueries: false`): the request reaching Apollo always carries the document and no
 * persistedQuery extension, so no request can register a document. Introspection documents are documents like any
 * other: the explorer works in this mode only for the documents of the manifest.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Kind, parse, validate, type GraphQLSchema } from 'graphql';
import type { ErrorCode } from '../errors/catalogue.ts';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class TrustedDocumentsError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid trusted documents manifest ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TrustedDocumentsError';
  }
}

export interface RefusedRequest {
  ok: false;
  code: ErrorCode;
  message: string;
}

export interface ResolvedRequest {
  ok: true;
  body: unknown;
  search: string;
}

const HASH = /^[0-9a-f]{64}$/;

/** Problems of one manifest entry; with a schema, the document must also validate against it. */
export function documentProblems(label: string, document: string, schema: GraphQLSchema | undefined): string[] {
  let parsed;
  try {
    parsed = parse(document);
  } catch (error) {
    return [`${label}: ${(error as Error).message}`];
  }
  if (!parsed.definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION)) {
    return [`${label}: the document has no operation`];
  }
  if (schema === undefined) return [];
  return validate(schema, parsed).map((error) => `${label}: ${error.message}`);
}

export class TrustedDocuments {
  private constructor(private readonly documents: ReadonlyMap<string, string>) {}

  /** Reads and checks a manifest; throws TrustedDocumentsError listing every problem. */
  static load(file: string, schema?: GraphQLSchema): TrustedDocuments {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new TrustedDocumentsError(file, [(error as Error).message]);
    }
    return TrustedDocuments.fromManifest(raw, file, schema);
  }

  static fromManifest(raw: unknown, file: string, schema?: GraphQLSchema): TrustedDocuments {
    const problems: string[] = [];
    const entries: [string, unknown][] = [];
    if (isRecord(raw) && raw.format === 'apollo-persisted-query-manifest') {
      if (raw.version !== 1) problems.push('only version 1 of the Apollo persisted-query manifest is supported');
      const operations = Array.isArray(raw.operations) ? (raw.operations as unknown[]) : [];
      if (!Array.isArray(raw.operations)) problems.push('"operations" must be an array');
      operations.forEach((operation, index) => {
        if (isRecord(operation)) entries.push([String(operation.id), operation.body]);
        else problems.push(`operations[${index}] is not an object`);
      });
    } else if (isRecord(raw)) {
      entries.push(...Object.entries(raw));
    } else {
      problems.push('the manifest must be a JSON object mapping SHA-256 hex digests to documents');
    }
    const documents = new Map<string, string>();
    for (const [hash, document] of entries) {
      const label = hash.length > 70 ? `${hash.slice(0, 67)}...` : hash;
      if (!HASH.test(hash)) {
        problems.push(`"${label}" is not a lower-case SHA-256 hex digest`);
      } else if (typeof document !== 'string') {
        problems.push(`${label}: the document must be a string`);
      } else if (sha256Hex(document) !== hash) {
        problems.push(`${label}: is not the SHA-256 of its document (${sha256Hex(document)})`);
      } else {
        problems.push(...documentProblems(label, document, schema));
        documents.set(hash, document);
      }
    }
    if (problems.length === 0 && documents.size === 0) problems.push('the manifest holds no document');
    if (problems.length > 0) throw new TrustedDocumentsError(file, problems);
    return new TrustedDocuments(documents);
  }

  get size(): number {
    return this.documents.size;
  }

  has(document: string): boolean {
    return this.documents.has(sha256Hex(document));
  }

  /**
   * The request as Apollo must see it (document filled in, persistedQuery extension removed), or why it is refused.
   * Bodies that are not a single JSON object (a batch array, a non-JSON body) pass through: Apollo refuses them.
   */
  resolve(method: string, body: unknown, search: string): ResolvedRequest | RefusedRequest {
    if (method === 'GET') {
      const params = new URLSearchParams(search);
      let extensions: unknown;
      const rawExtensions = params.get('extensions');
      if (rawExtensions !== null) {
        try {
          extensions = JSON.parse(rawExtensions);
        } catch {
          return refused('BAD_REQUEST', 'The "extensions" parameter is not valid JSON');
        }
      }
      const resolved = this.resolveFields(params.get('query') ?? undefined, extensions);
      if (!resolved.ok) return resolved;
      params.set('query', resolved.query);
      if (resolved.extensions === undefined) params.delete('extensions');
      else params.set('extensions', JSON.stringify(resolved.extensions));
      return { ok: true, body, search: `?${params.toString()}` };
    }
    if (!isRecord(body)) return { ok: true, body, search };
    const resolved = this.resolveFields(body.query, body.extensions);
    if (!resolved.ok) return resolved;
    const { extensions: _replaced, ...rest } = body;
    return {
      ok: true,
      body: {
        ...rest,
        query: resolved.query,
        ...(resolved.extensions === undefined ? {} : { extensions: resolved.extensions }),
      },
      search,
    };
  }

  private resolveFields(
    query: unknown,
    extensions: unknown,
  ): { ok: true; query: string; extensions: Record<string, unknown> | undefined } | RefusedRequest {
    const { persistedQuery, ...otherExtensions } = isRecord(extensions) ? extensions : {};
    const remaining = Object.keys(otherExtensions).length > 0 ? otherExtensions : undefined;
    if (query !== undefined && typeof query !== 'string') return refused('BAD_REQUEST', '"query" must be a string');
    if (persistedQuery === undefined) {
      if (query === undefined) {
        return refused('PERSISTED_QUERY_NOT_ALLOWED', 'Send a trusted document: "query" or a persistedQuery extension');
      }
      if (!this.has(query)) return notAllowed(sha256Hex(query));
      return { ok: true, query, extensions: remaining };
    }
    if (!isRecord(persistedQuery) || persistedQuery.version !== 1 || typeof persistedQuery.sha256Hash !== 'string') {
      return refused('BAD_REQUEST', 'extensions.persistedQuery must be { "version": 1, "sha256Hash": "<hex>" }');
    }
    const hash = persistedQuery.sha256Hash.toLowerCase();
    if (query !== undefined && sha256Hex(query) !== hash) {
      return refused('PERSISTED_QUERY_HASH_MISMATCH', 'The persistedQuery sha256Hash is not the SHA-256 of "query"');
    }
    const document = this.documents.get(hash);
    if (document === undefined) return notAllowed(hash);
    return { ok: true, query: document, extensions: remaining };
  }
}

function notAllowed(hash: string): RefusedRequest {
  return refused(
    'PERSISTED_QUERY_NOT_ALLOWED',
    `Only trusted documents run on this gateway; the document ${hash.slice(0, 64)} is not one of them`,
  );
}

function refused(code: ErrorCode, message: string): RefusedRequest {
  return { ok: false, code, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
