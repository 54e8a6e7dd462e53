/** Reads a request body up to a byte limit (docs/ARCHITECTURE.md §7: 1 MB by default). */
import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/**
 * The body did not arrive: the client closed the connection mid-upload, or the server's request timeout answered 408
 * and closed it (src/observability/protocol.ts). Nobody is left to answer; not a gateway failure (docs/ARCHITECTURE.md
 * §10).
 */
export class RequestAbortedError extends Error {
  override name = 'RequestAbortedError';
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes)
    throw new BodyTooLargeError(`body exceeds ${limitBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limitBytes) {
        req.resume();
        throw new BodyTooLargeError(`body exceeds ${limitBytes} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    // node:http ends an unfinished body with Error('aborted'), code ECONNRESET (the socket closed before it ended).
    if (!req.complete) throw new RequestAbortedError('the request body ended early', { cause: error });
    throw error;
  }
  if (!req.complete) throw new RequestAbortedError('the request body ended early');
  return Buffer.concat(chunks).toString('utf8');
}
