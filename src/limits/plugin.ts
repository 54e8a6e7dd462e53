/**
 * The operation limits of docs/ARCHITECTURE.md §7 as an Apollo plugin. In `didResolveOperation` (after parse and
 * validation, before anything executes, introspection included) it measures the operation and throws a GraphQLError
 * with `extensions: { code, http: { status: 400 }, limit, measured }` on the first breach: Apollo Server 5 answers a
 * didResolveOperation error with that status and runs nothing.
 *
 * First, strings with control characters or lone surrogates in the variables or literals are refused
 * (src/limits/text.ts). Order of the checks: depth, aliases, root fields (properties of the document, cached with it), then cost (needs
 * the variables, coerced once per request by src/lib/operation.ts and shared with the authorization plugin). The
 * token limit is enforced earlier, by graphql-js while parsing (`parseOptions.maxTokens`, see `parseOptions`), and
 * its syntax error is renamed MAX_TOKENS by `formatLimitError`.
 *
 * The plugin must come before the authorization plugin in the plugin list: when both refuse an operation, the
 * first listener's error is the one Apollo reports (Promise.all), so a limit breach is reported as such.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type {
  DocumentNode,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  OperationDefinitionNode,
  ParseOptions,
} from 'graphql';
import type { LimitsConfig } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { gatewayError, hasCode, type ErrorCode } from '../errors/catalogue.ts';
import { operationFacts, type SelectedOperation } from '../lib/operation.ts';
import { createCostModel, operationCost, type CostModel } from './cost.ts';
import { measureOperation, type OperationShape } from './shape.ts';
import { assertCleanText } from './text.ts';

export type LimitCode = Extract<
  ErrorCode,
  'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_ROOT_FIELDS' | 'MAX_TOKENS' | 'MAX_REQUEST_BYTES' | 'MAX_COST'
>;

export function limitError(code: LimitCode, message: string, limit: number, measured?: number): GraphQLError {
  return gatewayError(code, message, { limit, ...(measured === undefined ? {} : { measured }) });
}

/** Apollo Server's `parseOptions`: graphql-js stops parsing at the token past the limit. */
export function parseOptions(limits: Pick<LimitsConfig, 'maxTokens'>): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

// graphql 16 says "more that N tokens"; accept the corrected wording too.
const TOO_MANY_TOKENS = /Document contains more th(?:at|an) (\d+) tokens/;

/**
 * For the gateway's error masking (src/errors/mask.ts): graphql-js reports the token limit as a syntax error
 * (GRAPHQL_PARSE_FAILED, already HTTP 400); this gives it the limit's code. Undefined for any other error.
 */
export function formatLimitError(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  if (!hasCode(formatted, 'GRAPHQL_PARSE_FAILED')) return undefined;
  const match = TOO_MANY_TOKENS.exec(formatted.message);
  if (match === null) return undefined;
  const limit = Number(match[1]);
  return {
    message: `The document has more than ${limit} tokens (parsing stopped at token ${limit + 1}); the limit is ${limit}`,
    ...(formatted.locations === undefined ? {} : { locations: formatted.locations }),
    extensions: { code: 'MAX_TOKENS' satisfies LimitCode, limit },
  };
}

/** The 413 message: the declared size when the client sent one, else "more than" (reading stopped at the limit). */
export function requestBytesMessage(contentLength: string | undefined, limit: number): string {
  const declared = Number(contentLength);
  const measured =
    contentLength !== undefined && Number.isFinite(declared) && declared > limit ? `${declared}` : `more than ${limit}`;
  return `The request body has ${measured} bytes; the limit is ${limit}`;
}

export interface LimitsPluginOptions {
  /** The schema Apollo executes (the annotations are read from it once). */
  schema: GraphQLSchema;
  limits: LimitsConfig;
}

/** Throws CostSchemaError when the SDL's @cost/@listSize annotations are invalid. */
export function limitsPlugin(options: LimitsPluginOptions): ApolloServerPlugin<GatewayContext> {
  const { limits } = options;
  const model: CostModel = createCostModel(options.schema, limits.costListSize);
  /** Shapes by document, then by operation (a document may hold several). */
  const shapes = new WeakMap<DocumentNode, Map<OperationDefinitionNode, OperationShape>>();

  function shapeOf(document: DocumentNode, selected: SelectedOperation): OperationShape {
    let byOperation = shapes.get(document);
    if (byOperation === undefined) {
      byOperation = new Map();
      shapes.set(document, byOperation);
    }
    let shape = byOperation.get(selected.operation);
    if (shape === undefined) {
      shape = measureOperation(model.schema, selected);
      byOperation.set(selected.operation, shape);
    }
    return shape;
  }

  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const facts = operationFacts(requestContext);
          // No operation (unknown operationName): graphql-js reports it and nothing executes.
          if (facts === undefined) return;
          // Before the limits: text the database cannot store is refused whatever the shape (src/limits/text.ts).
          assertCleanText(facts.document, requestContext.request.variables ?? {});
          const shape = shapeOf(facts.document, facts);
          if (shape.depth > limits.maxDepth) {
            throw limitError(
              'MAX_DEPTH',
              `The operation is ${shape.depth} levels deep; the limit is ${limits.maxDepth}`,
              limits.maxDepth,
              shape.depth,
            );
          }
          if (shape.aliases > limits.maxAliases) {
            throw limitError(
              'MAX_ALIASES',
              `The operation uses ${shape.aliases} aliases; the limit is ${limits.maxAliases}`,
              limits.maxAliases,
              shape.aliases,
            );
          }
          if (shape.rootFields > limits.maxRootFields) {
            throw limitError(
              'MAX_ROOT_FIELDS',
              `The operation selects ${shape.rootFields} root fields; the limit is ${limits.maxRootFields}`,
              limits.maxRootFields,
              shape.rootFields,
            );
          }
          // Bad variables: execution refuses them (HTTP 400) before any resolver runs.
          if (facts.variables.errors !== undefined) return;
          const cost = operationCost(model, facts, facts.variables.coerced);
          if (cost > limits.maxCost) {
            throw limitError(
              'MAX_COST',
              `The operation's estimated cost is ${cost}; the limit is ${limits.maxCost}`,
              limits.maxCost,
              cost,
            );
          }
        },
      };
    },
  };
}
