/**
 * Rewrites README.md's settings tables from the setting declarations (SETTINGS in src/config.ts):
 *
 *   npm run docs:settings
 *
 * src/config-docs.test.ts fails while the tables are not current.
 */
import fs from 'node:fs';
import path from 'node:path';
import { withSettingsTables } from '../config-docs.ts';
import { PROJECT_ROOT } from '../project-root.ts';

const file = path.join(PROJECT_ROOT, 'README.md');
const before = fs.readFileSync(file, 'utf8');
const after = withSettingsTables(before);
if (after === before) {
  console.log('README.md: the settings tables are current');
} else {
  fs.writeFileSync(file, after);
  console.log('README.md: settings tables rewritten');
}
