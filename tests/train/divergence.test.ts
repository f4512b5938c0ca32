// A run that diverges stops at the step where it does (src/train/loop.ts), instead of reporting NaN
// for every later step and failing only at the save: driven by a scripted stepper (no GPU), then by
// engine.train() with a learning rate no model survives.

import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { TrainingDivergedError } from '../../src/index.js';
import { trainingLoop, type Stepper, type TrainStep } from '../../src/train/loop.js';

const tokens = Uint32Array.from({ length: 200 }, (_, i) => i % 7);
const data = { train: tokens, heldOut: tokens };
const LOOP = { batchSize: 2, contextLength: 8, seed: 1, evalEvery: 0, evalTokens: 16, learningRate: 0.5, warmup: 0, steps: 5, schedule: 'constant' as const };

/** A stepper reporting `losses[i]` and `norms[i]` at step i + 1 and `heldOut` at each evaluation. */
function scripted(losses: number[], norms: number[], heldOut = 1): Stepper {
  let i = 0;
  return {
    step: () => ({ loss: losses[i], gradNorm: norms[i++] }),
    evaluate: () => heldOut,
  };
}

/** The reports the loop yielded before it threw, and what it threw. */
async function runUntilThrown(stepper: Stepper, o = LOOP): Promise<{ reports: TrainStep[]; error: unknown }> {
  const reports: TrainStep[] = [];
  try {
    for await (const r of trainingLoop(stepper, data, o)) reports.push(r);
  } catch (error) {
    return { reports, error };
  }
  return { reports, error: undefined };
}

describe('training that diverges', () => {
  it('stops at the first step whose loss is not finite, naming the step and its learning rate', async () => {
    const { reports, error } = await runUntilThrown(scripted([3, 2.5, NaN, NaN, NaN], [1, 1, NaN, NaN, NaN]));
    expect(reports.map((r) => r.step)).toEqual([1, 2]);
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect(error).toMatchObject({ name: 'TrainingDivergedError', step: 3, learningRate: 0.5 });
    expect((error as Error).message).toBe(
      'training diverged at step 3 (learning rate 0.5): the loss is NaN, the gradient norm is NaN; ' +
        'lower the learning rate (learningRate), warm it up (warmup), or clip the gradient norm (gradClip)',
    );
  });

  it('stops on a gradient norm that is not finite while the loss still is', async () => {
    const { reports, error } = await runUntilThrown(scripted([3, 2.5, 2], [1, Infinity, 1]));
    expect(reports).toHaveLength(1);
    expect((error as Error).message).toMatch(/^training diverged at step 2 \(learning rate 0\.5\): the gradient norm is Infinity;/);
  });

  it('stops on a held-out loss that is not finite (the last update broke the weights)', async () => {
    const { reports, error } = await runUntilThrown(scripted([3, 2.5, 2], [1, 1, 1], NaN), { ...LOOP, steps: 3 });
    expect(reports).toHaveLength(2);
    expect((error as Error).message).toMatch(/^training diverged at step 3 \(learning rate 0\.5\): the held-out loss is NaN;/);
  });

  it('engine.train() rejects with it instead of resolving to weights it cannot save', async () => {
    const engine = await createEngine();
    try {
      const request = {
        data: { train: { name: 'abc.txt', text: 'the quick brown fox jumps over the lazy dog. '.repeat(40) } },
        model: { architecture: 'gpt2' as const, layers: 1, width: 16, heads: 2 },
        steps: 4, batchSize: 2, contextLength: 16, learningRate: 1e30, evalTokens: 64,
      };
      const error = await engine.train(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TrainingDivergedError);
      expect((error as Error).message).toMatch(/^training diverged at step \d \(learning rate [\d.e+]+\): the /);
    } finally {
      engine.destroy();
    }
  });
});
