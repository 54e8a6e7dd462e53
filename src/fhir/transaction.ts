/**
 * FHIR writes (docs/ARCHITECTURE.md §16): a hospital POSTs a transaction Bundle (FHIR R4 http.html#transaction) of
 * Encounter, Condition and PaymentNotice resources; it becomes ONE `recordEncounterBatch` mutation of the health
 * sector, run through the GraphQL pipeline like any other operation (admission, scopes, purpose, limits, audit), so
 * the Bundle is written in one transaction or not at all, with the sector's own checks.
 *
 * The mapping (each element named is checked; problems are reported all at once, each as an OperationOutcome issue
 * whose `expression` is the Bundle element, e.g. `Bundle.entry[2].resource.code`):
 *  - Bundle: `type` = `transaction` (a `batch` is not atomic: not supported), every `entry.request.method` POST with
 *    `request.url` its resource type; `identifier` (system and value) names the transaction: its digest is the
 *    request's idempotency key when no `Idempotency-Key` header is sent (src/lib/mutation.ts).
 *  - Encounter → an encounter: `identifier` of system ENCOUNTER_KEY_SYSTEM = the facility's key; `subject` =
 *    `Patient/{personal ID}` or an identifier of system PERSONAL_ID_SYSTEM; `class` (v3 ActCode) AMB, IMP, EMER, SS
 *    = OUTPATIENT, INPATIENT, EMERGENCY, DAY_CARE; `status` `in-progress` (no `period.end`) or `finished` (with one);
 *    `period.start`/`end` = admission/discharge (date, time and zone); `serviceProvider`, when given, must be the
 *    caller's own facility (`Organization/{code}` or an identifier of system FACILITY_SYSTEM): the facility written
 *    is always the token's `org`. Every Encounter create is conditional on its key (an encounter already recorded
 *    with the same content is answered 200 OK, with other content 409); an `If-None-Exist` header, when sent, must
 *    be `identifier=<ENCOUNTER_KEY_SYSTEM>|<that key>`.
 *  - Condition → a diagnosis of the Encounter it belongs to: `Condition.encounter` or the Encounter's
 *    `diagnosis[].condition` references the Encounter's `fullUrl` in the Bundle; `code.coding` holds exactly one
 *    ICD-10 code (system ICD10_SYSTEM); `subject` is the Encounter's. The principal diagnosis is the one the
 *    Encounter's `diagnosis` ranks 1 (R4 Encounter.diagnosis.rank), or the only Condition of the Encounter; the others
 *    are secondary diagnoses, in rank order then Bundle order. `category`, when given, is `encounter-diagnosis`.
 *  - PaymentNotice → a payment for the Encounter its `request` references: `amount` (VND, whole) = the total,
 *    `created` = when it was paid, extension INSURANCE_AMOUNT_EXTENSION (valueMoney, VND; default 0) = the part paid
 *    by health insurance, extension CASHLESS_EXTENSION (valueBoolean; default false). A payment already recorded for
 *    the encounter with the same values is answered 200 OK.
 * References must resolve inside the Bundle (`urn:uuid:` fullUrls); Claim and every other type are not supported.
 * The response is a `transaction-response` Bundle, one entry per request entry in order, `201 Created` or `200 OK`.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bundle, BundleEntry, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { isAnonymous } from '../auth/principal.ts';
import { ERRORS, isErrorCode, type ErrorCode } from '../errors/catalogue.ts';
import { BodyTooLargeError, readBody, RequestAbortedError } from '../http/body.ts';
import type { GraphQLPipeline } from '../http/graphql-request.ts';
import { requestBytesMessage } from '../limits/index.ts';
import {
  ERROR_CODE_SYSTEM,
  issueTypeOf,
  refuseAsOutcome,
  sendOutcome,
  sendResource,
  type IssueType,
} from './outcome.ts';
import { ACT_CODE, CLASSES } from './resources/encounter.ts';
import { ENCOUNTER_KEY_SYSTEM, FACILITY_SYSTEM, ICD10_SYSTEM, PERSONAL_ID_SYSTEM } from './systems.ts';

/** The part of a payment paid by health insurance (valueMoney, VND) on a PaymentNotice: the gateway's own. */
export const INSURANCE_AMOUNT_EXTENSION = 'https://fhir.lienthong.gov.vn/StructureDefinition/insurance-amount';
/** Whether a payment was cashless (valueBoolean) on a PaymentNotice: the gateway's own. */
export const CASHLESS_EXTENSION = 'https://fhir.lienthong.gov.vn/StructureDefinition/cashless';
const CONDITION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-category';

/** Encounter.class code → encounter type: the read mapping's table (src/fhir/resources/encounter.ts) inverted. */
const ENCOUNTER_TYPES: ReadonlyMap<string, keyof typeof CLASSES> = new Map(
  (Object.entries(CLASSES) as [keyof typeof CLASSES, (typeof CLASSES)[keyof typeof CLASSES]][]).map(
    ([type, coding]) => [coding.code, type],
  ),
);

/** Entries of one transaction at most (the body size limit applies too). */
const MAX_ENTRIES = 1000;

/** The operation a transaction runs: its name shows the FHIR interaction in the audit log and the traces. */
export const TRANSACTION_OPERATION = /* GraphQL */ `
  mutation FHIR_transaction($input: RecordEncounterBatchInput!) {
    recordEncounterBatch(input: $input) {
      encounters {
        encounterKey
        outcome
        payments {
          outcome
        }
      }
    }
  }
`;
export const TRANSACTION_OPERATION_NAME = 'FHIR_transaction';

/** A problem of the Bundle: a FHIR issue type, the catalogue code it is refused with, the element, the reason. */
export interface TransactionIssue {
  readonly type: IssueType;
  readonly code: ErrorCode;
  readonly expression: string;
  readonly message: string;
}

export function transactionIssue(problem: TransactionIssue): OperationOutcomeIssue {
  return {
    severity: 'error',
    code: problem.type,
    details: { coding: [{ system: ERROR_CODE_SYSTEM, code: problem.code }], text: problem.message },
    expression: [problem.expression],
  };
}

/** The mutation input (RecordEncounterBatchInput's shape: the GraphQL layer checks it again). */
interface BatchEntryInput {
  personalId: string;
  encounterKey: string;
  type: string;
  admittedAt: string;
  dischargedAt?: string;
  principalDiagnosis: string;
  secondaryDiagnoses: string[];
  payments: { amountVnd: string; insuranceVnd: string; cashless: boolean; paidAt: string }[];
}

/** A Bundle mapped: the mutation's input, the idempotency key it names, and how to read the answer back. */
export interface TransactionPlan {
  readonly input: { encounters: BatchEntryInput[] };
  /** The digest of Bundle.identifier, or undefined when the Bundle has none. */
  readonly identifierKey: string | undefined;
  /** An input path of the mutation (`input.encounters[0].payments[1].amountVnd`) as a Bundle element. */
  expressionOf(inputPath: string): string;
  /** Replaces the input paths a reason mentions by the Bundle elements. */
  explain(reason: string): string;
  /** The transaction-response Bundle of the mutation's answer. */
  response(payload: BatchPayload): Bundle;
}

export interface BatchPayload {
  encounters: {
    encounterKey: string;
    outcome: 'CREATED' | 'EXISTING';
    payments: { outcome: 'CREATED' | 'EXISTING' }[];
  }[];
}

export type TransactionMapping =
  | { readonly ok: true; readonly plan: TransactionPlan }
  | { readonly ok: false; readonly issues: readonly TransactionIssue[] };

/** What the FHIR id of a written resource is (the read side's ids, so a `location` can be read back). */
export interface WrittenIds {
  encounter(encounterKey: string): string;
  /** The Condition of an encounter's diagnosis: the principal (index 0) or the secondary ones (index 1...). */
  condition(encounterKey: string, diagnosisIndex: number): string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A FHIR dateTime with a time and a zone (an instant): what an admission or a payment needs. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

interface EncounterEntry {
  readonly index: number;
  readonly fullUrl: string | undefined;
  readonly resource: Json;
  personalId?: string;
  encounterKey?: string;
  /** Conditions of this encounter: entry index, the rank the Encounter gives it (if any). */
  readonly conditions: { index: number; code: string | undefined; rank: number | undefined }[];
  readonly payments: { index: number; payment: BatchEntryInput['payments'][number] }[];
}

/**
 * Maps a transaction Bundle to the batch mutation's input, or lists every problem found. `facility` is the caller's
 * organisation (the token's `org`): a serviceProvider naming another one is refused here (FORBIDDEN), and the
 * mutation refuses a token whose org is not a facility.
 */
export function planTransaction(body: unknown, facility: string | undefined, ids: WrittenIds): TransactionMapping {
  const issues: TransactionIssue[] = [];
  const problem = (type: IssueType, expression: string, message: string, code: ErrorCode = 'BAD_REQUEST') =>
    issues.push({ type, code, expression, message });

  if (!isObject(body) || body.resourceType !== 'Bundle') {
    problem('structure', 'Bundle', 'The body must be a FHIR Bundle (resourceType "Bundle")');
    return { ok: false, issues };
  }
  if (body.type !== 'transaction') {
    problem(
      body.type === 'batch' ? 'not-supported' : 'value',
      'Bundle.type',
      body.type === 'batch'
        ? 'Only transactions are accepted: a batch is not atomic, and records are written all or nothing'
        : 'Bundle.type must be "transaction"',
    );
  }
  let identifierKey: string | undefined;
  if (body.identifier !== undefined) {
    const system = isObject(body.identifier) ? text(body.identifier.system) : undefined;
    const value = isObject(body.identifier) ? text(body.identifier.value) : undefined;
    if (system === undefined || value === undefined || value.trim() === '') {
      problem(
        'required',
        'Bundle.identifier',
        'Bundle.identifier needs a system and a value (it names the transaction)',
      );
    } else {
      identifierKey = `fhir-bundle-${crypto.createHash('sha256').update(`${system}|${value}`).digest('hex')}`;
    }
  }
  const entries = asArray(body.entry);
  if (entries.length === 0) problem('required', 'Bundle.entry', 'The transaction has no entry');
  if (entries.length > MAX_ENTRIES) problem('too-long', 'Bundle.entry', `At most ${MAX_ENTRIES} entries`);
  if (issues.length > 0) return { ok: false, issues };

  // First pass: each entry's type and request, the fullUrls.
  const byFullUrl = new Map<string, { index: number; type: string }>();
  const typed: { index: number; type: string; resource: Json; fullUrl: string | undefined; request: Json }[] = [];
  entries.forEach((entry, index) => {
    const at = `Bundle.entry[${index}]`;
    if (!isObject(entry) || !isObject(entry.resource)) {
      problem('required', `${at}.resource`, 'Each entry carries a resource');
      return;
    }
    const resource = entry.resource;
    const type = text(resource.resourceType) ?? '';
    const fullUrl = text(entry.fullUrl);
    if (fullUrl !== undefined) {
      if (!/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(fullUrl)) {
        problem('value', `${at}.fullUrl`, 'A new resource is named by a urn:uuid: fullUrl');
      } else if (byFullUrl.has(fullUrl)) {
        problem('invalid', `${at}.fullUrl`, `Same fullUrl as Bundle.entry[${byFullUrl.get(fullUrl)?.index}]`);
      } else {
        byFullUrl.set(fullUrl, { index, type });
      }
    }
    const request = isObject(entry.request) ? entry.request : undefined;
    if (request === undefined) {
      problem('required', `${at}.request`, 'A transaction entry needs a request (method POST, url the resource type)');
      return;
    }
    if (request.method !== 'POST') {
      problem(
        'not-supported',
        `${at}.request.method`,
        `Only POST (create) is supported in a transaction, not ${String(request.method)}`,
      );
      return;
    }
    if (request.url !== type) {
      problem('value', `${at}.request.url`, `request.url must be the resource type (${type || 'none'})`);
    }
    if (type !== 'Encounter' && type !== 'Condition' && type !== 'PaymentNotice') {
      problem(
        'not-supported',
        `${at}.resource.resourceType`,
        `${type || 'A resource without resourceType'} is not written here: a transaction holds Encounter, Condition and PaymentNotice resources`,
      );
      return;
    }
    if (request.ifNoneExist !== undefined && type !== 'Encounter') {
      problem(
        'not-supported',
        `${at}.request.ifNoneExist`,
        `A ${type} is created with its Encounter: its condition is the Encounter's identifier`,
      );
    }
    typed.push({ index, type, resource, fullUrl, request });
  });

  /** The Encounter entry a reference names inside the Bundle, or a problem. */
  const encounters = new Map<number, EncounterEntry>();
  const resolveEncounter = (reference: unknown, at: string): EncounterEntry | undefined => {
    const target = isObject(reference) ? text(reference.reference) : undefined;
    if (target === undefined) {
      problem('required', at, 'A reference to the Encounter of the Bundle (its fullUrl) is required');
      return undefined;
    }
    const found = byFullUrl.get(target);
    if (found === undefined) {
      problem('invalid', at, `The reference ${target.slice(0, 80)} does not resolve to an entry of the Bundle`);
      return undefined;
    }
    const encounter = encounters.get(found.index);
    if (encounter === undefined) problem('invalid', at, `The reference names a ${found.type}, not an Encounter`);
    return encounter;
  };

  // Second pass: the Encounters.
  for (const { index, resource, fullUrl, request } of typed.filter((entry) => entry.type === 'Encounter')) {
    const at = `Bundle.entry[${index}].resource`;
    const encounter: EncounterEntry = { index, fullUrl, resource, conditions: [], payments: [] };
    encounters.set(index, encounter);
    const keys = asArray(resource.identifier).filter(
      (identifier) => isObject(identifier) && identifier.system === ENCOUNTER_KEY_SYSTEM,
    );
    const key = isObject(keys[0]) ? text(keys[0].value) : undefined;
    if (keys.length !== 1 || key === undefined) {
      problem('required', `${at}.identifier`, `One identifier of system ${ENCOUNTER_KEY_SYSTEM}: the facility's key`);
    } else {
      encounter.encounterKey = key;
      const condition = text(request.ifNoneExist);
      if (condition !== undefined && condition !== `identifier=${ENCOUNTER_KEY_SYSTEM}|${key}`) {
        problem(
          'not-supported',
          `Bundle.entry[${index}].request.ifNoneExist`,
          `If-None-Exist must be identifier=${ENCOUNTER_KEY_SYSTEM}|${key} (an encounter is identified by its key)`,
        );
      }
    }
    encounter.personalId = personalIdOf(resource.subject, `${at}.subject`, problem);
    const status = text(resource.status);
    const period = isObject(resource.period) ? resource.period : {};
    if (status !== 'in-progress' && status !== 'finished') {
      problem(
        status === undefined ? 'required' : 'not-supported',
        `${at}.status`,
        'status must be in-progress (still in care) or finished (discharged)',
      );
    } else if (status === 'finished' && period.end === undefined) {
      problem('required', `${at}.period.end`, 'A finished encounter has its discharge time (period.end)');
    } else if (status === 'in-progress' && period.end !== undefined) {
      problem('invalid', `${at}.period.end`, 'An encounter in progress has no period.end');
    }
    for (const bound of ['start', 'end'] as const) {
      const value = period[bound];
      if (value === undefined && bound === 'end') continue;
      if (typeof value !== 'string' || !INSTANT.test(value)) {
        problem(
          value === undefined ? 'required' : 'value',
          `${at}.period.${bound}`,
          'A date and time with its time zone, e.g. 2026-01-15T08:30:00+07:00',
        );
      }
    }
    const classCode = isObject(resource.class) ? resource.class : {};
    if (classCode.system !== ACT_CODE || !ENCOUNTER_TYPES.has(String(classCode.code))) {
      problem(
        'code-invalid',
        `${at}.class`,
        `class must be a code of ${ACT_CODE}: ${[...ENCOUNTER_TYPES.keys()].join(', ')}`,
      );
    }
    if (resource.serviceProvider !== undefined) {
      const provider = facilityOf(resource.serviceProvider);
      if (provider === undefined) {
        problem(
          'value',
          `${at}.serviceProvider`,
          `serviceProvider is Organization/{facility code} or an identifier of system ${FACILITY_SYSTEM}`,
        );
      } else if (provider !== facility) {
        issues.push({
          type: 'forbidden',
          code: 'FORBIDDEN' satisfies ErrorCode,
          expression: `${at}.serviceProvider`,
          message: `A facility records its own encounters: ${provider} is not this token's facility (${facility ?? 'none'})`,
        });
      }
    }
  }

  // Encounter.diagnosis: the Conditions it lists and their rank.
  const listed = new Map<number, { encounter: EncounterEntry; rank: number | undefined }>();
  for (const encounter of encounters.values()) {
    asArray(encounter.resource.diagnosis).forEach((diagnosis, position) => {
      const at = `Bundle.entry[${encounter.index}].resource.diagnosis[${position}]`;
      const target =
        isObject(diagnosis) && isObject(diagnosis.condition) ? text(diagnosis.condition.reference) : undefined;
      const found = target === undefined ? undefined : byFullUrl.get(target);
      if (found === undefined || found.type !== 'Condition') {
        problem('invalid', `${at}.condition`, 'Must reference a Condition of the Bundle by its fullUrl');
        return;
      }
      const rank = isObject(diagnosis) && typeof diagnosis.rank === 'number' ? diagnosis.rank : undefined;
      if (
        isObject(diagnosis) &&
        diagnosis.rank !== undefined &&
        (rank === undefined || !Number.isInteger(rank) || rank < 1)
      ) {
        problem('value', `${at}.rank`, 'rank is a positive integer (1 = the principal diagnosis)');
      }
      if (listed.has(found.index)) {
        problem('invalid', `${at}.condition`, 'The Condition is listed twice');
        return;
      }
      listed.set(found.index, { encounter, rank });
    });
  }

  // The Conditions and the PaymentNotices.
  for (const { index, type, resource } of typed) {
    const at = `Bundle.entry[${index}].resource`;
    if (type === 'Condition') {
      const byDiagnosis = listed.get(index);
      let encounter = byDiagnosis?.encounter;
      if (resource.encounter !== undefined) {
        const named = resolveEncounter(resource.encounter, `${at}.encounter`);
        if (named !== undefined && encounter !== undefined && named !== encounter) {
          problem('invalid', `${at}.encounter`, 'Names another Encounter than the one that lists this Condition');
        }
        encounter ??= named;
      } else if (encounter === undefined) {
        problem('required', `${at}.encounter`, 'A Condition is a diagnosis of an Encounter of the Bundle');
      }
      const codings = isObject(resource.code) ? asArray(resource.code.coding) : [];
      const icd = codings.filter((coding) => isObject(coding) && coding.system === ICD10_SYSTEM);
      const code = isObject(icd[0]) ? text(icd[0].code) : undefined;
      if (icd.length !== 1 || code === undefined) {
        problem('required', `${at}.code`, `code.coding holds exactly one ICD-10 code (system ${ICD10_SYSTEM})`);
      }
      for (const [position, category] of asArray(resource.category).entries()) {
        const codingsOf = isObject(category) ? asArray(category.coding) : [];
        const ok = codingsOf.some(
          (coding) =>
            isObject(coding) && coding.system === CONDITION_CATEGORY_SYSTEM && coding.code === 'encounter-diagnosis',
        );
        if (!ok) {
          problem(
            'not-supported',
            `${at}.category[${position}]`,
            'Only encounter diagnoses are written (category encounter-diagnosis)',
          );
        }
      }
      const subject = personalIdOf(resource.subject, `${at}.subject`, problem);
      if (encounter !== undefined) {
        if (subject !== undefined && encounter.personalId !== undefined && subject !== encounter.personalId) {
          problem('invalid', `${at}.subject`, "The Condition's subject is not its Encounter's patient");
        }
        encounter.conditions.push({ index, code, rank: byDiagnosis?.rank });
      }
    } else if (type === 'PaymentNotice') {
      const encounter = resolveEncounter(resource.request, `${at}.request`);
      if (resource.status !== 'active') problem('value', `${at}.status`, 'status must be active');
      const amount = vndOf(resource.amount, `${at}.amount`, problem);
      let insurance = '0';
      let cashless = false;
      for (const [position, extension] of asArray(resource.extension).entries()) {
        if (!isObject(extension)) continue;
        if (extension.url === INSURANCE_AMOUNT_EXTENSION) {
          insurance = vndOf(extension.valueMoney, `${at}.extension[${position}].valueMoney`, problem) ?? '0';
        } else if (extension.url === CASHLESS_EXTENSION) {
          if (typeof extension.valueBoolean !== 'boolean') {
            problem('value', `${at}.extension[${position}].valueBoolean`, 'cashless is a valueBoolean');
          } else cashless = extension.valueBoolean;
        }
      }
      const created = text(resource.created);
      if (created === undefined || !INSTANT.test(created)) {
        problem(
          created === undefined ? 'required' : 'value',
          `${at}.created`,
          'When it was paid: a date and time with its time zone',
        );
      }
      if (encounter !== undefined && amount !== undefined && created !== undefined) {
        encounter.payments.push({
          index,
          payment: { amountVnd: amount, insuranceVnd: insurance, cashless, paidAt: created },
        });
      }
    }
  }

  // Principal and secondary diagnoses.
  const diagnoses = new Map<EncounterEntry, { principal: number | undefined; secondary: number[] }>();
  for (const encounter of encounters.values()) {
    const at = `Bundle.entry[${encounter.index}].resource`;
    const { conditions } = encounter;
    if (conditions.length === 0) {
      problem('required', `${at}.diagnosis`, 'An encounter has a principal diagnosis: a Condition of the Bundle');
      continue;
    }
    const first = conditions.filter((condition) => condition.rank === 1);
    if (conditions.length > 1 && first.length !== 1) {
      problem(
        'invalid',
        `${at}.diagnosis`,
        first.length === 0
          ? 'Several Conditions: the principal diagnosis is the one diagnosis[].rank ranks 1'
          : 'Only one diagnosis has rank 1 (the principal diagnosis)',
      );
      continue;
    }
    const principal =
      conditions.length === 1
        ? (conditions[0] as (typeof conditions)[number])
        : (first[0] as (typeof conditions)[number]);
    const secondary = conditions
      .filter((condition) => condition !== principal)
      .sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.index - b.index);
    diagnoses.set(encounter, { principal: principal.index, secondary: secondary.map((condition) => condition.index) });
  }
  if (issues.length > 0) return { ok: false, issues };

  // The input, and the way back from its paths to the Bundle's elements.
  const ordered = [...encounters.values()].sort((a, b) => a.index - b.index);
  const paths = new Map<string, string>([
    ['input', 'Bundle'],
    ['input.encounters', 'Bundle.entry'],
  ]);
  const codeOf = new Map(ordered.flatMap((encounter) => encounter.conditions.map((c) => [c.index, c.code ?? ''])));
  const input = {
    encounters: ordered.map((encounter, position): BatchEntryInput => {
      const from = `input.encounters[${position}]`;
      const at = `Bundle.entry[${encounter.index}]`;
      const { principal, secondary } = diagnoses.get(encounter) as { principal: number; secondary: number[] };
      const period = encounter.resource.period as Json;
      paths.set(from, at);
      paths.set(`${from}.encounterKey`, `${at}.resource.identifier`);
      paths.set(`${from}.personalId`, `${at}.resource.subject`);
      paths.set(`${from}.type`, `${at}.resource.class`);
      paths.set(`${from}.admittedAt`, `${at}.resource.period.start`);
      paths.set(`${from}.dischargedAt`, `${at}.resource.period.end`);
      paths.set(`${from}.principalDiagnosis`, `Bundle.entry[${principal}].resource.code`);
      paths.set(`${from}.secondaryDiagnoses`, `${at}.resource.diagnosis`);
      secondary.forEach((index, number) =>
        paths.set(`${from}.secondaryDiagnoses[${number}]`, `Bundle.entry[${index}].resource.code`),
      );
      paths.set(`${from}.payments`, at);
      encounter.payments.forEach(({ index }, number) => {
        const payment = `${from}.payments[${number}]`;
        paths.set(payment, `Bundle.entry[${index}]`);
        paths.set(`${payment}.amountVnd`, `Bundle.entry[${index}].resource.amount`);
        paths.set(`${payment}.insuranceVnd`, `Bundle.entry[${index}].resource.extension`);
        paths.set(`${payment}.cashless`, `Bundle.entry[${index}].resource.extension`);
        paths.set(`${payment}.paidAt`, `Bundle.entry[${index}].resource.created`);
      });
      const dischargedAt = text(period.end);
      return {
        personalId: encounter.personalId as string,
        encounterKey: encounter.encounterKey as string,
        type: ENCOUNTER_TYPES.get(String((encounter.resource.class as Json).code)) as string,
        admittedAt: period.start as string,
        ...(dischargedAt === undefined ? {} : { dischargedAt }),
        principalDiagnosis: codeOf.get(principal) as string,
        secondaryDiagnoses: secondary.map((index) => codeOf.get(index) as string),
        payments: encounter.payments.map(({ payment }) => payment),
      };
    }),
  };

  const expressionOf = (inputPath: string): string => {
    // The longest known prefix: `input.encounters[0].payments[1].amountVnd` → its PaymentNotice's amount.
    for (let path = inputPath; path.length > 0; path = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
      const found = paths.get(path);
      if (found !== undefined) return found;
      if (!/(\.[^.[\]]+|\[\d+\])$/.test(path)) break;
    }
    return 'Bundle';
  };

  return {
    ok: true,
    plan: {
      input,
      identifierKey,
      expressionOf,
      explain: (reason) => reason.replace(/\binput(?:\.[A-Za-z]+|\[\d+\])+/g, (path) => expressionOf(path)),
      response(payload) {
        const byKey = new Map(payload.encounters.map((result) => [result.encounterKey, result]));
        const responses = new Map<number, BundleEntry['response']>();
        for (const encounter of ordered) {
          const result = byKey.get(encounter.encounterKey as string);
          if (result === undefined) continue;
          const key = result.encounterKey;
          responses.set(encounter.index, created(result.outcome, `Encounter/${ids.encounter(key)}`));
          const { principal, secondary } = diagnoses.get(encounter) as { principal: number; secondary: number[] };
          [principal, ...secondary].forEach((index, number) =>
            responses.set(index, created(result.outcome, `Condition/${ids.condition(key, number)}`)),
          );
          encounter.payments.forEach(({ index }, number) => {
            const outcome = result.payments[number]?.outcome ?? 'EXISTING';
            // PaymentNotice has no read interaction here: no location.
            responses.set(index, { status: outcome === 'CREATED' ? '201 Created' : '200 OK' });
          });
        }
        return {
          resourceType: 'Bundle',
          type: 'transaction-response',
          entry: entries.map((_entry, index) => ({ response: responses.get(index) ?? { status: '200 OK' } })),
        };
      },
    },
  };
}

function created(outcome: 'CREATED' | 'EXISTING', location: string): NonNullable<BundleEntry['response']> {
  return { status: outcome === 'CREATED' ? '201 Created' : '200 OK', location };
}

/** The personal ID of a Patient reference (`Patient/{id}` or an identifier of system PERSONAL_ID_SYSTEM). */
function personalIdOf(
  reference: unknown,
  at: string,
  problem: (type: IssueType, expression: string, message: string) => void,
): string | undefined {
  if (!isObject(reference)) {
    problem('required', at, 'The patient: Patient/{personal ID} or an identifier of the personal ID');
    return undefined;
  }
  const target = text(reference.reference);
  if (target !== undefined) {
    const match = /^Patient\/(\d{12})$/.exec(target);
    if (match !== null) return match[1];
  } else if (isObject(reference.identifier) && reference.identifier.system === PERSONAL_ID_SYSTEM) {
    const value = text(reference.identifier.value);
    if (value !== undefined && /^\d{12}$/.test(value)) return value;
  }
  problem('value', at, `The patient: Patient/{12-digit personal ID} or an identifier of system ${PERSONAL_ID_SYSTEM}`);
  return undefined;
}

/** The facility code an Organization reference names, or undefined. */
function facilityOf(reference: unknown): string | undefined {
  if (!isObject(reference)) return undefined;
  const target = text(reference.reference);
  if (target !== undefined) return /^Organization\/([A-Za-z0-9]{5})$/.exec(target)?.[1];
  if (isObject(reference.identifier) && reference.identifier.system === FACILITY_SYSTEM) {
    return text(reference.identifier.value);
  }
  return undefined;
}

/** A whole amount of VND of a Money, as the Decimal text the mutation takes. */
function vndOf(
  money: unknown,
  at: string,
  problem: (type: IssueType, expression: string, message: string) => void,
): string | undefined {
  if (!isObject(money) || typeof money.value !== 'number') {
    problem(money === undefined ? 'required' : 'value', at, 'An amount of money: { value, currency: "VND" }');
    return undefined;
  }
  if (money.currency !== 'VND') {
    problem('value', `${at}.currency`, 'Amounts are in VND');
    return undefined;
  }
  if (!Number.isSafeInteger(money.value) || money.value < 0) {
    problem('value', `${at}.value`, 'A whole number of VND, 0 or more');
    return undefined;
  }
  return String(money.value);
}

// ───────────── the interaction: POST /fhir ─────────────

/** Field errors that refuse the transaction, with their FHIR status (they are HTTP 200 in GraphQL). */
const FIELD_ERROR_STATUS: Partial<Record<ErrorCode, number>> = {
  // The proposed resources break a rule of the sector (R4 http.html#update: 422 Unprocessable Entity).
  BAD_USER_INPUT: 422,
  // The token may not write (scope health:encounters:write).
  UNAUTHORIZED_FIELD_OR_TYPE: 403,
};

export interface TransactionInteraction {
  readonly pipeline: GraphQLPipeline;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  readonly maxRequestBytes: number;
  readonly ids: WrittenIds;
}

/**
 * Admits the caller, reads and maps the Bundle, runs the batch mutation through the GraphQL pipeline, and answers
 * the transaction-response Bundle or an OperationOutcome (one issue per problem, each at its Bundle element).
 */
export async function transaction(interaction: TransactionInteraction): Promise<void> {
  const { pipeline, req, res, requestId } = interaction;
  const admitted = await pipeline.admit(req, res, requestId, refuseAsOutcome);
  if (admitted === 'answered') return;
  if (isAnonymous(admitted.principal)) {
    // A write is always someone's: without a token it is refused before the body is read (R4 security.html: 401).
    req.resume();
    return refuseAsOutcome(
      res,
      'UNAUTHENTICATED',
      'A transaction needs a bearer token (scope health:encounters:write)',
    );
  }
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/(fhir\+json|json|json\+fhir)\s*(;|$)/.test(contentType)) {
    req.resume();
    return sendOutcome(res, 'BAD_REQUEST', 'The body must be a FHIR JSON Bundle (Content-Type: application/fhir+json)');
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req, interaction.maxRequestBytes));
  } catch (error) {
    if (error instanceof RequestAbortedError) {
      res.destroy();
      return;
    }
    if (error instanceof BodyTooLargeError) {
      return sendOutcome(
        res,
        'MAX_REQUEST_BYTES',
        requestBytesMessage(req.headers['content-length'], interaction.maxRequestBytes),
      );
    }
    if (!(error instanceof SyntaxError)) throw error;
    return sendOutcome(res, 'BAD_REQUEST', 'The request body is not valid JSON');
  }
  const mapped = planTransaction(body, admitted.principal.org, interaction.ids);
  if (!mapped.ok) {
    const forbidden = mapped.issues.some((problem) => problem.code === 'FORBIDDEN');
    return sendOutcome(res, forbidden ? 'FORBIDDEN' : 'BAD_REQUEST', undefined, {
      issues: mapped.issues.map(transactionIssue),
    });
  }
  const { plan } = mapped;
  const executed = await pipeline.run(req, requestId, admitted, {
    query: TRANSACTION_OPERATION,
    operationName: TRANSACTION_OPERATION_NAME,
    variables: { input: plan.input },
    ...(plan.identifierKey === undefined ? {} : { idempotencyKey: plan.identifierKey }),
  });
  if (executed.kind === 'refused') return sendOutcome(res, executed.code, executed.message);
  const errors = executed.body.errors ?? [];
  const payload = (executed.body.data as { recordEncounterBatch?: BatchPayload | null } | null | undefined)
    ?.recordEncounterBatch;
  if (errors.length === 0 && executed.status < 400 && payload !== undefined && payload !== null) {
    return sendResource(res, 200, plan.response(payload));
  }
  const codes = errors.map((error) => (isErrorCode(error.extensions?.code) ? error.extensions.code : undefined));
  const code: ErrorCode = codes.find((found) => found !== undefined) ?? 'INTERNAL_SERVER_ERROR';
  const status =
    executed.status >= 400
      ? executed.status
      : (FIELD_ERROR_STATUS[code] ?? (ERRORS[code].status >= 400 ? ERRORS[code].status : 500));
  const issues = errors.flatMap((error, index) => {
    const errorCode = codes[index] ?? 'INTERNAL_SERVER_ERROR';
    const problems = error.extensions?.problems;
    if (Array.isArray(problems) && problems.length > 0) {
      return (problems as { field: string; reason: string }[]).map((problem) =>
        transactionIssue({
          type: issueTypeOf(errorCode),
          code: errorCode,
          expression: plan.expressionOf(problem.field),
          message: plan.explain(problem.reason),
        }),
      );
    }
    const field = typeof error.extensions?.field === 'string' ? error.extensions.field : undefined;
    return [
      transactionIssue({
        type: issueTypeOf(errorCode),
        code: errorCode,
        expression: field === undefined ? 'Bundle' : plan.expressionOf(field),
        message: plan.explain(error.message),
      }),
    ];
  });
  sendOutcome(res, code, undefined, { issues, status });
}
