// Matmul Y = act(X W^T + bias) + residual for many rows (prefill): each thread accumulates a
// rows x 4 output block; GPUs stage X and W tiles in workgroup memory, CPUs read directly.
// Not the one-row decode kernel (shaders/gemv.ts, which shares matmulIo). Reference:
// src/reference/matmul.ts; tests: tests/kernels/cases/matmul.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { activationFns } from './activations.js';

export type Activation = 'none' | 'gelu' | 'silu';

export interface MatmulIoOptions {
  layout: 'nk' | 'kn';
  bias: boolean;
  activation: Activation;
  residual: boolean;
  /** Read x and w as vec4 arrays: needs K % 4 == 0, and N % 4 == 0 for 'kn'. */
  vec4: boolean;
}

/**
 * Bindings, loaders and the fused epilogue shared by the matmul and gemv kernels. Binding order:
 * params, x, w, bias?, residual?, y (what src/kernels/matmul.ts passes to bindKernel).
 *   xStart(row), xLoad(start, c4): x[row, 4c4 .. 4c4+3]; the start is hoisted out of k loops.
 *     vec4: c4 must be < K/4 (no check); scalar: zero past K.
 *   xAt(row, c4): the same for any c4, zero past K. row must be < T.
 *   wStart, wLoad, wAt: likewise for w's stored rows (n for 'nk', k for 'kn'), zero past the row.
 *   finish4(row, n0, dn, v): y[row, n0 + j*dn] = act(v[j] + bias) + residual for j < 4, in bounds.
 */
export function matmulIo(o: MatmulIoOptions): string {
  // Every template value is evaluated, #if'd out or not, so the numbers are counted here.
  const biasAt = 3;
  const residualAt = 3 + +o.bias;
  const yAt = residualAt + +o.residual;
  const wRow = o.layout === 'nk' ? 'p.K' : 'p.N';
  return wgsl`
// groups: workgroups along one axis of the output, to split the linear workgroup index.
struct Params { T: u32, K: u32, N: u32, groups: u32 }

@group(0) @binding(0) var<uniform> p: Params;
#if ${o.vec4}
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K/4)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K/4) 'nk' or (K, N/4) 'kn'
#else
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K) 'nk' or (K, N) 'kn'
#endif
#if ${o.bias}
@group(0) @binding(${biasAt}) var<storage, read> bias: array<f32>; // (N)
#endif
#if ${o.residual}
@group(0) @binding(${residualAt}) var<storage, read> residual: array<f32>; // (T, N)
#endif
@group(0) @binding(${yAt}) var<storage, read_write> y: array<f32>; // (T, N)

${vecLoad('x', 'x', 'p.K', o.vec4)}
${vecLoad('w', 'w', wRow, o.vec4)}

${activationFns()}

fn activate(v: f32) -> f32 {
#if ${o.activation === 'gelu'}
  return gelu(v);
#elif ${o.activation === 'silu'}
  return silu(v);
#else
  return v;
#endif
}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];
#if ${o.bias}
      s += bias[n];
#endif
      s = activate(s);
#if ${o.residual}
      s += residual[row * p.N + n];
#endif
      y[row * p.N + n] = s;
    }
  }
}
`;
}

/** n copies of line(j) for j = 0 .. n-1, joined: WGSL has no unroll, and constant indices keep
 * accumulators in registers (SwiftShader's JIT spills arrays indexed by a loop variable). */
export function unroll(n: number, line: (j: number) => string, separator = '\n  '): string {
  return Array.from({ length: n }, (_, j) => line(j)).join(separator);
}

/** Loaders of 4 consecutive elements of a row-major matrix `array` with rows of `len` floats. */
function vecLoad(name: string, array: string, len: string, vec4: boolean): string {
  if (vec4) {
    return `fn ${name}Start(row: u32) -> u32 { return row * (${len} / 4u); }
fn ${name}Load(start: u32, c4: u32) -> vec4<f32> { return ${array}[start + c4]; }
fn ${name}At(row: u32, c4: u32) -> vec4<f32> {
  let n4 = ${len} / 4u;
  return select(vec4<f32>(0.0), ${name}Load(${name}Start(row), min(c4, n4 - 1u)), c4 < n4);
}`;
  }
  const element = (j: number) => `select(0.0, ${array}[start + min(c + ${j}u, ${len} - 1u)], c + ${j}u < ${len})`;
  return `fn ${name}Start(row: u32) -> u32 { return row * ${len}; }
fn ${name}Load(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(${unroll(4, element, ', ')});
}
fn ${name}At(row: u32, c4: u32) -> vec4<f32> { return ${name}Load(${name}Start(row), c4); }`;
}

export interface MatmulShaderOptions extends MatmulIoOptions {
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
}

/**
 * Overrides: TPM x TPN threads per workgroup; thread (tm, tn) owns rows tm + TPM*i (i < rows)
 * and columns tn + TPN*j ('nk') or 4*tn + j ('kn') (j < 4), so a tile is (rows TPM) x (4 TPN).
 * TK4 = tileK / 4 (staged only).
 */
export function matmulShader(o: MatmulShaderOptions): string {
  const nk = o.layout === 'nk';
  const R = o.rows;
  // m's columns are W's stored rows: 'nk' this thread's output columns (acc += x * m), 'kn' the
  // four k of the step (acc += m * x).
  const add = (i: number, x: string) => (nk ? `a${i} += ${x} * m;` : `a${i} += m * ${x};`);
  return wgsl`
#if ${o.shareX}
enable subgroups;
#endif
${matmulIo(o)}

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
}
