/**
 * How every write mutation runs (docs/ARCHITECTURE.md §11): one transaction per mutation, and idempotent retries.
 *
 * Idempotency: the key comes from the `Idempotency-Key` header (GatewayContext.idempotencyKey) or the mutation's
 * `idempotencyKey` input field (both sent: they must be equal). It is scoped to the client (`sub`) and the mutation
 * name, and stored with the SHA-256 of the request (the mutation name and its input, canonical JSON without the key)
 * and the first response (the payload model as JSON). Inside the mutation's transaction, FIRST:
 *
 *   INSERT INTO core.idempotency_key (...) VALUES (...) ON CONFLICT DO NOTHING RETURNING true
 *
 *   - inserted: this request is the first; the mutation runs and its payload is stored in the same transaction, so the
 *     write and the key commit (or roll back) together;
 *   - not inserted: the key was committed before. A concurrent first request holding the key blocks this INSERT on the
 *     primary key until it ends (PostgreSQL; PGlite runs transactions one at a time), so the row read next is a
 *     committed one: same request hash → its stored payload is returned and nothing is written; another hash →
 *     IDEMPOTENCY_KEY_REUSED (HTTP 422). Had the first rolled back, this INSERT succeeds and this request runs.
 *
 * A rejected mutation (bad input, conflict) rolls back its key too: the client may fix the input and retry with it.
 * In production the key is required (IDEMPOTENCY_KEY_REQUIRED, HTTP 400): only with it is a retry after a lost answer
 * safe. The mutation's audit record is written in the same transaction (src/audit/mutation-audit.ts), so it commits
 * or rolls back with the write.
 * The stored payload is replayed as it was written (the nested objects a client selects are read when it asks), or as
 * the mutation's `replayed` says (a batch: every entry EXISTING, nothing written by the retry).
 */
import crypto from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { DatabaseTransaction } from '../db/database.ts';
import { mutationCommitted, recordMutationAudit } from '../audit/mutation-audit.ts';
import { gatewayError } from '../errors/catalogue.ts';
import { invalidInput, violatedUniqueConstraint, type InputProblem } from './input.ts';

/** A key: 1-255 visible ASCII characters (a UUID is the usual choice). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface MutationRequest {
  readonly ctx: GatewayContext;
  /** The Mutation field (the key is scoped to the client and this name). */
  readonly mutation: string;
  /** The field's arguments (usually its `input`): hashed, and read for an `idempotencyKey` member. */
  readonly input: object;
  /** Path reported for a bad `idempotencyKey` member (default `input.idempotencyKey`). */
  readonly keyField?: string;
  /**
   * Errors for unique constraints a concurrent request may violate although the checks passed (a race): constraint or
   * index name → the error to report instead of a masked internal error.
   */
  readonly onUniqueViolation?: Readonly<Record<string, () => GraphQLError>>;
}

export interface MutationOptions<Payload> extends MutationRequest {
  /**
   * Completes a payload stored for an idempotent retry by an earlier version, before it is recorded and replayed
   * (e.g. audit subjects derived from the rest of the payload, added to the model later).
   */
  readonly restore?: (stored: Payload) => Payload;
  /**
   * The answer to a retry, from the stored payload (after `restore`): default the payload itself. A batch answers
   * that this request wrote nothing (its entries EXISTING), which is true of a retry.
   */
  readonly replayed?: (stored: Payload) => Payload;
}

/**
 * Runs `work` in one transaction with the request's idempotency key (if any). `work` checks the input against the
 * database, then writes, through `tx` only (on PGlite a statement outside the transaction would wait for it), and
 * returns the payload model. The model must be plain JSON data (numbers, strings, booleans, null, arrays, objects):
 * a retry gets it back from the stored JSON.
 */
export async function runMutation<Payload>(
  request: MutationOptions<Payload>,
  work: (tx: DatabaseTransaction) => Promise<Payload>,
): Promise<Payload> {
  const { ctx, mutation, input } = request;
  const key = idempotencyKeyOf(ctx, input, request.keyField ?? 'input.idempotencyKey');
  if (key === undefined && !ctx.developmentMode) {
    // Without a key a client that lost the answer cannot tell whether the write happened: a blind retry could write
    // twice (a second payment). Optional in development, for trying things out.
    throw gatewayError(
      'IDEMPOTENCY_KEY_REQUIRED',
      `${mutation} needs an Idempotency-Key header (or input.idempotencyKey): a new key, e.g. a UUID, per new request`,
    );
  }
  const requestHash = key === undefined ? '' : hashRequest(mutation, input);
  const client = ctx.principal.sub;
  try {
    const result = await ctx.db.transaction(async (tx) => {
      if (key !== undefined) {
        const inserted = await tx.query(
          `INSERT INTO core.idempotency_key (client_sub, mutation, key, request_hash) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING true AS inserted`,
          [client, mutation, key, requestHash],
        );
        if (inserted.length === 0) {
          const stored = await replay<Payload>(tx, client, mutation, key, requestHash);
          const restored = request.restore === undefined ? stored : request.restore(stored);
          // The stored result is released again: recorded like the first time.
          await recordMutationAudit(ctx, tx, restored);
          return request.replayed === undefined ? restored : request.replayed(restored);
        }
      }
      const payload = await work(tx);
      if (key !== undefined) {
        await tx.query(
          `UPDATE core.idempotency_key SET response = $4::jsonb WHERE client_sub = $1 AND mutation = $2 AND key = $3`,
          [client, mutation, key, JSON.stringify(payload)],
        );
      }
      // The audit record commits (or rolls back) with the write (docs/ARCHITECTURE.md §6).
      await recordMutationAudit(ctx, tx, payload);
      return payload;
    });
    mutationCommitted(ctx);
    return result;
  } catch (error) {
    const constraint = violatedUniqueConstraint(error);
    const mapped = constraint === undefined ? undefined : request.onUniqueViolation?.[constraint];
    if (mapped !== undefined) throw mapped();
    // Any other unique key (e.g. the natural keys the bulk import relies on): the record exists already.
    if (constraint !== undefined) {
      throw gatewayError('CONFLICT', 'A record with the same identifying fields already exists');
    }
    throw error;
  }
}

async function replay<Payload>(
  tx: DatabaseTransaction,
  client: string,
  mutation: string,
  key: string,
  requestHash: string,
): Promise<Payload> {
  const [stored] = await tx.query<{ requestHash: string; response: unknown }>(
    `SELECT request_hash AS "requestHash", response FROM core.idempotency_key
     WHERE client_sub = $1 AND mutation = $2 AND key = $3`,
    [client, mutation, key],
  );
  if (stored === undefined || stored.response === null) {
    // Not reachable: a committed key always has its response. Fail without writing rather than guess.
    throw gatewayError('CONFLICT', 'The idempotency key is in use by another request; retry later');
  }
  if (stored.requestHash !== requestHash) {
    throw gatewayError(
      'IDEMPOTENCY_KEY_REUSED',
      `The idempotency key was already used for a different ${mutation} request; use a new key for a new request`,
    );
  }
  // JSON written by runMutation from a Payload (see its contract).
  return (typeof stored.response === 'string' ? JSON.parse(stored.response) : stored.response) as Payload;
}

/** The request's key: the header or the input field (equal when both are given); undefined without one. */
function idempotencyKeyOf(ctx: GatewayContext, input: object, keyField: string): string | undefined {
  const header = ctx.idempotencyKey;
  const member = (input as { idempotencyKey?: unknown }).idempotencyKey;
  const field = typeof member === 'string' ? member : undefined;
  const problems: InputProblem[] = [];
  if (header !== undefined && !IDEMPOTENCY_KEY.test(header)) {
    problems.push({ field: 'Idempotency-Key', reason: 'the header must be 1-255 visible ASCII characters' });
  }
  if (field !== undefined && !IDEMPOTENCY_KEY.test(field)) {
    problems.push({ field: keyField, reason: 'must be 1-255 visible ASCII characters' });
  }
  if (problems.length === 0 && header !== undefined && field !== undefined && header !== field) {
    problems.push({ field: keyField, reason: 'differs from the Idempotency-Key header; send one key' });
  }
  if (problems.length > 0) throw invalidInput(problems);
  return header ?? field;
}

/** SHA-256 of the mutation name and its input (keys sorted, nulls and the idempotency key left out). */
export function hashRequest(mutation: string, input: object): string {
  const { idempotencyKey: _key, ...rest } = input as Record<string, unknown>;
  return crypto
    .createHash('sha256')
    .update(canonicalJson({ mutation, input: rest }))
    .digest('hex');
}

/** JSON with object keys sorted and null/undefined members dropped (an omitted field equals an explicit null). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== null && member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
