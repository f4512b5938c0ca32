// Cross-entropy host: the fused softmax + loss + dlogits pass over rows of V logits, then the
// mean of the row losses into one float (what the trainer reads back per step), recorded
// together by CrossEntropyBound. Targets are checked on the CPU (checkTargets) before upload:
// the kernel cannot report a bad one. Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { grid, requirePositive, requireWords, type BufferArg, type MultiBound } from '../common.js';
import { Kernel, KernelHost, type KernelPlan, type Program } from '../contract.js';
import { traitsOf, type DeviceTraits, type ProgramCatalog, type VariantBase } from '../traits.js';
import { checkVariant, FLAG } from '../variant.js';
import {
  crossEntropyContract,
  crossEntropyMeanContract,
  type CrossEntropyMeanShaderOptions,
  type CrossEntropyShaderOptions,
  type CrossEntropyShape,
} from './shader.js';

export type { CrossEntropyShape };

export interface CrossEntropyVariant extends VariantBase {
  /** Write dlogits over logits instead of into a separate buffer (default false). */
  inPlace?: boolean;
}

export interface CrossEntropyBuffers {
  logits: BufferArg; // (rows, V); dlogits after an in-place call
  targets: BufferArg; // (rows) u32, each < V
  rowLoss: BufferArg; // (rows)
  loss: BufferArg; // (1) the mean over rows
  dlogits?: BufferArg; // (rows, V), absent in place
}

// GPUs: 256 threads striding the row (V = 65..128k: up to 500 coalesced reads per thread), and
// the same for the mean over up to a few thousand rows. Software: 4 threads, contiguous runs.
const tuning: Tuning<{ threads: number; contiguous: boolean }> = {
  gpu: { threads: 256, contiguous: false },
  software: { threads: 4, contiguous: true },
};

/** The row program a variant runs on a device with these traits. */
export function crossEntropyProgram(v: CrossEntropyVariant, traits: DeviceTraits): Program<CrossEntropyShaderOptions> {
  const t = tuning[traits.profile];
  return { contract: crossEntropyContract, options: { inPlace: v.inPlace ?? false, contiguous: t.contiguous }, constants: { THREADS: t.threads } };
}

/** The mean of the row losses on a device with these traits. */
export function crossEntropyMeanProgram(traits: DeviceTraits): Program<CrossEntropyMeanShaderOptions> {
  const t = tuning[traits.profile];
  return { contract: crossEntropyMeanContract, options: { contiguous: t.contiguous }, constants: { THREADS: t.threads } };
}

/** Every program the family can run, for the shader snapshot. */
export const programs: ProgramCatalog = (traits) => [
  crossEntropyProgram({ inPlace: false }, traits),
  crossEntropyProgram({ inPlace: true }, traits),
  crossEntropyMeanProgram(traits),
];

/** Throws a RangeError naming the first row whose target is not an id in [0, V): call before uploading targets. */
export function checkTargets(targets: ArrayLike<number>, V: number): void {
  for (let r = 0; r < targets.length; r++) {
    const t = targets[r];
    if (!Number.isInteger(t) || t < 0 || t >= V) throw new RangeError(`cross-entropy: target ${t} at row ${r} is outside the vocabulary [0, ${V})`);
  }
}

/** The row pass, then the mean of its row losses. */
export type CrossEntropyBound = MultiBound<CrossEntropyShape>;

export class CrossEntropy extends KernelHost<CrossEntropyShaderOptions, typeof crossEntropyContract.spec.params> {
  private constructor(
    kernel: Kernel<CrossEntropyShaderOptions, typeof crossEntropyContract.spec.params>,
    private readonly meanKernel: Kernel<CrossEntropyMeanShaderOptions, typeof crossEntropyMeanContract.spec.params>,
  ) {
    super(kernel);
  }

  static async create(gpu: Gpu, variant: CrossEntropyVariant = {}): Promise<CrossEntropy> {
    checkVariant('crossentropy', variant, { inPlace: FLAG });
    const traits = traitsOf(gpu, variant);
    const [kernel, mean] = await Promise.all([
      Kernel.fromProgram(gpu, crossEntropyProgram(variant, traits)),
      Kernel.fromProgram(gpu, crossEntropyMeanProgram(traits)),
    ]);
    return new CrossEntropy(kernel, mean);
  }

  get inPlace(): boolean {
    return this.kernel.options.inPlace;
  }

  /**
   * rowLoss[r] = logsumexp(logits[r]) - logits[r, targets[r]], loss = mean(rowLoss), and
   * dlogits = (softmax(logits) - onehot(targets)) * scale, written over logits in place.
   */
  bind(buffers: CrossEntropyBuffers, shape: CrossEntropyShape): CrossEntropyBound {
    const { logits, targets, rowLoss, loss, dlogits } = buffers;
    if (this.inPlace === (dlogits !== undefined)) {
      throw new TypeError(`cross-entropy: the ${this.inPlace ? 'in-place variant takes no' : 'variant needs a'} dlogits buffer`);
    }
    const check = (s: CrossEntropyShape) => {
      requirePositive('cross-entropy', { rows: s.rows, V: s.V });
      if (s.scale !== undefined && !Number.isFinite(s.scale)) throw new RangeError(`cross-entropy: scale must be finite, got ${s.scale}`);
      const rowsV = `(rows, V) = (${s.rows}, ${s.V})`;
      requireWords('cross-entropy', 'logits', logits, s.rows * s.V, rowsV);
      if (dlogits) requireWords('cross-entropy', 'dlogits', dlogits, s.rows * s.V, rowsV);
      requireWords('cross-entropy', 'targets', targets, s.rows, `(rows) = (${s.rows})`);
      requireWords('cross-entropy', 'rowLoss', rowLoss, s.rows, `(rows) = (${s.rows})`);
      requireWords('cross-entropy', 'loss', loss, 1, '(1)');
    };
    const rowPlan = (s: CrossEntropyShape): KernelPlan<typeof crossEntropyContract.spec.params> => {
      check(s);
      return { params: { rows: s.rows, V: s.V, scale: s.scale ?? 1 / s.rows }, workgroups: grid(this.gpu, s.rows) };
    };
    const meanPlan = (s: CrossEntropyShape): KernelPlan<typeof crossEntropyMeanContract.spec.params> => {
      check(s);
      return { params: { rows: s.rows }, workgroups: [1] };
    };
    const mean = this.meanKernel.bind({ rowLoss, loss }, meanPlan, shape);
    return this.kernel.bindWith({ logits, targets, rowLoss, dlogits }, rowPlan, shape, { after: [mean] });
  }
}
