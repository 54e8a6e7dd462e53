-- Identity reconciliation and source freshness (issue 7, parts 5 and 6).
--
-- 1. Identity conflicts of two shapes: SHARED_VALUE (one legacy value claimed by several citizens, what the seed
--    records) and MULTIPLE_VALUES (one citizen holding several tax codes / social-insurance numbers, where the law
--    allows one). A resolution records who (client `sub`, `org`, acting official from X-User-Id), why and when, and
--    what was kept. The claims it rejects are not deleted: legacy_identifier rows are marked superseded.
-- 2. core.source_status kept live by statement-level triggers on every table of a source.

-- CreateEnum
CREATE TYPE "core"."IdentityConflictType" AS ENUM ('SHARED_VALUE', 'MULTIPLE_VALUES');

-- AlterTable: conflict shape, resolution record. `value` is the shared value (SHARED_VALUE) or null
-- (MULTIPLE_VALUES: the values are in claimed_values and personal_ids holds the one citizen).
ALTER TABLE "core"."identity_conflict"
    ADD COLUMN "type" "core"."IdentityConflictType" NOT NULL DEFAULT 'SHARED_VALUE',
    ADD COLUMN "claimed_values" TEXT[],
    ADD COLUMN "resolved_by_org" TEXT,
    ADD COLUMN "resolved_by_user" TEXT,
    ADD COLUMN "kept_personal_id" CHAR(12),
    ADD COLUMN "kept_value" VARCHAR(13),
    ALTER COLUMN "value" DROP NOT NULL,
    ADD CONSTRAINT "identity_conflict_shape_check" CHECK (
        CASE "type"
            WHEN 'SHARED_VALUE' THEN "value" IS NOT NULL
            ELSE "value" IS NULL AND coalesce(cardinality("personal_ids"), 0) = 1
                AND coalesce(cardinality("claimed_values"), 0) > 1
        END
    ),
    ADD CONSTRAINT "identity_conflict_resolution_check" CHECK (
        ("status" = 'OPEN') = ("resolved_at" IS NULL)
        AND ("status" = 'OPEN' OR ("resolved_by" IS NOT NULL AND "resolution" IS NOT NULL))
    );

-- One OPEN conflict per key (detection inserts with ON CONFLICT DO NOTHING); a key may have any number of RESOLVED
-- ones (a new claimant after a resolution is a new conflict). Partial unique indexes: Prisma 6 cannot express them,
-- so schema.prisma only documents them (prisma/prisma#3076).
-- DropIndex
DROP INDEX "core"."identity_conflict_kind_value_key";

-- CreateIndex
CREATE UNIQUE INDEX "identity_conflict_open_shared_value_key" ON "core"."identity_conflict"("kind", "value")
    WHERE "type" = 'SHARED_VALUE' AND "status" = 'OPEN';

-- CreateIndex
CREATE UNIQUE INDEX "identity_conflict_open_multiple_values_key" ON "core"."identity_conflict"("kind", ("personal_ids"[1]))
    WHERE "type" = 'MULTIPLE_VALUES' AND "status" = 'OPEN';

-- CreateIndex: lookups of a value's conflicts (resolved ones included) and the queue (status, oldest first).
CREATE INDEX "identity_conflict_kind_value_idx" ON "core"."identity_conflict"("kind", "value");

-- CreateIndex
CREATE INDEX "identity_conflict_status_detected_at_id_idx" ON "core"."identity_conflict"("status", "detected_at", "id");

-- CreateIndex: every personal-ID column is indexed (DESIGN.md §8).
CREATE INDEX "identity_conflict_kept_personal_id_idx" ON "core"."identity_conflict"("kept_personal_id");

-- AlterTable: a claim rejected by a resolution stays, marked (never deleted, never silently merged).
ALTER TABLE "core"."legacy_identifier"
    ADD COLUMN "superseded_at" TIMESTAMPTZ(3),
    ADD COLUMN "superseded_by_conflict" INTEGER,
    ADD CONSTRAINT "legacy_identifier_superseded_check" CHECK (("superseded_at" IS NULL) = ("superseded_by_conflict" IS NULL));

-- CreateIndex
CREATE INDEX "legacy_identifier_superseded_by_conflict_idx" ON "core"."legacy_identifier"("superseded_by_conflict");

-- AddForeignKey
ALTER TABLE "core"."legacy_identifier" ADD CONSTRAINT "legacy_identifier_superseded_by_conflict_fkey" FOREIGN KEY ("superseded_by_conflict") REFERENCES "core"."identity_conflict"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ───────────────────────────── freshness ─────────────────────────────

-- The tables of each source: what the triggers below watch and what rowCount sums. Reference tables
-- (administrative units, facilities, ICD-10) and gateway bookkeeping (identity_conflict) belong to no source.
-- CreateTable
CREATE TABLE "core"."source_table" (
    "table_name" TEXT NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "source_table_pkey" PRIMARY KEY ("table_name")
);

INSERT INTO "core"."source_table" ("table_name", "source") VALUES
    ('core.citizen', 'citizen'),
    ('core.previous_personal_id', 'citizen'),
    ('core.legacy_identifier', 'citizen'),
    ('household.household', 'household'),
    ('household.residence_registration', 'household'),
    ('health.insurance_coverage', 'health'),
    ('health.health_summary', 'health'),
    ('health.encounter', 'health'),
    ('health.payment', 'health'),
    ('health.vaccination', 'health'),
    ('tourism.establishment', 'tourism'),
    ('tourism.guest_stay', 'tourism'),
    ('tourism.inspection', 'tourism'),
    ('land.parcel', 'land'),
    ('land.land_right', 'land'),
    ('land.land_change', 'land'),
    ('land.land_change_party', 'land');

-- Bumps core.source_status.last_changed_at of the source named by the trigger's argument, once per statement.
--  - UPDATE and DELETE triggers see the changed rows (transition table `changed_rows`): a statement that changed no
--    row is no change. INSERT (COPY included) and TRUNCATE triggers have no transition table, so a bulk load pays
--    nothing per row; an INSERT of zero rows still counts.
--  - Hot row: every writer of a source would queue on its one status row until it commits. A writer that finds the
--    row locked skips the bump (SKIP LOCKED): the holder is bumping it to about the same instant. If that holder then
--    rolls back, this change is not reflected until the next write (lastChangedAt may lag by one write).
--  - clock_timestamp(), not now(): a long transaction's change is stamped when the statement ran, and GREATEST keeps
--    the value from going back.
--  - SECURITY DEFINER: writers of a source need no privilege on core.source_status; search_path pinned.
-- CreateFunction
CREATE FUNCTION "core"."source_changed"() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    src text := TG_ARGV[0];
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF NOT EXISTS (SELECT 1 FROM changed_rows) THEN
            RETURN NULL;
        END IF;
    END IF;
    PERFORM 1 FROM core.source_status WHERE source = src FOR UPDATE SKIP LOCKED;
    IF FOUND THEN
        UPDATE core.source_status SET last_changed_at = GREATEST(last_changed_at, clock_timestamp()) WHERE source = src;
    ELSIF NOT EXISTS (SELECT 1 FROM core.source_status WHERE source = src) THEN
        INSERT INTO core.source_status (source, last_changed_at) VALUES (src, clock_timestamp()) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

-- CreateTrigger: three statement-level triggers per source table (transition tables allow one event per trigger).
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT table_name, source FROM core.source_table ORDER BY table_name LOOP
        EXECUTE format(
            'CREATE TRIGGER source_changed_insert AFTER INSERT OR TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION core.source_changed(%L)',
            t.table_name::regclass, t.source);
        EXECUTE format(
            'CREATE TRIGGER source_changed_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION core.source_changed(%L)',
            t.table_name::regclass, t.source);
        EXECUTE format(
            'CREATE TRIGGER source_changed_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION core.source_changed(%L)',
            t.table_name::regclass, t.source);
    END LOOP;
END
$$;
