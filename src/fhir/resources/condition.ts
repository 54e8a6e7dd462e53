/**
 * FHIR Condition (R4 condition.html), ICD-10 coded (`http://hl7.org/fhir/sid/icd-10`): one Condition per diagnosis of
 * an encounter (category `encounter-diagnosis`, id = encounter key, `dx`, position; the principal diagnosis is 0) and
 * one per chronic condition of the health summary (category `problem-list-item`, clinical status active, id = personal
 * ID, `chronic`, code). Search by `patient`: the chronic conditions first, then the encounters' diagnoses, newest
 * encounter first. Needs `health:encounters:read` and `health:summary:read`.
 *
 * Paging keeps `_count` exact although an encounter holds several diagnoses: the position is the GraphQL cursor of
 * the encounter before the page's first Condition plus how many Conditions after it to skip.
 *
 * What the consent rule withheld (the summary's chronic conditions, other facilities' encounters and so their
 * diagnoses) is said in `suppressed` warnings on every page, and the Bundle then has no total.
 */
import type { Condition } from '@medplum/fhirtypes';
import { ICD10_SYSTEM } from '../systems.ts';
import {
  citizenOf,
  CONNECTION_TAIL,
  isInvalidSearch,
  patientParameter,
  patientReference,
  presentWarnings,
  stableId,
  withheldRows,
  withheldSummary,
  type ConnectionData,
} from './common.ts';
import {
  ENCOUNTER_FIELDS,
  encounterConditionId,
  encounterDiagnoses,
  encounterId,
  type DiagnosisData,
  type EncounterData,
} from './encounter.ts';
import type { FhirResourceDefinition, InvalidSearch, PagePosition, Plan, SearchPage, SearchRequest } from './types.ts';

const CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';

const icd10 = (diagnosis: DiagnosisData) => ({
  coding: [
    { system: ICD10_SYSTEM, code: diagnosis.code, ...(diagnosis.title === null ? {} : { display: diagnosis.title }) },
  ],
  ...(diagnosis.title === null ? {} : { text: diagnosis.title }),
});

export function encounterConditions(personalId: string, encounter: EncounterData): Condition[] {
  return encounterDiagnoses(encounter).map((diagnosis, index) => ({
    resourceType: 'Condition',
    id: encounterConditionId(encounter, index),
    category: [{ coding: [{ system: CATEGORY, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
    code: icd10(diagnosis),
    subject: patientReference(personalId),
    encounter: { reference: `Encounter/${encounterId(encounter)}` },
    ...(encounter.admittedAt === null ? {} : { recordedDate: encounter.admittedAt }),
  }));
}

export function chronicConditions(personalId: string, diagnoses: readonly DiagnosisData[]): Condition[] {
  return diagnoses.map((diagnosis) => ({
    resourceType: 'Condition',
    id: stableId(personalId, 'chronic', diagnosis.code),
    clinicalStatus: { coding: [{ system: CLINICAL, code: 'active' }] },
    category: [{ coding: [{ system: CATEGORY, code: 'problem-list-item', display: 'Problem List Item' }] }],
    code: icd10(diagnosis),
    subject: patientReference(personalId),
  }));
}

interface ConditionSearchData {
  personalId: string;
  health: {
    summary?: { chronicConditions: DiagnosisData[] | null } | null;
    summaryWithheld: boolean | null;
    encounters: ConnectionData<EncounterData> | null;
  } | null;
}

/** A Condition with where the next page would start if it began at this Condition. */
interface Placed {
  readonly condition: Condition;
  readonly at: PagePosition;
}

function search(request: SearchRequest): Plan<SearchPage> | InvalidSearch {
  const personalId = patientParameter(request.params.get('patient'));
  if (isInvalidSearch(personalId)) return personalId;
  const { count, position } = request;
  const fromStart = position.after === null;
  return {
    operation: {
      operationName: 'FHIR_Condition_search',
      query: `query FHIR_Condition_search($id: PersonalId!, $first: Int!, $after: String, $withChronic: Boolean!) {
        citizen(personalId: $id) { personalId health {
          summary @include(if: $withChronic) { chronicConditions { code title } }
          summaryWithheld
          encounters(first: $first, after: $after) {
            edges { cursor node { ${ENCOUNTER_FIELDS} } } ${CONNECTION_TAIL}
          }
        } }
      }`,
      // Enough encounters for `count` Conditions after the skipped ones (every encounter has at least one).
      variables: { id: personalId, first: Math.min(100, count + 1), after: position.after, withChronic: fromStart },
    },
    map: (data) => {
      const citizen = citizenOf<ConditionSearchData>(data);
      if (citizen === null) return { resources: [], next: undefined, total: 0 };
      const placed: Placed[] = [];
      let offset = 0;
      if (fromStart) {
        for (const condition of chronicConditions(
          citizen.personalId,
          citizen.health?.summary?.chronicConditions ?? [],
        )) {
          placed.push({ condition, at: { after: null, skip: offset++ } });
        }
      }
      let anchor = position.after;
      const connection = citizen.health?.encounters;
      for (const edge of connection?.edges ?? []) {
        if (edge.node !== null) {
          for (const condition of encounterConditions(citizen.personalId, edge.node)) {
            placed.push({ condition, at: { after: anchor, skip: offset++ } });
          }
        }
        anchor = edge.cursor;
        offset = 0;
      }
      const page = placed.slice(position.skip, position.skip + count);
      const following = placed[position.skip + count];
      const end = connection?.pageInfo.endCursor;
      const next =
        following !== undefined
          ? following.at
          : connection?.pageInfo.hasNextPage === true && end !== null && end !== undefined
            ? { after: end, skip: 0 }
            : undefined;
      const resources = page.map((entry) => entry.condition);
      const withheld = presentWarnings(
        withheldSummary(citizen.health?.summaryWithheld, 'chronic conditions'),
        withheldRows(connection?.withheldCount, 'encounters (with their diagnoses)'),
      );
      if (withheld.length > 0) return { resources, next, withheld };
      const whole = fromStart && position.skip === 0 && next === undefined;
      return { resources, next, ...(whole ? { total: page.length } : {}) };
    },
  };
}

export const conditionDefinition: FhirResourceDefinition = {
  type: 'Condition',
  documentation:
    'ICD-10 diagnoses: one per encounter diagnosis and one per chronic condition. Needs health:encounters:read and health:summary:read.',
  interactions: ['search-type'],
  searchParams: [{ name: 'patient', type: 'reference', documentation: 'Patient/<personal ID> (required).' }],
  requiredSearchParams: ['patient'],
  search,
};
