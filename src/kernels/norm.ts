// Norm host: LayerNorm (gamma, beta) and RMSNorm (gamma) over rows of C, one workgroup per row.
// Validates shapes, picks the variant, binds buffers; no fused residual. Shader: shaders/norm.ts;
// reference: src/reference/norm.ts; tests: tests/kernels/cases/norm.ts.

import { normShader, type NormKind } from '../../shaders/norm.js';
import type { Gpu } from '../gpu/device.js';
import type { ProfileName, Tuning } from '../gpu/profile.js';
import { bindKernel, grid, requirePositive, requireWords, type Bound, type BufferArg } from './common.js';

export interface NormVariant {
  kind: NormKind;
  /** Tuning table to use instead of gpu.profile's (tests run the GPU tuning on SwiftShader). */
  profile?: ProfileName;
}

export interface NormShape {
  rows: number;
  C: number;
  eps: number;
}

// GPUs: 256 threads striding the row (C = 768..8192 gives 3..32 coalesced loads per thread).
// Software: 4 threads, each summing its own contiguous quarter of the row.
const tuning: Tuning<{ threads: number; contiguous: boolean }> = {
  gpu: { threads: 256, contiguous: false },
  software: { threads: 4, contiguous: true },
};

export class Norm {
  private constructor(
    private readonly gpu: Gpu,
    private readonly pipeline: GPUComputePipeline,
    readonly key: string,
    readonly kind: NormKind,
  ) {}

  static async create(gpu: Gpu, variant: NormVariant): Promise<Norm> {
    const profile = variant.profile ?? gpu.profile;
    const t = tuning[profile];
    const key = `norm/kind=${variant.kind}/profile=${profile}/threads=${t.threads}/contiguous=${+t.contiguous}`;
    const pipeline = await gpu.pipelines.get({
      key,
      code: normShader({ kind: variant.kind, contiguous: t.contiguous }),
      constants: { THREADS: t.threads },
    });
    return new Norm(gpu, pipeline, key, variant.kind);
  }

  /** y = norm(x) * gamma (+ beta for LayerNorm), row by row; x and y are (rows, C), gamma and beta (C). */
  bind(buffers: { x: BufferArg; gamma: BufferArg; beta?: BufferArg; y: BufferArg }, shape: NormShape): Bound<NormShape> {
    const name = `${this.kind}norm`;
    if ((this.kind === 'layer') !== (buffers.beta !== undefined)) {
      throw new TypeError(`${name}: ${this.kind === 'layer' ? 'needs' : 'takes no'} beta`);
    }
    const { x, gamma, beta, y } = buffers;
    const list = beta ? [x, gamma, beta, y] : [x, gamma, y];
    return bindKernel(this.gpu, this.key, this.pipeline, list, (s: NormShape) => {
      requirePositive(name, { rows: s.rows, C: s.C });
      if (!(s.eps >= 0 && Number.isFinite(s.eps))) throw new RangeError(`${name}: eps must be finite and >= 0, got ${s.eps}`);
      const rowsC = `(rows, C) = (${s.rows}, ${s.C})`;
      requireWords(name, 'x', x, s.rows * s.C, rowsC);
      requireWords(name, 'y', y, s.rows * s.C, rowsC);
      requireWords(name, 'gamma', gamma, s.C, `(C) = (${s.C})`);
      if (beta) requireWords(name, 'beta', beta, s.C, `(C) = (${s.C})`);
      return { params: [s.rows, s.C, { f: s.eps }], workgroups: grid(this.gpu, s.rows) };
    }, shape);
  }
}
