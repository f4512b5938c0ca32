// The GPU memory training needs, from the config and the batch shape alone (layout.ts lists the
// buffers), and the checks made before anything is allocated: every buffer within the device's
// per-buffer limits, the total within an optional budget, and per-sequence slices that bind at
// aligned offsets. Throws; never allocates.

import { ModelTooLargeError } from '../../errors.js';
import { qkvWidth, type ModelConfig } from '../../model/config.js';
import { describe, parameterShapes, type BufferSpec, type Role, type TrainShape } from './layout.js';

/** Bytes by role; activations include the backward's gradient scratch and the kernels' own scratch. */
export interface TrainingMemory {
  weights: number;
  grads: number;
  optimizer: number;
  activations: number;
  total: number;
}

/** The limits a training config is checked against (a GPUSupportedLimits will do). */
export interface TrainingLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  minStorageBufferOffsetAlignment: number;
}

/** WebGPU's default offset alignment, used when no device is at hand. */
const DEFAULT_ALIGNMENT = 256;

/** Every buffer the trainer allocates itself, in allocation order. */
function bufferSpecs(c: ModelConfig, shape: TrainShape, offsetAlignment = DEFAULT_ALIGNMENT): BufferSpec[] {
  const specs: BufferSpec[] = [];
  describe(c, shape, offsetAlignment, (s) => specs.push(s));
  return specs;
}

/** Bytes the kernels allocate for themselves when bound (row statistics, partial sums). */
function kernelScratch(c: ModelConfig, { batchSize: B, contextLength: T }: TrainShape): number {
  const normStats = (2 * c.nLayers + 1) * B * T * 8; // (mean, rstd) per row, per norm backward
  const attentionStats = c.nLayers * B * T * c.nHeads * 8; // (lse, D) per query row and head
  // One partial sum per chunk of each gradient; 64 elements is the smallest chunk of any profile.
  let partials = 0;
  for (const dims of parameterShapes(c).values()) partials += Math.ceil(dims.reduce((a, b) => a * b, 1) / 64) * 4;
  return normStats + attentionStats + partials;
}

export function trainingMemory(c: ModelConfig, shape: TrainShape, offsetAlignment = DEFAULT_ALIGNMENT): TrainingMemory {
  const by: Record<Role, number> = { weights: 0, grads: 0, optimizer: 0, activations: kernelScratch(c, shape) };
  for (const s of bufferSpecs(c, shape, offsetAlignment)) by[s.role] += s.bytes;
  return { ...by, total: by.weights + by.grads + by.optimizer + by.activations };
}

/**
 * Throws a ModelTooLargeError naming the first buffer over the device's limits (or the total over
 * `maxMemory`) and what to reduce, and a RangeError naming contextLength when one sequence's
 * slices would not start at aligned offsets.
 */
export function checkTraining(c: ModelConfig, shape: TrainShape, limits: TrainingLimits, maxMemory?: number): TrainingMemory {
  checkSlices(c, shape.contextLength, limits.minStorageBufferOffsetAlignment);
  const perBuffer = Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);
  const which = limits.maxBufferSize < limits.maxStorageBufferBindingSize ? 'maxBufferSize' : 'maxStorageBufferBindingSize';
  for (const s of bufferSpecs(c, shape, limits.minStorageBufferOffsetAlignment)) {
    if (s.bytes > perBuffer) {
      throw new ModelTooLargeError(`training needs a buffer of ${s.bytes} bytes for its ${s.role} (${s.label}), over this device's ${which} of ${perBuffer}: ${s.reduce}`);
    }
  }
  const memory = trainingMemory(c, shape, limits.minStorageBufferOffsetAlignment);
  if (maxMemory !== undefined && memory.total > maxMemory) {
    const parts = (['weights', 'grads', 'optimizer', 'activations'] as const).map((k) => `${k} ${memory[k]}`).join(', ');
    throw new ModelTooLargeError(
      `training needs ${memory.total} bytes of GPU memory (${parts}), over the budget of ${maxMemory}: reduce batchSize or contextLength (activations), or train a smaller model`,
    );
  }
  return memory;
}

/**
 * Attention and the qkv split run one sequence at a time on slices of the (B*T, ...) buffers,
 * and a binding's offset must be a multiple of the device's alignment: so must each slice's size.
 */
function checkSlices(c: ModelConfig, T: number, align: number): void {
  const { dim: C, nHeads: NH, nKvHeads: NKV, headSize: HS } = c;
  const rows: Array<[string, number]> = [
    ['k, v and their gradients', NKV * HS * 4],
    ['q, the attention output and their gradients', NH * HS * 4],
    ['qkv and its gradient', qkvWidth(c) * 4],
  ];
  if (c.positions === 'learned') rows.push(['embedding output (learned positions are added per sequence)', C * 4]);
  const multiple = rows.reduce((m, [, bytes]) => lcm(m, align / gcd(align, bytes)), 1);
  for (const [what, bytes] of rows) {
    if ((T * bytes) % align !== 0) {
      throw new RangeError(
        `contextLength ${T} cannot be sliced per sequence: one sequence's ${what} takes ${T} * ${bytes} = ${T * bytes} bytes, ` +
          `not a multiple of this device's minStorageBufferOffsetAlignment of ${align}; use a contextLength that is a multiple of ${multiple}`,
      );
    }
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}
