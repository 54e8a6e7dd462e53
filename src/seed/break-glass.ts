/**
 * Break-glass events of the demo data (docs/ARCHITECTURE.md §5, §6): a hospital other than the dev hospital read the
 * showcase citizens' health records in three emergencies, so `myAccessLog` shows flagged entries and the auditor's
 * `breakGlassReviews` has one APPROVED and two PENDING reviews (README.md's break-glass flow).
 *
 * Written after the seed's transaction, THROUGH THE AUDIT WRITER (a writer chain of its own, "demo seed"), never by
 * COPY into the access log: the records are hash-chained like any other, so `npm run audit:verify` passes. The seed
 * never touches the audit log otherwise, so this runs only for the demo data set (`npm start` on first start, and the
 * tests of README.md's examples) and only once: a database that has the demo's review rows is left as it is.
 * Deterministic: request ids, times (from the data set's reference day), reasons and fields are fixed; only the
 * writer id and so the chain position depend on the database.
 */
import { createHash } from 'node:crypto';
import { createBreakGlassReviews } from '../audit/break-glass.ts';
import type { AccessRecordInput } from '../audit/chain.ts';
import { createAuditLog } from '../audit/writer.ts';
import type { Database } from '../db/database.ts';
import { showcaseCitizens } from './demo.ts';
import { DEFAULT_AS_OF } from './index.ts';

export const DEMO_BREAK_GLASS_PREFIX = 'demo-break-glass-';
/** The dev hospital (src/auth/profiles.ts) has the showcase citizens' consent: another facility breaks the glass. */
const DEV_HOSPITAL = '37001';

const DOCUMENT = `query EmergencyLookup($id: PersonalId!) {
  citizen(personalId: $id) { fullName health { summary { bloodType allergies } encounters(first: 20) {
    edges { node { admittedAt facility { name } principalDiagnosis { code name } } } } } }
}`;

const FIELDS = [
  'Citizen.fullName',
  'Citizen.health',
  'HealthRecord.summary',
  'HealthSummary.bloodType',
  'HealthSummary.allergies',
  'HealthRecord.encounters',
  'Encounter.admittedAt',
  'Encounter.facility',
  'HealthFacility.name',
  'Encounter.principalDiagnosis',
  'Diagnosis.code',
  'Diagnosis.name',
];

interface DemoEvent {
  /** Index of the showcase citizen. */
  citizen: number;
  /** Days before the reference day, and the time of day (UTC). */
  daysBefore: number;
  time: string;
  reason: string;
  actingUser: string;
  review?: { daysAfter: number; note: string };
}

const EVENTS: readonly DemoEvent[] = [
  {
    citizen: 0,
    daysBefore: 20,
    time: '19:42:10.000',
    reason: 'Cấp cứu: ngừng tuần hoàn khi nhập viện, bệnh nhân bất tỉnh, không thể hỏi ý kiến',
    actingUser: 'bs-le-thi-hoa',
    review: { daysAfter: 2, note: 'Đối chiếu bệnh án cấp cứu: phù hợp' },
  },
  {
    citizen: 1,
    daysBefore: 6,
    time: '15:05:31.000',
    reason: 'Tai nạn giao thông, đa chấn thương, cần tiền sử phẫu thuật và dị ứng',
    actingUser: 'bs-pham-quang-vinh',
  },
  {
    citizen: 0,
    daysBefore: 2,
    time: '23:18:04.000',
    reason: 'Sốc phản vệ sau tiêm, cần tiền sử dị ứng và bệnh mạn tính',
    actingUser: 'bs-le-thi-hoa',
  },
];

/** Writes the demo's break-glass events once; returns how many were written (0 when already there or no showcase). */
export async function seedDemoBreakGlass(db: Database, asOf: string = DEFAULT_AS_OF): Promise<number> {
  const existing = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit.break_glass_review WHERE request_id LIKE $1`,
    [`${DEMO_BREAK_GLASS_PREFIX}%`],
  );
  if ((existing[0]?.n ?? 0) > 0) return 0;
  const showcase = await showcaseCitizens(db, { asOf });
  const [facility] = await db.query<{ code: string }>(
    // The provincial obstetrics and paediatrics hospital (37002, src/seed/reference/health.ts) when the data has it.
    `SELECT code FROM health.facility WHERE code <> $1 ORDER BY (code = '37002') DESC, code LIMIT 1`,
    [DEV_HOSPITAL],
  );
  if (showcase.length === 0 || facility === undefined) return 0;
  const org = facility.code.trim();
  const documentHash = createHash('sha256').update(DOCUMENT).digest('hex');
  const dayMs = 24 * 3600 * 1000;
  const reference = Date.parse(`${asOf}T00:00:00.000Z`);
  const events = EVENTS.filter((event) => showcase[event.citizen] !== undefined).map((event, index) => ({
    ...event,
    requestId: `${DEMO_BREAK_GLASS_PREFIX}${index + 1}`,
    personalId: (showcase[event.citizen] as { personalId: string }).personalId,
    at: new Date(
      Date.parse(`${new Date(reference - event.daysBefore * dayMs).toISOString().slice(0, 10)}T${event.time}Z`),
    ),
  }));

  const records: AccessRecordInput[] = events.map((event) => ({
    at: event.at,
    requestId: event.requestId,
    clientSub: `his-${org}`,
    clientOrg: org,
    actingUser: event.actingUser,
    purpose: 'TREATMENT',
    operationName: 'EmergencyLookup',
    documentHash,
    personalId: event.personalId,
    fields: FIELDS,
    outcome: 'GRANTED',
    breakGlassReason: event.reason,
  }));
  // The approved review's decision, as reviewBreakGlass records it: in the patient's log, by the auditor.
  for (const event of events) {
    if (event.review === undefined) continue;
    records.push({
      at: new Date(event.at.getTime() + event.review.daysAfter * dayMs),
      requestId: `${event.requestId}-review`,
      clientSub: 'auditor-37',
      clientOrg: 'TTR37',
      actingUser: 'kiem-tra-vien-tran-an',
      purpose: 'LAW_ENFORCEMENT',
      operationName: 'Review',
      documentHash: createHash('sha256').update('mutation Review').digest('hex'),
      personalId: event.personalId,
      fields: ['Mutation.reviewBreakGlass', 'ReviewBreakGlassPayload.review', 'BreakGlassReview.status'],
      outcome: 'GRANTED',
    });
  }
  const auditLog = createAuditLog(db, { writerName: 'demo seed', anchorIntervalMs: 0, appendTimeoutMs: 0 });
  try {
    await auditLog.append(records);
  } finally {
    await auditLog.close();
  }

  const reviews = createBreakGlassReviews(db);
  for (const event of events) {
    await reviews.record({
      at: event.at,
      requestId: event.requestId,
      clientSub: `his-${org}`,
      clientOrg: org,
      actingUser: event.actingUser,
      reason: event.reason,
      patientPersonalIds: [event.personalId],
    });
    if (event.review !== undefined) {
      await db.query(
        `UPDATE audit.break_glass_review SET status = 'APPROVED', reviewer_sub = 'auditor-37',
           reviewer_user = 'kiem-tra-vien-tran-an', note = $2, reviewed_at = $3
         WHERE request_id = $1`,
        [
          event.requestId,
          event.review.note,
          new Date(event.at.getTime() + event.review.daysAfter * dayMs).toISOString(),
        ],
      );
    }
  }
  return events.length;
}
