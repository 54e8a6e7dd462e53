/**
 * Rewrites README.md's error table from the error catalogue (src/errors/catalogue.ts):
 *
 *   npm run docs:errors
 *
 * src/errors/catalogue.test.ts fails while the table is not current.
 */
import fs from 'node:fs';
import path from 'node:path';
import { withErrorTable } from '../errors/catalogue.ts';
import { PROJECT_ROOT } from '../project-root.ts';

const file = path.join(PROJECT_ROOT, 'README.md');
const before = fs.readFileSync(file, 'utf8');
const after = withErrorTable(before);
if (after === before) {
  console.log('README.md: the error table is current');
} else {
  fs.writeFileSync(file, after);
  console.log('README.md: error table rewritten');
}
