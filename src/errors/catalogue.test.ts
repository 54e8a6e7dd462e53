/**
 * The error catalogue lists every code a client can receive, with a status, a safe message and a retry policy; the
 * GraphQL errors, error responses and masking built from it keep their codes, statuses and headers; README.md's error
 * table is the catalogue's.
 */
import fs from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { SourceUnavailableError } from '../db/unavailable.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { ERROR_CODES, ERRORS, errorHeaders, gatewayError, isErrorCode, withErrorTable } from './catalogue.ts';
import { maskError } from './mask.ts';

/** Every code the gateway, Apollo Server or graphql-js may put in `extensions.code` of an answer. */
const CLIENT_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'UNAUTHORIZED_FIELD_OR_TYPE',
  'PURPOSE_REQUIRED',
  'PURPOSE_INVALID',
  'PURPOSE_NOT_ALLOWED',
  'BREAK_GLASS_NOT_ALLOWED',
  'BREAK_GLASS_REASON_INVALID',
  'BREAK_GLASS_PURPOSE',
  'BREAK_GLASS_READ_ONLY',
  'BREAK_GLASS_ONE_PATIENT',
  'BREAK_GLASS_LIMITED',
  'BREAK_GLASS_ALREADY_REVIEWED',
  'INTROSPECTION_DISABLED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'NOT_FOUND',
  'CONFLICT',
  'CONFLICT_ALREADY_RESOLVED',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_KEY_REUSED',
  'MAX_DEPTH',
  'MAX_ALIASES',
  'MAX_ROOT_FIELDS',
  'MAX_TOKENS',
  'MAX_COST',
  'MAX_REQUEST_BYTES',
  'RATE_LIMITED',
  'PROBING_THROTTLED',
  'OVERLOADED',
  'SHUTTING_DOWN',
  'SOURCE_UNAVAILABLE',
  'AUDIT_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
  'PERSISTED_QUERY_NOT_ALLOWED',
  'PERSISTED_QUERY_HASH_MISMATCH',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'HEADERS_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  // FHIR (src/fhir/): HTTP refusals FHIR names by status
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'PRECONDITION_FAILED',
  'UNPROCESSABLE_ENTITY',
];

function filesUnder(directory: string): string[] {
  return fs.readdirSync(directory, { recursive: true, encoding: 'utf8' }).map((file) => path.join(directory, file));
}

function typeScriptFiles(directory: string): string[] {
  return filesUnder(path.join(PROJECT_ROOT, directory)).filter(
    (file) => file.endsWith('.ts') && !file.includes(`${path.sep}generated${path.sep}`),
  );
}

describe('the error catalogue', () => {
  it('lists every code a client can receive, each with an HTTP status, a message and a retry policy', () => {
    expect(CLIENT_CODES.filter((code) => !isErrorCode(code))).toEqual([]);
    expect([...ERROR_CODES].sort()).toEqual([...CLIENT_CODES].sort());
    for (const code of ERROR_CODES) {
      const definition = ERRORS[code];
      expect(definition.status, code).toBeGreaterThanOrEqual(200);
      expect(definition.status, code).toBeLessThan(600);
      expect(definition.message.trim(), code).not.toBe('');
      expect(definition.meaning.trim(), code).not.toBe('');
      expect(definition.retry, code).toBeDefined();
    }
  });

  it('holds every code the tests assert', () => {
    const errno = new Set(Object.keys(constants.errno));
    const asserted = new Set<string>();
    for (const file of typeScriptFiles('test')) {
      const text = fs.readFileSync(file, 'utf8');
      // Error codes are words of six letters or more (data codes, ICD-10 or land-use codes, are shorter).
      for (const match of text.matchAll(/(?:\bcode: |\.code\)\.toBe\()'([A-Z][A-Z_]{5,})'/g)) {
        if (match[1] !== undefined && !errno.has(match[1])) asserted.add(match[1]);
      }
    }
    expect(asserted.size).toBeGreaterThan(10);
    expect([...asserted].filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it('is the only source of codes: no error code is written outside it without being checked against it', () => {
    const unchecked: string[] = [];
    for (const file of typeScriptFiles('src')) {
      if (file.endsWith('.test.ts') || file.endsWith(path.join('errors', 'catalogue.ts'))) continue;
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, index) => {
        // `code: 'X'` or `code = 'X'` (an error class) must say `satisfies ErrorCode` (or a subset of it).
        if (/\bcode(?::| =) '[A-Z][A-Z_]{5,}'(?! satisfies)/.test(line)) {
          unchecked.push(`${path.relative(PROJECT_ROOT, file)}:${index + 1}: ${line.trim()}`);
        }
        if (/new GraphQLError\(/.test(line) && /code/.test(lines.slice(index, index + 6).join('\n'))) {
          unchecked.push(`${path.relative(PROJECT_ROOT, file)}:${index + 1}: use gatewayError`);
        }
      });
    }
    expect(unchecked).toEqual([]);
  });

  it('chooses Retry-After and the other response headers from the code', () => {
    expect(errorHeaders('OVERLOADED')).toEqual({ 'retry-after': '1' });
    expect(errorHeaders('SOURCE_UNAVAILABLE')).toEqual({ 'retry-after': '5' });
    expect(errorHeaders('AUDIT_UNAVAILABLE')).toEqual({ 'retry-after': '5' });
    expect(errorHeaders('RATE_LIMITED', 17)).toEqual({ 'retry-after': '17' });
    expect(errorHeaders('UNAUTHENTICATED')).toEqual({ 'www-authenticate': 'Bearer error="invalid_token"' });
    expect(errorHeaders('BAD_USER_INPUT')).toEqual({});
    expect(errorHeaders('INTERNAL_SERVER_ERROR')).toEqual({});
  });

  it('builds GraphQL errors: request errors carry their HTTP status, field errors leave the response at 200', () => {
    expect(gatewayError('CONFLICT', 'taken', { field: 'input.id' }).extensions).toEqual({
      code: 'CONFLICT',
      http: { status: 409 },
      field: 'input.id',
    });
    expect(gatewayError('PURPOSE_REQUIRED').message).toBe(ERRORS.PURPOSE_REQUIRED.message);
    expect(gatewayError('BAD_USER_INPUT', 'bad', { argumentName: 'id' }).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      argumentName: 'id',
    });
    expect(gatewayError('UNAUTHORIZED_FIELD_OR_TYPE').extensions).toEqual({ code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
  });
});

describe('maskError', () => {
  const logger = { warn: vi.fn(), error: vi.fn() };

  it('masks an unexpected error, keeping its path, and logs it', () => {
    const error = new GraphQLError('relation "x" does not exist', {
      path: ['citizen'],
      originalError: new Error('relation "x" does not exist'),
    });
    expect(maskError({ ...error.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error, logger)).toEqual({
      message: 'Internal server error',
      path: ['citizen'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logger.error).toHaveBeenCalledOnce();
  });

  it('masks an error whose code is not in the catalogue, and logs it', () => {
    logger.error.mockClear();
    const error = new GraphQLError('duplicate key value violates unique constraint "citizen_pkey"', {
      path: ['registerResident'],
      extensions: { code: 'SOME_LIBRARY_CODE' },
    });
    expect(maskError(error.toJSON(), error, logger)).toEqual({
      message: ERRORS.INTERNAL_SERVER_ERROR.message,
      path: ['registerResident'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logger.error).toHaveBeenCalledOnce();
  });

  it('answers a source failure outside GraphQL with SOURCE_UNAVAILABLE and its safe message', () => {
    const masked = maskError({ message: 'request failed' }, new SourceUnavailableError('ECONNREFUSED'), logger);
    expect(masked).toEqual({ message: ERRORS.SOURCE_UNAVAILABLE.message, extensions: { code: 'SOURCE_UNAVAILABLE' } });
  });

  it('keeps a catalogue error, without `http` or `stacktrace`', () => {
    const error = gatewayError('FORBIDDEN', 'no', { deniedFields: ['Query.x'] });
    const formatted = { message: 'no', extensions: { ...error.extensions, stacktrace: ['at x'] } };
    expect(maskError(formatted, error)).toEqual({
      message: 'no',
      extensions: { code: 'FORBIDDEN', deniedFields: ['Query.x'] },
    });
  });
});

describe("README.md's error table", () => {
  it('is the catalogue rendered (npm run docs:errors rewrites it)', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(withErrorTable(readme)).toBe(readme);
  });
});
