/** Resolvers of the province indicators (schema/stats.graphql). */
import type { Resolvers } from '../../generated/graphql.ts';
import { badUserInput } from '../../lib/errors.ts';
import { noteStatisticalRelease } from '../../lib/statistical-release.ts';
import { INDICATORS, INDICATOR_BY_ID } from './catalogue.ts';
import { createStatsLoaders } from './loaders.ts';
import type { IndicatorModel } from './mappers.ts';
import { DEFAULT_MIN_CELL, refreshOnce } from './rollup.ts';

/** SOURCE_STALE_AFTER_HOURS when the context does not carry it (as the freshness module). */
const DEFAULT_STALE_AFTER_HOURS = 24;

export const statsResolvers: Resolvers = {
  Query: {
    indicatorCatalog: () => [...INDICATORS],
    indicators: async (_parent, args, ctx) => {
      const ids = args.ids ?? INDICATORS.map((definition) => definition.id);
      const unknown = ids.filter((id) => !INDICATOR_BY_ID.has(id));
      if (unknown.length > 0) {
        throw badUserInput(
          `Unknown indicator ${unknown.map((id) => JSON.stringify(id)).join(', ')}; see indicatorCatalog.`,
          'ids',
        );
      }
      const loaders = ctx.loaders.get(createStatsLoaders);
      let rollups = await loaders.rollups(ids);
      if (ids.some((id) => !rollups.has(id))) {
        // Not computed yet (a fresh database): computed now, once, then read like any other.
        await refreshOnce(ctx.db, ctx.statsMinCell ?? DEFAULT_MIN_CELL);
        rollups = await loaders.rollups(ids);
      }
      const models: IndicatorModel[] = ids.map((id) => ({
        definition: INDICATOR_BY_ID.get(id)!,
        rollup: rollups.get(id)!,
      }));
      // The audit layer records the release before the response is sent (src/audit/plugin.ts).
      noteStatisticalRelease(ctx, [...new Set(ids)]);
      return models;
    },
  },
  Indicator: {
    id: (model) => model.definition.id,
    title: (model) => model.definition.title,
    unit: (model) => model.definition.unit,
    kind: (model) => model.definition.kind,
    dimensions: (model) => [...model.definition.dimensions],
    asOf: (model) => model.rollup.asOf,
    sources: async (model: IndicatorModel, _args, ctx) => {
      const freshness = await ctx.loaders
        .get(createStatsLoaders)
        .sourceFreshness(ctx.sourceStaleAfterHours ?? DEFAULT_STALE_AFTER_HOURS);
      return model.definition.sources.map(
        (source) => freshness.get(source) ?? { source, lastChangedAt: null, stale: true },
      );
    },
    // The cached cells as they are: graphql-js only reads them.
    cells: (model) => model.rollup.cells as { key: string[]; value: number | null; suppressed: boolean }[],
  },
  IndicatorDefinition: {
    dimensions: (definition) => [...definition.dimensions],
    sources: (definition) => [...definition.sources],
  },
};
