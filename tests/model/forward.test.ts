// The GPU forward pass against the CPU reference forward (src/reference/transformer.ts) on
// seeded random GPT-2 and Llama models: logits at every position, for a prompt run in one
// prefill pass and then continued token by token through the decode path. Under both tuning
// profiles on whatever adapter runs the tests: the 'gpu' profile's tiles, grids and decode chain
// are checked here before a GPU ever runs them.

import { afterAll, describe, expect, it } from 'vitest';
import { createGpu } from '../../src/gpu/device.js';
import { PROFILES } from '../../src/gpu/profile.js';
import type { HostTensor, ModelConfig } from '../../src/model/config.js';
import { convertWeights } from '../../src/model/convert.js';
import { Transformer } from '../../src/model/transformer.js';
import type { StoredTensor } from '../../src/quant/formats.js';
import { toFloat32 } from '../../src/quant/stored.js';
import { ReferenceTransformer } from '../../src/reference/transformer.js';
import { compare, type Tolerance } from '../kernels/harness.js';
import { gpt2Config, llamaConfig, randomWeights, type Dims } from './random-model.js';

// Logits come out of L blocks of f32 matmuls (K <= 96) and attention; relative to logits of
// magnitude ~1-5 the accumulated rounding stays below 1e-4. A wrong layout, head mapping or
// position shows as O(1) differences.
const TOL: Tolerance = { atol: 2e-4, rtol: 2e-4, nmse: 1e-8 };

const dims: Dims = { V: 67, C: 48, L: 2, NH: 4, NKV: 4, F: 96, maxSeqLen: 24 };
const models: Array<[string, ModelConfig]> = [
  ['gpt2', gpt2Config(dims)],
  ['llama interleaved rope, GQA', llamaConfig({ ...dims, NKV: 2 }, 'interleaved')],
  ['llama half rope, GQA 4:1, qkv bias (qwen2)', llamaConfig({ ...dims, NKV: 1 }, 'half', true)],
  // Half of each head's 12 dims turn: pairs (i, i + 3), which the GPU reorders to (2i, 2i + 1) in a quad of 4 outputs.
  ['llama half rope, partial rotary width', { ...llamaConfig({ ...dims, NKV: 2 }, 'half'), rotaryDim: 6 }],
  // Llama's mlp_bias and attention_bias: gate, up, down and o_proj biases, in prefill and in decode.
  ['llama with every bias (mlp_bias, attention_bias)', { ...llamaConfig({ ...dims, NKV: 2 }, 'half', true), bias: { qkv: true, attnOut: true, mlp: true, norm: false } }],
  // An eps as large as the activations' mean square: a norm that drops it or reads another is far off (at 1e-5 it passes TOL without).
  ['gpt2 with norm eps 0.05', { ...gpt2Config(dims), normEps: 0.05 }],
  ['llama with norm eps 0.05', { ...llamaConfig({ ...dims, NKV: 2 }, 'interleaved'), normEps: 0.05 }],
  // config.json's head_dim apart from the width over the heads (Gemma-, Qwen3-style): 4 heads of 16 on a width of 48.
  ['llama with head size 16, not width / heads = 12, GQA', { ...llamaConfig({ ...dims, NKV: 2 }, 'half'), headSize: 16, rotaryDim: 16 }],
  ['llama with Llama 3.1 rope scaling', {
    ...llamaConfig({ ...dims, NKV: 2 }, 'half'),
    ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 16 },
  }],
];

for (const profile of PROFILES) {
// hostThreads: 2 (CI's): the software profile's workgroup caps plan the staged and strided GEMV programs on any host.
const gpu = await createGpu({ profile, hostThreads: 2 });
afterAll(() => gpu.destroy());

describe(`GPU forward matches the CPU reference forward (profile ${profile})`, () => {
  it('decode deep into a long context (split-K decode attention)', async () => {
    const config = llamaConfig({ ...dims, NKV: 2, maxSeqLen: 300 }, 'interleaved');
    const weights = randomWeights(config, 9);
    const model = await Transformer.create(gpu, config, weights);
    const reference = new ReferenceTransformer(config, weights);
    const prompt = Array.from({ length: 270 }, (_, i) => (i * 37 + 11) % config.vocabSize);
    try {
      const { logits } = await model.next(prompt, { temperature: 0 }, { logits: true });
      const want = reference.forward(prompt, 0);
      const r = compare(logits!, want.subarray((prompt.length - 1) * config.vocabSize), TOL);
      expect(r.pass, `prefill of 270: ${r.detail}`).toBe(true);
      for (const [i, id] of [5, 40].entries()) {
        const { logits: step } = await model.next([id], { temperature: 0 }, { logits: true });
        const rs = compare(step!, reference.forward([id], prompt.length + i), TOL);
        expect(rs.pass, `decode at ${prompt.length + i}: ${rs.detail}`).toBe(true);
      }
    } finally {
      model.dispose();
    }
  });

  it('a prompt longer than one prefill pass runs in chunks', async () => {
    const config = llamaConfig({ ...dims, NKV: 2 }, 'half');
    const weights = randomWeights(config, 5);
    const model = await Transformer.create(gpu, config, weights, { prefillRows: 3 });
    const prompt = [3, 17, 0, 66, 42, 5, 9, 30];
    try {
      const { logits } = await model.next(prompt, { temperature: 0 }, { logits: true });
      const want = new ReferenceTransformer(config, weights).forward(prompt, 0).subarray((prompt.length - 1) * config.vocabSize);
      const r = compare(logits!, want, TOL);
      expect(r.pass, r.detail).toBe(true);
      expect(model.pos).toBe(prompt.length);
    } finally {
      model.dispose();
    }
  });

  for (const [name, config] of models) {
    it(name, async () => {
      const weights = randomWeights(config, 11);
      await expectReferencePath(config, weights, new ReferenceTransformer(config, weights));
    });
  }

  // The quantized and 16-bit GEMV and matmul programs in a whole model, against the reference on
  // the very values the GPU holds. K = 256 takes q4_K's super-blocks; the K = 96 matrix falls back to q4_0.
  for (const dtype of ['f16', 'q8_0', 'q4_0', 'q4_K'] as const) {
    it(`llama at ${dtype}, against the reference on its dequantized weights`, async () => {
      const config = llamaConfig({ ...dims, C: 256, L: 1, NKV: 2 }, 'half');
      const { weights } = convertWeights(randomWeights(config, 11), dtype);
      const dequantized = new Map([...weights].map(([n, t]): [string, HostTensor] => [n, { ...toFloat32(t), dtype: 'f32' }]));
      await expectReferencePath(config, weights, new ReferenceTransformer(config, dequantized));
    });
  }

  // GPT-2's Conv1D matrices stay 'kn' at 16 bits (as the profile holds them): the 16-bit 'kn' matmul,
  // the LayerNorm GEMV and the qkv-into-cache program in a whole model.
  for (const dtype of ['f16', 'bf16'] as const) {
    it(`gpt2 at ${dtype}, against the reference on the values it holds`, async () => {
      const config = gpt2Config({ ...dims, L: 1 });
      const { weights } = convertWeights(randomWeights(config, 13), dtype);
      expect(weights.get('layers.0.attn.qkv.weight')).toMatchObject({ dtype, layout: 'kn' });
      const held = new Map([...weights].map(([n, t]): [string, HostTensor] => [n, { ...toFloat32(t), dtype: 'f32' }]));
      await expectReferencePath(config, weights, new ReferenceTransformer(config, held));
    });
  }

  /** Logits of a prompt's prefill (every row, then the last row as generation runs it) and of three decode steps. */
  async function expectReferencePath(config: ModelConfig, weights: ReadonlyMap<string, HostTensor | StoredTensor>, reference: ReferenceTransformer): Promise<void> {
    const model = await Transformer.create(gpu, config, weights);
    const prompt = [3, 17, 0, 66, 42, 5, 9];
    try {
      // Prefill: every row of the prompt at once.
      const got = await model.logitsFor(prompt);
      const want = reference.forward(prompt, 0);
      const r1 = compare(got, want, TOL);
      expect(r1.pass, `prefill: ${r1.detail}`).toBe(true);
      // The generation prefill pass (last row only, GEMV head) from position 0 again.
      const { logits: last } = await model.next(prompt, { temperature: 0 }, { logits: true, startAt: 0 });
      const rLast = compare(last!, want.subarray((prompt.length - 1) * config.vocabSize), TOL);
      expect(rLast.pass, `prefill pass: ${rLast.detail}`).toBe(true);
      // Then the decode path (one row, GEMV kernels), position by position.
      for (const [i, id] of [12, 60, 1].entries()) {
        const want1 = reference.forward([id], prompt.length + i);
        const { logits } = await model.next([id], { temperature: 0 }, { logits: true });
        const r = compare(logits!, want1, TOL);
        expect(r.pass, `decode at ${prompt.length + i}: ${r.detail}`).toBe(true);
      }
    } finally {
      model.dispose();
    }
  }
});
}
