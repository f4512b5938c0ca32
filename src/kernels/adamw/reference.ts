// CPU reference for the AdamW family: one step of Adam with bias correction and decoupled weight
// decay, the gradient first multiplied by the clip scale. Float64 arithmetic, results rounded to
// float32; new arrays, nothing updated in place. Not clipping itself (gradnorm/reference.ts).
// Contract: shader.ts (AdamwShape); hand-worked checks: reference.test.ts.

import type { AdamwShape } from './shader.js';

export type AdamwOptions = Omit<AdamwShape, 'n'> & {
  /** Multiplies the gradient first: the global-norm clip scale (default 1). */
  gradScale?: number;
};

/**
 * m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2; with mhat = m / (1 - beta1^step) and
 * vhat = v / (1 - beta2^step): param -= lr * (mhat / (sqrt(vhat) + eps) + weightDecay * param).
 */
export function adamwStep(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  o: AdamwOptions,
): { param: Float32Array; m: Float32Array; v: Float32Array } {
  const n = param.length;
  for (const [name, a] of Object.entries({ grad, m, v })) {
    if (a.length !== n) throw new RangeError(`adamw: ${name} has ${a.length} elements, param has ${n}`);
  }
  if (!Number.isInteger(o.step) || o.step < 1) throw new RangeError(`adamw: step must be an integer >= 1, got ${o.step}`);
  const { lr, beta1, beta2, eps, weightDecay } = o;
  const scale = o.gradScale ?? 1;
  const bc1 = 1 - beta1 ** o.step;
  const bc2 = 1 - beta2 ** o.step;
  const out = { param: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
  for (let i = 0; i < n; i++) {
    const g = grad[i] * scale;
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    out.m[i] = mi;
    out.v[i] = vi;
    out.param[i] = param[i] - lr * (mi / bc1 / (Math.sqrt(vi / bc2) + eps) + weightDecay * param[i]);
  }
  return out;
}
