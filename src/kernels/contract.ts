// A kernel program's contract, declared once: the params uniform by name and type, the storage
// bindings in order (optional ones marked by the shader options that include them), and the WGSL
// body as a function of the shader options. Derived from it: the `struct Params` and `@binding`
// lines, the packing of params by name, the pipeline key (every shader option and override
// constant, in canonical order, so none can be left out), and binding buffers by name.

import type { Gpu } from '../gpu/device.js';
import type { PipelineSpec } from '../gpu/pipelines.js';
import { bindParts, Bound, checkBindings, MultiBound, type BufferArg, type MultiParts, type Plan } from './common.js';
import { traitsOf, type DeviceTraits, type VariantBase } from './traits.js';
import { describe } from '../value-words.js';

export type Scalar = 'u32' | 'f32';
/** A param's WGSL type, or its type and a comment for the struct line. */
export type ParamSpec = Scalar | readonly [Scalar, string];
/** Values for every param, by name. */
export type ParamValues<P> = { [K in keyof P]: number };
/** Shader options: flat records of primitives, so that their canonical form is the key. */
export type ShaderOptions = Record<string, string | number | boolean>;

export interface BindingSpec<O> {
  name: string;
  /** Shape comment beside the declaration, e.g. '(rows, C)'. */
  shape: string;
  /** Element type of the storage array (default f32); a function when the options choose it. */
  type?: string | ((o: O) => string);
  /** The kernel writes it (read_write); default read-only. */
  write?: boolean;
  /** An optional binding: present only for the options where this holds. */
  when?: (o: O) => boolean;
}

export interface ContractSpec<O extends ShaderOptions, P extends Record<string, ParamSpec>> {
  /** Family, or family/program where a family has several, e.g. 'attention/merge'. */
  name: string;
  params: P;
  bindings: ReadonlyArray<BindingSpec<O>>;
  /** WGSL after the header: helpers and the entry point `main`. */
  body: (o: O) => string;
  /** `enable` directives, which must precede every declaration. */
  enables?: (o: O) => string[];
}

/** The program a kernel runs: its contract with options and override constants chosen. */
export interface Program<O extends ShaderOptions> {
  /** Any params: callers only build the pipeline from it. */
  contract: Contract<O, any>;
  options: O;
  constants: Record<string, number>;
}

export class Contract<O extends ShaderOptions, P extends Record<string, ParamSpec>> {
  /** The params' names and whether each is f32, in declaration order: pack() runs for every kernel a decode step re-plans. */
  private readonly fields: ReadonlyArray<{ name: string; f32: boolean }>;

  constructor(readonly spec: ContractSpec<O, P>) {
    this.fields = Object.entries(spec.params).map(([name, s]) => ({ name, f32: (typeof s === 'string' ? s : s[0]) === 'f32' }));
  }

  get name(): string {
    return this.spec.name;
  }

  /** The bindings these options include, in binding order (params at 0, these from 1). */
  bindings(o: O): Array<BindingSpec<O>> {
    return this.spec.bindings.filter((b) => b.when?.(o) ?? true);
  }

  /** `struct Params` and the binding declarations for these options. */
  header(o: O): string {
    const fields = Object.entries(this.spec.params).map(([name, s]) => {
      const [type, note] = typeof s === 'string' ? [s, ''] : s;
      return `  ${name}: ${type},${note ? ` // ${note}` : ''}`;
    });
    const lines = [`struct Params {\n${fields.join('\n')}\n}`, '', '@group(0) @binding(0) var<uniform> p: Params;'];
    this.bindings(o).forEach((b, i) => {
      const type = typeof b.type === 'function' ? b.type(o) : (b.type ?? 'f32');
      lines.push(`@group(0) @binding(${i + 1}) var<storage, ${b.write ? 'read_write' : 'read'}> ${b.name}: array<${type}>; // ${b.shape}`);
    });
    return lines.join('\n');
  }

  /** The whole WGSL module for these options. */
  code(o: O): string {
    const enables = (this.spec.enables?.(o) ?? []).map((e) => `enable ${e};\n`).join('');
    return `${enables}${this.header(o)}\n${this.spec.body(o)}`;
  }

  /** The pipeline key: the program's name, every option and every override constant, sorted. */
  key(o: O, constants: Record<string, number> = {}): string {
    return [this.spec.name, canonical(o), canonical(constants)].filter(Boolean).join('/');
  }

  /** What the pipeline cache builds for these options. */
  pipelineSpec(o: O, constants: Record<string, number> = {}): PipelineSpec {
    return { key: this.key(o, constants), code: this.code(o), constants };
  }

  /**
   * Params in declaration order: u32 as integers, f32 as { f }. A value its type cannot hold (a
   * negative or fractional u32, an f32 that is not finite in float32) is a RangeError naming it.
   */
  pack(values: ParamValues<P>): Array<number | { f: number }> {
    return this.fields.map(({ name, f32 }) => {
      const v = (values as Record<string, number>)[name];
      if (typeof v !== 'number') throw new TypeError(`${this.spec.name}: param ${name} missing`);
      if (f32) {
        if (!Number.isFinite(Math.fround(v))) throw new RangeError(`${this.spec.name}: param ${name} must be a finite float32, got ${v}`);
        return { f: v };
      }
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${this.spec.name}: param ${name} must be a u32 (an integer in 0..4294967295), got ${v}`);
      return v;
    });
  }

  /** Buffers by name, in binding order; throws when one the options need is missing or one is extra. */
  order(o: O, buffers: Readonly<Record<string, BufferArg | undefined>>): BufferArg[] {
    const present = this.bindings(o);
    for (const [name, b] of Object.entries(buffers)) {
      if (b !== undefined && !present.some((p) => p.name === name)) {
        throw new TypeError(`${this.spec.name}: takes no ${name} buffer with ${canonical(o) || 'these options'}`);
      }
    }
    return present.map((p) => {
      const b = buffers[p.name];
      if (!b) throw new TypeError(`${this.spec.name}: needs a ${p.name} buffer ${p.shape}`);
      return b;
    });
  }
}

export function defineContract<O extends ShaderOptions, P extends Record<string, ParamSpec>>(spec: ContractSpec<O, P>): Contract<O, P> {
  return new Contract(spec);
}

/** `a=1/b=0/c=x`: keys sorted, booleans as 0/1. */
function canonical(record: Readonly<Record<string, string | number | boolean>>): string {
  return Object.keys(record)
    .sort()
    .map((k) => {
      const v = record[k];
      if (typeof v === 'object' || v === undefined) throw new TypeError(`key field ${k} must be a primitive, got ${describe(v)}`);
      return `${k}=${typeof v === 'boolean' ? +v : v}`;
    })
    .join('/');
}

/** A compiled program: binds buffers by name and plans params by name. */
export class Kernel<O extends ShaderOptions, P extends Record<string, ParamSpec>> {
  private constructor(
    readonly gpu: Gpu,
    readonly contract: Contract<O, P>,
    readonly options: O,
    /** The override constants it was compiled with: the tuning a host plans dispatches by. */
    readonly constants: Readonly<Record<string, number>>,
    readonly key: string,
    readonly pipeline: GPUComputePipeline,
  ) {}

  static async create<O extends ShaderOptions, P extends Record<string, ParamSpec>>(
    gpu: Gpu,
    contract: Contract<O, P>,
    options: O,
    constants: Record<string, number> = {},
  ): Promise<Kernel<O, P>> {
    const spec = contract.pipelineSpec(options, constants);
    return new Kernel(gpu, contract, options, constants, spec.key, await gpu.pipelines.get(spec));
  }

  /** Compiles a program. (Any params: a Program does not carry them; the host's Kernel type names them.) */
  static async fromProgram<O extends ShaderOptions>(gpu: Gpu, program: Program<O>): Promise<Kernel<O, any>> {
    return Kernel.create(gpu, program.contract, program.options, program.constants);
  }

  /** Compiles the program a family's pure program function picks for a variant on this device. */
  static async forVariant<V extends VariantBase, O extends ShaderOptions>(
    gpu: Gpu,
    programOf: (variant: V, traits: DeviceTraits) => Program<O>,
    variant: V,
  ): Promise<Kernel<O, any>> {
    return Kernel.fromProgram(gpu, programOf(variant, traitsOf(gpu, variant)));
  }

  /** The pieces of a Bound or MultiBound: the plan validates the shape before any slot is taken. */
  parts<S>(buffers: Readonly<Record<string, BufferArg | undefined>>, plan: (s: S) => KernelPlan<P>, shape: S) {
    const ordered = this.contract.order(this.options, buffers);
    checkBindings(this.gpu.limits, this.contract.name, this.contract.bindings(this.options), ordered);
    const packed = (s: S): Plan => {
      const { params, workgroups } = plan(s);
      return { params: this.contract.pack(params), workgroups };
    };
    return { packed, ...bindParts(this.gpu, this.key, this.pipeline, ordered, packed, shape) };
  }

  /** Binds buffers by name; `plan` checks a shape and gives the params and workgroup count. */
  bind<S>(buffers: Readonly<Record<string, BufferArg | undefined>>, plan: (s: S) => KernelPlan<P>, shape: S): Bound<S> {
    const { packed, bindGroup, slot } = this.parts(buffers, plan, shape);
    return new Bound(this.key, this.pipeline, bindGroup, slot, packed, shape);
  }

  /** As bind, recording other Bounds of the same shape before or after this dispatch and owning scratch. */
  bindWith<S>(buffers: Readonly<Record<string, BufferArg | undefined>>, plan: (s: S) => KernelPlan<P>, shape: S, parts: MultiParts<S>): MultiBound<S> {
    const { packed, bindGroup, slot } = this.parts(buffers, plan, shape);
    return new MultiBound(parts, this.key, this.pipeline, bindGroup, slot, packed, shape);
  }
}

/** A host class over one kernel: create() compiles it, bind() plans by its options and constants. */
export abstract class KernelHost<O extends ShaderOptions, P extends Record<string, ParamSpec>> {
  protected constructor(protected readonly kernel: Kernel<O, P>) {}

  /** The pipeline key. */
  get key(): string {
    return this.kernel.key;
  }

  protected get gpu(): Gpu {
    return this.kernel.gpu;
  }
}

export interface KernelPlan<P> {
  params: ParamValues<P>;
  workgroups: readonly [number, number?, number?];
}
