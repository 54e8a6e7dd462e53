/**
 * The audit signing key (docs/ARCHITECTURE.md §6): production never generates one (a replica with its own key would
 * sign anchors nobody can check against the others'); the gateway refuses to start without it in one line;
 * `npm run audit:keygen` creates it; `audit:verify` fails when anchors or segments exist and no public key is given,
 * unless --no-signatures says so — a chain rewritten with recomputed hashes is caught only with the key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  archiveKeyFile,
  AuditKeyError,
  ensureArchiveKey,
  loadAuditSigningKey,
  readArchiveKey,
} from '../src/audit/segments.ts';
import { createAuditLog } from '../src/audit/store.ts';
import { openMigratedTestDatabase, type MigratedTestDatabase } from './support/harness.ts';
import { runTypeScript } from './support/process.ts';

const temporary: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-audit-key-'));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

describe('loading the signing key', () => {
  it('production requires an existing private key and never creates one; development creates it', () => {
    const dataDir = tempDir();
    expect(() => loadAuditSigningKey({ dataDir, production: true })).toThrow(AuditKeyError);
    expect(() => loadAuditSigningKey({ dataDir, production: true })).toThrow(/npm run audit:keygen -- --out <file>/);
    expect(fs.existsSync(archiveKeyFile(dataDir))).toBe(false);
    const missing = path.join(dataDir, 'nowhere.jwk');
    expect(() => loadAuditSigningKey({ file: missing, dataDir, production: false })).toThrow(
      /AUDIT_SIGNING_KEY_FILE: .*nowhere\.jwk does not exist/,
    );

    const created = loadAuditSigningKey({ dataDir, production: false });
    expect(created.privateKey).toBeDefined();
    expect(loadAuditSigningKey({ dataDir, production: true }).kid).toBe(created.kid);

    const publicOnly = path.join(dataDir, 'public.jwk');
    fs.writeFileSync(publicOnly, JSON.stringify(created.publicJwk));
    expect(() => loadAuditSigningKey({ file: publicOnly, dataDir, production: true })).toThrow(/public key/);
    const notAKey = path.join(dataDir, 'junk.jwk');
    fs.writeFileSync(notAKey, '{"kty":"RSA"}');
    expect(() => loadAuditSigningKey({ file: notAKey, dataDir, production: true })).toThrow(/not an Ed25519 JWK/);
  });
});

describe('npm run audit:keygen', () => {
  it('writes a private key (0600) once, prints the public key, never replaces an existing file', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'secrets', 'audit.jwk');
    const publicOut = path.join(dir, 'audit.pub.jwk');
    const made = await runTypeScript(['src/cli/audit-keygen.ts', '--out', out, '--public-out', publicOut]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toContain(`set AUDIT_SIGNING_KEY_FILE=${out}`);
    const key = readArchiveKey(out);
    expect(key.privateKey).toBeDefined();
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const printed = JSON.parse(made.stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: key.kid });
    expect(printed.d).toBeUndefined();
    const published = readArchiveKey(publicOut);
    expect(published.kid).toBe(key.kid);
    expect(published.privateKey).toBeUndefined();

    const before = fs.readFileSync(out, 'utf8');
    const again = await runTypeScript(['src/cli/audit-keygen.ts', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(fs.readFileSync(out, 'utf8')).toBe(before);
    expect((await runTypeScript(['src/cli/audit-keygen.ts'])).code).toBe(2);
  }, 60_000);
});

describe('a production gateway without its key', () => {
  it('refuses to start with one line naming the fix, also when AUDIT_SIGNING_KEY_FILE names a missing file', async () => {
    const dataDir = tempDir();
    const jwksFile = path.join(dataDir, 'jwks.json');
    fs.writeFileSync(jwksFile, JSON.stringify({ keys: [] }));
    const env = {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: '0',
      AUTH_JWKS_FILE: jwksFile,
      AUTH_ISSUERS: 'https://id.example.vn',
      CURSOR_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    const refused = await runTypeScript(['src/main.ts'], env);
    expect(refused.code).toBe(1);
    const lines = refused.stderr.trim().split('\n');
    expect(lines, refused.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^cannot start: an audit signing key is required in production: create one with/);
    expect(fs.existsSync(archiveKeyFile(dataDir))).toBe(false);

    const wrongFile = await runTypeScript(['src/main.ts'], {
      ...env,
      AUDIT_SIGNING_KEY_FILE: path.join(dataDir, 'missing.jwk'),
    });
    expect(wrongFile.code).toBe(1);
    expect(wrongFile.stderr.trim()).toMatch(/^cannot start: AUDIT_SIGNING_KEY_FILE: .*missing\.jwk does not exist/);
  }, 60_000);
});

describe('audit:verify and the public key', () => {
  let database: MigratedTestDatabase;
  let publicFile: string;
  let otherPublicFile: string;

  beforeAll(async () => {
    database = await openMigratedTestDatabase('lienthong-audit-key-verify-');
    // The signing key lives outside DATA_DIR (as deployed), so audit:verify cannot find it by itself.
    const keyDir = tempDir();
    const key = ensureArchiveKey(keyDir);
    publicFile = path.join(keyDir, 'audit.pub.jwk');
    fs.writeFileSync(publicFile, JSON.stringify(key.publicJwk));
    otherPublicFile = path.join(keyDir, 'other.pub.jwk');
    fs.writeFileSync(otherPublicFile, JSON.stringify(ensureArchiveKey(tempDir()).publicJwk));
    const log = createAuditLog(database.db, { anchorKey: key, anchorIntervalMs: 0 });
    for (let i = 1; i <= 5; i += 1) {
      await log.append([
        {
          requestId: `req-${i}`,
          clientSub: 'hospital-app',
          clientOrg: '37001',
          actingUser: 'doctor-1',
          purpose: 'TREATMENT',
          operationName: 'PatientLookup',
          documentHash: 'cd'.repeat(32),
          personalId: `0371${String(i).padStart(8, '0')}`,
          fields: ['Citizen.fullName'],
          outcome: 'GRANTED',
        },
      ]);
    }
    expect(await log.anchor()).toBeDefined();
    await log.close();
  }, 120_000);

  afterAll(async () => {
    await database.remove();
  });

  it('without a key it fails (exit 1), unless --no-signatures; with the public key it passes', async () => {
    await database.close(); // one process per embedded database directory
    const run = (args: string[]) => runTypeScript(['src/cli/audit-verify.ts', ...args], database.env);
    const noKey = await run([]);
    expect(noKey.code, noKey.stdout + noKey.stderr).toBe(1);
    expect(noKey.stdout).toContain(
      'FAILED: cannot check signatures of 1 anchor(s) and 0 segment(s): pass --public-key',
    );

    const hashesOnly = await run(['--no-signatures']);
    expect(hashesOnly.code, hashesOnly.stdout + hashesOnly.stderr).toBe(0);
    expect(hashesOnly.stdout).toContain('signatures NOT checked (--no-signatures)');

    const checked = await run(['--public-key', publicFile]);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/^OK: 5 records verified in 1 writer chain\(s\); 1 anchor\(s\).*signatures valid/);

    const viaSetting = await runTypeScript(['src/cli/audit-verify.ts'], {
      ...database.env,
      AUDIT_SIGNING_KEY_FILE: publicFile,
    });
    expect(viaSetting.code, viaSetting.stdout + viaSetting.stderr).toBe(0);

    const wrongKey = await run(['--public-key', otherPublicFile]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stdout).toMatch(/BROKEN at anchor 1 \(anchor\)/);

    expect((await run(['--no-signatures', '--public-key', publicFile])).code).toBe(2);
  }, 180_000);
});
