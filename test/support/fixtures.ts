/**
 * Fixture rows the sector tests share (test/{health,household,land,tourism}.test.ts): the province and its wards
 * and communes, and the citizens every sector's story starts from. Each file starts its fixture with
 * commonFixtureSql and adds its own sector's rows.
 */
export interface FixtureUnit {
  code: string;
  name: string;
  level: 'PROVINCE' | 'WARD' | 'COMMUNE';
}

export interface FixtureCitizen {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'MALE' | 'FEMALE';
}

/** Province 37 (Ninh Bình) and two of its units; a province's `province_code` is its own code. */
const NINH_BINH: FixtureUnit = { code: '37', name: 'Ninh Bình', level: 'PROVINCE' };
const HOA_LU: FixtureUnit = { code: '14329', name: 'Phường Hoa Lư', level: 'WARD' };
const CUC_PHUONG: FixtureUnit = { code: '14404', name: 'Xã Cúc Phương', level: 'COMMUNE' };

/** Citizens registered in province 37 (personal ID prefix 037). */
export const CITIZEN_AN: FixtureCitizen = {
  personalId: '037085000101',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '1985-02-03',
  sex: 'MALE',
};
export const CITIZEN_BINH: FixtureCitizen = {
  personalId: '037190000202',
  fullName: 'Trần Thị Bình',
  dateOfBirth: '1990-07-08',
  sex: 'FEMALE',
};

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** INSERT of administrative units of province 37. */
function insertUnitsSql(units: readonly FixtureUnit[]): string {
  const rows = units.map((u) => `(${literal(u.code)}, ${literal(u.name)}, '${u.level}', '37')`);
  return `INSERT INTO core.administrative_unit (code, name, level, province_code) VALUES\n  ${rows.join(',\n  ')}`;
}

/** INSERT of citizens into the population registry. */
function insertCitizensSql(citizens: readonly FixtureCitizen[]): string {
  const rows = citizens.map(
    (c) => `(${literal(c.personalId)}, ${literal(c.fullName)}, '${c.dateOfBirth}', '${c.sex}')`,
  );
  return `INSERT INTO core.citizen (personal_id, full_name, date_of_birth, sex) VALUES\n  ${rows.join(',\n  ')}`;
}

/**
 * The rows every sector test starts from: province 37 with HOA_LU and CUC_PHUONG (and `moreUnits`), and the
 * citizens An and Binh. Two statements, for a fixture's list of statements.
 */
export function commonFixtureSql(moreUnits: readonly FixtureUnit[] = []): string[] {
  return [insertUnitsSql([NINH_BINH, HOA_LU, CUC_PHUONG, ...moreUnits]), insertCitizensSql([CITIZEN_AN, CITIZEN_BINH])];
}
