// Checks of the seeded test generator: determinism, range and a rough mean.
// CPU only; kernel tests rely on randomArray being reproducible.

import { describe, expect, it } from 'vitest';
import { mulberry32, randomArray } from './random.js';

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
});
