/** Shapes the access-log resolvers receive (schema/audit.graphql). */
import type { BreakGlassReviewRow } from '../../audit/break-glass.ts';
import type { SecurityEventRow } from '../../audit/security-events.ts';
import type { ChainedRecord } from '../../audit/store.ts';

/** A record of the chain as stored (src/audit/chain.ts); `personalId` is the ID the data was read under. */
export type AccessRecordModel = ChainedRecord;

/** A record as the citizen sees it; `personalId` is the citizen's (the token's), the @personal subject. */
export interface AccessLogEntryModel {
  personalId: string;
  record: ChainedRecord;
}

/** A stored security event (src/audit/security-events.ts): probes and refused requests, aggregated. */
export type SecurityEventModel = SecurityEventRow;

/** A break-glass request's review row (src/audit/break-glass.ts); `patientPersonalIds` are its @personal subjects. */
export type BreakGlassReviewModel = BreakGlassReviewRow;

/** The payload of `reviewBreakGlass`: the review, and its patients (the subjects its audit records name). */
export interface ReviewBreakGlassPayloadModel {
  review: BreakGlassReviewRow;
  patientPersonalIds: string[];
}
