// Token embedding gather: y[t] = wte[ids[t]] (+ wpe[pos0 + t] with learned positions), one item per
// output element. Not RoPE, no sqrt(C) scaling. An id >= V yields a zero row instead of a read out
// of bounds. Reference: src/reference/embed.ts; tests: tests/kernels/cases/embed.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { flatIndex } from './elementwise.js';

export interface EmbedShaderOptions {
  positions: boolean;
  contiguous: boolean;
}

export function embedShader(o: EmbedShaderOptions): string {
  return wgsl`
struct Params { T: u32, C: u32, V: u32, pos0: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>;     // (T)
@group(0) @binding(2) var<storage, read> wte: array<f32>;     // (V, C)
#if ${o.positions}
@group(0) @binding(3) var<storage, read> wpe: array<f32>;     // (P, C), P >= pos0 + T (checked by the host)
#endif
@group(0) @binding(${o.positions ? 4 : 3}) var<storage, read_write> y: array<f32>; // (T, C)

${flatIndex({ contiguous: o.contiguous })}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    let id = ids[t];
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row.
    if (id >= p.V) { y[i] = 0.0; continue; }
#if ${o.positions}
    y[i] = wte[id * p.C + c] + wpe[(p.pos0 + t) * p.C + c];
#else
    y[i] = wte[id * p.C + c];
#endif
  }
}
`;
}
