/**
 * Health reference data: the ICD-10 codes the seed uses (with their Vietnamese titles, as in the
 * Ministry of Health's ICD-10 edition), health facilities, vaccines of the Expanded Programme on
 * Immunization (Tiêm chủng mở rộng) and the insurance beneficiary groups of Decision 1351/QĐ-BHXH.
 */
import { UNITS, type AdministrativeUnit, type FormerProvince, unitIndex } from './administrative-units.ts';

/** Every ICD-10 code the generator can emit; the icd10_code table is exactly this list. */
export const ICD10: readonly (readonly [code: string, title: string])[] = [
  // Infectious and parasitic diseases
  ['A09', 'Tiêu chảy và viêm dạ dày - ruột do nhiễm trùng và không xác định rõ nguồn gốc'],
  ['A15.0', 'Lao phổi, xác định bằng xét nghiệm vi thể đờm'],
  ['A90', 'Sốt Dengue [sốt xuất huyết Dengue thể cổ điển]'],
  ['A91', 'Sốt xuất huyết Dengue'],
  ['B01.9', 'Thủy đậu không có biến chứng'],
  ['B18.1', 'Viêm gan virus B mạn, không có tác nhân delta'],
  ['B34.9', 'Nhiễm virus, không đặc hiệu'],
  ['U07.1', 'COVID-19, đã xác định được virus'],
  // Neoplasms
  ['C16.9', 'U ác của dạ dày, không đặc hiệu'],
  ['C22.0', 'Ung thư biểu mô tế bào gan'],
  ['C34.9', 'U ác của phế quản hoặc phổi, không đặc hiệu'],
  ['C50.9', 'U ác của vú, không đặc hiệu'],
  // Endocrine and metabolic
  ['E03.9', 'Suy giáp, không đặc hiệu'],
  ['E11', 'Bệnh đái tháo đường không phụ thuộc insulin'],
  ['E11.9', 'Bệnh đái tháo đường không phụ thuộc insulin, không có biến chứng'],
  ['E11.6', 'Bệnh đái tháo đường không phụ thuộc insulin, có biến chứng xác định khác'],
  ['E78', 'Rối loạn chuyển hóa lipoprotein và tình trạng tăng lipid máu khác'],
  ['E78.5', 'Tăng lipid máu, không đặc hiệu'],
  ['E79.0', 'Tăng acid uric máu không có dấu hiệu viêm khớp và bệnh có hạt tophi'],
  // Mental and nervous system
  ['F32.9', 'Giai đoạn trầm cảm, không đặc hiệu'],
  ['G40.9', 'Động kinh, không đặc hiệu'],
  ['G43.9', 'Migraine, không đặc hiệu'],
  // Eye and ear
  ['H10.9', 'Viêm kết mạc, không đặc hiệu'],
  ['H25.9', 'Đục thể thủy tinh ở người già, không đặc hiệu'],
  ['H66.9', 'Viêm tai giữa, không đặc hiệu'],
  // Circulatory
  ['I10', 'Tăng huyết áp vô căn (nguyên phát)'],
  ['I11.9', 'Bệnh tim do tăng huyết áp, không có suy tim (sung huyết)'],
  ['I20.9', 'Cơn đau thắt ngực, không đặc hiệu'],
  ['I21.9', 'Nhồi máu cơ tim cấp, không đặc hiệu'],
  ['I25', 'Bệnh tim thiếu máu cục bộ mạn'],
  ['I25.1', 'Bệnh tim do xơ vữa động mạch'],
  ['I48', 'Rung nhĩ và cuồng nhĩ'],
  ['I50.0', 'Suy tim sung huyết'],
  ['I63.9', 'Nhồi máu não, không đặc hiệu'],
  ['I69.3', 'Di chứng nhồi máu não'],
  ['I83.9', 'Giãn tĩnh mạch chi dưới không loét hoặc viêm'],
  // Respiratory
  ['J00', 'Viêm mũi họng cấp [cảm thường]'],
  ['J02.9', 'Viêm họng cấp, không đặc hiệu'],
  ['J03.9', 'Viêm amidan cấp, không đặc hiệu'],
  ['J06.9', 'Nhiễm trùng đường hô hấp trên cấp, không đặc hiệu'],
  ['J11.1', 'Cúm có biểu hiện hô hấp khác, virus không được định danh'],
  ['J18.9', 'Viêm phổi, không đặc hiệu'],
  ['J20.9', 'Viêm phế quản cấp, không đặc hiệu'],
  ['J30.4', 'Viêm mũi dị ứng, không đặc hiệu'],
  ['J44', 'Bệnh phổi tắc nghẽn mạn tính khác'],
  ['J44.1', 'Bệnh phổi tắc nghẽn mạn tính với đợt cấp, không đặc hiệu'],
  ['J44.9', 'Bệnh phổi tắc nghẽn mạn tính, không đặc hiệu'],
  ['J45', 'Hen [suyễn]'],
  ['J45.9', 'Hen, không đặc hiệu'],
  // Digestive
  ['K02.9', 'Sâu răng, không đặc hiệu'],
  ['K21', 'Bệnh trào ngược dạ dày - thực quản'],
  ['K21.9', 'Bệnh trào ngược dạ dày - thực quản không có viêm thực quản'],
  ['K25.9', 'Loét dạ dày, không đặc hiệu cấp hay mạn, không chảy máu hoặc thủng'],
  ['K29.5', 'Viêm dạ dày mạn, không đặc hiệu'],
  ['K29.7', 'Viêm dạ dày, không đặc hiệu'],
  ['K35.8', 'Viêm ruột thừa cấp, khác và không đặc hiệu'],
  ['K59.0', 'Táo bón'],
  ['K74.6', 'Xơ gan khác và không đặc hiệu'],
  ['K80.2', 'Sỏi túi mật không có viêm túi mật'],
  // Skin
  ['L20.9', 'Viêm da cơ địa, không đặc hiệu'],
  ['L30.9', 'Viêm da, không đặc hiệu'],
  ['L50.9', 'Mày đay, không đặc hiệu'],
  // Musculoskeletal
  ['M10.9', 'Bệnh gút, không đặc hiệu'],
  ['M17', 'Thoái hóa khớp gối'],
  ['M17.9', 'Thoái hóa khớp gối, không đặc hiệu'],
  ['M47.8', 'Thoái hóa cột sống khác'],
  ['M54', 'Đau lưng'],
  ['M54.5', 'Đau vùng thắt lưng'],
  ['M81.0', 'Loãng xương sau mãn kinh'],
  // Genitourinary
  ['N18', 'Bệnh thận mạn tính'],
  ['N18.5', 'Bệnh thận mạn, giai đoạn 5'],
  ['N18.9', 'Bệnh thận mạn, không đặc hiệu'],
  ['N20.0', 'Sỏi thận'],
  ['N39.0', 'Nhiễm khuẩn hệ tiết niệu, vị trí không xác định'],
  ['N40', 'Tăng sản tuyến tiền liệt'],
  // Pregnancy and childbirth
  ['O80', 'Đẻ thường một thai'],
  ['O82', 'Đẻ một thai bằng mổ lấy thai'],
  ['O21.0', 'Nôn nhẹ do thai nghén'],
  // Symptoms
  ['R05', 'Ho'],
  ['R10.4', 'Đau bụng khác và không đặc hiệu'],
  ['R50.9', 'Sốt, không đặc hiệu'],
  ['R51', 'Đau đầu'],
  // Injuries
  ['S06.0', 'Chấn động não'],
  ['S52.5', 'Gãy đầu dưới xương quay'],
  ['S72.0', 'Gãy cổ xương đùi'],
  ['S82.2', 'Gãy thân xương chày'],
  ['T14.0', 'Tổn thương nông ở vùng cơ thể không xác định'],
  ['T78.4', 'Dị ứng, không đặc hiệu'],
  // Factors influencing health status
  ['Z00.0', 'Khám sức khỏe tổng quát'],
  ['Z34.9', 'Theo dõi thai bình thường, không đặc hiệu'],
  ['Z49.1', 'Lọc máu ngoài cơ thể'],
  ['Z51.1', 'Đợt hóa trị liệu khối u'],
];

export const ICD10_CODES = new Set(ICD10.map(([code]) => code));

// ───────────────────────────── chronic conditions ─────────────────────────────

/**
 * Chronic conditions recorded in health summaries (3-character ICD-10 categories, or a detailed
 * code where the category is too broad), with prevalence by age band and the detailed code used
 * as a secondary diagnosis in encounters. Prevalences are rough Vietnamese figures (hypertension
 * ~25% of adults over 40, diabetes ~6%, chronic hepatitis B ~8% of adults...).
 */
export interface ChronicCondition {
  code: string;
  /** Code used when the condition appears as a secondary diagnosis of an encounter. */
  encounterCode: string;
  /** Prevalence for ages [0-17, 18-39, 40-59, 60+]. */
  prevalence: readonly [number, number, number, number];
  sex?: 'female' | 'male';
}

export const CHRONIC_CONDITIONS: readonly ChronicCondition[] = [
  { code: 'I10', encounterCode: 'I10', prevalence: [0, 0.05, 0.22, 0.45] },
  { code: 'E11', encounterCode: 'E11.9', prevalence: [0, 0.01, 0.06, 0.12] },
  { code: 'E78', encounterCode: 'E78.5', prevalence: [0, 0.03, 0.12, 0.18] },
  { code: 'J45', encounterCode: 'J45.9', prevalence: [0.04, 0.03, 0.03, 0.04] },
  { code: 'K21', encounterCode: 'K21.9', prevalence: [0.005, 0.05, 0.07, 0.06] },
  { code: 'M54', encounterCode: 'M54.5', prevalence: [0, 0.04, 0.1, 0.14] },
  { code: 'N18', encounterCode: 'N18.9', prevalence: [0, 0.003, 0.01, 0.03] },
  { code: 'I25', encounterCode: 'I25.1', prevalence: [0, 0, 0.015, 0.06] },
  { code: 'J44', encounterCode: 'J44.9', prevalence: [0, 0, 0.015, 0.06], sex: 'male' },
  { code: 'M17', encounterCode: 'M17.9', prevalence: [0, 0, 0.06, 0.2] },
  { code: 'B18.1', encounterCode: 'B18.1', prevalence: [0.01, 0.08, 0.08, 0.05] },
  { code: 'K29.5', encounterCode: 'K29.5', prevalence: [0, 0.03, 0.05, 0.05] },
  { code: 'E03.9', encounterCode: 'E03.9', prevalence: [0, 0.01, 0.02, 0.02], sex: 'female' },
  { code: 'I69.3', encounterCode: 'I69.3', prevalence: [0, 0, 0.005, 0.03] },
  { code: 'G40.9', encounterCode: 'G40.9', prevalence: [0.005, 0.005, 0.005, 0.005] },
];

export const ALLERGIES: readonly (readonly [string, number])[] = [
  ['Penicillin', 30],
  ['Amoxicillin', 12],
  ['Aspirin', 8],
  ['Sulfonamid', 6],
  ['Ibuprofen', 6],
  ['Hải sản', 20],
  ['Tôm, cua', 10],
  ['Đậu phộng', 5],
  ['Sữa bò', 5],
  ['Phấn hoa', 6],
  ['Bụi nhà', 10],
  ['Lông động vật', 4],
  ['Thuốc cản quang chứa iod', 3],
  ['Cephalosporin', 5],
];

/** ABO/Rh distribution in Vietnam (O ~42%, B ~31%, A ~21%, AB ~6%; Rh-negative ~0.1%). */
export const BLOOD_TYPES: readonly (readonly [string, number])[] = [
  ['O+', 41.95],
  ['B+', 30.97],
  ['A+', 20.98],
  ['AB+', 5.99],
  ['O-', 0.05],
  ['B-', 0.03],
  ['A-', 0.02],
  ['AB-', 0.01],
];

// ───────────────────────────── facilities ─────────────────────────────

/**
 * Facility levels of the Law on Medical Examination and Treatment 2023 (Decree 96/2023): primary
 * (commune health stations), basic (regional medical centres, general hospitals of former
 * districts) and specialised (provincial and central hospitals).
 */
export type FacilityLevel = 'PRIMARY' | 'BASIC' | 'SPECIALISED';
export type FacilityRole = 'STATION' | 'CENTRE' | 'GENERAL' | 'OBSTETRIC' | 'PAEDIATRIC' | 'SPECIALTY';

export interface Facility {
  /** 5 characters: 2-digit (former) province code + 3-digit serial, the format of health-insurance facility codes. */
  code: string;
  name: string;
  unit: number;
  level: FacilityLevel;
  role: FacilityRole;
  formerProvince: FormerProvince;
}

/**
 * Hospitals and medical centres of the three former provinces (real institutions; their 5-digit
 * codes here are placeholders in the real format, not their actual insurance codes).
 */
const HOSPITALS: readonly (readonly [string, string, string, FacilityLevel, FacilityRole])[] = [
  ['37001', 'Bệnh viện Đa khoa tỉnh Ninh Bình', 'Hoa Lư', 'SPECIALISED', 'GENERAL'],
  ['37002', 'Bệnh viện Sản Nhi Ninh Bình', 'Hoa Lư', 'SPECIALISED', 'OBSTETRIC'],
  ['37003', 'Bệnh viện Y dược cổ truyền tỉnh Ninh Bình', 'Đông Hoa Lư', 'SPECIALISED', 'SPECIALTY'],
  ['37004', 'Bệnh viện Phổi tỉnh Ninh Bình', 'Nam Hoa Lư', 'SPECIALISED', 'SPECIALTY'],
  ['37005', 'Bệnh viện Đa khoa Tam Điệp', 'Tam Điệp', 'BASIC', 'CENTRE'],
  ['37006', 'Trung tâm Y tế Nho Quan', 'Nho Quan', 'BASIC', 'CENTRE'],
  ['37007', 'Trung tâm Y tế Kim Sơn', 'Phát Diệm', 'BASIC', 'CENTRE'],
  ['37008', 'Trung tâm Y tế Yên Khánh', 'Yên Khánh', 'BASIC', 'CENTRE'],
  ['37009', 'Trung tâm Y tế Gia Viễn', 'Gia Viễn', 'BASIC', 'CENTRE'],
  ['37010', 'Trung tâm Y tế Yên Mô', 'Yên Mô', 'BASIC', 'CENTRE'],
  ['36001', 'Bệnh viện Đa khoa tỉnh Nam Định', 'Nam Định', 'SPECIALISED', 'GENERAL'],
  ['36002', 'Bệnh viện Nhi Nam Định', 'Thành Nam', 'SPECIALISED', 'PAEDIATRIC'],
  ['36003', 'Bệnh viện Phụ sản Nam Định', 'Nam Định', 'SPECIALISED', 'OBSTETRIC'],
  ['36004', 'Bệnh viện Mắt Nam Định', 'Thiên Trường', 'SPECIALISED', 'SPECIALTY'],
  ['36005', 'Trung tâm Y tế Hải Hậu', 'Hải Hậu', 'BASIC', 'CENTRE'],
  ['36006', 'Trung tâm Y tế Giao Thủy', 'Giao Thuỷ', 'BASIC', 'CENTRE'],
  ['36007', 'Trung tâm Y tế Nghĩa Hưng', 'Nghĩa Hưng', 'BASIC', 'CENTRE'],
  ['36008', 'Trung tâm Y tế Ý Yên', 'Ý Yên', 'BASIC', 'CENTRE'],
  ['36009', 'Trung tâm Y tế Xuân Trường', 'Xuân Trường', 'BASIC', 'CENTRE'],
  ['36010', 'Trung tâm Y tế Trực Ninh', 'Cổ Lễ', 'BASIC', 'CENTRE'],
  ['36011', 'Trung tâm Y tế Vụ Bản', 'Vụ Bản', 'BASIC', 'CENTRE'],
  ['36012', 'Trung tâm Y tế Nam Trực', 'Nam Trực', 'BASIC', 'CENTRE'],
  ['35001', 'Bệnh viện Đa khoa tỉnh Hà Nam', 'Phủ Lý', 'SPECIALISED', 'GENERAL'],
  ['35002', 'Bệnh viện Sản Nhi Hà Nam', 'Châu Sơn', 'SPECIALISED', 'OBSTETRIC'],
  ['35003', 'Bệnh viện Bạch Mai cơ sở 2', 'Liêm Tuyền', 'SPECIALISED', 'GENERAL'],
  ['35004', 'Bệnh viện Hữu nghị Việt Đức cơ sở 2', 'Liêm Tuyền', 'SPECIALISED', 'SPECIALTY'],
  ['35005', 'Trung tâm Y tế Duy Tiên', 'Duy Tiên', 'BASIC', 'CENTRE'],
  ['35006', 'Trung tâm Y tế Kim Bảng', 'Kim Bảng', 'BASIC', 'CENTRE'],
  ['35007', 'Trung tâm Y tế Lý Nhân', 'Vĩnh Trụ', 'BASIC', 'CENTRE'],
  ['35008', 'Trung tâm Y tế Thanh Liêm', 'Thanh Liêm', 'BASIC', 'CENTRE'],
  ['35009', 'Trung tâm Y tế Bình Lục', 'Bình Lục', 'BASIC', 'CENTRE'],
];

function buildFacilities(): Facility[] {
  const facilities: Facility[] = HOSPITALS.map(([code, name, unitName, level, role]) => {
    const unit = unitIndex(unitName);
    return { code, name, unit, level, role, formerProvince: UNITS[unit]!.formerProvince };
  });
  // One commune health station per unit ("Trạm Y tế phường/xã ..."), serials from 101 per former province.
  const serial: Record<FormerProvince, number> = { '35': 100, '36': 100, '37': 100 };
  UNITS.forEach((unit: AdministrativeUnit, index) => {
    serial[unit.formerProvince] += 1;
    facilities.push({
      code: `${unit.formerProvince}${String(serial[unit.formerProvince]).padStart(3, '0')}`,
      name: `Trạm Y tế ${unit.level === 'WARD' ? 'phường' : 'xã'} ${unit.shortName}`,
      unit: index,
      level: 'PRIMARY',
      role: 'STATION',
      formerProvince: unit.formerProvince,
    });
  });
  return facilities;
}

export const FACILITIES: readonly Facility[] = buildFacilities();

function byProvince(role: FacilityRole): Record<FormerProvince, number[]> {
  const out: Record<FormerProvince, number[]> = { '35': [], '36': [], '37': [] };
  FACILITIES.forEach((facility, index) => {
    if (facility.role === role) out[facility.formerProvince].push(index);
  });
  return out;
}

/** Facility indices by role and former province. */
export const FACILITY_INDEX = {
  stationOfUnit: UNITS.map((_, unit) => FACILITIES.findIndex((f) => f.role === 'STATION' && f.unit === unit)),
  centres: byProvince('CENTRE'),
  general: byProvince('GENERAL'),
  obstetric: byProvince('OBSTETRIC'),
  paediatric: byProvince('PAEDIATRIC'),
  specialty: byProvince('SPECIALTY'),
};

// ───────────────────────────── immunization ─────────────────────────────

export interface ScheduledDose {
  vaccine: string;
  dose: number;
  /** Age in days at which the dose is due. */
  ageDays: number;
}

/** The Expanded Programme on Immunization schedule for infants (Circular 10/2024/TT-BYT). */
export const EPI_SCHEDULE: readonly ScheduledDose[] = [
  { vaccine: 'Viêm gan B sơ sinh', dose: 1, ageDays: 0 },
  { vaccine: 'BCG (phòng lao)', dose: 1, ageDays: 7 },
  { vaccine: 'DPT-VGB-Hib (5 trong 1)', dose: 1, ageDays: 60 },
  { vaccine: 'OPV (bại liệt uống)', dose: 1, ageDays: 60 },
  { vaccine: 'DPT-VGB-Hib (5 trong 1)', dose: 2, ageDays: 90 },
  { vaccine: 'OPV (bại liệt uống)', dose: 2, ageDays: 90 },
  { vaccine: 'DPT-VGB-Hib (5 trong 1)', dose: 3, ageDays: 120 },
  { vaccine: 'OPV (bại liệt uống)', dose: 3, ageDays: 120 },
  { vaccine: 'IPV (bại liệt tiêm)', dose: 1, ageDays: 150 },
  { vaccine: 'Sởi', dose: 1, ageDays: 270 },
  { vaccine: 'Viêm não Nhật Bản', dose: 1, ageDays: 365 },
  { vaccine: 'Viêm não Nhật Bản', dose: 2, ageDays: 379 },
  { vaccine: 'Sởi - Rubella (MR)', dose: 1, ageDays: 540 },
  { vaccine: 'DPT (nhắc lại)', dose: 4, ageDays: 540 },
  { vaccine: 'Viêm não Nhật Bản', dose: 3, ageDays: 730 },
];

/** COVID-19 vaccines used in Vietnam's 2021-2022 campaign, with relative use. */
export const COVID_VACCINES: readonly (readonly [string, number])[] = [
  ['COVID-19 Vaxzevria (AstraZeneca)', 35],
  ['COVID-19 Comirnaty (Pfizer-BioNTech)', 30],
  ['COVID-19 Vero Cell (Sinopharm)', 25],
  ['COVID-19 Spikevax (Moderna)', 10],
];

export const TETANUS_VACCINE = 'Uốn ván (VAT)';
export const INFLUENZA_VACCINE = 'Cúm mùa (Vaxigrip Tetra)';

// ───────────────────────────── health insurance ─────────────────────────────

/**
 * Beneficiary groups of the health-insurance card code (Decision 1351/QĐ-BHXH) with the benefit
 * level digit each carries (1: 100% without ceiling, 2: 100%, 3: 95%, 4: 80%, 5: 100% for the
 * armed forces).
 */
export const INSURANCE_GROUPS: Readonly<Record<string, number>> = {
  CC: 1, // người có công với cách mạng
  TE: 2, // trẻ em dưới 6 tuổi
  HN: 2, // hộ nghèo
  BT: 2, // bảo trợ xã hội
  DT: 2, // dân tộc thiểu số vùng khó khăn
  HT: 3, // hưu trí
  CN: 3, // hộ cận nghèo
  DN: 4, // người lao động doanh nghiệp
  HC: 4, // cán bộ, công chức, viên chức
  GD: 4, // hộ gia đình
  HS: 4, // học sinh
  SV: 4, // sinh viên
  NO: 4, // người lao động nghỉ việc hưởng chế độ ốm đau
  QN: 5, // quân nhân
};

export const BENEFIT_PERCENT: Readonly<Record<number, number>> = { 1: 100, 2: 100, 3: 95, 4: 80, 5: 100 };
