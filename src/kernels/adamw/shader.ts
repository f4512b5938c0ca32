// AdamW, one flat kernel updating param, m and v in place from grad: Adam's moments with bias
// correction and decoupled weight decay (Loshchilov & Hutter), the gradient first multiplied by
// the clip scale the gradnorm family leaves in a 1-float buffer (clipping costs no read-back).
// Not a learning-rate schedule (the host passes lr per step). Flat indexing comes from
// shaders/flat.ts. Host: kernel.ts; reference: reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { flatIndex } from '../../../shaders/flat.js';
import { defineContract, type ParamValues } from '../contract.js';

export type AdamwShaderOptions = {
  /** Each thread visits its own contiguous run (software adapters) instead of a strided one (GPUs). */
  contiguous: boolean;
};

// 1 - beta and 1 - beta^step come from the host in float64: 1 - f32(0.999) would be off by 1e-5 relative.
const adamwParams = {
  n: 'u32',
  lr: 'f32',
  beta1: 'f32',
  beta2: 'f32',
  gm: ['f32', '1 - beta1: weight of the gradient in m'],
  gv: ['f32', '1 - beta2: weight of the squared gradient in v'],
  bc1: ['f32', '1 - beta1^step: bias correction of m'],
  bc2: ['f32', '1 - beta2^step: bias correction of v'],
  eps: 'f32',
  weightDecay: ['f32', 'decoupled; 0 by default for norms, biases and embeddings (the trainer passes it per tensor)'],
} as const;

/** One owner per element (flat indexing), so the in-place update needs no synchronisation. */
export const adamwContract = defineContract({
  name: 'adamw',
  params: adamwParams,
  bindings: [
    { name: 'param', shape: '(n)', write: true },
    { name: 'grad', shape: '(n)' },
    { name: 'm', shape: '(n) first moment', write: true },
    { name: 'v', shape: '(n) second moment', write: true },
    { name: 'clip', shape: '(1) gradient scale: min(1, maxNorm / norm) from gradnorm' },
  ],
  body: (o: AdamwShaderOptions) => wgsl`
${flatIndex({ contiguous: o.contiguous })}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let scale = clip[0];
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i >= p.n) { return; }
    let g = grad[i] * scale;
    let mi = p.beta1 * m[i] + p.gm * g;
    let vi = p.beta2 * v[i] + p.gv * g * g;
    m[i] = mi;
    v[i] = vi;
    let w = param[i];
    param[i] = w - p.lr * ((mi / p.bc1) / (sqrt(vi / p.bc2) + p.eps) + p.weightDecay * w);
  }
}
`,
});

/** The host's view: n elements and the hyperparameters of step `step` (>= 1); it derives gm, gv, bc1, bc2. */
export type AdamwShape = Pick<ParamValues<typeof adamwParams>, 'n' | 'lr' | 'beta1' | 'beta2' | 'eps' | 'weightDecay'> & { step: number };
