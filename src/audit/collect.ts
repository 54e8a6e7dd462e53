/**
 * What the audit layer learns during execution (docs/ARCHITECTURE.md §6): for each citizen whose personal data the
 * response carries, the field coordinates released and the ones denied. A schema transform composed over the
 * authorization layer (src/schema/index.ts) wraps every field resolver; the per-request state is keyed by the
 * request's context object (envelop style, like src/authz/state.ts), so nothing is added to GatewayContext.
 *
 * Whose data is a field? The nearest enclosing object of a @personal type: a field of a @personal type belongs to
 * its subjects (`source[f]` for `@personal(subject: "f")`; every personal ID of the list `source[p]` for
 * `@personal(subjects: "p")`: a household's current members, a parcel's current holders); a field of any other type
 * belongs to the subjects of the field that returned its parent object (HealthRecord is @personal, the Encounter
 * objects below it are not, they are that citizen's; the commune of a household is every member's). Each field that
 * returns objects under subjects records `info.path → subjects`; a child finds its parent field's path as
 * `info.path.prev` (skipping list indices), so the per-field work is one Map lookup and one Set insertion per subject,
 * whatever the depth. A @personal object whose subject is null or whose subject list is empty (an organisation
 * holding a land right, a foreign guest, a parcel held only by organisations) starts a subtree that belongs to
 * nobody. A multi-subject object without its list (a loader that forgot to select it) fails its fields: never read
 * unrecorded.
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
  isAbstractType,
  isCompositeType,
  isObjectType,
  type FieldNode,
  type GraphQLAbstractType,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { Denial } from '../authz/analyze.ts';
import {
  connectionNodeType,
  PERSONAL_ID_SCALAR,
  subjectsOf,
  type AuthzPolicy,
  type PersonalSubject,
} from '../authz/policy.ts';
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
  /** Response paths of fields whose result belongs to subjects (never an empty list). */
  private readonly paths = new Map<Path, readonly string[]>();
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

  /** The subjects of the objects returned at `path` (their fields' subjects). */
  belongs(path: Path, subjects: readonly string[]): void {
    this.paths.set(path, subjects);
  }

  /** The subjects of a field of a non-@personal type: those its parent field recorded. */
  inherited(path: Path): readonly string[] | undefined {
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
  /** The parent type is @personal: where the source object names its subjects. */
  readonly subjectProperty: PersonalSubject | undefined;
  /** The field returns objects (their fields need to know the subject). */
  readonly composite: boolean;
  /**
   * The field returns a @personal type (or a list of it): where those objects name their subjects. For an abstract
   * return type (`Query.node`), keyed by each @personal possible type: an object names its type in `__typename`
   * (src/lib/node.ts).
   */
  readonly returnedSubject: PersonalSubject | ReadonlyMap<string, PersonalSubject> | undefined;
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
        returnedSubject: isObjectType(returned)
          ? policy.personalTypes.get(returned.name)
          : isAbstractType(returned)
            ? abstractSubjects(schema, returned, policy.personalTypes)
            : undefined,
        personalIdArgs,
      };
      return { ...fieldConfig, resolve: audited(field, (fieldConfig.resolve ?? defaultFieldResolver) as Resolver) };
    },
  });
}

/** The @personal possible types of an abstract type and their subjects; undefined when none is @personal. */
function abstractSubjects(
  schema: GraphQLSchema,
  type: GraphQLAbstractType,
  personalTypes: ReadonlyMap<string, PersonalSubject>,
): ReadonlyMap<string, PersonalSubject> | undefined {
  const subjects = new Map<string, PersonalSubject>();
  for (const possible of schema.getPossibleTypes(type)) {
    const subject = personalTypes.get(possible.name);
    if (subject !== undefined) subjects.set(possible.name, subject);
  }
  return subjects.size === 0 ? undefined : subjects;
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

    let subjects: readonly string[] | undefined;
    if (subjectProperty !== undefined) {
      subjects = subjectsOf(source, subjectProperty);
      if (subjects === undefined) throw missingSubjects(`a ${info.parentType.name}`, subjectProperty);
    } else {
      subjects = collector.inherited(info.path);
    }

    if (state.denied.size > 0 && isDenied(state.denied, info.fieldNodes)) {
      if (subjects !== undefined && field.recorded) for (const subject of subjects) collector.deny(subject, coordinate);
      // A citizen token's IDs other than its own are probes (probes.ts), not entries in those citizens' logs.
      if (hasIdArgs) {
        for (const id of argumentIds(field, args)) {
          if (state.pid === undefined || id === state.pid) collector.deny(id, coordinate);
        }
      }
      return resolve(source, args, context, info); // the authorization guard throws UNAUTHORIZED_FIELD_OR_TYPE
    }
    if (subjects !== undefined && subjects.length > 0) {
      if (field.recorded) for (const subject of subjects) collector.read(subject, coordinate);
      if (field.composite) collector.belongs(info.path, subjects);
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

/** A multi-subject object without its list: its loader did not select it. Failing is safer than reading unrecorded. */
function missingSubjects(where: string, subject: PersonalSubject): Error {
  return new Error(`${where}: an object has no "${subject.property}" list of subjects (its loader must select it)`);
}

/** Records `coordinate` for the subjects of each @personal object the field returned (after binding). */
function attributeReturned(
  result: unknown,
  returned: PersonalSubject | ReadonlyMap<string, PersonalSubject>,
  coordinate: string,
  collector: AccessCollector,
): unknown {
  const mark = (value: unknown): unknown => {
    if (value === null || value === undefined) return value;
    if (Array.isArray(value)) return value.map(mark);
    if (isPromiseLike(value)) return Promise.resolve(value).then(mark);
    if (typeof value === 'object') {
      let subject: PersonalSubject | undefined;
      if (returned instanceof Map) {
        const typeName = (value as { __typename?: unknown }).__typename;
        // An object of an abstract type without its type name cannot be attributed: fail rather than read unrecorded.
        if (typeof typeName !== 'string') throw new Error(`the result of ${coordinate} does not name its type`);
        subject = returned.get(typeName);
        if (subject === undefined) return value; // a type that is not @personal
      } else {
        subject = returned as PersonalSubject;
      }
      const subjects = subjectsOf(value, subject);
      if (subjects === undefined) throw missingSubjects(`the result of ${coordinate}`, subject);
      for (const id of subjects) collector.read(id, coordinate);
    }
    return value;
  };
  return mark(result);
}
