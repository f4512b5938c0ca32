// Fused softmax + cross-entropy over the vocabulary: one workgroup per row computes the row's
// max and sum of exp in one read (online, per thread, then merged across the workgroup), then
// writes the row's loss and dlogits = (softmax - onehot(target)) * scale; a second program sums
// the row losses into the mean. No probabilities leave the GPU. Not the lab's standalone softmax.
// Host: kernel.ts; reference: reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { arraySum, rowReduce } from '../../../shaders/reduce.js';
import { defineContract, type ParamValues } from '../contract.js';

export type CrossEntropyShaderOptions = {
  /** dlogits overwrite logits (the head's output is not needed after the loss): no (rows, V) gradient buffer. */
  inPlace: boolean;
  /** Each thread walks a contiguous run of the row (software adapters) instead of a strided one (GPUs). */
  contiguous: boolean;
};

/** One workgroup per row; each column is read and written by one thread only, so in place is safe. */
export const crossEntropyContract = defineContract({
  name: 'crossentropy',
  params: { rows: 'u32', V: 'u32', scale: ['f32', 'dlogits multiplier: 1/rows for the mean loss'] },
  bindings: [
    { name: 'logits', shape: '(rows, V)', when: (o: CrossEntropyShaderOptions) => !o.inPlace },
    { name: 'logits', shape: '(rows, V) in, dlogits out', write: true, when: (o: CrossEntropyShaderOptions) => o.inPlace },
    { name: 'targets', shape: '(rows) < V (checked by the host)', type: 'u32' },
    { name: 'rowLoss', shape: '(rows)', write: true },
    { name: 'dlogits', shape: '(rows, V)', write: true, when: (o: CrossEntropyShaderOptions) => !o.inPlace },
  ],
  body: (o: CrossEntropyShaderOptions) => wgsl`
${rowReduce({ contiguous: o.contiguous })}

const NEG: f32 = -3.4e38; // an empty running max: exp(NEG - x) is 0 for any logit x

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.V;
  let steps = runLength(p.V);

  // This thread's max m and sum s of exp(x - m), updated online so the row is read once here.
  var m = NEG;
  var s = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.V);
    if (c < p.V) {
      let x = logits[base + c];
      if (x > m) { s = s * exp(m - x) + 1.0; m = x; } else { s += exp(x - m); }
    }
  }
  let rowMax = reduceMax(tid, m);
  let sum = reduceSum(tid, select(0.0, s * exp(m - rowMax), s > 0.0)); // >= 1: the max's own term
  let inv = 1.0 / sum;
  let lse = rowMax + log(sum);
  let want = targets[row];

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.V);
    if (c < p.V) {
      let x = logits[base + c];
      var g = exp(x - rowMax) * inv;
      if (c == want) { rowLoss[row] = lse - x; g -= 1.0; } // one thread owns the target column
#if ${o.inPlace}
      logits[base + c] = g * p.scale;
#else
      dlogits[base + c] = g * p.scale;
#endif
    }
  }
}
`,
});

/** rows of V logits; scale multiplies dlogits (default 1/rows: the gradient of the mean loss). */
export type CrossEntropyShape = Omit<ParamValues<typeof crossEntropyContract.spec.params>, 'scale'> & { scale?: number };

/** The mean program has no shader options beyond the row walk. */
export type CrossEntropyMeanShaderOptions = { contiguous: boolean };

/** loss = sum(rowLoss) / rows, in one workgroup (the only owner of loss). */
export const crossEntropyMeanContract = defineContract({
  name: 'crossentropy/mean',
  params: { rows: 'u32' },
  bindings: [
    { name: 'rowLoss', shape: '(rows)' },
    { name: 'loss', shape: '(1) the mean', write: true },
  ],
  body: (o: CrossEntropyMeanShaderOptions) => wgsl`
${rowReduce({ contiguous: o.contiguous })}
${arraySum('sumRowLoss', 'rowLoss')}
@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32) {
  let total = sumRowLoss(tid, p.rows);
  if (tid == 0u) { loss[0] = total / f32(p.rows); }
}
`,
});
