/**
 * "May this token read Type.field?": the one decision that execution (analyze.ts, before any resolver runs) and
 * introspection filtering (introspection.ts, what the token is shown) both take, so the two can never disagree
 * (docs/ARCHITECTURE.md §5).
 */
import type { AuthzPolicy, FieldPolicy } from './policy.ts';
import { satisfies, type ScopeRule } from './rules.ts';

/** Why a field is refused; undefined when it may be read. */
export type FieldRefusal =
  /** The policy does not know the field (validation should have rejected it): fail closed. */
  | 'unknown-field'
  /** A rule of the field (its own, its interfaces', its parent type's or its return type's) fails. */
  | 'scopes'
  /** A citizen token selects a root field it may not use (transform.ts, (c)). */
  | 'citizen-token';

/** The token's scopes that some rule names, sorted: the only ones that change a decision (they key the caches). */
export function decisiveScopes(policy: AuthzPolicy, scopes: ReadonlySet<string>): string[] {
  return [...scopes].filter((scope) => policy.relevantScopes.has(scope)).sort();
}

/** The token's scopes as a rule check, memoised per rule (rules are interned: equal rules are one object). */
export type ScopeGrants = (rule: ScopeRule) => boolean;

export function scopeGrants(scopes: ReadonlySet<string>): ScopeGrants {
  const results = new Map<ScopeRule, boolean>();
  return (rule) => {
    let result = results.get(rule);
    if (result === undefined) {
      result = satisfies(rule, scopes);
      results.set(rule, result);
    }
    return result;
  };
}

/**
 * The decision for one field of one object type. The scope rules are checked before the citizen restriction, so a
 * field both would refuse is refused for its scopes. `failing`, when given, receives every rule the token fails (for
 * the error's `requiredScopes`).
 */
export function fieldAccess(
  field: FieldPolicy | undefined,
  grants: ScopeGrants,
  citizenToken: boolean,
  failing?: Set<ScopeRule>,
): FieldRefusal | undefined {
  if (field === undefined) return 'unknown-field';
  let refused = false;
  for (const rule of field.rules) {
    if (grants(rule)) continue;
    refused = true;
    if (failing === undefined) break;
    failing.add(rule);
  }
  if (refused) return 'scopes';
  return citizenToken && !field.citizenMayUse ? 'citizen-token' : undefined;
}

/** The token passes the rules of an object type (its own and its interfaces'). */
export function typeReadable(policy: AuthzPolicy, typeName: string, grants: ScopeGrants): boolean {
  return (policy.typeRules.get(typeName) ?? []).every(grants);
}
