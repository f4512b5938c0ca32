// Matmul against reference.ts: both layouts, every epilogue flag, awkward T/K/N (vec4 and scalar
// pipelines), the GPU tiling forced on any adapter, and random shapes; then the backward (dx, dw
// with and without accumulate, db) on shapes that are not tile multiples, in both tuning tables.
// Gemv (../gemv/cases.ts) reuses linearCase and randomLinearShapes.

import { compare, Refusals, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { gradedWeights, mulberry32, randomArray } from '../../../tests/support/random.js';
import type { Gpu } from '../../gpu/device.js';
import type { ProfileName } from '../../gpu/profile.js';
import type { WeightDType } from '../../quant/formats.js';
import { toFloat32, toStored } from '../../quant/stored.js';
import type { LinearVariant } from '../linear.js';
import { MatmulBiasGrad, MatmulWeightGrad } from './backward.js';
import { Matmul, MatmulInputGrad } from './kernel.js';
import { matmul, matmulBackward } from './reference.js';

export interface LinearShape {
  T: number;
  K: number;
  N: number;
  layout: 'nk' | 'kn';
  bias?: boolean;
  activation?: 'none' | 'gelu' | 'silu';
  residual?: boolean;
  /** Magnitude of x (w, bias and residual are in [-1, 1]). */
  scale?: number;
  profile?: ProfileName;
  subgroups?: boolean;
  /** w's storage format (default f32): the reference then multiplies by w as dequantized on the CPU. */
  weights?: WeightDType;
  /** 'nk' only: w from gradedWeights (sub-blocks of many scales and means), times this magnitude. */
  graded?: number;
  /**
   * y and residual are columns first .. first + N - 1 of (T, ldy) matrices (a slice of a weight
   * split across bindings), bound from their first column: the other columns must stay untouched.
   */
  columns?: { first: number; ldy: number };
  /**
   * The K and N (and T, else the bound shape's) the kernel is planned for, where not the bound
   * shape's (a scalar program bound on a vec4 shape, a GEMV grid program on another grid's shape);
   * 'none': created with no plan.
   */
  plan?: { T?: number; K: number; N: number } | 'none';
}

// Each output sums K products of magnitude <= scale in float32. The rounding error of such a sum
// is at most about eps * sum_k |partial sum_k| ~ 6e-8 * K^1.5 * scale / 5 in the worst case and
// ~6e-8 * K * scale / 4 typically; 1e-6 * K * scale covers the worst case up to K ~ 300 and stays
// far below a missing or doubled term (~scale / 4). rtol 1e-5 covers the f32 exp in GELU and SiLU.
// NMSE: a random-walk error over a sum of size sqrt(K/9) gives ~3e-15 K; a missing term gives ~1/K.
function tolerance(s: LinearShape): Tolerance {
  return { atol: 1e-6 * s.K * (s.scale ?? 1) + 1e-6, rtol: 1e-5, nmse: 1e-10 };
}

function nameOf(s: LinearShape): string {
  const flags = [
    s.layout,
    s.bias ? 'bias' : '',
    s.activation && s.activation !== 'none' ? s.activation : '',
    s.residual ? 'residual' : '',
    s.scale ? `scale=${s.scale}` : '',
    s.graded === undefined ? '' : `graded weights x ${s.graded}`,
    s.profile ? `profile=${s.profile}` : '',
    s.subgroups === undefined ? '' : `subgroups=${+s.subgroups}`,
    s.weights ? `weights=${s.weights}` : '',
    s.columns ? `columns ${s.columns.first}.. of ${s.columns.ldy}` : '',
    s.plan === 'none' ? 'unplanned' : s.plan ? `planned ${s.plan.K}x${s.plan.N}` : '',
  ];
  return `${s.T}x${s.K}x${s.N} ${flags.filter(Boolean).join(' ')}`;
}

/** What linearCase runs: Matmul or Gemv, which bind alike. */
export type LinearKernel = Pick<Matmul, 'bind'>;

/** The shape a case's kernel is created for: its own, its `plan`'s K and N, or none. */
export function plannedFor(s: LinearShape): { T: number; K: number; N: number } | undefined {
  return s.plan === 'none' ? undefined : { T: s.T, ...(s.plan ?? { K: s.K, N: s.N }) };
}

/** A case of `kernel` (its name in the report), whose `create` builds the kernel for a variant and the shape it plans for. */
export function linearCase(kernel: string, create: (gpu: Gpu, v: LinearVariant, planned?: { T: number; K: number; N: number }) => Promise<LinearKernel>, s: LinearShape): KernelCase {
  return {
    kernel,
    name: nameOf(s),
    requires: s.subgroups ? 'subgroups' : undefined,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const seed = (s.T * 7919 + s.K) * 104729 + s.N;
      const x = randomArray(s.T * s.K, seed, s.scale ?? 1);
      const data = s.graded === undefined ? randomArray(s.K * s.N, seed + 1) : gradedWeights(s.N, s.K, seed + 1, s.graded);
      const stored = toStored({ shape: s.layout === 'nk' ? [s.N, s.K] : [s.K, s.N], data, layout: s.layout }, s.weights ?? 'f32');
      const w = toFloat32(stored).data;
      const bias = s.bias ? randomArray(s.N, seed + 2) : undefined;
      const { first, ldy } = s.columns ?? { first: 0, ldy: s.N };
      const residualWide = s.residual ? randomArray(s.T * ldy, seed + 3) : undefined;
      const residual = residualWide && Float32Array.from({ length: s.T * s.N }, (_, i) => residualWide[Math.floor(i / s.N) * ldy + first + (i % s.N)]!);
      const variant = { layout: s.layout, bias: s.bias, activation: s.activation, residual: s.residual, subgroups: s.subgroups, profile: s.profile, weights: s.weights };
      const k = await create(gpu, variant, plannedFor(s));
      const OUTSIDE = 1234.5; // the columns outside the slice, which must keep it
      const y = scratch.upload(new Float32Array(s.T * ldy).fill(OUTSIDE), 'y');
      const at = (buffer: GPUBuffer) => (s.columns ? { buffer, offset: 4 * first, size: buffer.size - 4 * first } : buffer);
      const bound = k.bind({
        x: scratch.upload(x, 'x'),
        w: scratch.upload(stored.data, 'w'),
        bias: bias && scratch.upload(bias, 'bias'),
        residual: residualWide && at(scratch.upload(residualWide, 'residual')),
        y: at(y),
      }, { T: s.T, K: s.K, N: s.N, ldy: s.columns?.ldy });
      const rec = gpu.recorder();
      bound.record(rec);
      rec.submit();
      const slice = matmul(x, w, { T: s.T, K: s.K, N: s.N, layout: s.layout, bias, activation: s.activation, residual });
      const want = new Float32Array(s.T * ldy).fill(OUTSIDE);
      for (let t = 0; t < s.T; t++) want.set(slice.subarray(t * s.N, (t + 1) * s.N), t * ldy + first);
      return compare(await scratch.read(y, s.T * ldy), want, tolerance(s));
    }),
  };
}

/** count random shapes with T <= maxT, K and N <= 300, random layout and epilogue. */
export function randomLinearShapes(count: number, salt: number, maxT: number): LinearShape[] {
  const rnd = mulberry32(testSeed() ^ salt);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  return Array.from({ length: count }, () => ({
    T: 1 + Math.floor(rnd() * maxT),
    K: 1 + Math.floor(rnd() * 300),
    N: 1 + Math.floor(rnd() * 300),
    layout: pick<'nk' | 'kn'>(['nk', 'kn']),
    bias: rnd() < 0.5,
    activation: pick<'none' | 'gelu' | 'silu'>(['none', 'gelu', 'silu']),
    residual: rnd() < 0.5,
  }));
}

// Subgroups as the adapter offers them (the software profile then shares X rows by broadcast).
const fixed: LinearShape[] = [
  { T: 1, K: 1, N: 1, layout: 'nk' },
  { T: 3, K: 3, N: 3, layout: 'kn' },
  { T: 17, K: 17, N: 17, layout: 'nk', bias: true, activation: 'gelu' },
  { T: 64, K: 64, N: 64, layout: 'nk' },
  { T: 64, K: 64, N: 64, layout: 'kn', bias: true },
  { T: 65, K: 63, N: 65, layout: 'kn', bias: true, activation: 'silu', residual: true },
  { T: 64, K: 257, N: 63, layout: 'nk', residual: true },
  { T: 17, K: 65, N: 257, layout: 'kn', bias: true, activation: 'gelu', residual: true },
  { T: 65, K: 256, N: 68, layout: 'kn', bias: true, activation: 'silu' },
  { T: 3, K: 128, N: 257, layout: 'nk', activation: 'silu', residual: true },
  { T: 5, K: 65, N: 3, layout: 'nk', activation: 'gelu', scale: 8 },
  // The software tiles' last workgroup with exactly half its rows left (16 rows a tile: 24; q4_0's 8: 12), run by half the loop.
  { T: 24, K: 36, N: 21, layout: 'nk', bias: true, residual: true },
  { T: 24, K: 20, N: 36, layout: 'kn', activation: 'gelu' },
  { T: 12, K: 64, N: 20, layout: 'nk', residual: true, weights: 'q4_0' },
  // And one row more than half (25 = 16 + 9; 13 = 8 + 5): the whole loop.
  { T: 25, K: 36, N: 21, layout: 'nk', residual: true },
  { T: 13, K: 256, N: 20, layout: 'nk', bias: true, weights: 'q4_K' },
];

// Subgroups forced off: X rows loaded by every lane.
const noSubgroups: LinearShape[] = [
  { T: 17, K: 17, N: 17, layout: 'nk', bias: true, activation: 'gelu', subgroups: false },
  { T: 65, K: 63, N: 65, layout: 'kn', bias: true, activation: 'silu', residual: true, subgroups: false },
  { T: 64, K: 256, N: 65, layout: 'nk', residual: true, subgroups: false },
  { T: 9, K: 64, N: 36, layout: 'kn', bias: true, subgroups: false },
  // The block loop with each lane loading its own x rows.
  { T: 13, K: 96, N: 21, layout: 'nk', weights: 'q8_0', subgroups: false },
  { T: 9, K: 256, N: 19, layout: 'nk', residual: true, weights: 'q6_K', graded: 0.0005, subgroups: false },
];

// The GPU profile's staged 64x64 tiles: several tiles in M and N, K past one 16-deep slab, edges,
// vec4 and scalar. One variant per layout, because SwiftShader compiles each staged pipeline for
// seconds (its time grows with workgroup memory).
const gpuTiling: LinearShape[] = [
  { T: 70, K: 132, N: 130, layout: 'nk', bias: true, activation: 'gelu', residual: true, profile: 'gpu' },
  { T: 3, K: 17, N: 3, layout: 'nk', bias: true, activation: 'gelu', residual: true, profile: 'gpu' },
  { T: 65, K: 63, N: 65, layout: 'kn', bias: true, activation: 'silu', residual: true, profile: 'gpu' },
  { T: 17, K: 36, N: 136, layout: 'kn', bias: true, activation: 'silu', residual: true, profile: 'gpu' },
];

// Each weight format (dequantized exactly as the CPU does, so the f32 tolerance holds): T > 1,
// N off the tiles, K = 32 * odd for the block formats (k-quants: 3 super-blocks); f16 and bf16
// through the scalar loads and 'kn' too.
const formats: LinearShape[] = [
  { T: 9, K: 768, N: 37, layout: 'nk', residual: true, weights: 'q6_K' },
  { T: 5, K: 768, N: 21, layout: 'nk', bias: true, weights: 'q5_K', profile: 'gpu' },
  { T: 3, K: 512, N: 19, layout: 'nk', weights: 'q5_K' },
  // Sub-blocks of many scales and means, small enough that d and dmin are f16 subnormals.
  { T: 3, K: 512, N: 19, layout: 'nk', weights: 'q4_K', graded: 0.002 },
  { T: 3, K: 512, N: 19, layout: 'nk', weights: 'q5_K', graded: 0.002, profile: 'gpu' },
  { T: 3, K: 512, N: 19, layout: 'nk', weights: 'q6_K', graded: 0.0005 },
  { T: 9, K: 768, N: 37, layout: 'nk', bias: true, weights: 'q4_K' },
  { T: 17, K: 96, N: 67, layout: 'nk', bias: true, residual: true, weights: 'q8_0' },
  { T: 9, K: 160, N: 33, layout: 'nk', activation: 'gelu', weights: 'q4_0', profile: 'gpu' },
  { T: 9, K: 160, N: 33, layout: 'nk', bias: true, weights: 'q4_0', graded: 0.002 },
  { T: 5, K: 65, N: 63, layout: 'nk', weights: 'f16' },
  { T: 17, K: 36, N: 136, layout: 'kn', bias: true, weights: 'bf16', profile: 'gpu' },
  { T: 3, K: 63, N: 65, layout: 'kn', weights: 'f16' },
  { T: 9, K: 96, N: 37, layout: 'nk', bias: true, weights: 'f16' }, // vec4 loads
  { T: 5, K: 64, N: 36, layout: 'kn', residual: true, weights: 'f16' },
  // No epilogue, as Llama's q/k/v, gate, up and head bind it, under the GPU profile's tiles
  // (f16 both ways: the common GPU prefill), bf16 'nk', and one row with K and N a tile's edge less.
  { T: 9, K: 96, N: 37, layout: 'nk', weights: 'f16', profile: 'gpu' },
  { T: 17, K: 36, N: 63, layout: 'kn', weights: 'f16', profile: 'gpu' },
  { T: 9, K: 768, N: 37, layout: 'nk', weights: 'q4_K', profile: 'gpu' },
  { T: 5, K: 768, N: 21, layout: 'nk', weights: 'q6_K', profile: 'gpu' },
  { T: 17, K: 96, N: 67, layout: 'nk', weights: 'q8_0', profile: 'gpu' },
  { T: 5, K: 65, N: 63, layout: 'nk', weights: 'bf16' },
  { T: 1, K: 15, N: 63, layout: 'nk', profile: 'gpu' },
];

// A slice of a weight split across bindings: its columns of wider y and residual matrices, bound
// from the slice's first column (a multiple of 64: storage bindings start on 256 bytes).
const columns: LinearShape[] = [
  { T: 17, K: 65, N: 70, layout: 'nk', bias: true, residual: true, columns: { first: 64, ldy: 200 } },
  { T: 9, K: 64, N: 64, layout: 'nk', activation: 'gelu', weights: 'q8_0', columns: { first: 128, ldy: 300 }, profile: 'gpu' },
];

// A kernel planned for K and N off the vec4 rule compiles only its scalar program, which then
// binds shapes on the rule too ('kn': N decides as well as K); one created with no plan has both.
const plans: LinearShape[] = [
  { T: 5, K: 64, N: 36, layout: 'kn', bias: true, plan: { K: 64, N: 37 } },
  { T: 18, K: 40, N: 9, layout: 'nk', residual: true, plan: { K: 41, N: 9 } },
  { T: 7, K: 33, N: 20, layout: 'kn', activation: 'silu', plan: 'none' },
  { T: 6, K: 32, N: 24, layout: 'nk', bias: true, plan: 'none' },
];

// Catalog gaps: programs of the shader catalog (`programs` in kernel.ts) that no other case
// compiled, all bf16 or f16. Software (16-row tiles; shared X rows, and not on the suites' device
// without subgroups): bf16 'kn' in both load widths and 'nk' vec4. The GPU profile's staged tiles
// (unpack): bf16 'kn' scalar, f16 'kn' vec4, f16 'nk' scalar, bf16 'nk' in both widths.
const catalogGaps: LinearShape[] = [
  { T: 5, K: 63, N: 34, layout: 'kn', bias: true, weights: 'bf16' },
  { T: 5, K: 64, N: 36, layout: 'kn', weights: 'bf16' },
  { T: 9, K: 96, N: 37, layout: 'nk', weights: 'bf16' },
  { T: 3, K: 63, N: 65, layout: 'kn', weights: 'bf16', profile: 'gpu' },
  { T: 5, K: 64, N: 36, layout: 'kn', residual: true, weights: 'f16', profile: 'gpu' },
  { T: 5, K: 65, N: 63, layout: 'nk', weights: 'f16', profile: 'gpu' },
  { T: 9, K: 96, N: 37, layout: 'nk', bias: true, weights: 'bf16', profile: 'gpu' },
  { T: 9, K: 66, N: 37, layout: 'nk', weights: 'bf16', profile: 'gpu' },
];

const forwardCases = [
  ...fixed,
  ...columns,
  ...noSubgroups,
  ...gpuTiling,
  ...formats,
  ...plans,
  ...catalogGaps,
  ...randomLinearShapes(3, 0x3a7e, 80),
].map((s) => linearCase('matmul', (gpu, v, planned) => Matmul.create(gpu, v, planned), s));

/**
 * Kernels planned for a shape on the vec4 rule compile only vec4 loads, and refuse a shape off it
 * by name; planned off it, only scalar loads, which then bind every shape; a plan must have K and N.
 */
const plannedWidthsCase: KernelCase = {
  kernel: 'matmul',
  name: 'planned for one load width: vec4 refuses a shape off the vec4 rule, scalar binds every shape',
  run: (gpu) => withScratch(gpu, async (scratch) => {
    const refusals = new Refusals();
    const expectRefusal = (bind: () => unknown) => refusals.expect(bind, 'compiled for vec4 loads only', RangeError);
    const planned = { T: 2, K: 8, N: 12 };
    const [x, w, y] = [scratch.empty(64, 'x'), scratch.empty(128, 'w'), scratch.empty(64, 'y')];
    const forward = await Matmul.create(gpu, { layout: 'kn' }, planned);
    forward.bind({ x, w, y }, { T: 3, K: 4, N: 8 }).destroy(); // T, K and N may change on the rule
    await expectRefusal(() => forward.bind({ x, w, y }, { T: 2, K: 8, N: 9 })); // 'kn': N too
    const inputGrad = await MatmulInputGrad.create(gpu, { layout: 'nk' }, planned);
    await expectRefusal(() => inputGrad.bind({ dy: x, w, dx: y }, { T: 2, K: 7, N: 12 }));
    const weightGrad = await MatmulWeightGrad.create(gpu, { layout: 'nk' }, planned);
    await expectRefusal(() => weightGrad.bind({ x, dy: w, dw: y }, { T: 2, K: 8, N: 5 }));
    await refusals.expect(() => Matmul.create(gpu, { layout: 'nk' }, { T: 1, K: 0, N: 4 }), 'K must be a positive integer', RangeError);
    await refusals.expect(() => MatmulWeightGrad.create(gpu, { layout: 'nk' }, { T: 1, K: 4, N: 2.5 }), 'N must be a positive integer', RangeError);
    const result = refusals.result();
    // Planned off the rule ('kn': N), a shape on it binds the scalar program: the vec4 one was never compiled.
    const scalarKey = (await Matmul.create(gpu, { layout: 'kn' }, { T: 2, K: 8, N: 13 })).keyFor({ T: 2, K: 8, N: 12 });
    return scalarKey.includes('/vec4=0/') ? result : { ...result, pass: false, detail: `${result.detail}; planned 8x13, 8x12 bound ${scalarKey}` };
  }),
};

interface BackwardShape {
  T: number;
  K: number;
  N: number;
  layout: 'nk' | 'kn';
  profile: ProfileName;
  /** dx: add a residual (T, K); dw and db: add to random gradients already there. */
  extra: boolean;
}

type Gradient = 'dx' | 'dw' | 'db';

// Each output sums products (or values, for db) of magnitude <= 1 in float32 over `terms`: N for
// dx, T for dw and db. As for the forward (tolerance above, with K -> terms), 1e-6 per term covers
// the typical rounding at any length and the worst case up to ~300 terms, and stays far below a
// missing or doubled term (~1/4); accumulate and the residual add one rounding of a value <= 1
// (6e-8), inside the 1e-6 floor.
function backwardTolerance(terms: number): Tolerance {
  return { atol: 1e-6 * terms + 1e-6, rtol: 1e-5, nmse: 1e-10 };
}

/** One gradient of y = x W^T + bias, computed on the GPU and by matmulBackward. */
function backwardCase(grad: Gradient, s: BackwardShape): KernelCase {
  const { T, K, N, layout, profile, extra } = s;
  const flag = extra ? (grad === 'dx' ? ' residual' : ' accumulate') : '';
  const dims = grad === 'db' ? `${T}x${N}` : `${T}x${K}x${N} ${layout}`;
  return {
    kernel: 'matmul',
    name: `backward ${grad} ${dims}${flag} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const seed = ((T * 7919 + K) * 104729 + N) ^ 0x5bd1;
      const x = randomArray(T * K, seed);
      const w = randomArray(K * N, seed + 1);
      const dy = randomArray(T * N, seed + 2);
      const want = matmulBackward(x, w, dy, { T, K, N, layout, bias: true })[grad]!;
      // What is already there: a residual for dx, earlier gradients in dw and db (else NaN).
      const before = extra ? randomArray(want.length, seed + 3) : undefined;
      const out = before && grad !== 'dx' ? scratch.upload(before, grad) : scratch.empty(want.length, grad);
      const [xb, wb, dyb] = [scratch.upload(x, 'x'), scratch.upload(w, 'w'), scratch.upload(dy, 'dy')];
      const shape = { T, K, N };
      const rec = gpu.recorder();
      if (grad === 'dx') {
        const k = await MatmulInputGrad.create(gpu, { layout, residual: extra, profile }, shape);
        k.bind({ dy: dyb, w: wb, residual: before && scratch.upload(before, 'residual'), dx: out }, shape).record(rec);
      } else if (grad === 'dw') {
        const k = await MatmulWeightGrad.create(gpu, { layout, accumulate: extra, profile }, shape);
        k.bind({ x: xb, dy: dyb, dw: out }, shape).record(rec);
      } else {
        const k = await MatmulBiasGrad.create(gpu, { accumulate: extra, profile });
        k.bind({ dy: dyb, db: out }, shape).record(rec);
      }
      rec.submit();
      const expected = before ? want.map((g, i) => g + before[i]) : want;
      return compare(await scratch.read(out, want.length), expected, backwardTolerance(grad === 'dx' ? N : T));
    }),
  };
}

// 1x1x1 and 3x5x7 sit inside one tile; 17x33x65 and 65x63x129 cross tile edges on every axis
// (and a 16-row slab in T); 68x64x132 takes the vec4 loads everywhere; K or N of 770 give long
// sums and many tiles. dw and db alternate accumulate; one dx per profile adds a residual.
const backwardDims: Array<[number, number, number]> = [
  [1, 1, 1],
  [3, 5, 7],
  [17, 33, 65],
  [65, 63, 129],
  [68, 64, 132],
  [9, 770, 65],
  [33, 64, 770],
];

const backwardCases = (['software', 'gpu'] as const).flatMap((profile) =>
  backwardDims.flatMap(([T, K, N], i) => {
    const shape = (layout: 'nk' | 'kn', extra: boolean): BackwardShape => ({ T, K, N, layout, profile, extra });
    return [
      ...(['nk', 'kn'] as const).flatMap((layout, l) => [
        backwardCase('dx', shape(layout, i === 2 && l === 0)),
        backwardCase('dw', shape(layout, (i + l) % 2 === 1)),
      ]),
      backwardCase('db', shape('nk', i % 2 === 1)),
    ];
  }),
);

export const cases: KernelCase[] = [...forwardCases, plannedWidthsCase, ...backwardCases];
