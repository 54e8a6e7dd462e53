-- Sector writes (issue 7): the rules the write mutations check are enforced by the database too, so that a race
-- between two requests (or a future writer that skips the checks) cannot break them, and the idempotency keys of
-- retried mutations. Prisma's schema language cannot express partial indexes, CHECK constraints or a free-standing
-- sequence: prisma/schema.prisma names them in comments.

-- ───────────── household: one current head per household, one current permanent residence per citizen ─────────────

-- Law on Residence 2020: a household has one head (chủ hộ) ... A head's temporary absence (registered at their own
-- household, relationship HEAD) is the same head being away, not a second one.
CREATE UNIQUE INDEX "residence_registration_one_current_head_key" ON "household"."residence_registration"("household_id")
  WHERE "relationship_to_head" = 'HEAD' AND "end_date" IS NULL AND "type" <> 'TEMPORARY_ABSENCE';

-- ... and a citizen one permanent residence (art. 2, 20) at a time.
CREATE UNIQUE INDEX "residence_registration_one_current_permanent_key" ON "household"."residence_registration"("personal_id")
  WHERE "type" = 'PERMANENT' AND "end_date" IS NULL;

ALTER TABLE "household"."residence_registration"
  ADD CONSTRAINT "residence_registration_end_after_start" CHECK ("end_date" IS NULL OR "end_date" > "start_date"),
  ADD CONSTRAINT "residence_registration_expected_end_after_start"
    CHECK ("expected_end_date" IS NULL OR "expected_end_date" > "start_date"),
  -- Temporary residence and temporary absence are registered for a period; permanent residence is not.
  ADD CONSTRAINT "residence_registration_period_by_type"
    CHECK (("type" = 'PERMANENT') = ("expected_end_date" IS NULL));

-- ───────────── health ─────────────

-- An ICD-10 code with up to four characters after the dot (e.g. `S72.0012`) has 8 characters. Widening a varchar
-- does not rewrite the table.
ALTER TABLE "health"."encounter" ALTER COLUMN "principal_diagnosis" TYPE VARCHAR(8);

ALTER TABLE "health"."encounter"
  ADD CONSTRAINT "encounter_discharge_after_admission" CHECK ("discharged_at" IS NULL OR "discharged_at" > "admitted_at");

ALTER TABLE "health"."payment"
  ADD CONSTRAINT "payment_amounts" CHECK ("amount_vnd" >= 0 AND "insurance_vnd" >= 0 AND "insurance_vnd" <= "amount_vnd");

ALTER TABLE "health"."vaccination" ADD CONSTRAINT "vaccination_dose_number" CHECK ("dose_number" >= 1);

-- ───────────── tourism ─────────────

ALTER TABLE "tourism"."guest_stay"
  ADD CONSTRAINT "guest_stay_expected_check_out_after_check_in" CHECK ("expected_check_out_at" > "check_in_at"),
  ADD CONSTRAINT "guest_stay_check_out_after_check_in"
    CHECK ("actual_check_out_at" IS NULL OR "actual_check_out_at" > "check_in_at"),
  -- A Vietnamese guest by personal ID, a foreign guest by passport: exactly one of them.
  ADD CONSTRAINT "guest_stay_one_guest_identifier" CHECK (("guest_personal_id" IS NULL) <> ("passport_no" IS NULL));

-- ───────────── land ─────────────

ALTER TABLE "land"."land_right"
  ADD CONSTRAINT "land_right_share_percent" CHECK ("share_percent" > 0 AND "share_percent" <= 100),
  ADD CONSTRAINT "land_right_one_holder" CHECK (("holder_personal_id" IS NULL) <> ("holder_organisation" IS NULL)),
  ADD CONSTRAINT "land_right_ended_after_since" CHECK ("ended_on" IS NULL OR "ended_on" >= "since");

-- One open right per holder and parcel: a holder's share is one row (a change ends it and creates the new one).
CREATE UNIQUE INDEX "land_right_one_open_right_per_citizen_key" ON "land"."land_right"("parcel_id", "holder_personal_id")
  WHERE "ended_on" IS NULL AND "holder_personal_id" IS NOT NULL;
CREATE UNIQUE INDEX "land_right_one_open_right_per_organisation_key" ON "land"."land_right"("parcel_id", "holder_organisation")
  WHERE "ended_on" IS NULL AND "holder_organisation" IS NOT NULL;

ALTER TABLE "land"."land_change_party"
  ADD CONSTRAINT "land_change_party_one_party" CHECK (("personal_id" IS NULL) <> ("organisation" IS NULL)),
  ADD CONSTRAINT "land_change_party_share_percent"
    CHECK ("share_percent" IS NULL OR ("share_percent" > 0 AND "share_percent" <= 100));

-- A change is registered or rejected from PENDING, once: the dates and the reason follow the status.
ALTER TABLE "land"."land_change"
  ADD CONSTRAINT "land_change_registered_on_status" CHECK (("status" = 'REGISTERED') = ("registered_on" IS NOT NULL)),
  ADD CONSTRAINT "land_change_rejection_reason_status" CHECK (("status" = 'REJECTED') = ("rejection_reason" IS NOT NULL)),
  ADD CONSTRAINT "land_change_registered_after_submitted"
    CHECK ("registered_on" IS NULL OR "registered_on" >= "submitted_on");

-- Serial numbers of the certificates issued when a change is registered (`DE 000001`...).
CREATE SEQUENCE "land"."certificate_serial_seq" AS INTEGER MINVALUE 1 MAXVALUE 999999 NO CYCLE;

-- ───────────── idempotency keys of write mutations ─────────────

-- A client (`sub`) retrying a mutation with the same Idempotency-Key gets the first result and nothing is written
-- twice. The row is inserted first, in the mutation's own transaction: a concurrent retry blocks on the primary key
-- until that transaction ends, then reads the stored response (or, if it rolled back, runs the mutation itself).
-- `response` is NULL only inside the writing transaction; a committed row always has it.
CREATE TABLE "core"."idempotency_key" (
    "client_sub" TEXT NOT NULL,
    "mutation" TEXT NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "response" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("client_sub", "mutation", "key")
);

-- For purging old keys.
CREATE INDEX "idempotency_key_created_at_idx" ON "core"."idempotency_key"("created_at");
