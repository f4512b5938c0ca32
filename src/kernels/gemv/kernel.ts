// Gemv host (decode: one row, or a few rows as separate workgroup columns): picks the reduction
// (subgroups or workgroup memory) and plans the grid; the vec4 or scalar program is picked by K
// and N at bind time, and the variant, buffer and shape rules it shares with Matmul are in
// ../linear.ts; the fusions' own (norm prologue, gated pair) are here. Shader: shader.ts;
// reference: ../matmul/reference.ts, reference.ts; cases: cases.ts.

import { blockVec4s, halfDecode } from '../../../shaders/weights.js';
import type { Gpu } from '../../gpu/device.js';
import { workgroupsFor, type Tuning, type WorkgroupTarget } from '../../gpu/profile.js';
import { isBlockDType, storedLength, type WeightDType } from '../../quant/formats.js';
import { ceilDiv, requireWords, type Bound, type BufferArg } from '../common.js';
import { checkCacheRows, checkHeadRows } from '../kvcache/kernel.js';
import {
  allLinearVariants,
  epilogueOf,
  LINEAR_OPTIONS,
  LinearHost,
  LinearPipelines,
  linearPrograms,
  REBIND,
  type LinearBuffers,
  type LinearProgram,
  type LinearVariant,
} from '../linear.js';
import { traitsOf, type DeviceTraits, type ProgramCatalog } from '../traits.js';
import { checkVariant } from '../variant.js';
import { GEMV_NORMS, gemvContract, QKV_CACHE_ROPES, type GemvNorm, type GemvShaderOptions, type GemvShape, type QkvCacheRope, type QkvCacheShape } from './shader.js';

export type { GemvNorm, GemvShape, QkvCacheRope, QkvCacheShape };

export interface GemvVariant extends LinearVariant {
  /** Normalise each row of x first (decode: the norm before a projection): needs gamma (and beta for 'layer') and eps. */
  norm?: GemvNorm;
  /** 'swiglu': y = silu(x W^T) * (x W2^T), w the gate and w2 the up projection: 'nk', no bias, residual or activation. */
  gated?: 'swiglu';
  /**
   * W is the stacked qkv projection (decode's): its outputs go to q (y) and to the KV cache rows
   * at the shape's positions, turned by RoPE on interleaved pairs, or by none, as
   * src/kernels/kvcache splits them (one dispatch instead of two). No residual or activation.
   */
  qkvCache?: QkvCacheRope;
}

/** As Matmul's, and for the fusions: w2 (N, K) stored as w; gamma and beta (K); the KV cache (maxS, NKV, HS) and RoPE's freqs (rotaryDim / 2), y then q (T, NH, HS). */
export interface GemvBuffers extends LinearBuffers {
  w2?: BufferArg;
  gamma?: BufferArg;
  beta?: BufferArg;
  kCache?: BufferArg;
  vCache?: BufferArg;
  freqs?: BufferArg;
}

/**
 * How a program covers the grid (picked at bind): 'direct', a workgroup per output group;
 * 'strided', a capped grid whose workgroups stride over the rest; 'staged', strided with a norm
 * prologue's x normalised once into each lane's private memory.
 */
type GemvGrid = 'direct' | 'strided' | 'staged';

/** A variant with its load width, grid (default 'direct') and, staged, the vec4 of x it stages (default the profile's most). */
type GemvProgramVariant = GemvVariant & { vec4: boolean; grid?: GemvGrid; stagedVec4s?: number };

interface GemvTuning {
  threads: number;
  /** 'kn' only: lanes along N (4 outputs each); the other threads / knLanes split K. */
  knLanes: number;
  /**
   * 'nk' only: the most vec4 of a W row one lane reads before more lanes share the row (up to
   * threads): a row of fewer than threads * turns vec4 goes to fewer lanes, and the workgroup
   * takes several rows (planned per shape: the `split` param). A program sharing x reads whole rows.
   * Infinity: every lane takes whole rows at any K, and (with knLanes = threads) the programs are
   * solo, with no workgroup memory or barrier.
   */
  turns: number;
  /**
   * 'nk': the fewest workgroups a shape's grid should have: more lanes share each row (up to
   * threads), so fewer rows go to a workgroup, until T * groups reaches it (0: turns alone decide).
   */
  minWorkgroups: number;
  /** The most workgroups a dispatch launches (each strides over the rest of the grid); fixed Infinity: the whole grid. */
  workgroups: WorkgroupTarget;
  /**
   * Norm prologue over one row of x, solo programs: the most vec4 of normalised x a staged
   * program holds in each lane's private memory (0: no staged program; a program holds its
   * planned K's, no more, as WGSL zeroes private memory at every workgroup's start), and the
   * output groups a workgroup must own to bind it.
   */
  staged: { vec4s: number; minGroups: number };
  /** Block weights, 'nk': share x's loads across a 4-lane workgroup by subgroupBroadcast where subgroups are exactly 4 wide (threads 4). */
  shareX: boolean;
  /**
   * Solo programs with plain (f32, 16-bit) loads, not gated: the quads of 4 outputs ('nk' rows,
   * 'kn' columns) each lane owns (1 elsewhere: a gated lane already reads two projections' rows
   * a load of x, and the block formats share x's loads).
   */
  quads: { nk: number; kn: number };
}

// GPUs: 256 threads taking turns along K with vec4 loads (coalesced); 'kn' reads 2 lanes x 16 bytes
// = 32 contiguous bytes of each W row (a DRAM sector), so a workgroup owns 8 outputs. 'nk' rows
// shorter than 1024 vec4 (K 4096) would leave lanes idle: they are shared by fewer lanes, ~4 vec4
// each (K 768: 64 lanes, 4 rows groups per workgroup; K 64: 4 lanes, 64 groups), as llama.cpp's
// mul_mat_vec gives a row one warp, not a block, but never so few lanes that the grid falls under
// 256 workgroups while more lanes could share a row. A GEMV is a stream of loads, and a GPU keeps
// only so many in flight a multiprocessor: on the H200 (132 of them) GPT-2-124M's GEMVs of 768
// and 2304 outputs ran 24-72 workgroups ('kn', 8 lanes x 4 outputs each; 'nk' q8_0, 32 rows each)
// and read 0.06-0.4 TB/s of the 3.8 the probe reached; its 50257-row head, 1571 workgroups, 2.95.
// SwiftShader: one 4-lane SIMD group, and no lane shares an output: 'nk' lanes take whole rows at
// any K (turns Infinity) and 'kn' lanes own columns over all of K, so the programs are solo: no
// workgroup memory and no barrier, each lane computing a norm prologue's row statistics itself.
// SwiftShader runs a program that contains a barrier slower at every output group, even where none
// is reached (1x4x262144 3x as slow with an unreached reduction in it). Solo against the programs
// with reductions, alternated in one Chromium page: the 1x256x50257 head with LayerNorm 1.64x,
// 1x768x50257 1.21x, TinyStories' GEMVs 1.12-1.42x, GPT-2-124M's LayerNorm qkv 1.05x ('nk') and
// 1.22x ('kn'), 1x3072x768 'nk' 1.2x (whole rows now beat 4 lanes taking turns along K) and 'kn'
// the same. A solo 'nk' lane with plain loads owns 2 quads of rows (8), which share each load of x
// and each group's overhead: alternated against 1 quad, 1x768x768 1.18x, 1x256x1024 with LayerNorm
// 1.12x, 1x1024x256 1.13x, 1x768x3072 1.08x, the 1x256x50257 head with LayerNorm 1.18x, f16's
// 1.08x, TinyStories' 1x128x128-2048 equal or 1.05x; gated ones stay at 1 (1x576x1536 0.92x,
// 1x128x384 0.8x: a gated lane already reads two rows a row), as do the block formats (shared x:
// the q4_0 head equal). A solo 'kn' lane owns 4 quads (16 columns: in f32 a 64-byte cache line of
// each W row it visits), which share each load of x and each W row's start. 2 quads against 1,
// alternated: 1x64x16384 1.18-1.21x, 1x128x16384 1.12x, 1x256x16384 1.14x, 1x256x768 with
// LayerNorm 1.12x, 1x1024x256 1.2x, GPT-2-124M's 1x768x2304 with LayerNorm 1.23x (f16 1.22x) and
// 1x3072x768 1.15x; 4 against 2 (2026-12-04, the VM's probe at 4-4.3 GB/s, twice the earlier 2.15):
// K = 64 / 128 / 256 'kn' 49-53 -> 54-64 % of the probe alternated in Node, 47-53 -> 57-69 % in
// Chromium; GPT-2-124M f32 decode in Node 5.0-5.6 -> 5.7-6.4 tokens/s (its layers are 'kn'), f16
// equal (its unpack2x16float is the cost); 8 quads lost (41-45 %: registers). SwiftShader pays per workgroup:
// a capped grid, each workgroup striding over the rest, read 1x256x50257 and 1x64x16384 1.25-1.4x
// as fast as one workgroup per 16 rows (1x768x50257 1.1x), and the cap is 4 workgroups a host
// thread (SwiftShader runs a workgroup on one thread of a pool with a thread a logical CPU; 8 on the
// 2-core VM it was measured on, where 64 lost): against 64, alternated in one page, the
// norm-prologue GEMVs, whose every workgroup normalises x once, gain most (GPT-2's 1x768x2304
// 1.54x in q4_0 and 1.26x in f32, TinyStories' 1x128x2048 head 1.32x), the rest are within 10 %
// (heads, K 64-3072, 1x768x768); GPUs launch the whole grid. A
// norm prologue re-normalises x at every vec4 it reads: SwiftShader's workgroups, each owning 2 or
// more row groups, bind a staged program whose lanes each normalise it once into private memory
// sized to K (with workgroup memory before the solo programs: 1x256x50257 and 1x768x50257 with
// LayerNorm 1.35-1.4x; GPT-2-124M's qkv and MLP up, 2-3 groups a workgroup, 1.2-1.5x); with one
// group a workgroup the direct program is faster (solo, 1x128x256: 0.123 against 0.141 ms). GPUs
// normalise on the fly (the loads hit the cache; a workgroup owns one group). SwiftShader's 4 lanes
// (one subgroup) read the same x for their 4 rows each: block formats load a quarter of a block's x
// a lane and broadcast it (the 1x768x50257 head in Chromium, runs minutes apart: q4_0 1.65 -> 2.5
// GFLOP/s, q8_0 and q4_K 1.3 -> 1.6, q6_K unchanged; 1x3072x768 q4_0 1.1 -> 1.8-2.7, the
// 1x2048x128256 head 1.3-1.55 -> 2.7, alternated); f32 and f16 stayed within the runs' +-20 %
// noise, so they keep the plain loads.
const tuning: Tuning<GemvTuning> = {
  gpu: { threads: 256, knLanes: 2, turns: 4, minWorkgroups: 256, workgroups: { fixed: Infinity }, staged: { vec4s: 0, minGroups: Infinity }, shareX: false, quads: { nk: 1, kn: 1 } },
  software: { threads: 4, knLanes: 4, turns: Infinity, minWorkgroups: 0, workgroups: { perHostThread: 4 }, staged: { vec4s: 512, minGroups: 2 }, shareX: true, quads: { nk: 2, kn: 4 } },
};

/** The program a variant runs with a load width, on a device with these traits. */
export function gemvProgram(v: GemvProgramVariant, traits: DeviceTraits): LinearProgram<GemvShaderOptions> {
  const t = tuning[traits.profile];
  const io = epilogueOf(v);
  // Lanes that never share an output (every 'nk' row a lane's, 'kn' lanes over all of K) reduce nothing.
  const solo = t.turns === Infinity && t.knLanes === t.threads;
  const nk = io.layout === 'nk';
  // subgroupsOfFour implies subgroups, and shared x is the subgroup ops of a solo program.
  const shareX = nk && traits.subgroupsOfFour && t.shareX && t.threads === 4 && isBlockDType(io.weights);
  // Only 'nk' reduces across the whole workgroup; 'kn' lanes sharing an output are not one subgroup.
  const subgroups = (traits.subgroups && nk && !solo) || shareX;
  const staged = solo && v.grid === 'staged' && (v.norm ?? 'none') !== 'none' && t.staged.vec4s > 0;
  const strided = staged || v.grid === 'strided';
  return {
    contract: gemvContract,
    options: {
      ...io, halves: halfDecode[traits.profile], vec4: v.vec4, subgroups, norm: v.norm ?? 'none', gated: v.gated === 'swiglu', strided, shareX, solo,
      staged: staged ? Math.min(v.stagedVec4s ?? t.staged.vec4s, t.staged.vec4s) : 0, quads: solo && !isBlockDType(io.weights) && v.gated !== 'swiglu' ? t.quads[io.layout] : 1,
      qkvCache: v.qkvCache ?? 'off',
    },
    constants: { THREADS: t.threads, OL: lanesN(io.layout, t) },
  };
}

/** Lanes along N: 4 outputs each. */
function lanesN(layout: 'nk' | 'kn', t: GemvTuning): number {
  return layout === 'nk' ? 1 : t.knLanes;
}

// The fused variants a decode step binds: Llama's RMSNorm before qkv and the head, and before
// the gated gate/up pair; GPT-2's LayerNorm before qkv (bias) and the MLP up (bias, GELU), in
// both layouts; and a block format of each Llama one and of GPT-2's MLP up (the format only
// changes w's loader: one block format shows how each fusion meets it).
const fusedVariants: GemvVariant[] = [
  ...([undefined, 'q4_0'] as const).flatMap((weights): GemvVariant[] => [
    { layout: 'nk', norm: 'rms', weights },
    { layout: 'nk', norm: 'rms', gated: 'swiglu', weights },
  ]),
  { layout: 'nk', norm: 'layer', bias: true, activation: 'gelu', weights: 'q4_0' },
  { layout: 'nk', gated: 'swiglu' },
  ...(['nk', 'kn'] as const).flatMap((layout): GemvVariant[] => [
    { layout, norm: 'layer', bias: true },
    { layout, norm: 'layer', bias: true, activation: 'gelu' },
  ]),
  // The qkv projection into the KV cache: GPT-2's (LayerNorm, bias, no RoPE; f16 keeps 'kn'), llama2.c's and GGUF's (RMSNorm, interleaved).
  { layout: 'kn', norm: 'layer', bias: true, qkvCache: 'none' },
  { layout: 'nk', norm: 'layer', bias: true, qkvCache: 'none', weights: 'q4_0' },
  { layout: 'nk', norm: 'rms', qkvCache: 'interleaved' },
];

const directPrograms = linearPrograms(gemvProgram, [...allLinearVariants, ...fusedVariants]);
const cappedPrograms = linearPrograms(gemvProgram, [
  ...fusedVariants.map((v) => ({ ...v, grid: 'strided' as const })),
  ...fusedVariants.filter((v) => v.norm).map((v) => ({ ...v, grid: 'staged' as const })),
]);

/** Every program the family can run, for the shader snapshot: strided and staged ones (the fused variants') where the profile caps the grid. */
export const programs: ProgramCatalog = (traits) => [
  ...directPrograms(traits),
  ...(capsGrid(tuning[traits.profile]) ? cappedPrograms(traits) : []),
];

/** Whether a profile caps the grid (then its workgroups stride over the rest), on any host. */
function capsGrid(t: GemvTuning): boolean {
  return Number.isFinite(workgroupsFor(t.workgroups, 1));
}

/** Throws a RangeError for a fusion the variant cannot run (checkVariant has checked each option's value). */
function checkFusion(v: GemvVariant): void {
  if (v.qkvCache !== undefined && (v.gated !== undefined || v.residual || (v.activation ?? 'none') !== 'none')) {
    throw new RangeError('gemv: a qkvCache variant writes the projection (+ bias) into q and the KV cache: no gate, residual or activation');
  }
  if (v.gated === undefined) return;
  if (v.layout !== 'nk' || v.bias || v.residual || (v.activation ?? 'none') !== 'none') {
    throw new RangeError("gemv: a gated variant is 'nk' with no bias, residual or activation (y = silu(x W^T) * (x W2^T))");
  }
}

/** The shape's qkv, which a qkvCache variant needs and any other refuses. */
function qkvOf(v: GemvVariant, s: GemvShape): QkvCacheShape | undefined {
  if (v.qkvCache === undefined) {
    if (s.qkv) throw new RangeError('gemv: a shape with qkv binds a qkvCache variant only');
    return undefined;
  }
  if (!s.qkv) throw new RangeError("gemv: a qkvCache variant needs the shape's qkv: { NH, NKV, HS, pos0, maxS }");
  return s.qkv;
}

/**
 * A qkvCache variant's shape against its buffers: HS a multiple of 4 and N the stacked
 * (NH + 2 NKV) HS, then kvcache's checks of the head rows and the caches; returns the params it
 * sets (0 without one).
 */
function checkQkvCache(v: GemvVariant, b: GemvBuffers, s: GemvShape): Record<string, number> {
  const c = qkvOf(v, s);
  if (!c) return { NH: 0, NKV: 0, HS: 0, pos0: 0, rotaryDim: 0 }; // unused
  if (c.HS % 4 !== 0) throw new RangeError(`gemv: qkvCache writes quads of one head: HS must be a multiple of 4, got ${c.HS}`);
  if (s.N !== (c.NH + 2 * c.NKV) * c.HS) throw new RangeError(`gemv: qkvCache needs N = (NH + 2 NKV) HS = ${(c.NH + 2 * c.NKV) * c.HS}, got N=${s.N}`);
  const place = { T: s.T, ...c };
  const params = checkHeadRows('gemv', v.qkvCache!, b.freqs, place);
  checkCacheRows('gemv', b.kCache!, b.vCache!, place);
  return params;
}

/** The fusions' buffers and eps against the shape (the contract has already named a missing or extra buffer). */
function checkFused(v: GemvVariant, weights: WeightDType, b: GemvBuffers, s: GemvShape): void {
  if (b.w2) requireWords('gemv', 'w2', b.w2, storedLength(weights, s.K * s.N, s.K), `${weights} (N, K) = (${s.N}, ${s.K})`);
  if ((v.norm ?? 'none') === 'none') return;
  const eps = s.eps;
  if (eps === undefined || !(eps >= 0 && Number.isFinite(eps))) throw new RangeError(`gemv: a norm prologue needs eps finite and >= 0, got ${eps}`);
  for (const name of ['gamma', 'beta'] as const) {
    const buffer = b[name];
    if (buffer) requireWords('gemv', name, buffer, s.K, `(K) = (${s.K})`);
  }
}

/**
 * 'nk': lanes sharing a W row of K values: the fewest (a power of two <= threads) that leave each
 * at most `turns` vec4; block formats count in blocks of `unitVec4s` vec4 (lanes take turns by blocks).
 */
function splitFor(K: number, threads: number, turns: number, unitVec4s: number): number {
  const [units, perLane] = [Math.ceil(K / 4 / unitVec4s), Math.max(1, turns / unitVec4s)];
  let split = 1;
  while (split < threads && split * perLane < units) split *= 2;
  return split;
}

export class Gemv extends LinearHost<GemvShaderOptions, GemvVariant> {
  private constructor(
    /** The compiled programs by grid: the planned shape's, or 'direct' (which runs any shape) without a plan. */
    private readonly compiled: Partial<Record<GemvGrid, LinearPipelines<GemvShaderOptions, GemvVariant>>>,
    private readonly planner: GemvPlanner,
    private readonly variant: GemvVariant,
  ) {
    super(Object.values(compiled)[0]!);
  }

  /**
   * `planned`: the shape the caller will bind (the model knows it when it builds a pass). Only the
   * program that shape binds is compiled: its load width (LinearPipelines.build) and, where the
   * profile caps the grid, its strided or staged grid. Other shapes bind that program where it
   * runs them, else are refused. Without a plan the direct program, which runs any shape, is
   * compiled with both load widths. Compiling every program up front tripled a model's load on
   * SwiftShader.
   */
  static async create(gpu: Gpu, variant: GemvVariant, planned?: GemvShape): Promise<Gemv> {
    checkVariant('gemv', variant, { ...LINEAR_OPTIONS, norm: [undefined, ...GEMV_NORMS], gated: [undefined, 'swiglu'], qkvCache: [undefined, ...QKV_CACHE_ROPES] });
    checkFusion(variant);
    const traits = traitsOf(gpu, variant);
    const t = tuning[traits.profile];
    // Every grid and load width shares the direct vec4 program's geometry (threads, lanes, quads, shared x).
    const { options, constants } = gemvProgram({ ...variant, vec4: true }, traits);
    const stagedVec4s = Math.min(planned ? Math.ceil(planned.K / 4) : Infinity, t.staged.vec4s);
    const planner = new GemvPlanner(options, constants, variant, t, workgroupsFor(t.workgroups, gpu.hostThreads), stagedVec4s);
    const grid = planned ? planner.gridFor(planned) : 'direct';
    const program = (v: GemvProgramVariant, traits: DeviceTraits) => gemvProgram({ ...v, grid, stagedVec4s }, traits);
    return new Gemv({ [grid]: await LinearPipelines.build(gpu, 'gemv', program, variant, planned) }, planner, variant);
  }

  /**
   * As Matmul.bind: y = act(x' W^T + bias) + residual, one column of workgroups per row of x,
   * where x' is norm(x) * gamma (+ beta) with the shape's eps for a norm variant, else x; a gated
   * variant gives y = silu(x' W^T) * (x' W2^T).
   */
  bind(b: GemvBuffers, shape: GemvShape): Bound<GemvShape> {
    const { weights } = this.pipelines.options;
    const grid = this.gridOf(shape);
    const planner = this.planner;
    // A qkvCache program's y is q (T, NH, HS).
    const output = (full: GemvShape) => {
      const qkv = qkvOf(this.variant, full);
      if (!qkv) return undefined;
      const { NH, HS } = qkv;
      return { words: full.T * NH * HS, shape: `q (T, NH, HS) = (${full.T}, ${NH}, ${HS})` };
    };
    return this.compiled[grid]!.bindAs(b, shape, ({ T, K, N, ldy }) => ({ T, K, N, ldy }), (s, full) => {
      checkFused(this.variant, weights, b, full);
      const qkv = checkQkvCache(this.variant, b, full);
      if (grid === 'staged' && !planner.stages(s.K)) throw new RangeError(`gemv: bound staging x in each lane's private memory, which holds K <= ${4 * planner.stagedVec4s}, got K=${s.K}; ${REBIND}`);
      const { split, groups, workgroups } = planner.plan(s);
      // A direct program covers its grid whole, whatever a later shape needs.
      return { groups, workgroups: grid === 'direct' ? s.T * groups : workgroups, extra: { split, eps: full.eps ?? 0, ...qkv } };
    }, output);
  }

  /** The key of the pipeline a shape binds to. */
  override keyFor(shape: GemvShape): string {
    return this.compiled[this.gridOf(shape)]!.keyFor(shape);
  }

  /**
   * The compiled program a shape binds: the one it plans for, else one that runs it (direct and
   * strided run any shape; staged any whose K it holds: it stages each row of x it meets).
   */
  private gridOf(s: GemvShape): GemvGrid {
    const runs = (grid: GemvGrid) => this.compiled[grid] !== undefined && (grid !== 'staged' || this.planner.stages(s.K));
    const grid = [this.planner.gridFor(s), ...GEMV_GRIDS].find(runs);
    if (grid) return grid;
    const [only] = Object.keys(this.compiled);
    throw new RangeError(`gemv: compiled for the ${only} program only, which does not run T=${s.T}, K=${s.K}, N=${s.N}; create it planned for this shape, or with no plan`);
  }
}

const GEMV_GRIDS: readonly GemvGrid[] = ['direct', 'strided', 'staged'];

/** A variant's grid planning on a device: pure arithmetic on its programs' shared geometry, so it runs before any is compiled. */
class GemvPlanner {
  constructor(
    private readonly options: Readonly<GemvShaderOptions>,
    private readonly constants: Readonly<Record<string, number>>,
    private readonly variant: GemvVariant,
    private readonly tuning: GemvTuning,
    /** The tuning's workgroup cap on this host (Infinity: the whole grid). */
    private readonly maxWorkgroups: number,
    /** The vec4 of x a staged program holds: its planned K's (the profile's most without a plan). */
    readonly stagedVec4s: number,
  ) {}

  /** The split, output groups and workgroups of a shape. */
  plan(s: { T: number; K: number; N: number }): { split: number; groups: number; workgroups: number } {
    const { THREADS: threads, OL: lanesN } = this.constants;
    const { layout, weights, quads, shareX } = this.options;
    const nk = layout === 'nk';
    // per workgroup: 4 a quad per group of lanes
    const groupsOf = (split: number) => ceilDiv(s.N, 4 * quads * (nk ? threads / split : lanesN));
    // Shared x needs the 4 lanes at the same block: one lane a row.
    let split = nk ? splitFor(s.K, threads, shareX ? Infinity : this.tuning.turns, blockVec4s(weights)) : 1;
    while (nk && !shareX && split < threads && s.T * groupsOf(split) < this.tuning.minWorkgroups) split *= 2;
    const groups = groupsOf(split);
    return { split, groups, workgroups: Math.min(s.T * groups, this.maxWorkgroups) };
  }

  /** Whether a row of K values fits the staged program. */
  stages(K: number): boolean {
    return Math.ceil(K / 4) <= this.stagedVec4s;
  }

  /**
   * The program a shape plans for: staged for a norm prologue over one row of x that fits, with
   * enough groups a workgroup; strided when the profile caps the grid below T * groups; else direct.
   */
  gridFor(s: { T: number; K: number; N: number }): GemvGrid {
    const t = this.tuning;
    if (!capsGrid(t)) return 'direct';
    const { groups, workgroups } = this.plan(s);
    const norm = (this.variant.norm ?? 'none') !== 'none';
    const staged = norm && t.staged.vec4s > 0 && s.T === 1 && this.stages(s.K) && groups >= t.staged.minGroups * workgroups;
    return staged ? 'staged' : workgroups < s.T * groups ? 'strided' : 'direct';
  }
}
