/**
 * An intruder's attacks on a released frequency table (test/ioc-suppression-property.test.ts, test/ioc-indicators.test.ts),
 * written independently of src/sectors/stats/suppression.ts: the intruder knows every released cell and every margin
 * (each line's sum, the grand total) and tries to recover withheld cells by peeling single unknowns, by linear algebra
 * and by non-negative bounds.
 */
import { expect } from 'vitest';

/** A true cell: its key and value. */
export interface TrueCell {
  readonly key: readonly string[];
  readonly value: number;
}

export type Grid = { keys: string[]; truth: number[]; released: (number | null)[]; lines: number[][] };

/** The attacker's view: every cell of the product of observed values, the truth, and the lines (with totals). */
export function gridOf(
  dims: number,
  truthCells: readonly TrueCell[],
  released: { key: string[]; value: number | null }[],
): Grid {
  const domains = Array.from({ length: dims }, (_, d) => [...new Set(truthCells.map((c) => c.key[d]!))].sort());
  const keys: string[] = [];
  const build = (prefix: string[]) => {
    if (prefix.length === dims) return void keys.push(prefix.join('|'));
    for (const v of domains[prefix.length]!) build([...prefix, v]);
  };
  build([]);
  const truthBy = new Map(truthCells.map((c) => [c.key.join('|'), c.value]));
  const releasedBy = new Map(released.map((c) => [c.key.join('|'), c.value]));
  const truth = keys.map((k) => truthBy.get(k) ?? 0);
  // A key the release does not list is a released zero (schema/stats.graphql).
  const releasedValues = keys.map((k) => (releasedBy.has(k) ? releasedBy.get(k)! : 0));
  const lines: number[][] = [];
  for (let d = 0; d < dims; d++) {
    const groups = new Map<string, number[]>();
    keys.forEach((k, i) => {
      const parts = k.split('|');
      parts.splice(d, 1);
      const id = parts.join('|');
      groups.set(id, [...(groups.get(id) ?? []), i]);
    });
    lines.push(...groups.values());
  }
  lines.push(keys.map((_, i) => i)); // the grand total
  return { keys, truth, released: releasedValues, lines };
}

function peel(grid: Grid): number[] {
  const known = grid.released.map((v) => v !== null);
  const value = grid.released.map((v, i) => (v === null ? Number.NaN : grid.truth[i]!));
  const recovered: number[] = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of grid.lines) {
      const unknown = line.filter((i) => !known[i]);
      if (unknown.length !== 1) continue;
      const i = unknown[0]!;
      const total = line.reduce((sum, j) => sum + grid.truth[j]!, 0);
      value[i] = total - line.filter((j) => j !== i).reduce((sum, j) => sum + value[j]!, 0);
      known[i] = true;
      recovered.push(i);
      changed = true;
    }
  }
  return recovered;
}

function rank(rows: number[][]): number {
  const m = rows.map((r) => [...r]);
  let r = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && r < m.length; c++) {
    let p = r;
    while (p < m.length && Math.abs(m[p]![c]!) < 1e-9) p++;
    if (p === m.length) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    for (let i = 0; i < m.length; i++) {
      if (i === r || Math.abs(m[i]![c]!) < 1e-12) continue;
      const f = m[i]![c]! / m[r]![c]!;
      for (let j = c; j < cols; j++) m[i]![j]! -= f * m[r]![j]!;
    }
    r++;
  }
  return r;
}

/** Withheld cells whose value follows linearly from the line equations. */
function linearlyRecovered(grid: Grid): number[] {
  const hidden = grid.released.flatMap((v, i) => (v === null ? [i] : []));
  if (hidden.length === 0 || hidden.length > 120) return [];
  const rows = grid.lines.map((line) => hidden.map((i) => (line.includes(i) ? 1 : 0)));
  const base = rank(rows);
  return hidden.filter((_, k) => rank([...rows, hidden.map((__, j) => (j === k ? 1 : 0))]) === base);
}

/** Withheld cells whose bounds (propagated, non-negative) close to a point. */
function pinned(grid: Grid): number[] {
  const lower = grid.released.map((v) => (v === null ? 0 : v));
  const upper = grid.released.map((v) => (v === null ? Number.POSITIVE_INFINITY : v));
  for (let pass = 0; pass < 200; pass++) {
    let changed = false;
    for (const line of grid.lines) {
      const total = line.reduce((sum, j) => sum + grid.truth[j]!, 0);
      for (const i of line) {
        if (grid.released[i] !== null) continue;
        const others = line.filter((j) => j !== i);
        const high = total - others.reduce((sum, j) => sum + lower[j]!, 0);
        const low = total - others.reduce((sum, j) => sum + upper[j]!, 0);
        if (high < upper[i]! - 1e-9) [upper[i], changed] = [high, true];
        if (low > lower[i]! + 1e-9) [lower[i], changed] = [low, true];
      }
    }
    if (!changed) break;
  }
  return grid.released.flatMap((v, i) => (v === null && upper[i]! - lower[i]! <= 1e-9 ? [i] : []));
}

/**
 * Runs the three attacks against a release and asserts that each fails — for the cells the margins ALONE do not
 * already give away (with every cell withheld, the same attacks on the margins): e.g. a row of zeros pins the column
 * cells crossing it. No cell suppression can protect those; the gateway releases no margin (docs/ARCHITECTURE.md §15).
 * Returns how many cells the margins alone determine.
 */
export function assertUnrecoverable(grid: Grid, label: string): number {
  const marginsOnly = { ...grid, released: grid.released.map(() => null) };
  const byMargins = new Set([...peel(marginsOnly), ...linearlyRecovered(marginsOnly), ...pinned(marginsOnly)]);
  const describeCells = (cells: number[]) =>
    cells
      .filter((i) => !byMargins.has(i))
      .map((i) => `${grid.keys[i]}=${grid.truth[i]}`)
      .join(', ');
  expect(describeCells(peel(grid)), `${label}: recovered by peeling`).toBe('');
  expect(describeCells(linearlyRecovered(grid)), `${label}: recovered by linear algebra`).toBe('');
  expect(describeCells(pinned(grid)), `${label}: pinned by bounds`).toBe('');
  return [...byMargins].filter((i) => grid.released[i] === null).length;
}
