/**
 * The driver adapter the Prisma CLI's WebAssembly schema engine uses against PostgreSQL.
 * Three workarounds for @prisma/adapter-pg 6.19 (docs/ARCHITECTURE.md §14):
 *  1. catalog columns of type `name` (oid 19) and `"char"` (oid 18) cannot be deserialised
 *     (prisma/orm#27403): the client reports them as `text` (oid 25);
 *  2. the shadow database is derived by copying the pool config with another `database`,
 *     which node-postgres ignores when a connectionString is given: pass separate fields;
 *  3. `executeScript` splits a migration on every `;`, which cuts the dollar-quoted bodies of
 *     our trigger functions ("syntax error at end of input"): the whole script goes to the
 *     server as one simple-protocol query instead, parsed (and run atomically) by PostgreSQL.
 */
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

const PG_TEXT_OID = 25;
const CATALOG_OIDS_AS_TEXT = new Set([18, 19]);

class CatalogTextClient extends pg.Client {
  // The overloads of pg.Client#query cannot be re-declared one by one. The adapter queries through a pg.Pool, which
  // calls the callback form (pg-pool's `query`); a direct caller may use the promise form: both results are patched.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  override query(...args: any[]): any {
    const last: unknown = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as (error: Error | null, res?: pg.QueryResult) => void;
      args[args.length - 1] = (error: Error | null, res?: pg.QueryResult) => {
        if (res !== undefined) reportCatalogColumnsAsText(res);
        callback(error, res);
      };
    }
    const result: unknown = (super.query as (...a: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result;
    return result.then((res: pg.QueryResult) => reportCatalogColumnsAsText(res));
  }
}

function reportCatalogColumnsAsText(res: pg.QueryResult): pg.QueryResult {
  for (const field of res.fields ?? []) {
    if (CATALOG_OIDS_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = PG_TEXT_OID;
  }
  return res;
}

type PrismaPgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

class WholeScriptPrismaPg extends PrismaPg {
  override async connect(): Promise<PrismaPgAdapter> {
    return runScriptsWhole(await super.connect());
  }
  override async connectToShadowDb(): Promise<PrismaPgAdapter> {
    return runScriptsWhole(await super.connectToShadowDb());
  }
}

function runScriptsWhole(adapter: PrismaPgAdapter): PrismaPgAdapter {
  const pool = adapter.underlyingDriver();
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}

export function createPrismaCliAdapter(databaseUrl: string): PrismaPg {
  const url = new URL(databaseUrl);
  return new WholeScriptPrismaPg({
    host: url.hostname,
    port: url.port === '' ? 5432 : Number(url.port),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
    allowExitOnIdle: true,
    Client: CatalogTextClient,
  });
}
