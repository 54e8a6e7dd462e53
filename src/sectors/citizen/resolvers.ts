/** Resolvers of the population registry hub (schema/citizen.graphql, schema/base.graphql). */
import type { Resolvers } from '../../generated/graphql.ts';
import { badUserInput } from '../../lib/errors.ts';
import { toGlobalId } from '../../lib/global-id.ts';
import type { NodeLoader } from '../../lib/node.ts';
import { decodePersonalId } from '../../lib/personal-id.ts';
import type { GatewayContext } from '../../context.ts';
import { createCitizenLoaders } from './loaders.ts';
import type { CitizenModel, CitizenRow } from './mappers.ts';
import { ADMINISTRATIVE_UNITS, referenceRow } from '../../lib/reference.ts';

/** At most this many IDs in one `citizens` call (docs/ARCHITECTURE.md §7). */
export const MAX_CITIZENS_PER_CALL = 100;

const loaders = (ctx: GatewayContext) => ctx.loaders.get(createCitizenLoaders);

/** A citizen by current or previous (re-issued) personal ID. */
async function findCitizen(ctx: GatewayContext, personalId: string): Promise<CitizenRow | null> {
  const { citizenByPersonalId, currentIdByPreviousId } = loaders(ctx);
  const citizen = await citizenByPersonalId.load(personalId);
  if (citizen !== null) return citizen;
  const reissued = await currentIdByPreviousId.load(personalId);
  return reissued === null ? null : citizenByPersonalId.load(reissued.personalId);
}

/** The registry row of a Citizen parent: itself when a root field loaded it, else loaded by ID. */
function row(ctx: GatewayContext, citizen: CitizenModel): Promise<CitizenRow | null> | CitizenRow {
  return 'fullName' in citizen ? (citizen as CitizenRow) : loaders(ctx).citizenByPersonalId.load(citizen.personalId);
}

/** Citizen nodes by personal ID (a re-issued ID finds the citizen, like Query.citizen). */
export const citizenNodes: Readonly<Record<string, NodeLoader>> = {
  Citizen: async (ctx, key) => (/^\d{12}$/.test(key) ? findCitizen(ctx, key) : null),
};

export const citizenResolvers: Resolvers = {
  Query: {
    gatewayInfo: (_parent, _args, ctx) => ({
      name: 'lienthong',
      version: '0.1.0',
      developmentMode: ctx.developmentMode,
    }),
    citizen: (_parent, { personalId }, ctx) => findCitizen(ctx, personalId),
    citizens: async (_parent, { personalIds }, ctx) => {
      if (personalIds.length > MAX_CITIZENS_PER_CALL) {
        throw badUserInput(
          `"personalIds" may hold at most ${MAX_CITIZENS_PER_CALL} IDs, got ${personalIds.length}`,
          'personalIds',
        );
      }
      return Promise.all(personalIds.map((id) => findCitizen(ctx, id)));
    },
    me: (_parent, _args, ctx) =>
      ctx.principal.pid === undefined ? null : loaders(ctx).citizenByPersonalId.load(ctx.principal.pid),
  },
  Citizen: {
    fullName: async (citizen, _args, ctx) => (await row(ctx, citizen))?.fullName ?? null,
    dateOfBirth: async (citizen, _args, ctx) => (await row(ctx, citizen))?.dateOfBirth ?? null,
    ethnicity: async (citizen, _args, ctx) => (await row(ctx, citizen))?.ethnicity ?? null,
    nationality: async (citizen, _args, ctx) => (await row(ctx, citizen))?.nationality ?? null,
    status: async (citizen, _args, ctx) => (await row(ctx, citizen))?.status ?? null,
    id: (citizen) => toGlobalId('Citizen', citizen.personalId),
    sex: (citizen) => decodePersonalId(citizen.personalId).sex,
    birthYear: (citizen) => decodePersonalId(citizen.personalId).birthYear,
    birthRegistrationProvince: (citizen) => {
      const { provinceCode, provinceName } = decodePersonalId(citizen.personalId);
      return { code: provinceCode, name: provinceName, level: 'PROVINCE' };
    },
    hometown: async (citizen, _args, ctx) => {
      const commune = (await row(ctx, citizen))?.hometownCommune;
      return commune == null ? null : referenceRow(ctx.db, ADMINISTRATIVE_UNITS, commune);
    },
    previousPersonalIds: (citizen, _args, ctx) => loaders(ctx).previousIdsByPersonalId.load(citizen.personalId),
  },
  PreviousPersonalId: {
    personalId: (previous) => previous.previousId,
  },
};
