// Gemv host (decode: one row, or a few rows as separate workgroup columns): picks the reduction
// (subgroups or workgroup memory) and the vec4 or scalar pipeline, plans the grid.
// Shader: shaders/gemv.ts; reference: src/reference/matmul.ts; tests: tests/kernels/cases/gemv.ts.

import { gemvShader } from '../../shaders/gemv.js';
import type { Gpu } from '../gpu/device.js';
import type { Tuning } from '../gpu/profile.js';
import { ceilDiv, type Bound } from './common.js';
import { epilogueOf, LinearPipelines, useSubgroups, type MatmulBuffers, type MatmulShape, type MatmulVariant } from './matmul.js';

interface GemvTuning {
  threads: number;
  /** 'kn' only: lanes along N (4 outputs each); the other threads / knLanes split K. */
  knLanes: number;
}

// GPUs: 256 threads taking turns along K with vec4 loads (coalesced); 'kn' reads 8 lanes x 16
// bytes = 128 contiguous bytes of each W row. SwiftShader: one 4-lane SIMD group; 'nk' lanes take
// turns along K (1.2-1.6x the GB/s of giving each lane a contiguous quarter of K, as each
// gather then touches one cache line), 'kn' lanes own 4 columns each and all of K (no reduction).
const tuning: Tuning<GemvTuning> = {
  gpu: { threads: 256, knLanes: 8 },
  software: { threads: 4, knLanes: 4 },
};

export class Gemv {
  private constructor(
    private readonly pipelines: LinearPipelines,
    /** Outputs per workgroup: 4 per lane along N. */
    private readonly outputs: number,
  ) {}

  static async create(gpu: Gpu, variant: MatmulVariant): Promise<Gemv> {
    const t = tuning[variant.profile ?? gpu.profile];
    const { io, key } = epilogueOf(variant);
    // Only 'nk' reduces across the whole workgroup; 'kn' lanes sharing an output are not one subgroup.
    const subgroups = useSubgroups('gemv', gpu, variant) && io.layout === 'nk';
    const lanesN = io.layout === 'nk' ? 1 : t.knLanes;
    const pipelines = await LinearPipelines.build(gpu, 'gemv', variant, (vec4) => ({
      key: `gemv/${key}/vec4=${+vec4}/subgroups=${+subgroups}/threads=${t.threads}/lanesN=${lanesN}`,
      code: gemvShader({ ...io, vec4, subgroups }),
      constants: { THREADS: t.threads, OL: lanesN },
    }));
    return new Gemv(pipelines, 4 * lanesN);
  }

  keyFor(shape: MatmulShape): string {
    return this.pipelines.keyFor(shape);
  }

  /** As Matmul.bind: y = act(x W^T + bias) + residual, one column of workgroups per row of x. */
  bind(b: MatmulBuffers, shape: MatmulShape): Bound<MatmulShape> {
    return this.pipelines.bind(b, shape, (s) => {
      const groups = ceilDiv(s.N, this.outputs);
      return { groups, workgroups: s.T * groups };
    });
  }
}
