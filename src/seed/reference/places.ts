/**
 * Place vocabulary for addresses, tourism and land: street names of the wards, hamlet names of
 * the communes, the tourist areas of Ninh Binh, land-use purpose codes (Circular 08/2024/TT-BTNMT
 * land-use classification) and the organisations that appear as land-right holders.
 */
import { Weighted } from '../random.ts';
import { unitIndex } from './administrative-units.ts';

/** Streets named after historical figures, as found in Ninh Bình, Nam Định and Phủ Lý. */
export const STREETS = [
  'Trần Hưng Đạo',
  'Lê Lợi',
  'Lê Đại Hành',
  'Đinh Tiên Hoàng',
  'Lý Thái Tổ',
  'Nguyễn Huệ',
  'Quang Trung',
  'Hai Bà Trưng',
  'Trường Chinh',
  'Lê Hồng Phong',
  'Nguyễn Du',
  'Phạm Văn Đồng',
  'Hoàng Hoa Thám',
  'Ngô Quyền',
  'Lương Văn Tụy',
  'Xuân Thành',
  'Tràng An',
  'Trần Nhân Tông',
  'Biên Hòa',
  'Lê Công Thanh',
  'Trần Phú',
  'Giải Phóng',
  'Văn Cao',
  'Hàn Thuyên',
  'Nguyễn Văn Cừ',
  'Đinh Điền',
  'Phan Chu Trinh',
  'Lý Thường Kiệt',
] as const;

/** Hamlet names: "Thôn Đông", "Thôn Phú Gia"... */
export const HAMLETS = [
  'Đông',
  'Đoài',
  'Thượng',
  'Hạ',
  'Trung',
  'Nam',
  'Bắc',
  'Phú Gia',
  'Yên Thịnh',
  'An Lạc',
  'Tân Hưng',
  'Đại Phong',
  'Văn Lâm',
  'Phúc Lộc',
  'Bình Hải',
  'Thanh Khê',
  'Hòa Bình',
  'Xuân Thủy',
  'Đồng Tâm',
  'Quyết Tiến',
] as const;

/** Field names for agricultural parcels ("Xứ đồng ..."). */
export const FIELDS = [
  'Mả Tre',
  'Cửa Đình',
  'Đồng Chùa',
  'Bãi Sông',
  'Đồng Sau',
  'Cổng Làng',
  'Gò Cao',
  'Ruộng Mạ',
] as const;

// ───────────────────────────── tourism ─────────────────────────────

/** Tourist areas and the units they lie in, weighted by how much accommodation they have. */
export const TOURIST_AREAS: readonly (readonly [area: string, unit: number, weight: number])[] = [
  ['Tràng An', unitIndex('Tây Hoa Lư'), 14],
  ['Bái Đính', unitIndex('Tây Hoa Lư'), 6],
  ['Cố đô Hoa Lư', unitIndex('Tây Hoa Lư'), 5],
  ['Tam Cốc - Bích Động', unitIndex('Nam Hoa Lư'), 20],
  ['Hang Múa', unitIndex('Nam Hoa Lư'), 6],
  ['Thành phố Hoa Lư', unitIndex('Hoa Lư'), 14],
  ['Đông Hoa Lư', unitIndex('Đông Hoa Lư'), 5],
  ['Vườn quốc gia Cúc Phương', unitIndex('Cúc Phương'), 6],
  ['Vân Long', unitIndex('Gia Vân'), 3],
  ['Tam Điệp', unitIndex('Tam Điệp'), 3],
  ['Hồ Yên Thắng', unitIndex('Yên Thắng'), 2],
  ['Nhà thờ đá Phát Diệm', unitIndex('Phát Diệm'), 3],
  ['Thành phố Nam Định', unitIndex('Nam Định'), 8],
  ['Đền Trần', unitIndex('Thiên Trường'), 3],
  ['Biển Thịnh Long', unitIndex('Hải Thịnh'), 4],
  ['Vườn quốc gia Xuân Thủy', unitIndex('Giao Minh'), 2],
  ['Thành phố Phủ Lý', unitIndex('Phủ Lý'), 5],
  ['Chùa Tam Chúc', unitIndex('Tam Chúc'), 5],
  ['Kẽm Trống', unitIndex('Kim Bảng'), 1],
];

export const TOURIST_AREA_WEIGHTS = new Weighted(TOURIST_AREAS.map((area, index) => [index, area[2]] as const));

/** Words for establishment names ("Khách sạn Tràng An Riverside", "Homestay Tam Cốc Garden"). */
export const ESTABLISHMENT_NAME_WORDS = [
  'Riverside',
  'Garden',
  'Green',
  'Lotus',
  'Bamboo',
  'Sunrise',
  'Mountain View',
  'Ancient',
  'Golden',
  'Palace',
  'Boutique',
  'Village',
  'Eco',
  'Paradise',
  'Legend',
  'Heritage',
  'Valley',
  'Field',
  'Rice Field',
  'Hidden Charm',
  'Hoàng Long',
  'Thành Công',
  'Phúc An',
  'Bình Minh',
  'Hoa Sen',
  'Xuân Hương',
  'Minh Anh',
  'Thùy Dương',
] as const;

/** Nationalities of foreign guests (ISO 3166-1 alpha-3) with relative frequency in Ninh Binh. */
export const FOREIGN_NATIONALITIES = new Weighted<string>([
  ['KOR', 18],
  ['CHN', 12],
  ['FRA', 12],
  ['USA', 9],
  ['GBR', 7],
  ['DEU', 7],
  ['AUS', 6],
  ['NLD', 4],
  ['JPN', 4],
  ['ITA', 3],
  ['ESP', 3],
  ['CAN', 3],
  ['TWN', 3],
  ['ISR', 2],
  ['RUS', 2],
  ['THA', 2],
  ['IND', 2],
  ['BEL', 1],
  ['CHE', 1],
]);

export const INSPECTING_AGENCIES = [
  'Sở Văn hóa, Thể thao và Du lịch tỉnh Ninh Bình',
  'Công an tỉnh Ninh Bình - Phòng Cảnh sát quản lý hành chính về trật tự xã hội (PC06)',
  'Công an tỉnh Ninh Bình - Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ (PC07)',
  'Đoàn kiểm tra liên ngành du lịch tỉnh Ninh Bình',
  'Ủy ban nhân dân cấp xã',
] as const;

/** Violations of Decree 45/2019 (tourism) and Decree 144/2021 (public order, fire safety). */
export const VIOLATIONS = [
  'Không thông báo lưu trú cho khách theo quy định',
  'Không niêm yết giá dịch vụ lưu trú',
  'Không bảo đảm điều kiện an toàn phòng cháy, chữa cháy',
  'Sử dụng biển hiệu hạng sao không đúng quyết định công nhận',
  'Không duy trì điều kiện tối thiểu về cơ sở vật chất',
  'Không lưu giữ thông tin khách lưu trú',
  'Kinh doanh khi chưa thông báo với cơ quan quản lý du lịch',
  'Hết hạn giấy chứng nhận đủ điều kiện về an ninh, trật tự',
] as const;

// ───────────────────────────── land ─────────────────────────────

export interface LandUse {
  code: string;
  /** Area range in m² (log-uniform). */
  minArea: number;
  maxArea: number;
}

/**
 * Land-use purposes (the classification codes used on land-use certificates): ONT rural
 * residential, ODT urban residential, LUC specialised paddy (two rice crops), LUK other paddy, BHK
 * other annual crops, CLN perennial crops, NTS aquaculture, RSX production forest, TMD commercial
 * and service, SKC non-agricultural production establishments.
 */
export const LAND_USES: Readonly<Record<string, LandUse>> = {
  ONT: { code: 'ONT', minArea: 80, maxArea: 500 },
  ODT: { code: 'ODT', minArea: 40, maxArea: 180 },
  LUC: { code: 'LUC', minArea: 300, maxArea: 3000 },
  LUK: { code: 'LUK', minArea: 300, maxArea: 2500 },
  BHK: { code: 'BHK', minArea: 150, maxArea: 2000 },
  CLN: { code: 'CLN', minArea: 100, maxArea: 3000 },
  NTS: { code: 'NTS', minArea: 500, maxArea: 12000 },
  RSX: { code: 'RSX', minArea: 3000, maxArea: 60000 },
  TMD: { code: 'TMD', minArea: 100, maxArea: 5000 },
  SKC: { code: 'SKC', minArea: 500, maxArea: 30000 },
};

export const BANKS = [
  'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam - Chi nhánh Ninh Bình',
  'Ngân hàng TMCP Ngoại thương Việt Nam - Chi nhánh Nam Định',
  'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam - Chi nhánh Hà Nam',
  'Ngân hàng TMCP Công Thương Việt Nam - Chi nhánh Ninh Bình',
  'Ngân hàng Chính sách xã hội - Chi nhánh tỉnh Ninh Bình',
] as const;

export const COMPANY_KINDS = ['Công ty TNHH', 'Công ty Cổ phần', 'Hợp tác xã'] as const;
export const COMPANY_NAMES = [
  'Xây dựng Hoa Lư',
  'Thương mại Tràng An',
  'Du lịch Tam Cốc',
  'Dệt may Nam Định',
  'Vật liệu xây dựng Kim Bảng',
  'Nông nghiệp Yên Khánh',
  'Thủy sản Giao Thủy',
  'Chế biến gỗ Nho Quan',
  'Xi măng Duyên Hà',
  'Cơ khí Phủ Lý',
  'Dịch vụ nông nghiệp Hải Hậu',
  'Đầu tư phát triển Thành Nam',
] as const;
