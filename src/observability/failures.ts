/**
 * Database down or too slow → the whole response is HTTP 503 SOURCE_UNAVAILABLE with `data: null`.
 *
 * The database layer turns connection loss and timeouts into SourceUnavailableError (src/db/unavailable.ts); the
 * gateway's error masking (src/errors/mask.ts) gives those the code SOURCE_UNAVAILABLE. A partial answer with holes
 * where a source failed would look like "no such record" to a client (a hospital reading "no allergies"), so when any
 * resolver hit an unavailable source nothing of the result is sent: clients retry (Retry-After) instead of acting on
 * partial data.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { hasCode, setErrorHead } from '../errors/catalogue.ts';

export function sourceUnavailablePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (errors === undefined || !errors.some(isSourceUnavailable)) return;
          const unavailable = errors.filter(isSourceUnavailable);
          response.body = { kind: 'single', singleResult: { data: null, errors: unavailable } };
          setErrorHead(response.http, 'SOURCE_UNAVAILABLE');
        },
      };
    },
  };
}

/** The error a resolver raised when its source was down or too slow; one of them turns the whole response to 503. */
export function isSourceUnavailable(error: GraphQLFormattedError): boolean {
  return hasCode(error, 'SOURCE_UNAVAILABLE');
}
