/**
 * Helpers shared by the resource mappings (docs/ARCHITECTURE.md §16): stable resource ids, references, the
 * `patient` search parameter, and paging of GraphQL connections and of short in-memory lists.
 */
import { createHash } from 'node:crypto';
import type { Patient, Reference, Resource } from '@medplum/fhirtypes';
import { FACILITY_SYSTEM } from '../systems.ts';
import type { InvalidSearch, PagePosition, Plan, SearchPage, SearchRequest } from './types.ts';

/** FHIR ids: 1-64 letters, digits, `-` and `.` (R4 datatypes.html#id). */
const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;

/**
 * A stable FHIR id from the parts that identify a record: the parts joined by `-` when that is a valid id, else `h`
 * and 40 hex digits of their SHA-256 (the same record always gets the same id; ids never depend on row order).
 */
export function stableId(...parts: readonly (string | number)[]): string {
  const joined = parts.join('-');
  if (FHIR_ID.test(joined)) return joined;
  return `h${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)}`;
}

export const patientReference = (personalId: string): Reference<Patient> => ({ reference: `Patient/${personalId}` });

/** A health facility as a logical reference (its code), with its name. */
export function facilityReference(facility: { code: string; name?: string | null } | null | undefined) {
  if (facility === null || facility === undefined) return undefined;
  return {
    identifier: { system: FACILITY_SYSTEM, value: facility.code },
    ...(facility.name === null || facility.name === undefined ? {} : { display: facility.name }),
  };
}

const PERSONAL_ID = /^\d{12}$/;

/** The personal ID of a `patient` parameter: `123456789012` or `Patient/123456789012`. */
export function patientParameter(value: string | undefined, parameter = 'patient'): string | InvalidSearch {
  const id = (value ?? '').replace(/^Patient\//, '');
  return PERSONAL_ID.test(id)
    ? id
    : { invalid: `${parameter} must be Patient/<12-digit personal ID> or the personal ID`, parameter };
}

export function isInvalidSearch(value: unknown): value is InvalidSearch {
  return typeof value === 'object' && value !== null && 'invalid' in value;
}

/** The GraphQL page arguments of a position (the FHIR cursor wraps the GraphQL one; `skip` unused by connections). */
export const pageVariables = (count: number, position: PagePosition) => ({ first: count, after: position.after });

export interface ConnectionData<Node> {
  edges: { cursor: string; node: Node | null }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  /** Rows of the whole list the consent rule withheld (selected with CONNECTION_TAIL). */
  withheldCount?: number | null;
}

/** The selection after a connection's edges: paging and how many rows the consent rule withheld (§5, §16). */
export const CONNECTION_TAIL = 'pageInfo { hasNextPage endCursor } withheldCount';

const CONSENT_HINT =
  'no consent of the patient for this organisation and purpose; in an emergency that threatens life, repeat with ' +
  'X-Break-Glass: <reason> (purpose TREATMENT, audited)';

/**
 * The warning for rows of a list the consent rule withheld (docs/ARCHITECTURE.md §5, §16): how many and of what
 * kind, never which (no dates, no facilities). Undefined when nothing was withheld.
 */
export function withheldRows(count: number | null | undefined, rows: string): string | undefined {
  if (count === null || count === undefined || count <= 0) return undefined;
  return `${count} ${rows} of other facilities withheld: ${CONSENT_HINT}`;
}

/** The warning for a withheld health summary (`summaryWithheld`); `parts` names what the resource takes from it. */
export function withheldSummary(withheld: boolean | null | undefined, parts: string): string | undefined {
  return withheld === true ? `The health summary (${parts}) withheld: ${CONSENT_HINT}` : undefined;
}

/** The warnings given, without the undefined ones. */
export const presentWarnings = (...warnings: (string | undefined)[]): string[] =>
  warnings.filter((warning): warning is string => warning !== undefined);

/**
 * A search page of a GraphQL connection: its nodes mapped, `next` after its end cursor. The total is known only when
 * the first page holds everything and the consent rule withheld nothing (`rows` names the withheld rows' kind).
 */
export function connectionPage<Node>(
  connection: ConnectionData<Node> | null | undefined,
  position: PagePosition,
  map: (node: Node) => Resource | undefined,
  rows?: string,
): SearchPage {
  if (connection === null || connection === undefined) return { resources: [], next: undefined, total: 0 };
  const resources = connection.edges
    .map((edge) => (edge.node === null ? undefined : map(edge.node)))
    .filter((resource): resource is Resource => resource !== undefined);
  const end = connection.pageInfo.endCursor;
  const next =
    connection.pageInfo.hasNextPage && end !== null && end !== undefined ? { after: end, skip: 0 } : undefined;
  const first = position.after === null && position.skip === 0;
  const withheld = rows === undefined ? [] : presentWarnings(withheldRows(connection.withheldCount, rows));
  if (withheld.length > 0) return { resources, next, withheld };
  return { resources, next, ...(first && next === undefined ? { total: resources.length } : {}) };
}

/** A search page of a short list held whole (a summary's allergies, an identifier's citizens): `skip` is the offset. */
export function listPage(resources: readonly Resource[], count: number, position: PagePosition): SearchPage {
  const page = resources.slice(position.skip, position.skip + count);
  const end = position.skip + page.length;
  return {
    resources: page,
    next: end < resources.length ? { after: null, skip: end } : undefined,
    total: resources.length,
  };
}

/** The `data.citizen` object of an operation's result (null when unknown, or withheld from a citizen token). */
export function citizenOf<Citizen>(data: Record<string, unknown>): Citizen | null {
  return (data.citizen ?? null) as Citizen | null;
}

/**
 * The plan of a search over one of a patient's health lists (`field` of HealthRecord): one `citizen` root, one page
 * of the list, each node mapped to a resource. `rows` names the rows in the consent warning when the list carries
 * `withheldCount` (encounters, vaccinations); a list without it (coverage) leaves `rows` out.
 */
export function healthListSearch<Node>(options: {
  readonly operationName: string;
  readonly field: string;
  readonly nodeFields: string;
  readonly personalId: string;
  readonly request: SearchRequest;
  readonly toResource: (personalId: string, node: Node) => Resource | undefined;
  readonly rows?: string;
}): Plan<SearchPage> {
  const { operationName, field, nodeFields, personalId, request, toResource, rows } = options;
  const tail = rows === undefined ? 'pageInfo { hasNextPage endCursor }' : CONNECTION_TAIL;
  return {
    operation: {
      operationName,
      query: `query ${operationName}($id: PersonalId!, $first: Int!, $after: String) {
        citizen(personalId: $id) { personalId health { ${field}(first: $first, after: $after) {
          edges { cursor node { ${nodeFields} } } ${tail}
        } } }
      }`,
      variables: { id: personalId, ...pageVariables(request.count, request.position) },
    },
    map: (data) => {
      const citizen = citizenOf<{
        personalId: string;
        health: Record<string, ConnectionData<Node> | null> | null;
      }>(data);
      if (citizen === null) return { resources: [], next: undefined, total: 0 };
      return connectionPage(
        citizen.health?.[field],
        request.position,
        (node: Node) => toResource(citizen.personalId, node),
        rows,
      );
    },
  };
}
