// Checks of the seeded test generator: determinism, range and a rough mean.
// CPU only; kernel tests rely on randomArray being reproducible.

import { describe, expect, it } from 'vitest';
import { gradedWeights, mulberry32, randomArray } from './random.js';

describe('random', () => {
  it('is deterministic per seed and differs across seeds', () => {
    expect(Array.from(randomArray(16, 42))).toEqual(Array.from(randomArray(16, 42)));
    expect(Array.from(randomArray(16, 42))).not.toEqual(Array.from(randomArray(16, 43)));
    const a = mulberry32(1);
    const b = mulberry32(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('stays in [-scale, scale) with mean near 0', () => {
    const y = randomArray(10000, 3, 0.1);
    expect(Math.min(...y)).toBeGreaterThanOrEqual(Math.fround(-0.1));
    expect(Math.max(...y)).toBeLessThan(Math.fround(0.1));
    expect(Math.abs(y.reduce((a, b) => a + b, 0) / y.length)).toBeLessThan(0.005);
  });

  it('grades runs of 32 along K: sizes 2^-(run % 5), means (run % 3 - 1) * scale / 2', () => {
    const K = 192;
    const plain = randomArray(2 * K, 7, 0.5);
    const graded = gradedWeights(2, K, 7, 0.5);
    for (const [i, run] of [[0, 0], [40, 1], [100, 3], [K + 130, 4], [K + 170, 5]] as const) {
      expect(graded[i]).toBeCloseTo(plain[i]! * 2 ** -(run % 5) + ((run % 3) - 1) * 0.25, 6);
    }
  });
});
