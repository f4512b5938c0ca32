// The CPU reference trainer (src/reference/train.ts) against finite differences of its own loss on
// tiny GPT-2 and Llama models: every weight's gradient, through every block's backward reference,
// and one optimizer step lowering the loss. Float32 weights and activations, so the steps are large.

import { describe, expect, it } from 'vitest';
import type { ModelConfig, WeightMap } from '../../src/model/config.js';
import { ReferenceTrainer, type Batch } from '../../src/reference/train.js';
import { mulberry32 } from '../support/random.js';
import { gpt2Config, llamaConfig, randomWeights } from './random-model.js';

const dims = { V: 11, C: 8, L: 2, NH: 2, NKV: 1, F: 16, maxSeqLen: 8 };
const OPT = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1 };

function batch(seed: number, B: number, T: number, V: number): Batch {
  const rnd = mulberry32(seed);
  const draw = () => Uint32Array.from({ length: B * T }, () => Math.floor(rnd() * V));
  return { B, T, inputs: draw(), targets: draw() };
}

// h = 1e-2 on weights of size ~0.3: the float32 pipeline rounds the loss (about 2.4) to ~3e-7, so
// the difference quotient carries ~2e-5 of rounding; the O(h^2) truncation is of the same order.
const H = 1e-2;
const TOL = { atol: 2e-4, rtol: 3e-2 };

function check(name: string, config: ModelConfig) {
  it(`${name}: every weight's gradient matches finite differences of the loss`, () => {
    const weights: WeightMap = randomWeights(config, 7);
    const trainer = new ReferenceTrainer(config, weights, OPT);
    const b = batch(3, 2, 5, config.vocabSize);
    const { grads } = trainer.lossAndGrads(b);
    const rnd = mulberry32(11);
    for (const [tensor, g] of grads) {
      const data = weights.get(tensor)!.data;
      // Two random elements, and the one of the largest gradient: rows no batch position reaches
      // (embed.positions past T) have none, and a tensor whose every probe fell there proved nothing.
      const largest = g.reduce((best, v, i) => (Math.abs(v) > Math.abs(g[best]) ? i : best), 0);
      const probes = [Math.floor(rnd() * data.length), Math.floor(rnd() * data.length), largest];
      let moved = 0;
      for (const i of probes) {
        const keep = data[i];
        data[i] = keep + H;
        const up = trainer.lossAndGrads(b).loss;
        data[i] = keep - H;
        const down = trainer.lossAndGrads(b).loss;
        data[i] = keep;
        const numeric = (up - down) / (2 * H);
        const bound = TOL.atol + TOL.rtol * Math.max(Math.abs(numeric), Math.abs(g[i]));
        expect(Math.abs(numeric - g[i]), `${tensor}[${i}]: analytic ${g[i]} vs numeric ${numeric}`).toBeLessThanOrEqual(bound);
        moved = Math.max(moved, Math.abs(numeric));
      }
      expect(moved, `${tensor}: the loss moves with some element`).toBeGreaterThan(10 * TOL.atol);
    }
  });

  it(`${name}: AdamW steps lower the loss on a fixed batch`, () => {
    const trainer = new ReferenceTrainer(config, randomWeights(config, 8), OPT);
    const b = batch(5, 2, 6, config.vocabSize);
    const first = trainer.step(b).loss;
    let last = first;
    for (let s = 0; s < 10; s++) last = trainer.step(b).loss;
    expect(last).toBeLessThan(first * 0.9);
  });
}

describe('reference trainer', () => {
  check('gpt2 (learned positions, LayerNorm, GELU, biases, tied head)', gpt2Config(dims));
  check('llama (RoPE half, RMSNorm, SwiGLU, GQA 2:1, untied head)', llamaConfig(dims, 'half'));
  check('llama (RoPE interleaved, qkv bias)', llamaConfig(dims, 'interleaved', true));
});
