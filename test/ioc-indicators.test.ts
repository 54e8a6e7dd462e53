/**
 * Province indicators through the real HTTP gateway (schema/stats.graphql, docs/ARCHITECTURE.md §15): the `ioc` token
 * reads every indicator of the demo data; values agree with an independent computation from the source rows; small
 * cells are withheld and the released population table resists the intruder's attacks; nothing personal leaves;
 * other tokens are refused; every release is recorded (audit.statistical_release); the rollups are what is served,
 * and a refresh shows a new write with a later `asOf`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS } from '../src/sectors/stats/catalogue.ts';
import { refreshIndicators } from '../src/sectors/stats/rollup.ts';
import { assertUnrecoverable, gridOf, type TrueCell } from './support/disclosure-attacks.ts';
import { startTestGateway, type TestGateway, type Json } from './support/harness.ts';

const IDS = [
  'population.by_commune_age_sex',
  'residence.moves.by_month_commune',
  'health.encounters.by_month_icd_chapter',
  'health.insurance_coverage.by_commune',
  'health.cashless_share.by_month_facility',
  'health.vaccinations.by_month_vaccine',
  'tourism.guest_nights.by_month_type',
  'tourism.occupancy.by_month_commune',
  'land.changes.by_month_type',
  'land.processing_days.by_month_type',
  'land.backlog.by_commune',
];
const MIN = 10;
const ALL = `{ indicators { id title { vi en } unit kind dimensions asOf sources { source lastChangedAt stale }
  cells { key value suppressed } } }`;
const ONE = `query One($ids: [ID!]) { indicators(ids: $ids) { id asOf cells { key value suppressed } } }`;

/** The date and month in Vietnam (UTC+7, no daylight saving) of an instant. */
const vietnamDay = (instant: Date) => new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/** The monthly indicators' window: the 24 closed months before the current one, in Vietnam. */
function windowMonths(): Set<string> {
  const [year, month] = vietnamDay(new Date()).split('-').map(Number) as [number, number];
  const months = new Set<string>();
  for (let back = 1; back <= 24; back++) {
    const index = year * 12 + (month - 1) - back;
    months.add(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/** Completed years between two ISO dates. */
function age(birth: string, today: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

function ageGroup(years: number): string {
  if (years < 15) return '0-14';
  if (years >= 75) return '75+';
  const low = Math.floor((years - 15) / 10) * 10 + 15;
  return `${low}-${low + 9}`;
}

/** ICD-10 chapter by code range (WHO), written out again here to check the catalogue's. */
function chapterOf(code: string): string {
  const ranges = [
    'A00-B99', 'C00-D48', 'D50-D89', 'E00-E90', 'F00-F99', 'G00-G99', 'H00-H59', 'H60-H95', 'I00-I99', 'J00-J99',
    'K00-K93', 'L00-L99', 'M00-M99', 'N00-N99', 'O00-O99', 'P00-P96', 'Q00-Q99', 'R00-R99', 'S00-T98', 'U00-U85',
    'V01-Y98', 'Z00-Z99',
  ]; // prettier-ignore
  const head = code.slice(0, 3);
  return ranges.find((range) => head >= range.slice(0, 3) && head <= range.slice(4)) ?? 'other';
}

interface Truth extends TrueCell {
  persons: number;
}

/** Counts rows into cells: value = rows, persons = distinct person keys. */
function tally(rows: { key: string[]; person: string }[]): Truth[] {
  const cells = new Map<string, { key: string[]; value: number; persons: Set<string> }>();
  for (const row of rows) {
    const id = row.key.join('|');
    const cell = cells.get(id) ?? { key: row.key, value: 0, persons: new Set<string>() };
    cell.value++;
    cell.persons.add(row.person);
    cells.set(id, cell);
  }
  return [...cells.values()].map((c) => ({ key: c.key, value: c.value, persons: c.persons.size }));
}

interface TrueShare {
  key: string[];
  /** Distinct persons the share is about. */
  persons: number;
  /** Units having / lacking the attribute, counted in what the share is computed from. */
  having: number;
  lacking: number;
  share: number;
}

/** The release of a share, written out again: two decimals, never 0 or 1 (see ARCHITECTURE §15). */
const roundedShare = (share: number) => Math.min(99, Math.max(1, Math.round(share * 100))) / 100;

/**
 * Every released share has its population, its numerator and its complement at or above the threshold, and is the
 * true share rounded; every share with one of them under it is withheld; no cell is invented.
 */
function checkShares(label: string, released: Json[], truth: TrueShare[], min = MIN): number {
  const truthBy = new Map(truth.map((c) => [c.key.join('|'), c]));
  expect(released.map((c) => c.key.join('|')).sort(), `${label}: keys`).toEqual([...truthBy.keys()].sort());
  let shown = 0;
  for (const cell of released) {
    const expected = truthBy.get(cell.key.join('|'))!;
    expect(cell.suppressed, `${label} ${cell.key}`).toBe(cell.value === null);
    const small = expected.persons < min || expected.having < min || expected.lacking < min;
    expect(cell.suppressed, `${label} ${cell.key}: ${JSON.stringify(expected)}`).toBe(small);
    if (!small) {
      expect(cell.value, `${label} ${cell.key}`).toBe(roundedShare(expected.share));
      shown++;
    }
  }
  return shown;
}

/** Released cells agree with the truth; every small cell is withheld; no cell is invented. */
function checkAgainst(label: string, released: Json[], truth: Truth[]): void {
  const truthBy = new Map(truth.map((c) => [c.key.join('|'), c]));
  let primary = 0;
  for (const cell of released) {
    const expected = truthBy.get(cell.key.join('|'));
    expect(cell.suppressed, `${label} ${cell.key}`).toBe(cell.value === null);
    if (expected !== undefined && expected.persons > 0 && expected.persons < MIN) {
      expect(cell.suppressed, `${label} ${cell.key}: ${expected.persons} persons`).toBe(true);
      primary++;
    }
    if (!cell.suppressed) expect(cell.value, `${label} ${cell.key}`).toBe(expected?.value ?? 0);
  }
  // Only zeros may be left out.
  for (const cell of truth) {
    expect(
      released.some((r) => r.key.join('|') === cell.key.join('|')),
      `${label} ${cell.key} missing`,
    ).toBe(true);
  }
  expect(released.every((c) => c.value !== 0)).toBe(true);
  expect(primary, `${label}: the demo data has small cells`).toBeGreaterThan(0);
}

describe('indicators on the demo seed', () => {
  let gateway: TestGateway;
  let ioc: string;
  let all: Json[];

  beforeAll(async () => {
    gateway = await startTestGateway({ citizens: 1500, seed: 7 });
    ioc = await gateway.token('ioc');
    const response = await gateway.graphql<Json>(ALL, {}, { token: ioc });
    expect(response.body.errors).toBeUndefined();
    all = response.body.data.indicators;
  }, 300_000);

  afterAll(async () => {
    await gateway?.close();
  });

  /** The cells of one indicator as released under another threshold; the rollups are put back at MIN after. */
  async function releasedAt(min: number, id: string): Promise<Json[]> {
    await refreshIndicators(gateway.db, min);
    try {
      const response = await gateway.graphql<Json>(ONE, { ids: [id] }, { token: ioc });
      expect(response.body.errors).toBeUndefined();
      return response.body.data.indicators[0].cells;
    } finally {
      await refreshIndicators(gateway.db, MIN);
    }
  }

  it('the ioc token reads every indicator, in catalogue order, with keys as documented', async () => {
    expect(all.map((i) => i.id)).toEqual(IDS);
    const catalog = await gateway.graphql<Json>(
      `{ indicatorCatalog { id title { vi en } unit kind dimensions description { vi en } sources } }`,
      {},
      { token: ioc },
    );
    expect(catalog.body.errors).toBeUndefined();
    expect(catalog.body.data.indicatorCatalog.map((d: Json) => d.id)).toEqual(IDS);
    const months = windowMonths();
    for (const indicator of all) {
      const definition = catalog.body.data.indicatorCatalog.find((d: Json) => d.id === indicator.id);
      expect(indicator.dimensions).toEqual(definition.dimensions);
      expect(indicator.title.vi.length).toBeGreaterThan(0);
      expect(indicator.title.en.length).toBeGreaterThan(0);
      expect(Date.parse(indicator.asOf)).toBeGreaterThan(Date.now() - 600_000);
      expect(indicator.sources.map((s: Json) => s.source)).toEqual(definition.sources);
      for (const source of indicator.sources) expect(typeof source.stale).toBe('boolean');
      expect(indicator.cells.length, indicator.id).toBeGreaterThan(0);
      const monthAt = indicator.dimensions.indexOf('month');
      for (const cell of indicator.cells) {
        expect(cell.key).toHaveLength(indicator.dimensions.length);
        if (monthAt >= 0) expect(months.has(cell.key[monthAt]), `${indicator.id} ${cell.key}`).toBe(true);
        if (indicator.kind === 'SHARE' && cell.value !== null) {
          // Never 0 or 1 (that would tell an attribute of every member), and rounded to two decimals.
          expect(cell.value, `${indicator.id} ${cell.key}`).toBeGreaterThan(0);
          expect(cell.value, `${indicator.id} ${cell.key}`).toBeLessThan(1);
          expect(Math.abs(cell.value * 100 - Math.round(cell.value * 100)), `${indicator.id} ${cell.key}`).toBeLessThan(
            1e-9,
          );
        }
      }
    }
  });

  it('population and encounters agree with the source rows; small cells are withheld', async () => {
    const today = vietnamDay(new Date());
    const residents = await gateway.db.query<{ personal_id: string; commune: string; sex: string; born: string }>(
      `SELECT DISTINCT c.personal_id, h.commune_code AS commune, c.sex::text AS sex,
         to_char(c.date_of_birth, 'YYYY-MM-DD') AS born
       FROM core.citizen c JOIN household.residence_registration r ON r.personal_id = c.personal_id
       JOIN household.household h ON h.id = r.household_id
       WHERE c.status = 'ALIVE' AND r.type = 'PERMANENT' AND r.end_date IS NULL AND r.start_date <= $1::date`,
      [today],
    );
    const population = tally(
      residents.map((r) => ({ key: [r.commune, ageGroup(age(r.born, today)), r.sex], person: r.personal_id })),
    );
    const released = all.find((i) => i.id === 'population.by_commune_age_sex').cells;
    checkAgainst('population', released, population);
    // The intruder, knowing every margin, recovers no withheld cell the margins alone do not give away.
    assertUnrecoverable(gridOf(3, population, released), 'population');

    const months = windowMonths();
    const encounters = await gateway.db.query<{ personal_id: string; admitted: Date; diagnosis: string }>(
      `SELECT personal_id, admitted_at AS admitted, principal_diagnosis AS diagnosis FROM health.encounter`,
    );
    const encounterTruth = tally(
      encounters
        .map((e) => ({
          key: [vietnamDay(new Date(e.admitted)).slice(0, 7), chapterOf(e.diagnosis)],
          person: e.personal_id,
        }))
        .filter((e) => months.has(e.key[0]!)),
    );
    const releasedEncounters = all.find((i) => i.id === 'health.encounters.by_month_icd_chapter').cells;
    checkAgainst('encounters', releasedEncounters, encounterTruth);
    assertUnrecoverable(gridOf(2, encounterTruth, releasedEncounters), 'encounters');
  });

  it('shares: insurance coverage per commune, withheld when residents, insured or uninsured are under the threshold', async () => {
    const today = vietnamDay(new Date());
    const rows = await gateway.db.query<{ commune: string; residents: number; covered: number }>(
      `WITH r AS (
         SELECT DISTINCT ON (c.personal_id) c.personal_id, h.commune_code
         FROM core.citizen c JOIN household.residence_registration r ON r.personal_id = c.personal_id
         JOIN household.household h ON h.id = r.household_id
         WHERE c.status = 'ALIVE' AND r.type = 'PERMANENT' AND r.end_date IS NULL AND r.start_date <= $1::date
         ORDER BY c.personal_id, r.start_date DESC, r.id DESC)
       SELECT r.commune_code AS commune, count(*)::int AS residents,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM health.insurance_coverage i WHERE i.personal_id = r.personal_id
           AND i.valid_from <= $1::date AND i.valid_to >= $1::date))::int AS covered
       FROM r GROUP BY 1`,
      [today],
    );
    const released = all.find((i) => i.id === 'health.insurance_coverage.by_commune').cells;
    const shown = checkShares(
      'insurance',
      released,
      rows.map((row) => ({
        key: [row.commune],
        persons: row.residents,
        having: row.covered,
        lacking: row.residents - row.covered,
        share: row.covered / row.residents,
      })),
    );
    expect(shown, 'the demo data releases some coverage shares').toBeGreaterThan(0);
  });

  it('shares: cashless payments per month and facility, withheld when patients paying cashless or cash are few', async () => {
    const months = windowMonths();
    const payments = await gateway.db.query<{ paid: Date; facility: string; personal_id: string; cashless: boolean }>(
      `SELECT p.paid_at AS paid, e.facility_code AS facility, p.personal_id, p.cashless IS TRUE AS cashless
       FROM health.payment p JOIN health.encounter e ON e.id = p.encounter_id`,
    );
    const cells = new Map<string, { key: string[]; payments: number; cashless: number; all: Set<string>; card: Set<string>; cash: Set<string> }>(); // prettier-ignore
    for (const payment of payments) {
      const key = [vietnamDay(new Date(payment.paid)).slice(0, 7), payment.facility];
      if (!months.has(key[0]!)) continue;
      const cell = cells.get(key.join('|')) ?? { key, payments: 0, cashless: 0, all: new Set(), card: new Set(), cash: new Set() }; // prettier-ignore
      cell.payments++;
      cell.all.add(payment.personal_id);
      if (payment.cashless) {
        cell.cashless++;
        cell.card.add(payment.personal_id);
      } else cell.cash.add(payment.personal_id);
      cells.set(key.join('|'), cell);
    }
    const truth = [...cells.values()].map((c) => ({
      key: c.key,
      persons: c.all.size,
      having: c.card.size,
      lacking: c.cash.size,
      share: c.cashless / c.payments,
    }));
    const released = all.find((i) => i.id === 'health.cashless_share.by_month_facility').cells;
    checkShares('cashless', released, truth);
    // The demo's facilities see few patients a month: a lower threshold shows the release path too.
    const shown = checkShares(
      'cashless at 3',
      await releasedAt(3, 'health.cashless_share.by_month_facility'),
      truth,
      3,
    );
    expect(shown, 'cashless shares released at threshold 3').toBeGreaterThan(0);
  });

  it('shares: occupancy per month and commune, withheld when occupied or empty establishment-nights are few', async () => {
    const months = windowMonths();
    const today = vietnamDay(new Date());
    const stays = await gateway.db.query<{
      establishment: number;
      commune: string;
      guest: string;
      in: Date;
      out: Date;
    }>(
      `SELECT s.establishment_id AS establishment, e.commune_code AS commune,
         coalesce(s.guest_personal_id, s.nationality || ':' || s.passport_no) AS guest,
         s.check_in_at AS in, coalesce(s.actual_check_out_at, s.expected_check_out_at) AS out
       FROM tourism.guest_stay s JOIN tourism.establishment e ON e.id = s.establishment_id`,
    );
    const establishments = await gateway.db.query<{ commune: string; total: number }>(
      `SELECT commune_code AS commune, count(*)::int AS total FROM tourism.establishment GROUP BY 1`,
    );
    const totalIn = new Map(establishments.map((e) => [e.commune, e.total]));
    const dayMs = 86_400_000;
    const cells = new Map<string, { key: string[]; occupied: Set<string>; guests: Set<string> }>();
    for (const stay of stays) {
      const first = Date.parse(vietnamDay(new Date(stay.in)));
      if (vietnamDay(new Date(first)) > today) continue;
      const last = Math.min(Math.max(Date.parse(vietnamDay(new Date(stay.out))) - dayMs, first), first + 60 * dayMs);
      for (let night = first; night <= last; night += dayMs) {
        const key = [new Date(night).toISOString().slice(0, 7), stay.commune];
        if (!months.has(key[0]!)) continue;
        const cell = cells.get(key.join('|')) ?? { key, occupied: new Set<string>(), guests: new Set<string>() };
        cell.occupied.add(`${stay.establishment}:${night}`);
        cell.guests.add(stay.guest);
        cells.set(key.join('|'), cell);
      }
    }
    const daysIn = (month: string) => {
      const [year, m] = month.split('-').map(Number) as [number, number];
      return new Date(Date.UTC(year, m, 0)).getUTCDate();
    };
    const released = all.find((i) => i.id === 'tourism.occupancy.by_month_commune').cells;
    const shown = checkShares(
      'occupancy',
      released,
      [...cells.values()].map((c) => {
        const capacity = totalIn.get(c.key[1]!)! * daysIn(c.key[0]!);
        return {
          key: c.key,
          persons: c.guests.size,
          having: c.occupied.size,
          lacking: capacity - c.occupied.size,
          share: c.occupied.size / capacity,
        };
      }),
    );
    expect(shown, 'the demo data releases some occupancy shares').toBeGreaterThan(0);
  });

  it('processing days: a median or p90 needs the threshold of applications on each side of it', async () => {
    // The demo registers few applications a month: 30 more, registered last month after 1 to 30 days, give a group
    // whose median has 15 applications on each side (released) and whose p90 has 3 above it (withheld).
    const [parcel] = await gateway.db.query<{ id: number }>(
      `INSERT INTO land.parcel (commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address)
       VALUES ('14329', 991, 1, 100, '{ONT}', 'processing-days test parcel') RETURNING id`,
    );
    for (let days = 1; days <= 30; days++) {
      await gateway.db.query(
        `INSERT INTO land.land_change (parcel_id, commune_code, type, status, submitted_on, registered_on)
         SELECT $1, '14329', 'TRANSFER', 'REGISTERED', day - $2::int, day
         FROM (SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') - interval '1 month')::date + 27 AS day) d`,
        [parcel!.id, days],
      );
    }
    await refreshIndicators(gateway.db, MIN);
    const months = windowMonths();
    const rows = await gateway.db.query<{ month: string; type: string; days: number }>(
      `SELECT to_char(registered_on, 'YYYY-MM') AS month, type::text AS type,
         (registered_on - submitted_on)::int AS days
       FROM land.land_change WHERE status = 'REGISTERED' AND registered_on IS NOT NULL`,
    );
    const groups = new Map<string, { month: string; type: string; days: number[] }>();
    for (const row of rows) {
      if (!months.has(row.month)) continue;
      const group = groups.get(`${row.month}|${row.type}`) ?? { month: row.month, type: row.type, days: [] };
      group.days.push(row.days);
      groups.set(`${row.month}|${row.type}`, group);
    }
    const check = (released: Json[], min: number) => {
      expect(released).toHaveLength(groups.size * 2);
      let shown = 0;
      let p90Withheld = 0;
      for (const group of groups.values()) {
        const sorted = [...group.days].sort((a, b) => a - b);
        for (const [statistic, q] of [
          ['median', 0.5],
          ['p90', 0.9],
        ] as const) {
          // Linear interpolation between closest ranks (PostgreSQL percentile_cont), computed again here.
          const position = (sorted.length - 1) * q;
          const low = sorted[Math.floor(position)]!;
          const value = low + (sorted[Math.ceil(position)]! - low) * (position - Math.floor(position));
          const atOrBelow = sorted.filter((d) => d <= value).length;
          const atOrAbove = sorted.filter((d) => d >= value).length;
          const cell = released.find((c: Json) => c.key.join('|') === `${group.month}|${group.type}|${statistic}`);
          expect(cell, `${group.month} ${group.type} ${statistic}`).toBeDefined();
          if (sorted.length < min || atOrBelow < min || atOrAbove < min) {
            expect(cell.suppressed, `${cell.key}: ${sorted.length} applications, ${atOrBelow}/${atOrAbove}`).toBe(true);
            if (statistic === 'p90' && sorted.length >= min) p90Withheld++;
          } else {
            expect(cell.value, `${cell.key}`).toBeCloseTo(value, 9);
            shown++;
          }
        }
      }
      return { shown, p90Withheld };
    };
    const response = await gateway.graphql<Json>(ONE, { ids: ['land.processing_days.by_month_type'] }, { token: ioc });
    expect(response.body.errors).toBeUndefined();
    const atMin = check(response.body.data.indicators[0].cells, MIN);
    expect(atMin.shown, 'the added month releases its median').toBeGreaterThan(0);
    expect(
      atMin.p90Withheld,
      'a p90 over a population at the threshold is withheld for its small tail',
    ).toBeGreaterThan(0);
  });

  it('land backlog counts pending applications per commune', async () => {
    const rows = await gateway.db.query<{ commune: string; pending: number; persons: number }>(
      `SELECT c.commune_code AS commune, count(DISTINCT c.id)::int AS pending, count(DISTINCT p.personal_id)::int AS persons
       FROM land.land_change c LEFT JOIN land.land_change_party p ON p.change_id = c.id
       WHERE c.status = 'PENDING' GROUP BY 1`,
    );
    const released = all.find((i) => i.id === 'land.backlog.by_commune').cells;
    expect(released.map((c: Json) => c.key[0]).sort()).toEqual(rows.map((r) => r.commune).sort());
    for (const row of rows) {
      const cell = released.find((c: Json) => c.key[0] === row.commune);
      if (row.persons < MIN) expect(cell.suppressed).toBe(true);
      if (!cell.suppressed) expect(cell.value).toBe(row.pending);
    }
  });

  it('no personal ID, name or card code leaves the gateway', async () => {
    const text = JSON.stringify(all);
    // A 12-digit run not part of a decimal fraction (durations may have a fraction).
    expect(text).not.toMatch(/(?<![\d.])\d{12}(?!\d)/);
    const citizens = await gateway.db.query<{ full_name: string; personal_id: string }>(
      `SELECT full_name, personal_id FROM core.citizen`,
    );
    expect(citizens.length).toBeGreaterThan(1000);
    for (const citizen of citizens) {
      expect(text.includes(citizen.full_name)).toBe(false);
      expect(text.includes(citizen.personal_id)).toBe(false);
    }
    const cards = await gateway.db.query<{ card_code: string }>(`SELECT card_code FROM health.insurance_coverage`);
    for (const { card_code } of cards) expect(text.includes(card_code)).toBe(false);
  });

  it('tokens without stats:read are refused, and no release is recorded for them', async () => {
    const [{ before }] = (await gateway.db.query(`SELECT count(*)::int AS before FROM audit.statistical_release`)) as [
      { before: number },
    ];
    for (const token of [undefined, await gateway.token('hospital'), await gateway.token('land-office')]) {
      const response = await gateway.graphql<Json>(
        `{ indicators { id cells { value } } indicatorCatalog { id } }`,
        {},
        token === undefined ? {} : { token, purpose: token === undefined ? undefined : 'TREATMENT' },
      );
      expect(response.body.data?.indicators ?? null).toBeNull();
      expect(response.body.data?.indicatorCatalog ?? null).toBeNull();
      expect(response.body.errors?.map((e) => e.extensions?.code)).toContain('UNAUTHORIZED_FIELD_OR_TYPE');
    }
    const [{ after }] = (await gateway.db.query(`SELECT count(*)::int AS after FROM audit.statistical_release`)) as [
      { after: number },
    ];
    expect(after).toBe(before);
  });

  it('records each release: client, organisation, acting user, indicators, request ID', async () => {
    const response = await gateway.graphql<Json>(
      ONE,
      { ids: ['land.backlog.by_commune', 'health.vaccinations.by_month_vaccine', 'land.backlog.by_commune'] },
      { token: ioc, userId: 'operator-7' },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.indicators.map((i: Json) => i.id)).toEqual([
      'land.backlog.by_commune',
      'health.vaccinations.by_month_vaccine',
      'land.backlog.by_commune',
    ]);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    const rows = await gateway.db.query<Json>(
      `SELECT client_sub, client_org, acting_user, indicator_ids, released_at FROM audit.statistical_release
       WHERE request_id = $1`,
      [requestId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].client_sub).toMatch(/ioc/);
    expect(rows[0].acting_user).toBe('operator-7');
    expect(rows[0].indicator_ids).toEqual(['health.vaccinations.by_month_vaccine', 'land.backlog.by_commune']);
    expect(Date.now() - new Date(rows[0].released_at).getTime()).toBeLessThan(60_000);
    // Nothing about any citizen goes into the access log for it.
    const access = await gateway.db.query(`SELECT 1 FROM audit.access_record WHERE request_id = $1`, [requestId]);
    expect(access).toHaveLength(0);
  });

  it('an unknown id is refused by name, and nothing is released or recorded', async () => {
    const response = await gateway.graphql<Json>(
      ONE,
      { ids: ['land.backlog.by_commune', 'population.by_name'] },
      { token: ioc },
    );
    expect(response.body.data?.indicators ?? null).toBeNull();
    const error = response.body.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain('"population.by_name"');
    expect(error?.message).not.toContain('"land.backlog.by_commune"');
    const rows = await gateway.db.query(`SELECT 1 FROM audit.statistical_release WHERE request_id = $1`, [
      response.headers.get('x-request-id'),
    ]);
    expect(rows).toHaveLength(0);
  });

  it('withholds the indicators when the release cannot be recorded (fail closed)', async () => {
    await gateway.db.query(`ALTER TABLE audit.statistical_release RENAME TO statistical_release_away`);
    try {
      const response = await gateway.graphql<Json>(ONE, { ids: ['land.backlog.by_commune'] }, { token: ioc });
      expect(response.status).toBe(503);
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
    } finally {
      await gateway.db.query(`ALTER TABLE audit.statistical_release_away RENAME TO statistical_release`);
    }
  });

  it('serves the rollup; a refresh shows a new write and moves asOf', async () => {
    await refreshIndicators(gateway.db, 1); // threshold 1: every cell released, so the change is visible exactly
    const read = async () => {
      const response = await gateway.graphql<Json>(ONE, { ids: ['land.backlog.by_commune'] }, { token: ioc });
      expect(response.body.errors).toBeUndefined();
      return response.body.data.indicators[0];
    };
    const before = await read();
    const commune = '14329';
    const valueIn = (indicator: Json) => indicator.cells.find((c: Json) => c.key[0] === commune)?.value ?? 0;
    const [parcel] = await gateway.db.query<{ id: number }>(
      `INSERT INTO land.parcel (commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address)
       VALUES ($1, 990, 1, 100, '{ONT}', 'indicator test parcel') RETURNING id`,
      [commune],
    );
    const parties = await gateway.personalIds(3);
    for (const personalId of parties) {
      const [change] = await gateway.db.query<{ id: number }>(
        `INSERT INTO land.land_change (parcel_id, commune_code, type, status, submitted_on)
         VALUES ($1, $2, 'TRANSFER', 'PENDING', current_date) RETURNING id`,
        [parcel!.id, commune],
      );
      await gateway.db.query(
        `INSERT INTO land.land_change_party (change_id, role, personal_id) VALUES ($1, 'TO', $2)`,
        [change!.id, personalId],
      );
    }
    // Not yet refreshed: the request reads the rollup, not the tables.
    const stale = await read();
    expect(stale.asOf).toBe(before.asOf);
    expect(valueIn(stale)).toBe(valueIn(before));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await refreshIndicators(gateway.db, 1);
    const after = await read();
    expect(Date.parse(after.asOf)).toBeGreaterThan(Date.parse(before.asOf));
    expect(valueIn(after)).toBe(valueIn(before) + 3);
  });
});

it('the catalogue lists exactly the documented ids', () => {
  expect(INDICATORS.map((d) => d.id)).toEqual(IDS);
});
