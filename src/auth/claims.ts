/**
 * From verified JWT claims to a `Principal` (docs/ARCHITECTURE.md §5). Shapes are checked strictly: a claim of the
 * wrong type makes the whole token invalid instead of being ignored, so a mis-issued token fails loudly at the gateway
 * rather than granting something nobody meant.
 */
import type { JWTPayload } from 'jose';
import type { Principal } from './principal.ts';
import { isPurposeOfUse, type PurposeOfUse } from './purposes.ts';
import { SCOPE_TOKEN } from './scopes.ts';

export const PERSONAL_ID = /^\d{12}$/;

/** Names the claim that is wrong; the message is safe to show a client (claim names only, never values). */
export class InvalidClaimError extends Error {
  constructor(readonly claim: string) {
    super(`token claim "${claim}" is missing or invalid`);
    this.name = 'InvalidClaimError';
  }
}

export function principalFromClaims(payload: JWTPayload): Principal {
  const { sub, org, pid, exp } = payload;
  if (typeof sub !== 'string' || sub.trim() === '') throw new InvalidClaimError('sub');
  if (org !== undefined && (typeof org !== 'string' || org.trim() === '')) throw new InvalidClaimError('org');
  if (pid !== undefined && (typeof pid !== 'string' || !PERSONAL_ID.test(pid))) throw new InvalidClaimError('pid');
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new InvalidClaimError('exp');
  return Object.freeze({
    sub,
    org,
    scopes: parseScopes(payload.scope),
    pid,
    purposes: parsePurposes(payload.purposes),
    expiresAt: exp,
  });
}

/** `scope`: absent (no scopes), a space-separated string, or an array of strings; anything else is invalid. */
export function parseScopes(value: unknown): ReadonlySet<string> {
  let tokens: unknown[];
  if (value === undefined) tokens = [];
  else if (typeof value === 'string') tokens = value.split(' ').filter((token) => token !== '');
  else if (Array.isArray(value)) tokens = value;
  else throw new InvalidClaimError('scope');
  for (const token of tokens) {
    if (typeof token !== 'string' || !SCOPE_TOKEN.test(token)) throw new InvalidClaimError('scope');
  }
  return new Set(tokens as string[]);
}

/** `purposes`: absent (any purpose) or an array drawn from the fixed list (src/auth/purposes.ts). */
export function parsePurposes(value: unknown): readonly PurposeOfUse[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every(isPurposeOfUse)) throw new InvalidClaimError('purposes');
  return Object.freeze([...new Set(value)]);
}
