// The training loop and the learning-rate schedule, driven by the CPU reference trainer on real text
// (the first 20,000 characters of tinyshakespeare): the loss falls, held-out losses come when asked,
// the same seed gives the same run, and a batch depends only on (seed, step).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReferenceTrainer } from '../../src/reference/train.js';
import { prepareData, type Batch } from '../../src/train/data/index.js';
import { batchAt, trainingLoop, type Stepper } from '../../src/train/loop.js';
import { checkSchedule, learningRateAt } from '../../src/train/schedule.js';
import { dataPath } from '../support/data.js';
import { llamaConfig, randomWeights } from './random-model.js';

const text = readFileSync(dataPath('tinyshakespeare/input.txt'), 'utf8').slice(0, 20_000);
const data = prepareData({ train: { name: 'input.txt', text } });

/** The reference trainer as a loop stepper: the loop's batches are (rows, contextLength). */
function referenceStepper(seed: number): Stepper {
  const config = llamaConfig({ V: data.tokenizer.vocabSize, C: 16, L: 1, NH: 2, NKV: 1, F: 32, maxSeqLen: 16 }, 'half');
  const trainer = new ReferenceTrainer(config, randomWeights(config, seed), { lr: 3e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1 });
  const asReference = (b: Batch) => ({ B: b.rows, T: b.contextLength, inputs: b.inputs, targets: b.targets });
  return {
    step: (b, lr) => trainer.step(asReference(b), lr),
    evaluate: (batches) => batches.reduce((sum, b) => sum + trainer.lossAndGrads(asReference(b)).loss * b.rows, 0) / batches.reduce((n, b) => n + b.rows, 0),
  };
}

const LOOP = { batchSize: 4, contextLength: 16, seed: 1, evalEvery: 10, evalTokens: 256, learningRate: 3e-3, warmup: 5, steps: 30, schedule: 'cosine' as const };

describe('training loop', () => {
  it('lowers the loss, evaluates when asked, reports every step', async () => {
    const steps = [];
    for await (const s of trainingLoop(referenceStepper(2), data, LOOP)) steps.push(s);
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(steps.filter((s) => s.valLoss !== undefined).map((s) => s.step)).toEqual([10, 20, 30]);
    const first = steps.slice(0, 5).reduce((a, s) => a + s.loss, 0) / 5;
    const last = steps.slice(-5).reduce((a, s) => a + s.loss, 0) / 5;
    expect(last).toBeLessThan(first - 0.3);
    expect(steps[29].valLoss!).toBeLessThan(Math.log(data.tokenizer.vocabSize));
    for (const s of steps) expect(s.tokensPerSecond).toBeGreaterThan(0);
  });

  it('the same seed gives the same losses', async () => {
    const run = async () => {
      const losses = [];
      for await (const s of trainingLoop(referenceStepper(3), data, { ...LOOP, steps: 6, evalEvery: 0 })) losses.push(s.loss);
      return losses;
    };
    expect(await run()).toEqual(await run());
  });

  it('a batch depends only on the seed and the step, so a resumed run draws the same ones', () => {
    const a = batchAt(data.train, 17, LOOP);
    const b = batchAt(data.train, 17, LOOP);
    expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs));
    expect(Array.from(batchAt(data.train, 18, LOOP).inputs)).not.toEqual(Array.from(a.inputs));
  });

  it('stops after the step in which the signal fired', async () => {
    const controller = new AbortController();
    const steps = [];
    for await (const s of trainingLoop(referenceStepper(4), data, { ...LOOP, signal: controller.signal })) {
      steps.push(s);
      if (s.step === 3) controller.abort();
    }
    expect(steps).toHaveLength(3);
  });
});

describe('learning-rate schedule', () => {
  const o = { learningRate: 1, warmup: 4, steps: 14, schedule: 'cosine' as const };
  it('warms up linearly, then follows a cosine down to a tenth at the last step', () => {
    expect([0, 1, 2, 3].map((s) => learningRateAt(s, o))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(learningRateAt(4, o)).toBeCloseTo(1, 12);
    expect(learningRateAt(13, o)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(8.5, o)).toBeCloseTo(0.55, 12); // halfway: the mean of peak and floor
  });
  it('constant stays at the peak after warmup', () => {
    expect(learningRateAt(10, { ...o, schedule: 'constant' })).toBe(1);
  });
  it('refuses unusable schedules, naming the option', () => {
    expect(() => checkSchedule({ ...o, learningRate: 0 })).toThrow(/learningRate must be a positive number/);
    expect(() => checkSchedule({ ...o, learningRate: 1e308 })).toThrow('learningRate must be a positive number, got 1e+308 (Infinity as a float32)');
    expect(() => checkSchedule({ ...o, learningRate: 1e-50 })).toThrow('learningRate must be a positive number, got 1e-50 (0 as a float32)'); // a rate of 0, in silence
    expect(() => checkSchedule({ ...o, warmup: 14 })).toThrow(/warmup must be an integer in \[0, steps\)/);
    expect(() => checkSchedule({ ...o, schedule: 'linear' as never })).toThrow(/schedule must be 'cosine' or 'constant'/);
    expect(() => checkSchedule({ ...o, minLearningRate: 2 })).toThrow(/minLearningRate must be a number in \[0, learningRate\], got 2/);
  });
});
