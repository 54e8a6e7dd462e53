/**
 * Land sector: parcels (commune + map sheet + parcel number), right holders whose current shares
 * add up to exactly 100% per parcel, and land-change registrations of all twelve kinds with their
 * FROM/TO parties.
 *
 * A parcel's history (original grant, then changes; each registered transfer, inheritance, gift,
 * exchange or capital contribution ends the holders' rights and starts the new holders') is a pure
 * function of (seed, parcel), recomputed by the rights, changes and parties generators alike.
 */
import type { SeedContext, TableLoad } from '../context.ts';
import { NULL, copyText, dateText, dayNumber, hundredths, yearOf } from '../format.ts';
import { ALIVE, type Population } from '../population.ts';
import { Rng, Stream, Weighted } from '../random.ts';
import { MUONG_AREAS, UNITS } from '../reference/administrative-units.ts';
import { BANKS, COMPANY_KINDS, COMPANY_NAMES, FIELDS, HAMLETS, LAND_USES, STREETS } from '../reference/places.ts';

export const LAND_CHANGE_TYPES = [
  'EXCHANGE',
  'TRANSFER',
  'INHERITANCE',
  'GIFT',
  'CAPITAL_CONTRIBUTION',
  'LEASE',
  'SUBDIVISION',
  'MERGER',
  'PURPOSE_CHANGE',
  'HOLDER_INFO_CHANGE',
  'MORTGAGE',
  'MORTGAGE_RELEASE',
] as const;
type LandChangeType = (typeof LAND_CHANGE_TYPES)[number];

const CHANGE_WEIGHTS = new Weighted<LandChangeType>([
  ['TRANSFER', 25],
  ['INHERITANCE', 10],
  ['GIFT', 10],
  ['MORTGAGE', 18],
  ['MORTGAGE_RELEASE', 8],
  ['EXCHANGE', 3],
  ['CAPITAL_CONTRIBUTION', 2],
  ['LEASE', 4],
  ['SUBDIVISION', 5],
  ['MERGER', 3],
  ['PURPOSE_CHANGE', 7],
  ['HOLDER_INFO_CHANGE', 5],
]);
const OWNERSHIP_CHANGES = new Set<LandChangeType>([
  'TRANSFER',
  'INHERITANCE',
  'GIFT',
  'EXCHANGE',
  'CAPITAL_CONTRIBUTION',
]);

const REJECTION_REASONS = [
  'Hồ sơ không đầy đủ giấy tờ theo quy định',
  'Thửa đất đang có tranh chấp',
  'Không đủ điều kiện tách thửa theo quy định của UBND tỉnh',
  'Chưa hoàn thành nghĩa vụ tài chính về đất đai',
  'Thông tin người sử dụng đất không khớp với Cơ sở dữ liệu quốc gia về dân cư',
];

const WARD_USES = new Weighted<string[]>([
  [['ODT'], 70],
  [['TMD'], 10],
  [['SKC'], 3],
  [['BHK'], 5],
  [['CLN'], 5],
  [['NTS'], 2],
  [['LUC'], 5],
]);
const COMMUNE_USES = new Weighted<string[]>([
  [['ONT'], 21],
  [['ONT', 'CLN'], 14],
  [['LUC'], 30],
  [['LUK'], 5],
  [['BHK'], 8],
  [['CLN'], 8],
  [['NTS'], 6],
  [['RSX'], 3],
  [['TMD'], 2],
  [['SKC'], 3],
]);
const COASTAL = new Set([
  'Giao Minh',
  'Giao Hưng',
  'Giao Phúc',
  'Giao Bình',
  'Giao Ninh',
  'Hải Thịnh',
  'Hải Xuân',
  'Hải Quang',
  'Hải An',
  'Kim Đông',
  'Bình Minh',
  'Rạng Đông',
  'Đồng Thịnh',
]);

const LAND_UNIT_WEIGHTS = new Weighted(UNITS.map((unit, index) => [index, unit.level === 'WARD' ? 1 : 1.6] as const));

export function parcelCount(citizens: number): number {
  return Math.max(12, Math.round(citizens / 4));
}

interface ParcelAttributes {
  unit: number;
  purposes: string[];
  /** Area in hundredths of a square metre. */
  areaHundredths: number;
}

/** Where a parcel lies and what it is for (its own random stream, independent of its history). */
function parcelAttributes(rng: Rng, seed: number, parcel: number): ParcelAttributes {
  rng.reseed(seed, Stream.parcel, parcel);
  const unit = LAND_UNIT_WEIGHTS.pick(rng);
  const info = UNITS[unit]!;
  let purposes = (info.level === 'WARD' ? WARD_USES : COMMUNE_USES).pick(rng);
  if (purposes[0] === 'RSX' && !MUONG_AREAS.has(info.shortName) && rng.chance(0.7)) purposes = ['CLN'];
  if (COASTAL.has(info.shortName) && rng.chance(0.15)) purposes = ['NTS'];
  const use = LAND_USES[purposes[0]!]!;
  const area = Math.exp(Math.log(use.minArea) + rng.float() * (Math.log(use.maxArea) - Math.log(use.minArea)));
  return { unit, purposes, areaHundredths: Math.round(area * 10) * 10 };
}

interface Holder {
  citizen: number;
  organisation: string | null;
  /** Share in hundredths of a percent (10000 = 100%). */
  share: number;
}

interface HolderSet {
  holders: Holder[];
  since: number;
  endedOn: number | null;
  serial: string;
}

interface Party {
  role: 'FROM' | 'TO';
  citizen: number;
  organisation: string | null;
  share: number | null;
}

interface Change {
  type: LandChangeType;
  status: 'PENDING' | 'REGISTERED' | 'REJECTED';
  submitted: number;
  registered: number | null;
  rejection: string | null;
  parties: Party[];
}

interface ParcelHistory {
  unit: number;
  rights: HolderSet[];
  changes: Change[];
}

function splitShares(count: number): number[] {
  const base = Math.floor(10000 / count);
  const shares = new Array<number>(count).fill(base);
  shares[count - 1] = 10000 - base * (count - 1);
  return shares;
}

const SERIES_BY_PERIOD: readonly (readonly [untilYear: number, series: readonly string[]])[] = [
  [2009, ['AA', 'AB', 'AC', 'AD', 'AE', 'AG', 'AH', 'AK', 'AL', 'AM', 'AN', 'AO', 'AP']],
  [2013, ['BA', 'BB', 'BC', 'BD', 'BE', 'BG', 'BH', 'BK', 'BL', 'BM', 'BN', 'BO', 'BP']],
  [2019, ['BX', 'BY', 'BV', 'CA', 'CB', 'CC', 'CD', 'CE', 'CG', 'CH', 'CK', 'CL', 'CM', 'CN', 'CO', 'CP', 'CQ', 'CR']],
  [9999, ['CS', 'CT', 'CU', 'CV', 'CX', 'CY', 'DA', 'DB', 'DC', 'DD', 'DE']],
];

function certificateSerial(rng: Rng, day: number): string {
  const year = yearOf(day);
  const series = SERIES_BY_PERIOD.find(([until]) => year <= until)![1];
  return `${rng.pick(series)} ${String(rng.int(0, 999_999)).padStart(6, '0')}`;
}

/** Computes parcel histories; holds the scratch random generators. */
class LandModel {
  private readonly attributesRng = new Rng();
  private readonly historyRng = new Rng();
  private readonly population: Population;
  private readonly earliestGrant = dayNumber(1994, 1, 1);

  constructor(private readonly context: SeedContext) {
    this.population = context.population;
  }

  attributes(parcel: number): ParcelAttributes {
    return parcelAttributes(this.attributesRng, this.context.seed, parcel);
  }

  history(parcel: number): ParcelHistory {
    const { seed, asOf } = this.context;
    const attributes = this.attributes(parcel);
    const rng = this.historyRng.reseed(seed, Stream.parcel + 1000, parcel);
    const business = attributes.purposes[0] === 'TMD' || attributes.purposes[0] === 'SKC';
    // A showcase citizen (src/seed/showcase.ts) receives this parcel by one registered change of its parcel's type.
    const showcaseHolder = this.context.showcase.parcels.get(parcel);

    // The events first, so the original holders can fit them (an inheritance needs a deceased holder).
    const grant = rng.int(this.earliestGrant, dayNumber(2018, 12, 31));
    let count = Math.min(4, rng.poisson(0.32));
    if (parcel < LAND_CHANGE_TYPES.length) count = Math.max(1, count); // every type appears even in tiny data sets
    if (showcaseHolder !== undefined) count = 1;
    const types: LandChangeType[] = [];
    let mortgaged = false;
    for (let k = 0; k < count; k += 1) {
      let type = parcel < LAND_CHANGE_TYPES.length && k === 0 ? LAND_CHANGE_TYPES[parcel]! : CHANGE_WEIGHTS.pick(rng);
      if (type === 'MORTGAGE_RELEASE' && !mortgaged && k > 0) type = 'MORTGAGE';
      if (type === 'MORTGAGE') mortgaged = true;
      if (type === 'MORTGAGE_RELEASE') mortgaged = false;
      types.push(type);
    }
    const organisationHeld = rng.chance(business ? 0.6 : 0.02);
    const firstOwnershipChange = types.find((t) => OWNERSHIP_CHANGES.has(t));
    let holders: Holder[] = organisationHeld
      ? [{ citizen: -1, organisation: this.organisation(rng, attributes.unit), share: 10000 }]
      : this.people(rng, firstOwnershipChange === 'INHERITANCE');
    const rights: HolderSet[] = [{ holders, since: grant, endedOn: null, serial: certificateSerial(rng, grant) }];
    const changes: Change[] = [];

    let previous = Math.max(grant + 180, asOf - 12 * 365);
    for (let k = 0; k < types.length; k += 1) {
      const type = types[k]!;
      const remaining = types.length - k;
      if (previous >= asOf - 2) break;
      const submitted = rng.int(previous + 1, Math.max(previous + 1, asOf - 1 - (remaining - 1) * 60));
      let status: Change['status'];
      let registered: number | null = null;
      let rejection: string | null = null;
      if (showcaseHolder !== undefined) {
        status = 'REGISTERED';
        registered = Math.min(asOf, submitted + rng.int(5, 30));
      } else if (asOf - submitted < 45 && rng.chance(0.7)) {
        status = 'PENDING';
      } else if (rng.chance(0.12)) {
        status = 'REJECTED';
        rejection = rng.pick(REJECTION_REASONS);
      } else {
        registered = submitted + rng.int(5, 30);
        if (registered > asOf) {
          status = 'PENDING';
          registered = null;
        } else {
          status = 'REGISTERED';
        }
      }
      const from: Party[] = holders.map((h) => ({
        role: 'FROM',
        citizen: h.citizen,
        organisation: h.organisation,
        share: null,
      }));
      let to: Party[];
      let newHolders: Holder[] | null = null;
      switch (type) {
        case 'TRANSFER':
        case 'GIFT':
        case 'EXCHANGE':
          newHolders = this.people(rng, false);
          break;
        case 'INHERITANCE':
          newHolders = this.heirs(rng, holders);
          break;
        case 'CAPITAL_CONTRIBUTION':
          newHolders = [{ citizen: -1, organisation: this.organisation(rng, -1), share: 10000 }];
          break;
        default:
          break;
      }
      if (showcaseHolder !== undefined && newHolders !== null) {
        newHolders = [{ citizen: showcaseHolder, organisation: null, share: 10000 }];
      }
      if (newHolders !== null) {
        to = newHolders.map((h) => ({ role: 'TO', citizen: h.citizen, organisation: h.organisation, share: h.share }));
      } else if (type === 'MORTGAGE' || type === 'LEASE') {
        const lessee = type === 'LEASE' && rng.chance(0.4) ? this.people(rng, false)[0]! : null;
        to = [
          lessee === null
            ? {
                role: 'TO',
                citizen: -1,
                organisation: type === 'MORTGAGE' ? rng.pick(BANKS) : this.organisation(rng, -1),
                share: null,
              }
            : { role: 'TO', citizen: lessee.citizen, organisation: null, share: null },
        ];
      } else if (type === 'MORTGAGE_RELEASE') {
        // The bank releases the mortgage back to the holders.
        to = from.map((p) => ({ ...p, role: 'TO' }));
        from.splice(0, from.length, { role: 'FROM', citizen: -1, organisation: rng.pick(BANKS), share: null });
      } else {
        // Subdivision, merger, purpose or holder-information change: the holders stay.
        to = from.map((p) => ({ ...p, role: 'TO' }));
      }
      changes.push({ type, status, submitted, registered, rejection, parties: [...from, ...to] });
      if (status === 'REGISTERED' && newHolders !== null && registered !== null) {
        rights[rights.length - 1]!.endedOn = registered;
        holders = newHolders;
        rights.push({ holders, since: registered, endedOn: null, serial: certificateSerial(rng, registered) });
      }
      previous = registered ?? submitted;
    }
    return { unit: attributes.unit, rights, changes };
  }

  /** A household head, with the spouse as co-holder for half of the families. */
  private people(rng: Rng, deceasedHolder: boolean): Holder[] {
    const population = this.population;
    if (deceasedHolder) {
      for (let attempt = 0; attempt < 12; attempt += 1) {
        const candidate = rng.int(0, population.size - 1);
        if (population.deathDay[candidate] !== ALIVE) return [{ citizen: candidate, organisation: null, share: 10000 }];
      }
    }
    const { households } = population;
    const h = rng.int(0, households.count - 1);
    const head = households.start[h]!;
    const next = head + 1;
    const spouse =
      next < households.start[h + 1]! && population.relationship[next] === 1 && population.deathDay[next] === ALIVE
        ? next
        : -1;
    if (spouse >= 0 && rng.chance(0.5)) {
      const [a, b] = splitShares(2);
      return [
        { citizen: head, organisation: null, share: a! },
        { citizen: spouse, organisation: null, share: b! },
      ];
    }
    return [{ citizen: head, organisation: null, share: 10000 }];
  }

  /** Heirs: living adult members of the deceased's household (or another family when there are none). */
  private heirs(rng: Rng, holders: readonly Holder[]): Holder[] {
    const population = this.population;
    const deceased = holders[0]!.citizen;
    const heirs: number[] = [];
    if (deceased >= 0) {
      const h = population.household[deceased]!;
      for (
        let m = population.households.start[h]!;
        m < population.households.start[h + 1]! && heirs.length < 3;
        m += 1
      ) {
        if (
          m !== deceased &&
          population.deathDay[m] === ALIVE &&
          this.context.asOf - population.birthDay[m]! > 18 * 365
        )
          heirs.push(m);
      }
    }
    if (heirs.length === 0) return this.people(rng, false);
    const count = rng.int(1, heirs.length);
    const shares = splitShares(count);
    return heirs.slice(0, count).map((citizen, k) => ({ citizen, organisation: null, share: shares[k]! }));
  }

  private organisation(rng: Rng, unit: number): string {
    if (unit >= 0 && rng.chance(0.25)) {
      const info = UNITS[unit]!;
      return `Ủy ban nhân dân ${info.level === 'WARD' ? 'phường' : 'xã'} ${info.shortName}`;
    }
    return `${rng.pick(COMPANY_KINDS)} ${rng.pick(COMPANY_NAMES)}`;
  }
}

function holderColumns(population: Population, citizen: number, organisation: string | null): string {
  return citizen >= 0 ? `${population.pid[citizen]}\t${NULL}` : `${NULL}\t${copyText(organisation ?? '')}`;
}

export const landTables: readonly TableLoad[] = [
  {
    table: 'land.parcel',
    columns: ['id', 'commune_code', 'map_sheet_no', 'parcel_no', 'area_m2', 'purpose_codes', 'address'],
    source: 'land',
    serial: 'id',
    *generate(context, out) {
      const { seed } = context;
      const count = parcelCount(context.population.size);
      const rng = new Rng();
      const addressRng = new Rng();
      const sheet = new Int32Array(UNITS.length).fill(1);
      const inSheet = new Int32Array(UNITS.length);
      const sheetSize = new Int32Array(UNITS.length);
      for (let p = 0; p < count; p += 1) {
        const attributes = parcelAttributes(rng, seed, p);
        const u = attributes.unit;
        // Map sheets of a commune hold a few hundred parcels each, numbered from 1.
        if (sheetSize[u] === 0 || inSheet[u]! >= sheetSize[u]!) {
          if (sheetSize[u] !== 0) sheet[u] = sheet[u]! + 1;
          inSheet[u] = 0;
          sheetSize[u] = addressRng.reseed(seed, Stream.parcel + 2000, u * 10_000 + sheet[u]!).int(150, 450);
        }
        inSheet[u] = inSheet[u]! + 1;
        addressRng.reseed(seed, Stream.parcel + 3000, p);
        const unit = UNITS[u]!;
        const residential =
          attributes.purposes[0] === 'ONT' || attributes.purposes[0] === 'ODT' || attributes.purposes[0] === 'TMD';
        const place =
          unit.level === 'WARD'
            ? `Số ${addressRng.int(1, 320)}, đường ${addressRng.pick(STREETS)}, tổ dân phố ${addressRng.int(1, 30)}`
            : residential
              ? `Thôn ${addressRng.pick(HAMLETS)}`
              : `Xứ đồng ${addressRng.pick(FIELDS)}, thôn ${addressRng.pick(HAMLETS)}`;
        const address = `${place}, ${unit.level === 'WARD' ? 'phường' : 'xã'} ${unit.shortName}, tỉnh Ninh Bình`;
        const line = `${p + 1}\t${unit.code}\t${sheet[u]}\t${inSheet[u]}\t${hundredths(attributes.areaHundredths)}\t{${attributes.purposes.join(',')}}\t${address}`;
        const chunk = out.add(line);
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'land.land_right',
    columns: [
      'id',
      'parcel_id',
      'holder_personal_id',
      'holder_organisation',
      'share_percent',
      'certificate_serial',
      'since',
      'ended_on',
    ],
    source: 'land',
    serial: 'id',
    *generate(context, out) {
      const model = new LandModel(context);
      const population = context.population;
      const count = parcelCount(population.size);
      let id = 0;
      for (let p = 0; p < count; p += 1) {
        for (const set of model.history(p).rights) {
          for (const holder of set.holders) {
            id += 1;
            const line = `${id}\t${p + 1}\t${holderColumns(population, holder.citizen, holder.organisation)}\t${hundredths(holder.share)}\t${set.serial}\t${dateText(set.since)}\t${set.endedOn === null ? NULL : dateText(set.endedOn)}`;
            const chunk = out.add(line);
            if (chunk !== undefined) yield chunk;
          }
        }
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'land.land_change',
    columns: ['id', 'parcel_id', 'commune_code', 'type', 'status', 'submitted_on', 'registered_on', 'rejection_reason'],
    source: 'land',
    serial: 'id',
    *generate(context, out) {
      const model = new LandModel(context);
      const count = parcelCount(context.population.size);
      let id = 0;
      for (let p = 0; p < count; p += 1) {
        const history = model.history(p);
        for (const change of history.changes) {
          id += 1;
          const line = `${id}\t${p + 1}\t${UNITS[history.unit]!.code}\t${change.type}\t${change.status}\t${dateText(change.submitted)}\t${change.registered === null ? NULL : dateText(change.registered)}\t${change.rejection ?? NULL}`;
          const chunk = out.add(line);
          if (chunk !== undefined) yield chunk;
        }
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'land.land_change_party',
    columns: ['id', 'change_id', 'role', 'personal_id', 'organisation', 'share_percent'],
    source: 'land',
    serial: 'id',
    *generate(context, out) {
      const model = new LandModel(context);
      const population = context.population;
      const count = parcelCount(population.size);
      let changeId = 0;
      let id = 0;
      for (let p = 0; p < count; p += 1) {
        for (const change of model.history(p).changes) {
          changeId += 1;
          for (const party of change.parties) {
            id += 1;
            const line = `${id}\t${changeId}\t${party.role}\t${holderColumns(population, party.citizen, party.organisation)}\t${party.share === null ? NULL : hundredths(party.share)}`;
            const chunk = out.add(line);
            if (chunk !== undefined) yield chunk;
          }
        }
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
];
