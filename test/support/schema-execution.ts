/**
 * Runs operations straight against the executable schema (no HTTP, no authorization layer) for the sector tests:
 * a real database, an anonymous context, and the statement counter for batching assertions.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, expect } from 'vitest';
import { ANONYMOUS } from '../../src/auth/principal.ts';
import { createContext, type GatewayContext } from '../../src/context.ts';
import { CursorCodec } from '../../src/lib/cursor.ts';
import type { Database } from '../../src/db/database.ts';
import { buildExecutableSchema } from '../../src/schema/build.ts';
import { openMigratedTestDatabase, type MigratedTestDatabase } from './harness.ts';

// The CommonJS build, the same graphql instance @graphql-tools/schema uses (see vitest.config.ts).
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** A typed view of the loose `data` of a result, for assertions. */
export type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions walk arbitrary result JSON

type Variables = Record<string, unknown>;

/**
 * What a sector test may set of the request: e.g. the health tests read as a break-glass request, so the consent
 * rule (docs/ARCHITECTURE.md §5, tested over HTTP in test/consent.test.ts) withholds nothing from the anonymous
 * caller and they test the data itself.
 */
export type ExecutionRequest = Partial<Pick<GatewayContext, 'principal' | 'purpose' | 'breakGlass'>>;

/** `target` is read at each call, so a test file may open its database and build its schema in beforeAll. */
export function schemaExecution(target: () => { db: Database; schema: GraphQLSchema }, request: ExecutionRequest = {}) {
  // One key for every operation, so a cursor of one operation is accepted by the next (as by one gateway).
  const cursors = new CursorCodec(randomBytes(32));
  async function run(source: string, variableValues: Variables = {}): Promise<ExecutionResult<Data>> {
    const { db, schema } = target();
    const contextValue = createContext({
      requestId: 'test',
      principal: ANONYMOUS,
      purpose: undefined,
      actingUser: undefined,
      db,
      developmentMode: true,
      cursors,
      ...request,
    });
    return graphql({ schema, source, variableValues, contextValue });
  }

  async function data(source: string, variableValues: Variables = {}): Promise<Data> {
    const result = await run(source, variableValues);
    expect(result.errors).toBeUndefined();
    return result.data as Data;
  }

  /** Statements a query costs. */
  async function statementsOf(source: string, variableValues: Variables = {}): Promise<number> {
    const { db } = target();
    const before = db.statements.count;
    await data(source, variableValues);
    return db.statements.count - before;
  }

  /** Runs an operation that must fail with exactly one BAD_USER_INPUT error; returns it. */
  async function badInput(source: string, variableValues: Variables = {}) {
    const result = await run(source, variableValues);
    expect(result.errors).toHaveLength(1);
    const error = result.errors?.[0];
    expect(error?.extensions?.['code']).toBe('BAD_USER_INPUT');
    return error;
  }

  return { run, data, statementsOf, badInput };
}

/**
 * The set-up of a sector test file: before its tests, a migrated database of its own (PGlite, or a fresh database
 * on TEST_DATABASE_URL) holding the rows of `fixtureSql` (statements separated by `;`), and the executable schema;
 * after them, the database removed. Returns the runners of schemaExecution on them.
 */
export function sectorSchemaExecution(name: string, fixtureSql: () => string, request: ExecutionRequest = {}) {
  let database: MigratedTestDatabase;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    database = await openMigratedTestDatabase(`lienthong-${name}-`);
    await database.db.exec(fixtureSql());
    schema = buildExecutableSchema();
  });
  afterAll(async () => database?.remove());
  return schemaExecution(() => ({ db: database.db, schema }), request);
}
