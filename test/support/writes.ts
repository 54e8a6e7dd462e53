/** Helpers of the write-mutation tests (test/writes-*.test.ts). */
import { expect } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import type { GraphQLResponse, Json } from './harness.ts';

export interface Problem {
  field: string;
  reason: string;
}

/** The single error of a rejected mutation: its code, and for BAD_USER_INPUT every problem's field. */
export function rejection(response: GraphQLResponse<Json>): {
  code: string;
  field?: string;
  problems: Problem[];
  message: string;
} {
  const errors = response.body.errors ?? [];
  expect(errors, JSON.stringify(response.body)).toHaveLength(1);
  const error = errors[0] as NonNullable<GraphQLResponse['body']['errors']>[number];
  return {
    code: error.extensions?.code as string,
    field: error.extensions?.field as string | undefined,
    problems: (error.extensions?.problems as Problem[] | undefined) ?? [],
    message: error.message,
  };
}

/** Asserts BAD_USER_INPUT naming exactly these input paths (in any order), and returns the problems. */
export function expectBadInput(response: GraphQLResponse<Json>, fields: string[]): Problem[] {
  const { code, field, problems } = rejection(response);
  expect(code, JSON.stringify(response.body)).toBe('BAD_USER_INPUT');
  expect(problems.map((p) => p.field).sort()).toEqual([...fields].sort());
  expect(field).toBe(problems[0]?.field);
  for (const problem of problems) expect(problem.reason.length).toBeGreaterThan(3);
  return problems;
}

/** Row counts of tables, to show that a rejected or failed mutation wrote nothing. */
export async function counts(db: Database, tables: readonly string[]): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    result[table] = row?.n ?? -1;
  }
  return result;
}

/** recordEncounter, with every field of the encounter the health write tests check. */
export const RECORD_ENCOUNTER = /* GraphQL */ `
  mutation Record($input: RecordEncounterInput!) {
    recordEncounter(input: $input) {
      personalId
      encounter {
        id
        encounterKey
        type
        admittedAt
        dischargedAt
        facility {
          code
        }
        principalDiagnosis {
          code
          title
        }
        secondaryDiagnoses {
          code
        }
      }
    }
  }
`;

/** An instant `hours` before now, ISO 8601. */
export const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3600_000).toISOString();

/** A calendar date `days` before today (UTC+07:00). */
export const daysAgo = (days: number): string =>
  new Date(Date.now() + 7 * 3600_000 - days * 86_400_000).toISOString().slice(0, 10);

let sequence = 0;
/** A fresh idempotency key / encounter key for one test. */
export const uniqueKey = (prefix: string): string =>
  `${prefix}-${process.pid}-${Date.now().toString(36)}-${(sequence += 1)}`;
