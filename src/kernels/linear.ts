// Host code the linear kernels share (Matmul, src/kernels/matmul/; Gemv, src/kernels/gemv/): the
// variant and its epilogue flags, the buffer and shape rules, and the pair of programs (vec4 and
// scalar loads) both compiled up front, so that bind() picks one by K and N synchronously.
// Their shared WGSL (bindings, loaders, epilogue): shaders/linear.ts.

import type { Activation, LinearIoOptions } from '../../shaders/linear.js';
import type { Gpu } from '../gpu/device.js';
import { grid, requirePositive, requireWords, type Bound, type BufferArg } from './common.js';
import { Kernel, type Contract, type ParamSpec, type ParamValues, type Program } from './contract.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from './traits.js';

export type { Activation };

export interface LinearVariant extends VariantBase {
  /** 'nk': w is (N, K) (PyTorch Linear, llama2.c); 'kn': w is (K, N) (GPT-2 Conv1D). */
  layout: 'nk' | 'kn';
  bias?: boolean;
  activation?: Activation;
  /** Add residual (T, N) after the activation. */
  residual?: boolean;
}

/** A variant with the load width bind() picks by K and N: what chooses a program. */
export type LinearProgramVariant = LinearVariant & { vec4: boolean };

/** x (T, K); w (N, K) or (K, N); bias (N); residual (T, N); y (T, N), a buffer of its own. */
export interface LinearBuffers {
  x: BufferArg;
  w: BufferArg;
  bias?: BufferArg;
  residual?: BufferArg;
  y: BufferArg;
}

/** The params both linear contracts declare; the loaders and epilogue read T, K and N. */
export type LinearParams = { T: 'u32'; K: 'u32'; N: 'u32'; groups: ParamSpec };
/** What a caller gives: `groups` is planned by each family from the shape. */
export type LinearDims = Omit<ParamValues<LinearParams>, 'groups'>;

/** A linear family's program: its contract declares LinearParams. */
export interface LinearProgram<O extends LinearIoOptions> extends Program<O> {
  contract: Contract<O, LinearParams>;
}

export type LinearEpilogue = Omit<LinearIoOptions, 'vec4'>;

/** The epilogue flags with defaults filled in. */
export function epilogueOf(v: LinearVariant): LinearEpilogue {
  return { layout: v.layout, bias: v.bias ?? false, activation: v.activation ?? 'none', residual: v.residual ?? false };
}

/** Every layout and epilogue, for the program catalogues. */
export const allLinearVariants: LinearVariant[] = (['nk', 'kn'] as const).flatMap((layout) =>
  [false, true].flatMap((bias) =>
    (['none', 'gelu', 'silu'] as const).flatMap((activation) => [false, true].map((residual) => ({ layout, bias, activation, residual }))),
  ),
);

/** A linear family's catalog: every variant with vec4 and with scalar loads, for the shader snapshot. */
export function linearPrograms<O extends LinearIoOptions>(
  programOf: (v: LinearProgramVariant, traits: DeviceTraits) => LinearProgram<O>,
): ProgramCatalog {
  return (traits) => allLinearVariants.flatMap((v) => [true, false].map((vec4) => programOf({ ...v, vec4 }, traits)));
}

/** vec4 loads need rows of x and w that start on 16 bytes: K % 4 == 0, and N % 4 == 0 for 'kn'. */
function fitsVec4(layout: 'nk' | 'kn', s: LinearDims): boolean {
  return s.K % 4 === 0 && (layout === 'nk' || s.N % 4 === 0);
}

/** Checks that the variant's optional buffers are present, and that y overlaps no input. */
function checkBuffers(kernel: string, v: LinearVariant, b: LinearBuffers): void {
  if (!!v.bias !== !!b.bias) throw new TypeError(`${kernel}: variant bias=${!!v.bias} but bias buffer ${b.bias ? 'given' : 'missing'}`);
  if (!!v.residual !== !!b.residual) {
    throw new TypeError(`${kernel}: variant residual=${!!v.residual} but residual buffer ${b.residual ? 'given' : 'missing'}`);
  }
  for (const [name, other] of Object.entries({ x: b.x, w: b.w, bias: b.bias, residual: b.residual })) {
    if (other && overlaps(b.y, other)) throw new RangeError(`${kernel}: y overlaps ${name}; y needs a buffer of its own`);
  }
}

/** Validates a shape against the buffers and the vec4 choice made at bind time (scalar fits all). */
function checkShape(kernel: string, layout: 'nk' | 'kn', vec4: boolean, b: LinearBuffers, s: LinearDims): void {
  requirePositive(kernel, { T: s.T, K: s.K, N: s.N });
  if (vec4 && !fitsVec4(layout, s)) {
    throw new RangeError(`${kernel}: bound with vec4 loads, which need K${layout === 'kn' ? ' and N' : ''} % 4 == 0, got K=${s.K}, N=${s.N}; bind again`);
  }
  requireWords(kernel, 'x', b.x, s.T * s.K, `(T, K) = (${s.T}, ${s.K})`);
  requireWords(kernel, 'w', b.w, s.K * s.N, layout === 'nk' ? `(N, K) = (${s.N}, ${s.K})` : `(K, N) = (${s.K}, ${s.N})`);
  if (b.bias) requireWords(kernel, 'bias', b.bias, s.N, `(N) = (${s.N})`);
  if (b.residual) requireWords(kernel, 'residual', b.residual, s.T * s.N, `(T, N) = (${s.T}, ${s.N})`);
  requireWords(kernel, 'y', b.y, s.T * s.N, `(T, N) = (${s.T}, ${s.N})`);
}

/** Whether two bindings share bytes of one buffer. */
export function overlaps(a: BufferArg, b: BufferArg): boolean {
  const range = (r: BufferArg) => {
    const buffer = 'buffer' in r ? r.buffer : r;
    const offset = 'buffer' in r ? (r.offset ?? 0) : 0;
    const size = 'buffer' in r ? (r.size ?? buffer.size - offset) : r.size;
    return { buffer, offset, end: offset + size };
  };
  const ra = range(a);
  const rb = range(b);
  return ra.buffer === rb.buffer && ra.offset < rb.end && rb.offset < ra.end;
}

/**
 * A variant's two programs, vec4 and scalar loads, both compiled up front so that bind() can
 * pick one by K and N synchronously; and the binding Matmul and Gemv share.
 */
export class LinearPipelines<O extends LinearIoOptions> {
  private constructor(
    private readonly gpu: Gpu,
    private readonly kernel: string,
    private readonly variant: LinearVariant,
    private readonly vector: Kernel<O, LinearParams>,
    private readonly scalar: Kernel<O, LinearParams>,
  ) {}

  /** `programOf` is the family's program function; it is given the variant with each load width. */
  static async build<O extends LinearIoOptions>(
    gpu: Gpu,
    kernel: string,
    programOf: (v: LinearProgramVariant, traits: DeviceTraits) => LinearProgram<O>,
    variant: LinearVariant,
  ): Promise<LinearPipelines<O>> {
    const build = (vec4: boolean) => Kernel.forVariant(gpu, programOf, { ...variant, vec4 });
    const [vector, scalar] = await Promise.all([build(true), build(false)]);
    return new LinearPipelines(gpu, kernel, variant, vector, scalar);
  }

  /** The options both programs share (all but vec4), for planning the grid. */
  get options(): Readonly<O> {
    return this.vector.options;
  }

  /** The override constants both programs share, for planning the grid. */
  get constants(): Readonly<Record<string, number>> {
    return this.vector.constants;
  }

  /** The key of the pipeline a shape binds to. */
  keyFor(shape: LinearDims): string {
    return (fitsVec4(this.variant.layout, shape) ? this.vector : this.scalar).key;
  }

  /** `plan` gives the params' `groups` and the workgroup count for a shape. */
  bind(b: LinearBuffers, shape: LinearDims, plan: (s: LinearDims) => LinearPlan): Bound<LinearDims> {
    return this.bindAs(b, shape, (s) => s, plan);
  }

  /**
   * As bind, for a caller whose shape type S maps onto the kernel's T, K, N by `dims` (the
   * matmul input gradient swaps K and N): the Bound's update() then takes S.
   */
  bindAs<S>(b: LinearBuffers, shape: S, dims: (s: S) => LinearDims, plan: (s: LinearDims) => LinearPlan): Bound<S> {
    const { layout } = this.variant;
    const vec4 = fitsVec4(layout, dims(shape));
    checkBuffers(this.kernel, this.variant, b);
    const buffers = { x: b.x, w: b.w, bias: b.bias, residual: b.residual, y: b.y };
    return (vec4 ? this.vector : this.scalar).bind(buffers, (shapeS: S) => {
      const s = dims(shapeS);
      checkShape(this.kernel, layout, vec4, b, s);
      const { groups, workgroups } = plan(s);
      return { params: { T: s.T, K: s.K, N: s.N, groups }, workgroups: grid(this.gpu, workgroups) };
    }, shape);
  }
}

/** A linear family's dispatch for a shape: the params' `groups` and the workgroup count. */
export type LinearPlan = { groups: number; workgroups: number };

/** Matmul's and Gemv's shared host: its pair of programs, and the key a shape binds to. */
export abstract class LinearHost<O extends LinearIoOptions> {
  protected constructor(protected readonly pipelines: LinearPipelines<O>) {}

  /** The key of the pipeline a shape binds to. */
  keyFor(shape: LinearDims): string {
    return this.pipelines.keyFor(shape);
  }
}
