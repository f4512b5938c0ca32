// The param arena: every bound kernel call owns one 256-byte slot of a shared uniform buffer for
// its shape scalars. Writes land in a CPU mirror; flush() uploads the dirty range once per submit,
// so a whole decode step costs one writeBuffer however many kernels it runs.

import { Usage } from './flags.js';

const SLOT_BYTES = 256; // minUniformBufferOffsetAlignment on every adapter we target
const SLOTS_PER_CHUNK = 256;

interface Chunk {
  buffer: GPUBuffer;
  words: ArrayBuffer;
  used: number;
  dirtyFrom: number; // slot index range that needs uploading
  dirtyTo: number;
}

/**
 * One owner's handle on a slot: freeing it ends the handle (a later write throws, a second free
 * does nothing), and a reused slot gets a new handle, so a freed one can never reach its next owner.
 */
export class ParamSlot {
  private readonly u32: Uint32Array;
  private readonly f32: Float32Array;
  private owned = true;

  constructor(
    private readonly chunk: Chunk,
    readonly index: number,
    private readonly arena: ParamArena,
  ) {
    this.u32 = new Uint32Array(chunk.words, index * SLOT_BYTES, SLOT_BYTES / 4);
    this.f32 = new Float32Array(chunk.words, index * SLOT_BYTES, SLOT_BYTES / 4);
  }

  /** The binding resource for a `var<uniform>` of at most 256 bytes. */
  get binding(): GPUBufferBinding {
    return { buffer: this.chunk.buffer, offset: this.index * SLOT_BYTES, size: SLOT_BYTES };
  }

  /**
   * Writes 32-bit fields in declaration order: integers as u32, `{ f: x }` as f32. Only a slot
   * whose values changed is marked for upload, so a decode step re-sends just the few shapes that
   * move with the position.
   */
  write(fields: ReadonlyArray<number | { f: number }>): void {
    if (!this.owned) throw new Error(`param slot ${this.index} written after it was freed (a kernel call used after destroy())`);
    // Every field checked before any is written: a refused write leaves the slot as it was.
    fields.forEach((field, i) => {
      if (typeof field === 'number' && !(Number.isInteger(field) && field >= 0 && field <= 0xffffffff)) {
        throw new RangeError(`param ${i} must be a u32, got ${field}`);
      }
    });
    let changed = false;
    fields.forEach((field, i) => {
      if (typeof field === 'number') {
        changed ||= this.u32[i] !== field;
        this.u32[i] = field;
      } else {
        const before = this.u32[i];
        this.f32[i] = field.f;
        changed ||= this.u32[i] !== before; // compare bits: NaN and -0 count as written values
      }
    });
    if (!changed) return;
    this.chunk.dirtyFrom = Math.min(this.chunk.dirtyFrom, this.index);
    this.chunk.dirtyTo = Math.max(this.chunk.dirtyTo, this.index + 1);
  }

  /** Whether this handle still owns its slot (free() not called). */
  get live(): boolean {
    return this.owned;
  }

  /** Returns the slot to the arena for reuse (when the kernel call that owned it is destroyed); once. */
  free(): void {
    if (!this.owned) return;
    this.owned = false;
    this.arena.release(this.chunk, this.index);
  }
}

export class ParamArena {
  private readonly chunks: Chunk[] = [];
  private readonly freed: Array<{ chunk: Chunk; index: number }> = [];

  constructor(private readonly device: GPUDevice) {}

  get liveSlots(): number {
    return this.chunks.reduce((n, c) => n + c.used, 0) - this.freed.length;
  }

  alloc(): ParamSlot {
    const reused = this.freed.pop();
    if (reused) return new ParamSlot(reused.chunk, reused.index, this);
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || chunk.used === SLOTS_PER_CHUNK) {
      chunk = {
        buffer: this.device.createBuffer({
          label: `params#${this.chunks.length}`,
          size: SLOT_BYTES * SLOTS_PER_CHUNK,
          usage: Usage.UNIFORM | Usage.COPY_DST,
        }),
        words: new ArrayBuffer(SLOT_BYTES * SLOTS_PER_CHUNK),
        used: 0,
        dirtyFrom: Infinity,
        dirtyTo: 0,
      };
      this.chunks.push(chunk);
    }
    return new ParamSlot(chunk, chunk.used++, this);
  }

  /** Takes a slot back (ParamSlot.free, which calls it once per handle). */
  release(chunk: Chunk, index: number): void {
    this.freed.push({ chunk, index });
  }

  /** Uploads every slot written since the last flush. */
  flush(): void {
    for (const chunk of this.chunks) {
      if (chunk.dirtyTo === 0) continue;
      const from = chunk.dirtyFrom * SLOT_BYTES;
      const to = chunk.dirtyTo * SLOT_BYTES;
      this.device.queue.writeBuffer(chunk.buffer, from, chunk.words, from, to - from);
      chunk.dirtyFrom = Infinity;
      chunk.dirtyTo = 0;
    }
  }

  destroy(): void {
    for (const chunk of this.chunks) chunk.buffer.destroy();
    this.chunks.length = 0;
    this.freed.length = 0;
  }
}
