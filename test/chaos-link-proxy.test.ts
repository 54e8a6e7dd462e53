/**
 * The link proxy of the chaos run (test/chaos/link-proxy.ts, docs/ARCHITECTURE.md §10): a cut holds everything in
 * both directions without closing anything and delivers it on restore; a connection opened during the cut reaches the
 * server only then; and on PostgreSQL, `cutAtNextWrite` strands a session inside its transaction with its row locks
 * held, which is the moment the chaos run relies on.
 */
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../src/config.ts';
import { startLinkProxy, type LinkProxy } from './chaos/link-proxy.ts';
import { openTestDatabase } from './support/harness.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An echo server that records what it received and when its clients closed. */
async function startEcho() {
  const received: string[] = [];
  const events: string[] = [];
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk.toString());
      socket.write(chunk);
    });
    socket.on('end', () => events.push('end'));
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    events,
    connections: () => connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A client socket that collects what it receives. */
async function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, text: () => text };
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('a cut link', () => {
  it('holds data both ways and a close, without closing, and delivers them on restore', async () => {
    const echo = await startEcho();
    const proxy = await startLinkProxy('127.0.0.1', echo.port);
    try {
      const client = await connect(proxy.port);
      client.socket.write('a');
      await until(() => client.text() === 'a');

      proxy.cut();
      client.socket.write('b');
      await sleep(300);
      expect(echo.received.join('')).toBe('a');
      expect(client.text()).toBe('a');
      client.socket.end();
      await sleep(300);
      // The server does not learn that the client left while the link is cut.
      expect(echo.events).toEqual([]);
      expect(proxy.stats().heldBytes).toBe(1);

      proxy.restore();
      await until(() => echo.received.join('') === 'ab' && echo.events.length === 1);
      expect(echo.events).toEqual(['end']);
    } finally {
      await proxy.close();
      await echo.close();
    }
  });

  it('lets a connection opened during the cut reach the server only on restore', async () => {
    const echo = await startEcho();
    const proxy = await startLinkProxy('127.0.0.1', echo.port);
    try {
      proxy.cut();
      const client = await connect(proxy.port);
      client.socket.write('hello');
      await sleep(300);
      expect(echo.connections()).toBe(0);
      expect(client.text()).toBe('');

      proxy.restore();
      await until(() => client.text() === 'hello');
      expect(echo.connections()).toBe(1);
      client.socket.destroy();
    } finally {
      await proxy.close();
      await echo.close();
    }
  });
});

describe.runIf(testDatabaseUrl() !== undefined)('cutAtNextWrite on PostgreSQL', () => {
  let databaseUrl: string;
  let drop: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-link-proxy-'));
    const opened = await openTestDatabase(dataDir);
    await opened.db.exec(
      `CREATE TABLE chaos_row (id int PRIMARY KEY, n int NOT NULL); INSERT INTO chaos_row VALUES (1, 0)`,
    );
    await opened.db.close();
    databaseUrl = opened.databaseUrl as string;
    drop = opened.drop;
  });

  afterAll(async () => {
    await drop?.();
    if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A client of `databaseUrl` through `proxy`. */
  async function throughProxy(proxy: LinkProxy): Promise<pg.Client> {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const client = new pg.Client({ connectionString: url.toString() });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  /** Whether another session can lock the row now (it waits at most 300 ms). */
  async function rowLockable(): Promise<boolean> {
    const direct = new pg.Client({ connectionString: databaseUrl });
    await direct.connect();
    try {
      await direct.query(`SET lock_timeout = '300ms'`);
      await direct.query('BEGIN');
      await direct.query('SELECT n FROM chaos_row WHERE id = 1 FOR UPDATE');
      await direct.query('ROLLBACK');
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') return false;
      throw error;
    } finally {
      await direct.end();
    }
  }

  it('strands the session inside its transaction with the row lock held, until the restore', async () => {
    const { port } = new URL(databaseUrl);
    const proxy = await startLinkProxy('127.0.0.1', Number(port || '5432'));
    const client = await throughProxy(proxy);
    try {
      await client.query('BEGIN');
      const armed = proxy.cutAtNextWrite(20_000);
      const locked = client.query('SELECT n FROM chaos_row WHERE id = 1 FOR UPDATE');
      const trigger = await armed;
      expect(trigger.reason).toBe('write-in-transaction');
      expect(trigger.statement).toContain('FOR UPDATE');
      expect(proxy.isCut()).toBe(true);

      // PostgreSQL has taken the lock; its answer is held, so the client still waits.
      const answered = await Promise.race([locked.then(() => true), sleep(500).then(() => false)]);
      expect(answered).toBe(false);
      expect(await rowLockable()).toBe(false);

      proxy.restore();
      expect((await locked).rows).toEqual([{ n: 0 }]);
      await client.query('COMMIT');
      expect(await rowLockable()).toBe(true);
    } finally {
      await client.end().catch(() => undefined);
      await proxy.close();
    }
  });

  it('cuts only on a matching transaction when asked, else when the fallback timer fires', async () => {
    const { port } = new URL(databaseUrl);
    const proxy = await startLinkProxy('127.0.0.1', Number(port || '5432'));
    const client = await throughProxy(proxy);
    try {
      const armed = proxy.cutAtNextWrite(1500, /idempotency_key/);
      await client.query('BEGIN');
      await client.query('SELECT n FROM chaos_row WHERE id = 1 FOR UPDATE');
      await client.query('ROLLBACK');
      expect(proxy.isCut()).toBe(false);
      const trigger = await armed;
      expect(trigger.reason).toBe('timer');
      expect(proxy.isCut()).toBe(true);
      proxy.restore();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end().catch(() => undefined);
      await proxy.close();
    }
  });
});
