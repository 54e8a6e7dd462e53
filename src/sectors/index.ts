/**
 * The sector registry: every sector the gateway serves, in SDL, seed, source and import order (parents before
 * children: the population registry first). Adding a sector = its SDL file, its folder with an index.ts declaring
 * its SectorModule, and one line here (docs/ARCHITECTURE.md §4). Everything else is derived from this list or
 * checked against it when the schema is built (src/schema/registry-check.ts).
 */
import { DataCategoryIndex } from '../audit/categories.ts';
import { AUDIT_DATA_CATEGORIES, createAuditSector } from './audit/index.ts';
import { citizenSector } from './citizen/index.ts';
import { consentSector } from './consent/index.ts';
import { freshnessSector } from './freshness/index.ts';
import { healthSector } from './health/index.ts';
import { householdSector } from './household/index.ts';
import { identitySector } from './identity/index.ts';
import { landSector } from './land/index.ts';
import type { SectorModule } from './module.ts';
import { statsSector } from './stats/index.ts';
import { tourismSector } from './tourism/index.ts';

/** Every sector but the access log, whose resolvers are built from the data categories these declare. */
const DATA_SECTORS: readonly SectorModule[] = [
  citizenSector,
  identitySector,
  householdSector,
  healthSector,
  tourismSector,
  landSector,
  freshnessSector,
  consentSector,
  statsSector,
];

/** Every sector's data categories, for the access log (built here: the audit sector imports no other sector). */
export const DATA_CATEGORY_INDEX = new DataCategoryIndex([
  ...DATA_SECTORS.flatMap((sector) => sector.dataCategories),
  ...AUDIT_DATA_CATEGORIES,
]);

export const SECTORS: readonly SectorModule[] = [...DATA_SECTORS, createAuditSector(DATA_CATEGORY_INDEX)];
