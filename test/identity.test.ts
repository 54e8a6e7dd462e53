/**
 * Identity reconciliation through the real HTTP gateway (docs/ARCHITECTURE.md §9): legacy identifiers and cancelled
 * personal IDs resolve to the current citizen; a value claimed by several citizens resolves to all of them with
 * `conflict: true`, never to one picked silently; conflicts are detected, listed and resolved by an official, who is
 * recorded, and the rejected claims are kept (superseded) so the value then resolves to one citizen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../src/seed/index.ts';
import { detectIdentityConflicts } from '../src/sectors/identity/maintenance.ts';
import {
  openMigratedTestDatabase,
  startTestGateway,
  type GraphQLResponse,
  type MigratedTestDatabase,
  type TestGateway,
  type Json,
} from './support/harness.ts';
import { runTypeScript } from './support/process.ts';

const PURPOSE = 'RESIDENCE_ADMINISTRATION';
const OFFICIAL = 'officer-037-0042';

let gateway: TestGateway;
let police: string;
/** Fixture citizens (see beforeAll). */
let A: string, B: string, C: string, D: string, E: string, F: string;
/** A cancelled personal ID re-issued as A's. */
let previousOfA: string;

async function sql<Row = Json>(text: string, params: unknown[] = []): Promise<Row[]> {
  return gateway.db.query<Row>(text, params);
}

/** As the police residence office, with the acting official (null: no X-User-Id header). */
function asPolice(
  query: string,
  variables: Record<string, unknown> = {},
  token = police,
  userId: string | null = OFFICIAL,
) {
  return gateway.graphql<Json>(query, variables, { token, purpose: PURPOSE, ...(userId === null ? {} : { userId }) });
}

async function statements<T>(run: () => Promise<T>): Promise<{ result: T; count: number }> {
  const before = gateway.db.statements.count;
  const result = await run();
  return { result, count: gateway.db.statements.count - before };
}

/** A personal ID in the right format that no citizen and no cancelled ID has. */
async function unusedPersonalId(seedDigits: string): Promise<string> {
  for (let n = 0; n < 1000; n += 1) {
    // Ninh Binh (037), male born 1999 (0, 99), random part from the arguments.
    const candidate = `037099${seedDigits}${String(n).padStart(4, '0')}`;
    const [used] = await sql<{ used: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM core.citizen WHERE personal_id = $1)
           OR EXISTS (SELECT 1 FROM core.previous_personal_id WHERE previous_id = $1) AS used`,
      [candidate],
    );
    if (used?.used === false) return candidate;
  }
  throw new Error('no unused personal ID');
}

async function addLegacy(kind: string, value: string, personalId: string): Promise<void> {
  await sql(
    `INSERT INTO core.legacy_identifier (kind, value, personal_id) VALUES ($1::text::core."LegacyIdentifierKind", $2, $3)`,
    [kind, value, personalId],
  );
}

async function conflictOf(kind: string, value: string): Promise<Json> {
  const [row] = await sql(
    `SELECT id, status::text AS status, type::text AS type FROM core.identity_conflict
     WHERE type = 'SHARED_VALUE' AND kind = $1::text::core."LegacyIdentifierKind" AND value = $2 ORDER BY id DESC LIMIT 1`,
    [kind, value],
  );
  return row;
}

const gid = (id: number): string => Buffer.from(`IdentityConflict:${id}`).toString('base64url');

const RESOLVE = /* GraphQL */ `
  query Resolve($kind: IdentifierKind!, $value: String!) {
    resolveIdentifier(kind: $kind, value: $value) {
      kind
      value
      conflict
      reissued
      citizens {
        personalId
        fullName
      }
      openConflict {
        id
        status
      }
    }
  }
`;

const RESOLVE_CONFLICT = /* GraphQL */ `
  mutation Decide($id: ID!, $keep: PersonalId, $keepValue: String, $why: String!) {
    resolveIdentityConflict(id: $id, keepPersonalId: $keep, keepValue: $keepValue, resolution: $why) {
      id
      type
      kind
      status
      resolvedAt
      resolvedByClient
      resolvedByOrganisation
      resolvedByUser
      resolution
      claims {
        personalId
        value
        supersededAt
      }
    }
  }
`;

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 100, seed: 7 });
  police = await gateway.token('residence-police');
  const noKind = (kind: string) =>
    `NOT EXISTS (SELECT 1 FROM core.legacy_identifier l WHERE l.personal_id = c.personal_id AND l.kind = '${kind}')`;
  [A, B] = (await gateway.personalIds(2, `c.status = 'ALIVE'`)) as [string, string];
  [C, D] = (await gateway.personalIds(2, `${noKind('TAX_CODE')} AND c.personal_id NOT IN ('${A}', '${B}')`)) as [
    string,
    string,
  ];
  [E, F] = (await gateway.personalIds(
    2,
    `${noKind('SOCIAL_INSURANCE')} AND c.personal_id NOT IN ('${A}', '${B}', '${C}', '${D}')`,
  )) as [string, string];
  // Values outside the seed's number spaces (CMND prefixes 01-18 and 16x, tax codes 8..., insurance by province 0x-4x).
  await addLegacy('OLD_ID_CARD', '991000001', A);
  await addLegacy('OLD_ID_CARD', '991000002', A);
  await addLegacy('OLD_ID_CARD', '991000002', B);
  await addLegacy('TAX_CODE', '0100000001', C);
  await addLegacy('TAX_CODE', '0100000001001', C); // a dependent unit under C's own code: no conflict
  await addLegacy('TAX_CODE', '0100000002', D);
  await addLegacy('TAX_CODE', '0100000003', D); // two taxpayers' codes for one citizen: MULTIPLE_VALUES
  await addLegacy('SOCIAL_INSURANCE', '9900000001', E);
  await addLegacy('SOCIAL_INSURANCE', '9900000001', F); // shared with E ...
  await addLegacy('SOCIAL_INSURANCE', '9900000009', F); // ... and F's second number
  previousOfA = await unusedPersonalId('77');
  await sql(
    `INSERT INTO core.previous_personal_id (previous_id, personal_id, cancelled_on, reason) VALUES ($1, $2, '2024-05-02', 'test re-issue')`,
    [previousOfA, A],
  );
});

afterAll(async () => {
  await gateway?.close();
});

describe('resolveIdentifier', () => {
  it('resolves each kind of identifier to the one current citizen', async () => {
    const oldCard = await asPolice(RESOLVE, { kind: 'OLD_ID_CARD', value: '991000001' });
    expect(oldCard.body.errors).toBeUndefined();
    expect(oldCard.body.data.resolveIdentifier).toMatchObject({
      kind: 'OLD_ID_CARD',
      value: '991000001',
      conflict: false,
      reissued: false,
      citizens: [{ personalId: A }],
      openConflict: null,
    });
    expect(typeof oldCard.body.data.resolveIdentifier.citizens[0].fullName).toBe('string');

    const tax = await asPolice(RESOLVE, { kind: 'TAX_CODE', value: '0100000001' });
    expect(tax.body.data.resolveIdentifier).toMatchObject({ conflict: false, citizens: [{ personalId: C }] });
    // 13-digit dependent-unit codes in their written form (hyphen) resolve to the same citizen, normalised.
    const unit = await asPolice(RESOLVE, { kind: 'TAX_CODE', value: '0100000001-001' });
    expect(unit.body.data.resolveIdentifier).toMatchObject({ value: '0100000001001', citizens: [{ personalId: C }] });

    // A social-insurance number from the seed, held by one citizen.
    const [seeded] = await sql<{ value: string; personalId: string }>(
      `SELECT value, personal_id AS "personalId" FROM core.legacy_identifier l
       WHERE kind = 'SOCIAL_INSURANCE' AND NOT EXISTS (
         SELECT 1 FROM core.legacy_identifier o WHERE o.kind = l.kind AND o.value = l.value AND o.id <> l.id)
       ORDER BY value LIMIT 1`,
    );
    const insurance = await asPolice(RESOLVE, { kind: 'SOCIAL_INSURANCE', value: seeded!.value });
    expect(insurance.body.data.resolveIdentifier).toMatchObject({
      conflict: false,
      citizens: [{ personalId: seeded!.personalId }],
    });
  });

  it('resolves a cancelled personal ID to the re-issued one, and a current one to itself', async () => {
    const previous = await asPolice(RESOLVE, { kind: 'PERSONAL_ID', value: previousOfA });
    expect(previous.body.errors).toBeUndefined();
    expect(previous.body.data.resolveIdentifier).toMatchObject({
      value: previousOfA,
      conflict: false,
      reissued: true,
      citizens: [{ personalId: A }],
      openConflict: null,
    });
    const current = await asPolice(RESOLVE, { kind: 'PERSONAL_ID', value: A });
    expect(current.body.data.resolveIdentifier).toMatchObject({ reissued: false, citizens: [{ personalId: A }] });
  });

  it('gives null for an identifier no citizen has', async () => {
    for (const [kind, value] of [
      ['OLD_ID_CARD', '999999999'],
      ['TAX_CODE', '0199999999'],
      ['SOCIAL_INSURANCE', '9999999999'],
      ['PERSONAL_ID', await unusedPersonalId('55')],
    ]) {
      const response = await asPolice(RESOLVE, { kind, value });
      expect(response.body, `${kind} ${value}`).toEqual({ data: { resolveIdentifier: null } });
    }
  });

  it('returns every claimant with conflict=true for a value several citizens claim, before and after detection', async () => {
    const before = await asPolice(RESOLVE, { kind: 'OLD_ID_CARD', value: '991000002' });
    expect(before.body.errors).toBeUndefined();
    expect(before.body.data.resolveIdentifier).toMatchObject({
      conflict: true,
      citizens: [A, B].sort().map((personalId) => ({ personalId })),
      openConflict: null, // not recorded yet: the flag is live all the same
    });
    await detectIdentityConflicts(gateway.db);
    const after = await asPolice(RESOLVE, { kind: 'OLD_ID_CARD', value: '991000002' });
    const recorded = await conflictOf('OLD_ID_CARD', '991000002');
    expect(after.body.data.resolveIdentifier).toMatchObject({
      conflict: true,
      citizens: [A, B].sort().map((personalId) => ({ personalId })),
      openConflict: { id: gid(recorded.id), status: 'OPEN' },
    });
  });

  it('checks the format per kind: BAD_USER_INPUT naming `value`, and no SQL runs', async () => {
    const bad: [string, string][] = [
      ['OLD_ID_CARD', '12345'],
      ['OLD_ID_CARD', '1234567890'],
      ['TAX_CODE', '01000000'],
      ['TAX_CODE', '0100000001-000'],
      ['TAX_CODE', '0100000001-01'],
      ['SOCIAL_INSURANCE', '99000000O1'],
      ['PERSONAL_ID', '999190000001'],
      ['PERSONAL_ID', '03719000001'],
    ];
    for (const [kind, value] of bad) {
      const { result, count } = await statements(() => asPolice(RESOLVE, { kind, value }));
      expect(result.body.data?.resolveIdentifier ?? null, `${kind} ${value}`).toBeNull();
      expect(result.body.errors?.[0]?.extensions, `${kind} ${value}`).toMatchObject({
        code: 'BAD_USER_INPUT',
        argumentName: 'value',
      });
      expect(count).toBe(0);
    }
  });

  it('costs one statement for several identifiers of a kind in one request', async () => {
    const query = `query($a: String!, $b: String!, $c: String!) {
      a: resolveIdentifier(kind: OLD_ID_CARD, value: $a) { conflict }
      b: resolveIdentifier(kind: OLD_ID_CARD, value: $b) { conflict }
      c: resolveIdentifier(kind: OLD_ID_CARD, value: $c) { conflict }
    }`;
    const { result, count } = await statements(() =>
      asPolice(query, { a: '991000001', b: '991000002', c: '999999999' }),
    );
    expect(result.body.data).toEqual({ a: { conflict: false }, b: { conflict: true }, c: null });
    // As many statements as for one identifier: one lookup, and the audit layer's one write (a resolution is personal).
    const one = await statements(() =>
      asPolice(`query($a: String!) { a: resolveIdentifier(kind: OLD_ID_CARD, value: $a) { conflict } }`, {
        a: '991000001',
      }),
    );
    expect(one.result.body.errors).toBeUndefined();
    expect(count).toBe(one.count);
    expect(count).toBeLessThanOrEqual(2);
  });
});

describe('Citizen.legacyIdentifiers', () => {
  const QUERY = `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId legacyIdentifiers { kind value conflicted supersededAt } } }`;

  it('lists each citizen’s identifiers with a live conflict flag', async () => {
    const response = await asPolice(QUERY, { ids: [A, C, D] });
    expect(response.body.errors).toBeUndefined();
    const [a, c, d] = response.body.data.citizens as Json[];
    // The fixtures' values (the seed gives these citizens identifiers of its own too).
    const ours = (citizen: Json, prefix: string) =>
      (citizen.legacyIdentifiers as Json[]).filter(
        (l) =>
          l.kind !== 'SOCIAL_INSURANCE' &&
          (l.value as string).startsWith(prefix) &&
          (l.kind === 'TAX_CODE') === (prefix === '01'),
      );
    expect(ours(a, '99')).toEqual([
      { kind: 'OLD_ID_CARD', value: '991000001', conflicted: false, supersededAt: null },
      { kind: 'OLD_ID_CARD', value: '991000002', conflicted: true, supersededAt: null },
    ]);
    expect(ours(c, '01')).toEqual([
      { kind: 'TAX_CODE', value: '0100000001', conflicted: false, supersededAt: null },
      { kind: 'TAX_CODE', value: '0100000001001', conflicted: false, supersededAt: null },
    ]);
    expect(ours(d, '01')).toEqual([
      { kind: 'TAX_CODE', value: '0100000002', conflicted: true, supersededAt: null },
      { kind: 'TAX_CODE', value: '0100000003', conflicted: true, supersededAt: null },
    ]);
  });

  it('costs one statement for 5 citizens as for 20', async () => {
    const five = await gateway.personalIds(5);
    const twenty = await gateway.personalIds(20);
    const q = `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { legacyIdentifiers { value conflicted } } }`;
    const small = await statements(() => asPolice(q, { ids: five }));
    const large = await statements(() => asPolice(q, { ids: twenty }));
    expect(small.result.body.errors).toBeUndefined();
    expect(large.count).toBe(small.count);
  });
});

describe('identityConflicts', () => {
  const LIST = /* GraphQL */ `
    query List(
      $status: IdentityConflictStatus
      $kind: LegacyIdentifierKind
      $type: IdentityConflictType
      $first: Int
      $after: String
    ) {
      identityConflicts(status: $status, kind: $kind, type: $type, first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            type
            kind
            status
            detectedAt
            claims {
              personalId
              value
              supersededAt
              citizen {
                personalId
              }
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `;

  async function all(variables: Record<string, unknown>, first: number): Promise<Json[]> {
    const nodes: Json[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const response: GraphQLResponse<Json> = await asPolice(LIST, { ...variables, first, after });
      expect(response.body.errors).toBeUndefined();
      const connection = response.body.data.identityConflicts;
      expect(connection.edges.length).toBeLessThanOrEqual(first);
      nodes.push(...(connection.edges as Json[]).map((e) => e.node));
      if (!connection.pageInfo.hasNextPage) return nodes;
      after = connection.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }

  it('records the new conflicts once: one value, two citizens; one citizen, two tax codes', async () => {
    expect(await detectIdentityConflicts(gateway.db)).toEqual({ sharedValue: 0, multipleValues: 0 }); // ran before
    const multiple = await sql(
      `SELECT kind::text AS kind, personal_ids AS "personalIds", claimed_values AS "values" FROM core.identity_conflict
       WHERE type = 'MULTIPLE_VALUES' AND personal_ids[1] = ANY($1::text[]) ORDER BY kind, personal_ids[1]`,
      [[C, D, F]],
    );
    expect(multiple).toEqual([
      { kind: 'SOCIAL_INSURANCE', personalIds: [F], values: ['9900000001', '9900000009'] },
      { kind: 'TAX_CODE', personalIds: [D], values: ['0100000002', '0100000003'] },
    ]);
  });

  it('pages through the open conflicts, oldest first, with the same result as the table', async () => {
    const expected = await sql<{ id: number }>(
      `SELECT id FROM core.identity_conflict WHERE status = 'OPEN' ORDER BY detected_at, id`,
    );
    expect(expected.length).toBeGreaterThan(3);
    const nodes = await all({ status: 'OPEN' }, 2);
    expect(nodes.map((n) => n.id)).toEqual(expected.map((row) => gid(row.id)));
    const times = nodes.map((n) => n.detectedAt as string);
    expect([...times].sort()).toEqual(times);
  });

  it('filters by kind and type and shows the claims with the citizens', async () => {
    const taxMultiple = await all({ kind: 'TAX_CODE', type: 'MULTIPLE_VALUES' }, 50);
    expect(taxMultiple.every((n) => n.kind === 'TAX_CODE' && n.type === 'MULTIPLE_VALUES')).toBe(true);
    const ofD = taxMultiple.find((n) => (n.claims as Json[]).some((c) => c.personalId === D));
    expect(ofD.claims).toEqual([
      { personalId: D, value: '0100000002', supersededAt: null, citizen: { personalId: D } },
      { personalId: D, value: '0100000003', supersededAt: null, citizen: { personalId: D } },
    ]);
    const oldCards = await all({ kind: 'OLD_ID_CARD', status: 'OPEN' }, 50);
    expect(oldCards.every((n) => n.kind === 'OLD_ID_CARD' && n.status === 'OPEN')).toBe(true);
    const shared = oldCards.find((n) => (n.claims as Json[]).some((c) => c.value === '991000002'));
    expect(shared.type).toBe('SHARED_VALUE');
    expect((shared.claims as Json[]).map((c) => c.personalId)).toEqual([A, B].sort());
    const [count] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM core.identity_conflict WHERE kind = 'OLD_ID_CARD' AND status = 'OPEN'`,
    );
    expect(oldCards.length).toBe(count!.n);
  });

  it('audits a conflict for each of its claimants, and the claims too: one access record per claimant citizen', async () => {
    const head = async () =>
      (await sql<{ seq: string }>(`SELECT coalesce(max(seq), 0)::text AS seq FROM audit.access_record`))[0]!.seq;
    type RecordRow = { personalId: string; fields: string[]; user: string; purpose: string };
    const recordsSince = (seq: string) =>
      sql<RecordRow>(
        `SELECT personal_id AS "personalId", fields, acting_user AS "user", purpose FROM audit.access_record WHERE seq > $1`,
        [seq],
      );
    let start = await head();
    const withClaims = await asPolice(
      `{ identityConflicts(kind: OLD_ID_CARD, first: 50) { edges { node { id claims { personalId value } } } } }`,
    );
    expect(withClaims.body.errors).toBeUndefined();
    const claimants = new Set(
      (withClaims.body.data.identityConflicts.edges as Json[]).flatMap((e) =>
        (e.node.claims as Json[]).map((c) => c.personalId),
      ),
    );
    expect(claimants.size).toBeGreaterThanOrEqual(2);
    const records = await recordsSince(start);
    expect(new Set(records.map((r) => r.personalId))).toEqual(claimants);
    expect(records.length).toBe(claimants.size);
    for (const record of records) {
      expect(record.fields).toEqual(
        expect.arrayContaining(['IdentityConflict.id', 'IdentityConflict.claims', 'IdentityClaim.personalId']),
      );
      expect(record).toMatchObject({ user: OFFICIAL, purpose: PURPOSE });
    }

    // That a conflict about a citizen exists, and its status, is that citizen's data even without the claims.
    start = await head();
    const bare = await asPolice(`{ identityConflicts(kind: OLD_ID_CARD, first: 50) { edges { node { id status } } } }`);
    expect(bare.body.errors).toBeUndefined();
    const bareRecords = await recordsSince(start);
    expect(new Set(bareRecords.map((r) => r.personalId))).toEqual(claimants);
    for (const record of bareRecords) {
      expect(record.fields.filter((f) => !f.startsWith('Query.')).sort()).toEqual([
        'IdentityConflict.id',
        'IdentityConflict.status',
      ]);
    }
  });

  it('rejects a bad page size or a forged cursor with BAD_USER_INPUT', async () => {
    const big = await asPolice(LIST, { first: 101 });
    expect(big.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    const forged = Buffer.from(JSON.stringify(['not a time', 1])).toString('base64url');
    const cursor = await asPolice(LIST, { first: 1, after: forged });
    expect(cursor.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });
});

describe('resolveIdentityConflict', () => {
  it('records who resolved it, why and when; the other claim is kept, superseded; the value then resolves to one citizen', async () => {
    const conflict = await conflictOf('OLD_ID_CARD', '991000002');
    const started = Date.now();
    const why = 'CMND 991000002 verified against the 2009 card register: issued to the first claimant';
    const response = await asPolice(RESOLVE_CONFLICT, { id: gid(conflict.id), keep: A, why });
    expect(response.body.errors).toBeUndefined();
    const resolved = response.body.data.resolveIdentityConflict;
    expect(resolved).toMatchObject({
      id: gid(conflict.id),
      type: 'SHARED_VALUE',
      kind: 'OLD_ID_CARD',
      status: 'RESOLVED',
      resolvedByClient: 'residence-police-37',
      resolvedByOrganisation: 'CA37',
      resolvedByUser: OFFICIAL,
      resolution: why,
    });
    const at = Date.parse(resolved.resolvedAt);
    expect(at).toBeGreaterThanOrEqual(started - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    const claims = resolved.claims as Json[];
    expect(claims.find((c) => c.personalId === A).supersededAt).toBeNull();
    expect(claims.find((c) => c.personalId === B).supersededAt).toBe(resolved.resolvedAt);

    const [stored] = await sql(
      `SELECT status::text AS status, resolved_by AS "by", resolved_by_org AS org, resolved_by_user AS "user",
         resolution, kept_personal_id AS kept FROM core.identity_conflict WHERE id = $1`,
      [conflict.id],
    );
    expect(stored).toEqual({
      status: 'RESOLVED',
      by: 'residence-police-37',
      org: 'CA37',
      user: OFFICIAL,
      resolution: why,
      kept: A,
    });
    // Not deleted: B's row is still there, marked.
    const rows = await sql(
      `SELECT personal_id AS "personalId", superseded_by_conflict AS "by" FROM core.legacy_identifier
       WHERE kind = 'OLD_ID_CARD' AND value = '991000002' ORDER BY personal_id`,
    );
    expect(rows).toEqual([A, B].sort().map((p) => ({ personalId: p, by: p === B ? conflict.id : null })));

    const after = await asPolice(RESOLVE, { kind: 'OLD_ID_CARD', value: '991000002' });
    expect(after.body.data.resolveIdentifier).toMatchObject({
      conflict: false,
      citizens: [{ personalId: A }],
      openConflict: null,
    });
    const ofB = await asPolice(
      `query($id: PersonalId!) { citizen(personalId: $id) { legacyIdentifiers { value conflicted supersededAt } } }`,
      { id: B },
    );
    expect((ofB.body.data.citizen.legacyIdentifiers as Json[]).find((l) => l.value === '991000002')).toEqual({
      value: '991000002',
      conflicted: false,
      supersededAt: resolved.resolvedAt,
    });
  });

  it('rejects a second resolution with CONFLICT_ALREADY_RESOLVED and changes nothing', async () => {
    const conflict = await conflictOf('OLD_ID_CARD', '991000002');
    const before = await sql(`SELECT * FROM core.identity_conflict WHERE id = $1`, [conflict.id]);
    const again = await asPolice(
      RESOLVE_CONFLICT,
      { id: gid(conflict.id), keep: B, why: 'second opinion' },
      police,
      'officer-2',
    );
    expect(again.status).toBe(409);
    expect(again.body.data?.resolveIdentityConflict ?? null).toBeNull();
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT_ALREADY_RESOLVED', field: 'id' });
    expect(await sql(`SELECT * FROM core.identity_conflict WHERE id = $1`, [conflict.id])).toEqual(before);
  });

  it('checks the arguments and the acting official before writing anything', async () => {
    const open = await conflictOf('SOCIAL_INSURANCE', '9900000001');
    expect(open.status).toBe('OPEN');
    const cases: [Record<string, unknown>, string | null, string][] = [
      [{ id: gid(open.id), keep: E, why: 'ok' }, null, 'X-User-Id'],
      [{ id: gid(open.id), keep: A, why: 'not a claimant' }, OFFICIAL, 'keepPersonalId'],
      [{ id: gid(open.id), keepValue: '9900000001', why: 'wrong shape' }, OFFICIAL, 'keepValue'],
      [{ id: gid(open.id), keep: E, why: '   ' }, OFFICIAL, 'resolution'],
      [{ id: Buffer.from('Citizen:1').toString('base64url'), keep: E, why: 'ok' }, OFFICIAL, 'id'],
      [{ id: gid(999_999), keep: E, why: 'ok' }, OFFICIAL, 'id'],
    ];
    for (const [variables, userId, field] of cases) {
      const response = await asPolice(RESOLVE_CONFLICT, variables, police, userId);
      expect(response.body.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await conflictOf('SOCIAL_INSURANCE', '9900000001')).status).toBe('OPEN');
    const superseded = await sql(
      `SELECT count(*)::int AS n FROM core.legacy_identifier WHERE value = '9900000001' AND superseded_at IS NOT NULL`,
    );
    expect(superseded).toEqual([{ n: 0 }]);
  });

  it('resolves the conflicts the decision made unambiguous with it, recorded as such', async () => {
    // 9900000001 is E's and F's (SHARED_VALUE) and F's second number (MULTIPLE_VALUES): keeping E settles both.
    const shared = await conflictOf('SOCIAL_INSURANCE', '9900000001');
    const [multiple] = await sql<{ id: number }>(
      `SELECT id FROM core.identity_conflict WHERE type = 'MULTIPLE_VALUES' AND kind = 'SOCIAL_INSURANCE' AND personal_ids[1] = $1`,
      [F],
    );
    const response = await asPolice(RESOLVE_CONFLICT, {
      id: gid(shared.id),
      keep: E,
      why: 'BHXH book 9900000001 is E’s',
    });
    expect(response.body.errors).toBeUndefined();
    const [moot] = await sql(
      `SELECT status::text AS status, resolution, resolved_by_user AS "user" FROM core.identity_conflict WHERE id = $1`,
      [multiple!.id],
    );
    expect(moot).toEqual({
      status: 'RESOLVED',
      resolution: `Resolved together with identity conflict ${gid(shared.id)} (no longer ambiguous): BHXH book 9900000001 is E’s`,
      user: OFFICIAL,
    });
  });

  it('resolves a MULTIPLE_VALUES conflict by keeping one value (and the codes under it)', async () => {
    const [conflict] = await sql<{ id: number }>(
      `SELECT id FROM core.identity_conflict WHERE type = 'MULTIPLE_VALUES' AND kind = 'TAX_CODE' AND personal_ids[1] = $1`,
      [D],
    );
    await addLegacy('TAX_CODE', '0100000002001', D);
    const wrong = await asPolice(RESOLVE_CONFLICT, { id: gid(conflict!.id), keepValue: '0100000009', why: 'x' });
    expect(wrong.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'keepValue' });
    const response = await asPolice(RESOLVE_CONFLICT, {
      id: gid(conflict!.id),
      keepValue: '0100000002',
      why: '0100000003 belongs to a namesake (tax department letter 17/CT)',
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.resolveIdentityConflict.claims).toEqual([
      { personalId: D, value: '0100000002', supersededAt: null },
      { personalId: D, value: '0100000002001', supersededAt: null },
      { personalId: D, value: '0100000003', supersededAt: response.body.data.resolveIdentityConflict.resolvedAt },
    ]);
    const lookup = await asPolice(RESOLVE, { kind: 'TAX_CODE', value: '0100000003' });
    expect(lookup.body.data.resolveIdentifier).toBeNull();
  });

  it('a resolution without a kept claimant is not detected again; a new claimant is a new conflict', async () => {
    const [G, H] = (await gateway.personalIds(
      2,
      `c.personal_id NOT IN ('${A}', '${B}', '${C}', '${D}', '${E}', '${F}')`,
    )) as [string, string];
    await addLegacy('OLD_ID_CARD', '991000003', A);
    await addLegacy('OLD_ID_CARD', '991000003', G);
    expect((await detectIdentityConflicts(gateway.db)).sharedValue).toBe(1);
    const first = await conflictOf('OLD_ID_CARD', '991000003');
    const response = await asPolice(RESOLVE_CONFLICT, {
      id: gid(first.id),
      why: 'Sent to the issuing office to correct its register',
    });
    expect(response.body.errors).toBeUndefined();
    // Still ambiguous: the registry keeps saying so, but the conflict is not raised again.
    expect(
      (await asPolice(RESOLVE, { kind: 'OLD_ID_CARD', value: '991000003' })).body.data.resolveIdentifier.conflict,
    ).toBe(true);
    expect(await detectIdentityConflicts(gateway.db)).toEqual({ sharedValue: 0, multipleValues: 0 });
    await addLegacy('OLD_ID_CARD', '991000003', H);
    expect((await detectIdentityConflicts(gateway.db)).sharedValue).toBe(1);
    const second = await conflictOf('OLD_ID_CARD', '991000003');
    expect(second.id).not.toBe(first.id);
    expect(second.status).toBe('OPEN');
  });

  it('replays the first result for a retry with the same Idempotency-Key', async () => {
    const [I, J] = (await gateway.personalIds(
      2,
      `c.personal_id NOT IN ('${A}', '${B}', '${C}', '${D}', '${E}', '${F}')`,
    )) as [string, string];
    await addLegacy('OLD_ID_CARD', '991000004', I);
    await addLegacy('OLD_ID_CARD', '991000004', J);
    await detectIdentityConflicts(gateway.db);
    const conflict = await conflictOf('OLD_ID_CARD', '991000004');
    const variables = { id: gid(conflict.id), keep: I, why: 'retry test' };
    const options = {
      token: police,
      purpose: PURPOSE,
      userId: OFFICIAL,
      headers: { 'idempotency-key': 'resolve-991000004' },
    };
    const first = await gateway.graphql<Json>(RESOLVE_CONFLICT, variables, options);
    const retry = await gateway.graphql<Json>(RESOLVE_CONFLICT, variables, options);
    expect(first.body.errors).toBeUndefined();
    expect(retry.body).toEqual(first.body);
  });
});

describe('scopes', () => {
  it('needs citizen:identity:reconcile to list or resolve conflicts, and citizen:identity:read to resolve identifiers', async () => {
    const readOnly = await gateway.token('residence-police', { scopes: ['citizen:identity:read'] });
    const list = await asPolice(`{ identityConflicts(first: 1) { edges { node { id } } } }`, {}, readOnly);
    expect(list.body.data).toEqual({ identityConflicts: null });
    expect(list.body.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['UNAUTHORIZED_FIELD_OR_TYPE', ['identityConflicts']],
    ]);

    const [open] = await sql<{ id: number }>(
      `SELECT id FROM core.identity_conflict WHERE status = 'OPEN' ORDER BY id LIMIT 1`,
    );
    const { result: denied, count } = await statements(() =>
      asPolice(RESOLVE_CONFLICT, { id: gid(open!.id), why: 'no scope' }, readOnly),
    );
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(denied.body.data?.resolveIdentityConflict ?? null).toBeNull();
    expect(count).toBe(0);
    expect((await sql(`SELECT status::text AS s FROM core.identity_conflict WHERE id = $1`, [open!.id]))[0]).toEqual({
      s: 'OPEN',
    });

    // identity:read resolves identifiers, but the open conflict behind a value needs the reconcile scope.
    const resolution = await asPolice(RESOLVE, { kind: 'OLD_ID_CARD', value: '991000003' }, readOnly);
    expect(resolution.body.data.resolveIdentifier).toMatchObject({ conflict: true, openConflict: null });
    expect(resolution.body.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['UNAUTHORIZED_FIELD_OR_TYPE', ['resolveIdentifier', 'openConflict']],
    ]);

    const ioc = await gateway.token('ioc');
    const noIdentity = await gateway.graphql<Json>(
      RESOLVE,
      { kind: 'OLD_ID_CARD', value: '991000001' },
      { token: ioc, purpose: 'STATISTICS' },
    );
    expect(noIdentity.body.data).toEqual({ resolveIdentifier: null });
    expect(noIdentity.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  it('a citizen token cannot use these root fields, even with its own identifiers', async () => {
    const citizen = await gateway.token('citizen', { pid: A });
    const response = await gateway.graphql<Json>(
      RESOLVE,
      { kind: 'OLD_ID_CARD', value: '991000001' },
      { token: citizen, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(response.body.data).toEqual({ resolveIdentifier: null });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const own = await gateway.graphql<Json>(
      `{ me { legacyIdentifiers { value } } }`,
      {},
      { token: citizen, purpose: 'CITIZEN_SELF_SERVICE' },
    );
    expect(own.body.errors).toBeUndefined();
    expect((own.body.data.me.legacyIdentifiers as Json[]).map((l) => l.value)).toContain('991000001');
  });
});

describe('npm run identity:report', () => {
  let database: MigratedTestDatabase;

  const run = (args: string[]) => runTypeScript(['src/cli/identity-report.ts', ...args], database.env);

  beforeAll(async () => {
    database = await openMigratedTestDatabase('lienthong-identity-report-');
    const { db } = database;
    await seedDatabase(db, { citizens: 40, seed: 3 });
    const ids = await db.query<{ p: string }>(`SELECT personal_id AS p FROM core.citizen ORDER BY personal_id LIMIT 2`);
    for (const { p } of ids) {
      await db.query(
        `INSERT INTO core.legacy_identifier (kind, value, personal_id) VALUES ('OLD_ID_CARD', '992000001', $1)`,
        [p],
      );
    }
    await database.close(); // one process per embedded database directory
  }, 120_000);

  afterAll(async () => database?.remove());

  it('detects, counts and lists the open conflicts, without personal data unless asked', async () => {
    const text = await run(['--detect', '--first', '5']);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Detection: 1 new SHARED_VALUE and \d+ new MULTIPLE_VALUES conflict\(s\) recorded/);
    expect(text.stdout).toMatch(/SHARED_VALUE\s+OLD_ID_CARD\s+1\s+0/);
    expect(text.stdout).toContain('First 1 open conflict(s)');
    expect(text.stdout).not.toContain('992000001');

    const again = await run(['--detect', '--format', 'csv', '--show-values']);
    expect(again.code).toBe(0);
    const lines = again.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('record,type,kind,status,count,id,detected_at,claims,value,personal_ids,claimed_values');
    expect(lines).toContain('count,SHARED_VALUE,OLD_ID_CARD,OPEN,1,,,,,,');
    const conflict = lines.find((line) => line.startsWith('conflict,SHARED_VALUE,OLD_ID_CARD'));
    expect(conflict).toMatch(
      /^conflict,SHARED_VALUE,OLD_ID_CARD,OPEN,,[A-Za-z0-9_-]+,\d{4}-\d\d-\d\dT[\d:.]+Z,2,992000001,\d{12} \d{12},$/,
    );

    const usage = await run(['--format', 'xml']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--format must be text or csv');
  }, 120_000);
});
