import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPublicJwks, ReloadingKeySource } from './key-sources.ts';

let keyA: JWK;
let keyB: JWK;

beforeAll(async () => {
  const [a, b] = await Promise.all([generateKeyPair('ES256'), generateKeyPair('ES256')]);
  keyA = { ...(await exportJWK(a.publicKey)), kid: 'a', alg: 'ES256' };
  keyB = { ...(await exportJWK(b.publicKey)), kid: 'b', alg: 'ES256' };
});

/** A key source over a JWKS the test changes, with a clock the test moves. */
function source(cooldownMs: number, maxAgeMs: number) {
  const state = { clock: 1_000_000, keys: [] as JWK[], failing: false };
  const keySource = new ReloadingKeySource({
    description: 'test',
    issuers: ['https://issuer.example'],
    load: async () => {
      if (state.failing) throw new Error('provider down');
      return { keys: state.keys };
    },
    cooldownMs,
    maxAgeMs,
    now: () => state.clock,
  });
  return { state, keySource };
}

describe('ReloadingKeySource', () => {
  it('reloads a stale set after maxAge and keeps serving the stale keys while the provider is down', async () => {
    const { state, keySource } = source(30_000, 600_000);
    state.keys = [keyA];
    expect((await keySource.lookup({ alg: 'ES256', kid: 'a' })).status).toBe('found');
    expect(keySource.stats.loads).toBe(1);

    state.clock += 600_000;
    state.failing = true;
    expect((await keySource.lookup({ alg: 'ES256', kid: 'a' })).status).toBe('found');
    expect(keySource.stats).toEqual({ loads: 2, failedLoads: 1 });
    // Within the cooldown after the failure: no new attempt.
    state.clock += 10_000;
    await keySource.lookup({ alg: 'ES256', kid: 'a' });
    expect(keySource.stats.loads).toBe(2);

    // The provider is back and has revoked key a: after the cooldown, the reload drops it.
    state.failing = false;
    state.keys = [keyB];
    state.clock += 30_000;
    expect((await keySource.lookup({ alg: 'ES256', kid: 'a' })).status).toBe('none');
    expect((await keySource.lookup({ alg: 'ES256', kid: 'b' })).status).toBe('found');
    expect(keySource.stats).toEqual({ loads: 3, failedLoads: 1 });
  });

  it('with a zero cooldown, every unknown kid reloads', async () => {
    const { state, keySource } = source(0, 600_000);
    state.keys = [keyA];
    await keySource.lookup({ alg: 'ES256', kid: 'a' });
    await keySource.lookup({ alg: 'ES256', kid: 'x' });
    await keySource.lookup({ alg: 'ES256', kid: 'y' });
    expect(keySource.stats.loads).toBe(3);
  });

  it('returns every candidate when a header without kid matches several keys', async () => {
    const { state, keySource } = source(30_000, 600_000);
    state.keys = [keyA, keyB];
    const lookup = await keySource.lookup({ alg: 'ES256' });
    expect(lookup.status === 'found' && lookup.keys.length).toBe(2);
  });

  it('refuses a JWKS with private or symmetric keys', () => {
    expect(() => checkPublicJwks({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] })).toThrow(/symmetric/);
    expect(() => checkPublicJwks({ keys: [{ ...keyA, d: 'x' }] })).toThrow(/private/);
    expect(() => checkPublicJwks({ nope: [] })).toThrow(/not a JSON Web Key Set/);
  });
});
