/**
 * Token verification end to end (docs/ARCHITECTURE.md §5): real keys, real signatures, configs built by the real config
 * parser, a real JWKS HTTP server on 127.0.0.1, and the real `npm run token` command.
 */
import { execFile } from 'node:child_process';
import {
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  sign as nodeSign,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompactSign, decodeProtectedHeader, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { developmentJwks, developmentKeyFile, ensureDevelopmentKeys } from '../src/auth/dev-keys.ts';
import { ANONYMOUS, type Principal } from '../src/auth/principal.ts';
import { PROFILES, signDevelopmentToken, TokenRequestError } from '../src/auth/profiles.ts';
import {
  AuthenticationError,
  createTokenVerifier,
  JWKS_MAX_AGE_MS,
  VERIFIED_TOKEN_MAX_AGE_MS,
  type AuthenticationFailure,
  type TokenVerifier,
} from '../src/auth/verify.ts';
import { DEV_ISSUER, parseConfig } from '../src/config.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ISSUER = 'https://idp.example.gov.vn';
/** Production requires a cursor key (src/config.ts). */
const CURSOR_KEY = 'a'.repeat(64);
const AUDIENCE = 'lienthong';
const HMAC_SECRET = 'a-shared-secret-of-at-least-32-characters!';
const encoder = new TextEncoder();

const temporaryDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lienthong-auth-'));
  temporaryDirs.push(dir);
  return dir;
}

const now = (): number => Math.floor(Date.now() / 1000);
const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function baseClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'hospital-37001',
    org: '37001',
    scope: 'citizen:identity:read health:summary:read',
    purposes: ['TREATMENT'],
    iat: now(),
    exp: now() + 300,
    ...overrides,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

/** Signs arbitrary header + claims with jose (so claims jose's SignJWT would refuse can be produced). */
async function signed(
  key: CryptoKey | Uint8Array,
  header: { alg: string; kid?: string; [name: string]: unknown },
  claims: Record<string, unknown> = baseClaims(),
): Promise<string> {
  return new CompactSign(encoder.encode(JSON.stringify(claims))).setProtectedHeader(header).sign(key);
}

/** Signs with node:crypto, bypassing every check jose makes when signing (weak keys, mismatched curves). */
function rawSigned(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  signer: (input: Buffer) => Buffer,
): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${signer(Buffer.from(input)).toString('base64url')}`;
}

interface KeyPair {
  privateKey: CryptoKey;
  publicJwk: JWK;
}
async function keyPair(alg: 'ES256' | 'EdDSA' | 'RS256' | 'ES384', kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

async function writeJwks(file: string, keys: JWK[]): Promise<void> {
  await writeFile(file, JSON.stringify({ keys }));
}

function configFor(env: Record<string, string>, dataDir: string) {
  return parseConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env }, dataDir);
}

async function rejection(verifier: TokenVerifier, header: string | undefined): Promise<AuthenticationError> {
  try {
    await verifier.verifyAuthorizationHeader(header);
  } catch (error) {
    if (error instanceof AuthenticationError) return error;
    throw new Error(`expected an AuthenticationError, got ${String(error)}`);
  }
  throw new Error('the token was accepted');
}

// ---------------------------------------------------------------------------------------------------------------
let dataDir: string;
let jwksFile: string;
let es256: KeyPair;
let eddsa: KeyPair;
let rs256: KeyPair;
let attacker: KeyPair;
let p384: { privateKey: KeyObject; publicKey: KeyObject };
let weakRsa: { privateKey: KeyObject; publicKey: KeyObject };
/** JWKS file, default algorithms (ES256, EdDSA, RS256), no HMAC. */
let fileVerifier: TokenVerifier;
/** Same keys + HS256 with AUTH_HMAC_SECRET. */
let hmacVerifier: TokenVerifier;
/** Development mode: trusts only the development key. */
let devVerifier: TokenVerifier;
let devDataDir: string;

beforeAll(async () => {
  dataDir = await tempDir();
  devDataDir = await tempDir();
  jwksFile = path.join(dataDir, 'jwks.json');
  [es256, eddsa, rs256, attacker] = await Promise.all([
    keyPair('ES256', 'es-1'),
    keyPair('EdDSA', 'ed-1'),
    keyPair('RS256', 'rs-1'),
    keyPair('ES256', 'attacker'),
  ]);
  p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  weakRsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const weakJwk: JWK = { ...weakRsa.publicKey.export({ format: 'jwk' }), kid: 'rs-weak', alg: 'RS256', use: 'sig' };
  await writeJwks(jwksFile, [es256.publicJwk, eddsa.publicJwk, rs256.publicJwk, weakJwk]);

  const fileConfig = configFor({ AUTH_JWKS_FILE: jwksFile, AUTH_ISSUERS: ISSUER }, dataDir);
  expect(fileConfig.auth.useDevelopmentKeys).toBe(false);
  fileVerifier = await createTokenVerifier(fileConfig.auth, dataDir);
  const hmacConfig = configFor(
    {
      AUTH_JWKS_FILE: jwksFile,
      AUTH_ISSUERS: ISSUER,
      AUTH_ALGORITHMS: 'ES256,EdDSA,RS256,HS256',
      AUTH_HMAC_SECRET: HMAC_SECRET,
    },
    dataDir,
  );
  hmacVerifier = await createTokenVerifier(hmacConfig.auth, dataDir);
  const devConfig = configFor({}, devDataDir);
  expect(devConfig.auth.useDevelopmentKeys).toBe(true);
  devVerifier = await createTokenVerifier(devConfig.auth, devDataDir);
});

afterAll(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

// ---------------------------------------------------------------------------------------------------------------
interface ForgedCase {
  name: string;
  /** The full Authorization header value. */
  header: () => Promise<string>;
  reason: AuthenticationFailure;
  verifier?: 'file' | 'hmac' | 'dev';
}

const bearer = async (token: Promise<string> | string): Promise<string> => `Bearer ${await token}`;
const es = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
  bearer(signed(es256.privateKey, { alg: 'ES256', kid: 'es-1', ...header }, claims));

const forged: ForgedCase[] = [
  {
    name: 'alg none, empty signature',
    header: () => bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(baseClaims())}.`),
    reason: 'algorithm_not_allowed',
  },
  {
    name: 'alg "None" with a copied signature',
    header: async () => {
      const valid = await signed(es256.privateKey, { alg: 'ES256', kid: 'es-1' });
      return bearer(`${b64({ alg: 'None', kid: 'es-1' })}.${b64(baseClaims())}.${valid.split('.')[2]}`);
    },
    reason: 'algorithm_not_allowed',
  },
  {
    name: 'HS256 signed with the RSA public key (algorithm confusion), HMAC not configured',
    header: async () => {
      const pem = publicPem(rs256.publicJwk);
      return bearer(
        rawSigned({ alg: 'HS256', kid: 'rs-1' }, baseClaims(), (input) =>
          createHmac('sha256', pem).update(input).digest(),
        ),
      );
    },
    reason: 'algorithm_not_allowed',
  },
  {
    name: 'HS256 signed with the RSA public key (algorithm confusion), HMAC configured',
    verifier: 'hmac',
    header: async () => {
      const pem = publicPem(rs256.publicJwk);
      return bearer(
        rawSigned({ alg: 'HS256', kid: 'rs-1' }, baseClaims(), (input) =>
          createHmac('sha256', pem).update(input).digest(),
        ),
      );
    },
    reason: 'invalid_signature',
  },
  {
    name: 'HS256 with some secret when HMAC is not configured',
    header: () => bearer(signed(encoder.encode(HMAC_SECRET), { alg: 'HS256' })),
    reason: 'algorithm_not_allowed',
  },
  {
    name: 'HS256 with the wrong secret when HMAC is configured',
    verifier: 'hmac',
    header: () => bearer(signed(encoder.encode(`${HMAC_SECRET}-but-not-quite`), { alg: 'HS256' })),
    reason: 'invalid_signature',
  },
  {
    name: 'ES384 (not allow-listed) signed with a P-384 key',
    header: async () => {
      const { privateKey } = await generateKeyPair('ES384');
      return bearer(signed(privateKey, { alg: 'ES384', kid: 'es-1' }));
    },
    reason: 'algorithm_not_allowed',
  },
  {
    name: 'wrong key under a trusted kid',
    header: () => bearer(signed(attacker.privateKey, { alg: 'ES256', kid: 'es-1' })),
    reason: 'invalid_signature',
  },
  {
    name: 'wrong key and no kid',
    header: () => bearer(signed(attacker.privateKey, { alg: 'ES256' })),
    reason: 'invalid_signature',
  },
  {
    name: 'unknown kid',
    header: () => bearer(signed(attacker.privateKey, { alg: 'ES256', kid: 'attacker' })),
    reason: 'unknown_key',
  },
  {
    name: 'ES256 header, signed with a P-384 key',
    header: async () =>
      bearer(
        rawSigned({ alg: 'ES256', kid: 'es-1' }, baseClaims(), (input) =>
          nodeSign('sha256', input, { key: p384.privateKey, dsaEncoding: 'ieee-p1363' }),
        ),
      ),
    reason: 'invalid_signature',
  },
  {
    name: 'RS256 signed with a 1024-bit RSA key that is even published in the JWKS',
    header: async () =>
      bearer(
        rawSigned({ alg: 'RS256', kid: 'rs-weak' }, baseClaims(), (input) =>
          nodeSign('sha256', input, weakRsa.privateKey),
        ),
      ),
    reason: 'unknown_key',
  },
  { name: 'expired beyond the skew', header: () => es(baseClaims({ exp: now() - 120 })), reason: 'expired' },
  {
    name: 'not yet valid beyond the skew',
    header: () => es(baseClaims({ nbf: now() + 120 })),
    reason: 'not_yet_valid',
  },
  { name: 'wrong iss', header: () => es(baseClaims({ iss: 'https://evil.example' })), reason: 'issuer_not_trusted' },
  { name: 'missing iss', header: () => es(baseClaims({ iss: undefined })), reason: 'issuer_not_trusted' },
  { name: 'wrong aud', header: () => es(baseClaims({ aud: 'another-api' })), reason: 'audience_not_accepted' },
  { name: 'missing aud', header: () => es(baseClaims({ aud: undefined })), reason: 'audience_not_accepted' },
  { name: 'missing exp', header: () => es(baseClaims({ exp: undefined })), reason: 'invalid_claim' },
  { name: 'exp as a string', header: () => es(baseClaims({ exp: String(now() + 300) })), reason: 'invalid_claim' },
  {
    name: 'tampered payload (scope widened after signing)',
    header: async () => {
      const [h, , s] = (await signed(es256.privateKey, { alg: 'ES256', kid: 'es-1' })).split('.');
      return bearer(`${h}.${b64(baseClaims({ scope: 'audit:log:read citizen:identity:read' }))}.${s}`);
    },
    reason: 'invalid_signature',
  },
  {
    name: 'tampered header (a field added after signing)',
    header: async () => {
      const [, p, s] = (await signed(es256.privateKey, { alg: 'ES256', kid: 'es-1' })).split('.');
      return bearer(`${b64({ alg: 'ES256', kid: 'es-1', typ: 'JWT' })}.${p}.${s}`);
    },
    reason: 'invalid_signature',
  },
  {
    name: 'tampered header (kid swapped to another trusted key)',
    header: async () => {
      const [, p, s] = (await signed(es256.privateKey, { alg: 'ES256', kid: 'es-1' })).split('.');
      return bearer(`${b64({ alg: 'RS256', kid: 'rs-1' })}.${p}.${s}`);
    },
    reason: 'invalid_signature',
  },
  {
    name: 'unknown critical header extension',
    header: async () =>
      bearer(
        new CompactSign(encoder.encode(JSON.stringify(baseClaims())))
          .setProtectedHeader({ alg: 'ES256', kid: 'es-1', crit: ['x-unknown'], 'x-unknown': true })
          .sign(es256.privateKey, { crit: { 'x-unknown': true } }),
      ),
    reason: 'malformed_token',
  },
  { name: 'scope as a number', header: () => es(baseClaims({ scope: 42 })), reason: 'invalid_claim' },
  { name: 'scope as an object', header: () => es(baseClaims({ scope: { read: true } })), reason: 'invalid_claim' },
  {
    name: 'scope array with a number',
    header: () => es(baseClaims({ scope: ['citizen:identity:read', 7] })),
    reason: 'invalid_claim',
  },
  {
    name: 'scope array with a space inside an element',
    header: () => es(baseClaims({ scope: ['citizen:identity:read audit:log:read'] })),
    reason: 'invalid_claim',
  },
  { name: 'pid with 11 digits', header: () => es(baseClaims({ pid: '03719000012' })), reason: 'invalid_claim' },
  { name: 'pid with a letter', header: () => es(baseClaims({ pid: '03719000012X' })), reason: 'invalid_claim' },
  { name: 'pid as a number', header: () => es(baseClaims({ pid: 37190000123 })), reason: 'invalid_claim' },
  { name: 'sub missing', header: () => es(baseClaims({ sub: undefined })), reason: 'invalid_claim' },
  { name: 'sub empty', header: () => es(baseClaims({ sub: '' })), reason: 'invalid_claim' },
  { name: 'sub as a number', header: () => es(baseClaims({ sub: 12 })), reason: 'invalid_claim' },
  { name: 'org as a number', header: () => es(baseClaims({ org: 37001 })), reason: 'invalid_claim' },
  { name: 'purposes not an array', header: () => es(baseClaims({ purposes: 'TREATMENT' })), reason: 'invalid_claim' },
  {
    name: 'purposes with an unknown value',
    header: () => es(baseClaims({ purposes: ['TREATMENT', 'MARKETING'] })),
    reason: 'invalid_claim',
  },
  {
    name: 'payload that is not a JSON object, validly signed',
    header: async () =>
      bearer(
        new CompactSign(encoder.encode('"just a string"'))
          .setProtectedHeader({ alg: 'ES256', kid: 'es-1' })
          .sign(es256.privateKey),
      ),
    reason: 'malformed_token',
  },
  {
    name: 'oversized token (> 8 KiB), validly signed',
    header: () => es(baseClaims({ padding: 'x'.repeat(9000) })),
    reason: 'oversized_token',
  },
  {
    name: 'two-part token',
    header: async () =>
      bearer((await signed(es256.privateKey, { alg: 'ES256', kid: 'es-1' })).split('.').slice(0, 2).join('.')),
    reason: 'malformed_token',
  },
  { name: 'garbage base64', header: async () => 'Bearer %%%.***.###', reason: 'malformed_token' },
  {
    name: 'header that is not JSON',
    header: async () => bearer(`${b64('not json')}.${b64(baseClaims())}.c2ln`),
    reason: 'malformed_token',
  },
  {
    name: 'Basic scheme',
    header: async () => `Basic ${Buffer.from('user:password').toString('base64')}`,
    reason: 'malformed_header',
  },
  { name: 'Bearer with an empty token', header: async () => 'Bearer ', reason: 'malformed_header' },
  { name: '"Bearer" without a token', header: async () => 'Bearer', reason: 'malformed_header' },
  {
    name: 'token without a scheme',
    header: async () => signed(es256.privateKey, { alg: 'ES256', kid: 'es-1' }),
    reason: 'malformed_header',
  },
  {
    name: 'two tokens in one header',
    header: async () => {
      const token = await signed(es256.privateKey, { alg: 'ES256', kid: 'es-1' });
      return `Bearer ${token} ${token}`;
    },
    reason: 'malformed_header',
  },
  {
    name: 'development token presented to a gateway with a real key source',
    header: () => bearer(signDevelopmentToken(devDataDir, 'hospital')),
    reason: 'unknown_key',
  },
  {
    name: 'dev mode: attacker key under the development kid',
    verifier: 'dev',
    header: async () => {
      const { kid } = await ensureDevelopmentKeys(devDataDir);
      return bearer(signed(attacker.privateKey, { alg: 'ES256', kid }, baseClaims({ iss: DEV_ISSUER })));
    },
    reason: 'invalid_signature',
  },
  {
    name: 'dev mode: a token from a trusted production key is not trusted in dev mode',
    verifier: 'dev',
    header: () => es(baseClaims({ iss: DEV_ISSUER })),
    reason: 'unknown_key',
  },
];

/** The PEM text of a public JWK: what an attacker downloads from the JWKS and uses as an HMAC secret. */
function publicPem(jwk: JWK): string {
  return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

describe('forged and broken tokens are rejected with AuthenticationError', () => {
  it('has a table of at least 25 cases', () => {
    expect(forged.length).toBeGreaterThanOrEqual(25);
  });

  it.each(forged)('$name', async ({ header, reason, verifier = 'file' }) => {
    const value = await header();
    const chosen = { file: fileVerifier, hmac: hmacVerifier, dev: devVerifier }[verifier];
    const error = await rejection(chosen, value);
    expect(error.reason).toBe(reason);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.httpStatus).toBe(401);
    // The message is for clients: never the token, never a piece of it.
    const token = value.replace(/^\S+\s*/, '');
    if (token.length > 8) expect(error.message).not.toContain(token.slice(0, 20));
    expect(error.message).not.toMatch(/eyJ/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('valid tokens', () => {
  it('accepts ES256, EdDSA and RS256 tokens from the JWKS file and returns their claims', async () => {
    const claims = baseClaims({ pid: '037190000123', scope: 'citizen:identity:read health:summary:read' });
    for (const [key, alg, kid] of [
      [es256.privateKey, 'ES256', 'es-1'],
      [eddsa.privateKey, 'EdDSA', 'ed-1'],
      [rs256.privateKey, 'RS256', 'rs-1'],
    ] as const) {
      const principal = await fileVerifier.verifyAuthorizationHeader(await bearer(signed(key, { alg, kid }, claims)));
      expect(principal).toMatchObject({
        sub: 'hospital-37001',
        org: '37001',
        pid: '037190000123',
        purposes: ['TREATMENT'],
        expiresAt: claims.exp,
      });
      expect([...principal.scopes].sort()).toEqual(['citizen:identity:read', 'health:summary:read']);
    }
  });

  it('finds the key without a kid when only one key fits the algorithm', async () => {
    const principal = await fileVerifier.verifyAuthorizationHeader(
      await bearer(signed(eddsa.privateKey, { alg: 'EdDSA' })),
    );
    expect(principal.sub).toBe('hospital-37001');
  });

  it('allows the configured clock skew: expired 30 s ago and nbf 30 s ahead are accepted with 60 s', async () => {
    await expect(
      fileVerifier.verifyAuthorizationHeader(await es(baseClaims({ exp: now() - 30 }))),
    ).resolves.toBeDefined();
    await expect(
      fileVerifier.verifyAuthorizationHeader(await es(baseClaims({ nbf: now() + 30 }))),
    ).resolves.toBeDefined();
  });

  it('uses AUTH_CLOCK_SKEW_S: with 0 s, a token expired 30 s ago is rejected', async () => {
    const config = configFor({ AUTH_JWKS_FILE: jwksFile, AUTH_ISSUERS: ISSUER, AUTH_CLOCK_SKEW_S: '0' }, dataDir);
    const strict = await createTokenVerifier(config.auth, dataDir);
    expect((await rejection(strict, await es(baseClaims({ exp: now() - 30 })))).reason).toBe('expired');
  });

  it('gives the same scopes for a space-separated string and an array', async () => {
    const fromString = await fileVerifier.verifyAuthorizationHeader(
      await es(baseClaims({ scope: ' tourism:stays:read  land:parcels:read ' })),
    );
    const fromArray = await fileVerifier.verifyAuthorizationHeader(
      await es(baseClaims({ scope: ['land:parcels:read', 'tourism:stays:read'] })),
    );
    expect(fromString.scopes).toEqual(new Set(['tourism:stays:read', 'land:parcels:read']));
    expect(fromArray.scopes).toEqual(fromString.scopes);
  });

  it('treats a token without scope as a token with no scopes, and without purposes as any purpose', async () => {
    const principal = await fileVerifier.verifyAuthorizationHeader(
      await es(baseClaims({ scope: undefined, purposes: undefined, org: undefined })),
    );
    expect(principal.scopes.size).toBe(0);
    expect(principal.purposes).toBeUndefined();
    expect(principal.org).toBeUndefined();
  });

  it('accepts an audience list that contains the gateway, and a lowercase "bearer" scheme', async () => {
    const token = await signed(es256.privateKey, { alg: 'ES256', kid: 'es-1' }, baseClaims({ aud: ['x', AUDIENCE] }));
    await expect(fileVerifier.verifyAuthorizationHeader(`bearer ${token}`)).resolves.toMatchObject({
      sub: 'hospital-37001',
    });
  });

  it('returns ANONYMOUS without a header or with an empty one', async () => {
    expect(await fileVerifier.verifyAuthorizationHeader(undefined)).toBe(ANONYMOUS);
    expect(await fileVerifier.verifyAuthorizationHeader('')).toBe(ANONYMOUS);
  });

  it('accepts HS256 only where AUTH_HMAC_SECRET and an HS algorithm are configured', async () => {
    const token = await bearer(signed(encoder.encode(HMAC_SECRET), { alg: 'HS256' }));
    await expect(hmacVerifier.verifyAuthorizationHeader(token)).resolves.toMatchObject({ sub: 'hospital-37001' });
    expect((await rejection(fileVerifier, token)).reason).toBe('algorithm_not_allowed');
    // The asymmetric keys still work next to HMAC.
    await expect(hmacVerifier.verifyAuthorizationHeader(await es(baseClaims()))).resolves.toBeDefined();
  });

  it('refuses to start on a JWKS file with private key material', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'jwks.json');
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    await writeJwks(file, [{ ...(await exportJWK(privateKey)), kid: 'oops' }]);
    const config = configFor({ AUTH_JWKS_FILE: file, AUTH_ISSUERS: ISSUER }, dir);
    await expect(createTokenVerifier(config.auth, dir)).rejects.toThrow(/private or symmetric key material/);
  });

  it('picks up a key added to the JWKS file (reload on unknown kid)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'jwks.json');
    await writeJwks(file, [es256.publicJwk]);
    const config = configFor({ AUTH_JWKS_FILE: file, AUTH_ISSUERS: ISSUER, AUTH_JWKS_COOLDOWN_S: '0' }, dir);
    const verifier = await createTokenVerifier(config.auth, dir);
    const rotated = await keyPair('ES256', 'es-2');
    const token = await bearer(signed(rotated.privateKey, { alg: 'ES256', kid: 'es-2' }));
    expect((await rejection(verifier, token)).reason).toBe('unknown_key');
    await writeJwks(file, [es256.publicJwk, rotated.publicJwk]);
    await expect(verifier.verifyAuthorizationHeader(token)).resolves.toBeDefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('verified tokens are remembered, never past their validity', () => {
  afterEach(() => vi.useRealTimers());

  it('refuses a token it verified earlier once the token has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const config = configFor({ AUTH_JWKS_FILE: jwksFile, AUTH_ISSUERS: ISSUER, AUTH_CLOCK_SKEW_S: '0' }, dataDir);
    const verifier = await createTokenVerifier(config.auth, dataDir);
    const token = await es(baseClaims({ exp: now() + 5 }));
    await expect(verifier.verifyAuthorizationHeader(token)).resolves.toMatchObject({ sub: 'hospital-37001' });
    vi.advanceTimersByTime(4_000);
    await expect(verifier.verifyAuthorizationHeader(token)).resolves.toMatchObject({ sub: 'hospital-37001' });
    vi.advanceTimersByTime(2_000);
    expect((await rejection(verifier, token)).reason).toBe('expired');
  });

  it('refuses a token it verified earlier once its key is withdrawn from the JWKS and the key set is reloaded', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const dir = await tempDir();
    const file = path.join(dir, 'jwks.json');
    const withdrawn = await keyPair('ES256', 'es-withdrawn');
    await writeJwks(file, [es256.publicJwk, withdrawn.publicJwk]);
    const config = configFor({ AUTH_JWKS_FILE: file, AUTH_ISSUERS: ISSUER }, dir);
    const verifier = await createTokenVerifier(config.auth, dir);
    const token = await bearer(
      signed(withdrawn.privateKey, { alg: 'ES256', kid: 'es-withdrawn' }, baseClaims({ exp: now() + 3600 })),
    );
    await expect(verifier.verifyAuthorizationHeader(token)).resolves.toBeDefined();
    await writeJwks(file, [es256.publicJwk]);
    expect(JWKS_MAX_AGE_MS).toBeGreaterThan(VERIFIED_TOKEN_MAX_AGE_MS);
    vi.advanceTimersByTime(JWKS_MAX_AGE_MS);
    expect((await rejection(verifier, token)).reason).toBe('unknown_key');
  });

  it('does not take a token that differs in one character for the one it verified', async () => {
    const token = await es(baseClaims());
    await expect(fileVerifier.verifyAuthorizationHeader(token)).resolves.toBeDefined();
    // A character inside the signature (the last one may only carry padding bits).
    const at = token.length - 10;
    const altered = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    expect((await rejection(fileVerifier, altered)).reason).toBe('invalid_signature');
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('JWKS URL', () => {
  let server: Server;
  let url: string;
  let served: { status: number; keys: JWK[] };
  let requests = 0;

  beforeAll(async () => {
    served = { status: 200, keys: [es256.publicJwk] };
    server = createServer((request, response) => {
      requests += 1;
      if (request.url !== '/jwks.json' || served.status !== 200) {
        response.writeHead(served.status === 200 ? 404 : served.status).end();
        return;
      }
      response
        .writeHead(200, { 'content-type': 'application/jwk-set+json' })
        .end(JSON.stringify({ keys: served.keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('fetches, caches, refetches an unknown kid at most once per cooldown, and accepts a rotated key', async () => {
    requests = 0;
    served = { status: 200, keys: [es256.publicJwk] };
    const dir = await tempDir();
    const config = configFor({ AUTH_JWKS_URLS: url, AUTH_ISSUERS: ISSUER, AUTH_JWKS_COOLDOWN_S: '1' }, dir);
    expect(config.auth.useDevelopmentKeys).toBe(false);
    const verifier = await createTokenVerifier(config.auth, dir);
    expect(requests).toBe(0); // fetched lazily

    // Fetched once, then served from the cache.
    for (let i = 0; i < 5; i += 1) await verifier.verifyAuthorizationHeader(await es(baseClaims()));
    expect(requests).toBe(1);

    // An unknown kid right after the fetch: still inside the cooldown window, no refetch.
    const rotated = await keyPair('ES256', 'es-2');
    const rotatedToken = await bearer(signed(rotated.privateKey, { alg: 'ES256', kid: 'es-2' }));
    expect((await rejection(verifier, rotatedToken)).reason).toBe('unknown_key');
    expect(requests).toBe(1);

    // After the window: one refetch for an unknown kid; a second unknown kid within the new window does not refetch.
    await sleep(1100);
    const unknown1 = await bearer(signed(attacker.privateKey, { alg: 'ES256', kid: 'nobody-1' }));
    const unknown2 = await bearer(signed(attacker.privateKey, { alg: 'ES256', kid: 'nobody-2' }));
    expect((await rejection(verifier, unknown1)).reason).toBe('unknown_key');
    expect(requests).toBe(2);
    expect((await rejection(verifier, unknown2)).reason).toBe('unknown_key');
    await Promise.all([rejection(verifier, unknown1), rejection(verifier, unknown2), rejection(verifier, unknown1)]);
    expect(requests).toBe(2);

    // Key rotation: the provider publishes es-2; accepted after the next window, with one more fetch.
    served = { status: 200, keys: [es256.publicJwk, rotated.publicJwk] };
    expect((await rejection(verifier, rotatedToken)).reason).toBe('unknown_key');
    expect(requests).toBe(2);
    await sleep(1100);
    await expect(verifier.verifyAuthorizationHeader(rotatedToken)).resolves.toMatchObject({ sub: 'hospital-37001' });
    expect(requests).toBe(3);
    await verifier.verifyAuthorizationHeader(rotatedToken);
    await verifier.verifyAuthorizationHeader(await es(baseClaims()));
    expect(requests).toBe(3);
    expect(verifier.keySourceStats()).toEqual([{ description: url, loads: 3, failedLoads: 0 }]);
  });

  it('concurrent first requests share one fetch', async () => {
    requests = 0;
    served = { status: 200, keys: [es256.publicJwk] };
    const dir = await tempDir();
    const config = configFor({ AUTH_JWKS_URLS: url, AUTH_ISSUERS: ISSUER }, dir);
    const verifier = await createTokenVerifier(config.auth, dir);
    const token = await es(baseClaims());
    await Promise.all(Array.from({ length: 10 }, () => verifier.verifyAuthorizationHeader(token)));
    expect(requests).toBe(1);
  });

  it('a failing provider: tokens rejected (keys unavailable) and not refetched within the cooldown', async () => {
    requests = 0;
    served = { status: 500, keys: [] };
    const dir = await tempDir();
    const config = configFor({ AUTH_JWKS_URLS: url, AUTH_ISSUERS: ISSUER, AUTH_JWKS_COOLDOWN_S: '1' }, dir);
    const verifier = await createTokenVerifier(config.auth, dir);
    const token = await es(baseClaims());
    for (let i = 0; i < 4; i += 1) expect((await rejection(verifier, token)).reason).toBe('keys_unavailable');
    expect(requests).toBe(1);
    served = { status: 200, keys: [es256.publicJwk] };
    await sleep(1100);
    await expect(verifier.verifyAuthorizationHeader(token)).resolves.toBeDefined();
    expect(requests).toBe(2);
    expect(verifier.keySourceStats()[0]).toMatchObject({ loads: 2, failedLoads: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('development keys and profiles', () => {
  it('creates the key once in <dataDir>/keys with mode 0600 and reuses it', async () => {
    const keys = await ensureDevelopmentKeys(devDataDir);
    const file = developmentKeyFile(devDataDir);
    expect(keys.file).toBe(file);
    if (os.platform() !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(file, 'utf8')) as JWK;
    expect(stored).toMatchObject({ kty: 'EC', crv: 'P-256', kid: keys.kid, alg: 'ES256' });
    expect(typeof stored.d).toBe('string');
    const jwks = await developmentJwks(devDataDir);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({
      kid: keys.kid,
      kty: 'EC',
      crv: 'P-256',
      x: stored.x,
      y: stored.y,
      use: 'sig',
    });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('signs a token for every profile that the development verifier accepts with the profile scopes', async () => {
    for (const profile of PROFILES.values()) {
      const pid = profile.requiresPid ? '037190000123' : undefined;
      const token = await signDevelopmentToken(devDataDir, profile.name, { pid });
      const header = decodeProtectedHeader(token);
      expect(header).toMatchObject({ alg: 'ES256', kid: (await ensureDevelopmentKeys(devDataDir)).kid });
      const principal: Principal = await devVerifier.verifyAuthorizationHeader(`Bearer ${token}`);
      expect(principal.scopes).toEqual(new Set(profile.scopes));
      expect(principal.scopes.has('schema:introspect')).toBe(true);
      expect(principal.purposes).toEqual(profile.purposes);
      expect(principal.pid).toBe(pid);
    }
  });

  it('applies options and validates them', async () => {
    const token = await signDevelopmentToken(devDataDir, 'hospital', {
      org: '36002',
      sub: 'his-36002',
      expiresInSeconds: 120,
      scopes: ['citizen:identity:read'],
    });
    const principal = await devVerifier.verifyAuthorizationHeader(`Bearer ${token}`);
    expect(principal).toMatchObject({ org: '36002', sub: 'his-36002' });
    expect(principal.scopes).toEqual(new Set(['citizen:identity:read']));
    expect((principal.expiresAt ?? 0) - now()).toBeLessThanOrEqual(120);
    const citizen = await devVerifier.verifyAuthorizationHeader(
      `Bearer ${await signDevelopmentToken(devDataDir, 'citizen', { pid: '037190000123' })}`,
    );
    expect(citizen).toMatchObject({ sub: 'citizen:037190000123', pid: '037190000123', org: undefined });

    await expect(signDevelopmentToken(devDataDir, 'mayor')).rejects.toThrow(TokenRequestError);
    await expect(signDevelopmentToken(devDataDir, 'citizen')).rejects.toThrow(/--pid/);
    await expect(signDevelopmentToken(devDataDir, 'citizen', { pid: '12345' })).rejects.toThrow(/12 digits/);
    await expect(signDevelopmentToken(devDataDir, 'hospital', { org: 'H1' })).rejects.toThrow(/--org/);
    await expect(signDevelopmentToken(devDataDir, 'hospital', { expiresInSeconds: 0 })).rejects.toThrow(/--expires/);
    await expect(signDevelopmentToken(devDataDir, 'hospital', { scopes: ['everything'] })).rejects.toThrow(
      /unknown scope/,
    );
  });

  it('production with a JWKS file never creates or trusts a development key', async () => {
    const dir = await tempDir();
    const config = parseConfig(
      { NODE_ENV: 'production', DATA_DIR: dir, AUTH_JWKS_FILE: jwksFile, AUTH_ISSUERS: ISSUER, CURSOR_KEY },
      dir,
    );
    expect(config.auth.useDevelopmentKeys).toBe(false);
    const verifier = await createTokenVerifier(config.auth, dir);
    const devToken = await signDevelopmentToken(devDataDir, 'hospital');
    expect((await rejection(verifier, `Bearer ${devToken}`)).reason).toBe('unknown_key');
    await expect(stat(path.join(dir, 'keys'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('npm run token', () => {
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const cli = path.join(ROOT, 'src', 'cli', 'token.ts');
  function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [tsx, cli, ...args],
        { cwd: ROOT, env: { HOME: os.tmpdir(), ...env }, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  it('prints only the token on stdout; concurrent first runs agree on one key', async () => {
    const dir = await tempDir();
    const env = { NODE_ENV: 'development', DATA_DIR: dir };
    const results = await Promise.all([
      run(['hospital'], env),
      run(['citizen', '--pid', '037190000123'], env),
      run(['land-office', '--expires', '600'], env),
    ]);
    const verifier = await createTokenVerifier(configFor({}, dir).auth, dir);
    const kids = new Set<unknown>();
    for (const { code, stdout, stderr } of results) {
      expect(code).toBe(0);
      expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      expect(stderr).toContain('Authorization: Bearer');
      kids.add(decodeProtectedHeader(stdout.trim()).kid);
      await expect(verifier.verifyAuthorizationHeader(`Bearer ${stdout.trim()}`)).resolves.toBeDefined();
    }
    expect(kids).toEqual(new Set([(await ensureDevelopmentKeys(dir)).kid]));
  }, 60_000);

  it('lists profiles, and refuses bad requests and production', async () => {
    const dir = await tempDir();
    const env = { NODE_ENV: 'development', DATA_DIR: dir };
    const [list, unknown, noPid, badPid, production] = await Promise.all([
      run(['--list'], env),
      run(['mayor'], env),
      run(['citizen'], env),
      run(['citizen', '--pid', '0371900001'], env),
      run(['hospital'], {
        NODE_ENV: 'production',
        DATA_DIR: dir,
        AUTH_JWKS_FILE: jwksFile,
        AUTH_ISSUERS: ISSUER,
        CURSOR_KEY,
      }),
    ]);
    expect(list.code).toBe(0);
    for (const p of PROFILES.values()) expect(list.stdout).toContain(`${p.name}`);
    expect(list.stdout).toContain('stats:read tourism:establishments:read schema:introspect');
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('unknown profile "mayor"');
    expect(noPid).toMatchObject({ code: 2, stdout: '' });
    expect(noPid.stderr).toContain('--pid');
    expect(badPid).toMatchObject({ code: 2, stdout: '' });
    expect(production).toMatchObject({ code: 1, stdout: '' });
    expect(production.stderr).toContain('development keys are disabled');
    await expect(stat(path.join(dir, 'keys'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);
});
