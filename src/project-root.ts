/**
 * The project's directory at run time: the SDL (schema/), the migrations (prisma/migrations/) and the explorer's own
 * assets (src/http/explorer/) are files read from it. Found by walking up from this module to lienthong's
 * package.json, so it is the same whether the code runs from its TypeScript sources (tsx) or from the production
 * bundle in dist/ (npm run build), where every module shares the bundle's location.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'lienthong';

function isProjectDirectory(directory: string): boolean {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8')) as { name?: unknown };
    return manifest.name === PACKAGE_NAME;
  } catch {
    return false; // no package.json here (or not JSON): keep walking up
  }
}

export function findProjectRoot(start: string): string {
  for (let directory = start; ;) {
    if (isProjectDirectory(directory)) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no package.json of ${PACKAGE_NAME} in ${start} or above it`);
    directory = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
