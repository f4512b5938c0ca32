// Gemv y = act(x W^T + bias) + residual for one row of x (decode; a few rows take separate
// workgroups): the lanes of a workgroup split K and reduce their partial sums (subgroupAdd, or
// workgroup memory). Not for many rows (src/kernels/matmul/); shares the bindings, loaders and
// epilogue of shaders/linear.ts with it. Three fusions save a decode step its separate
// dispatches: a norm prologue (the workgroup computes x's row statistics, then reads x as
// norm(x) * gamma (+ beta)), a gated pair (y = silu(x Wg^T) * (x Wu^T), Llama's MLP), and the
// qkv projection written into q and the KV cache, RoPE turned (qkvCache, as kvcache splits it).
// Host: kernel.ts; reference: ../matmul/reference.ts, reference.ts (the fusions); cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { elementType, linearBindings, linearIo, rowLoaders, wType, type LinearIoOptions } from '../../../shaders/linear.js';
import { ropeTrig } from '../../../shaders/rope.js';
import { unroll } from '../../../shaders/unroll.js';
import { blockSlot, blockVec4s, HIGH_NIBBLE_UNPLACE, NIBBLE_UNPLACE, Q4_OFFSETS, Q8_OFFSETS, weightRowLoaders } from '../../../shaders/weights.js';
import { isBlockDType, type BlockDType } from '../../quant/formats.js';
import { defineContract, type ParamValues } from '../contract.js';

export const GEMV_NORMS = ['none', 'rms', 'layer'] as const;
export type GemvNorm = (typeof GEMV_NORMS)[number];

/** The stacked qkv projection's epilogue: its outputs go to q (y) and the KV cache, turned by no RoPE or interleaved pairs. */
export const QKV_CACHE_ROPES = ['none', 'interleaved'] as const;
export type QkvCacheRope = (typeof QKV_CACHE_ROPES)[number];

export type GemvShaderOptions = LinearIoOptions & {
  /** Reduce with subgroupAdd where every lane of the workgroup shares the outputs ('nk' with split = THREADS). */
  subgroups: boolean;
  /** Read x as norm(x) * gamma (+ beta for 'layer'), with the params' eps, as src/kernels/norm computes it. */
  norm: GemvNorm;
  /** y = silu(x W^T) * (x W2^T): w the gate, w2 the up projection ('nk', no other epilogue). */
  gated: boolean;
  /** Each workgroup strides over the output groups past the grid (a grid capped below T * groups). */
  strided: boolean;
  /**
   * Every lane works alone, with no workgroup memory or barrier in the program: it takes whole
   * rows ('nk': the host plans split 1; 'kn': OL = THREADS), computes a norm prologue's row
   * statistics over all of K itself, and stages x in private memory. SwiftShader runs a program
   * that contains a barrier slower at every output group, even where none is reached.
   */
  solo: boolean;
  /** Norm prologue, strided, solo: each lane normalises x's row once into private memory of this many vec4 (>= ceil(K / 4)) instead of at every read; 0, not staged. */
  staged: number;
  /**
   * Block weights, 'nk', a 4-lane workgroup that is one subgroup (subgroups exactly 4 wide, so
   * `subgroups` is set too): the lanes take every block of their rows (the host plans split 1),
   * each loads a quarter of a block's x and subgroupBroadcast shares it (on a CPU a load costs
   * far more than a broadcast).
   */
  shareX: boolean;
  /** Solo: the quads of 4 consecutive outputs ('nk' rows, 'kn' columns) each lane owns (1 elsewhere); more outputs share each load of x and each group's overhead. */
  quads: number;
  /**
   * 'off': y = the outputs. Else W is the stacked qkv projection, whose outputs (+ bias) go as
   * src/kernels/kvcache splits them: q heads into y (T, NH, HS), k and v heads into the cache rows
   * at pos0 + t; 'interleaved' turns q and k by RoPE, pairs (2i, 2i+1), as that kernel does.
   */
  qkvCache: 'off' | QkvCacheRope;
};

/**
 * The gemv program. Overrides: THREADS lanes per workgroup as OL lanes along N times
 * SPLIT = THREADS / OL lanes along K. Each lane accumulates 4 consecutive outputs a quad: for
 * 'nk' OL is 1, and the params' `split` lanes (a power of two dividing THREADS, planned from K so
 * that short rows keep every lane busy) share 4 quads W rows, so a workgroup owns
 * 4 quads THREADS / split rows (quads > 1 only where split is 1: solo); for 'kn'
 * lane (o, s) = (tid % OL, tid / OL) owns columns 4 quads o.. of a 4 quads OL-wide group.
 */
export const gemvContract = defineContract({
  name: 'gemv',
  params: {
    T: 'u32', K: 'u32', N: 'u32', groups: ['u32', 'workgroups along N for each row of x'],
    split: ['u32', "'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused"],
    eps: ['f32', "the norm prologue's; unused without one"],
    ldy: ['u32', "y's row stride: N, or wider when y is columns of a larger matrix (set by the host)"],
    NH: ['u32', 'qkvCache: query heads; unused without it'],
    NKV: ['u32', 'qkvCache: KV heads'],
    HS: ['u32', 'qkvCache: head size, a multiple of 4'],
    pos0: ['u32', "qkvCache: row t's position, pos0 + t"],
    rotaryDim: ['u32', "qkvCache 'interleaved': the dims of a head that turn (even, <= HS)"],
  },
  bindings: [
    ...linearBindings,
    { name: 'w2', shape: '(N, K) the up projection, stored as w', type: wType, when: (o: GemvShaderOptions) => o.gated },
    { name: 'gamma', shape: '(K)', type: elementType, when: (o: GemvShaderOptions) => o.norm !== 'none' },
    { name: 'beta', shape: '(K)', type: elementType, when: (o: GemvShaderOptions) => o.norm === 'layer' },
    { name: 'kCache', shape: '(maxS, NKV, HS)', write: true, when: (o: GemvShaderOptions) => o.qkvCache !== 'off' },
    { name: 'vCache', shape: '(maxS, NKV, HS)', write: true, when: (o: GemvShaderOptions) => o.qkvCache !== 'off' },
    { name: 'freqs', shape: '(rotaryDim / 2) turns per position', when: (o: GemvShaderOptions) => o.qkvCache === 'interleaved' },
  ],
  enables: (o: GemvShaderOptions) => (o.subgroups ? ['subgroups'] : []),
  body: (o: GemvShaderOptions) => {
    const nk = o.layout === 'nk';
    const proj = projections(o);
    const quads = quadsOf(o);
    // One output group g of the grid: its lanes' outputs over K, reduced and stored.
    const groupBody = wgsl`  let t = g % p.T;
#if ${nk}
  let lanes = ${o.solo ? '1u' : 'p.split'};
  let s = tid % lanes;
  let n0 = ${4 * o.quads}u * ((g / p.T) * (THREADS / lanes) + tid / lanes);
#else
  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = ${4 * o.quads}u * ((g / p.T) * OL + tid % OL);
#endif
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);
#if ${o.norm !== 'none'}
  // Each of the grid's rows of x may be another; a single row's statistics are the first's.
#if ${o.strided}
  if (g == g0 || p.T > 1u) {
    rowStats(tid, t);
#if ${o.staged > 0}
    stageX(xt);
#endif
  }
#else
  rowStats(tid, t); // a direct workgroup owns one group
#endif
#endif
#if ${nk}
  ${proj.map(({ w }) => unroll(4 * o.quads, (j) => `let ${w}r${j} = ${w}Start(min(n0 + ${j}u, p.N - 1u));`)).join('\n  ')}
#else
  ${quads.map((q) => `let wc${q} = min(n0 / 4u + ${q}u, (p.N + 3u) / 4u - 1u);`).join('\n  ')}
#endif
  ${proj.flatMap(({ acc }) => quads.map((q) => `var ${acc}${q} = vec4<f32>(0.0); // outputs n0 + ${4 * q} .. n0 + ${4 * q + 3}`)).join('\n  ')}
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  ${kLoop(o, o.staged > 0 ? 'xStaged' : 'xIn')}
  ${proj.flatMap(({ acc }, round) => quads.map((q) => reduction(o, `${acc}${q}`, round))).join('\n  ')}
  if (s == 0u) {
    ${quads.map((q) => `${o.qkvCache !== 'off' ? 'finishQkv' : 'finish4'}(t, n0 + ${4 * q}u, ${o.qkvCache !== 'off' ? '' : '1u, '}${o.gated ? `vec4<f32>(${unroll(4, (j) => `silu(acc${q}Total[${j}])`, ', ')}) * up${q}Total` : `acc${q}Total`});`).join('\n    ')}
  }
`;
    return wgsl`
${linearIo(o)}
#if ${o.gated}
${weightRowLoaders('w2', 'p.K', o.vec4, o.weights, o.halves)}
#endif

override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;

${normPrologue(o)}
${qkvEpilogue(o)}
#if ${!o.solo}
var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the \`lanes\` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}
#endif

#if ${o.subgroups && !o.solo}
// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups. A gated program
// reduces twice (gate, then up), each round in slots and a counter of its own.
const ROUNDS = ${proj.length}u;
var<workgroup> partials: array<vec4<f32>, ROUNDS * max(THREADS / 4u, 1u)>;
var<workgroup> filled: array<atomic<u32>, ROUNDS>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>, round: u32) -> vec4<f32> {
  let s = subgroupAdd(v);
  let first = round * max(THREADS / 4u, 1u);
  if (lane == 0u) { partials[first + atomicAdd(&filled[round], 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled[round]); i++) { total += partials[first + i]; }
  workgroupBarrier(); // every lane has read the slots: reset for the workgroup's next outputs
  if (lane == 0u) { atomicStore(&filled[round], 0u); }
  workgroupBarrier();
  return total;
}
#endif

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>${
  o.subgroups ? ', @builtin(subgroup_invocation_id) lane: u32' : ''}) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g0 = wg.x + wg.y * nwg.x;
#if ${o.strided}
  // A grid smaller than T * groups: each workgroup strides over the rest (software adapters pay
  // per workgroup). A program of its own: GPUs launch the whole grid and need no loop.
  for (var g = g0; g < p.T * p.groups; g += nwg.x * nwg.y) { // uniform per workgroup
${groupBody}  }
#else
  let g = g0;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
${groupBody}
#endif
}
`;
  },
});

/**
 * WGSL finishQkv(t, n0, v), for a qkvCache program (finish4 elsewhere): outputs n0 .. n0 + 3 of row
 * t (+ bias), of one head since HS % 4 == 0, to where src/kernels/kvcache puts them: a q head's
 * into y (rows NH * HS apart), a k or v head's into its cache row at position pos0 + t. With
 * 'interleaved', each pair (2i, 2i + 1) of a q or k head's first rotaryDim dims, which a quad holds
 * whole, turns as kvcache's rotated() turns it (one sin and cos a pair, not an element).
 */
function qkvEpilogue(o: GemvShaderOptions): string {
  if (o.qkvCache === 'off') return '';
  const rope = o.qkvCache === 'interleaved';
  return wgsl`
#if ${rope}
${ropeTrig()}

// The pair (a, b) turned by 2 pi turns: (a cos - b sin, a sin + b cos), as ropeTurn gives each.
fn turnPair(a: f32, b: f32, turns: f32) -> vec2<f32> {
  let sc = sinCosTurns(turns);
  return vec2<f32>(a * sc.y - b * sc.x, a * sc.x + b * sc.y);
}
#endif

fn finishQkv(t: u32, n0: u32, v: vec4<f32>) {
  if (t >= p.T || n0 >= p.N) { return; }
  var s = v;
#if ${o.bias}
  s += vec4<f32>(bias[n0], bias[n0 + 1u], bias[n0 + 2u], bias[n0 + 3u]);
#endif
  let slot = n0 / p.HS;
  let i0 = n0 % p.HS; // a multiple of 4: the quad holds pairs i0 / 2 and i0 / 2 + 1 whole
  let pos = p.pos0 + t;
#if ${rope}
  if (slot < p.NH + p.NKV) { // q and k heads turn their first rotaryDim (even) dims
    if (i0 < p.rotaryDim) { s = vec4<f32>(turnPair(s.x, s.y, f32(pos) * freqs[i0 / 2u]), s.zw); }
    if (i0 + 2u < p.rotaryDim) { s = vec4<f32>(s.xy, turnPair(s.z, s.w, f32(pos) * freqs[i0 / 2u + 1u])); }
  }
#endif
  if (slot < p.NH) {
    let at = (t * p.NH + slot) * p.HS + i0;
    ${unroll(4, (j) => `y[at + ${j}u] = s[${j}];`, ' ')}
  } else if (slot < p.NH + p.NKV) {
    let at = (pos * p.NKV + slot - p.NH) * p.HS + i0;
    ${unroll(4, (j) => `kCache[at + ${j}u] = s[${j}];`, ' ')}
  } else {
    let at = (pos * p.NKV + slot - p.NH - p.NKV) * p.HS + i0;
    ${unroll(4, (j) => `vCache[at + ${j}u] = s[${j}];`, ' ')}
  }
}
`;
}

/** The indices of a lane's quads of outputs, 0 .. o.quads - 1. */
function quadsOf(o: GemvShaderOptions): number[] {
  return Array.from({ length: o.quads }, (_, q) => q);
}

/** The projections the K loop accumulates: W's rows into acc{q}, and W2's into up{q} when gated, a vec4 a quad of rows. */
function projections(o: GemvShaderOptions): Array<{ w: string; acc: string }> {
  return o.gated ? [{ w: 'w', acc: 'acc' }, { w: 'w2', acc: 'up' }] : [{ w: 'w', acc: 'acc' }];
}

/**
 * The K loop: each lane's share of K into its accumulators, reading x's vec4 k as \`x\`(xt, k)
 * (xIn, or xStaged: the normalised row a lane staged once).
 */
function kLoop(o: GemvShaderOptions, x: string): string {
  const proj = projections(o);
  const quads = quadsOf(o);
  const weights = o.weights;
  if (isBlockDType(weights)) {
    // Block weights: the lanes take turns by whole blocks (k-quants: 64-value chunks); each block's sum
    // is scaled once, by its 4 rows' scales, loaded once per block instead of once per vec4. A lane
    // owns one quad of rows (gemvProgram): shared x already serves its loads.
    if (o.quads !== 1) throw new Error(`gemv: block weights take one quad of rows a lane, got ${o.quads}`);
    const slots = blockVec4s(weights);
    const loop = (first: string, step: string, xSlot: XSlot, shared = '') => `for (var b = ${first}; b < p.K / ${4 * slots}u; b += ${step}) {${shared}
    ${proj.map(({ w, acc }) => `{
      ${blockSteps(weights, w, `${acc}0`, xSlot)}
    }`).join('\n    ')}
  }`;
    if (!o.shareX) return loop('s', 'lanes', (t) => `${x}(xt, ${blockSlot(weights, t)})`);
    // Split 1: lane l loads slots l, l + 4, ..; slot t is lane t % 4's load t / 4.
    const shared = unroll(slots / 4, (m) => `\n    let xShared${m} = ${x}(xt, ${blockSlot(weights, 4 * m, 'lane')});`, '');
    return loop('0u', '1u', (t) => `subgroupBroadcast(xShared${t >> 2}, ${t & 3}u)`, shared);
  }
  // 'nk': the matrix's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows 4k + j, acc += m * x.
  return `for (var k = s; k < k4s; k += lanes) {
    let xk = ${x}(xt, k);
    ${o.layout === 'nk'
      ? proj.flatMap(({ w, acc }) => quads.map((q) => `${acc}${q} += xk * mat4x4<f32>(${unroll(4, (j) => `${w}Load(${w}r${4 * q + j}, k)`, ', ')});`)).join('\n    ')
      : `${unroll(4, (j) => `let w${j} = wStart(min(4u * k + ${j}u, p.K - 1u));`, ' ')}
    ${quads.map((q) => `acc${q} += mat4x4<f32>(${unroll(4, (j) => `wLoad(w${j}, wc${q})`, ', ')}) * xk;`).join('\n    ')}`}
  }`;
}

/**
 * Block b's products for the 4 rows {w}r0..{w}r3 of the weight `w` ('nk') into `acc`, x's
 * vec4 at slot t (weights.ts's blockSlot) read as xSlot(t). q8_0: 8 words in place (weights.ts's InPlace),
 * against x * NIBBLE_UNPLACE, less the dot of the block's x with Q8_OFFSETS (128 times the sum of
 * each quad's first three), scaled by d once. The others read words that hold quants of two runs in place (weights.ts's
 * InPlace), multiplied against x times their inverse place values by inPlaceSums, and scaled once
 * per sub-block:
 * - q4_0: 4 words, runs quads 0..3 (low nibbles) and 4..7 (high nibbles, x * HIGH_NIBBLE_UNPLACE),
 *   the offsets Q4_OFFSETS taken off once: sum (n - o) x = sum n x - sum o x, where o is 8 but for
 *   the second run's top nibbles, which read as n - 8 already;
 * - q4_K, q5_K: chunk b's 8 words, runs its two sub-blocks: each sum, less the dot of its x with
 *   the run's offsets (weights.ts's kQuantChunk), times the sub-block's scale, less its min times
 *   the sum of its x;
 * - q6_K: chunk b's 8 words, runs 64 values apart, each two sub-blocks of 16 (words 0..3, 4..7):
 *   each sub-block's sum less the dot of its x with the run's offsets (32, where nothing was
 *   flipped), times its scale.
 */
function blockSteps(dtype: BlockDType, w: string, acc: string, xSlot: XSlot): string {
  const rows = (quad: (j: number) => string) => `mat4x4<f32>(${unroll(4, quad, ', ')})`;
  const perRow = (f: (j: number) => string) => `vec4<f32>(${unroll(4, f, ', ')})`;
  if (dtype === 'q8_0') {
    return `var part = vec4<f32>(0.0);
      var partX = vec4<f32>(0.0);
      ${unroll(8, (i) => `{
        let xi = ${xSlot(i)};
        partX += xi;
        part += (xi * ${NIBBLE_UNPLACE}) * ${rows((j) => `${w}InPlace(${w}r${j}, b, ${i}u)`)};
      }`, '\n      ')}
      ${acc} += (part - dot(partX, ${Q8_OFFSETS})) * ${perRow((j) => `${w}Scale(${w}r${j}, b)`)};`;
  }
  const ones = 'let ones = vec4<f32>(1.0);';
  if (dtype === 'q4_0') {
    return `${inPlaceSums(w, xSlot, 4, 4, 1)}
      let offsets = ${Q4_OFFSETS};
      ${acc} += (first0 + second0 - dot(first0X, offsets[0]) - dot(second0X, offsets[1])) * ${perRow((j) => `${w}Scale(${w}r${j}, b)`)};`;
  }
  // k-quants: where chunk b's words lie, once a row; what its position decides and its scales,
  // once; its 8 words unrolled. SwiftShader ran q5_K's and q6_K's in two turns of a loop of 4
  // words 1.2-1.45x as slow (their heads' GPU time, alternated in Node, 2026-12-05), and q4_K's
  // 1.05-1.25x (GPT-2-124M q4_K decode, against q4_0's in the same processes, 0.55-0.66 -> 0.68-0.79
  // of it), though two turns had won 2.4x for q4_K when its words were first read in place.
  // Each of q6_K's runs holds 2 sub-blocks of 16 (words 0..3, 4..7), summed apart for their scales.
  const parts = dtype === 'q6_K' ? 2 : 1;
  const sums = inPlaceSums(w, xSlot, 8, 8, parts, (j, i) => `${w}InPlace(wq${j}, kc, ${i}u)`);
  const header = `let kc = ${w}ChunkOf(b);
      ${unroll(4, (j) => `let wq${j} = ${w}Words(${w}r${j}, b);`, ' ')}`;
  const minus = (v: string, run: number) => `(${v} - dot(${v}X, kc.offsets[${run}]))`;
  if (dtype === 'q6_K') {
    // Sub-block k of the first run has scale k, of the second 2 + k.
    const terms = Array.from({ length: parts }, (_, p) => `${minus(`first${p}`, 0)} * ${perRow((j) => `sc${j}[${p}u]`)} + ${minus(`second${p}`, 1)} * ${perRow((j) => `sc${j}[${2 + p}u]`)}`);
    return `${header}
      ${unroll(4, (j) => `let sc${j} = ${w}Scales(${w}r${j}, b, kc);`, ' ')}
      {
        ${sums}
        ${acc} += ${terms.join('\n          + ')};
      }`;
  }
  return `${header}
      ${unroll(4, (j) => `let sm${j} = ${w}ScaleMins(${w}r${j}, b, kc);`, ' ')}
      ${ones}
      {
        ${sums}
        ${acc} += ${minus('first0', 0)} * ${perRow((j) => `sm${j}.x`)} + ${minus('second0', 1)} * ${perRow((j) => `sm${j}.z`)}
          - dot(first0X, ones) * ${perRow((j) => `sm${j}.y`)} - dot(second0X, ones) * ${perRow((j) => `sm${j}.w`)};
      }`;
}

/** x's vec4 at slot t of a block. */
type XSlot = (t: number) => string;

/**
 * WGSL summing `words` InPlace words of the 4 rows against x: the first run's products into
 * first{k}, the second's into second{k}, and their x into first{k}X, second{k}X, where k = i * parts /
 * words splits each run into `parts` sub-blocks; word i's x vec4s are slots i and i + gap, and
 * \`word(j, i)\` reads row j's word i. The first run's quants sit at the place values 256^j
 * (NIBBLE_UNPLACE), the second's at 16 * 256^j (HIGH_NIBBLE_UNPLACE).
 */
function inPlaceSums(w: string, xSlot: (t: number) => string, words: number, gap: number, parts: number, word = (j: number, i: number) => `${w}InPlace(${w}r${j}, b, ${i}u)`): string {
  const sums = Array.from({ length: parts }, (_, k) => [`first${k}`, `second${k}`]).flat();
  return `${sums.map((v) => `var ${v} = vec4<f32>(0.0); var ${v}X = vec4<f32>(0.0);`).join('\n      ')}
      ${unroll(words, (i) => {
        const k = Math.floor((i * parts) / words);
        return `{
        ${unroll(4, (j) => `let n${j} = ${word(j, i)};`, ' ')}
        let xFirst = ${xSlot(i)};
        let xSecond = ${xSlot(i + gap)};
        first${k}X += xFirst;
        second${k}X += xSecond;
        first${k} += (xFirst * ${NIBBLE_UNPLACE}) * mat4x4<f32>(n0[0], n1[0], n2[0], n3[0]);
        second${k} += (xSecond * ${HIGH_NIBBLE_UNPLACE}) * mat4x4<f32>(n0[1], n1[1], n2[1], n3[1]);
      }`;
      }, '\n      ')}`;
}

/**
 * WGSL declaring `{acc}Total`: acc summed over the lanes sharing its outputs; with subgroups,
 * subgroupAdd (reduction `round`) where the whole workgroup shares them (p.split is uniform).
 */
function reduction(o: GemvShaderOptions, acc: string, round: number): string {
  if (o.solo) return `let ${acc}Total = ${acc};`;
  const tree = `reduceTree(tid, s, lanes, ${o.layout === 'nk' ? '1u' : 'OL'}, ${acc})`;
  if (!o.subgroups) return `let ${acc}Total = ${tree};`;
  return `var ${acc}Total: vec4<f32>;
  if (lanes == THREADS) { ${acc}Total = reduceAll(lane, ${acc}, ${round}u); } else { ${acc}Total = ${tree}; }`;
}

/**
 * WGSL before main: xIn(xt, k), x's values 4k .. 4k + 3 as the K loop reads them (normalised when
 * o.norm is set), and for a norm rowStats(tid, t), which every lane calls first to set the row's
 * mean and 1/sqrt(variance + eps) as src/kernels/norm computes them: the mean (LayerNorm only,
 * summed about the row's first value), then the mean square of x - mean in a second pass. Zeros
 * read past K are masked out.
 */
function normPrologue(o: GemvShaderOptions): string {
  if (o.norm === 'none') return 'fn xIn(xt: u32, k: u32) -> vec4<f32> { return xLoad(xt, k); }';
  const layer = o.norm === 'layer';
  // A solo lane covers all of K; otherwise the lanes take turns and sum over the workgroup.
  const [first, step] = o.solo ? ['0u', '1u'] : ['tid', 'THREADS'];
  return wgsl`
${rowLoaders('gamma', 'p.K', o.vec4)}
#if ${layer}
${rowLoaders('beta', 'p.K', o.vec4)}
#endif
var<private> rowMean = 0.0;
var<private> rowRstd = 0.0;

#if ${o.solo}
// The sum of v over this lane's loop (it covers all of K).
fn rowSum(tid: u32, v: vec4<f32>) -> f32 { return dot(v, vec4<f32>(1.0)); }
#else
// The sum of v over every lane, in every lane.
fn rowSum(tid: u32, v: vec4<f32>) -> f32 {
  _ = reduceTree(tid, tid, THREADS, 1u, v);
  let total = dot(scratch[0], vec4<f32>(1.0));
  workgroupBarrier(); // before scratch is reused
  return total;
}
#endif

fn rowStats(tid: u32, t: u32) {
  let k4s = (p.K + 3u) / 4u;
#if ${layer}
  let shift = xAt(t, 0u).x; // summed about it, as src/kernels/norm sums: a row far from zero keeps its precision
  var sum = vec4<f32>(0.0);
  for (var k = ${first}; k < k4s; k += ${step}) {
    let inRow = vec4<u32>(4u * k) + vec4<u32>(0u, 1u, 2u, 3u) < vec4<u32>(p.K);
    sum += select(vec4<f32>(0.0), xAt(t, k) - shift, inRow);
  }
  rowMean = shift + rowSum(tid, sum) / f32(p.K);
#endif
  var sq = vec4<f32>(0.0);
  for (var k = ${first}; k < k4s; k += ${step}) {
    let inRow = vec4<u32>(4u * k) + vec4<u32>(0u, 1u, 2u, 3u) < vec4<u32>(p.K);
    let d = select(vec4<f32>(0.0), xAt(t, k) - rowMean, inRow);
    sq += d * d;
  }
  rowRstd = 1.0 / sqrt(rowSum(tid, sq) / f32(p.K) + p.eps);
}

#if ${o.staged > 0}
// x's row normalised once into each lane's private memory (a staged program: K fits it, and the
// lane reads it for many outputs): xIn costs 2-3 loads and 3-4 operations a vec4, which on a CPU
// adapter is about as much as the 4 weight loads it feeds. Private memory is zeroed at every
// workgroup's start, so it is sized to the planned K.
var<private> xs: array<vec4<f32>, ${o.staged}>;

fn stageX(xt: u32) {
  for (var k = 0u; k < (p.K + 3u) / 4u; k++) { xs[k] = xIn(xt, k); }
}

fn xStaged(xt: u32, k: u32) -> vec4<f32> { return xs[k]; }
#endif

// gamma (and beta) are zero past K, so x's padding stays 0.
fn xIn(xt: u32, k: u32) -> vec4<f32> {
  return (xLoad(xt, k) - rowMean) * rowRstd * gammaLoad(0u, k)${layer ? ' + betaLoad(0u, k)' : ''};
}
`;
}

/** Where a qkvCache program puts the stacked qkv row: NH q and NKV k and v heads of HS, k and v at cache row pos0 + t of maxS. */
export interface QkvCacheShape {
  NH: number;
  NKV: number;
  HS: number;
  pos0: number;
  maxS: number;
  /** 'interleaved': the dims of a head that turn (even, <= HS; default HS). */
  rotaryDim?: number;
}

/**
 * x (T, K) times W^T (K, N); eps only for a norm prologue, qkv only for a qkvCache program (then
 * N = (NH + 2 NKV) HS); `groups` and `split` are planned by the host.
 */
export type GemvShape = Pick<ParamValues<typeof gemvContract.spec.params>, 'T' | 'K' | 'N'> & { eps?: number; ldy?: number; qkv?: QkvCacheShape };
