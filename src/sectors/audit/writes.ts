/**
 * An auditor's review of a break-glass request (Mutation.reviewBreakGlass, docs/ARCHITECTURE.md §6), in one
 * transaction: lock the review row, refuse one already decided (BREAK_GLASS_ALREADY_REVIEWED: one review per
 * request), record the verdict, the reviewing client and official (X-User-Id, required: a decision names who took
 * it) and the note. The payload names the patients concerned, so the decision is recorded in each one's access log
 * in the same transaction (src/audit/mutation-audit.ts).
 */
import { decideBreakGlassReview, lockBreakGlassReview, type BreakGlassReviewRow } from '../../audit/break-glass.ts';
import type { GatewayContext } from '../../context.ts';
import { gatewayError } from '../../errors/catalogue.ts';
import type { BreakGlassVerdict } from '../../generated/graphql.ts';
import { InputProblems, invalidInput, textProblem } from '../../lib/input.ts';
import { runMutation } from '../../lib/mutation.ts';
import type { ReviewBreakGlassPayloadModel } from './mappers.ts';

export const MAX_REVIEW_NOTE_LENGTH = 2000;

export interface ReviewBreakGlassArgs {
  id: string;
  verdict: BreakGlassVerdict;
  note?: string | null;
}

function alreadyReviewed(review: BreakGlassReviewRow) {
  return gatewayError(
    'BREAK_GLASS_ALREADY_REVIEWED',
    `The break-glass request was already reviewed (${review.status} at ${review.reviewedAt ?? 'an unknown time'}); ` +
      'it is reviewed once',
    { field: 'id', status: review.status },
  );
}

export async function reviewBreakGlass(
  ctx: GatewayContext,
  args: ReviewBreakGlassArgs,
): Promise<ReviewBreakGlassPayloadModel> {
  const problems = new InputProblems();
  if (!/^[1-9]\d{0,18}$/.test(args.id)) problems.add('id', 'not the ID of a break-glass review');
  const note = args.note == null ? null : args.note.trim();
  if (args.note != null) {
    const problem = textProblem(args.note, MAX_REVIEW_NOTE_LENGTH, { multiline: true });
    if (problem !== undefined) problems.add('note', problem);
  }
  const actingUser = ctx.actingUser?.trim() ?? '';
  if (actingUser === '') problems.add('X-User-Id', 'name the reviewing auditor in the X-User-Id header');
  problems.throwIfAny();

  const input = { ...args, idempotencyKey: undefined };
  return runMutation({ ctx, mutation: 'reviewBreakGlass', input }, async (tx) => {
    const review = await lockBreakGlassReview(tx, args.id);
    if (review === null) throw invalidInput([{ field: 'id', reason: 'no break-glass review has this ID' }]);
    if (review.status !== 'PENDING') throw alreadyReviewed(review);
    const decided = await decideBreakGlassReview(tx, args.id, {
      verdict: args.verdict,
      reviewerSub: ctx.principal.sub,
      reviewerUser: actingUser,
      note,
    });
    if (decided === null) throw alreadyReviewed(review);
    return { review: decided, patientPersonalIds: decided.patientPersonalIds };
  });
}
