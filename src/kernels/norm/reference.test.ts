// Checks of the layernorm and rmsnorm references: hand-worked forwards, and the backward against
// central finite differences of the float64 forward. CPU only; the GPU kernel tests compare
// against these references.

import { describe, expect, it } from 'vitest';
import { expectGradient } from '../../../tests/support/finite-difference.js';
import { randomArray } from '../../../tests/support/random.js';
import { layernorm, layernorm64, layernormBackward, rmsnorm, rmsnorm64, rmsnormBackward } from './reference.js';
import type { NormShape } from './shader.js';

const close = (values: number[], digits = 5) => values.map((v) => expect.closeTo(v, digits));

describe('layernorm reference', () => {
  // [1, 2, 3, 4]: mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
  const s = Math.sqrt(1.25);

  it('normalises [1, 2, 3, 4] and applies gamma and beta', () => {
    const y = layernorm(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 2, 1, 1), Float32Array.of(0, 0, 1, 0), {
      rows: 1, C: 4, eps: 0,
    });
    expect(Array.from(y)).toEqual(close([-1.5 / s, -1 / s, 0.5 / s + 1, 1.5 / s]));
  });

  it('includes eps inside the square root', () => {
    const ones = Float32Array.of(1, 1, 1, 1);
    const y = layernorm(Float32Array.of(1, 2, 3, 4), ones, new Float32Array(4), { rows: 1, C: 4, eps: 0.75 });
    expect(Array.from(y)).toEqual(close([-1.5 / Math.sqrt(2), -0.5 / Math.sqrt(2), 0.5 / Math.sqrt(2), 1.5 / Math.sqrt(2)]));
  });

  it('normalises each row on its own, even with a large offset', () => {
    const ones = Float32Array.of(1, 1, 1, 1);
    const x = Float32Array.of(1, 2, 3, 4, 10001, 10002, 10003, 10004);
    const y = layernorm(x, ones, new Float32Array(4), { rows: 2, C: 4, eps: 0 });
    const row = [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s];
    expect(Array.from(y)).toEqual(close([...row, ...row]));
  });

  it('rejects a gamma of the wrong width', () => {
    expect(() => layernorm(new Float32Array(4), new Float32Array(3), new Float32Array(4), { rows: 1, C: 4, eps: 0 }))
      .toThrow(/gamma has 3 elements, expected \(C\) = \(4\)/);
  });
});

describe('rmsnorm reference', () => {
  it('divides [1, 2, 3, 4] by sqrt(mean(x^2)) = sqrt(7.5) and applies gamma', () => {
    const r = Math.sqrt(7.5);
    const y = rmsnorm(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 1, 2, 1), { rows: 1, C: 4, eps: 0 });
    expect(Array.from(y)).toEqual(close([1 / r, 2 / r, 6 / r, 4 / r]));
  });

  it('does not subtract the mean, and adds eps to the mean square', () => {
    // [2, 2]: mean square 4, plus eps 5 gives 9, so every value becomes 2/3.
    const y = rmsnorm(Float32Array.of(2, 2), Float32Array.of(1, 1), { rows: 1, C: 2, eps: 5 });
    expect(Array.from(y)).toEqual(close([2 / 3, 2 / 3]));
  });

  it('rejects x that is not (rows, C)', () => {
    expect(() => rmsnorm(new Float32Array(5), new Float32Array(2), { rows: 2, C: 2, eps: 0 })).toThrow(/\(rows, C\)/);
  });
});

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, v, i) => sum + v * b[i], 0);

// h = 1e-6 keeps the O(h^2 f''') truncation below 1e-8 here even where eps dominates
// (rstd ~ 300, f''' ~ rstd^3 ~ 3e7) while the float64 rounding of the loss, ~1e-16 * |L| / h,
// stays near 1e-9. The analytic gradients come back as float32 (relative 6e-8), so the bound is
// 1e-6 relative to the largest gradient of the case (at least 1); a wrong term is off by O(1) of
// it, and the largest element must match too, so a wrong one cannot widen the bound.
function expectNormGradient(f: (v: Float64Array) => number, at: Float32Array, analytic: Float32Array): void {
  expectGradient(f, at, analytic, { h: 1e-6, atol: 1e-6 * Math.max(1, ...Array.from(analytic, Math.abs)), rtol: 0 });
}

interface Case extends NormShape { offset?: number; scale?: number }

const shapes: Case[] = [
  { rows: 1, C: 1, eps: 1e-5 },
  { rows: 3, C: 3, eps: 1e-5 },
  { rows: 2, C: 7, eps: 0.1 },
  { rows: 4, C: 17, eps: 1e-5 },
  { rows: 2, C: 9, eps: 1e-5, offset: 100, scale: 1 }, // a large mean
  { rows: 2, C: 5, eps: 1e-5, scale: 3e-3 }, // mean(x^2) below eps
];

function inputs(s: Case) {
  const x = randomArray(s.rows * s.C, 17 * s.rows + s.C, s.scale ?? 2).map((v) => v + (s.offset ?? 0));
  const gamma = randomArray(s.C, s.C + 3, 0.5).map((v) => v + 1);
  const beta = randomArray(s.C, s.C + 5, 0.5);
  const dy = randomArray(s.rows * s.C, s.C + 7);
  return { x, gamma, beta, dy };
}

const label = (s: Case): string => `${s.rows}x${s.C} eps=${s.eps}${s.offset ? ` mean=${s.offset}` : ''}${s.scale ? ` scale=${s.scale}` : ''}`;

describe('layernormBackward reference', () => {
  it.each(shapes.map((s) => [label(s), s] as const))('matches finite differences of sum(dy * layernorm) at %s', (_, s) => {
    const { x, gamma, beta, dy } = inputs(s);
    const got = layernormBackward(x, gamma, dy, s);
    expectNormGradient((v) => dot(dy, layernorm64(v, gamma, beta, s)), x, got.dx);
    expectNormGradient((v) => dot(dy, layernorm64(x, v, beta, s)), gamma, got.dgamma);
    expectNormGradient((v) => dot(dy, layernorm64(x, gamma, v, s)), beta, got.dbeta);
  });

  it('gives a dx orthogonal to ones and to xhat when eps = 0 (shifting or scaling a row changes nothing)', () => {
    const x = Float32Array.of(1, 2, 4, 8);
    const xhat = layernorm(x, Float32Array.of(1, 1, 1, 1), new Float32Array(4), { rows: 1, C: 4, eps: 0 });
    const { dx } = layernormBackward(x, Float32Array.of(1, 2, 3, 4), Float32Array.of(0.5, -1, 2, 0.25), { rows: 1, C: 4, eps: 0 });
    expect(dot(dx, [1, 1, 1, 1])).toBeCloseTo(0, 6);
    expect(dot(dx, xhat)).toBeCloseTo(0, 6);
  });

  it('sums dbeta and dgamma over rows', () => {
    // Two rows [0, 2] with eps 0: xhat = [-1, 1] in each; dy all ones gives dbeta = 2, dgamma = [-2, 2].
    const got = layernormBackward(Float32Array.of(0, 2, 0, 2), Float32Array.of(1, 1), Float32Array.of(1, 1, 1, 1), { rows: 2, C: 2, eps: 0 });
    expect(Array.from(got.dbeta)).toEqual([2, 2]);
    expect(Array.from(got.dgamma)).toEqual([-2, 2]);
  });

  it('rejects a dy that is not (rows, C)', () => {
    expect(() => layernormBackward(new Float32Array(4), new Float32Array(2), new Float32Array(3), { rows: 2, C: 2, eps: 0 }))
      .toThrow(/layernormBackward: dy has 3 elements, expected \(rows, C\) = \(2, 2\)/);
  });
});

describe('rmsnormBackward reference', () => {
  it.each(shapes.map((s) => [label(s), s] as const))('matches finite differences of sum(dy * rmsnorm) at %s', (_, s) => {
    const { x, gamma, dy } = inputs(s);
    const got = rmsnormBackward(x, gamma, dy, s);
    expectNormGradient((v) => dot(dy, rmsnorm64(v, gamma, s)), x, got.dx);
    expectNormGradient((v) => dot(dy, rmsnorm64(x, v, s)), gamma, got.dgamma);
  });

  it('gives a dx orthogonal to x when eps = 0 (scaling a row changes nothing)', () => {
    const x = Float32Array.of(1, -2, 4, 8);
    const { dx } = rmsnormBackward(x, Float32Array.of(1, 2, 3, 4), Float32Array.of(0.5, -1, 2, 0.25), { rows: 1, C: 4, eps: 0 });
    expect(dot(dx, x)).toBeCloseTo(0, 6);
  });

  it('returns no dbeta', () => {
    expect(rmsnormBackward(Float32Array.of(1), Float32Array.of(1), Float32Array.of(1), { rows: 1, C: 1, eps: 0 })).not.toHaveProperty('dbeta');
  });
});
