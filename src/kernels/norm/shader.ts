// LayerNorm and RMSNorm: one workgroup per row, float32 partial sums reduced across the workgroup;
// LayerNorm takes the mean first, then the mean of squared deviations (two-pass variance). No fused
// residual add. Host: kernel.ts; reference: reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { rowReduce } from '../../../shaders/reduce.js';
import { defineContract, type ParamValues } from '../contract.js';

export type NormKind = 'layer' | 'rms';

export type NormShaderOptions = {
  kind: NormKind;
  /** Each thread reads a contiguous run (software adapters) instead of a strided one (GPUs). */
  contiguous: boolean;
};

export const normContract = defineContract({
  name: 'norm',
  params: { rows: 'u32', C: 'u32', eps: 'f32' },
  bindings: [
    { name: 'x', shape: '(rows, C)' },
    { name: 'gamma', shape: '(C)' },
    { name: 'beta', shape: '(C)', when: (o: NormShaderOptions) => o.kind === 'layer' },
    { name: 'y', shape: '(rows, C)', write: true },
  ],
  body: (o: NormShaderOptions) => {
    const layer = o.kind === 'layer';
    return wgsl`
${rowReduce({ contiguous: o.contiguous })}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let steps = runLength(p.C);

#if ${layer}
  var localSum = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { localSum += x[base + c]; }
  }
  let mean = reduceSum(tid, localSum) / f32(p.C);
#else
  let mean = 0.0; // RMSNorm does not centre: the sum below is then the plain sum of squares
#endif

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  let rstd = 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps);

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
#if ${layer}
      y[base + c] = (x[base + c] - mean) * rstd * gamma[c] + beta[c];
#else
      y[base + c] = x[base + c] * rstd * gamma[c];
#endif
    }
  }
}
`;
  },
});

/** rows of C floats, normalised with eps; the kernel and the reference take the same shape. */
export type NormShape = ParamValues<typeof normContract.spec.params>;
