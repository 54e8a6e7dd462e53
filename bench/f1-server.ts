/**
 * System F1 of the benchmark, the floor: a minimal node:http + pg server that answers each benchmark query with
 * ONE hand-written SQL statement building the gateway's exact JSON (PostgreSQL's json_build_object / json_agg), so
 * Node only wraps text. The statements are named (prepared once per connection, never re-planned). It dispatches on `operationName` and never parses the GraphQL document. No authentication,
 * no authorization, no audit: what is left when every layer is removed.
 *
 *   node --import tsx bench/f1-server.ts --database-url postgresql://... --port 0 --pool-size 10
 *
 * GET /__bench/stats reports the statements sent since POST /__bench/reset.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BIRTH_PROVINCES } from '../src/lib/personal-id.ts';
import { LAND_USE_PURPOSES } from '../src/sectors/land/purposes.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    port: { type: 'string', default: '0' },
    'pool-size': { type: 'string', default: '10' },
  },
});
if (values['database-url'] === undefined) throw new Error('--database-url is required');

const pool = new pg.Pool({ connectionString: values['database-url'], max: Number(values['pool-size']) });
pool.on('error', () => undefined);
let statements = 0;

// ───────────────────────────── SQL ─────────────────────────────

/** A JSON constant inlined in the statement text (reference data that lives in the gateway's code, not in tables). */
const jsonConstant = (value: unknown) => `'${JSON.stringify(value).replaceAll("'", "''")}'::jsonb`;
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const unit = (codeExpr: string) =>
  `(SELECT json_build_object('code', a.code, 'name', a.name) FROM core.administrative_unit a WHERE a.code = ${codeExpr})`;

/** The current personal ID of a current or cancelled (re-issued) one, as the gateway resolves `citizen`. */
const resolveId = (idExpr: string) =>
  `coalesce((SELECT x.personal_id FROM core.citizen x WHERE x.personal_id = ${idExpr}),
            (SELECT p.personal_id FROM core.previous_personal_id p WHERE p.previous_id = ${idExpr}))`;

const identity = (c: string) => `'personalId', ${c}.personal_id, 'fullName', ${c}.full_name,
  'dateOfBirth', ${day(`${c}.date_of_birth`)},
  'sex', CASE WHEN substr(${c}.personal_id, 4, 1)::int % 2 = 0 THEN 'MALE' ELSE 'FEMALE' END,
  'ethnicity', ${c}.ethnicity, 'nationality', ${c}.nationality, 'status', ${c}.status,
  'hometown', ${unit(`${c}.hometown_commune`)}`;

/** The household of the citizen's current permanent registration, with its current members (head first). */
const household = (pid: string, head: string, member: (m: string, mc: string) => string) => `(
  SELECT json_build_object(${head},
    'members', json_build_object('edges', coalesce((
      SELECT json_agg(json_build_object('node', ${member('m', 'mc')})
                      ORDER BY m.relationship_to_head, m.start_date, m.id)
      FROM (SELECT * FROM household.residence_registration m
            WHERE m.household_id = h.id AND m.end_date IS NULL
            ORDER BY m.relationship_to_head, m.start_date, m.id LIMIT 50) m
      LEFT JOIN core.citizen mc ON mc.personal_id = m.personal_id), '[]'::json)))
  FROM (SELECT r.household_id FROM household.residence_registration r
        WHERE r.personal_id = ${pid} AND r.type = 'PERMANENT' AND r.end_date IS NULL
        ORDER BY r.start_date DESC, r.id DESC LIMIT 1) hr
  JOIN household.household h ON h.id = hr.household_id)`;

const diagnosis = (codeExpr: string) =>
  `json_build_object('code', ${codeExpr}, 'title', (SELECT i.title FROM health.icd10_code i WHERE i.code = ${codeExpr}))`;

const healthSummary = (pid: string) => `(
  SELECT json_build_object('bloodType', s.blood_type, 'allergies', s.allergies,
    'chronicConditions', CASE WHEN s.chronic_conditions IS NULL THEN NULL ELSE (
      SELECT coalesce(json_agg(json_build_object('code', x.code, 'title', i.title) ORDER BY x.ord), '[]'::json)
      FROM unnest(s.chronic_conditions) WITH ORDINALITY x(code, ord)
      LEFT JOIN health.icd10_code i ON i.code = x.code) END)
  FROM health.health_summary s WHERE s.personal_id = ${pid})`;

const encounters = (pid: string, node: (e: string) => string) => `json_build_object('edges', coalesce((
  SELECT json_agg(json_build_object('node', ${node('e')}) ORDER BY e.admitted_at DESC, e.id DESC)
  FROM (SELECT * FROM health.encounter e WHERE e.personal_id = ${pid} ORDER BY e.admitted_at DESC, e.id DESC LIMIT 5) e
  ), '[]'::json))`;

const fullEncounter = (e: string) => `json_build_object('encounterKey', ${e}.encounter_key, 'type', ${e}.type,
  'admittedAt', ${iso(`${e}.admitted_at`)}, 'dischargedAt', ${iso(`${e}.discharged_at`)},
  'facility', (SELECT json_build_object('code', f.code, 'name', f.name) FROM health.facility f WHERE f.code = ${e}.facility_code),
  'principalDiagnosis', ${diagnosis(`${e}.principal_diagnosis`)},
  'secondaryDiagnoses', (SELECT coalesce(json_agg(json_build_object('code', u.code) ORDER BY u.ord), '[]'::json)
                         FROM unnest(coalesce(${e}.secondary_diagnoses, '{}')) WITH ORDINALITY u(code, ord)))`;

const shortEncounter = (e: string) => `json_build_object('encounterKey', ${e}.encounter_key,
  'admittedAt', ${iso(`${e}.admitted_at`)}, 'principalDiagnosis', ${diagnosis(`${e}.principal_diagnosis`)})`;

const landRights = (pid: string) => `json_build_object('edges', coalesce((
  SELECT json_agg(json_build_object('node', json_build_object(
      'sharePercent', t.share_percent::text, 'certificateSerial', t.certificate_serial,
      'parcel', (SELECT json_build_object('mapSheetNo', p.map_sheet_no, 'parcelNo', p.parcel_no, 'areaM2', p.area_m2::text,
                   'purposes', (SELECT coalesce(json_agg(json_build_object('code', u.code, 'name', ${jsonConstant(LAND_USE_PURPOSES)} ->> u.code) ORDER BY u.ord), '[]'::json)
                                FROM unnest(coalesce(p.purpose_codes, '{}')) WITH ORDINALITY u(code, ord)))
                 FROM land.parcel p WHERE p.id = t.parcel_id)))
    ORDER BY t.since DESC, t.id DESC)
  FROM (SELECT * FROM land.land_right t
        WHERE t.holder_personal_id = ${pid}
          AND (t.ended_on IS NULL OR t.ended_on > (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
        ORDER BY t.since DESC, t.id DESC LIMIT 20) t), '[]'::json))`;

const stays = (pid: string) => `json_build_object('edges', coalesce((
  SELECT json_agg(json_build_object('node', json_build_object(
      'checkInAt', ${iso('s.check_in_at')}, 'actualCheckOutAt', ${iso('s.actual_check_out_at')},
      'establishment', (SELECT json_build_object('name', e.name, 'type', e.type) FROM tourism.establishment e WHERE e.id = s.establishment_id)))
    ORDER BY s.check_in_at DESC, s.id DESC)
  FROM (SELECT * FROM tourism.guest_stay s WHERE s.guest_personal_id = ${pid} ORDER BY s.check_in_at DESC, s.id DESC LIMIT 20) s
  ), '[]'::json))`;

/** The 360° view (test/support/queries.ts CITIZEN_360_FIELDS) of citizen row `c`, keys in selection order. */
const citizen360 = (c: string) => `json_build_object(
  'personalId', ${c}.personal_id, 'fullName', ${c}.full_name, 'dateOfBirth', ${day(`${c}.date_of_birth`)},
  'sex', CASE WHEN substr(${c}.personal_id, 4, 1)::int % 2 = 0 THEN 'MALE' ELSE 'FEMALE' END,
  'birthYear', 1900 + (substr(${c}.personal_id, 4, 1)::int / 2) * 100 + substr(${c}.personal_id, 5, 2)::int,
  'birthRegistrationProvince', json_build_object('code', left(${c}.personal_id, 3),
     'name', coalesce(${jsonConstant(BIRTH_PROVINCES)} ->> left(${c}.personal_id, 3), 'unknown')),
  'household', ${household(
    `${c}.personal_id`,
    `'residenceFileNo', h.residence_file_no, 'address', h.address, 'commune', ${unit('h.commune_code')}`,
    (m, mc) => `json_build_object('relationshipToHead', ${m}.relationship_to_head, 'type', ${m}.type,
      'startDate', ${day(`${m}.start_date`)},
      'citizen', json_build_object('personalId', ${m}.personal_id, 'fullName', ${mc}.full_name,
        'health', json_build_object('summary', ${healthSummary(`${m}.personal_id`)},
                                    'encounters', ${encounters(`${m}.personal_id`, fullEncounter)})))`,
  )},
  'health', json_build_object('summary', ${healthSummary(`${c}.personal_id`)},
                              'encounters', ${encounters(`${c}.personal_id`, shortEncounter)}),
  'landRights', ${landRights(`${c}.personal_id`)},
  'stays', ${stays(`${c}.personal_id`)})`;

const oneCitizen = (object: string) =>
  `SELECT (${object})::text AS j FROM core.citizen c WHERE c.personal_id = ${resolveId('$1')}`;

const SQL: Record<string, string> = {
  Q1: oneCitizen(`json_build_object(${identity('c')})`),
  Q2: oneCitizen(
    `json_build_object(${identity('c')}, 'household', ${household(
      'c.personal_id',
      `'residenceFileNo', h.residence_file_no, 'address', h.address`,
      (m, mc) => `json_build_object('relationshipToHead', ${m}.relationship_to_head,
      'citizen', json_build_object('personalId', ${m}.personal_id, 'fullName', ${mc}.full_name))`,
    )})`,
  ),
  Q3: oneCitizen(citizen360('c')),
  Q4: `SELECT coalesce(json_agg(CASE WHEN c.personal_id IS NULL THEN NULL ELSE ${citizen360('c')} END ORDER BY k.ord), '[]'::json)::text AS j
       FROM unnest($1::bpchar[]) WITH ORDINALITY k(id, ord)
       LEFT JOIN core.citizen c ON c.personal_id = ${resolveId('k.id')}`,
  Q5: oneCitizen(`json_build_object('personalId', c.personal_id, 'fullName', c.full_name,
    'health', json_build_object('summary', (SELECT json_build_object('bloodType', s.blood_type, 'allergies', s.allergies)
                                            FROM health.health_summary s WHERE s.personal_id = c.personal_id),
      'encounters', ${encounters('c.personal_id', (e) => `json_build_object('encounterKey', ${e}.encounter_key, 'admittedAt', ${iso(`${e}.admitted_at`)})`)}))`),
};

// ───────────────────────────── HTTP ─────────────────────────────

interface Request {
  operationName?: unknown;
  variables?: { id?: unknown; ids?: unknown };
}

async function answer(body: Request): Promise<string> {
  const name = typeof body.operationName === 'string' ? body.operationName : '';
  const sql = SQL[name];
  if (sql === undefined) throw new Error(`unknown operation ${name}`);
  const parameter = name === 'Q4' ? body.variables?.ids : body.variables?.id;
  statements += 1;
  // A named statement: prepared once per connection, so PostgreSQL does not re-plan it on every request.
  const { rows } = await pool.query<{ j: string | null }>({ name, text: sql, values: [parameter] });
  const json = rows[0]?.j ?? 'null';
  return name === 'Q4' ? `{"data":{"citizens":${json}}}` : `{"data":{"citizen":${json}}}`;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/__bench/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ statements }));
    return;
  }
  if (req.url === '/__bench/reset') {
    statements = 0;
    res.writeHead(204).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let body: Request;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Request;
    } catch {
      res.writeHead(400).end();
      return;
    }
    answer(body).then(
      (json) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(json);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      },
    );
  });
}

const server = http.createServer(handle);
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(Number(values.port), '127.0.0.1', resolve));
console.log(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}`);

const stop = () => {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
