/** Shapes the consent loaders and writes return; the resolvers of the GraphQL type X receive XModel. */
import type { ConsentStatus, DataCategory } from '../../generated/graphql.ts';

/** A row of core.consent with its derived status (at the statement that read it). */
export interface ConsentModel {
  id: number;
  personalId: string;
  organisation: string;
  categories: DataCategory[];
  purposes: string[];
  validUntil: string;
  status: ConsentStatus;
  createdAt: string;
  revokedAt: string | null;
}

export interface GrantConsentPayloadModel {
  personalId: string;
  consent: ConsentModel;
}

export interface RevokeConsentPayloadModel {
  personalId: string;
  consent: ConsentModel;
}
