/**
 * FHIR Coverage (R4 coverage.html) from the health sector's InsuranceCoverage (schema/health.graphql): the
 * health-insurance card (thẻ BHYT) with its 15-character code as identifier (VN Core `bhyt` system), the validity as
 * period, the group code, benefit level and initial facility (nơi đăng ký KCB ban đầu) as classes (`group`, `plan`,
 * `subplan`), Vietnam Social Security as payor. id = card code and validity start. Search by `patient` (or `beneficiary`); needs `health:coverage:read`.
 */
import type { Coverage } from '@medplum/fhirtypes';
import { INSURANCE_CARD_SYSTEM } from '../systems.ts';
import { healthListSearch, isInvalidSearch, patientParameter, patientReference, stableId } from './common.ts';
import type { FhirResourceDefinition, InvalidSearch, Plan, SearchPage, SearchRequest } from './types.ts';

export const COVERAGE_FIELDS = 'cardCode groupCode benefitLevel validFrom validTo initialFacility { code name }';

export interface CoverageData {
  cardCode: string | null;
  groupCode: string | null;
  benefitLevel: number | null;
  validFrom: string | null;
  validTo: string | null;
  initialFacility: { code: string; name: string | null } | null;
}

const COVERAGE_CLASS = 'http://terminology.hl7.org/CodeSystem/coverage-class';

/** The payor of every card: Vietnam Social Security (Bảo hiểm xã hội Việt Nam), which runs health insurance. */
const PAYOR = { display: 'Bảo hiểm xã hội Việt Nam' };

export function toCoverage(personalId: string, coverage: CoverageData): Coverage | undefined {
  if (coverage.cardCode === null) return undefined;
  const classes = [
    ...(coverage.groupCode === null
      ? []
      : [
          {
            type: { coding: [{ system: COVERAGE_CLASS, code: 'group' }] },
            value: coverage.groupCode,
            name: 'Mã đối tượng',
          },
        ]),
    ...(coverage.benefitLevel === null
      ? []
      : [
          {
            type: { coding: [{ system: COVERAGE_CLASS, code: 'plan' }] },
            value: String(coverage.benefitLevel),
            name: 'Mức hưởng',
          },
        ]),
    ...(coverage.initialFacility === null
      ? []
      : [
          {
            type: { coding: [{ system: COVERAGE_CLASS, code: 'subplan' }] },
            value: coverage.initialFacility.code,
            name: coverage.initialFacility.name ?? 'Nơi đăng ký KCB ban đầu',
          },
        ]),
  ];
  return {
    resourceType: 'Coverage',
    id: stableId(coverage.cardCode, coverage.validFrom ?? ''),
    identifier: [{ system: INSURANCE_CARD_SYSTEM, value: coverage.cardCode }],
    status: 'active',
    beneficiary: patientReference(personalId),
    payor: [PAYOR],
    ...(coverage.validFrom === null && coverage.validTo === null
      ? {}
      : {
          period: {
            ...(coverage.validFrom === null ? {} : { start: coverage.validFrom }),
            ...(coverage.validTo === null ? {} : { end: coverage.validTo }),
          },
        }),
    ...(classes.length === 0 ? {} : { class: classes }),
  };
}

function search(request: SearchRequest): Plan<SearchPage> | InvalidSearch {
  const given = request.params.get('patient') ?? request.params.get('beneficiary');
  const parameter = request.params.has('patient') ? 'patient' : 'beneficiary';
  if (request.params.has('patient') && request.params.has('beneficiary')) {
    return { invalid: 'patient and beneficiary are the same parameter here: give one', parameter: 'beneficiary' };
  }
  if (given === undefined) return { invalid: 'Coverage search needs patient (or beneficiary)', parameter: 'patient' };
  const personalId = patientParameter(given, parameter);
  if (isInvalidSearch(personalId)) return personalId;
  return healthListSearch({
    operationName: 'FHIR_Coverage_search',
    field: 'coverage',
    nodeFields: COVERAGE_FIELDS,
    personalId,
    request,
    toResource: toCoverage,
  });
}

export const coverageDefinition: FhirResourceDefinition = {
  type: 'Coverage',
  documentation: 'Health-insurance cards (thẻ BHYT), newest first. Needs health:coverage:read.',
  interactions: ['search-type'],
  searchParams: [
    { name: 'patient', type: 'reference', documentation: 'Patient/<personal ID> (this or beneficiary required).' },
    { name: 'beneficiary', type: 'reference', documentation: 'Same as patient.' },
  ],
  search,
};
