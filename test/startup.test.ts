/**
 * `npm start` as a user runs it: a real child process on a fresh data directory, the embedded
 * database migrated and seeded on first start, kept on restart, locked against a second process; SIGTERM drains;
 * on PostgreSQL, refusal to start with pending migrations; and the production bundle (`npm run build`,
 * `node dist/main.js`) doing the same from another working directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { minimalChildEnvironment, testDatabaseUrl } from '../src/config.ts';
import { signDevelopmentToken } from '../src/auth/profiles.ts';
import { bundle, productionEntryPoints } from '../build.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** How the gateway is started: its sources through tsx (npm start), or a bundle's main.js with plain Node. */
interface Runner {
  command: string;
  args: string[];
  cwd: string;
}

const FROM_SOURCES: Runner = { command: TSX, args: ['src/main.ts'], cwd: ROOT };

function run(env: Record<string, string>, runner: Runner = FROM_SOURCES): ChildProcess {
  return spawn(runner.command, runner.args, {
    cwd: runner.cwd,
    env: { ...minimalChildEnvironment(), HOME: os.tmpdir(), LOG_LEVEL: 'warn', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

async function start(env: Record<string, string>, runner: Runner = FROM_SOURCES): Promise<Started> {
  const child = run(env, runner);
  const output = collect(child);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 120 s:\n${output()}`)), 120_000);
    const poll = setInterval(() => {
      const match = /listening on (http:\/\/[^\s]+)\/graphql/.exec(output());
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(match[1]);
      }
    }, 100);
    child.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`exited ${code}:\n${output()}`));
    });
  });
  return { child, url, output };
}

async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function stop(started: Started): Promise<number | null> {
  started.child.kill('SIGTERM');
  return exitOf(started.child);
}

async function citizenCount(url: string, token: string): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'TREATMENT' },
    body: JSON.stringify({ query: '{ gatewayInfo { name developmentMode } }' }),
  });
  return response.json();
}

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const task of cleanup.reverse()) await task();
});

describe('npm start on the embedded database', () => {
  it('migrates and seeds on first start, keeps data on restart, and refuses a second process', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-start-'));
    cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = { DATA_DIR: dataDir, DEMO_CITIZENS: '300' };

    const first = await start(env);
    cleanup.push(() => void first.child.kill('SIGKILL'));
    expect(first.output()).toContain('explorer:');
    // The token command for this gateway's key: its DATA_DIR is not the default one.
    expect(first.output()).toContain(`DATA_DIR=${dataDir} npm run -s token -- hospital`);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, migrations: 'current' });

    const token = await signDevelopmentToken(dataDir, 'hospital');
    expect(await citizenCount(first.url, token)).toEqual({
      data: { gatewayInfo: { name: 'lienthong', developmentMode: true } },
    });

    // A second gateway on the same directory must fail with a clear message, not corrupt it.
    const second = run(env);
    const secondOutput = collect(second);
    expect(await exitOf(second)).not.toBe(0);
    expect(secondOutput()).toMatch(/in use by another lienthong process \(pid \d+\)/);

    expect(await stop(first)).toBe(0);

    const again = await start(env);
    cleanup.push(() => void again.child.kill('SIGKILL'));
    expect(again.output()).not.toContain('seeding the demo dataset');
    const hospitalToken = await signDevelopmentToken(dataDir, 'hospital');
    const anyId = await fetch(`${again.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${hospitalToken}`,
        'x-purpose': 'TREATMENT',
      },
      body: JSON.stringify({ query: '{ gatewayInfo { version } }' }),
    });
    expect(anyId.status).toBe(200);
    expect(await stop(again)).toBe(0);
    // Three real starts of the gateway (WebAssembly PostgreSQL, migrations, seed) on a busy 2-core machine.
  }, 300_000);
});

/** Sends `text` on a new connection; resolves with the first response line and body, or the socket error's code. */
function exchange(url: string, text: string): Promise<{ head: string; body: string; error?: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let received = '';
    let error: string | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', (caught: NodeJS.ErrnoException) => (error = caught.code));
    socket.on('close', () => {
      const split = received.indexOf('\r\n\r\n');
      resolve({
        head: received.slice(0, Math.max(0, split)),
        body: received.slice(split + 4),
        ...(error === undefined ? {} : { error }),
      });
    });
    socket.write(text);
  });
}

describe('SIGTERM', () => {
  it('serves during SHUTDOWN_DELAY_MS, then answers 503 SHUTTING_DOWN, finishes the request in flight, exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-sigterm-'));
    cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const started = await start({ DATA_DIR: dataDir, DEMO_CITIZENS: '0', SHUTDOWN_DELAY_MS: '1500' });
    cleanup.push(() => void started.child.kill('SIGKILL'));
    const { hostname, port } = new URL(started.url);
    const query = JSON.stringify({ query: '{ __typename }' });
    // A request in flight: its body is not finished when the signal comes.
    const held = net.connect(Number(port), hostname);
    let heldResponse = '';
    held.setEncoding('utf8');
    held.on('data', (chunk: string) => (heldResponse += chunk));
    const heldClosed = new Promise((resolve) => held.on('close', resolve));
    held.write(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${query.length}\r\n\r\n${query.slice(0, 5)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    started.child.kill('SIGTERM');
    const exited = exitOf(started.child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = await exchange(started.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(during.head).toMatch(/^HTTP\/1\.1 200/);
    expect(during.head.toLowerCase()).toContain('connection: close');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const late = await exchange(started.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(late.error).toBeUndefined();
    expect(late.head).toMatch(/^HTTP\/1\.1 503/);
    expect(JSON.parse(late.body)).toMatchObject({ errors: [{ extensions: { code: 'SHUTTING_DOWN' } }] });

    held.write(query.slice(5));
    await heldClosed;
    expect(heldResponse).toMatch(/^HTTP\/1\.1 200/);
    expect(heldResponse).toContain('{"data":{"__typename":"Query"}}');
    expect(await exited).toBe(0);
    const after = await exchange(started.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(after.error).toBe('ECONNREFUSED');
  }, 300_000);
});

describe.runIf(testDatabaseUrl() !== undefined)('npm start on PostgreSQL', () => {
  it('refuses to start with pending migrations and names them; starts after db:migrate', async () => {
    const serverUrl = testDatabaseUrl() as string;
    const name = `lienthong_test_start_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    cleanup.push(async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    });
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-start-pg-'));
    cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = { DATA_DIR: dataDir, DATABASE_URL: url.toString() };

    const refused = run(env);
    const refusedOutput = collect(refused);
    expect(await exitOf(refused)).toBe(1);
    expect(refusedOutput()).toMatch(/pending: 20261128000000_init/);
    expect(refusedOutput()).toContain('npm run db:migrate');

    const migrate = spawn(TSX, ['src/cli/migrate.ts'], {
      cwd: ROOT,
      env: { ...minimalChildEnvironment(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const migrateOutput = collect(migrate);
    expect(await exitOf(migrate)).toBe(0);
    expect(migrateOutput()).toContain('Applied: 20261128000000_init');

    const started = await start(env);
    cleanup.push(() => void started.child.kill('SIGKILL'));
    const ready = await fetch(`${started.url}/readyz`);
    expect(await ready.json()).toMatchObject({ ready: true, database: 'up' });
    expect(await stop(started)).toBe(0);
  }, 300_000);
});

describe('the production bundle (npm run build)', () => {
  it('runs the gateway and the commands with plain Node, from any working directory', async () => {
    // Inside the project (the bundle finds schema/ and prisma/migrations/ above itself), apart from a user's dist/.
    const outdir = path.join('node_modules', '.cache', `lienthong-bundle-test-${process.pid}`);
    cleanup.push(() => fs.rmSync(path.join(ROOT, outdir), { recursive: true, force: true }));
    await bundle(productionEntryPoints(), outdir);
    const bundled = (name: string): Runner => ({
      command: process.execPath,
      args: [path.join(ROOT, outdir, `${name}.js`)],
      cwd: os.tmpdir(),
    });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-bundle-'));
    cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = { DATA_DIR: dataDir, DEMO_CITIZENS: '50' };

    const started = await start(env, bundled('main'));
    cleanup.push(() => void started.child.kill('SIGKILL'));
    const ready = await fetch(`${started.url}/readyz`);
    expect(await ready.json()).toMatchObject({ ready: true, migrations: 'current' }); // prisma/migrations was found
    const token = await signDevelopmentToken(dataDir, 'hospital');
    expect(await citizenCount(started.url, token)).toEqual({
      data: { gatewayInfo: { name: 'lienthong', developmentMode: true } }, // the SDL in schema/ was found
    });
    // The explorer page and its own assets (src/http/explorer/), and GraphiQL's from node_modules.
    const page = await fetch(`${started.url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:href|src)="(\/explorer\/assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) expect((await fetch(`${started.url}${asset}`)).status, asset).toBe(200);
    expect(await stop(started)).toBe(0);

    // A command of src/cli/, bundled: the audit chain the gateway wrote on the embedded database verifies.
    const verify = run(env, bundled('audit-verify'));
    const verifyOutput = collect(verify);
    expect(await exitOf(verify), verifyOutput()).toBe(0);
    expect(verifyOutput()).toMatch(/OK/);
  }, 300_000);
});
