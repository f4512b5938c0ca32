// Global-norm host: binds every gradient buffer of a model at once. GradNormBound records one
// partial dispatch per buffer (each at its own base slot of a partials scratch it owns), then the
// finalize that writes the norm (read back for logging) and the clip scale (read by AdamW on the
// GPU). Not the optimizer. Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import { createStorage } from '../../gpu/buffers.js';
import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { ceilDiv, grid, requirePositive, requireWords, type BufferArg, type MultiBound } from '../common.js';
import { Kernel, KernelHost, type KernelPlan, type Program } from '../contract.js';
import { traitsOf, type DeviceTraits, type ProgramCatalog, type VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import { gradNormFinalizeContract, gradNormPartialContract, type GradNormShaderOptions, type GradNormShape } from './shader.js';

export type { GradNormShape };

export type GradNormVariant = VariantBase;

export interface GradNormBuffers {
  grads: ReadonlyArray<BufferArg>; // one per gradient tensor, sizes[i] floats each
  norm: BufferArg; // (1)
  scale: BufferArg; // (1)
}

// GPUs: 256 threads x 4 strided elements per chunk (a 50M-float model leaves ~49k partials, which
// the finalize's 256 threads sum in ~190 steps each). Software: 4 threads x 16 contiguous.
const tuning: Tuning<{ threads: number; run: number; contiguous: boolean }> = {
  gpu: { threads: 256, run: 4, contiguous: false },
  software: { threads: 4, run: 16, contiguous: true },
};

/** The partial sums of squares on a device with these traits. */
export function gradNormPartialProgram(_v: GradNormVariant, traits: DeviceTraits): Program<GradNormShaderOptions> {
  const t = tuning[traits.profile];
  return { contract: gradNormPartialContract, options: { contiguous: t.contiguous }, constants: { THREADS: t.threads, RUN: t.run } };
}

/** The finalize on a device with these traits. */
export function gradNormFinalizeProgram(traits: DeviceTraits): Program<GradNormShaderOptions> {
  const t = tuning[traits.profile];
  return { contract: gradNormFinalizeContract, options: { contiguous: t.contiguous }, constants: { THREADS: t.threads } };
}

/** Every program the family can run, for the shader snapshot. */
export const programs: ProgramCatalog = (traits) => [gradNormPartialProgram({}, traits), gradNormFinalizeProgram(traits)];

/** The partial dispatches, one per gradient buffer, then the finalize. */
export type GradNormBound = MultiBound<GradNormShape>;

export class GradNorm extends KernelHost<GradNormShaderOptions, typeof gradNormPartialContract.spec.params> {
  private constructor(
    kernel: Kernel<GradNormShaderOptions, typeof gradNormPartialContract.spec.params>,
    private readonly finalize: Kernel<GradNormShaderOptions, typeof gradNormFinalizeContract.spec.params>,
  ) {
    super(kernel);
  }

  static async create(gpu: Gpu, variant: GradNormVariant = {}): Promise<GradNorm> {
    checkVariant('gradnorm', variant, {});
    const traits = traitsOf(gpu, variant);
    const [partial, finalize] = await Promise.all([
      Kernel.fromProgram(gpu, gradNormPartialProgram(variant, traits)),
      Kernel.fromProgram(gpu, gradNormFinalizeProgram(traits)),
    ]);
    return new GradNorm(partial, finalize);
  }

  /** Elements one partial sums. */
  private get chunk(): number {
    return this.kernel.constants.THREADS * this.kernel.constants.RUN;
  }

  /**
   * norm = sqrt(sum of grads[i]^2 over the first sizes[i] floats of every buffer) and
   * scale = min(1, maxNorm / (norm + 1e-6)) (1 with maxNorm = 0). Allocates the partials scratch
   * for these sizes: update() may shrink them, not grow them. Call destroy() on the result to free it.
   */
  bind(buffers: GradNormBuffers, shape: GradNormShape): GradNormBound {
    const { grads, norm, scale } = buffers;
    // Checks a shape; returns the slot of each buffer's first chunk in partials, then the total.
    const bases = (s: GradNormShape): number[] => {
      if (s.sizes.length !== grads.length) throw new RangeError(`gradnorm: ${s.sizes.length} sizes for ${grads.length} gradient buffers`);
      if (!(s.maxNorm >= 0 && Number.isFinite(s.maxNorm))) throw new RangeError(`gradnorm: maxNorm must be finite and >= 0 (0: no clipping), got ${s.maxNorm}`);
      const base = [0];
      s.sizes.forEach((n, i) => {
        requirePositive('gradnorm', { [`sizes[${i}]`]: n });
        requireWords('gradnorm', `grads[${i}]`, grads[i], n, `(${n})`);
        base.push(base[i] + ceilDiv(n, this.chunk));
      });
      return base;
    };
    if (grads.length === 0) throw new RangeError('gradnorm: no gradient buffers');
    requireWords('gradnorm', 'norm', norm, 1, '(1)');
    requireWords('gradnorm', 'scale', scale, 1, '(1)');
    const capacity = bases(shape)[grads.length];
    const within = (s: GradNormShape): number[] => {
      const base = bases(s);
      if (base[grads.length] > capacity) throw new RangeError(`gradnorm: the sizes need ${base[grads.length]} partials, more than the ${capacity} bound`);
      return base;
    };
    const partials = createStorage(this.gpu.device, capacity * 4, 'gradnorm:partials');
    const parts = grads.map((grad, i) =>
      this.kernel.bind({ grad, partials }, (s: GradNormShape): KernelPlan<typeof gradNormPartialContract.spec.params> => {
        const base = within(s);
        return { params: { n: s.sizes[i], base: base[i] }, workgroups: grid(this.gpu, base[i + 1] - base[i]) };
      }, shape));
    const finalPlan = (s: GradNormShape): KernelPlan<typeof gradNormFinalizeContract.spec.params> => ({
      params: { count: within(s)[grads.length], maxNorm: s.maxNorm },
      workgroups: [1],
    });
    return this.finalize.bindWith({ partials, norm, scale }, finalPlan, shape, { before: parts, scratch: [partials] });
  }
}
