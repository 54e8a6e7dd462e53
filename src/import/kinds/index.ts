/** The record kinds `npm run import` knows, per sector (the first one is the sector's default), from the registry. */
import { SECTORS as REGISTERED_SECTORS } from '../../sectors/index.ts';
import type { RecordKind, SectorName } from '../kind.ts';

export const KINDS: ReadonlyMap<SectorName, readonly RecordKind<unknown>[]> = new Map(
  REGISTERED_SECTORS.filter((sector) => sector.importKinds.length > 0).map((sector) => [
    sector.name,
    sector.importKinds,
  ]),
);

/** The sectors with record kinds, in registry order. */
export const SECTORS: readonly SectorName[] = [...KINDS.keys()];

export function isSector(value: string): boolean {
  return KINDS.has(value);
}

/** The record kinds of a sector (none for an unknown one). */
export function kindsOf(sector: SectorName): readonly RecordKind<unknown>[] {
  return KINDS.get(sector) ?? [];
}

/** The kind named `name` of a sector (its default when no name is given), or undefined. */
export function findKind(sector: SectorName, name?: string): RecordKind<unknown> | undefined {
  const kinds = kindsOf(sector);
  return name === undefined ? kinds[0] : kinds.find((kind) => kind.name === name);
}

/** The record formats, for --help: every kind's fields, rules, natural key and what re-importing a row does. */
export function formatSpecification(): string {
  const lines: string[] = [];
  for (const [sector, kinds] of KINDS) {
    for (const [index, kind] of kinds.entries()) {
      lines.push(`${sector} --kind ${kind.name}${index === 0 ? ' (default)' : ''}: ${kind.summary} -> ${kind.table}`);
      const width = Math.max(...kind.fields.map((field) => field.name.length));
      for (const field of kind.fields) {
        const required =
          field.required === true ? 'required' : field.required === false ? 'optional' : `required: ${field.required}`;
        const doc = field.doc === '' ? '' : `; ${field.doc}`;
        lines.push(`    ${field.name.padEnd(width)}  ${field.type} (${required}${doc})`);
      }
      for (const rule of kind.rules) lines.push(`    checked: ${rule}`);
      lines.push(`    natural key: ${kind.naturalKey}; already present: ${kind.onExisting}`);
      lines.push(`    CSV header: ${kind.fields.map((field) => field.name).join(',')}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}
