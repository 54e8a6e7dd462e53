/**
 * Formats of the identifiers that resolve to a citizen, checked before any SQL runs.
 *  - Old identity card (CMND): 9 digits (an area prefix and a serial). The 12-digit CMND issued 2012-2016 carries the
 *    same number as the personal ID: look it up as PERSONAL_ID.
 *  - Personal tax code: 10 digits; a dependent unit's code adds 3 digits (`0123456789-001`, stored without the
 *    hyphen). Its check digit (Circular 105/2020/TT-BTC) is not verified: codes are taken as the source registries
 *    recorded them, and the seed's codes carry none.
 *  - Social-insurance number (mã số BHXH): 10 digits (2-digit issuing province + 8).
 */
import { personalIdProblem } from '../../lib/personal-id.ts';
import type { IdentifierKindValue, LegacyKindValue } from './mappers.ts';

export type Normalised = { readonly value: string; readonly problem?: undefined } | { readonly problem: string };

const OLD_ID_CARD = /^\d{9}$/;
const TAX_CODE = /^(\d{10})(?:-?(\d{3}))?$/;
const SOCIAL_INSURANCE = /^\d{10}$/;

/** The value as stored, or why it is not an identifier of `kind`. */
export function normaliseIdentifier(kind: IdentifierKindValue, raw: string): Normalised {
  const shown = raw.length > 20 ? `${raw.slice(0, 20)}…` : raw;
  switch (kind) {
    case 'PERSONAL_ID': {
      const problem = personalIdProblem(raw);
      return problem === undefined ? { value: raw } : { problem: `"${shown}" is not a personal ID: ${problem}` };
    }
    case 'OLD_ID_CARD':
      return OLD_ID_CARD.test(raw) ? { value: raw } : { problem: `"${shown}" is not an old ID card number (9 digits)` };
    case 'TAX_CODE': {
      const match = TAX_CODE.exec(raw);
      if (match === null || match[2] === '000') {
        return { problem: `"${shown}" is not a tax code (10 digits, or 13 written 0123456789-001)` };
      }
      return { value: `${match[1]}${match[2] ?? ''}` };
    }
    case 'SOCIAL_INSURANCE':
      return SOCIAL_INSURANCE.test(raw)
        ? { value: raw }
        : { problem: `"${shown}" is not a social-insurance number (10 digits)` };
  }
}

/**
 * Kinds a citizen may hold once; the key two values are compared by (a tax code's 10-digit base: a dependent unit's
 * 13-digit code belongs to the taxpayer of its first 10 digits). Old ID cards are not here: a card re-issued in
 * another province got a new number, so several are normal.
 */
export const ONE_PER_CITIZEN: Readonly<Partial<Record<LegacyKindValue, (value: string) => string>>> = {
  TAX_CODE: (value) => value.slice(0, 10),
  SOCIAL_INSURANCE: (value) => value,
};

/** SQL of the same key, for a legacy_identifier alias. */
export function baseSql(alias: string): string {
  return `CASE WHEN ${alias}.kind = 'TAX_CODE' THEN left(${alias}.value, 10) ELSE ${alias}.value END`;
}

/** SQL list of the kinds in ONE_PER_CITIZEN. */
export const ONE_PER_CITIZEN_SQL = `('TAX_CODE', 'SOCIAL_INSURANCE')`;
