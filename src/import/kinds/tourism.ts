/**
 * Guest stays for bulk import (the declarations of accommodation establishments, Law on Residence 2020 art. 30). Same
 * rules as the declareStay mutation (src/sectors/tourism/writes.ts), except that the establishment is a field of
 * each row (its licence number) and the declaration time is given, not the time of the import.
 */
import { NULL } from '../../seed/format.ts';
import { isoInstant } from '../fields.ts';
import { citizenOf, COUNT_WRITES, defineKind, lookupCitizens } from '../kind.ts';
import { NATIONALITY, personalIdField } from './common.ts';

const CHANNELS = ['VNEID', 'ONLINE_PORTAL', 'IN_PERSON', 'API'] as const;
const PASSPORT_NO = /^[A-Z0-9]{5,20}$/;
const LICENCE_NO = /^[^\t\n\r\\]{1,30}$/;
const VIETNAM = 'VNM';

interface Stay {
  establishmentLicence: string;
  establishmentId: number;
  guestPersonalId: string | null;
  passportNo: string | null;
  nationality: string;
  checkInAt: number;
  expectedCheckOutAt: number;
  actualCheckOutAt: number | null;
  declaredAt: number;
  channel: string;
}

const STAY_COLUMNS = `establishment_id, guest_personal_id, passport_no, nationality, check_in_at, expected_check_out_at,
  actual_check_out_at, declared_at, channel`;

/** One INSERT per guest kind: each natural key is a partial unique index (migration 20261128040000_import_keys). */
function insertStays(filter: string, guest: 'citizen' | 'passport'): string {
  const key =
    guest === 'citizen'
      ? { columns: 'establishment_id, guest_personal_id, check_in_at', where: 'guest_personal_id IS NOT NULL' }
      : { columns: 'establishment_id, nationality, passport_no, check_in_at', where: 'passport_no IS NOT NULL' };
  const sKey = key.columns
    .split(', ')
    .map((c) => `s.${c}`)
    .join(', ');
  return `WITH w AS (
    INSERT INTO tourism.guest_stay AS t (${STAY_COLUMNS})
    SELECT DISTINCT ON (${sKey}) s.establishment_id, s.guest_personal_id, s.passport_no, s.nationality, s.check_in_at,
      s.expected_check_out_at, s.actual_check_out_at, s.declared_at, s.channel
    FROM import_stage s WHERE s.${key.where} ${filter}
    ORDER BY ${sKey}, s.actual_check_out_at IS NULL, s.line
    ON CONFLICT (${key.columns}) WHERE ${key.where} DO UPDATE SET actual_check_out_at = EXCLUDED.actual_check_out_at
      WHERE t.actual_check_out_at IS NULL AND EXCLUDED.actual_check_out_at IS NOT NULL
    RETURNING (t.xmax = 0) AS inserted)
  ${COUNT_WRITES}`;
}

export const stays = defineKind<Stay>({
  sector: 'tourism',
  name: 'stays',
  table: 'tourism.guest_stay',
  summary: 'guest stays declared by accommodation establishments',
  fields: [
    {
      name: 'licenceNo',
      type: 'text',
      required: true,
      doc: "the establishment's licence number (tourism.establishment)",
    },
    {
      name: 'guestPersonalId',
      type: 'text',
      required: 'exactly one of guestPersonalId and passportNo',
      doc: 'a Vietnamese guest: 12-digit personal ID (nationality VNM or absent)',
    },
    { name: 'passportNo', type: 'text', required: 'see guestPersonalId', doc: 'a foreign guest: 5-20 of A-Z 0-9' },
    {
      name: 'nationality',
      type: 'text',
      required: 'with passportNo',
      doc: 'ISO 3166-1 alpha-3, e.g. KOR',
    },
    { name: 'checkInAt', type: 'instant', required: true, doc: 'not in the future' },
    { name: 'expectedCheckOutAt', type: 'instant', required: true, doc: 'after checkInAt (may be in the future)' },
    { name: 'actualCheckOutAt', type: 'instant', required: false, doc: 'after checkInAt, not in the future' },
    { name: 'declaredAt', type: 'instant', required: true, doc: 'when the stay was declared, not in the future' },
    { name: 'channel', type: CHANNELS.join('|'), required: true, doc: '' },
  ],
  rules: ['licenceNo in tourism.establishment; guestPersonalId in core.citizen'],
  naturalKey: 'licenceNo + (guestPersonalId | nationality + passportNo) + checkInAt',
  onExisting: 'unchanged; a stored stay without actualCheckOutAt gets the one of the row ("completed")',
  parse(r) {
    const licence = r.code('licenceNo', LICENCE_NO, 'must be 1-30 characters', { required: true });
    const hasPersonalId = r.has('guestPersonalId');
    const hasPassport = r.has('passportNo');
    let guestPersonalId: string | undefined;
    let passportNo: string | undefined;
    let nationality: string | undefined;
    if (hasPersonalId === hasPassport) {
      r.problem(
        'guestPersonalId',
        'give exactly one of guestPersonalId (Vietnamese guest) and passportNo (foreign guest)',
      );
    } else if (hasPersonalId) {
      guestPersonalId = personalIdField(r, 'guestPersonalId', true);
      nationality = r.string('nationality');
      if (nationality !== undefined && nationality !== VIETNAM) {
        r.problem('nationality', `a guest declared by personal ID is Vietnamese (${VIETNAM})`);
      }
      nationality = VIETNAM;
    } else {
      passportNo = r.code('passportNo', PASSPORT_NO, 'must be 5-20 capital letters or digits', { required: true });
      nationality = r.code('nationality', NATIONALITY, 'must be an ISO 3166-1 alpha-3 code, e.g. KOR', {
        required: true,
      });
    }
    const checkInAt = r.instant('checkInAt', { required: true });
    const expectedCheckOutAt = r.instant('expectedCheckOutAt', { required: true, future: true });
    const actualCheckOutAt = r.instant('actualCheckOutAt');
    const declaredAt = r.instant('declaredAt', { required: true });
    const channel = r.oneOf('channel', CHANNELS, { required: true });
    if (checkInAt !== undefined) {
      if (expectedCheckOutAt !== undefined && expectedCheckOutAt <= checkInAt) {
        r.problem('expectedCheckOutAt', 'must be after checkInAt');
      }
      if (actualCheckOutAt !== undefined && actualCheckOutAt <= checkInAt) {
        r.problem('actualCheckOutAt', 'must be after checkInAt');
      }
    }
    if (r.problems.length > 0) return undefined;
    return {
      establishmentLicence: licence as string,
      establishmentId: 0,
      guestPersonalId: guestPersonalId ?? null,
      passportNo: passportNo ?? null,
      nationality: nationality as string,
      checkInAt: checkInAt as number,
      expectedCheckOutAt: expectedCheckOutAt as number,
      actualCheckOutAt: actualCheckOutAt ?? null,
      declaredAt: declaredAt as number,
      channel: channel as string,
    };
  },
  async check(db, batch, lookups) {
    const citizens = await lookupCitizens(
      db,
      batch.flatMap((c) => (c.row.guestPersonalId === null ? [] : [c.row.guestPersonalId])),
    );
    const establishment = await lookups.establishments.resolve(
      db,
      batch.map((c) => c.row.establishmentLicence),
    );
    for (const candidate of batch) {
      const { row } = candidate;
      if (row.guestPersonalId !== null) {
        citizenOf(citizens, candidate, 'guestPersonalId', row.guestPersonalId);
      }
      const id = establishment(row.establishmentLicence);
      if (id === undefined) {
        candidate.problems.push({
          field: 'licenceNo',
          reason: 'no accommodation establishment with this licence number',
        });
      } else {
        row.establishmentId = id;
      }
    }
  },
  stagingColumns: [
    ['establishment_id', 'integer'],
    ['guest_personal_id', 'char(12)'],
    ['passport_no', 'varchar(20)'],
    ['nationality', 'char(3)'],
    ['check_in_at', 'timestamptz(3)'],
    ['expected_check_out_at', 'timestamptz(3)'],
    ['actual_check_out_at', 'timestamptz(3)'],
    ['declared_at', 'timestamptz(3)'],
    ['channel', 'tourism."DeclarationChannel"'],
  ],
  copyFields: (row) =>
    `${row.establishmentId}\t${row.guestPersonalId ?? NULL}\t${row.passportNo ?? NULL}\t${row.nationality}\t${isoInstant(
      row.checkInAt,
    )}\t${isoInstant(row.expectedCheckOutAt)}\t${
      row.actualCheckOutAt === null ? NULL : isoInstant(row.actualCheckOutAt)
    }\t${isoInstant(row.declaredAt)}\t${row.channel}`,
  insertStatements: (filter) => [insertStays(filter, 'citizen'), insertStays(filter, 'passport')],
  existingStatement: `SELECT count(*)::int AS n FROM import_stage s WHERE EXISTS (
      SELECT 1 FROM tourism.guest_stay t WHERE t.establishment_id = s.establishment_id AND t.check_in_at = s.check_in_at
        AND ((s.guest_personal_id IS NOT NULL AND t.guest_personal_id = s.guest_personal_id)
          OR (s.passport_no IS NOT NULL AND t.passport_no = s.passport_no AND t.nationality = s.nationality)))`,
});
