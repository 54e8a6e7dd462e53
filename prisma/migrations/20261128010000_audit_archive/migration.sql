-- Audit retention (issue 4): archived prefixes of the access-record hash chain.
-- `npm run audit:archive` moves the oldest records to a signed NDJSON file and records the segment here, in the
-- same transaction that deletes them from audit.access_record. The newest segment is the boundary from which
-- `npm run audit:verify` checks the hot chain (its first record must link to last_seq / last_hash).

-- CreateTable
CREATE TABLE "audit"."archive_segment" (
    "first_seq" BIGINT NOT NULL,
    "last_seq" BIGINT NOT NULL,
    "record_count" BIGINT NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "last_hash" CHAR(64) NOT NULL,
    "archived_before" TIMESTAMPTZ(3) NOT NULL,
    "archived_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "file_name" TEXT NOT NULL,
    "content_sha256" CHAR(64) NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "archive_segment_pkey" PRIMARY KEY ("first_seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "archive_segment_last_seq_key" ON "audit"."archive_segment"("last_seq");

-- The access-log queries page by seq (keyset, newest first) within one citizen or one client: index (key, seq)
-- instead of (key, at). A time range is a filter on that scan.
-- DropIndex
DROP INDEX "audit"."access_record_personal_id_at_idx";

-- DropIndex
DROP INDEX "audit"."access_record_client_sub_at_idx";

-- CreateIndex
CREATE INDEX "access_record_personal_id_seq_idx" ON "audit"."access_record"("personal_id", "seq");

-- CreateIndex
CREATE INDEX "access_record_client_sub_seq_idx" ON "audit"."access_record"("client_sub", "seq");
