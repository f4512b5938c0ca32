// Uploads stored weights (any dtype of src/quant/formats.ts) to GPU buffers in three steps: a
// plan of each tensor as held (its shape, layout and dtype, which pick the kernels' variants, and
// its slices), the buffers made, then filled. One buffer per tensor, or, for a matrix over the
// device's binding limit (a 128k-vocabulary head in f32), one per slice of its rows: the kernels
// bind each slice as a matrix of its own and write their columns of the output (forward.ts). A
// tensor that cannot be sliced so fails with its name instead of a validation error. A profile
// may ask for (K, N) matrices of some dtypes held transposed, row by row. Not a loader
// (src/model/weights/) and not a converter (convert.ts).

import { ModelTooLargeError } from '../errors.js';
import type { Gpu } from '../gpu/device.js';
import { createStorage } from '../gpu/buffers.js';
import { type RowRun, rowRunsOf, storedLength, type StoredTensor, type WeightDType } from '../quant/formats.js';
import { storedTensorBytes, transposedToRows } from '../quant/stored.js';
import type { StoredWeights } from './convert.js';
import { runInSlices, type Steps } from './time-slices.js';

type TensorInfo = Pick<StoredTensor, 'shape' | 'layout' | 'dtype'>;

/** Bytes allocated, or uploaded, over all tensors; `file` names the tensor just done. */
export interface UploadProgress {
  loaded: number;
  total: number;
  file: string;
}

/** Rows `first` .. `first + rows - 1` of a matrix, in a buffer of their own. */
export interface WeightSlice {
  buffer: GPUBuffer;
  first: number;
  rows: number;
}

/**
 * A slice's rows are a multiple of this, so that its first row's output column starts on a
 * storage binding's 256-byte offset alignment (64 floats).
 */
const SLICE_ROWS = 64;

export interface UploadOptions {
  /**
   * Each tensor's buffers made, in make(): a software adapter reserves memory at a few hundred
   * MB/s, seconds for a large model before the first byte is written.
   */
  onAllocate?: (p: UploadProgress) => void;
  /** Each tensor written, in fill(). */
  onProgress?: (p: UploadProgress) => void;
  /** The most bytes one buffer binding may hold (default: the device's; tests lower it). */
  bindingLimit?: number;
  /** A tensor as the GPU should hold it, made as it uploads: the same shape, dtype and layout, its rows reordered. */
  reorder?: (name: string, t: StoredTensor) => StoredTensor;
  /**
   * Whether a (K, N) 'kn' matrix of this dtype is held transposed, (N, K) 'nk', because the
   * adapter's profile reads it faster so (storesTransposed, src/kernels/linear.ts): made as each
   * uploads, so no second copy of the model is held.
   */
  transposeKn?: (dtype: WeightDType) => boolean;
  /**
   * Stops allocate()'s and upload()'s make() between tensors (freeing the buffers made), and
   * upload()'s fill(), with the signal's reason. plan() takes none: make(signal) and fill(signal)
   * are given theirs.
   */
  signal?: AbortSignal;
}

/** Where a tensor's rows go: rows `first` .. `first + rows - 1`, in a buffer of their own once made. */
export type SlicePlan = Omit<WeightSlice, 'buffer'>;

export class GpuWeights {
  private constructor(
    /** Each tensor's slices as planned; their buffers come with make(). */
    private readonly plans: Map<string, SlicePlan[]>,
    readonly host: Map<string, TensorInfo>,
    readonly bytes: number,
    /** Makes the buffers, a tensor a step; dropped once it has begun. */
    private makeSteps: (() => Steps<Map<string, WeightSlice[]>>) | undefined,
    /** Writes the data into the buffers, a tensor a step; dropped once it has begun, or by destroy(). */
    private write: ((slices: Map<string, WeightSlice[]>) => Steps<void>) | undefined,
  ) {
    // Kept handled: a caller that never binds (a plan dropped after a failed make) must not leave it unhandled.
    this.made.catch(() => undefined);
  }

  private destroyed = false;
  /** Each tensor's slices with their buffers, once make() has made them all. */
  private slices: Map<string, WeightSlice[]> | undefined;
  private settleMade!: { resolve: () => void; reject: (e: unknown) => void };
  /** Settles when make() has made every buffer (rejects with why it did not): what binds them waits for it. */
  readonly made = new Promise<void>((resolve, reject) => {
    this.settleMade = { resolve, reject };
  });

  /** The weights on the GPU, written: allocate(), then fill(). */
  static async upload(gpu: Gpu, weights: StoredWeights, o: UploadOptions = {}): Promise<GpuWeights> {
    const uploaded = await GpuWeights.allocate(gpu, weights, o);
    try {
      await uploaded.fill(o.signal);
    } catch (e) {
      uploaded.destroy();
      throw e;
    }
    return uploaded;
  }

  /** Every tensor's buffers made, not yet written: plan(), then make(). */
  static async allocate(gpu: Gpu, weights: StoredWeights, o: UploadOptions = {}): Promise<GpuWeights> {
    const planned = GpuWeights.plan(gpu, weights, o);
    await planned.make(o.signal);
    return planned;
  }

  /**
   * Each tensor as the GPU will hold it, before any buffer is made: its shape, layout and dtype
   * (which pick the kernels' variants) and its slices, so that a model's passes can be laid out
   * and their kernels compile on the driver's threads while make() makes the buffers and fill()
   * writes them. `bindingLimit` (default: the device's; tests lower it) is the most bytes one
   * buffer binding may hold: larger matrices are sliced by rows into buffers under it. A matrix
   * too large to slice is refused here, before anything reaches the GPU.
   */
  static plan(gpu: Gpu, weights: StoredWeights, o: UploadOptions = {}): GpuWeights {
    const deviceLimit = Math.min(gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize);
    const limit = Math.min(o.bindingLimit ?? deviceLimit, deviceLimit);
    const transposes = (t: StoredTensor) => t.layout === 'kn' && (o.transposeKn?.(t.dtype) ?? false);
    // Each tensor as the GPU will hold it (reorder keeps shape, layout and dtype).
    const held = new Map([...weights].map(([name, t]): [string, TensorInfo] => [name, transposes(t) ? { dtype: t.dtype, shape: [t.shape[1]!, t.shape[0]!], layout: 'nk' } : t]));
    const rowPlans = new Map([...held].map(([name, t]) => [name, sliceRows(name, t, limit)] as const));
    const total = [...weights.values()].reduce((n, t) => n + storedTensorBytes(t), 0);
    const host = new Map([...held].map(([name, t]): [string, TensorInfo] => [name, { shape: t.shape, layout: t.layout, dtype: t.dtype }]));
    const plans = new Map([...held].map(([name, t]): [string, SlicePlan[]] => {
      const { rows } = rowPlans.get(name)!;
      if (!rows) return [name, [{ first: 0, rows: t.shape[0] ?? 1 }]];
      const parts: SlicePlan[] = [];
      for (let first = 0; first < t.shape[0]!; first += rows) parts.push({ first, rows: Math.min(rows, t.shape[0]! - first) });
      return [name, parts];
    }));
    function* make(): Steps<Map<string, WeightSlice[]>> {
      const slices = new Map<string, WeightSlice[]>();
      let allocated = 0;
      let complete = false;
      try {
        for (const [name, t] of held) {
          const { rows, rowWords } = rowPlans.get(name)!;
          const parts: WeightSlice[] = [];
          slices.set(name, parts);
          for (const { first, rows: n } of plans.get(name)!) {
            const bytes = rows ? 4 * Math.ceil(n * rowWords) : storedTensorBytes(t);
            parts.push({ buffer: createStorage(gpu.device, bytes, rows ? `${name} rows ${first}..${first + n - 1}` : name), first, rows: n });
          }
          allocated += storedTensorBytes(t);
          o.onAllocate?.({ loaded: allocated, total, file: name });
          yield;
        }
        complete = true;
      } finally {
        // A throw, or runInSlices' return() at an abort: free what was made.
        if (!complete) for (const parts of slices.values()) parts.forEach((p) => p.buffer.destroy());
      }
      return slices;
    }
    // The buffers, and the passes built meanwhile, took each tensor before reordering: a reorder must keep all of it but the order of its rows.
    const describe = (t: TensorInfo, bytes: number) => `${t.dtype} ${JSON.stringify(t.shape)}${t.layout ? ` '${t.layout}'` : ''} of ${bytes} bytes`;
    // Each tensor's data is read once, here: a deferred one's (a GGUF matrix's, a conversion's) is made at each read.
    const heldData = (name: string, stored: StoredTensor, reordered: StoredTensor): StoredTensor['data'] => {
      const data = reordered.data;
      const [want, got] = [describe(stored, storedTensorBytes(stored)), describe(reordered, data.byteLength)];
      if (got !== want) throw new Error(`model weights: ${name} was reordered to ${got}, not its ${want}`);
      return transposes(reordered) ? transposedToRows({ shape: reordered.shape, dtype: reordered.dtype, layout: reordered.layout, data }).data : data;
    };
    // A tensor made a run of rows at a time (deferredRowRuns: a GGUF matrix, a safetensors matrix left
    // on disk, stacked q, k and v, a conversion as it uploads) is written a run a step, where the GPU
    // holds its rows as they come.
    function* writeRuns(slices: WeightSlice[], name: string, stored: StoredTensor, runs: () => Iterable<RowRun>): Steps<number> {
      let written = 0;
      for (const run of runs()) {
        const rowWords = run.data.length / run.rows;
        if (!Number.isInteger(rowWords)) throw new Error(`model weights: ${name}'s run of ${run.rows} rows from row ${run.first} holds ${run.data.length} words: its rows share words`);
        for (const { buffer, first, rows } of slices) {
          const [from, to] = [Math.max(first, run.first), Math.min(first + rows, run.first + run.rows)];
          if (from >= to) continue;
          const part = run.data.subarray((from - run.first) * rowWords, (to - run.first) * rowWords);
          gpu.device.queue.writeBuffer(buffer, 4 * (from - first) * rowWords, part.buffer, part.byteOffset, part.byteLength);
        }
        written += run.data.byteLength;
        yield; // a run a step: the next is made after the event loop may turn
      }
      const want = storedTensorBytes(stored);
      if (written !== want) throw new Error(`model weights: ${name}'s runs of rows held ${written} bytes, not its ${want}`);
      return written;
    }
    function* write(slices: Map<string, WeightSlice[]>): Steps<void> {
      let loaded = 0;
      for (const [name, stored] of weights) {
        const reordered = o.reorder ? o.reorder(name, stored) : stored;
        // Reordered or transposed, the whole matrix is made at once.
        const runs = reordered === stored && !transposes(stored) ? rowRunsOf(stored) : undefined;
        if (runs) loaded += yield* writeRuns(slices.get(name)!, name, stored, runs);
        else {
          const data = heldData(name, stored, reordered);
          const { rowWords } = rowPlans.get(name)!;
          for (const { buffer, first, rows } of slices.get(name)!) {
            const part = rowWords ? data.subarray(first * rowWords, Math.ceil((first + rows) * rowWords)) : data;
            gpu.device.queue.writeBuffer(buffer, 0, part.buffer, part.byteOffset, part.byteLength);
          }
          loaded += data.byteLength;
        }
        o.onProgress?.({ loaded, total, file: name });
        yield;
      }
    }
    return new GpuWeights(plans, host, total, make, write);
  }

  /**
   * Makes every tensor's buffers, reporting each tensor (UploadOptions.onAllocate), in slices of
   * the event loop's time (a software adapter reserves memory slowly); `signal` stops it between
   * tensors, freeing those made. Settles `made` either way. Once begun, later calls settle as the
   * first does.
   */
  async make(signal?: AbortSignal): Promise<void> {
    const make = this.makeSteps;
    this.makeSteps = undefined;
    if (!make) return this.made;
    try {
      if (this.destroyed) throw new Error('model weights: make() after destroy()');
      const slices = await runInSlices(make(), signal);
      if (this.destroyed) { // destroy() came while they were made
        for (const parts of slices.values()) parts.forEach((p) => p.buffer.destroy());
        throw new Error('model weights: destroyed while their buffers were made');
      }
      this.slices = slices;
      this.settleMade.resolve();
    } catch (e) {
      this.write = undefined;
      this.settleMade.reject(e);
      throw e;
    }
  }

  /**
   * Writes every tensor's data into its buffers, reporting progress, in slices of the event loop's
   * time (time-slices.ts: reading a tensor from disk or converting it as it uploads takes long);
   * `signal` stops it between tensors, or between the runs of rows of a matrix made a run at a time
   * (deferredRowRuns). Once begun, later calls do nothing.
   */
  async fill(signal?: AbortSignal): Promise<void> {
    if (this.destroyed) throw new Error('model weights: fill() after destroy(): the buffers are gone');
    if (!this.slices) throw new Error('model weights: fill() before make(): no buffers to write');
    const write = this.write;
    this.write = undefined; // frees the host's data once written
    if (write) await runInSlices(write(this.slices), signal);
  }

  /** Whether make() has made every buffer (and destroy() has not freed them). */
  get isMade(): boolean {
    return this.slices !== undefined;
  }

  has(name: string): boolean {
    return this.plans.has(name);
  }

  /** The tensor's one buffer; a tensor sliced across bindings is bound through slicesOf() instead. */
  get(name: string): GPUBuffer {
    const parts = this.slicesOf(name);
    if (parts.length > 1) throw new Error(`model weights: ${name} is split across ${parts.length} buffers (over the binding limit): bind its slices`);
    return parts[0]!.buffer;
  }

  /** The tensor's row slices with their buffers, in order: one covering it all unless it outgrew a binding. Only once made. */
  slicesOf(name: string): WeightSlice[] {
    this.plansOf(name); // a missing tensor says so first
    if (!this.slices) throw new Error(`model weights: ${name}'s buffers are not made yet (${this.destroyed ? 'destroyed' : 'make() first'})`);
    return this.slices.get(name)!;
  }

  /** The tensor's row slices as planned, known before any buffer is made. */
  plansOf(name: string): SlicePlan[] {
    const plans = this.plans.get(name);
    if (!plans) throw new Error(`model weights: missing tensor ${name}`);
    return plans;
  }

  shape(name: string): number[] {
    const t = this.host.get(name);
    if (!t) throw new Error(`model weights: missing tensor ${name}`);
    return t.shape;
  }

  layout(name: string): 'nk' | 'kn' {
    return this.host.get(name)?.layout ?? 'nk';
  }

  /** The tensor's storage format, which its kernel's variant must name. */
  dtype(name: string): WeightDType {
    const t = this.host.get(name);
    if (!t) throw new Error(`model weights: missing tensor ${name}`);
    return t.dtype;
  }

  destroy(): void {
    for (const parts of this.slices?.values() ?? []) parts.forEach((p) => p.buffer.destroy());
    this.slices = undefined;
    this.write = undefined; // nor the host's data it holds
    this.destroyed = true;
    this.settleMade.reject(new Error('model weights: destroyed before their buffers were made')); // no-op once made
  }
}

/**
 * Rows per slice for a tensor over `limit` bytes (0: it fits whole), and the words of one row: a
 * half where 16-bit rows of odd K share a word, but a slice starts at a multiple of 64 rows, on a
 * whole word. (Rounded up, the rows drifted a word each two: 0.33 off in the logits, unsaid.)
 * Only a matrix stored row by row ('nk', and embedding tables) slices; anything else over the
 * limit is a ModelTooLargeError naming it.
 */
function sliceRows(name: string, t: TensorInfo, limit: number): { rows: number; rowWords: number } {
  const bytes = storedTensorBytes(t);
  if (bytes <= limit) return { rows: 0, rowWords: 0 };
  const tooLarge = (why: string) => new ModelTooLargeError(
    `tensor ${name} ${JSON.stringify(t.shape)} needs ${bytes} bytes, over this device's binding limit of ${limit}, and ${why}; a smaller model or a weight dtype with fewer bytes (LoadOptions.dtype) is needed`,
  );
  if (t.shape.length !== 2 || t.layout === 'kn') throw tooLarge('only a matrix stored row by row (N, K) can be split across bindings');
  const K = t.shape[1]!;
  const rowWords = storedLength(t.dtype, SLICE_ROWS * K, K) / SLICE_ROWS;
  const rows = Math.floor(limit / (4 * rowWords) / SLICE_ROWS) * SLICE_ROWS;
  if (rows === 0) throw tooLarge(`not even ${SLICE_ROWS} of its rows fit one binding`);
  return { rows, rowWords };
}
