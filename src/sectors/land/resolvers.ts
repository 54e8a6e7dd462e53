/** Resolvers of the land sector (schema/land.graphql): parcels, land-use rights and land-change registrations. */
import type { GatewayContext } from '../../context.ts';
import type { Resolvers, ResolversTypes } from '../../generated/graphql.ts';
import { pageRequest } from '../../lib/connection.ts';
import { badUserInput } from '../../lib/errors.ts';
import { toGlobalId } from '../../lib/global-id.ts';
import { isIntKey, type NodeLoader } from '../../lib/node.ts';
import { createLandLoaders, parcelNumberKey, type LandChangeFilter } from './loaders.ts';
import { landUsePurpose } from './purposes.ts';
import { ADMINISTRATIVE_UNITS, referenceRow } from '../../lib/reference.ts';

/** Default page size of every land list (the SDL's `first: Int = 20`). */
const DEFAULT_FIRST = 20;

const COMMUNE_CODE = /^\d{5}$/;

const loaders = (ctx: GatewayContext) => ctx.loaders.get(createLandLoaders);

/**
 * A Citizen-typed field's value: only the personal ID (CitizenModel). The citizen hub resolves the other fields
 * from it; the land sector never reads the population registry itself (sectors never import each other).
 */
const citizenRef = (personalId: string | null): ResolversTypes['Citizen'] | null =>
  personalId === null ? null : { personalId };

function checkCommuneCode(value: string, argumentName: string): void {
  if (!COMMUNE_CODE.test(value)) {
    throw badUserInput(`"${argumentName}" must be a 5-digit commune code, got "${value.slice(0, 20)}"`, argumentName);
  }
}

function checkPositive(value: number, argumentName: string): void {
  if (value < 1) throw badUserInput(`"${argumentName}" must be a positive number, got ${value}`, argumentName);
}

/** Parcel, right and change nodes by id. */
export const landNodes: Readonly<Record<string, NodeLoader>> = {
  Parcel: async (ctx, key) => (isIntKey(key) ? loaders(ctx).parcelById.load(key) : null),
  LandRight: async (ctx, key) => (isIntKey(key) ? loaders(ctx).rightById.load(key) : null),
  LandChange: async (ctx, key) => (isIntKey(key) ? loaders(ctx).changeById.load(key) : null),
};

export const landResolvers: Resolvers = {
  Query: {
    parcel: (_parent, { communeCode, mapSheetNo, parcelNo }, ctx) => {
      checkCommuneCode(communeCode, 'communeCode');
      checkPositive(mapSheetNo, 'mapSheetNo');
      checkPositive(parcelNo, 'parcelNo');
      return loaders(ctx).parcelByNumber.load(parcelNumberKey(communeCode, mapSheetNo, parcelNo));
    },
    landChanges: async (_parent, args, ctx, info) => {
      const filter: LandChangeFilter = {
        communeCode: args.communeCode ?? null,
        type: args.type ?? null,
        status: args.status ?? null,
        from: args.from ?? null,
        to: args.to ?? null,
      };
      if (filter.communeCode !== null) checkCommuneCode(filter.communeCode, 'communeCode');
      if (filter.from !== null && filter.to !== null && filter.from > filter.to) {
        throw badUserInput(`"from" (${filter.from}) is after "to" (${filter.to})`, 'from');
      }
      const page = pageRequest(ctx, info, '', args, DEFAULT_FIRST);
      const rows = await loaders(ctx).changeSearch.load({ parentKey: '', page: page.request, filter });
      return page.connection(rows, (row) => row);
    },
  },

  Citizen: {
    landRights: async (citizen, args, ctx, info) => {
      const page = pageRequest(ctx, info, citizen.personalId, args, DEFAULT_FIRST);
      const filter = { includeEnded: args.includeEnded ?? false };
      const rows = await loaders(ctx).rightsByHolder.load({
        parentKey: citizen.personalId,
        page: page.request,
        filter,
      });
      return page.connection(rows, (row) => row);
    },
    landChanges: async (citizen, args, ctx, info) => {
      const page = pageRequest(ctx, info, citizen.personalId, args, DEFAULT_FIRST);
      const rows = await loaders(ctx).changesByParty.load({
        parentKey: citizen.personalId,
        page: page.request,
        filter: null,
      });
      return page.connection(rows, (row) => row);
    },
  },

  Parcel: {
    id: (parcel) => toGlobalId('Parcel', parcel.id),
    commune: (parcel, _args, ctx) => referenceRow(ctx.db, ADMINISTRATIVE_UNITS, parcel.communeCode),
    purposes: (parcel) => parcel.purposeCodes.map(landUsePurpose),
    rights: async (parcel, args, ctx, info) => {
      const page = pageRequest(ctx, info, String(parcel.id), args, DEFAULT_FIRST);
      const filter = { includeEnded: args.includeEnded ?? false };
      const rows = await loaders(ctx).rightsByParcel.load({ parentKey: String(parcel.id), page: page.request, filter });
      return page.connection(rows, (row) => row);
    },
    changes: async (parcel, args, ctx, info) => {
      const page = pageRequest(ctx, info, String(parcel.id), args, DEFAULT_FIRST);
      const rows = await loaders(ctx).changesByParcel.load({
        parentKey: String(parcel.id),
        page: page.request,
        filter: null,
      });
      return page.connection(rows, (row) => row);
    },
  },

  LandRight: {
    id: (right) => toGlobalId('LandRight', right.id),
    parcel: (right, _args, ctx) => loaders(ctx).parcelById.load(String(right.parcelId)),
    holder: (right) => citizenRef(right.holderPersonalId),
  },

  LandChange: {
    id: (change) => toGlobalId('LandChange', change.id),
    parcel: (change, _args, ctx) => loaders(ctx).parcelById.load(String(change.parcelId)),
    parties: (change, _args, ctx) => loaders(ctx).partiesByChange.load(String(change.id)),
  },

  LandChangeParty: {
    citizen: (party) => citizenRef(party.personalId),
  },
};
