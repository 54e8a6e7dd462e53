/**
 * The identifier and code systems of the FHIR layer (docs/ARCHITECTURE.md §16). Where the VN Core FHIR
 * implementation guide of HL7 Vietnam (draft, `http://fhir.hl7.org.vn/core`) names a system, its URI is used, so
 * records read here match records written by other Vietnamese FHIR systems; the rest are the gateway's own, under
 * `https://fhir.lienthong.gov.vn`, and never change once published (an identifier system is part of every stored
 * reference to it).
 */

/** Personal ID (số định danh cá nhân, printed on the căn cước card), 12 digits: VN Core `vn-cccd-ns`. */
export const PERSONAL_ID_SYSTEM = 'http://fhir.hl7.org.vn/core/sid/cccd';
/** Old identity card (chứng minh nhân dân), 9 digits: VN Core `vn-cmnd-ns`. */
export const OLD_ID_CARD_SYSTEM = 'http://fhir.hl7.org.vn/core/sid/cmnd';
/** Health-insurance card code (mã thẻ BHYT), 15 characters: VN Core `bhyt` (Coverage.identifier). */
export const INSURANCE_CARD_SYSTEM = 'http://fhir.hl7.org.vn/core/sid/bhyt';
/** Social-insurance number (mã số BHXH), 10 digits: no VN Core naming system for it, the gateway's own. */
export const SOCIAL_INSURANCE_SYSTEM = 'https://fhir.lienthong.gov.vn/sid/bhxh';
/** Facility code (mã cơ sở khám chữa bệnh), 5 characters: the gateway's own. */
export const FACILITY_SYSTEM = 'https://fhir.lienthong.gov.vn/sid/facility';
/** The key a facility gave an encounter (unique across facilities): the gateway's own. */
export const ENCOUNTER_KEY_SYSTEM = 'https://fhir.lienthong.gov.vn/sid/encounter-key';
/** ICD-10 (WHO; the Vietnamese edition of Decision 4469/QD-BYT keeps WHO's codes): HL7's URI for it. */
export const ICD10_SYSTEM = 'http://hl7.org/fhir/sid/icd-10';
