/**
 * System P of the benchmark: PostGraphile v5 (amber preset, Grafast) over the same database, exposing the schemas
 * core, household, health, tourism and land. Runs on Node 22 (PostGraphile 5 requires it; Node 22 strips the types
 * of this file itself):
 *
 *   node22 bench/postgraphile/server.ts --database-url postgresql://... --port 0 --pool-size 10
 *
 * The sector schemas have no foreign keys to core.citizen (each registry is separate), so the relations the 360°
 * view follows are declared as smart-tag "fake" foreign keys: the configuration a PostGraphile user would write for
 * this database. No other plugin (no connection filter); no JWT/role switching (PostGraphile's own RLS-based auth is
 * a different model from the gateway's field scopes; see BENCHMARKS.md).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { jsonPgSmartTags } from 'postgraphile/utils';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    port: { type: 'string', default: '0' },
    'pool-size': { type: 'string', default: '10' },
  },
});
const connectionString = values['database-url'];
if (connectionString === undefined) throw new Error('--database-url is required');

/** `(column) references schema.table (column)` smart tags; PostGraphile names the relations from the columns. */
const citizenFk = (column: string) => `(${column}) references core.citizen (personal_id)`;
const SmartTags = jsonPgSmartTags({
  version: 1,
  config: {
    class: {
      'core.citizen': { tags: { foreignKey: '(hometown_commune) references core.administrative_unit (code)' } },
      'household.household': { tags: { foreignKey: '(commune_code) references core.administrative_unit (code)' } },
      'household.residence_registration': { tags: { foreignKey: citizenFk('personal_id') } },
      'health.health_summary': { tags: { foreignKey: citizenFk('personal_id') } },
      'health.encounter': {
        tags: {
          foreignKey: [
            citizenFk('personal_id'),
            '(facility_code) references health.facility (code)',
            '(principal_diagnosis) references health.icd10_code (code)',
          ],
        },
      },
      'land.land_right': { tags: { foreignKey: citizenFk('holder_personal_id') } },
      'tourism.guest_stay': { tags: { foreignKey: citizenFk('guest_personal_id') } },
    },
  },
});

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  plugins: [SmartTags],
  // By default v5 offers `condition`/`orderBy` only on indexed columns; the 360° view filters and orders on
  // unindexed ones (end_date, type, relationship_to_head, since...), as the gateway's SQL does.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [
    makePgService({
      connectionString,
      schemas: ['core', 'household', 'health', 'tourism', 'land'],
      poolConfig: { max: Number(values['pool-size']) },
    }),
  ],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = http.createServer();
server.keepAliveTimeout = 65_000;
await serv.addTo(server);
await new Promise<void>((resolve) => server.listen(Number(values.port), '127.0.0.1', resolve));
// Build the schema before announcing readiness (the first request would otherwise pay for it).
await pgl.getSchemaResult();
console.log(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}`);

const stop = () => {
  server.close();
  server.closeAllConnections();
  void Promise.resolve(pgl.release()).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
