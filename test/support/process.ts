/** Running a command-line tool as a real child process in the tests. */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { minimalChildEnvironment } from '../../src/config.ts';

/** The repository's root. */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** tsx, which runs the TypeScript sources as they are (the way `npm run <tool>` does). */
export const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command` with stdin closed and resolves with its exit code and everything it wrote, once its output streams
 * are closed (so nothing written just before exit is missed). Rejects if it cannot be started.
 */
export function runToEnd(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ProcessResult> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs a source file of the repository with tsx (`args` = its path from ROOT, then its arguments), the way
 * `npm run <tool>` does: the minimal child environment, a temporary HOME, silent logs, then `env`.
 */
export function runTypeScript(args: readonly string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  return runToEnd(TSX, args, {
    cwd: ROOT,
    env: { ...minimalChildEnvironment(), HOME: os.tmpdir(), LOG_LEVEL: 'silent', ...env },
  });
}
