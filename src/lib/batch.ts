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
