// Repetition penalty host: penalises the logits of distinct context tokens before sampling.
// Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { ceilDiv, grid, requirePositive, requireWords, type Bound, type BufferArg } from '../common.js';
import { Kernel, KernelHost, type Program } from '../contract.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from '../traits.js';
import { penaltyContract, type PenaltyShaderOptions, type PenaltyShape } from './shader.js';

export type { PenaltyShape };

export type PenaltyVariant = VariantBase;

const tuning: Tuning<{ threads: number }> = {
  gpu: { threads: 64 },
  software: { threads: 4 },
};

/** The program a variant runs on a device with these traits. */
export function penaltyProgram(_v: PenaltyVariant, traits: DeviceTraits): Program<PenaltyShaderOptions> {
  return { contract: penaltyContract, options: {}, constants: { THREADS: tuning[traits.profile].threads } };
}

/** Every program the family can run, for the shader snapshot. */
export const programs: ProgramCatalog = (traits) => [penaltyProgram({}, traits)];

export class Penalty extends KernelHost<PenaltyShaderOptions, typeof penaltyContract.spec.params> {
  static async create(gpu: Gpu, variant: PenaltyVariant = {}): Promise<Penalty> {
    return new Penalty(await Kernel.forVariant(gpu, penaltyProgram, variant));
  }

  /** logits[ids[i]] divided (positive) or multiplied (negative) by penalty, for i < n; ids (n) u32, logits (V). */
  bind(b: { ids: BufferArg; logits: BufferArg }, shape: PenaltyShape): Bound<PenaltyShape> {
    return this.kernel.bind(b, (s: PenaltyShape) => {
      requirePositive('penalty', { V: s.V });
      if (!(s.penalty > 0)) throw new RangeError(`penalty: penalty must be > 0, got ${s.penalty}`);
      if (!Number.isInteger(s.n) || s.n < 0) throw new RangeError(`penalty: n must be an integer >= 0, got ${s.n}`);
      requireWords('penalty', 'ids', b.ids, s.n, `(n) = (${s.n})`);
      requireWords('penalty', 'logits', b.logits, s.V, `(V) = (${s.V})`);
      return { params: s, workgroups: grid(this.gpu, ceilDiv(s.n, this.kernel.constants.THREADS)) };
    }, shape);
  }
}
