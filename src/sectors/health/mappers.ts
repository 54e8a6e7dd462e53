/**
 * Shapes the health loaders return; the GraphQL resolvers of the type X receive XModel (codegen maps them by name).
 * Paged rows also carry the paging columns of src/lib/connection.ts (parentKey, sortKey, rowId).
 */
import type { Connection } from '../../lib/connection.ts';

/** The health record of one personal ID: no row of its own, its parts are loaded by personal ID. */
export interface HealthRecordModel {
  personalId: string;
}

export interface HealthSummaryModel {
  personalId: string;
  bloodType: string | null;
  allergies: string[] | null;
  /** ICD-10 codes; resolved to Diagnosis (code + title) by the resolver. */
  chronicConditionCodes: string[] | null;
  updatedAt: string;
}

/** A province or commune as AdministrativeUnit expects it (the citizen hub's shape; sectors never import it). */
export interface HealthCommuneRow {
  code: string;
  name: string;
  level: 'PROVINCE' | 'WARD' | 'COMMUNE';
}

export interface HealthFacilityModel {
  code: string;
  name: string;
  level: string;
  /** The facility's commune (null when its code is not in core.administrative_unit). */
  commune: HealthCommuneRow | null;
}

export interface InsuranceCoverageModel {
  id: number;
  personalId: string;
  cardCode: string;
  validFrom: string;
  validTo: string;
  initialFacilityCode: string;
}

export interface EncounterModel {
  id: number;
  encounterKey: string;
  personalId: string;
  facilityCode: string;
  type: 'OUTPATIENT' | 'INPATIENT' | 'EMERGENCY' | 'DAY_CARE';
  admittedAt: string;
  dischargedAt: string | null;
  principalDiagnosisCode: string;
  secondaryDiagnosisCodes: string[] | null;
}

export interface PaymentModel {
  id: number;
  encounterId: number;
  encounterKey: string;
  personalId: string;
  /** BIGINT as text (Decimal scalar). */
  amountVnd: string;
  insuranceVnd: string;
  /** amount - insurance, computed exactly by the database. */
  patientVnd: string;
  cashless: boolean;
  paidAt: string;
}

export interface VaccinationModel {
  id: number;
  personalId: string;
  vaccine: string;
  doseNumber: number;
  administeredOn: string;
  facilityCode: string;
}

/** An ICD-10 code of the catalogue (health.icd10_code). */
export interface Icd10Row {
  code: string;
  title: string;
}

/** Card code `GG L PP NNNNNNNNNN` (Decision 1351/QD-BHXH): group letters, benefit level digit, province, number. */
const CARD_CODE = /^([A-Z]{2})([1-5])(\d{2})(\d{10})$/;

/** Group code and benefit level decoded from a 15-character card code; nulls when the code is malformed. */
export function decodeCardCode(cardCode: string): { groupCode: string | null; benefitLevel: number | null } {
  const match = CARD_CODE.exec(cardCode.trim());
  if (match === null) return { groupCode: null, benefitLevel: null };
  return { groupCode: match[1] ?? null, benefitLevel: Number(match[2]) };
}

// ───────────── payloads of the write mutations (writes.ts) ─────────────

/** A payload names the patient (its @personal subject) and carries the row written, as the loaders read it. */
export interface RecordEncounterPayloadModel {
  personalId: string;
  encounter: EncounterModel;
}

export type DischargeEncounterPayloadModel = RecordEncounterPayloadModel;

export interface RecordPaymentPayloadModel {
  personalId: string;
  payment: PaymentModel;
}

export interface RecordVaccinationPayloadModel {
  personalId: string;
  vaccination: VaccinationModel;
}

/**
 * A page of a list under the consent rule (docs/ARCHITECTURE.md §5) and the count of the rows it withheld from the
 * whole list, read only when `withheldCount` is selected (one statement for every parent of the request).
 */
interface ConsentedConnection<Node> extends Connection<Node> {
  withheld: () => Promise<number>;
}

export type EncounterConnectionModel = ConsentedConnection<EncounterModel>;
export type PaymentConnectionModel = ConsentedConnection<PaymentModel>;
export type VaccinationConnectionModel = ConsentedConnection<VaccinationModel>;

/** CREATED by this request, or EXISTING: recorded before with the same content. */
export type BatchOutcomeModel = 'CREATED' | 'EXISTING';

export interface PaymentBatchResultModel {
  outcome: BatchOutcomeModel;
  payment: PaymentModel;
}

export interface EncounterBatchResultModel {
  encounterKey: string;
  outcome: BatchOutcomeModel;
  encounter: EncounterModel;
  payments: PaymentBatchResultModel[];
}

/** The batch names every patient it concerns (its @personal subjects), each once. */
export interface RecordEncounterBatchPayloadModel {
  personalIds: string[];
  encounters: EncounterBatchResultModel[];
}
