/**
 * Real-browser tests (Debian's chromium driven by playwright-core). On a developer's machine without Chromium the
 * browser suites are skipped with one line saying how to install it; in CI (`CI=true`) a missing browser fails the
 * run instead, so the explorer is never left untested by accident.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe } from 'vitest';
import { testBrowserSettings } from '../../src/config.ts';

const { chromiumPath: CHROMIUM_PATH, required: IN_CI } = testBrowserSettings();
const INSTALL_HINT = 'apt-get install -y chromium (or set CHROMIUM_PATH)';

/** `describe` for suites that drive Chromium: skipped with a notice when it is absent outside CI, failing in CI. */
export function describeWithBrowser(name: string, suite: () => void): void {
  if (existsSync(CHROMIUM_PATH) || IN_CI) {
    describe(name, suite);
    return;
  }
  console.warn(`[skip] ${name}: ${CHROMIUM_PATH} not found; ${INSTALL_HINT}`);
  describe.skip(name, suite);
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: ${INSTALL_HINT}`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
