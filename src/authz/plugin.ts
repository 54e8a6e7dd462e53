/**
 * The Apollo plugin of the authorization layer. In `didResolveOperation` (after parse and validation, before
 * anything executes) it decides, for the caller's token:
 *   1. introspection: allowed when enabled (development) or the token has `schema:introspect`, else HTTP 400
 *      INTROSPECTION_DISABLED;
 *   2. the denied FieldNodes (analyze.ts); in AUTHZ_MODE=reject any denied field that would execute rejects the
 *      whole operation: HTTP 403 FORBIDDEN listing the coordinates;
 *   3. purpose of use: an operation that reads personal data (after authorization filtering) needs X-Purpose from
 *      PURPOSES_OF_USE (400 PURPOSE_REQUIRED / PURPOSE_INVALID), within the token's `purposes` (403
 *      PURPOSE_NOT_ALLOWED);
 *   4. a mutation sent with X-Break-Glass (admitted by src/http/break-glass.ts) is refused: 400 BREAK_GLASS_READ_ONLY;
 *      a break-glass query reads one patient: its root is one `citizen` field, else 400 BREAK_GLASS_ONE_PATIENT.
 * A GraphQLError thrown here becomes Apollo's error response with the status of `extensions.http` (Apollo Server 5
 * requestPipeline: didResolveOperation errors go to sendErrorResponse; nothing executes).
 * With tracing on, the decision is the request's `authorization` span (src/observability/tracing.ts).
 * Then `responseForOperation` executes introspection operations against the schema filtered to the token's scopes.
 */
import {
  HeaderMap,
  type ApolloServerPlugin,
  type GraphQLRequestContextDidResolveOperation,
  type GraphQLResponse,
} from '@apollo/server';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import {
  execute,
  Kind,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Principal } from '../auth/principal.ts';
import { isPurposeOfUse, PURPOSES_OF_USE } from '../auth/purposes.ts';
import { SCHEMA_INTROSPECT } from '../auth/scopes.ts';
import type { Config } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { gatewayError, type ErrorCode } from '../errors/catalogue.ts';
import { maskError } from '../errors/mask.ts';
import { operationFacts } from '../lib/operation.ts';
import { parseGlobalId } from '../lib/global-id.ts';
import { decisiveScopes } from './access.ts';
import { analyzeOperation, conditionVariables, type OperationAnalysis } from './analyze.ts';
import { FilteredSchemaCache } from './introspection.ts';
import type { AuthzPolicy } from './policy.ts';
import { requestAuthorization, setRequestAuthorization } from './state.ts';

export interface AuthorizationPluginOptions {
  policy: AuthzPolicy;
  /** The executable (transformed) schema, for filtered introspection. */
  schema: GraphQLSchema;
  config: Pick<Config, 'authzMode' | 'introspectionEnabled'>;
  /** The filtered schemas introspection runs on (shared with GET /schema.graphql, src/authz/index.ts). */
  filteredSchemas?: FilteredSchemaCache;
}

/**
 * Whether the token may see the schema: introspection enabled (development by default), or the `schema:introspect`
 * scope. The one rule for introspection operations and GET /schema.graphql.
 */
export function introspectionAllowed(
  config: Pick<Config, 'introspectionEnabled'>,
  principal: Pick<Principal, 'scopes'>,
): boolean {
  return config.introspectionEnabled || principal.scopes.has(SCHEMA_INTROSPECT);
}

interface DocumentInfo {
  readonly conditionVariables: readonly string[];
  /** Analyses by (operation, scopes, citizen token, @skip/@include variable values). */
  readonly analyses: Map<string, OperationAnalysis>;
}

/** Analyses kept per document (documents themselves are cached by Apollo's document store). */
const MAX_ANALYSES_PER_DOCUMENT = 32;

export function authorizationPlugin(options: AuthorizationPluginOptions): ApolloServerPlugin<GatewayContext> {
  const { policy, config } = options;
  const documents = new WeakMap<DocumentNode, DocumentInfo>();
  const filteredSchemas = options.filteredSchemas ?? new FilteredSchemaCache(options.schema, policy, 100);

  function documentInfo(document: DocumentNode): DocumentInfo {
    let info = documents.get(document);
    if (info === undefined) {
      info = { conditionVariables: conditionVariables(document), analyses: new Map() };
      documents.set(document, info);
    }
    return info;
  }

  /** The analysis before execution; `span` (tracing on) gets the counts of what it denied. */
  function authorize(requestContext: GraphQLRequestContextDidResolveOperation<GatewayContext>, span?: Span): void {
    const { contextValue } = requestContext;
    // Computed by the limits plugin when it ran first (src/lib/operation.ts).
    const facts = operationFacts(requestContext);
    // No operation: graphql-js reports it and nothing executes. No state is recorded, so guarded resolvers deny.
    if (facts === undefined) return;
    const { operation, variables } = facts;
    // Break-glass reads as if consent existed; it never writes (docs/ARCHITECTURE.md §5): a mutation is refused whole.
    if (contextValue.breakGlass !== undefined && operation.operation !== 'query') {
      throw gatewayError(
        'BREAK_GLASS_READ_ONLY',
        'Break-glass is for reading: send the mutation without X-Break-Glass',
      );
    }
    // One patient per break-glass request: the emergency is one patient's, and an exemption from consent over a list
    // of patients (or aliases) would let a hospital read the province through its break-glass allowance.
    if (contextValue.breakGlass !== undefined && !singleCitizenRoot(operation.selectionSet, facts.fragments)) {
      throw gatewayError(
        'BREAK_GLASS_ONE_PATIENT',
        'A break-glass request reads one patient: exactly one root field, citizen(personalId:)',
      );
    }
    // Bad variables: execution rejects them before any resolver runs; no state = every guarded field denied.
    if (variables.errors !== undefined) return;
    const principal = contextValue.principal;
    const citizenToken = principal.pid !== undefined;
    const info = documentInfo(facts.document);
    const key = JSON.stringify([
      operation.name?.value ?? '',
      operation.loc?.start ?? 0,
      decisiveScopes(policy, principal.scopes).join(' '),
      citizenToken,
      // A global ID counts by the type it names (the only thing the analysis reads of it): one entry per type.
      info.conditionVariables.map((name) => {
        const value = variables.coerced[name] ?? null;
        return typeof value === 'string' ? (parseGlobalId(value)?.type ?? '') : value;
      }),
    ]);
    let analysis = info.analyses.get(key);
    const cached = analysis !== undefined;
    if (analysis === undefined) {
      analysis = analyzeOperation({
        schema: facts.schema,
        policy,
        operation: facts,
        scopes: principal.scopes,
        citizenToken,
        variableValues: variables.coerced,
      });
      if (info.analyses.size >= MAX_ANALYSES_PER_DOCUMENT) {
        const oldest = info.analyses.keys().next().value;
        if (oldest !== undefined) info.analyses.delete(oldest);
      }
      info.analyses.set(key, analysis);
    }
    // Counts only: the denied coordinates are schema names, but a count is all a trace needs.
    span?.setAttributes({
      'lienthong.authz.denied_fields': analysis.deniedCoordinates.length,
      'lienthong.authz.cached': cached,
    });

    if (analysis.introspection && !introspectionAllowed(config, principal)) {
      throw gatewayError(
        'INTROSPECTION_DISABLED',
        `Introspection is disabled; it needs a token with the scope ${SCHEMA_INTROSPECT}`,
      );
    }
    if (config.authzMode === 'reject' && analysis.deniedCoordinates.length > 0) {
      throw gatewayError('FORBIDDEN', `Not authorized to read ${analysis.deniedCoordinates.join(', ')}`, {
        deniedFields: analysis.deniedCoordinates,
      });
    }
    if (analysis.readsPersonalData) checkPurpose(contextValue.purpose, principal);
    setRequestAuthorization(contextValue, {
      denied: analysis.denied,
      pid: principal.pid,
      analysis,
      probes: { nodeLookups: 0 },
    });
  }

  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const span = requestContext.contextValue.trace?.startSpan('authorization');
          if (span === undefined) return authorize(requestContext);
          try {
            authorize(requestContext, span);
            span.end();
          } catch (error) {
            const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
            // The refusal's catalogue code, never its message (it may name fields or values).
            span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : 'error' });
            span.end();
            throw error;
          }
        },

        async responseForOperation(requestContext): Promise<GraphQLResponse | null> {
          const state = requestAuthorization(requestContext.contextValue);
          if (state === undefined || !state.analysis.introspection) return null;
          const principal = requestContext.contextValue.principal;
          const filtered = filteredSchemas.get(principal.scopes, principal.pid !== undefined);
          const validationErrors = validate(filtered, requestContext.document);
          if (validationErrors.length > 0) {
            return {
              http: { status: 400, headers: new HeaderMap() },
              body: {
                kind: 'single',
                singleResult: {
                  errors: validationErrors.map((error) => ({
                    message: error.message,
                    ...(error.locations === undefined ? {} : { locations: error.locations }),
                    extensions: { code: 'GRAPHQL_VALIDATION_FAILED' satisfies ErrorCode },
                  })),
                },
              },
            };
          }
          const result = await execute({
            schema: filtered,
            document: requestContext.document,
            contextValue: requestContext.contextValue,
            variableValues: requestContext.request.variables ?? {},
            operationName: requestContext.request.operationName ?? null,
          });
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: {
              kind: 'single',
              singleResult: {
                data: result.data ?? null,
                ...(result.errors === undefined ? {} : { errors: result.errors.map(maskExecutionError) }),
              },
            },
          };
        },
      };
    },
  };
}

function checkPurpose(purpose: string | undefined, principal: Principal): void {
  if (purpose === undefined) {
    throw gatewayError(
      'PURPOSE_REQUIRED',
      `This operation reads personal data: state the purpose of use in the X-Purpose header (one of ${PURPOSES_OF_USE.join(', ')})`,
    );
  }
  if (!isPurposeOfUse(purpose)) {
    throw gatewayError(
      'PURPOSE_INVALID',
      `X-Purpose "${purpose.slice(0, 40)}" is not a purpose of use (one of ${PURPOSES_OF_USE.join(', ')})`,
    );
  }
  if (principal.purposes !== undefined && !principal.purposes.includes(purpose)) {
    throw gatewayError('PURPOSE_NOT_ALLOWED', `This token may not state the purpose ${purpose}`, {
      allowedPurposes: [...principal.purposes],
    });
  }
}

/** The gateway's error masking for responses this plugin builds itself (Apollo's formatError does not see them). */
function maskExecutionError(error: GraphQLError): GraphQLFormattedError {
  const path = error.path === undefined ? {} : { path: error.path };
  return maskError({ message: error.message, ...path, extensions: error.extensions }, error);
}

/**
 * True when the operation's root selection (fragments spread in) is exactly one `citizen` field, `__typename` aside:
 * the shape of a break-glass read (docs/ARCHITECTURE.md §5).
 */
function singleCitizenRoot(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): boolean {
  const names: string[] = [];
  const visit = (set: SelectionSetNode, seen: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') names.push(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // An unknown or cyclic spread is a validation error reported by graphql-js; count it as a second root.
        if (fragment === undefined || seen.has(name)) names.push(`...${name}`);
        else visit(fragment.selectionSet, new Set([...seen, name]));
      }
    }
  };
  visit(selectionSet, new Set());
  return names.length === 1 && names[0] === 'citizen';
}
