/**
 * Every write is audited like a read (docs/ARCHITECTURE.md §6, §11): the payload of a write mutation names the citizen
 * written about (a @personal payload, or @personal objects inside it), so the audit layer records one access record per
 * citizen, with the mutation's coordinates, before the response leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway, type Json } from './support/harness.ts';
import { hoursAgo, uniqueKey } from './support/writes.ts';

let gateway: TestGateway;
let people: string[];

beforeAll(async () => {
  gateway = await startTestGateway({ citizens: 40, seed: 7 });
  people = await gateway.personalIds(3, `status = 'ALIVE'`);
});

afterAll(async () => gateway?.close());

async function records(personalId: string, operationName: string) {
  return gateway.db.query<{ clientSub: string; clientOrg: string; purpose: string; fields: string[]; outcome: string }>(
    `SELECT client_sub AS "clientSub", client_org AS "clientOrg", purpose, fields, outcome::text AS outcome
     FROM audit.access_record WHERE personal_id = $1 AND operation_name = $2 ORDER BY seq`,
    [personalId, operationName],
  );
}

describe('audit of writes', () => {
  it('records the patient of a recorded encounter, even when only the personal ID is selected', async () => {
    const patient = people[0] as string;
    const hospital = await gateway.token('hospital');
    const response = await gateway.graphql<Json>(
      `mutation RecordForAudit($input: RecordEncounterInput!) { recordEncounter(input: $input) { personalId } }`,
      {
        input: {
          personalId: patient,
          encounterKey: uniqueKey('37001'),
          type: 'OUTPATIENT',
          admittedAt: hoursAgo(2),
          principalDiagnosis: 'J06.9',
        },
      },
      { token: hospital, purpose: 'TREATMENT' },
    );
    expect(response.body.errors).toBeUndefined();
    const [record] = await records(patient, 'RecordForAudit');
    expect(record).toMatchObject({
      clientSub: 'hospital-37001',
      clientOrg: '37001',
      purpose: 'TREATMENT',
      outcome: 'GRANTED',
    });
    expect(record?.fields).toEqual(expect.arrayContaining(['Mutation.recordEncounter']));
  });

  it('records every citizen party to a submitted land change that the response carries', async () => {
    const [a, b] = people as [string, string];
    const [unit] = await gateway.db.query<{ code: string }>(
      `SELECT code FROM core.administrative_unit WHERE level <> 'PROVINCE' ORDER BY code LIMIT 1`,
    );
    const [parcel] = await gateway.db.query<{ id: number }>(
      `INSERT INTO land.parcel (commune_code, map_sheet_no, parcel_no, area_m2, purpose_codes, address)
       VALUES ($1, 902, 1, 80, '{ONT}', 'Thôn Thử') RETURNING id`,
      [unit?.code],
    );
    await gateway.db.query(
      `INSERT INTO land.land_right (parcel_id, holder_personal_id, share_percent, certificate_serial, since)
       VALUES ($1, $2, 100, 'CS 000001', '2010-01-01')`,
      [parcel?.id, a],
    );
    const office = await gateway.token('land-office');
    const response = await gateway.graphql<Json>(
      `mutation SubmitForAudit($input: SubmitLandChangeInput!) {
         submitLandChange(input: $input) { changeId change { parties { role personalId } } } }`,
      {
        input: {
          parcel: { communeCode: unit?.code, mapSheetNo: 902, parcelNo: 1 },
          type: 'GIFT',
          from: [{ personalId: a }],
          to: [{ personalId: b, sharePercent: '100' }],
        },
      },
      { token: office, purpose: 'LAND_ADMINISTRATION' },
    );
    expect(response.body.errors).toBeUndefined();
    for (const citizen of [a, b]) {
      const [record] = await records(citizen, 'SubmitForAudit');
      expect(record?.fields).toEqual(expect.arrayContaining(['LandChangeParty.personalId']));
    }
  });
});
