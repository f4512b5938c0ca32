// Row softmax: one workgroup per row, three passes (max, sum of exp, normalise) over the row.
// Not the attention softmax (attention fuses its own online softmax). A lab kernel: no model path
// runs it, so it lives under bench/lab/ (tested and benchmarked, not shipped in the package).
// Host: kernel.ts; reference: reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { rowReduce } from '../../../shaders/reduce.js';
import { defineContract, type ParamValues } from '../../../src/kernels/contract.js';

export type SoftmaxShaderOptions = {
  causal: boolean;
  /** Each thread reads a contiguous run (software adapters) instead of a strided one (GPUs). */
  contiguous: boolean;
};

export const softmaxContract = defineContract({
  name: 'softmax',
  params: { rows: 'u32', cols: 'u32', scale: 'f32' },
  bindings: [
    { name: 'x', shape: '(rows, cols)' },
    { name: 'y', shape: '(rows, cols)', write: true },
  ],
  body: (o: SoftmaxShaderOptions) => wgsl`
${rowReduce({ contiguous: o.contiguous })}

// Columns this row may see: all of them, or under the causal mask the first (row + cols - rows + 1).
fn visibleCols(row: u32) -> u32 {
#if ${o.causal}
  return min(p.cols, row + p.cols - p.rows + 1u);
#else
  return p.cols;
#endif
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.cols;
  let n = visibleCols(row);

  var localMax = -3.4e38;
  for (var j = 0u; j < runLength(n); j++) {
    let c = runIndex(tid, j, n);
    if (c < n) { localMax = max(localMax, x[base + c] * p.scale); }
  }
  let rowMax = reduceMax(tid, localMax);

  var localSum = 0.0;
  for (var j = 0u; j < runLength(n); j++) {
    let c = runIndex(tid, j, n);
    if (c < n) { localSum += exp(x[base + c] * p.scale - rowMax); }
  }
  let inv = 1.0 / reduceSum(tid, localSum);

  for (var j = 0u; j < runLength(p.cols); j++) {
    let c = runIndex(tid, j, p.cols);
    if (c < p.cols) { y[base + c] = select(0.0, exp(x[base + c] * p.scale - rowMax) * inv, c < n); }
  }
}
`,
});

/** rows of cols logits, multiplied by scale (default 1) before the exponent. */
export type SoftmaxShape = Omit<ParamValues<typeof softmaxContract.spec.params>, 'scale'> & { scale?: number };
