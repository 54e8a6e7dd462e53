-- Security events (docs/ARCHITECTURE.md §6): citizen tokens probing other citizens' personal IDs, and requests refused
-- before execution. A store separate from the access log and outside its hash chain. The gateway aggregates events
-- in memory and writes one row per (kind, caller, code, operation) every SECURITY_EVENTS_FLUSH_MS, so a flood of
-- requests becomes a bounded number of rows. No personal data of others: a probe row holds how many foreign IDs were
-- named, never which; no variables, no document text. A citizen token's own personal ID is kept (caller_personal_id):
-- the row is that citizen's personal data, read with a purpose and recorded in their access log.

-- CreateEnum
CREATE TYPE "audit"."SecurityEventKind" AS ENUM ('PROBE', 'REFUSED');

-- CreateTable
CREATE TABLE "audit"."security_event" (
    "id" BIGSERIAL NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,
    "kind" "audit"."SecurityEventKind" NOT NULL,
    "client_sub" TEXT NOT NULL,
    "client_org" TEXT,
    "caller_personal_id" CHAR(12),
    "code" TEXT NOT NULL,
    "operation_name" TEXT,
    "document_hash" CHAR(64),
    "request_id" TEXT NOT NULL,
    "requests" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "coordinates" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "security_event_pkey" PRIMARY KEY ("id")
);

-- The auditors' list pages by id (newest first), optionally within one client or one kind.
-- CreateIndex
CREATE INDEX "security_event_client_sub_id_idx" ON "audit"."security_event"("client_sub", "id");

-- CreateIndex
CREATE INDEX "security_event_kind_id_idx" ON "audit"."security_event"("kind", "id");
