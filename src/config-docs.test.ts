/**
 * Every environment variable src/config.ts reads is declared once in SETTINGS, every declared setting is read, and
 * README.md's settings tables are the declarations rendered: a setting cannot be added, removed or given another
 * default without the README following.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withSettingsTables } from './config-docs.ts';
import {
  ConfigError,
  NOT_SETTINGS,
  parseConfig,
  SETTINGS,
  testBrowserSettings,
  testDatabaseUrl,
  type SettingDeclaration,
  type SettingName,
} from './config.ts';
import { PROJECT_ROOT } from './project-root.ts';

const DECLARED = Object.keys(SETTINGS).sort();
const KEY = '0123456789abcdef'.repeat(4);
/** The smallest environment production accepts. */
const PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  AUTH_JWKS_URLS: 'https://idp.example/jwks',
  AUTH_ISSUERS: 'https://idp.example',
  CURSOR_KEY: KEY,
};

/** An environment that records every variable asked of it. */
function recordingEnvironment(values: Record<string, string>, read: Set<string>): Record<string, string | undefined> {
  return new Proxy(values, {
    get(target, property) {
      if (typeof property === 'string') read.add(property);
      return Reflect.get(target, property) as string | undefined;
    },
  });
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env, '/tmp');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the setting declarations (SETTINGS in src/config.ts)', () => {
  it('are exactly the variables read: by the gateway in development and production, and by the test helpers', () => {
    for (const base of [{}, PRODUCTION]) {
      const read = new Set<string>();
      parseConfig(recordingEnvironment(base, read), '/tmp');
      testDatabaseUrl(recordingEnvironment({}, read));
      testBrowserSettings(recordingEnvironment({}, read));
      expect([...read].sort()).toEqual(DECLARED);
    }
  });

  it('cover every process.env.NAME of src/config.ts, and nothing else reads process.env by name', () => {
    const source = fs.readFileSync(path.join(PROJECT_ROOT, 'src', 'config.ts'), 'utf8');
    const named = [...source.matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] ?? '');
    const allowed = new Set<string>([...DECLARED, ...NOT_SETTINGS]);
    expect(named.filter((name) => !allowed.has(name))).toEqual([]);
    expect(source).not.toMatch(/process\.env\s*\[/);
    expect(DECLARED.filter((name) => (NOT_SETTINGS as readonly string[]).includes(name))).toEqual([]);
  });

  it('each give a one-line description, and integers a range their default lies in', () => {
    for (const name of DECLARED as SettingName[]) {
      const declaration: SettingDeclaration = SETTINGS[name];
      expect(declaration.description.trim(), name).not.toBe('');
      expect(declaration.description, name).not.toMatch(/\n/);
      expect(declaration.default !== undefined && declaration.defaultText !== undefined, name).toBe(false);
      if (declaration.range !== undefined) {
        const [min, max] = declaration.range;
        for (const text of [declaration.default, declaration.productionDefault]) {
          if (text === undefined) continue;
          expect(Number(text), name).toBeGreaterThanOrEqual(min);
          expect(Number(text), name).toBeLessThanOrEqual(max);
        }
        expect(problemsOf({ [name]: String(max + 1) }).join('\n'), name).toContain(name);
        expect(problemsOf({ [name]: String(min - 1) }).join('\n'), name).toContain(name);
      }
    }
  });

  it('defaults are the values the gateway uses when nothing is set, production defaults in production', () => {
    const development = parseConfig({}, '/tmp');
    expect(development.port).toBe(Number(SETTINGS.PORT.default));
    expect(development.host).toBe(SETTINGS.HOST.default);
    expect(development.rateLimit.anonymous).toEqual({ capacity: 60, refillPerSecond: 2 });
    expect(development.limits.costListSize).toBe(Number(SETTINGS.LIMIT_COST_LIST_SIZE.default));
    expect(development.auth.algorithms.join(',')).toBe(SETTINGS.AUTH_ALGORITHMS.default);
    expect(development.shutdownDelayMs).toBe(0);
    expect(development.explorerEnabled).toBe(true);
    expect(development.iocDashboardEnabled).toBe(true);
    const production = parseConfig(PRODUCTION, '/tmp');
    expect(production.host).toBe(SETTINGS.HOST.productionDefault);
    expect(production.shutdownDelayMs).toBe(Number(SETTINGS.SHUTDOWN_DELAY_MS.productionDefault));
    expect(production.explorerEnabled).toBe(false);
    // The dashboard is a static page whose figures need a stats:read token: operators use it in production.
    expect(production.iocDashboardEnabled).toBe(true);
    expect(production.introspectionEnabled).toBe(false);
    // A computed default: OPERATION_CONCURRENCY follows DATABASE_POOL_SIZE.
    expect(parseConfig({ DATABASE_POOL_SIZE: '7' }, '/tmp').operationConcurrency).toBe(7);
  });

  it('say "required" in production exactly where production refuses to start without the setting', () => {
    expect(problemsOf(PRODUCTION)).toEqual([]);
    for (const name of DECLARED as SettingName[]) {
      const declaration: SettingDeclaration = SETTINGS[name];
      if (!(declaration.production ?? '').startsWith('required')) continue;
      const without = Object.fromEntries(Object.entries(PRODUCTION).filter(([key]) => key !== name));
      expect(problemsOf(without).join('\n'), name).toContain(name);
    }
    // The key source: any one of the three named in its Production column.
    const noKeySource = Object.fromEntries(Object.entries(PRODUCTION).filter(([key]) => key !== 'AUTH_JWKS_URLS'));
    expect(problemsOf(noKeySource).join('\n')).toContain('key source');
    expect(problemsOf({ ...noKeySource, AUTH_JWKS_FILE: '/etc/jwks.json' })).toEqual([]);
  });
});

describe("README.md's settings tables", () => {
  it('are the declarations rendered (npm run docs:settings rewrites them)', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(withSettingsTables(readme)).toBe(readme);
  });

  it('document every setting once: the main table links to the groups placed elsewhere', () => {
    const readme = withSettingsTables(
      [
        '# x',
        '<!-- settings-table:start (npm run docs:settings) -->',
        '<!-- settings-table:end -->',
        '## When the database fails',
        '<!-- settings-table:start database-failures (npm run docs:settings) -->',
        '<!-- settings-table:end -->',
      ].join('\n'),
    );
    for (const name of DECLARED) {
      const rows = readme.split('\n').filter((line) => line.startsWith(`| \`${name}\` `));
      expect(rows.length, name).toBe(1);
    }
    expect(readme).toContain('in [When the database fails](#when-the-database-fails).');
    expect(() => withSettingsTables('# x\n')).toThrow(/settings-table:start/);
  });
});
