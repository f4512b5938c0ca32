// What every kernel host module shares: binding buffers in declaration order, and the Bound
// call that owns a param slot, a bind group and a workgroup count. Kernel modules validate
// shapes and plan dispatches; they never submit.

import type { Gpu } from '../gpu/device.js';
import type { ParamSlot } from '../gpu/params.js';
import type { Dispatch, Recorder } from '../gpu/recorder.js';

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

  /** Re-plans for a new shape; at most one shape per submit, since the params slot is shared. */
  update(shape: S): this {
    const plan = this.plan(shape);
    this.slot.write(plan.params);
    this.workgroups = plan.workgroups;
    this.shape = shape;
    return this;
  }

  record(recorder: Recorder): void {
    recorder.dispatch(this);
  }

  /** Frees the param slot; the call must not be recorded afterwards. */
  destroy(): void {
    this.slot.free();
  }
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

/** Throws unless the binding holds at least `count` 32-bit words (floats or u32 ids). */
export function requireWords(kernel: string, name: string, b: BufferArg, count: number, shape: string): void {
  const bytes = 'buffer' in b ? (b.size ?? b.buffer.size - (b.offset ?? 0)) : b.size;
  if (bytes < count * 4) throw new RangeError(`${kernel}: ${name} holds ${bytes} bytes, fewer than the ${count} 32-bit words of ${shape}`);
}
