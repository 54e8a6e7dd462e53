-- Province indicators (docs/ARCHITECTURE.md §15). core.indicator_rollup holds each indicator's RELEASED cells, after
-- statistical disclosure control, as computed at `as_of`: a request reads one row per indicator and scans no source
-- table. A refresh replaces the rows in one transaction (readers keep seeing the previous version until it commits).
-- The unsuppressed counts are never stored.
-- audit.statistical_release records every indicators request (who, which indicators, when); outside the access
-- log's hash chain, as it concerns no citizen.

-- CreateTable
CREATE TABLE "core"."indicator_rollup" (
    "indicator_id" TEXT NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "cells" JSONB NOT NULL,

    CONSTRAINT "indicator_rollup_pkey" PRIMARY KEY ("indicator_id")
);

-- CreateTable
CREATE TABLE "audit"."statistical_release" (
    "id" BIGSERIAL NOT NULL,
    "released_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "request_id" TEXT NOT NULL,
    "client_sub" TEXT NOT NULL,
    "client_org" TEXT,
    "acting_user" TEXT,
    "indicator_ids" TEXT[],

    CONSTRAINT "statistical_release_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "statistical_release_client_sub_id_idx" ON "audit"."statistical_release"("client_sub", "id");
