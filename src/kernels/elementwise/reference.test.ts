// Checks of the elementwise references: hand-worked GELU (tanh form), SiLU, SwiGLU and add, and
// their backward against central finite differences of the float64 scalar forwards. CPU only; the
// GPU kernel tests compare against these references.

import { describe, expect, it } from 'vitest';
import { fd } from '../../../tests/support/finite-difference.js';
import {
  add, gelu, geluBackward, geluGradScalar, geluScalar, silu, siluBackward, siluGradScalar, siluScalar, swiglu, swigluBackward,
} from './reference.js';

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

/** Central difference (h = 1e-5) of a float64 scalar function. */
const slope = (f: (v: number) => number, v: number) => fd((x) => f(x[0]), [v], 0);

// -8..8 in steps of 1/8 (both activations bend near 0 and saturate by +-8), and the tails.
const points = [...Array.from({ length: 129 }, (_, i) => -8 + i / 8), -30, -12, 12, 30];

// h = 1e-5: truncation h^2 f''' / 6 ~ 1e-11 (f''' is O(1) for both), rounding ~1e-16 / h ~ 1e-11;
// 1e-8 leaves room for both and is far below any mistaken term.
const FD_TOL = 1e-8;

describe('elementwise backward reference', () => {
  it.each([
    ['gelu', geluGradScalar, geluScalar],
    ['silu', siluGradScalar, siluScalar],
  ] as const)('%s derivative matches finite differences of the forward', (_, grad, f) => {
    for (const v of points) expect(Math.abs(grad(v) - slope(f, v)), `at ${v}`).toBeLessThanOrEqual(FD_TOL);
  });

  it('gelu and silu derivatives saturate at 1 and 0 without NaN', () => {
    for (const grad of [geluGradScalar, siluGradScalar]) {
      expect(grad(1e4)).toBe(1);
      expect(grad(-1e4)).toBeCloseTo(0, 12);
      expect(grad(0)).toBe(0.5);
    }
  });

  it('geluBackward and siluBackward scale the derivative by dy', () => {
    const x = Float32Array.of(-2, 0.5, 3);
    const dy = Float32Array.of(2, -1, 0.25);
    expect(Array.from(geluBackward(x, dy))).toEqual([...x].map((v, i) => expect.closeTo(dy[i] * geluGradScalar(v), 6)));
    expect(Array.from(siluBackward(x, dy))).toEqual([...x].map((v, i) => expect.closeTo(dy[i] * siluGradScalar(v), 6)));
  });

  it('swigluBackward matches finite differences of dy * silu(gate) * up in gate and in up', () => {
    const gate = Float32Array.of(-6, -1.5, 0, 0.75, 4);
    const up = Float32Array.of(0.5, -2, 3, 1, -0.25);
    const dy = Float32Array.of(1, 0.5, -1, 2, 3);
    const { dgate, dup } = swigluBackward(gate, up, dy);
    // The outputs are float32: 1e-6 relative (or absolute, below 1) covers their rounding.
    const near = (got: number, want: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
    gate.forEach((g, i) => {
      near(dgate[i], slope((v) => dy[i] * siluScalar(v) * up[i], g));
      near(dup[i], slope((v) => dy[i] * siluScalar(g) * v, up[i]));
    });
  });

  it('rejects mismatched lengths', () => {
    expect(() => geluBackward(new Float32Array(2), new Float32Array(3))).toThrow(/geluBackward: inputs differ in length \(2 vs 3\)/);
    expect(() => swigluBackward(new Float32Array(2), new Float32Array(2), new Float32Array(1))).toThrow(/swigluBackward/);
  });
});
