/**
 * Purposes of use (docs/ARCHITECTURE.md §5): an operation that reads personal data states one of these in `X-Purpose`;
 * a token may restrict them with its `purposes` claim.
 */
export const PURPOSES_OF_USE = [
  'TREATMENT',
  'INSURANCE',
  'RESIDENCE_ADMINISTRATION',
  'LAND_ADMINISTRATION',
  'TOURISM_MANAGEMENT',
  'LAW_ENFORCEMENT',
  'STATISTICS',
  'CITIZEN_SELF_SERVICE',
] as const;

export type PurposeOfUse = (typeof PURPOSES_OF_USE)[number];

export function isPurposeOfUse(value: unknown): value is PurposeOfUse {
  return typeof value === 'string' && (PURPOSES_OF_USE as readonly string[]).includes(value);
}
