// Rope host: rotary position embedding of x (T, NH, HS) for queries (NH heads) or keys (NKV heads:
// pass them as NH), in place or into y. Validates shapes, plans a flat grid over pair slots.
// Shader: shaders/rope.ts; reference: src/reference/rope.ts; tests: tests/kernels/cases/rope.ts.

import { ropeShader, type RopeLayout } from '../../shaders/rope.js';
import type { Gpu } from '../gpu/device.js';
import type { ProfileName, Tuning } from '../gpu/profile.js';
import { bindKernel, flatGrid, requirePositive, requireWords, type Bound, type BufferArg, type FlatTuning, type Plan } from './common.js';

export interface RopeVariant {
  layout: RopeLayout;
  /** Rotate x in place (bind no y); otherwise y gets every dim, rotated or copied. Default false. */
  inPlace?: boolean;
  /** Tuning table to use instead of gpu.profile's (tests run the GPU tuning on SwiftShader). */
  profile?: ProfileName;
}

export interface RopeShape {
  T: number;
  NH: number; // heads in x: query heads, or KV heads when rotating keys
  HS: number;
  pos0: number; // position of row t = 0
  theta: number; // frequency base, e.g. 10000
  rotaryDim?: number; // leading dims rotated per head, even, default HS
}

// GPUs: 256 threads, 2 coalesced pair slots each. Software: 4 threads, 8 consecutive slots each.
const tuning: Tuning<FlatTuning> = {
  gpu: { threads: 256, run: 2, contiguous: false },
  software: { threads: 4, run: 8, contiguous: true },
};

export class Rope {
  private constructor(
    private readonly gpu: Gpu,
    private readonly pipeline: GPUComputePipeline,
    readonly key: string,
    readonly inPlace: boolean,
    private readonly t: FlatTuning,
  ) {}

  static async create(gpu: Gpu, variant: RopeVariant): Promise<Rope> {
    const profile = variant.profile ?? gpu.profile;
    const t = tuning[profile];
    const inPlace = variant.inPlace ?? false;
    const key = `rope/layout=${variant.layout}/inPlace=${+inPlace}/profile=${profile}/threads=${t.threads}/run=${t.run}/contiguous=${+t.contiguous}`;
    const pipeline = await gpu.pipelines.get({
      key,
      code: ropeShader({ layout: variant.layout, inPlace, contiguous: t.contiguous }),
      constants: { THREADS: t.threads, RUN: t.run },
    });
    return new Rope(gpu, pipeline, key, inPlace, t);
  }

  /** Rotates each head's first rotaryDim dims by (pos0 + t) * theta^(-2i/rotaryDim); x and y are (T, NH, HS). */
  bind(buffers: { x: BufferArg; y?: BufferArg }, shape: RopeShape): Bound<RopeShape> {
    if (this.inPlace === (buffers.y !== undefined)) {
      throw new TypeError(`rope: the ${this.inPlace ? 'in-place variant takes no' : 'out-of-place variant needs an output'} y`);
    }
    const list = buffers.y ? [buffers.x, buffers.y] : [buffers.x];
    return bindKernel(this.gpu, this.key, this.pipeline, list, (s: RopeShape) => {
      const shapeText = `(T, NH, HS) = (${s.T}, ${s.NH}, ${s.HS})`;
      requireWords('rope', 'x', buffers.x, s.T * s.NH * s.HS, shapeText);
      if (buffers.y) requireWords('rope', 'y', buffers.y, s.T * s.NH * s.HS, shapeText);
      return this.plan(s);
    }, shape);
  }

  private plan(s: RopeShape): Plan {
    const rotaryDim = s.rotaryDim ?? s.HS;
    requirePositive('rope', { T: s.T, NH: s.NH, HS: s.HS, rotaryDim });
    if (rotaryDim % 2 !== 0 || rotaryDim > s.HS) {
      throw new RangeError(`rope: rotaryDim must be even and <= HS = ${s.HS}, got ${rotaryDim}`);
    }
    if (!(s.theta > 0 && Number.isFinite(s.theta))) throw new RangeError(`rope: theta must be finite and > 0, got ${s.theta}`);
    if (!Number.isInteger(s.pos0) || s.pos0 < 0) throw new RangeError(`rope: pos0 must be an integer >= 0, got ${s.pos0}`);
    const half = rotaryDim / 2;
    const rows = s.T * s.NH;
    // Out of place, the dims past rotaryDim are copied two per slot.
    const slots = this.inPlace ? half : Math.ceil(s.HS / 2);
    const logStep = (-2 * Math.log2(s.theta)) / rotaryDim;
    return {
      params: [rows, s.NH, s.HS, half, slots, s.pos0, { f: logStep }],
      workgroups: flatGrid(this.gpu, rows * slots, this.t),
    };
  }
}
