/**
 * The personal-data classification check (docs/ARCHITECTURE.md §5): every object type that can reveal something about
 * an identifiable person must be classified, so that reading it needs a purpose and is audited per citizen. Each
 * object type is exactly one of
 *  - personal: `@personal(subject:)` or `@personal(subjects:)`;
 *  - inherited: reached ONLY below objects of @personal types (Encounter under HealthRecord): the audit attributes
 *    its fields to the enclosing subjects and reading it needs a purpose like its parent;
 *  - structural: a Relay connection or edge (transparent: what is below it is classified on its own);
 *  - exempt: `@notPersonal(reason: "...")`, a reviewed statement that the type reveals nothing about a person;
 *  - unreachable from every root field (and holding no PersonalId): nothing to classify.
 * A type reachable from a root field through non-@personal types, a type holding a PersonalId field, or a type
 * returned by a field taking a PersonalId argument that is none of these is a problem; so is an exemption of a type
 * that holds a PersonalId or is returned by a field taking one (it is about that citizen), or an empty reason. The
 * schema build fails listing every problem (src/schema/build.ts).
 *
 * Mutations (docs/ARCHITECTURE.md §6): a mutation's audit record is written in its transaction for the citizens its
 * payload names (src/audit/mutation-audit.ts), known from the payload type's @personal subject(s). So every Mutation
 * field must return a @personal type (every possible type, for an abstract one), or carry
 * `@auditExempt(reason: "...")`, a reviewed statement that its write concerns no citizen. A @notPersonal payload is no
 * way out: it would commit a write about citizens with no record in its transaction.
 */
import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isObjectType,
  type ConstDirectiveNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import {
  AUDIT_EXEMPT,
  AuthzSchemaError,
  collectPersonalTypes,
  connectionNodeType,
  directivesNamed,
  NOT_PERSONAL,
  PERSONAL,
  PERSONAL_ID_SCALAR,
} from './policy.ts';

export type TypeClass = 'personal' | 'inherited' | 'structural' | 'exempt' | 'unreachable';

export interface Classification {
  /** Every object type except the roots and introspection types, with its class. */
  readonly classes: ReadonlyMap<string, TypeClass>;
  /** Exempt type → its reason. */
  readonly exemptions: ReadonlyMap<string, string>;
  /** Mutation fields exempt from the in-transaction audit record (`Mutation.x` → its reason). */
  readonly mutationExemptions: ReadonlyMap<string, string>;
  readonly problems: readonly string[];
}

/** Classifies every object type of the schema and lists the problems (none for a well classified schema). */
export function classifyPersonalData(schema: GraphQLSchema): Classification {
  const problems: string[] = [];
  const personalTypes = collectPersonalTypes(schema, []); // its problems are the policy's (compileAuthzPolicy)
  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => t != null),
  );
  const objects = Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type),
  );

  const structural = new Set<string>();
  for (const type of objects) {
    const connection = connectionNodeType(type);
    if (connection !== undefined) {
      structural.add(type.name);
      structural.add(connection.edge.name);
    }
  }

  const exemptions = new Map<string, string>();
  const notPersonal = schema.getDirective(NOT_PERSONAL);
  for (const type of objects) {
    const nodes = directivesNamed(type, NOT_PERSONAL);
    if (nodes.length === 0) continue;
    let reason: unknown;
    try {
      reason = notPersonal == null ? undefined : getArgumentValues(notPersonal, nodes[0] as ConstDirectiveNode).reason;
    } catch {
      reason = undefined;
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      problems.push(`${type.name}: @${NOT_PERSONAL} needs a reason (why the type reveals nothing about a person)`);
    }
    exemptions.set(type.name, typeof reason === 'string' ? reason : '');
    if (personalTypes.has(type.name)) problems.push(`${type.name}: @${PERSONAL} and @${NOT_PERSONAL} on one type`);
    if (structural.has(type.name)) problems.push(`${type.name}: a connection or edge is structural, not exempt`);
  }

  // Walk from every root field. `exposedBy` records, for each type reached outside any @personal object, the first
  // path that reached it; `below` the types reached under a @personal object.
  const exposedBy = new Map<string, string>();
  const below = new Set<string>();
  const visit = (type: GraphQLNamedType, underPersonal: boolean, path: string): void => {
    const possible = isObjectType(type) ? [type] : isAbstractType(type) ? schema.getPossibleTypes(type) : [];
    for (const object of possible) {
      const personal = personalTypes.has(object.name);
      const under = underPersonal || personal;
      if (!personal && !structural.has(object.name)) {
        if (underPersonal) {
          if (below.has(object.name)) continue;
          below.add(object.name);
        } else {
          if (exposedBy.has(object.name)) continue;
          exposedBy.set(object.name, path);
        }
      } else {
        // A @personal or structural type: walk it once per state.
        const key = `${object.name}\u0000${String(under)}`;
        if (walked.has(key)) continue;
        walked.add(key);
      }
      for (const field of Object.values(object.getFields())) {
        visit(getNamedType(field.type), under, `${path} → ${object.name}.${field.name}`);
      }
    }
  };
  const walked = new Set<string>();
  for (const root of roots) {
    for (const field of Object.values(root.getFields())) {
      visit(getNamedType(field.type), false, `${root.name}.${field.name}`);
    }
  }

  const classes = new Map<string, TypeClass>();
  for (const type of objects) {
    let kind: TypeClass;
    if (personalTypes.has(type.name)) kind = 'personal';
    else if (structural.has(type.name)) kind = 'structural';
    else if (exemptions.has(type.name)) kind = 'exempt';
    else if (exposedBy.has(type.name))
      kind = 'unreachable'; // replaced below by a problem
    else if (below.has(type.name)) kind = 'inherited';
    else kind = 'unreachable';
    classes.set(type.name, kind);

    const exposed = exposedBy.get(type.name);
    if (exposed !== undefined && kind === 'unreachable') {
      problems.push(
        `${type.name} is reachable outside any @${PERSONAL} object (${exposed}): add @${PERSONAL}(subject:) or @${PERSONAL}(subjects:), or @${NOT_PERSONAL}(reason:) if it reveals nothing about a person`,
      );
    }
    const holdsPersonalId = Object.values(type.getFields()).some(
      (field) => getNamedType(field.type).name === PERSONAL_ID_SCALAR,
    );
    if (holdsPersonalId && (kind === 'exempt' || (kind === 'unreachable' && exposed === undefined))) {
      problems.push(`${type.name} holds a ${PERSONAL_ID_SCALAR} field: it must be @${PERSONAL} (or only below one)`);
    }
  }

  // A field taking a PersonalId argument answers about that citizen: what it returns is personal data.
  for (const owner of [...roots, ...objects]) {
    for (const field of Object.values(owner.getFields())) {
      if (!field.args.some((arg) => getNamedType(arg.type).name === PERSONAL_ID_SCALAR)) continue;
      const returned = getNamedType(field.type);
      const possible = isObjectType(returned)
        ? [returned]
        : isAbstractType(returned)
          ? schema.getPossibleTypes(returned)
          : [];
      for (const object of possible) {
        const kind = classes.get(object.name);
        if (kind === 'exempt') {
          problems.push(
            `${object.name} is returned by ${owner.name}.${field.name}, which takes a ${PERSONAL_ID_SCALAR}: it is about that citizen and cannot be @${NOT_PERSONAL}`,
          );
        }
      }
    }
  }
  const mutationExemptions = checkMutationPayloads(schema, personalTypes, problems);
  return { classes, exemptions, mutationExemptions, problems: [...new Set(problems)] };
}

/** The reason of a `@reasonDirective(reason:)` on a type or field: undefined when absent or not a string. */
function reasonOf(schema: GraphQLSchema, directive: string, node: ConstDirectiveNode | undefined): string | undefined {
  const definition = schema.getDirective(directive);
  if (definition == null || node === undefined) return undefined;
  try {
    const reason = getArgumentValues(definition, node).reason;
    return typeof reason === 'string' ? reason : undefined;
  } catch {
    return undefined;
  }
}

/** Every Mutation field returns a @personal payload (its audit subjects) or is @auditExempt with a reason. */
function checkMutationPayloads(
  schema: GraphQLSchema,
  personalTypes: ReadonlyMap<string, unknown>,
  problems: string[],
): Map<string, string> {
  const exemptions = new Map<string, string>();
  const mutation = schema.getMutationType();
  if (mutation == null) return exemptions;
  for (const field of Object.values(mutation.getFields())) {
    const coordinate = `${mutation.name}.${field.name}`;
    const nodes = directivesNamed(field, AUDIT_EXEMPT);
    if (nodes.length > 0) {
      const reason = reasonOf(schema, AUDIT_EXEMPT, nodes[0]);
      if (reason === undefined || reason.trim() === '') {
        problems.push(`${coordinate}: @${AUDIT_EXEMPT} needs a reason (why its write concerns no citizen)`);
      }
      exemptions.set(coordinate, reason ?? '');
      continue;
    }
    const returned = getNamedType(field.type);
    const possible = isObjectType(returned)
      ? [returned]
      : isAbstractType(returned)
        ? schema.getPossibleTypes(returned)
        : [];
    const unnamed = possible.filter((type) => !personalTypes.has(type.name)).map((type) => type.name);
    if (possible.length === 0 || unnamed.length > 0) {
      problems.push(
        `${coordinate} returns ${unnamed.length > 0 ? unnamed.join(', ') : returned.name}, which names no citizen: its audit record could not be written in the mutation's transaction; make the payload @${PERSONAL}(subject:) or @${PERSONAL}(subjects:) naming the citizens written, or mark the field @${AUDIT_EXEMPT}(reason:) if its write concerns nobody`,
      );
    }
  }
  return exemptions;
}

/** Throws AuthzSchemaError listing every classification problem (the schema build fails closed). */
export function assertPersonalDataClassified(schema: GraphQLSchema): Classification {
  const classification = classifyPersonalData(schema);
  if (classification.problems.length > 0) throw new AuthzSchemaError(classification.problems);
  return classification;
}
