// CPU reference for gemv's fusions, composed from the families they fuse: the norm prologue is
// ../norm/reference.ts's layernorm or rmsnorm of each row of x, then ../matmul/reference.ts's
// function (gemv without fusions is matmul's: that file is its reference); the gated pair is
// silu(x W^T) * (x W2^T). Float64 throughout, rounded to float32 once per output.
// Contract: shader.ts (GemvShaderOptions); checks: cases.ts.

import { siluScalar } from '../elementwise/reference.js';
import { matmulF64, type MatmulOptions } from '../matmul/reference.js';
import { layernorm64, rmsnorm64 } from '../norm/reference.js';
import type { GemvNorm } from './shader.js';

export interface FusedGemvOptions extends MatmulOptions {
  norm?: GemvNorm;
  gamma?: ArrayLike<number>; // (K)
  beta?: ArrayLike<number>; // (K), 'layer' only
  eps?: number;
  /** The up projection, w's layout: y = silu(x W^T) * (x W2^T) (no bias, activation or residual). */
  w2?: ArrayLike<number>;
}

export function fusedGemv(x: Float32Array, w: Float32Array, o: FusedGemvOptions): Float32Array {
  const { T, K } = o;
  const norm = o.norm ?? 'none';
  let xn: ArrayLike<number> = x;
  if (norm !== 'none') {
    if (!o.gamma || o.eps === undefined || (norm === 'layer' && !o.beta)) throw new TypeError(`fusedGemv: a ${norm} norm needs gamma${norm === 'layer' ? ', beta' : ''} and eps`);
    const shape = { rows: T, C: K, eps: o.eps };
    xn = norm === 'layer' ? layernorm64(x, o.gamma, o.beta!, shape) : rmsnorm64(x, o.gamma, shape);
  }
  if (!o.w2) return Float32Array.from(matmulF64(xn, w, o));
  if (o.bias || o.residual || (o.activation ?? 'none') !== 'none') throw new TypeError('fusedGemv: a gated gemv takes no bias, residual or activation');
  const gate = matmulF64(xn, w, o);
  const up = matmulF64(xn, o.w2, o);
  return Float32Array.from(gate, (g, i) => siluScalar(g) * up[i]);
}
