// Elementwise host: GELU, SiLU, SwiGLU and add over n floats, out of place only. Validates
// shapes, picks the program, binds buffers. The flat-grid helpers it shares with the other flat
// kernels live in ../common.ts. The backward's host is backward.ts (its programs are listed here
// too). Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { flatGrid, requirePositive, requireWords, type Bound, type BufferArg, type FlatTuning } from '../common.js';
import { Kernel, KernelHost, type Program } from '../contract.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import { elementwiseBackwardProgram } from './backward.js';
import { ELEMENTWISE_OPS, elementwiseContract, isBinary, type ElementwiseOp, type ElementwiseShaderOptions, type ElementwiseShape } from './shader.js';

export type { ElementwiseOp, ElementwiseShape };

export interface ElementwiseVariant extends VariantBase {
  op: ElementwiseOp;
}

// GPUs: 256 threads, 4 coalesced items each so a 45M-element MLP activation needs 44k workgroups.
// Software: 4 threads each walking its own 16 consecutive items (cache-friendly on a CPU).
const tuning: Tuning<FlatTuning> = {
  gpu: { threads: 256, run: 4, contiguous: false },
  software: { threads: 4, run: 16, contiguous: true },
};

/** The program a variant runs on a device with these traits. */
export function elementwiseProgram(v: ElementwiseVariant, traits: DeviceTraits): Program<ElementwiseShaderOptions> {
  const t = tuning[traits.profile];
  return { contract: elementwiseContract, options: { op: v.op, contiguous: t.contiguous }, constants: { THREADS: t.threads, RUN: t.run } };
}

/** Every program the family can run, forward and backward, for the shader snapshot. */
export const programs: ProgramCatalog = (traits) => [
  ...(['gelu', 'silu', 'swiglu', 'add'] as const).map((op) => elementwiseProgram({ op }, traits)),
  ...(['gelu', 'silu', 'swiglu'] as const).map((op) => elementwiseBackwardProgram({ op }, traits)),
];

export class Elementwise extends KernelHost<ElementwiseShaderOptions, typeof elementwiseContract.spec.params> {
  static async create(gpu: Gpu, variant: ElementwiseVariant): Promise<Elementwise> {
    checkVariant('elementwise', variant, { op: ELEMENTWISE_OPS });
    return new Elementwise(await Kernel.forVariant(gpu, elementwiseProgram, variant));
  }

  get op(): ElementwiseOp {
    return this.kernel.options.op;
  }

  /** y = op(a) or op(a, b) over n floats: a is x (or the gate of swiglu), b is up (or the addend). */
  bind(buffers: { a: BufferArg; b?: BufferArg; y: BufferArg }, shape: ElementwiseShape): Bound<ElementwiseShape> {
    const { a, b, y } = buffers;
    const name = `elementwise ${this.op}`;
    const binary = isBinary(this.op);
    if (binary !== (b !== undefined)) throw new TypeError(`${name}: ${binary ? 'needs' : 'takes no'} second input b`);
    return this.kernel.bind(buffers, (s: ElementwiseShape) => {
      requirePositive(name, { n: s.n });
      for (const [label, buffer] of Object.entries({ a, b, y })) if (buffer) requireWords(name, label, buffer, s.n, `(n) = (${s.n})`);
      return { params: s, workgroups: flatGrid(this.gpu, s.n, this.kernel.constants) };
    }, shape);
  }
}
