/**
 * `npm start` as a user runs it: a real child process on a fresh data directory, the embedded
 * database migrated and seeded on first start, kept on restart, locked against a second process;
 * and on PostgreSQL, refusal to start with pending migrations.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { minimalChildEnvironment, testDatabaseUrl } from '../src/config.ts';
import { signDevelopmentToken } from '../src/auth/profiles.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function run(env: Record<string, string>): ChildProcess {
  return spawn(TSX, ['src/main.ts'], {
    cwd: ROOT,
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

async function start(env: Record<string, string>): Promise<Started> {
  const child = run(env);
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
    expect(first.output()).toContain('npm run token -- hospital');
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
