// Splits the stacked qkv projection (T, (NH + 2 NKV) HS) into q (T, NH, HS) and rows pos0.. of
// the K and V caches (maxS, NKV, HS), rotating q and k with RoPE on the way: one dispatch where
// a naive pipeline has three copies and two rotations. Each pair's frequency comes from a small
// buffer computed on the CPU, so scaled RoPE (Llama 3.1) costs nothing extra here. Prefill and
// training run it; decode's qkv GEMV does the same split itself (gemv's qkvCache epilogue), with
// the same trigonometry, shared WGSL (shaders/rope.ts). The backward
// contract is the transpose: dq, dk turned back by -angle and dv, stacked into dqkv.
// Hosts: kernel.ts, backward.ts; reference: reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { ropePair, ropeTrig } from '../../../shaders/rope.js';
import { defineContract, type ParamValues } from '../contract.js';

/** 'interleaved' pairs (2i, 2i+1) as llama2.c and GGUF; 'half' pairs (i, i + rotaryDim/2) as Hugging Face. */
export type RopeLayout = 'interleaved' | 'half';

/** Each rope option: no rotation (GPT-2), or a pair layout. */
export const ROPES = ['none', 'interleaved', 'half'] as const;

export type KvCacheShaderOptions = {
  rope: (typeof ROPES)[number];
};

/** Both directions take the same params: the shape of T rows at positions pos0... */
const params = { T: 'u32', NH: 'u32', NKV: 'u32', HS: 'u32', pos0: 'u32', rotaryDim: 'u32' } as const;

const freqsBinding = { name: 'freqs', shape: '(rotaryDim / 2) turns per position', when: (o: KvCacheShaderOptions) => o.rope !== 'none' };

/**
 * WGSL `fn name(row, i, pos) -> f32`: element i of the head row at offset `row` of `src`, its
 * first rotaryDim dims turned by pos * freqs turns (`back`: by minus that, the inverse).
 */
function turned(o: KvCacheShaderOptions, name: string, src: string, back: boolean): string {
  if (o.rope === 'none') return `fn ${name}(row: u32, i: u32, pos: u32) -> f32 { return ${src}[row + i]; }`;
  return /* wgsl */ `fn ${name}(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return ${src}[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(${src}[row + r.y], ${src}[row + r.z], i == r.z, ${back ? '-' : ''}f32(pos) * freqs[r.x]);
}`;
}

/** The shared RoPE WGSL, where the options rotate. */
function ropeHelpers(o: KvCacheShaderOptions): string {
  return o.rope === 'none' ? '' : `${ropeTrig()}${ropePair(o.rope)}`;
}

/**
 * WGSL `main` of both directions: LANES invocations per (token t, head slot) of the stacked qkv
 * row at `row` (slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads), each taking every
 * LANES-th element of the head row from its lane; the head row is at `head` in q (or dq), and in
 * the k and v caches (or dk, dv) at row `kvRow` (pos for the caches, t for the gradients). `copy`
 * gives the statement for element i of each kind of head.
 */
function eachHeadSlot(kvRow: 'pos' | 't', copy: { q: string; k: string; v: string }): string {
  return /* wgsl */ `// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { ${copy.q} }
  } else if (slot < p.NH + p.NKV) {
    let head = (${kvRow} * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { ${copy.k} }
  } else {
    let head = (${kvRow} * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { ${copy.v} }
  }
}`;
}

export const kvcacheContract = defineContract({
  name: 'kvcache',
  params,
  bindings: [
    { name: 'qkv', shape: '(T, NH + 2 NKV, HS)' },
    { name: 'q', shape: '(T, NH, HS)', write: true },
    { name: 'kCache', shape: '(maxS, NKV, HS)', write: true },
    { name: 'vCache', shape: '(maxS, NKV, HS)', write: true },
    freqsBinding,
  ],
  body: (o: KvCacheShaderOptions) => wgsl`
override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row
${ropeHelpers(o)}
// Element i of a head row after rotation by position pos; row is the head's offset in qkv.
${turned(o, 'rotated', 'qkv', false)}

${eachHeadSlot('pos', { q: 'q[head + i] = rotated(row, i, pos);', k: 'kCache[head + i] = rotated(row, i, pos);', v: 'vCache[head + i] = qkv[row + i];' })}
`,
});

/**
 * Backward: dqkv (T, NH + 2 NKV, HS) from dq (T, NH, HS) and dk, dv (T, NKV, HS), the gradients
 * of q and of cache rows pos0..pos0+T-1. Every dqkv element has one source element (a rotation
 * is a permutation of pairs), so the LANES invocations of a (token, head slot) row own its
 * elements between them: no reduction.
 */
export const kvcacheBackwardContract = defineContract({
  name: 'kvcache/backward',
  params,
  bindings: [
    { name: 'dq', shape: '(T, NH, HS)' },
    { name: 'dk', shape: '(T, NKV, HS)' },
    { name: 'dv', shape: '(T, NKV, HS)' },
    { name: 'dqkv', shape: '(T, NH + 2 NKV, HS)', write: true },
    freqsBinding,
  ],
  body: (o: KvCacheShaderOptions) => wgsl`
override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row
${ropeHelpers(o)}
// Element i of a dq or dk head row turned back by position pos: the forward rotation's transpose.
${turned(o, 'fromQ', 'dq', true)}
${turned(o, 'fromK', 'dk', true)}

${eachHeadSlot('t', { q: 'dqkv[row + i] = fromQ(head, i, pos);', k: 'dqkv[row + i] = fromK(head, i, pos);', v: 'dqkv[row + i] = dv[head + i];' })}
`,
});

/**
 * T tokens of NH query and NKV KV heads of HS, written at positions pos0.. of caches holding maxS
 * positions; the first rotaryDim dims of each q and k head rotate (default HS; even, at most HS;
 * `freqs` holds rotaryDim / 2 entries). maxS is the host's check, not a param.
 */
export type KvCacheShape = Omit<ParamValues<typeof params>, 'rotaryDim'> & { maxS: number; rotaryDim?: number };

/** The backward's shape: the forward's without the cache (its gradients come as T rows). */
export type KvCacheBackwardShape = Omit<KvCacheShape, 'maxS'>;
