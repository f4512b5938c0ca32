// Row softmax host: validates shapes, picks the variant, binds buffers. Shader:
// shaders/softmax.ts; reference: src/reference/softmax.ts; tests: tests/kernels/cases/softmax.ts.

import { softmaxShader } from '../../shaders/softmax.js';
import type { Gpu } from '../gpu/device.js';
import type { ProfileName, Tuning } from '../gpu/profile.js';
import { bindKernel, grid, requirePositive, type Bound, type BufferArg } from './common.js';

export interface SoftmaxVariant {
  causal?: boolean;
  /** Tuning table to use instead of gpu.profile's (tests run the GPU tuning on SwiftShader). */
  profile?: ProfileName;
}

export interface SoftmaxShape {
  rows: number;
  cols: number;
  scale?: number;
}

const tuning: Tuning<{ threads: number; contiguous: boolean }> = {
  gpu: { threads: 256, contiguous: false },
  software: { threads: 4, contiguous: true },
};

export class Softmax {
  private constructor(
    private readonly gpu: Gpu,
    private readonly pipeline: GPUComputePipeline,
    readonly key: string,
  ) {}

  static async create(gpu: Gpu, variant: SoftmaxVariant = {}): Promise<Softmax> {
    const profile = variant.profile ?? gpu.profile;
    const t = tuning[profile];
    const causal = variant.causal ?? false;
    const key = `softmax/causal=${+causal}/profile=${profile}/threads=${t.threads}/contiguous=${+t.contiguous}`;
    const pipeline = await gpu.pipelines.get({
      key,
      code: softmaxShader({ causal, contiguous: t.contiguous }),
      constants: { THREADS: t.threads },
    });
    return new Softmax(gpu, pipeline, key);
  }

  /** y = softmax(scale * x) row by row; x and y are (rows, cols). */
  bind(buffers: { x: BufferArg; y: BufferArg }, shape: SoftmaxShape): Bound<SoftmaxShape> {
    return bindKernel(this.gpu, this.key, this.pipeline, [buffers.x, buffers.y], (s: SoftmaxShape) => {
      requirePositive('softmax', { rows: s.rows, cols: s.cols });
      return { params: [s.rows, s.cols, { f: s.scale ?? 1 }], workgroups: grid(this.gpu, s.rows) };
    }, shape);
  }
}
