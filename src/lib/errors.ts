/**
 * Errors a client may see. Each carries a stable `extensions.code` (and an HTTP status where it
 * decides the response), in the style of Apollo Server's error classes. Anything else thrown
 * inside execution is masked to INTERNAL_SERVER_ERROR by the gateway's formatError.
 */
import { GraphQLError } from 'graphql';

export function badUserInput(message: string, argumentName?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(argumentName === undefined ? {} : { argumentName }) },
  });
}

/** An error carrying a code and an HTTP status for the whole response. */
export function requestError(message: string, code: string, status: number, extra: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, http: { status }, ...extra } });
}
