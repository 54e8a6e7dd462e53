/** Who is calling: the verified claims of a JWT (docs/ARCHITECTURE.md §5). */
export interface Principal {
  /** `sub`: the client application or the user. */
  readonly sub: string;
  /** `org`: organisation code (a hospital's 5-char facility code, an office code...). */
  readonly org: string | undefined;
  /** Granted scopes, from `scope` (space-separated string or array of strings). */
  readonly scopes: ReadonlySet<string>;
  /** `pid`: the personal ID a citizen token is bound to (row-level binding, docs/ARCHITECTURE.md §5). */
  readonly pid: string | undefined;
  /** `purposes`: purposes of use this token may state; undefined = any purpose. */
  readonly purposes: readonly string[] | undefined;
  /** Token expiry (seconds since the epoch), for logs and caching decisions. */
  readonly expiresAt: number | undefined;
}

/** The caller without a token: only `@public` fields. */
export const ANONYMOUS: Principal = Object.freeze({
  sub: 'anonymous',
  org: undefined,
  scopes: new Set<string>(),
  pid: undefined,
  purposes: undefined,
  expiresAt: undefined,
});

export function isAnonymous(principal: Principal): boolean {
  return principal === ANONYMOUS;
}
