/**
 * The gateway's one error masking (docs/ARCHITECTURE.md §8): clients see catalogue codes and safe messages, never SQL,
 * stack traces or driver text. Used by Apollo's `formatError`, by the authorization plugin for the responses it builds
 * itself (Apollo does not format those), and by the HTTP layer for a request that failed outside Apollo.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { CommitOutcomeUnknownError, SourceUnavailableError } from '../db/unavailable.ts';
import { ScalarInputError } from '../lib/scalars.ts';
import { formatLimitError } from '../limits/plugin.ts';
import type { Logger } from '../logger.ts';
import { ERRORS, isErrorCode, type ErrorCode } from './catalogue.ts';

/**
 * `formatted` is what the client would see, `error` what was thrown (a GraphQLError, or anything else when the request
 * failed outside GraphQL). Unexpected errors are logged with `logger` and become INTERNAL_SERVER_ERROR.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger?: Pick<Logger, 'warn' | 'error'>,
): GraphQLFormattedError {
  const limitBreach = formatLimitError(formatted);
  if (limitBreach !== undefined) return limitBreach;
  const original = error instanceof GraphQLError ? error.originalError : error;
  const code = formatted.extensions?.code;
  const path = formatted.path === undefined ? {} : { path: formatted.path };
  // A scalar that rejected a literal argument surfaces as a validation error; it is bad input.
  if (original instanceof ScalarInputError && error instanceof GraphQLError) {
    const argumentName = literalArgumentName(error);
    const field = variableValuePath(formatted.message);
    return {
      ...formatted,
      message: argumentName === undefined ? formatted.message : `Argument "${argumentName}": ${original.message}`,
      extensions: {
        code: 'BAD_USER_INPUT' satisfies ErrorCode,
        ...(argumentName === undefined ? {} : { argumentName }),
        ...(field === undefined ? {} : { field }),
      },
    };
  }
  if (original instanceof SourceUnavailableError) {
    logger?.warn({ reason: original.reason, path: formatted.path }, 'data source unavailable');
    // A mutation whose COMMIT went unanswered says so: the write may exist (docs/ARCHITECTURE.md §11).
    const committed = original instanceof CommitOutcomeUnknownError ? { committed: original.committed } : {};
    return { message: original.message, ...path, extensions: { code: original.code, ...committed } };
  }
  if (isUncodedClientError(error)) {
    return { message: formatted.message, extensions: { code: 'BAD_REQUEST' satisfies ErrorCode } };
  }
  // Fail closed: only a catalogued code reaches a client (like Grafast's SafeError); an error raised with a code the
  // catalogue does not know (a library's, a typo) may carry text nobody reviewed, so it is masked and logged too.
  if (!isErrorCode(code) || code === 'INTERNAL_SERVER_ERROR') {
    const where = error instanceof GraphQLError ? 'resolver failed' : 'request failed';
    logger?.error({ err: original ?? error, path: formatted.path }, where);
    return {
      message: ERRORS.INTERNAL_SERVER_ERROR.message,
      ...path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode },
    };
  }
  // `http` decides the response's status (Apollo removes it from the errors it formats itself); never sent.
  const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
  if (code === ('BAD_USER_INPUT' satisfies ErrorCode) && extensions.field === undefined) {
    const field = variableValuePath(formatted.message);
    if (field !== undefined) extensions.field = field;
  }
  return { ...formatted, extensions };
}

/**
 * The path of a variable value graphql-js refused (`input.personalId` from `Variable "$input" got invalid value "1" at
 * "input.personalId"; ...`, `input.facilityCode` for a field the input type does not define), like the
 * `extensions.field` of the mutations' own input checks. It is the path in the variables (the argument path when the
 * variable is named like the argument, as usual).
 */
function variableValuePath(message: string): string | undefined {
  const match =
    /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; (?:Field "(\w+)" (?:is not defined by type|of required type))?/s.exec(
      message,
    );
  if (match === null) return undefined;
  const base = match[2] ?? match[1] ?? '';
  return match[3] === undefined ? base : `${base}.${match[3]}`;
}

/**
 * A GraphQLError raised with an HTTP 4xx status but no code (Apollo's own request checks, e.g. "provided sha does not
 * match query", "Unsupported persisted query version") is the client's mistake, not an internal error to mask.
 */
function isUncodedClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined || error.originalError !== undefined)
    return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** The argument a rejected literal was given to: the name before the value in the document. */
function literalArgumentName(error: GraphQLError): string | undefined {
  const location = error.nodes?.[0]?.loc;
  if (location === undefined) return undefined;
  return /(\w+)\s*:\s*$/.exec(location.source.body.slice(Math.max(0, location.start - 200), location.start))?.[1];
}
