/**
 * The audit trail end to end (docs/ARCHITECTURE.md §6), through the real HTTP gateway: one record per (request,
 * citizen) written before the response with the right coordinates, client, user, purpose and outcome; denied attempts
 * recorded; no record without personal data; fail closed (503 AUDIT_UNAVAILABLE, no data) when the store is broken,
 * serving again once repaired; one append per request, group-committed under concurrency; the chain verifies.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_COLUMNS, type ChainedRecord } from '../src/audit/chain.ts';
import { verifyChain } from '../src/audit/verify.ts';
import { findFixtures, type AuthzFixtures } from './support/authz-fixtures.ts';
import { startTestGateway, type GraphQLResponse, type TestGateway, type Json } from './support/harness.ts';
import { CITIZEN_360 } from './support/queries.ts';

let gateway: TestGateway;
let fx: AuthzFixtures;
let hospital: string;

const HOSPITAL = { sub: 'his-37001', org: '37001' };

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 60, seed: 7, env: { RATE_LIMIT_ENABLED: 'false' } });
  fx = await findFixtures(gateway.db);
  hospital = await gateway.token('hospital', HOSPITAL);
}, 120_000);

afterAll(async () => {
  await gateway?.close();
});

function requestId(response: GraphQLResponse<unknown>): string {
  const id = response.headers.get('x-request-id');
  if (id === null) throw new Error('no x-request-id');
  return id;
}

async function recordsOf(response: GraphQLResponse<unknown>): Promise<ChainedRecord[]> {
  return gateway.db.query<ChainedRecord>(
    `SELECT ${RECORD_COLUMNS} FROM audit.access_record WHERE request_id = $1 ORDER BY personal_id`,
    [requestId(response)],
  );
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const PATIENTS = `query Patients($ids: [PersonalId!]!) {
  citizens(personalIds: $ids) {
    personalId fullName
    health { encounters(first: 5) { edges { node { encounterKey principalDiagnosis { code } } } pageInfo { hasNextPage } } }
  }
}`;

/** Citizens with encounters at HOSPITAL's facility, in personal-ID order. */
async function patientsOfOwnFacility(count: number): Promise<string[]> {
  const rows = await gateway.db.query<{ id: string }>(
    `SELECT DISTINCT personal_id AS id FROM health.encounter WHERE facility_code = $1 ORDER BY 1 LIMIT $2`,
    [HOSPITAL.org, count],
  );
  return rows.map((row) => row.id);
}

describe('records of a read', () => {
  it('a hospital reading 3 citizens writes exactly 3 records: coordinates, purpose, user, client, GRANTED', async () => {
    // Patients with encounters at the hospital's own facility: those it reads without their consent (§5).
    const ids = await patientsOfOwnFacility(3);
    expect(ids).toHaveLength(3);
    const response = await gateway.graphql<Json>(
      PATIENTS,
      { ids },
      { token: hospital, purpose: 'TREATMENT', userId: 'doctor-42' },
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const records = await recordsOf(response);
    expect(records.map((r) => r.personalId)).toEqual([...ids].sort());
    for (const record of records) {
      expect(record).toMatchObject({
        requestId: requestId(response),
        clientSub: HOSPITAL.sub,
        clientOrg: HOSPITAL.org,
        actingUser: 'doctor-42',
        purpose: 'TREATMENT',
        operationName: 'Patients',
        documentHash: sha256(PATIENTS),
        outcome: 'GRANTED',
      });
      expect(record.fields).toEqual([
        'Citizen.fullName',
        'Citizen.health',
        'Citizen.personalId',
        'Diagnosis.code',
        'Encounter.encounterKey',
        'Encounter.principalDiagnosis',
        'HealthRecord.encounters',
        'Query.citizens',
      ]);
    }
    // The response carried exactly these citizens' data.
    expect(response.body.data.citizens.map((c: Json) => c.personalId)).toEqual(ids);
  });

  it('attributes each field to the citizen it belongs to: no encounter coordinate for a citizen without encounters', async () => {
    const [withoutEncounters] = (
      await gateway.db.query<{ id: string }>(
        `SELECT personal_id AS id FROM core.citizen c
         WHERE NOT EXISTS (SELECT 1 FROM health.encounter e WHERE e.personal_id = c.personal_id) ORDER BY 1 LIMIT 1`,
      )
    ).map((row) => row.id);
    expect(withoutEncounters).toBeDefined();
    const [withEncounters] = await patientsOfOwnFacility(1);
    if (withEncounters === undefined) throw new Error('no patient of the hospital in the fixture');
    const response = await gateway.graphql(
      PATIENTS,
      { ids: [withEncounters, withoutEncounters] },
      { token: hospital, purpose: 'TREATMENT' },
    );
    const records = new Map((await recordsOf(response)).map((r) => [r.personalId, r]));
    expect(records.get(withEncounters)?.fields).toContain('Encounter.principalDiagnosis');
    expect(records.get(withoutEncounters as string)?.fields).toEqual([
      'Citizen.fullName',
      'Citizen.health',
      'Citizen.personalId',
      'HealthRecord.encounters',
      'Query.citizens',
    ]);
  });

  it('a household view writes a record for the citizen and one for each member shown', async () => {
    const id = fx.withHousemates as string;
    expect(id).toBeDefined();
    const police = await gateway.token('residence-police');
    const response = await gateway.graphql<Json>(
      `query($id: PersonalId!) { citizen(personalId: $id) { fullName household { address members { edges { node { personalId relationshipToHead citizen { fullName } } } } } } }`,
      { id },
      { token: police, purpose: 'RESIDENCE_ADMINISTRATION' },
    );
    expect(response.body.errors).toBeUndefined();
    const members: string[] = response.body.data.citizen.household.members.edges.map((e: Json) => e.node.personalId);
    expect(members.length).toBeGreaterThan(1);
    const records = await recordsOf(response);
    expect(records.map((r) => r.personalId).sort()).toEqual([...new Set([id, ...members])].sort());
    const own = records.find((r) => r.personalId === id);
    expect(own?.fields).toEqual(expect.arrayContaining(['Household.address', 'Household.members', 'Citizen.fullName']));
    const housemate = records.find((r) => r.personalId !== id);
    // The household (its address, its membership) is every current member's data (a multi-subject @personal type).
    expect(housemate?.fields).toEqual([
      'Citizen.fullName',
      'Citizen.household',
      'Household.address',
      'Household.members',
      'ResidenceRegistration.citizen',
      'ResidenceRegistration.personalId',
      'ResidenceRegistration.relationshipToHead',
    ]);
    expect(records.every((r) => r.outcome === 'GRANTED')).toBe(true);
  });

  it('a query reading no personal data writes no record', async () => {
    const before = gateway.gateway.auditLog.stats.appends;
    const response = await gateway.graphql(`{ gatewayInfo { name version } }`, {}, { token: hospital });
    expect(response.status).toBe(200);
    expect(await recordsOf(response)).toEqual([]);
    // An unknown personal ID: no one's data.
    const unknown = await gateway.graphql<Json>(
      `query($id: PersonalId!) { citizen(personalId: $id) { fullName } }`,
      { id: fx.unknown },
      { token: hospital, purpose: 'TREATMENT' },
    );
    expect(unknown.body.data).toEqual({ citizen: null });
    expect(await recordsOf(unknown)).toEqual([]);
    expect(gateway.gateway.auditLog.stats.appends).toBe(before);
  });

  it('introspection mixed with data fields is audited too', async () => {
    const response = await gateway.graphql<Json>(
      `query($id: PersonalId!) { __schema { queryType { name } } citizen(personalId: $id) { fullName } }`,
      { id: fx.rich },
      { token: hospital, purpose: 'TREATMENT' },
    );
    expect(typeof response.body.data?.citizen?.fullName).toBe('string');
    const records = await recordsOf(response);
    expect(records.map((r) => [r.personalId, r.fields, r.outcome])).toEqual([
      [fx.rich, ['Citizen.fullName', 'Query.citizen'], 'GRANTED'],
    ]);
  });
});

describe('denied attempts', () => {
  it('some fields denied for a citizen: PARTIAL, with the denied coordinates marked', async () => {
    const insurer = await gateway.token('social-insurance');
    const response = await gateway.graphql<Json>(
      `query($id: PersonalId!) { citizen(personalId: $id) { fullName health { coverage { edges { node { cardCode } } } encounters { edges { node { encounterKey } } } } } }`,
      { id: fx.rich },
      { token: insurer, purpose: 'INSURANCE' },
    );
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
    const [record, ...rest] = await recordsOf(response);
    expect(rest).toEqual([]);
    expect(record?.personalId).toBe(fx.rich);
    expect(record?.outcome).toBe('PARTIAL');
    expect(record?.fields).toContain('Citizen.fullName');
    expect(record?.fields).toContain('!HealthRecord.encounters');
    expect(record?.fields).not.toContain('HealthRecord.encounters');
  });

  it('a citizen asked for and nothing released: DENIED', async () => {
    const ioc = await gateway.token('ioc');
    const response = await gateway.graphql<Json>(
      `query($id: PersonalId!) { citizen(personalId: $id) { fullName health { summary { bloodType } } } }`,
      { id: fx.rich },
      { token: ioc, purpose: 'STATISTICS' },
    );
    expect(response.body.data).toEqual({ citizen: null });
    const records = await recordsOf(response);
    expect(records.map((r) => [r.personalId, r.clientSub, r.fields, r.outcome])).toEqual([
      [fx.rich, 'ioc-37', ['!Query.citizen'], 'DENIED'],
    ]);
  });

  it("a citizen token asking for another citizen's ID: nothing in that citizen's log (a probe), answered like an unknown ID", async () => {
    const pid = fx.rich;
    const token = await gateway.token('citizen', { pid });
    const query = `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId fullName } }`;
    const response = await gateway.graphql<Json>(
      query,
      { ids: [pid, fx.other] },
      { token, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(response.body.data.citizens).toEqual([{ personalId: pid, fullName: expect.any(String) }, null]);
    const records = new Map((await recordsOf(response)).map((r) => [r.personalId, r]));
    expect(records.get(pid)).toMatchObject({ outcome: 'GRANTED', clientSub: `citizen:${pid}` });
    // The attempt on fx.other is a security event of the caller (test/security-events.test.ts), not a record of fx.other.
    expect(records.has(fx.other)).toBe(false);
    expect(records.size).toBe(1);
  });

  it('an anonymous caller leaves no record (it can read nothing personal)', async () => {
    const response = await gateway.graphql<Json>(`query($id: PersonalId!) { citizen(personalId: $id) { fullName } }`, {
      id: fx.rich,
    });
    expect(response.body.data).toEqual({ citizen: null });
    expect(await recordsOf(response)).toEqual([]);
  });
});

describe('access-log queries', () => {
  let hospitalRead: GraphQLResponse<Json>;
  let citizenToken: string;
  const subject = () => fx.withEncounters[1] as string;

  beforeAll(async () => {
    hospitalRead = await gateway.graphql<Json>(
      PATIENTS,
      { ids: [subject()] },
      { token: hospital, purpose: 'TREATMENT', userId: 'doctor-7' },
    );
    expect(hospitalRead.status).toBe(200);
    citizenToken = await gateway.token('citizen', { pid: subject() });
  });

  const MY_LOG = `query MyLog($first: Int, $after: String) { myAccessLog(first: $first, after: $after) {
    edges { cursor node { personalId at organisation client purpose dataCategories outcome } }
    pageInfo { hasNextPage endCursor } } }`;

  it("a citizen sees the hospital's read: organisation, client, purpose, kinds of data, newest first", async () => {
    const response = await gateway.graphql<Json>(
      MY_LOG,
      { first: 50 },
      { token: citizenToken, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const entries = response.body.data.myAccessLog.edges.map((e: Json) => e.node);
    const hospitalEntry = entries.find((e: Json) => e.client === HOSPITAL.sub);
    expect(hospitalEntry).toMatchObject({
      personalId: subject(),
      organisation: HOSPITAL.org,
      purpose: 'TREATMENT',
      dataCategories: ['IDENTITY', 'HEALTH_ENCOUNTERS'],
      outcome: 'GRANTED',
    });
    const times = entries.map((e: Json) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    // The citizen's view has no request, document or official.
    const hidden = await gateway.graphql(
      `{ myAccessLog { edges { node { documentHash } } } }`,
      {},
      { token: citizenToken, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Reading one's log is itself a read of one's personal data: it is in the log the next time.
    const again = await gateway.graphql<Json>(
      MY_LOG,
      { first: 1 },
      { token: citizenToken, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(again.body.data.myAccessLog.edges[0].node).toMatchObject({
      client: `citizen:${subject()}`,
      dataCategories: ['ACCESS_LOG'],
      purpose: 'CITIZEN_SELF_SERVICE',
    });
  });

  it('pages with first/after and includes records under a previous (re-issued) personal ID', async () => {
    const first = await gateway.graphql<Json>(
      MY_LOG,
      { first: 1 },
      { token: citizenToken, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    const page = first.body.data.myAccessLog;
    expect(page.edges).toHaveLength(1);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await gateway.graphql<Json>(
      MY_LOG,
      { first: 1, after: page.pageInfo.endCursor },
      { token: citizenToken, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(next.body.data.myAccessLog.edges[0].cursor).not.toBe(page.edges[0].cursor);
    const bad = await gateway.graphql(MY_LOG, { first: 101 }, { token: citizenToken, purpose: 'CITIZEN_SELF_SERVICE' });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    const forged = await gateway.graphql(
      MY_LOG,
      { after: 'nope' },
      { token: citizenToken, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(forged.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });

    // A citizen whose ID was re-issued: records made under the old ID are in the log of the new one.
    const reissued = (
      await gateway.db.query<{ previousId: string; personalId: string }>(
        `SELECT previous_id AS "previousId", personal_id AS "personalId" FROM core.previous_personal_id ORDER BY 1 LIMIT 1`,
      )
    )[0];
    const previous =
      reissued ??
      (await (async () => {
        const personalId = fx.other;
        const previousId = '036199999991';
        await gateway.db.query(
          `INSERT INTO core.previous_personal_id (previous_id, personal_id, cancelled_on, reason) VALUES ($1, $2, '2020-01-01', 'test')`,
          [previousId, personalId],
        );
        return { previousId, personalId };
      })());
    await gateway.gateway.auditLog.append([
      {
        requestId: 'before-reissue',
        clientSub: 'land-registry-legacy',
        clientOrg: 'VPDD37',
        actingUser: null,
        purpose: 'LAND_ADMINISTRATION',
        operationName: null,
        documentHash: sha256('{ old }'),
        personalId: previous.previousId,
        fields: ['LandRight.sharePercent'],
        outcome: 'GRANTED',
      },
    ]);
    const token = await gateway.token('citizen', { pid: previous.personalId });
    const log = await gateway.graphql<Json>(MY_LOG, { first: 100 }, { token, purpose: 'CITIZEN_SELF_SERVICE' });
    const old = log.body.data.myAccessLog.edges.find((e: Json) => e.node.client === 'land-registry-legacy')?.node;
    expect(old).toMatchObject({ personalId: previous.personalId, dataCategories: ['LAND_RIGHTS'] });
  });

  it('a token without a pid gets null from myAccessLog; without the scope it is denied', async () => {
    const service = await gateway.token('hospital', { scopes: ['audit:own:read', 'citizen:identity:read'] });
    const response = await gateway.graphql<Json>(MY_LOG, {}, { token: service, purpose: 'TREATMENT' });
    expect(response.body).toEqual({ data: { myAccessLog: null } });
    const denied = await gateway.graphql<Json>(MY_LOG, {}, { token: hospital, purpose: 'TREATMENT' });
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  const FULL = `edges { node { seq at requestId clientSub clientOrg actingUser purpose operationName documentHash
    personalId fields deniedFields dataCategories outcome hash prevHash } } pageInfo { hasNextPage endCursor }`;

  it("an auditor reads any citizen's log in full, and that read is audited for the citizen", async () => {
    const auditor = await gateway.token('auditor');
    const response = await gateway.graphql<Json>(
      `query($id: PersonalId!) { accessLog(personalId: $id, first: 100) { ${FULL} } }`,
      { id: subject() },
      { token: auditor, purpose: 'LAW_ENFORCEMENT', userId: 'inspector-1' },
    );
    expect(response.body.errors).toBeUndefined();
    const nodes = response.body.data.accessLog.edges.map((e: Json) => e.node);
    const read = nodes.find((n: Json) => n.requestId === requestId(hospitalRead));
    expect(read).toMatchObject({
      clientSub: HOSPITAL.sub,
      clientOrg: HOSPITAL.org,
      actingUser: 'doctor-7',
      purpose: 'TREATMENT',
      operationName: 'Patients',
      documentHash: sha256(PATIENTS),
      personalId: subject(),
      outcome: 'GRANTED',
      deniedFields: [],
      dataCategories: ['IDENTITY', 'HEALTH_ENCOUNTERS'],
    });
    expect(read.fields).toContain('Encounter.principalDiagnosis');
    const [auditRecord, ...rest] = await recordsOf(response);
    expect(rest).toEqual([]);
    expect(auditRecord).toMatchObject({ personalId: subject(), clientSub: 'auditor-37', actingUser: 'inspector-1' });
    expect(auditRecord?.fields).toContain('AccessRecord.documentHash');
    // A time window: nothing before the first record.
    const empty = await gateway.graphql<Json>(
      `query($id: PersonalId!) { accessLog(personalId: $id, to: "2000-01-01T00:00:00Z") { ${FULL} } }`,
      { id: subject() },
      { token: auditor, purpose: 'LAW_ENFORCEMENT' },
    );
    expect(empty.body.data.accessLog.edges).toEqual([]);
    // Without audit:log:read: denied.
    const denied = await gateway.graphql<Json>(
      `query($id: PersonalId!) { accessLog(personalId: $id) { edges { node { seq } } } }`,
      { id: subject() },
      { token: hospital, purpose: 'TREATMENT' },
    );
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  it("accessLogByClient (auditor) and myClientAccessLog (a client's own reads)", async () => {
    const auditor = await gateway.token('auditor');
    const byClient = await gateway.graphql<Json>(
      `query($sub: String!) { accessLogByClient(sub: $sub, first: 100) { ${FULL} } }`,
      { sub: HOSPITAL.sub },
      { token: auditor, purpose: 'LAW_ENFORCEMENT' },
    );
    expect(byClient.body.errors).toBeUndefined();
    const nodes = byClient.body.data.accessLogByClient.edges.map((e: Json) => e.node);
    expect(nodes.length).toBeGreaterThan(3);
    expect(nodes.every((n: Json) => n.clientSub === HOSPITAL.sub)).toBe(true);
    expect(nodes.some((n: Json) => n.requestId === requestId(hospitalRead))).toBe(true);

    const reviewer = await gateway.token('hospital', { ...HOSPITAL, scopes: ['audit:client:read'] });
    const own = await gateway.graphql<Json>(
      `{ myClientAccessLog(first: 100) { edges { node { clientSub actingUser requestId } } } }`,
      {},
      { token: reviewer, purpose: 'TREATMENT' },
    );
    expect(own.body.errors).toBeUndefined();
    const ownNodes = own.body.data.myClientAccessLog.edges.map((e: Json) => e.node);
    expect(ownNodes.some((n: Json) => n.requestId === requestId(hospitalRead) && n.actingUser === 'doctor-7')).toBe(
      true,
    );
    expect(ownNodes.every((n: Json) => n.clientSub === HOSPITAL.sub)).toBe(true);
    // ... another client's reviewer sees only its own (none here), and the scope does not open accessLogByClient.
    const otherReviewer = await gateway.token('land-office', { scopes: ['audit:client:read'] });
    const other = await gateway.graphql<Json>(
      `{ myClientAccessLog { edges { node { clientSub } } } }`,
      {},
      { token: otherReviewer, purpose: 'LAND_ADMINISTRATION' },
    );
    expect(other.body.data.myClientAccessLog.edges).toEqual([]);
    const notAuditor = await gateway.graphql<Json>(
      `query($sub: String!) { accessLogByClient(sub: $sub) { edges { node { seq } } } }`,
      { sub: HOSPITAL.sub },
      { token: reviewer, purpose: 'TREATMENT' },
    );
    expect(notAuditor.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });
});

describe('fail closed', () => {
  it('the store cannot be written: 503 AUDIT_UNAVAILABLE, no data; serving again once repaired', async () => {
    const [row] = await gateway.db.query<{ fullName: string }>(
      `SELECT full_name AS "fullName" FROM core.citizen WHERE personal_id = $1`,
      [fx.rich],
    );
    const fullName = row?.fullName as string;
    const failed = gateway.gateway.auditLog.stats.failedBatches;
    await gateway.db.exec('ALTER TABLE audit.access_record RENAME TO access_record_broken');
    let broken: GraphQLResponse<Json>;
    try {
      broken = await gateway.graphql<Json>(CITIZEN_360, { id: fx.rich }, { token: hospital, purpose: 'TREATMENT' });
      // Reads without personal data are not affected.
      const info = await gateway.graphql<Json>(`{ gatewayInfo { name } }`, {}, { token: hospital });
      expect(info.status).toBe(200);
    } finally {
      await gateway.db.exec('ALTER TABLE audit.access_record_broken RENAME TO access_record');
    }
    expect(broken.status).toBe(503);
    expect(broken.headers.get('retry-after')).toBe('5');
    expect(broken.body.data).toBeUndefined();
    expect(broken.body.errors?.map((e) => e.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
    expect(JSON.stringify(broken.body)).not.toContain(fullName);
    expect(JSON.stringify(broken.body)).not.toContain(fx.rich);
    expect(gateway.gateway.auditLog.stats.failedBatches).toBe(failed + 1);
    expect(await recordsOf(broken)).toEqual([]);

    const repaired = await gateway.graphql<Json>(
      CITIZEN_360,
      { id: fx.rich },
      { token: hospital, purpose: 'TREATMENT' },
    );
    expect(repaired.status).toBe(200);
    expect(repaired.body.data.citizen.fullName).toBe(fullName);
    expect((await recordsOf(repaired)).map((r) => r.personalId)).toContain(fx.rich);
  });
});

describe('cost', () => {
  it('one append per request, whatever the number of citizens (group commit: test/audit-concurrency.test.ts)', async () => {
    const ids = fx.withEncounters.slice(0, 4);
    const stats = gateway.gateway.auditLog.stats;
    const before = { appends: stats.appends, records: stats.records };
    const response = await gateway.graphql<Json>(PATIENTS, { ids }, { token: hospital, purpose: 'TREATMENT' });
    expect(response.status).toBe(200);
    expect(stats.appends - before.appends).toBe(1);
    expect(stats.records - before.records).toBe(ids.length);
  });

  it('the hash chain verifies after all of the above', async () => {
    const result = await verifyChain(gateway.db);
    expect(result.broken).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.records).toBeGreaterThan(30);
  });
});
