/**
 * A TCP proxy in front of PostgreSQL that tests can break the way networks and hosts break: cut (connections reset,
 * port closed: connection refused), black hole (connections cut, new ones accepted and never answered), freeze (every
 * connection, old and new, stays open and silent: a frozen host or a dropped route, no error ever arrives), slow
 * answers; and restore.
 */
import type { AddressInfo } from 'node:net';
import net from 'node:net';

/** A TCP proxy to PostgreSQL with faults (see the file's header). */
export class FaultyProxy {
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server;
  private mode: 'up' | 'blackhole' | 'frozen' = 'up';
  /** Delay of every chunk from the database to the gateway. */
  delayMs = 0;
  port = 0;

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = this.createServer();
  }

  static async start(target: { host: string; port: number }): Promise<FaultyProxy> {
    const proxy = new FaultyProxy(target);
    await proxy.listen();
    return proxy;
  }

  private createServer(): net.Server {
    return net.createServer((client) => {
      this.track(client);
      if (this.mode !== 'up') return;
      const upstream = net.connect(this.target);
      this.track(upstream);
      let due = 0;
      upstream.on('data', (chunk: Buffer) => {
        if (this.mode === 'frozen') return;
        // Chunks keep their order whatever the delay: each is due no earlier than the previous one.
        due = Math.max(Date.now() + this.delayMs, due);
        const write = () => {
          if (!client.destroyed) client.write(chunk);
        };
        if (due <= Date.now()) write();
        else setTimeout(write, due - Date.now());
      });
      client.on('data', (chunk: Buffer) => {
        if (this.mode === 'frozen') return;
        if (!upstream.destroyed) upstream.write(chunk);
      });
      upstream.on('close', () => setTimeout(() => client.destroy(), Math.max(0, due - Date.now())));
      client.on('close', () => upstream.destroy());
    });
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  private destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  /** The database is gone: every connection reset, the port closed (connection refused). */
  async cut(): Promise<void> {
    this.destroyAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The database host stopped answering: connections cut, new ones accepted and never answered. */
  blackhole(): void {
    this.mode = 'blackhole';
    this.destroyAll();
  }

  /**
   * The database host froze: every connection stays open and nothing passes any more, either way; new connections
   * are accepted and never answered. No error reaches the gateway: only its own timeouts end its waits.
   */
  freeze(): void {
    this.mode = 'frozen';
  }

  /** Connections through the proxy now (each one counted on both sides). */
  get connections(): number {
    return this.sockets.size;
  }

  async restore(): Promise<void> {
    this.mode = 'up';
    this.delayMs = 0;
    if (!this.server.listening) {
      this.server = this.createServer();
      await this.listen();
    }
  }

  async close(): Promise<void> {
    this.destroyAll();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
