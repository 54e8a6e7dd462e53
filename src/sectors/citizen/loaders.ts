/** The citizen hub's database access: the only code of this module that runs SQL. */
import type { Database } from '../../db/database.ts';
import { createGroupLoader, createRowLoader } from '../../lib/batch.ts';
import { isoDate } from '../../lib/sql.ts';
import type { CitizenRow, PreviousPersonalIdModel } from './mappers.ts';

const CITIZEN_COLUMNS = `c.personal_id AS "personalId", c.full_name AS "fullName",
  ${isoDate('c.date_of_birth')} AS "dateOfBirth", c.sex::text AS sex, c.ethnicity, c.nationality,
  c.hometown_commune AS "hometownCommune", c.status::text AS status`;

export function createCitizenLoaders(db: Database) {
  return {
    /** Citizens by current personal ID. */
    citizenByPersonalId: createRowLoader<CitizenRow>(
      (ids) => db.query(`SELECT ${CITIZEN_COLUMNS} FROM core.citizen c WHERE c.personal_id = ANY($1)`, [ids]),
      (row) => row.personalId,
    ),
    /** Current personal ID of a cancelled (re-issued) one. */
    currentIdByPreviousId: createRowLoader<{ previousId: string; personalId: string }>(
      (ids) =>
        db.query(
          `SELECT previous_id AS "previousId", personal_id AS "personalId"
           FROM core.previous_personal_id WHERE previous_id = ANY($1)`,
          [ids],
        ),
      (row) => row.previousId,
    ),
    previousIdsByPersonalId: createGroupLoader<PreviousPersonalIdModel>(
      (ids) =>
        db.query(
          `SELECT previous_id AS "previousId", personal_id AS "personalId",
             ${isoDate('cancelled_on')} AS "cancelledOn", reason
           FROM core.previous_personal_id WHERE personal_id = ANY($1) ORDER BY cancelled_on DESC`,
          [ids],
        ),
      (row) => row.personalId,
    ),
  };
}

export type CitizenLoaders = ReturnType<typeof createCitizenLoaders>;
