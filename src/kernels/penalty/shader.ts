// Repetition penalty on one logit row, in place: one invocation per distinct context token.
// The host uploads distinct ids, so no two invocations touch the same logit.
// Host: kernel.ts; reference: reference.ts; cases: cases.ts.

import { defineContract, type ParamValues } from '../contract.js';

/** The one program has no shader options. */
export type PenaltyShaderOptions = Record<string, never>;

export const penaltyContract = defineContract({
  name: 'penalty',
  params: { n: ['u32', 'distinct ids in the ids buffer (0 records nothing)'], V: 'u32', penalty: 'f32' },
  bindings: [
    { name: 'ids', shape: '(n) distinct token ids', type: 'u32' },
    { name: 'logits', shape: '(V)', write: true },
  ],
  body: (_o: PenaltyShaderOptions) => /* wgsl */ `
override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * THREADS; // dispatches past 65535 workgroups fold into y
  if (i >= p.n) { return; }
  let id = ids[i];
  if (id >= p.V) { return; }
  let l = logits[id];
  logits[id] = select(l * p.penalty, l / p.penalty, l > 0.0);
}
`,
});

/** n distinct ids (0 records nothing) penalise their logits in a row of V by `penalty`. */
export type PenaltyShape = ParamValues<typeof penaltyContract.spec.params>;
