/** Shapes the stats resolvers return (parents of schema/stats.graphql's types, by codegen's convention). */
import type { IndicatorDefinition as CatalogueEntry } from './catalogue.ts';
import type { RollupModel } from './loaders.ts';

/** An indicator's definition and its rollup. */
export interface IndicatorModel {
  definition: CatalogueEntry;
  rollup: RollupModel;
}

/** A catalogue entry, as the catalogue declares it. */
export type IndicatorDefinitionModel = CatalogueEntry;
