// Errors that come from the GPU side of loading and running: a tensor over the device's binding
// limit, a lost device, a token id outside the vocabulary.

import { describe, expect, it } from 'vitest';
import { createGpu, type Gpu } from '../../src/gpu/device.js';
import { DeviceLostError } from '../../src/errors.js';
import { ModelTooLargeError } from '../../src/errors.js';
import { GpuWeights } from '../../src/model/gpu-weights.js';
import { Transformer } from '../../src/model/transformer.js';
import { llamaConfig, randomWeights } from './random-model.js';

const dims = { V: 32, C: 16, L: 1, NH: 2, NKV: 1, F: 24, maxSeqLen: 8 };

describe('GPU-side errors', () => {
  it('a tensor over the binding limit that cannot be split by rows is rejected, naming the tensor and the limit', async () => {
    const small = { limits: { maxStorageBufferBindingSize: 1024, maxBufferSize: 4096 } } as unknown as Gpu;
    const weights = randomWeights(llamaConfig(dims, 'half'), 1);
    await expect(GpuWeights.allocate(small, weights)).rejects.toThrow(ModelTooLargeError);
    await expect(GpuWeights.allocate(small, weights)).rejects.toThrow(/tensor embed\.tokens \[32,16\] needs 2048 bytes, over this device's binding limit of 1024, and not even 64 of its rows fit one binding/);
  });

  it('a token id outside the vocabulary is refused before it reaches the GPU', async () => {
    const gpu = await createGpu();
    const config = llamaConfig(dims, 'half');
    const model = await Transformer.create(gpu, config, randomWeights(config, 2));
    await expect(model.next([32], { temperature: 0 })).rejects.toThrow('ids[0] = 32 is not a token id: ids are integers in [0, 32)');
    model.dispose();
    gpu.destroy();
  });

  it('a lost device turns the next step into a DeviceLostError', async () => {
    const gpu = await createGpu();
    const config = llamaConfig(dims, 'half');
    const model = await Transformer.create(gpu, config, randomWeights(config, 3));
    gpu.device.destroy(); // what a driver reset looks like from here
    await gpu.device.lost;
    await expect(model.next([1], { temperature: 0 })).rejects.toThrow(DeviceLostError);
    model.dispose();
  });

  // Chromium's message ends with a period: "Device was destroyed.. Create a new engine" read doubled.
  it('a lost device\'s message ends each sentence with one period, whatever the driver\'s ends with', () => {
    const said = 'GPU device lost (destroyed): Device was destroyed. Create a new engine to continue.';
    expect(new DeviceLostError('destroyed', 'Device was destroyed.').message).toBe(said);
    expect(new DeviceLostError('destroyed', 'Device was destroyed').message).toBe(said);
    expect(new DeviceLostError('unknown', '').message).toBe('GPU device lost (unknown): no message. Create a new engine to continue.');
  });
});
