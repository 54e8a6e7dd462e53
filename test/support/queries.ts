/**
 * The 360° view of BENCHMARKS.md (its Q3 shape): household members, their health, land rights, stays.
 * `membersPage` sets the members' page arguments (e.g. `(first: 100)`); by default the field's default page.
 */
export const citizen360Fields = (membersPage = ''): string => `
  personalId fullName dateOfBirth sex birthYear
  birthRegistrationProvince { code name }
  household {
    residenceFileNo address commune { code name }
    members${membersPage} { edges { node {
      relationshipToHead type startDate
      citizen {
        personalId fullName
        health {
          summary { bloodType allergies chronicConditions { code title } }
          encounters(first: 5) { edges { node {
            encounterKey type admittedAt dischargedAt
            facility { code name }
            principalDiagnosis { code title }
            secondaryDiagnoses { code }
          } } }
        }
      }
    } } }
  }
  health {
    summary { bloodType allergies chronicConditions { code title } }
    encounters(first: 5) { edges { node { encounterKey admittedAt principalDiagnosis { code title } } } }
  }
  landRights { edges { node { sharePercent certificateSerial parcel { mapSheetNo parcelNo areaM2 purposes { code name } } } } }
  stays { edges { node { checkInAt actualCheckOutAt establishment { name type } } } }
`;

export const CITIZEN_360_FIELDS = citizen360Fields();
export const CITIZENS_360 = `query Citizens360($ids: [PersonalId!]!) { citizens(personalIds: $ids) { ${CITIZEN_360_FIELDS} } }`;
export const CITIZEN_360 = `query Citizen360($id: PersonalId!) { citizen(personalId: $id) { ${CITIZEN_360_FIELDS} } }`;
