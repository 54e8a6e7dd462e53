/**
 * What a FHIR resource mapping declares (docs/ARCHITECTURE.md §16): its interactions and search parameters (the
 * CapabilityStatement is built from them), and for each interaction the GraphQL operation that reads the data and
 * the mapping of its result to FHIR resources. A mapping never reads the database: the operation runs through the
 * GraphQL pipeline (src/fhir/graphql.ts).
 */
import type {
  CapabilityStatementRestResourceOperation,
  CapabilityStatementRestResourceSearchParam,
  Resource,
  ResourceType,
} from '@medplum/fhirtypes';
import type { InternalOperation } from '../../http/graphql-request.ts';

export type Interaction = 'read' | 'search-type';

/** A page position: the GraphQL cursor to continue after (null = from the start) and items of it to skip. */
export interface PagePosition {
  readonly after: string | null;
  readonly skip: number;
}

/** A search as the router parsed it: the resource's own parameters (names as given), page size and position. */
export interface SearchRequest {
  readonly params: ReadonlyMap<string, string>;
  readonly count: number;
  readonly position: PagePosition;
}

/** One page of a search: the matches in order, where the next page starts (if any), and the total when exact. */
export interface SearchPage {
  readonly resources: readonly Resource[];
  readonly next: PagePosition | undefined;
  readonly total?: number;
  /** Warnings for the Bundle's OperationOutcome entry (e.g. parts the token may not read). */
  readonly warnings?: readonly string[];
  /**
   * What the consent rule withheld (counts and kinds only, never which rows): `suppressed` warnings of the Bundle's
   * OperationOutcome entry; a page with any has no `total` (it would count the visible rows only).
   */
  readonly withheld?: readonly string[];
}

/** An interaction planned: the operation to run and the mapping of its `data`. */
export interface Plan<Result> {
  readonly operation: InternalOperation;
  map(data: Record<string, unknown>): Result;
}

/** A request the mapping refuses before anything runs (bad parameter values): 400 with this message. */
export interface InvalidSearch {
  readonly invalid: string;
  /** The parameter concerned (OperationOutcome.issue.expression). */
  readonly parameter: string;
}

export interface FhirResourceDefinition {
  readonly type: ResourceType;
  readonly profile?: string;
  readonly documentation?: string;
  readonly interactions: readonly Interaction[];
  /** The resource's own search parameters (`_count` and `_cursor` are the router's). */
  readonly searchParams: readonly CapabilityStatementRestResourceSearchParam[];
  readonly operations?: readonly CapabilityStatementRestResourceOperation[];
  /** Parameters a search must have (400 without them): a search never lists every patient's records. */
  readonly requiredSearchParams?: readonly string[];
  /** read: `map` returns undefined when the resource does not exist (or the caller may not know it does). */
  read?(id: string): Plan<Resource | undefined> | InvalidSearch;
  search?(request: SearchRequest): Plan<SearchPage> | InvalidSearch;
  /** Operations on an instance (`[type]/[id]/$name`), answered as a searchset Bundle; undefined = no such resource. */
  readonly instanceOperations?: Readonly<Record<string, (id: string) => Plan<SearchPage | undefined> | InvalidSearch>>;
}
