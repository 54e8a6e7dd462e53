/**
 * The population model: every citizen and household of the seed, kept compactly in typed arrays
 * (about 60 bytes per citizen, so a million citizens fit in well under 100 MB). The table
 * generators stream COPY rows from this model; nothing else is held in memory.
 *
 * Households are generated one after another, each from its own random stream, with a realistic
 * composition: one head, a spouse, children, the head's parents or, in three-generation homes run
 * by a grandparent, a married child with spouse and grandchildren. Ages are consistent (a mother is
 * 19-44 at a child's birth, spouses are close in age) and some relatives have died (their
 * registration is closed). Each citizen gets a personal ID `PPP C YY RRRRRR` that encodes the
 * province where the birth was registered, the century and sex, and the year of birth; IDs are
 * unique (a set of the numbers is kept while the model is built).
 */
import { UNITS, MUONG_AREAS, populationWeight, type AdministrativeUnit } from './reference/administrative-units.ts';
import { FAMILY_NAMES, FEMALE_SECOND_MIDDLE, MUONG_FAMILY_NAMES, nameTables } from './reference/names.ts';
import { Rng, Stream, Weighted, mix, permuteMillion } from './random.ts';
import { dayNumber, yearOf } from './format.ts';

export const RELATIONSHIPS = [
  'HEAD',
  'SPOUSE',
  'CHILD',
  'PARENT',
  'SIBLING',
  'GRANDCHILD',
  'GRANDPARENT',
  'DAUGHTER_OR_SON_IN_LAW',
  'OTHER_RELATIVE',
  'NON_RELATIVE',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
const REL = Object.fromEntries(RELATIONSHIPS.map((name, index) => [name, index])) as Record<Relationship, number>;

export const ETHNICITIES = ['Kinh', 'Mường', 'Tày', 'Thái', 'Hoa', 'Nùng', 'Dao'] as const;

/** `deathDay` of a living citizen. */
export const ALIVE = 0x7fffffff;
/** `hometown` of a citizen whose home town is outside the province. */
export const NO_HOMETOWN = 0xffff;

/**
 * Provinces where citizens born outside Ninh Binh had their birth registered (pre-2025 codes,
 * which is what their personal IDs carry): mostly neighbours and the two big cities.
 */
const OUTSIDE_BIRTH_PROVINCES = new Weighted<string>([
  ['001', 30], // Hà Nội
  ['038', 15], // Thanh Hóa
  ['034', 12], // Thái Bình
  ['033', 8], // Hưng Yên
  ['079', 8], // TP Hồ Chí Minh
  ['031', 6], // Hải Phòng
  ['040', 6], // Nghệ An
  ['030', 5], // Hải Dương
  ['017', 4], // Hòa Bình
  ['022', 3], // Quảng Ninh
  ['042', 3], // Hà Tĩnh
]);

/** Births registered from 1 July 2025 on are registered by the merged province: code 037. */
const MERGER_DAY = dayNumber(2025, 7, 1);

export interface PreviousId {
  previousId: string;
  cancelledDay: number;
  reason: string;
}

export interface Population {
  readonly size: number;
  /** The reference day of the data set ("today" for the generator). */
  readonly asOf: number;
  readonly pid: string[];
  readonly birthDay: Int32Array;
  /** Day of death, or ALIVE. */
  readonly deathDay: Int32Array;
  /** 1 = female. */
  readonly female: Uint8Array;
  /** Indices into `nameParts`; middle2 = 0 means none. */
  readonly family: Uint16Array;
  readonly middle: Uint16Array;
  readonly middle2: Uint16Array;
  readonly given: Uint16Array;
  readonly ethnicity: Uint8Array;
  readonly household: Int32Array;
  /** Index into RELATIONSHIPS. */
  readonly relationship: Uint8Array;
  /** Start of the citizen's (current, or for the dead last) permanent registration. */
  readonly arrivalDay: Int32Array;
  /** Index into UNITS, or NO_HOMETOWN. */
  readonly hometown: Uint16Array;
  readonly nameParts: readonly string[];
  readonly previousIds: ReadonlyMap<number, PreviousId>;
  readonly households: {
    readonly count: number;
    /** Members of household h are citizens start[h] .. start[h+1]-1; the head is start[h]. */
    readonly start: Int32Array;
    /** Index into UNITS. */
    readonly unit: Uint16Array;
    readonly createdDay: Int32Array;
  };
}

export function fullName(population: Population, citizen: number): string {
  const parts = population.nameParts;
  const m2 = population.middle2[citizen]!;
  return m2 === 0
    ? `${parts[population.family[citizen]!]} ${parts[population.middle[citizen]!]} ${parts[population.given[citizen]!]}`
    : `${parts[population.family[citizen]!]} ${parts[population.middle[citizen]!]} ${parts[m2]} ${parts[population.given[citizen]!]}`;
}

export function isAlive(population: Population, citizen: number): boolean {
  return population.deathDay[citizen] === ALIVE;
}

/** Age in whole years on `day` (approximate: 365.25-day years, fine for generation rules). */
export function ageOn(population: Population, citizen: number, day: number): number {
  return Math.floor((day - population.birthDay[citizen]!) / 365.25);
}

export const UNIT_WEIGHTS = new Weighted(UNITS.map((unit, index) => [index, populationWeight(unit)] as const));

type HouseholdType =
  'SINGLE' | 'COUPLE' | 'NUCLEAR' | 'THREE_GEN_PARENTS' | 'THREE_GEN_GRANDPARENT' | 'SINGLE_PARENT' | 'OTHER';
const HOUSEHOLD_TYPES = new Weighted<HouseholdType>([
  ['SINGLE', 10],
  ['COUPLE', 14],
  ['NUCLEAR', 46],
  ['THREE_GEN_PARENTS', 11],
  ['THREE_GEN_GRANDPARENT', 11],
  ['SINGLE_PARENT', 6],
  ['OTHER', 2],
]);
const CHILD_COUNT = new Weighted<number>([
  [1, 25],
  [2, 50],
  [3, 20],
  [4, 5],
]);

const YEAR = 365.25;

interface Member {
  female: boolean;
  birthDay: number;
  relationship: Relationship;
  arrivalDay: number;
  /** Day of death for a relative who died (their registration is closed), else ALIVE. */
  deathDay: number;
  /** Family name (children of a father take his). */
  familyName: string;
  bornOutside: boolean;
  hometown: number;
  muong: boolean;
}

/** Builds the population of `size` citizens; deterministic in (size, seed, asOf). */
export function buildPopulation(size: number, seed: number, asOf: number): Population {
  const pid: string[] = new Array<string>(size);
  const birthDay = new Int32Array(size);
  const deathDay = new Int32Array(size);
  const female = new Uint8Array(size);
  const family = new Uint16Array(size);
  const middle = new Uint16Array(size);
  const middle2 = new Uint16Array(size);
  const given = new Uint16Array(size);
  const ethnicity = new Uint8Array(size);
  const household = new Int32Array(size);
  const relationship = new Uint8Array(size);
  const arrivalDay = new Int32Array(size);
  const hometown = new Uint16Array(size);
  const previousIds = new Map<number, PreviousId>();

  const nameParts: string[] = [''];
  const namePartIndex = new Map<string, number>([['', 0]]);
  const part = (text: string): number => {
    let index = namePartIndex.get(text);
    if (index === undefined) {
      index = nameParts.length;
      nameParts.push(text);
      namePartIndex.set(text, index);
    }
    return index;
  };

  // Household arrays grow as needed (the count is known only at the end).
  let capacity = Math.max(16, Math.ceil(size / 3));
  let hhStart = new Int32Array(capacity + 1);
  let hhUnit = new Uint16Array(capacity);
  let hhCreated = new Int32Array(capacity);

  // Numbers issued so far per (province, century/sex, year) prefix; the random part is a keyed
  // permutation of that counter, so IDs never repeat and no set of issued numbers is needed.
  const issuedPerPrefix = new Map<number, number>();
  const rng = new Rng();
  const composer = new HouseholdComposer(rng, asOf);
  const nameRng = new Rng();
  const idRng = new Rng();
  const prevRng = new Rng();
  let filled = 0;
  let h = 0;

  const issueId = (provinceCode: string, isFemale: boolean, birth: number): string => {
    const year = yearOf(birth);
    const century = Math.floor(year / 100) - 19; // 1900s -> 0, 2000s -> 1, 2100s -> 2
    const prefix = (Number(provinceCode) * 10 + century * 2 + (isFemale ? 1 : 0)) * 100 + (year % 100);
    const issued = issuedPerPrefix.get(prefix) ?? 0;
    issuedPerPrefix.set(prefix, issued + 1);
    const random = permuteMillion(issued, mix(seed, Stream.person, prefix));
    return `${String(prefix).padStart(6, '0')}${String(random).padStart(6, '0')}`;
  };

  while (filled < size) {
    if (h >= capacity) {
      capacity *= 2;
      hhStart = grow(hhStart, capacity + 1);
      hhUnit = grow(hhUnit, capacity);
      hhCreated = grow(hhCreated, capacity);
    }
    rng.reseed(seed, Stream.household, h);
    const unitIndex = UNIT_WEIGHTS.pick(rng);
    const unit = UNITS[unitIndex]!;
    const members = composer.compose(unitIndex, unit);
    const created = members[0]!.arrivalDay;

    hhStart[h] = filled;
    hhUnit[h] = unitIndex;
    hhCreated[h] = created;
    for (const member of members) {
      if (filled >= size) break;
      const i = filled;
      filled += 1;
      birthDay[i] = member.birthDay;
      deathDay[i] = member.deathDay;
      female[i] = member.female ? 1 : 0;
      household[i] = h;
      relationship[i] = REL[member.relationship];
      arrivalDay[i] = member.arrivalDay;
      hometown[i] = member.hometown;
      ethnicity[i] = member.muong ? 1 : rng.chance(0.003) ? rng.int(2, ETHNICITIES.length - 1) : 0;

      const birthYear = yearOf(member.birthDay);
      nameRng.reseed(seed, Stream.names, i);
      const tables = nameTables(member.female, birthYear);
      family[i] = part(member.familyName);
      const middleName = tables.middle.pick(nameRng);
      middle[i] = part(middleName);
      middle2[i] =
        member.female && middleName === 'Thị' && birthYear >= 1975 && nameRng.chance(0.25)
          ? part(nameRng.pick(FEMALE_SECOND_MIDDLE))
          : 0;
      let givenName = tables.given.pick(nameRng);
      if (givenName === middleName) givenName = tables.given.pick(nameRng);
      given[i] = part(givenName);

      idRng.reseed(seed, Stream.person, i);
      const province = member.bornOutside
        ? OUTSIDE_BIRTH_PROVINCES.pick(idRng)
        : member.birthDay >= MERGER_DAY
          ? '037'
          : `0${unit.formerProvince}`;
      pid[i] = issueId(province, member.female, member.birthDay);

      // A few citizens had their number cancelled and re-issued (Law on Identification 2023).
      prevRng.reseed(seed, Stream.previousId, i);
      if (member.deathDay === ALIVE && prevRng.chance(0.001)) {
        previousIds.set(i, previousIdFor(prevRng, pid[i], member, province, asOf, issueId));
      }
    }
    h += 1;
  }
  hhStart[h] = filled;

  return {
    size,
    asOf,
    pid,
    birthDay,
    deathDay,
    female,
    family,
    middle,
    middle2,
    given,
    ethnicity,
    household,
    relationship,
    arrivalDay,
    hometown,
    nameParts,
    previousIds,
    households: {
      count: h,
      start: hhStart.slice(0, h + 1),
      unit: hhUnit.slice(0, h),
      createdDay: hhCreated.slice(0, h),
    },
  };
}

function grow<T extends Int32Array | Uint16Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}

const PREVIOUS_ID_REASONS = new Weighted<string>([
  ['Cải chính năm sinh', 40],
  ['Hủy số định danh cá nhân cấp trùng', 30],
  ['Đăng ký lại khai sinh', 20],
  ['Xác định lại giới tính', 10],
]);

function previousIdFor(
  r: Rng,
  current: string,
  member: Member,
  province: string,
  asOf: number,
  issueId: (provinceCode: string, isFemale: boolean, birth: number) => string,
): PreviousId {
  const reason = PREVIOUS_ID_REASONS.pick(r);
  const cancelledDay = r.int(Math.max(dayNumber(2021, 7, 1), member.birthDay + 30), asOf - 1);
  let previousId: string;
  switch (reason) {
    case 'Cải chính năm sinh':
      previousId = issueId(province, member.female, member.birthDay + (r.chance(0.5) ? 1 : -1) * 366);
      break;
    case 'Đăng ký lại khai sinh':
      previousId = issueId(province === '001' ? '037' : '001', member.female, member.birthDay);
      break;
    case 'Xác định lại giới tính':
      previousId = issueId(province, !member.female, member.birthDay);
      break;
    default:
      previousId = issueId(province, member.female, member.birthDay);
  }
  if (previousId === current) throw new Error('unreachable: ids are unique');
  return { previousId, cancelledDay, reason };
}

// ───────────────────────────── household composition ─────────────────────────────

/**
 * Composes one household at a time. A class with methods rather than closures: the generator runs
 * once per household, and closures would be re-created (and, under tsx, re-named) every time.
 */
class HouseholdComposer {
  private members: Member[] = [];
  private unitIndex = 0;
  private muongHousehold = false;

  constructor(
    private readonly rng: Rng,
    private readonly asOf: number,
  ) {}

  compose(unitIndex: number, unit: AdministrativeUnit): Member[] {
    const rng = this.rng;
    const asOf = this.asOf;
    this.members = [];
    this.unitIndex = unitIndex;
    this.muongHousehold = MUONG_AREAS.has(unit.shortName) && rng.chance(0.3);
    const type = HOUSEHOLD_TYPES.pick(rng);

    switch (type) {
      case 'SINGLE': {
        const elderly = rng.chance(0.55);
        const isFemale = elderly ? rng.chance(0.7) : rng.chance(0.4);
        const birth = this.born(elderly ? rng.int(60, 92) : rng.int(20, 45));
        const created = this.formation(birth);
        this.person(isFemale, birth, 'HEAD', created, this.surname(), 0.05);
        if (elderly && rng.chance(0.6)) {
          const spouse = this.person(!isFemale, birth + rng.int(-2000, 2000), 'SPOUSE', created, this.surname(), 0.1);
          this.die(spouse, 15);
        }
        break;
      }
      case 'COUPLE': {
        const young = rng.chance(0.25);
        const headFemale = rng.chance(0.15);
        const birth = this.born(young ? rng.int(22, 34) : rng.int(50, 85));
        const created = young ? asOf - rng.int(30, 5 * 365) : this.formation(birth);
        this.person(headFemale, birth, 'HEAD', created, this.surname(), 0.05);
        this.person(!headFemale, spouseBirth(rng, birth, headFemale), 'SPOUSE', created, this.surname(), 0.2);
        break;
      }
      case 'NUCLEAR': {
        const headFemale = rng.chance(0.15);
        const birth = this.born(rng.int(26, 62));
        const created = this.formation(birth);
        const head = this.person(headFemale, birth, 'HEAD', created, this.surname(), 0.05);
        const spouse = this.person(
          !headFemale,
          spouseBirth(rng, birth, headFemale),
          'SPOUSE',
          created,
          this.surname(),
          0.2,
        );
        const mother = headFemale ? head : spouse;
        const father = headFemale ? spouse : head;
        this.children(mother.birthDay, father.familyName, created, CHILD_COUNT.pick(rng), 'CHILD');
        break;
      }
      case 'THREE_GEN_PARENTS': {
        const headFemale = rng.chance(0.1);
        const birth = this.born(rng.int(28, 55));
        const created = this.formation(birth);
        const head = this.person(headFemale, birth, 'HEAD', created, this.surname(), 0.03);
        let mother = head;
        let father = head;
        if (rng.chance(0.9)) {
          const spouse = this.person(
            !headFemale,
            spouseBirth(rng, birth, headFemale),
            'SPOUSE',
            created,
            this.surname(),
            0.2,
          );
          mother = headFemale ? head : spouse;
          father = headFemale ? spouse : head;
        }
        this.children(mother.birthDay, father.familyName, created, rng.int(0, 3), 'CHILD');
        // The head's own parents live with them.
        const fatherBirth = birth - Math.round(rng.int(22, 35) * YEAR) - rng.int(0, 364);
        const motherBirth = fatherBirth + rng.int(-700, 2500);
        const grandfather = this.person(false, fatherBirth, 'PARENT', created, head.familyName, 0.05);
        const grandmother = this.person(true, motherBirth, 'PARENT', created, this.surname(), 0.1);
        if (rng.chance(0.3)) {
          if (rng.chance(0.5)) this.die(grandfather, 12);
          else this.remove(grandfather);
        }
        if (rng.chance(0.15)) {
          if (rng.chance(0.5)) this.die(grandmother, 12);
          else this.remove(grandmother);
        }
        break;
      }
      case 'THREE_GEN_GRANDPARENT': {
        const headFemale = rng.chance(0.25);
        const birth = this.born(rng.int(55, 80));
        const created = this.formation(birth);
        const head = this.person(headFemale, birth, 'HEAD', created, this.surname(), 0.03);
        const spouse = this.person(
          !headFemale,
          spouseBirth(rng, birth, headFemale),
          'SPOUSE',
          created,
          this.surname(),
          0.15,
        );
        const mother = headFemale ? head : spouse;
        const father = headFemale ? spouse : head;
        // A married child (usually a son) with spouse and grandchildren.
        const childBirth = clampDay(
          mother.birthDay + Math.round(rng.int(20, 34) * YEAR),
          mother.birthDay,
          asOf - Math.round(20 * YEAR),
        );
        const sonLives = rng.chance(0.75);
        const childArrival = Math.max(created, childBirth + rng.int(5, 60));
        const child = this.person(!sonLives, childBirth, 'CHILD', childArrival, father.familyName, 0.02);
        const marriage = clampDay(childBirth + Math.round(rng.int(21, 29) * YEAR), child.arrivalDay, asOf - 60);
        const inLawBirth = spouseBirth(rng, childBirth, !sonLives);
        const inLaw = this.person(sonLives, inLawBirth, 'DAUGHTER_OR_SON_IN_LAW', marriage, this.surname(), 0.2);
        const youngMother = sonLives ? inLaw : child;
        const youngFather = sonLives ? child : inLaw;
        this.children(youngMother.birthDay, youngFather.familyName, marriage, CHILD_COUNT.pick(rng), 'GRANDCHILD');
        if (rng.chance(0.3)) this.children(mother.birthDay, father.familyName, created, 1, 'CHILD');
        if (rng.chance(0.2)) this.die(spouse, 10);
        break;
      }
      case 'SINGLE_PARENT': {
        const headFemale = rng.chance(0.85);
        const birth = this.born(rng.int(28, 55));
        const created = this.formation(birth);
        const head = this.person(headFemale, birth, 'HEAD', created, this.surname(), 0.05);
        const absentParentSurname = headFemale ? this.surname() : head.familyName;
        if (rng.chance(0.25)) {
          const spouseBirthDay = spouseBirth(rng, birth, headFemale);
          const spouse = this.person(!headFemale, spouseBirthDay, 'SPOUSE', created, absentParentSurname, 0.2);
          this.die(spouse, 12);
        }
        const motherBirth = headFemale ? birth : birth + rng.int(-1500, 2500);
        this.children(motherBirth, absentParentSurname, created, rng.int(1, 2), 'CHILD');
        break;
      }
      case 'OTHER': {
        const birth = this.born(rng.int(25, 70));
        const headFemale = rng.chance(0.45);
        const created = this.formation(birth);
        const head = this.person(headFemale, birth, 'HEAD', created, this.surname(), 0.05);
        const extra = rng.int(1, 2);
        for (let k = 0; k < extra; k += 1) {
          const kind = OTHER_MEMBERS[rng.int(0, OTHER_MEMBERS.length - 1)]!;
          const arrival = asOf - rng.int(30, 15 * 365);
          if (kind === 'SIBLING') {
            this.person(rng.chance(0.5), birth + rng.int(-3000, 3000), kind, arrival, head.familyName, 0.05);
          } else if (kind === 'GRANDCHILD') {
            this.person(rng.chance(0.47), this.born(rng.int(3, 16)), kind, arrival, this.surname(), 0.05);
          } else {
            this.person(rng.chance(0.5), this.born(rng.int(16, 60)), kind, arrival, this.surname(), 0.2);
          }
        }
        break;
      }
    }
    // Anyone whose birth would fall on or after the reference day (rounding at the edges) is dropped.
    const members = this.members;
    let kept = 1;
    for (let k = 1; k < members.length; k += 1) {
      if (members[k]!.birthDay < asOf) members[kept++] = members[k]!;
    }
    members.length = kept;
    return members;
  }

  private surname(): string {
    return (this.muongHousehold ? MUONG_FAMILY_NAMES : FAMILY_NAMES).pick(this.rng);
  }

  /** A birth day for someone aged `ageYears` on the reference day. */
  private born(ageYears: number): number {
    return Math.min(this.asOf - 1, Math.round(this.asOf - ageYears * YEAR - this.rng.int(0, 364)));
  }

  /** When the head (then 20-30) set up home: the household's registrations start here. */
  private formation(headBirth: number): number {
    return clampDay(headBirth + Math.round(this.rng.int(20, 30) * YEAR), dayNumber(1976, 1, 1), this.asOf - 30);
  }

  private person(
    isFemale: boolean,
    birth: number,
    relationship: Relationship,
    arrival: number,
    familyName: string,
    outsideChance: number,
  ): Member {
    const rng = this.rng;
    const bornOutside = rng.chance(outsideChance);
    const hometown = bornOutside ? NO_HOMETOWN : rng.chance(0.85) ? this.unitIndex : UNIT_WEIGHTS.pick(rng);
    const member: Member = {
      female: isFemale,
      birthDay: birth,
      relationship,
      arrivalDay: Math.min(this.asOf - 1, Math.max(arrival, birth)),
      deathDay: ALIVE,
      familyName,
      bornOutside,
      hometown,
      muong: this.muongHousehold && (relationship !== 'SPOUSE' || rng.chance(0.7)),
    };
    this.members.push(member);
    return member;
  }

  private remove(member: Member): void {
    const index = this.members.indexOf(member);
    if (index > 0) this.members.splice(index, 1);
  }

  /** Marks `member` as having died after arriving, or drops them when no such day exists. */
  private die(member: Member, withinYears: number): void {
    const earliest = Math.max(
      member.arrivalDay + 30,
      this.asOf - Math.round(withinYears * YEAR),
      member.birthDay + 365,
    );
    const latest = this.asOf - 10;
    if (earliest > latest) this.remove(member);
    else member.deathDay = this.rng.int(earliest, latest);
  }

  private children(
    motherBirth: number,
    fatherSurname: string,
    householdCreated: number,
    count: number,
    relationship: Relationship,
  ): void {
    const rng = this.rng;
    const asOf = this.asOf;
    const motherAge = (asOf - motherBirth) / YEAR;
    let earliest = motherBirth + Math.round(19 * YEAR);
    const latest = Math.min(asOf - 1, motherBirth + Math.round(Math.min(44, motherAge) * YEAR));
    for (let k = 0; k < count && earliest <= latest; k += 1) {
      const span = Math.min(latest - earliest, Math.round(8 * YEAR));
      const birth = earliest + rng.int(0, Math.max(0, span));
      // Adult children over 30 have mostly left home.
      if ((asOf - birth) / YEAR > 30 && rng.chance(0.8)) {
        earliest = birth + Math.round(1.2 * YEAR);
        continue;
      }
      const boy = rng.chance(0.53); // Vietnam's sex ratio at birth is ~112 boys per 100 girls
      this.person(!boy, birth, relationship, Math.max(householdCreated, birth + rng.int(5, 60)), fatherSurname, 0.02);
      earliest = birth + Math.round((rng.int(14, 60) / 12) * YEAR);
    }
  }
}

const OTHER_MEMBERS: readonly Relationship[] = ['SIBLING', 'OTHER_RELATIVE', 'NON_RELATIVE', 'GRANDCHILD'];

function spouseBirth(rng: Rng, partnerBirth: number, partnerFemale: boolean): number {
  // Husbands are on average ~3 years older than their wives.
  const offsetYears = partnerFemale ? -rng.int(0, 7) + rng.int(-1, 1) : rng.int(0, 7) + rng.int(-2, 1);
  return partnerBirth + Math.round(offsetYears * YEAR) + rng.int(-180, 180);
}

function clampDay(day: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, day));
}
