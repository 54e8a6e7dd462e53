/**
 * The indicator catalogue (schema/stats.graphql, docs/ARCHITECTURE.md §15): what each indicator counts, and the one
 * aggregate statement that computes it at a refresh (never per request). Every statement returns rows
 * `{ key: text[], value: float8, persons: float8 }`: `persons` is the number of DISTINCT persons the cell is about
 * (the threshold rule counts persons, not records), for shares and durations the population the value is taken over.
 * SHARE and DURATION statements also return `sides: float8[2]`, the two parts the value splits its population into,
 * each of which must reach the threshold too (suppression.ts, §15): a share's units having and lacking the attribute,
 * counted in the units the share is computed from; a quantile's observations at or below and at or above it.
 *
 * Conventions: months are `YYYY-MM` in Asia/Ho_Chi_Minh; monthly indicators cover the 24 closed calendar months before
 * the current one (a fixed window, no caller-chosen period; see WINDOW_END); "today" is the date in Vietnam at the refresh. Residents
 * are living citizens with a current (not ended) PERMANENT residence registration, in the household's commune.
 */

export type IndicatorKind = 'COUNT' | 'SHARE' | 'DURATION';

export interface LocalizedText {
  readonly vi: string;
  readonly en: string;
}

export interface IndicatorDefinition {
  readonly id: string;
  readonly title: LocalizedText;
  readonly unit: string;
  readonly kind: IndicatorKind;
  /** Names of the key's positions, in order. */
  readonly dimensions: readonly string[];
  readonly description: LocalizedText;
  /** Sources (core.source_table) it is computed from. */
  readonly sources: readonly string[];
  /** The aggregate statement (see the module comment). */
  readonly sql: string;
}

const TZ = `'Asia/Ho_Chi_Minh'`;
/** Today in Vietnam. */
const TODAY = `(now() AT TIME ZONE ${TZ})::date`;
/** First day of the 24-month window (local date). */
const WINDOW_START = `(date_trunc('month', now() AT TIME ZONE ${TZ}) - interval '24 months')::date`;
/**
 * Last day of the window: the last day of the previous month. The current month is not released while it fills: a
 * cell that grows by one between two refreshes would tell whoever knows of one event (a neighbour's admission) its
 * category (differencing over time); a closed month changes only with late records.
 */
const WINDOW_END = `(date_trunc('month', now() AT TIME ZONE ${TZ})::date - 1)`;
const localDate = (column: string) => `(${column} AT TIME ZONE ${TZ})::date`;
const month = (date: string) => `to_char(${date}, 'YYYY-MM')`;

/** Age groups of the population table (completed years on the day of the refresh). */
export const AGE_GROUPS = ['0-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'] as const;
const AGE_GROUP = `(CASE
    WHEN a.years < 15 THEN '0-14' WHEN a.years < 25 THEN '15-24' WHEN a.years < 35 THEN '25-34'
    WHEN a.years < 45 THEN '35-44' WHEN a.years < 55 THEN '45-54' WHEN a.years < 65 THEN '55-64'
    WHEN a.years < 75 THEN '65-74' ELSE '75+' END)`;

/** ICD-10 chapters (WHO ICD-10, 2019 edition), named by their code range; U codes (special purposes) last. */
export const ICD_CHAPTERS: readonly (readonly [from: string, to: string])[] = [
  ['A00', 'B99'],
  ['C00', 'D48'],
  ['D50', 'D89'],
  ['E00', 'E90'],
  ['F00', 'F99'],
  ['G00', 'G99'],
  ['H00', 'H59'],
  ['H60', 'H95'],
  ['I00', 'I99'],
  ['J00', 'J99'],
  ['K00', 'K93'],
  ['L00', 'L99'],
  ['M00', 'M99'],
  ['N00', 'N99'],
  ['O00', 'O99'],
  ['P00', 'P96'],
  ['Q00', 'Q99'],
  ['R00', 'R99'],
  ['S00', 'T98'],
  ['U00', 'U85'],
  ['V01', 'Y98'],
  ['Z00', 'Z99'],
];

/** The chapter of an ICD-10 code (its first three characters), as the statements compute it. */
export function icdChapter(code: string): string {
  const head = code.slice(0, 3).toUpperCase();
  const chapter = ICD_CHAPTERS.find(([from, to]) => head >= from && head <= to);
  return chapter === undefined ? 'other' : `${chapter[0]}-${chapter[1]}`;
}

const ICD_CHAPTER = (column: string) =>
  `(CASE ${ICD_CHAPTERS.map(([from, to]) => `WHEN upper(left(${column}, 3)) BETWEEN '${from}' AND '${to}' THEN '${from}-${to}'`).join(' ')} ELSE 'other' END)`;

/** Current permanent residents: personal ID, commune, sex, date of birth. */
const RESIDENTS = `
  SELECT DISTINCT ON (c.personal_id) c.personal_id, h.commune_code, c.sex::text AS sex, c.date_of_birth
  FROM household.residence_registration r
  JOIN household.household h ON h.id = r.household_id
  JOIN core.citizen c ON c.personal_id = r.personal_id
  WHERE r.type = 'PERMANENT' AND r.end_date IS NULL AND r.start_date <= ${TODAY} AND c.status = 'ALIVE'
  ORDER BY c.personal_id, r.start_date DESC, r.id DESC`;

/** A guest's identity for counting distinct guests (citizens by personal ID, foreigners by passport). */
const GUEST = `coalesce(s.guest_personal_id, s.nationality || ':' || s.passport_no)`;

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    id: 'population.by_commune_age_sex',
    title: { vi: 'Dân số theo xã, nhóm tuổi và giới tính', en: 'Population by commune, age group and sex' },
    unit: 'persons',
    kind: 'COUNT',
    dimensions: ['commune', 'age_group', 'sex'],
    description: {
      vi: 'Công dân còn sống có đăng ký thường trú hiện hành, theo xã của hộ, nhóm tuổi tròn và giới tính.',
      en: 'Living citizens with a current permanent residence registration, by the household’s commune, age group (completed years today) and sex.',
    },
    sources: ['citizen', 'household'],
    sql: `WITH residents AS (${RESIDENTS}),
      a AS (SELECT commune_code, sex, date_part('year', age(${TODAY}, date_of_birth))::int AS years FROM residents)
      SELECT ARRAY[a.commune_code, ${AGE_GROUP}, a.sex]::text[] AS key, count(*)::float8 AS value, count(*)::float8 AS persons
      FROM a GROUP BY 1`,
  },
  {
    id: 'residence.moves.by_month_commune',
    title: {
      vi: 'Đăng ký cư trú bắt đầu và kết thúc theo tháng và xã',
      en: 'Residence registrations started and ended, by month and commune',
    },
    unit: 'registrations',
    kind: 'COUNT',
    dimensions: ['month', 'commune', 'event'],
    description: {
      vi: 'Số đăng ký cư trú (thường trú, tạm trú, tạm vắng) bắt đầu (started) hoặc kết thúc (ended) trong tháng, theo xã của hộ.',
      en: 'Residence registrations (permanent, temporary, temporary absence) that started or ended in the month, by the household’s commune; event is `started` or `ended`.',
    },
    sources: ['household'],
    sql: `WITH moves AS (
        SELECT r.start_date AS day, h.commune_code, 'started' AS event, r.personal_id
        FROM household.residence_registration r JOIN household.household h ON h.id = r.household_id
        WHERE r.start_date >= ${WINDOW_START} AND r.start_date <= ${WINDOW_END}
        UNION ALL
        SELECT r.end_date, h.commune_code, 'ended', r.personal_id
        FROM household.residence_registration r JOIN household.household h ON h.id = r.household_id
        WHERE r.end_date >= ${WINDOW_START} AND r.end_date <= ${WINDOW_END})
      SELECT ARRAY[${month('day')}, commune_code, event]::text[] AS key, count(*)::float8 AS value,
        count(DISTINCT personal_id)::float8 AS persons
      FROM moves GROUP BY 1`,
  },
  {
    id: 'health.encounters.by_month_icd_chapter',
    title: {
      vi: 'Lượt khám chữa bệnh theo tháng và chương ICD-10',
      en: 'Health encounters by month and ICD-10 chapter',
    },
    unit: 'encounters',
    kind: 'COUNT',
    dimensions: ['month', 'icd_chapter'],
    description: {
      vi: 'Lượt khám chữa bệnh theo tháng vào viện và chương ICD-10 của chẩn đoán chính (mã chương là khoảng mã, ví dụ A00-B99). Ô dưới ngưỡng số người bệnh khác nhau bị ẩn.',
      en: 'Encounters by month of admission and the ICD-10 chapter of the principal diagnosis (named by its code range, e.g. A00-B99). A cell about fewer distinct patients than the threshold is suppressed.',
    },
    sources: ['health'],
    sql: `SELECT ARRAY[${month(localDate('e.admitted_at'))}, ${ICD_CHAPTER('e.principal_diagnosis')}]::text[] AS key,
        count(*)::float8 AS value, count(DISTINCT e.personal_id)::float8 AS persons
      FROM health.encounter e
      WHERE ${localDate('e.admitted_at')} >= ${WINDOW_START} AND ${localDate('e.admitted_at')} <= ${WINDOW_END}
      GROUP BY 1`,
  },
  {
    id: 'health.insurance_coverage.by_commune',
    title: {
      vi: 'Tỷ lệ dân cư có thẻ bảo hiểm y tế theo xã',
      en: 'Share of residents with health insurance, by commune',
    },
    unit: 'share',
    kind: 'SHARE',
    dimensions: ['commune'],
    description: {
      vi: 'Tỷ lệ (0–1, làm tròn 2 chữ số thập phân) cư dân thường trú còn sống của xã có thẻ BHYT còn hiệu lực hôm nay. Ẩn khi số cư dân, số người có thẻ hoặc số người không có thẻ ít hơn ngưỡng.',
      en: 'Share (0–1, rounded to 2 decimals) of the commune’s living permanent residents holding a health-insurance card valid today. Suppressed when the residents, the insured or the uninsured are fewer than the threshold.',
    },
    sources: ['citizen', 'household', 'health'],
    sql: `WITH residents AS (${RESIDENTS}),
      flagged AS (
        SELECT r.commune_code, EXISTS (SELECT 1 FROM health.insurance_coverage i WHERE i.personal_id = r.personal_id
          AND i.valid_from <= ${TODAY} AND i.valid_to >= ${TODAY}) AS covered
        FROM residents r)
      SELECT ARRAY[commune_code]::text[] AS key, avg(CASE WHEN covered THEN 1 ELSE 0 END)::float8 AS value,
        count(*)::float8 AS persons,
        ARRAY[count(*) FILTER (WHERE covered), count(*) FILTER (WHERE NOT covered)]::float8[] AS sides
      FROM flagged GROUP BY 1`,
  },
  {
    id: 'health.cashless_share.by_month_facility',
    title: {
      vi: 'Tỷ lệ thanh toán không dùng tiền mặt theo tháng và cơ sở y tế',
      en: 'Share of cashless payments by month and health facility',
    },
    unit: 'share',
    kind: 'SHARE',
    dimensions: ['month', 'facility'],
    description: {
      vi: 'Tỷ lệ (0–1, làm tròn 2 chữ số thập phân) khoản thanh toán viện phí không dùng tiền mặt, theo tháng thanh toán và mã cơ sở khám chữa bệnh. Ẩn khi số người bệnh đã thanh toán, số người thanh toán không dùng tiền mặt hoặc số người trả tiền mặt ít hơn ngưỡng.',
      en: 'Share (0–1, rounded to 2 decimals) of health-care payments made cashless, by month of payment and facility code. Suppressed when the distinct patients who paid, those who paid cashless or those who paid cash are fewer than the threshold.',
    },
    sources: ['health'],
    sql: `SELECT ARRAY[${month(localDate('p.paid_at'))}, e.facility_code]::text[] AS key,
        avg(CASE WHEN p.cashless THEN 1 ELSE 0 END)::float8 AS value, count(DISTINCT p.personal_id)::float8 AS persons,
        ARRAY[count(DISTINCT p.personal_id) FILTER (WHERE p.cashless),
              count(DISTINCT p.personal_id) FILTER (WHERE p.cashless IS NOT TRUE)]::float8[] AS sides
      FROM health.payment p JOIN health.encounter e ON e.id = p.encounter_id
      WHERE ${localDate('p.paid_at')} >= ${WINDOW_START} AND ${localDate('p.paid_at')} <= ${WINDOW_END}
      GROUP BY 1`,
  },
  {
    id: 'health.vaccinations.by_month_vaccine',
    title: { vi: 'Mũi tiêm chủng theo tháng và vắc xin', en: 'Vaccination doses by month and vaccine' },
    unit: 'doses',
    kind: 'COUNT',
    dimensions: ['month', 'vaccine'],
    description: {
      vi: 'Số mũi tiêm theo tháng tiêm và tên vắc xin. Ô dưới ngưỡng số người được tiêm khác nhau bị ẩn.',
      en: 'Doses administered, by month and vaccine name. A cell about fewer distinct persons than the threshold is suppressed.',
    },
    sources: ['health'],
    sql: `SELECT ARRAY[${month('v.administered_on')}, v.vaccine]::text[] AS key, count(*)::float8 AS value,
        count(DISTINCT v.personal_id)::float8 AS persons
      FROM health.vaccination v
      WHERE v.administered_on >= ${WINDOW_START} AND v.administered_on <= ${WINDOW_END}
      GROUP BY 1`,
  },
  {
    id: 'tourism.guest_nights.by_month_type',
    title: { vi: 'Đêm lưu trú theo tháng và loại khách', en: 'Guest nights by month and guest type' },
    unit: 'guest-nights',
    kind: 'COUNT',
    dimensions: ['month', 'guest_type'],
    description: {
      vi: 'Số đêm lưu trú theo tháng nhận phòng; khách trong nước (domestic, quốc tịch VNM) hoặc quốc tế (foreign). Lượt lưu trú chưa trả phòng tính đến ngày dự kiến.',
      en: 'Guest nights by month of check-in; `domestic` (nationality VNM) or `foreign` guests. A stay not yet checked out counts up to its expected check-out (at least one night).',
    },
    sources: ['tourism'],
    sql: `SELECT ARRAY[${month(localDate('s.check_in_at'))}, CASE WHEN s.nationality = 'VNM' THEN 'domestic' ELSE 'foreign' END]::text[] AS key,
        sum(greatest(1, ${localDate('coalesce(s.actual_check_out_at, s.expected_check_out_at)')} - ${localDate('s.check_in_at')}))::float8 AS value,
        count(DISTINCT ${GUEST})::float8 AS persons
      FROM tourism.guest_stay s
      WHERE ${localDate('s.check_in_at')} >= ${WINDOW_START} AND ${localDate('s.check_in_at')} <= ${WINDOW_END}
      GROUP BY 1`,
  },
  {
    id: 'tourism.occupancy.by_month_commune',
    title: {
      vi: 'Công suất sử dụng cơ sở lưu trú theo tháng và xã',
      en: 'Accommodation occupancy by month and commune',
    },
    unit: 'share',
    kind: 'SHARE',
    dimensions: ['month', 'commune'],
    description: {
      vi: 'Tỷ lệ (0–1, làm tròn 2 chữ số thập phân) đêm-cơ sở có ít nhất một khách trên tổng đêm-cơ sở của các cơ sở lưu trú trong xã. Ẩn khi số khách khác nhau, số đêm-cơ sở có khách hoặc số đêm-cơ sở trống ít hơn ngưỡng.',
      en: 'Share (0–1, rounded to 2 decimals) of establishment-nights with at least one guest among all the commune’s establishments’ nights. Suppressed when the distinct guests, the occupied establishment-nights or the empty ones are fewer than the threshold.',
    },
    sources: ['tourism'],
    sql: `WITH nights AS (
        SELECT s.establishment_id, n.night::date AS night, ${GUEST} AS guest
        FROM tourism.guest_stay s,
          generate_series(${localDate('s.check_in_at')},
            least(greatest(${localDate('coalesce(s.actual_check_out_at, s.expected_check_out_at)')} - 1, ${localDate('s.check_in_at')}),
                  ${localDate('s.check_in_at')} + 60),
            interval '1 day') AS n(night)
        WHERE ${localDate('s.check_in_at')} >= ${WINDOW_START} - 61 AND ${localDate('s.check_in_at')} <= ${TODAY}),
      establishments AS (SELECT commune_code, count(*)::float8 AS total FROM tourism.establishment GROUP BY 1),
      cells AS (
        SELECT ${month('n.night')} AS month, e.commune_code,
          count(DISTINCT n.establishment_id::text || ':' || n.night::text)::float8 AS occupied,
          max(x.total) * (least(${TODAY}, (date_trunc('month', min(n.night)) + interval '1 month - 1 day')::date)
                          - date_trunc('month', min(n.night))::date + 1) AS capacity,
          count(DISTINCT n.guest)::float8 AS guests
        FROM nights n JOIN tourism.establishment e ON e.id = n.establishment_id
        JOIN establishments x ON x.commune_code = e.commune_code
        WHERE n.night >= ${WINDOW_START} AND n.night <= ${WINDOW_END}
        GROUP BY 1, 2)
      SELECT ARRAY[month, commune_code]::text[] AS key, (occupied / capacity)::float8 AS value, guests AS persons,
        ARRAY[occupied, capacity - occupied]::float8[] AS sides
      FROM cells`,
  },
  {
    id: 'land.changes.by_month_type',
    title: { vi: 'Hồ sơ biến động đất đai theo tháng và loại', en: 'Land-change applications by month and type' },
    unit: 'applications',
    kind: 'COUNT',
    dimensions: ['month', 'type'],
    description: {
      vi: 'Hồ sơ đăng ký biến động đất đai theo tháng nộp và loại biến động. Ô có ít cá nhân là bên liên quan hơn ngưỡng bị ẩn.',
      en: 'Land-change applications by month of submission and type of change. A cell whose applications name fewer distinct persons (as parties) than the threshold is suppressed.',
    },
    sources: ['land'],
    sql: `SELECT ARRAY[${month('c.submitted_on')}, c.type::text]::text[] AS key, count(DISTINCT c.id)::float8 AS value,
        count(DISTINCT p.personal_id)::float8 AS persons
      FROM land.land_change c LEFT JOIN land.land_change_party p ON p.change_id = c.id
      WHERE c.submitted_on >= ${WINDOW_START} AND c.submitted_on <= ${WINDOW_END}
      GROUP BY 1`,
  },
  {
    id: 'land.processing_days.by_month_type',
    title: {
      vi: 'Thời gian giải quyết hồ sơ đất đai (ngày) theo tháng và loại',
      en: 'Land-change processing time (days) by month and type',
    },
    unit: 'days',
    kind: 'DURATION',
    dimensions: ['month', 'type', 'statistic'],
    description: {
      vi: 'Số ngày từ khi nộp đến khi đăng ký của hồ sơ đã đăng ký, theo tháng đăng ký và loại: trung vị (median) và phân vị 90 (p90). Một giá trị bị ẩn khi số hồ sơ, số hồ sơ có thời gian nhỏ hơn hoặc bằng nó, hoặc số hồ sơ có thời gian lớn hơn hoặc bằng nó ít hơn ngưỡng (p90 cần khoảng 10 lần ngưỡng).',
      en: 'Days from submission to registration of registered applications, by month of registration and type: `median` and 90th percentile (`p90`). A value is suppressed when the applications, those that took at most as long, or those that took at least as long are fewer than the threshold (for p90 about ten times the threshold applications).',
    },
    sources: ['land'],
    sql: `WITH done AS (
        SELECT ${month('c.registered_on')} AS month, c.type::text AS type, (c.registered_on - c.submitted_on)::float8 AS days
        FROM land.land_change c
        WHERE c.status = 'REGISTERED' AND c.registered_on >= ${WINDOW_START} AND c.registered_on <= ${WINDOW_END}),
      stats AS (
        SELECT month, type, count(*)::float8 AS n,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
          percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90
        FROM done GROUP BY month, type),
      sided AS (
        SELECT s.month, s.type, s.n, s.median, s.p90,
          count(*) FILTER (WHERE d.days <= s.median)::float8 AS median_low,
          count(*) FILTER (WHERE d.days >= s.median)::float8 AS median_high,
          count(*) FILTER (WHERE d.days <= s.p90)::float8 AS p90_low,
          count(*) FILTER (WHERE d.days >= s.p90)::float8 AS p90_high
        FROM stats s JOIN done d ON d.month = s.month AND d.type = s.type
        GROUP BY s.month, s.type, s.n, s.median, s.p90)
      SELECT ARRAY[month, type, 'median']::text[] AS key, median::float8 AS value, n AS persons,
        ARRAY[median_low, median_high]::float8[] AS sides FROM sided
      UNION ALL
      SELECT ARRAY[month, type, 'p90']::text[], p90::float8, n, ARRAY[p90_low, p90_high]::float8[] FROM sided`,
  },
  {
    id: 'land.backlog.by_commune',
    title: { vi: 'Hồ sơ đất đai đang chờ giải quyết theo xã', en: 'Pending land-change applications by commune' },
    unit: 'applications',
    kind: 'COUNT',
    dimensions: ['commune'],
    description: {
      vi: 'Hồ sơ biến động đất đai đang chờ (PENDING) hôm nay, theo xã của thửa đất. Ô có ít cá nhân là bên liên quan hơn ngưỡng bị ẩn.',
      en: 'Land-change applications pending today, by the parcel’s commune. A cell whose applications name fewer distinct persons than the threshold is suppressed.',
    },
    sources: ['land'],
    sql: `SELECT ARRAY[c.commune_code]::text[] AS key, count(DISTINCT c.id)::float8 AS value,
        count(DISTINCT p.personal_id)::float8 AS persons
      FROM land.land_change c LEFT JOIN land.land_change_party p ON p.change_id = c.id
      WHERE c.status = 'PENDING'
      GROUP BY 1`,
  },
];

export const INDICATOR_BY_ID: ReadonlyMap<string, IndicatorDefinition> = new Map(
  INDICATORS.map((definition) => [definition.id, definition]),
);
