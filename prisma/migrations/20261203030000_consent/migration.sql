-- Citizen consents (docs/ARCHITECTURE.md §5, the consent rule): a citizen lets one organisation (the `org` claim of
-- its tokens, e.g. a 5-character facility code) read some categories of their personal data (enum DataCategory of
-- schema/audit.graphql) for some purposes of use (src/auth/purposes.ts) until `valid_until`. Status is derived, never
-- stored: REVOKED when revoked_at is set, EXPIRED when valid_until <= now(), else ACTIVE. The health loaders read
-- this table in the same statement as the rows it guards (src/lib/consent-sql.ts), so a revocation or an expiry
-- holds from the next statement on every replica: there is no cache.

-- CreateTable
CREATE TABLE "core"."consent" (
    "id" SERIAL NOT NULL,
    "personal_id" CHAR(12) NOT NULL,
    "organisation" TEXT NOT NULL,
    "categories" TEXT[],
    "purposes" TEXT[],
    "valid_until" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "consent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "consent_personal_id_organisation_idx" ON "core"."consent"("personal_id", "organisation");
