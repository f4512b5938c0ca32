// Global gradient norm for clipping, in two programs: partial (each workgroup owns one chunk of
// one gradient buffer and writes its sum of squares to its own slot of a shared partials buffer;
// one dispatch per buffer, at that buffer's base slot) and finalize (one workgroup sums every
// partial, writes the norm and the clip scale min(1, maxNorm / (norm + 1e-6)) that AdamW reads).
// No atomics: each partial and each output has one owner. Host: kernel.ts; reference:
// reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { arraySum, rowReduce } from '../../../shaders/reduce.js';
import { defineContract } from '../contract.js';

export type GradNormShaderOptions = {
  /** Each thread sums a contiguous run of its chunk (software adapters) instead of a strided one (GPUs). */
  contiguous: boolean;
};

/** partials[base + w] = sum of grad^2 over chunk w (THREADS * RUN elements) of one buffer. */
export const gradNormPartialContract = defineContract({
  name: 'gradnorm/partial',
  params: { n: ['u32', 'elements of this gradient buffer'], base: ['u32', "slot of this buffer's first chunk in partials"] },
  bindings: [
    { name: 'grad', shape: '(n)' },
    { name: 'partials', shape: '(all chunks of all buffers)', write: true },
  ],
  body: (o: GradNormShaderOptions) => wgsl`
${rowReduce({ contiguous: o.contiguous })}

override RUN: u32 = 4u; // elements per thread: a chunk is THREADS * RUN

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = wg.x + wg.y * nwg.x;
  let chunk = THREADS * RUN;
  if (w >= (p.n + chunk - 1u) / chunk) { return; } // uniform per workgroup (a split grid's spare ones)
  var s = 0.0;
  for (var j = 0u; j < RUN; j++) {
    let i = w * chunk + runIndex(tid, j, chunk);
    if (i < p.n) { let g = grad[i]; s += g * g; }
  }
  let total = reduceSum(tid, s);
  if (tid == 0u) { partials[p.base + w] = total; }
}
`,
});

/** norm = sqrt(sum of the partials); scale = min(1, maxNorm / (norm + 1e-6)), or 1 when maxNorm is 0. */
export const gradNormFinalizeContract = defineContract({
  name: 'gradnorm/finalize',
  params: { count: ['u32', 'partials written this step'], maxNorm: ['f32', 'clip threshold; 0 turns clipping off'] },
  bindings: [
    { name: 'partials', shape: '(count)' },
    { name: 'norm', shape: '(1) the global gradient norm', write: true },
    { name: 'scale', shape: '(1) the clip scale AdamW multiplies gradients by', write: true },
  ],
  body: (o: GradNormShaderOptions) => wgsl`
${rowReduce({ contiguous: o.contiguous })}
${arraySum('sumPartials', 'partials')}
@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32) {
  let total = sumPartials(tid, p.count);
  if (tid == 0u) {
    let n = sqrt(total);
    norm[0] = n;
    scale[0] = select(1.0, min(1.0, p.maxNorm / (n + 1e-6)), p.maxNorm > 0.0);
  }
}
`,
});

/** Element counts of the gradient buffers, in binding order, and the clip threshold (0: none). */
export interface GradNormShape {
  sizes: readonly number[];
  maxNorm: number;
}
