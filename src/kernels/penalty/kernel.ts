// Repetition penalty and logit bias host: penalises the logits of the ids set in a GPU-side
// seen-mask, after optionally marking one id of the pass (the token the previous step sampled, fed
// on the GPU), then adds a bias row when asked. seenBits() builds the mask the host uploads from a
// list of ids, biasRow() the bias row from (id, bias) pairs.
// Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { ceilDiv, grid, requirePositive, requireWords, type Bound, type BufferArg } from '../common.js';
import { Kernel, KernelHost, type Program } from '../contract.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import { NO_MARK, penaltyContract, type PenaltyShaderOptions, type PenaltyShape } from './shader.js';

export { NO_MARK };
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

/** 32-bit words of a seen-mask over V ids. */
export function seenWords(V: number): number {
  return ceilDiv(V, 32);
}

/** The bias row over a vocabulary of V: `bias` at each pair's id, 0 elsewhere (each id once). */
export function biasRow(pairs: Iterable<readonly [number, number]>, V: number): Float32Array<ArrayBuffer> {
  const row = new Float32Array(V);
  const seen = new Set<number>();
  for (const [id, bias] of pairs) {
    if (!Number.isInteger(id) || id < 0 || id >= V) throw new RangeError(`penalty: bias id ${id} outside (V) = (${V})`);
    if (seen.has(id)) throw new RangeError(`penalty: bias id ${id} given twice`);
    seen.add(id);
    row[id] = bias;
  }
  return row;
}

/** The seen-mask of `ids` over a vocabulary of V: bit i % 32 of word i / 32 for each id i. */
export function seenBits(ids: Iterable<number>, V: number): Uint32Array<ArrayBuffer> {
  const bits = new Uint32Array(seenWords(V));
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= V) throw new RangeError(`penalty: id ${id} outside (V) = (${V})`);
    bits[id >>> 5] |= 1 << (id & 31);
  }
  return bits;
}

export class Penalty extends KernelHost<PenaltyShaderOptions, typeof penaltyContract.spec.params> {
  static async create(gpu: Gpu, variant: PenaltyVariant = {}): Promise<Penalty> {
    checkVariant('penalty', variant, {});
    return new Penalty(await Kernel.forVariant(gpu, penaltyProgram, variant));
  }

  /**
   * Sets the bit of ids[mark] in `seen` (unless mark is NO_MARK), then divides (positive) or
   * multiplies (negative) by `penalty` the logits (V) of every id whose bit is set, then (biased =
   * 1) adds `bias` to every logit; each result saturates at float32's largest finite value.
   */
  bind(b: { ids: BufferArg; seen: BufferArg; logits: BufferArg; bias: BufferArg }, shape: PenaltyShape): Bound<PenaltyShape> {
    return this.kernel.bind(b, (s: PenaltyShape) => {
      requirePositive('penalty', { V: s.V });
      if (!(s.penalty > 0)) throw new RangeError(`penalty: penalty must be > 0, got ${s.penalty}`);
      if (!Number.isInteger(s.mark) || s.mark < 0 || s.mark > NO_MARK) throw new RangeError(`penalty: mark must be a u32, got ${s.mark}`);
      if (s.biased !== 0 && s.biased !== 1) throw new RangeError(`penalty: biased must be 0 or 1, got ${s.biased}`);
      if (s.mark !== NO_MARK) requireWords('penalty', 'ids', b.ids, s.mark + 1, `(mark + 1) = (${s.mark + 1})`);
      requireWords('penalty', 'seen', b.seen, seenWords(s.V), `(ceil(V / 32)) = (${seenWords(s.V)})`);
      requireWords('penalty', 'logits', b.logits, s.V, `(V) = (${s.V})`);
      requireWords('penalty', 'bias', b.bias, s.V, `(V) = (${s.V})`);
      return { params: s, workgroups: grid(this.gpu, ceilDiv(seenWords(s.V), this.kernel.constants.THREADS)) };
    }, shape);
  }
}
