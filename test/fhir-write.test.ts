/**
 * FHIR writes through the real gateway (docs/ARCHITECTURE.md §16): a transaction Bundle of Encounter, Condition and
 * PaymentNotice resources is one `recordEncounterBatch` mutation run through the GraphQL pipeline — all or nothing,
 * idempotent (the Bundle's identifier, the encounter key), for the caller's own facility, audited per patient as
 * `FHIR_transaction` — and every refusal is an OperationOutcome with one issue per problem. Responses are checked
 * against the R4 structure definitions (@medplum/core's validator).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateFhirResource } from './support/fhir-r4.ts';
import { startTestGateway, type Json, type TestGateway } from './support/harness.ts';
import { counts, hoursAgo, uniqueKey } from './support/writes.ts';

const ENCOUNTER_KEY_SYSTEM = 'https://fhir.lienthong.gov.vn/sid/encounter-key';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const CASHLESS = 'https://fhir.lienthong.gov.vn/StructureDefinition/cashless';
const INSURANCE_AMOUNT = 'https://fhir.lienthong.gov.vn/StructureDefinition/insurance-amount';
const TABLES = ['health.encounter', 'health.payment', 'core.idempotency_key'];

let gateway: TestGateway;
let hospital: string;
let patient: string;
let otherPatient: string;

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 60, seed: 7 });
  hospital = await gateway.token('hospital');
  [patient, otherPatient] = (await gateway.personalIds(
    2,
    `status = 'ALIVE' AND date_of_birth < DATE '2020-01-01'`,
  )) as [string, string];
});

afterAll(async () => gateway?.close());

interface FhirResponse {
  status: number;
  headers: Headers;
  body: Json;
}

async function post(
  bundle: unknown,
  options: { token?: string; purpose?: string | null; headers?: Record<string, string> } = {},
): Promise<FhirResponse> {
  const headers: Record<string, string> = {
    'content-type': 'application/fhir+json',
    accept: 'application/fhir+json',
    ...options.headers,
  };
  const token = options.token ?? hospital;
  if (token !== '') headers.authorization = `Bearer ${token}`;
  if (options.purpose !== null) headers['x-purpose'] = options.purpose ?? 'TREATMENT';
  const response = await fetch(`${gateway.url}/fhir`, { method: 'POST', headers, body: JSON.stringify(bundle) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

const uuid = () => `urn:uuid:${crypto.randomUUID()}`;

/** A transaction: one finished inpatient encounter with a principal and a secondary diagnosis, and one payment. */
function transaction(options: { personalId?: string; encounterKey?: string; identifier?: string } = {}) {
  const encounterUrl = uuid();
  const principalUrl = uuid();
  const secondaryUrl = uuid();
  const personalId = options.personalId ?? patient;
  const encounterKey = options.encounterKey ?? uniqueKey('37001');
  const subject = { reference: `Patient/${personalId}` };
  const diagnosis = (code: string, fullUrl: string, encounter = true) => ({
    fullUrl,
    resource: {
      resourceType: 'Condition',
      subject,
      ...(encounter ? { encounter: { reference: encounterUrl } } : {}),
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }],
        },
      ],
      code: { coding: [{ system: ICD10, code }] },
    },
    request: { method: 'POST', url: 'Condition' },
  });
  return {
    encounterKey,
    bundle: {
      resourceType: 'Bundle',
      type: 'transaction',
      ...(options.identifier === undefined
        ? {}
        : { identifier: { system: 'https://his.example.vn/transactions', value: options.identifier } }),
      entry: [
        {
          fullUrl: encounterUrl,
          resource: {
            resourceType: 'Encounter',
            identifier: [{ system: ENCOUNTER_KEY_SYSTEM, value: encounterKey }],
            status: 'finished',
            class: { system: ACT_CODE, code: 'IMP' },
            subject,
            serviceProvider: { reference: 'Organization/37001' },
            period: { start: hoursAgo(50), end: hoursAgo(3) },
            diagnosis: [
              { condition: { reference: principalUrl }, rank: 1 },
              { condition: { reference: secondaryUrl }, rank: 2 },
            ],
          },
          request: {
            method: 'POST',
            url: 'Encounter',
            ifNoneExist: `identifier=${ENCOUNTER_KEY_SYSTEM}|${encounterKey}`,
          },
        },
        diagnosis('J18.9', principalUrl),
        diagnosis('I10', secondaryUrl, false),
        {
          fullUrl: uuid(),
          resource: {
            resourceType: 'PaymentNotice',
            status: 'active',
            request: { reference: encounterUrl },
            created: hoursAgo(2),
            payment: { display: 'Cashier receipt 0042' },
            recipient: { reference: 'Organization/37001' },
            amount: { value: 1_250_000, currency: 'VND' },
            extension: [
              { url: INSURANCE_AMOUNT, valueMoney: { value: 1_000_000, currency: 'VND' } },
              { url: CASHLESS, valueBoolean: true },
            ],
          },
          request: { method: 'POST', url: 'PaymentNotice' },
        },
      ] as Json[],
    },
  };
}

async function encounterRead(personalId: string, encounterKey: string): Promise<Json> {
  const response = await gateway.graphql<Json>(
    `query ($id: PersonalId!) { citizen(personalId: $id) { health {
       encounters(first: 100) { edges { node { encounterKey type admittedAt dischargedAt facility { code }
         principalDiagnosis { code } secondaryDiagnoses { code }
         payments { amountVnd insuranceVnd cashless paidAt } } } } } } }`,
    { id: personalId },
    { token: hospital, purpose: 'TREATMENT' },
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data.citizen.health.encounters.edges
    .map((edge: Json) => edge.node)
    .find((node: Json) => node.encounterKey === encounterKey);
}

function issuesOf(response: FhirResponse): { code: string; expression: string; text: string; error: string }[] {
  expect(response.body.resourceType, JSON.stringify(response.body)).toBe('OperationOutcome');
  return response.body.issue.map((issue: Json) => ({
    code: issue.code,
    expression: issue.expression?.[0],
    text: issue.details?.text,
    error: issue.details?.coding?.[0]?.code,
  }));
}

describe('POST /fhir: a transaction Bundle', () => {
  it('writes the encounter, its diagnoses and its payment, visible through GraphQL; answers 201s', async () => {
    const { bundle, encounterKey } = transaction();
    validateFhirResource(bundle); // what a FHIR client sends: valid R4 as well
    const response = await post(bundle);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(response.body.resourceType).toBe('Bundle');
    expect(response.body.type).toBe('transaction-response');
    expect(response.body.entry.map((entry: Json) => entry.response.status)).toEqual([
      '201 Created',
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    expect(response.body.entry[0].response.location).toMatch(/^Encounter\/[A-Za-z0-9\-.]{1,64}$/);
    expect(response.body.entry[1].response.location).toMatch(/^Condition\/[A-Za-z0-9\-.]{1,64}$/);
    validateFhirResource(response.body);

    const stored = await encounterRead(patient, encounterKey);
    expect(stored).toMatchObject({
      type: 'INPATIENT',
      facility: { code: '37001' },
      principalDiagnosis: { code: 'J18.9' },
      secondaryDiagnoses: [{ code: 'I10' }],
      payments: [{ amountVnd: '1250000', insuranceVnd: '1000000', cashless: true }],
    });
    expect(stored.admittedAt).toBe(new Date(bundle.entry[0].resource.period.start).toISOString());

    // Each location is the read side's id: the Encounter and its Conditions are found by a search.
    for (const [type, entries] of [
      ['Encounter', [0]],
      ['Condition', [1, 2]],
    ] as const) {
      const search = await fetch(`${gateway.url}/fhir/${type}?patient=${patient}&_count=100`, {
        headers: { authorization: `Bearer ${hospital}`, 'x-purpose': 'TREATMENT' },
      });
      expect(search.status).toBe(200);
      const ids = ((await search.json()) as Json).entry.map((entry: Json) => `${type}/${entry.resource.id}`);
      for (const index of entries) expect(ids).toContain(response.body.entry[index].response.location);
    }
  });

  it('posted again (same identifier, If-None-Exist) creates nothing and answers 200 OK for every entry', async () => {
    const identifier = uniqueKey('tx');
    const { bundle } = transaction({ identifier });
    expect((await post(bundle)).status).toBe(200);
    // Bundle.identifier is the request's idempotency key (what production requires of every write).
    const digest = crypto
      .createHash('sha256')
      .update(`https://his.example.vn/transactions|${identifier}`)
      .digest('hex');
    const keys = await gateway.db.query(
      `SELECT 1 FROM core.idempotency_key WHERE client_sub = 'hospital-37001' AND mutation = 'recordEncounterBatch'
       AND key = $1`,
      [`fhir-bundle-${digest}`],
    );
    expect(keys).toHaveLength(1);
    const before = await counts(gateway.db, ['health.encounter', 'health.payment']);
    for (const headers of [{}, { 'idempotency-key': uniqueKey('other-key') }] as Record<string, string>[]) {
      const again = await post(bundle, { headers });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body.entry.map((entry: Json) => entry.response.status)).toEqual([
        '200 OK',
        '200 OK',
        '200 OK',
        '200 OK',
      ]);
      validateFhirResource(again.body);
    }
    expect(await counts(gateway.db, ['health.encounter', 'health.payment'])).toEqual(before);
  });

  it('refuses the same Bundle.identifier for another Bundle (duplicate) and writes nothing', async () => {
    const identifier = uniqueKey('tx');
    expect((await post(transaction({ identifier }).bundle)).status).toBe(200);
    const before = await counts(gateway.db, TABLES);
    const other = await post(transaction({ identifier }).bundle);
    expect(other.status).toBe(422);
    expect(issuesOf(other)).toEqual([expect.objectContaining({ code: 'duplicate', error: 'IDEMPOTENCY_KEY_REUSED' })]);
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('writes nothing when one entry is bad: one issue per problem, each naming its element', async () => {
    const { bundle } = transaction();
    const second = transaction({ personalId: otherPatient });
    bundle.entry.push(...second.bundle.entry);
    // entry[5] is the second transaction's principal Condition: a code that is not ICD-10.
    bundle.entry[5].resource.code.coding[0].code = 'J18.99999';
    // entry[7]'s payment: insurance exceeds the amount.
    bundle.entry[7].resource.amount.value = 100;
    const before = await counts(gateway.db, TABLES);
    const response = await post(bundle);
    expect(response.status).toBe(422);
    const issues = issuesOf(response);
    expect(issues.map((issue) => issue.expression).sort()).toEqual([
      'Bundle.entry[5].resource.code',
      'Bundle.entry[7].resource.extension',
    ]);
    expect(issues.every((issue) => issue.code === 'value' && issue.error === 'BAD_USER_INPUT')).toBe(true);
    expect(issues.find((issue) => issue.expression === 'Bundle.entry[7].resource.extension')?.text).toContain(
      'Bundle.entry[7].resource.amount',
    );
    validateFhirResource(response.body);
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('lists the structural problems of the Bundle at once, before anything runs', async () => {
    const { bundle } = transaction();
    bundle.entry[0].resource.class.code = 'XYZ';
    bundle.entry[1].resource.code.coding = [{ system: 'http://snomed.info/sct', code: '233604007' }];
    bundle.entry[3].resource.request.reference = 'urn:uuid:00000000-0000-4000-8000-000000000000';
    bundle.entry.push(
      { resource: { resourceType: 'Observation', status: 'final' }, request: { method: 'POST', url: 'Observation' } },
      {
        resource: { resourceType: 'Encounter' },
        request: { method: 'DELETE', url: 'Encounter' },
      },
    );
    const statements = gateway.db.statements.count;
    const response = await post(bundle);
    expect(response.status).toBe(400);
    const issues = issuesOf(response);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'code-invalid', expression: 'Bundle.entry[0].resource.class' }),
        expect.objectContaining({ code: 'required', expression: 'Bundle.entry[1].resource.code' }),
        expect.objectContaining({ code: 'invalid', expression: 'Bundle.entry[3].resource.request' }),
        expect.objectContaining({ code: 'not-supported', expression: 'Bundle.entry[4].resource.resourceType' }),
        expect.objectContaining({ code: 'not-supported', expression: 'Bundle.entry[5].request.method' }),
      ]),
    );
    validateFhirResource(response.body);
    expect(gateway.db.statements.count).toBe(statements);
  });

  it("refuses another facility's encounter: a serviceProvider of another facility, a key another facility recorded", async () => {
    const named = transaction();
    named.bundle.entry[0].resource.serviceProvider = { reference: 'Organization/36001' };
    const before = await counts(gateway.db, TABLES);
    const refused = await post(named.bundle);
    expect(refused.status).toBe(403);
    expect(issuesOf(refused)).toEqual([
      expect.objectContaining({ code: 'forbidden', expression: 'Bundle.entry[0].resource.serviceProvider' }),
    ]);

    const other = await gateway.token('hospital', { org: '36001', sub: 'his-36001' });
    const foreign = transaction();
    delete foreign.bundle.entry[0].resource.serviceProvider;
    expect((await post(foreign.bundle, { token: other })).status).toBe(200);
    const counted = await counts(gateway.db, TABLES);
    const taken = await post(foreign.bundle);
    expect(taken.status).toBe(403);
    expect(issuesOf(taken)).toEqual([
      expect.objectContaining({ code: 'forbidden', expression: 'Bundle.entry[0].resource.identifier' }),
    ]);
    expect(await counts(gateway.db, TABLES)).toEqual(counted);
    expect(counted['health.encounter']).toBe((before['health.encounter'] ?? 0) + 1);
  });

  it('answers a changed encounter already recorded with 409 conflict', async () => {
    const first = transaction();
    expect((await post(first.bundle)).status).toBe(200);
    const changed = transaction({ encounterKey: first.encounterKey });
    changed.bundle.entry[0].resource.class.code = 'EMER';
    const response = await post(changed.bundle);
    expect(response.status).toBe(409);
    expect(issuesOf(response)).toEqual([
      expect.objectContaining({ code: 'conflict', expression: 'Bundle.entry[0].resource.identifier' }),
    ]);
  });

  it('needs health:encounters:write: a reader gets 403 OperationOutcome and nothing is written', async () => {
    const insurer = await gateway.token('social-insurance');
    const before = await counts(gateway.db, TABLES);
    const response = await post(transaction().bundle, { token: insurer, purpose: 'INSURANCE' });
    expect(response.status).toBe(403);
    expect(issuesOf(response)[0]).toMatchObject({ code: 'forbidden' });
    validateFhirResource(response.body);
    expect(await counts(gateway.db, TABLES)).toEqual(before);
  });

  it('is announced by the CapabilityStatement as the system interaction transaction; GET on the base is 405', async () => {
    const metadata = (await (await fetch(`${gateway.url}/fhir/metadata`)).json()) as Json;
    expect(metadata.rest[0].interaction).toEqual([expect.objectContaining({ code: 'transaction' })]);
    validateFhirResource(metadata);
    const get = await fetch(`${gateway.url}/fhir`, { headers: { authorization: `Bearer ${hospital}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('needs a token (401) and a purpose of use (400), as OperationOutcomes', async () => {
    const anonymous = await post(transaction().bundle, { token: '' });
    expect(anonymous.status).toBe(401);
    expect(issuesOf(anonymous)[0]?.code).toBe('login');
    const noPurpose = await post(transaction().bundle, { purpose: null });
    expect(noPurpose.status).toBe(400);
    expect(issuesOf(noPurpose)[0]?.error).toBe('PURPOSE_REQUIRED');
  });

  it('audits the write for each patient as the FHIR interaction', async () => {
    const first = transaction();
    const second = transaction({ personalId: otherPatient });
    first.bundle.entry.push(...second.bundle.entry);
    expect((await post(first.bundle)).status).toBe(200);
    for (const personalId of [patient, otherPatient]) {
      const records = await gateway.db.query<{ fields: string[]; purpose: string; clientSub: string }>(
        `SELECT fields, purpose, client_sub AS "clientSub" FROM audit.access_record
         WHERE personal_id = $1 AND operation_name = 'FHIR_transaction' ORDER BY seq DESC LIMIT 1`,
        [personalId],
      );
      expect(records[0]).toMatchObject({ purpose: 'TREATMENT', clientSub: 'hospital-37001' });
      expect(records[0]?.fields).toContain('Mutation.recordEncounterBatch');
    }
  });
});
