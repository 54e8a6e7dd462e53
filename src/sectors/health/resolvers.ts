/** Resolvers of the health sector (schema/health.graphql): the Citizen.health extension and its records. */
import type { Diagnosis, Resolvers } from '../../generated/graphql.ts';
import { badUserInput } from '../../lib/errors.ts';
import { pageRequest } from '../../lib/connection.ts';
import { toGlobalId } from '../../lib/global-id.ts';
import type { GatewayContext } from '../../context.ts';
import { referenceRow } from '../../lib/reference.ts';
import { createHealthLoaders, HEALTH_FACILITIES, ICD10_CODES } from './loaders.ts';
import { decodeCardCode } from './mappers.ts';

const loaders = (ctx: GatewayContext) => ctx.loaders.get(createHealthLoaders);

/**
 * An ICD-10 code with its catalogue title (null when the code is not in the catalogue). Synchronous while the
 * catalogue is loaded (src/lib/reference.ts): no promise, no extra execution wave per diagnosis.
 */
function diagnosis(ctx: GatewayContext, code: string): Diagnosis | Promise<Diagnosis> {
  const entry = referenceRow(ctx.db, ICD10_CODES, code);
  return entry instanceof Promise
    ? entry.then((loaded) => ({ code, title: loaded?.title ?? null }))
    : { code, title: entry?.title ?? null };
}

const diagnoses = (ctx: GatewayContext, codes: readonly string[]) => codes.map((code) => diagnosis(ctx, code));

const facility = (ctx: GatewayContext, code: string) => referenceRow(ctx.db, HEALTH_FACILITIES, code);

export const healthResolvers: Resolvers = {
  Citizen: {
    // Every citizen has a health record (empty parts when there is no data): no query here; each part is loaded,
    // batched over all citizens of the request, only when asked for.
    health: (citizen) => ({ personalId: citizen.personalId }),
  },
  HealthRecord: {
    summary: async (record, _args, ctx) =>
      (await loaders(ctx).summaryByPersonalId.load(record.personalId))?.summary ?? null,
    summaryWithheld: async (record, _args, ctx) =>
      (await loaders(ctx).summaryByPersonalId.load(record.personalId))?.withheld ?? false,
    coverage: async (record, args, ctx, info) => {
      const page = pageRequest(ctx, info, record.personalId, args, 10);
      const rows = await loaders(ctx).coveragePages.load({
        parentKey: record.personalId,
        page: page.request,
        filter: null,
      });
      return page.connection(rows, (row) => row);
    },
    encounters: async (record, args, ctx, info) => {
      const page = pageRequest(ctx, info, record.personalId, args, 20);
      const filter = { from: args.from ?? null, to: args.to ?? null };
      if (filter.from !== null && filter.to !== null && filter.from > filter.to) {
        throw badUserInput(`"from" (${filter.from}) is after "to" (${filter.to})`, 'from');
      }
      const rows = await loaders(ctx).encounterPages.load({ parentKey: record.personalId, page: page.request, filter });
      return {
        ...page.connection(rows, (row) => row),
        withheld: () => loaders(ctx).encountersWithheld.load({ parentKey: record.personalId, filter: null }),
      };
    },
    payments: async (record, args, ctx, info) => {
      const page = pageRequest(ctx, info, record.personalId, args, 20);
      const rows = await loaders(ctx).paymentPages.load({
        parentKey: record.personalId,
        page: page.request,
        filter: null,
      });
      return {
        ...page.connection(rows, (row) => row),
        withheld: () => loaders(ctx).paymentsWithheld.load({ parentKey: record.personalId, filter: null }),
      };
    },
    vaccinations: async (record, args, ctx, info) => {
      const page = pageRequest(ctx, info, record.personalId, args, 50);
      const rows = await loaders(ctx).vaccinationPages.load({
        parentKey: record.personalId,
        page: page.request,
        filter: null,
      });
      return {
        ...page.connection(rows, (row) => row),
        withheld: () => loaders(ctx).vaccinationsWithheld.load({ parentKey: record.personalId, filter: null }),
      };
    },
  },
  EncounterConnection: { withheldCount: (connection) => connection.withheld() },
  PaymentConnection: { withheldCount: (connection) => connection.withheld() },
  VaccinationConnection: { withheldCount: (connection) => connection.withheld() },
  HealthSummary: {
    chronicConditions: (summary, _args, ctx) =>
      summary.chronicConditionCodes === null ? null : diagnoses(ctx, summary.chronicConditionCodes),
  },
  InsuranceCoverage: {
    groupCode: (coverage) => decodeCardCode(coverage.cardCode).groupCode,
    benefitLevel: (coverage) => decodeCardCode(coverage.cardCode).benefitLevel,
    initialFacility: (coverage, _args, ctx) => facility(ctx, coverage.initialFacilityCode),
  },
  Encounter: {
    id: (encounter) => toGlobalId('Encounter', encounter.encounterKey),
    facility: (encounter, _args, ctx) => facility(ctx, encounter.facilityCode),
    principalDiagnosis: (encounter, _args, ctx) => diagnosis(ctx, encounter.principalDiagnosisCode),
    secondaryDiagnoses: (encounter, _args, ctx) => diagnoses(ctx, encounter.secondaryDiagnosisCodes ?? []),
    payments: (encounter, _args, ctx) => loaders(ctx).paymentsByEncounterId.load(String(encounter.id)),
  },
  Vaccination: {
    facility: (vaccination, _args, ctx) => facility(ctx, vaccination.facilityCode),
  },
};
