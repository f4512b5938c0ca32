// A decode step's dispatch count (what the pass recorded for a token fed on the GPU, penalty off)
// is within the budget of 6 a layer plus 3 a token, for a Llama (RMSNorm, SwiGLU, RoPE)
// and a GPT-2 (LayerNorm, GELU, biases, 'kn' weights) model: 5 a layer, the qkv GEMV writing the
// KV cache itself, also for Hugging Face's half-split RoPE pairs (its q and k rows reordered into
// interleaved pairs on the GPU, while the model's config stays the checkpoint's); the repetition
// penalty and the logit bias add one dispatch between them. Correctness of those passes is
// forward.test.ts's.

import { afterAll, describe, expect, it } from 'vitest';
import { createGpu } from '../../src/gpu/device.js';
import type { ModelConfig } from '../../src/model/config.js';
import type { Sampling } from '../../src/model/forward.js';
import { Transformer } from '../../src/model/transformer.js';
import { gpt2Config, llamaConfig, randomWeights, type Dims } from './random-model.js';

const gpu = await createGpu();
afterAll(() => gpu.destroy());

const dims: Dims = { V: 67, C: 32, L: 3, NH: 4, NKV: 2, F: 72, maxSeqLen: 32 };
const models: Array<[string, number, ModelConfig]> = [
  ['llama (interleaved RoPE)', 5, llamaConfig(dims, 'interleaved')],
  ['llama (half-split RoPE)', 5, llamaConfig(dims, 'half')],
  ['gpt2', 5, gpt2Config({ ...dims, NKV: dims.NH })],
];

describe('dispatches per decode token', () => {
  it.each(models)('%s: at most %i a layer plus 3', async (_, perLayer, config) => {
    const model = await Transformer.create(gpu, config, randomWeights(config, 3));
    try {
      const stream = await model.decode([1, 5, 9], { temperature: 0 }, { limit: 4 });
      let steps = 0;
      while (await stream.next()) steps++;
      stream.close();
      expect(steps).toBe(4);
      expect(model.dispatchesPerToken).toBeLessThanOrEqual(perLayer * config.nLayers + 3);
      expect(model.config.ropeLayout).toBe(config.ropeLayout);
    } finally {
      model.dispose();
    }
  });

  it('one more with a repetition penalty, a logit bias or both', async () => {
    const config = models[0]![2];
    const model = await Transformer.create(gpu, config, randomWeights(config, 3));
    const count = async (sampling: Sampling) => {
      const stream = await model.decode([1, 5, 9], sampling, { limit: 2 });
      while (await stream.next()) { /* drain */ }
      stream.close();
      return model.dispatchesPerToken;
    };
    try {
      const plain = (await count({ temperature: 0 }))!;
      const bias = [[3, 1.5]] as const;
      expect([await count({ temperature: 0, repetitionPenalty: 1.2 }), await count({ temperature: 0, logitBias: bias }),
        await count({ temperature: 0, repetitionPenalty: 1.2, logitBias: bias })]).toEqual([plain + 1, plain + 1, plain + 1]);
    } finally {
      model.dispose();
    }
  });
});
