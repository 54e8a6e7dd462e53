/**
 * A sector module: `schema/<name>.graphql` plus its resolvers (which use its own loaders).
 * Sectors never import each other; the hub type Citizen is extended in each sector's SDL and
 * the sector resolves its extension fields from `citizen.personalId`.
 */
import type { Resolvers } from '../generated/graphql.ts';

export interface SectorModule {
  /** Also the SDL file name: schema/<name>.graphql. */
  readonly name: string;
  readonly resolvers: Resolvers;
}
