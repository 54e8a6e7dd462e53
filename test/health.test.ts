/**
 * The health sector over a real database (PGlite, or TEST_DATABASE_URL): Citizen.health and its parts (summary,
 * coverage, encounters, payments, vaccinations), ICD-10 titles, card-code decoding, facility communes, paging, the
 * encounter date filter, argument errors and batching (a list of citizens costs the same number of statements whatever
 * its length).
 */
import { describe, expect, it } from 'vitest';
import { CITIZEN_AN, CITIZEN_BINH, commonFixtureSql } from './support/fixtures.ts';
import { sectorSchemaExecution, type Data } from './support/schema-execution.ts';

/** A citizen with a full record. */
const AN = CITIZEN_AN.personalId;
/** A citizen with no health data at all. */
const BINH = CITIZEN_BINH.personalId;
/** Citizens with generated records, for the batching test. */
const MANY = Array.from({ length: 20 }, (_, i) => `0350950${String(i + 1).padStart(5, '0')}`);

// The data itself, read as if consent existed (a break-glass request): the consent rule has its own tests
// (test/consent.test.ts, test/consent-property.test.ts), over HTTP with real tokens.
const { run, data, statementsOf } = sectorSchemaExecution('health', fixtureSql, {
  breakGlass: { reason: 'sector test of the health data' },
});

const q = (s: string) => s.replaceAll("'", "''");

function fixtureSql(): string {
  const lines: string[] = [
    // Fixture codes: province 37 and its communes; facilities <province><3 digits>.
    ...commonFixtureSql([{ code: '13657', name: 'Xã Gia Viễn', level: 'COMMUNE' }]),
    `INSERT INTO health.facility (code, name, commune_code, level) VALUES
       ('37001', 'Bệnh viện Đa khoa tỉnh Ninh Bình', '14329', 'PROVINCE'),
       ('37105', 'Trạm Y tế xã Gia Viễn', '13657', 'COMMUNE'),
       ('37999', 'Phòng khám không rõ địa bàn', '99999', 'PRIVATE')`,
    `INSERT INTO health.icd10_code (code, title) VALUES
       ('J18.9', 'Viêm phổi, không đặc hiệu'),
       ('I10', 'Tăng huyết áp vô căn (nguyên phát)'),
       ('E11.9', 'Bệnh đái tháo đường typ 2 không có biến chứng'),
       ('K35.8', 'Viêm ruột thừa cấp khác và không đặc hiệu')`,
    `INSERT INTO health.health_summary (personal_id, blood_type, allergies, chronic_conditions, updated_at) VALUES
       ('${AN}', 'O+', ARRAY['Penicillin', 'Hải sản'], ARRAY['I10', 'E11.9', 'X99.9'], '2026-05-01T03:00:00Z')`,
    `INSERT INTO health.insurance_coverage (personal_id, card_code, valid_from, valid_to, initial_facility_code) VALUES
       ('${AN}', 'DN4370123456789', '2025-01-01', '2025-12-31', '37105'),
       ('${AN}', 'HT3370123456789', '2026-01-01', '2026-12-31', '37001')`,
    // An's encounters: the third is admitted 01:30 on 1 April in Vietnam (18:30 UTC on 31 March).
    `INSERT INTO health.encounter
       (id, encounter_key, personal_id, facility_code, type, admitted_at, discharged_at, principal_diagnosis,
        secondary_diagnoses) VALUES
       (1, '37001-2026-000001', '${AN}', '37001', 'INPATIENT', '2026-01-10T02:00:00Z', '2026-01-15T04:00:00Z',
        'J18.9', ARRAY['I10', 'E11.9']),
       (2, '37105-2026-000002', '${AN}', '37105', 'OUTPATIENT', '2026-02-20T01:00:00Z', '2026-02-20T02:00:00Z',
        'I10', ARRAY[]::text[]),
       (3, '37001-2026-000003', '${AN}', '37001', 'EMERGENCY', '2026-03-31T18:30:00Z', NULL, 'K35.8', NULL),
       (4, '37999-2026-000004', '${AN}', '37999', 'DAY_CARE', '2026-04-30T16:59:59.999Z', NULL, 'Q99.X', NULL)`,
    `INSERT INTO health.payment (encounter_id, personal_id, amount_vnd, insurance_vnd, cashless, paid_at) VALUES
       (1, '${AN}', 12500000, 10000000, true, '2026-01-15T05:00:00Z'),
       (1, '${AN}', 9007199254740993, 1, false, '2026-01-16T05:00:00Z'),
       (2, '${AN}', 350000, 280000, true, '2026-02-20T03:00:00Z')`,
    `INSERT INTO health.vaccination (personal_id, vaccine, dose_number, administered_on, facility_code) VALUES
       ('${AN}', 'Viêm gan B', 1, '1985-02-04', '37105'),
       ('${AN}', 'COVID-19 (Comirnaty)', 3, '2022-05-10', '37001')`,
  ];
  let encounterId = 100;
  for (const [i, id] of MANY.entries()) {
    lines.push(
      `INSERT INTO core.citizen (personal_id, full_name, date_of_birth, sex)
       VALUES ('${id}', '${q(`Công dân ${i + 1}`)}', '1995-01-01', 'MALE')`,
      `INSERT INTO health.health_summary (personal_id, blood_type, allergies, chronic_conditions)
       VALUES ('${id}', 'A+', ARRAY[]::text[], ARRAY['I10'])`,
      `INSERT INTO health.insurance_coverage (personal_id, card_code, valid_from, valid_to, initial_facility_code)
       VALUES ('${id}', 'GD4350000000${String(i).padStart(3, '0')}', '2026-01-01', '2026-12-31', '37001')`,
      `INSERT INTO health.vaccination (personal_id, vaccine, dose_number, administered_on, facility_code)
       VALUES ('${id}', 'Sởi', 1, '1996-01-01', '37105')`,
    );
    for (let k = 0; k < 3; k += 1) {
      encounterId += 1;
      lines.push(
        `INSERT INTO health.encounter (id, encounter_key, personal_id, facility_code, type, admitted_at,
           principal_diagnosis, secondary_diagnoses)
         VALUES (${encounterId}, 'K-${encounterId}', '${id}', '${k === 0 ? '37001' : '37105'}', 'OUTPATIENT',
           '2026-0${k + 1}-0${k + 1}T03:00:00Z', 'J18.9', ARRAY['I10'])`,
        `INSERT INTO health.payment (encounter_id, personal_id, amount_vnd, insurance_vnd, cashless, paid_at)
         VALUES (${encounterId}, '${id}', 200000, 160000, true, '2026-0${k + 1}-0${k + 1}T05:00:00Z')`,
      );
    }
  }
  return `${lines.join(';\n')};`;
}

const FACILITY = 'code name level commune { code name level }';

describe('Citizen.health', () => {
  it('returns the summary with ICD-10 titles (null title for a code outside the catalogue)', async () => {
    const { citizen } = await data(
      `query ($id: PersonalId!) { citizen(personalId: $id) { health { personalId summary {
         bloodType allergies chronicConditions { code title } updatedAt } } } }`,
      { id: AN },
    );
    expect(citizen.health).toEqual({
      personalId: AN,
      summary: {
        bloodType: 'O+',
        allergies: ['Penicillin', 'Hải sản'],
        chronicConditions: [
          { code: 'I10', title: 'Tăng huyết áp vô căn (nguyên phát)' },
          { code: 'E11.9', title: 'Bệnh đái tháo đường typ 2 không có biến chứng' },
          { code: 'X99.9', title: null },
        ],
        updatedAt: '2026-05-01T03:00:00.000Z',
      },
    });
  });

  it('lists insurance cards newest first, decoding group and benefit level, with the initial facility', async () => {
    const { citizen } = await data(
      `query ($id: PersonalId!) { citizen(personalId: $id) { health { coverage { edges { node {
         cardCode groupCode benefitLevel validFrom validTo initialFacility { ${FACILITY} } } } } } } }`,
      { id: AN },
    );
    expect(citizen.health.coverage.edges.map((e: Data) => e.node)).toEqual([
      {
        cardCode: 'HT3370123456789',
        groupCode: 'HT',
        benefitLevel: 3,
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        initialFacility: {
          code: '37001',
          name: 'Bệnh viện Đa khoa tỉnh Ninh Bình',
          level: 'PROVINCE',
          commune: { code: '14329', name: 'Phường Hoa Lư', level: 'WARD' },
        },
      },
      {
        cardCode: 'DN4370123456789',
        groupCode: 'DN',
        benefitLevel: 4,
        validFrom: '2025-01-01',
        validTo: '2025-12-31',
        initialFacility: {
          code: '37105',
          name: 'Trạm Y tế xã Gia Viễn',
          level: 'COMMUNE',
          commune: { code: '13657', name: 'Xã Gia Viễn', level: 'COMMUNE' },
        },
      },
    ]);
  });

  it('lists encounters newest admission first with facility, diagnoses and payments', async () => {
    const { citizen } = await data(
      `query ($id: PersonalId!) { citizen(personalId: $id) { health { encounters { edges { node {
         id encounterKey type admittedAt dischargedAt facility { ${FACILITY} }
         principalDiagnosis { code title } secondaryDiagnoses { code title }
         payments { amountVnd insuranceVnd patientVnd cashless paidAt encounterKey } } } } } } }`,
      { id: AN },
    );
    const nodes = citizen.health.encounters.edges.map((e: Data) => e.node);
    expect(nodes.map((n: Data) => n.encounterKey)).toEqual([
      '37999-2026-000004',
      '37001-2026-000003',
      '37105-2026-000002',
      '37001-2026-000001',
    ]);
    // An unknown diagnosis code and a facility whose commune is not in the registry.
    expect(nodes[0]).toMatchObject({
      type: 'DAY_CARE',
      principalDiagnosis: { code: 'Q99.X', title: null },
      secondaryDiagnoses: [],
      facility: { code: '37999', commune: null },
      payments: [],
    });
    const first = nodes[3];
    expect(first).toEqual({
      id: Buffer.from('Encounter:37001-2026-000001').toString('base64url'),
      encounterKey: '37001-2026-000001',
      type: 'INPATIENT',
      admittedAt: '2026-01-10T02:00:00.000Z',
      dischargedAt: '2026-01-15T04:00:00.000Z',
      facility: {
        code: '37001',
        name: 'Bệnh viện Đa khoa tỉnh Ninh Bình',
        level: 'PROVINCE',
        commune: { code: '14329', name: 'Phường Hoa Lư', level: 'WARD' },
      },
      principalDiagnosis: { code: 'J18.9', title: 'Viêm phổi, không đặc hiệu' },
      secondaryDiagnoses: [
        { code: 'I10', title: 'Tăng huyết áp vô căn (nguyên phát)' },
        { code: 'E11.9', title: 'Bệnh đái tháo đường typ 2 không có biến chứng' },
      ],
      payments: [
        {
          amountVnd: '12500000',
          insuranceVnd: '10000000',
          patientVnd: '2500000',
          cashless: true,
          paidAt: '2026-01-15T05:00:00.000Z',
          encounterKey: '37001-2026-000001',
        },
        // Beyond 2^53: the amounts stay exact (Decimal strings computed by the database).
        {
          amountVnd: '9007199254740993',
          insuranceVnd: '1',
          patientVnd: '9007199254740992',
          cashless: false,
          paidAt: '2026-01-16T05:00:00.000Z',
          encounterKey: '37001-2026-000001',
        },
      ],
    });
    expect(nodes[2].secondaryDiagnoses).toEqual([]);
    expect(nodes[1].dischargedAt).toBeNull();
  });

  it('lists payments newest first and vaccinations newest first with their facility', async () => {
    const { citizen } = await data(
      `query ($id: PersonalId!) { citizen(personalId: $id) { health {
         payments { edges { node { amountVnd patientVnd paidAt encounterKey } } }
         vaccinations { edges { node { vaccine doseNumber administeredOn facility { code name } } } } } } }`,
      { id: AN },
    );
    expect(citizen.health.payments.edges.map((e: Data) => e.node)).toEqual([
      {
        amountVnd: '350000',
        patientVnd: '70000',
        paidAt: '2026-02-20T03:00:00.000Z',
        encounterKey: '37105-2026-000002',
      },
      {
        amountVnd: '9007199254740993',
        patientVnd: '9007199254740992',
        paidAt: '2026-01-16T05:00:00.000Z',
        encounterKey: '37001-2026-000001',
      },
      {
        amountVnd: '12500000',
        patientVnd: '2500000',
        paidAt: '2026-01-15T05:00:00.000Z',
        encounterKey: '37001-2026-000001',
      },
    ]);
    expect(citizen.health.vaccinations.edges.map((e: Data) => e.node)).toEqual([
      {
        vaccine: 'COVID-19 (Comirnaty)',
        doseNumber: 3,
        administeredOn: '2022-05-10',
        facility: { code: '37001', name: 'Bệnh viện Đa khoa tỉnh Ninh Bình' },
      },
      {
        vaccine: 'Viêm gan B',
        doseNumber: 1,
        administeredOn: '1985-02-04',
        facility: { code: '37105', name: 'Trạm Y tế xã Gia Viễn' },
      },
    ]);
  });

  it('pages encounters with first/after without gaps or repeats', async () => {
    const source = `query ($id: PersonalId!, $after: String) { citizen(personalId: $id) { health {
      encounters(first: 3, after: $after) { edges { cursor node { encounterKey } } pageInfo { hasNextPage endCursor } } } } }`;
    const page1 = (await data(source, { id: AN })).citizen.health.encounters;
    expect(page1.edges.map((e: Data) => e.node.encounterKey)).toEqual([
      '37999-2026-000004',
      '37001-2026-000003',
      '37105-2026-000002',
    ]);
    expect(page1.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.edges[2].cursor });
    const page2 = (await data(source, { id: AN, after: page1.pageInfo.endCursor })).citizen.health.encounters;
    expect(page2.edges.map((e: Data) => e.node.encounterKey)).toEqual(['37001-2026-000001']);
    expect(page2.pageInfo).toEqual({ hasNextPage: false, endCursor: page2.edges[0].cursor });

    const empty = (
      await data(`{ citizen(personalId: "${AN}") { health { payments(first: 0) {
      edges { cursor } pageInfo { hasNextPage endCursor } } } } }`)
    ).citizen.health.payments;
    expect(empty).toEqual({ edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });

  it('filters encounters by admission date in Vietnam time, both bounds inclusive', async () => {
    const keys = async (args: string) =>
      (
        await data(
          `{ citizen(personalId: "${AN}") { health { encounters(${args}) { edges { node { encounterKey } } } } } }`,
        )
      ).citizen.health.encounters.edges.map((e: Data) => e.node.encounterKey);
    // 2026-03-31T18:30Z is 1 April 01:30 in Vietnam; 2026-04-30T16:59:59.999Z is 30 April 23:59:59.999.
    expect(await keys('from: "2026-04-01"')).toEqual(['37999-2026-000004', '37001-2026-000003']);
    expect(await keys('from: "2026-04-01", to: "2026-04-01"')).toEqual(['37001-2026-000003']);
    expect(await keys('to: "2026-03-31"')).toEqual(['37105-2026-000002', '37001-2026-000001']);
    expect(await keys('from: "2026-01-10", to: "2026-02-20"')).toEqual(['37105-2026-000002', '37001-2026-000001']);
    expect(await keys('from: "2026-05-01"')).toEqual([]);
    // Paging inside a filter.
    const page = (
      await data(`{ citizen(personalId: "${AN}") { health { encounters(first: 1, to: "2026-03-31") {
      edges { node { encounterKey } } pageInfo { hasNextPage endCursor } } } } }`)
    ).citizen.health.encounters;
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = (
      await data(`{ citizen(personalId: "${AN}") { health { encounters(first: 5, to: "2026-03-31",
      after: "${page.pageInfo.endCursor}") { edges { node { encounterKey } } pageInfo { hasNextPage } } } } }`)
    ).citizen.health.encounters;
    expect(next.edges.map((e: Data) => e.node.encounterKey)).toEqual(['37001-2026-000001']);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  it('gives a citizen without health data an empty record, and an unknown citizen null', async () => {
    const { citizen, unknown } = await data(
      `query ($id: PersonalId!) {
         citizen(personalId: $id) { health { personalId summary { bloodType }
           coverage { edges { cursor } pageInfo { hasNextPage endCursor } }
           encounters { edges { cursor } pageInfo { hasNextPage endCursor } }
           payments { edges { cursor } } vaccinations { edges { cursor } } } }
         unknown: citizen(personalId: "001099999999") { health { personalId } } }`,
      { id: BINH },
    );
    expect(citizen.health).toEqual({
      personalId: BINH,
      summary: null,
      coverage: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
      encounters: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
      payments: { edges: [] },
      vaccinations: { edges: [] },
    });
    expect(unknown).toBeNull();
  });

  it('resolves Citizen.health itself without a database statement', async () => {
    const without = await statementsOf(`{ citizens(personalIds: ["${AN}", "${BINH}"]) { personalId } }`);
    const withHealth = await statementsOf(
      `{ citizens(personalIds: ["${AN}", "${BINH}"]) { personalId health { personalId } } }`,
    );
    expect(withHealth).toBe(without);
  });

  it('rejects invalid arguments with BAD_USER_INPUT naming the argument', async () => {
    const cases: [string, string][] = [
      ['encounters(first: 101) { edges { cursor } }', 'first'],
      ['payments(first: -1) { edges { cursor } }', 'first'],
      ['coverage(after: "not-a-cursor") { edges { cursor } }', 'after'],
      ['encounters(from: "2026-05-01", to: "2026-04-01") { edges { cursor } }', 'from'],
    ];
    for (const [field, argumentName] of cases) {
      const result = await run(`{ citizen(personalId: "${AN}") { health { ${field} } } }`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    }
    const badDate = await run(
      `{ citizen(personalId: "${AN}") { health { encounters(from: "2026-02-30") { edges { cursor } } } } }`,
    );
    expect(badDate.errors?.[0]?.message).toMatch(/Date/);
  });
});

describe('batching', () => {
  const EVERYTHING = `query ($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId health {
    summary { bloodType chronicConditions { code title } }
    coverage { edges { node { cardCode groupCode initialFacility { ${FACILITY} } } } }
    encounters(first: 2) { edges { node { id facility { ${FACILITY} } principalDiagnosis { title }
      secondaryDiagnoses { title } payments { patientVnd } } } pageInfo { hasNextPage } }
    payments { edges { node { patientVnd encounterKey } } }
    vaccinations { edges { node { vaccine facility { ${FACILITY} } } } } } } }`;

  it('costs the same number of statements for 5 and for 20 citizens', async () => {
    const five = await statementsOf(EVERYTHING, { ids: MANY.slice(0, 5) });
    const twenty = await statementsOf(EVERYTHING, { ids: MANY });
    expect(twenty).toBe(five);
    // citizens, summary, 4 lists, payments of encounters, facilities, ICD-10 titles: a handful, not N of them.
    expect(five).toBeLessThanOrEqual(12);
  });

  it('returns each citizen its own rows', async () => {
    const { citizens } = await data(EVERYTHING, { ids: MANY });
    expect(citizens).toHaveLength(20);
    for (const [i, citizen] of (citizens as Data[]).entries()) {
      expect(citizen.personalId).toBe(MANY[i]);
      expect(citizen.health.coverage.edges.map((e: Data) => e.node.cardCode)).toEqual([
        `GD4350000000${String(i).padStart(3, '0')}`,
      ]);
      expect(citizen.health.encounters.edges).toHaveLength(2);
      expect(citizen.health.encounters.pageInfo.hasNextPage).toBe(true);
      expect(citizen.health.encounters.edges[0].node.principalDiagnosis.title).toBe('Viêm phổi, không đặc hiệu');
      expect(citizen.health.encounters.edges[0].node.payments).toEqual([{ patientVnd: '40000' }]);
      expect(citizen.health.payments.edges).toHaveLength(3);
      expect(citizen.health.vaccinations.edges[0].node.facility.commune.name).toBe('Xã Gia Viễn');
    }
  });
});
