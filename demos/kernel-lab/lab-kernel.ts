// What the kernel lab knows of a kernel (LabKernel: its shape fields, variant choices, program
// catalogue, and how to set up one call with its CPU reference), and the GPU memory a call uses
// (Allocations: uploads, read-backs, bound calls, all freed together). Types and helpers only: the
// kernels are in kernels.ts, running and timing in run.ts.

import { readFloat32, readUint32, uploadStorage } from '../../src/gpu/buffers.js';
import type { Gpu } from '../../src/gpu/device.js';
import type { ProfileName } from '../../src/gpu/profile.js';
import type { Recorder } from '../../src/gpu/recorder.js';
import type { ProgramCatalog } from '../../src/kernels/traits.js';
import { mulberry32 } from '../../src/train/data/random.js';

/** A number of the shape (or a setting such as eps or temperature). */
export interface Field {
  id: string;
  label: string;
  value: number;
  min: number;
  /** Non-integers (eps, temperature) take any step. */
  integer?: boolean;
  title?: string;
}

/** A variant flag or mode: one of a few values. */
export interface Choice {
  id: string;
  label: string;
  options: readonly string[];
  title?: string;
}

export interface Settings {
  /** By field id. */
  dims: Record<string, number>;
  /** By choice id: one of its options. */
  choices: Record<string, string>;
  /** The tuning table to use; undefined: the adapter's own. */
  profile?: ProfileName;
}

/** Per output: passes when |gpu - cpu| <= atol + rtol * |cpu|; `why` says where that much error comes from. */
export interface Tolerance {
  atol: number;
  rtol: number;
  why: string;
}

/** One call of a kernel, bound to random inputs, with what the CPU reference makes of them. */
export interface PreparedCall {
  /** The operands' shapes in words, e.g. "x (65, 260) · W (130, 260) → y (65, 130)". */
  describe: string;
  /** Records one call: one dispatch or several. */
  record(recorder: Recorder): void;
  read(): Promise<ArrayLike<number>>;
  /** The CPU reference's output for the same inputs (plain loops in float64, not fast). */
  reference(): ArrayLike<number>;
  tolerance: Tolerance;
  /** Floating-point operations of one call (a multiply-add counts 2); 0 where a count means nothing (copies, sorting). */
  flops: number;
  /** Bytes one call must move at least: each input read once, the output written once. */
  bytes: number;
}

export interface LabKernel {
  name: string;
  /** What it computes, in one line. */
  formula: string;
  fields: readonly Field[];
  choices: readonly Choice[];
  /** Every program of the family: where the lab looks up the WGSL of the pipelines a call ran. */
  programs: ProgramCatalog;
  prepare(gpu: Gpu, settings: Settings, memory: Allocations): Promise<PreparedCall>;
}

/** Buffers and bound calls of one lab run: destroy() frees them all. */
export class Allocations {
  private readonly buffers: GPUBuffer[] = [];
  private readonly bounds: { destroy(): void }[] = [];

  constructor(private readonly gpu: Gpu) {}

  upload(data: Float32Array | Uint32Array, label: string): GPUBuffer {
    const buffer = uploadStorage(this.gpu.device, data, `kernel lab: ${label}`);
    this.buffers.push(buffer);
    return buffer;
  }

  /** An output buffer filled with NaN (ids: with a value no kernel writes), so an element the kernel skips cannot pass. */
  output(count: number, label: string, ids = false): GPUBuffer {
    checkCount(count);
    return this.upload(ids ? new Uint32Array(count).fill(0xfffffffe) : new Float32Array(count).fill(NaN), label);
  }

  readFloats(buffer: GPUBuffer, count: number): Promise<Float32Array> {
    return readFloat32(this.gpu.device, buffer, count);
  }

  readIds(buffer: GPUBuffer, count: number): Promise<Uint32Array> {
    return readUint32(this.gpu.device, buffer, count);
  }

  /** A bound call (its param slot, its scratch) to free with the buffers. */
  keep<B extends { destroy(): void }>(bound: B): B {
    this.bounds.push(bound);
    return bound;
  }

  destroy(): void {
    for (const bound of this.bounds) bound.destroy();
    for (const buffer of this.buffers) buffer.destroy();
  }
}

/** The most values one lab tensor holds (256 MB of floats): a larger shape is refused before anything is allocated. */
const MAX_VALUES = 2 ** 26;

function checkCount(n: number): void {
  if (n > MAX_VALUES) throw new RangeError(`the shape asks for a tensor of ${n.toLocaleString('en-US')} values, more than the lab allocates (${MAX_VALUES.toLocaleString('en-US')}): pick a smaller shape`);
}

/** n values uniform in [-scale, scale), the same for the same seed. */
export function randomFloats(n: number, seed: number, scale = 1): Float32Array {
  checkCount(n);
  const next = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (2 * next() - 1) * scale);
}

/** n integers uniform in 0..below-1. */
export function randomIds(n: number, seed: number, below: number): Uint32Array {
  checkCount(n);
  const next = mulberry32(seed);
  return Uint32Array.from({ length: n }, () => Math.floor(next() * below));
}
