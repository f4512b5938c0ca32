// Matmul Y = act(X W^T + bias) + residual for many rows (prefill): each thread accumulates a
// rows x 4 output block; GPUs stage X and W tiles in workgroup memory, CPUs read directly (block
// formats a block at a time, each word decoded once for all the rows: blockLoop). Its
// backward's two new programs: Y = A^T B over T rows (weight gradients) and column sums (bias
// gradients). Not the one-row decode kernel (src/kernels/gemv/, which shares the bindings,
// loaders and epilogue of shaders/linear.ts). Hosts: kernel.ts, backward.ts; reference:
// reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { linearBindings, linearIo, rowLoaders, type LinearIoOptions } from '../../../shaders/linear.js';
import { unroll } from '../../../shaders/unroll.js';
import { blockSlot, blockVec4s, wordRuns } from '../../../shaders/weights.js';
import { BLOCK_WORDS, isBlockDType, type BlockDType } from '../../quant/formats.js';
import { isKQuant } from '../../quant/kquants.js';
import { defineContract, type ParamValues } from '../contract.js';

/** The register tiling of both GEMM programs (the forward and A^T B); the host's GemmTuning. */
type TileOptions = {
  /** Stage slabs of both operands in workgroup memory (GPUs); else each thread reads its own (CPUs). */
  staged: boolean;
  /**
   * Output rows per thread, a multiple of 4 (4, 8 or 16 in the forward; each 4 is one vec4 of an A row
   * in A^T B): more rows amortise each load of the other operand over more products.
   */
  rows: number;
};

export type MatmulShaderOptions = LinearIoOptions & TileOptions & {
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
 * (rows TPM) x (4 TPN). TK4 = depth / 4 (GemmTuning.depth; staged only).
 */
export const matmulContract = defineContract({
  name: 'matmul',
  params: {
    T: 'u32', K: 'u32', N: 'u32', groups: ['u32', 'tiles along M, to split the linear workgroup index'],
    ldy: ['u32', "y's row stride: N, or wider when y is columns of a larger matrix (set by the host)"],
  },
  bindings: linearBindings,
  enables: (o: MatmulShaderOptions) => (o.shareX ? ['subgroups'] : []),
  body: (o: MatmulShaderOptions) => {
    const nk = o.layout === 'nk';
    const R = o.rows;
    // m's columns are W's stored rows: 'nk' this thread's output columns (acc += x * m), 'kn' the
    // four k of the step (acc += m * x).
    const add = (i: number, x: string) => (nk ? `a${i} += ${x} * m;` : `a${i} += m * ${x};`);
    // Unstaged: the K loop of the first \`rows\` rows of each lane. Their x rows' starts, then the
    // products of m with their rows of x's vec4 k, each lane loading its own or, shared, a quarter of them.
    // A workgroup with R / 2 or fewer rows of x left (a short prompt, a tile's remainder) runs the
    // loop of R / 2 instead of computing rows past T, where R / 2 is still whole vec4s of rows.
    const direct = (rows: number) => {
      const products = (k: string, gap: string) => (o.shareX
        ? `${unroll(rows / 4, (h) => `let xl${h} = xLoad(x${h}, ${k});`, gap)}${gap}${unroll(rows, (i) => add(i, `subgroupBroadcast(xl${i >> 2}, ${i & 3}u)`), gap)}`
        : unroll(rows, (i) => add(i, `xLoad(x${i}, ${k})`), gap));
      const starts = o.shareX
        ? unroll(rows / 4, (h) => `let x${h} = xStart(min(m0 + lane + ${4 * h}u, p.T - 1u));`, ' ')
        : unroll(rows, (i) => `let x${i} = xStart(min(m0 + tm + ${i}u * TPM, p.T - 1u));`, ' ');
      const m = nk
        ? unroll(4, (j) => `wLoad(w${j}, k)`, ', ')
        : unroll(4, (j) => `wLoad(wStart(min(4u * k + ${j}u, p.K - 1u)), wc)`, ', ');
      return `${starts}
    ${isBlockDType(o.weights) ? blockLoop(o.weights, products) : `for (var k = 0u; k < k4s; k++) {
      let m = mat4x4<f32>(${m});
      ${products('k', '\n      ')}
    }`}`;
    };
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
  ${nk ? unroll(4, (j) => `let w${j} = wStart(min(n0 + tn + ${j}u * TPN, p.N - 1u));`) : 'let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);'}
  ${R % 8 === 0 ? `if (m0 + ${R / 2}u * TPM >= p.T) { // uniform: rows ${R / 2} and up of every lane are past T
    ${direct(R / 2)}
  } else {
    ${direct(R)}
  }` : direct(R)}
#endif
  let n = ${nk ? 'n0 + tn' : 'n0 + 4u * tn'};
  let dn = ${nk ? 'TPN' : '1u'};
  ${unroll(R, (i) => `finish4(m0 + tm + ${i}u * TPM, n, dn, a${i});`)}
}
`;
  },
});

/**
 * WGSL: the unstaged K loop over the blocks (k-quants: 64-value chunks) of rows w0..w3 ('nk'), each
 * word of each row dequantized once for all R rows of x (\`products\`, with m and x's vec4 k).
 * Per block: the scales, once a row (k-quants: what the chunk's position decides, kc, once); per
 * word: its quants in place (weights.ts's InPlace), each run's made values by weights.ts's Unplace
 * and scaled, as Load does, so the values are Load's. Load a vec4 at a time decoded a whole word for one
 * of its runs and, for the k-quants, a chunk's position, scales and word indices at every vec4:
 * GPT-2-124M's 127-token prefill in Node on SwiftShader, against it (2026-12-05): q4_K 7.5 -> 41.5
 * tokens/s, q6_K 12.3 -> 34.3, q4_0 24 -> 38, q8_0 37.5 -> 39.5 (f32 33-35). The words in a loop,
 * not unrolled: unrolled, SwiftShader ran all four formats 35-40 % slower (q4_K 41.5 -> 24.8).
 */
function blockLoop(dtype: BlockDType, products: (k: string, gap: string) => string): string {
  const rows = (value: (j: number) => string) => `mat4x4<f32>(${unroll(4, value, ', ')})`;
  const kQuant = isKQuant(dtype);
  // Per format: the block's header (scales, and a k-quant chunk's kc and word indices) and run r's values of row j's word, q{j}.
  const scales = {
    q8_0: { header: (j: number) => `let s${j} = wScale(w${j}, b);`, value: (j: number) => `wUnplace(q${j}) * s${j}` },
    q4_0: { header: (j: number) => `let s${j} = wScale(w${j}, b);`, value: (j: number, r: number) => `wUnplace(q${j}, ${r}u) * s${j}` },
    // Each run's scale and min: (x, y) for the first, (z, w) for the second.
    q4_K: { header: (j: number) => `let sm${j} = wScaleMins(w${j}, b, kc);`, value: (j: number, r: number) => `wUnplace(q${j}, kc, ${r}u) * sm${j}.${'xz'[r]} - sm${j}.${'yw'[r]}` },
    q6_K: { header: (j: number) => `let sc${j} = wScales(w${j}, b, kc);`, value: (j: number, r: number) => `wUnplace(q${j}, kc, ${r}u) * sc${j}[${2 * r}u + i / 4u]` }, // run r's sub-blocks of 16 (words 0..3, 4..7): scales 2 r, 2 r + 1
  };
  const f = scales[dtype === 'q5_K' ? 'q4_K' : dtype];
  const words = kQuant ? 8 : BLOCK_WORDS[dtype] - 1;
  return `for (var b = 0u; b < p.K / ${4 * blockVec4s(dtype)}u; b++) {
    ${kQuant ? `let kc = wChunkOf(b);
    ${unroll(4, (j) => `let wq${j} = wWords(w${j}, b);`, ' ')}
    ` : ''}${unroll(4, f.header, ' ')}
    for (var i = 0u; i < ${words}u; i++) {
      ${unroll(4, (j) => `let q${j} = wInPlace(${kQuant ? `wq${j}, kc` : `w${j}, b`}, i);`, ' ')}
      ${Array.from({ length: wordRuns(dtype) }, (_, r) => `{
        let m = ${rows((j) => f.value(j, r))};
        let k = ${blockSlot(dtype, r * words, 'i')};
        ${products('k', '\n        ')}
      }`).join('\n      ')}
    }
  }`;
}

/** x (T, K) times W^T (K, N); `groups` is planned by the host from T and the tile. */
/** x (T, K) times W^T; ldy, y's row stride, defaults to N (see LinearDims). */
export type MatmulShape = Omit<ParamValues<typeof matmulContract.spec.params>, 'groups' | 'ldy'> & { ldy?: number };

export type MatmulTnShaderOptions = TileOptions & {
  /** Read a and b as vec4 arrays: needs M % 4 == 0 and N % 4 == 0. */
  vec4: boolean;
  /** y += a^T b instead of y = a^T b (tied weights, gradients summed over several passes). */
  accumulate: boolean;
  /**
   * Unstaged only, for a 4-lane workgroup along N (TPM = 1, TPN = 4) that is one subgroup with
   * lanes 0..3 (subgroups exactly 4 wide): rows t .. t + 3 of A are loaded a row per lane and
   * shared by subgroupBroadcast (on a CPU a load costs far more than a broadcast).
   */
  shareA: boolean;
};

/**
 * Y (M, N) = A^T B (+ Y) over T rows, A (T, M), B (T, N): the weight gradient (dW = dy^T x for
 * 'nk', x^T dy for 'kn'; backward.ts picks the operands). Each workgroup owns a tile of Y and
 * loops over all T rows itself, so every sum belongs to one thread (no atomics, no second pass).
 * Overrides: TPM x TPN threads; thread (tm, tn) owns rows 4 (tm + TPM h) + i (h < rows / 4,
 * i < 4) and columns 4 tn + j (j < 4), so a tile is (rows TPM) x (4 TPN). TT: rows of A and B
 * per staged slab.
 */
export const matmulTnContract = defineContract({
  name: 'matmul/tn',
  params: { T: 'u32', M: 'u32', N: 'u32', groups: ['u32', 'tiles along M, to split the linear workgroup index'] },
  bindings: [
    { name: 'a', shape: '(T, M)', type: (o: MatmulTnShaderOptions) => (o.vec4 ? 'vec4<f32>' : 'f32') },
    { name: 'b', shape: '(T, N)', type: (o: MatmulTnShaderOptions) => (o.vec4 ? 'vec4<f32>' : 'f32') },
    { name: 'y', shape: '(M, N)', write: true },
  ],
  enables: (o: MatmulTnShaderOptions) => (o.shareA ? ['subgroups'] : []),
  body: (o: MatmulTnShaderOptions) => {
    const H = o.rows / 4;
    // Row t's contribution: a's 4 values at rows 4 (tm + TPM h) + i times b's 4 columns.
    const fma = (av: (h: number) => string, indent: string) =>
      unroll(H, (h) => `let av${h} = ${av(h)};\n${indent}${unroll(4, (i) => `y${4 * h + i} += av${h}[${i}] * bv;`, ' ')}`, `\n${indent}`);
    return wgsl`
${rowLoaders('a', 'p.M', o.vec4)}
${rowLoaders('b', 'p.N', o.vec4)}

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = ${H}u * TPM; // tile rows / 4

#if ${o.staged}
// One slab of T rows: A's tile columns as (TT, TILE_M4) vec4, B's as (TT, TPN) vec4.
var<workgroup> aSlab: array<vec4<f32>, TT * TILE_M4>;
var<workgroup> bSlab: array<vec4<f32>, TT * TPN>;

// Loads rows t0 .. t0 + TT - 1. B's rows past T are zero, so A's (clamped) add nothing; columns
// past M and N are zero (never stored).
fn stage(tid: u32, m4: u32, n4: u32, t0: u32) {
  for (var i = tid; i < TT * TILE_M4; i += TPM * TPN) {
    aSlab[i] = aAt(min(t0 + i / TILE_M4, p.T - 1u), m4 + i % TILE_M4);
  }
  for (var i = tid; i < TT * TPN; i += TPM * TPN) {
    let t = t0 + i / TPN;
    bSlab[i] = select(vec4<f32>(0.0), bAt(min(t, p.T - 1u), n4 + i % TPN), t < p.T);
  }
}
#endif

fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {
#if ${o.accumulate}
      y[m * p.N + n + j] += v[j];
#else
      y[m * p.N + n + j] = v[j];
#endif
    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>${
  o.shareA ? ', @builtin(subgroup_invocation_id) lane: u32' : ''}) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  ${unroll(o.rows, (i) => `var y${i} = vec4<f32>(0.0);`)}
#if ${o.staged}
  for (var t0 = 0u; t0 < p.T; t0 += TT) {
    stage(tid, m4, n4, t0);
    workgroupBarrier();
    for (var t = 0u; t < TT; t++) {
      let bv = bSlab[t * TPN + tn];
      ${fma((h) => `aSlab[t * TILE_M4 + tm + ${h}u * TPM]`, '      ')}
    }
    workgroupBarrier();
  }
#else
  // Columns past M and N are clamped (never stored); every row t < T is real.
  let last4 = (p.M + 3u) / 4u - 1u;
  ${unroll(H, (h) => `let ac${h} = min(m4 + tm + ${h}u * TPM, last4);`)}
  let bc = min(n4 + tn, (p.N + 3u) / 4u - 1u);
#if ${o.shareA}
  // B's rows past T are zero, so the lanes' clamped A rows add nothing.
  for (var t = 0u; t < p.T; t += 4u) {
    let at = aStart(min(t + lane, p.T - 1u));
    ${unroll(H, (h) => `let al${h} = aLoad(at, ac${h});`, '\n    ')}
    ${unroll(4, (u) => `{
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + ${u}u, p.T - 1u)), bc), t + ${u}u < p.T);
      ${fma((h) => `subgroupBroadcast(al${h}, ${u}u)`, '      ')}
    }`, '\n    ')}
  }
#else
  for (var t = 0u; t < p.T; t++) {
    let bv = bLoad(bStart(t), bc);
    let at = aStart(t);
    ${fma((h) => `aLoad(at, ac${h})`, '    ')}
  }
#endif
#endif
  ${unroll(H, (h) => unroll(4, (i) => `finish4(4u * (m4 + tm + ${h}u * TPM) + ${i}u, 4u * (n4 + tn), y${4 * h + i});`), '\n  ')}
}
`;
  },
});

/** Y (M, N) = A^T B over T rows; `groups` is planned by the host from M and the tile. */
export type MatmulTnShape = Omit<ParamValues<typeof matmulTnContract.spec.params>, 'groups'>;

export type MatmulColsumShaderOptions = {
  /** db += the sums instead of db = the sums. */
  accumulate: boolean;
};

/**
 * db (N) = the column sums of dy (T, N) (the bias gradient). Overrides: COLS x SPLIT threads;
 * lane (c, s) = (tid % COLS, tid / COLS) sums rows s, s + SPLIT, ... of column COLS g + c (adjacent
 * lanes read adjacent floats), then the workgroup adds its SPLIT partials in workgroup memory:
 * each column belongs to one workgroup (no atomics). SPLIT is a power of two.
 */
export const matmulColsumContract = defineContract({
  name: 'matmul/colsum',
  params: { T: 'u32', N: 'u32' },
  bindings: [
    { name: 'dy', shape: '(T, N)' },
    { name: 'db', shape: '(N)', write: true },
  ],
  body: (o: MatmulColsumShaderOptions) => wgsl`
override COLS: u32 = 32u;
override SPLIT: u32 = 8u;

var<workgroup> partials: array<f32, COLS * SPLIT>;

@compute @workgroup_size(COLS * SPLIT)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wg.x + wg.y * nwg.x;
  if (g * COLS >= p.N) { return; } // uniform per workgroup
  let s = tid / COLS;
  let col = g * COLS + tid % COLS;
  let n = min(col, p.N - 1u); // lanes past N sum a copy, never stored
  var sum = 0.0;
  for (var t = s; t < p.T; t += SPLIT) { sum += dy[t * p.N + n]; }
  partials[tid] = sum;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (s < h) { partials[tid] += partials[tid + h * COLS]; }
    workgroupBarrier();
  }
  if (s == 0u && col < p.N) {
#if ${o.accumulate}
    db[col] += partials[tid];
#else
    db[col] = partials[tid];
#endif
  }
}
`,
});

/** db (N) = the column sums of dy (T, N). */
export type MatmulColsumShape = ParamValues<typeof matmulColsumContract.spec.params>;
