/**
 * `Patient/[id]/$everything` (R4 patient-operation-everything.html): the Patient and every resource about them this
 * server has (Coverage, Encounter, Condition, Immunization, AllergyIntolerance) in one searchset Bundle, from one
 * GraphQL operation (`FHIR_Patient_everything`), so the audit holds one record for the request like a GraphQL 360°
 * query. Parts the token's scopes do not cover are left out and named in the Bundle's OperationOutcome entry (the
 * authorization layer nulls them: src/fhir/graphql.ts `partial`). Each list holds at most EVERYTHING_LIST_SIZE
 * records; a longer one is said so in a warning, to be paged with the resource's own search. What the consent rule
 * withheld (the summary, other facilities' encounters and vaccinations) is counted in `suppressed` warnings, and the
 * Bundle then has no total.
 */
import type { Resource } from '@medplum/fhirtypes';
import { toAllergies } from './allergy-intolerance.ts';
import {
  citizenOf,
  CONNECTION_TAIL,
  presentWarnings,
  withheldRows,
  withheldSummary,
  type ConnectionData,
} from './common.ts';
import { chronicConditions, encounterConditions } from './condition.ts';
import { COVERAGE_FIELDS, toCoverage, type CoverageData } from './coverage.ts';
import { ENCOUNTER_FIELDS, toEncounter, type DiagnosisData, type EncounterData } from './encounter.ts';
import { toImmunization, VACCINATION_FIELDS, type VaccinationData } from './immunization.ts';
import { PATIENT_FIELDS, toPatient, type CitizenData } from './patient.ts';
import type { InvalidSearch, Plan, SearchPage } from './types.ts';

/** Records per list in one $everything Bundle (the GraphQL lists' page maximum). */
export const EVERYTHING_LIST_SIZE = 100;

interface EverythingData extends CitizenData {
  health: {
    summary: { allergies: string[] | null; chronicConditions: DiagnosisData[] | null } | null;
    summaryWithheld: boolean | null;
    coverage: ConnectionData<CoverageData> | null;
    encounters: ConnectionData<EncounterData> | null;
    vaccinations: ConnectionData<VaccinationData> | null;
  } | null;
}

const connectionFields = (fields: string, tail = 'pageInfo { hasNextPage endCursor }') =>
  `(first: ${EVERYTHING_LIST_SIZE}) { edges { cursor node { ${fields} } } ${tail} }`;

export function everythingOperation(id: string): Plan<SearchPage | undefined> | InvalidSearch {
  if (!/^\d{12}$/.test(id)) return { invalid: 'not a personal ID', parameter: 'id' };
  return {
    operation: {
      operationName: 'FHIR_Patient_everything',
      query: `query FHIR_Patient_everything($id: PersonalId!) {
        citizen(personalId: $id) { ${PATIENT_FIELDS} health {
          summary { allergies chronicConditions { code title } }
          summaryWithheld
          coverage${connectionFields(COVERAGE_FIELDS)}
          encounters${connectionFields(ENCOUNTER_FIELDS, CONNECTION_TAIL)}
          vaccinations${connectionFields(VACCINATION_FIELDS, CONNECTION_TAIL)}
        } }
      }`,
      variables: { id },
    },
    map: (data) => {
      const citizen = citizenOf<EverythingData>(data);
      if (citizen === null) return undefined;
      const pid = citizen.personalId;
      const health = citizen.health;
      const nodes = <Node>(connection: ConnectionData<Node> | null | undefined): Node[] =>
        (connection?.edges ?? []).map((edge) => edge.node).filter((node): node is Node => node !== null);
      const encounters = nodes(health?.encounters);
      const resources: (Resource | undefined)[] = [
        ...(citizen.fullName === null && citizen.legacyIdentifiers === null ? [] : [toPatient(citizen)]),
        ...nodes(health?.coverage).map((coverage) => toCoverage(pid, coverage)),
        ...encounters.map((encounter) => toEncounter(pid, encounter)),
        ...chronicConditions(pid, health?.summary?.chronicConditions ?? []),
        ...encounters.flatMap((encounter) => encounterConditions(pid, encounter)),
        ...nodes(health?.vaccinations).map((vaccination) => toImmunization(pid, vaccination)),
        ...toAllergies(pid, health?.summary?.allergies ?? []),
      ];
      const truncated = (
        [
          ['Coverage', health?.coverage],
          ['Encounter', health?.encounters],
          ['Immunization', health?.vaccinations],
        ] as const
      )
        .filter(([, connection]) => connection?.pageInfo.hasNextPage === true)
        .map(
          ([type]) => `More than ${EVERYTHING_LIST_SIZE} ${type} resources: page them with GET ${type}?patient=${pid}`,
        );
      const withheld = presentWarnings(
        withheldSummary(health?.summaryWithheld, 'allergies, chronic conditions'),
        withheldRows(health?.encounters?.withheldCount, 'encounters (with their diagnoses)'),
        withheldRows(health?.vaccinations?.withheldCount, 'vaccinations'),
      );
      const present = resources.filter((resource): resource is Resource => resource !== undefined);
      return {
        resources: present,
        next: undefined,
        ...(truncated.length === 0 && withheld.length === 0 ? { total: present.length } : {}),
        warnings: truncated,
        withheld,
      };
    },
  };
}
