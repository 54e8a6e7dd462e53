/**
 * Scope rules (docs/ARCHITECTURE.md §5): `@requiresScopes(scopes: [[String!]!]!)` has Apollo Federation's meaning, the
 * outer list is OR, each inner list is AND. A field needs several rules at once (its own, its parent type's, its return
 * type's...): a conjunction of rules, each in this disjunctive normal form.
 */

/** Outer OR of inner ANDs. */
export type ScopeAlternatives = readonly (readonly string[])[];

/** One rule as read from the SDL, interned: equal rules are the same object (cheap dedupe and memoisation). */
export interface ScopeRule {
  readonly alternatives: ScopeAlternatives;
  /** Canonical text, e.g. `[["health:summary:read"],["health:encounters:read"]]`. */
  readonly key: string;
}

/** Interns rules so that a conjunction can be deduplicated by identity. */
export class RuleTable {
  private readonly byKey = new Map<string, ScopeRule>();

  intern(alternatives: ScopeAlternatives): ScopeRule {
    const normalised = alternatives.map((all) => [...new Set(all)].sort()).sort(compareLists);
    const key = JSON.stringify(normalised);
    let rule = this.byKey.get(key);
    if (rule === undefined) {
      rule = Object.freeze({ alternatives: Object.freeze(normalised.map((all) => Object.freeze(all))), key });
      this.byKey.set(key, rule);
    }
    return rule;
  }

  /** Every scope that appears in a rule (only these matter for a decision, hence for cache keys). */
  scopes(): Set<string> {
    const scopes = new Set<string>();
    for (const rule of this.byKey.values()) for (const all of rule.alternatives) for (const s of all) scopes.add(s);
    return scopes;
  }
}

function compareLists(a: readonly string[], b: readonly string[]): number {
  const left = a.join(' ');
  const right = b.join(' ');
  return left < right ? -1 : left > right ? 1 : 0;
}

/** True when some alternative has all its scopes granted. */
export function satisfies(rule: ScopeRule, scopes: ReadonlySet<string>): boolean {
  return rule.alternatives.some((all) => all.every((scope) => scopes.has(scope)));
}

/**
 * The conjunction of rules as one rule in disjunctive normal form (for error messages: "any of these sets of
 * scopes would do"). Alternatives that are supersets of another are dropped.
 */
export function conjoin(rules: readonly ScopeRule[]): ScopeAlternatives {
  let product: string[][] = [[]];
  for (const rule of rules) {
    const next: string[][] = [];
    for (const left of product)
      for (const right of rule.alternatives) next.push([...new Set([...left, ...right])].sort());
    product = minimise(next);
    if (product.length > 64) break; // an error hint, not a decision: keep it short
  }
  return product;
}

function minimise(alternatives: string[][]): string[][] {
  const unique = [...new Map(alternatives.map((a) => [a.join(' '), a])).values()].sort((a, b) => a.length - b.length);
  const kept: string[][] = [];
  for (const candidate of unique) {
    if (!kept.some((smaller) => smaller.every((scope) => candidate.includes(scope)))) kept.push(candidate);
  }
  return kept.sort(compareLists);
}
