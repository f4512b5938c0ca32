// kvcache backward host: the gradient of the qkv split with RoPE, dqkv from dq, dk and dv (dq and
// dk turned back by -angle, dv copied), one dispatch. Validates shapes and buffer sizes, binds.
// Not the forward (kernel.ts, whose tuning and checks it shares). Shader: shader.ts
// (kvcacheBackwardContract); reference: splitQkvBackward in reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import { requireWords, type Bound, type BufferArg } from '../common.js';
import { Kernel, KernelHost } from '../contract.js';
import { checkVariant } from '../variant.js';
import { bindRows, kvcacheBackwardProgram, type KvCacheVariant } from './kernel.js';
import { ROPES, type kvcacheBackwardContract, type KvCacheBackwardShape, type KvCacheShaderOptions } from './shader.js';

export type { KvCacheBackwardShape };

export interface KvCacheBackwardBuffers {
  dq: BufferArg; // (T, NH, HS)
  dk: BufferArg; // (T, NKV, HS): gradients of cache rows pos0..pos0+T-1
  dv: BufferArg; // (T, NKV, HS)
  dqkv: BufferArg; // (T, NH + 2 NKV, HS), written
  /** RoPE variants only: the forward's turns per position of each rotated pair, see ropeFrequencyTurns(). */
  freqs?: BufferArg;
}

export class KvCacheBackward extends KernelHost<KvCacheShaderOptions, typeof kvcacheBackwardContract.spec.params> {
  /** `variant.rope` must be the forward's: the layout the gradients are turned back through. */
  static async create(gpu: Gpu, variant: KvCacheVariant): Promise<KvCacheBackward> {
    checkVariant('kvcache backward', variant, { rope: ROPES });
    return new KvCacheBackward(await Kernel.forVariant(gpu, kvcacheBackwardProgram, variant));
  }

  /** Writes dqkv for rows at positions pos0..pos0+T-1 (the positions the forward rotated them by). */
  bind(b: KvCacheBackwardBuffers, shape: KvCacheBackwardShape): Bound<KvCacheBackwardShape> {
    const { dq, dk, dv, dqkv, freqs } = b;
    return bindRows('kvcache backward', this.kernel, { dq, dk, dv, dqkv, freqs }, shape, (s) => {
      const heads = { dq: s.NH, dk: s.NKV, dv: s.NKV, dqkv: s.NH + 2 * s.NKV };
      for (const [name, n] of Object.entries(heads)) {
        requireWords('kvcache backward', name, b[name as keyof typeof heads], s.T * n * s.HS, `(T, ${n}, HS) = (${s.T}, ${n}, ${s.HS})`);
      }
    });
  }
}
