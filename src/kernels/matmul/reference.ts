// CPU reference for the matmul kernel family (and gemv, which computes the same function):
// y = act(x W^T + bias) + residual, and the gradients of y = x W^T + bias. Plain loops with
// float64 accumulation, rounded to float32 once per output; not fast. Contract: shader.ts
// (MatmulShape), ../gemv/shader.ts and docs/KERNELS.md; checks: reference.test.ts.

import type { Activation } from '../../../shaders/linear.js';
import { geluScalar, siluScalar } from '../elementwise/reference.js';
import type { MatmulShape } from './shader.js';

export type WeightLayout = 'nk' | 'kn';

export interface MatmulOptions extends MatmulShape {
  /** 'nk': w is (N, K) like PyTorch Linear; 'kn': w is (K, N) like GPT-2 Conv1D. */
  layout: WeightLayout;
  bias?: ArrayLike<number>; // (N)
  activation?: Activation;
  residual?: ArrayLike<number>; // (T, N), added after the activation
}

export function matmul(x: Float32Array, w: Float32Array, o: MatmulOptions): Float32Array {
  return Float32Array.from(matmulF64(x, w, o));
}

/**
 * The same function without the final rounding, for any numeric arrays (the finite-difference
 * checks in reference.test.ts perturb float64 inputs).
 */
export function matmulF64(x: ArrayLike<number>, w: ArrayLike<number>, o: MatmulOptions): Float64Array {
  const { T, K, N, bias, residual } = o;
  const activation = o.activation ?? 'none';
  checkLength('x', x, T * K, `(T, K) = (${T}, ${K})`);
  checkLength('w', w, K * N, wShape(o));
  if (bias) checkLength('bias', bias, N, `(N) = (${N})`);
  if (residual) checkLength('residual', residual, T * N, `(T, N) = (${T}, ${N})`);
  const { kStride, nStride } = strides(o);
  const y = new Float64Array(T * N); // (T, N)
  for (let t = 0; t < T; t++) {
    for (let n = 0; n < N; n++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += x[t * K + k] * w[n * nStride + k * kStride];
      if (bias) sum += bias[n];
      if (activation === 'gelu') sum = geluScalar(sum);
      else if (activation === 'silu') sum = siluScalar(sum);
      if (residual) sum += residual[t * N + n];
      y[t * N + n] = sum;
    }
  }
  return y;
}

export interface MatmulBackwardOptions extends MatmulShape {
  layout: WeightLayout;
  /** Also return db, the bias gradient. */
  bias?: boolean;
}

export interface MatmulGrads {
  dx: Float32Array; // (T, K)
  dw: Float32Array; // w's layout: (N, K) for 'nk', (K, N) for 'kn'
  db?: Float32Array; // (N)
}

/**
 * Gradients of y = x W^T + bias (no activation: the trainer keeps it separate) given dy (T, N):
 * dx = dy W, dW = dy^T x stored in w's layout, db = column sums of dy. A residual's gradient is
 * dy itself.
 */
export function matmulBackward(x: Float32Array, w: Float32Array, dy: Float32Array, o: MatmulBackwardOptions): MatmulGrads {
  const { T, K, N } = o;
  checkLength('x', x, T * K, `(T, K) = (${T}, ${K})`);
  checkLength('w', w, K * N, wShape(o));
  checkLength('dy', dy, T * N, `(T, N) = (${T}, ${N})`);
  const { kStride, nStride } = strides(o);
  const dx = new Float32Array(T * K);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < K; k++) {
      let sum = 0;
      for (let n = 0; n < N; n++) sum += dy[t * N + n] * w[n * nStride + k * kStride];
      dx[t * K + k] = sum;
    }
  }
  const dw = new Float32Array(K * N);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      let sum = 0;
      for (let t = 0; t < T; t++) sum += dy[t * N + n] * x[t * K + k];
      dw[n * nStride + k * kStride] = sum;
    }
  }
  if (!o.bias) return { dx, dw };
  const db = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    let sum = 0;
    for (let t = 0; t < T; t++) sum += dy[t * N + n];
    db[n] = sum;
  }
  return { dx, dw, db };
}

/** Element (k, n) of W^T lives at n*K + k for 'nk' and k*N + n for 'kn'. */
function strides(o: { K: number; N: number; layout: WeightLayout }): { kStride: number; nStride: number } {
  return o.layout === 'nk' ? { kStride: 1, nStride: o.K } : { kStride: o.N, nStride: 1 };
}

function wShape(o: { K: number; N: number; layout: WeightLayout }): string {
  return o.layout === 'nk' ? `(N, K) = (${o.N}, ${o.K})` : `(K, N) = (${o.K}, ${o.N})`;
}

function checkLength(name: string, a: ArrayLike<number>, expected: number, shape: string): void {
  if (a.length !== expected) throw new RangeError(`matmul: ${name} has ${a.length} elements, expected ${shape}`);
}
