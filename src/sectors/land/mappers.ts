/**
 * Shapes the land loaders return; the GraphQL resolvers of Parcel, LandRight, LandChange and LandChangeParty
 * receive these (codegen maps type X to XModel). Paged rows also carry the paging columns of
 * src/lib/connection.ts (parentKey, sortKey, rowId). Dates are ISO `YYYY-MM-DD`, decimals strings.
 */
import type { LandChangeRole, LandChangeStatus, LandChangeType } from '../../generated/graphql.ts';

export interface ParcelModel {
  id: number;
  communeCode: string;
  mapSheetNo: number;
  parcelNo: number;
  areaM2: string;
  /** Land-use purpose codes as registered (Circular 08/2024/TT-BTNMT), e.g. ['ONT', 'CLN']. */
  purposeCodes: string[];
  address: string;
  /** Personal IDs of its current holders who are persons: the @personal subjects, not a GraphQL field. */
  holderPersonalIds: string[];
}

export interface LandRightModel {
  id: number;
  parcelId: number;
  holderPersonalId: string | null;
  holderOrganisation: string | null;
  sharePercent: string;
  certificateSerial: string;
  since: string;
  endedOn: string | null;
}

export interface LandChangeModel {
  id: number;
  parcelId: number;
  communeCode: string;
  type: LandChangeType;
  status: LandChangeStatus;
  submittedOn: string;
  registeredOn: string | null;
  rejectionReason: string | null;
  /** Personal IDs of its parties who are persons: the @personal subjects, not a GraphQL field. */
  partyPersonalIds: string[];
}

export interface LandChangePartyModel {
  id: number;
  changeId: number;
  role: LandChangeRole;
  personalId: string | null;
  organisation: string | null;
  sharePercent: string | null;
}

// ───────────── payloads of the write mutations (writes.ts) ─────────────

/**
 * The change written, as the loaders read it. `partyPersonalIds` (the payload's @personal subjects, not a GraphQL
 * field): every citizen party to the change, so the mutation's audit record names each of them (writes.ts).
 */
export interface SubmitLandChangePayloadModel {
  partyPersonalIds: string[];
  change: LandChangeModel;
}

export type RejectLandChangePayloadModel = SubmitLandChangePayloadModel;

/** `partyPersonalIds`: the parties and the citizen holders of the rights ended and created. */
export interface RegisterLandChangePayloadModel {
  partyPersonalIds: string[];
  change: LandChangeModel;
  endedRights: LandRightModel[];
  createdRights: LandRightModel[];
}
