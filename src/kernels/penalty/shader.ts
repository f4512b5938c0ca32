// Repetition penalty and logit bias on one logit row, in place: the penalty from a seen-mask (bit i
// of `seen` is set for each token id i already in the context), then a bias added to every logit
// when one is set. One invocation per 32-bit mask word, so each word and the 32 logits under it
// have one owner: marking the fed token, penalising and biasing need no atomics.
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
    biased: ['u32', '1: add bias to every logit after the penalty; 0: bias is not read'],
  },
  bindings: [
    { name: 'ids', shape: '(> mark) token ids of the pass', type: 'u32' },
    { name: 'seen', shape: '(ceil(V / 32)) bit i: id i is in the context', type: 'u32', write: true },
    { name: 'logits', shape: '(V)', write: true },
    { name: 'bias', shape: '(V) added to the logits when biased' },
  ],
  body: (_o: PenaltyShaderOptions) => /* wgsl */ `
override THREADS: u32 = 64u;
const F32_MAX = 0x1.fffffep+127f;

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
  // Unbiased, only the penalised ids are visited; biased, every id of the word.
  var visit = select(bits, 0xffffffffu, p.biased != 0u);
  while (visit != 0u) {
    let b = firstTrailingBit(visit);
    visit &= visit - 1u;
    let i = w * 32u + b;
    if (i >= p.V) { break; } // ids rise: the rest of the word is past V too
    var l = logits[i];
    // A broken model's NaN or infinity goes on as it is, for the sampler to refuse (decided on the
    // bits: a compiler may assume floats are finite). From a finite logit, an extreme penalty or
    // bias would overflow to an infinity the sampler would take for a broken model: each step
    // saturates at float32's largest finite value instead.
    if ((bitcast<u32>(l) & 0x7f800000u) == 0x7f800000u) { continue; }
    if ((bits & (1u << b)) != 0u) { l = clamp(select(l * p.penalty, l / p.penalty, l > 0.0), -F32_MAX, F32_MAX); }
    if (p.biased != 0u) { l = clamp(l + bias[i], -F32_MAX, F32_MAX); }
    logits[i] = l;
  }
}
`,
});

/** The row of V, the penalty, which id of the pass (if any) joins the mask first, and whether the bias is added. */
export type PenaltyShape = ParamValues<typeof penaltyContract.spec.params>;
