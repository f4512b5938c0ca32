// What every kernel host module shares: binding buffers in declaration order, and the Bound
// call that owns a param slot, a bind group and a workgroup count. Kernel modules validate
// shapes and plan dispatches; they never submit.

import type { Gpu } from '../gpu/device.js';
import { Usage } from '../gpu/flags.js';
import type { ParamSlot } from '../gpu/params.js';
import type { Dispatch, Recorder } from '../gpu/recorder.js';
import { describe } from '../value-words.js';

/** A whole buffer, or a byte range of one (a layer's slice of the KV cache, say). */
export type BufferArg = GPUBuffer | GPUBufferBinding;

export interface Plan {
  /** The params uniform, field by field: integers are u32, { f } are f32. */
  params: ReadonlyArray<number | { f: number }>;
  workgroups: readonly [number, number?, number?];
}

/** A kernel bound to its buffers: update() changes shapes, record() appends the dispatch. */
export class Bound<S> implements Dispatch {
  workgroups: readonly [number, number?, number?] = [0];
  shape!: S;
  /** A copy of the last shape planned into the slot, which update() compares against. */
  private planned: unknown;

  constructor(
    readonly label: string,
    readonly pipeline: GPUComputePipeline,
    readonly bindGroup: GPUBindGroup,
    private readonly slot: ParamSlot,
    private readonly plan: (shape: S) => Plan,
    shape: S,
  ) {
    this.update(shape);
  }

  /**
   * Re-plans for a new shape; at most one shape per submit, since the params slot is shared. A
   * shape equal to the last one keeps its plan: most of a decode step's kernels see the same shape
   * every token, and planning them again (checks, params) was much of the host's time a step.
   */
  update(shape: S): this {
    if (this.slot.live && this.planned !== undefined && sameShape(shape, this.planned)) return this; // a freed slot throws below
    this.planned = undefined; // until planned: a refused shape (or params half written) plans again next time
    const plan = this.plan(shape);
    this.slot.write(plan.params);
    this.workgroups = plan.workgroups;
    this.shape = shape;
    this.planned = copyShape(shape); // the caller may change its object afterwards
    return this;
  }

  record(recorder: Recorder): void {
    if (!this.slot.live) throw new Error(`${this.label}: recorded after destroy(); its param slot may belong to another call now`);
    recorder.dispatch(this);
  }

  /** Frees the param slot; recording or updating the call afterwards throws. */
  destroy(): void {
    this.slot.free();
  }
}

/** Whether two shapes hold the same values: numbers and strings, arrays and plain objects of them, compared in depth; anything else by identity. */
export function sameShape(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameShape(v, b[i]));
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A copy of a shape's arrays and plain objects, in depth; anything else (compared by identity) as it is. */
function copyShape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyShape);
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return v;
  const copy: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) copy[k] = copyShape(x);
  return copy;
}

/** What a MultiBound records besides its own dispatch, and the buffers it owns. */
export interface MultiParts<S> {
  /** Recorded before its own dispatch, in order. */
  before?: ReadonlyArray<Bound<S>>;
  /** Recorded after it, in order. */
  after?: ReadonlyArray<Bound<S>>;
  /** Scratch the dispatches pass between them, destroyed with the param slots. */
  scratch?: ReadonlyArray<GPUBuffer>;
}

/**
 * A Bound that records several dispatches: `before`, its own, then `after`, every one planned
 * (and so checked) from the same shape by update(); destroy() frees every param slot and the
 * scratch. Kernel.bindWith() makes one.
 */
export class MultiBound<S> extends Bound<S> {
  constructor(
    private readonly parts: MultiParts<S>,
    ...own: ConstructorParameters<typeof Bound<S>>
  ) {
    super(...own);
  }

  override update(shape: S): this {
    super.update(shape);
    // parts is undefined while the base constructor runs: they were bound with the same shape.
    for (const b of [...(this.parts?.before ?? []), ...(this.parts?.after ?? [])]) b.update(shape);
    return this;
  }

  override record(recorder: Recorder): void {
    for (const b of this.parts.before ?? []) b.record(recorder);
    super.record(recorder);
    for (const b of this.parts.after ?? []) b.record(recorder);
  }

  override destroy(): void {
    super.destroy();
    for (const b of [...(this.parts.before ?? []), ...(this.parts.after ?? [])]) b.destroy();
    for (const buffer of this.parts.scratch ?? []) buffer.destroy();
  }
}

/** Binds params at binding 0 and `buffers` at 1, 2, ... in the shader's declaration order. */
export function bindKernel<S>(
  gpu: Gpu,
  label: string,
  pipeline: GPUComputePipeline,
  buffers: ReadonlyArray<BufferArg>,
  plan: (shape: S) => Plan,
  shape: S,
): Bound<S> {
  const { bindGroup, slot } = bindParts(gpu, label, pipeline, buffers, plan, shape);
  return new Bound(label, pipeline, bindGroup, slot, plan, shape);
}

/**
 * The pieces of a Bound or a MultiBound: validates the shape first (a rejected shape allocates
 * nothing), then takes a param slot and builds the bind group.
 */
export function bindParts<S>(
  gpu: Gpu,
  label: string,
  pipeline: GPUComputePipeline,
  buffers: ReadonlyArray<BufferArg>,
  plan: (shape: S) => Plan,
  shape: S,
): { bindGroup: GPUBindGroup; slot: ParamSlot } {
  plan(shape);
  const slot = gpu.params.alloc();
  const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: slot.binding }];
  buffers.forEach((b, i) => entries.push({ binding: i + 1, resource: 'buffer' in b ? b : { buffer: b } }));
  const bindGroup = gpu.device.createBindGroup({ label, layout: pipeline.getBindGroupLayout(0), entries });
  return { bindGroup, slot };
}

export function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

/** Throws a RangeError unless every value is a positive integer. */
export function requirePositive(kernel: string, dims: Record<string, number>): void {
  for (const [name, value] of Object.entries(dims)) {
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${kernel}: ${name} must be a positive integer, got ${value}`);
  }
}

/** Splits a workgroup count over x and y so that neither exceeds the device limit. */
export function grid(gpu: Gpu, count: number): readonly [number, number] {
  const max = gpu.limits.maxComputeWorkgroupsPerDimension;
  if (count <= max) return [count, 1];
  const y = ceilDiv(count, max);
  return [ceilDiv(count, y), y];
}

/** Flat kernels: threads per workgroup, items per thread, and whether a thread's items are adjacent. */
export interface FlatTuning {
  threads: number;
  run: number;
  contiguous: boolean;
}

/**
 * Workgroups for `items` flat items, split over x and y when they exceed the per-dimension limit;
 * `constants` are the kernel's THREADS and RUN (threads per workgroup, items per thread: shaders/flat.ts).
 */
export function flatGrid(gpu: Gpu, items: number, constants: Readonly<Record<string, number>>): readonly [number, number] {
  return grid(gpu, ceilDiv(items, constants.THREADS * constants.RUN));
}

/**
 * The bytes a binding covers: its buffer, first byte and byte count (the rest of the buffer when
 * size is left out). `what` names the binding in the TypeError for anything else.
 */
export function rangeOf(b: BufferArg, what = 'a binding'): { buffer: GPUBuffer; offset: number; size: number } {
  const buffer = b !== null && typeof b === 'object' ? ('buffer' in b ? b.buffer : b) : undefined;
  if (typeof buffer?.usage !== 'number') throw new TypeError(`${what} must be a GPUBuffer or { buffer, offset?, size? }, got ${describe(b)}`);
  if (!('buffer' in b)) return { buffer: b, offset: 0, size: b.size };
  const offset = b.offset ?? 0;
  return { buffer: b.buffer, offset, size: b.size ?? b.buffer.size - offset };
}

/** Whether two bindings share bytes of one buffer. */
export function overlaps(a: BufferArg, b: BufferArg): boolean {
  const ra = rangeOf(a);
  const rb = rangeOf(b);
  return ra.buffer === rb.buffer && ra.offset < rb.offset + rb.size && rb.offset < ra.offset + ra.size;
}

/** A binding's name and whether the kernel writes it. */
export interface BindingUse {
  name: string;
  write?: boolean;
}

/**
 * Throws before a bind group is made where WebGPU would refuse it, which it reports only as an
 * uncaptured error while the dispatch is dropped: a binding that is no storage buffer, a range
 * outside its buffer, unaligned or over the binding limit, or a written binding that shares its
 * buffer with one read (any bytes: a usage conflict) or overlaps another written one.
 */
export function checkBindings(limits: GPUSupportedLimits, kernel: string, uses: ReadonlyArray<BindingUse>, buffers: ReadonlyArray<BufferArg>): void {
  const ranges = buffers.map((b, i) => {
    const name = uses[i].name;
    const r = rangeOf(b, `${kernel}: ${name}`);
    const { buffer } = r;
    if (!(buffer.usage & Usage.STORAGE)) throw new RangeError(`${kernel}: ${name}'s buffer${buffer.label ? ` "${buffer.label}"` : ''} was not created with GPUBufferUsage.STORAGE`);
    const align = limits.minStorageBufferOffsetAlignment;
    if (!Number.isInteger(r.offset) || r.offset < 0 || r.offset % align !== 0) throw new RangeError(`${kernel}: ${name}'s offset must be a multiple of ${align} (minStorageBufferOffsetAlignment), got ${r.offset}`);
    if (!Number.isInteger(r.size) || r.size <= 0 || r.size % 4 !== 0) throw new RangeError(`${kernel}: ${name}'s size must be a positive multiple of 4 bytes, got ${r.size}`);
    if (r.offset + r.size > buffer.size) throw new RangeError(`${kernel}: ${name}'s bytes ${r.offset}..${r.offset + r.size} run past its buffer of ${buffer.size}`);
    if (r.size > limits.maxStorageBufferBindingSize) throw new RangeError(`${kernel}: ${name} binds ${r.size} bytes, over this device's maxStorageBufferBindingSize of ${limits.maxStorageBufferBindingSize}`);
    return r;
  });
  uses.forEach((w, i) => {
    if (!w.write) return;
    uses.forEach((other, j) => {
      if (j === i || ranges[j].buffer !== ranges[i].buffer) return;
      if (!other.write) throw new RangeError(`${kernel}: ${w.name} shares a buffer with ${other.name}, which it reads (WebGPU refuses a buffer written and read in one dispatch); ${w.name} needs a buffer of its own`);
      if (j > i && overlaps(buffers[i], buffers[j])) throw new RangeError(`${kernel}: ${w.name} overlaps ${other.name}, both written; each needs bytes of its own`);
    });
  });
}

/** Throws unless the binding holds at least `count` 32-bit words (floats or u32 ids). */
export function requireWords(kernel: string, name: string, b: BufferArg, count: number, shape: string): void {
  const bytes = rangeOf(b, `${kernel}: ${name}`).size;
  if (bytes < count * 4) throw new RangeError(`${kernel}: ${name} holds ${bytes} bytes, fewer than the ${count} 32-bit words of ${shape}`);
}
