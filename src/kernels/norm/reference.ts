// CPU reference for the norm kernel family: LayerNorm (two-pass biased variance) and RMSNorm, and
// their backward (input, gamma and beta gradients). Float64 statistics per row; no fused residual,
// that is a separate add. The *64 forwards keep float64 outputs for the finite-difference checks.
// Contract: shader.ts (NormShape) and docs/KERNELS.md; checks: reference.test.ts.

import type { NormShape } from './shader.js';

export interface LayerNormGrads {
  dx: Float32Array; // (rows, C)
  dgamma: Float32Array; // (C)
  dbeta: Float32Array; // (C)
}

export interface RmsNormGrads {
  dx: Float32Array; // (rows, C)
  dgamma: Float32Array; // (C)
}

export function layernorm(x: Float32Array, gamma: Float32Array, beta: Float32Array, o: NormShape): Float32Array {
  return Float32Array.from(layernorm64(x, gamma, beta, o));
}

export function rmsnorm(x: Float32Array, gamma: Float32Array, o: NormShape): Float32Array {
  return Float32Array.from(rmsnorm64(x, gamma, o));
}

/** layernorm with float64 inputs and output. */
export function layernorm64(x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, o: NormShape): Float64Array {
  checkShapes('layernorm', o, { x, gamma });
  if (beta.length !== o.C) throw new RangeError(`layernorm: beta has ${beta.length} elements, expected (C) = (${o.C})`);
  return normForward(x, gamma, beta, o, true);
}

/** rmsnorm with float64 inputs and output. */
export function rmsnorm64(x: ArrayLike<number>, gamma: ArrayLike<number>, o: NormShape): Float64Array {
  checkShapes('rmsnorm', o, { x, gamma });
  return normForward(x, gamma, null, o, false);
}

/** Gradients of sum(dy * layernorm(x, gamma, beta)) with respect to x, gamma and beta. */
export function layernormBackward(x: Float32Array, gamma: Float32Array, dy: Float32Array, o: NormShape): LayerNormGrads {
  checkShapes('layernormBackward', o, { x, gamma, dy });
  return normBackward(x, gamma, dy, o, true);
}

/** Gradients of sum(dy * rmsnorm(x, gamma)) with respect to x and gamma. */
export function rmsnormBackward(x: Float32Array, gamma: Float32Array, dy: Float32Array, o: NormShape): RmsNormGrads {
  checkShapes('rmsnormBackward', o, { x, gamma, dy });
  const { dx, dgamma } = normBackward(x, gamma, dy, o, false);
  return { dx, dgamma };
}

/** A row's mean (0 when not centring: RMSNorm) and 1/sqrt(variance + eps), variance over (x - mean). */
function rowStats(x: ArrayLike<number>, off: number, C: number, eps: number, centre: boolean): { mean: number; rstd: number } {
  let mean = 0;
  if (centre) {
    for (let c = 0; c < C; c++) mean += x[off + c];
    mean /= C;
  }
  // Second pass over (x - mean) avoids the cancellation of E[x^2] - mean^2.
  let variance = 0;
  for (let c = 0; c < C; c++) variance += (x[off + c] - mean) ** 2;
  variance /= C;
  return { mean, rstd: 1 / Math.sqrt(variance + eps) };
}

function normForward(x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number> | null, o: NormShape, centre: boolean): Float64Array {
  const { rows, C, eps } = o;
  const y = new Float64Array(rows * C); // (rows, C)
  for (let r = 0; r < rows; r++) {
    const off = r * C;
    const { mean, rstd } = rowStats(x, off, C, eps, centre);
    for (let c = 0; c < C; c++) y[off + c] = (x[off + c] - mean) * rstd * gamma[c] + (beta ? beta[c] : 0);
  }
  return y;
}

/**
 * With xhat = (x - mean) * rstd and g = dy * gamma: dx = rstd * (g - mean(g) - xhat * mean(g * xhat)),
 * where RMSNorm (no centring) has no mean(g) term; dgamma = sum over rows of dy * xhat, dbeta of dy.
 */
function normBackward(x: Float32Array, gamma: Float32Array, dy: Float32Array, o: NormShape, centre: boolean): LayerNormGrads {
  const { rows, C, eps } = o;
  const dx = new Float32Array(rows * C);
  const dgamma = new Float64Array(C);
  const dbeta = new Float64Array(C);
  const xhat = new Float64Array(C);
  for (let r = 0; r < rows; r++) {
    const off = r * C;
    const { mean, rstd } = rowStats(x, off, C, eps, centre);
    let sumG = 0;
    let sumGX = 0;
    for (let c = 0; c < C; c++) {
      xhat[c] = (x[off + c] - mean) * rstd;
      const g = dy[off + c] * gamma[c];
      sumG += g;
      sumGX += g * xhat[c];
      dgamma[c] += dy[off + c] * xhat[c];
      dbeta[c] += dy[off + c];
    }
    const meanG = centre ? sumG / C : 0;
    for (let c = 0; c < C; c++) dx[off + c] = rstd * (dy[off + c] * gamma[c] - meanG - xhat[c] * (sumGX / C));
  }
  return { dx, dgamma: Float32Array.from(dgamma), dbeta: Float32Array.from(dbeta) };
}

function checkShapes(op: string, { rows, C }: NormShape, arrays: { x: ArrayLike<number>; gamma: ArrayLike<number>; dy?: ArrayLike<number> }): void {
  for (const [name, a] of Object.entries(arrays)) {
    const [want, shape] = name === 'gamma' ? [C, `(C) = (${C})`] : [rows * C, `(rows, C) = (${rows}, ${C})`];
    if (a && a.length !== want) throw new RangeError(`${op}: ${name} has ${a.length} elements, expected ${shape}`);
  }
}
