/**
 * Health sector: facilities, the ICD-10 catalogue, insurance coverage, health summaries,
 * encounters with their payments, and vaccinations.
 *
 * A citizen's coverage, summary and encounters are pure functions of (seed, citizen): the payment
 * generator recomputes the encounters (and the coverage that decides the insurance share) rather
 * than keeping them in memory.
 */
import type { SeedContext, TableLoad } from '../context.ts';
import { ALIVE, ageOn } from '../population.ts';
import { Rng, Stream, Weighted } from '../random.ts';
import {
  ALLERGIES,
  BENEFIT_PERCENT,
  BLOOD_TYPES,
  CHRONIC_CONDITIONS,
  COVID_VACCINES,
  EPI_SCHEDULE,
  FACILITIES,
  FACILITY_INDEX,
  ICD10,
  INFLUENZA_VACCINE,
  INSURANCE_GROUPS,
  TETANUS_VACCINE,
  type ChronicCondition,
  type Facility,
} from '../reference/health.ts';
import { UNITS, type FormerProvince } from '../reference/administrative-units.ts';
import {
  NULL,
  SECONDS_PER_DAY,
  civil,
  copyTextArray,
  dateText,
  dayNumber,
  instantText,
  timestampText,
  yearOf,
} from '../format.ts';
import { SocialInsuranceNumbers } from '../identifiers.ts';

export type EncounterType = 'OUTPATIENT' | 'INPATIENT' | 'EMERGENCY' | 'DAY_CARE';

export interface Coverage {
  cardCode: string;
  validFrom: number;
  validTo: number;
  facility: number;
  level: number;
}

export interface PlannedEncounter {
  type: EncounterType;
  /** Local (Vietnam time) seconds since the epoch. */
  admitted: number;
  discharged: number | null;
  facility: number;
  principal: string;
  secondary: string[];
  /** Added for a showcase citizen (src/seed/showcase.ts): paid, cashless. */
  showcase?: true;
}

export interface HealthSummary {
  bloodType: string | null;
  allergies: string[];
  chronic: ChronicCondition[];
}

const BLOOD = new Weighted(BLOOD_TYPES);
const MERGER_DAY = dayNumber(2025, 7, 1);

function civilMonth(day: number): number {
  return civil(day)[1];
}
const ALLERGY = new Weighted(ALLERGIES);
const COVID = new Weighted(COVID_VACCINES);

/** Everything health-related that is derived from one citizen, recomputable on demand. */
export class HealthModel {
  private readonly coverageRng = new Rng();
  private readonly summaryRng = new Rng();
  private readonly encounterRng = new Rng();
  private readonly vaccinationRng = new Rng();
  private readonly showcaseRng = new Rng();
  readonly socialInsurance: SocialInsuranceNumbers;
  private readonly windowStart: number;
  private readonly yearEnd: number;

  constructor(private readonly context: SeedContext) {
    this.socialInsurance = new SocialInsuranceNumbers(context.seed);
    this.windowStart = context.asOf - 3 * 365;
    const year = yearOf(context.asOf);
    this.yearEnd = dayNumber(year, 12, 31);
  }

  formerProvince(citizen: number): FormerProvince {
    const population = this.context.population;
    return UNITS[population.households.unit[population.household[citizen]!]!]!.formerProvince;
  }

  socialInsuranceNumber(citizen: number): string {
    return this.socialInsurance.of(citizen, this.formerProvince(citizen));
  }

  /** The citizen's health-insurance cards (the current one, sometimes last year's too); [] if uninsured. */
  coverages(citizen: number): Coverage[] {
    const { population, asOf, seed } = this.context;
    if (population.deathDay[citizen] !== ALIVE) return [];
    const rng = this.coverageRng.reseed(seed, Stream.coverage, citizen);
    const age = ageOn(population, citizen, asOf);
    const insuredChance = age < 6 ? 0.97 : age < 18 ? 0.88 : age < 23 ? 0.7 : age < 60 ? 0.6 : age < 80 ? 0.85 : 0.95;
    // A showcase citizen is always insured (src/seed/showcase.ts); the draw is made anyway, so the rest is unchanged.
    if (!rng.chance(insuredChance) && !this.context.showcase.has(citizen)) return [];
    const group = insuranceGroup(rng, age, population.ethnicity[citizen]! === 1);
    const level = INSURANCE_GROUPS[group]!;
    const si = this.socialInsuranceNumber(citizen);
    const province = this.formerProvince(citizen);
    const unit = population.households.unit[population.household[citizen]!]!;
    const facility = rng.chance(0.6) ? FACILITY_INDEX.stationOfUnit[unit]! : rng.pick(FACILITY_INDEX.centres[province]);
    const birth = population.birthDay[citizen]!;
    if (group === 'TE') {
      // Children under six: one card from birth to the day before their sixth birthday.
      const [y, m, d] = civil(birth);
      const sixth = dayNumber(y + 6, m, Math.min(d, 28)) + Math.max(0, d - 28);
      return [{ cardCode: `TE237${si}`, validFrom: birth, validTo: sixth - 1, facility, level }];
    }
    // The current card has been renewed without a gap since the citizen enrolled in this group
    // (cards are re-issued with the merged province's code 37); some citizens also have the card
    // of their previous group (a pupil who became an employee...), which ended the day before.
    let enrolled = Math.max(birth + 6 * 365, asOf - rng.int(60, 10 * 365));
    // A showcase citizen's card covers their showcase visits (the last 400 days, see encounters()).
    if (this.context.showcase.has(citizen)) enrolled = Math.min(enrolled, asOf - 430);
    const validFrom = dayNumber(yearOf(enrolled), civilMonth(enrolled), 1);
    const cards: Coverage[] = [];
    if (rng.chance(0.08) && validFrom - birth > 8 * 365) {
      const previousFrom = Math.max(birth + 6 * 365, validFrom - rng.int(365, 4 * 365));
      const previousGroup = validFrom - birth < 19 * 365 ? 'TE' : validFrom - birth < 24 * 365 ? 'HS' : 'GD';
      const previousProvince = validFrom - 1 < MERGER_DAY ? province : '37';
      cards.push({
        cardCode: `${previousGroup}${INSURANCE_GROUPS[previousGroup]}${previousProvince}${si}`,
        validFrom: previousFrom,
        validTo: validFrom - 1,
        facility,
        level: INSURANCE_GROUPS[previousGroup]!,
      });
    }
    cards.push({ cardCode: `${group}${level}37${si}`, validFrom, validTo: this.yearEnd, facility, level });
    return cards;
  }

  summary(citizen: number): HealthSummary {
    const { population, asOf, seed } = this.context;
    const rng = this.summaryRng.reseed(seed, Stream.summary, citizen);
    const bloodType = rng.chance(0.03) ? null : BLOOD.pick(rng);
    const allergies: string[] = [];
    if (rng.chance(0.085)) {
      allergies.push(ALLERGY.pick(rng));
      if (rng.chance(0.18)) {
        const second = ALLERGY.pick(rng);
        if (second !== allergies[0]) allergies.push(second);
      }
    }
    const end = Math.min(asOf, population.deathDay[citizen]!);
    const age = ageOn(population, citizen, end);
    const band = age < 18 ? 0 : age < 40 ? 1 : age < 60 ? 2 : 3;
    const female = population.female[citizen] === 1;
    const chronic: ChronicCondition[] = [];
    for (const condition of CHRONIC_CONDITIONS) {
      if (condition.sex === 'female' && !female) continue;
      if (condition.sex === 'male' && female) continue;
      if (rng.chance(condition.prevalence[band])) chronic.push(condition);
    }
    return { bloodType, allergies, chronic };
  }

  /** The citizen's encounters of the last three years, in admission order. */
  encounters(citizen: number): PlannedEncounter[] {
    const { population, asOf, seed } = this.context;
    const birth = population.birthDay[citizen]!;
    const start = Math.max(birth, this.windowStart);
    const end = Math.min(asOf, population.deathDay[citizen]!);
    if (end - start < 1) return [];
    const rng = this.encounterRng.reseed(seed, Stream.encounter, citizen);
    const chronic = this.summary(citizen).chronic;
    const codes = new Set(chronic.map((c) => c.code));
    const female = population.female[citizen] === 1;
    const age = ageOn(population, citizen, end);
    const province = this.formerProvince(citizen);
    const unit = population.households.unit[population.household[citizen]!]!;
    const mean =
      ((age < 6 ? 3.2 : age < 18 ? 1.2 : age < 40 ? 1.0 : age < 60 ? 1.7 : age < 75 ? 2.8 : 3.6) +
        0.5 * chronic.length) *
      ((end - start) / (3 * 365));
    const count = Math.min(40, rng.poisson(mean));
    const result: PlannedEncounter[] = [];
    const context: DiagnosisContext = { age, female, codes, hasCancerRisk: codes.has('B18.1') };

    for (let k = 0; k < count; k += 1) {
      const type = pickType(rng, age, codes);
      const day = rng.int(start, end - 1);
      const principal = pickDiagnosis(rng, type, context);
      result.push(this.plan(rng, type, day, principal, chronic, context, province, unit, end));
    }
    // Pregnancy: prenatal visits and a delivery at an obstetric hospital.
    if (female && age >= 18 && age <= 42 && end - start > 300 && rng.chance(0.1)) {
      const delivery = rng.int(start + 200, end - 1);
      for (let visit = 0; visit < rng.int(2, 3); visit += 1) {
        const day = delivery - rng.int(20, 190);
        if (day >= start)
          result.push(this.plan(rng, 'OUTPATIENT', day, 'Z34.9', chronic, context, province, unit, end));
      }
      const code = rng.chance(0.6) ? 'O80' : 'O82';
      result.push(this.plan(rng, 'INPATIENT', delivery, code, chronic, context, province, unit, end));
    }
    if (this.context.showcase.has(citizen) && end - start > 400) {
      // Two more visits, covered by insurance, at the card's registered facility and at another one of the primary or
      // basic level (a specialised hospital covers outpatients only when it is the registered facility): records
      // from two facilities, each paid in part by insurance.
      const showcaseRng = this.showcaseRng.reseed(seed, Stream.encounter + 1000, citizen);
      const registered = this.coverages(citizen).at(-1)?.facility ?? FACILITY_INDEX.stationOfUnit[unit]!;
      const station = FACILITY_INDEX.stationOfUnit[unit]!;
      const other = registered === station ? showcaseRng.pick(FACILITY_INDEX.centres[province]) : station;
      const visits: [facility: number, day: number][] = [
        [registered, showcaseRng.int(end - 400, end - 200)],
        [other, showcaseRng.int(end - 150, end - 10)],
      ];
      for (const [facility, day] of visits) {
        let principal = pickDiagnosis(showcaseRng, 'OUTPATIENT', context);
        if (principal === 'Z00.0') principal = 'J06.9'; // a general check-up is not covered
        const visit = this.plan(showcaseRng, 'OUTPATIENT', day, principal, chronic, context, province, unit, end);
        result.push({ ...visit, facility, showcase: true });
      }
    }
    result.sort((a, b) => a.admitted - b.admitted);
    return result;
  }

  private plan(
    rng: Rng,
    type: EncounterType,
    day: number,
    principal: string,
    chronic: readonly ChronicCondition[],
    context: DiagnosisContext,
    province: FormerProvince,
    unit: number,
    end: number,
  ): PlannedEncounter {
    let admittedSecond: number;
    let durationSeconds: number;
    switch (type) {
      case 'OUTPATIENT':
        admittedSecond = rng.int(7 * 3600, 16 * 3600 + 1800);
        durationSeconds = rng.int(20 * 60, 180 * 60);
        break;
      case 'DAY_CARE':
        admittedSecond = rng.int(7 * 3600, 10 * 3600);
        durationSeconds = rng.int(3 * 3600, 7 * 3600);
        break;
      case 'EMERGENCY':
        admittedSecond = rng.int(0, SECONDS_PER_DAY - 1);
        durationSeconds = rng.int(3600, 8 * 3600);
        break;
      case 'INPATIENT': {
        admittedSecond = rng.int(7 * 3600, 20 * 3600);
        const stay =
          principal === 'O80'
            ? rng.int(2, 3)
            : principal === 'O82'
              ? rng.int(4, 6)
              : 1 + rng.poisson(context.age >= 60 ? 6 : 4);
        // Discharged in the morning, `stay` days later.
        durationSeconds = stay * SECONDS_PER_DAY - admittedSecond + rng.int(8 * 3600, 11 * 3600);
        break;
      }
    }
    const admitted = day * SECONDS_PER_DAY + admittedSecond;
    let discharged: number | null = admitted + durationSeconds;
    if (discharged >= (end + 1) * SECONDS_PER_DAY) discharged = null; // still in hospital on the reference day
    const secondary: string[] = [];
    for (const condition of chronic) {
      if (condition.encounterCode !== principal && rng.chance(0.7)) secondary.push(condition.encounterCode);
    }
    if (principal === 'Z51.1')
      secondary.unshift(context.female ? rng.pick(['C50.9', 'C22.0', 'C16.9']) : rng.pick(['C34.9', 'C22.0', 'C16.9']));
    if (rng.chance(0.12)) {
      const extra = pickExtra(rng, context);
      if (extra !== principal && !secondary.includes(extra)) secondary.push(extra);
    }
    return {
      type,
      admitted,
      discharged,
      facility: pickFacility(rng, type, principal, context, province, unit),
      principal,
      secondary,
    };
  }

  /** The coverage valid on `day`, if any. */
  coverageOn(coverages: readonly Coverage[], day: number): Coverage | undefined {
    for (const coverage of coverages) if (coverage.validFrom <= day && day <= coverage.validTo) return coverage;
    return undefined;
  }

  vaccinations(citizen: number): { vaccine: string; dose: number; day: number; facility: number }[] {
    const { population, asOf, seed } = this.context;
    const rng = this.vaccinationRng.reseed(seed, Stream.vaccination, citizen);
    const birth = population.birthDay[citizen]!;
    const end = Math.min(asOf, population.deathDay[citizen]!);
    const unit = population.households.unit[population.household[citizen]!]!;
    const province = this.formerProvince(citizen);
    const station = FACILITY_INDEX.stationOfUnit[unit]!;
    const out: { vaccine: string; dose: number; day: number; facility: number }[] = [];
    // Infants born in the last six years: the EPI schedule, recorded in the national immunization system.
    if (birth >= asOf - 6 * 365) {
      const birthplace = rng.chance(0.6)
        ? rng.pick(FACILITY_INDEX.obstetric[province])
        : rng.pick(FACILITY_INDEX.centres[province]);
      for (const dose of EPI_SCHEDULE) {
        if (!rng.chance(0.94)) continue;
        const delay = dose.ageDays === 0 ? rng.int(0, 1) : Math.floor(rng.float() * rng.float() * 40);
        const day = birth + dose.ageDays + delay;
        if (day >= end) continue;
        out.push({ vaccine: dose.vaccine, dose: dose.dose, day, facility: dose.ageDays <= 7 ? birthplace : station });
      }
    }
    const centre = rng.pick(FACILITY_INDEX.centres[province]);
    // COVID-19 campaign (2021-2022): adults and, with Comirnaty, children from 12.
    const campaignStart = dayNumber(2021, 8, 1);
    const ageAtCampaign = (campaignStart - birth) / 365.25;
    if (ageAtCampaign >= 11 && end > campaignStart && rng.chance(0.22)) {
      const product = ageAtCampaign < 18 ? 'COVID-19 Comirnaty (Pfizer-BioNTech)' : COVID.pick(rng);
      const doses = ageAtCampaign < 18 ? 2 : rng.chance(0.35) ? 2 : rng.chance(0.77) ? 3 : 4;
      const site = rng.chance(0.7) ? station : centre;
      let day = rng.int(campaignStart, dayNumber(2021, 11, 30));
      for (let dose = 1; dose <= doses && day < end; dose += 1) {
        const vaccine =
          dose <= 2
            ? product
            : rng.chance(0.7)
              ? 'COVID-19 Comirnaty (Pfizer-BioNTech)'
              : 'COVID-19 Spikevax (Moderna)';
        out.push({ vaccine, dose, day, facility: site });
        day += dose === 1 ? rng.int(28, 84) : rng.int(120, 200);
      }
    }
    const age = ageOn(population, citizen, end);
    // Tetanus for women of child-bearing age (two doses a month apart).
    if (population.female[citizen] === 1 && age >= 18 && age <= 40 && rng.chance(0.06)) {
      const day = rng.int(Math.max(birth + 18 * 365, asOf - 3 * 365), end - 40);
      if (day > birth) {
        out.push({ vaccine: TETANUS_VACCINE, dose: 1, day, facility: station });
        out.push({ vaccine: TETANUS_VACCINE, dose: 2, day: day + rng.int(28, 35), facility: station });
      }
    }
    // Seasonal influenza for some elderly people.
    if (age >= 60 && rng.chance(0.06)) {
      const day = dayNumber(yearOf(asOf) - 1, 10, 1) + rng.int(0, 80);
      if (day < end) out.push({ vaccine: INFLUENZA_VACCINE, dose: 1, day, facility: centre });
    }
    return out;
  }
}

function insuranceGroup(rng: Rng, age: number, muong: boolean): string {
  if (age < 6) return 'TE';
  if (age < 18) return 'HS';
  if (muong && rng.chance(0.5)) return 'DT';
  if (age < 23 && rng.chance(0.5)) return 'SV';
  if (age < 60) {
    const x = rng.float();
    if (x < 0.36) return 'DN';
    if (x < 0.46) return 'HC';
    if (x < 0.79) return 'GD';
    if (x < 0.83) return 'HN';
    if (x < 0.88) return 'CN';
    if (x < 0.9) return 'NO';
    if (x < 0.93) return 'BT';
    if (x < 0.96) return 'QN';
    return age >= 45 ? 'CC' : 'GD';
  }
  if (age >= 80 && rng.chance(0.6)) return 'BT';
  const x = rng.float();
  if (x < 0.48) return 'HT';
  if (x < 0.73) return 'GD';
  if (x < 0.83) return 'CC';
  if (x < 0.9) return 'HN';
  return 'CN';
}

interface DiagnosisContext {
  age: number;
  female: boolean;
  codes: ReadonlySet<string>;
  hasCancerRisk: boolean;
}

function pickType(rng: Rng, age: number, codes: ReadonlySet<string>): EncounterType {
  const x = rng.float();
  const inpatient = age >= 60 ? 0.13 : 0.07;
  if (codes.has('N18') && x < 0.25) return 'DAY_CARE';
  if (x < inpatient) return 'INPATIENT';
  if (x < inpatient + 0.06) return 'EMERGENCY';
  if (x < inpatient + 0.06 + (age >= 50 ? 0.04 : 0.01)) return 'DAY_CARE';
  return 'OUTPATIENT';
}

/**
 * Diagnosis pools: each code with a weight that depends on the patient. Weights are functions so
 * that picking allocates nothing (millions of encounters are drawn).
 */
type Pool = readonly (readonly [code: string, weight: (c: DiagnosisContext) => number])[];

const scratch = new Float64Array(64);

function pickFromPool(rng: Rng, pool: Pool, c: DiagnosisContext): string {
  let total = 0;
  for (let k = 0; k < pool.length; k += 1) {
    const weight = pool[k]![1](c);
    scratch[k] = weight;
    total += weight;
  }
  let x = rng.float() * total;
  for (let k = 0; k < pool.length; k += 1) {
    x -= scratch[k]!;
    if (x < 0) return pool[k]![0];
  }
  return pool[pool.length - 1]![0];
}

const child = (c: DiagnosisContext): boolean => c.age < 16;
const old = (c: DiagnosisContext): boolean => c.age >= 60;

const OUTPATIENT_POOL: Pool = [
  ['J06.9', (c) => (child(c) ? 24 : 12)],
  ['J02.9', () => 6],
  ['J00', (c) => (child(c) ? 8 : 4)],
  ['J20.9', () => 5],
  ['J03.9', (c) => (child(c) ? 5 : 2)],
  ['A09', (c) => (child(c) ? 8 : 5)],
  ['K29.7', (c) => (child(c) ? 1 : 6)],
  ['I10', (c) => (c.codes.has('I10') ? 25 : 0)],
  ['E11.9', (c) => (c.codes.has('E11') ? 18 : 0)],
  ['E78.5', (c) => (c.codes.has('E78') ? 6 : 0)],
  ['I25.1', (c) => (c.codes.has('I25') ? 6 : 0)],
  ['J45.9', (c) => (c.codes.has('J45') ? 8 : 0)],
  ['K21.9', (c) => (c.codes.has('K21') ? 6 : 2)],
  ['M54.5', (c) => (c.age >= 30 ? 5 : 0)],
  ['M17.9', (c) => (c.codes.has('M17') ? 8 : old(c) ? 2 : 0)],
  ['H10.9', () => 3],
  ['H66.9', (c) => (child(c) ? 4 : 0.5)],
  ['H25.9', (c) => (old(c) ? 3 : 0)],
  ['L30.9', () => 3],
  ['L20.9', (c) => (child(c) ? 3 : 1)],
  ['L50.9', () => 2],
  ['R51', (c) => (child(c) ? 0.5 : 2)],
  ['R50.9', (c) => (child(c) ? 4 : 1)],
  ['B34.9', () => 2],
  ['B01.9', (c) => (child(c) ? 1.5 : 0.2)],
  ['J11.1', () => 2],
  ['U07.1', () => 1],
  ['A90', () => 1],
  ['N39.0', (c) => (c.female ? 4 : 1)],
  ['N40', (c) => (!c.female && old(c) ? 3 : 0)],
  ['K02.9', () => 3],
  ['K59.0', () => 1],
  ['G43.9', (c) => (c.female && !child(c) ? 1.5 : 0.2)],
  ['F32.9', (c) => (child(c) ? 0 : 0.6)],
  ['B18.1', (c) => (c.codes.has('B18.1') ? 4 : 0)],
  ['E03.9', (c) => (c.codes.has('E03.9') ? 4 : 0)],
  ['Z00.0', (c) => (child(c) ? 2 : 6)],
];

const INPATIENT_POOL: Pool = [
  ['J18.9', (c) => (child(c) || old(c) ? 22 : 8)],
  ['I63.9', (c) => (c.age >= 50 ? 8 : 0)],
  ['I21.9', (c) => (c.age >= 50 ? 3 : 0)],
  ['I50.0', (c) => (c.age >= 65 ? 4 : 0)],
  ['J44.1', (c) => (c.codes.has('J44') ? 12 : 0)],
  ['K35.8', (c) => (c.age >= 8 && c.age < 60 ? 6 : 1)],
  ['K80.2', (c) => (c.age >= 40 ? 4 : 0)],
  ['S72.0', (c) => (c.age >= 70 ? 4 : 0)],
  ['S82.2', () => 3],
  ['S52.5', () => 2],
  ['A91', () => 3],
  ['A90', () => 3],
  ['A09', (c) => (child(c) ? 8 : 2)],
  ['N20.0', (c) => (c.age >= 25 ? 2 : 0)],
  ['E11.6', (c) => (c.codes.has('E11') ? 5 : 0)],
  ['K74.6', (c) => (c.hasCancerRisk && c.age >= 40 ? 4 : 0)],
  ['C22.0', (c) => (c.hasCancerRisk && c.age >= 45 ? 2 : 0)],
  ['C34.9', (c) => (!c.female && c.age >= 55 ? 1.5 : 0)],
  ['C16.9', (c) => (c.age >= 50 ? 1 : 0)],
  ['C50.9', (c) => (c.female && c.age >= 40 ? 1.5 : 0)],
  ['A15.0', (c) => (c.age >= 18 ? 1 : 0)],
  ['K25.9', (c) => (c.age >= 18 ? 2 : 0)],
  ['N18.5', (c) => (c.codes.has('N18') ? 6 : 0)],
  ['G40.9', (c) => (c.codes.has('G40.9') ? 4 : 0)],
  ['I10', (c) => (c.codes.has('I10') ? 3 : 0)],
];

const EMERGENCY_POOL: Pool = [
  ['S06.0', () => 10],
  ['T14.0', () => 12],
  ['S52.5', () => 6],
  ['S82.2', () => 3],
  ['R10.4', () => 10],
  ['I21.9', (c) => (c.age >= 50 ? 5 : 0)],
  ['I63.9', (c) => (c.age >= 60 ? 4 : 0)],
  ['T78.4', () => 6],
  ['R50.9', (c) => (child(c) ? 10 : 3)],
  ['J45.9', (c) => (c.codes.has('J45') ? 10 : 0)],
  ['K35.8', () => 4],
];

const DAY_CARE_POOL: Pool = [
  ['Z49.1', (c) => (c.codes.has('N18') ? 80 : 0)],
  ['Z51.1', (c) => (c.age >= 40 ? 10 : 1)],
  ['H25.9', (c) => (old(c) ? 15 : 0)],
  ['K80.2', () => 4],
  ['I83.9', (c) => (c.age >= 30 ? 3 : 0)],
  ['N20.0', () => 2],
];

const EXTRA_POOL: Pool = [
  ['R05', () => 4],
  ['K59.0', () => 2],
  ['E79.0', (c) => (c.age >= 30 ? 2 : 0)],
  ['M47.8', (c) => (c.age >= 40 ? 3 : 0)],
  ['M81.0', (c) => (c.female && c.age >= 55 ? 3 : 0)],
  ['I11.9', (c) => (c.codes.has('I10') ? 3 : 0)],
  ['M10.9', (c) => (!c.female && c.age >= 40 ? 1.5 : 0)],
  ['J30.4', () => 1.5],
];

/** Every code a pool can produce (the ICD-10 catalogue must contain them all; checked by a test). */
export const DIAGNOSIS_CODES: readonly string[] = [
  ...[OUTPATIENT_POOL, INPATIENT_POOL, EMERGENCY_POOL, DAY_CARE_POOL, EXTRA_POOL].flatMap((pool) =>
    pool.map(([code]) => code),
  ),
  'O80',
  'O82',
  'Z34.9',
  'C50.9',
  'C22.0',
  'C16.9',
  'C34.9',
  ...CHRONIC_CONDITIONS.flatMap((condition) => [condition.code, condition.encounterCode]),
];

function pickDiagnosis(rng: Rng, type: EncounterType, c: DiagnosisContext): string {
  switch (type) {
    case 'OUTPATIENT':
      return pickFromPool(rng, OUTPATIENT_POOL, c);
    case 'INPATIENT':
      return pickFromPool(rng, INPATIENT_POOL, c);
    case 'EMERGENCY':
      return pickFromPool(rng, EMERGENCY_POOL, c);
    case 'DAY_CARE':
      return pickFromPool(rng, DAY_CARE_POOL, c);
  }
}

function pickExtra(rng: Rng, c: DiagnosisContext): string {
  return pickFromPool(rng, EXTRA_POOL, c);
}

function pickFacility(
  rng: Rng,
  type: EncounterType,
  principal: string,
  c: DiagnosisContext,
  province: FormerProvince,
  unit: number,
): number {
  const station = FACILITY_INDEX.stationOfUnit[unit]!;
  const centres = FACILITY_INDEX.centres[province];
  const general = FACILITY_INDEX.general[province];
  if (principal === 'O80' || principal === 'O82' || principal === 'Z34.9') {
    if (rng.chance(0.65)) return rng.pick(FACILITY_INDEX.obstetric[province]);
    return principal === 'Z34.9' && rng.chance(0.5) ? station : rng.pick(centres);
  }
  if (principal === 'H25.9' && province === '36' && rng.chance(0.7)) return facilityByCode('36004');
  switch (type) {
    case 'OUTPATIENT': {
      const x = rng.float();
      if (x < 0.55) return station;
      if (x < 0.85) return rng.pick(centres);
      if (c.age < 16 && FACILITY_INDEX.paediatric[province].length > 0)
        return rng.pick(FACILITY_INDEX.paediatric[province]);
      return rng.pick(general);
    }
    case 'INPATIENT': {
      if (c.age < 16 && rng.chance(0.6)) {
        const paediatric = FACILITY_INDEX.paediatric[province];
        return rng.pick(paediatric.length > 0 ? paediatric : FACILITY_INDEX.obstetric[province]);
      }
      if ((principal === 'A15.0' || principal === 'J44.1') && province === '37' && rng.chance(0.6)) {
        return facilityByCode('37004');
      }
      return rng.chance(0.58) ? rng.pick(general) : rng.pick(centres);
    }
    case 'EMERGENCY':
    case 'DAY_CARE':
      return rng.chance(type === 'EMERGENCY' ? 0.5 : 0.6) ? rng.pick(general) : rng.pick(centres);
  }
}

const FACILITY_BY_CODE = new Map(FACILITIES.map((facility, index) => [facility.code, index]));
function facilityByCode(code: string): number {
  const index = FACILITY_BY_CODE.get(code);
  if (index === undefined) throw new Error(`unknown facility ${code}`);
  return index;
}

// ───────────────────────────── payments ─────────────────────────────

interface PlannedPayment {
  amount: number;
  insurance: number;
  cashless: boolean;
  paidAt: number;
}

function roundThousand(value: number): number {
  return Math.max(1000, Math.round(value / 1000) * 1000);
}

function logUniform(rng: Rng, min: number, max: number): number {
  return Math.exp(Math.log(min) + rng.float() * (Math.log(max) - Math.log(min)));
}

function cashlessChance(localSeconds: number): number {
  const year = yearOf(Math.floor(localSeconds / SECONDS_PER_DAY));
  return Math.min(0.75, Math.max(0.25, 0.3 + (year - 2023) * 0.12));
}

function plannedPayments(rng: Rng, encounter: PlannedEncounter, coverage: Coverage | undefined): PlannedPayment[] {
  const facility: Facility = FACILITIES[encounter.facility]!;
  const percent = coverage === undefined ? 0 : BENEFIT_PERCENT[coverage.level]!;
  const end = encounter.discharged ?? encounter.admitted + 3600;
  const payments: PlannedPayment[] = [];
  switch (encounter.type) {
    case 'OUTPATIENT': {
      if (!rng.chance(0.65) && encounter.showcase !== true) return payments;
      const [min, max] =
        facility.level === 'PRIMARY'
          ? [30_000, 200_000]
          : facility.level === 'BASIC'
            ? [100_000, 1_200_000]
            : [200_000, 3_000_000];
      const amount = roundThousand(logUniform(rng, min, max));
      // Outpatient care at a specialised hospital outside the card's registered facility, and
      // general check-ups, are not covered.
      const covered =
        encounter.principal !== 'Z00.0' &&
        (facility.level !== 'SPECIALISED' || coverage?.facility === encounter.facility);
      const insurance = covered ? Math.round((amount * percent) / 100) : 0;
      const cashless = rng.chance(cashlessChance(end)) || encounter.showcase === true;
      payments.push({ amount, insurance, cashless, paidAt: end + rng.int(60, 900) });
      return payments;
    }
    case 'INPATIENT': {
      const days = Math.max(1, Math.round((end - encounter.admitted) / SECONDS_PER_DAY));
      let total = days * logUniform(rng, 600_000, 1_800_000);
      const p = encounter.principal;
      if (p === 'O80') total += logUniform(rng, 2_000_000, 5_000_000);
      else if (p === 'O82') total += logUniform(rng, 5_000_000, 12_000_000);
      else if (p === 'K35.8' || p === 'K80.2') total += logUniform(rng, 8_000_000, 25_000_000);
      else if (p === 'S72.0') total += logUniform(rng, 30_000_000, 70_000_000);
      else if (p === 'I21.9') total += logUniform(rng, 20_000_000, 80_000_000);
      else if (p.startsWith('C')) total += logUniform(rng, 10_000_000, 40_000_000);
      total = roundThousand(total);
      let deposit = 0;
      if ((percent < 100 || rng.chance(0.2)) && rng.chance(0.7)) {
        deposit = Math.round((total * rng.int(20, 50)) / 100 / 100_000) * 100_000 || 500_000;
        payments.push({
          amount: deposit,
          insurance: 0,
          cashless: rng.chance(cashlessChance(encounter.admitted) * 0.8),
          paidAt: encounter.admitted + rng.int(1800, 7200),
        });
      }
      if (encounter.discharged !== null && total > deposit) {
        const amount = total - deposit;
        payments.push({
          amount,
          insurance: Math.min(amount, Math.round((total * percent) / 100)),
          cashless: rng.chance(cashlessChance(end)),
          paidAt: end - rng.int(0, 3600),
        });
      }
      return payments;
    }
    case 'EMERGENCY': {
      const amount = roundThousand(logUniform(rng, 300_000, 6_000_000));
      payments.push({
        amount,
        insurance: Math.round((amount * percent) / 100),
        cashless: rng.chance(cashlessChance(end)),
        paidAt: end + rng.int(60, 1800),
      });
      return payments;
    }
    case 'DAY_CARE': {
      const [min, max] =
        encounter.principal === 'Z49.1'
          ? [1_400_000, 1_700_000]
          : encounter.principal === 'Z51.1'
            ? [5_000_000, 30_000_000]
            : [4_000_000, 12_000_000];
      const amount = roundThousand(logUniform(rng, min, max));
      payments.push({
        amount,
        insurance: Math.round((amount * percent) / 100),
        cashless: rng.chance(cashlessChance(end)),
        paidAt: end + rng.int(60, 1800),
      });
      return payments;
    }
  }
}

// ───────────────────────────── tables ─────────────────────────────

function encounterKey(facility: string, admitted: number, id: number): string {
  return `${facility}-${dateText(Math.floor(admitted / SECONDS_PER_DAY)).replaceAll('-', '')}-${String(id).padStart(9, '0')}`;
}

export const healthTables: readonly TableLoad[] = [
  {
    table: 'health.facility',
    columns: ['code', 'name', 'commune_code', 'level'],
    *generate(_context, out) {
      for (const facility of FACILITIES) {
        const chunk = out.add(`${facility.code}\t${facility.name}\t${UNITS[facility.unit]!.code}\t${facility.level}`);
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'health.icd10_code',
    columns: ['code', 'title'],
    *generate(_context, out) {
      for (const [code, title] of ICD10) {
        const chunk = out.add(`${code}\t${title}`);
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'health.insurance_coverage',
    columns: ['id', 'personal_id', 'card_code', 'valid_from', 'valid_to', 'initial_facility_code'],
    source: 'health',
    serial: 'id',
    *generate(context, out) {
      const model = new HealthModel(context);
      const pid = context.population.pid;
      let id = 0;
      for (let i = 0; i < context.population.size; i += 1) {
        for (const card of model.coverages(i)) {
          id += 1;
          const line = `${id}\t${pid[i]}\t${card.cardCode}\t${dateText(card.validFrom)}\t${dateText(card.validTo)}\t${FACILITIES[card.facility]!.code}`;
          const chunk = out.add(line);
          if (chunk !== undefined) yield chunk;
        }
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'health.health_summary',
    columns: ['personal_id', 'blood_type', 'allergies', 'chronic_conditions', 'updated_at'],
    source: 'health',
    *generate(context, out) {
      const model = new HealthModel(context);
      const { pid, size } = context.population;
      const rng = new Rng();
      for (let i = 0; i < size; i += 1) {
        const summary = model.summary(i);
        rng.reseed(context.seed, Stream.summary + 1000, i);
        const updated = Math.min(context.asOf, context.population.deathDay[i]!) - rng.int(0, 700);
        const line = `${pid[i]}\t${summary.bloodType ?? NULL}\t${copyTextArray(summary.allergies)}\t${copyTextArray(summary.chronic.map((c) => c.code))}\t${timestampText(Math.max(updated, context.population.birthDay[i]!), rng.int(7 * 3600, 17 * 3600))}`;
        const chunk = out.add(line);
        if (chunk !== undefined) yield chunk;
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'health.encounter',
    columns: [
      'id',
      'encounter_key',
      'personal_id',
      'facility_code',
      'type',
      'admitted_at',
      'discharged_at',
      'principal_diagnosis',
      'secondary_diagnoses',
    ],
    source: 'health',
    serial: 'id',
    *generate(context, out) {
      const model = new HealthModel(context);
      const pid = context.population.pid;
      let id = 0;
      for (let i = 0; i < context.population.size; i += 1) {
        for (const e of model.encounters(i)) {
          id += 1;
          const facility = FACILITIES[e.facility]!.code;
          const line = `${id}\t${encounterKey(facility, e.admitted, id)}\t${pid[i]}\t${facility}\t${e.type}\t${instantText(e.admitted)}\t${e.discharged === null ? NULL : instantText(e.discharged)}\t${e.principal}\t${copyTextArray(e.secondary)}`;
          const chunk = out.add(line);
          if (chunk !== undefined) yield chunk;
        }
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
  {
    table: 'health.payment',
    columns: ['id', 'encounter_id', 'personal_id', 'amount_vnd', 'insurance_vnd', 'cashless', 'paid_at'],
    source: 'health',
    serial: 'id',
    *generate(context, out) {
      const model = new HealthModel(context);
      const pid = context.population.pid;
      const rng = new Rng();
      let encounterId = 0;
      let id = 0;
      for (let i = 0; i < context.population.size; i += 1) {
        const encounters = model.encounters(i);
        if (encounters.length === 0) continue;
        const coverages = model.coverages(i);
        rng.reseed(context.seed, Stream.payment, i);
        for (const e of encounters) {
          encounterId += 1;
          const coverage = model.coverageOn(coverages, Math.floor(e.admitted / SECONDS_PER_DAY));
          for (const p of plannedPayments(rng, e, coverage)) {
            id += 1;
            const line = `${id}\t${encounterId}\t${pid[i]}\t${p.amount}\t${p.insurance}\t${p.cashless ? 't' : 'f'}\t${instantText(p.paidAt)}`;
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
    table: 'health.vaccination',
    columns: ['id', 'personal_id', 'vaccine', 'dose_number', 'administered_on', 'facility_code'],
    source: 'health',
    serial: 'id',
    *generate(context, out) {
      const model = new HealthModel(context);
      const pid = context.population.pid;
      let id = 0;
      for (let i = 0; i < context.population.size; i += 1) {
        for (const v of model.vaccinations(i)) {
          id += 1;
          const chunk = out.add(
            `${id}\t${pid[i]}\t${v.vaccine}\t${v.dose}\t${dateText(v.day)}\t${FACILITIES[v.facility]!.code}`,
          );
          if (chunk !== undefined) yield chunk;
        }
      }
      const rest = out.flush();
      if (rest !== undefined) yield rest;
    },
  },
];
