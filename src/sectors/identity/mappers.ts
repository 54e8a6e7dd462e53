/** Shapes the identity loaders return; GraphQL resolvers of the identity types receive these. */

export type IdentifierKindValue = 'PERSONAL_ID' | 'OLD_ID_CARD' | 'TAX_CODE' | 'SOCIAL_INSURANCE';
export type LegacyKindValue = 'OLD_ID_CARD' | 'TAX_CODE' | 'SOCIAL_INSURANCE';
export type ConflictTypeValue = 'SHARED_VALUE' | 'MULTIPLE_VALUES';
export type ConflictStatusValue = 'OPEN' | 'RESOLVED';

/** The answer of `resolveIdentifier` (the citizens are resolved from `personalIds` by the citizen hub). */
export interface IdentifierResolutionModel {
  kind: IdentifierKindValue;
  /** Normalised value. */
  value: string;
  conflict: boolean;
  reissued: boolean;
  /** Current personal IDs, sorted. */
  personalIds: string[];
}

/** A row of core.legacy_identifier, with its live conflict flag. */
export interface LegacyIdentifierModel {
  personalId: string;
  kind: LegacyKindValue;
  value: string;
  conflicted: boolean;
  supersededAt: string | null;
}

/**
 * A row of core.identity_conflict without its value and personal IDs: the personal data of a conflict is read through
 * its claims (IdentityClaim, one citizen each, audited). Plain JSON: a mutation payload is stored for idempotent
 * retries, and so holds no personal data either.
 */
export interface IdentityConflictModel {
  id: number;
  type: ConflictTypeValue;
  kind: LegacyKindValue;
  status: ConflictStatusValue;
  detectedAt: string;
  resolvedAt: string | null;
  resolvedByClient: string | null;
  resolvedByOrganisation: string | null;
  resolvedByUser: string | null;
  resolution: string | null;
  /** Personal IDs of the citizens the conflict is about: the @personal subjects, not a GraphQL field. */
  claimantPersonalIds: string[];
}

/** A legacy identifier row involved in a conflict. */
export interface IdentityClaimModel {
  conflictId: string;
  personalId: string;
  value: string;
  supersededAt: string | null;
}
