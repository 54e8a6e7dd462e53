/**
 * FHIR Immunization (R4 immunization.html) from the health sector's Vaccination (schema/health.graphql): status
 * completed, the vaccine by name (`vaccineCode.text`: the registry records names, not CVX codes), the dose number as
 * `protocolApplied.doseNumberPositiveInt`, the facility as performer. id = a hash of patient, vaccine, dose, date and
 * facility (a vaccination has no key of its own). Search by `patient`; needs `health:summary:read`.
 */
import type { Immunization } from '@medplum/fhirtypes';
import {
  facilityReference,
  healthListSearch,
  isInvalidSearch,
  patientParameter,
  patientReference,
  stableId,
} from './common.ts';
import type { FhirResourceDefinition, InvalidSearch, Plan, SearchPage, SearchRequest } from './types.ts';

export const VACCINATION_FIELDS = 'vaccine doseNumber administeredOn facility { code name }';

export interface VaccinationData {
  vaccine: string | null;
  doseNumber: number | null;
  administeredOn: string | null;
  facility: { code: string; name: string | null } | null;
}

export function toImmunization(personalId: string, vaccination: VaccinationData): Immunization | undefined {
  if (vaccination.vaccine === null || vaccination.administeredOn === null) return undefined;
  const performer = facilityReference(vaccination.facility);
  return {
    resourceType: 'Immunization',
    id: stableId(
      'imm',
      personalId,
      vaccination.vaccine,
      vaccination.doseNumber ?? 0,
      vaccination.administeredOn,
      vaccination.facility?.code ?? '',
    ),
    status: 'completed',
    vaccineCode: { text: vaccination.vaccine },
    patient: patientReference(personalId),
    occurrenceDateTime: vaccination.administeredOn,
    ...(performer === undefined ? {} : { performer: [{ actor: performer }] }),
    ...(vaccination.doseNumber === null
      ? {}
      : { protocolApplied: [{ doseNumberPositiveInt: vaccination.doseNumber }] }),
  };
}

function search(request: SearchRequest): Plan<SearchPage> | InvalidSearch {
  const personalId = patientParameter(request.params.get('patient'));
  if (isInvalidSearch(personalId)) return personalId;
  return healthListSearch({
    operationName: 'FHIR_Immunization_search',
    field: 'vaccinations',
    nodeFields: VACCINATION_FIELDS,
    personalId,
    request,
    toResource: toImmunization,
    rows: 'vaccinations',
  });
}

export const immunizationDefinition: FhirResourceDefinition = {
  type: 'Immunization',
  documentation: 'Vaccinations given at any facility. Needs health:summary:read.',
  interactions: ['search-type'],
  searchParams: [{ name: 'patient', type: 'reference', documentation: 'Patient/<personal ID> (required).' }],
  requiredSearchParams: ['patient'],
  search,
};
