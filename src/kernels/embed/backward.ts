// Embedding backward hosts: EmbedBackward (dwte: dy rows summed per token id over the host's
// RowsById index, rows-by-id.ts) and PositionBackward (dwpe: dy rows summed over the sequences of
// a batch). Not the forward gather (kernel.ts). Gradients need no clear: a step's first writer of a
// gradient runs with accumulate = false and writes every row (here: zeros for ids or positions the
// batch lacks); later writers add. Tied embeddings get the head's dW first (the backward starts at
// the head), so their dwte runs with accumulate = true; untied dwte and dwpe run with false.
// Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { flatGrid, grid, requirePositive, requireWords, type Bound, type BufferArg, type FlatTuning } from '../common.js';
import { Kernel, KernelHost, type Program } from '../contract.js';
import type { DeviceTraits, VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import {
  embedBackwardContract,
  positionBackwardContract,
  type EmbedBackwardShaderOptions,
  type EmbedBackwardShape,
  type PositionBackwardShaderOptions,
  type PositionBackwardShape,
} from './shader.js';

export type { EmbedBackwardShape, PositionBackwardShape };

export interface EmbedBackwardVariant extends VariantBase {
  /** Add into the gradient (true) or overwrite every row of it (false). */
  accumulate: boolean;
}

// dwte, GPUs: 64 threads striding a row's columns (C = 64..1024; the rows of dy an id sums are
// read coalesced). Software: 4 threads, each its own contiguous quarter of the columns.
// dwpe: a flat kernel like the forward's (256 x 4 strided on GPUs, 4 x 16 contiguous in software).
const tuning: Tuning<{ tokens: { threads: number; contiguous: boolean }; positions: FlatTuning }> = {
  gpu: { tokens: { threads: 64, contiguous: false }, positions: { threads: 256, run: 4, contiguous: false } },
  software: { tokens: { threads: 4, contiguous: true }, positions: { threads: 4, run: 16, contiguous: true } },
};

/** The dwte program for a variant on a device with these traits. */
export function embedBackwardProgram(v: EmbedBackwardVariant, traits: DeviceTraits): Program<EmbedBackwardShaderOptions> {
  const t = tuning[traits.profile].tokens;
  return { contract: embedBackwardContract, options: { accumulate: v.accumulate, contiguous: t.contiguous }, constants: { THREADS: t.threads } };
}

/** The dwpe program for a variant on a device with these traits. */
export function positionBackwardProgram(v: EmbedBackwardVariant, traits: DeviceTraits): Program<PositionBackwardShaderOptions> {
  const t = tuning[traits.profile].positions;
  return {
    contract: positionBackwardContract,
    options: { accumulate: v.accumulate, contiguous: t.contiguous },
    constants: { THREADS: t.threads, RUN: t.run },
  };
}

/** Every backward program, for the family's catalog in kernel.ts. */
export function backwardPrograms(traits: DeviceTraits): Array<Program<EmbedBackwardShaderOptions>> {
  return [false, true].flatMap((accumulate) => [embedBackwardProgram({ accumulate }, traits), positionBackwardProgram({ accumulate }, traits)]);
}

export type EmbedBackwardBuffers = {
  tokens: BufferArg; // (distinct) u32, RowsById.tokens
  offsets: BufferArg; // (distinct + 1) u32, RowsById.offsets
  order: BufferArg; // (rows) u32, RowsById.order
  dy: BufferArg; // (rows, C)
  dwte: BufferArg; // (V, C)
};

export class EmbedBackward extends KernelHost<EmbedBackwardShaderOptions, typeof embedBackwardContract.spec.params> {
  static async create(gpu: Gpu, variant: EmbedBackwardVariant): Promise<EmbedBackward> {
    checkVariant('embed backward', variant, { accumulate: [false, true] });
    return new EmbedBackward(await Kernel.forVariant(gpu, embedBackwardProgram, variant));
  }

  /**
   * dwte[id] (+)= sum of dy[t] over the rows t holding id. The index comes from groupRowsById (its
   * ids checked there); distinct may change per step through update(), within the bound buffers.
   */
  bind(buffers: EmbedBackwardBuffers, shape: EmbedBackwardShape): Bound<EmbedBackwardShape> {
    const { tokens, offsets, order, dy, dwte } = buffers;
    const accumulate = this.kernel.options.accumulate;
    return this.kernel.bind(buffers, (s: EmbedBackwardShape) => {
      requirePositive('embed backward', { distinct: s.distinct, rows: s.rows, C: s.C, V: s.V });
      if (s.distinct > Math.min(s.rows, s.V)) {
        throw new RangeError(`embed backward: distinct = ${s.distinct} ids but only ${s.rows} rows and V = ${s.V}`);
      }
      requireWords('embed backward', 'tokens', tokens, s.distinct, `(distinct) = (${s.distinct})`);
      requireWords('embed backward', 'offsets', offsets, s.distinct + 1, `(distinct + 1) = (${s.distinct + 1})`);
      requireWords('embed backward', 'order', order, s.rows, `(rows) = (${s.rows})`);
      requireWords('embed backward', 'dy', dy, s.rows * s.C, `(rows, C) = (${s.rows}, ${s.C})`);
      requireWords('embed backward', 'dwte', dwte, s.V * s.C, `(V, C) = (${s.V}, ${s.C})`);
      return { params: s, workgroups: grid(this.gpu, accumulate ? s.distinct : s.V) };
    }, shape);
  }
}

export class PositionBackward extends KernelHost<PositionBackwardShaderOptions, typeof positionBackwardContract.spec.params> {
  static async create(gpu: Gpu, variant: EmbedBackwardVariant): Promise<PositionBackward> {
    checkVariant('position backward', variant, { accumulate: [false, true] });
    return new PositionBackward(await Kernel.forVariant(gpu, positionBackwardProgram, variant));
  }

  /** dwpe[pos0 + t] (+)= sum over b of dy[b*T + t]; dy (B*T, C), dwpe (maxPos, C). */
  bind(buffers: { dy: BufferArg; dwpe: BufferArg }, shape: PositionBackwardShape): Bound<PositionBackwardShape> {
    const { dy, dwpe } = buffers;
    return this.kernel.bind(buffers, (s: PositionBackwardShape) => {
      requirePositive('position backward', { B: s.B, T: s.T, C: s.C, maxPos: s.maxPos });
      if (!Number.isInteger(s.pos0) || s.pos0 < 0 || s.pos0 + s.T > s.maxPos) {
        throw new RangeError(`position backward: positions ${s.pos0}..${s.pos0 + s.T - 1} exceed maxPos = ${s.maxPos} rows of dwpe`);
      }
      requireWords('position backward', 'dy', dy, s.B * s.T * s.C, `(B*T, C) = (${s.B * s.T}, ${s.C})`);
      requireWords('position backward', 'dwpe', dwpe, s.maxPos * s.C, `(maxPos, C) = (${s.maxPos}, ${s.C})`);
      return { params: s, workgroups: flatGrid(this.gpu, s.maxPos * s.C, this.kernel.constants) };
    }, shape);
  }
}
