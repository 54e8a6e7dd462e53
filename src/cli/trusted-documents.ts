/**
 * Builds the trusted-documents manifest (TRUSTED_DOCUMENTS_FILE) from a folder of .graphql files:
 *
 *   npm run trusted-documents -- [--format map|apollo] <dir> <out.json>
 *
 * Every .graphql / .gql file under <dir> (recursively) is one trusted document: its exact text (UTF-8, trailing
 * newline included) is what a client sends as `query`, and the SHA-256 of that text is its id: `documentId`
 * `sha256:<hex>` (GraphQL-over-HTTP) or `extensions.persistedQuery.sha256Hash` `<hex>` (Apollo). A file may hold
 * several operations (the client names one with `operationName`) and the fragments they use. Each file must parse,
 * hold an operation and validate against the gateway's schema; every problem is listed at once and nothing is
 * written (exit 1). Usage errors exit 2.
 * Formats: `map` (default) is `{ "<sha256 hex>": "<document>" }`, the shape of GraphQL Code Generator's
 * persisted-documents.json with hashAlgorithm sha256; `apollo` is Apollo's persisted query manifest (one operation
 * per file, as that format names each entry's operation). Entries are in file order, so the manifest diffs well
 * under version control.
 */
import fs from 'node:fs';
import path from 'node:path';
import { commandLineArguments } from '../config.ts';
import { Kind, parse } from 'graphql';
import { documentProblems, sha256Hex } from '../limits/trusted-documents.ts';
import { buildExecutableSchema } from '../schema/build.ts';

const USAGE = 'usage: npm run trusted-documents -- [--format map|apollo] <dir with .graphql files> <manifest.json>';
const FORMATS = ['map', 'apollo'] as const;
type Format = (typeof FORMATS)[number];

function graphqlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...graphqlFiles(full));
    else if (entry.isFile() && /\.(graphql|gql)$/i.test(entry.name)) files.push(full);
  }
  return files.sort();
}

function main(): number {
  const args = commandLineArguments();
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let format: Format = 'map';
  const formatAt = args.findIndex((arg) => arg === '--format' || arg.startsWith('--format='));
  if (formatAt >= 0) {
    const given = args[formatAt]?.includes('=') ? args[formatAt]?.slice('--format='.length) : args[formatAt + 1];
    args.splice(formatAt, args[formatAt]?.includes('=') ? 1 : 2);
    if (!FORMATS.includes(given as Format)) {
      console.error(`trusted-documents: --format must be one of ${FORMATS.join(', ')}\n${USAGE}`);
      return 2;
    }
    format = given as Format;
  }
  const [dir, out] = args;
  if (args.length !== 2 || dir === undefined || out === undefined) {
    console.error(`trusted-documents: expected a folder and an output file\n${USAGE}`);
    return 2;
  }
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    console.error(`trusted-documents: ${dir} is not a folder\n${USAGE}`);
    return 2;
  }
  const files = graphqlFiles(dir);
  if (files.length === 0) {
    console.error(`trusted-documents: no .graphql file under ${dir}`);
    return 1;
  }
  const schema = buildExecutableSchema();
  const problems: string[] = [];
  const manifest: Record<string, string> = {};
  const operations: { id: string; name: string; type: string; body: string }[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const label = path.relative(dir, file);
    const found = documentProblems(label, text, schema);
    if (found.length > 0) {
      problems.push(...found);
      continue;
    }
    manifest[sha256Hex(text)] = text;
    if (format === 'apollo') {
      const defined = parse(text).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      const [operation] = defined;
      if (defined.length !== 1 || operation?.name === undefined) {
        problems.push(`${label}: the apollo format needs exactly one named operation per file`);
      } else {
        operations.push({ id: sha256Hex(text), name: operation.name.value, type: operation.operation, body: text });
      }
    }
  }
  if (problems.length > 0) {
    console.error(
      `trusted-documents: ${problems.length} problem(s), nothing written:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    return 1;
  }
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const written =
    format === 'apollo' ? { format: 'apollo-persisted-query-manifest', version: 1, operations } : manifest;
  fs.writeFileSync(out, `${JSON.stringify(written, null, 2)}\n`);
  console.error(
    `trusted-documents: wrote ${Object.keys(manifest).length} document(s) from ${files.length} file(s) to ${out}`,
  );
  return 0;
}

process.exitCode = main();
