/**
 * Kinds of personal data (enum DataCategory of schema/audit.graphql) from the field coordinates of a record, for the
 * citizen's view of the log: a citizen wants to know "my health encounters were read", not the query. Each sector
 * declares which of its types and fields hold which category (src/sectors/<sector>/index.ts); the sector registry
 * builds one index from those declarations and hands it to the access-log resolvers, so the audit sector never
 * imports the sectors it describes (docs/ARCHITECTURE.md §4, §6).
 *
 * A coordinate's category is its type's (Encounter.* → HEALTH_ENCOUNTERS), or for a hub type whose fields lead to
 * other sectors (Citizen), the field's own. Containers and reference data (HealthRecord, connections,
 * AdministrativeUnit, HealthFacility, Diagnosis, Establishment...) add none: what they lead to does. Denied
 * coordinates (`!`-prefixed) were not released and add none either.
 */
import type { DataCategory } from '../generated/graphql.ts';
import { DENIED_FIELD_PREFIX } from './chain.ts';

/** One category a sector's data falls in: whole types, and single fields (`Type.field`) of a hub type. */
export interface DataCategoryDeclaration {
  readonly category: DataCategory;
  readonly types?: readonly string[];
  readonly fields?: readonly string[];
}

export class DataCategoryIndex {
  /** In the order shown: the order in which the declarations first name each category. */
  readonly order: readonly DataCategory[];
  private readonly byType = new Map<string, DataCategory>();
  private readonly byField = new Map<string, DataCategory>();

  constructor(declarations: readonly DataCategoryDeclaration[]) {
    const order: DataCategory[] = [];
    for (const { category, types = [], fields = [] } of declarations) {
      if (!order.includes(category)) order.push(category);
      for (const type of types) this.byType.set(type, category);
      for (const field of fields) this.byField.set(field, category);
    }
    this.order = order;
  }

  categoryOf(coordinate: string): DataCategory | undefined {
    const dot = coordinate.indexOf('.');
    if (dot < 0) return undefined;
    return this.byType.get(coordinate.slice(0, dot)) ?? this.byField.get(coordinate);
  }

  /** The categories of a record's released fields, in `order`. */
  of(fields: readonly string[] | null): DataCategory[] {
    const found = new Set<DataCategory>();
    for (const field of releasedFields(fields)) {
      const category = this.categoryOf(field);
      if (category !== undefined) found.add(category);
    }
    return this.order.filter((category) => found.has(category));
  }
}

/** Released coordinates of a record's `fields`. */
export function releasedFields(fields: readonly string[] | null): string[] {
  return (fields ?? []).filter((field) => !field.startsWith(DENIED_FIELD_PREFIX));
}

/** Denied coordinates of a record's `fields`, without the prefix. */
export function deniedFields(fields: readonly string[] | null): string[] {
  return (fields ?? [])
    .filter((field) => field.startsWith(DENIED_FIELD_PREFIX))
    .map((field) => field.slice(DENIED_FIELD_PREFIX.length));
}
