// Gemv y = act(x W^T + bias) + residual for one row of x (decode; a few rows take separate
// workgroups): the lanes of a workgroup split K and reduce their partial sums (subgroupAdd, or
// workgroup memory). Not for many rows (src/kernels/matmul/); shares the bindings, loaders and
// epilogue of shaders/linear.ts with it. Host: kernel.ts; reference: ../matmul/reference.ts;
// cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { linearBindings, linearIo, type LinearIoOptions } from '../../../shaders/linear.js';
import { unroll } from '../../../shaders/unroll.js';
import { defineContract, type ParamValues } from '../contract.js';

export type GemvShaderOptions = LinearIoOptions & {
  /** Reduce with subgroupAdd ('nk' only: there every lane of the workgroup shares the outputs). */
  subgroups: boolean;
};

/**
 * The gemv program. Overrides: THREADS lanes per workgroup as OL lanes along N times
 * SPLIT = THREADS / OL lanes along K. Each lane accumulates 4 consecutive outputs: for 'nk' OL is
 * 1 and the workgroup owns 4 W rows; for 'kn' lane (o, s) = (tid % OL, tid / OL) owns columns
 * 4o.. of a 4*OL-wide group.
 */
export const gemvContract = defineContract({
  name: 'gemv',
  params: { T: 'u32', K: 'u32', N: 'u32', groups: ['u32', 'workgroups along N for each row of x'] },
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

#if ${o.subgroups}
// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}
#else
var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}
#endif

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>${
  o.subgroups ? ', @builtin(subgroup_invocation_id) lane: u32' : ''}) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);
#if ${nk}
  ${unroll(4, (j) => `let w${j} = wStart(min(n0 + ${j}u, p.N - 1u));`)}
#else
  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);
#endif
  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(${unroll(4, column, ', ')});
    acc += ${nk ? 'xLoad(xt, k) * m' : 'm * xLoad(xt, k)'};
  }
  let total = reduce(tid, ${o.subgroups ? 'lane, ' : ''}acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}
`;
  },
});

/** x (T, K) times W^T (K, N); `groups` is planned by the host from N. */
export type GemvShape = Omit<ParamValues<typeof gemvContract.spec.params>, 'groups'>;
