// Prisma CLI configuration: the JavaScript schema engine over a driver adapter, so nothing is
// downloaded at install or migrate time (docs/ARCHITECTURE.md §14). The CLI is used by developers to
// author migrations against PostgreSQL; the gateway applies them itself (src/db/migrate.ts).
import { defineConfig } from 'prisma/config';
import { loadConfig } from './src/config.ts';
import { createPrismaCliAdapter } from './src/db/prisma-cli-adapter.ts';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => {
    const config = loadConfig();
    if (config.databaseUrl === undefined) {
      throw new Error('Set DATABASE_URL to a PostgreSQL server to author migrations with the Prisma CLI');
    }
    return createPrismaCliAdapter(config.databaseUrl);
  },
});
