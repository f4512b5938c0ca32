// Hand-worked checks of the cross-entropy reference, dlogits against central finite differences
// of its float64 loss, and the host's target check. CPU only; the GPU kernel tests compare
// against this reference.

import { describe, expect, it } from 'vitest';
import { expectGradient } from '../../../tests/support/finite-difference.js';
import { randomArray } from '../../../tests/support/random.js';
import { checkTargets } from './kernel.js';
import { crossEntropy } from './reference.js';

describe('cross-entropy reference', () => {
  it('computes log(sum exp) - x[target] and softmax - onehot by hand', () => {
    // Row [0, ln 3]: softmax [1/4, 3/4]. Target 0: loss ln 4; target 1: ln 4 - ln 3.
    const x = Float32Array.of(0, Math.log(3), 0, Math.log(3));
    const { loss, rowLoss, dlogits } = crossEntropy(x, [0, 1], { rows: 2, V: 2 });
    expect(rowLoss[0]).toBeCloseTo(Math.log(4), 6);
    expect(rowLoss[1]).toBeCloseTo(Math.log(4 / 3), 6);
    expect(loss).toBeCloseTo((Math.log(4) + Math.log(4 / 3)) / 2, 6);
    // scale 1/rows = 1/2: row 0 (1/4 - 1, 3/4) / 2, row 1 (1/4, 3/4 - 1) / 2.
    expect(Array.from(dlogits)).toEqual([-0.375, 0.375, 0.125, -0.125].map((v) => expect.closeTo(v, 6)));
  });

  it('subtracts the max: logits near 1000 neither overflow nor lose the answer', () => {
    const { rowLoss } = crossEntropy(Float32Array.of(1000, 1000, 1000, 1000), [3], { rows: 1, V: 4 });
    expect(rowLoss[0]).toBeCloseTo(Math.log(4), 6);
  });

  it('gives zero loss and zero gradient for V = 1, and applies a given scale', () => {
    const one = crossEntropy(Float32Array.of(5, -2), [0, 0], { rows: 2, V: 1 });
    expect([one.loss, ...one.rowLoss, ...one.dlogits]).toEqual([0, 0, 0, 0, 0]);
    const x = randomArray(6, 4, 3);
    const unit = crossEntropy(x, [2, 0], { rows: 2, V: 3, scale: 1 });
    const scaled = crossEntropy(x, [2, 0], { rows: 2, V: 3, scale: 0.3 });
    expect(Array.from(scaled.dlogits)).toEqual(Array.from(unit.dlogits, (v) => expect.closeTo(0.3 * v, 7)));
  });

  it('throws a RangeError naming a target outside [0, V)', () => {
    expect(() => crossEntropy(new Float32Array(6), [0, 3], { rows: 2, V: 3 })).toThrow(/target 3 at row 1/);
    expect(() => crossEntropy(new Float32Array(3), [-1], { rows: 1, V: 3 })).toThrow(RangeError);
  });

  it('matches central finite differences of the mean loss', () => {
    // Logits are multiples of 2^-12 within +-6 and h = 2^-14, so x +- h is exact in float32 and the
    // loss is evaluated in float64: the difference's error is its truncation, h^2/6 * |loss'''|
    // (|loss'''| <= 1/rows here) ~ 1e-9, and float64 rounding, ~1e-16 / h ~ 2e-12; dlogits itself
    // is float32, within half an ULP (2^-24 relative) of its float64 value.
    const [rows, V] = [3, 7];
    const x = randomArray(rows * V, 11, 6).map((v) => Math.round(v * 4096) / 4096);
    const targets = [6, 0, 3];
    const { dlogits } = crossEntropy(x, targets, { rows, V });
    const loss = (y: Float64Array) => crossEntropy(Float32Array.from(y), targets, { rows, V }).loss;
    expectGradient(loss, x, dlogits, { h: 2 ** -14, atol: 2e-9, rtol: 2 ** -24 });
  });
});

describe('checkTargets', () => {
  it('passes ids in [0, V) and names the first row outside', () => {
    expect(() => checkTargets(Uint32Array.of(0, 64, 3), 65)).not.toThrow();
    expect(() => checkTargets(Uint32Array.of(0, 65, 70), 65)).toThrow(/target 65 at row 1 is outside the vocabulary \[0, 65\)/);
    expect(() => checkTargets([-1], 65)).toThrow(RangeError);
  });
});
