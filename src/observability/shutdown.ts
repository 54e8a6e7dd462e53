/**
 * Graceful shutdown (SIGTERM from an orchestrator, Ctrl-C): let in-flight requests finish while new ones are refused
 * (503 SHUTTING_DOWN, src/http/server.ts), then stop accepting connections, close keep-alive connections as they go
 * idle, and after SHUTDOWN_TIMEOUT_MS destroy whatever is left. Then
 * the shutdown hooks run (the audit writer flushes there), then Apollo stops, and only then main.ts closes the
 * database pool, so nothing that still needs the database loses it.
 */
import type http from 'node:http';
import type { Logger } from '../logger.ts';

export type ShutdownHook = () => Promise<void> | void;

/** Hooks run once, in registration order, after the HTTP server drained and before the database closes. */
export class ShutdownHooks {
  private readonly hooks: { name: string; run: ShutdownHook }[] = [];

  /** Registers `run`; returns a function that unregisters it. */
  add(name: string, run: ShutdownHook): () => void {
    const entry = { name, run };
    this.hooks.push(entry);
    return () => {
      const index = this.hooks.indexOf(entry);
      if (index >= 0) this.hooks.splice(index, 1);
    };
  }

  /** Runs every hook; a failing hook is logged and does not stop the others. */
  async run(logger: Logger): Promise<void> {
    const hooks = this.hooks.splice(0);
    for (const hook of hooks) {
      try {
        await hook.run();
      } catch (error) {
        logger.error({ err: error, hook: hook.name }, 'shutdown hook failed');
      }
    }
  }
}

export interface DrainResult {
  /** Connections destroyed at the deadline (their requests did not finish in time). */
  forced: number;
  ms: number;
}

/**
 * Waits for the requests in flight (`inFlight`, counted by the caller, which answers new requests 503 meanwhile) with
 * the listener still open: closing it first resets connections the kernel already accepted and new connections
 * whose first request has not arrived yet (Node counts them idle). Then stops `server` accepting connections and
 * closes the keep-alive connections as they go idle. At `deadlineMs` (from the call) destroys what is left.
 */
export async function drainServer(
  server: http.Server,
  deadlineMs: number,
  inFlight: () => number = () => 0,
): Promise<DrainResult> {
  const started = Date.now();
  while (inFlight() > 0 && Date.now() - started < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  let forced = 0;
  await new Promise<void>((resolve) => {
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    };
    // A keep-alive connection becomes idle when its last response is written; close it then, not after its timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(
      () => {
        server.getConnections((_error, count) => {
          forced = count;
          server.closeAllConnections();
          done();
        });
      },
      Math.max(0, deadlineMs - (Date.now() - started)),
    );
    if (!server.listening) {
      server.closeAllConnections();
      done();
      return;
    }
    server.close(() => done());
    server.closeIdleConnections();
  });
  return { forced, ms: Date.now() - started };
}
