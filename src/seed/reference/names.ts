/**
 * Vietnamese personal names: family name + middle name(s) + given name.
 *
 * Family-name frequencies follow the commonly cited national shares (Nguyễn ~38%, Trần ~12%, Lê
 * ~9.5%, Phạm ~7%, Hoàng/Huỳnh ~5%, Phan ~4.5%, Vũ/Võ ~3.9%, Đặng ~2.1%, Bùi ~2%, Đỗ ~1.4%, Hồ
 * ~1.3%, Ngô ~1.3%, Dương ~1%, Lý ~0.5%), with the northern spelling dominant as it is in Ninh
 * Binh (Hoàng over Huỳnh, Vũ over Võ) and the local Đinh a little more common (Hoa Lư was the
 * capital of the Đinh dynasty). Middle and given names are drawn by sex and by generation: "Văn"
 * and "Thị" dominate among people born before 1990 and are rarer among the young.
 */
import { Weighted } from '../random.ts';

export const FAMILY_NAMES = new Weighted<string>([
  ['Nguyễn', 38.0],
  ['Trần', 12.0],
  ['Lê', 9.5],
  ['Phạm', 7.0],
  ['Hoàng', 4.7],
  ['Huỳnh', 0.4],
  ['Phan', 4.5],
  ['Vũ', 3.6],
  ['Võ', 0.3],
  ['Đặng', 2.1],
  ['Bùi', 2.0],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1.0],
  ['Lý', 0.5],
  ['Đinh', 1.2],
  ['Trương', 0.6],
  ['Đào', 0.5],
  ['Đoàn', 0.5],
  ['Mai', 0.5],
  ['Lương', 0.4],
  ['Tạ', 0.35],
  ['Cao', 0.35],
  ['Hà', 0.35],
  ['Lại', 0.3],
  ['Trịnh', 0.4],
  ['Lưu', 0.25],
  ['Tô', 0.2],
  ['Chu', 0.2],
  ['Phùng', 0.2],
  ['Triệu', 0.15],
  ['Kiều', 0.12],
  ['Vương', 0.12],
  ['Thái', 0.1],
  ['Khúc', 0.08],
  ['Quách', 0.1],
  ['Đàm', 0.1],
  ['Nghiêm', 0.08],
  ['Tống', 0.1],
]);

const MALE_MIDDLE_OLD = new Weighted<string>([
  ['Văn', 55],
  ['Đức', 8],
  ['Hữu', 6],
  ['Quang', 5],
  ['Minh', 5],
  ['Xuân', 4],
  ['Công', 4],
  ['Đình', 4],
  ['Ngọc', 3],
  ['Thanh', 3],
  ['Mạnh', 2],
  ['Trọng', 2],
  ['Tiến', 2],
  ['Duy', 1],
]);

const MALE_MIDDLE_YOUNG = new Weighted<string>([
  ['Văn', 18],
  ['Minh', 14],
  ['Đức', 10],
  ['Quang', 8],
  ['Gia', 8],
  ['Hoàng', 6],
  ['Anh', 5],
  ['Duy', 5],
  ['Bảo', 5],
  ['Thành', 4],
  ['Trung', 4],
  ['Hữu', 3],
  ['Đăng', 3],
  ['Tuấn', 3],
  ['Hải', 2],
  ['Khánh', 2],
]);

const FEMALE_MIDDLE_OLD = new Weighted<string>([
  ['Thị', 80],
  ['Ngọc', 4],
  ['Thu', 3],
  ['Thanh', 3],
  ['Hồng', 2],
  ['Minh', 2],
  ['Kim', 2],
  ['Bích', 1.5],
  ['Thúy', 1.5],
  ['Phương', 1],
]);

const FEMALE_MIDDLE_YOUNG = new Weighted<string>([
  ['Thị', 30],
  ['Ngọc', 9],
  ['Thu', 7],
  ['Phương', 6],
  ['Minh', 6],
  ['Thanh', 5],
  ['Bảo', 5],
  ['Khánh', 5],
  ['Hà', 4],
  ['Diệu', 3],
  ['Quỳnh', 3],
  ['Mai', 3],
  ['Hồng', 3],
  ['Thảo', 2],
  ['Tuệ', 2],
]);

/** Second middle names that often follow "Thị" in younger women's names ("Nguyễn Thị Thu Hương"). */
const FEMALE_SECOND_MIDDLE = ['Thu', 'Thanh', 'Ngọc', 'Minh', 'Phương', 'Hồng', 'Bích', 'Kim', 'Mai', 'Lan'];

const MALE_GIVEN_OLD = new Weighted<string>([
  ['Hùng', 6],
  ['Dũng', 6],
  ['Tuấn', 5],
  ['Thắng', 5],
  ['Hải', 5],
  ['Sơn', 5],
  ['Cường', 5],
  ['Hưng', 4],
  ['Thành', 4],
  ['Bình', 4],
  ['Hòa', 4],
  ['Long', 4],
  ['Trung', 4],
  ['Quang', 3],
  ['Minh', 4],
  ['Nam', 3],
  ['Tùng', 3],
  ['Lâm', 2],
  ['Toàn', 2],
  ['Thanh', 3],
  ['Chiến', 2],
  ['Phúc', 2],
  ['Tâm', 2],
  ['Thịnh', 2],
  ['Hiếu', 2],
  ['Khải', 1],
  ['Lợi', 2],
  ['Vinh', 2],
  ['Kiên', 2],
  ['Đông', 2],
  ['Thái', 2],
  ['Tiến', 2],
  ['Hậu', 1],
  ['Nghĩa', 2],
  ['Quý', 1],
]);

const MALE_GIVEN_YOUNG = new Weighted<string>([
  ['Minh', 6],
  ['Huy', 6],
  ['Khôi', 5],
  ['Bảo', 5],
  ['Nam', 5],
  ['Phúc', 5],
  ['Duy', 4],
  ['Đức', 4],
  ['Anh', 5],
  ['Khang', 4],
  ['Long', 4],
  ['Quân', 4],
  ['Hiếu', 3],
  ['Hoàng', 3],
  ['Tuấn', 3],
  ['Trung', 3],
  ['Hải', 3],
  ['Sơn', 3],
  ['Thành', 3],
  ['Đạt', 4],
  ['Tùng', 2],
  ['Kiên', 2],
  ['Lâm', 3],
  ['Phong', 3],
  ['Vinh', 2],
  ['An', 4],
  ['Khánh', 3],
  ['Nguyên', 3],
  ['Thịnh', 2],
  ['Dương', 2],
]);

const FEMALE_GIVEN_OLD = new Weighted<string>([
  ['Hương', 6],
  ['Lan', 5],
  ['Hoa', 5],
  ['Mai', 5],
  ['Hằng', 5],
  ['Nga', 5],
  ['Hà', 4],
  ['Huyền', 4],
  ['Thủy', 5],
  ['Dung', 4],
  ['Loan', 3],
  ['Hạnh', 4],
  ['Liên', 3],
  ['Lý', 2],
  ['Nhung', 3],
  ['Oanh', 3],
  ['Phượng', 3],
  ['Tuyết', 2],
  ['Thơm', 2],
  ['Yến', 3],
  ['Xuân', 3],
  ['Hiền', 3],
  ['Thoa', 2],
  ['Vân', 3],
  ['Minh', 2],
  ['Thu', 3],
  ['Lệ', 2],
  ['Duyên', 2],
  ['Tâm', 2],
  ['Quyên', 2],
]);

const FEMALE_GIVEN_YOUNG = new Weighted<string>([
  ['Linh', 7],
  ['Anh', 6],
  ['Trang', 5],
  ['Ngọc', 4],
  ['Thảo', 5],
  ['Vy', 5],
  ['Chi', 4],
  ['Nhi', 5],
  ['Ngân', 4],
  ['Hân', 4],
  ['My', 4],
  ['Hà', 3],
  ['Phương', 3],
  ['Quỳnh', 3],
  ['Trâm', 3],
  ['Huyền', 3],
  ['Hương', 3],
  ['Mai', 3],
  ['Yến', 2],
  ['Giang', 3],
  ['Thư', 4],
  ['An', 4],
  ['Châu', 2],
  ['Nhung', 2],
  ['Uyên', 3],
  ['Diệp', 2],
  ['Tú', 2],
  ['Ly', 3],
  ['Hằng', 2],
  ['Loan', 1],
]);

/** The generational switch: names of people born from this year on come from the "young" lists. */
export const NAME_GENERATION_YEAR = 1990;

export interface NameTables {
  middle: Weighted<string>;
  given: Weighted<string>;
}

export function nameTables(female: boolean, birthYear: number): NameTables {
  const young = birthYear >= NAME_GENERATION_YEAR;
  if (female) {
    return {
      middle: young ? FEMALE_MIDDLE_YOUNG : FEMALE_MIDDLE_OLD,
      given: young ? FEMALE_GIVEN_YOUNG : FEMALE_GIVEN_OLD,
    };
  }
  return { middle: young ? MALE_MIDDLE_YOUNG : MALE_MIDDLE_OLD, given: young ? MALE_GIVEN_YOUNG : MALE_GIVEN_OLD };
}

export { FEMALE_SECOND_MIDDLE };

/** Names of Mường people of the Nho Quan hills often keep the family names Đinh, Bùi, Quách, Hà. */
export const MUONG_FAMILY_NAMES = new Weighted<string>([
  ['Đinh', 35],
  ['Bùi', 30],
  ['Quách', 15],
  ['Hà', 10],
  ['Nguyễn', 10],
]);
