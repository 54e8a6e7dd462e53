/**
 * Showcase citizens: a few citizens of the demo data set whose records reach every sector, so that a newcomer (the
 * start-up banner, the explorer's default tab, README.md's examples) starts from someone with something to show:
 * a household of several living members, health-insurance coverage, encounters at two facilities paid cashless, a
 * land-use right received through a registered land change, and a hotel stay.
 *
 * They are picked from the first households of the population model, which are the same for every data set of at
 * least SHOWCASE_STABLE_FROM citizens with the same seed (households are generated one after another, each from its
 * own random stream, and personal IDs are issued in that order): `DEMO_CITIZENS=1000` and `DEMO_CITIZENS=100000`
 * with seed 1 have the same showcase citizens, with the same IDs. The sector generators then add what random
 * sampling would not guarantee (src/seed/tables/{health,land,tourism}.ts), always to the same parcel and stay
 * numbers, which every data set has.
 */
import type { Population } from './population.ts';
import { ALIVE, ageOn } from './population.ts';

/** How many showcase citizens a data set has (fewer only when a tiny data set has no fitting household). */
export const SHOWCASE_COUNT = 2;
/** From this many citizens on, the showcase citizens depend on the seed only, not on the size of the data set. */
export const SHOWCASE_STABLE_FROM = 40;
/** Parcel numbers (0-based) that showcase citizen k receives by a registered change: every data set has 12 parcels. */
export const SHOWCASE_PARCELS: readonly number[] = [1, 3, 0];
/** Guest stay numbers (0-based) declared for showcase citizen k. */
export const SHOWCASE_STAYS: readonly number[] = [0, 1, 2];
/** A showcase household has at least this many living members. */
const MIN_LIVING_MEMBERS = 3;

export interface Showcase {
  /** Population indices of the showcase citizens (each the head of their household), in order. */
  readonly citizens: readonly number[];
  /** Parcel number -> the showcase citizen who receives it. */
  readonly parcels: ReadonlyMap<number, number>;
  /** Guest stay number -> the showcase citizen it is declared for. */
  readonly stays: ReadonlyMap<number, number>;
  has(citizen: number): boolean;
}

/**
 * The showcase citizens of a population: heads aged 25 to 70 of the first complete households with at least three
 * living members, among the first SHOWCASE_STABLE_FROM citizens (fewer in a smaller data set).
 */
export function selectShowcase(population: Population): Showcase {
  const { households } = population;
  const limit = Math.min(population.size, SHOWCASE_STABLE_FROM);
  const citizens: number[] = [];
  // A household is complete when another starts after it; the last one of a small data set may be cut short, so
  // only households ending before `limit` count (the same ones for every size >= SHOWCASE_STABLE_FROM).
  for (let h = 0; h < households.count && citizens.length < SHOWCASE_COUNT; h += 1) {
    const start = households.start[h]!;
    const end = households.start[h + 1]!;
    if (end >= limit) break;
    let living = 0;
    for (let m = start; m < end; m += 1) if (population.deathDay[m] === ALIVE) living += 1;
    const age = ageOn(population, start, population.asOf);
    if (living >= MIN_LIVING_MEMBERS && population.deathDay[start] === ALIVE && age >= 25 && age <= 70) {
      citizens.push(start);
    }
  }
  const set = new Set(citizens);
  return {
    citizens,
    parcels: new Map(citizens.map((citizen, k) => [SHOWCASE_PARCELS[k]!, citizen])),
    stays: new Map(citizens.map((citizen, k) => [SHOWCASE_STAYS[k]!, citizen])),
    has: (citizen) => set.has(citizen),
  };
}
