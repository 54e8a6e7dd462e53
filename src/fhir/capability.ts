/**
 * GET /fhir/metadata: the CapabilityStatement (FHIR R4 capabilitystatement.html, http.html#capabilities), built from
 * the resource definitions the router serves (src/fhir/resources/index.ts), so it cannot promise an interaction the
 * router does not answer. Public: it says what the server can do, nothing about anyone (no token needed, R4
 * http.html#capabilities "servers SHOULD allow it without authentication").
 */
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';
import { FHIR_JSON } from './outcome.ts';
import type { FhirResourceDefinition } from './resources/types.ts';

/** The FHIR version this endpoint implements. */
export const FHIR_VERSION = '4.0.1';

/** Parameters every search of this server understands (R4 search.html#all, #count; paging: src/fhir/search.ts). */
export const COMMON_SEARCH_PARAMETERS: readonly CapabilityStatementRestResourceSearchParam[] = [
  { name: '_count', type: 'number', documentation: 'Page size: 1 to 100 (default 20).' },
  {
    name: '_cursor',
    type: 'string',
    documentation: 'Opaque page cursor from a `next` link; sealed for the token that received it.',
  },
];

export function capabilityStatement(definitions: readonly FhirResourceDefinition[], date: string): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = definitions.map((definition) => ({
    type: definition.type,
    ...(definition.profile === undefined ? {} : { profile: definition.profile }),
    interaction: definition.interactions.map((code) => ({ code })),
    ...(definition.searchParams.length === 0
      ? {}
      : { searchParam: [...definition.searchParams, ...COMMON_SEARCH_PARAMETERS] }),
    ...(definition.operations === undefined ? {} : { operation: [...definition.operations] }),
    ...(definition.documentation === undefined ? {} : { documentation: definition.documentation }),
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'lienthong',
    kind: 'instance',
    software: { name: 'lienthong' },
    implementation: { description: 'lienthong data-sharing gateway: FHIR R4 over its GraphQL pipeline' },
    fhirVersion: FHIR_VERSION,
    format: [FHIR_JSON, 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Every interaction but this statement needs a bearer token and an X-Purpose header; it runs through the ' +
          'same authorization (scopes, purpose, consent, citizen binding), limits and audit as GraphQL.',
        security: {
          cors: true,
          service: [
            {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }],
            },
          ],
          description:
            'Bearer JWT of a trusted issuer; its scopes map to resource types (e.g. health:encounters:read for ' +
            'Encounter and Condition). X-Purpose states the purpose of use; X-User-Id the acting official.',
        },
        resource,
        // The only write (src/fhir/transaction.ts): POST of a transaction Bundle to the base.
        interaction: [
          {
            code: 'transaction',
            documentation:
              'A facility records its own encounters: a transaction Bundle of Encounter, Condition and PaymentNotice ' +
              'creates (scope health:encounters:write), written all or nothing; Bundle.identifier makes it idempotent.',
          },
        ],
      },
    ],
  };
}
