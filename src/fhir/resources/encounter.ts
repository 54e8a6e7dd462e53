/**
 * FHIR Encounter (R4 encounter.html) from the health sector's Encounter (schema/health.graphql): every facility's
 * encounters linked to the personal ID, newest admission first. id = the facility's encounter key (stable; hashed
 * when it is not a valid FHIR id), class from the encounter type (HL7 v3 ActCode), the diagnoses as references to the
 * Conditions of src/fhir/resources/condition.ts (principal diagnosis rank 1). Search by `patient`; needs
 * `health:encounters:read`. Encounters the consent rule withheld are counted in a `suppressed` warning, never shown.
 */
import type { Encounter } from '@medplum/fhirtypes';
import { ENCOUNTER_KEY_SYSTEM } from '../systems.ts';
import {
  facilityReference,
  healthListSearch,
  isInvalidSearch,
  patientParameter,
  patientReference,
  stableId,
} from './common.ts';
import type { FhirResourceDefinition, InvalidSearch, Plan, SearchPage, SearchRequest } from './types.ts';

export const ENCOUNTER_FIELDS = `
  encounterKey type admittedAt dischargedAt
  facility { code name }
  principalDiagnosis { code title }
  secondaryDiagnoses { code title }
`;

export interface DiagnosisData {
  code: string;
  title: string | null;
}

export interface EncounterData {
  encounterKey: string;
  type: 'OUTPATIENT' | 'INPATIENT' | 'EMERGENCY' | 'DAY_CARE' | null;
  admittedAt: string | null;
  dischargedAt: string | null;
  facility: { code: string; name: string | null } | null;
  principalDiagnosis: DiagnosisData | null;
  secondaryDiagnoses: DiagnosisData[] | null;
}

export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/** Encounter types as HL7 v3 ActCode encounter classes (R4 ValueSet v3-ActEncounterCode); also read by writes. */
export const CLASSES = {
  OUTPATIENT: { system: ACT_CODE, code: 'AMB', display: 'ambulatory' },
  INPATIENT: { system: ACT_CODE, code: 'IMP', display: 'inpatient encounter' },
  EMERGENCY: { system: ACT_CODE, code: 'EMER', display: 'emergency' },
  DAY_CARE: { system: ACT_CODE, code: 'SS', display: 'short stay' },
} as const;

export const encounterId = (encounter: Pick<EncounterData, 'encounterKey'>): string => stableId(encounter.encounterKey);

/** The diagnoses of an encounter in order: the principal one first, then the secondary ones. */
export function encounterDiagnoses(encounter: EncounterData): DiagnosisData[] {
  return [
    ...(encounter.principalDiagnosis === null ? [] : [encounter.principalDiagnosis]),
    ...(encounter.secondaryDiagnoses ?? []),
  ];
}

/** The id of the Condition of an encounter's diagnosis number `index` (0 = principal). */
export const encounterConditionId = (encounter: Pick<EncounterData, 'encounterKey'>, index: number): string =>
  stableId(encounter.encounterKey, 'dx', index);

export function toEncounter(personalId: string, encounter: EncounterData): Encounter {
  const provider = facilityReference(encounter.facility);
  const diagnoses = encounterDiagnoses(encounter);
  return {
    resourceType: 'Encounter',
    id: encounterId(encounter),
    identifier: [{ system: ENCOUNTER_KEY_SYSTEM, value: encounter.encounterKey }],
    status: encounter.dischargedAt === null ? 'in-progress' : 'finished',
    class: CLASSES[encounter.type ?? 'OUTPATIENT'],
    subject: patientReference(personalId),
    ...(encounter.admittedAt === null
      ? {}
      : {
          period: {
            start: encounter.admittedAt,
            ...(encounter.dischargedAt === null ? {} : { end: encounter.dischargedAt }),
          },
        }),
    ...(provider === undefined ? {} : { serviceProvider: provider }),
    ...(diagnoses.length === 0
      ? {}
      : {
          diagnosis: diagnoses.map((_, index) => ({
            condition: { reference: `Condition/${encounterConditionId(encounter, index)}` },
            rank: index + 1,
          })),
        }),
  };
}

function search(request: SearchRequest): Plan<SearchPage> | InvalidSearch {
  const personalId = patientParameter(request.params.get('patient'));
  if (isInvalidSearch(personalId)) return personalId;
  return healthListSearch({
    operationName: 'FHIR_Encounter_search',
    field: 'encounters',
    nodeFields: ENCOUNTER_FIELDS,
    personalId,
    request,
    toResource: toEncounter,
    rows: 'encounters',
  });
}

export const encounterDefinition: FhirResourceDefinition = {
  type: 'Encounter',
  documentation: 'Encounters at every facility, newest admission first. Needs health:encounters:read.',
  interactions: ['search-type'],
  searchParams: [{ name: 'patient', type: 'reference', documentation: 'Patient/<personal ID> (required).' }],
  requiredSearchParams: ['patient'],
  search,
};
