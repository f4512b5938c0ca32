// Embed host: token rows of wte plus, in one variant, learned positions wpe; checks shapes against
// buffer sizes but not ids (an id >= V gives a zero row; the model validates ids before upload).
// The backward hosts are in backward.ts. Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import { halfDecode } from '../../../shaders/weights.js';
import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { BLOCK_WEIGHTS, isBlockDType, storedLength, WEIGHT_DTYPES, type WeightDType } from '../../quant/formats.js';
import { flatGrid, requirePositive, requireWords, type Bound, type BufferArg, type FlatTuning } from '../common.js';
import { Kernel, KernelHost, type Program } from '../contract.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import { backwardPrograms } from './backward.js';
import { embedContract, type EmbedShaderOptions, type EmbedShape } from './shader.js';

export type { EmbedShape };

export interface EmbedVariant extends VariantBase {
  /** Add learned positions wpe[pos0 + t] (GPT-2); false for models with RoPE. */
  positions: boolean;
  /** wte's storage format (default 'f32'); block formats need whole blocks (C % 32 == 0, k-quants C % 256 == 0). */
  weights?: WeightDType;
}

// GPUs: 256 threads, 4 coalesced elements each (rows of C are contiguous in wte, wpe and y).
// Software: 4 threads each copying its own 16 consecutive elements.
const tuning: Tuning<FlatTuning> = {
  gpu: { threads: 256, run: 4, contiguous: false },
  software: { threads: 4, run: 16, contiguous: true },
};

/** The program a variant runs on a device with these traits. */
export function embedProgram(v: EmbedVariant, traits: DeviceTraits): Program<EmbedShaderOptions> {
  const t = tuning[traits.profile];
  const options = { positions: v.positions, contiguous: t.contiguous, weights: v.weights ?? 'f32', halves: halfDecode[traits.profile] };
  return { contract: embedContract, options, constants: { THREADS: t.threads, RUN: t.run } };
}

/** Every program the family can run, forward and backward, for the shader snapshot. */
export const programs: ProgramCatalog = (traits) => [
  ...[false, true].map((positions) => embedProgram({ positions }, traits)),
  ...WEIGHT_DTYPES.filter((w) => w !== 'f32').map((weights) => embedProgram({ positions: false, weights }, traits)),
  ...backwardPrograms(traits),
];

export class Embed extends KernelHost<EmbedShaderOptions, typeof embedContract.spec.params> {
  static async create(gpu: Gpu, variant: EmbedVariant): Promise<Embed> {
    checkVariant('embed', variant, { positions: [false, true], weights: [undefined, ...WEIGHT_DTYPES] });
    return new Embed(await Kernel.forVariant(gpu, embedProgram, variant));
  }

  get positions(): boolean {
    return this.kernel.options.positions;
  }

  /**
   * y[t] = wte[ids[t] - first] (+ wpe[pos0 + t]) for ids[t] >= first, zero past the table; ids (T)
   * u32, wte (V, C) in the variant's format, wpe (P, C), y (T, C).
   */
  bind(buffers: { ids: BufferArg; wte: BufferArg; wpe?: BufferArg; y: BufferArg }, shape: EmbedShape): Bound<EmbedShape> {
    const { ids, wte, wpe, y } = buffers;
    if (this.positions !== (wpe !== undefined)) {
      throw new TypeError(`embed: the variant ${this.positions ? 'with positions needs' : 'without positions takes no'} wpe`);
    }
    return this.kernel.bind(buffers, (s: EmbedShape) => {
      requirePositive('embed', { T: s.T, C: s.C, V: s.V });
      if (!Number.isInteger(s.pos0) || s.pos0 < 0) throw new RangeError(`embed: pos0 must be an integer >= 0, got ${s.pos0}`);
      const first = s.first ?? 0;
      if (!Number.isInteger(first) || first < 0) throw new RangeError(`embed: first must be an integer >= 0, got ${s.first}`);
      requireWords('embed', 'ids', ids, s.T, `(T) = (${s.T})`);
      const weights = this.kernel.options.weights;
      if (isBlockDType(weights) && s.C % BLOCK_WEIGHTS[weights] !== 0) throw new RangeError(`embed: ${weights} wte needs C % ${BLOCK_WEIGHTS[weights]} == 0 (whole blocks), got C=${s.C}`);
      requireWords('embed', 'wte', wte, storedLength(weights, s.V * s.C, s.C), `${weights} (V, C) = (${s.V}, ${s.C})`);
      if (wpe) requireWords('embed', 'wpe', wpe, (s.pos0 + s.T) * s.C, `(pos0 + T, C) = (${s.pos0 + s.T}, ${s.C})`);
      requireWords('embed', 'y', y, s.T * s.C, `(T, C) = (${s.T}, ${s.C})`);
      return { params: Object.assign({}, s, { first }), workgroups: flatGrid(this.gpu, s.T * s.C, this.kernel.constants) };
    }, shape);
  }
}
