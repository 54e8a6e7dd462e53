/**
 * Resolution of an identity conflict (Mutation.resolveIdentityConflict), in one transaction:
 *
 *   1. lock the conflict (FOR UPDATE): two officials resolving it at once are serialised, the second gets
 *      CONFLICT_ALREADY_RESOLVED;
 *   2. check what is kept against the claims as they are now (the current, not superseded, rows);
 *   3. mark the rejected claims superseded (superseded_at, superseded_by_conflict): kept, never deleted, they no
 *      longer resolve;
 *   4. record the resolution: client `sub` and `org`, acting official (X-User-Id), reason, time, what was kept;
 *   5. resolve the other OPEN conflicts that step 3 made unambiguous (a borrowed value is usually both a shared value
 *      and the borrower's second value), recorded as resolved together with this one, by the same official.
 */
import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../../context.ts';
import type { DatabaseTransaction } from '../../db/database.ts';
import { gatewayError } from '../../errors/catalogue.ts';
import { InputProblems, integerKeyOf, invalidInput, textProblem } from '../../lib/input.ts';
import { runMutation } from '../../lib/mutation.ts';
import { toGlobalId } from '../../lib/global-id.ts';
import { baseSql, normaliseIdentifier, ONE_PER_CITIZEN } from './formats.ts';
import { CONFLICT_COLUMNS } from './loaders.ts';
import type { IdentityConflictModel } from './mappers.ts';

export const MAX_RESOLUTION_LENGTH = 2000;

/** The conflict being resolved, with what its claims are looked up by. */
interface LockedConflict extends IdentityConflictModel {
  /** SHARED_VALUE: the shared value; MULTIPLE_VALUES: null. */
  value: string | null;
  personalIds: string[];
}

interface SupersededRow {
  kind: string;
  value: string;
  personalId: string;
}

export interface ResolveConflictArgs {
  id: string;
  keepPersonalId?: string | null;
  keepValue?: string | null;
  resolution: string;
}

function alreadyResolved(conflict: IdentityConflictModel): GraphQLError {
  return gatewayError(
    'CONFLICT_ALREADY_RESOLVED',
    `The identity conflict was already resolved at ${conflict.resolvedAt ?? 'an unknown time'}; it cannot be resolved again`,
    { field: 'id', resolvedAt: conflict.resolvedAt },
  );
}

export async function resolveIdentityConflict(
  ctx: GatewayContext,
  args: ResolveConflictArgs,
): Promise<IdentityConflictModel> {
  const problems = new InputProblems();
  const id = integerKeyOf(args.id, 'IdentityConflict');
  if (id === undefined) problems.add('id', 'not the ID of an IdentityConflict');
  const reasonProblem = textProblem(args.resolution, MAX_RESOLUTION_LENGTH, { multiline: true });
  if (reasonProblem !== undefined) problems.add('resolution', reasonProblem);
  const keepPersonalId = args.keepPersonalId ?? null;
  const keepValueRaw = args.keepValue ?? null;
  if (keepPersonalId !== null && keepValueRaw !== null) {
    problems.add('keepValue', 'give at most one of keepPersonalId (SHARED_VALUE) and keepValue (MULTIPLE_VALUES)');
  }
  // A decision that changes how an identity resolves for every sector names the official who took it.
  const actingUser = ctx.actingUser?.trim() ?? '';
  if (actingUser === '') {
    problems.add('X-User-Id', 'name the official resolving the conflict in the X-User-Id header');
  }
  problems.throwIfAny();
  const conflictId = id as number;
  const resolution = args.resolution.trim();

  // The key comes from the Idempotency-Key header only (no input object); the arguments are the request hashed.
  const input = { ...args, idempotencyKey: undefined };
  return runMutation({ ctx, mutation: 'resolveIdentityConflict', input }, async (tx) => {
    const [conflict] = await tx.query<LockedConflict>(
      `SELECT ${CONFLICT_COLUMNS}, c.value, c.personal_ids AS "personalIds"
       FROM core.identity_conflict c WHERE c.id = $1 FOR UPDATE`,
      [conflictId],
    );
    if (conflict === undefined) throw invalidInput([{ field: 'id', reason: 'no identity conflict has this ID' }]);
    if (conflict.status === 'RESOLVED') throw alreadyResolved(conflict);

    // The claims as they are now (FOR UPDATE: a concurrent write to them waits for this decision).
    const claims = await currentClaims(tx, conflict);
    let keptPersonalId: string | null = null;
    let keptValue: string | null = null;
    if (conflict.type === 'SHARED_VALUE') {
      if (keepValueRaw !== null) {
        problems.add('keepValue', 'a SHARED_VALUE conflict keeps a citizen: use keepPersonalId');
      } else if (keepPersonalId !== null) {
        if (claims.some((claim) => claim.personalId === keepPersonalId)) keptPersonalId = keepPersonalId;
        else
          problems.add(
            'keepPersonalId',
            "is not a current claimant of the conflict's value (use the current personal ID)",
          );
      }
    } else {
      const baseOf = ONE_PER_CITIZEN[conflict.kind];
      if (keepPersonalId !== null) {
        problems.add('keepPersonalId', 'a MULTIPLE_VALUES conflict keeps a value: use keepValue');
      } else if (keepValueRaw !== null) {
        const normalised = normaliseIdentifier(conflict.kind, keepValueRaw);
        if (normalised.problem !== undefined) problems.add('keepValue', normalised.problem);
        else if (baseOf === undefined || !claims.some((claim) => claim.value === normalised.value)) {
          problems.add('keepValue', "is not one of the citizen's current values of this kind");
        } else keptValue = normalised.value;
      }
    }
    problems.throwIfAny();

    // Supersede the rejected claims.
    let superseded: SupersededRow[] = [];
    if (keptPersonalId !== null) {
      superseded = await tx.query<SupersededRow>(
        `UPDATE core.legacy_identifier SET superseded_at = now(), superseded_by_conflict = $1
         WHERE kind = $2::text::core."LegacyIdentifierKind" AND value = $3 AND personal_id <> $4 AND superseded_at IS NULL
         RETURNING kind::text AS kind, value, personal_id AS "personalId"`,
        [conflictId, conflict.kind, conflict.value, keptPersonalId],
      );
    } else if (keptValue !== null) {
      const holder = claims[0]?.personalId;
      superseded = await tx.query<SupersededRow>(
        `UPDATE core.legacy_identifier l SET superseded_at = now(), superseded_by_conflict = $1
         WHERE l.kind = $2::text::core."LegacyIdentifierKind" AND l.personal_id = $3 AND l.superseded_at IS NULL
           AND ${baseSql('l')} <> (CASE WHEN l.kind = 'TAX_CODE' THEN left($4::text, 10) ELSE $4::text END)
         RETURNING l.kind::text AS kind, l.value, l.personal_id AS "personalId"`,
        [conflictId, conflict.kind, holder, keptValue],
      );
    }

    const [resolved] = await tx.query<IdentityConflictModel>(
      `UPDATE core.identity_conflict c SET status = 'RESOLVED', resolved_at = now(), resolved_by = $2,
         resolved_by_org = $3, resolved_by_user = $4, resolution = $5, kept_personal_id = $6, kept_value = $7
       WHERE c.id = $1
       RETURNING ${CONFLICT_COLUMNS}`,
      [conflictId, ctx.principal.sub, ctx.principal.org ?? null, actingUser, resolution, keptPersonalId, keptValue],
    );

    if (superseded.length > 0) {
      await tx.query(
        `WITH touched AS (
           SELECT DISTINCT kind::core."LegacyIdentifierKind" AS kind, value, personal_id
           FROM unnest($7::text[], $8::text[], $9::text[]) AS t(kind, value, personal_id)
         )
         UPDATE core.identity_conflict c SET status = 'RESOLVED', resolved_at = now(), resolved_by = $2,
           resolved_by_org = $3, resolved_by_user = $4,
           resolution = format('Resolved together with identity conflict %s (no longer ambiguous): %s', $5::text, $6::text)
         WHERE c.status = 'OPEN' AND c.id <> $1 AND (
           (c.type = 'SHARED_VALUE'
             AND EXISTS (SELECT 1 FROM touched t WHERE t.kind = c.kind AND t.value = c.value)
             AND (SELECT count(*) FROM core.legacy_identifier l
                  WHERE l.kind = c.kind AND l.value = c.value AND l.superseded_at IS NULL) < 2)
           OR (c.type = 'MULTIPLE_VALUES'
             AND EXISTS (SELECT 1 FROM touched t WHERE t.kind = c.kind AND t.personal_id = c.personal_ids[1])
             AND (SELECT count(DISTINCT ${baseSql('l')}) FROM core.legacy_identifier l
                  WHERE l.kind = c.kind AND l.personal_id = c.personal_ids[1]::char(12) AND l.superseded_at IS NULL) < 2)
         )`,
        [
          conflictId,
          ctx.principal.sub,
          ctx.principal.org ?? null,
          actingUser,
          toGlobalId('IdentityConflict', conflictId),
          resolution,
          superseded.map((row) => row.kind),
          superseded.map((row) => row.value),
          superseded.map((row) => row.personalId),
        ],
      );
    }
    return resolved as IdentityConflictModel;
  });
}

/** The current (not superseded) rows a conflict is about, locked. */
async function currentClaims(
  tx: DatabaseTransaction,
  conflict: LockedConflict,
): Promise<{ personalId: string; value: string }[]> {
  if (conflict.type === 'SHARED_VALUE') {
    return tx.query(
      `SELECT personal_id AS "personalId", value FROM core.legacy_identifier
       WHERE kind = $1::text::core."LegacyIdentifierKind" AND value = $2 AND superseded_at IS NULL
       ORDER BY personal_id FOR UPDATE`,
      [conflict.kind, conflict.value],
    );
  }
  return tx.query(
    `SELECT l.personal_id AS "personalId", l.value FROM core.legacy_identifier l
     WHERE l.kind = $1::text::core."LegacyIdentifierKind" AND l.superseded_at IS NULL
       AND l.personal_id = coalesce(
         (SELECT p.personal_id FROM core.previous_personal_id p WHERE p.previous_id = $2::char(12)), $2::char(12))
     ORDER BY l.value FOR UPDATE`,
    [conflict.kind, conflict.personalIds[0]],
  );
}
