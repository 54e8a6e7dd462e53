/**
 * The Apollo plugin of the audit layer (docs/ARCHITECTURE.md §6): when execution ends, the request's accesses
 * (collect.ts) become one record per citizen, appended in ONE call (the writer group-commits the calls of concurrent
 * requests into one transaction), and the response waits for the commit. Fail closed: if the append is rejected
 * (database down, chain head locked past AUDIT_APPEND_TIMEOUT_MS, a malformed record), the response is replaced by
 * HTTP 503 `AUDIT_UNAVAILABLE` without `data`, so no personal data leaves the gateway unrecorded.
 *
 * Why `executionDidEnd`: Apollo Server 5 (requestPipeline.js) sets `response.body` from the execution result BEFORE
 * calling the execution listeners' `executionDidEnd`, and awaits them before any `willSendResponse`, so the body and
 * status replaced here are what every other plugin (the observation log line, SOURCE_UNAVAILABLE) and the HTTP layer
 * see. Operations answered by a plugin's `responseForOperation` (the authorization layer runs introspection against
 * the token's filtered schema, also through the audited resolvers) never reach `executionDidEnd`: they are written
 * in `willSendResponse` instead. Incremental delivery (@defer/@stream) is not enabled (graphql 16, no directive in
 * the schema); a response that is nevertheless incremental and carries personal data is refused the same way,
 * since its later payloads could not be audited before they are sent.
 *
 * When a resolver hit SOURCE_UNAVAILABLE, the whole response becomes 503 with `data: null` (observability/failures.ts):
 * nothing is released, so nothing is appended; `data` is nulled here too so that this holds whatever the plugin order.
 * Anonymous callers' denied attempts are not recorded (they can read no personal data at all, and recording them
 * would let anyone write into citizens' logs); anything an anonymous request released would be.
 */
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { SpanStatusCode } from '@opentelemetry/api';
import { print } from 'graphql';
import { isAnonymous } from '../auth/principal.ts';
import type { GatewayContext } from '../context.ts';
import { setErrorHead, type ErrorCode } from '../errors/catalogue.ts';
import type { Logger } from '../logger.ts';
import { isSourceUnavailable } from '../observability/failures.ts';
import { recordAuditWrite } from '../observability/metrics.ts';
import { beginCollecting, summarise, type AccessCollector } from './collect.ts';
import { beginMutationAudit, mutationAuditOf } from './mutation-audit.ts';
import type { BreakGlassReviews } from './break-glass.ts';
import { statisticalReleaseOf } from '../lib/statistical-release.ts';
import { appendStatisticalRelease } from './statistical-releases.ts';
import type { AccessRecordInput } from './chain.ts';
import type { AuditLog } from './writer.ts';

export interface AuditPluginOptions {
  auditLog: Pick<AuditLog, 'append' | 'writerId' | 'sealPending'>;
  logger: Logger;
  /**
   * Where break-glass requests are recorded for review (src/audit/break-glass.ts). Without it a break-glass request
   * that executed is answered 503 AUDIT_UNAVAILABLE without data: it cannot be left unreviewed.
   */
  breakGlassReviews?: BreakGlassReviews;
}

/** Header values and operation names go into the chain as they are, within the store's limits. */
const MAX_TEXT = 256;
function text(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // The store refuses NUL and unpaired surrogates (they would not round-trip through PostgreSQL).
  const clean = value.replace(/\0/g, '\uFFFD').replace(/\p{Cs}/gu, '\uFFFD');
  return clean.length > MAX_TEXT ? clean.slice(0, MAX_TEXT) : clean;
}

type RequestContext = GraphQLRequestContext<GatewayContext>;

/** The fields every record of one request shares. */
export function recordBase(
  requestContext: RequestContext,
): Omit<AccessRecordInput, 'personalId' | 'fields' | 'outcome'> {
  const context = requestContext.contextValue;
  let documentHash = requestContext.queryHash;
  if (documentHash === undefined || !/^[0-9a-f]{64}$/.test(documentHash)) {
    const source =
      requestContext.source ?? (requestContext.document === undefined ? '' : print(requestContext.document));
    documentHash = createHash('sha256').update(source).digest('hex');
  }
  return {
    requestId: context.requestId,
    clientSub: text(context.principal.sub) ?? 'anonymous',
    clientOrg: text(context.principal.org),
    actingUser: text(context.actingUser),
    purpose: text(context.purpose),
    operationName: text(requestContext.operationName),
    documentHash,
    // Every record of a break-glass request carries its reason (admitted and masked by src/http/break-glass.ts).
    breakGlassReason: context.breakGlass?.reason ?? null,
  };
}

/** The records of one request: one per citizen whose data it asked for. */
export function accessRecords(requestContext: RequestContext, collector: AccessCollector): AccessRecordInput[] {
  const anonymous = isAnonymous(requestContext.contextValue.principal);
  const base = recordBase(requestContext);
  const records: AccessRecordInput[] = [];
  for (const [personalId, access] of collector.subjects) {
    const { outcome, fields } = summarise(access);
    if (anonymous && outcome === 'DENIED') continue;
    records.push({ ...base, personalId, fields, outcome });
  }
  return records;
}

export function auditPlugin(options: AuditPluginOptions): ApolloServerPlugin<GatewayContext> {
  const { auditLog, logger } = options;

  /**
   * A break-glass request that executed leaves a review row, whatever it read (docs/ARCHITECTURE.md §6), before its
   * records are appended; false (and the response withheld) when it cannot be written.
   */
  async function recordBreakGlass(requestContext: RequestContext, collector: AccessCollector): Promise<boolean> {
    const context = requestContext.contextValue;
    const breakGlass = context.breakGlass;
    if (breakGlass === undefined) return true;
    const patients = new Set(collector.empty ? [] : accessRecords(requestContext, collector).map((r) => r.personalId));
    if (patients.size > 1) {
      // One patient per break-glass request (docs/ARCHITECTURE.md §5): the authorization plugin admits one `citizen`
      // root only, but nested fields may reach other citizens (household members...): nothing of them is sent.
      withholdWith(requestContext, 'BREAK_GLASS_ONE_PATIENT', 'A break-glass answer may concern one patient only');
      return false;
    }
    try {
      if (options.breakGlassReviews === undefined) throw new Error('no break-glass review store');
      const base = recordBase(requestContext);
      await options.breakGlassReviews.record({
        at: new Date(),
        requestId: base.requestId,
        clientSub: base.clientSub,
        clientOrg: base.clientOrg,
        actingUser: base.actingUser,
        reason: breakGlass.reason,
        patientPersonalIds: collector.empty ? [] : accessRecords(requestContext, collector).map((r) => r.personalId),
      });
      return true;
    } catch (error) {
      logger.error({ err: error, requestId: context.requestId }, 'break-glass review not written: response withheld');
      failClosed(requestContext, 'the break-glass request could not be recorded for review');
      return false;
    }
  }

  async function write(requestContext: RequestContext, collector: AccessCollector): Promise<void> {
    if (collector.empty) return;
    const { response } = requestContext;
    const body = response.body;
    if (body?.kind === 'single' && body.singleResult.errors?.some(isSourceUnavailable)) {
      body.singleResult.data = null; // the whole response is 503 SOURCE_UNAVAILABLE: nothing is released
      return;
    }
    const mutation = mutationAuditOf(requestContext.contextValue);
    // Citizens a committed mutation's own record (written in its transaction) already covers are left out.
    const records = accessRecords(requestContext, collector).filter(
      (record) => !mutation.committed || !coveredBy(mutation.covered, record),
    );
    if (records.length === 0) return;
    if (body !== undefined && body.kind !== 'single') {
      failClosed(requestContext, 'incremental delivery cannot be audited before it is sent');
      return;
    }
    const started = performance.now();
    // Tracing on: the request's wait for its share of the group commit (src/audit/writer.ts); a count, no record.
    const span = requestContext.contextValue.trace?.startSpan('audit.append', {
      'lienthong.audit.records': records.length,
    });
    try {
      await auditLog.append(records);
      recordAuditWrite(records.length, true, (performance.now() - started) / 1000);
      span?.end();
    } catch (error) {
      recordAuditWrite(records.length, false, (performance.now() - started) / 1000);
      span?.setStatus({ code: SpanStatusCode.ERROR, message: 'audit append failed' });
      span?.end();
      logger.error(
        { err: error, requestId: requestContext.contextValue.requestId, records: records.length },
        'audit trail not written: response withheld',
      );
      if (mutation.committed) withhold(requestContext);
      else failClosed(requestContext, 'the audit trail could not be written');
    }
  }

  /**
   * The statistical-release record of a request that released indicators (src/audit/statistical-releases.ts), written
   * before the response is sent; fail closed like the access records.
   */
  async function writeRelease(requestContext: RequestContext): Promise<void> {
    const context = requestContext.contextValue;
    const indicatorIds = statisticalReleaseOf(context);
    if (indicatorIds.length === 0) return;
    const body = requestContext.response.body;
    if (body?.kind !== 'single' || body.singleResult.data === null || body.singleResult.data === undefined) return;
    if (body.singleResult.errors?.some(isSourceUnavailable)) return;
    const base = recordBase(requestContext);
    try {
      await appendStatisticalRelease(context.db, {
        requestId: base.requestId,
        clientSub: base.clientSub,
        clientOrg: base.clientOrg,
        actingUser: base.actingUser,
        indicatorIds,
      });
    } catch (error) {
      logger.error({ err: error, requestId: context.requestId }, 'statistical release not recorded: response withheld');
      failClosed(requestContext, 'the statistical release could not be recorded');
    }
  }

  /**
   * A mutation committed but the records of other citizens its payload revealed could not be written: the payload is
   * withheld, and the answer must not invite a blind retry (the write happened). HTTP 200, `committed: true`.
   */
  function withhold(requestContext: RequestContext): void {
    requestContext.response.body = {
      kind: 'single',
      singleResult: {
        data: null,
        errors: [
          {
            message:
              'The mutation was committed, but its result was withheld: the audit trail could not be written. ' +
              'Do not send it as a new request; repeat it with the same Idempotency-Key to read the result.',
            extensions: { code: 'AUDIT_UNAVAILABLE' satisfies ErrorCode, committed: true },
          },
        ],
      },
    };
    if (requestContext.response.http !== undefined) requestContext.response.http.status = 200;
  }

  /** Replaces the response with one error of `code` (its catalogue status): nothing of the data is sent. */
  function withholdWith(requestContext: RequestContext, code: ErrorCode, message: string): void {
    const { response } = requestContext;
    response.body = { kind: 'single', singleResult: { errors: [{ message, extensions: { code } }] } };
    setErrorHead(response.http, code);
  }

  function failClosed(requestContext: RequestContext, why: string): void {
    const { response } = requestContext;
    response.body = {
      kind: 'single',
      singleResult: {
        errors: [
          {
            message: `The data was not sent: ${why}. Retry later.`,
            // Nothing was written: for a mutation, retrying is safe (the extension says so explicitly).
            extensions: {
              code: 'AUDIT_UNAVAILABLE' satisfies ErrorCode,
              ...(requestContext.operation?.operation === 'mutation' ? { committed: false } : {}),
            },
          },
        ],
      },
    };
    setErrorHead(response.http, 'AUDIT_UNAVAILABLE');
  }

  return {
    async requestDidStart(started) {
      const { contextValue } = started;
      const collector = beginCollecting(contextValue);
      beginMutationAudit(contextValue, { auditLog, base: () => recordBase(started) });
      let written = false;
      let executed = false;
      const once = async (requestContext: RequestContext) => {
        if (written) return;
        written = true;
        // A break-glass request refused before execution read nothing: its refusal is a security event instead.
        if (executed && !(await recordBreakGlass(requestContext, collector))) return;
        await write(requestContext, collector);
        await writeRelease(requestContext);
        if (mutationAuditOf(contextValue).committed) {
          // Seal the mutations' records into this writer's chain now, so the access log shows them at once; if this
          // fails they stay in the outbox (committed with the write) and the writer retries with backoff.
          await auditLog.sealPending().catch((error: unknown) => {
            logger.warn({ err: error, requestId: contextValue.requestId }, 'audit: sealing pending records failed');
          });
        }
      };
      return {
        async executionDidStart(requestContext) {
          executed = true;
          return {
            async executionDidEnd(error) {
              // A failed execution answers with errors only (sendErrorResponse): willSendResponse writes then.
              if (error === undefined) await once(requestContext);
            },
          };
        },
        async willSendResponse(requestContext) {
          await once(requestContext);
        },
      };
    },
  };
}

/**
 * Whether a committed mutation's records already cover every field this record names, EXACTLY: a field the collector
 * saw denied (`!Type.field`) is covered only by a mutation record that lists it denied too, so a record saying
 * PARTIAL is never dropped in favour of one saying GRANTED for the same field.
 */
function coveredBy(covered: ReadonlyMap<string, Set<string>>, record: AccessRecordInput): boolean {
  const fields = covered.get(record.personalId);
  if (fields === undefined) return false;
  return record.fields.every((field) => fields.has(field));
}
