/**
 * Fixture rows the sector tests share (test/{health,household,land,tourism}.test.ts): the province and its wards
 * and communes, and the citizens every sector's story starts from. Each file inserts what it needs with the SQL
 * builders below and adds its own sector's rows.
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

/** The province of the fixtures (code 37), its own province. */
export const NINH_BINH: FixtureUnit = { code: '37', name: 'Ninh Bình', level: 'PROVINCE' };
export const HOA_LU: FixtureUnit = { code: '14329', name: 'Phường Hoa Lư', level: 'WARD' };
export const CUC_PHUONG: FixtureUnit = { code: '14404', name: 'Xã Cúc Phương', level: 'COMMUNE' };

/** Born in province 37 (ID prefix 037), 1985. */
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
export function insertUnitsSql(units: readonly FixtureUnit[]): string {
  const rows = units.map((u) => `(${literal(u.code)}, ${literal(u.name)}, '${u.level}', '37')`);
  return `INSERT INTO core.administrative_unit (code, name, level, province_code) VALUES\n  ${rows.join(',\n  ')}`;
}

/** INSERT of citizens into the population registry. */
export function insertCitizensSql(citizens: readonly FixtureCitizen[]): string {
  const rows = citizens.map(
    (c) => `(${literal(c.personalId)}, ${literal(c.fullName)}, '${c.dateOfBirth}', '${c.sex}')`,
  );
  return `INSERT INTO core.citizen (personal_id, full_name, date_of_birth, sex) VALUES\n  ${rows.join(',\n  ')}`;
}
