/**
 * The household sector's write side (schema/household.graphql): the residence office registers residents,
 * moves permanent residences and deregisters them (Law on Residence 2020).
 *
 * Rules, checked before writing (all problems listed) and enforced by the database as well (migration
 * 20261128020000_writes): at most one current head per household (a head's temporary absence aside), at most one
 * current permanent registration per citizen, end and expected end after start. A move ends the current permanent
 * registration and starts the new one on the same day in one transaction; the citizen's temporary absence from the
 * old household ends with it, and a temporary residence at the new household becomes the permanent one (it ends with
 * the seed's reason "Đã đăng ký thường trú tại nơi tạm trú"). A head who moves away or is deregistered leaves the
 * household without a current head until one is registered (no mutation changes an existing member's relationship).
 */
import type { GatewayContext } from '../../context.ts';
import type { DatabaseTransaction } from '../../db/database.ts';
import type {
  DeregisterResidentInput,
  MoveResidentInput,
  NewHouseholdInput,
  RegisterResidentInput,
  Resolvers,
} from '../../generated/graphql.ts';
import { checkCitizens, COMMUNE_CODE, conflict, InputProblems, isFutureDate, textProblem } from '../../lib/input.ts';
import { runMutation } from '../../lib/mutation.ts';
import { HOUSEHOLD_COLUMNS, REGISTRATION_COLUMNS } from './loaders.ts';
import type {
  DeregisterResidentPayloadModel,
  HouseholdModel,
  MoveResidentPayloadModel,
  RegisterResidentPayloadModel,
  RelationshipToHeadValue,
  ResidenceRegistrationModel,
} from './mappers.ts';

/** Deregistration reasons of a permanent residence moved elsewhere / of a temporary one made permanent (seed's). */
const MOVED_REASON = 'Đã đăng ký thường trú tại chỗ ở hợp pháp mới';
const MADE_PERMANENT_REASON = 'Đã đăng ký thường trú tại nơi tạm trú';

const UNIQUE_VIOLATIONS = {
  residence_registration_one_current_head_key: () =>
    conflict('The household already has a current head', 'input.relationshipToHead'),
  residence_registration_one_current_permanent_key: () =>
    conflict('The citizen already has a current permanent registration', 'input.personalId'),
};

interface Registration {
  id: number;
  householdId: number;
  relationshipToHead: RelationshipToHeadValue;
  startDate: string;
}

/** Checks a new household's fields (no database). */
function checkNewHousehold(problems: InputProblems, household: NewHouseholdInput, path: string): void {
  const addressProblem = textProblem(household.address, 300);
  if (addressProblem !== undefined) problems.add(`${path}.address`, addressProblem);
  if (!COMMUNE_CODE.test(household.communeCode)) problems.add(`${path}.communeCode`, 'must be a 5-digit commune code');
}

/** An existing household by residence file number, locked (its head may change); a problem when unknown. */
async function lockHousehold(
  tx: DatabaseTransaction,
  problems: InputProblems,
  residenceFileNo: string,
  field: string,
): Promise<HouseholdModel | undefined> {
  const [household] = await tx.query<HouseholdModel>(
    `SELECT ${HOUSEHOLD_COLUMNS} FROM household.household h WHERE h.residence_file_no = $1 FOR UPDATE`,
    [residenceFileNo],
  );
  if (household === undefined) problems.add(field, 'no household with this residence file number');
  return household;
}

async function checkCommune(
  tx: DatabaseTransaction,
  problems: InputProblems,
  household: NewHouseholdInput,
  path: string,
) {
  if (problems.has(`${path}.communeCode`)) return;
  const rows = await tx.query(
    `SELECT 1 FROM core.administrative_unit WHERE code = $1 AND level IN ('WARD', 'COMMUNE')`,
    [household.communeCode],
  );
  if (rows.length === 0) problems.add(`${path}.communeCode`, 'no commune or ward with this code');
}

/** A new household whose head is `headPersonalId`; its residence file number is the commune code + the 8-digit id. */
async function createHousehold(
  tx: DatabaseTransaction,
  household: NewHouseholdInput,
  headPersonalId: string,
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `WITH next AS (SELECT nextval(pg_get_serial_sequence('household.household', 'id'))::int AS id)
     INSERT INTO household.household (id, residence_file_no, address, commune_code, head_personal_id)
     SELECT id, $1 || lpad(id::text, 8, '0'), $2, $1, $3 FROM next RETURNING id`,
    [household.communeCode, household.address.trim(), headPersonalId],
  );
  return (row as { id: number }).id;
}

/** The citizen's current permanent registration, locked. */
async function currentPermanent(tx: DatabaseTransaction, personalId: string): Promise<Registration | undefined> {
  const [row] = await tx.query<Registration>(
    `SELECT id, household_id AS "householdId", relationship_to_head::text AS "relationshipToHead",
       to_char(start_date, 'YYYY-MM-DD') AS "startDate"
     FROM household.residence_registration
     WHERE personal_id = $1 AND type = 'PERMANENT' AND end_date IS NULL FOR UPDATE`,
    [personalId],
  );
  return row;
}

async function hasCurrentHead(tx: DatabaseTransaction, householdId: number): Promise<boolean> {
  const rows = await tx.query(
    `SELECT 1 FROM household.residence_registration
     WHERE household_id = $1 AND relationship_to_head = 'HEAD' AND end_date IS NULL AND type <> 'TEMPORARY_ABSENCE'`,
    [householdId],
  );
  return rows.length > 0;
}

async function insertRegistration(
  tx: DatabaseTransaction,
  row: {
    householdId: number;
    personalId: string;
    type: string;
    relationshipToHead: string;
    startDate: string;
    expectedEndDate: string | null;
  },
): Promise<number> {
  const [inserted] = await tx.query<{ id: number }>(
    `INSERT INTO household.residence_registration (household_id, personal_id, type, relationship_to_head, start_date,
       expected_end_date)
     VALUES ($1, $2, $3::household."RegistrationType", $4::household."RelationshipToHead", $5::date, $6::date) RETURNING id`,
    [row.householdId, row.personalId, row.type, row.relationshipToHead, row.startDate, row.expectedEndDate],
  );
  return (inserted as { id: number }).id;
}

/** A permanent registration starting at a household replaces the citizen's temporary residence there. */
async function endTemporaryResidenceAt(tx: DatabaseTransaction, personalId: string, householdId: number, date: string) {
  await tx.query(
    `UPDATE household.residence_registration SET end_date = $3::date, deregistration_reason = $4
     WHERE personal_id = $1 AND household_id = $2 AND type = 'TEMPORARY' AND end_date IS NULL AND start_date < $3::date`,
    [personalId, householdId, date, MADE_PERMANENT_REASON],
  );
}

async function readRegistrations(
  tx: DatabaseTransaction,
  ids: readonly number[],
): Promise<ResidenceRegistrationModel[]> {
  return tx.query<ResidenceRegistrationModel>(
    `SELECT ${REGISTRATION_COLUMNS} FROM household.residence_registration t WHERE t.id = ANY($1::int[]) ORDER BY t.id`,
    [ids],
  );
}

async function readHousehold(tx: DatabaseTransaction, id: number): Promise<HouseholdModel> {
  const [row] = await tx.query<HouseholdModel>(
    `SELECT ${HOUSEHOLD_COLUMNS} FROM household.household h WHERE h.id = $1`,
    [id],
  );
  return row as HouseholdModel;
}

async function registerResident(
  ctx: GatewayContext,
  input: RegisterResidentInput,
): Promise<RegisterResidentPayloadModel> {
  const problems = new InputProblems();
  const fileNo = input.householdResidenceFileNo ?? null;
  const newHousehold = input.newHousehold ?? null;
  if ((fileNo === null) === (newHousehold === null)) {
    problems.add('input.householdResidenceFileNo', 'give exactly one of householdResidenceFileNo and newHousehold');
  }
  if (newHousehold !== null) {
    checkNewHousehold(problems, newHousehold, 'input.newHousehold');
    if (input.relationshipToHead !== 'HEAD') {
      problems.add('input.relationshipToHead', 'the first member of a new household is its HEAD');
    }
    if (input.type === 'TEMPORARY_ABSENCE') {
      problems.add('input.type', "a temporary absence is registered at the citizen's permanent household");
    }
  }
  const expectedEndDate = input.expectedEndDate ?? null;
  if (input.type === 'PERMANENT') {
    if (expectedEndDate !== null) problems.add('input.expectedEndDate', 'a permanent registration has no expected end');
  } else if (expectedEndDate === null) {
    problems.add('input.expectedEndDate', `required for a ${input.type} registration`);
  } else if (expectedEndDate <= input.startDate) {
    problems.add('input.expectedEndDate', 'must be after input.startDate');
  }
  if (isFutureDate(input.startDate)) problems.add('input.startDate', 'is in the future');

  return runMutation({ ctx, mutation: 'registerResident', input, onUniqueViolation: UNIQUE_VIOLATIONS }, async (tx) => {
    const citizens = await checkCitizens(tx, problems, [
      { field: 'input.personalId', personalId: input.personalId, alive: true },
    ]);
    const citizen = citizens.get(input.personalId);
    if (citizen !== undefined && input.startDate < citizen.dateOfBirth) {
      problems.add('input.startDate', `is before the citizen's birth (${citizen.dateOfBirth})`);
    }
    // Lock order, in every mutation of this module: the citizen's registration, then the household (no deadlock).
    const permanent = await currentPermanent(tx, input.personalId);
    const household =
      fileNo === null ? undefined : await lockHousehold(tx, problems, fileNo, 'input.householdResidenceFileNo');
    if (newHousehold !== null) await checkCommune(tx, problems, newHousehold, 'input.newHousehold');
    if (input.type === 'PERMANENT' && permanent !== undefined) {
      problems.add('input.personalId', 'already has a current permanent registration; use moveResident');
    }
    if (household !== undefined) {
      if (input.type === 'TEMPORARY_ABSENCE') {
        if (permanent === undefined) {
          problems.add('input.personalId', 'has no current permanent registration to be temporarily absent from');
        } else if (permanent.householdId !== household.id) {
          problems.add(
            'input.householdResidenceFileNo',
            "a temporary absence is registered at the citizen's permanent household",
          );
        } else if (permanent.relationshipToHead !== input.relationshipToHead) {
          problems.add(
            'input.relationshipToHead',
            `must be the citizen's relationship in the household (${permanent.relationshipToHead})`,
          );
        }
      } else if (input.type === 'TEMPORARY' && permanent?.householdId === household.id) {
        problems.add('input.householdResidenceFileNo', "is the citizen's permanent household");
      }
      const same = await tx.query(
        `SELECT 1 FROM household.residence_registration
         WHERE personal_id = $1 AND household_id = $2 AND type = $3::household."RegistrationType" AND end_date IS NULL`,
        [input.personalId, household.id, input.type],
      );
      if (same.length > 0)
        problems.add('input.personalId', `already has a current ${input.type} registration in this household`);
      if (
        input.relationshipToHead === 'HEAD' &&
        input.type !== 'TEMPORARY_ABSENCE' &&
        (await hasCurrentHead(tx, household.id))
      ) {
        problems.add('input.relationshipToHead', 'the household already has a current head');
      }
    }
    problems.throwIfAny();

    let householdId: number;
    if (newHousehold !== null) {
      householdId = await createHousehold(tx, newHousehold, input.personalId);
    } else {
      householdId = (household as HouseholdModel).id;
      if (input.relationshipToHead === 'HEAD' && input.type !== 'TEMPORARY_ABSENCE') {
        await tx.query(`UPDATE household.household SET head_personal_id = $2 WHERE id = $1`, [
          householdId,
          input.personalId,
        ]);
      }
    }
    if (input.type === 'PERMANENT') await endTemporaryResidenceAt(tx, input.personalId, householdId, input.startDate);
    const id = await insertRegistration(tx, {
      householdId,
      personalId: input.personalId,
      type: input.type,
      relationshipToHead: input.relationshipToHead,
      startDate: input.startDate,
      expectedEndDate,
    });
    const [registration] = await readRegistrations(tx, [id]);
    return {
      personalId: input.personalId,
      registration: registration as ResidenceRegistrationModel,
      household: await readHousehold(tx, householdId),
    };
  });
}

async function moveResident(ctx: GatewayContext, input: MoveResidentInput): Promise<MoveResidentPayloadModel> {
  const problems = new InputProblems();
  const fileNo = input.toHouseholdResidenceFileNo ?? null;
  const newHousehold = input.toNewHousehold ?? null;
  if ((fileNo === null) === (newHousehold === null)) {
    problems.add(
      'input.toHouseholdResidenceFileNo',
      'give exactly one of toHouseholdResidenceFileNo and toNewHousehold',
    );
  }
  if (newHousehold !== null) {
    checkNewHousehold(problems, newHousehold, 'input.toNewHousehold');
    if (input.relationshipToHead !== 'HEAD') {
      problems.add('input.relationshipToHead', 'the first member of a new household is its HEAD');
    }
  }
  if (isFutureDate(input.date)) problems.add('input.date', 'is in the future');

  return runMutation({ ctx, mutation: 'moveResident', input, onUniqueViolation: UNIQUE_VIOLATIONS }, async (tx) => {
    await checkCitizens(tx, problems, [{ field: 'input.personalId', personalId: input.personalId, alive: true }]);
    const permanent = await currentPermanent(tx, input.personalId);
    if (permanent === undefined) {
      if (!problems.has('input.personalId')) {
        problems.add('input.personalId', 'has no current permanent registration; use registerResident');
      }
    } else if (input.date <= permanent.startDate) {
      problems.add('input.date', `must be after the current registration started (${permanent.startDate})`);
    }
    const household =
      fileNo === null ? undefined : await lockHousehold(tx, problems, fileNo, 'input.toHouseholdResidenceFileNo');
    if (newHousehold !== null) await checkCommune(tx, problems, newHousehold, 'input.toNewHousehold');
    if (household !== undefined) {
      if (permanent?.householdId === household.id) {
        problems.add('input.toHouseholdResidenceFileNo', "is the citizen's current household");
      } else if (input.relationshipToHead === 'HEAD' && (await hasCurrentHead(tx, household.id))) {
        problems.add('input.relationshipToHead', 'the household already has a current head');
      }
    }
    problems.throwIfAny();
    const current = permanent as Registration;

    // The permanent registration ends, and with it a temporary absence from that household (it is in the citizen's
    // registration history; the payload names the permanent one).
    await tx.query(
      `UPDATE household.residence_registration SET end_date = $3::date, deregistration_reason = $4
       WHERE id = $1 OR (personal_id = $2 AND household_id = $5 AND type = 'TEMPORARY_ABSENCE' AND end_date IS NULL
                         AND start_date < $3::date)`,
      [current.id, input.personalId, input.date, MOVED_REASON, current.householdId],
    );
    let householdId: number;
    if (newHousehold !== null) {
      householdId = await createHousehold(tx, newHousehold, input.personalId);
    } else {
      householdId = (household as HouseholdModel).id;
      if (input.relationshipToHead === 'HEAD') {
        await tx.query(`UPDATE household.household SET head_personal_id = $2 WHERE id = $1`, [
          householdId,
          input.personalId,
        ]);
      }
      await endTemporaryResidenceAt(tx, input.personalId, householdId, input.date);
    }
    const id = await insertRegistration(tx, {
      householdId,
      personalId: input.personalId,
      type: 'PERMANENT',
      relationshipToHead: input.relationshipToHead,
      startDate: input.date,
      expectedEndDate: null,
    });
    const rows = await readRegistrations(tx, [current.id, id]);
    return {
      personalId: input.personalId,
      ended: rows.find((row) => row.id === current.id) as ResidenceRegistrationModel,
      registration: rows.find((row) => row.id === id) as ResidenceRegistrationModel,
      household: await readHousehold(tx, householdId),
    };
  });
}

async function deregisterResident(
  ctx: GatewayContext,
  input: DeregisterResidentInput,
): Promise<DeregisterResidentPayloadModel> {
  const problems = new InputProblems();
  const reasonProblem = textProblem(input.reason, 500, { multiline: true });
  if (reasonProblem !== undefined) problems.add('input.reason', reasonProblem);
  if (isFutureDate(input.date)) problems.add('input.date', 'is in the future');

  return runMutation({ ctx, mutation: 'deregisterResident', input }, async (tx) => {
    // A deceased citizen's residence is deregistered too: existence only.
    await checkCitizens(tx, problems, [{ field: 'input.personalId', personalId: input.personalId }]);
    const permanent = await currentPermanent(tx, input.personalId);
    if (permanent === undefined) {
      if (!problems.has('input.personalId')) problems.add('input.personalId', 'has no current permanent registration');
    } else if (input.date <= permanent.startDate) {
      problems.add('input.date', `must be after the registration started (${permanent.startDate})`);
    }
    problems.throwIfAny();
    const current = permanent as Registration;
    const ended = await tx.query<{ id: number }>(
      `UPDATE household.residence_registration SET end_date = $3::date, deregistration_reason = $4
       WHERE id = $1 OR (personal_id = $2 AND household_id = $5 AND type = 'TEMPORARY_ABSENCE' AND end_date IS NULL
                         AND start_date < $3::date)
       RETURNING id`,
      [current.id, input.personalId, input.date, input.reason.trim(), current.householdId],
    );
    return {
      personalId: input.personalId,
      ended: await readRegistrations(
        tx,
        ended.map((row) => row.id),
      ),
    };
  });
}

export const householdWriteResolvers: Resolvers = {
  Mutation: {
    registerResident: (_parent, { input }, ctx) => registerResident(ctx, input),
    moveResident: (_parent, { input }, ctx) => moveResident(ctx, input),
    deregisterResident: (_parent, { input }, ctx) => deregisterResident(ctx, input),
  },
};
