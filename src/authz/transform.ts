/**
 * The execution side of authorization: a schema transform that wraps the resolver of every guarded field.
 *  - A FieldNode the plugin denied throws UNAUTHORIZED_FIELD_OR_TYPE WITHOUT calling the original resolver (no
 *    loader, no SQL); graphql-js then puts null at each concrete path and one error per path.
 *  - No per-request state (the plugin did not run): deny (fail closed).
 *  - A citizen token (`pid`) is bound to its own data (docs/ARCHITECTURE.md §5). Decision: a citizen sees only their
 *    own personal data. Household members appear only as the citizen's own registration row, other members are
 *    withheld: each adult member has their own VNeID login, and Decree 13/2023/ND-CP requires the data subject's
 *    consent. So
 *      (a) an argument of type PersonalId that is not the token's pid is never passed to the resolver: a single-ID
 *          field returns null (exactly like an unknown ID), a list of IDs yields null at those positions;
 *      (b) an object of a @personal type whose subjects do not include the pid (an object about nobody included:
 *          foreign guests, organisations, a parcel held only by organisations; fail closed) is withheld: null in a
 *          single position, removed from a list, its edge removed from a connection (pageInfo.endCursor then points
 *          at the last edge kept, startCursor at the first, so no cursor of a withheld row leaks, and hasNextPage
 *          and hasPreviousPage are false: they counted withheld rows. Lists page the pid's rows only, in SQL, so
 *          this is a second line that should remove nothing);
 *      (c) root fields other than those taking a PersonalId, `me`, `node` and @public ones are denied (by the plugin);
 *      (d) a node lookup (`node(id:)`) answers an object of a @personal type that is not the citizen's with null,
 *          exactly like an unknown ID; each such answer (and each unknown ID) is counted as a probe (state.ts).
 */
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  type GraphQLError,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { gatewayError } from '../errors/catalogue.ts';
import type { Denial } from './analyze.ts';
import {
  subjectsOf,
  type AuthzPolicy,
  type FieldBinding,
  type FieldPolicy,
  type PersonalSubject,
  type ResultBinding,
} from './policy.ts';
import { requestAuthorization } from './state.ts';

type Resolver = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;

export function unauthorizedError(info: GraphQLResolveInfo, denial: Denial | undefined): GraphQLError {
  const coordinate = `${info.parentType.name}.${info.fieldName}`;
  const why = denial?.reason === 'citizen-token' ? ' with a citizen token' : '';
  return gatewayError(
    'UNAUTHORIZED_FIELD_OR_TYPE',
    `Not authorized to read ${coordinate}${why}`,
    denial !== undefined && denial.requiredScopes.length > 0 ? { requiredScopes: denial.requiredScopes } : {},
  );
}

/** Wraps the resolvers of every field that a rule, a root position, an interface or the citizen binding affects. */
export function applyAuthorizationTransform(schema: GraphQLSchema, policy: AuthzPolicy): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const fieldPolicy = policy.field(typeName, fieldName);
      const type = schema.getType(typeName);
      const implementsInterface = isObjectType(type) && type.getInterfaces().length > 0;
      if (
        fieldPolicy !== undefined &&
        fieldPolicy.rules.length === 0 &&
        !fieldPolicy.isRoot &&
        fieldPolicy.binding === undefined &&
        !implementsInterface
      ) {
        return fieldConfig; // nothing can deny it: no rule applies, no interface context, not a root field
      }
      return { ...fieldConfig, resolve: guard(fieldPolicy, (fieldConfig.resolve ?? defaultFieldResolver) as Resolver) };
    },
  });
}

function guard(fieldPolicy: FieldPolicy | undefined, resolve: Resolver): Resolver {
  const binding = fieldPolicy?.binding;
  return (source, args, context, info) => {
    const state = requestAuthorization(context);
    if (state === undefined || fieldPolicy === undefined) throw unauthorizedError(info, undefined);
    if (state.denied.size > 0) {
      for (const node of info.fieldNodes) {
        const denial = state.denied.get(node);
        if (denial !== undefined) throw unauthorizedError(info, denial);
      }
    }
    if (state.pid === undefined || binding === undefined) return resolve(source, args, context, info);
    const bound = bindToCitizen(binding, state.pid, resolve, source, args, context, info);
    if (fieldPolicy.nodeLookup === undefined) return bound;
    return then(bound, (value) => {
      if (value === null || value === undefined) state.probes.nodeLookups += 1;
      return value;
    });
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function then<T>(value: unknown, fn: (resolved: unknown) => T): T | Promise<T> {
  return isPromiseLike(value) ? Promise.resolve(value).then(fn) : fn(value);
}

function bindToCitizen(
  binding: FieldBinding,
  pid: string,
  resolve: Resolver,
  source: unknown,
  args: Record<string, unknown>,
  context: unknown,
  info: GraphQLResolveInfo,
): unknown {
  let callArgs = args;
  let positions: boolean[] | undefined;
  const positional = binding.result?.kind === 'list' && binding.result.positional;
  for (const arg of binding.personalIdArgs) {
    const value = args[arg.name];
    if (value === null || value === undefined) continue;
    if (!arg.list) {
      if (value !== pid) return null; // another citizen's ID: the same as an unknown ID
      continue;
    }
    const ids = Array.isArray(value) ? value : [value];
    const keep = ids.map((id) => id === pid);
    if (keep.every(Boolean)) continue;
    callArgs = { ...callArgs, [arg.name]: ids.filter((_, index) => keep[index]) };
    if (positional && positions === undefined) positions = keep;
  }
  if (positions !== undefined && !positions.some(Boolean)) return positions.map(() => null);
  const result = resolve(source, callArgs, context, info);
  return then(result, (value) => {
    let expanded = value;
    if (positions !== undefined && Array.isArray(value)) {
      let next = 0;
      expanded = positions.map((kept) => (kept ? ((value[next++] as unknown) ?? null) : null));
    }
    return binding.result === undefined ? expanded : bindResult(binding.result, expanded, pid);
  });
}

/** The pid is among the object's subjects (a multi-subject object without its list is withheld: fail closed). */
function belongsTo(object: unknown, subject: PersonalSubject, pid: string): boolean {
  if (typeof object !== 'object' || object === null) return false;
  return subjectsOf(object, subject)?.includes(pid) === true;
}

function bindResult(binding: ResultBinding, value: unknown, pid: string): unknown {
  if (value === null || value === undefined) return value;
  switch (binding.kind) {
    case 'object':
      return belongsTo(value, binding.subject, pid) ? value : null;
    case 'list':
      return bindList(value, binding.subject, pid, binding.positional);
    case 'connection':
      return bindConnection(value, binding.subject, pid);
    case 'node': {
      const typeName = (value as { __typename?: unknown }).__typename;
      // A node without its type cannot be checked: withhold it (fail closed).
      if (typeof typeName !== 'string') return null;
      const subject = binding.subjects.get(typeName);
      return subject === undefined || belongsTo(value, subject, pid) ? value : null;
    }
  }
}

function bindList(value: unknown, subject: PersonalSubject, pid: string, positional: boolean): unknown {
  if (typeof value !== 'object' || value === null || !(Symbol.iterator in value)) return null; // not a list: withhold
  const items = Array.from(value as Iterable<unknown>);
  if (items.some(isPromiseLike))
    return Promise.all(items).then((resolved) => bindList(resolved, subject, pid, positional));
  const bound: unknown[] = [];
  for (const item of items) {
    if (item === null || item === undefined) bound.push(item);
    else if (Array.isArray(item)) bound.push(bindList(item, subject, pid, false));
    else if (belongsTo(item, subject, pid)) bound.push(item);
    else if (positional) bound.push(null);
  }
  return bound;
}

interface ConnectionLike {
  edges?: unknown;
  pageInfo?: unknown;
}

function bindConnection(value: unknown, subject: PersonalSubject, pid: string): unknown {
  if (typeof value !== 'object') return null;
  const connection = value as ConnectionLike;
  const edges = connection.edges;
  if (edges === null || edges === undefined) return value;
  if (typeof edges !== 'object' || !(Symbol.iterator in edges)) return null;
  const all = Array.from(edges as Iterable<unknown>);
  if (all.some(isPromiseLike)) {
    return Promise.all(all).then((resolved) => bindConnection({ ...connection, edges: resolved }, subject, pid));
  }
  const kept = all.filter((edge) => belongsTo((edge as { node?: unknown } | null)?.node, subject, pid));
  if (kept.length === all.length) return value;
  let pageInfo = connection.pageInfo;
  if (typeof pageInfo === 'object' && pageInfo !== null) {
    const last = kept.at(-1) as { cursor?: unknown } | undefined;
    const first = kept[0] as { cursor?: unknown } | undefined;
    const info = { ...(pageInfo as Record<string, unknown>) };
    // Defense in depth: lists of @personal rows page only the pid's rows in SQL (PageRequest.visibleTo), so nothing
    // should be removed here. If something is, the page's hasNextPage counted rows the citizen may not see: fail
    // closed, end the list rather than reveal that more rows exist (in either direction).
    info.hasNextPage = false;
    if ('hasPreviousPage' in info) info.hasPreviousPage = false;
    if (last === undefined) {
      info.endCursor = null;
      if ('startCursor' in info) info.startCursor = null;
    } else {
      info.endCursor = last.cursor ?? null;
      if ('startCursor' in info) info.startCursor = first?.cursor ?? null;
    }
    pageInfo = info;
  }
  return { ...connection, edges: kept, pageInfo };
}
