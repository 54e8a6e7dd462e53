/**
 * Statistical disclosure control of the indicator tables (docs/ARCHITECTURE.md §15), as statistics offices protect
 * frequency tables (Hundepool et al., ESSnet Handbook on Statistical Disclosure Control, 2010, chapter "Frequency
 * tables": threshold rule, then secondary suppression).
 *
 * - Primary suppression: a cell about fewer than `minPersons` distinct persons (but at least one) is withheld.
 * - Secondary (complementary) suppression, for additive tables (counts): the table is made dense over the product of
 *   its dimensions' values (an absent combination is a zero cell), and every LINE of it (the cells that differ in
 *   one dimension only, whose sum is a margin an attacker may know from elsewhere) that holds a withheld cell must
 *   hold at least two; complements are the line's smallest positive released cells (least information lost), zeros
 *   only when no positive cell is left. Every margin of any order is a sum of lines, so no margin is released
 *   separately. Iterated to a fixed point over every dimension.
 * - Then an exact check: within each group of withheld cells linked by lines, a cell whose value the line equations
 *   determine (its unit vector lies in their row space, found by Gauss-Jordan elimination) gets a further complement
 *   on one of its lines, and the whole is repeated. Groups larger than EXACT_CHECK_LIMIT cells skip this check (they
 *   arise only in tables suppressed almost entirely).
 * - Last, bounds: interval propagation over the line sums with every cell non-negative (what an attacker's linear
 *   program would first derive); a withheld cell whose interval closes to a point gets a positive complement.
 * - Non-additive tables (shares, quantiles): a cell is withheld when its population, OR either of the two sides its
 *   value splits the population into, is under the threshold (the ESSnet threshold rule applied to the numerator and
 *   to its complement): for a share k/N, the units having the attribute (k) and those lacking it (N−k) — else the
 *   share, with N known from another table, tells "N−k = 3 uninsured residents in this commune", and a share of 0
 *   or 1 tells an attribute of every member (attribute disclosure); for a quantile, the observations at or below it
 *   and at or above it — else a p90 over 12 observations is, up to interpolation, the duration of one or two named
 *   applications. Nothing can be derived from the other cells, so there is no complement. Released shares are
 *   rounded to SHARE_DECIMALS and kept strictly inside (0, 1) (see roundShare).
 *
 * Zero cells are released: a zero says that a group had no such event, which statistics offices publish; a zero may
 * still be withheld as a complement.
 */

export interface RawCell {
  readonly key: readonly string[];
  /** A count, share or duration. */
  readonly value: number;
  /** Distinct persons the cell is about (its population for shares and durations). */
  readonly persons: number;
  /**
   * Non-additive cells only: the two sides the value splits its population into, each counted in the units it is
   * computed from — [having the attribute, lacking it] for a share, [at or below, at or above the value] for a
   * quantile. Each must reach the threshold too. Absent: only `persons` is checked.
   */
  readonly sides?: readonly [number, number];
}

export interface ReleasedCell {
  readonly key: string[];
  /** Null when withheld. */
  readonly value: number | null;
}

/** Groups of withheld cells larger than this skip the exact check (Gauss-Jordan is cubic in their size). */
export const EXACT_CHECK_LIMIT = 150;

/**
 * Decimals of a released share. Two, as statistics offices publish percentages to whole points: with both sides at
 * or above the threshold the rule above already protects the cell, and rounding is defence in depth — it bounds the
 * precision an intruder knowing N (from the population table) gets: k is known only to ±N/200, an interval holding
 * two integers or more once N reaches 200, so the exact fraction k/N cannot be read back from the value (below that,
 * or next to the threshold, k may be exact — but it is then at least `minPersons` on both sides).
 */
export const SHARE_DECIMALS = 2;

/**
 * A share rounded to SHARE_DECIMALS, kept strictly inside (0, 1): a share released at all has at least `minPersons`
 * units on each side, so a rounded 0.00 or 1.00 (N above 200·`minPersons`) would misstate it as "none" or "all" —
 * the attribute disclosure the side rule prevents — and is released as the nearest step inside instead.
 */
export function roundShare(share: number): number {
  const scale = 10 ** SHARE_DECIMALS;
  const steps = Math.min(scale - 1, Math.max(1, Math.round(share * scale)));
  return steps / scale;
}

/**
 * Cells of a non-additive table: each withheld alone when its population or one of its sides (RawCell.sides) is
 * under the threshold; shares (`share` true) rounded by roundShare.
 */
export function suppressNonAdditive(cells: readonly RawCell[], minPersons: number, share = false): ReleasedCell[] {
  return cells
    .filter((cell) => cell.persons > 0)
    .map((cell) => {
      const small =
        cell.persons < minPersons ||
        (cell.sides !== undefined && (cell.sides[0] < minPersons || cell.sides[1] < minPersons));
      return { key: [...cell.key], value: small ? null : share ? roundShare(cell.value) : cell.value };
    })
    .sort(byKey);
}

/**
 * An additive table under primary and secondary suppression, `dimensions` the key length: every withheld cell (value
 * null) and every non-zero released cell; a key not listed is a released zero.
 */
export function suppressAdditive(cells: readonly RawCell[], dimensions: number, minPersons: number): ReleasedCell[] {
  const table = denseTable(cells, dimensions);
  const suppressed = new Uint8Array(table.size);
  for (let i = 0; i < table.size; i++) {
    if (table.values[i]! > 0 && table.persons[i]! < minPersons) suppressed[i] = 1;
  }
  for (;;) {
    lineRule(table, suppressed);
    if (exactCheck(table, suppressed)) continue;
    if (!widenPinned(table, suppressed)) break;
  }
  // Released zeros are left out (a key not listed is zero, schema/stats.graphql): sparse tables stay small.
  const released: ReleasedCell[] = [];
  for (let i = 0; i < table.size; i++) {
    if (suppressed[i] === 1) released.push({ key: table.keyOf(i), value: null });
    else if (table.values[i]! !== 0) released.push({ key: table.keyOf(i), value: table.values[i]! });
  }
  return released;
}

export interface DenseTable {
  readonly size: number;
  readonly domains: readonly (readonly string[])[];
  readonly values: Float64Array;
  readonly persons: Float64Array;
  /** Lines of cell indexes (only those with two cells or more: a one-cell line's sum is the cell itself). */
  readonly lines: readonly (readonly number[])[];
  /** For each cell, the indexes of the lines through it. */
  readonly linesOf: readonly (readonly number[])[];
  keyOf(index: number): string[];
}

/** The dense table over the product of every dimension's observed values, sorted; its lines along each dimension. */
export function denseTable(cells: readonly RawCell[], dimensions: number): DenseTable {
  const domains: string[][] = [];
  for (let d = 0; d < dimensions; d++) {
    domains.push([...new Set(cells.map((cell) => cell.key[d]!))].sort());
  }
  const position = domains.map((domain) => new Map(domain.map((value, i) => [value, i])));
  const strides: number[] = new Array<number>(dimensions).fill(1);
  for (let d = dimensions - 2; d >= 0; d--) strides[d] = strides[d + 1]! * domains[d + 1]!.length;
  const size = cells.length === 0 ? 0 : domains.reduce((product, domain) => product * domain.length, 1);
  const values = new Float64Array(size);
  const persons = new Float64Array(size);
  for (const cell of cells) {
    let index = 0;
    for (let d = 0; d < dimensions; d++) index += position[d]!.get(cell.key[d]!)! * strides[d]!;
    values[index]! += cell.value;
    persons[index]! += cell.persons;
  }
  const keyOf = (index: number): string[] =>
    domains.map((domain, d) => domain[Math.floor(index / strides[d]!) % domain.length]!);
  const lines: number[][] = [];
  const linesOf: number[][] = Array.from({ length: size }, () => []);
  for (let d = 0; d < dimensions; d++) {
    const length = domains[d]!.length;
    if (length < 2) continue;
    for (let start = 0; start < size; start++) {
      // A line's first cell has coordinate 0 along d.
      if (Math.floor(start / strides[d]!) % length !== 0) continue;
      const line: number[] = [];
      for (let k = 0; k < length; k++) line.push(start + k * strides[d]!);
      for (const cell of line) linesOf[cell]!.push(lines.length);
      lines.push(line);
    }
  }
  return { size, domains, values, persons, lines, linesOf, keyOf };
}

/**
 * Suppresses the line's smallest positive released cell; when none is positive, a zero cell none of whose lines
 * sums to zero (a zero in a line of zeros would be known, and pin the cells it is meant to protect). False when no
 * cell qualifies (or, with `positiveOnly`, no positive one).
 */
function addComplement(
  table: DenseTable,
  suppressed: Uint8Array,
  line: readonly number[],
  positiveOnly = false,
): boolean {
  let best = -1;
  for (const cell of line) {
    if (suppressed[cell] === 1 || table.values[cell]! <= 0) continue;
    if (best === -1 || table.values[cell]! < table.values[best]!) best = cell;
  }
  if (best === -1 && !positiveOnly) {
    best = line.find((cell) => suppressed[cell] !== 1 && !inZeroLine(table, cell)) ?? -1;
  }
  if (best === -1) return false;
  suppressed[best] = 1;
  return true;
}

function inZeroLine(table: DenseTable, cell: number): boolean {
  return table.linesOf[cell]!.some((lineIndex) => table.lines[lineIndex]!.every((other) => table.values[other] === 0));
}

/**
 * Interval propagation over the line equations with every cell non-negative (a linear-programming relaxation, as an
 * attacker bounding a withheld cell would compute it): a withheld cell whose interval closes to a point gets a
 * positive complement on one of its lines. True when something was added.
 */
function widenPinned(table: DenseTable, suppressed: Uint8Array): boolean {
  const { lower, upper } = intervals(table, suppressed);
  for (let cell = 0; cell < table.size; cell++) {
    if (suppressed[cell] !== 1 || upper[cell]! - lower[cell]! > 1e-9) continue;
    for (const lineIndex of table.linesOf[cell]!) {
      if (addComplement(table, suppressed, table.lines[lineIndex]!, true)) return true;
    }
  }
  return false;
}

/** Bounds of every withheld cell implied by the line sums, the released cells and non-negativity. */
export function intervals(table: DenseTable, suppressed: Uint8Array): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(table.size);
  const upper = new Float64Array(table.size).fill(Number.POSITIVE_INFINITY);
  for (let cell = 0; cell < table.size; cell++) {
    if (suppressed[cell] !== 1) lower[cell] = upper[cell] = table.values[cell]!;
  }
  for (let pass = 0; pass < 100; pass++) {
    let changed = false;
    for (const line of table.lines) {
      let total = 0;
      let lowerSum = 0;
      let upperSum = 0;
      for (const cell of line) {
        total += table.values[cell]!;
        lowerSum += lower[cell]!;
        upperSum += upper[cell]!;
      }
      for (const cell of line) {
        if (suppressed[cell] !== 1) continue;
        const high = total - (lowerSum - lower[cell]!);
        const low = upperSum === Number.POSITIVE_INFINITY ? 0 : total - (upperSum - upper[cell]!);
        if (high < upper[cell]! - 1e-9) {
          upper[cell] = high;
          changed = true;
        }
        if (low > lower[cell]! + 1e-9) {
          lower[cell] = low;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return { lower, upper };
}

/** Every line holding a withheld cell holds at least two (iterated to a fixed point). */
function lineRule(table: DenseTable, suppressed: Uint8Array): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of table.lines) {
      let count = 0;
      for (const cell of line) count += suppressed[cell]!;
      if (count === 1 && addComplement(table, suppressed, line)) changed = true;
    }
  }
}

/**
 * Withheld cells whose value the line equations determine (ignoring non-negativity), per connected group of withheld
 * cells: one gets a further complement. True when something was added (the caller repeats the line rule).
 */
function exactCheck(table: DenseTable, suppressed: Uint8Array): boolean {
  for (const group of withheldGroups(table, suppressed)) {
    if (group.length > EXACT_CHECK_LIMIT) continue;
    for (const cell of determinedCells(table, suppressed, group)) {
      for (const lineIndex of table.linesOf[cell]!) {
        if (addComplement(table, suppressed, table.lines[lineIndex]!)) return true;
      }
    }
  }
  return false;
}

/** Connected groups of withheld cells (two are linked when a line holds both). */
export function withheldGroups(table: DenseTable, suppressed: Uint8Array): number[][] {
  const seen = new Uint8Array(table.size);
  const groups: number[][] = [];
  for (let start = 0; start < table.size; start++) {
    if (suppressed[start] !== 1 || seen[start] === 1) continue;
    const group: number[] = [];
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const cell = stack.pop()!;
      group.push(cell);
      for (const lineIndex of table.linesOf[cell]!) {
        for (const other of table.lines[lineIndex]!) {
          if (suppressed[other] === 1 && seen[other] !== 1) {
            seen[other] = 1;
            stack.push(other);
          }
        }
      }
    }
    groups.push(group);
  }
  return groups;
}

/**
 * The cells of `group` (withheld) whose value follows from the line sums and the released cells: Gauss-Jordan on the
 * equations "sum of the line's withheld cells = known"; a variable is determined when its pivot row has no free
 * variable.
 */
export function determinedCells(table: DenseTable, suppressed: Uint8Array, group: readonly number[]): number[] {
  const column = new Map(group.map((cell, i) => [cell, i]));
  const lineIndexes = new Set<number>();
  for (const cell of group) for (const lineIndex of table.linesOf[cell]!) lineIndexes.add(lineIndex);
  const rows: Float64Array[] = [];
  for (const lineIndex of lineIndexes) {
    const row = new Float64Array(group.length);
    for (const cell of table.lines[lineIndex]!) {
      if (suppressed[cell] === 1) row[column.get(cell)!] = 1;
    }
    rows.push(row);
  }
  const n = group.length;
  const pivotRowOf = new Int32Array(n).fill(-1);
  let rank = 0;
  for (let col = 0; col < n && rank < rows.length; col++) {
    let pivot = -1;
    for (let r = rank; r < rows.length; r++) {
      if (Math.abs(rows[r]![col]!) > 1e-9 && (pivot === -1 || Math.abs(rows[r]![col]!) > Math.abs(rows[pivot]![col]!)))
        pivot = r;
    }
    if (pivot === -1) continue;
    [rows[rank], rows[pivot]] = [rows[pivot]!, rows[rank]!];
    const pivotRow = rows[rank]!;
    const scale = pivotRow[col]!;
    for (let c = 0; c < n; c++) pivotRow[c]! /= scale;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank) continue;
      const row = rows[r]!;
      const factor = row[col]!;
      if (Math.abs(factor) < 1e-12) continue;
      for (let c = 0; c < n; c++) row[c]! -= factor * pivotRow[c]!;
    }
    pivotRowOf[col] = rank;
    rank++;
  }
  const determined: number[] = [];
  for (let col = 0; col < n; col++) {
    const r = pivotRowOf[col]!;
    if (r === -1) continue;
    const row = rows[r]!;
    let free = false;
    for (let c = 0; c < n && !free; c++) if (c !== col && Math.abs(row[c]!) > 1e-9) free = true;
    if (!free) determined.push(group[col]!);
  }
  return determined;
}

function byKey(a: ReleasedCell, b: ReleasedCell): number {
  for (let i = 0; i < a.key.length; i++) {
    if (a.key[i]! < b.key[i]!) return -1;
    if (a.key[i]! > b.key[i]!) return 1;
  }
  return 0;
}
