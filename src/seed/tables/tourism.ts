/**
 * Tourism sector: accommodation establishments of the eight types of the Law on Tourism 2017
 * (art. 48), guest-stay notifications (domestic guests by personal ID, foreign guests by passport
 * and ISO 3166 alpha-3 nationality) and inspections.
 */
import type { SeedContext, TableLoad } from '../context.ts';
import { NULL, SECONDS_PER_DAY, civil, copyTextArray, dateText, instantText } from '../format.ts';
import { ALIVE } from '../population.ts';
import { Rng, Stream, Weighted } from '../random.ts';
import { UNITS } from '../reference/administrative-units.ts';
import {
  ESTABLISHMENT_NAME_WORDS,
  FOREIGN_NATIONALITIES,
  HAMLETS,
  INSPECTING_AGENCIES,
  STREETS,
  TOURIST_AREAS,
  TOURIST_AREA_WEIGHTS,
  VIOLATIONS,
} from '../reference/places.ts';

export const ESTABLISHMENT_TYPES = [
  'HOTEL',
  'TOURIST_VILLA',
  'TOURIST_APARTMENT',
  'CRUISE_SHIP',
  'GUEST_HOUSE',
  'HOMESTAY',
  'CAMPSITE',
  'OTHER',
] as const;
type EstablishmentType = (typeof ESTABLISHMENT_TYPES)[number];

const TYPE_WEIGHTS = new Weighted<EstablishmentType>([
  ['HOTEL', 30],
  ['TOURIST_VILLA', 5],
  ['TOURIST_APARTMENT', 3],
  ['CRUISE_SHIP', 1],
  ['GUEST_HOUSE', 24],
  ['HOMESTAY', 28],
  ['CAMPSITE', 2],
  ['OTHER', 7],
]);
const STARS = new Weighted<number>([
  [1, 22],
  [2, 33],
  [3, 27],
  [4, 12],
  [5, 6],
]);
const LICENCE_PREFIX: Record<EstablishmentType, string> = {
  HOTEL: 'KS',
  TOURIST_VILLA: 'BT',
  TOURIST_APARTMENT: 'CH',
  CRUISE_SHIP: 'TT',
  GUEST_HOUSE: 'NN',
  HOMESTAY: 'HS',
  CAMPSITE: 'CT',
  OTHER: 'KH',
};

export interface Establishment {
  id: number;
  name: string;
  type: EstablishmentType;
  stars: number | null;
  licenceNo: string;
  unit: number;
  address: string;
  rooms: number;
}

export function establishmentCount(citizens: number): number {
  return Math.max(8, Math.round(citizens / 200));
}

/** The establishments (N/200 of them: few enough to keep in memory). */
export function buildEstablishments(context: SeedContext): Establishment[] {
  const count = establishmentCount(context.population.size);
  const rng = new Rng();
  const establishments: Establishment[] = [];
  for (let e = 0; e < count; e += 1) {
    rng.reseed(context.seed, Stream.establishment, e);
    // The first eight cover every type, so even a tiny data set has all of them.
    const type = e < ESTABLISHMENT_TYPES.length ? ESTABLISHMENT_TYPES[e]! : TYPE_WEIGHTS.pick(rng);
    const [area, unit] = TOURIST_AREAS[TOURIST_AREA_WEIGHTS.pick(rng)]!;
    const word = rng.pick(ESTABLISHMENT_NAME_WORDS);
    const stars = type === 'HOTEL' ? STARS.pick(rng) : null;
    const place = area.replace(/^(Thành phố|Vườn quốc gia|Nhà thờ đá|Biển|Chùa|Hồ) /, '');
    let name: string;
    let rooms: number;
    switch (type) {
      case 'HOTEL':
        name = rng.chance(0.5) ? `Khách sạn ${place} ${word}` : `${place} ${word} Hotel`;
        rooms = Math.round(10 + (stars ?? 1) ** 2 * rng.int(4, 12));
        break;
      case 'TOURIST_VILLA':
        name = `${word} Villa ${place}`;
        rooms = rng.int(3, 8);
        break;
      case 'TOURIST_APARTMENT':
        name = `Căn hộ du lịch ${word}`;
        rooms = rng.int(10, 60);
        break;
      case 'CRUISE_SHIP':
        name = `Du thuyền lưu trú ${word}`;
        rooms = rng.int(8, 30);
        break;
      case 'GUEST_HOUSE':
        name = `Nhà nghỉ ${word}`;
        rooms = rng.int(6, 25);
        break;
      case 'HOMESTAY':
        name = `${place} ${word} Homestay`;
        rooms = rng.int(3, 12);
        break;
      case 'CAMPSITE':
        name = `Khu cắm trại ${word} ${place}`;
        rooms = rng.int(10, 30);
        break;
      case 'OTHER':
        name = `${word} Bungalow ${place}`;
        rooms = rng.int(4, 20);
        break;
    }
    const unitInfo = UNITS[unit]!;
    const street =
      unitInfo.level === 'WARD' ? `Số ${rng.int(1, 300)}, đường ${rng.pick(STREETS)}` : `Thôn ${rng.pick(HAMLETS)}`;
    const year = rng.int(2012, 2026);
    establishments.push({
      id: e + 1,
      name,
      type,
      stars,
      licenceNo: `${LICENCE_PREFIX[type]}-37-${year}-${String(e + 1).padStart(5, '0')}`,
      unit,
      address: `${street}, khu du lịch ${area}, ${unitInfo.level === 'WARD' ? 'phường' : 'xã'} ${unitInfo.shortName}, tỉnh Ninh Bình`,
      rooms,
    });
  }
  return establishments;
}

const CHANNELS_DOMESTIC = new Weighted<string>([
  ['VNEID', 28],
  ['ONLINE_PORTAL', 38],
  ['API', 24],
  ['IN_PERSON', 10],
]);
const CHANNELS_FOREIGN = new Weighted<string>([
  ['ONLINE_PORTAL', 50],
  ['API', 35],
  ['IN_PERSON', 15],
]);
const NIGHTS = new Weighted<number>([
  [1, 55],
  [2, 28],
  [3, 10],
  [4, 4],
  [5, 2],
  [7, 1],
]);
/** Relative arrivals by month: the spring festival season (Tràng An, Bái Đính) and summer peak. */
const MONTH_WEIGHT = [0, 1.3, 1.4, 1.3, 0.9, 1.0, 1.2, 1.2, 0.9, 0.7, 0.8, 0.9, 1.1];

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
function digits(rng: Rng, n: number): string {
  let out = '';
  for (let k = 0; k < n; k += 1) out += String(rng.int(0, 9));
  return out;
}
function letters(rng: Rng, n: number): string {
  let out = '';
  for (let k = 0; k < n; k += 1) out += LETTERS[rng.int(0, LETTERS.length - 1)];
  return out;
}

/** A passport number in the usual shape of the issuing country. */
export function passportNumber(rng: Rng, nationality: string): string {
  switch (nationality) {
    case 'KOR':
      return `M${digits(rng, 8)}`;
    case 'CHN':
      return `E${digits(rng, 8)}`;
    case 'FRA':
      return `${digits(rng, 2)}${letters(rng, 2)}${digits(rng, 5)}`;
    case 'USA':
    case 'GBR':
      return digits(rng, 9);
    case 'DEU':
      return `C${letters(rng, 2)}${digits(rng, 6)}`;
    case 'JPN':
      return `T${letters(rng, 1)}${digits(rng, 7)}`;
    case 'AUS':
      return `P${digits(rng, 7)}`;
    default:
      return `${letters(rng, 1)}${digits(rng, 8)}`;
  }
}

export const tourismTables: readonly TableLoad[] = [
  {
    table: 'tourism.establishment',
    columns: ['id', 'name', 'type', 'stars', 'licence_no', 'commune_code', 'address'],
    source: 'tourism',
    serial: 'id',
    *generate(context, out) {
      for (const e of buildEstablishments(context)) {
        const line = `${e.id}\t${e.name}\t${e.type}\t${e.stars ?? NULL}\t${e.licenceNo}\t${UNITS[e.unit]!.code}\t${e.address}`;
        const chunk = out.add(line);
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'tourism.guest_stay',
    columns: [
      'id',
      'establishment_id',
      'guest_personal_id',
      'passport_no',
      'nationality',
      'check_in_at',
      'expected_check_out_at',
      'actual_check_out_at',
      'declared_at',
      'channel',
    ],
    source: 'tourism',
    serial: 'id',
    *generate(context, out) {
      const { population, seed, asOf } = context;
      const establishments = buildEstablishments(context);
      const byCapacity = new Weighted(establishments.map((e, index) => [index, e.rooms] as const));
      const stays = Math.round(population.size * 0.3);
      const rng = new Rng();
      const nowSeconds = asOf * SECONDS_PER_DAY + 12 * 3600;
      for (let s = 0; s < stays; s += 1) {
        rng.reseed(seed, Stream.stay, s);
        const establishment = establishments[byCapacity.pickIndex(rng)]!;
        let day = rng.int(asOf - 730, asOf);
        for (let attempt = 0; attempt < 2 && rng.float() * 1.4 > MONTH_WEIGHT[civil(day)[1]]!; attempt += 1) {
          day = rng.int(asOf - 730, asOf);
        }
        const checkIn = day * SECONDS_PER_DAY + rng.int(12 * 3600, 23 * 3600 - 1);
        let guest = -1;
        if (rng.chance(establishment.type === 'HOMESTAY' ? 0.5 : 0.75)) {
          for (let attempt = 0; attempt < 8 && guest < 0; attempt += 1) {
            const candidate = rng.int(0, population.size - 1);
            const birth = population.birthDay[candidate]!;
            const death = population.deathDay[candidate]!;
            if (day - birth >= 14 * 365.25 && (death === ALIVE || death > day + 7)) guest = candidate;
          }
        }
        // A showcase citizen (src/seed/showcase.ts) is the guest of this stay: an adult, alive, whatever the draw.
        guest = context.showcase.stays.get(s) ?? guest;
        const nights = NIGHTS.pick(rng);
        const expected = (day + nights) * SECONDS_PER_DAY + 12 * 3600;
        let actual: number | null = null;
        if (expected <= nowSeconds) {
          actual = expected + rng.int(-3 * 3600, 3600);
          if (nights >= 2 && rng.chance(0.04)) actual -= SECONDS_PER_DAY;
          actual = Math.max(actual, checkIn + 3600);
        }
        const x = rng.float();
        const declared =
          checkIn +
          (x < 0.85
            ? rng.int(300, 6 * 3600)
            : x < 0.97
              ? rng.int(12 * 3600, 20 * 3600)
              : rng.int(26 * 3600, 72 * 3600));
        let guestColumns: string;
        let channel: string;
        if (guest >= 0) {
          guestColumns = `${population.pid[guest]}\t${NULL}\tVNM`;
          channel = CHANNELS_DOMESTIC.pick(rng);
        } else {
          const nationality = FOREIGN_NATIONALITIES.pick(rng);
          guestColumns = `${NULL}\t${passportNumber(rng, nationality)}\t${nationality}`;
          channel = CHANNELS_FOREIGN.pick(rng);
        }
        const line = `${s + 1}\t${establishment.id}\t${guestColumns}\t${instantText(checkIn)}\t${instantText(expected)}\t${actual === null ? NULL : instantText(actual)}\t${instantText(declared)}\t${channel}`;
        const chunk = out.add(line);
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'tourism.inspection',
    columns: ['id', 'establishment_id', 'inspected_on', 'agency', 'findings', 'violations'],
    source: 'tourism',
    serial: 'id',
    *generate(context, out) {
      const { seed, asOf } = context;
      const count = establishmentCount(context.population.size);
      const rng = new Rng();
      let id = 0;
      for (let e = 0; e < count; e += 1) {
        rng.reseed(seed, Stream.inspection, e);
        const inspections = rng.chance(0.3) ? 0 : rng.chance(0.55) ? 1 : rng.chance(0.65) ? 2 : 3;
        for (let k = 0; k < inspections; k += 1) {
          id += 1;
          const day = rng.int(asOf - 3 * 365, asOf - 1);
          const violations: string[] = [];
          if (rng.chance(0.28)) {
            violations.push(rng.pick(VIOLATIONS));
            if (rng.chance(0.3)) {
              const second = rng.pick(VIOLATIONS);
              if (second !== violations[0]) violations.push(second);
            }
          }
          const findings =
            violations.length === 0
              ? 'Cơ sở chấp hành tốt quy định về kinh doanh lưu trú du lịch, an ninh trật tự và phòng cháy, chữa cháy.'
              : `Phát hiện ${violations.length} hành vi vi phạm; đã lập biên bản và yêu cầu khắc phục trong thời hạn 30 ngày.`;
          const line = `${id}\t${e + 1}\t${dateText(day)}\t${rng.pick(INSPECTING_AGENCIES)}\t${findings}\t${copyTextArray(violations)}`;
          const chunk = out.add(line);
          if (chunk !== undefined) yield chunk;
        }
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
];
