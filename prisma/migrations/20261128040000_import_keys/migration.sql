-- Bulk import (issue 7.4, `npm run import`): natural keys, so that importing the same file twice changes nothing.
-- The importer inserts with ON CONFLICT on these keys: a row whose key is already present is counted as "already
-- present" (or, for a stay, a registration or a right, completed with the check-out / end date it lacked).
-- Keys that already existed: health.encounter (encounter_key), household.household (residence_file_no),
-- land.parcel (commune_code, map_sheet_no, parcel_no). Two of the keys below are partial indexes (one per kind of
-- guest / holder), which Prisma 6 cannot express: prisma/schema.prisma names them in comments (prisma/prisma#3076).

-- A member's registration: one row per household, citizen, type and start date.
-- CreateIndex
CREATE UNIQUE INDEX "residence_registration_natural_key" ON "household"."residence_registration"("household_id", "personal_id", "type", "start_date");

-- A vaccination: one dose of one vaccine given to one citizen on one day.
-- CreateIndex
CREATE UNIQUE INDEX "vaccination_natural_key" ON "health"."vaccination"("personal_id", "vaccine", "dose_number", "administered_on");

-- A guest stay: one per establishment, guest and check-in instant; the guest is a citizen (personal ID) or a foreign
-- guest (nationality + passport number), exactly one of them (CHECK guest_stay_one_guest_identifier).
-- CreateIndex
CREATE UNIQUE INDEX "guest_stay_citizen_natural_key" ON "tourism"."guest_stay"("establishment_id", "guest_personal_id", "check_in_at")
  WHERE "guest_personal_id" IS NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "guest_stay_passport_natural_key" ON "tourism"."guest_stay"("establishment_id", "nationality", "passport_no", "check_in_at")
  WHERE "passport_no" IS NOT NULL;

-- A land right: one per parcel, certificate and holder (a citizen or an organisation, exactly one of them: CHECK
-- land_right_one_holder). A registered change issues a new certificate, so a holder's successive rights differ.
-- CreateIndex
CREATE UNIQUE INDEX "land_right_citizen_certificate_key" ON "land"."land_right"("parcel_id", "certificate_serial", "holder_personal_id")
  WHERE "holder_personal_id" IS NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "land_right_organisation_certificate_key" ON "land"."land_right"("parcel_id", "certificate_serial", "holder_organisation")
  WHERE "holder_organisation" IS NOT NULL;
