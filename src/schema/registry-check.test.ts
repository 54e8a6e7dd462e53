/**
 * The sector registry (src/sectors/index.ts) and every list derived from it or checked against it agree, and a
 * registry that disagrees with the schema or the scope vocabulary fails the schema build listing every problem.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataCategoryIndex } from '../audit/categories.ts';
import { METRICS_READ, SCHEMA_INTROSPECT, SCOPES } from '../auth/scopes.ts';
import { KINDS, SECTORS as IMPORT_SECTORS } from '../import/kinds/index.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { DATA_CATEGORY_INDEX, SECTORS } from '../sectors/index.ts';
import { sectorScopes, type SectorModule } from '../sectors/module.ts';
import { SEED_TABLE_LOADS } from '../seed/index.ts';
import { buildExecutableSchema, SCHEMA_DIR } from './build.ts';
import { SectorRegistryError, sectorRegistryProblems } from './registry-check.ts';

const schema = buildExecutableSchema();

function sector(name: string): SectorModule {
  const found = SECTORS.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no sector ${name}`);
  return found;
}

/** The registry with one sector replaced. */
function replaced(name: string, change: (module: SectorModule) => SectorModule): SectorModule[] {
  return SECTORS.map((module) => (module.name === name ? change(module) : module));
}

describe('the sector registry', () => {
  it('names exactly the folders of src/sectors/ (the lint rule between sectors reads them) and the SDL files', () => {
    const folders = fs
      .readdirSync(path.join(PROJECT_ROOT, 'src', 'sectors'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(SECTORS.map((module) => module.name).sort()).toEqual(folders.sort());
    const sdlFiles = fs.readdirSync(SCHEMA_DIR).filter((file) => file.endsWith('.graphql'));
    expect(sdlFiles.sort()).toEqual(['base.graphql', ...SECTORS.map((module) => `${module.name}.graphql`)].sort());
  });

  it('agrees with the schema, the scope vocabulary and its own declarations', () => {
    expect(sectorRegistryProblems(schema, SECTORS, DATA_CATEGORY_INDEX)).toEqual([]);
    expect(new Set([...SECTORS.flatMap(sectorScopes), SCHEMA_INTROSPECT, METRICS_READ])).toEqual(new Set(SCOPES));
  });

  it('is where the seed, import and data-category lists come from, in their order', () => {
    expect(SEED_TABLE_LOADS.map((load) => load.table)).toEqual([
      'core.administrative_unit',
      'core.citizen',
      'core.previous_personal_id',
      'core.legacy_identifier',
      'core.identity_conflict',
      'household.household',
      'household.residence_registration',
      'health.facility',
      'health.icd10_code',
      'health.insurance_coverage',
      'health.health_summary',
      'health.encounter',
      'health.payment',
      'health.vaccination',
      'tourism.establishment',
      'tourism.guest_stay',
      'tourism.inspection',
      'land.parcel',
      'land.land_right',
      'land.land_change',
      'land.land_change_party',
      'core.consent',
    ]);
    expect(IMPORT_SECTORS).toEqual(['household', 'health', 'tourism', 'land']);
    expect([...KINDS].map(([name, kinds]) => `${name}: ${kinds.map((kind) => kind.name).join(' ')}`)).toEqual([
      'household: registrations households',
      'health: encounters vaccinations',
      'tourism: stays',
      'land: parcels rights',
    ]);
    expect(DATA_CATEGORY_INDEX.order).toEqual([
      'IDENTITY',
      'RESIDENCE',
      'HEALTH_SUMMARY',
      'VACCINATIONS',
      'HEALTH_ENCOUNTERS',
      'HEALTH_INSURANCE',
      'HEALTH_PAYMENTS',
      'ACCOMMODATION_STAYS',
      'LAND_RIGHTS',
      'LAND_CHANGES',
      'CONSENTS',
      'ACCESS_LOG',
    ]);
  });

  it('gives the access log the categories the sectors declare', () => {
    const fields = ['Encounter.id', 'Citizen.household', 'Citizen.fullName', '!Payment.amountVnd', 'Query.citizen'];
    expect(DATA_CATEGORY_INDEX.of(fields)).toEqual(['IDENTITY', 'HEALTH_ENCOUNTERS']);
    expect(DATA_CATEGORY_INDEX.categoryOf('Citizen.legacyIdentifiers')).toBe('IDENTITY');
    expect(DATA_CATEGORY_INDEX.categoryOf('Household.members')).toBe('RESIDENCE');
    expect(DATA_CATEGORY_INDEX.categoryOf('Citizen')).toBeUndefined();
  });
});

describe('a registry that disagrees', () => {
  it('fails the schema build, listing every problem of a sector that lost a scope', () => {
    const sectors = replaced('health', (health) => ({
      ...health,
      scopes: {
        ...health.scopes,
        citizenRead: health.scopes.citizenRead.filter((scope) => scope !== 'health:payments:read'),
      },
    }));
    let error: unknown;
    try {
      buildExecutableSchema({ sectors, categories: DATA_CATEGORY_INDEX });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SectorRegistryError);
    const { problems, message } = error as SectorRegistryError;
    expect(problems).toEqual([
      'scope "health:payments:read" of src/auth/scopes.ts is declared by no sector',
      expect.stringMatching(/^scope "health:payments:read" \(\w+(\.\w+)?\) is declared by no sector$/),
      'type Citizen @requiresScopes has health:payments:read, which no sector declares in citizenRead (schema/citizen.graphql)',
    ]);
    for (const problem of problems) expect(message).toContain(problem);
  });

  it('reports scopes outside the vocabulary, unused or owned twice, and a Citizen union missing a scope', () => {
    const sectors = replaced('land', (land) => ({
      ...land,
      scopes: { ...land.scopes, citizenRead: [...land.scopes.citizenRead, 'land:maps:read', 'health:summary:read'] },
    }));
    expect(sectorRegistryProblems(schema, sectors, DATA_CATEGORY_INDEX)).toEqual([
      'scope "health:summary:read" is declared by both sectors health and land',
      'scope "land:maps:read" of sector land is missing from src/auth/scopes.ts',
      'scope "land:maps:read" of sector land is used by no @requiresScopes',
      "type Citizen @requiresScopes lacks the sectors' citizenRead scopes land:maps:read (schema/citizen.graphql)",
    ]);
  });

  it('reports data categories out of the enum order, on unknown types or fields, or given twice', () => {
    const sectors = replaced('tourism', (tourism) => ({
      ...tourism,
      dataCategories: [
        { category: 'LAND_RIGHTS', types: ['Establishment', 'Parcel', 'NoSuchType'] },
        { category: 'ACCOMMODATION_STAYS', types: ['GuestStay'], fields: ['Citizen.stays', 'Citizen.noSuchField'] },
      ],
    }));
    const categories = new DataCategoryIndex([...sectors.flatMap((module) => module.dataCategories)]);
    expect(sectorRegistryProblems(schema, sectors, categories)).toEqual([
      expect.stringMatching(/^the sectors declare the data categories IDENTITY, .*LAND_RIGHTS, ACCOMMODATION_STAYS, /),
      'sector tourism gives a data category to NoSuchType, which is no object type',
      'sector tourism gives a data category to Citizen.noSuchField, which is no field',
      'type Parcel has a data category in both tourism and land',
    ]);
  });

  it('reports seed tables, sources and import kinds of another sector, and a loader factory declared twice', () => {
    const health = sector('health');
    const sectors = replaced('tourism', (tourism) => ({
      ...tourism,
      sources: [...tourism.sources, 'health', 'museums'],
      seedTables: [...tourism.seedTables, ...health.seedTables.slice(-1)],
      importKinds: [...tourism.importKinds, ...health.importKinds.slice(0, 1)],
      loaders: [...tourism.loaders, ...health.loaders],
    }));
    expect(sectorRegistryProblems(schema, sectors, DATA_CATEGORY_INDEX)).toEqual([
      'source "health" is declared by both sectors health and tourism',
      'source "museums" of sector tourism has no seed table',
      'import kind health/encounters is registered by sector tourism',
      'loader factory createHealthLoaders is declared by both sectors health and tourism',
    ]);
  });
});
