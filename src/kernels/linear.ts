// Host code the linear kernels share (Matmul, src/kernels/matmul/; Gemv, src/kernels/gemv/): the
// variant and its epilogue flags, the buffer and shape rules, and the programs by load width (vec4
// and scalar) compiled up front, so that bind() picks one by K and N synchronously.
// Their shared WGSL (bindings, loaders, epilogue): shaders/linear.ts.

import { ACTIVATIONS, LAYOUTS, type Activation, type LinearIoOptions } from '../../shaders/linear.js';
import type { Gpu } from '../gpu/device.js';
import type { ProfileName, Tuning } from '../gpu/profile.js';
import { BLOCK_WEIGHTS, isBlockDType, storedLength, WEIGHT_DTYPES, type WeightDType } from '../quant/formats.js';
import { grid, overlaps, requirePositive, requireWords, type Bound, type BufferArg } from './common.js';
import { Kernel, type Contract, type ParamSpec, type ParamValues, type Program } from './contract.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from './traits.js';
import { FLAG, type OptionValues } from './variant.js';

export type { Activation };

export interface LinearVariant extends VariantBase {
  /** 'nk': w is (N, K) (PyTorch Linear, llama2.c); 'kn': w is (K, N) (GPT-2 Conv1D). */
  layout: 'nk' | 'kn';
  bias?: boolean;
  activation?: Activation;
  /** Add residual (T, N) after the activation. */
  residual?: boolean;
  /** w's storage format (src/quant/formats.ts; default 'f32'); block formats need 'nk' and whole blocks along K (K % 32 == 0, k-quants K % 256 == 0). */
  weights?: WeightDType;
}

/** Each LinearVariant option's values, for checkVariant. */
export const LINEAR_OPTIONS: Readonly<Record<keyof Omit<LinearVariant, keyof VariantBase>, OptionValues>> = {
  layout: LAYOUTS,
  bias: FLAG,
  activation: [undefined, ...ACTIVATIONS],
  residual: FLAG,
  weights: [undefined, ...WEIGHT_DTYPES],
};

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

/** The params both linear contracts declare; the loaders and epilogue read T, K, N and ldy. */
export type LinearParams = { T: 'u32'; K: 'u32'; N: 'u32'; groups: ParamSpec; ldy: ParamSpec };
/**
 * What a caller gives: `groups` is planned by each family from the shape; `ldy`, the row stride of
 * y and residual, is N unless they are columns of wider (T, ldy) matrices, bound where those
 * columns start (a weight split across bindings: each slice writes its columns of the output).
 */
export type LinearDims = Omit<ParamValues<LinearParams>, 'groups' | 'ldy'> & { ldy?: number };

/** A linear family's program: its contract declares LinearParams. */
export interface LinearProgram<O extends LinearIoOptions> extends Program<O> {
  contract: Contract<O, LinearParams>;
}

export type LinearEpilogue = Omit<LinearIoOptions, 'vec4' | 'halves'>;

/** The epilogue flags with defaults filled in. */
export function epilogueOf(v: LinearVariant): LinearEpilogue {
  return { layout: v.layout, bias: v.bias ?? false, activation: v.activation ?? 'none', residual: v.residual ?? false, weights: v.weights ?? 'f32' };
}

/** Every layout and epilogue with f32 weights, and each other weight format in both layouts it runs. */
export const allLinearVariants: LinearVariant[] = [
  ...(['nk', 'kn'] as const).flatMap((layout) =>
    [false, true].flatMap((bias) =>
      (['none', 'gelu', 'silu'] as const).flatMap((activation) => [false, true].map((residual) => ({ layout, bias, activation, residual }))),
    ),
  ),
  // The format only changes w's loader, which no epilogue flag touches.
  ...WEIGHT_DTYPES.filter((weights) => weights !== 'f32').flatMap((weights) =>
    (['nk', 'kn'] as const).filter((layout) => layout === 'nk' || !isBlockDType(weights)).map((layout) => ({ layout, weights }))),
];

/**
 * A linear family's catalog: every variant (allLinearVariants, or the family's own list) with each
 * load width it can bind, for the shader snapshot.
 */
export function linearPrograms<O extends LinearIoOptions, V extends LinearVariant = LinearVariant>(
  programOf: (v: V & { vec4: boolean }, traits: DeviceTraits) => LinearProgram<O>,
  variants: V[] = allLinearVariants as V[],
): ProgramCatalog {
  return (traits) => variants.flatMap((v) => catalogWidths(v).map((vec4) => programOf({ ...v, vec4 }, traits)));
}

/** The load widths a variant's catalog lists: block formats need K % 32 == 0 in 'nk', so they only ever bind vec4 loads (not LoadWidths, which compiles them). */
function catalogWidths(v: LinearVariant): boolean[] {
  return isBlockDType(v.weights ?? 'f32') ? [true] : [true, false];
}

// SwiftShader reads an f32 (K, N) 'kn' matrix slower than the same matrix stored (N, K): its 'kn'
// lanes visit 64 bytes of every row at a stride of N floats, its 'nk' lanes stream their own rows
// (1x256x16384: 95 % of the read probe 'nk', 66 % 'kn'). GPT-2-124M f32 with every Conv1D matrix
// transposed on upload, alternated with it kept 'kn' in Node (2026-12-05): decode 6.1-6.6 -> 7.8-8.3
// tokens/s, 127-token prefill 29-32 -> 35-36 tokens/s; its load 0.3-0.6 s longer. f16 kept 'kn'
// (held 'nk', 7.7-7.9 -> 7.4-7.6: its decode, not its loads, is the cost); block formats are 'nk'
// whatever the profile. GPUs keep the checkpoint's layout: no GPU has measured the difference.
const TRANSPOSED_ON_UPLOAD: Tuning<readonly WeightDType[]> = { gpu: [], software: ['f32'] };

/** Whether a profile holds a 'kn' matrix of this dtype transposed, 'nk' (GpuWeights.plan's transposeKn). */
export function storesTransposed(profile: ProfileName, dtype: WeightDType): boolean {
  return TRANSPOSED_ON_UPLOAD[profile].includes(dtype);
}

/** Throws a RangeError for a weight format the variant cannot read. */
function checkWeights(kernel: string, v: LinearVariant): void {
  const weights = v.weights ?? 'f32';
  if (isBlockDType(weights) && v.layout !== 'nk') throw new RangeError(`${kernel}: ${weights} weights are stored 'nk' only (blocks run along K), got layout '${v.layout}'`);
}

/** vec4 loads need rows of x and w that start on 16 bytes: K % 4 == 0, and N % 4 == 0 for 'kn'. */
function fitsVec4(layout: 'nk' | 'kn', s: LinearDims): boolean {
  return s.K % 4 === 0 && (layout === 'nk' || s.N % 4 === 0);
}

/**
 * Checks that the variant's optional bias and residual are present, and that y overlaps no input
 * (a family's own extra buffers too; the contract names any other missing or extra one).
 */
function checkBuffers(kernel: string, v: LinearVariant, b: LinearBuffers): void {
  if (!!v.bias !== !!b.bias) throw new TypeError(`${kernel}: variant bias=${!!v.bias} but bias buffer ${b.bias ? 'given' : 'missing'}`);
  if (!!v.residual !== !!b.residual) {
    throw new TypeError(`${kernel}: variant residual=${!!v.residual} but residual buffer ${b.residual ? 'given' : 'missing'}`);
  }
  for (const [name, other] of Object.entries(b)) {
    if (name !== 'y' && other && overlaps(b.y, other)) throw new RangeError(`${kernel}: y overlaps ${name}; y needs a buffer of its own`);
  }
}

/** What y must hold, where a family's epilogue writes it otherwise than (T, N) rows ldy apart. */
export type LinearOutput = { words: number; shape: string };

/** What an update() refused for its program says to do: a kernel with one program compiled refuses a bind that needs another. */
export const REBIND = 'bind again for this shape (a kernel created with a plan compiled only its program: create one planned for this shape, or with no plan)';

/** Validates a shape against the buffers and the vec4 choice made at bind time (scalar fits all). */
function checkShape(kernel: string, layout: 'nk' | 'kn', weights: WeightDType, vec4: boolean, b: LinearBuffers, s: LinearDims, output?: LinearOutput): void {
  requirePositive(kernel, { T: s.T, K: s.K, N: s.N });
  if (isBlockDType(weights) && s.K % BLOCK_WEIGHTS[weights] !== 0) {
    throw new RangeError(`${kernel}: ${weights} weights need K % ${BLOCK_WEIGHTS[weights]} == 0 (whole blocks along K), got K=${s.K}`);
  }
  if (vec4 && !fitsVec4(layout, s)) {
    throw new RangeError(`${kernel}: bound with vec4 loads, which need K${layout === 'kn' ? ' and N' : ''} % 4 == 0, got K=${s.K}, N=${s.N}; ${REBIND}`);
  }
  requireWords(kernel, 'x', b.x, s.T * s.K, `(T, K) = (${s.T}, ${s.K})`);
  const wShape = layout === 'nk' ? `(N, K) = (${s.N}, ${s.K})` : `(K, N) = (${s.K}, ${s.N})`;
  requireWords(kernel, 'w', b.w, storedLength(weights, s.K * s.N, layout === 'nk' ? s.K : s.N), `${weights} ${wShape}`);
  if (b.bias) requireWords(kernel, 'bias', b.bias, s.N, `(N) = (${s.N})`);
  const ldy = s.ldy ?? s.N;
  if (!Number.isInteger(ldy) || ldy < s.N) throw new RangeError(`${kernel}: ldy (the row stride of y and residual) must be an integer >= N = ${s.N}, got ${s.ldy}`);
  const yShape = ldy === s.N ? `(T, N) = (${s.T}, ${s.N})` : `(T, N) = (${s.T}, ${s.N}) with rows ${ldy} apart`;
  if (b.residual) requireWords(kernel, 'residual', b.residual, (s.T - 1) * ldy + s.N, yShape);
  if (output) requireWords(kernel, 'y', b.y, output.words, output.shape);
  else requireWords(kernel, 'y', b.y, (s.T - 1) * ldy + s.N, yShape);
}


/**
 * A kernel's programs by load width, compiled up front so that bind() picks one synchronously:
 * with a plan, only the width the planned shape fits (vec4, or scalar, which runs any shape);
 * without, both.
 */
export class LoadWidths<K extends { readonly options: { readonly vec4: boolean } }> {
  private constructor(
    private readonly vector: K | undefined,
    private readonly scalar: K | undefined,
  ) {}

  /** `plannedFitsVec4`: whether the planned shape fits vec4 loads (undefined: no plan). */
  static async build<K extends { readonly options: { readonly vec4: boolean } }>(build: (vec4: boolean) => Promise<K>, plannedFitsVec4?: boolean): Promise<LoadWidths<K>> {
    const compiles = (vec4: boolean) => plannedFitsVec4 === undefined || plannedFitsVec4 === vec4;
    const [vector, scalar] = await Promise.all([true, false].map((vec4) => (compiles(vec4) ? build(vec4) : undefined)));
    return new LoadWidths(vector, scalar);
  }

  /** One program for both widths: a format whose every shape fits vec4 loads. */
  static only<K extends { readonly options: { readonly vec4: boolean } }>(program: K): LoadWidths<K> {
    return new LoadWidths(program, program);
  }

  /** Any compiled program, for what they share (all options but vec4, the constants). */
  get any(): K {
    return (this.vector ?? this.scalar)!;
  }

  /**
   * vec4 loads where the shape fits them and they were compiled, else scalar loads. `kernel`
   * names it and `rule` the dims vec4 loads need in multiples of 4, for the refusal where neither.
   */
  pick(fitsVec4: boolean, kernel: string, rule: string, s: { K: number; N: number }): K {
    const program = fitsVec4 ? this.vector ?? this.scalar : this.scalar;
    if (program) return program;
    throw new RangeError(`${kernel}: compiled for vec4 loads only (planned with ${rule} % 4 == 0), got K=${s.K}, N=${s.N}; create it planned for this shape, or with no plan`);
  }
}

/**
 * A variant's programs by load width (vec4, scalar), compiled up front so that bind() can pick one
 * by K and N synchronously; and the binding Matmul and Gemv share.
 */
export class LinearPipelines<O extends LinearIoOptions, V extends LinearVariant = LinearVariant> {
  private constructor(
    private readonly gpu: Gpu,
    private readonly kernel: string,
    private readonly variant: V,
    private readonly widths: LoadWidths<Kernel<O, LinearParams>>,
  ) {}

  /**
   * `programOf` is the family's program function; it is given the variant with each load width.
   * `planned`: the K and N the caller will bind (a model knows them when it builds a pass; T may
   * vary): only the load width they pick is compiled. Without it both are, so any shape binds.
   * (Both for every projection of a small model took about a quarter of a CLI run on SwiftShader.)
   */
  static async build<O extends LinearIoOptions, V extends LinearVariant = LinearVariant>(
    gpu: Gpu,
    kernel: string,
    programOf: (v: V & { vec4: boolean }, traits: DeviceTraits) => LinearProgram<O>,
    variant: V,
    planned?: LinearDims,
  ): Promise<LinearPipelines<O, V>> {
    checkWeights(kernel, variant);
    if (planned) requirePositive(`${kernel} (planned)`, { K: planned.K, N: planned.N });
    const build = (vec4: boolean) => Kernel.forVariant(gpu, programOf, { ...variant, vec4 });
    // A block format's shapes all fit vec4 (K % 32 == 0): its scalar program would never bind.
    const widths = isBlockDType(variant.weights ?? 'f32') ? LoadWidths.only(await build(true)) : await LoadWidths.build(build, planned && fitsVec4(variant.layout, planned));
    return new LinearPipelines(gpu, kernel, variant, widths);
  }

  /** The options the programs share (all but vec4), for planning the grid. */
  get options(): Readonly<O> {
    return this.widths.any.options;
  }

  /** The override constants the programs share, for planning the grid. */
  get constants(): Readonly<Record<string, number>> {
    return this.widths.any.constants;
  }

  /** The key of the pipeline a shape binds to. */
  keyFor(shape: LinearDims): string {
    return this.programFor(shape).key;
  }

  private programFor(s: LinearDims): Kernel<O, LinearParams> {
    return this.widths.pick(fitsVec4(this.variant.layout, s), this.kernel, this.variant.layout === 'kn' ? 'K and N' : 'K', s);
  }

  /** `plan` gives the params' `groups` and the workgroup count for a shape. */
  bind(b: LinearBuffers, shape: LinearDims, plan: (s: LinearDims, shape: LinearDims) => LinearPlan): Bound<LinearDims> {
    return this.bindAs(b, shape, (s) => s, plan);
  }

  /**
   * As bind, for a caller whose shape type S maps onto the kernel's T, K, N by `dims` (the
   * matmul input gradient swaps K and N; gemv's adds eps): the Bound's update() then takes S, and
   * `plan` is given both. Buffers besides LinearBuffers' go to the family's contract by name.
   * `output` gives what y must hold for a shape, where the family's epilogue writes it its own way.
   */
  bindAs<S>(b: LinearBuffers, shape: S, dims: (s: S) => LinearDims, plan: (s: LinearDims, shape: S) => LinearPlan, output?: (shape: S) => LinearOutput | undefined): Bound<S> {
    const { layout } = this.variant;
    const weights = this.variant.weights ?? 'f32';
    const program = this.programFor(dims(shape));
    const vec4 = program.options.vec4;
    checkBuffers(this.kernel, this.variant, b);
    const buffers: Record<string, BufferArg | undefined> = { ...b };
    return program.bind(buffers, (shapeS: S) => {
      const s = dims(shapeS);
      checkShape(this.kernel, layout, weights, vec4, b, s, output?.(shapeS));
      const { groups, workgroups, extra } = plan(s, shapeS);
      return { params: { T: s.T, K: s.K, N: s.N, ldy: s.ldy ?? s.N, groups, ...extra }, workgroups: grid(this.gpu, workgroups) };
    }, shape);
  }
}

/** A linear family's dispatch for a shape: the params' `groups`, any params of its own, and the workgroup count. */
export type LinearPlan = { groups: number; workgroups: number; extra?: Record<string, number> };

/** Matmul's and Gemv's shared host: its programs by load width, and the key a shape binds to. */
export abstract class LinearHost<O extends LinearIoOptions, V extends LinearVariant = LinearVariant> {
  protected constructor(protected readonly pipelines: LinearPipelines<O, V>) {}

  /** The key of the pipeline a shape binds to. */
  keyFor(shape: LinearDims): string {
    return this.pipelines.keyFor(shape);
  }
}
