/**
 * The 12-digit personal identification number (số định danh cá nhân), Decree 137/2015/ND-CP
 * art. 13 and Circular 59/2021/TT-BCA art. 7: `PPP C YY RRRRRR`.
 *  - PPP: code of the province where the birth was registered (the 63 province codes in force
 *    before the 2025 merger; IDs are never renumbered, so old codes stay valid);
 *  - C: century and sex: 0/1 = 20th century male/female, 2/3 = 21st, 4/5 = 22nd, ...;
 *  - YY: last two digits of the birth year;
 *  - RRRRRR: random. There is no checksum.
 */

export const BIRTH_PROVINCES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội', '002': 'Hà Giang', '004': 'Cao Bằng', '006': 'Bắc Kạn', '008': 'Tuyên Quang',
  '010': 'Lào Cai', '011': 'Điện Biên', '012': 'Lai Châu', '014': 'Sơn La', '015': 'Yên Bái',
  '017': 'Hòa Bình', '019': 'Thái Nguyên', '020': 'Lạng Sơn', '022': 'Quảng Ninh', '024': 'Bắc Giang',
  '025': 'Phú Thọ', '026': 'Vĩnh Phúc', '027': 'Bắc Ninh', '030': 'Hải Dương', '031': 'Hải Phòng',
  '033': 'Hưng Yên', '034': 'Thái Bình', '035': 'Hà Nam', '036': 'Nam Định', '037': 'Ninh Bình',
  '038': 'Thanh Hóa', '040': 'Nghệ An', '042': 'Hà Tĩnh', '044': 'Quảng Bình', '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế', '048': 'Đà Nẵng', '049': 'Quảng Nam', '051': 'Quảng Ngãi', '052': 'Bình Định',
  '054': 'Phú Yên', '056': 'Khánh Hòa', '058': 'Ninh Thuận', '060': 'Bình Thuận', '062': 'Kon Tum',
  '064': 'Gia Lai', '066': 'Đắk Lắk', '067': 'Đắk Nông', '068': 'Lâm Đồng', '070': 'Bình Phước',
  '072': 'Tây Ninh', '074': 'Bình Dương', '075': 'Đồng Nai', '077': 'Bà Rịa - Vũng Tàu', '079': 'Hồ Chí Minh',
  '080': 'Long An', '082': 'Tiền Giang', '083': 'Bến Tre', '084': 'Trà Vinh', '086': 'Vĩnh Long',
  '087': 'Đồng Tháp', '089': 'An Giang', '091': 'Kiên Giang', '092': 'Cần Thơ', '093': 'Hậu Giang',
  '094': 'Sóc Trăng', '095': 'Bạc Liêu', '096': 'Cà Mau',
}; // prettier-ignore

export interface DecodedPersonalId {
  provinceCode: string;
  provinceName: string;
  sex: 'MALE' | 'FEMALE';
  birthYear: number;
}

/** Why a string is not a personal ID, or undefined when it is one. */
export function personalIdProblem(value: string, currentYear = new Date().getUTCFullYear()): string | undefined {
  if (!/^\d{12}$/.test(value)) return 'a personal ID has exactly 12 digits';
  const provinceCode = value.slice(0, 3);
  if (BIRTH_PROVINCES[provinceCode] === undefined) return `${provinceCode} is not a province code`;
  const birthYear = decodeBirthYear(value);
  if (birthYear > currentYear) return `century digit ${value[3]} with year ${value.slice(4, 6)} is in the future`;
  return undefined;
}

export function isPersonalId(value: unknown): value is string {
  return typeof value === 'string' && personalIdProblem(value) === undefined;
}

function decodeBirthYear(value: string): number {
  const century = Number(value[3]);
  return 1900 + Math.floor(century / 2) * 100 + Number(value.slice(4, 6));
}

/** Decodes a valid personal ID (call personalIdProblem first for untrusted input). */
export function decodePersonalId(value: string): DecodedPersonalId {
  const provinceCode = value.slice(0, 3);
  return {
    provinceCode,
    provinceName: BIRTH_PROVINCES[provinceCode] ?? 'unknown',
    sex: Number(value[3]) % 2 === 0 ? 'MALE' : 'FEMALE',
    birthYear: decodeBirthYear(value),
  };
}
