/**
 * Land-use purpose codes (mã loại đất) and their Vietnamese names. The land types are those of the Land Law 2024
 * (Luật Đất đai 2024), art. 9; the codes are the ones of Circular 08/2024/TT-BTNMT (land statistics and inventory,
 * in force 1 August 2024) used on cadastral maps and certificates. Codes of the superseded Circular 27/2018/TT-BTNMT
 * that older certificates still carry are kept (marked "2018") so those parcels keep a readable purpose.
 * A code missing here is returned with a null name, never dropped.
 */
export const LAND_USE_PURPOSES: Readonly<Record<string, string>> = {
  // Nhóm đất nông nghiệp (agricultural land)
  LUC: 'Đất chuyên trồng lúa',
  LUK: 'Đất trồng lúa còn lại',
  LUN: 'Đất trồng lúa nương', // 2018
  HNK: 'Đất trồng cây hằng năm khác',
  BHK: 'Đất bằng trồng cây hằng năm khác', // 2018
  NHK: 'Đất nương rẫy trồng cây hằng năm khác', // 2018
  CLN: 'Đất trồng cây lâu năm',
  RDD: 'Đất rừng đặc dụng',
  RPH: 'Đất rừng phòng hộ',
  RSX: 'Đất rừng sản xuất',
  NTS: 'Đất nuôi trồng thủy sản',
  CNT: 'Đất chăn nuôi tập trung',
  LMU: 'Đất làm muối',
  NKH: 'Đất nông nghiệp khác',

  // Nhóm đất phi nông nghiệp (non-agricultural land)
  ONT: 'Đất ở tại nông thôn',
  ODT: 'Đất ở tại đô thị',
  TSC: 'Đất xây dựng trụ sở cơ quan',
  CQP: 'Đất quốc phòng',
  CAN: 'Đất an ninh',
  DTS: 'Đất xây dựng trụ sở của tổ chức sự nghiệp',
  DVH: 'Đất xây dựng cơ sở văn hóa',
  DXH: 'Đất xây dựng cơ sở xã hội',
  DYT: 'Đất xây dựng cơ sở y tế',
  DGD: 'Đất xây dựng cơ sở giáo dục và đào tạo',
  DTT: 'Đất xây dựng cơ sở thể dục, thể thao',
  DKH: 'Đất xây dựng cơ sở khoa học và công nghệ',
  DMT: 'Đất xây dựng cơ sở môi trường',
  DKT: 'Đất xây dựng cơ sở khí tượng thủy văn',
  DNG: 'Đất xây dựng cơ sở ngoại giao',
  DSK: 'Đất xây dựng công trình sự nghiệp khác',
  SKK: 'Đất khu công nghiệp',
  SKN: 'Đất cụm công nghiệp',
  SKT: 'Đất khu chế xuất', // 2018
  TMD: 'Đất thương mại, dịch vụ',
  SKC: 'Đất cơ sở sản xuất phi nông nghiệp',
  SKS: 'Đất sử dụng cho hoạt động khoáng sản',
  SKX: 'Đất sản xuất vật liệu xây dựng, làm đồ gốm', // 2018
  DGT: 'Đất công trình giao thông',
  DTL: 'Đất công trình thủy lợi',
  DCT: 'Đất công trình cấp nước, thoát nước',
  DPC: 'Đất công trình phòng, chống thiên tai',
  DDD: 'Đất có di tích lịch sử - văn hóa, danh lam thắng cảnh, di sản thiên nhiên',
  DDT: 'Đất có di tích lịch sử - văn hóa', // 2018
  DDL: 'Đất danh lam thắng cảnh', // 2018
  DRA: 'Đất công trình xử lý chất thải',
  DNL: 'Đất công trình năng lượng, chiếu sáng công cộng',
  DBV: 'Đất công trình hạ tầng bưu chính, viễn thông, công nghệ thông tin',
  DCH: 'Đất chợ dân sinh, chợ đầu mối',
  DKV: 'Đất khu vui chơi, giải trí công cộng, sinh hoạt cộng đồng',
  DSH: 'Đất sinh hoạt cộng đồng', // 2018
  DCK: 'Đất công trình công cộng khác',
  TON: 'Đất cơ sở tôn giáo',
  TIN: 'Đất cơ sở tín ngưỡng',
  NTD: 'Đất nghĩa trang, nhà tang lễ, cơ sở hỏa táng; đất cơ sở lưu giữ tro cốt',
  SON: 'Đất có mặt nước dạng sông, ngòi, kênh, rạch, suối',
  MNC: 'Đất có mặt nước chuyên dùng dạng ao, hồ, đầm, phá',
  PNK: 'Đất phi nông nghiệp khác',

  // Nhóm đất chưa sử dụng (unused land)
  BCS: 'Đất bằng chưa sử dụng',
  DCS: 'Đất đồi núi chưa sử dụng',
  NCS: 'Núi đá không có rừng cây',
};

/** The purpose of a code: its name, or null for a code not in the table. */
export function landUsePurpose(code: string): { code: string; name: string | null } {
  return { code, name: Object.hasOwn(LAND_USE_PURPOSES, code) ? (LAND_USE_PURPOSES[code] ?? null) : null };
}
