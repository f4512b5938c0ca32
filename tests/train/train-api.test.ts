// train() end to end on the GPU with a tiny model on real text: two sittings (stopAt, then a
// resume from the saved checkpoint) give bit for bit the run of one sitting; the checkpoint loads
// in the engine and generates; resuming with other options, a fresh run without a shape, and options
// that cannot work are refused before anything is allocated.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { createGpu } from '../../src/gpu/device.js';
import { readCheckpoint, saveCheckpoint } from '../../src/train/checkpoint/index.js';
import { prepareData } from '../../src/train/data/index.js';
import { planTraining, train, type TrainOptions, type TrainResult } from '../../src/train/train.js';
import { dataPath } from '../support/data.js';

const text = readFileSync(dataPath('tinyshakespeare/input.txt'), 'utf8').slice(0, 50_000);
const data = prepareData({ train: { name: 'input.txt', text } });
const gpu = await createGpu();
const folder = mkdtempSync(join(tmpdir(), 'shaderlm-train-'));
afterAll(() => {
  gpu.destroy();
  rmSync(folder, { recursive: true, force: true });
});

const OPTIONS: TrainOptions = {
  data, model: { architecture: 'llama', layers: 1, width: 32, heads: 2 },
  steps: 6, batchSize: 4, contextLength: 16, learningRate: 3e-3, warmup: 2, evalEvery: 3, evalTokens: 512, seed: 5,
};

async function run(o: TrainOptions): Promise<{ losses: number[]; result: TrainResult }> {
  const losses: number[] = [];
  const it = train(gpu, o);
  let r = await it.next();
  while (!r.done) {
    losses.push(r.value.loss);
    r = await it.next();
  }
  return { losses, result: r.value };
}

describe('train()', () => {
  it('two sittings with a resume give exactly the run of one', async () => {
    const whole = await run(OPTIONS);
    const first = await run({ ...OPTIONS, stopAt: 3 });
    expect(first.result.optimizer.step).toBe(3);
    await saveCheckpoint(folder, { config: first.result.config, weights: first.result.weights, tokenizerJson: data.json, optimizer: first.result.optimizer });
    const second = await run({ ...OPTIONS, from: await readCheckpoint(folder), resume: true });
    expect([...first.losses, ...second.losses]).toEqual(whole.losses);
    for (const [name, t] of whole.result.weights) expect(Array.from(second.result.weights.get(name)!.data), name).toEqual(Array.from(t.data));
    expect(whole.losses[5]).toBeLessThan(whole.losses[0]);
  });

  it('the checkpoint loads in the engine and generates', async () => {
    const engine = await createEngine();
    try {
      const model = await engine.load(folder);
      const out = await model.generate('ROMEO:', { maxTokens: 8, temperature: 0 }).text();
      expect(out.length).toBeGreaterThan(0);
      model.dispose();
    } finally {
      engine.destroy();
    }
  });

  it('refuses a resume with other options, naming them, and a run with neither shape nor checkpoint', async () => {
    const from = await readCheckpoint(folder);
    expect(() => planTraining({ ...OPTIONS, learningRate: 1e-3, from, resume: true })).toThrow(/learningRate: 0\.003 saved, 0\.001 now/);
    // An option saved but not given again is another run too (the schedule's floor would move).
    const savedFloor = { ...from, optimizer: { ...from.optimizer!, options: { ...from.optimizer!.options, minLearningRate: 0 } } };
    expect(() => planTraining({ ...OPTIONS, from: savedFloor, resume: true })).toThrow(/minLearningRate: 0 saved, not set now/);
    // Other text, or the same text split otherwise: the held-out loss could be measured on trained text.
    const otherText = prepareData({ train: { name: 'input.txt', text: text.slice(0, 40_000) } });
    const otherSplit = prepareData({ train: { name: 'input.txt', text }, heldOutFraction: 0.5 });
    for (const other of [otherText, otherSplit]) {
      expect(() => planTraining({ ...OPTIONS, data: other, from, resume: true })).toThrow(/^resume: the checkpoint was trained on other data \(training \d+ tokens \(fnv1a32 [0-9a-f]{8}\), held out \d+ tokens/);
    }
    expect(() => planTraining({ ...OPTIONS, data: prepareData({ train: { name: 'input.txt', text } }), from, resume: true })).not.toThrow();
    expect(() => planTraining({ ...OPTIONS, model: undefined })).toThrow(/give a model shape \(model\) or a checkpoint/);
    expect(() => planTraining({ ...OPTIONS, model: { architecture: 'llama', layers: 2, width: 32, heads: 2 }, from, resume: true })).toThrow(/layers: 1 in the checkpoint, 2 asked for/);
    expect(() => planTraining({ ...OPTIONS, model: { architecture: 'gpt2', layers: 1, width: 32, heads: 2 }, from })).toThrow(
      /^cannot fine-tune the checkpoint \(from\): it holds a different model \(architecture: llama in the checkpoint, gpt2 asked for\)/,
    );
  });

  it('refuses AdamW settings and a context longer than the data before anything is allocated', () => {
    expect(() => planTraining({ ...OPTIONS, weightDecay: -1 })).toThrow(new RangeError('adamw: weightDecay must be finite and >= 0, got -1'));
    expect(() => planTraining({ ...OPTIONS, beta1: 1 })).toThrow('adamw: beta1 must be in [0, 1), got 1');
    expect(() => planTraining({ ...OPTIONS, eps: 0 })).toThrow('adamw: eps must be finite and > 0, got 0');
    // As the GPU takes it: 1e-50 is 0 there; 1e39 failed once the GPU had started, in the kernel's words.
    expect(() => planTraining({ ...OPTIONS, eps: 1e-50 })).toThrow('adamw: eps must be finite and > 0, got 1e-50 (0 as a float32)');
    expect(() => planTraining({ ...OPTIONS, eps: 1e39 })).toThrow('adamw: eps must be finite and > 0, got 1e+39 (Infinity as a float32)');
    // -1e-50 is -0 as a float32, but the trainer takes the number: refused here, not once the GPU has started (review M).
    expect(() => planTraining({ ...OPTIONS, gradClip: -1e-50 })).toThrow(new RangeError('gradClip must be >= 0 (0 = off) and finite, got -1e-50'));
    // 1e-50 is 0 as a float32, clipping off on the GPU (review N).
    expect(() => planTraining({ ...OPTIONS, gradClip: 1e-50 })).toThrow(new RangeError("gradClip must be 0 (off) or at least 1.2e-38, float32's smallest normal, got 1e-50"));
    // Rounding to float32 is why a value in range as a double is refused: said (review L).
    expect(() => planTraining({ ...OPTIONS, beta1: 0.99999999999 })).toThrow(new RangeError('adamw: beta1 must be in [0, 1), got 0.99999999999 (1 as a float32)'));
    // A value float32 only rounds is said as given: its float32 digits hid what was wrong, the sign (review J).
    expect(() => planTraining({ ...OPTIONS, learningRate: -1e-3 })).toThrow(new RangeError('learningRate must be a positive number, got -0.001'));
    // `data` was prepared without a context: without the check, initWeights' position table would not fit a typed array.
    expect(() => planTraining({ ...OPTIONS, model: { architecture: 'gpt2', layers: 1, width: 32, heads: 2 }, contextLength: 1e9 })).toThrow(
      /^the training split has \d+ tokens, shorter than one context window: contextLength 1000000000 needs 1000000001/,
    );
  });
});
