/**
 * Mutations written atomically with their audit record (docs/ARCHITECTURE.md §6, §11).
 *
 * A mutation commits in its own transaction (src/lib/mutation.ts) BEFORE the audit plugin sees the response, so a
 * record appended afterwards could fail after the write committed: the client would be told to retry a write that
 * happened. Instead the mutation's record goes into audit.pending_record IN THE MUTATION'S TRANSACTION (the outbox;
 * writer.ts seals it into this gateway's chain after the commit): a mutation answered with an error has written
 * nothing, and a committed one is recorded whatever happens to the chain afterwards.
 *
 * The record: subjects = the citizens the payload names (the `@personal(subject:|subjects:)` property of the
 * mutation's payload type, filled by the write code: the patient, the resident, the guest, every party to a land change
 * and every holder of the rights it ended or created, every claimant of an identity conflict); one record per citizen.
 * A Mutation field whose payload names no citizen does not start (src/authz/classification.ts), and a payload whose
 * subject property is missing fails the mutation (nothing committed) rather than commit unrecorded. Fields = the
 * mutation coordinate and every field coordinate of the selection under it (fragments expanded, every possible type of
 * an abstract field): a sound over-approximation of what the payload releases about those citizens, known before the
 * payload is resolved. Fields the authorization layer denied (src/authz/state.ts) are not released: they are listed
 * denied (`!Type.field`, nothing below them is walked) and the outcome is PARTIAL, as the collector would say. The
 * audit plugin then appends only the records the mutation's records do not already cover exactly (other citizens the
 * payload revealed), and never turns a committed mutation into an error that says "retry" (plugin.ts).
 *
 * Wiring: `applyMutationAuditTransform` wraps the Mutation fields' resolvers: before the resolver runs (before its
 * transaction opens: on PGlite a statement outside the transaction would wait for it) it learns the writer id and
 * leaves the request's MutationAudit for `runMutation`, which calls `recordMutationAudit` inside the transaction and
 * `mutationCommitted` after it.
 */
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type FieldNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { subjectsOf, type PersonalSubject } from '../authz/policy.ts';
import { requestAuthorization } from '../authz/state.ts';
import type { DatabaseTransaction } from '../db/database.ts';
import { DENIED_FIELD_PREFIX, normaliseRecord, type AccessOutcome, type AccessRecordInput } from './chain.ts';
import { insertPendingRecords, type AuditLog } from './writer.ts';

/** What the audit plugin tells this module about a request (its record's request fields). */
export interface MutationAuditRequest {
  auditLog: Pick<AuditLog, 'writerId'>;
  /** The fields every record of the request shares (plugin.ts `recordBase`). */
  base(): Omit<AccessRecordInput, 'personalId' | 'fields' | 'outcome'>;
}

interface RequestState {
  readonly request: MutationAuditRequest;
  /** The Mutation field running now (mutations run one after the other). */
  current?: {
    writer: number;
    coordinate: string;
    /** The payload type's @personal subject(s), if it has any. */
    subject: PersonalSubject | undefined;
    /** Released coordinates, then denied ones (`!Type.field`). */
    fields: string[];
    outcome: AccessOutcome;
    /** The citizens whose records the running mutation's transaction wrote. */
    recorded?: readonly string[];
  };
  /** Citizens whose record was written in a committed mutation's transaction, with its fields (denied ones `!`). */
  readonly covered: Map<string, Set<string>>;
  /** A mutation of this request committed. */
  committed: boolean;
}

const STATES = new WeakMap<object, RequestState>();

/** The audit plugin, at the start of each request. */
export function beginMutationAudit(context: object, request: MutationAuditRequest): void {
  STATES.set(context, { request, covered: new Map(), committed: false });
}

/** What the request's committed mutations recorded: the plugin leaves these citizens' fields out of its append. */
export function mutationAuditOf(context: object): { committed: boolean; covered: ReadonlyMap<string, Set<string>> } {
  // Read for every request by the audit plugin: the state itself, no copy.
  return STATES.get(context) ?? NO_MUTATION;
}

const NO_MUTATION: { committed: boolean; covered: ReadonlyMap<string, Set<string>> } = Object.freeze({
  committed: false,
  covered: new Map<string, Set<string>>(),
});

/** What a mutation's selection can release: coordinates read, and coordinates denied (without the prefix). */
export interface SelectedCoordinates {
  readonly read: Set<string>;
  readonly denied: Set<string>;
}

/**
 * Every coordinate the selection under a field can read (fragments expanded, abstract types widened). A FieldNode in
 * `denied` (the authorization layer's decision) is recorded as denied and not walked: its subtree never executes.
 */
export function selectedCoordinates(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  selectionSet: SelectionSetNode | undefined,
  fragments: GraphQLResolveInfo['fragments'],
  denied: ReadonlyMap<FieldNode, unknown> = new Map(),
  into: SelectedCoordinates = { read: new Set(), denied: new Set() },
  seen: Set<string> = new Set(),
): SelectedCoordinates {
  if (selectionSet === undefined) return into;
  const objects = isObjectType(type) ? [type] : isAbstractType(type) ? schema.getPossibleTypes(type) : [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      const refused = denied.has(selection);
      for (const object of objects) {
        const field = object.getFields()[name];
        if (field === undefined) continue;
        if (refused) {
          into.denied.add(`${object.name}.${name}`);
          continue;
        }
        into.read.add(`${object.name}.${name}`);
        selectedCoordinates(schema, getNamedType(field.type), selection.selectionSet, fragments, denied, into, seen);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition =
        selection.typeCondition === undefined ? type : schema.getType(selection.typeCondition.name.value);
      if (condition !== undefined)
        selectedCoordinates(schema, condition, selection.selectionSet, fragments, denied, into, seen);
    } else {
      const fragment = fragments[selection.name.value];
      if (fragment === undefined || seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      const condition = schema.getType(fragment.typeCondition.name.value);
      if (condition !== undefined)
        selectedCoordinates(schema, condition, fragment.selectionSet, fragments, denied, into, seen);
    }
  }
  return into;
}

/** Wraps the Mutation fields' resolvers (composed over the authorization and audit transforms). */
export function applyMutationAuditTransform(
  schema: GraphQLSchema,
  personalTypes: ReadonlyMap<string, PersonalSubject>,
): GraphQLSchema {
  const mutationType = schema.getMutationType()?.name;
  if (mutationType === undefined) return schema;
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName, mapped) => {
      if (typeName !== mutationType) return fieldConfig;
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      const coordinate = `${typeName}.${fieldName}`;
      return {
        ...fieldConfig,
        resolve: async (source, args, context: object, info) => {
          const state = STATES.get(context);
          if (state !== undefined) {
            const returned = getNamedType(info.returnType);
            const denied = requestAuthorization(context)?.denied ?? new Map<FieldNode, unknown>();
            const selected: SelectedCoordinates = { read: new Set([coordinate]), denied: new Set() };
            for (const node of info.fieldNodes) {
              selectedCoordinates(mapped, returned, node.selectionSet, info.fragments, denied, selected);
            }
            state.current = {
              writer: await state.request.auditLog.writerId(),
              coordinate,
              subject: personalTypes.get(returned.name),
              fields: [...selected.read, ...[...selected.denied].map((field) => DENIED_FIELD_PREFIX + field)],
              // The mutation itself ran (a denied Mutation field never reaches its write): never DENIED.
              outcome: selected.denied.size > 0 ? 'PARTIAL' : 'GRANTED',
            };
          }
          try {
            return await resolve(source, args, context, info);
          } finally {
            if (state !== undefined) state.current = undefined;
          }
        },
      };
    },
  });
}

/**
 * Inside the mutation's transaction, after its work: writes the mutation's audit record into the outbox, one per
 * citizen the payload names. Nothing when the request is not audited (no audit layer) or the payload is about nobody
 * (a foreign guest: a null subject, an empty list). A payload WITHOUT its subject property (write code that forgot
 * to fill it) throws: the transaction rolls back rather than commit a write about citizens unrecorded.
 */
export async function recordMutationAudit(context: object, tx: DatabaseTransaction, payload: unknown): Promise<void> {
  const state = STATES.get(context);
  const current = state?.current;
  if (state === undefined || current === undefined) return;
  const { subject } = current;
  if (subject === undefined) {
    // Only a Mutation field marked @auditExempt gets here (the classification check refuses any other).
    return;
  }
  const named =
    typeof payload === 'object' &&
    payload !== null &&
    (payload as Record<string, unknown>)[subject.property] !== undefined
      ? subjectsOf(payload, subject)
      : undefined;
  if (named === undefined) {
    throw new Error(
      `${current.coordinate}: the payload has no "${subject.property}" (its audit subjects): nothing was committed`,
    );
  }
  const subjects = [...new Set(named)].filter((id) => /^\d{12}$/.test(id));
  if (subjects.length === 0) return;
  const at = new Date();
  const records = subjects.map((personalId) =>
    normaliseRecord({ ...state.request.base(), personalId, fields: current.fields, outcome: current.outcome }, at),
  );
  await insertPendingRecords(tx, current.writer, records);
  current.recorded = subjects;
}

/** After the mutation's transaction committed: its record covers its citizen for the rest of the request. */
export function mutationCommitted(context: object): void {
  const state = STATES.get(context);
  if (state === undefined) return;
  state.committed = true;
  const current = state.current;
  for (const subject of current?.recorded ?? []) {
    let covered = state.covered.get(subject);
    if (covered === undefined) {
      covered = new Set();
      state.covered.set(subject, covered);
    }
    for (const field of current?.fields ?? []) covered.add(field);
  }
}
