// Attention probabilities host: writes the causal softmax weights P (NH, T, width) of q over the
// cached k, one dispatch, for inspection (model.inspect's attention maps). Not the forward (kernel.ts,
// which holds the tuning and the shape checks), which never materialises P.
// Shader: shader.ts; reference: attentionProbabilities in reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import { grid, type Bound, type BufferArg } from '../common.js';
import { Kernel, KernelHost, type KernelPlan } from '../contract.js';
import { traitsOf, type VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import { attentionProbabilitiesProgram, shapeParams, validate } from './kernel.js';
import type { AttentionProbabilitiesParams, AttentionShaderOptions, AttentionShape } from './shader.js';

export interface AttentionProbabilitiesBuffers {
  q: BufferArg; // (T, NH, HS)
  k: BufferArg; // (S.., NKV, HS): a cache slice may hold more positions than S
  probs: BufferArg; // (NH, T, width), written
}

/** The attention shape, and the floats per output row (default S): a row's entries past S are 0. */
export type AttentionProbabilitiesShape = AttentionShape & { width?: number };

export class AttentionProbabilities extends KernelHost<AttentionShaderOptions, AttentionProbabilitiesParams> {
  static async create(gpu: Gpu, variant: VariantBase = {}): Promise<AttentionProbabilities> {
    checkVariant('attention probabilities', variant, {});
    return new AttentionProbabilities(await Kernel.fromProgram(gpu, attentionProbabilitiesProgram(traitsOf(gpu, variant))));
  }

  /** probs[h, t, s] = softmax over s <= S - T + t of scale q[t, h] . k[s, kv head of h]; 0 for later s. */
  bind(buffers: AttentionProbabilitiesBuffers, shape: AttentionProbabilitiesShape): Bound<AttentionProbabilitiesShape> {
    const plan = (s: AttentionProbabilitiesShape): KernelPlan<AttentionProbabilitiesParams> => {
      const width = s.width ?? s.S;
      if (!Number.isInteger(width) || width < s.S) throw new RangeError(`attention probabilities: width = ${width} must be an integer >= S = ${s.S}`);
      validate('attention probabilities', s, buffers, { q: s.T * s.NH * s.HS, k: s.S * s.NKV * s.HS, probs: s.NH * s.T * width });
      return { params: { ...shapeParams(s), width }, workgroups: grid(this.gpu, s.T * s.NH) };
    };
    const { q, k, probs } = buffers;
    return this.kernel.bind({ q, k, probs }, plan, shape);
  }
}
