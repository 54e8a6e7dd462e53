/**
 * The FHIR layer's only way to data (docs/ARCHITECTURE.md §15): a planned GraphQL operation run through the gateway's
 * GraphQL pipeline (src/http/graphql-request.ts `run`) — the same Apollo server, plugins and context as /graphql, so
 * scopes, purpose, consent, citizen binding, limits, cost, probes and the audit apply unchanged — and the GraphQL
 * errors turned into an OperationOutcome with the same catalogue codes.
 */
import type { IncomingMessage } from 'node:http';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { ERRORS, isErrorCode, type ErrorCode, type ErrorDefinition } from '../errors/catalogue.ts';
import type { AdmittedCaller, GraphQLPipeline, InternalOperationBody } from '../http/graphql-request.ts';
import { issue } from './outcome.ts';
import type { Plan } from './resources/types.ts';

/** The answer of a planned operation: its mapped result, or the refusal to send as an OperationOutcome. */
export type Executed<Result> =
  | { readonly ok: true; readonly result: Result; readonly denied: readonly string[] }
  | {
      readonly ok: false;
      readonly code: ErrorCode;
      readonly status: number;
      readonly issues: readonly OperationOutcomeIssue[];
    };

/** Field errors that refuse a FHIR interaction whole, with the status each stands for (catalogue status 200). */
const FIELD_ERROR_REFUSALS: Partial<Record<ErrorCode, { code: ErrorCode; status: number }>> = {
  UNAUTHORIZED_FIELD_OR_TYPE: { code: 'FORBIDDEN' satisfies ErrorCode, status: 403 },
  BAD_USER_INPUT: { code: 'BAD_USER_INPUT' satisfies ErrorCode, status: 400 },
};

export interface ExecuteOptions {
  /**
   * Fields the token may not read leave their part out (reported in `denied`) instead of refusing the interaction:
   * `$everything` serves what the token's scopes allow; a read or search needs all of its fields.
   */
  readonly partial?: boolean;
}

export async function executePlan<Result>(
  pipeline: GraphQLPipeline,
  req: IncomingMessage,
  requestId: string,
  admitted: AdmittedCaller,
  plan: Plan<Result>,
  options: ExecuteOptions = {},
): Promise<Executed<Result>> {
  const executed = await pipeline.run(req, requestId, admitted, plan.operation);
  if (executed.kind === 'refused') {
    return {
      ok: false,
      code: executed.code,
      status: ERRORS[executed.code].status,
      issues: [issue({ code: executed.code, message: executed.message })],
    };
  }
  const { body, status } = executed;
  const errors = body.errors ?? [];
  const codes = errors.map((error) => codeOf(error));
  const refusal = codes.find((code) => !isFieldError(code));
  const denied = errors.filter((_, i) => codes[i] === 'UNAUTHORIZED_FIELD_OR_TYPE');
  const onlyDenied = errors.length > 0 && denied.length === errors.length;
  if (refusal !== undefined || status >= 400 || body.data === undefined || body.data === null) {
    const code = refusal ?? codes[0] ?? 'INTERNAL_SERVER_ERROR';
    return { ok: false, code, status: status >= 400 ? status : statusOf(code), issues: issuesOf(body) };
  }
  if (errors.length > 0 && !(onlyDenied && options.partial === true)) {
    const first = codes.find((code) => code !== 'UNAUTHORIZED_FIELD_OR_TYPE') ?? codes[0]!;
    const mapped = FIELD_ERROR_REFUSALS[first] ?? { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode, status: 500 };
    return { ok: false, code: mapped.code, status: mapped.status, issues: issuesOf(body) };
  }
  return {
    ok: true,
    result: plan.map(body.data),
    denied: denied.map((error) => (error.path ?? []).filter((part) => typeof part === 'string').join('.')),
  };
}

function isFieldError(code: ErrorCode): boolean {
  const definition: ErrorDefinition = ERRORS[code];
  return definition.fieldError === true;
}

function codeOf(error: { extensions?: Record<string, unknown> }): ErrorCode {
  const code = error.extensions?.code;
  return isErrorCode(code) ? code : 'INTERNAL_SERVER_ERROR';
}

function statusOf(code: ErrorCode): number {
  return FIELD_ERROR_REFUSALS[code]?.status ?? (ERRORS[code].status === 200 ? 500 : ERRORS[code].status);
}

/** One issue per GraphQL error: its catalogue code, its (already masked) message, the GraphQL field path. */
function issuesOf(body: InternalOperationBody): OperationOutcomeIssue[] {
  const errors = body.errors ?? [];
  if (errors.length === 0) return [issue({ code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode })];
  return errors.map((error) => {
    const path = (error.path ?? []).filter((part) => typeof part === 'string').join('.');
    return issue({
      code: codeOf(error),
      message: error.message,
      ...(path === '' ? {} : { diagnostics: `GraphQL field ${path}` }),
    });
  });
}
