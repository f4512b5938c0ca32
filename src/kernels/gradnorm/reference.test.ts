// Hand-worked checks of the global-norm and clip-scale references. CPU only; the GPU kernel
// tests compare against these references.

import { describe, expect, it } from 'vitest';
import { clipScale, globalNorm } from './reference.js';

describe('global norm reference', () => {
  it('is the L2 norm over every tensor together', () => {
    expect(globalNorm([Float32Array.of(3), Float32Array.of(0, -4)])).toBe(5);
    expect(globalNorm([Float32Array.of(1, 1, 1, 1), new Float32Array(0)])).toBe(2);
    expect(globalNorm([])).toBe(0);
  });
});

describe('clip scale reference', () => {
  it('scales down only above maxNorm, with 1e-6 added to the norm', () => {
    expect(clipScale(10, 1)).toBeCloseTo(1 / (10 + 1e-6), 15);
    expect(clipScale(0.5, 1)).toBe(1);
    expect(clipScale(1, 1)).toBe(1 / (1 + 1e-6)); // at the threshold the 1e-6 leaves it just below 1
  });

  it('turns clipping off with maxNorm 0 and rejects a negative or non-finite maxNorm', () => {
    expect(clipScale(1e9, 0)).toBe(1);
    expect(() => clipScale(1, -1)).toThrow(/maxNorm must be finite and >= 0/);
    expect(() => clipScale(1, Infinity)).toThrow(RangeError);
  });
});
