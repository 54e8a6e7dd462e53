/**
 * Shapes the household loaders return; the GraphQL types Household and ResidenceRegistration receive these as
 * parents (codegen maps type X to XModel). Paged rows also carry the paging columns of src/lib/connection.ts.
 */

export type RegistrationTypeValue = 'PERMANENT' | 'TEMPORARY' | 'TEMPORARY_ABSENCE';

export type RelationshipToHeadValue =
  | 'HEAD'
  | 'SPOUSE'
  | 'CHILD'
  | 'PARENT'
  | 'SIBLING'
  | 'GRANDCHILD'
  | 'GRANDPARENT'
  | 'DAUGHTER_OR_SON_IN_LAW'
  | 'OTHER_RELATIVE'
  | 'NON_RELATIVE';

export interface HouseholdModel {
  id: number;
  residenceFileNo: string;
  address: string;
  communeCode: string;
  headPersonalId: string;
  /** Personal IDs of the current members (registrations not ended): the @personal subjects, not a GraphQL field. */
  memberPersonalIds: string[];
}

/** A household reached from a citizen: the row plus the personal ID it was looked up by. */
export interface HouseholdOfCitizenRow extends HouseholdModel {
  memberPersonalId: string;
}

export interface ResidenceRegistrationModel {
  id: number;
  householdId: number;
  personalId: string;
  type: RegistrationTypeValue;
  relationshipToHead: RelationshipToHeadValue;
  startDate: string;
  endDate: string | null;
  expectedEndDate: string | null;
  deregistrationReason: string | null;
}

/**
 * A row of core.administrative_unit, the parent of AdministrativeUnit (same shape as the citizen hub's model,
 * declared here because sectors never import each other).
 */
// ───────────── payloads of the write mutations (writes.ts) ─────────────

/** A payload names the citizen (its @personal subject) and carries the rows written, as the loaders read them. */
export interface RegisterResidentPayloadModel {
  personalId: string;
  registration: ResidenceRegistrationModel;
  household: HouseholdModel;
}

export interface MoveResidentPayloadModel extends RegisterResidentPayloadModel {
  ended: ResidenceRegistrationModel;
}

export interface DeregisterResidentPayloadModel {
  personalId: string;
  ended: ResidenceRegistrationModel[];
}
