/**
 * A sector module: everything the gateway and its tools know about one sector, declared in one place
 * (src/sectors/<name>/index.ts) and listed once in the registry (src/sectors/index.ts). Every other list (SDL files,
 * resolvers, the scope vocabulary, the Citizen scope union, audit data categories, seed tables, freshness sources,
 * import kinds, the lint rule between sectors) is derived from the registry or checked against it when the schema
 * is built (src/schema/registry-check.ts) — docs/ARCHITECTURE.md §4.
 *
 * Sectors never import each other; the hub type Citizen is extended in each sector's SDL and the sector resolves its
 * extension fields from `citizen.personalId`.
 */
import type { DataCategoryDeclaration } from '../audit/categories.ts';
import type { LoaderRequest } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { Resolvers } from '../generated/graphql.ts';
import type { RecordKind } from '../import/kind.ts';
import type { NodeLoader } from '../lib/node.ts';
import type { TableLoad } from '../seed/context.ts';

/** A factory of one request's loaders, used through `context.loaders.get(factory)`. */
export type LoaderFactory = (db: Database, request: LoaderRequest) => unknown;

/** The scopes a sector owns (`sector:resource:action`, docs/ARCHITECTURE.md §5); each scope has one owner. */
export interface SectorScopes {
  /** Read scopes of personal data reached through a Citizen: each one lets a token reach the hub type. */
  readonly citizenRead: readonly string[];
  /** Other read scopes (reference data, statistics, the access log). */
  readonly read: readonly string[];
  readonly write: readonly string[];
  /** Administration and other scopes. */
  readonly other: readonly string[];
}

export interface SectorModule {
  /** Also the SDL file name: schema/<name>.graphql. */
  readonly name: string;
  readonly resolvers: Resolvers;
  readonly scopes: SectorScopes;
  /** The loader factories its resolvers use. */
  readonly loaders: readonly LoaderFactory[];
  /** Which of its GraphQL types and fields hold which kind of personal data (the citizen's view of the access log). */
  readonly dataCategories: readonly DataCategoryDeclaration[];
  /** The sources (core.source_table, core.source_status) its tables feed. */
  readonly sources: readonly string[];
  /** The tables the seed writes for it, in load order (parents before children). */
  readonly seedTables: readonly TableLoad[];
  /** The record kinds `npm run import <sector>` reads; the first is the default. */
  readonly importKinds: readonly RecordKind<unknown>[];
  /**
   * Loaders of its Node types by the key of their global ID, for `Query.node` (src/lib/node.ts): every type that
   * implements Node is registered by the sector that owns it.
   */
  readonly nodes?: Readonly<Record<string, NodeLoader>>;
}

/** The scopes of a sector that owns none. */
export const NO_SCOPES: SectorScopes = { citizenRead: [], read: [], write: [], other: [] };

/** Every scope a sector owns. */
export function sectorScopes(sector: SectorModule): string[] {
  const { citizenRead, read, write, other } = sector.scopes;
  return [...citizenRead, ...read, ...write, ...other];
}
