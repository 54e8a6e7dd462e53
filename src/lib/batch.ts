/** DataLoader helpers: one statement per batch of keys, results in key order. */
import DataLoader from 'dataloader';
import { recordBatch } from '../observability/metrics.ts';

/** Loads at most one row per key (null when absent). */
export function createRowLoader<Row>(
  fetchRows: (keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row | null> {
  return new DataLoader<string, Row | null>(
    async (keys) => {
      recordBatch('row', keys.length);
      const rows = await fetchRows(keys);
      const byKey = new Map(rows.map((row) => [keyOf(row), row]));
      return keys.map((key) => byKey.get(key) ?? null);
    },
    { maxBatchSize: 1000 },
  );
}

/** Loads every row of each key (empty list when absent). */
export function createGroupLoader<Row>(
  fetchRows: (keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row[]> {
  return new DataLoader<string, Row[]>(
    async (keys) => {
      recordBatch('group', keys.length);
      const rows = await fetchRows(keys);
      const byKey = new Map<string, Row[]>();
      for (const row of rows) {
        const key = keyOf(row);
        const list = byKey.get(key);
        if (list === undefined) byKey.set(key, [row]);
        else list.push(row);
      }
      return keys.map((key) => byKey.get(key) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}

/** A count per parent key (parents without a row count 0). */
export interface CountRow {
  parentKey: string;
  count: number;
}

/**
 * Counts rows per parent key under a filter: keys with the same filter are counted by one statement (one per
 * distinct filter in the batch). `none`: nothing to count (every key is 0, no statement), e.g. the consent rule
 * withholds nothing from this request.
 */
export function createCountLoader<Filter>(
  none: boolean,
  countRows: (parentKeys: string[], filter: Filter) => Promise<CountRow[]>,
): DataLoader<{ parentKey: string; filter: Filter }, number, string> {
  return new DataLoader<{ parentKey: string; filter: Filter }, number, string>(
    async (keys) => {
      if (none) return keys.map(() => 0);
      recordBatch('count', keys.length);
      const groups = new Map<string, { filter: Filter; parentKeys: Set<string> }>();
      for (const key of keys) {
        const shape = JSON.stringify(key.filter);
        const group = groups.get(shape) ?? { filter: key.filter, parentKeys: new Set<string>() };
        group.parentKeys.add(key.parentKey);
        groups.set(shape, group);
      }
      const counts = new Map<string, number>();
      await Promise.all(
        [...groups.entries()].map(async ([shape, group]) => {
          for (const row of await countRows([...group.parentKeys], group.filter)) {
            counts.set(`${shape}\u0000${row.parentKey}`, row.count);
          }
        }),
      );
      return keys.map((key) => counts.get(`${JSON.stringify(key.filter)}\u0000${key.parentKey}`) ?? 0);
    },
    { cacheKeyFn: (key) => `${JSON.stringify(key.filter)}\u0000${key.parentKey}`, maxBatchSize: 1000 },
  );
}
