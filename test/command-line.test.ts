/**
 * The command-line tools' shared contract (src/lib/command-line.ts), on every command of src/cli/ that takes flags,
 * run as real processes: --help prints the usage and exits 0; an unknown flag is named, with the usage, and exits 2
 * before anything is opened or written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTypeScript } from './support/process.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Each command's file and the name its messages use. */
const COMMANDS = [
  ['seed.ts', 'seed'],
  ['import.ts', 'import'],
  ['token.ts', 'token'],
  ['audit-verify.ts', 'audit:verify'],
  ['audit-archive.ts', 'audit:archive'],
  ['identity-report.ts', 'identity:report'],
] as const;

function runCommand(file: string, args: string[]) {
  return runTypeScript([path.join('src', 'cli', file), ...args], { DATA_DIR: dataDir });
}

describe('command-line tools', () => {
  it.each(COMMANDS)(
    '%s: --help exits 0 with the usage; an unknown flag exits 2 naming it',
    async (file, name) => {
      const [help, unknown] = await Promise.all([runCommand(file, ['--help']), runCommand(file, ['--no-such-flag'])]);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/^usage: npm run /);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain(`${name}: Unknown option '--no-such-flag'`);
      expect(unknown.stderr).toContain('usage: npm run ');
      expect(unknown.stdout).toBe('');
      // Nothing was opened: the embedded database directory was never created.
      expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(false);
    },
    60_000,
  );
});
