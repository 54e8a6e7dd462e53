/** The resource mappings the FHIR endpoint serves, in CapabilityStatement order (docs/ARCHITECTURE.md §16). */
import { allergyIntoleranceDefinition } from './allergy-intolerance.ts';
import { conditionDefinition } from './condition.ts';
import { coverageDefinition } from './coverage.ts';
import { encounterDefinition } from './encounter.ts';
import { immunizationDefinition } from './immunization.ts';
import { patientDefinition } from './patient.ts';
import type { FhirResourceDefinition } from './types.ts';

export const FHIR_RESOURCES: readonly FhirResourceDefinition[] = [
  patientDefinition,
  encounterDefinition,
  conditionDefinition,
  immunizationDefinition,
  coverageDefinition,
  allergyIntoleranceDefinition,
];
