/**
 * The tourism sector's write side (schema/tourism.graphql): an accommodation establishment declares its
 * guests' stays (thông báo lưu trú, Law on Residence 2020 art. 30) and their check-outs.
 *
 * Binding: the token's `org` is the establishment's licence number (tourism.establishment.licence_no). Only such a
 * token writes stays, for that establishment only. A token with the write scope whose org is not a licence number
 * (the tourism department's, SDL37) is refused (FORBIDDEN): least privilege, an authority reads the declarations,
 * the establishment makes them. The optional `establishmentId` / `licenceNo` inputs are a client's check, never a
 * way to write for another establishment.
 */
import type { GatewayContext } from '../../context.ts';
import type { DatabaseTransaction } from '../../db/database.ts';
import type { CheckOutInput, DeclareStayInput, Resolvers } from '../../generated/graphql.ts';
import { toGlobalId } from '../../lib/global-id.ts';
import {
  checkCitizens,
  conflict,
  forbidden,
  InputProblems,
  integerKeyOf,
  invalidInputOf,
  isFutureInstant,
  normaliseInstant,
} from '../../lib/input.ts';
import { runMutation } from '../../lib/mutation.ts';
import { STAY_COLUMNS } from './loaders.ts';
import type { DeclareStayPayloadModel, GuestStayModel } from './mappers.ts';

const PASSPORT_NO = /^[A-Z0-9]{5,20}$/;
const NATIONALITY = /^[A-Z]{3}$/;
const VIETNAM = 'VNM';

interface CallerEstablishment {
  id: number;
  licenceNo: string;
}

/** The establishment whose licence number is the token's `org`; else FORBIDDEN. */
async function callerEstablishment(tx: DatabaseTransaction, ctx: GatewayContext): Promise<CallerEstablishment> {
  const org = ctx.principal.org;
  const rows =
    org === undefined
      ? []
      : await tx.query<CallerEstablishment>(
          `SELECT id, licence_no AS "licenceNo" FROM tourism.establishment WHERE licence_no = $1`,
          [org],
        );
  const establishment = rows[0];
  if (establishment === undefined) {
    throw forbidden(
      `Guest stays are declared by an accommodation establishment for itself: this token's org (${org ?? 'none'}) is not the licence number of an establishment`,
    );
  }
  return establishment;
}

async function readStay(tx: DatabaseTransaction, id: number): Promise<GuestStayModel> {
  const [row] = await tx.query<GuestStayModel>(`SELECT ${STAY_COLUMNS} FROM tourism.guest_stay t WHERE t.id = $1`, [
    id,
  ]);
  return row as GuestStayModel;
}

/** The guest columns: a Vietnamese guest by personal ID, a foreign guest by passport and nationality. */
function checkGuest(
  problems: InputProblems,
  input: DeclareStayInput,
): { personalId: string | null; passportNo: string | null; nationality: string } {
  const personalId = input.guestPersonalId ?? null;
  const passportNo = input.passportNo ?? null;
  const nationality = input.nationality ?? null;
  if ((personalId === null) === (passportNo === null)) {
    problems.add(
      'input.guestPersonalId',
      'give exactly one of guestPersonalId (Vietnamese guest) and passportNo (foreign guest)',
    );
    return { personalId, passportNo, nationality: nationality ?? VIETNAM };
  }
  if (personalId !== null) {
    if (nationality !== null && nationality !== VIETNAM) {
      problems.add('input.nationality', `a guest declared by personal ID is Vietnamese (${VIETNAM}); omit it`);
    }
    return { personalId, passportNo: null, nationality: VIETNAM };
  }
  if (!PASSPORT_NO.test(passportNo as string))
    problems.add('input.passportNo', 'must be 5-20 capital letters or digits');
  if (nationality === null) problems.add('input.nationality', 'required with passportNo (ISO 3166-1 alpha-3)');
  else if (!NATIONALITY.test(nationality))
    problems.add('input.nationality', 'must be an ISO 3166-1 alpha-3 code, e.g. KOR');
  return { personalId: null, passportNo, nationality: nationality ?? '' };
}

async function declareStay(ctx: GatewayContext, input: DeclareStayInput): Promise<DeclareStayPayloadModel> {
  const problems = new InputProblems();
  const guest = checkGuest(problems, input);
  const establishmentKey =
    input.establishmentId === null || input.establishmentId === undefined
      ? undefined
      : integerKeyOf(input.establishmentId, 'Establishment');
  if (input.establishmentId !== null && input.establishmentId !== undefined && establishmentKey === undefined) {
    problems.add('input.establishmentId', 'not the ID of an Establishment');
  }
  if (isFutureInstant(input.checkInAt)) problems.add('input.checkInAt', 'is in the future');
  if (Date.parse(input.expectedCheckOutAt) <= Date.parse(input.checkInAt)) {
    problems.add('input.expectedCheckOutAt', 'must be after input.checkInAt');
  }

  return runMutation({ ctx, mutation: 'declareStay', input }, async (tx) => {
    const establishment = await callerEstablishment(tx, ctx);
    if (establishmentKey !== undefined && establishmentKey !== establishment.id) {
      throw forbidden('An establishment declares stays for itself only', 'input.establishmentId');
    }
    if (input.licenceNo !== null && input.licenceNo !== undefined && input.licenceNo !== establishment.licenceNo) {
      throw forbidden('An establishment declares stays for itself only', 'input.licenceNo');
    }
    if (guest.personalId !== null) {
      await checkCitizens(tx, problems, [{ field: 'input.guestPersonalId', personalId: guest.personalId }]);
    }
    problems.throwIfAny();
    const [inserted] = await tx.query<{ id: number }>(
      `INSERT INTO tourism.guest_stay (establishment_id, guest_personal_id, passport_no, nationality, check_in_at,
         expected_check_out_at, declared_at, channel)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7::tourism."DeclarationChannel") RETURNING id`,
      [
        establishment.id,
        guest.personalId,
        guest.passportNo,
        guest.nationality,
        normaliseInstant(input.checkInAt),
        normaliseInstant(input.expectedCheckOutAt),
        input.channel,
      ],
    );
    return { guestPersonalId: guest.personalId, stay: await readStay(tx, (inserted as { id: number }).id) };
  });
}

async function checkOut(ctx: GatewayContext, input: CheckOutInput): Promise<DeclareStayPayloadModel> {
  const problems = new InputProblems();
  const stayId = integerKeyOf(input.stayId, 'GuestStay');
  if (stayId === undefined) problems.add('input.stayId', 'not the ID of a GuestStay');
  if (isFutureInstant(input.at)) problems.add('input.at', 'is in the future');
  if (stayId === undefined) problems.throwIfAny(); // nothing to look up
  return runMutation({ ctx, mutation: 'checkOut', input }, async (tx) => {
    const establishment = await callerEstablishment(tx, ctx);
    const [stay] = await tx.query<{ establishmentId: number; checkInAt: string; checkedOut: boolean }>(
      `SELECT establishment_id AS "establishmentId",
         to_char(check_in_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "checkInAt",
         actual_check_out_at IS NOT NULL AS "checkedOut"
       FROM tourism.guest_stay WHERE id = $1 FOR UPDATE`,
      [stayId],
    );
    if (stay === undefined) {
      problems.add('input.stayId', 'no stay with this ID');
      throw invalidInputOf(problems);
    }
    if (stay.establishmentId !== establishment.id) {
      throw forbidden(
        'The stay was declared by another establishment; an establishment writes only its own',
        'input.stayId',
      );
    }
    if (stay.checkedOut) throw conflict('The guest has already checked out of this stay', 'input.stayId');
    if (Date.parse(input.at) <= Date.parse(stay.checkInAt)) {
      problems.add('input.at', `must be after the check-in (${stay.checkInAt})`);
    }
    problems.throwIfAny();
    await tx.query(`UPDATE tourism.guest_stay SET actual_check_out_at = $2 WHERE id = $1`, [
      stayId,
      normaliseInstant(input.at),
    ]);
    const model = await readStay(tx, stayId as number);
    return { guestPersonalId: model.guestPersonalId, stay: model };
  });
}

const stayGlobalId = (payload: DeclareStayPayloadModel) => toGlobalId('GuestStay', payload.stay.id);

export const tourismWriteResolvers: Resolvers = {
  Mutation: {
    declareStay: (_parent, { input }, ctx) => declareStay(ctx, input),
    checkOut: (_parent, { input }, ctx) => checkOut(ctx, input),
  },
  DeclareStayPayload: { stayId: stayGlobalId },
  CheckOutPayload: { stayId: stayGlobalId },
};
