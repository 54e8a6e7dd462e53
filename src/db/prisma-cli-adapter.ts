/**
 * The driver adapter the Prisma CLI's WebAssembly schema engine uses against PostgreSQL.
 * Two workarounds for @prisma/adapter-pg 6.19 (docs/ARCHITECTURE.md §14):
 *  1. catalog columns of type `name` (oid 19) and `"char"` (oid 18) cannot be deserialised
 *     (prisma/orm#27403): the client reports them as `text` (oid 25);
 *  2. the shadow database is derived by copying the pool config with another `database`,
 *     which node-postgres ignores when a connectionString is given: pass separate fields.
 */
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

const PG_TEXT_OID = 25;
const CATALOG_OIDS_AS_TEXT = new Set([18, 19]);

class CatalogTextClient extends pg.Client {
  // The overloads of pg.Client#query cannot be re-declared one by one; the adapter only uses the
  // promise form, whose result is patched here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  override query(...args: any[]): any {
    const result: unknown = (super.query as (...a: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result;
    return result.then((res: pg.QueryResult) => {
      for (const field of res.fields ?? []) {
        if (CATALOG_OIDS_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = PG_TEXT_OID;
      }
      return res;
    });
  }
}

export function createPrismaCliAdapter(databaseUrl: string): PrismaPg {
  const url = new URL(databaseUrl);
  return new PrismaPg({
    host: url.hostname,
    port: url.port === '' ? 5432 : Number(url.port),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
    allowExitOnIdle: true,
    Client: CatalogTextClient,
  });
}
