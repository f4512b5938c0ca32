// CPU reference for the matmul kernel family (and gemv, which computes the same function):
// y = act(x W^T + bias) + residual. Plain triple loop with float64 accumulation, rounded to
// float32 once per output; not fast. Contract: shader.ts (MatmulShape), ../gemv/shader.ts and
// docs/KERNELS.md; hand-worked checks: reference.test.ts.

import type { Activation } from '../../../shaders/linear.js';
import { geluScalar, siluScalar } from '../elementwise/reference.js';
import type { MatmulShape } from './shader.js';

export interface MatmulOptions extends MatmulShape {
  /** 'nk': w is (N, K) like PyTorch Linear; 'kn': w is (K, N) like GPT-2 Conv1D. */
  layout: 'nk' | 'kn';
  bias?: Float32Array; // (N)
  activation?: Activation;
  residual?: Float32Array; // (T, N), added after the activation
}

export function matmul(x: Float32Array, w: Float32Array, o: MatmulOptions): Float32Array {
  const { T, K, N, layout, bias, residual } = o;
  const activation = o.activation ?? 'none';
  if (x.length !== T * K) throw new RangeError(`matmul: x has ${x.length} elements, expected (T, K) = (${T}, ${K})`);
  if (w.length !== K * N) {
    const shape = layout === 'nk' ? `(N, K) = (${N}, ${K})` : `(K, N) = (${K}, ${N})`;
    throw new RangeError(`matmul: w has ${w.length} elements, expected ${shape}`);
  }
  if (bias && bias.length !== N) throw new RangeError(`matmul: bias has ${bias.length} elements, expected (N) = (${N})`);
  if (residual && residual.length !== T * N) {
    throw new RangeError(`matmul: residual has ${residual.length} elements, expected (T, N) = (${T}, ${N})`);
  }
  // Element (k, n) of W^T lives at n*K + k for 'nk' and k*N + n for 'kn'.
  const kStride = layout === 'nk' ? 1 : N;
  const nStride = layout === 'nk' ? K : 1;
  const y = new Float32Array(T * N); // (T, N)
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
