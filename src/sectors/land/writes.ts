/**
 * The land sector's write side (schema/land.graphql): the land registration office submits land changes and
 * registers or rejects them. Status moves only from PENDING, once (CONFLICT otherwise).
 *
 * Rights model (the seed's): an ownership change (EXCHANGE, TRANSFER, INHERITANCE, GIFT, CAPITAL_CONTRIBUTION) ends
 * the rights of its FROM parties on the registration date and gives each TO party a right with its share and the new
 * certificate serial. A FROM holder keeping part of the parcel is also a TO party (a new right for the share kept).
 * After the change the parcel's current shares must sum to exactly 100%: checked on submission (BAD_USER_INPUT), again
 * on registration against the rights as they are then (CONFLICT: another change may have been registered meanwhile),
 * and once more on the rows written, inside the same transaction. The other change types are registered without
 * touching the rights (a mortgage, lease, subdivision, merger, purpose or holder-information change keeps the
 * holders; subdivision and merger geometry is not modelled). Shares are handled as whole hundredths, never floats.
 *
 * Registration locks the change row and the parcel row (FOR UPDATE), so two registrations on one parcel run one after
 * the other and the second sees the rights the first left.
 */
import type { GatewayContext } from '../../context.ts';
import type { DatabaseTransaction } from '../../db/database.ts';
import type {
  LandChangePartyInput,
  LandChangeType,
  RegisterLandChangeInput,
  RejectLandChangeInput,
  Resolvers,
  SubmitLandChangeInput,
} from '../../generated/graphql.ts';
import { toGlobalId } from '../../lib/global-id.ts';
import {
  checkCitizens,
  COMMUNE_CODE,
  conflict,
  formatHundredths,
  InputProblems,
  integerKeyOf,
  invalidInputOf,
  isFutureDate,
  parseSharePercent,
  textProblem,
  vietnamToday,
  type InputProblem,
} from '../../lib/input.ts';
import { runMutation } from '../../lib/mutation.ts';
import { CHANGE_COLUMNS, CURRENT_RIGHT, RIGHT_COLUMNS } from './loaders.ts';
import type {
  LandChangeModel,
  LandRightModel,
  RegisterLandChangePayloadModel,
  SubmitLandChangePayloadModel,
} from './mappers.ts';

/** Changes that move the right to use the land to other holders. */
export const OWNERSHIP_CHANGES: ReadonlySet<LandChangeType> = new Set<LandChangeType>([
  'EXCHANGE',
  'TRANSFER',
  'INHERITANCE',
  'GIFT',
  'CAPITAL_CONTRIBUTION',
]);

const MAX_PARTIES = 20;
const FULL_SHARE = 10_000; // 100.00 % in hundredths
/** Series letters of the certificates this gateway issues (`DE 000001`...), numbered by land.certificate_serial_seq. */
const CERTIFICATE_SERIES = 'DE';

type Role = 'FROM' | 'TO';

interface Party {
  role: Role;
  personalId: string | null;
  organisation: string | null;
  /** Hundredths of a percent; null when not given. */
  share: number | null;
  /** Input path of the party (`input.to[1]`), or a description on registration. */
  field: string;
}

interface CurrentRight {
  id: number;
  holderPersonalId: string | null;
  holderOrganisation: string | null;
  share: number;
  since: string;
}

const holderKey = (personalId: string | null, organisation: string | null) =>
  personalId !== null ? `citizen ${personalId}` : `organisation "${organisation ?? ''}"`;

/** Checks the parties of one side (no database); returns them with shares in hundredths. */
function checkParties(problems: InputProblems, inputs: readonly LandChangePartyInput[], role: Role): Party[] {
  const path = `input.${role === 'FROM' ? 'from' : 'to'}`;
  if (inputs.length === 0) problems.add(path, 'at least one party');
  if (inputs.length > MAX_PARTIES) problems.add(path, `at most ${MAX_PARTIES} parties`);
  const seen = new Set<string>();
  return inputs.map((input, index) => {
    const field = `${path}[${index}]`;
    const personalId = input.personalId ?? null;
    const organisation =
      input.organisation === null || input.organisation === undefined ? null : input.organisation.trim();
    if ((personalId === null) === (organisation === null)) {
      problems.add(field, 'give exactly one of personalId and organisation');
    } else if (organisation !== null) {
      const problem = textProblem(organisation, 300);
      if (problem !== undefined) problems.add(`${field}.organisation`, problem);
    }
    let share: number | null = null;
    if (input.sharePercent !== null && input.sharePercent !== undefined) {
      share = parseSharePercent(input.sharePercent) ?? null;
      if (share === null) {
        problems.add(`${field}.sharePercent`, 'must be more than 0 and at most 100, with at most 2 decimals');
      }
    }
    const key = holderKey(personalId, organisation);
    if (seen.has(key)) problems.add(field, 'the same party is listed twice');
    seen.add(key);
    return { role, personalId, organisation, share, field };
  });
}

async function currentRights(tx: DatabaseTransaction, parcelId: number): Promise<CurrentRight[]> {
  return tx.query<CurrentRight>(
    `SELECT t.id, t.holder_personal_id AS "holderPersonalId", t.holder_organisation AS "holderOrganisation",
       (t.share_percent * 100)::int AS share, to_char(t.since, 'YYYY-MM-DD') AS since
     FROM land.land_right t WHERE t.parcel_id = $1 AND ${CURRENT_RIGHT} ORDER BY t.id`,
    [parcelId],
  );
}

/**
 * What is wrong with applying the parties to the parcel's current rights: the holders' side must hold rights (FROM;
 * TO for a mortgage release, where the bank gives back), and an ownership change must leave exactly 100%.
 */
function rightsProblems(
  type: LandChangeType,
  parties: readonly Party[],
  rights: readonly CurrentRight[],
): InputProblem[] {
  const problems: InputProblem[] = [];
  const rightOf = new Map(rights.map((right) => [holderKey(right.holderPersonalId, right.holderOrganisation), right]));
  const from = parties.filter((p) => p.role === 'FROM');
  const to = parties.filter((p) => p.role === 'TO');
  const holders = type === 'MORTGAGE_RELEASE' ? to : from;
  for (const party of holders) {
    if (!rightOf.has(holderKey(party.personalId, party.organisation))) {
      problems.push({
        field: party.field,
        reason: 'holds no current right on this parcel',
      });
    }
  }
  if (!OWNERSHIP_CHANGES.has(type)) return problems;

  const ending = new Set(from.map((p) => holderKey(p.personalId, p.organisation)));
  for (const party of from) {
    const right = rightOf.get(holderKey(party.personalId, party.organisation));
    if (right !== undefined && party.share !== null && party.share !== right.share) {
      problems.push({
        field: `${party.field}.sharePercent`,
        reason: `the holder's current share is ${formatHundredths(right.share)}%, not ${formatHundredths(party.share)}%`,
      });
    }
  }
  let total = rights
    .filter((r) => !ending.has(holderKey(r.holderPersonalId, r.holderOrganisation)))
    .reduce((sum, r) => sum + r.share, 0);
  for (const party of to) {
    const key = holderKey(party.personalId, party.organisation);
    if (party.share === null) {
      problems.push({
        field: `${party.field}.sharePercent`,
        reason: 'required for a receiving party of an ownership change',
      });
    } else {
      total += party.share;
    }
    if (rightOf.has(key) && !ending.has(key)) {
      problems.push({
        field: party.field,
        reason: 'already holds a right on this parcel that this change does not end; list it in from too',
      });
    }
  }
  if (to.every((p) => p.share !== null) && total !== FULL_SHARE) {
    problems.push({
      field: type === 'MORTGAGE_RELEASE' ? 'input.from' : 'input.to',
      reason: `after the change the parcel's current shares would sum to ${formatHundredths(total)}%, not 100%`,
    });
  }
  return problems;
}

async function readChange(tx: DatabaseTransaction, id: number): Promise<LandChangeModel> {
  const [row] = await tx.query<LandChangeModel>(`SELECT ${CHANGE_COLUMNS} FROM land.land_change t WHERE t.id = $1`, [
    id,
  ]);
  return row as LandChangeModel;
}

async function readRights(tx: DatabaseTransaction, ids: readonly number[]): Promise<LandRightModel[]> {
  if (ids.length === 0) return [];
  return tx.query<LandRightModel>(
    `SELECT ${RIGHT_COLUMNS} FROM land.land_right t WHERE t.id = ANY($1::int[]) ORDER BY t.id`,
    [ids],
  );
}

interface ChangePayload {
  change: LandChangeModel;
  endedRights?: LandRightModel[];
  createdRights?: LandRightModel[];
}

/**
 * The payload's @personal subjects (schema/land.graphql): every citizen party to the change and every citizen holder
 * of the rights it ended or created, so the mutation's audit record, written in its transaction, names each of them
 * whatever the client selects (docs/ARCHITECTURE.md §6). Derived from the payload, so a payload stored for an
 * idempotent retry before this property existed is completed the same way.
 */
function withSubjects<Payload extends ChangePayload>(payload: Payload): Payload & { partyPersonalIds: string[] } {
  const ids = new Set(payload.change.partyPersonalIds);
  for (const right of [...(payload.endedRights ?? []), ...(payload.createdRights ?? [])]) {
    if (right.holderPersonalId !== null) ids.add(right.holderPersonalId);
  }
  return { ...payload, partyPersonalIds: [...ids].sort() };
}

async function submitLandChange(
  ctx: GatewayContext,
  input: SubmitLandChangeInput,
): Promise<SubmitLandChangePayloadModel> {
  const problems = new InputProblems();
  const { communeCode, mapSheetNo, parcelNo } = input.parcel;
  if (!COMMUNE_CODE.test(communeCode)) problems.add('input.parcel.communeCode', 'must be a 5-digit commune code');
  if (mapSheetNo < 1) problems.add('input.parcel.mapSheetNo', 'must be a positive number');
  if (parcelNo < 1) problems.add('input.parcel.parcelNo', 'must be a positive number');
  const parties = [...checkParties(problems, input.from, 'FROM'), ...checkParties(problems, input.to, 'TO')];
  const submittedOn = input.submittedOn ?? vietnamToday();
  if (isFutureDate(submittedOn)) problems.add('input.submittedOn', 'is in the future');

  return runMutation({ ctx, mutation: 'submitLandChange', input, restore: withSubjects }, async (tx) => {
    const [parcel] = await tx.query<{ id: number; communeCode: string }>(
      `SELECT id, commune_code AS "communeCode" FROM land.parcel
       WHERE commune_code = $1 AND map_sheet_no = $2 AND parcel_no = $3`,
      [communeCode, mapSheetNo, parcelNo],
    );
    const ownership = OWNERSHIP_CHANGES.has(input.type);
    await checkCitizens(
      tx,
      problems,
      parties.flatMap((p) =>
        p.personalId === null
          ? []
          : [{ field: `${p.field}.personalId`, personalId: p.personalId, alive: ownership && p.role === 'TO' }],
      ),
    );
    if (parcel === undefined) {
      if (!problems.has('input.parcel')) {
        problems.add('input.parcel', 'no parcel with this commune code, map sheet and parcel number');
      }
    } else if (!problems.has('input.from') && !problems.has('input.to')) {
      // Only with well-formed parties: a share already refused would be reported again as missing.
      for (const problem of rightsProblems(input.type, parties, await currentRights(tx, parcel.id))) {
        problems.add(problem.field, problem.reason);
      }
    }
    problems.throwIfAny();
    const { id: parcelId, communeCode: parcelCommune } = parcel as { id: number; communeCode: string };
    const [change] = await tx.query<{ id: number }>(
      `INSERT INTO land.land_change (parcel_id, commune_code, type, status, submitted_on)
       VALUES ($1, $2, $3::land."LandChangeType", 'PENDING', $4::date) RETURNING id`,
      [parcelId, parcelCommune, input.type, submittedOn],
    );
    const newId = (change as { id: number }).id;
    await tx.query(
      `INSERT INTO land.land_change_party (change_id, role, personal_id, organisation, share_percent)
       SELECT $1, u.role::land."LandChangeRole", u.personal_id, u.organisation, u.share::numeric
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(role, personal_id, organisation, share, n)
       ORDER BY u.n`,
      [
        newId,
        parties.map((p) => p.role),
        parties.map((p) => p.personalId),
        parties.map((p) => p.organisation),
        parties.map((p) => (p.share === null ? null : formatHundredths(p.share))),
      ],
    );
    return withSubjects({ change: await readChange(tx, newId) });
  });
}

interface LockedChange {
  id: number;
  parcelId: number;
  type: LandChangeType;
  status: 'PENDING' | 'REGISTERED' | 'REJECTED';
  submittedOn: string;
}

/** The change, locked; BAD_USER_INPUT when unknown, CONFLICT unless PENDING. */
async function pendingChange(
  tx: DatabaseTransaction,
  problems: InputProblems,
  id: number,
  action: string,
): Promise<LockedChange> {
  const [change] = await tx.query<LockedChange>(
    `SELECT id, parcel_id AS "parcelId", type::text AS type, status::text AS status,
       to_char(submitted_on, 'YYYY-MM-DD') AS "submittedOn"
     FROM land.land_change WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (change === undefined) {
    problems.add('input.id', 'no land change with this ID');
    throw invalidInputOf(problems);
  }
  if (change.status !== 'PENDING') {
    throw conflict(`The land change is ${change.status}; only a PENDING change can be ${action}`, 'input.id');
  }
  return change;
}

function changeKey(problems: InputProblems, id: string): number | undefined {
  const key = integerKeyOf(id, 'LandChange');
  if (key === undefined) problems.add('input.id', 'not the ID of a LandChange');
  return key;
}

async function registerLandChange(
  ctx: GatewayContext,
  input: RegisterLandChangeInput,
): Promise<RegisterLandChangePayloadModel> {
  const problems = new InputProblems();
  const id = changeKey(problems, input.id);
  const registeredOn = input.registeredOn ?? vietnamToday();
  if (isFutureDate(registeredOn)) problems.add('input.registeredOn', 'is in the future');
  if (id === undefined) problems.throwIfAny(); // nothing to look up

  return runMutation({ ctx, mutation: 'registerLandChange', input, restore: withSubjects }, async (tx) => {
    const change = await pendingChange(tx, problems, id as number, 'registered');
    if (registeredOn < change.submittedOn) {
      problems.add('input.registeredOn', `is before the submission (${change.submittedOn})`);
    }
    problems.throwIfAny();
    await tx.query(`SELECT 1 FROM land.parcel WHERE id = $1 FOR UPDATE`, [change.parcelId]);
    const partyRows = await tx.query<{
      role: Role;
      personalId: string | null;
      organisation: string | null;
      share: number | null;
    }>(
      `SELECT role::text AS role, personal_id AS "personalId", organisation, (share_percent * 100)::int AS share
       FROM land.land_change_party WHERE change_id = $1 ORDER BY id`,
      [change.id],
    );
    // Named by side and position, as submitted (`to[1]`), not by personal ID: error texts carry no personal data.
    const position = { FROM: 0, TO: 0 };
    const parties = partyRows.map((row) => ({
      ...row,
      field: `${row.role === 'FROM' ? 'from' : 'to'}[${position[row.role]++}]`,
    }));
    const rights = await currentRights(tx, change.parcelId);
    const stale = rightsProblems(change.type, parties, rights);
    if (stale.length > 0) {
      throw conflict(
        `The parcel's rights no longer allow this change (another change may have been registered): ${stale.map((p) => `${p.field}: ${p.reason}`).join('; ')}`,
        'input.id',
      );
    }

    let endedIds: number[] = [];
    let createdIds: number[] = [];
    if (OWNERSHIP_CHANGES.has(change.type)) {
      const ending = new Set(
        parties.filter((p) => p.role === 'FROM').map((p) => holderKey(p.personalId, p.organisation)),
      );
      const ended = rights.filter((r) => ending.has(holderKey(r.holderPersonalId, r.holderOrganisation)));
      for (const right of ended) {
        if (registeredOn < right.since) {
          problems.add(
            'input.registeredOn',
            `is before the right of ${holderKey(right.holderPersonalId, right.holderOrganisation)} began (${right.since})`,
          );
        }
      }
      problems.throwIfAny();
      endedIds = (
        await tx.query<{ id: number }>(
          `UPDATE land.land_right SET ended_on = $2::date WHERE id = ANY($1::int[]) RETURNING id`,
          [ended.map((r) => r.id), registeredOn],
        )
      ).map((row) => row.id);
      const [serial] = await tx.query<{ serial: string }>(
        `SELECT $1 || ' ' || lpad(nextval('land.certificate_serial_seq')::text, 6, '0') AS serial`,
        [CERTIFICATE_SERIES],
      );
      const to = parties.filter((p) => p.role === 'TO');
      createdIds = (
        await tx.query<{ id: number }>(
          `INSERT INTO land.land_right (parcel_id, holder_personal_id, holder_organisation, share_percent, certificate_serial, since)
           SELECT $1, u.personal_id, u.organisation, u.share::numeric, $5, $6::date
           FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(personal_id, organisation, share, n)
           ORDER BY u.n RETURNING id`,
          [
            change.parcelId,
            to.map((p) => p.personalId),
            to.map((p) => p.organisation),
            to.map((p) => formatHundredths(p.share ?? 0)),
            (serial as { serial: string }).serial,
            registeredOn,
          ],
        )
      ).map((row) => row.id);
      // The rows as written, in this transaction: exactly 100% or nothing is committed.
      const [sum] = await tx.query<{ total: number }>(
        `SELECT coalesce(sum(t.share_percent * 100), 0)::int AS total FROM land.land_right t
         WHERE t.parcel_id = $1 AND ${CURRENT_RIGHT}`,
        [change.parcelId],
      );
      if (sum?.total !== FULL_SHARE) {
        throw conflict(
          `The parcel's current shares would sum to ${formatHundredths(sum?.total ?? 0)}%, not 100%; nothing was registered`,
          'input.id',
        );
      }
    }
    await tx.query(`UPDATE land.land_change SET status = 'REGISTERED', registered_on = $2::date WHERE id = $1`, [
      change.id,
      registeredOn,
    ]);
    return withSubjects({
      change: await readChange(tx, change.id),
      endedRights: await readRights(tx, endedIds),
      createdRights: await readRights(tx, createdIds),
    });
  });
}

async function rejectLandChange(
  ctx: GatewayContext,
  input: RejectLandChangeInput,
): Promise<SubmitLandChangePayloadModel> {
  const problems = new InputProblems();
  const id = changeKey(problems, input.id);
  const reasonProblem = textProblem(input.reason, 500, { multiline: true });
  if (reasonProblem !== undefined) problems.add('input.reason', reasonProblem);
  if (id === undefined) problems.throwIfAny(); // nothing to look up
  return runMutation({ ctx, mutation: 'rejectLandChange', input, restore: withSubjects }, async (tx) => {
    const change = await pendingChange(tx, problems, id as number, 'rejected');
    problems.throwIfAny();
    await tx.query(`UPDATE land.land_change SET status = 'REJECTED', rejection_reason = $2 WHERE id = $1`, [
      change.id,
      input.reason.trim(),
    ]);
    return withSubjects({ change: await readChange(tx, change.id) });
  });
}

const changeId = (payload: { change: LandChangeModel }) => toGlobalId('LandChange', payload.change.id);

export const landWriteResolvers: Resolvers = {
  Mutation: {
    submitLandChange: (_parent, { input }, ctx) => submitLandChange(ctx, input),
    registerLandChange: (_parent, { input }, ctx) => registerLandChange(ctx, input),
    rejectLandChange: (_parent, { input }, ctx) => rejectLandChange(ctx, input),
  },
  SubmitLandChangePayload: { changeId },
  RegisterLandChangePayload: { changeId },
  RejectLandChangePayload: { changeId },
};
