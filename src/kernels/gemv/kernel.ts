// Gemv host (decode: one row, or a few rows as separate workgroup columns): picks the reduction
// (subgroups or workgroup memory) and plans the grid; the vec4 or scalar program is picked by K
// and N at bind time, and the variant, buffer and shape rules it shares with Matmul are in
// ../linear.ts. Shader: shader.ts; reference: ../matmul/reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { ceilDiv, type Bound } from '../common.js';
import {
  epilogueOf,
  LinearHost,
  LinearPipelines,
  linearPrograms,
  type LinearBuffers,
  type LinearProgram,
  type LinearProgramVariant,
  type LinearVariant,
} from '../linear.js';
import type { DeviceTraits, ProgramCatalog } from '../traits.js';
import { gemvContract, type GemvShaderOptions, type GemvShape } from './shader.js';

export type { GemvShape };

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

/** The program a variant runs with a load width, on a device with these traits. */
export function gemvProgram(v: LinearProgramVariant, traits: DeviceTraits): LinearProgram<GemvShaderOptions> {
  const t = tuning[traits.profile];
  const io = epilogueOf(v);
  // Only 'nk' reduces across the whole workgroup; 'kn' lanes sharing an output are not one subgroup.
  const subgroups = traits.subgroups && io.layout === 'nk';
  return {
    contract: gemvContract,
    options: { ...io, vec4: v.vec4, subgroups },
    constants: { THREADS: t.threads, OL: lanesN(io.layout, t) },
  };
}

/** Lanes along N: 4 outputs each. */
function lanesN(layout: 'nk' | 'kn', t: GemvTuning): number {
  return layout === 'nk' ? 1 : t.knLanes;
}

/** Every program the family can run, for the shader snapshot. */
export const programs: ProgramCatalog = linearPrograms(gemvProgram);

export class Gemv extends LinearHost<GemvShaderOptions> {
  static async create(gpu: Gpu, variant: LinearVariant): Promise<Gemv> {
    return new Gemv(await LinearPipelines.build(gpu, 'gemv', gemvProgram, variant));
  }

  /** As Matmul.bind: y = act(x W^T + bias) + residual, one column of workgroups per row of x. */
  bind(b: LinearBuffers, shape: GemvShape): Bound<GemvShape> {
    const outputs = 4 * this.pipelines.constants.OL; // per workgroup: 4 per lane along N
    return this.pipelines.bind(b, shape, (s) => {
      const groups = ceilDiv(s.N, outputs);
      return { groups, workgroups: s.T * groups };
    });
  }
}
