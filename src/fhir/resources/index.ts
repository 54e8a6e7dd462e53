/** The resource mappings the FHIR endpoint serves, in CapabilityStatement order (docs/ARCHITECTURE.md §14). */
import type { FhirResourceDefinition } from './types.ts';

export const FHIR_RESOURCES: readonly FhirResourceDefinition[] = [];
