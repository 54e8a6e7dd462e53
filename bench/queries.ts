/**
 * The benchmark's queries (BENCHMARKS.md) as each system is asked them, and the mapping of each system's answer to
 * one common shape so the answers can be compared.
 *
 *  - G (the gateway) and F1 (the hand-written floor) receive the same GraphQL-over-HTTP request: F1 dispatches on
 *    `operationName` and must answer byte-for-byte the same JSON data as G (compared whole, not mapped).
 *  - P (PostGraphile v5) has its own schema (names derived from tables and smart-tag relations); its documents ask
 *    for the same data and commonFromPostgraphile maps the answer to the gateway's shape, minus what P cannot
 *    produce (decoded personal-ID fields, ICD-10 titles of array-held codes, land-use purpose names).
 * Personal IDs are always variables, never inlined.
 */
import { CITIZEN_360_FIELDS } from '../test/support/queries.ts';
import { RELATIONSHIPS } from '../src/seed/population.ts';

export const QUERY_NAMES = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q5d'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];
export const SYSTEM_NAMES = ['F1', 'G', 'P'] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

/** Citizens per Q4 request. */
export const Q4_BATCH = 50;

export interface QuerySpec {
  readonly name: QueryName;
  readonly description: string;
  /** Existing personal IDs, or valid-looking IDs that match no citizen. */
  readonly ids: 'existing' | 'unknown';
  /** IDs per request. */
  readonly batch: number;
  /** The systems that answer it (Q5d exercises the gateway's field-level denial, which F1 and P do not have). */
  readonly systems: readonly SystemName[];
  /** The gateway token: every scope the 360° view needs, or none of the health scopes. */
  readonly token: 'full' | 'noHealth';
}

export const QUERIES: Readonly<Record<QueryName, QuerySpec>> = {
  Q1: { name: 'Q1', description: 'citizen identity by ID', ids: 'existing', batch: 1, systems: ['F1', 'G', 'P'], token: 'full' },
  Q2: { name: 'Q2', description: 'Q1 + household members', ids: 'existing', batch: 1, systems: ['F1', 'G', 'P'], token: 'full' },
  Q3: { name: 'Q3', description: '360° view of one citizen', ids: 'existing', batch: 1, systems: ['F1', 'G', 'P'], token: 'full' },
  Q4: { name: 'Q4', description: `360° view of ${Q4_BATCH} citizens`, ids: 'existing', batch: Q4_BATCH, systems: ['F1', 'G', 'P'], token: 'full' },
  Q5: { name: 'Q5', description: 'unknown ID, health fields asked by a token without health scopes (G)', ids: 'unknown', batch: 1, systems: ['F1', 'G', 'P'], token: 'noHealth' },
  Q5d: { name: 'Q5d', description: 'existing ID, health fields denied (G only)', ids: 'existing', batch: 1, systems: ['G'], token: 'noHealth' },
}; // prettier-ignore

// ───────────────────────────── G and F1 ─────────────────────────────

const IDENTITY_FIELDS = 'personalId fullName dateOfBirth sex ethnicity nationality status hometown { code name }';
const HOUSEHOLD_MEMBERS = `household { residenceFileNo address
  members { edges { node { relationshipToHead citizen { personalId fullName } } } } }`;
const Q5_FIELDS = `personalId fullName health { summary { bloodType allergies }
  encounters(first: 5) { edges { node { encounterKey admittedAt } } } }`;

export const GATEWAY_DOCUMENTS: Readonly<Record<QueryName, string>> = {
  Q1: `query Q1($id: PersonalId!) { citizen(personalId: $id) { ${IDENTITY_FIELDS} } }`,
  Q2: `query Q2($id: PersonalId!) { citizen(personalId: $id) { ${IDENTITY_FIELDS} ${HOUSEHOLD_MEMBERS} } }`,
  Q3: `query Q3($id: PersonalId!) { citizen(personalId: $id) { ${CITIZEN_360_FIELDS} } }`,
  Q4: `query Q4($ids: [PersonalId!]!) { citizens(personalIds: $ids) { ${CITIZEN_360_FIELDS} } }`,
  Q5: `query Q5($id: PersonalId!) { citizen(personalId: $id) { ${Q5_FIELDS} } }`,
  Q5d: `query Q5($id: PersonalId!) { citizen(personalId: $id) { ${Q5_FIELDS} } }`,
};

/** Operation name F1 dispatches on (Q5d is G only but shares Q5's document). */
export const OPERATION_NAMES: Readonly<Record<QueryName, string>> = {
  Q1: 'Q1',
  Q2: 'Q2',
  Q3: 'Q3',
  Q4: 'Q4',
  Q5: 'Q5',
  Q5d: 'Q5',
};

export function gatewayBody(query: QueryName, ids: readonly string[]): string {
  const variables = query === 'Q4' ? { ids } : { id: ids[0] };
  return JSON.stringify({ operationName: OPERATION_NAMES[query], query: GATEWAY_DOCUMENTS[query], variables });
}

// ───────────────────────────── P (PostGraphile) ─────────────────────────────

const P_IDENTITY = `personalId fullName dateOfBirth sex ethnicity nationality status
  administrativeUnitByHometownCommune { code name }`;
const P_SUMMARY = 'healthHealthSummaryByPersonalId { bloodType allergies chronicConditions }';
/** The citizen's current permanent registration (newest first), as the gateway picks the household. */
const P_HOUSEHOLD = (members: string, full: boolean) => `householdResidenceRegistrationsByPersonalId(
    condition: { type: PERMANENT, endDate: null }, orderBy: [START_DATE_DESC, ROW_ID_DESC], first: 1) {
  nodes { householdHouseholdByHouseholdId { residenceFileNo address ${full ? 'administrativeUnitByCommuneCode { code name }' : ''}
    householdResidenceRegistrationsByHouseholdId(condition: { endDate: null }, orderBy: [START_DATE_ASC, ROW_ID_ASC], first: 50) {
      nodes { rowId relationshipToHead ${full ? 'type' : ''} startDate citizenByPersonalId { ${members} } } } } } }`;
const P_360 = `personalId fullName dateOfBirth sex
  ${P_HOUSEHOLD(
    `personalId fullName ${P_SUMMARY}
    healthEncountersByPersonalId(first: 5, orderBy: [ADMITTED_AT_DESC, ROW_ID_DESC]) { nodes {
      encounterKey type admittedAt dischargedAt healthFacilityByFacilityCode { code name }
      healthIcd10CodeByPrincipalDiagnosis { code title } secondaryDiagnoses } }`,
    true,
  )}
  ${P_SUMMARY}
  healthEncountersByPersonalId(first: 5, orderBy: [ADMITTED_AT_DESC, ROW_ID_DESC]) { nodes {
    encounterKey admittedAt healthIcd10CodeByPrincipalDiagnosis { code title } } }
  landLandRightsByHolderPersonalId(first: 20, orderBy: [SINCE_DESC, ROW_ID_DESC]) { nodes {
    sharePercent certificateSerial endedOn landParcelByParcelId { mapSheetNo parcelNo areaM2 purposeCodes } } }
  tourismGuestStaysByGuestPersonalId(first: 20, orderBy: [CHECK_IN_AT_DESC, ROW_ID_DESC]) { nodes {
    checkInAt actualCheckOutAt tourismEstablishmentByEstablishmentId { name type } } }`;

/** Q4 on P: PostGraphile has no list-of-keys lookup without a plugin, so 50 aliased lookups, each a variable. */
const P_Q4 = `query Q4(${Array.from({ length: Q4_BATCH }, (_, i) => `$id${i}: String!`).join(', ')}) {
  ${Array.from({ length: Q4_BATCH }, (_, i) => `c${i}: citizenByPersonalId(personalId: $id${i}) { ...C360 }`).join('\n  ')}
}
fragment C360 on Citizen { ${P_360} }`;

export const POSTGRAPHILE_DOCUMENTS: Readonly<Record<QueryName, string>> = {
  Q1: `query Q1($id: String!) { citizenByPersonalId(personalId: $id) { ${P_IDENTITY} } }`,
  Q2: `query Q2($id: String!) { citizenByPersonalId(personalId: $id) { ${P_IDENTITY}
    ${P_HOUSEHOLD('personalId fullName', false)} } }`,
  Q3: `query Q3($id: String!) { citizenByPersonalId(personalId: $id) { ${P_360} } }`,
  Q4: P_Q4,
  Q5: `query Q5($id: String!) { citizenByPersonalId(personalId: $id) { personalId fullName ${P_SUMMARY}
    healthEncountersByPersonalId(first: 5, orderBy: [ADMITTED_AT_DESC, ROW_ID_DESC]) { nodes { encounterKey admittedAt } } } }`,
  Q5d: '',
};

export function postgraphileBody(query: QueryName, ids: readonly string[]): string {
  const variables = query === 'Q4' ? Object.fromEntries(ids.map((id, i) => [`id${i}`, id])) : { id: ids[0] };
  return JSON.stringify({ operationName: query, query: POSTGRAPHILE_DOCUMENTS[query], variables });
}

export function requestBody(system: SystemName, query: QueryName, ids: readonly string[]): string {
  return system === 'P' ? postgraphileBody(query, ids) : gatewayBody(query, ids);
}

/**
 * The same bodies as requestBody, with the constant part (operation name and document) serialised once: the load
 * generator builds one body per request and should spend its CPU on sending, not on re-escaping documents.
 */
export function bodyFactory(system: SystemName, query: QueryName): (ids: readonly string[]) => string {
  const document = system === 'P' ? POSTGRAPHILE_DOCUMENTS[query] : GATEWAY_DOCUMENTS[query];
  const operationName = system === 'P' ? query : OPERATION_NAMES[query];
  const head = `${JSON.stringify({ operationName, query: document }).slice(0, -1)},"variables":`;
  if (query !== 'Q4') return (ids) => `${head}{"id":${JSON.stringify(ids[0])}}}`;
  if (system !== 'P') return (ids) => `${head}{"ids":${JSON.stringify(ids)}}}`;
  return (ids) => `${head}{${ids.map((id, i) => `"id${i}":${JSON.stringify(id)}`).join(',')}}}`;
}

// ───────────────────────────── common shape ─────────────────────────────

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const obj = (value: Json | undefined): Obj | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
const arr = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);
const instant = (value: Json | undefined): Json =>
  typeof value === 'string' ? new Date(value).toISOString() : (value ?? null);
const decimal = (value: Json | undefined): Json => (value === null || value === undefined ? null : Number(value));
const edges = (connection: Json | undefined): Obj[] =>
  arr(obj(connection ?? null)?.edges).map((edge) => obj(obj(edge)?.node ?? null) ?? {});
const nodes = (connection: Json | undefined): Obj[] =>
  arr(obj(connection ?? null)?.nodes).map((node) => obj(node) ?? {});
const text = (value: Json | undefined): string => (typeof value === 'string' ? value : '');
const codeName = (value: Json | undefined) => {
  const o = obj(value ?? null);
  return o === null ? null : { code: o.code ?? null, name: o.name ?? null };
};

/** The gateway orders members by relationship in the enum's declared order, which the population model lists too. */
const RELATIONSHIP_ORDER: readonly string[] = RELATIONSHIPS;

function summary(value: Json | undefined, codesOf: (conditions: Json | undefined) => Json): Json {
  const s = obj(value ?? null);
  if (s === null) return null;
  return {
    bloodType: s.bloodType ?? null,
    ...('allergies' in s ? { allergies: s.allergies ?? null } : {}),
    ...('chronicConditions' in s ? { chronicConditions: codesOf(s.chronicConditions) } : {}),
  };
}

const gatewayCodes = (conditions: Json | undefined): Json =>
  conditions === null || conditions === undefined ? null : arr(conditions).map((c) => obj(c)?.code ?? null);

/** Today in Vietnam, as the gateway decides which land rights are current. */
function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

/** The gateway's (and F1's) answer to one citizen in the common shape. */
function citizenFromGateway(value: Json | undefined): Json {
  const c = obj(value ?? null);
  if (c === null) return null;
  const out: Obj = { personalId: c.personalId ?? null, fullName: c.fullName ?? null };
  for (const key of ['dateOfBirth', 'sex', 'ethnicity', 'nationality', 'status'] as const) {
    if (key in c) out[key] = c[key] ?? null;
  }
  if ('hometown' in c) out.hometown = codeName(c.hometown);
  if ('household' in c) {
    const h = obj(c.household ?? null);
    out.household =
      h === null
        ? null
        : {
            residenceFileNo: h.residenceFileNo ?? null,
            address: h.address ?? null,
            ...('commune' in h ? { commune: codeName(h.commune) } : {}),
            members: edges(h.members).map((m) => {
              const member = obj(m.citizen ?? null);
              return {
                relationshipToHead: m.relationshipToHead ?? null,
                ...('type' in m ? { type: m.type ?? null, startDate: m.startDate ?? null } : {}),
                citizen: member === null ? null : citizenFromGateway(member),
              };
            }),
          };
  }
  if ('health' in c) {
    const health = obj(c.health ?? null);
    out.health =
      health === null
        ? null
        : {
            summary: summary(health.summary, gatewayCodes),
            encounters: edges(health.encounters).map((e) => {
              const encounter: Obj = {
                encounterKey: e.encounterKey ?? null,
                admittedAt: instant(e.admittedAt),
              };
              if ('type' in e) encounter.type = e.type ?? null;
              if ('dischargedAt' in e) encounter.dischargedAt = instant(e.dischargedAt);
              if ('facility' in e) encounter.facility = codeName(e.facility);
              if ('principalDiagnosis' in e) {
                const d = obj(e.principalDiagnosis ?? null);
                encounter.principalDiagnosis = d === null ? null : { code: d.code ?? null, title: d.title ?? null };
              }
              if ('secondaryDiagnoses' in e) encounter.secondaryDiagnoses = gatewayCodes(e.secondaryDiagnoses);
              return encounter;
            }),
          };
  }
  if ('landRights' in c) {
    out.landRights = edges(c.landRights).map((r) => {
      const p = obj(r.parcel ?? null);
      return {
        sharePercent: decimal(r.sharePercent),
        certificateSerial: r.certificateSerial ?? null,
        parcel:
          p === null
            ? null
            : {
                mapSheetNo: p.mapSheetNo ?? null,
                parcelNo: p.parcelNo ?? null,
                areaM2: decimal(p.areaM2),
                purposes: arr(p.purposes).map((x) => obj(x)?.code ?? null),
              },
      };
    });
  }
  if ('stays' in c) {
    out.stays = edges(c.stays).map((s) => ({
      checkInAt: instant(s.checkInAt),
      actualCheckOutAt: instant(s.actualCheckOutAt),
      establishment:
        obj(s.establishment ?? null) === null
          ? null
          : { name: obj(s.establishment ?? null)?.name ?? null, type: obj(s.establishment ?? null)?.type ?? null },
    }));
  }
  return out;
}

/** PostGraphile's answer to one citizen in the common shape. */
function citizenFromPostgraphile(value: Json | undefined, query: QueryName): Json {
  const c = obj(value ?? null);
  if (c === null) return null;
  const out: Obj = { personalId: c.personalId ?? null, fullName: c.fullName ?? null };
  for (const key of ['dateOfBirth', 'sex', 'ethnicity', 'nationality', 'status'] as const) {
    if (key in c) out[key] = c[key] ?? null;
  }
  if ('administrativeUnitByHometownCommune' in c) out.hometown = codeName(c.administrativeUnitByHometownCommune);
  if ('householdResidenceRegistrationsByPersonalId' in c) {
    const registration = nodes(c.householdResidenceRegistrationsByPersonalId)[0];
    const h = obj(registration?.householdHouseholdByHouseholdId ?? null);
    const members = nodes(h?.householdResidenceRegistrationsByHouseholdId).sort(
      (a, b) =>
        RELATIONSHIP_ORDER.indexOf(text(a.relationshipToHead)) -
          RELATIONSHIP_ORDER.indexOf(text(b.relationshipToHead)) ||
        text(a.startDate).localeCompare(text(b.startDate)) ||
        Number(a.rowId) - Number(b.rowId),
    );
    out.household =
      h === null
        ? null
        : {
            residenceFileNo: h.residenceFileNo ?? null,
            address: h.address ?? null,
            ...(query === 'Q2' ? {} : { commune: codeName(h.administrativeUnitByCommuneCode) }),
            members: members.map((m) => {
              const member = obj(m.citizenByPersonalId ?? null);
              return {
                relationshipToHead: m.relationshipToHead ?? null,
                ...(query === 'Q2' ? {} : { type: m.type ?? null, startDate: m.startDate ?? null }),
                citizen: member === null ? null : citizenFromPostgraphile(member, query),
              };
            }),
          };
  }
  if ('healthEncountersByPersonalId' in c) {
    out.health = {
      summary: summary(c.healthHealthSummaryByPersonalId, (codes) => codes ?? null),
      encounters: nodes(c.healthEncountersByPersonalId).map((e) => {
        const encounter: Obj = { encounterKey: e.encounterKey ?? null, admittedAt: instant(e.admittedAt) };
        if ('type' in e) encounter.type = e.type ?? null;
        if ('dischargedAt' in e) encounter.dischargedAt = instant(e.dischargedAt);
        if ('healthFacilityByFacilityCode' in e) encounter.facility = codeName(e.healthFacilityByFacilityCode);
        if ('healthIcd10CodeByPrincipalDiagnosis' in e) {
          const d = obj(e.healthIcd10CodeByPrincipalDiagnosis ?? null);
          encounter.principalDiagnosis = d === null ? null : { code: d.code ?? null, title: d.title ?? null };
        }
        if ('secondaryDiagnoses' in e) encounter.secondaryDiagnoses = e.secondaryDiagnoses ?? [];
        return encounter;
      }),
    };
  }
  if ('landLandRightsByHolderPersonalId' in c) {
    const today = todayInVietnam();
    out.landRights = nodes(c.landLandRightsByHolderPersonalId)
      // The gateway lists current rights only (ended_on null or later than today); P has no such condition.
      .filter((r) => r.endedOn === null || r.endedOn === undefined || text(r.endedOn) > today)
      .map((r) => {
        const p = obj(r.landParcelByParcelId ?? null);
        return {
          sharePercent: decimal(r.sharePercent),
          certificateSerial: r.certificateSerial ?? null,
          parcel:
            p === null
              ? null
              : {
                  mapSheetNo: p.mapSheetNo ?? null,
                  parcelNo: p.parcelNo ?? null,
                  areaM2: decimal(p.areaM2),
                  purposes: p.purposeCodes ?? [],
                },
        };
      });
  }
  if ('tourismGuestStaysByGuestPersonalId' in c) {
    out.stays = nodes(c.tourismGuestStaysByGuestPersonalId).map((s) => {
      const e = obj(s.tourismEstablishmentByEstablishmentId ?? null);
      return {
        checkInAt: instant(s.checkInAt),
        actualCheckOutAt: instant(s.actualCheckOutAt),
        establishment: e === null ? null : { name: e.name ?? null, type: e.type ?? null },
      };
    });
  }
  return out;
}

/** One answer (parsed response body) in the common shape: a citizen (or null), or a list of them for Q4. */
export function toCommonShape(system: SystemName, query: QueryName, body: unknown): Json {
  const data = obj(obj((body ?? null) as Json)?.data ?? null);
  if (data === null) return { error: 'no data' };
  if (system === 'P') {
    if (query === 'Q4')
      return Array.from({ length: Q4_BATCH }, (_, i) => citizenFromPostgraphile(data[`c${i}`], query));
    return citizenFromPostgraphile(data.citizenByPersonalId, query);
  }
  if (query === 'Q4') return arr(data.citizens).map((c) => citizenFromGateway(c));
  return citizenFromGateway(data.citizen);
}
