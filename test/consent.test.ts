/**
 * Citizen consents and the consent rule (docs/ARCHITECTURE.md §5) through the real gateway, with real tokens:
 * grantConsent / revokeConsent / myConsents only through a citizen token, input checked before anything is written,
 * every change in the citizen's access log; a hospital reads its own facility's rows freely and another facility's
 * only under an ACTIVE consent for its org, the category and the stated purpose; withheld rows are counted, not
 * shown; a revocation holds from the very next request; every @requiresConsent field of the schema withholds; the
 * consent checks are batched (statements flat in the number of patients).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentGuardedFields } from '../src/authz/consent.ts';
import { buildExecutableSchema } from '../src/schema/build.ts';
import { expectedViews, HEALTH_READ, healthRows, readHealth, type OracleConsent } from './support/consent.ts';
import { executionStatements } from './support/execution-statements.ts';
import { startTestGateway, type Json, type TestGateway } from './support/harness.ts';
import { counts, expectBadInput, rejection } from './support/writes.ts';

let gateway: TestGateway;
const executed = executionStatements();
let hospital: string; // org 37001, purposes TREATMENT and INSURANCE
let otherHospital: string; // org OTHER
let patient: string;
let stranger: string;
let patientToken: string;
let strangerToken: string;
const OWN = '37001';
let OTHER: string;

const GRANT = /* GraphQL */ `
  mutation Grant($input: GrantConsentInput!) {
    grantConsent(input: $input) {
      personalId
      consent {
        id
        organisation
        categories
        purposes
        validUntil
        status
        createdAt
        revokedAt
      }
    }
  }
`;
const REVOKE = /* GraphQL */ `
  mutation Revoke($id: ID!) {
    revokeConsent(id: $id) {
      personalId
      consent {
        id
        organisation
        categories
        purposes
        validUntil
        status
        createdAt
        revokedAt
      }
    }
  }
`;
const MY_CONSENTS = /* GraphQL */ `
  query Mine($first: Int, $after: String) {
    myConsents(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          personalId
          organisation
          categories
          purposes
          status
          revokedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function asCitizen(query: string, variables: Record<string, unknown>, token = patientToken) {
  return gateway.graphql<Json>(query, variables, { token, purpose: 'CITIZEN_SELF_SERVICE' });
}

async function grant(input: Record<string, unknown>, token = patientToken): Promise<Json> {
  const response = await asCitizen(GRANT, { input }, token);
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data.grantConsent.consent;
}

async function revoke(id: string, token = patientToken): Promise<Json> {
  const response = await asCitizen(REVOKE, { id }, token);
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data.revokeConsent.consent;
}

/** The patient's consents as the oracle sees them (read straight from the table). */
async function oracleConsents(): Promise<OracleConsent[]> {
  const rows = await gateway.db.query<{
    personalId: string;
    organisation: string;
    categories: string[];
    purposes: string[];
    validUntil: string;
    revoked: boolean;
  }>(
    `SELECT personal_id AS "personalId", organisation, categories, purposes,
       to_char(valid_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "validUntil",
       revoked_at IS NOT NULL AS revoked
     FROM core.consent`,
  );
  return rows.map((row) => ({ ...row, validUntil: Date.parse(row.validUntil) }));
}

/** Reads the patient as `token` and compares with the oracle for (org, purpose); returns the view. */
async function expectRule(token: string, org: string, purpose: string) {
  const ids = [patient, stranger];
  const views = await readHealth(gateway, token, purpose, ids);
  const expected = expectedViews(await healthRows(gateway.db, ids), ids, await oracleConsents(), org, purpose);
  expect(views).toEqual(expected);
  return views.get(patient)!;
}

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 80, seed: 11, plugins: [executed.plugin] });
  const alive = await gateway.personalIds(2, `status = 'ALIVE'`);
  patient = alive[0]!;
  stranger = alive[1]!;
  const [other] = await gateway.db.query<{ code: string }>(
    `SELECT code FROM health.facility WHERE code <> $1 ORDER BY code LIMIT 1`,
    [OWN],
  );
  OTHER = other!.code;
  hospital = await gateway.token('hospital');
  otherHospital = await gateway.token('hospital', { org: OTHER, sub: `his-${OTHER}` });
  patientToken = await gateway.token('citizen', { pid: patient });
  strangerToken = await gateway.token('citizen', { pid: stranger });
  // Known rows of both facilities for both citizens (besides what the seed gave them).
  for (const [n, pid] of [patient, stranger].entries()) {
    await gateway.db.exec(`
      INSERT INTO health.health_summary (personal_id, blood_type, allergies, chronic_conditions)
        VALUES ('${pid}', 'B+', ARRAY[]::text[], ARRAY[]::text[]) ON CONFLICT DO NOTHING;
      INSERT INTO health.encounter (encounter_key, personal_id, facility_code, type, admitted_at, principal_diagnosis)
        VALUES ('CT-OWN-${n}', '${pid}', '${OWN}', 'OUTPATIENT', now() - interval '3 days', 'J18.9'),
               ('CT-OTHER-${n}', '${pid}', '${OTHER}', 'OUTPATIENT', now() - interval '2 days', 'I10');
      INSERT INTO health.payment (encounter_id, personal_id, amount_vnd, insurance_vnd, cashless, paid_at)
        SELECT id, personal_id, 100000, 80000, true, admitted_at + interval '1 hour' FROM health.encounter
        WHERE encounter_key IN ('CT-OWN-${n}', 'CT-OTHER-${n}');
      INSERT INTO health.vaccination (personal_id, vaccine, dose_number, administered_on, facility_code)
        VALUES ('${pid}', 'CT-own', 1, current_date - 5, '${OWN}'), ('${pid}', 'CT-other', 1, current_date - 4, '${OTHER}');
    `);
  }
}, 120_000);

afterAll(async () => gateway?.close());

describe('grantConsent, revokeConsent, myConsents', () => {
  it('grants with TREATMENT by default, lists newest first, revokes once (a second revocation changes nothing)', async () => {
    const validUntil = inDays(30);
    const first = await grant({ organisation: OTHER, categories: ['VACCINATIONS'], validUntil });
    expect(first).toMatchObject({
      organisation: OTHER,
      categories: ['VACCINATIONS'],
      purposes: ['TREATMENT'],
      validUntil,
      status: 'ACTIVE',
      revokedAt: null,
    });
    const second = await grant({
      organisation: 'BHXH37',
      categories: ['HEALTH_PAYMENTS', 'HEALTH_ENCOUNTERS'],
      purposes: ['INSURANCE'],
      validUntil: inDays(60),
    });
    const listed = await asCitizen(MY_CONSENTS, { first: 10 });
    expect(listed.body.errors).toBeUndefined();
    const ids = listed.body.data.myConsents.edges.map((e: Json) => e.node.id);
    expect(ids.slice(0, 2)).toEqual([second.id, first.id]);
    expect(listed.body.data.myConsents.edges.every((e: Json) => e.node.personalId === patient)).toBe(true);

    const revoked = await revoke(first.id);
    expect(revoked).toMatchObject({ id: first.id, status: 'REVOKED' });
    expect(Date.parse(revoked.revokedAt)).toBeGreaterThan(Date.now() - 60_000);
    const again = await revoke(first.id);
    expect(again.revokedAt).toBe(revoked.revokedAt);
    await revoke(second.id);

    // The stranger sees none of them.
    const theirs = await asCitizen(MY_CONSENTS, { first: 10 }, strangerToken);
    expect(theirs.body.data.myConsents.edges.map((e: Json) => e.node.id)).not.toContain(first.id);
  });

  it('records every grant and revocation in the citizen access log (CONSENTS)', async () => {
    const consent = await grant({ organisation: 'CA37', categories: ['RESIDENCE'], validUntil: inDays(3) });
    await revoke(consent.id);
    const log = await asCitizen(
      `{ myAccessLog(first: 20) { edges { node { client purpose dataCategories outcome } } } }`,
      {},
    );
    expect(log.body.errors).toBeUndefined();
    const consentEntries = log.body.data.myAccessLog.edges
      .map((e: Json) => e.node)
      .filter((node: Json) => node.dataCategories.includes('CONSENTS'));
    // Two grants and two revocations of the first test, one grant and one revocation here (the replayed second
    // revocation is recorded too: it released the consent again).
    expect(consentEntries.length).toBeGreaterThanOrEqual(6);
    expect(consentEntries[0]).toMatchObject({ client: `citizen:${patient}`, purpose: 'CITIZEN_SELF_SERVICE' });
  });

  it('refuses bad input with every problem listed, and writes nothing', async () => {
    const before = await counts(gateway.db, ['core.consent']);
    const bad = async (input: Record<string, unknown>, fields: string[]) =>
      expectBadInput(await asCitizen(GRANT, { input }), fields);
    await bad(
      {
        organisation: '37 001',
        categories: [],
        purposes: ['SHOPPING', 'TREATMENT', 'TREATMENT'],
        validUntil: inDays(-1),
      },
      ['input.organisation', 'input.categories', 'input.purposes[0]', 'input.purposes[2]', 'input.validUntil'],
    );
    await bad({ organisation: OWN, categories: ['VACCINATIONS', 'VACCINATIONS'], validUntil: inDays(6 * 366) }, [
      'input.categories[1]',
      'input.validUntil',
    ]);
    await bad({ organisation: OWN, categories: ['VACCINATIONS'], purposes: [], validUntil: inDays(1) }, [
      'input.purposes',
    ]);
    await bad(
      { organisation: OWN, categories: ['VACCINATIONS'], purposes: ['CITIZEN_SELF_SERVICE'], validUntil: inDays(1) },
      ['input.purposes[0]'],
    );
    // An unknown category is refused by GraphQL itself.
    const unknown = await asCitizen(GRANT, {
      input: { organisation: OWN, categories: ['DNA'], validUntil: inDays(1) },
    });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts(gateway.db, ['core.consent'])).toEqual(before);
  });

  it('lets no sector token create or revoke a consent', async () => {
    const before = await counts(gateway.db, ['core.consent']);
    const input = { organisation: OWN, categories: ['HEALTH_ENCOUNTERS'], validUntil: inDays(10) };
    const denied = await gateway.graphql<Json>(GRANT, { input }, { token: hospital, purpose: 'TREATMENT' });
    expect(rejection(denied).code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    // Even with the scope (an identity provider's mistake), a token bound to no citizen is FORBIDDEN.
    const scoped = await gateway.token('hospital', { scopes: ['consent:own:write', 'consent:own:read'] });
    const forbidden = await gateway.graphql<Json>(GRANT, { input }, { token: scoped, purpose: 'TREATMENT' });
    expect(rejection(forbidden).code).toBe('FORBIDDEN');
    const [existing] = await gateway.db.query<{ id: number }>(`SELECT id FROM core.consent ORDER BY id LIMIT 1`);
    const id = Buffer.from(`Consent:${existing!.id}`).toString('base64url');
    const revokeDenied = await gateway.graphql<Json>(REVOKE, { id }, { token: scoped, purpose: 'TREATMENT' });
    expect(rejection(revokeDenied).code).toBe('FORBIDDEN');
    const list = await gateway.graphql<Json>(MY_CONSENTS, {}, { token: scoped, purpose: 'TREATMENT' });
    expect(list.body.data?.myConsents ?? null).toBeNull();
    expect(await counts(gateway.db, ['core.consent'])).toEqual(before);
  });

  it("answers another citizen's consent exactly like an unknown ID, and leaves it ACTIVE", async () => {
    const mine = await grant({ organisation: 'CA37', categories: ['RESIDENCE'], validUntil: inDays(3) });
    const theirs = rejection(await asCitizen(REVOKE, { id: mine.id }, strangerToken));
    const unknownId = Buffer.from('Consent:2000000000').toString('base64url');
    const unknown = rejection(await asCitizen(REVOKE, { id: unknownId }, strangerToken));
    const garbage = rejection(await asCitizen(REVOKE, { id: 'not-an-id' }, strangerToken));
    expect(theirs).toEqual(unknown);
    expect(garbage).toEqual(unknown);
    expect(theirs.code).toBe('BAD_USER_INPUT');
    const [row] = await gateway.db.query<{ revoked: boolean }>(
      `SELECT revoked_at IS NOT NULL AS revoked FROM core.consent WHERE personal_id = $1 AND organisation = 'CA37'
       ORDER BY id DESC LIMIT 1`,
      [patient],
    );
    expect(row?.revoked).toBe(false);
    await revoke(mine.id);
  });
});

describe('the consent rule', () => {
  it("lets a hospital read its own facility's rows and withholds another facility's (counted, not shown)", async () => {
    await gateway.db.exec(`DELETE FROM core.consent`);
    const view = await expectRule(hospital, OWN, 'TREATMENT');
    expect(view.encounters).toContain('CT-OWN-0');
    expect(view.encounters).not.toContain('CT-OTHER-0');
    expect(view.encountersWithheld).toBeGreaterThanOrEqual(1);
    expect(view.vaccinations).toContain('CT-own#1');
    expect(view.vaccinations).not.toContain('CT-other#1');
    expect(view).toMatchObject({ hasSummary: false, summaryWithheld: true });
    // The other hospital: the mirror image.
    const other = await expectRule(otherHospital, OTHER, 'TREATMENT');
    expect(other.encounters).toContain('CT-OTHER-0');
    expect(other.encounters).not.toContain('CT-OWN-0');
  });

  it('shows them under an ACTIVE consent for the org, category and purpose, and nothing else does', async () => {
    await gateway.db.exec(`DELETE FROM core.consent`);
    // Wrong organisation, wrong category, wrong purpose, expired: each withholds.
    await grant({ organisation: OTHER, categories: ['HEALTH_ENCOUNTERS'], validUntil: inDays(5) });
    await grant({ organisation: OWN, categories: ['VACCINATIONS'], validUntil: inDays(5) });
    await grant({
      organisation: OWN,
      categories: ['HEALTH_ENCOUNTERS'],
      purposes: ['INSURANCE'],
      validUntil: inDays(5),
    });
    const expired = await grant({
      organisation: OWN,
      categories: ['HEALTH_ENCOUNTERS', 'HEALTH_SUMMARY'],
      validUntil: inDays(5),
    });
    await gateway.db.query(`UPDATE core.consent SET valid_until = now() - interval '1 second' WHERE id = $1`, [
      Number(Buffer.from(expired.id, 'base64url').toString().split(':')[1]),
    ]);
    let view = await expectRule(hospital, OWN, 'TREATMENT');
    expect(view.encounters).not.toContain('CT-OTHER-0');
    expect(view.vaccinations).toContain('CT-other#1'); // the VACCINATIONS consent is for OWN and TREATMENT
    expect(view.summaryWithheld).toBe(true);
    // The INSURANCE consent opens encounters to a read stated for INSURANCE only.
    view = await expectRule(hospital, OWN, 'INSURANCE');
    expect(view.encounters).toContain('CT-OTHER-0');
    expect(view.nestedPayments.some((p) => p.startsWith('CT-OTHER-0@'))).toBe(false); // no HEALTH_PAYMENTS consent

    // The right one: encounters of the other facility show; their payments need HEALTH_PAYMENTS too.
    const right = await grant({
      organisation: OWN,
      categories: ['HEALTH_ENCOUNTERS', 'HEALTH_SUMMARY'],
      validUntil: inDays(5),
    });
    view = await expectRule(hospital, OWN, 'TREATMENT');
    expect(view.encounters).toContain('CT-OTHER-0');
    expect(view.summaryWithheld).toBe(false);
    expect(view.hasSummary).toBe(true);
    expect(view.payments.some((p) => p.startsWith('CT-OTHER-0@'))).toBe(false);

    // Revoked: the very next request withholds again (no cache).
    await revoke(right.id);
    view = await expectRule(hospital, OWN, 'TREATMENT');
    expect(view.encounters).not.toContain('CT-OTHER-0');
    expect(view.summaryWithheld).toBe(true);
  });

  it('lets a citizen read all their own rows, whatever the consents', async () => {
    await gateway.db.exec(`DELETE FROM core.consent`);
    const views = await readHealth(gateway, patientToken, 'CITIZEN_SELF_SERVICE', [patient]);
    const rows = await healthRows(gateway.db, [patient]);
    const own = views.get(patient)!;
    expect(own.encounters).toEqual(rows.encounters.map((row) => row.key).sort());
    expect(own).toMatchObject({
      encountersWithheld: 0,
      paymentsWithheld: 0,
      vaccinationsWithheld: 0,
      summaryWithheld: false,
    });
  });

  it('withholds on every field carrying @requiresConsent (the directive drives the loaders)', async () => {
    await gateway.db.exec(`DELETE FROM core.consent`);
    // A token of an org with no rows and no consent: every guarded field must come back empty or withheld.
    const nobody = await gateway.token('hospital', { org: 'ZZ999', sub: 'his-zz999' });
    const guarded = consentGuardedFields(buildExecutableSchema());
    const view = (await readHealth(gateway, nobody, 'TREATMENT', [patient])).get(patient)!;
    const withheldBy: Record<string, () => boolean> = {
      'HealthRecord.summary': () => !view.hasSummary && view.summaryWithheld,
      'HealthRecord.encounters': () => view.encounters.length === 0 && view.encountersWithheld > 0,
      'HealthRecord.payments': () => view.payments.length === 0 && view.paymentsWithheld > 0,
      'HealthRecord.vaccinations': () => view.vaccinations.length === 0 && view.vaccinationsWithheld > 0,
      'Encounter.payments': () => true, // checked below, under an encounter the caller may see
    };
    expect([...guarded.keys()].sort()).toEqual(Object.keys(withheldBy).sort());
    for (const [coordinate, check] of Object.entries(withheldBy)) expect(check(), coordinate).toBe(true);
    // Encounter.payments: encounters visible under HEALTH_ENCOUNTERS consent, payments not without HEALTH_PAYMENTS.
    await grant({ organisation: 'ZZ999', categories: ['HEALTH_ENCOUNTERS'], validUntil: inDays(1) });
    const underConsent = (await readHealth(gateway, nobody, 'TREATMENT', [patient])).get(patient)!;
    expect(underConsent.encounters).toContain('CT-OTHER-0');
    expect(underConsent.nestedPayments).toEqual([]);
    expect(guarded.get('Encounter.payments')).toBe('HEALTH_PAYMENTS');
  });

  it("checks consent in the loaders' statements: as many statements for 20 patients as for 3", async () => {
    await gateway.db.exec(`DELETE FROM core.consent`);
    const ids = await gateway.personalIds(
      20,
      `EXISTS (SELECT 1 FROM health.encounter e WHERE e.personal_id = c.personal_id)`,
    );
    for (const id of ids.slice(0, 10)) {
      await gateway.db.query(
        `INSERT INTO core.consent (personal_id, organisation, categories, purposes, valid_until)
         VALUES ($1, $2, ARRAY['HEALTH_ENCOUNTERS','HEALTH_PAYMENTS','VACCINATIONS','HEALTH_SUMMARY'], ARRAY['TREATMENT'], now() + interval '1 day')`,
        [id, OWN],
      );
    }
    const statements = async (some: string[]) => {
      const response = await gateway.graphql<Json>(
        HEALTH_READ,
        { ids: some },
        { token: hospital, purpose: 'TREATMENT' },
      );
      expect(response.body.errors).toBeUndefined();
      return executed.of(response);
    };
    await statements(ids.slice(0, 3)); // reference tables loaded once per process
    const few = await statements(ids.slice(0, 3));
    const many = await statements(ids);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(12);
  });
});
