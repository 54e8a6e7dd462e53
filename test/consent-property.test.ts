/**
 * Property (docs/ARCHITECTURE.md §5, the consent rule): for random consent sets (organisations, categories, purposes,
 * expiry dates, revocations) and random callers (organisation, purpose), no row of another facility leaves the
 * gateway without an ACTIVE consent of its patient for the caller's organisation, the row's category and the stated
 * purpose; every own-facility row does; and withheldCount counts exactly the rows left out. The expected answer is
 * computed in TypeScript from the rows in the database (test/support/consent.ts), not by the gateway's SQL.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedViews, healthRows, readHealth, type HealthRows, type OracleConsent } from './support/consent.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';

let gateway: TestGateway;
let patients: string[];
let rows: HealthRows;
/** Caller organisations: the three facilities most of the patients' rows are at, and one with none. */
let organisations: string[];
const tokens = new Map<string, string>();
const CATEGORIES = ['HEALTH_SUMMARY', 'HEALTH_ENCOUNTERS', 'HEALTH_PAYMENTS', 'VACCINATIONS', 'HEALTH_INSURANCE'];
const PURPOSES = ['TREATMENT', 'INSURANCE'];
/** Validity relative to the request: expired a while ago, expired just now, active, active for long. */
const VALIDITY_SECONDS = [-86_400, -2, 3600, 30 * 86_400];

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 80, seed: 23 });
  patients = await gateway.personalIds(
    6,
    `EXISTS (SELECT 1 FROM health.encounter e WHERE e.personal_id = c.personal_id)
     AND EXISTS (SELECT 1 FROM health.vaccination v WHERE v.personal_id = c.personal_id)`,
  );
  expect(patients.length).toBeGreaterThanOrEqual(3);
  rows = await healthRows(gateway.db, patients);
  const byFacility = new Map<string, number>();
  for (const row of [...rows.encounters, ...rows.vaccinations]) {
    byFacility.set(row.facility, (byFacility.get(row.facility) ?? 0) + 1);
  }
  organisations = [
    ...[...byFacility.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([code]) => code),
    'ZZ001',
  ];
  for (const org of organisations) tokens.set(org, await gateway.token('hospital', { org, sub: `his-${org}` }));
}, 120_000);

afterAll(async () => gateway?.close());

const consentArbitrary = fc.record({
  patient: fc.nat(5),
  organisation: fc.nat(3),
  categories: fc.subarray(CATEGORIES),
  purposes: fc.subarray(PURPOSES),
  validity: fc.constantFrom(...VALIDITY_SECONDS),
  revoked: fc.boolean(),
});

describe('the consent rule over random consent sets', () => {
  it('releases a row of another facility only under an ACTIVE matching consent, and counts the rest', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(consentArbitrary, { maxLength: 14 }),
        fc.nat(3),
        fc.constantFrom(...PURPOSES),
        async (drawn, callerIndex, purpose) => {
          await gateway.db.exec(`DELETE FROM core.consent`);
          const consents: OracleConsent[] = [];
          for (const c of drawn) {
            const personalId = patients[c.patient % patients.length]!;
            const organisation = organisations[c.organisation]!;
            const validUntil = new Date(Date.now() + c.validity * 1000).toISOString();
            await gateway.db.query(
              `INSERT INTO core.consent (personal_id, organisation, categories, purposes, valid_until, revoked_at)
               VALUES ($1, $2, $3::text[], $4::text[], $5, CASE WHEN $6 THEN now() END)`,
              [personalId, organisation, c.categories, c.purposes, validUntil, c.revoked],
            );
            consents.push({
              personalId,
              organisation,
              categories: c.categories,
              purposes: c.purposes,
              validUntil: Date.parse(validUntil),
              revoked: c.revoked,
            });
          }
          const org = organisations[callerIndex]!;
          const views = await readHealth(gateway, tokens.get(org)!, purpose, patients);
          expect(views).toEqual(expectedViews(rows, patients, consents, org, purpose));
        },
      ),
      { numRuns: 25, seed: 16 },
    );
  }, 120_000);
});
