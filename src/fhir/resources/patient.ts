/**
 * FHIR Patient (R4 patient.html) from the population registry's Citizen (schema/citizen.graphql,
 * schema/identity.graphql): id = the 12-digit personal ID; identifiers for the personal ID, the old identity cards
 * and the social-insurance numbers (systems: src/fhir/systems.ts); the name as written, family name first (Vietnamese
 * order: the first word is the family name). Read, search by `_id` or `identifier`, and `$everything`
 * (src/fhir/resources/everything.ts). Reading needs `citizen:identity:read`, like the GraphQL fields.
 */
import type { Identifier, Patient } from '@medplum/fhirtypes';
import { OLD_ID_CARD_SYSTEM, PERSONAL_ID_SYSTEM, SOCIAL_INSURANCE_SYSTEM } from '../systems.ts';
import { citizenOf, listPage } from './common.ts';
import { everythingOperation } from './everything.ts';
import type { FhirResourceDefinition, InvalidSearch, Plan, SearchPage, SearchRequest } from './types.ts';

/** The Citizen fields a Patient is made of (all need `citizen:identity:read`). */
export const PATIENT_FIELDS = `
  personalId fullName dateOfBirth sex status
  previousPersonalIds { personalId }
  legacyIdentifiers { kind value supersededAt }
`;

export interface CitizenData {
  personalId: string;
  fullName: string | null;
  dateOfBirth: string | null;
  sex: 'MALE' | 'FEMALE' | null;
  status: 'ALIVE' | 'DECEASED' | null;
  previousPersonalIds: { personalId: string }[] | null;
  legacyIdentifiers: { kind: string; value: string; supersededAt: string | null }[] | null;
}

/** The identifier kinds a Patient search accepts, by system, with the format of their values. */
const IDENTIFIER_KINDS: ReadonlyMap<string, { kind: string; pattern: RegExp; description: string }> = new Map([
  [PERSONAL_ID_SYSTEM, { kind: 'PERSONAL_ID', pattern: /^\d{12}$/, description: '12 digits' }],
  [OLD_ID_CARD_SYSTEM, { kind: 'OLD_ID_CARD', pattern: /^\d{9}$/, description: '9 digits' }],
  [SOCIAL_INSURANCE_SYSTEM, { kind: 'SOCIAL_INSURANCE', pattern: /^\d{10}$/, description: '10 digits' }],
]);

const LEGACY_SYSTEMS: Readonly<Record<string, string>> = {
  OLD_ID_CARD: OLD_ID_CARD_SYSTEM,
  SOCIAL_INSURANCE: SOCIAL_INSURANCE_SYSTEM,
};

export function toPatient(citizen: CitizenData): Patient {
  const identifier: Identifier[] = [
    { use: 'official', system: PERSONAL_ID_SYSTEM, value: citizen.personalId },
    ...(citizen.previousPersonalIds ?? []).map((previous): Identifier => ({
      use: 'old',
      system: PERSONAL_ID_SYSTEM,
      value: previous.personalId,
    })),
    ...(citizen.legacyIdentifiers ?? [])
      .filter((legacy) => LEGACY_SYSTEMS[legacy.kind] !== undefined)
      .map((legacy): Identifier => ({
        use: legacy.supersededAt === null && legacy.kind !== 'OLD_ID_CARD' ? 'secondary' : 'old',
        system: LEGACY_SYSTEMS[legacy.kind]!,
        value: legacy.value,
      })),
  ];
  const words = (citizen.fullName ?? '').trim().split(/\s+/).filter(Boolean);
  return {
    resourceType: 'Patient',
    id: citizen.personalId,
    identifier,
    ...(words.length === 0
      ? {}
      : {
          name: [
            {
              use: 'official',
              text: words.join(' '),
              family: words[0]!,
              ...(words.length > 1 ? { given: words.slice(1) } : {}),
            },
          ],
        }),
    ...(citizen.sex === null ? {} : { gender: citizen.sex === 'MALE' ? 'male' : 'female' }),
    ...(citizen.dateOfBirth === null ? {} : { birthDate: citizen.dateOfBirth }),
    ...(citizen.status === 'DECEASED' ? { deceasedBoolean: true } : {}),
  };
}

function read(id: string): Plan<Patient | undefined> | InvalidSearch {
  if (!/^\d{12}$/.test(id)) return { invalid: 'not a personal ID', parameter: 'id' };
  return {
    operation: {
      operationName: 'FHIR_Patient_read',
      query: `query FHIR_Patient_read($id: PersonalId!) { citizen(personalId: $id) { ${PATIENT_FIELDS} } }`,
      variables: { id },
    },
    map: (data) => {
      const citizen = citizenOf<CitizenData>(data);
      return citizen === null ? undefined : toPatient(citizen);
    },
  };
}

function search(request: SearchRequest): Plan<SearchPage> | InvalidSearch {
  const id = request.params.get('_id');
  const identifier = request.params.get('identifier');
  if ((id === undefined) === (identifier === undefined)) {
    return { invalid: 'Patient search needs exactly one of identifier and _id', parameter: 'identifier' };
  }
  if (id !== undefined) {
    if (!/^\d{12}$/.test(id)) return { invalid: '_id must be a 12-digit personal ID', parameter: '_id' };
    return {
      operation: {
        operationName: 'FHIR_Patient_search',
        query: `query FHIR_Patient_search($id: PersonalId!) { citizen(personalId: $id) { ${PATIENT_FIELDS} } }`,
        variables: { id },
      },
      map: (data) => {
        const citizen = citizenOf<CitizenData>(data);
        return listPage(citizen === null ? [] : [toPatient(citizen)], request.count, request.position);
      },
    };
  }
  const separator = identifier!.indexOf('|');
  const system = separator < 0 ? undefined : identifier!.slice(0, separator);
  const value = separator < 0 ? identifier! : identifier!.slice(separator + 1);
  const candidates =
    system === undefined
      ? [...IDENTIFIER_KINDS.values()].filter((kind) => kind.pattern.test(value))
      : [IDENTIFIER_KINDS.get(system)].filter((kind) => kind !== undefined);
  if (system !== undefined && candidates.length === 0) {
    return {
      invalid: `identifier system not known here; use one of ${[...IDENTIFIER_KINDS.keys()].join(', ')}`,
      parameter: 'identifier',
    };
  }
  const kind = candidates[0];
  if (kind === undefined || !kind.pattern.test(value)) {
    const expected = kind === undefined ? 'a personal ID, old ID card or social-insurance number' : kind.description;
    return { invalid: `identifier value must be ${expected}`, parameter: 'identifier' };
  }
  return {
    operation: {
      operationName: 'FHIR_Patient_search',
      query: `query FHIR_Patient_search($kind: IdentifierKind!, $value: String!) {
        resolveIdentifier(kind: $kind, value: $value) { conflict citizens { ${PATIENT_FIELDS} } }
      }`,
      variables: { kind: kind.kind, value },
    },
    map: (data) => {
      const resolution = (data.resolveIdentifier ?? null) as {
        conflict: boolean;
        citizens: CitizenData[] | null;
      } | null;
      const patients = (resolution?.citizens ?? []).map(toPatient);
      const page = listPage(patients, request.count, request.position);
      return resolution?.conflict === true
        ? {
            ...page,
            warnings: ['Several citizens claim this identifier (an open identity conflict): do not pick one'],
          }
        : page;
    },
  };
}

export const patientDefinition: FhirResourceDefinition = {
  type: 'Patient',
  documentation: 'Citizens of the population registry; id = the 12-digit personal ID. Needs citizen:identity:read.',
  interactions: ['read', 'search-type'],
  searchParams: [
    { name: '_id', type: 'token', documentation: 'The personal ID.' },
    {
      name: 'identifier',
      type: 'token',
      documentation: `system|value with system ${PERSONAL_ID_SYSTEM} (personal ID), ${OLD_ID_CARD_SYSTEM} (old ID card) or ${SOCIAL_INSURANCE_SYSTEM} (social-insurance number); a value alone is matched by its format.`,
    },
  ],
  operations: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }],
  read,
  search,
  instanceOperations: { $everything: everythingOperation },
};
