/**
 * The production log output (src/logger.ts): lines are written in blocks, yet none is lost at exit and none waits
 * long on an idle gateway. Real child processes, real stdout pipes.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimalChildEnvironment } from '../src/config.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const LOGGER = path.join(ROOT, 'src', 'logger.ts');

/** Runs `body` in a child with `logger` = createLogger('info', { buffered: true }); resolves with its stdout lines. */
function runChild(body: string, onLine?: (line: string, kill: () => void) => void): Promise<string[]> {
  const script = `const { createLogger } = await import(${JSON.stringify(LOGGER)});
const logger = createLogger('info', { buffered: true });
${body}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: minimalChildEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let pending = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) {
      lines.push(line);
      onLine?.(line, () => child.kill('SIGKILL'));
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`child exited ${code}: ${stderr}`));
      else resolve(lines);
    });
  });
}

describe('buffered production logs', () => {
  it('writes every line logged before process.exit, in order', async () => {
    const lines = await runChild(`for (let i = 0; i < 500; i++) logger.info({ i }, 'request');
process.exit(0);`);
    expect(lines).toHaveLength(500);
    expect(lines.map((line) => (JSON.parse(line) as { i: number }).i)).toEqual([...Array(500).keys()]);
  }, 60_000);

  it('writes a lone line of an idle process within a second', async () => {
    let markerAt: number | undefined;
    let lineAfterMs: number | undefined;
    // The marker goes to stdout unbuffered just before the line is logged; the process then stays idle.
    const lines = await runChild(
      `process.stdout.write('marker\\n'); logger.info('one line'); setTimeout(() => {}, 30_000);`,
      (line, kill) => {
        if (line === 'marker') markerAt = Date.now();
        if (line.includes('"msg":"one line"') && markerAt !== undefined) {
          lineAfterMs = Date.now() - markerAt;
          kill();
        }
      },
    );
    expect(lines).toContain('marker');
    expect(lineAfterMs).toBeDefined();
    expect(lineAfterMs).toBeLessThan(1000); // the flush period is 250 ms; without it the line waits for exit (30 s)
  }, 60_000);
});
