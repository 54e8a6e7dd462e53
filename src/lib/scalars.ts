/** Custom scalars of schema/base.graphql. Bad input raises BAD_USER_INPUT, never reaches a database. */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import type { ErrorCode } from '../errors/catalogue.ts';
import { personalIdProblem } from './personal-id.ts';

/** Bad scalar input; the gateway reports it as BAD_USER_INPUT, naming the argument. */
export class ScalarInputError extends Error {
  override name = 'ScalarInputError';
  /** graphql-js copies an original error's extensions onto the GraphQLError that wraps it. */
  readonly extensions = { code: 'BAD_USER_INPUT' satisfies ErrorCode };
}

function stringScalar(name: string, description: string, check: (value: string) => string | undefined) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string') throw new ScalarInputError(`${name} must be a string`);
    const problem = check(value);
    if (problem !== undefined) throw new ScalarInputError(`invalid ${name} "${value.slice(0, 40)}": ${problem}`);
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (value) => String(value),
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new ScalarInputError(`${name} must be a string literal`);
      return parse(ast.value);
    },
  });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function dateProblem(value: string): string | undefined {
  const match = DATE.exec(value);
  if (match === null) return 'expected YYYY-MM-DD';
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return 'not a calendar date';
  return undefined;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
function dateTimeProblem(value: string): string | undefined {
  if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) return 'expected ISO 8601 with an offset';
  return dateProblem(value.slice(0, 10));
}

export const scalarResolvers = {
  PersonalId: stringScalar('PersonalId', '12-digit personal ID', (v) => personalIdProblem(v)),
  Date: stringScalar('Date', 'ISO 8601 date', dateProblem),
  DateTime: stringScalar('DateTime', 'ISO 8601 instant', dateTimeProblem),
  Decimal: stringScalar('Decimal', 'exact decimal', (v) =>
    /^-?\d{1,20}(\.\d{1,10})?$/.test(v) ? undefined : 'not a decimal',
  ),
};
