/**
 * What the layers around execution need to know about an operation before it runs (docs/ARCHITECTURE.md §3): the
 * limits plugin (§7) and the authorization plugin (§5) read the same facts instead of computing them twice.
 *  - Per document, cached with the parsed document (Apollo's document store reuses it across requests): the
 *    fragments by name.
 *  - Per request: the selected operation, its root type, and the request's variables coerced against the
 *    operation's variable definitions, or the coercion errors (execution then refuses the request with HTTP 400
 *    before any resolver runs).
 * The request's facts are keyed by Apollo's request context: Apollo Server 5 passes the same object to every
 * plugin's didResolveOperation, so the first plugin to ask (the limits plugin) computes them and the next reuses them.
 */
import {
  getDirectiveValues,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';

/** An operation of a document, with what walking its selections needs. */
export interface SelectedOperation {
  readonly operation: OperationDefinitionNode;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Query, Mutation or Subscription; undefined when the schema has no such root type. */
  readonly rootType: GraphQLObjectType | undefined;
}

export interface OperationFacts extends SelectedOperation {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  /** graphql-js's coercion of the request's variables (`coerced`, or `errors` holding the first problem). */
  readonly variables: ReturnType<typeof getVariableValues>;
}

/** The parts of Apollo's didResolveOperation request context the facts are computed from. */
export interface ResolvedRequest {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  /** Undefined when the document has no operation of the requested name (graphql-js reports it). */
  readonly operation?: OperationDefinitionNode | undefined;
  readonly request: { readonly variables?: Readonly<Record<string, unknown>> | undefined };
}

const FRAGMENTS = new WeakMap<DocumentNode, ReadonlyMap<string, FragmentDefinitionNode>>();
const REQUESTS = new WeakMap<ResolvedRequest, OperationFacts>();

/** The document's fragment definitions by name (computed once per document). */
export function documentFragments(document: DocumentNode): ReadonlyMap<string, FragmentDefinitionNode> {
  let fragments = FRAGMENTS.get(document);
  if (fragments === undefined) {
    const byName = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) byName.set(definition.name.value, definition);
    }
    fragments = byName;
    FRAGMENTS.set(document, fragments);
  }
  return fragments;
}

export function selectOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): SelectedOperation {
  return { operation, fragments: documentFragments(document), rootType: rootTypeOf(schema, operation) };
}

/**
 * The request's operation facts: computed by the first caller of the request, shared with the others. Undefined when
 * no operation was selected (nothing executes then).
 */
export function operationFacts(request: ResolvedRequest): OperationFacts | undefined {
  const { schema, document, operation } = request;
  if (operation === undefined) return undefined;
  let facts = REQUESTS.get(request);
  // The identity checks are cheap insurance against a caller that reuses a context object for another operation.
  if (facts === undefined || facts.operation !== operation || facts.document !== document || facts.schema !== schema) {
    facts = {
      operation,
      fragments: documentFragments(document),
      rootType: rootTypeOf(schema, operation),
      schema,
      document,
      // One error is enough: execution reports the coercion errors itself; the layers only need to know of one.
      variables: getVariableValues(schema, operation.variableDefinitions ?? [], request.request.variables ?? {}, {
        maxErrors: 1,
      }),
    };
    REQUESTS.set(request, facts);
  }
  return facts;
}

function rootTypeOf(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLObjectType | undefined {
  return schema.getRootType(operation.operation) ?? undefined;
}

/**
 * Whether @skip/@include let a selection execute with the request's coerced variables (GraphQL spec §3.13). A value
 * execution would refuse counts as included: the layers then err on the side of the field running.
 */
export function isIncluded(node: SelectionNode, variables: Readonly<Record<string, unknown>>): boolean {
  if (node.directives === undefined || node.directives.length === 0) return true;
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  } catch {
    return true;
  }
}
