// Token embedding gather: y[t] = wte[ids[t]] (+ wpe[pos0 + t] with learned positions), one item per
// output element. Not RoPE, no sqrt(C) scaling. An id >= V yields a zero row instead of a read out
// of bounds. Flat indexing comes from shaders/flat.ts. Host: kernel.ts; reference: reference.ts;
// cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { flatIndex } from '../../../shaders/flat.js';
import { defineContract, type ParamValues } from '../contract.js';

export type EmbedShaderOptions = {
  /** Add learned positions wpe[pos0 + t] (GPT-2). */
  positions: boolean;
  /** Each thread visits its own contiguous run (software adapters) instead of a strided one (GPUs). */
  contiguous: boolean;
};

export const embedContract = defineContract({
  name: 'embed',
  params: { T: 'u32', C: 'u32', V: 'u32', pos0: ['u32', 'position of ids[0]; used only with wpe'] },
  bindings: [
    { name: 'ids', shape: '(T)', type: 'u32' },
    { name: 'wte', shape: '(V, C)' },
    { name: 'wpe', shape: '(P, C), P >= pos0 + T (checked by the host)', when: (o: EmbedShaderOptions) => o.positions },
    { name: 'y', shape: '(T, C)', write: true },
  ],
  body: (o: EmbedShaderOptions) => wgsl`
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
`,
});

/** T token ids into rows of C from a vocabulary of V; pos0 is the position of ids[0] (used only with wpe). */
export type EmbedShape = ParamValues<typeof embedContract.spec.params>;
