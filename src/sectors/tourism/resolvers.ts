/** Resolvers of tourist accommodation and guest stays (schema/tourism.graphql). */
import type { GatewayContext } from '../../context.ts';
import type { Resolvers, ResolversParentTypes } from '../../generated/graphql.ts';
import { pageRequest } from '../../lib/connection.ts';
import { badUserInput } from '../../lib/errors.ts';
import { fromGlobalId, toGlobalId } from '../../lib/global-id.ts';
import { isIntKey, type NodeLoader } from '../../lib/node.ts';
import { createTourismLoaders } from './loaders.ts';
import { ADMINISTRATIVE_UNITS, referenceRow } from '../../lib/reference.ts';

const loaders = (ctx: GatewayContext) => ctx.loaders.get(createTourismLoaders);

/** A 5-digit commune/ward code (after the 1 July 2025 reorganisation). */
const COMMUNE_CODE = /^\d{5}$/;

/** A Citizen parent: the citizen hub resolves every other field from the personal ID. */
const citizenRef = (personalId: string): ResolversParentTypes['Citizen'] => ({ personalId });

/** Establishment and stay nodes by id. */
export const tourismNodes: Readonly<Record<string, NodeLoader>> = {
  Establishment: async (ctx, key) => (isIntKey(key) ? loaders(ctx).establishmentById.load(key) : null),
  GuestStay: async (ctx, key) => (isIntKey(key) ? loaders(ctx).stayById.load(key) : null),
};

export const tourismResolvers: Resolvers = {
  Query: {
    establishment: (_parent, { id }, ctx) => {
      const key = fromGlobalId(id, 'Establishment');
      if (!/^\d+$/.test(key)) throw badUserInput('"id" is not the ID of a Establishment', 'id');
      return loaders(ctx).establishmentById.load(key);
    },
    establishments: async (_parent, args, ctx, info) => {
      const communeCode = args.communeCode ?? null;
      if (communeCode !== null && !COMMUNE_CODE.test(communeCode)) {
        throw badUserInput(
          `"communeCode" must be a 5-digit commune code, got "${communeCode.slice(0, 20)}"`,
          'communeCode',
        );
      }
      const page = pageRequest(ctx, info, '', args, 20);
      const rows = await loaders(ctx).establishmentPages.load({
        parentKey: '',
        page: page.request,
        filter: { communeCode, type: args.type ?? null },
      });
      return page.connection(rows, (row) => row);
    },
  },
  Citizen: {
    stays: async (citizen, args, ctx, info) => {
      const page = pageRequest(ctx, info, citizen.personalId, args, 20);
      const rows = await loaders(ctx).stayPagesByGuest.load({
        parentKey: citizen.personalId,
        page: page.request,
        filter: null,
      });
      return page.connection(rows, (row) => row);
    },
  },
  Establishment: {
    id: (establishment) => toGlobalId('Establishment', establishment.id),
    commune: (establishment, _args, ctx) => referenceRow(ctx.db, ADMINISTRATIVE_UNITS, establishment.communeCode),
    stays: async (establishment, args, ctx, info) => {
      const from = args.from ?? null;
      const to = args.to ?? null;
      if (from !== null && to !== null && from > to) {
        throw badUserInput(`"from" (${from}) is after "to" (${to})`, 'from');
      }
      const page = pageRequest(ctx, info, String(establishment.id), args, 20);
      const rows = await loaders(ctx).stayPagesByEstablishment.load({
        parentKey: String(establishment.id),
        page: page.request,
        filter: { from, to },
      });
      return page.connection(rows, (row) => row);
    },
    inspections: async (establishment, args, ctx, info) => {
      const page = pageRequest(ctx, info, String(establishment.id), args, 20);
      const rows = await loaders(ctx).inspectionPagesByEstablishment.load({
        parentKey: String(establishment.id),
        page: page.request,
        filter: null,
      });
      return page.connection(rows, (row) => row);
    },
  },
  GuestStay: {
    id: (stay) => toGlobalId('GuestStay', stay.id),
    guest: (stay) => (stay.guestPersonalId === null ? null : citizenRef(stay.guestPersonalId)),
    establishment: (stay, _args, ctx) => loaders(ctx).establishmentById.load(String(stay.establishmentId)),
  },
};
