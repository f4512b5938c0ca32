// Gemv host (decode: one row, or a few rows as separate workgroup columns): picks the reduction
// (subgroups or workgroup memory) and plans the grid; the vec4 or scalar program is picked by K
// and N at bind time, and the variant, buffer and shape rules it shares with Matmul are in
// ../linear.ts. Shader: shader.ts; reference: ../matmul/reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { isBlockDType } from '../../quant/formats.js';
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
import { traitsOf, type DeviceTraits, type ProgramCatalog } from '../traits.js';
import { gemvContract, type GemvShaderOptions, type GemvShape } from './shader.js';

export type { GemvShape };

interface GemvTuning {
  threads: number;
  /** 'kn' only: lanes along N (4 outputs each); the other threads / knLanes split K. */
  knLanes: number;
  /**
   * 'nk' only: the most vec4 of a W row one lane reads before more lanes share the row (up to
   * threads): a row of fewer than threads * turns vec4 goes to fewer lanes, and the workgroup
   * takes several rows (planned per shape: the `split` param).
   */
  turns: number;
}

// GPUs: 256 threads taking turns along K with vec4 loads (coalesced); 'kn' reads 8 lanes x 16
// bytes = 128 contiguous bytes of each W row. 'nk' rows shorter than 1024 vec4 (K 4096) would
// leave lanes idle: they are shared by fewer lanes, ~4 vec4 each (K 768: 64 lanes, 4 rows groups
// per workgroup; K 64: 4 lanes, 64 groups), as llama.cpp's mul_mat_vec gives a row one warp, not
// a block. SwiftShader: one 4-lane SIMD group; 'nk' lanes take turns along K (1.2-1.6x the GB/s
// of giving each lane a contiguous quarter of K, as each gather then touches one cache line) once
// a row has over 64 vec4 (K 256) per lane; shorter rows each go to one lane, 16 rows a workgroup
// (K 64-256: 1.5-2.5x the GB/s of 4 lanes on 4 rows, whose workgroups cost more than their
// loads); 'kn' lanes own 4 columns each and all of K (no reduction).
const tuning: Tuning<GemvTuning> = {
  gpu: { threads: 256, knLanes: 8, turns: 4 },
  software: { threads: 4, knLanes: 4, turns: 64 },
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

/**
 * 'nk': lanes sharing a W row of K values: the fewest (a power of two <= threads) that leave each
 * at most `turns` vec4; block formats count in blocks of 8 vec4 (lanes take turns by blocks).
 */
export function splitFor(K: number, threads: number, turns: number, blocks: boolean): number {
  const [units, perLane] = blocks ? [K / 32, Math.max(1, turns / 8)] : [Math.ceil(K / 4), turns];
  let split = 1;
  while (split < threads && split * perLane < units) split *= 2;
  return split;
}

export class Gemv extends LinearHost<GemvShaderOptions> {
  private constructor(pipelines: LinearPipelines<GemvShaderOptions>, private readonly turns: number) {
    super(pipelines);
  }

  static async create(gpu: Gpu, variant: LinearVariant): Promise<Gemv> {
    const pipelines = await LinearPipelines.build(gpu, 'gemv', gemvProgram, variant);
    return new Gemv(pipelines, tuning[traitsOf(gpu, variant).profile].turns);
  }

  /** As Matmul.bind: y = act(x W^T + bias) + residual, one column of workgroups per row of x. */
  bind(b: LinearBuffers, shape: GemvShape): Bound<GemvShape> {
    const { THREADS: threads, OL: lanesN } = this.pipelines.constants;
    const nk = this.pipelines.options.layout === 'nk';
    return this.pipelines.bind(b, shape, (s) => {
      const split = nk ? splitFor(s.K, threads, this.turns, isBlockDType(this.pipelines.options.weights)) : 1;
      const outputs = nk ? 4 * (threads / split) : 4 * lanesN; // per workgroup: 4 per group of lanes
      const groups = ceilDiv(s.N, outputs);
      return { groups, workgroups: s.T * groups, extra: { split } };
    });
  }
}
