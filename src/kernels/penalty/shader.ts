// Repetition penalty on one logit row, in place, from a seen-mask: bit i of `seen` is set for each
// token id i already in the context. One invocation per 32-bit mask word, so each word and the 32
// logits under it have one owner: marking the fed token and penalising need no atomics.
// Host: kernel.ts; reference: reference.ts; cases: cases.ts.

import { defineContract, type ParamValues } from '../contract.js';

/** The one program has no shader options. */
export type PenaltyShaderOptions = Record<string, never>;

/** `mark` value for a pass that marks nothing (the host uploaded the whole mask). */
export const NO_MARK = 0xffffffff;

export const penaltyContract = defineContract({
  name: 'penalty',
  params: {
    V: 'u32',
    mark: ['u32', 'index into ids of a token to add to the mask first; NO_MARK: none'],
    penalty: 'f32',
  },
  bindings: [
    { name: 'ids', shape: '(> mark) token ids of the pass', type: 'u32' },
    { name: 'seen', shape: '(ceil(V / 32)) bit i: id i is in the context', type: 'u32', write: true },
    { name: 'logits', shape: '(V)', write: true },
  ],
  body: (_o: PenaltyShaderOptions) => /* wgsl */ `
override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = gid.x + gid.y * nwg.x * THREADS; // dispatches past 65535 workgroups fold into y
  if (w >= (p.V + 31u) / 32u) { return; }
  var bits = seen[w];
  if (p.mark != 0x${NO_MARK.toString(16)}u) {
    let id = ids[p.mark];
    if (id < p.V && id / 32u == w) {
      bits |= 1u << (id % 32u);
      seen[w] = bits;
    }
  }
  while (bits != 0u) {
    let b = firstTrailingBit(bits);
    bits &= bits - 1u;
    let i = w * 32u + b;
    if (i < p.V) {
      let l = logits[i];
      // An extreme penalty would overflow to an infinity, which the sampler takes for a broken model.
      logits[i] = clamp(select(l * p.penalty, l / p.penalty, l > 0.0), -0x1.fffffep+127f, 0x1.fffffep+127f);
    }
  }
}
`,
});

/** The row of V, the penalty, and which id of the pass (if any) joins the mask first. */
export type PenaltyShape = ParamValues<typeof penaltyContract.spec.params>;
