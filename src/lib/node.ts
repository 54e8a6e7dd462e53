/**
 * Relay Global Object Identification: `Query.node(id:)` answers the object a global ID (src/lib/global-id.ts) names.
 * Each sector registers the loaders of its own Node types in its SectorModule (`nodes`, src/sectors/module.ts); the
 * resolver is built here from the registry, so no file imports every sector (docs/ARCHITECTURE.md §4). A node is
 * loaded by the sector's own loaders (the same rows, with their @personal subjects, as its root fields return); it
 * is then one object of its type for the layers around execution: authorization decides on the type the ID names
 * (src/authz/analyze.ts), the citizen binding withholds another citizen's object (src/authz/transform.ts), the
 * audit records it for its subject(s) (src/audit/collect.ts).
 *
 * An ID that names no object (garbage, an unknown type, a missing row) answers null, like the specification's
 * "no object": exactly what another citizen's object answers a citizen token.
 */
import { isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { parseGlobalId } from './global-id.ts';

/** Loads one object of a Node type by the key of its global ID; null when there is none. */
export type NodeLoader = (ctx: GatewayContext, key: string) => Promise<object | null>;

/** A sector's Node types and their loaders. */
export interface NodeRegistration {
  readonly name: string;
  readonly nodes?: Readonly<Record<string, NodeLoader>>;
}

const NODE = 'Node';

/** A key that can be an int4 row id. */
export function isIntKey(key: string): boolean {
  return /^[1-9]\d{0,9}$/.test(key) && Number(key) <= 2_147_483_647;
}

function loadersOf(sectors: readonly NodeRegistration[]): Map<string, NodeLoader> {
  const loaders = new Map<string, NodeLoader>();
  for (const sector of sectors) {
    for (const [type, loader] of Object.entries(sector.nodes ?? {})) loaders.set(type, loader);
  }
  return loaders;
}

/**
 * The node resolver: the object tagged with its type name (`__typename`, which graphql-js resolves the Node interface
 * by and the binding and audit layers read), on a copy, so the loader's cached row is never changed.
 */
export function createNodeResolvers(sectors: readonly NodeRegistration[]) {
  const loaders = loadersOf(sectors);
  return {
    Query: {
      node: async (_parent: unknown, args: { id: string }, ctx: GatewayContext): Promise<object | null> => {
        const id = parseGlobalId(args.id);
        const load = id === undefined ? undefined : loaders.get(id.type);
        if (id === undefined || load === undefined) return null;
        const row = await load(ctx, id.key);
        return row === null ? null : { ...row, __typename: id.type };
      },
    },
  };
}

/** Every Node implementation has exactly one loader, and every loader names a Node implementation. */
export function nodeRegistryProblems(schema: GraphQLSchema, sectors: readonly NodeRegistration[]): string[] {
  const problems: string[] = [];
  const node = schema.getType(NODE);
  const implementations = new Set(
    node !== undefined && isInterfaceType(node) ? schema.getPossibleTypes(node).map((type) => type.name) : [],
  );
  const owners = new Map<string, string>();
  for (const sector of sectors) {
    for (const type of Object.keys(sector.nodes ?? {})) {
      const owner = owners.get(type);
      if (owner !== undefined) problems.push(`${type}: node loaders in sectors ${owner} and ${sector.name}`);
      owners.set(type, sector.name);
      const declared = schema.getType(type);
      if (!isObjectType(declared) || !implementations.has(type)) {
        problems.push(`${type}: sector ${sector.name} registers a node loader but ${type} does not implement ${NODE}`);
      }
    }
  }
  for (const type of implementations) {
    if (!owners.has(type)) {
      problems.push(
        `${type} implements ${NODE} but no sector registers its node loader (src/sectors/<sector>/index.ts)`,
      );
    }
  }
  return problems;
}
