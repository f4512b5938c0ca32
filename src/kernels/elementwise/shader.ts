// Elementwise kernels over n floats: GELU (tanh form), SiLU, SwiGLU (silu(gate)*up) and add. Not
// matmul's fused epilogue (that shares shaders/activations.ts), not in place. Flat indexing comes
// from shaders/flat.ts. Host: kernel.ts; reference: reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { activationFns } from '../../../shaders/activations.js';
import { flatIndex } from '../../../shaders/flat.js';
import { defineContract, type ParamValues } from '../contract.js';

export type ElementwiseOp = 'gelu' | 'silu' | 'swiglu' | 'add';

export type ElementwiseShaderOptions = {
  op: ElementwiseOp;
  /** Each thread visits its own contiguous run (software adapters) instead of a strided one (GPUs). */
  contiguous: boolean;
};

/** swiglu and add read a second input b. */
export function isBinary(op: ElementwiseOp): boolean {
  return op === 'swiglu' || op === 'add';
}

export const elementwiseContract = defineContract({
  name: 'elementwise',
  params: { n: 'u32' },
  bindings: [
    { name: 'a', shape: '(n) x, or the gate of swiglu' },
    { name: 'b', shape: '(n) up of swiglu, or the addend', when: (o: ElementwiseShaderOptions) => isBinary(o.op) },
    { name: 'y', shape: '(n)', write: true },
  ],
  body: (o: ElementwiseShaderOptions) => wgsl`
${flatIndex({ contiguous: o.contiguous })}

${activationFns()}

fn apply(i: u32) -> f32 {
#if ${o.op === 'gelu'}
  return gelu(a[i]);
#elif ${o.op === 'silu'}
  return silu(a[i]);
#elif ${o.op === 'swiglu'}
  return silu(a[i]) * b[i];
#else
  return a[i] + b[i];
#endif
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { y[i] = apply(i); }
  }
}
`,
});

/** n floats in each of a, b (binary ops) and y. */
export type ElementwiseShape = ParamValues<typeof elementwiseContract.spec.params>;
