/**
 * The FHIR R4 REST endpoint under /fhir (docs/ARCHITECTURE.md §16): transport over the GraphQL pipeline. A request is
 * negotiated (JSON only), routed (`metadata`, `[type]/[id]`, `[type]?params`, `Patient/[id]/$everything`), admitted
 * exactly like /graphql (token, rate limit, REFUSED security events: src/http/caller.ts) and answered by running the
 * resource mapping's GraphQL operation through the same Apollo server (src/fhir/graphql.ts), so authorization,
 * purpose, consent, citizen binding, limits and audit are the GraphQL ones. Every refusal is an OperationOutcome.
 *
 * Search parameters (R4 search.html#errors): an unknown parameter (or an unsupported modifier) is ignored and
 * reported in an OperationOutcome entry of the Bundle (search mode `outcome`), left out of the `self` link; with
 * `Prefer: handling=strict` it is refused (400). What the consent rule withheld is a `suppressed` warning in the same
 * entry, and such a Bundle has no `total`. `_count` is 1-100 (default 20); `next` links carry `_cursor`, an
 * opaque position wrapping the GraphQL cursor, which is sealed for the token that received it (src/lib/cursor.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bundle, BundleEntry, BundleLink, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { isAnonymous } from '../auth/principal.ts';
import type { ErrorCode } from '../errors/catalogue.ts';
import type { AdmittedCaller, GraphQLPipeline } from '../http/graphql-request.ts';
import { capabilityStatement } from './capability.ts';
import { executePlan } from './graphql.ts';
import { negotiate } from './negotiation.ts';
import { issue, operationOutcome, refuseAsOutcome, sendOutcome, sendResource } from './outcome.ts';
import { FHIR_RESOURCES } from './resources/index.ts';
import { encounterConditionId, encounterId } from './resources/encounter.ts';
import { transaction, type WrittenIds } from './transaction.ts';
import type { FhirResourceDefinition, InvalidSearch, PagePosition, Plan, SearchPage } from './resources/types.ts';

export const FHIR_PATH = '/fhir';

/** Page size of a search without `_count`, and the largest allowed (the GraphQL lists' MAX_PAGE_SIZE). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Parameters every search understands; `_format` is negotiation (src/fhir/negotiation.ts), `_pretty` is harmless. */
const ROUTER_PARAMETERS: ReadonlySet<string> = new Set(['_count', '_cursor', '_format', '_pretty']);

/** FHIR resource ids (R4 datatypes.html#id). */
const ID_PATTERN = /^[A-Za-z0-9.-]{1,64}$/;

export interface FhirOptions {
  pipeline: GraphQLPipeline;
  /** LIMIT_REQUEST_BYTES: the largest transaction Bundle read. */
  maxRequestBytes: number;
}

/** The ids the transaction answers in `location`: the read side's, so that each can be read back. */
const WRITTEN_IDS: WrittenIds = {
  encounter: (encounterKey) => encounterId({ encounterKey }),
  condition: (encounterKey, index) => encounterConditionId({ encounterKey }, index),
};

export type FhirRequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
) => Promise<void>;

export function fhirHandler(options: FhirOptions): FhirRequestHandler {
  const { pipeline } = options;
  const definitions = new Map(FHIR_RESOURCES.map((definition) => [definition.type as string, definition]));
  const capability = capabilityStatement(FHIR_RESOURCES, new Date().toISOString());

  return async (req, res, url, requestId) => {
    const negotiated = negotiate(req, url);
    if (!negotiated.ok) return sendOutcome(res, 'NOT_ACCEPTABLE', negotiated.message);
    const segments = url.pathname
      .slice(FHIR_PATH.length)
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => safeDecode(segment));
    const method = req.method ?? 'GET';
    if (segments.length === 0) {
      // The system interactions at the base: a transaction (src/fhir/transaction.ts), the only write.
      if (method !== 'POST') return notAllowed(res, ['POST']);
      return transaction({ pipeline, req, res, requestId, maxRequestBytes: options.maxRequestBytes, ids: WRITTEN_IDS });
    }
    if (segments.length === 1 && segments[0] === 'metadata') {
      if (method !== 'GET' && method !== 'HEAD') return notAllowed(res, ['GET']);
      return sendResource(res, 200, capability);
    }
    const [type, id, operation, ...rest] = segments;
    const definition = type === undefined || type === null ? undefined : definitions.get(type);
    if (definition === undefined || rest.length > 0 || id === null || operation === null) {
      return sendOutcome(res, 'NOT_FOUND', `No FHIR endpoint for ${method} ${url.pathname.slice(0, 120)}`);
    }
    if (method !== 'GET') return notAllowed(res, ['GET']);
    const admitted = await pipeline.admit(req, res, requestId, refuseAsOutcome);
    if (admitted === 'answered') return;
    // Every FHIR interaction but metadata reads personal data: no token is 401 with a challenge (RFC 6750 §3), not
    // the anonymous caller GraphQL serves its @public fields to.
    if (isAnonymous(admitted.principal)) {
      return refuseAsOutcome(res, 'UNAUTHENTICATED', 'This FHIR interaction needs a bearer token');
    }
    const interaction: Interaction = { req, res, url, requestId, admitted, definition };
    if (id === undefined) return search(interaction);
    if (operation === undefined) return read(interaction, id);
    return instanceOperation(interaction, id, operation);
  };

  async function read(interaction: Interaction, id: string): Promise<void> {
    const { res, definition } = interaction;
    if (definition.read === undefined) return notAllowed(res, []);
    if (!ID_PATTERN.test(id)) return notFound(res, definition.type, id);
    const plan = definition.read(id);
    if (isInvalid(plan)) return notFound(res, definition.type, id);
    const executed = await executePlan(pipeline, interaction.req, interaction.requestId, interaction.admitted, plan);
    // An id the GraphQL scalar refuses (a personal ID with no valid province code...) is nobody's: not found.
    if (!executed.ok && executed.code === 'BAD_USER_INPUT') return notFound(res, definition.type, id);
    if (!executed.ok) return sendOutcome(res, executed.code, undefined, executed);
    if (executed.result === undefined) return notFound(res, definition.type, id);
    sendResource(res, 200, executed.result);
  }

  async function search(interaction: Interaction): Promise<void> {
    const { req, res, url, definition } = interaction;
    if (definition.search === undefined) return notAllowed(res, ['GET']);
    const strict = /\bhandling\s*=\s*strict\b/i.test(headerText(req, 'prefer'));
    const known = new Set((definition.searchParams ?? []).map((parameter) => parameter.name));
    const params = new Map<string, string>();
    const ignored: string[] = [];
    for (const name of new Set(url.searchParams.keys())) {
      if (ROUTER_PARAMETERS.has(name)) continue;
      if (!known.has(name)) {
        if (strict) return badParameter(res, name, `Unknown or unsupported search parameter: ${name.slice(0, 60)}`);
        ignored.push(name.slice(0, 60));
        continue;
      }
      const values = url.searchParams.getAll(name);
      if (values.length > 1 || values[0]!.includes(',')) {
        return badParameter(res, name, `${name}: one value only (no repetition, no comma-separated alternatives)`);
      }
      params.set(name, values[0]!);
    }
    for (const required of definition.requiredSearchParams ?? []) {
      if (!params.has(required)) {
        return badParameter(res, required, `${definition.type} search needs the parameter ${required}`);
      }
    }
    const count = pageSize(url);
    if (count === undefined)
      return badParameter(res, '_count', `_count must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    const position = decodePosition(url.searchParams.get('_cursor'));
    if (position === undefined) return badParameter(res, '_cursor', '_cursor is not a cursor of this server');
    const plan = definition.search({ params, count, position });
    if (isInvalid(plan)) return badParameter(res, plan.parameter, plan.invalid);
    const executed = await executePlan(pipeline, req, interaction.requestId, interaction.admitted, plan);
    if (!executed.ok) return sendOutcome(res, executed.code, undefined, executed);
    const selfParams = new URLSearchParams();
    for (const [name, value] of params) selfParams.set(name, value);
    const page = executed.result;
    const warnings = ignored.length === 0 ? [] : [`Search parameters ignored: ${ignored.join(', ')}`];
    sendResource(res, 200, searchset(interaction, `${definition.type}`, selfParams, count, position, page, warnings));
  }

  async function instanceOperation(interaction: Interaction, id: string, name: string): Promise<void> {
    const { res, definition } = interaction;
    const operation = definition.instanceOperations?.[name];
    if (operation === undefined) {
      return sendOutcome(res, 'NOT_FOUND', `No operation ${name.slice(0, 40)} on ${definition.type}`);
    }
    if (!ID_PATTERN.test(id)) return notFound(res, definition.type, id);
    const plan = operation(id);
    if (isInvalid(plan)) return notFound(res, definition.type, id);
    const executed = await executePlan(pipeline, interaction.req, interaction.requestId, interaction.admitted, plan, {
      partial: true,
    });
    if (!executed.ok) return sendOutcome(res, executed.code, undefined, executed);
    if (executed.result === undefined) return notFound(res, definition.type, id);
    const warnings = [
      ...(executed.result.warnings ?? []),
      ...(executed.denied.length === 0
        ? []
        : [`Left out, not allowed for this token: ${[...new Set(executed.denied)].join(', ')}`]),
    ];
    const bundle = searchset(
      interaction,
      `${definition.type}/${id}/${name}`,
      new URLSearchParams(),
      undefined,
      { after: null, skip: 0 },
      executed.result,
      warnings,
    );
    sendResource(res, 200, bundle);
  }
}

interface Interaction {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly requestId: string;
  readonly admitted: AdmittedCaller;
  readonly definition: FhirResourceDefinition;
}

/** The absolute base of this endpoint as the client addressed it (Bundle links and fullUrls must be absolute). */
function baseUrl(req: IncomingMessage): string {
  const forwarded = headerText(req, 'x-forwarded-proto').split(',')[0]?.trim();
  const protocol = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
  const host = headerText(req, 'host');
  return `${protocol}://${/^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : 'localhost'}${FHIR_PATH}`;
}

/** A searchset Bundle (R4 bundle.html, search.html#bundle): self and next links, matches, then warnings. */
function searchset(
  interaction: Interaction,
  path: string,
  params: URLSearchParams,
  count: number | undefined,
  position: PagePosition,
  page: SearchPage,
  warnings: readonly string[],
): Bundle {
  const base = baseUrl(interaction.req);
  const link = (at: PagePosition): string => {
    const query = new URLSearchParams(params);
    if (count !== undefined) query.set('_count', String(count));
    if (at.after !== null || at.skip > 0) query.set('_cursor', encodePosition(at));
    const text = query.toString();
    return `${base}/${path}${text === '' ? '' : `?${text}`}`;
  };
  const links: BundleLink[] = [{ relation: 'self', url: link(position) }];
  if (page.next !== undefined) links.push({ relation: 'next', url: link(page.next) });
  const entry: BundleEntry[] = page.resources.map((resource) => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`,
    resource,
    search: { mode: resource.resourceType === interaction.definition.type || path.includes('$') ? 'match' : 'include' },
  }));
  const allWarnings = [...(page.warnings ?? []), ...warnings];
  const withheld = page.withheld ?? [];
  if (allWarnings.length > 0 || withheld.length > 0) {
    entry.push({
      resource: operationOutcome([
        ...withheld.map(withheldIssue),
        ...allWarnings.map((text) =>
          issue({ code: 'BAD_REQUEST' satisfies ErrorCode, severity: 'warning', message: text }),
        ),
      ]),
      search: { mode: 'outcome' },
    });
  }
  // With rows withheld the total would count the visible ones only and read as "this is all there is" (§16).
  const total = withheld.length === 0 ? page.total : undefined;
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: new Date().toISOString(),
    ...(total === undefined ? {} : { total }),
    link: links,
    entry,
  };
}

/**
 * A warning that the consent rule withheld data (docs/ARCHITECTURE.md §5): R4 issue type `suppressed` ("information
 * has been withheld"), the text saying how many of what and how to read them in an emergency, never which.
 */
function withheldIssue(text: string): OperationOutcomeIssue {
  return {
    severity: 'warning',
    code: 'suppressed',
    details: { text: 'Withheld by the consent rule' },
    diagnostics: text,
  };
}

function pageSize(url: URL): number | undefined {
  const raw = url.searchParams.get('_count');
  if (raw === null) return DEFAULT_PAGE_SIZE;
  if (!/^\d{1,3}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 && value <= MAX_PAGE_SIZE ? value : undefined;
}

/** `_cursor`: base64url of `[after, skip]`; the GraphQL cursor inside is sealed, so only its token can use it. */
export function encodePosition(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.after, position.skip])).toString('base64url');
}

function decodePosition(raw: string | null): PagePosition | undefined {
  if (raw === null) return { after: null, skip: 0 };
  if (raw.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [after, skip] = value as unknown[];
    if (!(after === null || typeof after === 'string') || !Number.isInteger(skip)) return undefined;
    if ((skip as number) < 0 || (skip as number) > 10_000) return undefined;
    return { after, skip: skip as number };
  } catch {
    return undefined;
  }
}

function isInvalid<T>(plan: Plan<T> | InvalidSearch): plan is InvalidSearch {
  return 'invalid' in plan;
}

function headerText(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value.join(',') : value) ?? '';
}

/** A path segment, percent-decoded; null when it is not valid percent-encoding. */
function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function notAllowed(res: ServerResponse, allow: readonly string[]): void {
  res.setHeader('allow', allow.join(', '));
  sendOutcome(res, 'METHOD_NOT_ALLOWED', `Allowed here: ${allow.length === 0 ? 'nothing' : allow.join(', ')}`);
}

function notFound(res: ServerResponse, type: string, id: string): void {
  sendOutcome(res, 'NOT_FOUND', `${type}/${id.slice(0, 64)} is not known`);
}

function badParameter(res: ServerResponse, parameter: string, message: string): void {
  sendOutcome(res, 'BAD_REQUEST', message, {
    issues: [issue({ code: 'BAD_REQUEST' satisfies ErrorCode, message, expression: [parameter.slice(0, 60)] })],
  });
}
