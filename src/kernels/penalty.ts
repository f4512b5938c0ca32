// Repetition penalty host: penalises the logits of distinct context tokens before sampling.
// Shader: shaders/penalty.ts; reference: src/reference/penalty.ts; tests: tests/kernels/cases/penalty.ts.

import { penaltyShader } from '../../shaders/penalty.js';
import type { Gpu } from '../gpu/device.js';
import type { ProfileName, Tuning } from '../gpu/profile.js';
import { bindKernel, ceilDiv, grid, requirePositive, requireWords, type Bound, type BufferArg } from './common.js';

export interface PenaltyVariant {
  /** Tuning table to use instead of gpu.profile's (tests run the GPU tuning on SwiftShader). */
  profile?: ProfileName;
}

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
    private readonly threads: number,
    readonly key: string,
  ) {}

  static async create(gpu: Gpu, variant: PenaltyVariant = {}): Promise<Penalty> {
    const profile = variant.profile ?? gpu.profile;
    const { threads } = tuning[profile];
    const key = `penalty/profile=${profile}/threads=${threads}`;
    return new Penalty(gpu, await gpu.pipelines.get({ key, code: penaltyShader(), constants: { THREADS: threads } }), threads, key);
  }

  bind(b: { ids: BufferArg; logits: BufferArg }, shape: PenaltyShape): Bound<PenaltyShape> {
    return bindKernel(this.gpu, this.key, this.pipeline, [b.ids, b.logits], (s: PenaltyShape) => {
      requirePositive('penalty', { V: s.V });
      if (!(s.penalty > 0)) throw new RangeError(`penalty: penalty must be > 0, got ${s.penalty}`);
      if (!Number.isInteger(s.n) || s.n < 0) throw new RangeError(`penalty: n must be an integer >= 0, got ${s.n}`);
      requireWords('penalty', 'ids', b.ids, s.n, `(n) = (${s.n})`);
      requireWords('penalty', 'logits', b.logits, s.V, `(V) = (${s.V})`);
      return { params: [s.n, s.V, { f: s.penalty }], workgroups: grid(this.gpu, ceilDiv(s.n, this.threads)) };
    }, shape);
  }
}
