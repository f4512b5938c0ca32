// kvcache host: split qkv into q and the KV cache at pos0, with RoPE fused (prefill and training;
// decode's qkv GEMV splits its own output). Validates shapes, picks the programs, binds buffers (forward and backward share the
// tuning, the checks and the binding, bindRows). The backward's host class is in backward.ts.
// Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { ceilDiv, grid, requirePositive, requireWords, type Bound, type BufferArg } from '../common.js';
import { Kernel, KernelHost, type Program } from '../contract.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import {
  kvcacheBackwardContract,
  kvcacheContract,
  type KvCacheBackwardShape,
  type KvCacheShaderOptions,
  type KvCacheShape,
  type RopeLayout,
  ROPES,
} from './shader.js';

export type { KvCacheShape, RopeLayout };

export interface KvCacheVariant extends VariantBase {
  rope: KvCacheShaderOptions['rope'];
}

export interface KvCacheBuffers {
  qkv: BufferArg; // (T, NH + 2 NKV, HS)
  q: BufferArg; // (T, NH, HS)
  kCache: BufferArg; // (maxS, NKV, HS)
  vCache: BufferArg; // (maxS, NKV, HS)
  /** RoPE variants only: turns per position of each rotated pair, see ropeFrequencyTurns(). */
  freqs?: BufferArg;
}

// gpu: a 32-lane group per head row, 2 values a lane at HS 64 (coalesced; no lane walks a row:
// on the H200 a lane per row, 64 values one after another, took 34 us a decode step for GPT-2's
// 36 rows, the step's slowest kernel). software: a lane walks a whole row (a CPU's lane reads
// contiguously, and SwiftShader pays per invocation).
const tuning: Tuning<{ threads: number; lanes: number }> = {
  gpu: { threads: 64, lanes: 32 },
  software: { threads: 4, lanes: 1 },
};

/** The program a variant runs on a device with these traits. */
export function kvcacheProgram(v: KvCacheVariant, traits: DeviceTraits): Program<KvCacheShaderOptions> {
  return { contract: kvcacheContract, options: { rope: v.rope }, constants: { THREADS: tuning[traits.profile].threads, LANES: tuning[traits.profile].lanes } };
}

/** The backward's program (backward.ts): the same options and tuning as the forward. */
export function kvcacheBackwardProgram(v: KvCacheVariant, traits: DeviceTraits): Program<KvCacheShaderOptions> {
  return { ...kvcacheProgram(v, traits), contract: kvcacheBackwardContract };
}

/** Every program the family can run: no rotation and each pair layout, forward and backward. */
export const programs: ProgramCatalog = (traits) =>
  [kvcacheProgram, kvcacheBackwardProgram].flatMap((program) => ROPES.map((rope) => program({ rope }, traits)));

/**
 * The head rows' dims and RoPE of a shape at positions pos0..: positive dims, an integer pos0, and
 * with a rope an even rotaryDim <= HS (default HS) with freqs holding its pairs; returns the
 * params they set. Shared by both directions and by gemv's qkvCache epilogue.
 */
export function checkHeadRows(name: string, rope: KvCacheShaderOptions['rope'], freqs: BufferArg | undefined, s: KvCacheBackwardShape): Omit<KvCacheBackwardShape, 'T'> & { rotaryDim: number } {
  requirePositive(name, { T: s.T, NH: s.NH, NKV: s.NKV, HS: s.HS });
  if (!Number.isInteger(s.pos0) || s.pos0 < 0) throw new RangeError(`${name}: pos0 must be an integer >= 0, got ${s.pos0}`);
  const rotaryDim = s.rotaryDim ?? s.HS;
  if (rope !== 'none') {
    if (rotaryDim % 2 !== 0 || rotaryDim > s.HS) throw new RangeError(`${name}: RoPE needs an even rotaryDim <= HS, got ${rotaryDim}`);
    requireWords(name, 'freqs', freqs!, rotaryDim / 2, `(rotaryDim / 2) = (${rotaryDim / 2})`);
  }
  return { NH: s.NH, NKV: s.NKV, HS: s.HS, pos0: s.pos0, rotaryDim };
}

/** The caches (maxS, NKV, HS) of a shape, and its positions pos0..pos0 + T - 1 inside them: the forward's and gemv's qkvCache's check. */
export function checkCacheRows(name: string, kCache: BufferArg, vCache: BufferArg, s: KvCacheShape): void {
  requirePositive(name, { maxS: s.maxS });
  if (s.pos0 + s.T > s.maxS) throw new RangeError(`${name}: positions ${s.pos0}..${s.pos0 + s.T - 1} exceed the cache of ${s.maxS}`);
  for (const [cacheName, cache] of [['kCache', kCache], ['vCache', vCache]] as const) {
    requireWords(name, cacheName, cache, s.maxS * s.NKV * s.HS, `(maxS, NKV, HS) = (${s.maxS}, ${s.NKV}, ${s.HS})`);
  }
}

/**
 * Binds a kvcache program, forward or backward: freqs must be given exactly when the variant
 * rotates; each shape's dims and RoPE are checked against them, then by `check` (the buffers the
 * direction has), and planned as LANES invocations per (token, head slot).
 */
export function bindRows<S extends KvCacheBackwardShape>(
  name: string,
  kernel: Kernel<KvCacheShaderOptions, typeof kvcacheContract.spec.params>,
  buffers: Readonly<Record<string, BufferArg | undefined>>,
  shape: S,
  check: (s: S) => void,
): Bound<S> {
  const { rope } = kernel.options;
  const { freqs } = buffers;
  if ((rope !== 'none') !== (freqs !== undefined)) {
    throw new TypeError(`${name}: the ${rope} variant ${rope === 'none' ? 'takes no' : 'needs a'} freqs buffer`);
  }
  return kernel.bind(buffers, (s: S) => {
    const rows = checkHeadRows(name, rope, freqs, s);
    check(s);
    return {
      params: { T: s.T, ...rows },
      workgroups: grid(kernel.gpu, ceilDiv(s.T * (s.NH + 2 * s.NKV) * kernel.constants.LANES, kernel.constants.THREADS)),
    };
  }, shape);
}

export class KvCache extends KernelHost<KvCacheShaderOptions, typeof kvcacheContract.spec.params> {
  static async create(gpu: Gpu, variant: KvCacheVariant): Promise<KvCache> {
    checkVariant('kvcache', variant, { rope: ROPES });
    return new KvCache(await Kernel.forVariant(gpu, kvcacheProgram, variant));
  }

  /** `freqs` (RoPE variants only): turns per position of each rotated pair, see ropeFrequencyTurns(). */
  bind(b: KvCacheBuffers, shape: KvCacheShape): Bound<KvCacheShape> {
    const { qkv, q, kCache, vCache, freqs } = b;
    return bindRows('kvcache', this.kernel, { qkv, q, kCache, vCache, freqs }, shape, (s) => {
      checkCacheRows('kvcache', kCache, vCache, s);
      const rows = (n: number) => `(T, ${n}, HS) = (${s.T}, ${n}, ${s.HS})`;
      requireWords('kvcache', 'qkv', qkv, s.T * (s.NH + 2 * s.NKV) * s.HS, rows(s.NH + 2 * s.NKV));
      requireWords('kvcache', 'q', q, s.T * s.NH * s.HS, rows(s.NH));
    });
  }
}
