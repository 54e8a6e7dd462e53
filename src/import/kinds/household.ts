/**
 * Residence registration for bulk import (Law on Residence 2020): households, then their members' registrations.
 * Row checks as in the write mutations (src/sectors/household/writes.ts); the rules across rows are the database's
 * (migration 20261128020000_writes): one current head per household, one current permanent registration per citizen
 * (a row breaking one is rejected with that reason). The mutations' rules about the order of events (a temporary
 * absence only from the permanent household, moves) are not re-checked: a bulk load is a registry's history as is.
 */
import { copyText, NULL } from '../../seed/format.ts';
import { citizenOf, COUNT_WRITES, defineKind, lookupCitizens } from '../kind.ts';
import { RELATIONSHIPS } from '../../seed/population.ts';
import { COMMUNE_CODE, personalIdField } from './common.ts';

const REGISTRATION_TYPES = ['PERMANENT', 'TEMPORARY', 'TEMPORARY_ABSENCE'] as const;
const RESIDENCE_FILE_NO = /^[A-Za-z0-9-]{1,20}$/;
const FILE_NO_REASON = 'must be 1-20 letters, digits or "-"';

interface Household {
  residenceFileNo: string;
  address: string;
  communeCode: string;
  headPersonalId: string;
}

export const households = defineKind<Household>({
  sector: 'household',
  name: 'households',
  table: 'household.household',
  summary: 'households (residence files)',
  fields: [
    { name: 'residenceFileNo', type: 'text', required: true, doc: FILE_NO_REASON },
    { name: 'address', type: 'text', required: true, doc: 'at most 300 characters' },
    { name: 'communeCode', type: 'text', required: true, doc: '5-digit commune/ward code (core.administrative_unit)' },
    { name: 'headPersonalId', type: 'text', required: true, doc: "the head's 12-digit personal ID" },
  ],
  rules: ['headPersonalId in core.citizen; communeCode a commune or ward'],
  naturalKey: 'residenceFileNo',
  onExisting: 'unchanged',
  parse(r) {
    const residenceFileNo = r.code('residenceFileNo', RESIDENCE_FILE_NO, FILE_NO_REASON, { required: true });
    const address = r.text('address', 300, { required: true });
    const communeCode = r.code('communeCode', COMMUNE_CODE, 'must be a 5-digit commune code', { required: true });
    const headPersonalId = personalIdField(r, 'headPersonalId', true);
    if (r.problems.length > 0) return undefined;
    return {
      residenceFileNo: residenceFileNo as string,
      address: address as string,
      communeCode: communeCode as string,
      headPersonalId: headPersonalId as string,
    };
  },
  async check(db, batch, lookups) {
    const citizens = await lookupCitizens(
      db,
      batch.map((c) => c.row.headPersonalId),
    );
    const commune = await lookups.communes.resolve(
      db,
      batch.map((c) => c.row.communeCode),
    );
    for (const candidate of batch) {
      citizenOf(citizens, candidate, 'headPersonalId', candidate.row.headPersonalId);
      if (commune(candidate.row.communeCode) === undefined) {
        candidate.problems.push({ field: 'communeCode', reason: 'no commune or ward with this code' });
      }
    }
  },
  stagingColumns: [
    ['residence_file_no', 'varchar(20)'],
    ['address', 'text'],
    ['commune_code', 'varchar(5)'],
    ['head_personal_id', 'char(12)'],
  ],
  copyFields: (row) => `${row.residenceFileNo}\t${copyText(row.address)}\t${row.communeCode}\t${row.headPersonalId}`,
  insertStatements: (filter) => [
    `WITH w AS (
       INSERT INTO household.household AS t (residence_file_no, address, commune_code, head_personal_id)
       SELECT s.residence_file_no, s.address, s.commune_code, s.head_personal_id
       FROM import_stage s WHERE TRUE ${filter}
       ORDER BY s.line
       ON CONFLICT (residence_file_no) DO NOTHING
       RETURNING (t.xmax = 0) AS inserted)
     ${COUNT_WRITES}`,
  ],
  existingStatement: `SELECT count(*)::int AS n FROM import_stage s
    WHERE EXISTS (SELECT 1 FROM household.household t WHERE t.residence_file_no = s.residence_file_no)`,
});

interface Registration {
  residenceFileNo: string;
  householdId: number;
  personalId: string;
  type: string;
  relationshipToHead: string;
  startDate: string;
  endDate: string | null;
  expectedEndDate: string | null;
  deregistrationReason: string | null;
}

export const registrations = defineKind<Registration>({
  sector: 'household',
  name: 'registrations',
  table: 'household.residence_registration',
  summary: "members' residence registrations in households",
  fields: [
    { name: 'residenceFileNo', type: 'text', required: true, doc: "the household's residence file number" },
    { name: 'personalId', type: 'text', required: true, doc: "the member's 12-digit personal ID" },
    { name: 'type', type: REGISTRATION_TYPES.join('|'), required: true, doc: '' },
    { name: 'relationshipToHead', type: RELATIONSHIPS.join('|'), required: true, doc: '' },
    { name: 'startDate', type: 'date', required: true, doc: 'not in the future, not before the birth' },
    { name: 'endDate', type: 'date', required: false, doc: 'after startDate, not in the future; absent = current' },
    {
      name: 'expectedEndDate',
      type: 'date',
      required: 'for TEMPORARY and TEMPORARY_ABSENCE (absent for PERMANENT)',
      doc: 'after startDate',
    },
    { name: 'deregistrationReason', type: 'text', required: false, doc: 'only with endDate; at most 300 characters' },
  ],
  rules: [
    'residenceFileNo in household.household; personalId in core.citizen, alive for a current registration',
    'at most one current HEAD per household (temporary absences aside) and one current PERMANENT per citizen',
  ],
  naturalKey: 'residenceFileNo + personalId + type + startDate',
  onExisting: 'unchanged; a stored registration without endDate gets the endDate (and reason) of the row ("completed")',
  parse(r) {
    const residenceFileNo = r.code('residenceFileNo', RESIDENCE_FILE_NO, FILE_NO_REASON, { required: true });
    const personalId = personalIdField(r, 'personalId', true);
    const type = r.oneOf('type', REGISTRATION_TYPES, { required: true });
    const relationshipToHead = r.oneOf('relationshipToHead', RELATIONSHIPS, { required: true });
    const startDate = r.date('startDate', { required: true });
    const endDate = r.date('endDate');
    const expectedEndDate = r.date('expectedEndDate', { future: true });
    const deregistrationReason = r.text('deregistrationReason', 300);
    if (startDate !== undefined && endDate !== undefined && endDate <= startDate) {
      r.problem('endDate', 'must be after startDate');
    }
    if (type === 'PERMANENT') {
      if (r.has('expectedEndDate')) r.problem('expectedEndDate', 'a permanent registration has no expected end');
    } else if (type !== undefined && !r.has('expectedEndDate')) {
      r.problem('expectedEndDate', `required for a ${type} registration`);
    } else if (startDate !== undefined && expectedEndDate !== undefined && expectedEndDate <= startDate) {
      r.problem('expectedEndDate', 'must be after startDate');
    }
    if (deregistrationReason !== undefined && !r.has('endDate')) {
      r.problem('deregistrationReason', 'only with endDate');
    }
    if (r.problems.length > 0) return undefined;
    return {
      residenceFileNo: residenceFileNo as string,
      householdId: 0,
      personalId: personalId as string,
      type: type as string,
      relationshipToHead: relationshipToHead as string,
      startDate: startDate as string,
      endDate: endDate ?? null,
      expectedEndDate: expectedEndDate ?? null,
      deregistrationReason: deregistrationReason ?? null,
    };
  },
  async check(db, batch, lookups) {
    const citizens = await lookupCitizens(
      db,
      batch.map((c) => c.row.personalId),
    );
    const household = await lookups.households.resolve(
      db,
      batch.map((c) => c.row.residenceFileNo),
    );
    for (const candidate of batch) {
      const { row } = candidate;
      const citizen = citizenOf(citizens, candidate, 'personalId', row.personalId);
      if (citizen !== undefined) {
        if (row.startDate < citizen.dateOfBirth) {
          candidate.problems.push({
            field: 'startDate',
            reason: `is before the citizen's birth (${citizen.dateOfBirth})`,
          });
        }
        if (row.endDate === null && citizen.status !== 'ALIVE') {
          candidate.problems.push({
            field: 'endDate',
            reason: 'the citizen is deceased: a current registration needs an endDate',
          });
        }
      }
      const id = household(row.residenceFileNo);
      if (id === undefined) {
        candidate.problems.push({ field: 'residenceFileNo', reason: 'no household with this residence file number' });
      } else {
        row.householdId = id;
      }
    }
  },
  stagingColumns: [
    ['household_id', 'integer'],
    ['personal_id', 'char(12)'],
    ['type', 'household."RegistrationType"'],
    ['relationship_to_head', 'household."RelationshipToHead"'],
    ['start_date', 'date'],
    ['end_date', 'date'],
    ['expected_end_date', 'date'],
    ['deregistration_reason', 'text'],
  ],
  copyFields: (row) =>
    `${row.householdId}\t${row.personalId}\t${row.type}\t${row.relationshipToHead}\t${row.startDate}\t${
      row.endDate ?? NULL
    }\t${row.expectedEndDate ?? NULL}\t${row.deregistrationReason === null ? NULL : copyText(row.deregistrationReason)}`,
  insertStatements: (filter) => [
    `WITH w AS (
       INSERT INTO household.residence_registration AS t (household_id, personal_id, type, relationship_to_head,
         start_date, end_date, expected_end_date, deregistration_reason)
       SELECT DISTINCT ON (s.household_id, s.personal_id, s.type, s.start_date) s.household_id, s.personal_id, s.type,
         s.relationship_to_head, s.start_date, s.end_date, s.expected_end_date, s.deregistration_reason
       FROM import_stage s WHERE TRUE ${filter}
       ORDER BY s.household_id, s.personal_id, s.type, s.start_date, s.end_date IS NULL, s.line
       ON CONFLICT (household_id, personal_id, type, start_date) DO UPDATE
         SET end_date = EXCLUDED.end_date, deregistration_reason = EXCLUDED.deregistration_reason
         WHERE t.end_date IS NULL AND EXCLUDED.end_date IS NOT NULL
       RETURNING (t.xmax = 0) AS inserted)
     ${COUNT_WRITES}`,
  ],
  existingStatement: `SELECT count(*)::int AS n FROM import_stage s WHERE EXISTS (
      SELECT 1 FROM household.residence_registration t WHERE t.household_id = s.household_id
        AND t.personal_id = s.personal_id AND t.type = s.type AND t.start_date = s.start_date)`,
  constraintReasons: {
    residence_registration_one_current_head_key: 'the household already has a current head',
    residence_registration_one_current_permanent_key: 'the citizen already has a current permanent registration',
  },
});
