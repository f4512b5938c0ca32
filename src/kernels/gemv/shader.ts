// Gemv y = act(x W^T + bias) + residual for one row of x (decode; a few rows take separate
// workgroups): the lanes of a workgroup split K and reduce their partial sums (subgroupAdd, or
// workgroup memory). Not for many rows (src/kernels/matmul/); shares the bindings, loaders and
// epilogue of shaders/linear.ts with it. Host: kernel.ts; reference: ../matmul/reference.ts;
// cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { linearBindings, linearIo, type LinearIoOptions } from '../../../shaders/linear.js';
import { unroll } from '../../../shaders/unroll.js';
import { isBlockDType, type WeightDType } from '../../quant/formats.js';
import { defineContract, type ParamValues } from '../contract.js';

export type GemvShaderOptions = LinearIoOptions & {
  /** Reduce with subgroupAdd where every lane of the workgroup shares the outputs ('nk' with split = THREADS). */
  subgroups: boolean;
};

/**
 * The gemv program. Overrides: THREADS lanes per workgroup as OL lanes along N times
 * SPLIT = THREADS / OL lanes along K. Each lane accumulates 4 consecutive outputs: for 'nk' OL is
 * 1, and the params' `split` lanes (a power of two dividing THREADS, planned from K so that short
 * rows keep every lane busy) share 4 W rows, so a workgroup owns 4 THREADS / split rows; for 'kn'
 * lane (o, s) = (tid % OL, tid / OL) owns columns 4o.. of a 4*OL-wide group.
 */
export const gemvContract = defineContract({
  name: 'gemv',
  params: {
    T: 'u32', K: 'u32', N: 'u32', groups: ['u32', 'workgroups along N for each row of x'],
    split: ['u32', "'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused"],
  },
  bindings: linearBindings,
  enables: (o: GemvShaderOptions) => (o.subgroups ? ['subgroups'] : []),
  body: (o: GemvShaderOptions) => {
    const nk = o.layout === 'nk';
    const column = (j: number) => (nk ? `wLoad(w${j}, k)` : `wLoad(wStart(min(4u * k + ${j}u, p.K - 1u)), wc)`);
    return wgsl`
${linearIo(o)}

override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;

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

#if ${o.subgroups}
// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}
#endif

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>${
  o.subgroups ? ', @builtin(subgroup_invocation_id) lane: u32' : ''}) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
#if ${nk}
  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);
#else
  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
#endif
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);
#if ${nk}
  ${unroll(4, (j) => `let w${j} = wStart(min(n0 + ${j}u, p.N - 1u));`)}
#else
  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);
#endif
  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
#if ${isBlockDType(o.weights)}
  // Block weights: the lanes take turns by whole blocks; each block's sum is scaled once, by its
  // 4 rows' d, which are loaded once per block instead of once per vec4.
  for (var b = s; b < p.K / 32u; b += lanes) {
    var part = vec4<f32>(0.0);
    ${blockSteps(o.weights)}
    acc += part * vec4<f32>(${unroll(4, (j) => `wScale(w${j}, b)`, ', ')});
  }
#else
  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(${unroll(4, column, ', ')});
    acc += ${nk ? 'xLoad(xt, k) * m' : 'm * xLoad(xt, k)'};
  }
#endif
#if ${o.subgroups}
  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }
#else
  let total = reduceTree(tid, s, lanes, ${nk ? '1u' : 'OL'}, acc);
#endif
  if (s == 0u) { finish4(t, n0, 1u, total); }
}
`;
  },
});

/**
 * One block's unrolled products into `part` for the 4 rows w0..w3 ('nk'): q8_0's 8 quads; q4_0's
 * 4 words, each holding quad i (low nibbles) and quad i + 4 (high nibbles).
 */
function blockSteps(dtype: WeightDType): string {
  const rows = (quad: (j: number) => string) => `mat4x4<f32>(${unroll(4, quad, ', ')})`;
  if (dtype === 'q8_0') return unroll(8, (i) => `part += xLoad(xt, 8u * b + ${i}u) * ${rows((j) => `wQuad(w${j}, b, ${i}u)`)};`, '\n    ');
  return unroll(4, (i) => `{
      ${unroll(4, (j) => `let q${j} = wQuads(w${j}, b, ${i}u);`, ' ')}
      part += xLoad(xt, 8u * b + ${i}u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + ${i + 4}u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }`, '\n    ');
}

/** x (T, K) times W^T (K, N); `groups` is planned by the host from N. */
export type GemvShape = Omit<ParamValues<typeof gemvContract.spec.params>, 'groups' | 'split'>;
