import { describe, expect, it } from 'vitest';
import { mulberry32 } from './mulberry32.ts';

describe('mulberry32', () => {
  it('gives the published sequence for seed 1 (first value 0.6270739405881613)', () => {
    const next = mulberry32(1);
    expect([next(), next(), next()].map((x) => x * 2 ** 32)).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('repeats the same sequence for the same seed, another for another seed, always in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(first);
    for (const x of first) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
