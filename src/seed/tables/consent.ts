/**
 * Consents of the demo data (docs/ARCHITECTURE.md §5, the consent rule): the showcase citizens (src/seed/showcase.ts)
 * let the dev hospital (`npm run -s token -- hospital`, org 37001) read their health records from the other
 * facilities, so README.md's hospital examples answer with data; the first also has an expired consent to the social
 * insurance agency (BHXH37), so `myConsents` shows a status other than ACTIVE. Deterministic: ids in order, dates
 * from the data set's reference day, nothing from the clock. Valid for five years from the reference day (the longest
 * a consent may run, src/sectors/consent/resolvers.ts).
 */
import type { TableLoad } from '../context.ts';
import { copyTextArray, dateText, NULL, timestampText } from '../format.ts';

interface SeedConsent {
  citizen: number;
  organisation: string;
  categories: string[];
  purposes: string[];
  /** Days from the reference day. */
  createdDay: number;
  validUntilDay: number;
}

/** The dev hospital profile's org (src/auth/profiles.ts). */
const DEV_HOSPITAL = '37001';
const FIVE_YEARS_DAYS = 5 * 365;

export const consentTables: readonly TableLoad[] = [
  {
    table: 'core.consent',
    columns: ['id', 'personal_id', 'organisation', 'categories', 'purposes', 'valid_until', 'created_at', 'revoked_at'],
    serial: 'id',
    *generate(context, out) {
      const { population, asOf, showcase } = context;
      const consents: SeedConsent[] = [];
      showcase.citizens.forEach((citizen, k) => {
        consents.push({
          citizen,
          organisation: DEV_HOSPITAL,
          categories:
            k === 0
              ? ['HEALTH_SUMMARY', 'HEALTH_ENCOUNTERS', 'HEALTH_PAYMENTS', 'VACCINATIONS']
              : ['HEALTH_SUMMARY', 'HEALTH_ENCOUNTERS', 'VACCINATIONS'],
          purposes: k === 0 ? ['TREATMENT', 'INSURANCE'] : ['TREATMENT'],
          createdDay: asOf - 30 + k,
          validUntilDay: asOf + FIVE_YEARS_DAYS,
        });
      });
      const first = showcase.citizens[0];
      if (first !== undefined) {
        consents.push({
          citizen: first,
          organisation: 'BHXH37',
          categories: ['HEALTH_PAYMENTS'],
          purposes: ['INSURANCE'],
          createdDay: asOf - 400,
          validUntilDay: asOf - 35,
        });
      }
      for (const [index, consent] of consents.entries()) {
        const line = [
          index + 1,
          population.pid[consent.citizen],
          consent.organisation,
          copyTextArray(consent.categories),
          copyTextArray(consent.purposes),
          `${dateText(consent.validUntilDay)} 23:59:59+07`,
          timestampText(consent.createdDay, 9 * 3600),
          NULL,
        ].join('\t');
        const chunk = out.add(line);
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
];
