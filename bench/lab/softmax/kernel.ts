// Row softmax host: validates shapes, picks the variant, binds buffers. A lab kernel (no model
// path uses it): tested and benchmarked from bench/, not shipped in the package.
// Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import type { Gpu } from '../../../src/gpu/device.js';
import type { Tuning } from '../../../src/gpu/profile.js';
import { grid, requirePositive, type Bound, type BufferArg } from '../../../src/kernels/common.js';
import { Kernel, KernelHost, type Program } from '../../../src/kernels/contract.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from '../../../src/kernels/traits.js';
import { softmaxContract, type SoftmaxShaderOptions, type SoftmaxShape } from './shader.js';

export type { SoftmaxShape };

export interface SoftmaxVariant extends VariantBase {
  causal?: boolean;
}

const tuning: Tuning<{ threads: number; contiguous: boolean }> = {
  gpu: { threads: 256, contiguous: false },
  software: { threads: 4, contiguous: true },
};

/** The program a variant runs on a device with these traits. */
export function softmaxProgram(v: SoftmaxVariant, traits: DeviceTraits): Program<SoftmaxShaderOptions> {
  const t = tuning[traits.profile];
  return { contract: softmaxContract, options: { causal: v.causal ?? false, contiguous: t.contiguous }, constants: { THREADS: t.threads } };
}

/** Every program the family can run, for the shader snapshot. */
export const programs: ProgramCatalog = (traits) => [false, true].map((causal) => softmaxProgram({ causal }, traits));

export class Softmax extends KernelHost<SoftmaxShaderOptions, typeof softmaxContract.spec.params> {
  static async create(gpu: Gpu, variant: SoftmaxVariant = {}): Promise<Softmax> {
    return new Softmax(await Kernel.forVariant(gpu, softmaxProgram, variant));
  }

  /** y = softmax(scale * x) row by row; x and y are (rows, cols). */
  bind(buffers: { x: BufferArg; y: BufferArg }, shape: SoftmaxShape): Bound<SoftmaxShape> {
    return this.kernel.bind(buffers, (s: SoftmaxShape) => {
      requirePositive('softmax', { rows: s.rows, cols: s.cols });
      return { params: { rows: s.rows, cols: s.cols, scale: s.scale ?? 1 }, workgroups: grid(this.gpu, s.rows) };
    }, shape);
  }
}
