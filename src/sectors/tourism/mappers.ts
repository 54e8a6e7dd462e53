/**
 * Shapes the tourism loaders return; the GraphQL types Establishment, GuestStay and Inspection receive these as
 * parents (codegen maps type X to XModel). Paged rows also carry the paging columns of src/lib/connection.ts.
 */

export type EstablishmentTypeValue =
  'HOTEL' | 'TOURIST_VILLA' | 'TOURIST_APARTMENT' | 'CRUISE_SHIP' | 'GUEST_HOUSE' | 'HOMESTAY' | 'CAMPSITE' | 'OTHER';

export type DeclarationChannelValue = 'VNEID' | 'ONLINE_PORTAL' | 'IN_PERSON' | 'API';

export interface EstablishmentModel {
  id: number;
  name: string;
  type: EstablishmentTypeValue;
  stars: number | null;
  licenceNo: string;
  communeCode: string;
  address: string;
}

export interface GuestStayModel {
  id: number;
  establishmentId: number;
  /** Null for foreign guests (passport + nationality instead). */
  guestPersonalId: string | null;
  passportNo: string | null;
  nationality: string;
  checkInAt: string;
  expectedCheckOutAt: string;
  actualCheckOutAt: string | null;
  declaredAt: string;
  channel: DeclarationChannelValue;
}

export interface InspectionModel {
  id: number;
  establishmentId: number;
  inspectedOn: string;
  agency: string;
  findings: string;
  violations: string[] | null;
}

/**
 * A row of core.administrative_unit, the parent of AdministrativeUnit (same shape as the citizen hub's model,
 * declared here because sectors never import each other).
 */
// ───────────── payloads of the write mutations (writes.ts) ─────────────

/** A payload names the guest (its @personal subject; null for a foreign guest) and carries the stay as loaded. */
export interface DeclareStayPayloadModel {
  guestPersonalId: string | null;
  stay: GuestStayModel;
}

export type CheckOutPayloadModel = DeclareStayPayloadModel;
