/**
 * Trusted documents (optional; TRUSTED_DOCUMENTS_FILE): the gateway executes only the documents of a manifest built
 * ahead of time, so a client cannot send an operation nobody reviewed. Applied by the HTTP layer, before Apollo.
 *
 * Manifests (MANIFEST_FORMATS), whatever tool the client team uses:
 *  - Apollo's persisted query manifest (`@apollo/generate-persisted-query-manifest`, Apollo Kotlin/iOS):
 *    `{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "name", "type", "body" }] }`;
 *  - a JSON object document id → document: GraphQL Code Generator's client preset (`persisted-documents.json`,
 *    SHA-1 hex ids by default, SHA-256 hex with `hashAlgorithm: 'sha256'`), the GraphQL-over-HTTP
 *    `sha256:<hex>` ids, and `npm run trusted-documents`.
 * Every id is checked against its document at start-up (SHA-256 or SHA-1 of the UTF-8 text): a manifest whose id
 * is not its document's hash, or whose id cannot be checked (a custom id), stops the gateway with every bad entry
 * listed. The documents are then indexed once by every id a client may send for them: the manifest's own id, the
 * SHA-256 hex (Apollo's `persistedQuery.sha256Hash`) and `sha256:<hex>` (GraphQL-over-HTTP, Appendix A).
 *
 * Requests (POST JSON or GET parameters):
 *  - `documentId` (GraphQL-over-HTTP persisted documents) or `extensions.persistedQuery: { version: 1, sha256Hash }`
 *    (Apollo) without `query`: the manifest's document runs; both together must name the same document;
 *  - the same with `query`: the text must be the identified document (else 400 PERSISTED_QUERY_HASH_MISMATCH, as
 *    Apollo does);
 *  - a plain `query`: allowed when its exact text is in the manifest.
 * Anything else is HTTP 400 PERSISTED_QUERY_NOT_ALLOWED. The request reaching Apollo always carries the document
 * (and neither documentId nor persistedQuery), so Apollo's own HTTP rules apply to it: a mutation sent with GET is
 * 405 (GraphQL-over-HTTP). Apollo's automatic persisted queries are turned off in this mode
 * (`persistedQueries: false`), so no request can register a document. Introspection documents are documents like
 * any other: the explorer works in this mode only for the documents of the manifest.
 *
 * Without a manifest, `resolveDocumentId` gives `documentId` its meaning over automatic persisted queries: a
 * `sha256:<hex>` id is looked up like Apollo's sha256Hash (unknown: PERSISTED_QUERY_NOT_FOUND), any other id is
 * unknown.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Kind, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { ErrorCode } from '../errors/catalogue.ts';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** What a start-up error says the gateway reads. */
export const MANIFEST_FORMATS = [
  'Apollo persisted query manifest: {"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id", "name", "type", "body"}]}',
  'a JSON object of document id → document (GraphQL Code Generator client preset persisted-documents.json, npm run trusted-documents); ids: SHA-256 hex, "sha256:<hex>" or SHA-1 hex of the document',
] as const;

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

const SHA256_HEX = /^[0-9a-f]{64}$/;
const SHA256_ID = /^sha256:([0-9a-f]{64})$/;
const SHA1_HEX = /^[0-9a-f]{40}$/;

/** Problems of one manifest entry; with a schema, the document must also validate against it. */
export function documentProblems(label: string, document: string, schema: GraphQLSchema | undefined): string[] {
  return checkDocument(label, document, schema).problems;
}

function checkDocument(
  label: string,
  document: string,
  schema: GraphQLSchema | undefined,
): { problems: string[]; parsed: DocumentNode | undefined } {
  let parsed;
  try {
    parsed = parse(document);
  } catch (error) {
    return { problems: [`${label}: ${(error as Error).message}`], parsed: undefined };
  }
  if (!parsed.definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION)) {
    return { problems: [`${label}: the document has no operation`], parsed };
  }
  if (schema === undefined) return { problems: [], parsed };
  return { problems: validate(schema, parsed).map((error) => `${label}: ${error.message}`), parsed };
}

/**
 * Why `id` is not a verifiable id of `document`, or undefined when it is: SHA-256 hex (Apollo, the client preset
 * with hashAlgorithm sha256), `sha256:<hex>` (GraphQL-over-HTTP) or SHA-1 hex (the client preset's default).
 */
function idProblem(id: string, document: string): string | undefined {
  const sha256 = SHA256_ID.exec(id)?.[1] ?? (SHA256_HEX.test(id) ? id : undefined);
  if (sha256 !== undefined) {
    const actual = sha256Hex(document);
    return actual === sha256 ? undefined : `is not the SHA-256 of its document (${actual})`;
  }
  if (SHA1_HEX.test(id)) {
    const actual = sha1Hex(document);
    return actual === id ? undefined : `is not the SHA-1 of its document (${actual})`;
  }
  return 'is not an id this gateway can check against its document (lower-case SHA-256 hex, "sha256:<hex>" or SHA-1 hex)';
}

type ManifestEntry = { id: string; label: string; document: unknown; name?: unknown; type?: unknown };

/** The entries of a manifest in one of MANIFEST_FORMATS, or why the file is not one. */
function manifestEntries(raw: unknown, problems: string[]): ManifestEntry[] {
  const unknownFormat = (what: string) =>
    problems.push(`${what}; the formats accepted are:\n${MANIFEST_FORMATS.map((f) => `      · ${f}`).join('\n')}`);
  if (!isRecord(raw)) {
    unknownFormat('not a manifest this gateway reads (the file is not a JSON object)');
    return [];
  }
  if ('format' in raw) {
    if (raw.format !== 'apollo-persisted-query-manifest') {
      unknownFormat(`unknown manifest format ${JSON.stringify(raw.format)}`);
      return [];
    }
    if (raw.version !== 1) problems.push('only version 1 of the Apollo persisted query manifest is supported');
    if (!Array.isArray(raw.operations)) {
      problems.push('"operations" must be an array');
      return [];
    }
    const entries: ManifestEntry[] = [];
    (raw.operations as unknown[]).forEach((operation, index) => {
      if (!isRecord(operation)) problems.push(`operations[${index}] is not an object`);
      else if (typeof operation.id !== 'string') problems.push(`operations[${index}]: "id" must be a string`);
      else {
        entries.push({
          id: operation.id,
          label: `operations[${index}] (${shorten(operation.id)})`,
          document: operation.body,
          name: operation.name,
          type: operation.type,
        });
      }
    });
    return entries;
  }
  const entries = Object.entries(raw);
  if (entries.length > 0 && !entries.some(([, value]) => typeof value === 'string')) {
    unknownFormat('not a manifest this gateway reads (no entry maps an id to a document)');
    return [];
  }
  return entries.map(([id, document]) => ({ id, label: shorten(id), document }));
}

export class TrustedDocuments {
  /** @param byId every id a client may send (see the module comment) → the document */
  private constructor(
    private readonly byId: ReadonlyMap<string, string>,
    readonly size: number,
  ) {}

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
    const byId = new Map<string, string>();
    const documents = new Set<string>();
    for (const { id, label, document, name, type } of manifestEntries(raw, problems)) {
      if (typeof document !== 'string') {
        problems.push(`${label}: the document must be a string`);
        continue;
      }
      const wrongId = idProblem(id, document);
      if (wrongId !== undefined) {
        problems.push(`${label}: ${wrongId}`);
        continue;
      }
      const checked = checkDocument(label, document, schema);
      problems.push(...checked.problems);
      if (checked.parsed !== undefined && typeof name === 'string') {
        const operation = checked.parsed.definitions.find(
          (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name,
        );
        if (operation?.kind !== Kind.OPERATION_DEFINITION) {
          problems.push(`${label}: the document has no operation named ${name}`);
        } else if (type !== undefined && operation.operation !== type) {
          problems.push(`${label}: ${name} is a ${operation.operation}, the manifest says ${JSON.stringify(type)}`);
        }
      }
      const sha256 = sha256Hex(document);
      byId.set(id, document);
      byId.set(sha256, document);
      byId.set(`sha256:${sha256}`, document);
      documents.add(sha256);
    }
    if (problems.length === 0 && documents.size === 0) problems.push('the manifest holds no document');
    if (problems.length > 0) throw new TrustedDocumentsError(file, problems);
    return new TrustedDocuments(byId, documents.size);
  }

  has(document: string): boolean {
    return this.byId.has(sha256Hex(document));
  }

  /**
   * The request as Apollo must see it (document filled in, documentId and persistedQuery removed), or why it is
   * refused. Bodies that are not a single JSON object (a batch array, a non-JSON body) pass through: Apollo refuses
   * them.
   */
  resolve(method: string, body: unknown, search: string): ResolvedRequest | RefusedRequest {
    return rewriteRequest(method, body, search, (fields) => this.resolveFields(fields));
  }

  private resolveFields(fields: RequestFields): Decision {
    const { query, documentId, persistedQuery } = fields;
    if (documentId === undefined && persistedQuery === undefined) {
      if (query === undefined) {
        return refused(
          'PERSISTED_QUERY_NOT_ALLOWED',
          'Send a trusted document: "documentId", "query" or a persistedQuery extension',
        );
      }
      if (!this.has(query)) return notAllowed(sha256Hex(query));
      return { ok: true, query, persistedQuery: 'remove' };
    }
    // Apollo's order: a hash that is not the hash of the text sent is a mismatch, known or not.
    if (query !== undefined && persistedQuery !== undefined && sha256Hex(query) !== persistedQuery) {
      return refused('PERSISTED_QUERY_HASH_MISMATCH', 'The persistedQuery sha256Hash is not the SHA-256 of "query"');
    }
    const documentHash = documentId === undefined ? undefined : (SHA256_ID.exec(documentId)?.[1] ?? documentId);
    if (query !== undefined && documentHash !== undefined && SHA256_HEX.test(documentHash)) {
      if (sha256Hex(query) !== documentHash) {
        return refused('PERSISTED_QUERY_HASH_MISMATCH', 'The "query" sent is not the document its "documentId" names');
      }
    }
    const byDocumentId = documentId === undefined ? undefined : this.byId.get(documentId);
    const byHash = persistedQuery === undefined ? undefined : this.byId.get(persistedQuery);
    if (documentId !== undefined && byDocumentId === undefined) return notAllowed(documentId);
    if (persistedQuery !== undefined && byHash === undefined) return notAllowed(persistedQuery);
    const document = (byDocumentId ?? byHash) as string;
    if (byDocumentId !== undefined && byHash !== undefined && byDocumentId !== byHash) {
      return refused(
        'PERSISTED_QUERY_HASH_MISMATCH',
        '"documentId" and extensions.persistedQuery name different documents',
      );
    }
    if (query !== undefined && query !== document) {
      return refused('PERSISTED_QUERY_HASH_MISMATCH', 'The "query" sent is not the document its "documentId" names');
    }
    return { ok: true, query: document, persistedQuery: 'remove' };
  }
}

/**
 * Without a manifest: `documentId` over Apollo's automatic persisted queries. A `sha256:<hex>` id becomes the
 * persistedQuery extension Apollo looks up (unknown: PERSISTED_QUERY_NOT_FOUND, the client may send the document);
 * with `query` the text must hash to it. Any other id names nothing this gateway can know.
 */
export function resolveDocumentId(method: string, body: unknown, search: string): ResolvedRequest | RefusedRequest {
  const present =
    method === 'GET'
      ? new URLSearchParams(search).has('documentId')
      : isRecord(body) && body.documentId !== undefined && body.documentId !== null;
  if (!present) return { ok: true, body, search };
  return rewriteRequest(method, body, search, ({ query, documentId, persistedQuery }) => {
    if (documentId === undefined) return { ok: true, query, persistedQuery: 'keep' };
    const hash = SHA256_ID.exec(documentId)?.[1];
    if (hash === undefined) {
      return refused(
        'PERSISTED_QUERY_NOT_FOUND',
        `No document has the id ${shorten(documentId)}: without TRUSTED_DOCUMENTS_FILE this gateway knows only documents registered as automatic persisted queries, by "sha256:<hex>" id`,
      );
    }
    if (persistedQuery !== undefined && persistedQuery !== hash) {
      return refused(
        'PERSISTED_QUERY_HASH_MISMATCH',
        '"documentId" and extensions.persistedQuery name different documents',
      );
    }
    if (query !== undefined && sha256Hex(query) !== hash) {
      return refused('PERSISTED_QUERY_HASH_MISMATCH', 'The "query" sent is not the document its "documentId" names');
    }
    return { ok: true, query, persistedQuery: hash };
  });
}

interface RequestFields {
  query: string | undefined;
  /** The `documentId` parameter (GraphQL-over-HTTP, Appendix A). */
  documentId: string | undefined;
  /** extensions.persistedQuery.sha256Hash, lower-cased (Apollo). */
  persistedQuery: string | undefined;
}

type Decision = { ok: true; query: string | undefined; persistedQuery: 'keep' | 'remove' | string } | RefusedRequest;

/** Reads query, documentId and persistedQuery from a POST body or GET parameters and rewrites them as decided. */
function rewriteRequest(
  method: string,
  body: unknown,
  search: string,
  decide: (fields: RequestFields) => Decision,
): ResolvedRequest | RefusedRequest {
  let source: { query: unknown; documentId: unknown; extensions: unknown };
  const params = new URLSearchParams(search);
  if (method === 'GET') {
    let extensions: unknown;
    const rawExtensions = params.get('extensions');
    if (rawExtensions !== null) {
      try {
        extensions = JSON.parse(rawExtensions);
      } catch {
        return refused('BAD_REQUEST', 'The "extensions" parameter is not valid JSON');
      }
    }
    source = { query: params.get('query') ?? undefined, documentId: params.get('documentId') ?? undefined, extensions };
  } else {
    if (!isRecord(body)) return { ok: true, body, search };
    source = { query: body.query, documentId: body.documentId ?? undefined, extensions: body.extensions };
  }
  const { query, documentId } = source;
  if (query !== undefined && typeof query !== 'string') return refused('BAD_REQUEST', '"query" must be a string');
  if (documentId !== undefined && (typeof documentId !== 'string' || documentId === '')) {
    return refused('BAD_REQUEST', '"documentId" must be a non-empty string');
  }
  const { persistedQuery, ...otherExtensions } = isRecord(source.extensions) ? source.extensions : {};
  let hash: string | undefined;
  if (persistedQuery !== undefined) {
    if (!isRecord(persistedQuery) || persistedQuery.version !== 1 || typeof persistedQuery.sha256Hash !== 'string') {
      return refused('BAD_REQUEST', 'extensions.persistedQuery must be { "version": 1, "sha256Hash": "<hex>" }');
    }
    hash = persistedQuery.sha256Hash.toLowerCase();
  }
  const decision = decide({ query, documentId, persistedQuery: hash });
  if (!decision.ok) return decision;
  let extensions: Record<string, unknown> | undefined;
  if (decision.persistedQuery === 'keep') {
    extensions = isRecord(source.extensions) ? source.extensions : undefined;
  } else if (decision.persistedQuery === 'remove') {
    extensions = Object.keys(otherExtensions).length > 0 ? otherExtensions : undefined;
  } else {
    extensions = { ...otherExtensions, persistedQuery: { version: 1, sha256Hash: decision.persistedQuery } };
  }
  if (method === 'GET') {
    params.delete('documentId');
    if (decision.query === undefined) params.delete('query');
    else params.set('query', decision.query);
    if (extensions === undefined) params.delete('extensions');
    else params.set('extensions', JSON.stringify(extensions));
    return { ok: true, body, search: `?${params.toString()}` };
  }
  const { extensions: _replaced, documentId: _resolved, query: _query, ...rest } = body as Record<string, unknown>;
  return {
    ok: true,
    body: {
      ...rest,
      ...(decision.query === undefined ? {} : { query: decision.query }),
      ...(extensions === undefined ? {} : { extensions }),
    },
    search,
  };
}

function shorten(id: string): string {
  return id.length > 80 ? `${id.slice(0, 77)}...` : id;
}

function notAllowed(id: string): RefusedRequest {
  return refused(
    'PERSISTED_QUERY_NOT_ALLOWED',
    `Only trusted documents run on this gateway; the document ${shorten(id)} is not one of them`,
  );
}

function refused(code: ErrorCode, message: string): RefusedRequest {
  return { ok: false, code, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
