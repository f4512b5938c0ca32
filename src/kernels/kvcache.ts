// kvcache host: split qkv into q and the KV cache at pos0, with RoPE fused. Shader:
// shaders/kvcache.ts; reference: src/reference/kvcache.ts; tests: tests/kernels/cases/kvcache.ts.

import { kvcacheShader } from '../../shaders/kvcache.js';
import type { Gpu } from '../gpu/device.js';
import type { ProfileName, Tuning } from '../gpu/profile.js';
import { bindKernel, ceilDiv, grid, requirePositive, requireWords, type Bound, type BufferArg } from './common.js';

export interface KvCacheVariant {
  rope: 'none' | 'interleaved' | 'half';
  /** Tuning table to use instead of gpu.profile's (tests run the GPU tuning on SwiftShader). */
  profile?: ProfileName;
}

export interface KvCacheShape {
  T: number;
  NH: number;
  NKV: number;
  HS: number;
  pos0: number;
  /** Positions the cache buffers hold. */
  maxS: number;
  /** Dimensions rotated per head (default HS); `freqs` holds rotaryDim / 2 entries. */
  rotaryDim?: number;
}

const tuning: Tuning<{ threads: number }> = {
  gpu: { threads: 64 },
  software: { threads: 4 },
};

export class KvCache {
  private constructor(
    private readonly gpu: Gpu,
    private readonly pipeline: GPUComputePipeline,
    private readonly rope: KvCacheVariant['rope'],
    private readonly threads: number,
    readonly key: string,
  ) {}

  static async create(gpu: Gpu, variant: KvCacheVariant): Promise<KvCache> {
    const profile = variant.profile ?? gpu.profile;
    const { threads } = tuning[profile];
    const key = `kvcache/rope=${variant.rope}/profile=${profile}/threads=${threads}`;
    const pipeline = await gpu.pipelines.get({ key, code: kvcacheShader({ rope: variant.rope }), constants: { THREADS: threads } });
    return new KvCache(gpu, pipeline, variant.rope, threads, key);
  }

  /** `freqs` (RoPE variants only): turns per position of each rotated pair, see ropeFrequencyTurns(). */
  bind(b: { qkv: BufferArg; q: BufferArg; kCache: BufferArg; vCache: BufferArg; freqs?: BufferArg }, shape: KvCacheShape): Bound<KvCacheShape> {
    if ((this.rope !== 'none') !== (b.freqs !== undefined)) {
      throw new TypeError(`kvcache: the ${this.rope} variant ${this.rope === 'none' ? 'takes no' : 'needs a'} freqs buffer`);
    }
    const buffers = [b.qkv, b.q, b.kCache, b.vCache, ...(b.freqs ? [b.freqs] : [])];
    return bindKernel(this.gpu, this.key, this.pipeline, buffers, (s: KvCacheShape) => {
      requirePositive('kvcache', { T: s.T, NH: s.NH, NKV: s.NKV, HS: s.HS, maxS: s.maxS });
      if (s.pos0 + s.T > s.maxS) throw new RangeError(`kvcache: positions ${s.pos0}..${s.pos0 + s.T - 1} exceed the cache of ${s.maxS}`);
      const rotaryDim = s.rotaryDim ?? s.HS;
      if (this.rope !== 'none') {
        if (rotaryDim % 2 !== 0 || rotaryDim > s.HS) throw new RangeError(`kvcache: RoPE needs an even rotaryDim <= HS, got ${rotaryDim}`);
        requireWords('kvcache', 'freqs', b.freqs!, rotaryDim / 2, `(rotaryDim / 2) = (${rotaryDim / 2})`);
      }
      const invocations = s.T * (s.NH + 2 * s.NKV);
      return {
        params: [s.T, s.NH, s.NKV, s.HS, s.pos0, rotaryDim],
        workgroups: grid(this.gpu, ceilDiv(invocations, this.threads)),
      };
    }, shape);
  }
}
