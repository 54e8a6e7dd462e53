/**
 * Break-glass (docs/ARCHITECTURE.md §5, §6): `X-Break-Glass: <reason>` on /graphql, over real HTTP with real tokens.
 * Every refusal is answered before execution with its code and recorded as a REFUSED security event; a hospital's
 * emergency read flags every access record of the request with the reason (covered by the hash: verify detects a
 * change), the citizen sees it in myAccessLog, an auditor lists it and reviews it once; the per-organisation limit
 * counts per organisation, not per token. Runs on PGlite, or PostgreSQL with TEST_DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../src/audit/verify.ts';
import { maskedReason, parseBreakGlassReason } from '../src/http/break-glass.ts';
import { mulberry32 } from '../src/lib/mulberry32.ts';
import { seedDemoBreakGlass } from '../src/seed/break-glass.ts';
import { DEMO_SEED, showcaseOf } from '../src/seed/demo.ts';
import { startTestGateway, type GraphQLResponse, type Json, type TestGateway } from './support/harness.ts';

let gateway: TestGateway;
/** A patient without any consent, with encounters at a facility other than the hospital's. */
let patient: string;
let hospitalOrg: string;
let otherFacility: string;
let hospital: string;
let auditor: string;

const ENCOUNTERS = `query Emergency($id: PersonalId!) {
  citizen(personalId: $id) { personalId health { encounters(first: 50) { edges { node { facility { code } } } } } }
}`;

const REASON = 'Ngừng tim khi nhập viện, bệnh nhân bất tỉnh';

/** The reason as curl sends it: UTF-8 bytes (fetch() takes header values as latin1 characters, one per byte). */
const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
/** The reason as a browser sends it: an RFC 8187 ext-value. */
const extValue = (text: string) => `UTF-8''${encodeURIComponent(text)}`;

beforeAll(async () => {
  gateway = await startTestGateway({
    citizens: 60,
    seed: 5,
    env: {
      SECURITY_EVENTS_FLUSH_MS: '600000',
      BREAK_GLASS_LIMIT: '1000',
      RATE_LIMIT_DEFAULT: '100000:10000',
    },
  });
  const [row] = await gateway.db.query<{ personalId: string; facility: string }>(
    `SELECT e.personal_id AS "personalId", e.facility_code AS facility FROM health.encounter e
     WHERE NOT EXISTS (SELECT 1 FROM core.consent c WHERE c.personal_id = e.personal_id)
     ORDER BY e.personal_id, e.facility_code LIMIT 1`,
  );
  if (row === undefined) throw new Error('the seed has no encounter');
  patient = row.personalId;
  otherFacility = row.facility;
  const [hospitalRow] = await gateway.db.query<{ code: string }>(
    `SELECT code FROM health.facility WHERE code <> $1 ORDER BY code LIMIT 1`,
    [otherFacility],
  );
  hospitalOrg = (hospitalRow as { code: string }).code;
  hospital = await gateway.token('hospital', { sub: `his-${hospitalOrg}`, org: hospitalOrg });
  auditor = await gateway.token('auditor');
}, 180_000);

afterAll(async () => {
  await gateway?.close();
});

const code = (response: GraphQLResponse<unknown>) => response.body.errors?.[0]?.extensions?.code;

function emergency(reason: string | undefined, options: { token?: string; purpose?: string } = {}) {
  return gateway.graphql<Json>(
    ENCOUNTERS,
    { id: patient },
    {
      token: options.token ?? hospital,
      purpose: options.purpose ?? 'TREATMENT',
      userId: 'bs-tran',
      headers: reason === undefined ? {} : { 'x-break-glass': utf8(reason) },
    },
  );
}

async function recordsOf(requestId: string) {
  return gateway.db.query<{ breakGlass: boolean; breakGlassReason: string | null; personalId: string }>(
    `SELECT break_glass AS "breakGlass", break_glass_reason AS "breakGlassReason", personal_id AS "personalId"
     FROM audit.access_record WHERE request_id = $1`,
    [requestId],
  );
}

async function refusedCodes(): Promise<string[]> {
  await gateway.gateway.securityEvents.flush();
  const rows = await gateway.db.query<{ code: string }>(
    `SELECT DISTINCT code FROM audit.security_event WHERE kind = 'REFUSED' AND code LIKE 'BREAK_GLASS%'`,
  );
  return rows.map((r) => r.code).sort();
}

describe('the reason', () => {
  it('is trimmed, at most 500 characters, without control characters; identifiers are masked', () => {
    expect(parseBreakGlassReason(['  x  '])).toEqual({ reason: 'x' });
    expect(parseBreakGlassReason([' '])).toHaveProperty('problem');
    expect(parseBreakGlassReason(['a'.repeat(501)])).toHaveProperty('problem');
    expect(parseBreakGlassReason(['a'.repeat(500)])).toEqual({ reason: 'a'.repeat(500) });
    expect(parseBreakGlassReason(['a\tb'])).toHaveProperty('problem');
    expect(parseBreakGlassReason(['a', 'b'])).toHaveProperty('problem');
    // UTF-8 bytes arrive as latin1 characters and are decoded.
    const bytes = Buffer.from(REASON, 'utf8').toString('latin1');
    expect(parseBreakGlassReason([bytes])).toEqual({ reason: REASON });
    expect(parseBreakGlassReason(['\xff\xfe'])).toHaveProperty('problem');
    expect(parseBreakGlassReason([extValue(REASON)])).toEqual({ reason: REASON });
    expect(parseBreakGlassReason(["utf-8''%E1%BB"])).toHaveProperty('problem');
    expect(parseBreakGlassReason(["UTF-8''%20%20"])).toHaveProperty('problem');
    expect(maskedReason('BN 037085000101 ngừng tim, gọi 0912 345 678')).toBe(
      'BN ************ ngừng tim, gọi **** *** ***',
    );
    expect(maskedReason('phòng 12, 3 ngày')).toBe('phòng 12, 3 ngày');
  });
});

describe('refusals, before execution', () => {
  it('an empty or too long reason: 400 BREAK_GLASS_REASON_INVALID', async () => {
    for (const reason of ['   ', 'x'.repeat(501), 'a\tb']) {
      const response = await emergency(reason);
      expect(response.status).toBe(400);
      expect(code(response)).toBe('BREAK_GLASS_REASON_INVALID');
      expect(response.body.data).toBeUndefined();
    }
  });

  it('the header sent twice: 400 BREAK_GLASS_REASON_INVALID', async () => {
    const body = JSON.stringify({ query: ENCOUNTERS, variables: { id: patient } });
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${gateway.url}/graphql`);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: '/graphql',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${hospital}`,
            'x-purpose': 'TREATMENT',
            'x-break-glass': ['one', 'two'],
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(400);
  });

  it('a token that is not a hospital: 403 BREAK_GLASS_NOT_ALLOWED', async () => {
    const tokens = [
      await gateway.token('residence-police'),
      await gateway.token('social-insurance'),
      await gateway.token('citizen', { pid: patient }),
      // A hospital profile whose org is no facility of the registry.
      await gateway.token('hospital', { sub: 'his-nowhere', org: 'ZZ999' }),
      // A facility's client without the encounters scope.
      await gateway.token('hospital', { sub: 'his-billing', org: hospitalOrg, scopes: ['health:payments:read'] }),
    ];
    for (const token of tokens) {
      const response = await emergency(REASON, { token });
      expect(response.status).toBe(403);
      expect(code(response)).toBe('BREAK_GLASS_NOT_ALLOWED');
    }
  });

  it('a purpose other than TREATMENT: 400 BREAK_GLASS_PURPOSE', async () => {
    const response = await emergency(REASON, { purpose: 'INSURANCE' });
    expect(response.status).toBe(400);
    expect(code(response)).toBe('BREAK_GLASS_PURPOSE');
  });

  it('a mutation: 400 BREAK_GLASS_READ_ONLY, nothing written', async () => {
    const before = await gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM health.encounter');
    const response = await gateway.graphql<Json>(
      `mutation { recordEncounter(input: { personalId: "${patient}", encounterKey: "BG-1", type: OUTPATIENT,
          admittedAt: "2026-11-01T08:00:00+07:00", principalDiagnosis: "I46.9" }) { encounter { id } } }`,
      {},
      { token: hospital, purpose: 'TREATMENT', headers: { 'x-break-glass': utf8(REASON) } },
    );
    expect(response.status).toBe(400);
    expect(code(response)).toBe('BREAK_GLASS_READ_ONLY');
    const after = await gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM health.encounter');
    expect(after).toEqual(before);
  });

  it('each refusal is a REFUSED security event with its code', async () => {
    expect(await refusedCodes()).toEqual([
      'BREAK_GLASS_NOT_ALLOWED',
      'BREAK_GLASS_PURPOSE',
      'BREAK_GLASS_READ_ONLY',
      'BREAK_GLASS_REASON_INVALID',
    ]);
  });
});

describe('an emergency read', () => {
  let requestId: string;

  it('returns the encounters; every access record of the request carries the flag and the reason', async () => {
    const response = await emergency(REASON);
    expect(response.status, JSON.stringify(response.body.errors)).toBe(200);
    const edges = response.body.data.citizen.health.encounters.edges as { node: { facility: { code: string } } }[];
    expect(edges.map((e) => e.node.facility.code)).toContain(otherFacility);
    requestId = response.headers.get('x-request-id') as string;
    const records = await recordsOf(requestId);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(record).toMatchObject({ breakGlass: true, breakGlassReason: REASON });
  });

  it("without the header the consent rule withholds the other facility's encounters; with it they are read", async () => {
    const consents = await gateway.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM core.consent WHERE personal_id = $1`,
      [patient],
    );
    expect(consents[0]?.n).toBe(0);
    const query = `query Consent($id: PersonalId!) {
      citizen(personalId: $id) { health { encounters(first: 50) { withheldCount edges { node { facility { code } } } } } }
    }`;
    const read = (headers: Record<string, string>) =>
      gateway.graphql<Json>(query, { id: patient }, { token: hospital, purpose: 'TREATMENT', headers });
    const plain = await read({});
    expect(plain.status, JSON.stringify(plain.body.errors)).toBe(200);
    const plainEncounters = plain.body.data.citizen.health.encounters;
    const plainCodes = (plainEncounters.edges as { node: { facility: { code: string } } }[]).map(
      (e) => e.node.facility.code,
    );
    expect(plainCodes).not.toContain(otherFacility);
    expect(plainEncounters.withheldCount).toBeGreaterThan(0);
    // The count is over the whole list: a date range does not narrow it (it would tell when the visits were).
    const dated = await gateway.graphql<Json>(
      `query Dated($id: PersonalId!) {
        citizen(personalId: $id) { health { encounters(first: 1, from: "1900-01-01", to: "1900-01-02") { withheldCount } } }
      }`,
      { id: patient },
      { token: hospital, purpose: 'TREATMENT' },
    );
    expect(dated.body.data.citizen.health.encounters.withheldCount).toBe(plainEncounters.withheldCount);
    const glass = await read({ 'x-break-glass': utf8(REASON) });
    expect(glass.status, JSON.stringify(glass.body.errors)).toBe(200);
    const glassEncounters = glass.body.data.citizen.health.encounters;
    expect(glassEncounters.withheldCount).toBe(0);
    expect(glassEncounters.edges.length).toBe(plainEncounters.edges.length + plainEncounters.withheldCount);
    expect(glassEncounters.edges.map((e: Json) => e.node.facility.code)).toContain(otherFacility);
  });

  it('a request without the header is not flagged', async () => {
    const response = await emergency(undefined);
    expect(response.status).toBe(200);
    const records = await recordsOf(response.headers.get('x-request-id') as string);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(record).toMatchObject({ breakGlass: false, breakGlassReason: null });
  });

  it('the citizen sees it in myAccessLog', async () => {
    const citizen = await gateway.token('citizen', { pid: patient });
    const response = await gateway.graphql<Json>(
      `{ myAccessLog(first: 20) { edges { node { organisation breakGlass breakGlassReason } } } }`,
      {},
      { token: citizen, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(response.status, JSON.stringify(response.body.errors)).toBe(200);
    const nodes = (response.body.data.myAccessLog.edges as { node: Json }[]).map((e) => e.node);
    expect(nodes).toContainEqual({ organisation: hospitalOrg, breakGlass: true, breakGlassReason: REASON });
    expect(nodes).toContainEqual({ organisation: hospitalOrg, breakGlass: false, breakGlassReason: null });
  });

  const REVIEWS = `query Reviews($status: BreakGlassReviewStatus) {
    breakGlassReviews(status: $status, first: 10) {
      edges { node { id requestId clientSub clientOrg actingUser reason patients status reviewer note reviewedAt } }
    }
  }`;
  const REVIEW = `mutation Review($id: ID!, $verdict: BreakGlassVerdict!, $note: String) {
    reviewBreakGlass(id: $id, verdict: $verdict, note: $note) { review { id status reviewer reviewerUser note } }
  }`;

  it('auditors list it PENDING with the patients concerned, and review it once', async () => {
    const listed = await gateway.graphql<Json>(
      REVIEWS,
      { status: 'PENDING' },
      { token: auditor, purpose: 'LAW_ENFORCEMENT' },
    );
    expect(listed.status, JSON.stringify(listed.body.errors)).toBe(200);
    const nodes = (listed.body.data.breakGlassReviews.edges as { node: Json }[]).map((e) => e.node);
    const review = nodes.find((node) => node.requestId === requestId);
    expect(review).toMatchObject({
      clientSub: `his-${hospitalOrg}`,
      clientOrg: hospitalOrg,
      actingUser: 'bs-tran',
      reason: REASON,
      patients: [patient],
      status: 'PENDING',
      reviewer: null,
    });

    // A hospital (staff, not an auditor) cannot review.
    const byHospital = await gateway.graphql<Json>(
      REVIEW,
      { id: review.id, verdict: 'APPROVED' },
      { token: hospital, purpose: 'TREATMENT', userId: 'bs-tran' },
    );
    expect(byHospital.body.data?.reviewBreakGlass ?? null).toBeNull();
    expect(code(byHospital)).toBe('UNAUTHORIZED_FIELD_OR_TYPE');

    const approved = await gateway.graphql<Json>(
      REVIEW,
      { id: review.id, verdict: 'APPROVED', note: 'Hồ sơ cấp cứu khớp' },
      { token: auditor, purpose: 'LAW_ENFORCEMENT', userId: 'kiem-tra-vien-1' },
    );
    expect(approved.status, JSON.stringify(approved.body.errors)).toBe(200);
    expect(approved.body.data.reviewBreakGlass.review).toEqual({
      id: review.id,
      status: 'APPROVED',
      reviewer: 'auditor-37',
      reviewerUser: 'kiem-tra-vien-1',
      note: 'Hồ sơ cấp cứu khớp',
    });
    // The decision is in the patient's access log (the mutation's record, in its transaction).
    const decision = await gateway.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit.access_record
       WHERE personal_id = $1 AND client_sub = 'auditor-37' AND 'Mutation.reviewBreakGlass' = ANY(fields)`,
      [patient],
    );
    expect(decision[0]?.n).toBe(1);

    const again = await gateway.graphql<Json>(
      REVIEW,
      { id: review.id, verdict: 'REJECTED' },
      { token: auditor, purpose: 'LAW_ENFORCEMENT', userId: 'kiem-tra-vien-2' },
    );
    expect(code(again)).toBe('BREAK_GLASS_ALREADY_REVIEWED');
    const stored = await gateway.db.query<{ status: string; reviewerUser: string }>(
      `SELECT status::text AS status, reviewer_user AS "reviewerUser" FROM audit.break_glass_review WHERE id = $1`,
      [review.id],
    );
    expect(stored).toEqual([{ status: 'APPROVED', reviewerUser: 'kiem-tra-vien-1' }]);
  });

  it('a break-glass request that reads nothing personal still leaves a review', async () => {
    // A well-formed personal ID of nobody: the answer is null, no citizen's data is read.
    const [{ id: nobody } = { id: '' }] = await gateway.db.query<{ id: string }>(
      `SELECT left(personal_id, 6) || lpad(((right(personal_id, 6)::int + n) % 1000000)::text, 6, '0') AS id
       FROM core.citizen, generate_series(1, 50) n
       WHERE left(personal_id, 6) || lpad(((right(personal_id, 6)::int + n) % 1000000)::text, 6, '0')
         NOT IN (SELECT personal_id FROM core.citizen)
       ORDER BY personal_id, n LIMIT 1`,
    );
    const response = await gateway.graphql<Json>(
      `query Nobody($id: PersonalId!) { citizen(personalId: $id) { personalId } }`,
      { id: nobody },
      { token: hospital, purpose: 'TREATMENT', headers: { 'x-break-glass': extValue('kiểm tra kết nối') } },
    );
    expect(response.status, JSON.stringify(response.body.errors)).toBe(200);
    expect(response.body.data.citizen).toBeNull();
    const rows = await gateway.db.query<{ patients: string[] }>(
      `SELECT patient_personal_ids AS patients FROM audit.break_glass_review WHERE request_id = $1`,
      [response.headers.get('x-request-id')],
    );
    expect(rows).toEqual([{ patients: [] }]);
  });

  it('reads one patient: two root fields, aliases or a list of citizens are refused before anything runs', async () => {
    const shapes: [string, Record<string, unknown>][] = [
      [
        `query Two($id: PersonalId!) { a: citizen(personalId: $id) { personalId } b: citizen(personalId: $id) { personalId } }`,
        { id: patient },
      ],
      [`query List($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId } }`, { ids: [patient] }],
      [`query Other { gatewayInfo { name } }`, {}],
      [
        `query Spread($id: PersonalId!) { ...Roots } fragment Roots on Query { citizen(personalId: $id) { personalId } gatewayInfo { name } }`,
        { id: patient },
      ],
    ];
    for (const [query, variables] of shapes) {
      const response = await gateway.graphql<Json>(query, variables, {
        token: hospital,
        purpose: 'TREATMENT',
        headers: { 'x-break-glass': utf8(REASON) },
      });
      expect(response.status, query).toBe(400);
      expect(code(response), query).toBe('BREAK_GLASS_ONE_PATIENT');
      expect(await recordsOf(response.headers.get('x-request-id') as string), query).toEqual([]);
    }
    // One citizen root through a fragment is the shape of an emergency read.
    const spread = await gateway.graphql<Json>(
      `query One($id: PersonalId!) { __typename ...Patient } fragment Patient on Query { citizen(personalId: $id) { personalId } }`,
      { id: patient },
      { token: hospital, purpose: 'TREATMENT', headers: { 'x-break-glass': utf8(REASON) } },
    );
    expect(spread.status, JSON.stringify(spread.body.errors)).toBe(200);
    expect(spread.body.data.citizen.personalId).toBe(patient);
  });

  it('audit:verify detects a changed reason or flag', async () => {
    expect((await verifyChain(gateway.db)).ok).toBe(true);
    const [target] = await gateway.db.query<{ writer: number; seq: string; reason: string }>(
      `SELECT writer_id AS writer, seq::text AS seq, break_glass_reason AS reason FROM audit.access_record
       WHERE request_id = $1 ORDER BY seq LIMIT 1`,
      [requestId],
    );
    if (target === undefined) throw new Error('no record');
    const where = 'WHERE writer_id = $1 AND seq = $2::bigint';
    await gateway.db.query(`UPDATE audit.access_record SET break_glass_reason = 'routine' ${where}`, [
      target.writer,
      target.seq,
    ]);
    expect((await verifyChain(gateway.db)).broken).toMatchObject({ kind: 'changed', seq: target.seq });
    await gateway.db.query(`UPDATE audit.access_record SET break_glass_reason = NULL, break_glass = false ${where}`, [
      target.writer,
      target.seq,
    ]);
    expect((await verifyChain(gateway.db)).broken).toMatchObject({ kind: 'changed', seq: target.seq });
    await gateway.db.query(`UPDATE audit.access_record SET break_glass_reason = $3, break_glass = true ${where}`, [
      target.writer,
      target.seq,
      target.reason,
    ]);
    expect((await verifyChain(gateway.db)).ok).toBe(true);
    // Setting the flag on a record that had none is a change too.
    const [plain] = await gateway.db.query<{ writer: number; seq: string }>(
      `SELECT writer_id AS writer, seq::text AS seq FROM audit.access_record WHERE NOT break_glass ORDER BY seq LIMIT 1`,
    );
    if (plain === undefined) throw new Error('no record');
    await gateway.db.query(`UPDATE audit.access_record SET break_glass = true ${where}`, [plain.writer, plain.seq]);
    expect((await verifyChain(gateway.db)).broken).toMatchObject({ kind: 'changed', seq: plain.seq });
    await gateway.db.query(`UPDATE audit.access_record SET break_glass = false ${where}`, [plain.writer, plain.seq]);
    expect((await verifyChain(gateway.db)).ok).toBe(true);
  });

  it('property: every record of a header request is flagged, none of a request without it', async () => {
    const random = mulberry32(20261203);
    const ids = await gateway.personalIds(8);
    for (let i = 0; i < 12; i += 1) {
      const withHeader = random() < 0.5;
      // A break-glass request reads one patient; without the header, several.
      const chosen = withHeader ? [ids[Math.floor(random() * ids.length)] as string] : ids.filter(() => random() < 0.5);
      if (chosen.length === 0) chosen.push(ids[0] as string);
      const reason = `ca cấp cứu ${i}`;
      const response = await gateway.graphql<Json>(
        withHeader
          ? `query One($id: PersonalId!) { citizen(personalId: $id) { personalId health { encounters(first: 5) { edges { node { type } } } } } }`
          : `query Many($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId health { encounters(first: 5) { edges { node { type } } } } } }`,
        withHeader ? { id: chosen[0] } : { ids: chosen },
        {
          token: hospital,
          purpose: 'TREATMENT',
          headers: withHeader ? { 'x-break-glass': i % 2 === 0 ? utf8(reason) : extValue(reason) } : {},
        },
      );
      expect(response.status, JSON.stringify(response.body.errors)).toBe(200);
      const records = await recordsOf(response.headers.get('x-request-id') as string);
      expect(new Set(records.map((r) => r.personalId))).toEqual(new Set(chosen));
      for (const record of records) {
        expect(record).toEqual({
          personalId: record.personalId,
          breakGlass: withHeader,
          breakGlassReason: withHeader ? reason : null,
        });
      }
    }
  });
});

describe('the demo data and the per-organisation limit', () => {
  let limited: TestGateway;
  beforeAll(async () => {
    limited = await startTestGateway({
      citizens: 40,
      // The demo seed: the harness writes its break-glass events as `npm start` does (src/seed/break-glass.ts).
      seed: DEMO_SEED,
      env: { BREAK_GLASS_LIMIT: '3', BREAK_GLASS_WINDOW_SECONDS: '3600', RATE_LIMIT_DEFAULT: '100000:10000' },
    });
  }, 180_000);
  afterAll(async () => {
    await limited?.close();
  });

  it('the demo has three flagged reads of the showcase citizens, one approved review, and a verifiable chain', async () => {
    const showcase = showcaseOf({ seed: DEMO_SEED }).map((c) => c.personalId);
    const records = await limited.db.query<{ personalId: string; reason: string }>(
      `SELECT personal_id AS "personalId", break_glass_reason AS reason FROM audit.access_record
       WHERE break_glass ORDER BY at`,
    );
    expect(records.map((r) => r.personalId)).toEqual([showcase[0], showcase[1], showcase[0]]);
    const reviews = await limited.db.query<{ status: string; patients: string[] }>(
      `SELECT status::text AS status, patient_personal_ids AS patients FROM audit.break_glass_review ORDER BY at`,
    );
    expect(reviews).toEqual([
      { status: 'APPROVED', patients: [showcase[0]] },
      { status: 'PENDING', patients: [showcase[1]] },
      { status: 'PENDING', patients: [showcase[0]] },
    ]);
    expect((await verifyChain(limited.db)).ok).toBe(true);
    // Once only.
    expect(await seedDemoBreakGlass(limited.db)).toBe(0);
  });

  it('refuses the 4th request of an organisation, whichever of its tokens sends it, and not another organisation', async () => {
    const facilities = await limited.db.query<{ code: string }>(
      `SELECT code FROM health.facility ORDER BY code LIMIT 2`,
    );
    const [first, second] = facilities.map((f) => f.code) as [string, string];
    const tokenA1 = await limited.token('hospital', { sub: 'his-a-1', org: first });
    const tokenA2 = await limited.token('hospital', { sub: 'his-a-2', org: first });
    const tokenB = await limited.token('hospital', { sub: 'his-b', org: second });
    const [id] = await limited.personalIds(1);
    const send = (token: string) =>
      limited.graphql<Json>(
        `query One($id: PersonalId!) { citizen(personalId: $id) { personalId } }`,
        { id },
        {
          token,
          purpose: 'TREATMENT',
          headers: { 'x-break-glass': extValue('đa chấn thương') },
        },
      );
    for (const token of [tokenA1, tokenA2, tokenA1]) expect((await send(token)).status).toBe(200);
    const refused = await send(tokenA2);
    expect(refused.status).toBe(429);
    expect(code(refused)).toBe('BREAK_GLASS_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another organisation has its own bucket; requests without the header are not limited by it.
    expect((await send(tokenB)).status).toBe(200);
    const plain = await limited.graphql<Json>(`{ gatewayInfo { name } }`, {}, { token: tokenA1, purpose: 'TREATMENT' });
    expect(plain.status).toBe(200);
  });
});

describe('the per-organisation limit across replicas (Redis at 127.0.0.1:6379)', () => {
  const prefix = `lienthong-test:${randomUUID()}:`;
  const env = {
    REDIS_URL: 'redis://127.0.0.1:6379',
    RATE_LIMIT_REDIS_PREFIX: prefix,
    BREAK_GLASS_LIMIT: '2',
    RATE_LIMIT_DEFAULT: '100000:10000',
  };
  let first: TestGateway;
  let second: TestGateway;
  beforeAll(async () => {
    [first, second] = await Promise.all([
      startTestGateway({ citizens: 10, seed: 5, env }),
      startTestGateway({ citizens: 10, seed: 5, env }),
    ]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('draws both replicas’ break-glass requests of one organisation from one bucket', async () => {
    const send = async (replica: TestGateway) =>
      replica.graphql<Json>(
        `query One($id: PersonalId!) { citizen(personalId: $id) { personalId } }`,
        { id: (await replica.personalIds(1))[0] },
        {
          token: await replica.token('hospital', { sub: 'his-37001', org: '37001' }),
          purpose: 'TREATMENT',
          headers: { 'x-break-glass': extValue('ngừng thở') },
        },
      );
    expect([(await send(first)).status, (await send(second)).status]).toEqual([200, 200]);
    const refused = [await send(first), await send(second)];
    expect(refused.map((r) => [r.status, code(r)])).toEqual([
      [429, 'BREAK_GLASS_LIMITED'],
      [429, 'BREAK_GLASS_LIMITED'],
    ]);
    // The bucket is in Redis, keyed by a digest of the organisation.
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      expect(await redis.keys(`${prefix}breakglass:*`)).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  });
});
