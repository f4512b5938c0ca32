// Attention backward host: dq, dk, dv of causal attention with GQA for one sequence (the trainer
// binds per-sequence slices), as two dispatches: the query pass (dq and each row's softmax
// statistics) then the key pass (dk, dv). Owns the statistics scratch. Not the forward (kernel.ts,
// which holds the tuning and checks both share). Shader: shader.ts; reference:
// attentionBackward in reference.ts; cases: cases.ts.

import { createStorage } from '../../gpu/buffers.js';
import type { Gpu } from '../../gpu/device.js';
import { grid, type BufferArg } from '../common.js';
import { Kernel, KernelHost, type KernelPlan } from '../contract.js';
import { traitsOf, type VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import { attentionBackwardPrograms, shapeParams, validate, type AttentionBound, type AttentionShape } from './kernel.js';
import type { AttentionBackwardParams, AttentionShaderOptions } from './shader.js';

export interface AttentionBackwardBuffers {
  q: BufferArg; // (T, NH, HS)
  k: BufferArg; // (S, NKV, HS)
  v: BufferArg; // (S, NKV, HS)
  dy: BufferArg; // (T, NH, HS): gradient of the attention output
  dq: BufferArg; // (T, NH, HS), written
  dk: BufferArg; // (S, NKV, HS), written (every key row: the last query row sees them all)
  dv: BufferArg; // (S, NKV, HS), written
}

type BackwardKernel = Kernel<AttentionShaderOptions, AttentionBackwardParams>;

export class AttentionBackward extends KernelHost<AttentionShaderOptions, AttentionBackwardParams> {
  private constructor(
    query: BackwardKernel,
    private readonly keyPass: BackwardKernel,
  ) {
    super(query);
  }

  static async create(gpu: Gpu, variant: VariantBase = {}): Promise<AttentionBackward> {
    checkVariant('attention backward', variant, {});
    const { query, key } = attentionBackwardPrograms(traitsOf(gpu, variant));
    const [q, k] = await Promise.all([Kernel.fromProgram(gpu, query), Kernel.fromProgram(gpu, key)]);
    return new AttentionBackward(q, k);
  }

  /**
   * Gradients of y = attention(q, k, v) (the forward's shape: query row t at position S - T + t;
   * training has S = T) given dy. Allocates the row statistics here, sized for this shape's
   * T * NH: update() may change the shape within that. Call destroy() on the result to free it.
   */
  bind(buffers: AttentionBackwardBuffers, shape: AttentionShape): AttentionBound {
    const need = (s: AttentionShape) => {
      const rows = s.T * s.NH * s.HS;
      const keys = s.S * s.NKV * s.HS;
      return { q: rows, k: keys, v: keys, dy: rows, dq: rows, dk: keys, dv: keys };
    };
    validate('attention backward', shape, buffers, need(shape));
    const statsRows = shape.T * shape.NH;
    const stats = createStorage(this.gpu.device, statsRows * 8, 'attention:backward-stats'); // (lse, D) per row
    const plan = (keyPass: boolean) => (s: AttentionShape): KernelPlan<AttentionBackwardParams> => {
      validate('attention backward', s, buffers, need(s));
      if (s.T * s.NH > statsRows) throw new RangeError(`attention backward: T * NH = ${s.T * s.NH} exceeds the ${statsRows} rows bound`);
      return { params: shapeParams(s), workgroups: grid(this.gpu, keyPass ? s.S * s.NKV : s.T * s.NH) };
    };
    const { q, k, v, dy, dq, dk, dv } = buffers;
    const keyPass = this.keyPass.bind({ q, k, v, dy, stats, dk, dv }, plan(true), shape);
    return this.kernel.bindWith({ q, k, v, dy, dq, stats }, plan(false), shape, { after: [keyPass], scratch: [stats] });
  }
}
