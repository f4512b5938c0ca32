// Norm host: LayerNorm (gamma, beta) and RMSNorm (gamma) over rows of C, one workgroup per row.
// Validates shapes, picks the program, binds buffers; no fused residual. The backward's host is
// backward.ts (its programs are listed here too). Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { grid, requirePositive, requireWords, type Bound, type BufferArg } from '../common.js';
import { Kernel, KernelHost, type Program } from '../contract.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from '../traits.js';
import { checkVariant } from '../variant.js';
import { normBackwardProgram, normParamGradProgram } from './backward.js';
import { NORM_KINDS, normContract, type NormKind, type NormShape, type NormShaderOptions } from './shader.js';

export type { NormKind, NormShape };

export interface NormVariant extends VariantBase {
  kind: NormKind;
}

// GPUs: 256 threads striding the row (C = 768..8192 gives 3..32 coalesced loads per thread).
// Software: 4 threads, each summing its own contiguous quarter of the row.
const tuning: Tuning<{ threads: number; contiguous: boolean }> = {
  gpu: { threads: 256, contiguous: false },
  software: { threads: 4, contiguous: true },
};

/** The program a variant runs on a device with these traits. */
export function normProgram(v: NormVariant, traits: DeviceTraits): Program<NormShaderOptions> {
  const t = tuning[traits.profile];
  return { contract: normContract, options: { kind: v.kind, contiguous: t.contiguous }, constants: { THREADS: t.threads } };
}

/** Every program the family can run, forward and backward, for the shader snapshot. */
export const programs: ProgramCatalog = (traits) => (['layer', 'rms'] as const).flatMap((kind) => [
  normProgram({ kind }, traits),
  ...[false, true].flatMap((accumulate) => [
    normBackwardProgram({ kind, accumulateDx: accumulate }, traits),
    normParamGradProgram({ kind, accumulate }, traits),
  ]),
]);

export class Norm extends KernelHost<NormShaderOptions, typeof normContract.spec.params> {
  static async create(gpu: Gpu, variant: NormVariant): Promise<Norm> {
    checkVariant('norm', variant, { kind: NORM_KINDS });
    return new Norm(await Kernel.forVariant(gpu, normProgram, variant));
  }

  /** y = norm(x) * gamma (+ beta for LayerNorm), row by row; x and y are (rows, C), gamma and beta (C). */
  bind(buffers: { x: BufferArg; gamma: BufferArg; beta?: BufferArg; y: BufferArg }, shape: NormShape): Bound<NormShape> {
    const name = `${this.kernel.options.kind}norm`;
    const { x, gamma, beta, y } = buffers;
    return this.kernel.bind(buffers, (s: NormShape) => {
      requirePositive(name, { rows: s.rows, C: s.C });
      if (!(s.eps >= 0 && Number.isFinite(s.eps))) throw new RangeError(`${name}: eps must be finite and >= 0, got ${s.eps}`);
      const rowsC = `(rows, C) = (${s.rows}, ${s.C})`;
      requireWords(name, 'x', x, s.rows * s.C, rowsC);
      requireWords(name, 'y', y, s.rows * s.C, rowsC);
      requireWords(name, 'gamma', gamma, s.C, `(C) = (${s.C})`);
      if (beta) requireWords(name, 'beta', beta, s.C, `(C) = (${s.C})`);
      return { params: s, workgroups: grid(this.gpu, s.rows) };
    }, shape);
  }
}
