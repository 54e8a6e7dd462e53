/**
 * Deterministic pseudo-random numbers for the seed generator.
 *
 * Every random decision is drawn from an `Rng` that is re-seeded from (seed, stream, key): the
 * stream names what is being generated (households, encounters of one citizen...), the key which
 * entity. A table generator can therefore recompute exactly the decisions another table made
 * (payments recompute their encounters) without keeping them in memory, and the output depends on
 * the seed only, never on the order in which tables are written.
 *
 * The generator is xoshiro128** (Blackman & Vigna), seeded through splitmix32; both are 32-bit
 * integer algorithms, so results are identical on every JavaScript engine.
 */

/** Stream identifiers: one per kind of decision (any distinct constants). */
export const Stream = {
  household: 1,
  person: 2,
  legacy: 3,
  registration: 4,
  coverage: 5,
  summary: 6,
  encounter: 7,
  payment: 8,
  vaccination: 9,
  establishment: 10,
  stay: 11,
  inspection: 12,
  parcel: 13,
  conflict: 14,
  previousId: 15,
  scramble: 16,
  names: 17,
} as const;

function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes up to three 32-bit keys into one well-distributed 32-bit value. */
export function mix(a: number, b = 0, c = 0): number {
  let h = splitmix32(a >>> 0);
  h = splitmix32((h ^ Math.imul(b >>> 0, 0x27d4eb2f)) >>> 0);
  h = splitmix32((h ^ Math.imul(c >>> 0, 0x165667b1)) >>> 0);
  return h;
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed = 0, stream = 0, key = 0) {
    this.reseed(seed, stream, key);
  }

  /** Resets the state to the sequence of (seed, stream, key); reuses the object (no allocation). */
  reseed(seed: number, stream = 0, key = 0): this {
    let x = mix(seed, stream, key);
    x = splitmix32(x);
    this.s0 = x;
    x = splitmix32(x);
    this.s1 = x;
    x = splitmix32(x);
    this.s2 = x;
    x = splitmix32(x);
    this.s3 = x | 1; // never the all-zero state
    return this;
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson deviate (Knuth; fine for the small means used here). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k += 1;
      p *= this.float();
    }
    return k;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A fixed list of items with relative weights, picked by binary search on cumulative weights. */
export class Weighted<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('Weighted needs at least one entry');
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], index) => {
      if (!(weight >= 0)) throw new Error(`negative weight for entry ${index}`);
      total += weight;
      this.cumulative[index] = total;
    });
    for (let i = 0; i < entries.length; i += 1) this.cumulative[i] = this.cumulative[i]! / total;
  }

  pick(rng: Rng): T {
    return this.items[this.pickIndex(rng)] as T;
  }

  pickIndex(rng: Rng): number {
    const x = rng.float();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The normalised probability of the entry at `index`. */
  probability(index: number): number {
    return this.cumulative[index]! - (index === 0 ? 0 : this.cumulative[index - 1]!);
  }
}

/**
 * A bijection of [0, 10^digits) (an affine map modulo 10^digits with a multiplier coprime to 10):
 * distinct inputs give distinct, scattered outputs. Used to derive unique identifier numbers
 * (social-insurance, tax codes) from a citizen's index without a uniqueness set.
 */
export class Scrambler {
  private readonly modulus: number;
  private readonly multiplier: number;
  private readonly offset: number;

  constructor(
    seed: number,
    key: number,
    readonly digits: number,
  ) {
    if (digits > 10) throw new Error('Scrambler supports at most 10 digits');
    this.modulus = 10 ** digits;
    const rng = new Rng(seed, Stream.scramble, key);
    // Multiplier: odd and not a multiple of 5, hence invertible modulo 10^digits.
    let m = rng.int(Math.floor(this.modulus / 7), Math.floor(this.modulus / 3));
    while (m % 2 === 0 || m % 5 === 0) m += 1;
    this.multiplier = m;
    this.offset = rng.int(0, this.modulus - 1);
  }

  apply(value: number): number {
    if (value < 0 || value >= this.modulus) throw new Error(`Scrambler input ${value} out of range`);
    return mulMod(value, this.multiplier, this.modulus, this.offset);
  }

  /** The scrambled value as a zero-padded decimal string of `digits` characters. */
  text(value: number): string {
    return String(this.apply(value)).padStart(this.digits, '0');
  }
}

/** (a * b + c) mod m, exact for m up to 10^10 (b is split into 16-bit halves to stay below 2^53). */
function mulMod(a: number, b: number, m: number, c: number): number {
  const bHigh = Math.floor(b / 65536);
  const bLow = b % 65536;
  const high = (((a * bHigh) % m) * 65536) % m;
  return (high + ((a * bLow) % m) + c) % m;
}

/**
 * A keyed pseudo-random permutation of [0, 1 000 000): a 4-round Feistel network on 20 bits with
 * cycle-walking. Personal IDs take their random part from it, indexed by a per-prefix counter, so
 * the numbers look random yet never repeat, with no set of issued numbers to keep.
 */
export function permuteMillion(index: number, key: number): number {
  if (index < 0 || index >= 1_000_000) throw new Error(`permuteMillion index ${index} out of range`);
  let x = index;
  do x = feistel20(x, key);
  while (x >= 1_000_000);
  return x;
}

function feistel20(x: number, key: number): number {
  let left = x >>> 10;
  let right = x & 1023;
  for (let round = 0; round < 4; round += 1) {
    let f = Math.imul(right ^ key, 0x9e3779b1) ^ Math.imul(round + 1, 0x85ebca6b);
    f ^= f >>> 15;
    f = Math.imul(f, 0x2c1b3c6d);
    f ^= f >>> 12;
    const next = left ^ (f & 1023);
    left = right;
    right = next;
  }
  return (left << 10) | right;
}
