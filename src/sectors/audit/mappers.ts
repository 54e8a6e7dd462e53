/** Shapes the access-log resolvers receive (schema/audit.graphql). */
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
