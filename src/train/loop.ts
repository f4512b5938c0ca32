// The training loop over any stepper (the GPU trainer, or the CPU reference in tests): a seeded
// batch per step (drawn from the step number, so a resumed run draws the same batches), the
// learning-rate schedule, held-out evaluation every few steps, and one report per step. Not the
// arithmetic (src/train/gpu/, src/reference/train.ts) and not files (src/train/checkpoint/).

import { TrainingDivergedError } from '../errors.js';
import { heldOutBatches, mulberry32, sampleBatch, type Batch } from './data/index.js';
import { learningRateAt, type ScheduleOptions } from './schedule.js';

/** What the loop needs of a trainer. */
export interface Stepper {
  step(batch: Batch, lr: number): Promise<{ loss: number; gradNorm: number }> | { loss: number; gradNorm: number };
  evaluate(batches: Batch[]): Promise<number> | number;
}

export interface LoopOptions extends ScheduleOptions {
  batchSize: number;
  contextLength: number;
  seed: number;
  /** Evaluate the held-out loss every this many steps and after the last (0: only after the last). */
  evalEvery: number;
  /** Held-out tokens per evaluation (spread over the split). */
  evalTokens: number;
  /** Start at this step (a resumed run). */
  startStep?: number;
  /** Stop after this many steps in all (default: steps); the schedule still spans `steps`. */
  endStep?: number;
  signal?: AbortSignal;
}

export interface TrainStep {
  step: number;
  loss: number;
  valLoss?: number;
  tokensPerSecond: number;
  lr: number;
  gradNorm: number;
}

/**
 * Throws TrainingDivergedError naming whichever of the report's numbers is not finite; `fromStart`
 * for the run's first step, whose loss and gradient norm the weights it started from gave (not a
 * resumed sitting's first: its weights are the run's own, its learning rate made them).
 */
function checkFinite(report: TrainStep, fromStart: boolean): void {
  const values: Array<[string, number | undefined]> = [['the loss', report.loss], ['the gradient norm', report.gradNorm], ['the held-out loss', report.valLoss]];
  const broken = values.filter(([, v]) => v !== undefined && !Number.isFinite(v)).map(([what, v]) => `${what} is ${v}`);
  if (broken.length > 0) throw new TrainingDivergedError(report.step, report.lr, broken.join(', '), fromStart);
}

/** The batch of `step`: a generator seeded by (seed, step), so the same run draws the same batches whatever was resumed. */
export function batchAt(tokens: Uint32Array, step: number, o: Pick<LoopOptions, 'batchSize' | 'contextLength' | 'seed'>): Batch {
  return sampleBatch(tokens, { batchSize: o.batchSize, contextLength: o.contextLength, rng: mulberry32(mix(o.seed, step)) });
}

/**
 * Runs steps startStep .. steps-1, yielding a report after each; stops early (after a step) when the
 * signal fires, and throws TrainingDivergedError after a step whose numbers are not finite.
 */
export async function* trainingLoop(stepper: Stepper, data: { train: Uint32Array; heldOut: Uint32Array }, o: LoopOptions): AsyncGenerator<TrainStep> {
  const evalBatches = heldOutBatches(data.heldOut, { batchSize: o.batchSize, contextLength: o.contextLength, maxTokens: o.evalTokens });
  const end = Math.min(o.endStep ?? o.steps, o.steps);
  for (let step = o.startStep ?? 0; step < end; step++) {
    if (o.signal?.aborted) return;
    const lr = learningRateAt(step, o);
    const started = performance.now();
    const { loss, gradNorm } = await stepper.step(batchAt(data.train, step, o), lr);
    const seconds = (performance.now() - started) / 1000;
    const last = step === end - 1;
    const report: TrainStep = { step: step + 1, loss, lr, gradNorm, tokensPerSecond: (o.batchSize * o.contextLength) / Math.max(seconds, 1e-9) };
    checkFinite(report, step === 0);
    if (last || (o.evalEvery > 0 && (step + 1) % o.evalEvery === 0)) {
      report.valLoss = await stepper.evaluate(evalBatches);
      checkFinite(report, false); // the last update can break the weights with a finite loss before it
    }
    yield report;
  }
}

/** A 32-bit mix of seed and step (so neighbouring steps get unrelated streams). */
function mix(seed: number, step: number): number {
  let h = (seed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
