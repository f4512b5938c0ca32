// Matmul Y = act(X W^T + bias) + residual for many rows (prefill): each thread accumulates a
// rows x 4 output block; GPUs stage X and W tiles in workgroup memory, CPUs read directly.
// Not the one-row decode kernel (src/kernels/gemv/, which shares the bindings, loaders and
// epilogue of shaders/linear.ts). Host: kernel.ts; reference: reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { linearBindings, linearIo, type LinearIoOptions } from '../../../shaders/linear.js';
import { unroll } from '../../../shaders/unroll.js';
import { defineContract, type ParamValues } from '../contract.js';

export type MatmulShaderOptions = LinearIoOptions & {
  /** Stage X and W tiles in workgroup memory (GPUs); else each thread reads its own (CPUs). */
  staged: boolean;
  /** Output rows per thread (4 or 8): more rows amortise each W load over more products. */
  rows: number;
  /**
   * Unstaged only, for a 4-lane workgroup along N (TPM = 1, TPN = 4) that is one subgroup with
   * lanes 0..3 (subgroups exactly 4 wide): each lane loads a quarter of the tile's X rows and
   * subgroupBroadcast shares them (on a CPU a load costs far more than a broadcast).
   */
  shareX: boolean;
};

/**
 * The matmul program. Overrides: TPM x TPN threads per workgroup; thread (tm, tn) owns rows
 * tm + TPM*i (i < rows) and columns tn + TPN*j ('nk') or 4*tn + j ('kn') (j < 4), so a tile is
 * (rows TPM) x (4 TPN). TK4 = tileK / 4 (staged only).
 */
export const matmulContract = defineContract({
  name: 'matmul',
  params: { T: 'u32', K: 'u32', N: 'u32', groups: ['u32', 'tiles along M, to split the linear workgroup index'] },
  bindings: linearBindings,
  enables: (o: MatmulShaderOptions) => (o.shareX ? ['subgroups'] : []),
  body: (o: MatmulShaderOptions) => {
    const nk = o.layout === 'nk';
    const R = o.rows;
    // m's columns are W's stored rows: 'nk' this thread's output columns (acc += x * m), 'kn' the
    // four k of the step (acc += m * x).
    const add = (i: number, x: string) => (nk ? `a${i} += ${x} * m;` : `a${i} += m * ${x};`);
    return wgsl`
${linearIo(o)}

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = ${R}u * TPM;
override TILE_N: u32 = 4u * TPN;

#if ${o.staged}
// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, ${nk ? 'TILE_N * (TK4 + 1u)' : '4u * TK4 * TPN'}>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {
#if ${nk}
    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);
#else
    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);
#endif
  }
}
#endif

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>${
  o.shareX ? ', @builtin(subgroup_invocation_id) lane: u32' : ''}) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  ${unroll(R, (i) => `var a${i} = vec4<f32>(0.0);`)}
#if ${o.staged}
  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {
#if ${nk}
      let m = mat4x4<f32>(${unroll(4, (j) => `ws[(tn + ${j}u * TPN) * (TK4 + 1u) + k]`, ', ')});
#else
      let m = mat4x4<f32>(${unroll(4, (j) => `ws[(4u * k + ${j}u) * TPN + tn]`, ', ')});
#endif
      ${unroll(R, (i) => add(i, `xs[(tm + ${i}u * TPM) * TK4 + k]`), '\n      ')}
    }
    workgroupBarrier();
  }
#else
  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).
#if ${o.shareX}
  ${unroll(R / 4, (h) => `let x${h} = xStart(min(m0 + lane + ${4 * h}u, p.T - 1u));`)}
#else
  ${unroll(R, (i) => `let x${i} = xStart(min(m0 + tm + ${i}u * TPM, p.T - 1u));`)}
#endif
#if ${nk}
  ${unroll(4, (j) => `let w${j} = wStart(min(n0 + tn + ${j}u * TPN, p.N - 1u));`)}
#else
  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);
#endif
  for (var k = 0u; k < k4s; k++) {
#if ${nk}
    let m = mat4x4<f32>(${unroll(4, (j) => `wLoad(w${j}, k)`, ', ')});
#else
    let m = mat4x4<f32>(${unroll(4, (j) => `wLoad(wStart(min(4u * k + ${j}u, p.K - 1u)), wc)`, ', ')});
#endif
#if ${o.shareX}
    ${unroll(R / 4, (h) => `let xl${h} = xLoad(x${h}, k);`, '\n    ')}
    ${unroll(R, (i) => add(i, `subgroupBroadcast(xl${i >> 2}, ${i & 3}u)`), '\n    ')}
#else
    ${unroll(R, (i) => add(i, `xLoad(x${i}, k)`), '\n    ')}
#endif
  }
#endif
  let n = ${nk ? 'n0 + tn' : 'n0 + 4u * tn'};
  let dn = ${nk ? 'TPN' : '1u'};
  ${unroll(R, (i) => `finish4(m0 + tm + ${i}u * TPM, n, dn, a${i});`)}
}
`;
  },
});

/** x (T, K) times W^T (K, N); `groups` is planned by the host from T and the tile. */
export type MatmulShape = Omit<ParamValues<typeof matmulContract.spec.params>, 'groups'>;
