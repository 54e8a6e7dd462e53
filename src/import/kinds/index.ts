/** The record kinds `npm run import` knows, per sector (the first one is the sector's default). */
import type { RecordKind, SectorName } from '../kind.ts';
import { encounters, vaccinations } from './health.ts';
import { households, registrations } from './household.ts';
import { parcels, rights } from './land.ts';
import { stays } from './tourism.ts';

export const KINDS: Readonly<Record<SectorName, readonly RecordKind<unknown>[]>> = {
  health: [encounters, vaccinations],
  tourism: [stays],
  household: [registrations, households],
  land: [parcels, rights],
};

export const SECTORS = Object.keys(KINDS) as SectorName[];

export function isSector(value: string): value is SectorName {
  return (SECTORS as string[]).includes(value);
}

/** The kind named `name` of a sector (its default when no name is given), or undefined. */
export function findKind(sector: SectorName, name?: string): RecordKind<unknown> | undefined {
  const kinds = KINDS[sector];
  return name === undefined ? kinds[0] : kinds.find((kind) => kind.name === name);
}

/** The record formats, for --help: every kind's fields, rules, natural key and what re-importing a row does. */
export function formatSpecification(): string {
  const lines: string[] = [];
  for (const sector of SECTORS) {
    for (const [index, kind] of KINDS[sector].entries()) {
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
