/** Every sector the gateway serves. Adding a sector = its SDL file + its module here. */
import { auditSector } from './audit/index.ts';
import { citizenSector } from './citizen/index.ts';
import { freshnessSector } from './freshness/index.ts';
import { healthSector } from './health/index.ts';
import { householdSector } from './household/index.ts';
import { identitySector } from './identity/index.ts';
import { landSector } from './land/index.ts';
import type { SectorModule } from './module.ts';
import { tourismSector } from './tourism/index.ts';

export const SECTORS: readonly SectorModule[] = [
  citizenSector,
  identitySector,
  householdSector,
  healthSector,
  tourismSector,
  landSector,
  freshnessSector,
  auditSector,
];
