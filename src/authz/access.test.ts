import { describe, expect, it } from 'vitest';
import { fieldAccess, scopeGrants } from './access.ts';
import type { FieldPolicy } from './policy.ts';
import { RuleTable } from './rules.ts';

const table = new RuleTable();
const summary = table.intern([['health:summary:read']]);
const encounters = table.intern([['health:encounters:read'], ['health:summary:read', 'citizen:identity:read']]);

function field(overrides: Partial<FieldPolicy>): FieldPolicy {
  return {
    coordinate: 'Query.patient',
    rules: [],
    isPublic: false,
    isRoot: true,
    citizenMayUse: true,
    readsPersonalData: false,
    binding: undefined,
    ...overrides,
  };
}

describe('fieldAccess', () => {
  it('allows a field whose every rule some granted set of scopes satisfies', () => {
    const grants = scopeGrants(new Set(['health:summary:read', 'citizen:identity:read']));
    expect(fieldAccess(field({ rules: [summary, encounters] }), grants, false)).toBeUndefined();
  });

  it('refuses for the scopes, and collects every failing rule when asked', () => {
    const failing = new Set<typeof summary>();
    const refusal = fieldAccess(field({ rules: [summary, encounters] }), scopeGrants(new Set()), false, failing);
    expect(refusal).toBe('scopes');
    expect([...failing]).toEqual([summary, encounters]);
  });

  it('refuses a citizen token a root field it may not use, after the scopes', () => {
    const citizenOnly = field({ rules: [summary], citizenMayUse: false });
    expect(fieldAccess(citizenOnly, scopeGrants(new Set(['health:summary:read'])), true)).toBe('citizen-token');
    expect(fieldAccess(citizenOnly, scopeGrants(new Set()), true)).toBe('scopes');
    expect(fieldAccess(citizenOnly, scopeGrants(new Set(['health:summary:read'])), false)).toBeUndefined();
  });

  it('fails closed on a field the policy does not know', () => {
    expect(fieldAccess(undefined, scopeGrants(new Set(['health:summary:read'])), false)).toBe('unknown-field');
  });
});
