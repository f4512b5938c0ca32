// Causal attention host: validates shapes, sizes the tiles and key ranges, binds buffers. Not
// the KV cache itself (the caller owns it and passes its slices). Both modes run one forward
// program, the profile's (tiled on GPUs, solo on CPU adapters); decode also splits each row's keys
// over workgroups and records the merge after it, as one MultiBound that owns the partials' scratch.
// The tuning and programs of the backward and of the probabilities are here too (their host
// classes are in backward.ts and probabilities.ts).
// Shader: shader.ts (the forward, merge, backward and probabilities contracts); reference: reference.ts;
// cases: cases.ts.

import { createStorage } from '../../gpu/buffers.js';
import type { Gpu } from '../../gpu/device.js';
import { workgroupsFor, type Tuning, type WorkgroupTarget } from '../../gpu/profile.js';
import { ceilDiv, grid, rangeOf, requirePositive, type BufferArg, type MultiBound } from '../common.js';
import { Kernel, KernelHost, type KernelPlan, type Program } from '../contract.js';
import { traitsOf, type DeviceTraits, type ProgramCatalog, type VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import {
  attentionBackwardKeyContract,
  attentionBackwardQueryContract,
  attentionForwardContract,
  attentionMergeContract,
  attentionProbabilitiesContract,
  attentionSoloContract,
  MAX_HS,
  type AttentionBackwardParams,
  type AttentionForwardShaderOptions,
  type AttentionMergeShaderOptions,
  type AttentionParams,
  type AttentionShaderOptions,
  type AttentionShape,
} from './shader.js';

export type { AttentionShape };

const ATTENTION_MODES = ['prefill', 'decode'] as const;
export type AttentionMode = (typeof ATTENTION_MODES)[number];

export interface AttentionVariant extends VariantBase {
  /** 'prefill' (default): each query row's keys in one workgroup (tiled: blocks of rows, a GQA
   *  group's heads together, share K/V tiles; solo: a lane a row). 'decode': the same, with each
   *  row's keys also split over workgroups and merged after, for T = 1 where the rows alone fill
   *  few workgroups (any T <= S works). */
  mode?: AttentionMode;
}

export interface AttentionBuffers {
  q: BufferArg; // (T, NH, HS)
  k: BufferArg; // (S.., NKV, HS): a cache slice may hold more positions than S
  v: BufferArg; // (S.., NKV, HS)
  y: BufferArg; // (T, NH, HS)
}

/** The tiled forward program's workgroup: blocks of query rows sharing K/V tiles. */
interface TiledTuning {
  threads: number;
  queryVec4s: number; // staged queries per workgroup: rows * HS/4
  tileVec4s: number; // the K, then V, tile in workgroup memory: keys * (HS/4 + 1)
  scores: number; // rows * keys
  rowsMax: number;
}

/** The forward program of a profile, both modes: tiled, or solo with this many lanes a workgroup. */
type ForwardTuning = { tiled: TiledTuning } | { soloLanes: number };

/** Decode's key ranges: a host choice, not in the program. */
interface SplitTuning {
  workgroups: WorkgroupTarget; // split until the ranges fill this many workgroups...
  minSplitKeys: number; // ...while each range keeps at least this many keys...
  maxSplits: number; // ...and a row has at most this many ranges
  mergeThreads: number;
}

interface BackwardTuning {
  threads: number;
  contiguous: boolean;
  tile: number; // keys (query pass) or query rows (key pass) per step
}

interface ProbabilitiesTuning {
  threads: number;
  contiguous: boolean;
}

// gpu: 128-thread blocks of ~8 rows x ~30 keys at HS 64 staged in under 16 KiB of workgroup
// memory; decode splits a row's keys into ranges of >= 64 until ~256 workgroups run, so a few
// hundred cached tokens already fill the device. software: the solo program, a lane a query row
// and key range, 4 lanes a workgroup (one SwiftShader SIMD group), 4 keys a step, K/V read in
// place (a CPU's caches serve a group's heads), no workgroup memory or barrier (which SwiftShader
// runs slower throughout); ranges only until 4 workgroups a host thread. Against the tiled program
// (4 threads, contiguous runs, rows read in place), alternated: decode in one Chromium page,
// TinyStories-656K's (S 100, 8 heads of 16) 1.7x, GPT-2-124M's (S 48, 12 of 64) 1.9x, a
// Llama-1B-shaped one (S 400, 32 heads over 8) 1.55x; prefill in Node (bench:kernels, T = S =
// 128, 12 heads of 64 and 32 over 8) 1.8-2.3x, and it compiled in 0.5-1.1 s, the solo in 0.1-0.2.
// backward: one workgroup per query row, then one per (key, KV head). probabilities: one
// workgroup per query row, as the backward's query pass.
const tuning: Tuning<{ forward: ForwardTuning; split: SplitTuning; backward: BackwardTuning; probabilities: ProbabilitiesTuning }> = {
  gpu: {
    forward: { tiled: { threads: 128, queryVec4s: 128, tileVec4s: 512, scores: 512, rowsMax: 16 } },
    split: { workgroups: { fixed: 256 }, minSplitKeys: 64, maxSplits: 32, mergeThreads: 64 },
    backward: { threads: 64, contiguous: false, tile: 64 },
    probabilities: { threads: 64, contiguous: false },
  },
  software: {
    forward: { soloLanes: 4 },
    split: { workgroups: { perHostThread: 4 }, minSplitKeys: 256, maxSplits: 8, mergeThreads: 4 },
    backward: { threads: 4, contiguous: true, tile: 32 },
    probabilities: { threads: 4, contiguous: true },
  },
};

/**
 * The forward program a variant runs on a device with these traits, the profile's tiled or solo
 * one (decode's writes key-range partials). Planned for a head size, the solo program holds a
 * lane's query and output in private arrays of the power of two of vec4s that holds it, not of
 * MAX_HS: WGSL zeroes them at every lane's start, and SwiftShader compiles the program for HS 32
 * (8 vec4s) in 0.08 s against 0.19 s for 256.
 */
export function attentionProgram(v: AttentionVariant, traits: DeviceTraits, planned?: Pick<AttentionShape, 'HS'>): Program<AttentionForwardShaderOptions> {
  const { forward } = tuning[traits.profile];
  const split = v.mode === 'decode';
  if (!('tiled' in forward)) {
    // A plan for the largest heads is the unplanned program, under its key.
    const headVec4s = planned ? headVec4sFor(planned.HS) : MAX_HS / 4;
    const options = headVec4s < MAX_HS / 4 ? { split, headVec4s } : { split };
    return { contract: attentionSoloContract, options, constants: { THREADS: forward.soloLanes } };
  }
  const options = { split };
  const t = forward.tiled;
  return {
    contract: attentionForwardContract,
    options,
    constants: { THREADS: t.threads, Q_CAP: t.queryVec4s, SC_CAP: t.scores, ROWS_MAX: t.rowsMax, ACC_CAP: Math.max(t.threads, t.queryVec4s), KV_CAP: t.tileVec4s },
  };
}

/** The solo program's head cap for a planned head size: the power of two of vec4s that holds it (MAX_HS's at most). */
function headVec4sFor(HS: number): number {
  if (!(Number.isInteger(HS) && HS > 0 && HS % 4 === 0 && HS <= MAX_HS)) throw new RangeError(`attention: planned HS = ${HS} must be a multiple of 4 and at most ${MAX_HS}`);
  return Math.min(MAX_HS / 4, 2 ** Math.ceil(Math.log2(HS / 4)));
}

/** The merge of decode's key ranges on a device with these traits. */
export function attentionMergeProgram(traits: DeviceTraits): Program<AttentionMergeShaderOptions> {
  return { contract: attentionMergeContract, options: {}, constants: { THREADS: tuning[traits.profile].split.mergeThreads } };
}

/** The backward's two passes on a device with these traits: per query row (dq and the softmax
 *  statistics), then per (key, KV head) (dk, dv). */
export function attentionBackwardPrograms(traits: DeviceTraits): { query: Program<AttentionShaderOptions>; key: Program<AttentionShaderOptions> } {
  const t = tuning[traits.profile].backward;
  const constants = { THREADS: t.threads, TILE: t.tile, ACC_CAP: Math.max(t.threads, MAX_HS / 4) };
  const options = { contiguous: t.contiguous };
  return { query: { contract: attentionBackwardQueryContract, options, constants }, key: { contract: attentionBackwardKeyContract, options, constants } };
}

/** The probabilities program (inspection) on a device with these traits. */
export function attentionProbabilitiesProgram(traits: DeviceTraits): Program<AttentionShaderOptions> {
  const t = tuning[traits.profile].probabilities;
  return { contract: attentionProbabilitiesContract, options: { contiguous: t.contiguous }, constants: { THREADS: t.threads } };
}

/** Every program the family can run: the forward (prefill, decode) and decode's merge; the backward's two passes; the probabilities. */
export const programs: ProgramCatalog = (traits) => [
  attentionProgram({ mode: 'prefill' }, traits),
  attentionProgram({ mode: 'decode' }, traits),
  attentionProgram({ mode: 'decode' }, traits, { HS: 24 }), // a small head's solo program (8 vec4s)
  attentionMergeProgram(traits),
  ...Object.values(attentionBackwardPrograms(traits)),
  attentionProbabilitiesProgram(traits),
];

/**
 * Throws a RangeError naming the dimension when the shape, or a buffer against the floats `need`
 * gives for it, does not fit the contract; `kernel` starts the message.
 */
export function validate<K extends string>(kernel: string, s: AttentionShape, b: Record<K, BufferArg>, need: Record<K, number>): void {
  requirePositive(kernel, { T: s.T, S: s.S, NH: s.NH, NKV: s.NKV, HS: s.HS });
  if (s.T > s.S) throw new RangeError(`${kernel}: T = ${s.T} query rows but only S = ${s.S} cached positions`);
  if (s.NH % s.NKV !== 0) throw new RangeError(`${kernel}: NH = ${s.NH} is not a multiple of NKV = ${s.NKV}`);
  if (s.HS % 4 !== 0 || s.HS > MAX_HS) throw new RangeError(`${kernel}: HS = ${s.HS} must be a multiple of 4 and at most ${MAX_HS}`);
  if (s.scale !== undefined && !Number.isFinite(s.scale)) throw new RangeError(`${kernel}: scale must be finite, got ${s.scale}`);
  for (const name of Object.keys(need) as K[]) {
    const have = rangeOf(b[name], `${kernel}: ${name}`).size;
    if (have < need[name] * 4) throw new RangeError(`${kernel}: ${name} binds ${have} bytes, the shape needs ${need[name] * 4}`);
  }
}

/** Floats the forward's buffers need for a shape. */
function forwardNeed(s: AttentionShape): Record<keyof AttentionBuffers, number> {
  return { q: s.T * s.NH * s.HS, k: s.S * s.NKV * s.HS, v: s.S * s.NKV * s.HS, y: s.T * s.NH * s.HS };
}

/**
 * Query rows and keys of one workgroup's tile for a shape, within the program's capacities: fewer
 * rows, more keys. A solo program has no tiles: a lane takes one row and all of its range's keys.
 */
function tileOf(s: AttentionShape, c: Readonly<Record<string, number>>, solo: boolean): { rows: number; keys: number } {
  if (solo) return { rows: 1, keys: 1 };
  const HS4 = s.HS / 4;
  const rows = Math.min(c.ROWS_MAX, Math.floor(c.Q_CAP / HS4), s.T * (s.NH / s.NKV));
  return { rows, keys: Math.min(Math.floor(c.KV_CAP / (HS4 + 1)), Math.floor(c.SC_CAP / rows)) };
}

/**
 * Workgroups the forward takes for `splits` key ranges of a shape: per range, blocks of rows per
 * KV head times NKV; solo, a lane per (row, range), soloLanes a workgroup.
 */
function forwardWorkgroups(s: AttentionShape, rows: number, splits: number, soloLanes = 0): number {
  return soloLanes > 0 ? ceilDiv(s.T * s.NH * splits, soloLanes) : ceilDiv(s.T * (s.NH / s.NKV), rows) * s.NKV * splits;
}

/** A split tuning with its workgroup target counted for this host, and the solo program's lanes a workgroup (0: tiled). */
type SplitPlan = Omit<SplitTuning, 'workgroups'> & { workgroups: number; soloLanes: number };

/** The most key ranges decode gives a row: at least minSplitKeys keys each, no more than fill t.workgroups. */
function maxDecodeSplits(s: AttentionShape, rows: number, t: SplitPlan): number {
  return Math.min(t.maxSplits, ceilDiv(s.S, t.minSplitKeys), ceilDiv(t.workgroups, forwardWorkgroups(s, rows, 1, t.soloLanes)));
}

/** Decode's key ranges: as many as maxDecodeSplits allows, each a whole number of tiles. */
function decodeSplits(s: AttentionShape, rows: number, keys: number, t: SplitPlan): { splits: number; splitKeys: number } {
  const splitKeys = ceilDiv(ceilDiv(s.S, maxDecodeSplits(s, rows, t)), keys) * keys;
  return { splits: ceilDiv(s.S, splitKeys), splitKeys };
}

/** The params of a shape: all the backward's (backward.ts), and the ones every forward program shares. */
export function shapeParams(s: AttentionShape): KernelPlan<AttentionBackwardParams>['params'] {
  return { T: s.T, S: s.S, NH: s.NH, NKV: s.NKV, HS4: s.HS / 4, group: s.NH / s.NKV, scale: s.scale ?? 1 / Math.sqrt(s.HS) };
}

/**
 * A forward program's params: the shape's, and the tiling planned for it. Every decode step plans
 * this: the spread comes last, since V8 (Node 20) copies `{ ...a, b }` on a slow path, 50x `{ b, ...a }`.
 */
function params(s: AttentionShape, rows: number, keys: number, splits: number, splitKeys: number): KernelPlan<AttentionParams>['params'] {
  return { rows, keys, splits, splitKeys, ...shapeParams(s) };
}

/**
 * A bound attention call: one dispatch, or two (decode's key ranges then their merge; the
 * backward's query pass then its key pass), with the scratch the first writes for the second.
 */
export type AttentionBound = MultiBound<AttentionShape>;

export class Attention extends KernelHost<AttentionForwardShaderOptions, AttentionParams> {
  private constructor(
    kernel: Kernel<AttentionForwardShaderOptions, AttentionParams>,
    private readonly mode: AttentionMode,
    private readonly split: SplitPlan,
    private readonly mergeKernel: Kernel<AttentionMergeShaderOptions, AttentionParams> | null,
  ) {
    super(kernel);
  }

  /**
   * `planned`: the head size the caller will bind (a model knows it when it builds a pass): a CPU
   * adapter's solo program is compiled for heads up to it (attentionProgram), and a bind of a
   * larger head is refused by name. Without a plan, every head size up to MAX_HS binds.
   */
  static async create(gpu: Gpu, variant: AttentionVariant = {}, planned?: Pick<AttentionShape, 'HS'>): Promise<Attention> {
    checkVariant('attention', variant, { mode: [undefined, ...ATTENTION_MODES] });
    const mode = variant.mode ?? 'prefill';
    const traits = traitsOf(gpu, variant);
    const [kernel, mergeKernel] = await Promise.all([
      Kernel.fromProgram(gpu, attentionProgram(variant, traits, planned)),
      mode === 'prefill' ? null : Kernel.fromProgram(gpu, attentionMergeProgram(traits)),
    ]);
    const { split } = tuning[traits.profile];
    // Dispatches are planned for the program compiled: the solo one's lanes, or 0 for the tiled one.
    const soloLanes = kernel.contract === attentionSoloContract ? kernel.constants.THREADS! : 0;
    return new Attention(kernel, mode, { ...split, workgroups: workgroupsFor(split.workgroups, gpu.hostThreads), soloLanes }, mergeKernel);
  }

  /**
   * y = causal attention of q over the cached k, v. Decode mode allocates its scratch here, sized
   * for this shape's T * NH and HS and for every S up to the positions k can hold: update() may
   * grow S within the cache but not T * NH * HS. Call destroy() on the result to free it.
   */
  bind(buffers: AttentionBuffers, shape: AttentionShape): AttentionBound {
    return this.mode === 'prefill' ? this.bindPrefill(buffers, shape) : this.bindDecode(buffers, shape);
  }

  /** validate(), and a head no longer than the program was compiled for (a planned solo program's cap). */
  private check(s: AttentionShape, buffers: AttentionBuffers): void {
    validate('attention', s, buffers, forwardNeed(s));
    const cap = 4 * (this.kernel.options.headVec4s ?? MAX_HS / 4);
    if (s.HS > cap) throw new RangeError(`attention: HS = ${s.HS} is over the heads of ${cap} this program was compiled for; create it planned for HS ${s.HS}, or with no plan`);
  }

  private bindPrefill(buffers: AttentionBuffers, shape: AttentionShape): AttentionBound {
    const { soloLanes } = this.split;
    const plan = (s: AttentionShape): KernelPlan<AttentionParams> => {
      this.check(s, buffers);
      const { rows, keys } = tileOf(s, this.kernel.constants, soloLanes > 0);
      return { params: params(s, rows, keys, 1, s.S), workgroups: grid(this.gpu, forwardWorkgroups(s, rows, 1, soloLanes)) };
    };
    const { q, k, v, y } = buffers;
    return this.kernel.bindWith({ q, k, v, y }, plan, shape, {});
  }

  private bindDecode(buffers: AttentionBuffers, shape: AttentionShape): AttentionBound {
    this.check(shape, buffers);
    const { soloLanes } = this.split;
    const splitsOf = (s: AttentionShape) => {
      const { rows, keys } = tileOf(s, this.kernel.constants, soloLanes > 0);
      return { rows, keys, ...decodeSplits(s, rows, keys, this.split) };
    };
    // (T * NH * splits, HS/4 + 1) vec4s: outputs, then (max, sum) of each range, for as many
    // ranges as any S up to the positions k can hold may take.
    const capacity = Math.floor(rangeOf(buffers.k, 'attention: k').size / (shape.NKV * shape.HS * 4));
    const most = Math.min(this.split.maxSplits, ceilDiv(capacity, this.split.minSplitKeys));
    const scratchVec4s = shape.T * shape.NH * most * (shape.HS / 4 + 1);
    const scratch = createStorage(this.gpu.device, scratchVec4s * 16, 'attention:partials');
    const plan = (merge: boolean) => (s: AttentionShape): KernelPlan<AttentionParams> => {
      this.check(s, buffers);
      const { rows, keys, splits, splitKeys } = splitsOf(s);
      const need = s.T * s.NH * splits * (s.HS / 4 + 1);
      if (need > scratchVec4s) {
        throw new RangeError(`attention: decode scratch holds ${scratchVec4s} vec4s but T = ${s.T}, NH = ${s.NH}, HS = ${s.HS}, S = ${s.S} need ${need}`);
      }
      const workgroups = merge ? (splits > 1 ? grid(this.gpu, s.T * s.NH) : ([0] as const)) : grid(this.gpu, forwardWorkgroups(s, rows, splits, soloLanes));
      return { params: params(s, rows, keys, splits, splitKeys), workgroups };
    };
    const { q, k, v, y } = buffers;
    // The merge dispatches no workgroups when the keys were not split.
    const merge = this.mergeKernel!.bind({ y, part: scratch }, plan(true), shape);
    return this.kernel.bindWith({ q, k, v, y, part: scratch }, plan(false), shape, { after: [merge], scratch: [scratch] });
  }
}
