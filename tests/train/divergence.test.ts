// A run that diverges stops at the step where it does (src/train/loop.ts), instead of reporting NaN
// for every later step and failing only at the save: driven by a scripted stepper (no GPU), then by
// engine.train() with a learning rate no model survives.

import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { TrainingDivergedError } from '../../src/index.js';
import { trainingLoop, type LoopOptions, type Stepper, type TrainStep } from '../../src/train/loop.js';

const tokens = Uint32Array.from({ length: 200 }, (_, i) => i % 7);
const data = { train: tokens, heldOut: tokens };
const LOOP: LoopOptions = { batchSize: 2, contextLength: 8, seed: 1, evalEvery: 0, evalTokens: 16, learningRate: 0.5, warmup: 0, steps: 5, schedule: 'constant' as const };

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

  // A run's first loss and gradient norm come from the weights it started from, before any update:
  // a damaged checkpoint is to blame there, not the learning rate (review AA). A resumed sitting's
  // first step is not the run's: its weights are the run's own, its learning rate made them.
  it('a run\'s first step that is not finite blames the starting weights; a resumed sitting\'s blames the learning rate', async () => {
    const first = await runUntilThrown(scripted([NaN], [NaN]));
    expect(first.reports).toEqual([]);
    expect(first.error).toMatchObject({ name: 'TrainingDivergedError', step: 1, fromStart: true });
    expect((first.error as Error).message).toBe(
      'training cannot start at step 1: the loss is NaN, the gradient norm is NaN with the weights it starts from, before any update; ' +
        'they are damaged or hold values too large for f32 arithmetic (a checkpoint\'s loader refuses NaN and infinity, not a finite 3e38): start from sound ones',
    );
    const resumed = await runUntilThrown(scripted([3], [Infinity]), { ...LOOP, startStep: 2 });
    expect(resumed.error).toMatchObject({ step: 3, fromStart: false });
    expect((resumed.error as Error).message).toMatch(/^training diverged at step 3 \(learning rate 0\.5\): the gradient norm is Infinity; lower the learning rate/);
    // The held-out loss after the first update is the update's: the learning rate's advice.
    const evaluated = await runUntilThrown(scripted([3], [1], NaN), { ...LOOP, steps: 1 });
    expect(evaluated.error).toMatchObject({ step: 1, fromStart: false });
    expect((evaluated.error as Error).message).toMatch(/^training diverged at step 1 \(learning rate 0\.5\): the held-out loss is NaN; lower the learning rate/);
  });

  it('engine.train() from a checkpoint holding a finite 3e38 says the checkpoint is at fault', async () => {
    const engine = await createEngine();
    try {
      const request = {
        data: { train: { name: 'abc.txt', text: 'the quick brown fox jumps over the lazy dog. '.repeat(40) } },
        model: { architecture: 'gpt2' as const, layers: 1, width: 16, heads: 2 },
        steps: 1, batchSize: 2, contextLength: 16, learningRate: 1e-3, evalTokens: 64,
      };
      const files = (await engine.train(request)).files();
      files.set('model.safetensors', withFirstValueOf(files.get('model.safetensors')!, 'mlp', 3e38));
      const error = await engine.train({ ...request, model: undefined, from: files }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'TrainingDivergedError', step: 1, fromStart: true });
      expect((error as Error).message).toMatch(/^training cannot start at step 1: .* with the weights it starts from, before any update; they are damaged/);
    } finally {
      engine.destroy();
    }
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

/** A copy of a safetensors file whose first F32 tensor with `part` in its name starts with `value`. */
function withFirstValueOf(file: Uint8Array, part: string, value: number): Uint8Array {
  const copy = file.slice();
  const view = new DataView(copy.buffer);
  const headerBytes = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(copy.subarray(8, 8 + headerBytes))) as Record<string, { dtype: string; data_offsets: [number, number] }>;
  const [, tensor] = Object.entries(header).find(([name, t]) => name.includes(part) && t.dtype === 'F32')!;
  view.setFloat32(8 + headerBytes + tensor.data_offsets[0], value, true);
  return copy;
}
