/** Shapes the citizen loaders return; GraphQL resolvers of the Citizen type receive these. */

/**
 * The parent of every Citizen field: other sectors know only the personal ID of the citizens they
 * point at, so each identity field loads the registry row itself (batched and cached per request).
 */
export interface CitizenModel {
  personalId: string;
}

/** A row of core.citizen. */
export interface CitizenRow {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'MALE' | 'FEMALE';
  ethnicity: string;
  nationality: string;
  hometownCommune: string | null;
  status: 'ALIVE' | 'DECEASED';
}

export interface PreviousPersonalIdModel {
  previousId: string;
  personalId: string;
  cancelledOn: string;
  reason: string;
}

export interface AdministrativeUnitModel {
  code: string;
  name: string;
  level: 'PROVINCE' | 'WARD' | 'COMMUNE';
}
