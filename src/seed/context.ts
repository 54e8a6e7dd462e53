/**
 * What every table generator gets: the seed, the reference day, the population model, and the
 * few results one table hands to another (the identity conflicts found while writing legacy
 * identifiers become core.identity_conflict rows).
 */
import type { ChunkBuilder } from './format.ts';
import type { Population } from './population.ts';
import type { Showcase } from './showcase.ts';

export interface IdentityConflictRecord {
  kind: LegacyKind;
  value: string;
  /** The citizen who holds the value, then the one it was wrongly recorded for. */
  personalIds: [string, string];
  detectedAt: string;
}

export type LegacyKind = 'OLD_ID_CARD' | 'TAX_CODE' | 'SOCIAL_INSURANCE';

export interface SeedContext {
  readonly seed: number;
  /** The reference day ("today" of the data set), a day number. */
  readonly asOf: number;
  /** Share of legacy identifier values that are also claimed by a second citizen. */
  readonly conflictRate: number;
  readonly population: Population;
  /** The showcase citizens (src/seed/showcase.ts), whose records the sector generators make reach every sector. */
  readonly showcase: Showcase;
  readonly state: {
    conflicts: IdentityConflictRecord[];
    /** Distinct legacy values written, per kind. */
    legacyDistinct: Record<LegacyKind, number>;
  };
}

/** One table of the load: its SQL name, the columns written, and the generator of COPY chunks. */
export interface TableLoad {
  readonly table: string;
  readonly columns: readonly string[];
  /**
   * Which source (core.source_status) the table belongs to, one its sector declares (checked when the schema is
   * built); undefined for reference tables.
   */
  readonly source?: string;
  /** Serial id column whose sequence must be moved past the loaded ids. */
  readonly serial?: string;
  generate(context: SeedContext, out: ChunkBuilder): Iterable<string>;
}
