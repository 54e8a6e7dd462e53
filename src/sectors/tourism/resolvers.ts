/** Resolvers of tourist accommodation and guest stays (schema/tourism.graphql). */
import type { GatewayContext } from '../../context.ts';
import type { Resolvers, ResolversParentTypes } from '../../generated/graphql.ts';
import { pageRequest, toConnection } from '../../lib/connection.ts';
import { badUserInput } from '../../lib/errors.ts';
import { fromGlobalId, toGlobalId } from '../../lib/global-id.ts';
import { createTourismLoaders } from './loaders.ts';
import { ADMINISTRATIVE_UNITS, referenceRow } from '../../lib/reference.ts';

const loaders = (ctx: GatewayContext) => ctx.loaders.get(createTourismLoaders);

/** A 5-digit commune/ward code (after the 1 July 2025 reorganisation). */
const COMMUNE_CODE = /^\d{5}$/;

/** A Citizen parent: the citizen hub resolves every other field from the personal ID. */
const citizenRef = (personalId: string): ResolversParentTypes['Citizen'] => ({ personalId });

export const tourismResolvers: Resolvers = {
  Query: {
    establishment: (_parent, { id }, ctx) => {
      const key = fromGlobalId(id, 'Establishment');
      if (!/^\d+$/.test(key)) throw badUserInput('"id" is not the ID of a Establishment', 'id');
      return loaders(ctx).establishmentById.load(key);
    },
    establishments: async (_parent, args, ctx) => {
      const communeCode = args.communeCode ?? null;
      if (communeCode !== null && !COMMUNE_CODE.test(communeCode)) {
        throw badUserInput(
          `"communeCode" must be a 5-digit commune code, got "${communeCode.slice(0, 20)}"`,
          'communeCode',
        );
      }
      const page = pageRequest(args, 20);
      const rows = await loaders(ctx).establishmentPages.load({
        parentKey: '',
        page,
        filter: { communeCode, type: args.type ?? null },
      });
      return toConnection(rows, page.limit, (row) => row);
    },
  },
  Citizen: {
    stays: async (citizen, args, ctx) => {
      const page = pageRequest(args, 20);
      const rows = await loaders(ctx).stayPagesByGuest.load({ parentKey: citizen.personalId, page, filter: null });
      return toConnection(rows, page.limit, (row) => row);
    },
  },
  Establishment: {
    id: (establishment) => toGlobalId('Establishment', establishment.id),
    commune: (establishment, _args, ctx) => referenceRow(ctx.db, ADMINISTRATIVE_UNITS, establishment.communeCode),
    stays: async (establishment, args, ctx) => {
      const from = args.from ?? null;
      const to = args.to ?? null;
      if (from !== null && to !== null && from > to) {
        throw badUserInput(`"from" (${from}) is after "to" (${to})`, 'from');
      }
      const page = pageRequest(args, 20);
      const rows = await loaders(ctx).stayPagesByEstablishment.load({
        parentKey: String(establishment.id),
        page,
        filter: { from, to },
      });
      return toConnection(rows, page.limit, (row) => row);
    },
    inspections: async (establishment, args, ctx) => {
      const page = pageRequest(args, 20);
      const rows = await loaders(ctx).inspectionPagesByEstablishment.load({
        parentKey: String(establishment.id),
        page,
        filter: null,
      });
      return toConnection(rows, page.limit, (row) => row);
    },
  },
  GuestStay: {
    id: (stay) => toGlobalId('GuestStay', stay.id),
    guest: (stay) => (stay.guestPersonalId === null ? null : citizenRef(stay.guestPersonalId)),
    establishment: (stay, _args, ctx) => loaders(ctx).establishmentById.load(String(stay.establishmentId)),
  },
};
