// LayerNorm and RMSNorm, forward and backward. Forward: one workgroup per row, float32 partial sums
// reduced across the workgroup, the mean first, then the mean of squared deviations (two-pass
// variance). Backward: the input gradient row by row (the statistics recomputed the same way), then
// the gamma/beta gradients column by column. No fused residual add.
// Host: kernel.ts (forward), backward.ts; reference: reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { rowReduce } from '../../../shaders/reduce.js';
import { defineContract, type ParamValues } from '../contract.js';

export const NORM_KINDS = ['layer', 'rms'] as const;
export type NormKind = (typeof NORM_KINDS)[number];

export type NormShaderOptions = {
  kind: NormKind;
  /** Each thread reads a contiguous run (software adapters) instead of a strided one (GPUs). */
  contiguous: boolean;
};

export type NormBackwardShaderOptions = NormShaderOptions & {
  /** dx += the gradient instead of dx = (the residual stream's gradient summed in place). */
  accumulate: boolean;
};

export type NormParamGradShaderOptions = {
  kind: NormKind;
  /** dgamma (and dbeta) += the sums instead of = (a parameter used in more than one place). */
  accumulate: boolean;
};

const params = { rows: 'u32', C: 'u32', eps: 'f32' } as const;

/**
 * WGSL: the row reduction, rowStats(tid, base) giving the row's (mean, 1/sqrt(variance + eps))
 * with mean 0 for RMSNorm (which does not centre: the second sum is then the plain sum of
 * squares), and a `main` of one workgroup per row that runs `rest` with the row's `base`, `mean`
 * and `rstd`. The variance is a second pass over (x - mean), which avoids the cancellation of
 * E[x^2] - mean^2. The forward and the backward share it, so the backward differentiates exactly
 * what the forward computed.
 */
function eachRow(o: NormShaderOptions, rest: string): string {
  return wgsl`
${rowReduce({ contiguous: o.contiguous })}
fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);
#if ${o.kind === 'layer'}
  // Summed about the row's first value: a row far from zero (mean 1e4, spread 1) summed as it is
  // runs its partial sums up to ~1e7, where each add rounds by ~0.5, and the mean came out 4e-3 off.
  let shift = x[base];
  var localSum = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { localSum += x[base + c] - shift; }
  }
  let mean = shift + reduceSum(tid, localSum) / f32(p.C);
#else
  let mean = 0.0;
#endif
  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;
${rest}
}
`;
}

export const normContract = defineContract({
  name: 'norm',
  params,
  bindings: [
    { name: 'x', shape: '(rows, C)' },
    { name: 'gamma', shape: '(C)' },
    { name: 'beta', shape: '(C)', when: (o: NormShaderOptions) => o.kind === 'layer' },
    { name: 'y', shape: '(rows, C)', write: true },
  ],
  body: (o: NormShaderOptions) => eachRow(o, wgsl`
  for (var j = 0u; j < runLength(p.C); j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
#if ${o.kind === 'layer'}
      y[base + c] = (x[base + c] - mean) * rstd * gamma[c] + beta[c];
#else
      y[base + c] = x[base + c] * rstd * gamma[c];
#endif
    }
  }`),
});

/**
 * dx for y = xhat * gamma (+ beta), xhat = (x - mean) * rstd: with g = dy * gamma,
 * dx = rstd * (g - mean(g) - xhat * mean(g * xhat)); RMSNorm drops the mean(g) term (its mean is
 * 0). One workgroup per row owns that row's two sums, so there is nothing to race on. Also writes
 * each row's (mean, rstd) to `stats` for the parameter-gradient program that runs after it.
 */
export const normBackwardContract = defineContract({
  name: 'norm/backward',
  params,
  bindings: [
    { name: 'x', shape: '(rows, C)' },
    { name: 'gamma', shape: '(C)' },
    { name: 'dy', shape: '(rows, C)' },
    { name: 'dx', shape: '(rows, C)', write: true },
    { name: 'stats', shape: '(rows, 2) mean and rstd of each row', write: true },
  ],
  body: (o: NormBackwardShaderOptions) => eachRow(o, wgsl`
  let steps = runLength(p.C);

  var localG = 0.0;
  var localGX = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let g = dy[base + c] * gamma[c];
      localG += g;
      localGX += g * (x[base + c] - mean) * rstd;
    }
  }
#if ${o.kind === 'layer'}
  let meanG = reduceSum(tid, localG) / f32(p.C);
#else
  let meanG = 0.0;
#endif
  let meanGX = reduceSum(tid, localGX) / f32(p.C);

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let xhat = (x[base + c] - mean) * rstd;
      let d = rstd * (dy[base + c] * gamma[c] - meanG - xhat * meanGX);
#if ${o.accumulate}
      dx[base + c] += d;
#else
      dx[base + c] = d;
#endif
    }
  }
  if (tid == 0u) {
    stats[2u * row] = mean;
    stats[2u * row + 1u] = rstd;
  }`),
});

/**
 * dgamma[c] = sum over rows of dy * xhat, dbeta[c] = sum over rows of dy (LayerNorm only), from the
 * (mean, rstd) the backward program left in `stats`. One thread owns one column and loops over the
 * rows, so no two threads write the same element; neighbouring threads read neighbouring columns.
 */
export const normParamGradContract = defineContract({
  name: 'norm/backward-params',
  params: { rows: 'u32', C: 'u32' },
  bindings: [
    { name: 'x', shape: '(rows, C)' },
    { name: 'dy', shape: '(rows, C)' },
    { name: 'stats', shape: '(rows, 2) mean and rstd of each row' },
    { name: 'dgamma', shape: '(C)', write: true },
    { name: 'dbeta', shape: '(C)', write: true, when: (o: NormParamGradShaderOptions) => o.kind === 'layer' },
  ],
  body: (o: NormParamGradShaderOptions) => {
    const layer = o.kind === 'layer';
    return wgsl`
override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (c >= p.C) { return; }
  var sumGamma = 0.0;
  var sumBeta = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let d = dy[r * p.C + c];
    sumGamma += d * (x[r * p.C + c] - stats[2u * r]) * stats[2u * r + 1u];
    sumBeta += d;
  }
#if ${o.accumulate}
  dgamma[c] += sumGamma;
#else
  dgamma[c] = sumGamma;
#endif
#if ${layer && o.accumulate}
  dbeta[c] += sumBeta;
#elif ${layer}
  dbeta[c] = sumBeta;
#endif
}
`;
  },
});

/** rows of C floats, normalised with eps; the kernels and the references take the same shape. */
export type NormShape = ParamValues<typeof params>;
