/**
 * The demo data set of `npm start` (src/main.ts) and its showcase citizens (src/seed/showcase.ts), for the start-up
 * banner, the explorer's first tab, README.md's examples and their test: one source for the IDs a newcomer is given.
 */
import type { Database } from '../db/database.ts';
import { parseDay } from './format.ts';
import { DEFAULT_AS_OF } from './index.ts';
import { buildPopulation, fullName } from './population.ts';
import { selectShowcase, SHOWCASE_STABLE_FROM } from './showcase.ts';

/** The seed of the demo data set `npm start` creates on first start. */
export const DEMO_SEED = 1;

export interface ShowcaseCitizen {
  readonly personalId: string;
  readonly fullName: string;
}

export interface ShowcaseOptions {
  /** Default DEMO_SEED. */
  seed?: number;
  /** Size of the data set; the showcase is the same for every size from SHOWCASE_STABLE_FROM on (the default). */
  citizens?: number;
  /** Reference day, default DEFAULT_AS_OF. */
  asOf?: string;
}

/** The showcase citizens of a seeded data set, computed from the seed alone (no database needed). */
export function showcaseOf(options: ShowcaseOptions = {}): ShowcaseCitizen[] {
  const size = Math.min(options.citizens ?? SHOWCASE_STABLE_FROM, SHOWCASE_STABLE_FROM);
  if (size < 1) return [];
  const population = buildPopulation(size, options.seed ?? DEMO_SEED, parseDay(options.asOf ?? DEFAULT_AS_OF));
  return selectShowcase(population).citizens.map((citizen) => ({
    personalId: population.pid[citizen]!,
    fullName: fullName(population, citizen),
  }));
}

/**
 * The showcase citizens of the demo seed that this database holds (none when it was seeded with another seed or
 * holds other data), in order.
 */
export async function showcaseCitizens(
  db: Pick<Database, 'query'>,
  options: ShowcaseOptions = {},
): Promise<ShowcaseCitizen[]> {
  const expected = showcaseOf(options);
  if (expected.length === 0) return [];
  const rows = await db.query<{ personalId: string; fullName: string }>(
    `SELECT personal_id AS "personalId", full_name AS "fullName" FROM core.citizen WHERE personal_id = ANY($1::text[])`,
    [expected.map((c) => c.personalId)],
  );
  const found = new Map(rows.map((row) => [row.personalId, row.fullName]));
  return expected.filter((c) => found.get(c.personalId) === c.fullName);
}
