// Sampler host: argmax or seeded sampling of one logit row into a u32 token id on the GPU, so a
// decode step reads back 4 bytes. Not batched (one row per call). Shader: shaders/sample.ts;
// reference: src/reference/sample.ts; tests: tests/kernels/cases/sample.ts.

import { sampleShader } from '../../shaders/sample.js';
import type { Gpu } from '../gpu/device.js';
import type { ProfileName, Tuning } from '../gpu/profile.js';
import { bindKernel, requirePositive, type Bound, type BufferArg, type Plan } from './common.js';

export interface SamplerVariant {
  /** 'argmax' compiles the greedy kernel alone; 'sample' (default) also honours temperature > 0. */
  mode?: 'argmax' | 'sample';
  /** Tuning table to use instead of gpu.profile's (tests run the GPU tuning on SwiftShader). */
  profile?: ProfileName;
}

export interface SampleShape {
  V: number;
  /** <= 0 is greedy; ignored in argmax mode. */
  temperature: number;
  /** 0 (default) is off. */
  topK?: number;
  /** In [0, 1]; filters only strictly inside (0, 1), as in the reference. */
  topP?: number;
  /** In [0, 1]; 0 (default) is off. */
  minP?: number;
  /** The draw uses u = uniformFromSeed(seed, step): advance step once per token. */
  seed?: number;
  step?: number;
  /** The token id goes to out[outIndex] (a slot of a token-history buffer, say). */
  outIndex?: number;
}

// Counts are summed in f32 in the shader's top-k search: exact below 2^24.
const MAX_V = 2 ** 24 - 1;

const tuning: Tuning<{ threads: number; contiguous: boolean }> = {
  gpu: { threads: 256, contiguous: false },
  software: { threads: 4, contiguous: true },
};

export class Sampler {
  private constructor(
    private readonly gpu: Gpu,
    private readonly pipeline: GPUComputePipeline,
    readonly key: string,
  ) {}

  static async create(gpu: Gpu, variant: SamplerVariant = {}): Promise<Sampler> {
    const profile = variant.profile ?? gpu.profile;
    const t = tuning[profile];
    const mode = variant.mode ?? 'sample';
    const key = `sample/mode=${mode}/profile=${profile}/threads=${t.threads}/contiguous=${+t.contiguous}`;
    const pipeline = await gpu.pipelines.get({
      key,
      code: sampleShader({ sample: mode === 'sample', contiguous: t.contiguous }),
      constants: { THREADS: t.threads },
    });
    return new Sampler(gpu, pipeline, key);
  }

  /** out[outIndex] = the token drawn from logits (V); one workgroup. */
  bind(buffers: { logits: BufferArg; out: BufferArg }, shape: SampleShape): Bound<SampleShape> {
    const logitsBytes = bindingBytes(buffers.logits);
    const outBytes = bindingBytes(buffers.out);
    return bindKernel(this.gpu, this.key, this.pipeline, [buffers.logits, buffers.out], (s: SampleShape) => {
      const plan = planSample(s);
      if (s.V * 4 > logitsBytes) throw new RangeError(`sample: logits hold ${logitsBytes / 4} floats, V = ${s.V}`);
      if (((s.outIndex ?? 0) + 1) * 4 > outBytes) throw new RangeError(`sample: out holds ${outBytes / 4} ids, outIndex = ${s.outIndex}`);
      return plan;
    }, shape);
  }
}

function planSample(s: SampleShape): Plan {
  const { V, temperature, topK = 0, topP = 1, minP = 0, seed = 0, step = 0, outIndex = 0 } = s;
  requirePositive('sample', { V });
  if (V > MAX_V) throw new RangeError(`sample: V must be below 2^24, got ${V}`);
  if (Number.isNaN(temperature)) throw new RangeError('sample: temperature is NaN');
  if (!Number.isInteger(topK) || topK < 0) throw new RangeError(`sample: topK must be a non-negative integer, got ${topK}`);
  if (!(topP >= 0 && topP <= 1)) throw new RangeError(`sample: topP must be in [0, 1], got ${topP}`);
  if (!(minP >= 0 && minP <= 1)) throw new RangeError(`sample: minP must be in [0, 1], got ${minP}`);
  for (const [name, value] of Object.entries({ seed, step, outIndex })) {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`sample: ${name} must be a u32, got ${value}`);
  }
  return {
    params: [V, outIndex, { f: temperature }, Math.min(topK, V), { f: topP }, { f: minP }, seed, step],
    workgroups: [1],
  };
}

function bindingBytes(b: BufferArg): number {
  return 'buffer' in b ? (b.size ?? b.buffer.size - (b.offset ?? 0)) : b.size;
}
