/**
 * Kinds of personal data (enum DataCategory of schema/audit.graphql) from the field coordinates of a record, for the
 * citizen's view of the log: a citizen wants to know "my health encounters were read", not the query. A coordinate's
 * category is its type's (Encounter.* → HEALTH_ENCOUNTERS); of Citizen, only the registry's own identity fields are
 * IDENTITY (its other fields lead to other sectors, whose types carry their category). Containers and reference data
 * (HealthRecord, connections, AdministrativeUnit, HealthFacility, Diagnosis, Establishment...) add none: what they lead
 * to does. Denied coordinates (`!`-prefixed) were not released and add none either.
 */
import { DENIED_FIELD_PREFIX } from '../../audit/store.ts';
import type { DataCategory } from '../../generated/graphql.ts';

/** In the order shown. */
export const DATA_CATEGORIES: readonly DataCategory[] = [
  'IDENTITY',
  'RESIDENCE',
  'HEALTH_SUMMARY',
  'VACCINATIONS',
  'HEALTH_ENCOUNTERS',
  'HEALTH_INSURANCE',
  'HEALTH_PAYMENTS',
  'ACCOMMODATION_STAYS',
  'LAND_RIGHTS',
  'LAND_CHANGES',
  'ACCESS_LOG',
];

const TYPE_CATEGORIES: ReadonlyMap<string, DataCategory> = new Map<string, DataCategory>([
  ['PreviousPersonalId', 'IDENTITY'],
  ['LegacyIdentifier', 'IDENTITY'],
  ['IdentityClaim', 'IDENTITY'],
  ['Household', 'RESIDENCE'],
  ['ResidenceRegistration', 'RESIDENCE'],
  ['RegisterResidentPayload', 'RESIDENCE'],
  ['MoveResidentPayload', 'RESIDENCE'],
  ['DeregisterResidentPayload', 'RESIDENCE'],
  ['HealthSummary', 'HEALTH_SUMMARY'],
  ['Vaccination', 'VACCINATIONS'],
  ['Encounter', 'HEALTH_ENCOUNTERS'],
  ['InsuranceCoverage', 'HEALTH_INSURANCE'],
  ['Payment', 'HEALTH_PAYMENTS'],
  ['GuestStay', 'ACCOMMODATION_STAYS'],
  ['DeclareStayPayload', 'ACCOMMODATION_STAYS'],
  ['CheckOutPayload', 'ACCOMMODATION_STAYS'],
  ['LandRight', 'LAND_RIGHTS'],
  ['Parcel', 'LAND_RIGHTS'],
  ['LandChange', 'LAND_CHANGES'],
  ['LandChangeParty', 'LAND_CHANGES'],
  ['AccessLogEntry', 'ACCESS_LOG'],
  ['AccessRecord', 'ACCESS_LOG'],
]);

/** Citizen fields of the population registry itself (schema/citizen.graphql). */
const CITIZEN_IDENTITY_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'personalId',
  'fullName',
  'dateOfBirth',
  'sex',
  'birthYear',
  'birthRegistrationProvince',
  'ethnicity',
  'nationality',
  'hometown',
  'status',
  'previousPersonalIds',
  'legacyIdentifiers',
]);

export function categoryOf(coordinate: string): DataCategory | undefined {
  const dot = coordinate.indexOf('.');
  if (dot < 0) return undefined;
  const type = coordinate.slice(0, dot);
  if (type === 'Citizen') return CITIZEN_IDENTITY_FIELDS.has(coordinate.slice(dot + 1)) ? 'IDENTITY' : undefined;
  return TYPE_CATEGORIES.get(type);
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

/** The categories of the released fields, in DATA_CATEGORIES order. */
export function dataCategories(fields: readonly string[] | null): DataCategory[] {
  const found = new Set<DataCategory>();
  for (const field of releasedFields(fields)) {
    const category = categoryOf(field);
    if (category !== undefined) found.add(category);
  }
  return DATA_CATEGORIES.filter((category) => found.has(category));
}
