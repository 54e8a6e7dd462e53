/** Resolvers of source freshness (schema/freshness.graphql). */
import type { Resolvers } from '../../generated/graphql.ts';
import { createFreshnessLoaders } from './loaders.ts';

/** SOURCE_STALE_AFTER_HOURS when the context does not carry it (tests building a bare context). */
export const DEFAULT_STALE_AFTER_HOURS = 24;

export const freshnessResolvers: Resolvers = {
  Query: {
    sourceStatus: (_parent, _args, ctx) =>
      ctx.loaders.get(createFreshnessLoaders).sourceStatuses(ctx.sourceStaleAfterHours ?? DEFAULT_STALE_AFTER_HOURS),
  },
};
