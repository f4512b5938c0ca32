// Norm backward host: dx for LayerNorm and RMSNorm row by row, then dgamma (and dbeta) column by
// column, recorded as two dispatches by one Bound that also owns the rows' (mean, rstd) scratch the
// first leaves for the second. Not the forward (kernel.ts). Shader: shader.ts; reference:
// reference.ts (layernormBackward, rmsnormBackward); cases: cases.ts.

import { createStorage } from '../../gpu/buffers.js';
import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { ceilDiv, grid, requirePositive, requireWords, type BufferArg, type MultiBound } from '../common.js';
import { Kernel, KernelHost, type KernelPlan, type Program } from '../contract.js';
import { traitsOf, type DeviceTraits, type VariantBase } from '../traits.js';
import { checkVariant, FLAG } from '../variant.js';
import {
  NORM_KINDS,
  normBackwardContract,
  normParamGradContract,
  type NormBackwardShaderOptions,
  type NormKind,
  type NormParamGradShaderOptions,
  type NormShape,
} from './shader.js';

export interface NormBackwardVariant extends VariantBase {
  kind: NormKind;
  /** dgamma (and dbeta) += this call's gradient instead of =: a parameter used in several places. */
  accumulate?: boolean;
  /** dx += this call's gradient instead of =: the residual stream's gradient, summed in place. */
  accumulateDx?: boolean;
}

export interface NormBackwardBuffers {
  x: BufferArg; // (rows, C) the forward's input
  gamma: BufferArg; // (C)
  dy: BufferArg; // (rows, C) gradient of the forward's output
  dx: BufferArg; // (rows, C)
  dgamma: BufferArg; // (C)
  dbeta?: BufferArg; // (C) LayerNorm only
}

// dx: as the forward (kernel.ts), whose passes it repeats: 256 threads striding the row on GPUs,
// 4 threads each owning a contiguous quarter on software adapters. Parameter gradients: a thread
// per column with no barriers; 256 on GPUs, 64 on software adapters (fewer, larger workgroups).
const tuning: Tuning<{ threads: number; contiguous: boolean; columnThreads: number }> = {
  gpu: { threads: 256, contiguous: false, columnThreads: 256 },
  software: { threads: 4, contiguous: true, columnThreads: 64 },
};

/** The dx program a variant runs on a device with these traits. */
export function normBackwardProgram(v: NormBackwardVariant, traits: DeviceTraits): Program<NormBackwardShaderOptions> {
  const t = tuning[traits.profile];
  return {
    contract: normBackwardContract,
    options: { kind: v.kind, contiguous: t.contiguous, accumulate: v.accumulateDx ?? false },
    constants: { THREADS: t.threads },
  };
}

/** The dgamma/dbeta program a variant runs on a device with these traits. */
export function normParamGradProgram(v: NormBackwardVariant, traits: DeviceTraits): Program<NormParamGradShaderOptions> {
  return {
    contract: normParamGradContract,
    options: { kind: v.kind, accumulate: v.accumulate ?? false },
    constants: { THREADS: tuning[traits.profile].columnThreads },
  };
}

/** A bound norm backward: the dx dispatch, then the parameter-gradient dispatch that reads its stats. */
export type NormBackwardBound = MultiBound<NormShape>;

export class NormBackward extends KernelHost<NormBackwardShaderOptions, typeof normBackwardContract.spec.params> {
  private constructor(
    kernel: Kernel<NormBackwardShaderOptions, typeof normBackwardContract.spec.params>,
    private readonly paramKernel: Kernel<NormParamGradShaderOptions, typeof normParamGradContract.spec.params>,
  ) {
    super(kernel);
  }

  static async create(gpu: Gpu, variant: NormBackwardVariant): Promise<NormBackward> {
    checkVariant('norm backward', variant, { kind: NORM_KINDS, accumulate: FLAG, accumulateDx: FLAG });
    const traits = traitsOf(gpu, variant);
    const [kernel, paramKernel] = await Promise.all([
      Kernel.fromProgram(gpu, normBackwardProgram(variant, traits)),
      Kernel.fromProgram(gpu, normParamGradProgram(variant, traits)),
    ]);
    return new NormBackward(kernel, paramKernel);
  }

  get kind(): NormKind {
    return this.kernel.options.kind;
  }

  /**
   * dx, dgamma and (LayerNorm) dbeta from the forward's x and gamma and the output gradient dy;
   * the statistics are recomputed from x. dx, dgamma and dbeta may not alias an input (WebGPU
   * refuses a writable binding that overlaps another). Allocates 8 bytes per row of scratch for this
   * shape's rows: update() may change C and eps, and rows up to these. Call destroy() on the result
   * to free it.
   */
  bind(buffers: NormBackwardBuffers, shape: NormShape): NormBackwardBound {
    const name = `${this.kind}norm backward`;
    const { x, gamma, dy, dx, dgamma, dbeta } = buffers;
    const layer = this.kind === 'layer';
    if (layer !== (dbeta !== undefined)) throw new TypeError(`${name}: ${layer ? 'needs' : 'takes no'} dbeta buffer`);
    const capacity = shape.rows;
    const validate = (s: NormShape): void => {
      requirePositive(name, { rows: s.rows, C: s.C });
      if (!(s.eps >= 0 && Number.isFinite(s.eps))) throw new RangeError(`${name}: eps must be finite and >= 0, got ${s.eps}`);
      if (s.rows > capacity) throw new RangeError(`${name}: bound for at most ${capacity} rows (its stats scratch), got ${s.rows}`);
      const rowsC = `(rows, C) = (${s.rows}, ${s.C})`;
      for (const [label, b] of Object.entries({ x, dy, dx })) requireWords(name, label, b, s.rows * s.C, rowsC);
      for (const [label, b] of Object.entries({ gamma, dgamma, dbeta })) if (b) requireWords(name, label, b, s.C, `(C) = (${s.C})`);
    };
    validate(shape); // before the scratch is allocated
    const stats = createStorage(this.gpu.device, capacity * 2 * 4, `${name}:stats`);
    const rowPlan = (s: NormShape): KernelPlan<typeof normBackwardContract.spec.params> => {
      validate(s);
      return { params: s, workgroups: grid(this.gpu, s.rows) };
    };
    const columnPlan = (s: NormShape): KernelPlan<typeof normParamGradContract.spec.params> => {
      validate(s);
      return { params: { rows: s.rows, C: s.C }, workgroups: grid(this.gpu, ceilDiv(s.C, this.paramKernel.constants.THREADS)) };
    };
    const paramGrads = this.paramKernel.bind({ x, dy, stats, dgamma, dbeta }, columnPlan, shape);
    return this.kernel.bindWith({ x, gamma, dy, dx, stats }, rowPlan, shape, { after: [paramGrads], scratch: [stats] });
  }
}
