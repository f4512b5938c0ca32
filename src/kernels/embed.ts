// Embed host: token rows of wte plus, in one variant, learned positions wpe; checks shapes against
// buffer sizes but not ids (an id >= V gives a zero row; the model validates ids before upload).
// Shader: shaders/embed.ts; reference: src/reference/embed.ts; tests: tests/kernels/cases/embed.ts.

import { embedShader } from '../../shaders/embed.js';
import type { Gpu } from '../gpu/device.js';
import type { ProfileName, Tuning } from '../gpu/profile.js';
import { bindKernel, flatGrid, requirePositive, requireWords, type Bound, type BufferArg, type FlatTuning } from './common.js';

export interface EmbedVariant {
  /** Add learned positions wpe[pos0 + t] (GPT-2); false for models with RoPE. */
  positions: boolean;
  /** Tuning table to use instead of gpu.profile's (tests run the GPU tuning on SwiftShader). */
  profile?: ProfileName;
}

export interface EmbedShape {
  T: number;
  C: number;
  V: number;
  pos0: number; // position of ids[0]; used only with wpe
}

// GPUs: 256 threads, 4 coalesced elements each (rows of C are contiguous in wte, wpe and y).
// Software: 4 threads each copying its own 16 consecutive elements.
const tuning: Tuning<FlatTuning> = {
  gpu: { threads: 256, run: 4, contiguous: false },
  software: { threads: 4, run: 16, contiguous: true },
};

export class Embed {
  private constructor(
    private readonly gpu: Gpu,
    private readonly pipeline: GPUComputePipeline,
    readonly key: string,
    readonly positions: boolean,
    private readonly t: FlatTuning,
  ) {}

  static async create(gpu: Gpu, variant: EmbedVariant): Promise<Embed> {
    const profile = variant.profile ?? gpu.profile;
    const t = tuning[profile];
    const key = `embed/positions=${+variant.positions}/profile=${profile}/threads=${t.threads}/run=${t.run}/contiguous=${+t.contiguous}`;
    const pipeline = await gpu.pipelines.get({
      key,
      code: embedShader({ positions: variant.positions, contiguous: t.contiguous }),
      constants: { THREADS: t.threads, RUN: t.run },
    });
    return new Embed(gpu, pipeline, key, variant.positions, t);
  }

  /** y[t] = wte[ids[t]] (+ wpe[pos0 + t]); ids (T) u32, wte (V, C), wpe (P, C), y (T, C). */
  bind(buffers: { ids: BufferArg; wte: BufferArg; wpe?: BufferArg; y: BufferArg }, shape: EmbedShape): Bound<EmbedShape> {
    const { ids, wte, wpe, y } = buffers;
    if (this.positions !== (wpe !== undefined)) {
      throw new TypeError(`embed: the variant ${this.positions ? 'with positions needs' : 'without positions takes no'} wpe`);
    }
    const list = wpe ? [ids, wte, wpe, y] : [ids, wte, y];
    return bindKernel(this.gpu, this.key, this.pipeline, list, (s: EmbedShape) => {
      requirePositive('embed', { T: s.T, C: s.C, V: s.V });
      if (!Number.isInteger(s.pos0) || s.pos0 < 0) throw new RangeError(`embed: pos0 must be an integer >= 0, got ${s.pos0}`);
      requireWords('embed', 'ids', ids, s.T, `(T) = (${s.T})`);
      requireWords('embed', 'wte', wte, s.V * s.C, `(V, C) = (${s.V}, ${s.C})`);
      if (wpe) requireWords('embed', 'wpe', wpe, (s.pos0 + s.T) * s.C, `(pos0 + T, C) = (${s.pos0 + s.T}, ${s.C})`);
      requireWords('embed', 'y', y, s.T * s.C, `(T, C) = (${s.T}, ${s.C})`);
      return { params: [s.T, s.C, s.V, s.pos0], workgroups: flatGrid(this.gpu, s.T * s.C, this.t) };
    }, shape);
  }
}

