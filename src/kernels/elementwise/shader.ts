// Elementwise kernels over n floats: GELU (tanh form), SiLU, SwiGLU (silu(gate)*up) and add, and
// the backward of the three activations. Not matmul's fused epilogue (that shares
// shaders/activations.ts), not in place. Flat indexing comes from shaders/flat.ts.
// Host: kernel.ts, backward.ts; reference: reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { activationFns, activationGradFns } from '../../../shaders/activations.js';
import { flatIndex } from '../../../shaders/flat.js';
import { defineContract, type ParamValues } from '../contract.js';

export const ELEMENTWISE_OPS = ['gelu', 'silu', 'swiglu', 'add'] as const;
export type ElementwiseOp = (typeof ELEMENTWISE_OPS)[number];

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

/** The activations with a backward. */
export const ACTIVATION_OPS = ['gelu', 'silu', 'swiglu'] as const;
export type ActivationOp = (typeof ACTIVATION_OPS)[number];

export type ElementwiseBackwardShaderOptions = {
  op: ActivationOp;
  contiguous: boolean;
};

const unary = (o: ElementwiseBackwardShaderOptions) => o.op !== 'swiglu';
const gated = (o: ElementwiseBackwardShaderOptions) => o.op === 'swiglu';

/**
 * Gradients through the activations, item by item: dx = dy * gelu'(x) or dy * silu'(x); for
 * swiglu (y = silu(gate) * up), dgate = dy * up * silu'(gate) and dup = dy * silu(gate).
 */
export const elementwiseBackwardContract = defineContract({
  name: 'elementwise/backward',
  params: { n: 'u32' },
  bindings: [
    { name: 'x', shape: '(n) the forward input of gelu or silu', when: unary },
    { name: 'gate', shape: '(n) the forward gate of swiglu', when: gated },
    { name: 'up', shape: '(n) the forward up of swiglu', when: gated },
    { name: 'dy', shape: '(n) gradient of the forward output' },
    { name: 'dx', shape: '(n)', write: true, when: unary },
    { name: 'dgate', shape: '(n)', write: true, when: gated },
    { name: 'dup', shape: '(n)', write: true, when: gated },
  ],
  body: (o: ElementwiseBackwardShaderOptions) => wgsl`
${flatIndex({ contiguous: o.contiguous })}
#if ${o.op === 'swiglu'}
${activationFns()}
#endif
${activationGradFns()}

fn apply(i: u32) {
#if ${o.op === 'gelu'}
  dx[i] = dy[i] * geluGrad(x[i]);
#elif ${o.op === 'silu'}
  dx[i] = dy[i] * siluGrad(x[i]);
#else
  let g = gate[i];
  dgate[i] = dy[i] * up[i] * siluGrad(g);
  dup[i] = dy[i] * silu(g);
#endif
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { apply(i); }
  }
}
`,
});
