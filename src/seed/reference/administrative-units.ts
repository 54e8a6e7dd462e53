/**
 * Ninh Binh province (code 37) after the 1 July 2025 reorganisation, when it absorbed Ha Nam and
 * Nam Dinh: 129 commune-level units (32 wards "phường", 97 communes "xã"), with their 5-digit codes.
 *
 * Source: the commune-level codes of Decision 19/2025/QĐ-TTg (Appendix II) as republished publicly
 * (thuviennhadat.vn, "Chốt mã số đơn vị hành chính cấp xã tỉnh Ninh Bình sau sáp nhập tỉnh xã 2025",
 * which shows 21 of the units) and a public SQL dataset of the 34-province structure (all 129); the
 * two agree on every unit both show, and a JSON dataset agrees on the five it shows. An early draft
 * list of the statistics office ("Cap-xa.csv", July 2025) differs for six units (Phủ Lý 13291, Phù
 * Vân 13318, Châu Sơn 13285, Nam Định 13666, Mỹ Lộc 13735, Khánh Hội 14599); we follow the Decision
 * and the SQL dataset. Names are written as published (e.g. "Nguyễn Uý", "Giao Thuỷ").
 *
 * Each unit's code falls in the range of the former province it came from (the new unit kept the
 * code of one of the communes merged into it), which gives the "old province" used for realistic
 * birth-registration codes of personal IDs: Ha Nam (035) below 13633, Nam Dinh (036) up to 14326,
 * Ninh Binh (037) from 14329.
 */

export const PROVINCE_CODE = '37';
export const PROVINCE_NAME = 'Tỉnh Ninh Bình';

export type UnitLevel = 'WARD' | 'COMMUNE';

/** The three provinces merged into Ninh Binh, by their pre-2025 codes. */
export type FormerProvince = '35' | '36' | '37';

export interface AdministrativeUnit {
  code: string;
  /** Full name with its prefix: "Phường Hoa Lư", "Xã Cúc Phương". */
  name: string;
  /** Name without the "Phường"/"Xã" prefix. */
  shortName: string;
  level: UnitLevel;
  formerProvince: FormerProvince;
}

const RAW: readonly (readonly [string, string])[] = [
  ['13285', 'Phường Phủ Lý'],
  ['13291', 'Phường Phù Vân'],
  ['13318', 'Phường Châu Sơn'],
  ['13324', 'Phường Duy Tiên'],
  ['13330', 'Phường Duy Tân'],
  ['13336', 'Phường Duy Hà'],
  ['13348', 'Phường Đồng Văn'],
  ['13363', 'Phường Tiên Sơn'],
  ['13366', 'Phường Hà Nam'],
  ['13384', 'Phường Kim Bảng'],
  ['13393', 'Phường Lê Hồ'],
  ['13396', 'Phường Nguyễn Uý'],
  ['13402', 'Phường Kim Thanh'],
  ['13420', 'Phường Tam Chúc'],
  ['13435', 'Phường Lý Thường Kiệt'],
  ['13444', 'Phường Liêm Tuyền'],
  ['13456', 'Xã Liêm Hà'],
  ['13474', 'Xã Tân Thanh'],
  ['13483', 'Xã Thanh Bình'],
  ['13489', 'Xã Thanh Lâm'],
  ['13495', 'Xã Thanh Liêm'],
  ['13501', 'Xã Bình Mỹ'],
  ['13504', 'Xã Bình Lục'],
  ['13531', 'Xã Bình Giang'],
  ['13540', 'Xã Bình An'],
  ['13558', 'Xã Bình Sơn'],
  ['13573', 'Xã Lý Nhân'],
  ['13579', 'Xã Bắc Lý'],
  ['13591', 'Xã Nam Xang'],
  ['13594', 'Xã Trần Thương'],
  ['13597', 'Xã Vĩnh Trụ'],
  ['13609', 'Xã Nhân Hà'],
  ['13627', 'Xã Nam Lý'],
  ['13669', 'Phường Nam Định'],
  ['13684', 'Phường Thiên Trường'],
  ['13693', 'Phường Đông A'],
  ['13699', 'Phường Thành Nam'],
  ['13708', 'Phường Mỹ Lộc'],
  ['13741', 'Xã Vụ Bản'],
  ['13750', 'Xã Minh Tân'],
  ['13753', 'Xã Hiển Khánh'],
  ['13777', 'Phường Trường Thi'],
  ['13786', 'Xã Liên Minh'],
  ['13795', 'Xã Ý Yên'],
  ['13807', 'Xã Tân Minh'],
  ['13822', 'Xã Phong Doanh'],
  ['13834', 'Xã Vũ Dương'],
  ['13864', 'Xã Vạn Thắng'],
  ['13870', 'Xã Yên Cường'],
  ['13879', 'Xã Yên Đồng'],
  ['13891', 'Xã Nghĩa Hưng'],
  ['13894', 'Xã Rạng Đông'],
  ['13900', 'Xã Đồng Thịnh'],
  ['13918', 'Xã Nghĩa Sơn'],
  ['13927', 'Xã Hồng Phong'],
  ['13939', 'Xã Quỹ Nhất'],
  ['13957', 'Xã Nghĩa Lâm'],
  ['13966', 'Xã Nam Trực'],
  ['13972', 'Phường Vị Khê'],
  ['13984', 'Phường Hồng Quang'],
  ['13987', 'Xã Nam Hồng'],
  ['14005', 'Xã Nam Ninh'],
  ['14011', 'Xã Nam Minh'],
  ['14014', 'Xã Nam Đồng'],
  ['14026', 'Xã Cổ Lễ'],
  ['14038', 'Xã Ninh Giang'],
  ['14053', 'Xã Trực Ninh'],
  ['14056', 'Xã Cát Thành'],
  ['14062', 'Xã Quang Hưng'],
  ['14071', 'Xã Minh Thái'],
  ['14077', 'Xã Ninh Cường'],
  ['14089', 'Xã Xuân Trường'],
  ['14095', 'Xã Xuân Hồng'],
  ['14104', 'Xã Xuân Giang'],
  ['14122', 'Xã Xuân Hưng'],
  ['14161', 'Xã Giao Minh'],
  ['14167', 'Xã Giao Thuỷ'],
  ['14179', 'Xã Giao Hưng'],
  ['14182', 'Xã Giao Hoà'],
  ['14194', 'Xã Giao Bình'],
  ['14203', 'Xã Giao Phúc'],
  ['14212', 'Xã Giao Ninh'],
  ['14215', 'Xã Hải Hậu'],
  ['14218', 'Xã Hải Tiến'],
  ['14221', 'Xã Hải Thịnh'],
  ['14236', 'Xã Hải Anh'],
  ['14248', 'Xã Hải Hưng'],
  ['14281', 'Xã Hải An'],
  ['14287', 'Xã Hải Quang'],
  ['14308', 'Xã Hải Xuân'],
  ['14329', 'Phường Hoa Lư'],
  ['14359', 'Phường Nam Hoa Lư'],
  ['14362', 'Phường Tam Điệp'],
  ['14365', 'Phường Trung Sơn'],
  ['14371', 'Phường Yên Sơn'],
  ['14389', 'Xã Gia Lâm'],
  ['14401', 'Xã Gia Tường'],
  ['14404', 'Xã Cúc Phương'],
  ['14407', 'Xã Phú Sơn'],
  ['14428', 'Xã Nho Quan'],
  ['14434', 'Xã Thanh Sơn'],
  ['14452', 'Xã Quỳnh Lưu'],
  ['14458', 'Xã Phú Long'],
  ['14464', 'Xã Gia Viễn'],
  ['14482', 'Xã Gia Hưng'],
  ['14488', 'Xã Gia Vân'],
  ['14494', 'Xã Gia Trấn'],
  ['14500', 'Xã Đại Hoàng'],
  ['14524', 'Xã Gia Phong'],
  ['14533', 'Phường Tây Hoa Lư'],
  ['14560', 'Xã Yên Khánh'],
  ['14563', 'Xã Khánh Thiện'],
  ['14566', 'Phường Đông Hoa Lư'],
  ['14608', 'Xã Khánh Trung'],
  ['14611', 'Xã Khánh Nhạc'],
  ['14614', 'Xã Khánh Hội'],
  ['14620', 'Xã Phát Diệm'],
  ['14623', 'Xã Bình Minh'],
  ['14638', 'Xã Kim Sơn'],
  ['14647', 'Xã Quang Thiện'],
  ['14653', 'Xã Chất Bình'],
  ['14674', 'Xã Lai Thành'],
  ['14677', 'Xã Định Hóa'],
  ['14698', 'Xã Kim Đông'],
  ['14701', 'Xã Yên Mô'],
  ['14725', 'Phường Yên Thắng'],
  ['14728', 'Xã Yên Từ'],
  ['14743', 'Xã Yên Mạc'],
  ['14746', 'Xã Đồng Thái'],
];

function formerProvinceOf(code: string): FormerProvince {
  const n = Number(code);
  if (n < 13633) return '35';
  if (n < 14329) return '36';
  return '37';
}

export const UNITS: readonly AdministrativeUnit[] = RAW.map(([code, name]) => {
  const level: UnitLevel = name.startsWith('Phường ') ? 'WARD' : 'COMMUNE';
  return {
    code,
    name,
    shortName: name.slice(level === 'WARD' ? 'Phường '.length : 'Xã '.length),
    level,
    formerProvince: formerProvinceOf(code),
  };
});

const UNIT_INDEX = new Map(UNITS.map((unit, index) => [unit.shortName, index]));

/** Index in UNITS of a unit by its short name; throws for a name that is not in the list. */
export function unitIndex(shortName: string): number {
  const index = UNIT_INDEX.get(shortName);
  if (index === undefined) throw new Error(`unknown administrative unit: ${shortName}`);
  return index;
}

/** Former provincial capitals and towns: more populous, more urban. */
const URBAN_CENTRES = new Set(['Hoa Lư', 'Nam Định', 'Phủ Lý', 'Tam Điệp', 'Thành Nam', 'Thiên Trường', 'Đông A']);

/** Relative population weights of the units (wards are denser; the old provincial capitals more so). */
export function populationWeight(unit: AdministrativeUnit): number {
  if (URBAN_CENTRES.has(unit.shortName)) return 3.2;
  return unit.level === 'WARD' ? 1.8 : 1;
}

/**
 * Communes in the limestone hills of Nho Quan and Cúc Phương, home of most of the province's
 * Mường minority.
 */
export const MUONG_AREAS = new Set([
  'Cúc Phương',
  'Phú Long',
  'Thanh Sơn',
  'Quỳnh Lưu',
  'Gia Lâm',
  'Gia Tường',
  'Phú Sơn',
]);
