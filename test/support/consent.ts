/**
 * Helpers of the consent tests (test/consent*.test.ts): what a caller reads of a patient's health record through the
 * gateway, and the same computed independently from the database rows and the consents (the oracle of the consent
 * rule, docs/ARCHITECTURE.md §5).
 */
import { expect } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import type { Json, TestGateway } from './harness.ts';

export const HEALTH_READ = /* GraphQL */ `
  query HealthRead($ids: [PersonalId!]!) {
    citizens(personalIds: $ids) {
      personalId
      health {
        summary {
          bloodType
        }
        summaryWithheld
        encounters(first: 100) {
          withheldCount
          edges {
            node {
              encounterKey
              facility {
                code
              }
              payments {
                paidAt
                amountVnd
              }
            }
          }
        }
        payments(first: 100) {
          withheldCount
          edges {
            node {
              encounterKey
              paidAt
              amountVnd
            }
          }
        }
        vaccinations(first: 100) {
          withheldCount
          edges {
            node {
              vaccine
              doseNumber
              facility {
                code
              }
            }
          }
        }
      }
    }
  }
`;

/** What one caller saw of one patient. */
export interface HealthView {
  hasSummary: boolean;
  summaryWithheld: boolean;
  encounters: string[];
  encountersWithheld: number;
  /** `encounterKey@paidAt` of the payments under the visible encounters. */
  nestedPayments: string[];
  payments: string[];
  paymentsWithheld: number;
  vaccinations: string[];
  vaccinationsWithheld: number;
}

/** Reads the patients' health records as the token and purpose; fails on any error. */
export async function readHealth(
  gateway: TestGateway,
  token: string,
  purpose: string,
  ids: readonly string[],
  headers: Record<string, string> = {},
): Promise<Map<string, HealthView>> {
  const response = await gateway.graphql<Json>(HEALTH_READ, { ids }, { token, purpose, headers });
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  const views = new Map<string, HealthView>();
  for (const citizen of response.body.data.citizens as Json[]) {
    const health = citizen.health;
    const encounters = health.encounters.edges.map((e: Json) => e.node);
    views.set(citizen.personalId, {
      hasSummary: health.summary !== null,
      summaryWithheld: health.summaryWithheld,
      encounters: encounters.map((e: Json) => e.encounterKey).sort(),
      encountersWithheld: health.encounters.withheldCount,
      nestedPayments: encounters
        .flatMap((e: Json) => (e.payments ?? []).map((p: Json) => `${e.encounterKey}@${p.paidAt}`))
        .sort(),
      payments: health.payments.edges.map((e: Json) => `${e.node.encounterKey}@${e.node.paidAt}`).sort(),
      paymentsWithheld: health.payments.withheldCount,
      vaccinations: health.vaccinations.edges.map((e: Json) => `${e.node.vaccine}#${e.node.doseNumber}`).sort(),
      vaccinationsWithheld: health.vaccinations.withheldCount,
    });
  }
  return views;
}

/** The health rows of some patients, as the oracle needs them. */
export interface HealthRows {
  summaries: Set<string>;
  encounters: { personalId: string; key: string; facility: string }[];
  payments: { personalId: string; key: string; facility: string }[];
  vaccinations: { personalId: string; key: string; facility: string }[];
}

export async function healthRows(db: Database, ids: readonly string[]): Promise<HealthRows> {
  const summaries = await db.query<{ personalId: string }>(
    `SELECT personal_id AS "personalId" FROM health.health_summary WHERE personal_id = ANY($1)`,
    [ids],
  );
  const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return {
    summaries: new Set(summaries.map((row) => row.personalId)),
    encounters: await db.query(
      `SELECT personal_id AS "personalId", encounter_key AS key, facility_code AS facility
       FROM health.encounter WHERE personal_id = ANY($1)`,
      [ids],
    ),
    payments: await db.query(
      `SELECT p.personal_id AS "personalId", e.encounter_key || '@' || ${iso('p.paid_at')} AS key,
         e.facility_code AS facility
       FROM health.payment p JOIN health.encounter e ON e.id = p.encounter_id WHERE p.personal_id = ANY($1)`,
      [ids],
    ),
    vaccinations: await db.query(
      `SELECT personal_id AS "personalId", vaccine || '#' || dose_number AS key, facility_code AS facility
       FROM health.vaccination WHERE personal_id = ANY($1)`,
      [ids],
    ),
  };
}

/** A consent as the oracle sees it (its status at `now`). */
export interface OracleConsent {
  personalId: string;
  organisation: string;
  categories: readonly string[];
  purposes: readonly string[];
  validUntil: number;
  revoked: boolean;
}

/**
 * The consent rule computed in TypeScript: what a caller of `org` reading for `purpose` may see of each patient,
 * independently of the gateway's SQL.
 */
export function expectedViews(
  rows: HealthRows,
  ids: readonly string[],
  consents: readonly OracleConsent[],
  org: string,
  purpose: string,
  now = Date.now(),
): Map<string, HealthView> {
  const consented = (personalId: string, category: string) =>
    consents.some(
      (c) =>
        c.personalId === personalId &&
        c.organisation === org &&
        c.categories.includes(category) &&
        c.purposes.includes(purpose) &&
        !c.revoked &&
        c.validUntil > now,
    );
  const visible = (row: { personalId: string; facility: string }, category: string) =>
    row.facility === org || consented(row.personalId, category);
  const views = new Map<string, HealthView>();
  for (const id of ids) {
    const split = (list: HealthRows['encounters'], category: string) => {
      const own = list.filter((row) => row.personalId === id);
      const shown = own.filter((row) => visible(row, category));
      return { shown: shown.map((row) => row.key).sort(), withheld: own.length - shown.length };
    };
    const encounters = split(rows.encounters, 'HEALTH_ENCOUNTERS');
    const payments = split(rows.payments, 'HEALTH_PAYMENTS');
    const vaccinations = split(rows.vaccinations, 'VACCINATIONS');
    const shownEncounters = new Set(encounters.shown);
    const summaryVisible = rows.summaries.has(id) && consented(id, 'HEALTH_SUMMARY');
    views.set(id, {
      hasSummary: summaryVisible,
      summaryWithheld: rows.summaries.has(id) && !summaryVisible,
      encounters: encounters.shown,
      encountersWithheld: encounters.withheld,
      // A payment under a visible encounter shows when the payment itself is visible (same facility as the encounter).
      nestedPayments: payments.shown.filter((key) => shownEncounters.has(key.slice(0, key.indexOf('@')))).sort(),
      payments: payments.shown,
      paymentsWithheld: payments.withheld,
      vaccinations: vaccinations.shown,
      vaccinationsWithheld: vaccinations.withheld,
    });
  }
  return views;
}
