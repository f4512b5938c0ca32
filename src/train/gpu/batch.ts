// A batch on its way to the GPU: checked on the host (shape, every id and target inside the
// vocabulary: the kernels cannot report a bad one), then written to the trainer's buffers: the
// ids at the stride the embedding slices bind, the targets, and for a training step the rows
// grouped by id that the embedding backward sums. Records no kernel.

import type { Gpu } from '../../gpu/device.js';
import { groupRowsById } from '../../kernels/index.js';
import type { ModelConfig } from '../../model/config.js';
import { writeArray } from './allocate.js';
import { idsStride, type TrainBuffers, type TrainShape } from './layout.js';

/** B sequences of T tokens, row-major (B, T): the inputs and the next token each predicts. */
export interface TrainBatch {
  inputs: Uint32Array;
  targets: Uint32Array;
}

/** What the passes need to know of an uploaded batch. */
export interface Uploaded {
  /** Sequences in the batch. */
  rows: number;
  /** Distinct input ids (0 when the index was not uploaded). */
  distinct: number;
}

/** Throws a RangeError unless the batch holds 1..B whole sequences of T tokens within the vocabulary. */
function checkBatch(c: ModelConfig, { batchSize: B, contextLength: T }: TrainShape, batch: TrainBatch): number {
  const { inputs, targets } = batch;
  if (!(inputs instanceof Uint32Array) || !(targets instanceof Uint32Array)) throw new TypeError('GPU trainer: inputs and targets must be Uint32Arrays');
  if (inputs.length !== targets.length) throw new RangeError(`GPU trainer: ${inputs.length} inputs but ${targets.length} targets`);
  const rows = inputs.length / T;
  if (!Number.isInteger(rows) || rows < 1 || rows > B) {
    throw new RangeError(`GPU trainer: a batch of ${inputs.length} tokens is not 1 to batchSize ${B} sequences of contextLength ${T}`);
  }
  for (const [what, ids] of [['input', inputs], ['target', targets]] as const) {
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] >= c.vocabSize) {
        throw new RangeError(`GPU trainer: ${what} id ${ids[i]} (sequence ${Math.floor(i / T)}, position ${i % T}) is outside the vocabulary [0, ${c.vocabSize})`);
      }
    }
  }
  return rows;
}

/** Checks and writes a batch; `index`: also the rows grouped by id (a training step's embedding backward). */
export function uploadBatch(gpu: Gpu, c: ModelConfig, shape: TrainShape, b: TrainBuffers<GPUBuffer>, batch: TrainBatch, index: boolean): Uploaded {
  const rows = checkBatch(c, shape, batch);
  const T = shape.contextLength;
  const stride = idsStride(c, T, gpu.limits.minStorageBufferOffsetAlignment);
  let ids = batch.inputs;
  if (stride !== T) {
    ids = new Uint32Array(rows * stride);
    for (let r = 0; r < rows; r++) ids.set(batch.inputs.subarray(r * T, (r + 1) * T), r * stride);
  }
  writeArray(gpu, b.ids, ids);
  writeArray(gpu, b.targets, batch.targets);
  if (!index) return { rows, distinct: 0 };
  const byId = groupRowsById(batch.inputs, c.vocabSize);
  writeArray(gpu, b.rowTokens, byId.tokens);
  writeArray(gpu, b.rowOffsets, byId.offsets);
  writeArray(gpu, b.rowOrder, byId.order);
  return { rows, distinct: byId.tokens.length };
}
