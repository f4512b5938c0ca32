// The GPU trainer (src/train/gpu/) against the CPU reference trainer (src/reference/train.ts) on a
// tiny GPT-2 and a tiny Llama: 20 AdamW steps from the same weights on the same seeded batches,
// step by step (loss, gradient norm), the weights after, and the held-out loss; and the memory
// estimate and the checks that refuse a config before anything is allocated.

import { afterAll, describe, expect, it } from 'vitest';
import { ModelTooLargeError } from '../../src/errors.js';
import { createGpu } from '../../src/gpu/device.js';
import { qkvWidth, type ModelConfig, type WeightMap } from '../../src/model/config.js';
import { ReferenceTrainer } from '../../src/reference/train.js';
import { heldOutBatches, mulberry32, sampleBatch, type Batch } from '../../src/train/data/index.js';
import { GpuTrainer, type GpuTrainerOptions } from '../../src/train/gpu/trainer.js';
import { gpt2Config, llamaConfig, randomWeights } from '../model/random-model.js';

const gpu = await createGpu();
afterAll(() => gpu.destroy());

const V = 67; // not a multiple of any tile: the head and the loss take their edge paths
const B = 4;
const T = 16; // T * NKV * HS * 4 is a multiple of 256 for both models: per-sequence slices bind
const STEPS = 20;
const OPT = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1 };
const OPTIONS: GpuTrainerOptions = { batchSize: B, contextLength: T, optimizer: OPT };
/** Warm-up then constant: every step's lr reaches the GPU through the params. */
const lr = (step: number) => 1e-2 * Math.min(1, (step + 1) / 5);

// A corpus with structure to learn (70 % of tokens follow from the previous one), first 2,500
// tokens trained on, the rest held out (31 windows: 7 full batches and a short one of 3).
const corpus = (() => {
  const rng = mulberry32(1);
  const tokens = new Uint32Array(3000);
  for (let i = 1; i < tokens.length; i++) tokens[i] = rng() < 0.7 ? (tokens[i - 1] * 7 + 3) % V : Math.floor(rng() * V);
  return { train: tokens.subarray(0, 2500), heldOut: tokens.subarray(2500) };
})();

// Tolerances. Both trainers keep float32 between kernels; the reference sums in float64 inside
// each kernel, the GPU in float32 in another order, so each step's loss and gradient norm differ
// by float32 rounding, ~1e-7 relative (measured at most 1.4e-7 for either over the 20 steps on
// SwiftShader), and the weights by a few ulps. 1e-5 relative leaves a hundredfold margin for a
// GPU's tiled reductions; a missing or misplaced gradient term moves the loss by percent.
const LOSS_RTOL = 1e-5;
// A weight moves by up to about lr per AdamW step (1e-2 here): a wrong gradient shows at that
// scale. Measured differences are at most 4e-6 (an element whose tiny gradient AdamW normalises).
const WEIGHT_ATOL = 1e-4;

const clone = (w: WeightMap): WeightMap => new Map([...w].map(([n, t]) => [n, { ...t, shape: [...t.shape], data: t.data.slice() }]));
const asReference = (b: Batch) => ({ B: b.rows, T: b.contextLength, inputs: b.inputs, targets: b.targets });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The reference's held-out loss: the mean over every token of every batch. */
function referenceEvaluate(ref: ReferenceTrainer, batches: Batch[]): number {
  let sum = 0;
  let rows = 0;
  for (const b of batches) {
    sum += ref.lossAndGrads(asReference(b)).loss * b.rows;
    rows += b.rows;
  }
  return sum / rows;
}

/** Elements of `name` excused from the tight weight comparison, with the reason. */
function excused(c: ModelConfig, name: string): [number, number] | undefined {
  // The key bias: its gradient is identically zero in exact arithmetic (adding it shifts all of a
  // query's scores equally, which softmax ignores), so both trainers hand AdamW rounding noise,
  // which AdamW normalises into steps of up to ~lr in random directions. It cannot change any loss.
  if (!name.endsWith('attn.qkv.bias')) return undefined;
  const q = c.nHeads * c.headSize;
  return [q, q + c.nKvHeads * c.headSize];
}

function trainAgainstReference(name: string, config: ModelConfig) {
  it(`${name}: 20 steps track the CPU reference trainer; evaluate() equals its held-out loss`, async () => {
    expect(qkvWidth(config) * T * 4 % 256).toBe(0);
    const weights = randomWeights(config, 3);
    const trainer = await GpuTrainer.create(gpu, config, weights, OPTIONS);
    const ref = new ReferenceTrainer(config, clone(weights), { ...OPT, lr: 0 });
    const heldOut = heldOutBatches(corpus.heldOut, { batchSize: B, contextLength: T });
    expect(heldOut.map((b) => b.rows)).toEqual([4, 4, 4, 4, 4, 4, 4, 3]);
    const rng = mulberry32(42);
    const times: number[] = [];
    try {
      for (let s = 0; s < STEPS; s++) {
        const batch = sampleBatch(corpus.train, { batchSize: B, contextLength: T, rng });
        const start = performance.now();
        const got = await trainer.step(batch, lr(s));
        times.push(performance.now() - start);
        const want = ref.step(asReference(batch), lr(s));
        expect(Math.abs(got.loss - want.loss), `step ${s} loss ${got.loss} vs ${want.loss}`).toBeLessThanOrEqual(LOSS_RTOL * want.loss);
        expect(Math.abs(got.gradNorm - want.gradNorm), `step ${s} gradNorm ${got.gradNorm} vs ${want.gradNorm}`)
          .toBeLessThanOrEqual(LOSS_RTOL * want.gradNorm);
        if (s === STEPS / 2) {
          // Midway, a held-out pass with a short last batch: the next steps must still use B sequences.
          const mid = await trainer.evaluate(heldOut);
          expect(Math.abs(mid - referenceEvaluate(ref, heldOut))).toBeLessThanOrEqual(LOSS_RTOL * mid);
        }
      }
      expect(trainer.stepCount).toBe(STEPS);

      const final = await trainer.evaluate(heldOut);
      const wantFinal = referenceEvaluate(ref, heldOut);
      expect(Math.abs(final - wantFinal), `held-out ${final} vs ${wantFinal}`).toBeLessThanOrEqual(LOSS_RTOL * wantFinal);

      const got = await trainer.readWeights();
      expect([...got.keys()]).toEqual([...weights.keys()]);
      for (const [tensor, t] of got) {
        const want = ref.weights.get(tensor)!;
        expect(t.shape).toEqual(want.shape);
        expect(t.layout).toEqual(want.layout);
        const [from, to] = excused(config, tensor) ?? [0, 0];
        const lrSum = Array.from({ length: STEPS }, (_, s) => lr(s)).reduce((a, b) => a + b, 0);
        for (let i = 0; i < want.data.length; i++) {
          const tol = i >= from && i < to ? lrSum : WEIGHT_ATOL;
          const diff = Math.abs(t.data[i] - want.data[i]);
          if (!(diff <= tol)) expect.fail(`${tensor}[${i}]: GPU ${t.data[i]} vs reference ${want.data[i]} after ${STEPS} steps`);
        }
        // And training moved it (the comparison is not between two untouched copies).
        expect(t.data.some((x, i) => x !== weights.get(tensor)!.data[i]), `${tensor} moved`).toBe(true);
      }
      console.log(`${name}: ${trainer.dispatchesPerStep} dispatches per step, ${median(times).toFixed(1)} ms per step (median) on ${gpu.adapter.description || gpu.adapter.vendor}, memory ${JSON.stringify(trainer.memory)}`);
    } finally {
      trainer.destroy();
    }
  });
}

describe('GPU trainer against the CPU reference trainer', () => {
  trainAgainstReference('gpt2 (learned positions, LayerNorm, GELU, biases, tied head, kn weights)',
    gpt2Config({ V, C: 32, L: 2, NH: 2, NKV: 2, F: 128, maxSeqLen: 16 }));
  trainAgainstReference('llama (RoPE half, RMSNorm, SwiGLU, GQA 2:1, untied head)',
    llamaConfig({ V, C: 32, L: 2, NH: 4, NKV: 2, F: 88, maxSeqLen: 16 }, 'half'));
});

describe('GPU trainer checkpoints', () => {
  it('resuming from readWeights() and readOptimizerState() continues the run exactly', async () => {
    const config = llamaConfig({ V, C: 32, L: 1, NH: 4, NKV: 2, F: 88, maxSeqLen: 16 }, 'interleaved');
    const weights = randomWeights(config, 4);
    const batches = Array.from({ length: 6 }, ((rng) => () => sampleBatch(corpus.train, { batchSize: B, contextLength: T, rng }))(mulberry32(9)));
    const run = async (trainer: GpuTrainer, from: number, to: number) => {
      const losses: number[] = [];
      for (let s = from; s < to; s++) losses.push((await trainer.step(batches[s], lr(s))).loss);
      return losses;
    };
    const whole = await GpuTrainer.create(gpu, config, weights, OPTIONS);
    const first = await GpuTrainer.create(gpu, config, weights, OPTIONS);
    try {
      const uninterrupted = await run(whole, 0, 6);
      expect(await run(first, 0, 3)).toEqual(uninterrupted.slice(0, 3));
      const state = await first.readOptimizerState();
      expect(state.step).toBe(3);
      const resumed = await GpuTrainer.create(gpu, config, await first.readWeights(), { ...OPTIONS, state });
      try {
        expect(resumed.stepCount).toBe(3);
        // The same kernels in the same order on the same device: bit for bit, no tolerance.
        expect(await run(resumed, 3, 6)).toEqual(uninterrupted.slice(3));
        const [a, b] = [await whole.readWeights(), await resumed.readWeights()];
        for (const [name, t] of a) expect(b.get(name)!.data, name).toEqual(t.data);
      } finally {
        resumed.destroy();
      }
      const { m } = state;
      await expect(GpuTrainer.create(gpu, config, weights, { ...OPTIONS, state: { ...state, m: new Map([...m].slice(1)) } }))
        .rejects.toThrow(`optimizer state: ${m.size - 1} m tensors for ${m.size} weights`);
    } finally {
      whole.destroy();
      first.destroy();
    }
  });
});

describe('GPU trainer memory and refusals', () => {
  const config = gpt2Config({ V, C: 32, L: 2, NH: 2, NKV: 2, F: 128, maxSeqLen: 16 });
  const weights = randomWeights(config, 3);

  it('memory() counts weights, gradients, both AdamW moments and the activations', () => {
    const m = GpuTrainer.memory(config, OPTIONS);
    const params = [...weights.values()].reduce((n, t) => n + t.data.byteLength, 0);
    expect(m.weights).toBe(params);
    expect(m.grads).toBe(params);
    expect(m.optimizer).toBe(2 * params);
    expect(m.total).toBe(m.weights + m.grads + m.optimizer + m.activations);
    // The logits alone are B*T*V floats; activations grow with the batch.
    expect(m.activations).toBeGreaterThan(B * T * V * 4);
    expect(GpuTrainer.memory(config, { ...OPTIONS, batchSize: 2 * B }).activations).toBeGreaterThan(m.activations);
  });

  it('refuses, before allocating, a config too large for the device, over a budget, or unsliceable', async () => {
    const slots = gpu.params.liveSlots;
    const limit = Math.min(gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize);
    // Enough sequences that the (B*T, width) activations outgrow one binding.
    const huge = Math.ceil(limit / (T * 4 * 32)) + 1;
    await expect(GpuTrainer.create(gpu, config, weights, { ...OPTIONS, batchSize: huge }))
      .rejects.toThrow(new RegExp(`^training needs a buffer of \\d+ bytes for its activations \\(\\S+\\), over this device's \\w+ of ${limit}: reduce batchSize \\(${huge}\\) or contextLength \\(${T}\\)`));
    await expect(GpuTrainer.create(gpu, config, weights, { ...OPTIONS, batchSize: huge })).rejects.toBeInstanceOf(ModelTooLargeError);
    // An embedding that outgrows a binding (the largest vocabulary the sampler takes, wide enough):
    // refused before the (absent) weights are looked at.
    const wideV = 2 ** 24 - 1;
    const wideC = 64 * (Math.floor(limit / (4 * wideV * 64)) + 1);
    const wide = { ...config, vocabSize: wideV, dim: wideC, headSize: wideC / 2, rotaryDim: wideC / 2 };
    await expect(GpuTrainer.create(gpu, wide, new Map(), OPTIONS))
      .rejects.toThrow(new RegExp(`^training needs a buffer of \\d+ bytes for its weights \\(embed\\.tokens\\), .*: train a smaller model: embed\\.tokens is \\(${wideV}, ${wideC}\\)$`));
    const total = GpuTrainer.memory(config, OPTIONS).total;
    await expect(GpuTrainer.create(gpu, config, weights, { ...OPTIONS, maxMemory: total - 1 }))
      .rejects.toThrow(new RegExp(`^training needs ${total} bytes of GPU memory \\(weights \\d+, grads \\d+, optimizer \\d+, activations \\d+\\), over the budget of ${total - 1}`));
    // 5 * 2 KV heads * 16 * 4 bytes = 640: the second sequence's k would start off a 256-byte boundary.
    await expect(GpuTrainer.create(gpu, config, weights, { ...OPTIONS, contextLength: 5 }))
      .rejects.toThrow("contextLength 5 cannot be sliced per sequence: one sequence's k, v and their gradients takes 5 * 128 = 640 bytes, not a multiple of this device's minStorageBufferOffsetAlignment of 256; use a contextLength that is a multiple of 2");
    await expect(GpuTrainer.create(gpu, config, weights, { ...OPTIONS, contextLength: 32 })).rejects.toThrow("contextLength 32 exceeds the model's maxSeqLen of 16");
    await expect(GpuTrainer.create(gpu, config, weights, { ...OPTIONS, optimizer: { ...OPT, beta2: 1 } })).rejects.toThrow('adamw: beta2 must be in [0, 1), got 1');
    expect(gpu.params.liveSlots).toBe(slots);
  });

  it('refuses a batch of the wrong shape or with ids outside the vocabulary, and a bad lr', async () => {
    const trainer = await GpuTrainer.create(gpu, config, weights, OPTIONS);
    try {
      const batch = sampleBatch(corpus.train, { batchSize: B, contextLength: T, rng: mulberry32(5) });
      await expect(trainer.step({ inputs: batch.inputs.subarray(1), targets: batch.targets.subarray(1) }, 1e-3))
        .rejects.toThrow(`GPU trainer: a batch of ${B * T - 1} tokens is not 1 to batchSize ${B} sequences of contextLength ${T}`);
      const bad = batch.targets.slice();
      bad[T + 2] = V;
      await expect(trainer.step({ inputs: batch.inputs, targets: bad }, 1e-3))
        .rejects.toThrow(`GPU trainer: target id ${V} (sequence 1, position 2) is outside the vocabulary [0, ${V})`);
      await expect(trainer.step(batch, Number.NaN)).rejects.toThrow('GPU trainer: lr must be finite and >= 0, got NaN');
      expect(trainer.stepCount).toBe(0);
      expect(Number.isFinite((await trainer.step(batch, 1e-3)).loss)).toBe(true);
    } finally {
      trainer.destroy();
    }
  });
});
