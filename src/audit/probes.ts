/**
 * Probes (docs/ARCHITECTURE.md §6): a citizen token (`pid`) naming other citizens' personal IDs, or looking up an
 * object by another identifier through a root field it may not use (foreignIdentifierLookups). The binding answers
 * such an ID like an unknown one (src/authz/transform.ts), so nothing is released; what remains is the attempt. It is
 * a security event of the caller (security-events.ts: how many foreign IDs, never which), not a DENIED record in
 * each named citizen's access log, which would let anyone with a citizen login write into strangers' logs.
 *
 * Repeated probing is throttled before execution: the foreign IDs a request names are drawn from the caller's probe
 * bucket (PROBE_THROTTLE_IDS per PROBE_THROTTLE_WINDOW_S, src/limits/rate-limit.ts `createProbeThrottle`, shared
 * through Redis when configured) before any resolver runs. A request naming more foreign IDs than are left is
 * refused whole with 429 PROBING_THROTTLED and Retry-After (a refusal recorded as a REFUSED event like any other) and
 * charges nothing, so no request runs past the limit; one naming more than PROBE_THROTTLE_IDS is never allowed.
 * Requests about the citizen's own data go on.
 *
 * Node lookups (`node(id:)`): whose object a global ID names is known only once it is loaded, yet the throttle must
 * decide before anything runs. So every node lookup of a citizen token is drawn from the bucket before execution,
 * its own objects included (fail closed: a citizen's own objects are reachable through `me` without it), and the
 * lookups the binding answered with null (another citizen's object, or no object: src/authz/transform.ts (d)) are
 * recorded after execution as FOREIGN_IDENTIFIER probes.
 */
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type GraphQLCompositeType,
  type GraphQLField,
  type SelectionSetNode,
} from 'graphql';
import {
  CITIZEN_MUTATION_FIELDS,
  CITIZEN_ROOT_FIELDS,
  directivesNamed,
  NODE_INTERFACE,
  PERSONAL_ID_SCALAR,
  PUBLIC,
} from '../authz/policy.ts';
import { requestAuthorization } from '../authz/state.ts';
import type { GatewayContext } from '../context.ts';
import { errorHeaders, gatewayError } from '../errors/catalogue.ts';
import { PAGING_ARGUMENTS } from '../lib/connection.ts';
import { operationFacts, type OperationFacts } from '../lib/operation.ts';
import { documentHashOf, FOREIGN_IDENTIFIER, FOREIGN_PERSONAL_ID, type SecurityEvents } from './security-events.ts';

/** The throttle (src/limits/rate-limit.ts `ProbeThrottle`; the audit layer does not import the limits layer). */
export interface ProbeThrottleLike {
  take(sub: string, foreignIds: number): Promise<{ allowed: boolean; retryAfterSeconds: number; capacity: number }>;
}

export interface ProbesPluginOptions {
  events: Pick<SecurityEvents, 'record'>;
  throttle: ProbeThrottleLike;
}

/**
 * The distinct personal IDs other than `pid` passed to PersonalId arguments in the selected operation (its fragments
 * included, each walked once; @skip/@include ignored, so a skipped field still counts: the ID was named).
 */
export function foreignPersonalIds(facts: OperationFacts, pid: string): number {
  const { schema, fragments, rootType } = facts;
  const variables = facts.variables.coerced ?? {};
  const ids = new Set<string>();
  const walkedFragments = new Set<string>();
  const walk = (type: GraphQLCompositeType, selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!isObjectType(type) && !isInterfaceType(type)) continue; // a union selects only __typename directly
        const field = type.getFields()[selection.name.value];
        if (field === undefined) continue;
        const idArgs = field.args.filter((arg) => getNamedType(arg.type).name === PERSONAL_ID_SCALAR);
        if (idArgs.length > 0) {
          let values: Record<string, unknown>;
          try {
            values = getArgumentValues(field, selection, variables);
          } catch {
            continue; // execution refuses the arguments before any resolver runs
          }
          for (const arg of idArgs) {
            const value = values[arg.name];
            for (const id of Array.isArray(value) ? value : [value]) {
              if (typeof id === 'string' && id !== pid) ids.add(id);
            }
          }
        }
        const returned = getNamedType(field.type);
        if (selection.selectionSet !== undefined && isCompositeType(returned)) walk(returned, selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition =
          selection.typeCondition === undefined ? type : schema.getType(selection.typeCondition.name.value);
        if (condition !== undefined && isCompositeType(condition)) walk(condition, selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (walkedFragments.has(name)) continue;
        walkedFragments.add(name);
        const fragment = fragments.get(name);
        const condition = fragment === undefined ? undefined : schema.getType(fragment.typeCondition.name.value);
        if (fragment !== undefined && condition !== undefined && isCompositeType(condition)) {
          walk(condition, fragment.selectionSet);
        }
      }
    }
  };
  if (rootType !== undefined) walk(rootType, facts.operation.selectionSet);
  return ids.size;
}

/**
 * Calls `visit` for each field selected at the root of the operation, through inline fragments and named fragments
 * (each named fragment once), with its definition and its argument values; fields whose arguments execution would
 * refuse (nothing runs for them) are skipped.
 */
function forEachRootField(
  facts: OperationFacts,
  visit: (field: GraphQLField<unknown, unknown>, values: Record<string, unknown>) => void,
): void {
  const { fragments, rootType } = facts;
  if (rootType === undefined) return;
  const variables = facts.variables.coerced ?? {};
  const walkedFragments = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment === undefined || walkedFragments.has(selection.name.value)) continue;
        walkedFragments.add(selection.name.value);
        walk(fragment.selectionSet);
        continue;
      }
      const field = rootType.getFields()[selection.name.value];
      if (field === undefined) continue;
      let values: Record<string, unknown>;
      try {
        values = getArgumentValues(field, selection, variables);
      } catch {
        continue; // execution refuses the arguments before any resolver runs
      }
      visit(field, values);
    }
  };
  walk(facts.operation.selectionSet);
}

/**
 * The distinct node lookups (`node(id:)`, a root Query field of the Node interface type) the operation selects:
 * each is charged to a citizen token's probe bucket before execution.
 */
export function nodeLookups(facts: OperationFacts): number {
  if (facts.rootType === undefined || facts.rootType !== facts.schema.getQueryType()) return 0;
  const ids = new Set<string>();
  forEachRootField(facts, (field, values) => {
    if (getNamedType(field.type).name === NODE_INTERFACE) ids.add(JSON.stringify([field.name, values]));
  });
  return ids.size;
}

/**
 * Lookups by identifier a citizen token attempts on root fields it may not use (`household(residenceFileNo:)`,
 * `parcel(...)`, `resolveIdentifier(kind:, value:)`...: every root field but `me`, `myAccessLog`, `node`, @public
 * ones and those taking a PersonalId, src/authz/policy.ts `citizenMayUse`): the distinct (field, arguments) pairs
 * selected at the root with an argument other than the paging ones (`first`, `after`, `last`, `before`). The field
 * is denied before any resolver runs (nothing about the object is released, not even whether it exists), but, like
 * naming another citizen's personal ID, the attempt is a probe (docs/ARCHITECTURE.md §6).
 */
export function foreignIdentifierLookups(facts: OperationFacts): number {
  const { schema, rootType } = facts;
  const lookups = new Set<string>();
  forEachRootField(facts, (field, values) => {
    if (field.args.length === 0) return;
    const citizenMayUse =
      (rootType === schema.getQueryType() &&
        (CITIZEN_ROOT_FIELDS.has(field.name) ||
          field.args.some((arg) => getNamedType(arg.type).name === PERSONAL_ID_SCALAR))) ||
      (rootType === schema.getMutationType() && CITIZEN_MUTATION_FIELDS.has(field.name));
    if (citizenMayUse || directivesNamed(field, PUBLIC).length > 0) return;
    const named = Object.entries(values).filter(
      ([name, value]) => !PAGING_ARGUMENTS.has(name) && value !== null && value !== undefined,
    );
    if (named.length > 0) lookups.add(JSON.stringify([field.name, named.sort(([a], [b]) => (a < b ? -1 : 1))]));
  });
  return lookups.size;
}

export function probesPlugin(options: ProbesPluginOptions): ApolloServerPlugin<GatewayContext> {
  const { events, throttle } = options;
  return {
    async requestDidStart({ contextValue }) {
      const { principal } = contextValue;
      if (principal.pid === undefined) return; // only citizen tokens are bound to one citizen
      const pid = principal.pid;
      return {
        async didResolveOperation(requestContext) {
          const facts = operationFacts(requestContext);
          if (facts === undefined || facts.variables.errors !== undefined) return;
          const personalIds = foreignPersonalIds(facts, pid);
          const identifiers = foreignIdentifierLookups(facts);
          const count = personalIds + identifiers + nodeLookups(facts);
          if (count === 0) return;
          for (const [code, n] of [
            [FOREIGN_PERSONAL_ID, personalIds],
            [FOREIGN_IDENTIFIER, identifiers],
          ] as const) {
            if (n === 0) continue;
            events.record({
              kind: 'PROBE',
              principal,
              code,
              operationName: requestContext.operationName,
              documentHash: documentHashOf(requestContext.source, requestContext.queryHash),
              requestId: contextValue.requestId,
              count: n,
            });
          }
          const decision = await throttle.take(principal.sub, count);
          if (decision.allowed) return;
          const headers = new HeaderMap(Object.entries(errorHeaders('PROBING_THROTTLED', decision.retryAfterSeconds)));
          const message =
            count > decision.capacity
              ? `Too many other citizens' personal IDs asked for: ${count} in one request, at most ${decision.capacity} per window`
              : `Too many other citizens' personal IDs asked for; retry after ${decision.retryAfterSeconds} s`;
          throw gatewayError('PROBING_THROTTLED', message, { http: { status: 429, headers } });
        },
        async willSendResponse(requestContext) {
          const lookups = requestAuthorization(contextValue)?.probes.nodeLookups ?? 0;
          if (lookups === 0) return;
          events.record({
            kind: 'PROBE',
            principal,
            code: FOREIGN_IDENTIFIER,
            operationName: requestContext.operationName,
            documentHash: documentHashOf(requestContext.source, requestContext.queryHash),
            requestId: contextValue.requestId,
            count: lookups,
          });
          // Drawn from the bucket before execution (didResolveOperation): recorded only.
        },
      };
    },
  };
}
