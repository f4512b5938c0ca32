// The finite-difference helper on functions with known gradients: central differences are accurate
// to about 1e-10 there, a wrong gradient is caught and named, bad arguments are refused.

import { describe, expect, it } from 'vitest';
import { checkGradient, expectGradient, fd } from './finite-difference.js';

// f(x) = sum_i sin(x_i) x_{i+1} + exp(x_0) / 2 + x_last^3: couples neighbours, curved in each coordinate.
const f = (x: Float64Array): number => {
  let y = Math.exp(x[0]!) / 2 + x[x.length - 1]! ** 3;
  for (let i = 0; i + 1 < x.length; i++) y += Math.sin(x[i]!) * x[i + 1]!;
  return y;
};
const gradient = (x: ArrayLike<number>): Float64Array => {
  const g = new Float64Array(x.length);
  g[0]! += Math.exp(x[0]!) / 2;
  g[x.length - 1]! += 3 * x[x.length - 1]! ** 2;
  for (let i = 0; i + 1 < x.length; i++) {
    g[i]! += Math.cos(x[i]!) * x[i + 1]!;
    g[i + 1]! += Math.sin(x[i]!);
  }
  return g;
};
const x = [0.3, -1.2, 2.5, 0.7, -0.4];

describe('finite differences', () => {
  it('fd is a central difference accurate to ~1e-10 and leaves x alone', () => {
    const point = Float64Array.from(x);
    gradient(x).forEach((g, i) => expect(Math.abs(fd(f, point, i) - g)).toBeLessThan(1e-9));
    expect([...point]).toEqual(x);
    // Exact for a quadratic (no third derivative): only rounding remains.
    expect(fd((p) => 3 * p[0]! ** 2 + p[0]!, [2], 0, 1e-3)).toBeCloseTo(13, 9);
  });

  it('checkGradient accepts the right gradient and reads Float32Array points as float64', () => {
    const report = checkGradient(f, x, gradient(x));
    expect(report.ok).toBe(true);
    expect(report.message).toMatch(/^gradient matches central differences \(h 0\.00001\) over 5 coordinates/);
    const x32 = Float32Array.from(x);
    expectGradient(f, x32, gradient(x32));
  });

  it('checkGradient names the coordinate of a wrong gradient', () => {
    const wrong = gradient(x);
    wrong[3]! *= 1.001; // a 0.1 % slip, far beyond rtol 1e-6
    const report = checkGradient(f, x, wrong);
    expect(report.ok).toBe(false);
    expect(report.worst.index).toBe(3);
    expect(() => expectGradient(f, x, wrong)).toThrow(/^gradient differs from central differences .* worst \[3\]/);
    // The same slip passes a tolerance loose enough for it.
    expect(checkGradient(f, x, wrong, { rtol: 2e-3 }).ok).toBe(true);
    // NaN never passes.
    expect(checkGradient(f, x, [NaN, ...gradient(x).slice(1)]).worst.index).toBe(0);
    expect(checkGradient(f, x, [NaN, ...gradient(x).slice(1)]).ok).toBe(false);
  });

  it('refuses bad arguments', () => {
    expect(() => fd(f, x, 5)).toThrow('coordinate 5 is outside 0..4');
    expect(() => fd(f, x, 0, 0)).toThrow('the step must be positive, got 0');
    expect(() => checkGradient(f, x, [1, 2])).toThrow('the gradient has 2 values for 5 coordinates');
    expect(() => checkGradient(f, [], [])).toThrow('no coordinates to check');
  });
});
