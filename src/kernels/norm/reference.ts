// CPU reference for the norm kernel family: LayerNorm (two-pass biased variance) and RMSNorm.
// Float64 statistics per row; no fused residual, that is a separate add.
// Contract: shader.ts (NormShape) and docs/KERNELS.md; hand-worked checks: reference.test.ts.

import type { NormShape } from './shader.js';

export function layernorm(x: Float32Array, gamma: Float32Array, beta: Float32Array, o: NormShape): Float32Array {
  const { rows, C, eps } = o;
  checkShapes('layernorm', x, gamma, o);
  if (beta.length !== C) throw new RangeError(`layernorm: beta has ${beta.length} elements, expected (C) = (${C})`);
  const y = new Float32Array(rows * C); // (rows, C)
  for (let r = 0; r < rows; r++) {
    const off = r * C;
    let mean = 0;
    for (let c = 0; c < C; c++) mean += x[off + c];
    mean /= C;
    // Second pass over (x - mean) avoids the cancellation of E[x^2] - mean^2.
    let variance = 0;
    for (let c = 0; c < C; c++) variance += (x[off + c] - mean) ** 2;
    variance /= C;
    const rstd = 1 / Math.sqrt(variance + eps);
    for (let c = 0; c < C; c++) y[off + c] = (x[off + c] - mean) * rstd * gamma[c] + beta[c];
  }
  return y;
}

export function rmsnorm(x: Float32Array, gamma: Float32Array, o: NormShape): Float32Array {
  const { rows, C, eps } = o;
  checkShapes('rmsnorm', x, gamma, o);
  const y = new Float32Array(rows * C); // (rows, C)
  for (let r = 0; r < rows; r++) {
    const off = r * C;
    let meanSquare = 0;
    for (let c = 0; c < C; c++) meanSquare += x[off + c] * x[off + c];
    meanSquare /= C;
    const rrms = 1 / Math.sqrt(meanSquare + eps);
    for (let c = 0; c < C; c++) y[off + c] = x[off + c] * rrms * gamma[c];
  }
  return y;
}

function checkShapes(op: string, x: Float32Array, gamma: Float32Array, { rows, C }: NormShape): void {
  if (x.length !== rows * C) throw new RangeError(`${op}: x has ${x.length} elements, expected (rows, C) = (${rows}, ${C})`);
  if (gamma.length !== C) throw new RangeError(`${op}: gamma has ${gamma.length} elements, expected (C) = (${C})`);
}
