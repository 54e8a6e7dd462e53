/**
 * Keys and tokens of the benchmark: a fresh ES256 key pair per run, its public JWKS written to a file the gateway
 * reads through AUTH_JWKS_FILE (production mode: no development keys), and tokens signed with jose the way an
 * identity provider would.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export const BENCH_ISSUER = 'https://idp.bench.lienthong.local';
export const BENCH_AUDIENCE = 'lienthong';
export const BENCH_SUBJECT = 'bench-hospital-37001';

/** Everything the 360° view reads (Q1-Q4): a hospital-like client that also sees household, land and stays. */
export const FULL_VIEW_SCOPES = [
  'citizen:identity:read',
  'household:registration:read',
  'health:summary:read',
  'health:encounters:read',
  'land:parcels:read',
  'tourism:stays:read',
  'tourism:establishments:read',
] as const;

/** Q5: a client without any health scope (residence-police-like) asking for health fields. */
export const NO_HEALTH_SCOPES = ['citizen:identity:read', 'household:registration:read', 'tourism:stays:read'] as const;

export const BENCH_PURPOSE = 'TREATMENT';

export interface BenchKeys {
  readonly jwksFile: string;
  sign(scopes: readonly string[], purposes: readonly string[]): Promise<string>;
}

export async function createBenchKeys(directory: string): Promise<BenchKeys> {
  await mkdir(directory, { recursive: true });
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwksFile = path.join(directory, 'jwks.json');
  await writeFile(
    jwksFile,
    `${JSON.stringify({ keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] }, null, 2)}\n`,
  );
  const key: CryptoKey = privateKey;
  return {
    jwksFile,
    async sign(scopes, purposes) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ scope: scopes.join(' '), purposes: [...purposes], org: '37001' })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setIssuer(BENCH_ISSUER)
        .setAudience(BENCH_AUDIENCE)
        .setSubject(BENCH_SUBJECT)
        .setIssuedAt(now)
        .setExpirationTime(now + 4 * 3600)
        .setJti(randomUUID())
        .sign(key);
    },
  };
}
