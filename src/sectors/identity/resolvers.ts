/** Resolvers of identity reconciliation (schema/identity.graphql). */
import type { Resolvers } from '../../generated/graphql.ts';
import type { GatewayContext } from '../../context.ts';
import { pageRequest } from '../../lib/connection.ts';
import { badUserInput } from '../../lib/errors.ts';
import { toGlobalId } from '../../lib/global-id.ts';
import { isIntKey, type NodeLoader } from '../../lib/node.ts';
import { normaliseIdentifier } from './formats.ts';
import { createIdentityLoaders, legacyKey } from './loaders.ts';
import type { IdentifierResolutionModel } from './mappers.ts';
import { resolveIdentityConflict } from './writes.ts';

const loaders = (ctx: GatewayContext) => ctx.loaders.get(createIdentityLoaders);

/** Identity conflict nodes by id. */
export const identityNodes: Readonly<Record<string, NodeLoader>> = {
  IdentityConflict: async (ctx, key) => (isIntKey(key) ? loaders(ctx).conflictById.load(key) : null),
};

export const identityResolvers: Resolvers = {
  Query: {
    resolveIdentifier: async (_parent, { kind, value }, ctx): Promise<IdentifierResolutionModel | null> => {
      const normalised = normaliseIdentifier(kind, value);
      if (normalised.problem !== undefined) throw badUserInput(`Argument "value": ${normalised.problem}`, 'value');
      if (kind === 'PERSONAL_ID') {
        const rows = await loaders(ctx).citizensByPersonalId.load(normalised.value);
        if (rows.length === 0) return null;
        return {
          kind,
          value: normalised.value,
          conflict: rows.length > 1,
          reissued: rows.some((row) => row.reissued),
          personalIds: rows.map((row) => row.personalId),
        };
      }
      const rows = await loaders(ctx).claimantsByValue.load(legacyKey(kind, normalised.value));
      if (rows.length === 0) return null;
      return {
        kind,
        value: normalised.value,
        conflict: rows.length > 1,
        reissued: false,
        personalIds: rows.map((row) => row.personalId),
      };
    },
    identityConflicts: async (_parent, args, ctx, info) => {
      const page = pageRequest(ctx, info, '', args, 20);
      const rows = await loaders(ctx).conflictPages.load({
        parentKey: '',
        page: page.request,
        filter: { status: args.status ?? null, kind: args.kind ?? null, type: args.type ?? null },
      });
      return page.connection(rows, (row) => row);
    },
  },
  Mutation: {
    resolveIdentityConflict: (_parent, args, ctx) => resolveIdentityConflict(ctx, args),
  },
  IdentifierResolution: {
    // The citizen hub resolves every Citizen field from the personal ID.
    citizens: (resolution) => resolution.personalIds.map((personalId) => ({ personalId })),
    openConflict: (resolution, _args, ctx) =>
      resolution.kind === 'PERSONAL_ID'
        ? null
        : loaders(ctx).openConflictByValue.load(legacyKey(resolution.kind, resolution.value)),
  },
  Citizen: {
    legacyIdentifiers: (citizen, _args, ctx) => loaders(ctx).legacyByPersonalId.load(citizen.personalId),
  },
  IdentityConflict: {
    id: (conflict) => toGlobalId('IdentityConflict', conflict.id),
    claims: (conflict, _args, ctx) => loaders(ctx).claimsByConflict.load(String(conflict.id)),
  },
  IdentityClaim: {
    citizen: (claim) => ({ personalId: claim.personalId }),
  },
};
