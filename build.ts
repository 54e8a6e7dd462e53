/**
 * `npm run build`: the production bundle, dist/main.js (the gateway) and dist/<name>.js for each command of src/cli/
 * (`node dist/migrate.js`, `node dist/audit-verify.js`...). The TypeScript sources are bundled by esbuild into
 * ES modules; packages stay in node_modules (imported, not copied), and shared code goes to dist/chunks/.
 *
 * Why a build when tsx runs the sources as they are (`npm start`): tsx's module loader costs the process about 50 MB
 * of resident memory and some CPU per request (measured in BENCHMARKS.md), which a production replica should not
 * pay. The bundle reads its files (schema/, prisma/migrations/, src/http/explorer/) from the project directory
 * (src/project-root.ts), so dist/ runs in place, next to them.
 *
 *   npm run build                      # dist/
 *   npx tsx build.ts --outdir <dir> --entry <file.ts> ...   # other entry points (the benchmark's servers)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** The gateway and every command-line tool. */
export function productionEntryPoints(): string[] {
  const commands = fs
    .readdirSync(path.join(ROOT, 'src', 'cli'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join('src', 'cli', file));
  return [path.join('src', 'main.ts'), ...commands];
}

/**
 * Bundles `entryPoints` (paths relative to the project) into `outdir`, which must be inside the project directory:
 * the bundle finds schema/ and the migrations by walking up from itself to lienthong's package.json.
 */
export async function bundle(entryPoints: readonly string[], outdir: string): Promise<void> {
  const absoluteOutdir = path.resolve(ROOT, outdir);
  if (path.relative(ROOT, absoluteOutdir).startsWith('..')) {
    throw new Error(`--outdir must be inside ${ROOT} (the bundle reads schema/ and prisma/ from there)`);
  }
  fs.rmSync(absoluteOutdir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: [...entryPoints],
    outdir: absoluteOutdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { outdir: { type: 'string', default: 'dist' }, entry: { type: 'string', multiple: true } },
  });
  const entryPoints = values.entry ?? productionEntryPoints();
  const started = performance.now();
  await bundle(entryPoints, values.outdir);
  console.log(
    `built ${entryPoints.length} entry points into ${values.outdir}/ in ${Math.round(performance.now() - started)} ms`,
  );
}
