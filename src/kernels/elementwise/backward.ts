// Elementwise backward host: gradients through GELU, SiLU and SwiGLU over n floats, out of place
// (an output may not alias an input). Validates shapes, picks the program, binds buffers; not the
// forward (kernel.ts). Shader: shader.ts; reference: reference.ts (geluBackward, siluBackward,
// swigluBackward); cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { flatGrid, requirePositive, requireWords, type Bound, type BufferArg, type FlatTuning } from '../common.js';
import { Kernel, KernelHost, type Program } from '../contract.js';
import type { DeviceTraits, VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import {
  ACTIVATION_OPS,
  elementwiseBackwardContract,
  type ActivationOp,
  type ElementwiseBackwardShaderOptions,
  type ElementwiseShape,
} from './shader.js';

export type { ActivationOp };

export interface ElementwiseBackwardVariant extends VariantBase {
  op: ActivationOp;
}

/** gelu and silu: the forward's input, the output gradient and the input gradient, each (n). */
export type ActivationGradBuffers = { x: BufferArg; dy: BufferArg; dx: BufferArg };

/** swiglu: the forward's gate and up, the output gradient, and the gradients of gate and up, each (n). */
export type SwigluGradBuffers = { gate: BufferArg; up: BufferArg; dy: BufferArg; dgate: BufferArg; dup: BufferArg };

// As the forward (kernel.ts): GPUs, 256 threads with 4 coalesced items each; software adapters,
// 4 threads each walking its own 16 consecutive items.
const tuning: Tuning<FlatTuning> = {
  gpu: { threads: 256, run: 4, contiguous: false },
  software: { threads: 4, run: 16, contiguous: true },
};

/** The program a variant runs on a device with these traits. */
export function elementwiseBackwardProgram(v: ElementwiseBackwardVariant, traits: DeviceTraits): Program<ElementwiseBackwardShaderOptions> {
  const t = tuning[traits.profile];
  return { contract: elementwiseBackwardContract, options: { op: v.op, contiguous: t.contiguous }, constants: { THREADS: t.threads, RUN: t.run } };
}

export class ElementwiseBackward extends KernelHost<ElementwiseBackwardShaderOptions, typeof elementwiseBackwardContract.spec.params> {
  static async create(gpu: Gpu, variant: ElementwiseBackwardVariant): Promise<ElementwiseBackward> {
    checkVariant('elementwise backward', variant, { op: ACTIVATION_OPS });
    return new ElementwiseBackward(await Kernel.forVariant(gpu, elementwiseBackwardProgram, variant));
  }

  get op(): ActivationOp {
    return this.kernel.options.op;
  }

  /** The gradients through op for n items: { x, dy, dx } for gelu and silu, { gate, up, dy, dgate, dup } for swiglu. */
  bind(buffers: ActivationGradBuffers | SwigluGradBuffers, shape: ElementwiseShape): Bound<ElementwiseShape> {
    const name = `elementwise backward ${this.op}`;
    return this.kernel.bind(buffers, (s: ElementwiseShape) => {
      requirePositive(name, { n: s.n });
      for (const [label, buffer] of Object.entries(buffers)) requireWords(name, label, buffer, s.n, `(n) = (${s.n})`);
      return { params: s, workgroups: flatGrid(this.gpu, s.n, this.kernel.constants) };
    }, shape);
  }
}
