// Elementwise host (GELU, SiLU, SwiGLU, add over n floats, out of place only), plus the flat-grid
// and buffer-size helpers the other families share. Shader: shaders/elementwise.ts;
// reference: src/reference/elementwise.ts; tests: tests/kernels/cases/elementwise.ts.

import { elementwiseShader, type ElementwiseOp } from '../../shaders/elementwise.js';
import type { Gpu } from '../gpu/device.js';
import type { ProfileName, Tuning } from '../gpu/profile.js';
import { bindKernel, flatGrid, requirePositive, requireWords, type Bound, type BufferArg, type FlatTuning } from './common.js';

export interface ElementwiseVariant {
  op: ElementwiseOp;
  /** Tuning table to use instead of gpu.profile's (tests run the GPU tuning on SwiftShader). */
  profile?: ProfileName;
}

export interface ElementwiseShape {
  n: number;
}

/** Shared by the flat kernels (elementwise, rope, embed): threads per workgroup, items per thread. */
// GPUs: 256 threads, 4 coalesced items each so a 45M-element MLP activation needs 44k workgroups.
// Software: 4 threads each walking its own 16 consecutive items (cache-friendly on a CPU).
const tuning: Tuning<FlatTuning> = {
  gpu: { threads: 256, run: 4, contiguous: false },
  software: { threads: 4, run: 16, contiguous: true },
};

export class Elementwise {
  private constructor(
    private readonly gpu: Gpu,
    private readonly pipeline: GPUComputePipeline,
    readonly key: string,
    readonly op: ElementwiseOp,
    private readonly t: FlatTuning,
  ) {}

  static async create(gpu: Gpu, variant: ElementwiseVariant): Promise<Elementwise> {
    const profile = variant.profile ?? gpu.profile;
    const t = tuning[profile];
    const key = `elementwise/op=${variant.op}/profile=${profile}/threads=${t.threads}/run=${t.run}/contiguous=${+t.contiguous}`;
    const pipeline = await gpu.pipelines.get({
      key,
      code: elementwiseShader({ op: variant.op, contiguous: t.contiguous }),
      constants: { THREADS: t.threads, RUN: t.run },
    });
    return new Elementwise(gpu, pipeline, key, variant.op, t);
  }

  /** y = op(a) or op(a, b) over n floats: a is x (or the gate of swiglu), b is up (or the addend). */
  bind(buffers: { a: BufferArg; b?: BufferArg; y: BufferArg }, shape: ElementwiseShape): Bound<ElementwiseShape> {
    const { a, b, y } = buffers;
    const name = `elementwise ${this.op}`;
    const binary = this.op === 'swiglu' || this.op === 'add';
    if (binary !== (b !== undefined)) throw new TypeError(`${name}: ${binary ? 'needs' : 'takes no'} second input b`);
    return bindKernel(this.gpu, this.key, this.pipeline, b ? [a, b, y] : [a, y], (s: ElementwiseShape) => {
      requirePositive(name, { n: s.n });
      for (const [label, buffer] of Object.entries({ a, b, y })) if (buffer) requireWords(name, label, buffer, s.n, `(n) = (${s.n})`);
      return { params: [s.n], workgroups: flatGrid(this.gpu, s.n, this.t) };
    }, shape);
  }
}
