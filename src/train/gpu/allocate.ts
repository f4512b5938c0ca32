// Allocates the buffers layout.ts describes and uploads the weights (and RoPE's frequencies) into
// them, after checking the weight map holds exactly the tensors the config implies. Frees what it
// made when a step fails. Runs no kernel.

import { createStorage } from '../../gpu/buffers.js';
import type { Gpu } from '../../gpu/device.js';
import type { ModelConfig, WeightMap } from '../../model/config.js';
import { ropeFrequencyTurns, ropeInverseFrequencies } from '../../model/rope-frequencies.js';
import { describe, parameterShapes, type TrainBuffers, type TrainShape } from './layout.js';

/** Throws a TypeError naming the first tensor missing, extra, or of another shape than `c` implies. */
export function checkWeights(c: ModelConfig, weights: WeightMap): void {
  const want = parameterShapes(c);
  for (const name of weights.keys()) if (!want.has(name)) throw new TypeError(`GPU trainer: weight ${name} is not a parameter of this config`);
  for (const [name, dims] of want) {
    const t = weights.get(name);
    if (!t) throw new TypeError(`GPU trainer: missing weight ${name} (${dims.join(', ')})`);
    // Matrices are described (N, K); a 'kn' tensor stores them (K, N).
    const stored = t.layout === 'kn' ? [...dims].reverse() : dims;
    if (t.shape.join() !== stored.join() || t.data.length !== dims.reduce((a, b) => a * b, 1)) {
      throw new TypeError(`GPU trainer: weight ${name} is (${t.shape.join(', ')}) with ${t.data.length} values, the config needs (${stored.join(', ')})`);
    }
  }
}

/** Every buffer, zero-filled, with the weights uploaded, and the call that destroys them all. */
export function allocateBuffers(gpu: Gpu, c: ModelConfig, shape: TrainShape, weights: WeightMap): { buffers: TrainBuffers<GPUBuffer>; destroy(): void } {
  const made: GPUBuffer[] = [];
  try {
    const buffers = describe(c, shape, gpu.limits.minStorageBufferOffsetAlignment, (s) => {
      const b = createStorage(gpu.device, s.bytes, s.label);
      made.push(b);
      return b;
    });
    for (const [name, t] of weights) writeArray(gpu, buffers.weights.get(name)!, t.data);
    if (buffers.ropeFreqs) writeArray(gpu, buffers.ropeFreqs, ropeFrequencyTurns(ropeInverseFrequencies(c)));
    return { buffers, destroy: () => made.forEach((b) => b.destroy()) };
  } catch (e) {
    for (const b of made) b.destroy();
    throw e;
  }
}

/** Queues a copy of `data` into the start of `buffer`. */
export function writeArray(gpu: Gpu, buffer: GPUBuffer, data: Float32Array | Uint32Array): void {
  gpu.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
}
