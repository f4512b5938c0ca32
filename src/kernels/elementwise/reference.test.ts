// Hand-worked checks of the elementwise references: GELU (tanh form), SiLU, SwiGLU and add.
// CPU only; the GPU kernel tests compare against these references.

import { describe, expect, it } from 'vitest';
import { add, gelu, geluScalar, silu, siluScalar, swiglu } from './reference.js';

describe('elementwise reference', () => {
  it('gelu uses the tanh approximation', () => {
    expect(geluScalar(0)).toBe(0);
    expect(geluScalar(1)).toBeCloseTo(0.841192, 6);
    expect(geluScalar(-1)).toBeCloseTo(-0.158808, 6);
    expect(geluScalar(10)).toBeCloseTo(10, 6);
    expect(Array.from(gelu(Float32Array.of(0, 1)))).toEqual([0, expect.closeTo(0.841192, 6)]);
  });

  it('silu is x * sigmoid(x)', () => {
    const sigmoid1 = 1 / (1 + Math.exp(-1));
    expect(siluScalar(0)).toBe(0);
    expect(siluScalar(1)).toBeCloseTo(sigmoid1, 12);
    expect(siluScalar(-1)).toBeCloseTo(-(1 - sigmoid1), 12);
    expect(Array.from(silu(Float32Array.of(0, 1)))).toEqual([0, expect.closeTo(sigmoid1, 6)]);
  });

  it('swiglu multiplies silu(gate) by up', () => {
    const y = swiglu(Float32Array.of(0, 1, 2), Float32Array.of(5, 3, -1));
    expect(Array.from(y)).toEqual([0, expect.closeTo(3 * siluScalar(1), 6), expect.closeTo(-siluScalar(2), 6)]);
  });

  it('add sums elementwise into a new array', () => {
    const a = Float32Array.of(1, 2);
    const y = add(a, Float32Array.of(0.5, -2));
    expect(Array.from(y)).toEqual([1.5, 0]);
    expect(y).not.toBe(a);
  });

  it('rejects mismatched lengths', () => {
    expect(() => add(new Float32Array(2), new Float32Array(3))).toThrow(/2 vs 3/);
    expect(() => swiglu(new Float32Array(2), new Float32Array(3))).toThrow(/swiglu/);
  });
});
