/**
 * What the audit layer learns during execution (docs/ARCHITECTURE.md §6): for each citizen whose personal data the
 * response carries, the field coordinates released and the ones denied. A schema transform composed over the
 * authorization layer (src/schema/index.ts) wraps every field resolver; the per-request state is keyed by the
 * request's context object (envelop style, like src/authz/state.ts), so nothing is added to GatewayContext.
 *
 * Whose data is a field? The nearest enclosing object of a @personal type (`@personal(subject: "f")`): a field of a
 * @personal type belongs to `source[f]`; a field of any other type belongs to the subject of the field that returned
 * its parent object (HealthRecord is @personal, the Encounter objects below it are not, they are that citizen's).
 * Each field that returns objects under a subject records `info.path → subject`; a child finds its parent field's
 * path as `info.path.prev` (skipping list indices), so the per-field work is one Map lookup and one Set insertion,
 * whatever the depth or the number of citizens. A @personal object whose subject is null (an organisation holding a
 * land right, a foreign guest) starts a subtree that belongs to nobody.
 *
 * Besides: a field that returns @personal objects (`Query.citizen`, `Household.head`) is recorded for the returned
 * citizens too (their existence was revealed by it, even if every field below was denied). Denied fields (the
 * authorization plugin's FieldNodes) are recorded as denied for the enclosing subject, and for the personal IDs
 * passed to them as PersonalId arguments (`citizen(personalId: X)` denied: an attempt on X). A citizen token asking
 * for another citizen's ID (withheld by the binding, answered like an unknown ID) is NOT recorded for that ID: it is a
 * probe, a security event of the caller (probes.ts), since anyone with a citizen login could otherwise write into
 * strangers' access logs; staff tokens' denied attempts by ID stay in the subject's log.
 * Objects the binding withholds from a citizen token without being asked for by ID (the other members of their
 * household) are not recorded: the citizen did not try to read them, the schema filtered them.
 *
 * A field is recorded as read when its resolver is called: a resolver that then fails over-reports, never
 * under-reports. Structural fields (connections, edges, PageInfo) are not recorded as coordinates.
 */
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  getNamedType,
  isCompositeType,
  isObjectType,
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { Denial } from '../authz/analyze.ts';
import { connectionNodeType, PERSONAL_ID_SCALAR, type AuthzPolicy } from '../authz/policy.ts';
import { requestAuthorization, type RequestAuthorization } from '../authz/state.ts';
import { DENIED_FIELD_PREFIX, type AccessOutcome } from './chain.ts';

type Resolver = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;
type Path = GraphQLResolveInfo['path'];

/** One citizen's part of a request. */
export interface SubjectAccess {
  readonly read: Set<string>;
  readonly denied: Set<string>;
}

/** One request's accesses, per personal ID. */
export class AccessCollector {
  readonly subjects = new Map<string, SubjectAccess>();
  /** Response paths of fields whose result belongs to a subject. */
  private readonly paths = new Map<Path, string>();
  private authorization: RequestAuthorization | null | undefined;

  /** The authorization decided for the request (null when none was: every guarded field is then denied anyway). */
  authz(context: unknown): RequestAuthorization | null {
    if (this.authorization === undefined) this.authorization = requestAuthorization(context) ?? null;
    return this.authorization;
  }

  private access(subject: string): SubjectAccess {
    let access = this.subjects.get(subject);
    if (access === undefined) {
      access = { read: new Set(), denied: new Set() };
      this.subjects.set(subject, access);
    }
    return access;
  }

  read(subject: string, coordinate: string): void {
    this.access(subject).read.add(coordinate);
  }

  deny(subject: string, coordinate: string): void {
    this.access(subject).denied.add(coordinate);
  }

  /** The subject of the objects returned at `path` (their fields' subject). */
  belongs(path: Path, subject: string): void {
    this.paths.set(path, subject);
  }

  /** The subject of a field of a non-@personal type: the one its parent field recorded. */
  inherited(path: Path): string | undefined {
    let parent = path.prev;
    while (parent !== undefined && typeof parent.key === 'number') parent = parent.prev;
    return parent === undefined ? undefined : this.paths.get(parent);
  }

  get empty(): boolean {
    return this.subjects.size === 0;
  }
}

/** A citizen's accesses in one request, as a record's outcome and fields. */
export function summarise(access: SubjectAccess): { outcome: AccessOutcome; fields: string[] } {
  const outcome: AccessOutcome = access.read.size === 0 ? 'DENIED' : access.denied.size > 0 ? 'PARTIAL' : 'GRANTED';
  return {
    outcome,
    fields: [...access.read, ...[...access.denied].map((coordinate) => DENIED_FIELD_PREFIX + coordinate)],
  };
}

const COLLECTORS = new WeakMap<object, AccessCollector>();

/** Starts collecting for the request of this context (the audit plugin, at the start of each request). */
export function beginCollecting(context: object): AccessCollector {
  const collector = new AccessCollector();
  COLLECTORS.set(context, collector);
  return collector;
}

export function collectorOf(context: unknown): AccessCollector | undefined {
  return typeof context === 'object' && context !== null ? COLLECTORS.get(context) : undefined;
}

/** What the wrapper of one field needs, computed once at start-up. */
interface AuditedField {
  readonly coordinate: string;
  /** Recorded as a coordinate (false for connections, edges and PageInfo). */
  readonly recorded: boolean;
  /** The parent type is @personal: the subject is this property of the source object. */
  readonly subjectProperty: string | undefined;
  /** The field returns objects (their fields need to know the subject). */
  readonly composite: boolean;
  /** The field returns a @personal type (or a list of it): its subject property. */
  readonly returnedSubject: string | undefined;
  readonly personalIdArgs: readonly string[];
}

/** Wraps every field resolver of the (already authorized) schema to record whose data it reads. */
export function applyAuditTransform(schema: GraphQLSchema, policy: Pick<AuthzPolicy, 'personalTypes'>): GraphQLSchema {
  const structural = new Set<string>(['PageInfo']);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const connection = connectionNodeType(type);
    if (connection !== undefined) {
      structural.add(type.name);
      structural.add(connection.edge.name);
    }
  }
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const returned = getNamedType(fieldConfig.type);
      const personalIdArgs = Object.entries(fieldConfig.args ?? {})
        .filter(([, arg]) => getNamedType(arg.type).name === PERSONAL_ID_SCALAR)
        .map(([name]) => name);
      const field: AuditedField = {
        coordinate: `${typeName}.${fieldName}`,
        recorded: !structural.has(typeName),
        subjectProperty: policy.personalTypes.get(typeName),
        composite: isCompositeType(returned),
        returnedSubject: isObjectType(returned) ? policy.personalTypes.get(returned.name) : undefined,
        personalIdArgs,
      };
      return { ...fieldConfig, resolve: audited(field, (fieldConfig.resolve ?? defaultFieldResolver) as Resolver) };
    },
  });
}

function isDenied(denied: ReadonlyMap<FieldNode, Denial>, nodes: readonly FieldNode[]): boolean {
  for (const node of nodes) if (denied.has(node)) return true;
  return false;
}

/** The personal IDs passed in the PersonalId arguments of a field (single or list). */
function argumentIds(field: AuditedField, args: Record<string, unknown>): string[] {
  const ids: string[] = [];
  for (const name of field.personalIdArgs) {
    const value = args[name];
    if (typeof value === 'string') ids.push(value);
    else if (Array.isArray(value)) for (const id of value) if (typeof id === 'string') ids.push(id);
  }
  return ids;
}

function audited(field: AuditedField, resolve: Resolver): Resolver {
  const { coordinate, subjectProperty, returnedSubject } = field;
  const hasIdArgs = field.personalIdArgs.length > 0;
  return (source, args, context, info) => {
    const collector = collectorOf(context);
    if (collector === undefined) return resolve(source, args, context, info);
    const state = collector.authz(context);
    if (state === null) return resolve(source, args, context, info); // the guards deny every protected field

    let subject: string | undefined;
    if (subjectProperty !== undefined) {
      const value =
        typeof source === 'object' && source !== null
          ? (source as Record<string, unknown>)[subjectProperty]
          : undefined;
      subject = typeof value === 'string' ? value : undefined;
    } else {
      subject = collector.inherited(info.path);
    }

    if (state.denied.size > 0 && isDenied(state.denied, info.fieldNodes)) {
      if (subject !== undefined && field.recorded) collector.deny(subject, coordinate);
      // A citizen token's IDs other than its own are probes (probes.ts), not entries in those citizens' logs.
      if (hasIdArgs) {
        for (const id of argumentIds(field, args)) {
          if (state.pid === undefined || id === state.pid) collector.deny(id, coordinate);
        }
      }
      return resolve(source, args, context, info); // the authorization guard throws UNAUTHORIZED_FIELD_OR_TYPE
    }
    if (subject !== undefined) {
      if (field.recorded) collector.read(subject, coordinate);
      if (field.composite) collector.belongs(info.path, subject);
    }
    const result = resolve(source, args, context, info);
    return returnedSubject === undefined || !field.recorded
      ? result
      : attributeReturned(result, returnedSubject, coordinate, collector);
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Records `coordinate` for the subject of each @personal object the field returned (after binding). */
function attributeReturned(result: unknown, property: string, coordinate: string, collector: AccessCollector): unknown {
  const mark = (value: unknown): unknown => {
    if (value === null || value === undefined) return value;
    if (Array.isArray(value)) return value.map(mark);
    if (isPromiseLike(value)) return Promise.resolve(value).then(mark);
    if (typeof value === 'object') {
      const subject = (value as Record<string, unknown>)[property];
      if (typeof subject === 'string') collector.read(subject, coordinate);
    }
    return value;
  };
  return mark(result);
}
