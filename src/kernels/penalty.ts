// Repetition penalty host: penalises the logits of distinct context tokens before sampling.
// Shader: shaders/penalty.ts; reference: src/reference/penalty.ts; tests: tests/kernels/cases/penalty.ts.

import { penaltyShader } from '../../shaders/penalty.js';
import type { Gpu } from '../gpu/device.js';
import type { Tuning } from '../gpu/profile.js';
import { bindKernel, ceilDiv, requirePositive, type Bound, type BufferArg } from './common.js';

export interface PenaltyShape {
  /** Distinct ids in the ids buffer (0 records nothing). */
  n: number;
  V: number;
  penalty: number;
}

const tuning: Tuning<{ threads: number }> = {
  gpu: { threads: 64 },
  software: { threads: 4 },
};

export class Penalty {
  private constructor(
    private readonly gpu: Gpu,
    private readonly pipeline: GPUComputePipeline,
    readonly key: string,
  ) {}

  static async create(gpu: Gpu): Promise<Penalty> {
    const threads = tuning[gpu.profile].threads;
    const key = `penalty/threads=${threads}`;
    return new Penalty(gpu, await gpu.pipelines.get({ key, code: penaltyShader(), constants: { THREADS: threads } }), key);
  }

  bind(b: { ids: BufferArg; logits: BufferArg }, shape: PenaltyShape): Bound<PenaltyShape> {
    const threads = tuning[this.gpu.profile].threads;
    return bindKernel(this.gpu, this.key, this.pipeline, [b.ids, b.logits], (s: PenaltyShape) => {
      requirePositive('penalty', { V: s.V });
      if (!(s.penalty > 0)) throw new RangeError(`penalty: penalty must be > 0, got ${s.penalty}`);
      return { params: [s.n, s.V, { f: s.penalty }], workgroups: [ceilDiv(s.n, threads)] };
    }, shape);
  }
}
