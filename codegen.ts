// graphql-codegen: typed resolvers from the SDL in schema/*.graphql into src/generated/graphql.ts (checked in;
// `npm run codegen:check` fails when it is stale).
//
// Mappers follow a convention instead of a hand-kept list: every `export interface XModel` / `export type XModel`
// in src/sectors/<sector>/mappers.ts is the parent type of the GraphQL type `X` (when the schema has a type X), so
// a sector adds a model and its resolvers are typed against it on the next `npm run codegen`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { Kind, parse } from 'graphql';

const root = import.meta.dirname;
const SCHEMA_DIR = path.join(root, 'schema');
const SECTORS_DIR = path.join(root, 'src', 'sectors');
const OUTPUT = 'src/generated/graphql.ts';

/** TypeScript types of the custom scalars (all serialised as JSON strings except JSON itself). */
const SCALARS: Record<string, string> = {
  PersonalId: 'string',
  Date: 'string',
  DateTime: 'string',
  Decimal: 'string',
  JSON: 'unknown',
};

/** Names of the object, interface and union types defined (not only extended) in the SDL. */
function schemaTypeNames(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.graphql'))) {
    const document = parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8'), { noLocation: true });
    for (const definition of document.definitions) {
      if (
        definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
        definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
        definition.kind === Kind.UNION_TYPE_DEFINITION
      ) {
        names.add(definition.name.value);
      }
    }
  }
  return names;
}

/** `{ Citizen: '../sectors/citizen/mappers.ts#CitizenModel', ... }`, paths relative to the output file. */
function conventionMappers(typeNames: Set<string>): Record<string, string> {
  const mappers: Record<string, string> = {};
  const owner = new Map<string, string>();
  if (!existsSync(SECTORS_DIR)) return mappers;
  for (const sector of readdirSync(SECTORS_DIR).sort()) {
    const file = path.join(SECTORS_DIR, sector, 'mappers.ts');
    if (!existsSync(file)) continue;
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^export\s+(?:interface|type)\s+([A-Z]\w*)Model\b/gm)) {
      const typeName = match[1]!;
      if (!typeNames.has(typeName)) continue;
      const previous = owner.get(typeName);
      if (previous !== undefined) {
        throw new Error(`codegen: ${typeName}Model is exported by both sectors ${previous} and ${sector}; keep one`);
      }
      owner.set(typeName, sector);
      const relative = path
        .relative(path.dirname(path.join(root, OUTPUT)), file)
        .split(path.sep)
        .join('/');
      mappers[typeName] = `${relative}#${typeName}Model`;
    }
  }
  return mappers;
}

const config: CodegenConfig = {
  overwrite: true,
  schema: 'schema/*.graphql',
  silent: false,
  generates: {
    [OUTPUT]: {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../context.ts#GatewayContext',
        mappers: conventionMappers(schemaTypeNames()),
        scalars: SCALARS,
        strictScalars: true,
        useIndexSignature: false,
        enumsAsTypes: true,
        useTypeImports: true,
        // The mapper paths keep their `.ts` extension (allowImportingTsExtensions); do not append `.js`.
        emitLegacyCommonJSImports: true,
      },
    },
  },
};

export default config;
