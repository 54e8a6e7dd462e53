-- Break-glass (docs/ARCHITECTURE.md §5, §6): a hospital's emergency read of a patient's health data without their
-- consent (X-Break-Glass: <reason>, purpose TREATMENT). Every access record of such a request carries the flag and
-- the reason, both covered by the record's hash (src/audit/chain.ts: appended to the canonical form only when set, so
-- the records written before this migration keep their hashes). Every break-glass request leaves one review row,
-- even one that read nothing personal; an auditor approves or rejects it once.

-- AlterTable
ALTER TABLE "audit"."access_record" ADD COLUMN "break_glass" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "break_glass_reason" TEXT;

-- CreateEnum
CREATE TYPE "audit"."BreakGlassReviewStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateTable
CREATE TABLE "audit"."break_glass_review" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "request_id" TEXT NOT NULL,
    "client_sub" TEXT NOT NULL,
    "client_org" TEXT,
    "acting_user" TEXT,
    "reason" TEXT NOT NULL,
    "patient_personal_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "audit"."BreakGlassReviewStatus" NOT NULL DEFAULT 'PENDING',
    "reviewer_sub" TEXT,
    "reviewer_user" TEXT,
    "note" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),

    CONSTRAINT "break_glass_review_pkey" PRIMARY KEY ("id")
);

-- The auditors' list pages by id (newest first), optionally within one status.
-- CreateIndex
CREATE INDEX "break_glass_review_status_id_idx" ON "audit"."break_glass_review"("status", "id");
