// Gemv against ../matmul/reference.ts: both layouts and epilogues on awkward K/N, one and a few
// rows, the subgroup and the workgroup-memory reduction, the GPU profile's 256-lane layout. The
// case builder, tolerances and random shapes are matmul's (../matmul/cases.ts). The fusions (norm
// prologue, gated pair) against reference.ts, with the epilogues the models bind.

import { halfDecode } from '../../../shaders/weights.js';
import { compare, joined, Refusals, withScratch, type CaseResult, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { gradedWeights, randomArray } from '../../../tests/support/random.js';
import type { StorageData } from '../../gpu/buffers.js';
import { f16Value, isF16Subnormal } from '../../quant/half.js';
import { toFloat32, toStored } from '../../quant/stored.js';
import { linearCase, plannedFor, randomLinearShapes, type LinearShape } from '../matmul/cases.js';
import type { ProfileName } from '../../gpu/profile.js';
import { ropeFrequencyTurns, ropeInverseFrequencies } from '../../model/rope-frequencies.js';
import type { WeightDType } from '../../quant/formats.js';
import { splitQkv } from '../kvcache/reference.js';
import { Gemv, type GemvNorm, type QkvCacheRope } from './kernel.js';
import { fusedGemv } from './reference.js';

// 'nk' rows are shared by `split` lanes (planned from K, and doubled while the grid has under 256
// workgroups, so every small-N shape below shares a row across the workgroup) on GPUs: each shape runs with subgroupAdd
// (used where split is the whole workgroup, on adapters with subgroups) and with the
// workgroup-memory tree. SwiftShader's lanes take whole rows (solo programs: no reduction). 'kn'
// never uses subgroups.
const nk: LinearShape[] = [
  { T: 1, K: 1, N: 1, layout: 'nk' },
  { T: 1, K: 17, N: 17, layout: 'nk', bias: true, activation: 'gelu' },
  { T: 1, K: 65, N: 63, layout: 'nk', bias: true, residual: true },
  { T: 1, K: 256, N: 257, layout: 'nk', activation: 'gelu' },
  { T: 3, K: 64, N: 257, layout: 'nk', bias: true, activation: 'silu' },
  { T: 1, K: 770, N: 65, layout: 'nk', residual: true, profile: 'gpu' },
  { T: 2, K: 256, N: 3, layout: 'nk', residual: true, profile: 'gpu' },
  // Rows shared by every lane (split = threads) on GPUs: K past 64 vec4 per lane; a lane's on SwiftShader.
  { T: 1, K: 2052, N: 9, layout: 'nk', bias: true, profile: 'gpu' },
  { T: 2, K: 2060, N: 5, layout: 'nk', activation: 'silu' },
  { T: 1, K: 1030, N: 7, layout: 'nk' },
  // Grids of more than SwiftShader's 8 workgroups (the test suites' 2 host threads), which stride
  // over the rest, 32 rows a workgroup (16 gated): 70 of them at K 64, 10 at K 2060 (19 gated).
  { T: 2, K: 64, N: 1100, layout: 'nk', bias: true, residual: true },
  { T: 1, K: 2060, N: 300, layout: 'nk', activation: 'gelu' },
  // Grids the GPU profile fills without sharing a row across the workgroup: K 260 splits 64 lanes
  // a row (4 row groups a workgroup) for N 4100's 257 workgroups, q8_0 at K 2080 128 (2 groups).
  { T: 1, K: 260, N: 4100, layout: 'nk', bias: true, profile: 'gpu' },
  { T: 1, K: 2080, N: 2100, layout: 'nk', residual: true, weights: 'q8_0', profile: 'gpu' },
];

const kn: LinearShape[] = [
  { T: 1, K: 3, N: 3, layout: 'kn' },
  { T: 1, K: 63, N: 65, layout: 'kn', activation: 'silu', residual: true },
  { T: 1, K: 257, N: 257, layout: 'kn', bias: true },
  { T: 1, K: 256, N: 260, layout: 'kn', activation: 'silu', residual: true },
  { T: 3, K: 65, N: 17, layout: 'kn', bias: true, activation: 'gelu' },
  { T: 2, K: 257, N: 130, layout: 'kn', bias: true, residual: true, profile: 'gpu' },
  { T: 1, K: 64, N: 36, layout: 'kn', bias: true, residual: true, profile: 'gpu' },
  { T: 1, K: 65, N: 1100, layout: 'kn', residual: true }, // 18 output groups of 64 columns on SwiftShader, the last one partial
];

// Each weight format, checked against the reference on the CPU-dequantized weights: block formats
// at K = 32 * odd (several blocks per lane and a partial turn), the k-quants over 1 and 3
// super-blocks, f16/bf16 with vec4 and scalar loads.
const formats: LinearShape[] = [
  { T: 1, K: 768, N: 37, layout: 'nk', residual: true, weights: 'q5_K' },
  { T: 2, K: 256, N: 19, layout: 'nk', bias: true, activation: 'silu', weights: 'q5_K', profile: 'gpu' },
  { T: 1, K: 768, N: 67, layout: 'nk', bias: true, residual: true, weights: 'q6_K' },
  { T: 2, K: 256, N: 33, layout: 'nk', activation: 'gelu', weights: 'q6_K', profile: 'gpu' },
  { T: 1, K: 768, N: 67, layout: 'nk', bias: true, residual: true, weights: 'q4_K' },
  { T: 2, K: 256, N: 33, layout: 'nk', activation: 'silu', weights: 'q4_K', profile: 'gpu' },
  { T: 1, K: 96, N: 67, layout: 'nk', bias: true, residual: true, weights: 'q8_0' },
  { T: 2, K: 160, N: 33, layout: 'nk', activation: 'gelu', weights: 'q4_0', profile: 'gpu' },
  { T: 1, K: 224, N: 5, layout: 'nk', weights: 'q4_0' },
  { T: 1, K: 2080, N: 9, layout: 'nk', residual: true, weights: 'q8_0' }, // 65 blocks over 4 lanes where x is not shared (SwiftShader in Node)
  { T: 1, K: 2304, N: 9, layout: 'nk', bias: true, weights: 'q6_K' }, // 36 chunks: one lane's where x is shared (SwiftShader in Chromium), else 4
  { T: 1, K: 65, N: 63, layout: 'nk', weights: 'f16' },
  { T: 2, K: 256, N: 37, layout: 'nk', bias: true, weights: 'f16' }, // vec4 loads; SwiftShader: 8 rows a lane
  { T: 1, K: 64, N: 68, layout: 'kn', activation: 'gelu', weights: 'f16' },
  { T: 3, K: 96, N: 17, layout: 'nk', bias: true, weights: 'bf16' },
  { T: 1, K: 64, N: 36, layout: 'kn', residual: true, weights: 'f16', profile: 'gpu' },
  { T: 1, K: 63, N: 65, layout: 'kn', weights: 'bf16' },
];

// A slice of a weight split across bindings (see ../matmul/cases.ts): a head's rows written as
// columns of the logits, one and a few rows.
const columns: LinearShape[] = [
  { T: 1, K: 64, N: 130, layout: 'nk', columns: { first: 192, ldy: 400 } },
  { T: 3, K: 96, N: 67, layout: 'nk', bias: true, residual: true, weights: 'q4_0', columns: { first: 64, ldy: 200 } },
  { T: 2, K: 36, N: 65, layout: 'nk', activation: 'silu', residual: true, columns: { first: 64, ldy: 129 }, profile: 'gpu' },
];

// Planned off the vec4 rule, bound on it: the scalar program, the only one compiled
// (../matmul/cases.ts); planned for a grid past SwiftShader's cap (16384 outputs), bound on a
// small one: the strided program, the only one compiled there, runs it; and with no plan.
const plans: LinearShape[] = [
  { T: 1, K: 68, N: 40, layout: 'kn', bias: true, plan: { K: 68, N: 41 } },
  { T: 2, K: 96, N: 70, layout: 'nk', activation: 'gelu', plan: { K: 97, N: 70 } },
  { T: 1, K: 64, N: 9, layout: 'nk', residual: true, plan: { K: 64, N: 16384 } },
  { T: 2, K: 30, N: 11, layout: 'nk', bias: true, plan: 'none' },
];

const random = randomLinearShapes(3, 0x6e7b, 4).map((s) => ({ ...s, subgroups: false }));

// Catalog gaps: programs of the shader catalog (`programs` in kernel.ts) that no other case
// compiled. On SwiftShader (software profile, 2 host threads: 8 workgroups) 'nk' f32 takes 32 rows
// a workgroup (2 quads a lane), gated and q4_0 16, 'kn' 64 columns: T * groups > 8 plans the
// strided grid, one row of x with 16 or more groups the staged one (norm prologues). K % 4 != 0
// (and 'kn' N % 4 != 0) picks the scalar loads. Cases with no profile also run under the suites'
// device without subgroups (shareX=0 for q4_0), so each such shape covers both.
const catalogGapsLinear: LinearShape[] = [
  // 16-bit weights with no fusion: 'kn' f16 scalar and bf16 vec4, 'nk' bf16 scalar (software);
  // the GPU profile's (unpack) bf16 in both layouts and both load widths, and its 'nk' f16 scalar.
  { T: 1, K: 66, N: 34, layout: 'kn', weights: 'f16' },
  { T: 2, K: 64, N: 36, layout: 'kn', bias: true, weights: 'bf16' },
  { T: 1, K: 66, N: 37, layout: 'nk', weights: 'bf16' },
  { T: 1, K: 63, N: 65, layout: 'kn', weights: 'bf16', profile: 'gpu' },
  { T: 1, K: 64, N: 36, layout: 'kn', bias: true, weights: 'bf16', profile: 'gpu' },
  { T: 2, K: 66, N: 37, layout: 'nk', residual: true, weights: 'bf16', profile: 'gpu' },
  { T: 2, K: 64, N: 37, layout: 'nk', weights: 'bf16', profile: 'gpu' },
  { T: 1, K: 65, N: 33, layout: 'nk', weights: 'f16', profile: 'gpu' },
];
const catalogGapsFused: FusedShape[] = [
  // Software, RMSNorm f32: the direct vec4 program, the strided and staged scalar ones.
  { T: 1, K: 64, N: 65, layout: 'nk', norm: 'rms' },
  { T: 3, K: 66, N: 100, layout: 'nk', norm: 'rms', grid: 'strided' },
  { T: 1, K: 66, N: 500, layout: 'nk', norm: 'rms', grid: 'staged' },
  // Software, RMSNorm q4_0 strided (shared x, and per-lane x without subgroups).
  { T: 2, K: 64, N: 80, layout: 'nk', norm: 'rms', weights: 'q4_0', grid: 'strided' },
  // Software, LayerNorm f32: 'nk' strided both widths and staged scalar; 'kn' strided both widths and staged vec4.
  { T: 2, K: 66, N: 150, layout: 'nk', norm: 'layer', bias: true, grid: 'strided' },
  { T: 3, K: 64, N: 100, layout: 'nk', norm: 'layer', bias: true, activation: 'gelu', grid: 'strided' },
  { T: 1, K: 66, N: 520, layout: 'nk', norm: 'layer', bias: true, activation: 'gelu', grid: 'staged' },
  { T: 3, K: 67, N: 200, layout: 'kn', norm: 'layer', bias: true, activation: 'gelu', grid: 'strided' },
  { T: 3, K: 64, N: 196, layout: 'kn', norm: 'layer', bias: true, grid: 'strided' },
  { T: 1, K: 64, N: 1028, layout: 'kn', norm: 'layer', bias: true, activation: 'gelu', grid: 'staged' },
  // Software, LayerNorm q4_0 on the direct grid (shared x, and without subgroups).
  { T: 1, K: 96, N: 67, layout: 'nk', norm: 'layer', bias: true, activation: 'gelu', weights: 'q4_0' },
  // Software, gated with no norm: direct vec4, strided both widths.
  { T: 1, K: 64, N: 17, layout: 'nk', gated: true },
  { T: 2, K: 67, N: 70, layout: 'nk', gated: true, grid: 'strided' },
  { T: 3, K: 64, N: 40, layout: 'nk', gated: true, grid: 'strided' },
  // Software, gated with RMSNorm: f32 direct and strided scalar, staged both widths; q4_0 direct, strided and staged.
  { T: 1, K: 66, N: 17, layout: 'nk', norm: 'rms', gated: true },
  { T: 2, K: 66, N: 70, layout: 'nk', norm: 'rms', gated: true, grid: 'strided' },
  { T: 1, K: 66, N: 260, layout: 'nk', norm: 'rms', gated: true, grid: 'staged' },
  { T: 1, K: 64, N: 260, layout: 'nk', norm: 'rms', gated: true, grid: 'staged' },
  { T: 1, K: 64, N: 35, layout: 'nk', norm: 'rms', gated: true, weights: 'q4_0' },
  { T: 3, K: 64, N: 40, layout: 'nk', norm: 'rms', gated: true, weights: 'q4_0', grid: 'strided' },
  { T: 1, K: 64, N: 260, layout: 'nk', norm: 'rms', gated: true, weights: 'q4_0', grid: 'staged' },
  // The GPU profile (256 lanes, with and without subgroups): LayerNorm f32 vec4 and q4_0, RMSNorm
  // f32 scalar, gated with no norm (both widths) and with RMSNorm scalar.
  { T: 1, K: 260, N: 65, layout: 'nk', norm: 'layer', bias: true, activation: 'gelu', profile: 'gpu' },
  { T: 1, K: 96, N: 37, layout: 'nk', norm: 'layer', bias: true, activation: 'gelu', weights: 'q4_0', profile: 'gpu' },
  { T: 1, K: 67, N: 65, layout: 'nk', norm: 'rms', profile: 'gpu' },
  { T: 1, K: 66, N: 17, layout: 'nk', gated: true, profile: 'gpu' },
  { T: 1, K: 64, N: 19, layout: 'nk', gated: true, profile: 'gpu' },
  { T: 1, K: 66, N: 17, layout: 'nk', norm: 'rms', gated: true, profile: 'gpu' },
];
// The qkv projection into the cache (N = (NH + 2 NKV) HS), software only unless listed.
const catalogGapsQkv: QkvShape[] = [
  // GPT-2's ('kn' f32, LayerNorm, bias) with vec4 loads: direct under both profiles, strided
  // (T 3, 3 groups) and staged (N 1008: 16 groups) with either load width.
  { T: 1, K: 64, NH: 3, NKV: 3, HS: 8, pos0: 2, maxS: 4, layout: 'kn', rope: 'none', norm: 'layer', bias: true, profiles: ['software', 'gpu'] },
  { T: 3, K: 67, NH: 2, NKV: 2, HS: 24, pos0: 1, maxS: 5, layout: 'kn', rope: 'none', norm: 'layer', bias: true, grid: 'strided' },
  { T: 3, K: 64, NH: 2, NKV: 2, HS: 24, pos0: 4, maxS: 8, layout: 'kn', rope: 'none', norm: 'layer', bias: true, grid: 'strided' },
  { T: 1, K: 67, NH: 4, NKV: 4, HS: 84, pos0: 3, maxS: 5, layout: 'kn', rope: 'none', norm: 'layer', bias: true, grid: 'staged' },
  { T: 1, K: 64, NH: 4, NKV: 4, HS: 84, pos0: 0, maxS: 2, layout: 'kn', rope: 'none', norm: 'layer', bias: true, grid: 'staged' },
  // GPT-2's in q4_0 ('nk'): direct (4 groups) and staged (N 256: 16 groups), shared x and not.
  { T: 1, K: 64, NH: 2, NKV: 1, HS: 16, pos0: 5, maxS: 6, layout: 'nk', rope: 'none', norm: 'layer', bias: true, weights: 'q4_0' },
  { T: 1, K: 64, NH: 4, NKV: 2, HS: 32, pos0: 2, maxS: 4, layout: 'nk', rope: 'none', norm: 'layer', bias: true, weights: 'q4_0', grid: 'staged' },
  // llama2.c's (RMSNorm, interleaved RoPE, GQA): strided with either load width, staged scalar.
  { T: 3, K: 70, NH: 4, NKV: 2, HS: 12, pos0: 4, maxS: 9, layout: 'nk', rope: 'interleaved', norm: 'rms', rotaryDim: 8, grid: 'strided' },
  { T: 2, K: 64, NH: 4, NKV: 2, HS: 20, pos0: 7, maxS: 10, layout: 'nk', rope: 'interleaved', norm: 'rms', grid: 'strided' },
  { T: 1, K: 70, NH: 8, NKV: 4, HS: 32, pos0: 11, maxS: 12, layout: 'nk', rope: 'interleaved', norm: 'rms', grid: 'staged' },
];

const linearCases: KernelCase[] = [
  ...nk.flatMap((s) => [{ ...s, subgroups: true }, { ...s, subgroups: false }]),
  ...kn.map((s) => ({ ...s, subgroups: false })),
  ...formats,
  ...columns.map((s) => ({ ...s, subgroups: false })),
  ...plans,
  ...random,
  ...catalogGapsLinear,
].map((s) => linearCase('gemv', (gpu, v, planned) => Gemv.create(gpu, v, planned), s));

interface FusedShape extends LinearShape {
  norm?: GemvNorm;
  gated?: boolean;
  /** Multiplies the weights (default 1): 0.002 makes the k-quants' f16 d and dmin subnormal, as real checkpoints often have them. */
  weightScale?: number;
  /** x's spread and mean (default 2 and 0.5, off-centre so LayerNorm's mean matters): see normInputs. */
  xScale?: number;
  xMean?: number;
  /** The program the software profile must run for this case (a host of 2 threads, as the suites make): checked, so a planner change cannot leave it untested. */
  grid?: 'staged' | 'strided';
}

// Shapes and flags as the models bind them: RMSNorm before Llama's qkv and head, and before its
// gated gate/up pair; LayerNorm (bias, GELU) before GPT-2's, in both layouts and in the formats
// GPT-2 loads at (16-bit kept 'kn', block formats converted to 'nk'). K off the vec4 and
// the block widths, and long enough that every lane of a workgroup shares a row on GPUs (split =
// threads: subgroupAdd, twice for the gated pair, where the adapter has subgroups; each run both
// ways), a lane's on SwiftShader.
const fused: FusedShape[] = [
  { T: 1, K: 67, N: 65, layout: 'nk', norm: 'rms' },
  { T: 2, K: 64, N: 257, layout: 'nk', norm: 'rms', profile: 'gpu' },
  { T: 1, K: 96, N: 67, layout: 'nk', norm: 'rms', weights: 'q8_0' },
  { T: 1, K: 2080, N: 9, layout: 'nk', norm: 'rms', weights: 'q4_0' },
  { T: 1, K: 65, N: 63, layout: 'nk', norm: 'layer', bias: true, residual: true },
  { T: 1, K: 258, N: 65, layout: 'nk', norm: 'layer', bias: true, activation: 'gelu', profile: 'gpu' },
  { T: 1, K: 258, N: 4100, layout: 'nk', norm: 'layer', bias: true, activation: 'gelu', profile: 'gpu' }, // 4 row groups a workgroup
  { T: 3, K: 63, N: 65, layout: 'kn', norm: 'layer', bias: true, activation: 'gelu' },
  { T: 1, K: 256, N: 260, layout: 'kn', norm: 'layer', bias: true, residual: true },
  { T: 1, K: 64, N: 36, layout: 'kn', norm: 'layer', bias: true, activation: 'gelu', profile: 'gpu' },
  { T: 1, K: 68, N: 36, layout: 'kn', norm: 'layer', bias: true, weights: 'f16' },
  { T: 2, K: 96, N: 67, layout: 'nk', norm: 'layer', bias: true, activation: 'gelu', weights: 'q4_0' },
  { T: 1, K: 256, N: 19, layout: 'nk', norm: 'layer', bias: true, residual: true, weights: 'q6_K' },
  { T: 1, K: 67, N: 17, layout: 'nk', gated: true },
  { T: 1, K: 64, N: 67, layout: 'nk', norm: 'rms', gated: true },
  { T: 1, K: 96, N: 35, layout: 'nk', norm: 'rms', gated: true, weights: 'q8_0' },
  { T: 2, K: 160, N: 33, layout: 'nk', norm: 'rms', gated: true, weights: 'q4_0', profile: 'gpu' },
  { T: 1, K: 96, N: 17, layout: 'nk', norm: 'rms', gated: true, weights: 'f16' },
  { T: 1, K: 512, N: 35, layout: 'nk', norm: 'rms', gated: true, weights: 'q4_K' },
  { T: 1, K: 512, N: 19, layout: 'nk', norm: 'rms', gated: true, weights: 'q6_K', profile: 'gpu' },
  { T: 1, K: 256, N: 21, layout: 'nk', norm: 'rms', gated: true, weights: 'q5_K' },
];
// RMSNorm and no gate, as Llama's qkv and head bind it, in every weight format under both profiles
// (K = 512: whole super-blocks; N = 600 off every tile); the k-quants again with weights x 0.002,
// whose f16 scales d and dmin are subnormal (a decoder flushing them to zero would zero the row),
// and with graded weights (sub-blocks of many scales and means: every 6-bit scale and min read).
const rmsFormats: FusedShape[] = (['f16', 'bf16', 'q8_0', 'q4_0', 'q4_K', 'q5_K', 'q6_K'] as const).flatMap((weights) =>
  (['software', 'gpu'] as const).flatMap((profile): FusedShape[] => [
    { T: 1, K: 512, N: 600, layout: 'nk', norm: 'rms', weights, profile },
    ...(weights.endsWith('_K') ? [
      { T: 1, K: 512, N: 600, layout: 'nk' as const, norm: 'rms' as const, weights, profile, weightScale: 0.002 },
      { T: 1, K: 512, N: 67, layout: 'nk' as const, norm: 'rms' as const, weights, profile, graded: 1 },
    ] : []),
  ]));
const sharedRows: FusedShape[] = [
  { T: 2, K: 2060, N: 5, layout: 'nk', norm: 'layer', bias: true },
  { T: 1, K: 2052, N: 9, layout: 'nk', norm: 'rms', profile: 'gpu' },
  { T: 2, K: 2060, N: 5, layout: 'nk', norm: 'rms', gated: true },
  { T: 1, K: 2052, N: 9, layout: 'nk', norm: 'rms', gated: true, profile: 'gpu' },
  { T: 1, K: 2060, N: 300, layout: 'nk', norm: 'rms', gated: true, grid: 'strided' }, // 19 workgroups' worth: SwiftShader's 8 stride
];
// Several rows of x over a strided grid (39 workgroups' worth on SwiftShader): each row's statistics, not the first's.
const stridedRows: FusedShape[] = [{ T: 3, K: 64, N: 400, layout: 'nk', norm: 'rms', grid: 'strided' }];
// One row of x and 2 or more output groups a workgroup (8200 outputs over SwiftShader's 8): the
// staged programs, whose lanes each normalise x once into private memory sized to the planned K;
// both layouts, gated, block formats under either norm.
// The norm's statistics where they are hard, as norm/cases.ts tests them: |x| <= 3e-3, whose mean
// square (~3e-6) is under eps = 1e-5, so a prologue that drops eps or reads another one is far off;
// and rows of mean 100 and spread 1, whose variance a one-pass E[x^2] - mean^2 would lose. Both
// layouts and profiles, gated, and the staged program.
const normInputs: FusedShape[] = [
  { T: 2, K: 65, N: 37, layout: 'nk', norm: 'rms', xScale: 3e-3, xMean: 0 },
  { T: 1, K: 67, N: 33, layout: 'kn', norm: 'layer', bias: true, xScale: 3e-3, xMean: 0, profile: 'gpu' },
  { T: 1, K: 64, N: 33, layout: 'nk', norm: 'rms', gated: true, xScale: 3e-3, xMean: 0, profile: 'gpu' },
  { T: 1, K: 96, N: 35, layout: 'nk', norm: 'rms', xScale: 3e-3, xMean: 0, weights: 'q8_0' },
  { T: 2, K: 258, N: 37, layout: 'nk', norm: 'layer', bias: true, xScale: 1, xMean: 100 },
  { T: 1, K: 258, N: 37, layout: 'kn', norm: 'layer', bias: true, xScale: 1, xMean: 100, profile: 'gpu' },
  { T: 1, K: 64, N: 8200, layout: 'nk', norm: 'layer', bias: true, xScale: 1, xMean: 100, grid: 'staged' },
  { T: 1, K: 4099, N: 33, layout: 'nk', norm: 'layer', xScale: 1, xMean: 1e4 },
];
const stagedX: FusedShape[] = [
  { T: 1, K: 64, N: 8200, layout: 'nk', norm: 'layer', bias: true, activation: 'gelu', grid: 'staged' },
  // Planned staged, bound on shapes that plan another grid: staged runs them (each row of x staged in turn).
  { T: 1, K: 60, N: 24, layout: 'nk', norm: 'rms', plan: { K: 64, N: 8200 }, grid: 'staged' },
  { T: 3, K: 64, N: 40, layout: 'nk', norm: 'layer', bias: true, plan: { T: 1, K: 64, N: 8200 }, grid: 'staged' },
  { T: 1, K: 96, N: 8200, layout: 'nk', norm: 'rms', gated: true, weights: 'q8_0', grid: 'staged' },
  { T: 1, K: 96, N: 8200, layout: 'nk', norm: 'layer', bias: true, activation: 'gelu', weights: 'q4_0', grid: 'staged' },
  { T: 1, K: 258, N: 8200, layout: 'kn', norm: 'layer', bias: true, residual: true, grid: 'staged' },
];

/** A failed result unless the program of `key` is `grid`'s. */
function wrongProgram(key: string, grid: 'staged' | 'strided'): CaseResult | undefined {
  const ran = /\/staged=[1-9]/.test(key) ? 'staged' : /\/strided=1\//.test(key) ? 'strided' : 'direct';
  return ran === grid ? undefined : { maxAbs: NaN, nmse: NaN, pass: false, detail: `ran the ${ran} program, not the ${grid} one this case is for (${key})` };
}

// x is normalised to unit mean square, times gamma in [0.5, 1.5] (+ beta in [-1, 1]): inputs of
// magnitude <= ~3, so matmul's bound with scale 4 (1e-6 * K * scale); the norm's statistics add a
// relative error of ~sqrt(K) * 6e-8 to every output, inside rtol 1e-5 and that atol. The gated
// product multiplies each error by the other factor, <= ~sqrt(K) in size.
// Rows of mean 100: each normalised x carries ~2e-5 of absolute error (norm/cases.ts's OFFSET_TOL),
// which a dot product sums over K, and the NMSE bound of those norm cases. Rows of mean 1e4: the
// float32 mean alone is off by up to half an ULP of 1e4 (5e-4), a shift every normalised x shares
// (NMSE 9e-9 seen; summed as they came, before the prologue's shift, outputs were up to 0.13 off).
function fusedTolerance(s: FusedShape): Tolerance {
  const atol = 4e-6 * s.K + 1e-6 + (s.xMean && s.xMean > 1 ? 2e-5 * s.K : 0);
  const nmse = !s.xMean || s.xMean <= 1 ? 1e-10 : s.xMean <= 100 ? 1e-9 : 1e-7;
  return { atol: s.gated ? atol * (1 + Math.sqrt(s.K)) : atol, rtol: 1e-5, nmse };
}

function fusedCase(s: FusedShape): KernelCase {
  const norm = s.norm ?? 'none';
  const flags = [s.layout, norm !== 'none' ? `norm=${norm}` : '', s.gated ? 'gated=swiglu' : '', s.bias ? 'bias' : '',
    s.activation ?? '', s.residual ? 'residual' : '', s.weights ? `weights=${s.weights}` : '', s.profile ? `profile=${s.profile}` : '',
    s.subgroups === undefined ? '' : `subgroups=${+s.subgroups}`, s.weightScale ? `weights x ${s.weightScale}` : '', s.graded === undefined ? '' : `graded weights x ${s.graded}`,
    s.plan && s.plan !== 'none' ? `planned ${s.plan.T ? `${s.plan.T}x` : ''}${s.plan.K}x${s.plan.N}` : '', s.xScale === undefined ? '' : `x ${s.xMean} ± ${s.xScale}`];
  return {
    kernel: 'gemv',
    name: `fused ${s.T}x${s.K}x${s.N} ${flags.filter(Boolean).join(' ')}`,
    requires: s.subgroups ? 'subgroups' : undefined,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const { T, K, N } = s;
      const seed = ((T * 7919 + K) * 104729 + N) ^ 0x0f5e;
      const x = randomArray(T * K, seed, s.xScale ?? 2).map((v) => v + (s.xMean ?? 0.5)); // off-centre: LayerNorm's mean matters
      const weight = (salt: number) => {
        const data = s.graded === undefined ? randomArray(K * N, seed + salt).map((v) => v * (s.weightScale ?? 1)) : gradedWeights(N, K, seed + salt, s.graded);
        const stored = toStored({ shape: s.layout === 'nk' ? [N, K] : [K, N], data, layout: s.layout }, s.weights ?? 'f32');
        return { stored: stored.data, w: toFloat32(stored).data };
      };
      const w = weight(1);
      const w2 = s.gated ? weight(2) : undefined;
      const gamma = norm !== 'none' ? randomArray(K, seed + 3).map((v) => 1 + 0.5 * v) : undefined;
      const beta = norm === 'layer' ? randomArray(K, seed + 4) : undefined;
      const bias = s.bias ? randomArray(N, seed + 5) : undefined;
      const residual = s.residual ? randomArray(T * N, seed + 6) : undefined;
      const eps = 1e-5;
      const planned = plannedFor(s);
      const k = await Gemv.create(gpu, {
        layout: s.layout, bias: s.bias, activation: s.activation, residual: s.residual, weights: s.weights,
        norm, gated: s.gated ? 'swiglu' : undefined, profile: s.profile, subgroups: s.subgroups,
      }, planned && { ...planned, eps });
      const wrongGrid = s.grid && (s.profile ?? gpu.profile) === 'software' && wrongProgram(k.keyFor({ T, K, N, eps }), s.grid);
      if (wrongGrid) return wrongGrid;
      const y = scratch.empty(T * N, 'y');
      const upload = (a: StorageData | undefined, name: string) => a && scratch.upload(a, name);
      const bound = k.bind({
        x: scratch.upload(x, 'x'), w: upload(w.stored, 'w')!, w2: upload(w2?.stored, 'w2'), gamma: upload(gamma, 'gamma'),
        beta: upload(beta, 'beta'), bias: upload(bias, 'bias'), residual: upload(residual, 'residual'), y,
      }, { T, K, N, eps });
      const rec = gpu.recorder();
      bound.record(rec);
      rec.submit();
      const want = fusedGemv(x, w.w, { T, K, N, layout: s.layout, bias, activation: s.activation, residual, norm, gamma, beta, eps, w2: w2?.w });
      return compare(await scratch.read(y, T * N), want, fusedTolerance(s));
    }),
  };
}

// The qkv projection written into q and the KV cache (qkvCache), against fusedGemv's row split
// by ../kvcache/reference.ts: GPT-2's (LayerNorm, bias, no RoPE) in its layouts and formats, and
// llama2.c's (RMSNorm, interleaved RoPE) with GQA, a partial rotary width (a quad half turned),
// several rows, large positions, block weights; both profiles. The caches start with sentinel
// values, so a write to the wrong row or head shows.
interface QkvShape {
  T: number; K: number; NH: number; NKV: number; HS: number; pos0: number; maxS: number;
  layout: 'nk' | 'kn'; rope: QkvCacheRope; norm: GemvNorm; bias?: boolean; rotaryDim?: number; weights?: WeightDType;
  /** The program the software profile must run (FusedShape's grid). */
  grid?: 'staged' | 'strided';
  /** The tuning tables it runs under (default both). */
  profiles?: readonly ProfileName[];
}
const qkvShapes: QkvShape[] = [
  { T: 1, K: 67, NH: 3, NKV: 3, HS: 8, pos0: 5, maxS: 9, layout: 'kn', rope: 'none', norm: 'layer', bias: true },
  { T: 1, K: 64, NH: 3, NKV: 3, HS: 12, pos0: 0, maxS: 2, layout: 'kn', rope: 'none', norm: 'layer', bias: true, weights: 'f16' },
  { T: 2, K: 96, NH: 2, NKV: 2, HS: 16, pos0: 7, maxS: 12, layout: 'nk', rope: 'none', norm: 'layer', bias: true, weights: 'q4_0' },
  { T: 1, K: 70, NH: 4, NKV: 2, HS: 12, pos0: 3, maxS: 8, layout: 'nk', rope: 'interleaved', norm: 'rms', rotaryDim: 6 },
  // A rotary width on the lanes' 4-column steps (NeoX's 16 of 64, Phi-2's 32 of 80): with 6 of 12 a
  // bound of <= in place of < turned nothing more, so the mistake went unseen.
  { T: 1, K: 70, NH: 4, NKV: 2, HS: 16, pos0: 3, maxS: 8, layout: 'nk', rope: 'interleaved', norm: 'rms', rotaryDim: 8 },
  { T: 3, K: 64, NH: 2, NKV: 1, HS: 16, pos0: 600, maxS: 610, layout: 'nk', rope: 'interleaved', norm: 'rms' },
  { T: 1, K: 128, NH: 4, NKV: 4, HS: 8, pos0: 40, maxS: 41, layout: 'nk', rope: 'interleaved', norm: 'rms', weights: 'q8_0' },
  { T: 1, K: 256, NH: 2, NKV: 1, HS: 32, pos0: 9, maxS: 16, layout: 'nk', rope: 'interleaved', norm: 'rms', bias: true, weights: 'q4_K' },
  // GPT-2-124M's and a Llama's head counts (N = 2304): on SwiftShader the staged program, as their decode runs it.
  { T: 1, K: 256, NH: 12, NKV: 12, HS: 64, pos0: 20, maxS: 24, layout: 'nk', rope: 'interleaved', norm: 'rms', grid: 'staged' },
  { T: 1, K: 256, NH: 12, NKV: 12, HS: 64, pos0: 3, maxS: 8, layout: 'kn', rope: 'none', norm: 'layer', bias: true, weights: 'f16', grid: 'staged' },
];

function qkvCacheCase(s: QkvShape, profile: ProfileName): KernelCase {
  const N = (s.NH + 2 * s.NKV) * s.HS;
  const flags = [s.layout, `norm=${s.norm}`, s.bias ? 'bias' : '', `rope=${s.rope}`, s.rotaryDim ? `rot=${s.rotaryDim}` : '', s.weights ? `weights=${s.weights}` : ''];
  return {
    kernel: 'gemv',
    name: `qkv into the cache T=${s.T} K=${s.K} NH=${s.NH} NKV=${s.NKV} HS=${s.HS} pos0=${s.pos0} ${flags.filter(Boolean).join(' ')} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const { T, K } = s;
      const seed = ((T * 7919 + K) * 104729 + N) ^ 0x9c4e;
      const x = randomArray(T * K, seed, 2).map((v) => v + 0.5);
      const data = randomArray(K * N, seed + 1);
      const stored = toStored({ shape: s.layout === 'nk' ? [N, K] : [K, N], data, layout: s.layout }, s.weights ?? 'f32');
      const gamma = randomArray(K, seed + 3).map((v) => 1 + 0.5 * v);
      const beta = s.norm === 'layer' ? randomArray(K, seed + 4) : undefined;
      const bias = s.bias ? randomArray(N, seed + 5) : undefined;
      const cacheLen = s.maxS * s.NKV * s.HS;
      const kInit = randomArray(cacheLen, seed + 7, 0.5);
      const vInit = randomArray(cacheLen, seed + 8, 0.5);
      const rotaryDim = s.rotaryDim ?? s.HS;
      const invFreq = ropeInverseFrequencies({ ropeTheta: 10000, rotaryDim, ropeScaling: undefined });
      const eps = 1e-5;
      const qkv = { NH: s.NH, NKV: s.NKV, HS: s.HS, pos0: s.pos0, maxS: s.maxS, rotaryDim: s.rotaryDim };
      const k = await Gemv.create(gpu, { layout: s.layout, bias: s.bias, weights: s.weights, norm: s.norm, qkvCache: s.rope, profile }, { T, K, N, eps, qkv });
      const wrongGrid = s.grid && profile === 'software' && wrongProgram(k.keyFor({ T, K, N, eps, qkv }), s.grid);
      if (wrongGrid) return wrongGrid;
      const upload = (a: StorageData | undefined, name: string) => a && scratch.upload(a, name);
      const bufs = {
        x: scratch.upload(x, 'x'), w: scratch.upload(stored.data, 'w'), gamma: scratch.upload(gamma, 'gamma'), beta: upload(beta, 'beta'),
        bias: upload(bias, 'bias'), y: scratch.empty(T * s.NH * s.HS, 'q'), kCache: scratch.upload(kInit, 'k'), vCache: scratch.upload(vInit, 'v'),
        freqs: s.rope === 'interleaved' ? scratch.upload(ropeFrequencyTurns(invFreq), 'freqs') : undefined,
      };
      const rec = gpu.recorder();
      k.bind(bufs, { T, K, N, eps, qkv }).record(rec);
      rec.submit();
      const row = fusedGemv(x, toFloat32(stored).data, { T, K, N, layout: s.layout, bias, norm: s.norm, gamma, beta, eps });
      const [kWant, vWant] = [Float32Array.from(kInit), Float32Array.from(vInit)];
      const rope = s.rope === 'interleaved' ? { theta: 10000, layout: 'interleaved' as const, rotaryDim: s.rotaryDim } : undefined;
      const qWant = splitQkv(row, kWant, vWant, { T, NH: s.NH, NKV: s.NKV, HS: s.HS, pos0: s.pos0, maxS: s.maxS, rope });
      const got = [await scratch.read(bufs.y, qWant.length), await scratch.read(bufs.kCache, cacheLen), await scratch.read(bufs.vCache, cacheLen)];
      // fusedTolerance's for each output; a turn mixes two of them (|cos| + |sin| <= sqrt 2) and
      // adds kvcache's angle error, ~3e-7 of the value per unit of position.
      const largest = row.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const tol: Tolerance = { atol: 2 * (4e-6 * K + 1e-6) + (2e-6 + 3e-7 * (s.pos0 + T)) * largest, rtol: 1e-5, nmse: 1e-10 };
      return compare(joined(got), joined([qWant, kWant, vWant]), tol);
    }),
  };
}

const fusedCases: KernelCase[] = [
  ...fused,
  ...rmsFormats,
  ...sharedRows.flatMap((s) => [{ ...s, subgroups: true }, { ...s, subgroups: false }]),
  ...stridedRows,
  ...normInputs,
  ...stagedX,
  ...catalogGapsFused,
].map(fusedCase);

const qkvCacheCases: KernelCase[] = [...qkvShapes, ...catalogGapsQkv.map((s) => ({ profiles: ['software'] as const, ...s }))].flatMap((s) =>
  (s.profiles ?? (['software', 'gpu'] as const)).map((profile) => qkvCacheCase(s, profile)));

/** Block formats refuse 'kn' at create and K % 32 != 0 at bind, naming the rule. */
const rejectsCase: KernelCase = {
  kernel: 'gemv',
  name: 'block weights reject a kn layout, K % 32 != 0 and a short w',
  run: (gpu) => withScratch(gpu, async (scratch) => {
    const refusals = new Refusals();
    const expectError = (call: () => unknown, mention: string) => refusals.expect(call, mention, RangeError);
    await expectError(() => Gemv.create(gpu, { layout: 'kn', weights: 'q8_0' }), "stored 'nk' only");
    const q4 = await Gemv.create(gpu, { layout: 'nk', weights: 'q4_0' });
    const buffers = (words: number) => ({ x: scratch.empty(64, 'x'), w: scratch.upload(new Uint32Array(words), 'w'), y: scratch.empty(4, 'y') });
    q4.bind(buffers(2 * 2 * 5), { T: 1, K: 64, N: 2 }).destroy(); // 2 rows of 2 blocks: fits
    await expectError(() => q4.bind(buffers(100), { T: 1, K: 48, N: 2 }), 'K % 32 == 0');
    await expectError(() => q4.bind(buffers(2 * 2 * 5 - 1), { T: 1, K: 64, N: 2 }), 'q4_0 (N, K) = (2, 64)');
    return refusals.result();
  }),
};

/** The fusions refuse a gated 'kn' or epilogue, and a norm bound without eps or gamma, naming the rule. */
const fusionRejectsCase: KernelCase = {
  kernel: 'gemv',
  name: 'fusions reject a gated kn or bias, a norm without eps or gamma, and a qkv shape that does not fit the cache',
  run: (gpu) => withScratch(gpu, async (scratch) => {
    const refusals = new Refusals();
    const expectError = (call: () => unknown, type: typeof Error, mention: string) => refusals.expect(call, mention, type);
    await expectError(() => Gemv.create(gpu, { layout: 'kn', gated: 'swiglu' }), RangeError, "a gated variant is 'nk'");
    await expectError(() => Gemv.create(gpu, { layout: 'nk', gated: 'swiglu', bias: true }), RangeError, "a gated variant is 'nk'");
    const planned = { T: 1, K: 64, N: 8200, eps: 1e-5 };
    const rms = await Gemv.create(gpu, { layout: 'nk', norm: 'rms' }, planned);
    // Where that shape stages x (SwiftShader: one row, many outputs a workgroup; the host's threads
    // set the cap), the staged program is the only one compiled.
    const stages = rms.keyFor(planned).includes('/staged=16/');
    const buffers = { x: scratch.empty(8, 'x'), w: scratch.empty(16, 'w'), y: scratch.empty(2, 'y') };
    rms.bind({ ...buffers, gamma: scratch.empty(8, 'gamma') }, { T: 1, K: 8, N: 2, eps: 1e-5 }).destroy(); // fits
    await expectError(() => rms.bind({ ...buffers, gamma: scratch.empty(8, 'gamma') }, { T: 1, K: 8, N: 2 }), RangeError, 'needs eps');
    await expectError(() => rms.bind(buffers, { T: 1, K: 8, N: 2, eps: 1e-5 }), TypeError, 'needs a gamma buffer');
    await expectError(() => rms.bind({ ...buffers, gamma: scratch.empty(4, 'gamma') }, { T: 1, K: 8, N: 2, eps: 1e-5 }), RangeError, 'gamma');
    // The staged program refuses a K past the one it was planned for, bound or updated.
    const wide = { x: scratch.empty(4096, 'x'), w: scratch.empty(8200 * 64, 'w'), y: scratch.empty(8200, 'y'), gamma: scratch.empty(4096, 'gamma') };
    const staged = rms.bind(wide, planned);
    if (stages) await expectError(() => staged.update({ T: 1, K: 4096, N: 10, eps: 1e-5 }), RangeError, 'holds K <= 64');
    staged.destroy();
    if (stages) await expectError(() => rms.bind(wide, { T: 1, K: 68, N: 8200, eps: 1e-5 }), RangeError, 'compiled for the staged program only');
    // A vec4 program refuses K off a multiple of 4.
    await expectError(() => rms.bind({ ...buffers, gamma: scratch.empty(8, 'gamma') }, { T: 1, K: 7, N: 2, eps: 1e-5 }), RangeError, 'compiled for vec4 loads only');
    // The qkv projection into the cache: no residual; N, HS, positions and rotary width checked at bind.
    await expectError(() => Gemv.create(gpu, { layout: 'nk', residual: true, qkvCache: 'none' }), RangeError, 'no gate, residual or activation');
    const into = await Gemv.create(gpu, { layout: 'nk', qkvCache: 'interleaved' });
    const qkv = { NH: 2, NKV: 1, HS: 4, pos0: 1, maxS: 3 };
    const cache = { x: scratch.empty(8, 'x'), w: scratch.empty(24 * 8, 'w'), y: scratch.empty(16, 'q'), kCache: scratch.empty(12, 'k'), vCache: scratch.empty(12, 'v'), freqs: scratch.empty(2, 'f') };
    into.bind(cache, { T: 1, K: 8, N: 16, qkv }).destroy(); // fits
    await expectError(() => into.bind(cache, { T: 1, K: 8, N: 16 }), RangeError, "needs the shape's qkv");
    await expectError(() => into.bind(cache, { T: 1, K: 8, N: 12, qkv }), RangeError, 'N = (NH + 2 NKV) HS = 16');
    await expectError(() => into.bind(cache, { T: 1, K: 8, N: 16, qkv: { ...qkv, pos0: 2, maxS: 2 } }), RangeError, 'exceed the cache of 2');
    await expectError(() => into.bind(cache, { T: 1, K: 8, N: 24, qkv: { ...qkv, HS: 6, maxS: 1, pos0: 0 } }), RangeError, 'HS must be a multiple of 4');
    await expectError(() => into.bind(cache, { T: 1, K: 8, N: 16, qkv: { ...qkv, rotaryDim: 3 } }), RangeError, 'even rotaryDim');
    await expectError(() => rms.bind({ ...buffers, gamma: scratch.empty(8, 'gamma') }, { T: 1, K: 8, N: 2, eps: 1e-5, qkv }), RangeError, 'binds a qkvCache variant only');
    return refusals.result();
  }),
};

// Hand-picked halves: ±0, 1, -2, the largest (65504), the smallest normal (2^-14), one rounded
// (0x3555: 0.333251953125), and subnormals (2^-24, 0x83ff). Both profiles' decoders (unpack2x16float,
// 'multiply': shaders/weights.ts's halfDecode) must give each exactly; under unpack2x16float a
// subnormal may read as zero of its sign, as WGSL lets it flush them. Every finite f16: the embed cases.
const SPECIAL_HALVES = [0x0000, 0x8000, 0x3c00, 0xc000, 0x7bff, 0xfbff, 0x0400, 0x3555, 0x0001, 0x83ff, 0x5640, 0xb266];

/** W (N, 12) of those halves (row n rotated by n) times x = the identity (12 rows): y = W^T, exactly. */
function specialHalvesCase(layout: 'nk' | 'kn', vec4: boolean, profile?: 'gpu'): KernelCase {
  const K = vec4 ? 12 : 13; // 13: the scalar program, the 13th column zero
  const N = layout === 'kn' ? 8 : 5;
  const value = (n: number, k: number) => (k < 12 ? SPECIAL_HALVES[(k + n) % 12]! : 0);
  return {
    kernel: 'gemv',
    name: `f16 special halves ${K}x${K}x${N} ${layout}${profile ? ` profile=${profile}` : ''}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const bits = new Uint16Array(K * N + ((K * N) % 2)); // whole words
      for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) bits[layout === 'nk' ? n * K + k : k * N + n] = value(n, k);
      const x = Float32Array.from({ length: K * K }, (_, i) => (i % (K + 1) === 0 ? 1 : 0));
      const k = await Gemv.create(gpu, { layout, weights: 'f16', profile }, { T: K, K, N });
      const y = scratch.empty(K * N, 'y');
      const bound = k.bind({ x: scratch.upload(x, 'x'), w: scratch.upload(new Uint32Array(bits.buffer), 'w'), y }, { T: K, K, N });
      const rec = gpu.recorder();
      bound.record(rec);
      rec.submit();
      const got = await scratch.read(y, K * N);
      const want = Float32Array.from({ length: K * N }, (_, i) => {
        const h = value(i % N, Math.floor(i / N));
        return halfDecode[profile ?? gpu.profile] === 'unpack' && isF16Subnormal(h) && got[i] === 0 ? 0 : f16Value(h);
      });
      return compare(got, want, { atol: 0, rtol: 0, nmse: 0 });
    }),
  };
}

const specialHalves = [
  specialHalvesCase('nk', true), specialHalvesCase('nk', false), specialHalvesCase('kn', true),
  specialHalvesCase('nk', true, 'gpu'), specialHalvesCase('kn', false, 'gpu'),
];

export const cases: KernelCase[] = [...linearCases, ...fusedCases, ...qkvCacheCases, ...specialHalves, rejectsCase, fusionRejectsCase];
