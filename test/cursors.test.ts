/**
 * Page cursors and paging over what the caller may see (docs/ARCHITECTURE.md §5), through real HTTP with real signed
 * tokens on the test database (PGlite, or TEST_DATABASE_URL):
 *  - a cursor reads as nothing (no date, personal ID, role, sequence number), and works only on the list, parent,
 *    filter arguments and client it was given to; anything else, tampered ones included, is BAD_USER_INPUT;
 *  - paging through lists with the cursors returns every row once, sector lists and the access log alike;
 *  - a citizen token's `first: k` and `hasNextPage` count only the citizen's own rows (household members, a parcel's
 *    rights, an establishment's guest stays), where a staff token sees that more rows follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAuthzPolicy } from '../src/authz/policy.ts';
import { toGlobalId } from '../src/lib/global-id.ts';
import { buildExecutableSchema } from '../src/schema/build.ts';
import { startTestGateway, type Json, type TestGateway } from './support/harness.ts';

let gateway: TestGateway;
let police: string;

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 60, seed: 7 });
  police = await gateway.token('residence-police');
});

afterAll(async () => {
  await gateway?.close();
});

const RESIDENCE = { purpose: 'RESIDENCE_ADMINISTRATION' } as const;

async function ok(query: string, variables: Record<string, unknown>, token: string, purpose: string): Promise<Json> {
  const response = await gateway.graphql<Json>(query, variables, { token, purpose });
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data;
}

/** The one error of a response, expected to be BAD_USER_INPUT on `after`. */
async function refusedCursor(query: string, variables: Record<string, unknown>, token: string, purpose: string) {
  const response = await gateway.graphql<Json>(query, variables, { token, purpose });
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors?.[0]).toMatchObject({
    message: '"after" is not a cursor returned by this list',
    extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
  });
}

const MEMBERS = `query($no: String!, $first: Int, $after: String, $includeEnded: Boolean) {
  household(residenceFileNo: $no) {
    members(first: $first, after: $after, includeEnded: $includeEnded) {
      edges { cursor node { id personalId relationshipToHead startDate type } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const REGISTRATIONS = `query($id: PersonalId!, $first: Int, $after: String) {
  citizen(personalId: $id) { residenceRegistrations(first: $first, after: $after) {
    edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }
}`;

/** Households with at least `members` current members, largest first. */
async function households(members: number): Promise<string[]> {
  const rows = await gateway.db.query<{ fileNo: string }>(
    `SELECT h.residence_file_no AS "fileNo"
     FROM household.household h JOIN household.residence_registration r ON r.household_id = h.id AND r.end_date IS NULL
     GROUP BY h.id, h.residence_file_no HAVING count(*) >= $1 ORDER BY count(*) DESC, h.id`,
    [members],
  );
  return rows.map((row) => row.fileNo);
}

describe('opaque cursors', () => {
  it('carry no readable date, personal ID, role or position, and differ at each sealing', async () => {
    const [fileNo] = await households(2);
    expect(fileNo).toBeDefined();
    const data = await ok(MEMBERS, { no: fileNo, first: 2 }, police, RESIDENCE.purpose);
    const { edges, pageInfo } = data.household.members;
    expect(edges).toHaveLength(2);
    expect(pageInfo.endCursor).toBe(edges[1].cursor);
    for (const edge of edges as Json[]) {
      expect(edge.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const bytes = Buffer.from(edge.cursor as string, 'base64url');
      for (const text of [bytes.toString('utf8'), bytes.toString('latin1')]) {
        expect(text).not.toContain(edge.node.personalId);
        expect(text).not.toContain(edge.node.startDate);
        expect(text).not.toContain(edge.node.relationshipToHead);
        expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      }
      expect(() => JSON.parse(bytes.toString('utf8'))).toThrow(); // not JSON
    }
    // A random IV per cursor: the same position sealed again is another string, and both are accepted.
    const again = await ok(MEMBERS, { no: fileNo, first: 2 }, police, RESIDENCE.purpose);
    expect(again.household.members.edges[0].cursor).not.toBe(edges[0].cursor);
    const fromOld = await ok(MEMBERS, { no: fileNo, first: 1, after: edges[0].cursor }, police, RESIDENCE.purpose);
    const fromNew = await ok(
      MEMBERS,
      { no: fileNo, first: 1, after: again.household.members.edges[0].cursor },
      police,
      RESIDENCE.purpose,
    );
    expect(fromOld.household.members.edges[0].node.id).toBe(edges[1].node.id);
    expect(fromNew).toEqual({
      household: {
        members: { ...fromNew.household.members, edges: [expect.objectContaining({ node: edges[1].node })] },
      },
    });
  });

  it('page through a list end to end: every row once, in order, `first` may change between pages', async () => {
    const [fileNo] = await households(3);
    expect(fileNo).toBeDefined();
    const all = (await ok(MEMBERS, { no: fileNo, first: 100, includeEnded: true }, police, RESIDENCE.purpose)).household
      .members;
    expect(all.pageInfo.hasNextPage).toBe(false);
    const seen: string[] = [];
    let after: string | null = null;
    let first = 1;
    for (let page = 0; page < 50; page += 1) {
      const data = await ok(MEMBERS, { no: fileNo, first, after, includeEnded: true }, police, RESIDENCE.purpose);
      const connection = data.household.members;
      seen.push(...(connection.edges as Json[]).map((edge) => edge.node.id as string));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
      first = first === 1 ? 2 : 1;
    }
    expect(seen).toEqual((all.edges as Json[]).map((edge) => edge.node.id));
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('are refused on another list, another parent, other filters, by another client, and when altered', async () => {
    const [fileNo, otherFileNo] = await households(2);
    expect(otherFileNo).toBeDefined();
    const data = await ok(MEMBERS, { no: fileNo, first: 1 }, police, RESIDENCE.purpose);
    const cursor = data.household.members.pageInfo.endCursor as string;
    const member = data.household.members.edges[0].node.personalId as string;
    // The genuine use works.
    await ok(MEMBERS, { no: fileNo, first: 1, after: cursor }, police, RESIDENCE.purpose);
    // Another parent of the same field.
    await refusedCursor(MEMBERS, { no: otherFileNo, first: 1, after: cursor }, police, RESIDENCE.purpose);
    // Other filter arguments on the same parent.
    await refusedCursor(
      MEMBERS,
      { no: fileNo, first: 1, after: cursor, includeEnded: true },
      police,
      RESIDENCE.purpose,
    );
    // Another list whose rows have the same shape (ResidenceRegistration) and whose parent is a member.
    await refusedCursor(REGISTRATIONS, { id: member, first: 1, after: cursor }, police, RESIDENCE.purpose);
    // Another client with the same scopes.
    const otherClient = await gateway.token('residence-police', { sub: 'residence-police-38' });
    await ok(MEMBERS, { no: fileNo, first: 1 }, otherClient, RESIDENCE.purpose);
    await refusedCursor(MEMBERS, { no: fileNo, first: 1, after: cursor }, otherClient, RESIDENCE.purpose);
    // Altered: each byte flipped in turn (key id, IV, ciphertext, tag), truncated, extended, and garbage.
    const bytes = Buffer.from(cursor, 'base64url');
    const altered: string[] = [];
    for (const index of [0, 1, 12, 13, bytes.length - 17, bytes.length - 1]) {
      const copy = Buffer.from(bytes);
      copy[index] = (copy[index] as number) ^ 0x01;
      altered.push(copy.toString('base64url'));
    }
    altered.push(bytes.subarray(0, bytes.length - 1).toString('base64url'));
    altered.push(Buffer.concat([bytes, Buffer.alloc(32)]).toString('base64url'));
    altered.push(Buffer.from(JSON.stringify(['0011995-12-09', 1])).toString('base64url'), 'not-a-cursor', '', '====');
    for (const after of altered) {
      await refusedCursor(MEMBERS, { no: fileNo, first: 1, after }, police, RESIDENCE.purpose);
    }
  });

  it('of the access log: opaque, paged end to end, refused for another citizen, list or client', async () => {
    const [fileNo] = await households(1);
    const subject = (await ok(MEMBERS, { no: fileNo, first: 1 }, police, RESIDENCE.purpose)).household.members.edges[0]
      .node.personalId as string;
    // Three audited reads of the subject's data.
    for (let read = 0; read < 3; read += 1) {
      await ok(REGISTRATIONS, { id: subject, first: 1 }, police, RESIDENCE.purpose);
    }
    const auditor = await gateway.token('auditor');
    const LOG = `query($id: PersonalId!, $first: Int, $after: String) { accessLog(personalId: $id, first: $first,
      after: $after) { edges { cursor node { seq } } pageInfo { hasNextPage endCursor } } }`;
    const BY_CLIENT = `query($sub: String!, $after: String) { accessLogByClient(sub: $sub, first: 1, after: $after) {
      edges { node { seq } } } }`;
    const full = (await ok(LOG, { id: subject, first: 100 }, auditor, 'LAW_ENFORCEMENT')).accessLog;
    expect(full.edges.length).toBeGreaterThanOrEqual(3);
    const seqs: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 200; page += 1) {
      const connection: Json = (await ok(LOG, { id: subject, first: 2, after }, auditor, 'LAW_ENFORCEMENT')).accessLog;
      for (const edge of connection.edges as Json[]) {
        const text = Buffer.from(edge.cursor as string, 'base64url').toString('latin1');
        expect(text).not.toContain('seq:');
        seqs.push(edge.node.seq as string);
      }
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    // Newest first; the auditor's own reads are added to the subject's log while paging, after the first page.
    expect(seqs).toEqual([...seqs].sort((a, b) => Number(b) - Number(a)));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(expect.arrayContaining((full.edges as Json[]).map((edge) => edge.node.seq)));

    const cursor = full.pageInfo.endCursor ?? full.edges[0].cursor;
    const [, other] = await gateway.personalIds(2);
    await refusedCursor(LOG, { id: other, first: 1, after: cursor }, auditor, 'LAW_ENFORCEMENT');
    await refusedCursor(BY_CLIENT, { sub: 'residence-police-37', after: cursor }, auditor, 'LAW_ENFORCEMENT');
    const otherAuditor = await gateway.token('auditor', { sub: 'auditor-38' });
    await refusedCursor(LOG, { id: subject, first: 1, after: cursor }, otherAuditor, 'LAW_ENFORCEMENT');
  });
});

describe('a citizen pages over its own rows only', () => {
  /** The citizen's own and everyone's view of one list: `first: 1` edges and hasNextPage. */
  function probe(connection: Json) {
    return {
      holders: (connection.edges as Json[]).map((edge) => edge.node.subject as string),
      hasNextPage: connection.pageInfo.hasNextPage as boolean,
    };
  }

  const MY_MEMBERS = `query($first: Int) { me { household { residenceFileNo members(first: $first) {
    edges { node { subject: personalId } } pageInfo { hasNextPage endCursor } } } } }`;
  const MY_MEMBERS_BACKWARD = `query($last: Int) { me { household { members(last: $last) {
    edges { node { subject: personalId } } pageInfo { hasPreviousPage hasNextPage } } } } }`;

  it('household members: hasNextPage tells nothing of the other members; `first: k` returns its own row', async () => {
    // The head of a household of at least three (first in member order) and a member further down.
    const rows = await gateway.db.query<{ fileNo: string; head: string; member: string }>(
      `SELECT h.residence_file_no AS "fileNo", head.personal_id AS head, member.personal_id AS member
       FROM household.household h
       JOIN household.residence_registration head ON head.household_id = h.id AND head.end_date IS NULL
         AND head.relationship_to_head = 'HEAD' AND head.type = 'PERMANENT'
       JOIN household.residence_registration member ON member.household_id = h.id AND member.end_date IS NULL
         AND member.relationship_to_head <> 'HEAD' AND member.type = 'PERMANENT'
       WHERE (SELECT count(*) FROM household.residence_registration r WHERE r.household_id = h.id AND r.end_date IS NULL) >= 3
         AND (SELECT count(*) FROM household.residence_registration r WHERE r.personal_id = head.personal_id) = 1
         AND (SELECT count(*) FROM household.residence_registration r WHERE r.personal_id = member.personal_id) = 1
       ORDER BY h.id, member.id LIMIT 1`,
    );
    const fixture = rows[0];
    expect(fixture, 'the seed has a household of three with a head and another permanent member').toBeDefined();
    const { fileNo, head, member } = fixture as { fileNo: string; head: string; member: string };

    const staff = await ok(MEMBERS, { no: fileNo, first: 1 }, police, RESIDENCE.purpose);
    expect(staff.household.members.edges[0].node.personalId).toBe(head);
    expect(staff.household.members.pageInfo.hasNextPage).toBe(true);
    const staffBack = await ok(
      `query($no: String!) { household(residenceFileNo: $no) { members(last: 1) { pageInfo { hasPreviousPage } } } }`,
      { no: fileNo },
      police,
      RESIDENCE.purpose,
    );
    expect(staffBack.household.members.pageInfo.hasPreviousPage).toBe(true);

    for (const pid of [head, member]) {
      const token = await gateway.token('citizen', { pid });
      for (const first of [1, 2, 5]) {
        const me = (await ok(MY_MEMBERS, { first }, token, 'CITIZEN_SELF_SERVICE')).me;
        expect(me.household.residenceFileNo).toBe(fileNo);
        expect(probe(me.household.members), `${pid} first: ${first}`).toEqual({ holders: [pid], hasNextPage: false });
        // Backward from the end: the same single row, and hasPreviousPage counts no one else either.
        const back = (await ok(MY_MEMBERS_BACKWARD, { last: first }, token, 'CITIZEN_SELF_SERVICE')).me.household
          .members;
        expect(
          (back.edges as Json[]).map((edge) => edge.node.subject),
          `${pid} last: ${first}`,
        ).toEqual([pid]);
        expect(back.pageInfo).toEqual({ hasPreviousPage: false, hasNextPage: false });
      }
    }
  });

  it("a parcel's rights: the holder cannot learn that co-holders exist", async () => {
    const rows = await gateway.db.query<{ holder: string }>(
      `WITH current AS (
         SELECT t.parcel_id, t.holder_personal_id,
           row_number() OVER (PARTITION BY t.parcel_id ORDER BY t.since DESC, t.id DESC) AS rn,
           count(*) OVER (PARTITION BY t.parcel_id) AS total
         FROM land.land_right t
         WHERE t.ended_on IS NULL OR t.ended_on > (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
       SELECT c.holder_personal_id AS holder FROM current c
       WHERE c.rn = 1 AND c.total >= 2 AND c.holder_personal_id IS NOT NULL
         AND (SELECT count(*) FROM land.land_right r WHERE r.holder_personal_id = c.holder_personal_id) = 1
       ORDER BY c.parcel_id LIMIT 1`,
    );
    expect(rows[0], 'the seed has a co-held parcel whose newest holder holds one right').toBeDefined();
    const holder = (rows[0] as { holder: string }).holder;
    const RIGHTS = `query($id: PersonalId!, $first: Int) { citizen(personalId: $id) { landRights { edges { node {
      parcel { rights(first: $first) { edges { node { subject: holderPersonalId } } pageInfo { hasNextPage } } } } } } } }`;
    const landOffice = await gateway.token('land-office');
    const staff = await ok(RIGHTS, { id: holder, first: 1 }, landOffice, 'LAND_ADMINISTRATION');
    const staffRights = staff.citizen.landRights.edges[0].node.parcel.rights;
    expect(probe(staffRights)).toEqual({ holders: [holder], hasNextPage: true });

    const token = await gateway.token('citizen', { pid: holder });
    for (const first of [1, 3]) {
      const own = await ok(RIGHTS, { id: holder, first }, token, 'CITIZEN_SELF_SERVICE');
      expect(own.citizen.landRights.edges).toHaveLength(1);
      expect(probe(own.citizen.landRights.edges[0].node.parcel.rights)).toEqual({
        holders: [holder],
        hasNextPage: false,
      });
    }
  });

  it("an establishment's stays: a guest cannot count the other guests, in a date window either", async () => {
    const rows = await gateway.db.query<{ guest: string; establishment: number; day: string }>(
      `WITH ranked AS (
         SELECT s.establishment_id, s.guest_personal_id, s.check_in_at,
           row_number() OVER (PARTITION BY s.establishment_id ORDER BY s.check_in_at DESC, s.id DESC) AS rn,
           count(*) OVER (PARTITION BY s.establishment_id) AS total
         FROM tourism.guest_stay s)
       SELECT r.guest_personal_id AS guest, r.establishment_id AS establishment,
         to_char(r.check_in_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS day
       FROM ranked r
       WHERE r.rn = 1 AND r.total >= 2 AND r.guest_personal_id IS NOT NULL
         AND (SELECT count(*) FROM tourism.guest_stay g WHERE g.guest_personal_id = r.guest_personal_id) = 1
       ORDER BY r.establishment_id LIMIT 1`,
    );
    expect(rows[0], 'the seed has an establishment whose newest guest stayed once').toBeDefined();
    const { guest, establishment } = rows[0] as { guest: string; establishment: number; day: string };
    const id = toGlobalId('Establishment', establishment);
    const STAYS = `query($id: PersonalId!, $first: Int, $from: Date) { citizen(personalId: $id) { stays { edges { node {
      establishment { id stays(first: $first, from: $from) { edges { node { subject: guestPersonalId } }
        pageInfo { hasNextPage } } } } } } } }`;
    const tourism = await gateway.token('tourism-department');
    const staff = await ok(STAYS, { id: guest, first: 1 }, tourism, 'TOURISM_MANAGEMENT');
    const staffStays = staff.citizen.stays.edges[0].node.establishment;
    expect(staffStays.id).toBe(id);
    expect(probe(staffStays.stays)).toEqual({ holders: [guest], hasNextPage: true });

    const token = await gateway.token('citizen', { pid: guest });
    for (const variables of [{ first: 1 }, { first: 4 }, { first: 1, from: '2000-01-01' }]) {
      const own = await ok(STAYS, { id: guest, ...variables }, token, 'CITIZEN_SELF_SERVICE');
      expect(own.citizen.stays.edges).toHaveLength(1);
      expect(probe(own.citizen.stays.edges[0].node.establishment.stays), JSON.stringify(variables)).toEqual({
        holders: [guest],
        hasNextPage: false,
      });
    }
  });
});

describe("a parcel's changes are paged over the citizen's own (multi-subject rows, filtered in SQL)", () => {
  const CHANGES = `query($first: Int, $after: String) { me { landRights { edges { node { parcel { id
    changes(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } } } } } }`;

  it('a co-holder pages through exactly the changes it is a party to; hasNextPage counts no one else', async () => {
    // A current holder (of one right only) of a parcel whose newest change is not theirs and who is a party to at
    // least one older change of that parcel.
    const rows = await gateway.db.query<{ holder: string; parcel: number }>(
      `SELECT r.holder_personal_id AS holder, r.parcel_id AS parcel
       FROM land.land_right r
       WHERE r.holder_personal_id IS NOT NULL
         AND (r.ended_on IS NULL OR r.ended_on > (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
         AND (SELECT count(*) FROM land.land_right o WHERE o.holder_personal_id = r.holder_personal_id) = 1
         AND EXISTS (SELECT 1 FROM land.land_change c JOIN land.land_change_party q ON q.change_id = c.id
                     WHERE c.parcel_id = r.parcel_id AND q.personal_id = r.holder_personal_id)
         AND NOT EXISTS (
           SELECT 1 FROM land.land_change_party q
           WHERE q.personal_id = r.holder_personal_id AND q.change_id = (
             SELECT c.id FROM land.land_change c WHERE c.parcel_id = r.parcel_id
             ORDER BY c.submitted_on DESC, c.id DESC LIMIT 1))
       ORDER BY r.parcel_id, r.id LIMIT 1`,
    );
    let fixture = rows[0];
    if (fixture === undefined) {
      // The seed has none: make one. The newest change of a parcel held by a citizen gets another party only.
      const [holderRow] = await gateway.db.query<{ holder: string; parcel: number; change: number }>(
        `SELECT q.personal_id AS holder, c.parcel_id AS parcel, c.id AS change
         FROM land.land_change c JOIN land.land_change_party q ON q.change_id = c.id
         JOIN land.land_right r ON r.parcel_id = c.parcel_id AND r.holder_personal_id = q.personal_id
           AND (r.ended_on IS NULL OR r.ended_on > (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
         WHERE (SELECT count(*) FROM land.land_right o WHERE o.holder_personal_id = q.personal_id) = 1
         ORDER BY c.id LIMIT 1`,
      );
      expect(holderRow, 'the seed has a change whose party holds the parcel').toBeDefined();
      const { holder, parcel, change } = holderRow as { holder: string; parcel: number; change: number };
      const [other] = await gateway.db.query<{ pid: string }>(
        `SELECT personal_id AS pid FROM core.citizen WHERE personal_id <> $1 ORDER BY personal_id LIMIT 1`,
        [holder],
      );
      const [newer] = await gateway.db.query<{ id: number }>(
        `INSERT INTO land.land_change (parcel_id, commune_code, type, status, submitted_on)
         SELECT parcel_id, commune_code, type, 'PENDING', (SELECT max(submitted_on) + 1 FROM land.land_change)
         FROM land.land_change WHERE id = $1 RETURNING id`,
        [change],
      );
      await gateway.db.query(
        `INSERT INTO land.land_change_party (change_id, role, personal_id) VALUES ($1, 'TO', $2)`,
        [(newer as { id: number }).id, (other as { pid: string }).pid],
      );
      fixture = { holder, parcel };
    }
    const { holder, parcel } = fixture;
    const own = await gateway.db.query<{ id: number }>(
      `SELECT DISTINCT c.id, c.submitted_on FROM land.land_change c JOIN land.land_change_party q ON q.change_id = c.id
       WHERE c.parcel_id = $1 AND q.personal_id = $2 ORDER BY c.submitted_on DESC, c.id DESC`,
      [parcel, holder],
    );
    const ownIds = own.map((row) => toGlobalId('LandChange', row.id));
    const [all] = await gateway.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM land.land_change WHERE parcel_id = $1`,
      [parcel],
    );
    expect((all as { n: number }).n, 'the parcel has changes the holder is no party to').toBeGreaterThan(own.length);

    const token = await gateway.token('citizen', { pid: holder });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const me: Json = (await ok(CHANGES, { first: 1, after }, token, 'CITIZEN_SELF_SERVICE')).me;
      expect(me.landRights.edges).toHaveLength(1);
      const changes: Json = me.landRights.edges[0].node.parcel.changes;
      // Every page is full until the citizen's own changes run out: no page is shortened by others' changes.
      expect(changes.edges, `page ${page}`).toHaveLength(1);
      seen.push(changes.edges[0].node.id as string);
      expect(changes.pageInfo.hasNextPage).toBe(seen.length < ownIds.length);
      if (!changes.pageInfo.hasNextPage) break;
      after = changes.pageInfo.endCursor;
    }
    expect(seen).toEqual(ownIds);
  });
});

describe('every connection of @personal rows a citizen token can reach is paged over its rows in SQL', () => {
  /**
   * Each connection the citizen binding applies to (compiled from the schema) and why its pages count only the
   * citizen's rows. A new one fails this test until its loader filters by PageRequest.visibleTo and a test above
   * shows that hasNextPage and page sizes count no one else's rows.
   */
  const FILTERED: Record<string, string> = {
    'Query.myAccessLog': "the token's own log: every row's subject is the pid",
    'Query.accessLog': 'personalId is bound to the pid: the log of the token itself',
    'Query.myConsents': "the token's own consents: the parent is the pid, and subjectColumn t.personal_id",
    'Citizen.residenceRegistrations': 'subjectColumn t.personal_id',
    'Citizen.stays': 'subjectColumn t.guest_personal_id',
    'Citizen.landRights': 'subjectColumn t.holder_personal_id',
    'Citizen.landChanges': 'subjectColumn p.personal_id (the party)',
    'Household.members': 'visibleToCondition t.personal_id; tested above',
    'Parcel.rights': 'subjectColumn t.holder_personal_id; tested above',
    'Parcel.changes': 'visibleWhere EXISTS land_change_party; tested above',
    'Establishment.stays': 'subjectColumn t.guest_personal_id; tested above',
  };

  it('lists exactly the bound connections a citizen token may select', () => {
    const policy = compileAuthzPolicy(buildExecutableSchema());
    const bound: string[] = [];
    for (const fields of policy.objects.values()) {
      for (const field of fields.values()) {
        if (field.binding?.result?.kind === 'connection' && field.citizenMayUse) bound.push(field.coordinate);
      }
    }
    expect(bound.sort()).toEqual(Object.keys(FILTERED).sort());
  });
});

describe('backward paging (Relay `last`/`before`)', () => {
  interface Walk {
    name: string;
    /** A query with $first, $after, $last, $before selecting `edges { cursor node { id } } pageInfo { ... }`. */
    query: string;
    variables: () => Promise<Record<string, unknown>>;
    token: () => Promise<string>;
    purpose: string;
    connection: (data: Json) => Json;
  }
  const PAGE = `edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
  const AUDIT_PAGE = `edges { cursor node { id: seq } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
  const ARGS = 'first: $first, after: $after, last: $last, before: $before';
  const VARS = '$first: Int, $after: String, $last: Int, $before: String';

  let readsDone = false;
  const walks: Walk[] = [
    {
      name: 'Household.members (ascending, custom SQL)',
      query: `query($no: String!, ${VARS}) { household(residenceFileNo: $no) {
        members(${ARGS}, includeEnded: true) { ${PAGE} } } }`,
      variables: async () => ({ no: (await households(3))[0] }),
      token: async () => police,
      purpose: RESIDENCE.purpose,
      connection: (data) => data.household.members,
    },
    {
      name: 'Query.establishments (ascending root list)',
      query: `query(${VARS}) { establishments(${ARGS}) { ${PAGE} } }`,
      variables: async () => ({}),
      token: () => gateway.token('tourism-department'),
      purpose: 'TOURISM_MANAGEMENT',
      connection: (data) => data.establishments,
    },
    {
      name: 'Query.landChanges (descending root search)',
      query: `query(${VARS}) { landChanges(${ARGS}) { ${PAGE} } }`,
      variables: async () => ({}),
      token: () => gateway.token('land-office'),
      purpose: 'LAND_ADMINISTRATION',
      connection: (data) => data.landChanges,
    },
    {
      name: 'HealthRecord.encounters (pagedSql)',
      query: `query($id: PersonalId!, ${VARS}) { citizen(personalId: $id) { health { encounters(${ARGS}) {
        ${PAGE} } } } }`,
      variables: async () => {
        const [row] = await gateway.db.query<{ pid: string }>(
          `SELECT personal_id AS pid FROM health.encounter GROUP BY personal_id ORDER BY count(*) DESC, personal_id LIMIT 1`,
        );
        const pid = (row as { pid: string }).pid;
        // The patient consents to the hospital (org 37001) reading their encounters at other facilities
        // (docs/ARCHITECTURE.md §5), so the whole list is the hospital's to page.
        await gateway.db.query(
          `INSERT INTO core.consent (personal_id, organisation, categories, purposes, valid_until)
           SELECT $1, '37001', ARRAY['HEALTH_ENCOUNTERS'], ARRAY['TREATMENT'], now() + interval '1 day'
           WHERE NOT EXISTS (SELECT 1 FROM core.consent WHERE personal_id = $1 AND organisation = '37001')`,
          [pid],
        );
        return { id: pid };
      },
      token: () => gateway.token('hospital'),
      purpose: 'TREATMENT',
      connection: (data) => data.citizen.health.encounters,
    },
    {
      name: 'Query.accessLogByClient (audit store)',
      query: `query($sub: String!, ${VARS}) { accessLogByClient(sub: $sub, ${ARGS}) { ${AUDIT_PAGE} } }`,
      variables: async () => {
        // A client of its own with a few audited reads: its log does not grow while it is paged.
        if (!readsDone) {
          const reader = await gateway.token('residence-police', { sub: 'residence-police-77' });
          for (const id of await gateway.personalIds(5))
            await ok(REGISTRATIONS, { id, first: 1 }, reader, RESIDENCE.purpose);
          readsDone = true;
        }
        return { sub: 'residence-police-77' };
      },
      token: () => gateway.token('auditor'),
      purpose: 'LAW_ENFORCEMENT',
      connection: (data) => data.accessLogByClient,
    },
  ];

  async function page(walk: Walk, token: string, variables: Record<string, unknown>): Promise<Json> {
    return walk.connection(await ok(walk.query, { ...(await walk.variables()), ...variables }, token, walk.purpose));
  }

  for (const walk of walks) {
    it(`${walk.name}: walking backward fully gives the forward walk reversed`, async () => {
      const token = await walk.token();
      const all = await page(walk, token, { first: 100 });
      const ids = (all.edges as Json[]).map((edge) => edge.node.id as string);
      expect(ids.length, 'the list has several pages').toBeGreaterThanOrEqual(3);
      expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
      expect(all.pageInfo.startCursor).toBe(all.edges[0].cursor);
      for (const size of [1, 2]) {
        const forward: string[] = [];
        let after: string | null = null;
        for (let n = 0; n < 200; n += 1) {
          const connection: Json = await page(walk, token, { first: size, after });
          forward.push(...(connection.edges as Json[]).map((edge) => edge.node.id as string));
          // Forward: hasPreviousPage is false (the specification allows it when it is not cheap to tell).
          expect(connection.pageInfo.hasPreviousPage).toBe(false);
          if (!connection.pageInfo.hasNextPage) break;
          after = connection.pageInfo.endCursor;
        }
        const backward: string[][] = [];
        let before: string | null = null;
        for (let n = 0; n < 200; n += 1) {
          const connection: Json = await page(walk, token, { last: size, before });
          const edges = connection.edges as Json[];
          backward.push(edges.map((edge) => edge.node.id as string));
          expect(connection.pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
          expect(connection.pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
          expect(connection.pageInfo.hasNextPage).toBe(false);
          if (!connection.pageInfo.hasPreviousPage) break;
          before = connection.pageInfo.startCursor;
        }
        expect(forward).toEqual(ids);
        // Each backward page is in list order; pages come from the end.
        expect(backward.reverse().flat()).toEqual(ids);
        expect(backward.every((ids) => ids.length === size || ids === backward[0])).toBe(true);
      }
      // The last page: `last: 2` from the end is the list's last two, and hasPreviousPage says more precede.
      const tail = await page(walk, token, { last: 2 });
      expect((tail.edges as Json[]).map((edge) => edge.node.id)).toEqual(ids.slice(-2));
      expect(tail.pageInfo.hasPreviousPage).toBe(true);
      // A forward cursor works backward and the other way round (same list, same caller).
      const middle = all.edges[2].cursor as string;
      const previous = await page(walk, token, { last: 5, before: middle });
      expect((previous.edges as Json[]).map((edge) => edge.node.id)).toEqual(ids.slice(0, 2));
      expect(previous.pageInfo.hasPreviousPage).toBe(false);
      const next = await page(walk, token, { first: 1, after: tail.pageInfo.startCursor });
      expect((next.edges as Json[]).map((edge) => edge.node.id)).toEqual(ids.slice(-1));
    });
  }

  it('refuses `first` with `last`, mixed directions, sizes above 100 and foreign cursors on `before`', async () => {
    const [fileNo, otherFileNo] = await households(2);
    const walk = walks[0] as Walk;
    const refused = async (variables: Record<string, unknown>, argumentName: string, message: string | RegExp) => {
      const response = await gateway.graphql<Json>(
        walk.query,
        { no: fileNo, ...variables },
        {
          token: police,
          purpose: RESIDENCE.purpose,
        },
      );
      expect(response.body.errors, JSON.stringify(variables)).toHaveLength(1);
      expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argumentName } });
      expect(response.body.errors?.[0]?.message).toMatch(message);
      expect(response.body.data?.household.members).toBeNull();
    };
    const cursor = (await ok(walk.query, { no: fileNo, first: 1 }, police, RESIDENCE.purpose)).household.members
      .pageInfo.endCursor as string;
    await refused({ first: 1, last: 1 }, 'last', /"first" and "last" cannot be used together/);
    await refused({ after: cursor, before: cursor }, 'before', /"after" and "before"/);
    await refused({ first: 1, before: cursor }, 'before', /use it with "last"/);
    await refused({ last: 1, after: cursor }, 'after', /use it with "first"/);
    await refused({ last: 101 }, 'last', /"last" must be between 0 and 100, got 101/);
    await refused({ last: -1 }, 'last', /"last" must be between 0 and 100/);
    // A cursor of another parent, filter or client, or garbage, is refused on `before` like on `after`.
    await refused(
      { no: otherFileNo, last: 1, before: cursor },
      'before',
      '"before" is not a cursor returned by this list',
    );
    const otherClient = await gateway.token('residence-police', { sub: 'residence-police-38' });
    const response = await gateway.graphql<Json>(
      walk.query,
      { no: fileNo, last: 1, before: cursor },
      {
        token: otherClient,
        purpose: RESIDENCE.purpose,
      },
    );
    expect(response.body.errors?.[0]).toMatchObject({
      message: '"before" is not a cursor returned by this list',
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'before' },
    });
    await refused({ last: 1, before: 'not-a-cursor' }, 'before', '"before" is not a cursor returned by this list');
    // The genuine use works.
    await ok(walk.query, { no: fileNo, last: 1, before: cursor }, police, RESIDENCE.purpose);
  });

  it('audits a backward read exactly like the forward read of the same rows', async () => {
    const [row] = await gateway.db.query<{ pid: string }>(
      `SELECT personal_id AS pid FROM household.residence_registration GROUP BY personal_id
       ORDER BY count(*) DESC, personal_id LIMIT 1`,
    );
    const id = (row as { pid: string }).pid;
    const read = (page: string) =>
      gateway.graphql<Json>(
        `query Registrations($id: PersonalId!) { citizen(personalId: $id) { residenceRegistrations(${page}) {
          edges { node { id startDate } } pageInfo { hasNextPage hasPreviousPage } } } }`,
        { id },
        { token: police, purpose: RESIDENCE.purpose },
      );
    const recordsOf = async (response: { headers: Headers }) =>
      (
        await gateway.db.query<{ personalId: string; fields: string[]; outcome: string; purpose: string }>(
          `SELECT personal_id AS "personalId", fields, outcome::text AS outcome, purpose
           FROM audit.access_record WHERE request_id = $1 ORDER BY personal_id`,
          [response.headers.get('x-request-id')],
        )
      ).map((record) => ({ ...record, personalId: record.personalId.trim() }));
    const forward = await read('first: 100');
    const backward = await read('last: 100');
    expect(backward.body.data.citizen.residenceRegistrations.edges).toEqual(
      forward.body.data.citizen.residenceRegistrations.edges,
    );
    const forwardRecords = await recordsOf(forward);
    expect(forwardRecords.map((record) => record.personalId)).toContain(id);
    expect(await recordsOf(backward)).toEqual(forwardRecords);
  });

  it("a citizen pages backward over its own rows only: a parcel's changes, from the end", async () => {
    // Any holder party to some but not all changes of their parcel (made by the test above when the seed has none).
    const rows = await gateway.db.query<{ holder: string; parcel: number }>(
      `SELECT r.holder_personal_id AS holder, r.parcel_id AS parcel
       FROM land.land_right r
       WHERE r.holder_personal_id IS NOT NULL
         AND (r.ended_on IS NULL OR r.ended_on > (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
         AND (SELECT count(*) FROM land.land_right o WHERE o.holder_personal_id = r.holder_personal_id) = 1
         AND EXISTS (SELECT 1 FROM land.land_change c JOIN land.land_change_party q ON q.change_id = c.id
                     WHERE c.parcel_id = r.parcel_id AND q.personal_id = r.holder_personal_id)
         AND EXISTS (SELECT 1 FROM land.land_change c WHERE c.parcel_id = r.parcel_id AND NOT EXISTS (
                     SELECT 1 FROM land.land_change_party q WHERE q.change_id = c.id
                       AND q.personal_id = r.holder_personal_id))
       ORDER BY r.parcel_id, r.id LIMIT 1`,
    );
    expect(rows[0], 'a holder party to some changes of the parcel only').toBeDefined();
    const { holder, parcel } = rows[0] as { holder: string; parcel: number };
    const own = await gateway.db.query<{ id: number }>(
      `SELECT DISTINCT c.id, c.submitted_on FROM land.land_change c JOIN land.land_change_party q ON q.change_id = c.id
       WHERE c.parcel_id = $1 AND q.personal_id = $2 ORDER BY c.submitted_on DESC, c.id DESC`,
      [parcel, holder],
    );
    const ownIds = own.map((row) => toGlobalId('LandChange', row.id));
    const CHANGES = `query($last: Int, $before: String) { me { landRights { edges { node { parcel {
      changes(last: $last, before: $before) { edges { node { id } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } } } } }`;
    const token = await gateway.token('citizen', { pid: holder });
    const pages: string[][] = [];
    let before: string | null = null;
    for (let n = 0; n < 50; n += 1) {
      const me: Json = (await ok(CHANGES, { last: 1, before }, token, 'CITIZEN_SELF_SERVICE')).me;
      const changes: Json = me.landRights.edges[0].node.parcel.changes;
      // Every page is full until the citizen's own changes run out; hasPreviousPage counts no one else's.
      expect(changes.edges, `page ${n}`).toHaveLength(1);
      pages.push((changes.edges as Json[]).map((edge) => edge.node.id as string));
      expect(changes.pageInfo.hasPreviousPage).toBe(pages.length < ownIds.length);
      if (!changes.pageInfo.hasPreviousPage) break;
      before = changes.pageInfo.startCursor;
    }
    expect(pages.reverse().flat()).toEqual(ownIds);
    // A larger page from the end holds exactly the citizen's own changes.
    const whole: Json = (await ok(CHANGES, { last: 100 }, token, 'CITIZEN_SELF_SERVICE')).me;
    const changes = whole.landRights.edges[0].node.parcel.changes;
    expect((changes.edges as Json[]).map((edge) => edge.node.id)).toEqual(ownIds);
    expect(changes.pageInfo.hasPreviousPage).toBe(false);
  });
});
