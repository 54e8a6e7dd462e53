/**
 * No N+1 (docs/ARCHITECTURE.md §3): the SQL statements of the 360° selection over N citizens do not grow with N.
 * Counted at the database driver, through the real HTTP gateway, while the request executes (the audit write after it
 * is one group-committed transaction per request whatever N, plus the chain head's creation on the very first one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionStatements } from './support/execution-statements.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';
import { CITIZENS_360 } from './support/queries.ts';

let gateway: TestGateway;
let token: string;
const executed = executionStatements();
const ALL_READ_SCOPES = [
  'citizen:identity:read',
  'household:registration:read',
  'health:summary:read',
  'health:encounters:read',
  'tourism:stays:read',
  'tourism:establishments:read',
  'land:parcels:read',
];

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 400, plugins: [executed.plugin] });
  token = await gateway.token('hospital', { scopes: ALL_READ_SCOPES });
});
afterAll(async () => gateway?.close());

async function statementsFor(ids: string[]): Promise<{ statements: number; data: unknown[] }> {
  const response = await gateway.graphql<{ citizens: unknown[] }>(
    CITIZENS_360,
    { ids },
    { token, purpose: 'TREATMENT' },
  );
  const statements = executed.of(response);
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  return { statements, data: response.body.data?.citizens ?? [] };
}

describe('batched loading', () => {
  it('costs the same number of SQL statements for 5 and for 50 citizens with the 360° selection', async () => {
    // The five include citizens with stays and land rights, so that every edge of the selection runs for both lists.
    const withStays = await gateway.personalIds(
      2,
      'EXISTS (SELECT 1 FROM tourism.guest_stay s WHERE s.guest_personal_id = c.personal_id)',
    );
    const withLand = await gateway.personalIds(
      2,
      'EXISTS (SELECT 1 FROM land.land_right r WHERE r.holder_personal_id = c.personal_id)',
    );
    const others = await gateway.personalIds(60);
    const five = [...new Set([...withStays, ...withLand, ...others])].slice(0, 5);
    const ids = [...new Set([...five, ...others])].slice(0, 50);
    // Reference tables (communes, facilities, ICD-10: src/lib/reference.ts) are loaded once per process, by whichever
    // request needs them first; load them before counting.
    await statementsFor(five);
    const fiveResult = await statementsFor(five);
    const fifty = await statementsFor(ids);
    expect(fifty.data).toHaveLength(50);
    expect(fifty.data.every((citizen) => citizen !== null)).toBe(true);
    // DataLoader batches per event-loop tick: the same edge reached at two depths (the citizen's own encounters and
    // their household members') may or may not share a tick depending on when PostgreSQL's answers arrive, which
    // moves the count by one or two whatever the list size (seen: 19 for 5, 18 for 50). An N+1 anywhere would add
    // at least 45 statements for 50 citizens, so this bound still catches it.
    expect(Math.abs(fifty.statements - fiveResult.statements)).toBeLessThanOrEqual(2);
    // Sanity: the 360° view is a handful of batched statements, not one per citizen.
    expect(fifty.statements).toBeLessThan(30);
  });

  it('returns the citizens in the order asked, null for unknown IDs', async () => {
    const ids = await gateway.personalIds(3);
    const unknown = '037099999999';
    const response = await gateway.graphql<{ citizens: ({ personalId: string } | null)[] }>(
      'query ($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId } }',
      { ids: [ids[2], unknown, ids[0]] },
      { token, purpose: 'TREATMENT' },
    );
    expect(response.body.data?.citizens).toEqual([{ personalId: ids[2] }, null, { personalId: ids[0] }]);
  });
});
