/** Resolvers of residence registration (schema/household.graphql). */
import type { GatewayContext } from '../../context.ts';
import type { Resolvers, ResolversParentTypes } from '../../generated/graphql.ts';
import { pageRequest } from '../../lib/connection.ts';
import { toGlobalId } from '../../lib/global-id.ts';
import { isIntKey, type NodeLoader } from '../../lib/node.ts';
import { createHouseholdLoaders } from './loaders.ts';
import { ADMINISTRATIVE_UNITS, referenceRow } from '../../lib/reference.ts';

const loaders = (ctx: GatewayContext) => ctx.loaders.get(createHouseholdLoaders);

/** A Citizen parent: the citizen hub resolves every other field from the personal ID. */
const citizenRef = (personalId: string): ResolversParentTypes['Citizen'] => ({ personalId });

/** Household and registration nodes by id. */
export const householdNodes: Readonly<Record<string, NodeLoader>> = {
  Household: async (ctx, key) => (isIntKey(key) ? loaders(ctx).householdById.load(key) : null),
  ResidenceRegistration: async (ctx, key) => (isIntKey(key) ? loaders(ctx).registrationById.load(key) : null),
};

export const householdResolvers: Resolvers = {
  Query: {
    household: (_parent, { residenceFileNo }, ctx) => loaders(ctx).householdByResidenceFileNo.load(residenceFileNo),
  },
  Citizen: {
    household: (citizen, _args, ctx) => loaders(ctx).householdByMemberPersonalId.load(citizen.personalId),
    residenceRegistrations: async (citizen, args, ctx, info) => {
      const page = pageRequest(ctx, info, citizen.personalId, args, 20);
      const rows = await loaders(ctx).registrationPagesByPersonalId.load({
        parentKey: citizen.personalId,
        page: page.request,
        filter: null,
      });
      return page.connection(rows, (row) => row);
    },
  },
  Household: {
    id: (household) => toGlobalId('Household', household.id),
    commune: (household, _args, ctx) => referenceRow(ctx.db, ADMINISTRATIVE_UNITS, household.communeCode),
    head: (household) => citizenRef(household.headPersonalId),
    members: async (household, args, ctx, info) => {
      const page = pageRequest(ctx, info, String(household.id), args, 50);
      const rows = await loaders(ctx).memberPagesByHouseholdId.load({
        parentKey: String(household.id),
        page: page.request,
        filter: { includeEnded: args.includeEnded ?? false },
      });
      return page.connection(rows, (row) => row);
    },
  },
  ResidenceRegistration: {
    id: (registration) => toGlobalId('ResidenceRegistration', registration.id),
    citizen: (registration) => citizenRef(registration.personalId),
    household: (registration, _args, ctx) => loaders(ctx).householdById.load(String(registration.householdId)),
  },
};
