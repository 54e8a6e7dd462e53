/**
 * The resolvers' bad-argument error. Codes, statuses and messages are listed in src/errors/catalogue.ts; anything
 * else thrown inside execution is masked to INTERNAL_SERVER_ERROR (src/errors/mask.ts).
 */
import type { GraphQLError } from 'graphql';
import { gatewayError } from '../errors/catalogue.ts';

/** BAD_USER_INPUT naming the argument (`extensions.argumentName`); the other fields are still served. */
export function badUserInput(message: string, argumentName?: string): GraphQLError {
  return gatewayError('BAD_USER_INPUT', message, argumentName === undefined ? {} : { argumentName });
}
