// ESLint 9 flat config. Type-aware rules run on every TypeScript file of the tsconfig program
// (src, test, bench and the root config files); JavaScript files get the syntactic rules only.
// Two project rules of docs/ARCHITECTURE.md §2 and §4 are enforced here:
//   - `process.env` is read only in src/config.ts;
//   - sectors never import each other (src/sectors/<a>/ must not import src/sectors/<b>/).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * The sectors: the folders of src/sectors/ (this config is plain JavaScript and cannot import the TypeScript
 * registry; src/schema/registry-check.test.ts checks that the registry names exactly these folders).
 */
const SECTORS = readdirSync(path.join(import.meta.dirname, 'src', 'sectors'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const ENV_MESSAGE =
  'Read settings through src/config.ts (validated, every error listed); process.env is read only there (README, settings).';

/** `import { env } from 'node:process'` is the same leak as `process.env`. */
const ENV_IMPORT_PATHS = ['process', 'node:process'].map((name) => ({
  name,
  importNames: ['env'],
  message: ENV_MESSAGE,
}));

/**
 * Matches an import specifier that reaches sector `other` from inside another sector's folder:
 * `../other`, `../../other/x.ts`, `../../sectors/other/x.ts`, `/abs/src/sectors/other/x.ts`.
 */
function sectorImportRegex(other) {
  return `^(\\./)?(\\.\\./)+${other}(/|$)|(^|/)sectors/${other}(/|$)`;
}

/** Disable directives must say why: `// eslint-disable-next-line rule -- reason`. */
const requireDisableReason = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Require a `-- reason` on every eslint-disable directive' },
    schema: [],
    messages: {
      missing: 'Say why the rule does not apply here: `// eslint-disable-next-line <rule> -- <reason>`.',
    },
  },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          const text = comment.value.trim();
          if (!/^eslint-disable(-next-line|-line)?(\s|$)/.test(text)) continue;
          if (/\s--\s*\S/.test(text)) continue;
          context.report({ loc: comment.loc, messageId: 'missing' });
        }
      },
    };
  },
};

export default defineConfig(
  {
    name: 'lienthong/ignores',
    // bench/postgraphile/ is a separate Node 22 package with its own dependencies (not installed by the main npm ci).
    ignores: [
      'node_modules/',
      'data/',
      'src/generated/',
      'scratch/',
      'coverage/',
      'dist/',
      'bench/dist/',
      'bench/results/',
      'bench/postgraphile/',
    ],
  },
  {
    name: 'lienthong/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'lienthong/typescript',
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Promises: an unawaited promise loses its error (and the audit record it was writing).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // Type holes and silent string conversions.
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: false }],
      '@typescript-eslint/no-base-to-string': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // verbatimModuleSyntax: type-only imports must say so, and must not leave an empty runtime import.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        // `typeof import('x')` stays allowed: tests type modules they load dynamically or through createRequire.
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
  {
    name: 'lienthong/javascript',
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly' },
    },
  },
  {
    name: 'lienthong/project-rules',
    plugins: { lienthong: { rules: { 'require-disable-reason': requireDisableReason } } },
    rules: {
      'lienthong/require-disable-reason': 'error',
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: ENV_MESSAGE }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='env'][object.property.name='process']",
          message: ENV_MESSAGE,
        },
      ],
      'no-restricted-imports': ['error', { paths: ENV_IMPORT_PATHS }],
    },
  },
  {
    name: 'lienthong/config-reads-env',
    files: ['src/config.ts'],
    rules: {
      'no-restricted-properties': 'off',
      'no-restricted-syntax': 'off',
      'no-restricted-imports': 'off',
    },
  },
  // One block per sector. A later block replaces the options of `no-restricted-imports`, so each
  // repeats the process.env paths next to its sector patterns.
  SECTORS.map((sector) => ({
    name: `lienthong/sector-${sector}`,
    files: [`src/sectors/${sector}/**/*.{ts,mts,cts,js,mjs,cjs}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ENV_IMPORT_PATHS,
          patterns: SECTORS.filter((other) => other !== sector).map((other) => ({
            regex: sectorImportRegex(other),
            message: `Sectors never import each other (docs/ARCHITECTURE.md §4): src/sectors/${sector}/ must not import src/sectors/${other}/. Extend the hub type in the schema, or move shared code to a cross-cutting module under src/.`,
          })),
        },
      ],
    },
  })),
);
