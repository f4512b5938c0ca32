// What the bench measures on the engine's device itself, beside what the engine reports
// (LoadOptions.dtype, ModelInfo.bytesPerToken, GenerationStats.dispatchesPerToken): dispatches,
// counted on every recorder opened (a cross-check of the engine's own count) and kept, so that
// one decode step can be replayed under timestamps (timestamps.ts), with the host's time from a
// recorder's opening to its submit; and GPU memory, buffers created and destroyed on the device.

import type { Dispatch } from '../src/gpu/recorder.js';
import type { Engine } from '../src/index.js';

/**
 * Counts dispatches recorded on the engine's device between start() and take(): every recorder
 * opened meanwhile is tallied, and its dispatches kept until the next start().
 */
export class DispatchCounter {
  private recorders: Dispatch[][] | null = null;
  private kept: Dispatch[][] = [];
  /** Host milliseconds from each recorder's opening to its submit's return, by recorder. */
  private readonly hostMs = new WeakMap<Dispatch[], number>();

  constructor(engine: Engine) {
    const gpu = engine.gpu;
    const open = gpu.recorder.bind(gpu);
    gpu.recorder = (label?: string) => {
      const opened = performance.now();
      const r = open(label);
      const recorded: Dispatch[] = [];
      this.recorders?.push(recorded);
      const dispatch = r.dispatch.bind(r);
      r.dispatch = (d: Dispatch) => {
        const before = r.dispatchCount;
        dispatch(d);
        if (r.dispatchCount > before) recorded.push(d); // an empty grid records nothing
      };
      const submit = r.submit.bind(r);
      r.submit = () => {
        submit();
        this.hostMs.set(recorded, performance.now() - opened);
      };
      return r;
    };
  }

  start(): void {
    this.recorders = [];
  }

  /** Dispatches recorded since start(); counting stops until the next start(). */
  take(): number {
    this.kept = this.recorders ?? [];
    this.recorders = null;
    return this.kept.reduce((sum, r) => sum + r.length, 0);
  }

  /**
   * The median host milliseconds, opening to submit, of the last take()'s recorders that recorded
   * exactly `count` dispatches (decode steps): the model's JS, the API calls and the submit.
   */
  hostStepMs(count: number): number | undefined {
    const times = this.kept.filter((r) => r.length === count).map((r) => this.hostMs.get(r)).filter((t) => t !== undefined);
    return times.length ? times.sort((a, b) => a - b)[times.length >> 1] : undefined;
  }

  /** The dispatches of the last recorder of the last take() that recorded exactly `count` (a decode step). */
  lastStep(count: number): Dispatch[] | undefined {
    return [...this.kept].reverse().find((r) => r.length === count);
  }
}

export interface MemorySnapshot {
  /** Bytes of every live buffer created since the last reset(). */
  total: number;
  /** Buffers named like weights (dotted tensor names). */
  weights: number;
  /** The KV cache (buffers k0.., v0..). */
  kv: number;
  /** The rest: activations, logits, the param arena, read-back buffers. */
  other: number;
  buffers: number;
}

/** Tracks the bytes of live buffers on the engine's device by wrapping createBuffer and destroy. */
export class MemoryTracker {
  private readonly live = new Map<GPUBuffer, { size: number; label: string }>();

  constructor(engine: Engine) {
    const device = engine.gpu.device;
    const create = device.createBuffer.bind(device);
    device.createBuffer = (descriptor: GPUBufferDescriptor) => {
      const buffer = create(descriptor);
      this.live.set(buffer, { size: descriptor.size, label: descriptor.label ?? '' });
      const destroy = buffer.destroy.bind(buffer);
      buffer.destroy = () => {
        this.live.delete(buffer);
        destroy();
      };
      return buffer;
    };
  }

  /** Forgets the buffers created so far: later snapshots count only buffers created after this. */
  reset(): void {
    this.live.clear();
  }

  snapshot(): MemorySnapshot {
    const s: MemorySnapshot = { total: 0, weights: 0, kv: 0, other: 0, buffers: this.live.size };
    for (const { size, label } of this.live.values()) {
      s.total += size;
      if (/^[kv]\d+$/.test(label)) s.kv += size;
      else if (/\./.test(label)) s.weights += size;
      else s.other += size;
    }
    return s;
  }
}
