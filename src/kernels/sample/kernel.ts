// Sampler host: argmax or seeded sampling of one logit row into a u32 token id on the GPU, so a
// decode step reads back 4 bytes. Not batched (one row per call). One contract, whose `mode`
// option compiles the argmax kernel alone or with the sampling path. A row it cannot sample comes
// back as NON_FINITE_TOKEN; describeUnsamplable() words why, for the caller's error.
// Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { rangeOf, requirePositive, type Bound, type BufferArg } from '../common.js';
import { Kernel, KernelHost, type KernelPlan, type Program } from '../contract.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import { NON_FINITE_TOKEN, SAMPLE_MODES, sampleContract, type SampleMode, type SampleShaderOptions, type SampleShape } from './shader.js';

export { NON_FINITE_TOKEN };
export type { SampleMode, SampleShape };

export interface SamplerVariant extends VariantBase {
  /** 'argmax' compiles the greedy kernel alone; 'sample' (default) also honours temperature > 0. */
  mode?: SampleMode;
}

// Counts are summed in f32 in the shader's top-k search: exact below 2^24.
const MAX_V = 2 ** 24 - 1;

// gpu: 256 threads striding together (coalesced), 8 loads in flight a thread in the argmax and
// radix-select passes: on the H200 the greedy sampler, one workgroup on one multiprocessor, took
// 60-80 us a token for GPT-2's 50257 logits, each thread waiting on its ~200 loads one by one
// (the draw walks contiguous chunks, once, as the software table does). software: one SwiftShader SIMD
// group, each lane a contiguous run, a load at a time (a CPU's caches and prefetch serve it).
const tuning: Tuning<{ threads: number; contiguous: boolean; loads: number }> = {
  gpu: { threads: 256, contiguous: false, loads: 8 },
  software: { threads: 4, contiguous: true, loads: 1 },
};

/** The program a variant runs on a device with these traits. */
export function sampleProgram(v: SamplerVariant, traits: DeviceTraits): Program<SampleShaderOptions> {
  const t = tuning[traits.profile];
  return { contract: sampleContract, options: { mode: v.mode ?? 'sample', contiguous: t.contiguous, loads: t.loads }, constants: { THREADS: t.threads } };
}

/** Every program the family can run, for the shader snapshot. */
export const programs: ProgramCatalog = (traits) => (['argmax', 'sample'] as const).map((mode) => sampleProgram({ mode }, traits));

export class Sampler extends KernelHost<SampleShaderOptions, typeof sampleContract.spec.params> {
  static async create(gpu: Gpu, variant: SamplerVariant = {}): Promise<Sampler> {
    checkVariant('sample', variant, { mode: [undefined, ...SAMPLE_MODES] });
    return new Sampler(await Kernel.forVariant(gpu, sampleProgram, variant));
  }

  /** out[outIndex] = the token drawn from logits (V); one workgroup. */
  bind(buffers: { logits: BufferArg; out: BufferArg }, shape: SampleShape): Bound<SampleShape> {
    const logitsBytes = rangeOf(buffers.logits, 'sample: logits').size;
    const outBytes = rangeOf(buffers.out, 'sample: out').size;
    return this.kernel.bind(buffers, (s: SampleShape) => {
      const plan = planSample(s);
      if (s.V * 4 > logitsBytes) throw new RangeError(`sample: logits hold ${logitsBytes / 4} floats, V = ${s.V}`);
      if (((s.outIndex ?? 0) + 1) * 4 > outBytes) throw new RangeError(`sample: out holds ${outBytes / 4} ids, outIndex = ${s.outIndex}`);
      return plan;
    }, shape);
  }
}

/** The params and workgroups of one row's draw: `s` checked, with its positive settings kept normal (below). */
export function planSample(s: SampleShape): KernelPlan<typeof sampleContract.spec.params> {
  const { V, temperature, topK = 0, topP = 1, minP = 0, seed = 0, step = 0, outIndex = 0 } = s;
  requirePositive('sample', { V });
  if (V > MAX_V) throw new RangeError(`sample: V must be below 2^24, got ${V}`);
  if (Number.isNaN(temperature)) throw new RangeError('sample: temperature is NaN');
  if (!Number.isInteger(topK) || topK < 0) throw new RangeError(`sample: topK must be a non-negative integer, got ${topK}`);
  if (!(topP >= 0 && topP <= 1)) throw new RangeError(`sample: topP must be in [0, 1], got ${topP}`);
  if (!(minP >= 0 && minP <= 1)) throw new RangeError(`sample: minP must be in [0, 1], got ${minP}`);
  for (const [name, value] of Object.entries({ seed, step, outIndex })) {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`sample: ${name} must be a u32, got ${value}`);
  }
  // A GPU may flush a subnormal float32 to 0, where it reads it: a topP as top-p off, a temperature
  // as the divisor of every logit's distance from the top one (0 / 0 for the top token: NaN), where
  // its comparison with 0 may still have seen it positive (review AB). The smallest normal does what
  // the subnormal would: keeps the top token alone, and divides every other's distance past exp's range.
  const kept = (x: number) => (x > 0 ? Math.max(x, 2 ** -126) : x);
  return { params: { V, outIndex, temperature: kept(temperature), topK: Math.min(topK, V), topP: kept(topP), minP, seed, step }, workgroups: [1] };
}

/**
 * What made a logit row unsamplable, for an error message: "2 NaN and 1 +Infinity among the 512
 * logits", or "all 512 logits are -Infinity". Read back only on that error path.
 */
export function describeUnsamplable(logits: Float32Array): string {
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  for (const x of logits) {
    if (Number.isNaN(x)) nan++;
    else if (x === Infinity) posInf++;
    else if (x === -Infinity) negInf++;
  }
  const V = logits.length;
  const kinds = [nan ? `${nan} NaN` : '', posInf ? `${posInf} +Infinity` : ''].filter(Boolean);
  if (kinds.length) return `${kinds.join(' and ')} among the ${V} logits`;
  if (negInf === V) return `all ${V} logits are -Infinity`;
  return `NaN or +Infinity among the ${V} logits`; // what the sampler saw, should this read disagree
}
