/**
 * Malformed input found by fuzzing (test/fuzz.test.ts) gets a JSON error with a code, like every other answer:
 *   - requests node:http cannot parse (bad request line, NUL in a header, conflicting Content-Length, headers over
 *     16 KB, a TLS handshake on the plain port) — Node answers a bare "400 Bad Request" without a body by default;
 *   - operations of a kind the schema has no root type for (`mutation`, `subscription`): graphql-js reports them
 *     during execution with no code, which error masking turns into a 200 INTERNAL_SERVER_ERROR.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import { ERRORS, gatewayError, type ErrorCode } from '../errors/catalogue.ts';

/** `server.on('clientError', answerClientError)`: a JSON answer for requests the HTTP parser rejected. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A response already under way on this connection (pipelining) cannot be followed by another: just close.
  const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inProgress?.headersSent === true) {
    socket.destroy();
    return;
  }
  const [code, message]: [ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['HEADERS_TOO_LARGE', ERRORS.HEADERS_TOO_LARGE.message]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['REQUEST_TIMEOUT', ERRORS.REQUEST_TIMEOUT.message]
        : ['BAD_REQUEST', 'The request is not valid HTTP/1.1'];
  const { status } = ERRORS[code];
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'cache-control: no-store\r\nconnection: close\r\n\r\n' +
      body,
  );
}

/** `mutation` / `subscription` against a schema without that root type: HTTP 400 OPERATION_NOT_SUPPORTED. */
export function unsupportedOperationPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, schema }) {
          if (operation === undefined || schema.getRootType(operation.operation)) return;
          throw gatewayError(
            'OPERATION_NOT_SUPPORTED',
            `This gateway does not support ${operation.operation} operations`,
          );
        },
      };
    },
  };
}
