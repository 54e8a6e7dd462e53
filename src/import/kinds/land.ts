/**
 * Land registry for bulk import: parcels, then the rights of their holders. Land changes (transfers, mortgages...)
 * are not imported in bulk: each is a transaction on the rights, registered through the submitLandChange /
 * registerLandChange mutations. Rights are loaded as they are: the rule that a parcel's current shares sum to 100 % is
 * the mutations' (a file may list a parcel's holders in any order, across batches), not re-checked here.
 */
import { copyText, copyTextArray, NULL } from '../../seed/format.ts';
import { formatHundredths, parseSharePercent } from '../../lib/input.ts';
import type { FieldReader } from '../fields.ts';
import { citizenOf, COUNT_WRITES, defineKind, lookupCitizens, parcelKey } from '../kind.ts';
import { COMMUNE_CODE, personalIdField } from './common.ts';

/** Land-use purpose codes are 3 capital letters (ONT, ODT, LUC, CLN...; Circular 08/2024/TT-BTNMT). */
const PURPOSE_CODE = /^[A-Z]{3}$/;
/** numeric(12, 2): up to 10 digits before the point. */
const AREA = /^(\d{1,10})(?:\.(\d{1,2}))?$/;
const CERTIFICATE_SERIAL = /^[A-Z0-9][A-Z0-9 ]{0,19}$/;
const MAX_SHEET = 100_000;
const MAX_PARCEL = 10_000_000;

interface ParcelKeyFields {
  communeCode: string;
  mapSheetNo: number;
  parcelNo: number;
}

const PARCEL_KEY_FIELDS = [
  { name: 'communeCode', type: 'text', required: true, doc: '5-digit commune/ward code' },
  { name: 'mapSheetNo', type: 'integer', required: true, doc: `map sheet number, 1-${MAX_SHEET}` },
  { name: 'parcelNo', type: 'integer', required: true, doc: `parcel number on the sheet, 1-${MAX_PARCEL}` },
] as const;

function readParcelKey(r: FieldReader): Partial<ParcelKeyFields> {
  return {
    communeCode: r.code('communeCode', COMMUNE_CODE, 'must be a 5-digit commune code', { required: true }),
    mapSheetNo: r.integer('mapSheetNo', 1, MAX_SHEET, { required: true }),
    parcelNo: r.integer('parcelNo', 1, MAX_PARCEL, { required: true }),
  };
}

interface Parcel extends ParcelKeyFields {
  areaM2: string;
  purposeCodes: string[];
  address: string;
}

export const parcels = defineKind<Parcel>({
  sector: 'land',
  name: 'parcels',
  table: 'land.parcel',
  summary: 'land parcels',
  fields: [
    ...PARCEL_KEY_FIELDS,
    { name: 'areaM2', type: 'decimal', required: true, doc: 'area in m², > 0, at most 2 decimals' },
    { name: 'purposeCodes', type: 'list', required: true, doc: 'land-use purpose codes, e.g. ONT;CLN' },
    { name: 'address', type: 'text', required: true, doc: 'at most 300 characters' },
  ],
  rules: ['communeCode a commune or ward of core.administrative_unit'],
  naturalKey: 'communeCode + mapSheetNo + parcelNo',
  onExisting: 'unchanged',
  parse(r) {
    const key = readParcelKey(r);
    const area = r.decimal('areaM2', { required: true });
    let areaM2: string | undefined;
    if (area !== undefined) {
      const m = AREA.exec(area);
      if (m === null || Number(area) <= 0) r.problem('areaM2', 'must be more than 0, with at most 2 decimals');
      else areaM2 = area;
    }
    const purposeCodes = r.list('purposeCodes', { required: true }) ?? [];
    const seen = new Set<string>();
    purposeCodes.forEach((code, index) => {
      if (!PURPOSE_CODE.test(code)) r.problem(`purposeCodes[${index}]`, 'must be a land-use code of 3 capital letters');
      else if (seen.has(code)) r.problem(`purposeCodes[${index}]`, 'listed twice');
      seen.add(code);
    });
    const address = r.text('address', 300, { required: true });
    if (r.problems.length > 0) return undefined;
    return { ...(key as ParcelKeyFields), areaM2: areaM2 as string, purposeCodes, address: address as string };
  },
  async check(db, batch, lookups) {
    const commune = await lookups.communes.resolve(
      db,
      batch.map((c) => c.row.communeCode),
    );
    for (const candidate of batch) {
      if (commune(candidate.row.communeCode) === undefined) {
        candidate.problems.push({ field: 'communeCode', reason: 'no commune or ward with this code' });
      }
    }
  },
  stagingColumns: [
    ['commune_code', 'varchar(5)'],
    ['map_sheet_no', 'integer'],
    ['parcel_no', 'integer'],
    ['area_m2', 'numeric(12, 2)'],
    ['purpose_codes', 'text[]'],
    ['address', 'text'],
  ],
  copyFields: (row) =>
    `${row.communeCode}\t${row.mapSheetNo}\t${row.parcelNo}\t${row.areaM2}\t${copyTextArray(row.purposeCodes)}\t${copyText(
      row.address,
    )}`,
  insertStatements: (filter) => [
    `WITH w AS (
       INSERT INTO land.parcel AS t (commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address)
       SELECT s.commune_code, s.map_sheet_no, s.parcel_no, s.area_m2, s.purpose_codes, s.address
       FROM import_stage s WHERE TRUE ${filter}
       ORDER BY s.line
       ON CONFLICT (commune_code, map_sheet_no, parcel_no) DO NOTHING
       RETURNING (t.xmax = 0) AS inserted)
     ${COUNT_WRITES}`,
  ],
  existingStatement: `SELECT count(*)::int AS n FROM import_stage s WHERE EXISTS (SELECT 1 FROM land.parcel t
    WHERE t.commune_code = s.commune_code AND t.map_sheet_no = s.map_sheet_no AND t.parcel_no = s.parcel_no)`,
});

interface Right extends ParcelKeyFields {
  parcelId: number;
  holderPersonalId: string | null;
  holderOrganisation: string | null;
  /** Hundredths of a percent. */
  share: number;
  certificateSerial: string;
  since: string;
  endedOn: string | null;
}

/** One INSERT per holder kind: each natural key is a partial unique index (migration 20261128040000_import_keys). */
function insertRights(filter: string, holder: 'citizen' | 'organisation'): string {
  const column = holder === 'citizen' ? 'holder_personal_id' : 'holder_organisation';
  return `WITH w AS (
    INSERT INTO land.land_right AS t (parcel_id, holder_personal_id, holder_organisation, share_percent,
      certificate_serial, since, ended_on)
    SELECT DISTINCT ON (s.parcel_id, s.certificate_serial, s.${column}) s.parcel_id, s.holder_personal_id,
      s.holder_organisation, s.share_percent, s.certificate_serial, s.since, s.ended_on
    FROM import_stage s WHERE s.${column} IS NOT NULL ${filter}
    ORDER BY s.parcel_id, s.certificate_serial, s.${column}, s.ended_on IS NULL, s.line
    ON CONFLICT (parcel_id, certificate_serial, ${column}) WHERE ${column} IS NOT NULL
      DO UPDATE SET ended_on = EXCLUDED.ended_on
      WHERE t.ended_on IS NULL AND EXCLUDED.ended_on IS NOT NULL AND EXCLUDED.ended_on >= t.since
    RETURNING (t.xmax = 0) AS inserted)
  ${COUNT_WRITES}`;
}

export const rights = defineKind<Right>({
  sector: 'land',
  name: 'rights',
  table: 'land.land_right',
  summary: "land-use rights of parcels' holders",
  fields: [
    ...PARCEL_KEY_FIELDS.map((field) => ({ ...field, doc: `${field.doc} (of an existing parcel)` })),
    {
      name: 'holderPersonalId',
      type: 'text',
      required: 'exactly one of holderPersonalId and holderOrganisation',
      doc: "a citizen holder's 12-digit personal ID",
    },
    {
      name: 'holderOrganisation',
      type: 'text',
      required: 'see holderPersonalId',
      doc: 'an organisation, at most 300 characters',
    },
    { name: 'sharePercent', type: 'decimal', required: true, doc: 'more than 0, at most 100, at most 2 decimals' },
    {
      name: 'certificateSerial',
      type: 'text',
      required: true,
      doc: 'e.g. "BM 290734" (capital letters, digits, spaces; 1-20)',
    },
    { name: 'since', type: 'date', required: true, doc: 'not in the future' },
    { name: 'endedOn', type: 'date', required: false, doc: 'on or after since; absent = current' },
  ],
  rules: [
    'the parcel (communeCode, mapSheetNo, parcelNo) in land.parcel; holderPersonalId in core.citizen',
    'one open right per holder and parcel',
  ],
  naturalKey: 'parcel + certificateSerial + holder',
  onExisting: 'unchanged; a stored right without endedOn gets the endedOn of the row ("completed")',
  parse(r) {
    const key = readParcelKey(r);
    const hasCitizen = r.has('holderPersonalId');
    let holderPersonalId: string | undefined;
    let holderOrganisation: string | undefined;
    if (hasCitizen === r.has('holderOrganisation')) {
      r.problem('holderPersonalId', 'give exactly one of holderPersonalId and holderOrganisation');
    } else if (hasCitizen) {
      holderPersonalId = personalIdField(r, 'holderPersonalId', true);
    } else {
      holderOrganisation = r.text('holderOrganisation', 300, { required: true });
    }
    const shareText = r.decimal('sharePercent', { required: true });
    const share = shareText === undefined ? undefined : parseSharePercent(shareText);
    if (shareText !== undefined && share === undefined) {
      r.problem('sharePercent', 'must be more than 0 and at most 100, with at most 2 decimals');
    }
    const certificateSerial = r.code(
      'certificateSerial',
      CERTIFICATE_SERIAL,
      'must be 1-20 capital letters, digits or spaces',
      {
        required: true,
      },
    );
    const since = r.date('since', { required: true });
    const endedOn = r.date('endedOn');
    if (since !== undefined && endedOn !== undefined && endedOn < since)
      r.problem('endedOn', 'must not be before since');
    if (r.problems.length > 0) return undefined;
    return {
      ...(key as ParcelKeyFields),
      parcelId: 0,
      holderPersonalId: holderPersonalId ?? null,
      holderOrganisation: holderOrganisation ?? null,
      share: share as number,
      certificateSerial: certificateSerial as string,
      since: since as string,
      endedOn: endedOn ?? null,
    };
  },
  async check(db, batch, lookups) {
    const citizens = await lookupCitizens(
      db,
      batch.flatMap((c) => (c.row.holderPersonalId === null ? [] : [c.row.holderPersonalId])),
    );
    const parcel = await lookups.parcels.resolve(
      db,
      batch.map((c) => parcelKey(c.row.communeCode, c.row.mapSheetNo, c.row.parcelNo)),
    );
    for (const candidate of batch) {
      const { row } = candidate;
      if (row.holderPersonalId !== null) {
        citizenOf(citizens, candidate, 'holderPersonalId', row.holderPersonalId);
      }
      const id = parcel(parcelKey(row.communeCode, row.mapSheetNo, row.parcelNo));
      if (id === undefined) {
        candidate.problems.push({
          field: 'parcelNo',
          reason: 'no parcel with this commune, map sheet and parcel number',
        });
      } else {
        row.parcelId = id;
      }
    }
  },
  stagingColumns: [
    ['parcel_id', 'integer'],
    ['holder_personal_id', 'char(12)'],
    ['holder_organisation', 'text'],
    ['share_percent', 'numeric(5, 2)'],
    ['certificate_serial', 'varchar(20)'],
    ['since', 'date'],
    ['ended_on', 'date'],
  ],
  copyFields: (row) =>
    `${row.parcelId}\t${row.holderPersonalId ?? NULL}\t${
      row.holderOrganisation === null ? NULL : copyText(row.holderOrganisation)
    }\t${formatHundredths(row.share)}\t${row.certificateSerial}\t${row.since}\t${row.endedOn ?? NULL}`,
  insertStatements: (filter) => [insertRights(filter, 'citizen'), insertRights(filter, 'organisation')],
  existingStatement: `SELECT count(*)::int AS n FROM import_stage s WHERE EXISTS (
      SELECT 1 FROM land.land_right t WHERE t.parcel_id = s.parcel_id AND t.certificate_serial = s.certificate_serial
        AND (t.holder_personal_id = s.holder_personal_id OR t.holder_organisation = s.holder_organisation))`,
  constraintReasons: {
    land_right_one_open_right_per_citizen_key: 'the holder already has an open right on this parcel',
    land_right_one_open_right_per_organisation_key: 'the holder already has an open right on this parcel',
  },
});
