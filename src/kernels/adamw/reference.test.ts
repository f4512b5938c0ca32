// Hand-worked checks of the AdamW reference: step 1 (bias correction makes the first update
// lr * sign(g)), ten steps of a constant gradient (bias-corrected moments stay g and g^2, so every
// step moves by lr), decoupled decay on and off, an explicit step 10 from given moments, and the
// gradient scale; and the host's hyperparameter check. CPU only; the GPU kernel tests compare
// against this reference.

import { describe, expect, it } from 'vitest';
import { checkAdamw } from './kernel.js';
import { adamwStep, type AdamwOptions } from './reference.js';

const base: AdamwOptions = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, step: 1 };
const f = (...v: number[]) => Float32Array.from(v);
const close = (v: number[], digits = 6) => v.map((x) => expect.closeTo(x, digits));

describe('adamw reference', () => {
  it('step 1 from zero moments: m = (1 - beta1) g, v = (1 - beta2) g^2, param moves by lr * g / (|g| + eps)', () => {
    const r = adamwStep(f(1, -2, 0.5), f(2, -0.5, 0), f(0, 0, 0), f(0, 0, 0), base);
    expect(Array.from(r.m)).toEqual(close([0.2, -0.05, 0]));
    expect(Array.from(r.v)).toEqual(close([0.004, 0.00025, 0], 9));
    // mhat = g and vhat = g^2: the update is lr * sign(g) (and 0 for g = 0), whatever |g|.
    expect(Array.from(r.param)).toEqual(close([0.9, -1.9, 0.5]));
  });

  // eps is added to sqrt(vhat), outside the root (PyTorch's AdamW): sqrt(vhat + eps) would give lr / sqrt(1.5) here.
  it('adds eps to sqrt(vhat), outside the root', () => {
    // Step 1, g = 1: mhat = 1, vhat = 1, eps = 0.5: param = 1 - 0.1 * 1 / (1 + 0.5) = 0.93333333.
    const r = adamwStep(f(1), f(1), f(0), f(0), { ...base, eps: 0.5 });
    expect(r.param[0]).toBeCloseTo(1 - 0.1 / 1.5, 6);
  });

  it('decays the weight decoupled from the gradient: param -= lr * weightDecay * param as well', () => {
    const r = adamwStep(f(1, -2), f(2, 0), f(0, 0), f(0, 0), { ...base, weightDecay: 0.5 });
    // 1 - 0.1 * (1 + 0.5 * 1) = 0.85;  -2 - 0.1 * (0 + 0.5 * -2) = -1.9 (decay alone moves it).
    expect(Array.from(r.param)).toEqual(close([0.85, -1.9]));
  });

  it('ten steps of a constant gradient move the weight by lr each step, with and without decay', () => {
    // m_t = (1 - beta1^t) g and v_t = (1 - beta2^t) g^2, so mhat = g and vhat = g^2 at every t
    // (bias correction at t = 10 included): each step subtracts lr * (sign(g) + weightDecay * p).
    for (const weightDecay of [0, 0.1]) {
      let [p, m, v]: Float32Array[] = [f(1), f(0), f(0)];
      let want = 1;
      for (let step = 1; step <= 10; step++) {
        ({ param: p, m, v } = adamwStep(p, f(3), m, v, { ...base, lr: 0.01, weightDecay, step }));
        want -= 0.01 * (1 + weightDecay * want);
      }
      expect(m[0]).toBeCloseTo((1 - 0.9 ** 10) * 3, 5);
      expect(v[0]).toBeCloseTo((1 - 0.999 ** 10) * 9, 5);
      expect(p[0]).toBeCloseTo(want, 6); // 0.9 without decay, 0.8904937 with
    }
  });

  it('applies the step-10 bias corrections to given moments', () => {
    // m = 0.5, v = 0.04, g = 1, step 10: m' = 0.45 + 0.1 = 0.55, v' = 0.03996 + 0.001 = 0.04096;
    // mhat = 0.55 / (1 - 0.9^10) = 0.55 / 0.6513215599 = 0.8444370;
    // vhat = 0.04096 / (1 - 0.999^10) = 0.04096 / 0.0099551198 = 4.1144658, sqrt = 2.0284146;
    // param = 2 - 0.1 * (0.8444370 / 2.0284146 + 0.01 * 2) = 2 - 0.1 * 0.4363039 = 1.9563696.
    const r = adamwStep(f(2), f(1), f(0.5), f(0.04), { ...base, weightDecay: 0.01, step: 10 });
    expect(r.m[0]).toBeCloseTo(0.55, 6);
    expect(r.v[0]).toBeCloseTo(0.04096, 7);
    expect(r.param[0]).toBeCloseTo(1.9563696, 6);
  });

  it('multiplies the gradient by gradScale before anything else', () => {
    const scaled = adamwStep(f(1), f(4), f(0.1), f(0.2), { ...base, step: 3, gradScale: 0.25 });
    const plain = adamwStep(f(1), f(1), f(0.1), f(0.2), { ...base, step: 3 });
    expect(scaled).toEqual(plain);
  });

  it('rejects mismatched lengths and a step below 1', () => {
    expect(() => adamwStep(f(1, 2), f(1), f(0, 0), f(0, 0), base)).toThrow(/grad has 1 elements, param has 2/);
    expect(() => adamwStep(f(1), f(1), f(0), f(0), { ...base, step: 0 })).toThrow(/step must be an integer >= 1/);
  });
});

describe('checkAdamw', () => {
  it('names the first hyperparameter out of range', () => {
    expect(() => checkAdamw(base)).not.toThrow();
    expect(() => checkAdamw({ ...base, beta2: 1 })).toThrow(/beta2 must be in \[0, 1\), got 1/);
    expect(() => checkAdamw({ ...base, eps: 0 })).toThrow(/eps must be finite and > 0/);
    expect(() => checkAdamw({ ...base, lr: NaN })).toThrow(/lr must be finite and >= 0/);
    expect(() => checkAdamw({ ...base, weightDecay: -0.1 })).toThrow(/weightDecay/);
    expect(() => checkAdamw({ ...base, step: 1.5 })).toThrow(/step must be an integer >= 1/);
  });
});
