// Elementwise kernels over n floats: GELU (tanh form), SiLU, SwiGLU (silu(gate)*up) and add, plus
// the flat-index helper that rope and embed share. Not matmul's fused epilogue, not in place.
// Reference: src/reference/elementwise.ts; tests: tests/kernels/cases/elementwise.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { activationFns } from './activations.js';

export type ElementwiseOp = 'gelu' | 'silu' | 'swiglu' | 'add';

/**
 * Shared WGSL for flat kernels: each workgroup covers THREADS * RUN consecutive items, and each
 * invocation visits RUN of them, as its own contiguous run (software adapters) or strided by
 * THREADS so that neighbouring threads touch neighbouring items (coalesced on GPUs).
 */
export function flatIndex(o: { contiguous: boolean }): string {
  const index = o.contiguous ? '(wgIndex * THREADS + tid) * RUN + j' : '(wgIndex * RUN + j) * THREADS + tid';
  return /* wgsl */ `
override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return ${index};
}
`;
}

export function elementwiseShader(o: { op: ElementwiseOp; contiguous: boolean }): string {
  const binary = o.op === 'swiglu' || o.op === 'add';
  return wgsl`
struct Params { n: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;       // (n) x, or the gate of swiglu
#if ${binary}
@group(0) @binding(2) var<storage, read> b: array<f32>;       // (n) up of swiglu, or the addend
#endif
@group(0) @binding(${binary ? 3 : 2}) var<storage, read_write> y: array<f32>; // (n)

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
`;
}
