// AdamW host: validates the hyperparameters, derives 1 - beta and the bias corrections 1 - beta^step in
// float64, and binds one parameter tensor with its gradient, moments and the clip scale. One bound
// call per tensor (update() each step for step and lr). Not the schedule, not clipping (gradnorm).
// Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { flatGrid, requirePositive, requireWords, type Bound, type BufferArg, type FlatTuning } from '../common.js';
import { Kernel, KernelHost, type Program } from '../contract.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import { adamwContract, type AdamwShaderOptions, type AdamwShape } from './shader.js';
import { float32Note, show } from '../../value-words.js';

export type { AdamwShape };

export type AdamwVariant = VariantBase;

export interface AdamwBuffers {
  param: BufferArg; // (n), updated in place
  grad: BufferArg; // (n)
  m: BufferArg; // (n), zero before step 1
  v: BufferArg; // (n), zero before step 1
  clip: BufferArg; // (1) gradient scale (GradNorm's scale output, or 1)
}

// GPUs: 256 threads, 4 coalesced elements each (five streams per element: memory bound).
// Software: 4 threads each walking its own 16 consecutive elements.
const tuning: Tuning<FlatTuning> = {
  gpu: { threads: 256, run: 4, contiguous: false },
  software: { threads: 4, run: 16, contiguous: true },
};

/** The program a variant runs on a device with these traits. */
export function adamwProgram(_v: AdamwVariant, traits: DeviceTraits): Program<AdamwShaderOptions> {
  const t = tuning[traits.profile];
  return { contract: adamwContract, options: { contiguous: t.contiguous }, constants: { THREADS: t.threads, RUN: t.run } };
}

/** Every program the family can run, for the shader snapshot. */
export const programs: ProgramCatalog = (traits) => [adamwProgram({}, traits)];

/** Throws a RangeError naming the first hyperparameter out of its range. */
export function checkAdamw(s: Omit<AdamwShape, 'n'>): void {
  // As the kernel takes them, float32: 1e-50 is 0 there, 1e39 Infinity, 0.999999999 is 1. Not a
  // number ('0.9' from a form) is out of every range: Math.fround would read it as one.
  const f = (x: unknown) => (typeof x === 'number' ? Math.fround(x) : NaN);
  const atLeast0 = (x: number) => x >= 0 && Number.isFinite(x);
  const unitInterval = (x: number) => x >= 0 && x < 1;
  const ranges: Array<[string, number, (x: number) => boolean, string]> = [
    ['lr', s.lr, atLeast0, 'finite and >= 0'],
    ['beta1', s.beta1, unitInterval, 'in [0, 1)'],
    ['beta2', s.beta2, unitInterval, 'in [0, 1)'],
    ['eps', s.eps, (x) => x > 0 && Number.isFinite(x), 'finite and > 0'],
    ['weightDecay', s.weightDecay, atLeast0, 'finite and >= 0'],
  ];
  for (const [name, value, inRange, range] of ranges) if (!inRange(f(value))) throw new RangeError(`adamw: ${name} must be ${range}, got ${show(value)}${float32Note(value, inRange)}`);
  if (!(Number.isInteger(s.step) && s.step >= 1)) throw new RangeError(`adamw: step must be an integer >= 1, got ${show(s.step)}`);
}

export class Adamw extends KernelHost<AdamwShaderOptions, typeof adamwContract.spec.params> {
  static async create(gpu: Gpu, variant: AdamwVariant = {}): Promise<Adamw> {
    checkVariant('adamw', variant, {});
    return new Adamw(await Kernel.forVariant(gpu, adamwProgram, variant));
  }

  /** One AdamW step of n elements of param, m and v in place, from grad scaled by clip[0]. */
  bind(buffers: AdamwBuffers, shape: AdamwShape): Bound<AdamwShape> {
    const { param, grad, m, v, clip } = buffers;
    return this.kernel.bind({ param, grad, m, v, clip }, (s: AdamwShape) => {
      requirePositive('adamw', { n: s.n });
      checkAdamw(s);
      for (const [name, b] of Object.entries({ param, grad, m, v })) requireWords('adamw', name, b, s.n, `(n) = (${s.n})`);
      requireWords('adamw', 'clip', clip, 1, '(1)');
      const { n, lr, beta1, beta2, eps, weightDecay, step } = s;
      const params = { n, lr, beta1, beta2, gm: 1 - beta1, gv: 1 - beta2, bc1: 1 - beta1 ** step, bc2: 1 - beta2 ** step, eps, weightDecay };
      return { params, workgroups: flatGrid(this.gpu, s.n, this.kernel.constants) };
    }, shape);
  }
}
