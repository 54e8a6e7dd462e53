/**
 * FHIR AllergyIntolerance (R4 allergyintolerance.html) from the health summary's allergies (schema/health.graphql):
 * the summary records each allergy as text, so `code.text` carries it (no coding is invented); clinical status
 * active. id = personal ID, `allergy` and a hash of the text. Search by `patient`; needs `health:summary:read`. A summary
 * the consent rule withheld is said in a `suppressed` warning (and the Bundle has no total): no allergies shown is then
 * not "no allergies recorded".
 */
import { createHash } from 'node:crypto';
import type { AllergyIntolerance } from '@medplum/fhirtypes';
import {
  citizenOf,
  isInvalidSearch,
  listPage,
  patientParameter,
  patientReference,
  presentWarnings,
  stableId,
  withheldSummary,
} from './common.ts';
import type { FhirResourceDefinition, InvalidSearch, Plan, SearchPage, SearchRequest } from './types.ts';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';

export function toAllergies(personalId: string, allergies: readonly string[]): AllergyIntolerance[] {
  return allergies.map((text) => ({
    resourceType: 'AllergyIntolerance',
    id: stableId(personalId, 'allergy', createHash('sha256').update(text).digest('hex').slice(0, 16)),
    clinicalStatus: { coding: [{ system: CLINICAL, code: 'active' }] },
    code: { text },
    patient: patientReference(personalId),
  }));
}

interface AllergySearchData {
  personalId: string;
  health: { summary: { allergies: string[] | null } | null; summaryWithheld: boolean | null } | null;
}

function search(request: SearchRequest): Plan<SearchPage> | InvalidSearch {
  const personalId = patientParameter(request.params.get('patient'));
  if (isInvalidSearch(personalId)) return personalId;
  return {
    operation: {
      operationName: 'FHIR_AllergyIntolerance_search',
      query: `query FHIR_AllergyIntolerance_search($id: PersonalId!) {
        citizen(personalId: $id) { personalId health { summary { allergies } summaryWithheld } }
      }`,
      variables: { id: personalId },
    },
    map: (data) => {
      const citizen = citizenOf<AllergySearchData>(data);
      const allergies = citizen?.health?.summary?.allergies ?? [];
      const page = listPage(
        citizen === null ? [] : toAllergies(citizen.personalId, allergies),
        request.count,
        request.position,
      );
      const withheld = presentWarnings(withheldSummary(citizen?.health?.summaryWithheld, 'allergies'));
      return withheld.length === 0 ? page : { resources: page.resources, next: page.next, withheld };
    },
  };
}

export const allergyIntoleranceDefinition: FhirResourceDefinition = {
  type: 'AllergyIntolerance',
  documentation: "The health summary's allergies, as recorded (text). Needs health:summary:read.",
  interactions: ['search-type'],
  searchParams: [{ name: 'patient', type: 'reference', documentation: 'Patient/<personal ID> (required).' }],
  requiredSearchParams: ['patient'],
  search,
};
