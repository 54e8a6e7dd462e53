/**
 * One replica's network link to PostgreSQL, as a TCP proxy that can be cut and restored (the chaos run, run.ts).
 *
 * A cut is a black hole, not a close: nothing is forwarded in either direction and no side learns that the other
 * closed, exactly as when a switch or a NAT entry drops every packet. What each side sends meanwhile is held and
 * delivered on restore, as TCP retransmission would deliver it once the path is back (so a COMMIT sent into the cut
 * may still land after the gateway gave up on it), and a close is passed on only then. Connections opened during the
 * cut are accepted but reach PostgreSQL only on restore (a SYN lost in a real cut gets no answer either).
 *
 * `cutAtNextWrite()` picks the adversarial moment: it reads the PostgreSQL wire protocol in both directions
 * (https://www.postgresql.org/docs/current/protocol-message-formats.html) and cuts as soon as a session reports, in
 * ReadyForQuery, that it is inside a transaction that has sent a writing or locking statement (INSERT, UPDATE,
 * DELETE, SELECT ... FOR UPDATE/SHARE), before that answer reaches the gateway. PostgreSQL then holds the
 * transaction's row locks for a client it can no longer reach: the stranded session other replicas must survive.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** A statement that writes rows or locks them: the transaction then holds row locks until it ends. */
const WRITES_OR_LOCKS = /\b(insert|update|delete)\b|\bfor\s+(no\s+key\s+)?(update|share)\b|\bfor\s+key\s+share\b/i;

export interface CutTrigger {
  /** How the cut was triggered: a stranded write/lock, or the fallback timer. */
  reason: 'write-in-transaction' | 'timer';
  /** The statement the stranded transaction sent last before the cut (first 160 characters), if any. */
  statement?: string;
  /** Sessions inside a transaction at the moment of the cut. */
  sessionsInTransaction: number;
}

export interface LinkProxy {
  readonly port: number;
  isCut(): boolean;
  cut(): void;
  restore(): void;
  /**
   * Cuts at the next write/lock inside a transaction (see above), or after `fallbackMs` whatever happens. With
   * `only`, the transaction must also have sent a statement matching it (e.g. /idempotency_key/: a mutation's).
   */
  cutAtNextWrite(fallbackMs: number, only?: RegExp): Promise<CutTrigger>;
  /** Connections accepted so far, open now, and bytes held by the cut. */
  stats(): { accepted: number; open: number; heldBytes: number };
  close(): Promise<void>;
}

/** A cstring at `offset` of `buffer`: its text and the offset after its terminating zero. */
function cstring(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  if (end < 0) return ['', buffer.length];
  return [buffer.toString('utf8', offset, end), end + 1];
}

/** What the proxy knows about one session, from its messages. */
class Session {
  /** Prepared statement name → SQL text ('' = the unnamed statement). */
  readonly statements = new Map<string, string>();
  lastStatement = '';
  /** The statements sent since the session was last idle (outside a transaction). */
  transaction: string[] = [];
  writtenInTransaction = false;
  inTransaction = false;
  private frontend: Buffer = Buffer.alloc(0);
  private backend: Buffer = Buffer.alloc(0);
  private startupDone = false;
  private sslAnswersDue = 0;

  /** Reads the frontend messages in `chunk` (startup, Parse, Bind, Query). */
  readFrontend(chunk: Buffer): void {
    this.frontend = this.frontend.length === 0 ? chunk : Buffer.concat([this.frontend, chunk]);
    for (;;) {
      if (!this.startupDone) {
        if (this.frontend.length < 8) return;
        const length = this.frontend.readInt32BE(0);
        if (this.frontend.length < length) return;
        const code = this.frontend.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) this.sslAnswersDue += 1;
        else if (code !== CANCEL_REQUEST) this.startupDone = true;
        this.frontend = this.frontend.subarray(length);
        continue;
      }
      if (this.frontend.length < 5) return;
      const length = this.frontend.readInt32BE(1);
      if (this.frontend.length < 1 + length) return;
      const type = String.fromCharCode(this.frontend[0] as number);
      const body = this.frontend.subarray(5, 1 + length);
      if (type === 'Q') {
        this.sent(cstring(body, 0)[0]);
      } else if (type === 'P') {
        const [name, next] = cstring(body, 0);
        this.statements.set(name, cstring(body, next)[0]);
      } else if (type === 'B') {
        const [, next] = cstring(body, 0);
        this.sent(this.statements.get(cstring(body, next)[0]) ?? '');
      }
      this.frontend = this.frontend.subarray(1 + length);
    }
  }

  /** Reads the backend messages in `chunk`; true when one of them is a ReadyForQuery inside a writing transaction. */
  readBackend(chunk: Buffer): boolean {
    this.backend = this.backend.length === 0 ? chunk : Buffer.concat([this.backend, chunk]);
    let strandable = false;
    for (;;) {
      if (this.sslAnswersDue > 0) {
        // The answer to SSLRequest / GSSENCRequest is one byte ('N': go on in clear text).
        if (this.backend.length < 1) break;
        this.sslAnswersDue -= 1;
        this.backend = this.backend.subarray(1);
        continue;
      }
      if (this.backend.length < 5) break;
      const length = this.backend.readInt32BE(1);
      if (this.backend.length < 1 + length) break;
      if (this.backend[0] === 0x5a /* 'Z' ReadyForQuery */ && length >= 5) {
        const status = String.fromCharCode(this.backend[5] as number);
        this.inTransaction = status !== 'I';
        if (!this.inTransaction) {
          this.writtenInTransaction = false;
          this.transaction = [];
        } else if (this.writtenInTransaction) strandable = true;
      }
      this.backend = this.backend.subarray(1 + length);
    }
    return strandable;
  }

  private sent(sql: string): void {
    if (sql === '') return;
    this.lastStatement = sql;
    this.transaction.push(sql);
    if (WRITES_OR_LOCKS.test(sql)) this.writtenInTransaction = true;
  }
}

/** One proxied connection: the gateway's socket, PostgreSQL's (opened lazily when accepted during a cut). */
interface Pipe {
  client: net.Socket;
  upstream: net.Socket | undefined;
  session: Session;
  toServer: Buffer[];
  toClient: Buffer[];
  clientClosed: boolean;
  serverClosed: boolean;
}

export async function startLinkProxy(upstreamHost: string, upstreamPort: number): Promise<LinkProxy> {
  const pipes = new Set<Pipe>();
  let cut = false;
  let accepted = 0;
  let armed: { resolve: (trigger: CutTrigger) => void; timer: NodeJS.Timeout; only: RegExp | undefined } | undefined;

  const inTransaction = () => [...pipes].filter((pipe) => pipe.session.inTransaction).length;

  function fire(trigger: CutTrigger): void {
    if (armed === undefined) return;
    clearTimeout(armed.timer);
    const { resolve } = armed;
    armed = undefined;
    cut = true;
    resolve(trigger);
  }

  function finish(pipe: Pipe): void {
    if (pipe.clientClosed && (pipe.serverClosed || pipe.upstream === undefined)) pipes.delete(pipe);
  }

  function connectUpstream(pipe: Pipe): void {
    const upstream = net.connect(upstreamPort, upstreamHost);
    pipe.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('data', (chunk: Buffer) => {
      // Decide before forwarding: the answer that shows the stranded transaction must not reach the gateway.
      const strandable = pipe.session.readBackend(chunk);
      const only = armed?.only;
      if (
        !cut &&
        armed !== undefined &&
        strandable &&
        (only === undefined || pipe.session.transaction.some((sql) => only.test(sql)))
      ) {
        fire({
          reason: 'write-in-transaction',
          statement: pipe.session.lastStatement.replace(/\s+/g, ' ').trim().slice(0, 160),
          sessionsInTransaction: inTransaction(),
        });
      }
      if (cut) pipe.toClient.push(chunk);
      else if (!pipe.client.destroyed) pipe.client.write(chunk);
    });
    upstream.on('error', () => undefined);
    upstream.on('close', () => {
      pipe.serverClosed = true;
      if (!cut) {
        pipe.client.end();
        finish(pipe);
      }
    });
  }

  const server = net.createServer((client) => {
    accepted += 1;
    client.setNoDelay(true);
    const pipe: Pipe = {
      client,
      upstream: undefined,
      session: new Session(),
      toServer: [],
      toClient: [],
      clientClosed: false,
      serverClosed: false,
    };
    pipes.add(pipe);
    client.on('data', (chunk: Buffer) => {
      pipe.session.readFrontend(chunk);
      if (cut || pipe.upstream === undefined) pipe.toServer.push(chunk);
      else pipe.upstream.write(chunk);
    });
    client.on('error', () => undefined);
    client.on('close', () => {
      pipe.clientClosed = true;
      if (!cut) {
        pipe.upstream?.end();
        finish(pipe);
      }
    });
    if (!cut) connectUpstream(pipe);
  });

  function restoreLink(): void {
    if (!cut) return;
    cut = false;
    for (const pipe of [...pipes]) {
      if (pipe.upstream === undefined) {
        // Accepted during the cut: nothing reached PostgreSQL yet; a gateway that already gave up has nothing to send.
        if (pipe.clientClosed) {
          pipes.delete(pipe);
          continue;
        }
        connectUpstream(pipe);
      }
      const upstream = pipe.upstream as net.Socket;
      for (const chunk of pipe.toServer.splice(0)) if (!upstream.destroyed) upstream.write(chunk);
      for (const chunk of pipe.toClient.splice(0)) if (!pipe.client.destroyed) pipe.client.write(chunk);
      if (pipe.clientClosed) upstream.end();
      if (pipe.serverClosed) pipe.client.end();
      finish(pipe);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    isCut: () => cut,
    cut() {
      cut = true;
    },
    restore: restoreLink,
    cutAtNextWrite(fallbackMs, only) {
      if (armed !== undefined) throw new Error('already armed');
      return new Promise<CutTrigger>((resolve) => {
        armed = {
          resolve,
          only,
          timer: setTimeout(() => fire({ reason: 'timer', sessionsInTransaction: inTransaction() }), fallbackMs),
        };
      });
    },
    stats() {
      let heldBytes = 0;
      for (const pipe of pipes) {
        for (const chunk of [...pipe.toServer, ...pipe.toClient]) heldBytes += chunk.length;
      }
      return { accepted, open: pipes.size, heldBytes };
    },
    async close() {
      if (armed !== undefined) clearTimeout(armed.timer);
      armed = undefined;
      for (const pipe of pipes) {
        pipe.client.destroy();
        pipe.upstream?.destroy();
      }
      pipes.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
