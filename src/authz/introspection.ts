/**
 * Introspection follows the token (docs/ARCHITECTURE.md §5): an introspection operation is validated and executed
 * against the schema filtered to what the token's scopes could read, so a tourism token does not learn that
 * Encounter.principalDiagnosis exists. Types left empty or unreachable disappear. One filtered schema per distinct
 * decision-relevant scope set (plus citizen binding), in a bounded LRU.
 */
import { mapSchema, MapperKind, pruneSchema } from '@graphql-tools/utils';
import { assertValidSchema, isInterfaceType, type GraphQLSchema } from 'graphql';
import { decisiveScopes, fieldAccess, scopeGrants, typeReadable } from './access.ts';
import { NODE_INTERFACE, type AuthzPolicy } from './policy.ts';

export function filterSchemaForScopes(
  schema: GraphQLSchema,
  policy: AuthzPolicy,
  scopes: ReadonlySet<string>,
  citizenToken: boolean,
): GraphQLSchema {
  const grants = scopeGrants(scopes);
  // The decision execution takes (analyze.ts): a field is shown exactly when an operation may read it.
  const allowed = (typeName: string, fieldName: string): boolean =>
    fieldAccess(policy.field(typeName, fieldName), grants, citizenToken) === undefined;
  const readable = (typeName: string): boolean => typeReadable(policy, typeName, grants);
  // A node lookup is decided on the type an ID names (analyze.ts): shown when some Node type is readable.
  const node = schema.getType(NODE_INTERFACE);
  const someNodeReadable =
    node !== undefined && isInterfaceType(node) && schema.getPossibleTypes(node).some((type) => readable(type.name));
  const shown = (typeName: string, fieldName: string): boolean =>
    allowed(typeName, fieldName) && (policy.field(typeName, fieldName)?.nodeLookup === undefined || someNodeReadable);
  const filtered = mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => (shown(typeName, fieldName) ? config : null),
    [MapperKind.INTERFACE_FIELD]: (config, fieldName, typeName) => {
      const type = schema.getType(typeName);
      if (!isInterfaceType(type)) return null;
      // Kept only if every implementation that stays keeps it (the filtered schema must remain valid).
      const implementations = schema.getPossibleTypes(type);
      return implementations.every((impl) => !readable(impl.name) || allowed(impl.name, fieldName)) ? config : null;
    },
  });
  const pruned = pruneSchema(filtered);
  assertValidSchema(pruned);
  return pruned;
}

/** A bounded LRU of filtered schemas keyed by the decision-relevant scopes. */
export class FilteredSchemaCache {
  private readonly entries = new Map<string, GraphQLSchema>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly policy: AuthzPolicy,
    private readonly maxEntries = 100,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(scopes: ReadonlySet<string>, citizenToken: boolean): GraphQLSchema {
    const relevant = decisiveScopes(this.policy, scopes);
    const key = `${citizenToken ? 'pid' : 'service'} ${relevant.join(' ')}`;
    let filtered = this.entries.get(key);
    if (filtered !== undefined) {
      this.entries.delete(key); // most recently used last
    } else {
      filtered = filterSchemaForScopes(this.schema, this.policy, new Set(relevant), citizenToken);
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    this.entries.set(key, filtered);
    return filtered;
  }
}
