-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "audit";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "core";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "health";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "household";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "land";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "tourism";

-- CreateEnum
CREATE TYPE "core"."Sex" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "core"."CitizenStatus" AS ENUM ('ALIVE', 'DECEASED');

-- CreateEnum
CREATE TYPE "core"."LegacyIdentifierKind" AS ENUM ('OLD_ID_CARD', 'TAX_CODE', 'SOCIAL_INSURANCE');

-- CreateEnum
CREATE TYPE "core"."ConflictStatus" AS ENUM ('OPEN', 'RESOLVED');

-- CreateEnum
CREATE TYPE "household"."RegistrationType" AS ENUM ('PERMANENT', 'TEMPORARY', 'TEMPORARY_ABSENCE');

-- CreateEnum
CREATE TYPE "household"."RelationshipToHead" AS ENUM ('HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'SIBLING', 'GRANDCHILD', 'GRANDPARENT', 'DAUGHTER_OR_SON_IN_LAW', 'OTHER_RELATIVE', 'NON_RELATIVE');

-- CreateEnum
CREATE TYPE "health"."EncounterType" AS ENUM ('OUTPATIENT', 'INPATIENT', 'EMERGENCY', 'DAY_CARE');

-- CreateEnum
CREATE TYPE "tourism"."EstablishmentType" AS ENUM ('HOTEL', 'TOURIST_VILLA', 'TOURIST_APARTMENT', 'CRUISE_SHIP', 'GUEST_HOUSE', 'HOMESTAY', 'CAMPSITE', 'OTHER');

-- CreateEnum
CREATE TYPE "tourism"."DeclarationChannel" AS ENUM ('VNEID', 'ONLINE_PORTAL', 'IN_PERSON', 'API');

-- CreateEnum
CREATE TYPE "land"."LandChangeType" AS ENUM ('EXCHANGE', 'TRANSFER', 'INHERITANCE', 'GIFT', 'CAPITAL_CONTRIBUTION', 'LEASE', 'SUBDIVISION', 'MERGER', 'PURPOSE_CHANGE', 'HOLDER_INFO_CHANGE', 'MORTGAGE', 'MORTGAGE_RELEASE');

-- CreateEnum
CREATE TYPE "land"."LandChangeStatus" AS ENUM ('PENDING', 'REGISTERED', 'REJECTED');

-- CreateEnum
CREATE TYPE "land"."LandChangeRole" AS ENUM ('FROM', 'TO');

-- CreateEnum
CREATE TYPE "audit"."AccessOutcome" AS ENUM ('GRANTED', 'PARTIAL', 'DENIED');

-- CreateTable
CREATE TABLE "core"."administrative_unit" (
    "code" VARCHAR(5) NOT NULL,
    "name" TEXT NOT NULL,
    "level" VARCHAR(10) NOT NULL,
    "province_code" VARCHAR(2) NOT NULL,

    CONSTRAINT "administrative_unit_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "core"."citizen" (
    "personal_id" CHAR(12) NOT NULL,
    "full_name" TEXT NOT NULL,
    "date_of_birth" DATE NOT NULL,
    "sex" "core"."Sex" NOT NULL,
    "ethnicity" TEXT NOT NULL DEFAULT 'Kinh',
    "nationality" CHAR(3) NOT NULL DEFAULT 'VNM',
    "hometown_commune" VARCHAR(5),
    "status" "core"."CitizenStatus" NOT NULL DEFAULT 'ALIVE',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "citizen_pkey" PRIMARY KEY ("personal_id")
);

-- CreateTable
CREATE TABLE "core"."previous_personal_id" (
    "previous_id" CHAR(12) NOT NULL,
    "personal_id" CHAR(12) NOT NULL,
    "cancelled_on" DATE NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "previous_personal_id_pkey" PRIMARY KEY ("previous_id")
);

-- CreateTable
CREATE TABLE "core"."legacy_identifier" (
    "id" SERIAL NOT NULL,
    "kind" "core"."LegacyIdentifierKind" NOT NULL,
    "value" VARCHAR(13) NOT NULL,
    "personal_id" CHAR(12) NOT NULL,

    CONSTRAINT "legacy_identifier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "core"."identity_conflict" (
    "id" SERIAL NOT NULL,
    "kind" "core"."LegacyIdentifierKind" NOT NULL,
    "value" VARCHAR(13) NOT NULL,
    "personal_ids" TEXT[],
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "core"."ConflictStatus" NOT NULL DEFAULT 'OPEN',
    "resolved_by" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "resolution" TEXT,

    CONSTRAINT "identity_conflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "core"."source_status" (
    "source" TEXT NOT NULL,
    "last_changed_at" TIMESTAMPTZ(3) NOT NULL,
    "row_count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "source_status_pkey" PRIMARY KEY ("source")
);

-- CreateTable
CREATE TABLE "household"."household" (
    "id" SERIAL NOT NULL,
    "residence_file_no" VARCHAR(20) NOT NULL,
    "address" TEXT NOT NULL,
    "commune_code" VARCHAR(5) NOT NULL,
    "head_personal_id" CHAR(12) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "household"."residence_registration" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "personal_id" CHAR(12) NOT NULL,
    "type" "household"."RegistrationType" NOT NULL,
    "relationship_to_head" "household"."RelationshipToHead" NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE,
    "expected_end_date" DATE,
    "deregistration_reason" TEXT,

    CONSTRAINT "residence_registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "health"."facility" (
    "code" CHAR(5) NOT NULL,
    "name" TEXT NOT NULL,
    "commune_code" VARCHAR(5) NOT NULL,
    "level" TEXT NOT NULL,

    CONSTRAINT "facility_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "health"."icd10_code" (
    "code" VARCHAR(7) NOT NULL,
    "title" TEXT NOT NULL,

    CONSTRAINT "icd10_code_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "health"."insurance_coverage" (
    "id" SERIAL NOT NULL,
    "personal_id" CHAR(12) NOT NULL,
    "card_code" CHAR(15) NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE NOT NULL,
    "initial_facility_code" CHAR(5) NOT NULL,

    CONSTRAINT "insurance_coverage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "health"."health_summary" (
    "personal_id" CHAR(12) NOT NULL,
    "blood_type" VARCHAR(3),
    "allergies" TEXT[],
    "chronic_conditions" TEXT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "health_summary_pkey" PRIMARY KEY ("personal_id")
);

-- CreateTable
CREATE TABLE "health"."encounter" (
    "id" SERIAL NOT NULL,
    "encounter_key" VARCHAR(40) NOT NULL,
    "personal_id" CHAR(12) NOT NULL,
    "facility_code" CHAR(5) NOT NULL,
    "type" "health"."EncounterType" NOT NULL,
    "admitted_at" TIMESTAMPTZ(3) NOT NULL,
    "discharged_at" TIMESTAMPTZ(3),
    "principal_diagnosis" VARCHAR(7) NOT NULL,
    "secondary_diagnoses" TEXT[],

    CONSTRAINT "encounter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "health"."payment" (
    "id" SERIAL NOT NULL,
    "encounter_id" INTEGER NOT NULL,
    "personal_id" CHAR(12) NOT NULL,
    "amount_vnd" BIGINT NOT NULL,
    "insurance_vnd" BIGINT NOT NULL,
    "cashless" BOOLEAN NOT NULL,
    "paid_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "health"."vaccination" (
    "id" SERIAL NOT NULL,
    "personal_id" CHAR(12) NOT NULL,
    "vaccine" TEXT NOT NULL,
    "dose_number" INTEGER NOT NULL,
    "administered_on" DATE NOT NULL,
    "facility_code" CHAR(5) NOT NULL,

    CONSTRAINT "vaccination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tourism"."establishment" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "type" "tourism"."EstablishmentType" NOT NULL,
    "stars" INTEGER,
    "licence_no" VARCHAR(30) NOT NULL,
    "commune_code" VARCHAR(5) NOT NULL,
    "address" TEXT NOT NULL,

    CONSTRAINT "establishment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tourism"."guest_stay" (
    "id" SERIAL NOT NULL,
    "establishment_id" INTEGER NOT NULL,
    "guest_personal_id" CHAR(12),
    "passport_no" VARCHAR(20),
    "nationality" CHAR(3) NOT NULL,
    "check_in_at" TIMESTAMPTZ(3) NOT NULL,
    "expected_check_out_at" TIMESTAMPTZ(3) NOT NULL,
    "actual_check_out_at" TIMESTAMPTZ(3),
    "declared_at" TIMESTAMPTZ(3) NOT NULL,
    "channel" "tourism"."DeclarationChannel" NOT NULL,

    CONSTRAINT "guest_stay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tourism"."inspection" (
    "id" SERIAL NOT NULL,
    "establishment_id" INTEGER NOT NULL,
    "inspected_on" DATE NOT NULL,
    "agency" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "violations" TEXT[],

    CONSTRAINT "inspection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "land"."parcel" (
    "id" SERIAL NOT NULL,
    "commune_code" VARCHAR(5) NOT NULL,
    "map_sheet_no" INTEGER NOT NULL,
    "parcel_no" INTEGER NOT NULL,
    "area_m2" DECIMAL(12,2) NOT NULL,
    "purpose_codes" TEXT[],
    "address" TEXT NOT NULL,

    CONSTRAINT "parcel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "land"."land_right" (
    "id" SERIAL NOT NULL,
    "parcel_id" INTEGER NOT NULL,
    "holder_personal_id" CHAR(12),
    "holder_organisation" TEXT,
    "share_percent" DECIMAL(5,2) NOT NULL,
    "certificate_serial" VARCHAR(20) NOT NULL,
    "since" DATE NOT NULL,
    "ended_on" DATE,

    CONSTRAINT "land_right_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "land"."land_change" (
    "id" SERIAL NOT NULL,
    "parcel_id" INTEGER NOT NULL,
    "commune_code" VARCHAR(5) NOT NULL,
    "type" "land"."LandChangeType" NOT NULL,
    "status" "land"."LandChangeStatus" NOT NULL,
    "submitted_on" DATE NOT NULL,
    "registered_on" DATE,
    "rejection_reason" TEXT,

    CONSTRAINT "land_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "land"."land_change_party" (
    "id" SERIAL NOT NULL,
    "change_id" INTEGER NOT NULL,
    "role" "land"."LandChangeRole" NOT NULL,
    "personal_id" CHAR(12),
    "organisation" TEXT,
    "share_percent" DECIMAL(5,2),

    CONSTRAINT "land_change_party_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit"."access_record" (
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "request_id" TEXT NOT NULL,
    "client_sub" TEXT NOT NULL,
    "client_org" TEXT,
    "acting_user" TEXT,
    "purpose" TEXT,
    "operation_name" TEXT,
    "document_hash" CHAR(64) NOT NULL,
    "personal_id" CHAR(12) NOT NULL,
    "fields" TEXT[],
    "outcome" "audit"."AccessOutcome" NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "access_record_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit"."chain_head" (
    "id" INTEGER NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "administrative_unit_province_code_idx" ON "core"."administrative_unit"("province_code");

-- CreateIndex
CREATE INDEX "citizen_hometown_commune_idx" ON "core"."citizen"("hometown_commune");

-- CreateIndex
CREATE INDEX "previous_personal_id_personal_id_idx" ON "core"."previous_personal_id"("personal_id");

-- CreateIndex
CREATE INDEX "legacy_identifier_personal_id_idx" ON "core"."legacy_identifier"("personal_id");

-- CreateIndex
CREATE UNIQUE INDEX "legacy_identifier_kind_value_personal_id_key" ON "core"."legacy_identifier"("kind", "value", "personal_id");

-- CreateIndex
CREATE INDEX "identity_conflict_personal_ids_idx" ON "core"."identity_conflict" USING GIN ("personal_ids");

-- CreateIndex
CREATE UNIQUE INDEX "identity_conflict_kind_value_key" ON "core"."identity_conflict"("kind", "value");

-- CreateIndex
CREATE UNIQUE INDEX "household_residence_file_no_key" ON "household"."household"("residence_file_no");

-- CreateIndex
CREATE INDEX "household_commune_code_idx" ON "household"."household"("commune_code");

-- CreateIndex
CREATE INDEX "household_head_personal_id_idx" ON "household"."household"("head_personal_id");

-- CreateIndex
CREATE INDEX "residence_registration_household_id_idx" ON "household"."residence_registration"("household_id");

-- CreateIndex
CREATE INDEX "residence_registration_personal_id_idx" ON "household"."residence_registration"("personal_id");

-- CreateIndex
CREATE INDEX "facility_commune_code_idx" ON "health"."facility"("commune_code");

-- CreateIndex
CREATE INDEX "insurance_coverage_personal_id_idx" ON "health"."insurance_coverage"("personal_id");

-- CreateIndex
CREATE INDEX "insurance_coverage_initial_facility_code_idx" ON "health"."insurance_coverage"("initial_facility_code");

-- CreateIndex
CREATE INDEX "insurance_coverage_card_code_idx" ON "health"."insurance_coverage"("card_code");

-- CreateIndex
CREATE UNIQUE INDEX "encounter_encounter_key_key" ON "health"."encounter"("encounter_key");

-- CreateIndex
CREATE INDEX "encounter_personal_id_admitted_at_idx" ON "health"."encounter"("personal_id", "admitted_at" DESC);

-- CreateIndex
CREATE INDEX "encounter_facility_code_idx" ON "health"."encounter"("facility_code");

-- CreateIndex
CREATE INDEX "payment_encounter_id_idx" ON "health"."payment"("encounter_id");

-- CreateIndex
CREATE INDEX "payment_personal_id_idx" ON "health"."payment"("personal_id");

-- CreateIndex
CREATE INDEX "vaccination_personal_id_idx" ON "health"."vaccination"("personal_id");

-- CreateIndex
CREATE INDEX "vaccination_facility_code_idx" ON "health"."vaccination"("facility_code");

-- CreateIndex
CREATE UNIQUE INDEX "establishment_licence_no_key" ON "tourism"."establishment"("licence_no");

-- CreateIndex
CREATE INDEX "establishment_commune_code_type_idx" ON "tourism"."establishment"("commune_code", "type");

-- CreateIndex
CREATE INDEX "guest_stay_establishment_id_check_in_at_idx" ON "tourism"."guest_stay"("establishment_id", "check_in_at" DESC);

-- CreateIndex
CREATE INDEX "guest_stay_guest_personal_id_check_in_at_idx" ON "tourism"."guest_stay"("guest_personal_id", "check_in_at" DESC);

-- CreateIndex
CREATE INDEX "inspection_establishment_id_idx" ON "tourism"."inspection"("establishment_id");

-- CreateIndex
CREATE UNIQUE INDEX "parcel_commune_code_map_sheet_no_parcel_no_key" ON "land"."parcel"("commune_code", "map_sheet_no", "parcel_no");

-- CreateIndex
CREATE INDEX "land_right_parcel_id_idx" ON "land"."land_right"("parcel_id");

-- CreateIndex
CREATE INDEX "land_right_holder_personal_id_idx" ON "land"."land_right"("holder_personal_id");

-- CreateIndex
CREATE INDEX "land_change_parcel_id_idx" ON "land"."land_change"("parcel_id");

-- CreateIndex
CREATE INDEX "land_change_commune_code_submitted_on_idx" ON "land"."land_change"("commune_code", "submitted_on");

-- CreateIndex
CREATE INDEX "land_change_type_submitted_on_idx" ON "land"."land_change"("type", "submitted_on");

-- CreateIndex
CREATE INDEX "land_change_party_change_id_idx" ON "land"."land_change_party"("change_id");

-- CreateIndex
CREATE INDEX "land_change_party_personal_id_idx" ON "land"."land_change_party"("personal_id");

-- CreateIndex
CREATE INDEX "access_record_personal_id_at_idx" ON "audit"."access_record"("personal_id", "at");

-- CreateIndex
CREATE INDEX "access_record_client_sub_at_idx" ON "audit"."access_record"("client_sub", "at");

-- AddForeignKey
ALTER TABLE "core"."previous_personal_id" ADD CONSTRAINT "previous_personal_id_personal_id_fkey" FOREIGN KEY ("personal_id") REFERENCES "core"."citizen"("personal_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "core"."legacy_identifier" ADD CONSTRAINT "legacy_identifier_personal_id_fkey" FOREIGN KEY ("personal_id") REFERENCES "core"."citizen"("personal_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household"."residence_registration" ADD CONSTRAINT "residence_registration_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"."household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "health"."payment" ADD CONSTRAINT "payment_encounter_id_fkey" FOREIGN KEY ("encounter_id") REFERENCES "health"."encounter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tourism"."guest_stay" ADD CONSTRAINT "guest_stay_establishment_id_fkey" FOREIGN KEY ("establishment_id") REFERENCES "tourism"."establishment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tourism"."inspection" ADD CONSTRAINT "inspection_establishment_id_fkey" FOREIGN KEY ("establishment_id") REFERENCES "tourism"."establishment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "land"."land_right" ADD CONSTRAINT "land_right_parcel_id_fkey" FOREIGN KEY ("parcel_id") REFERENCES "land"."parcel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "land"."land_change" ADD CONSTRAINT "land_change_parcel_id_fkey" FOREIGN KEY ("parcel_id") REFERENCES "land"."parcel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "land"."land_change_party" ADD CONSTRAINT "land_change_party_change_id_fkey" FOREIGN KEY ("change_id") REFERENCES "land"."land_change"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
