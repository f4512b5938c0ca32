// The learning-rate schedule: linear warmup, then constant or a cosine decay to a floor at the last
// step (nanoGPT's shape). Pure; the training loop asks it for each step's rate.

import { float32Note, show } from '../value-words.js';

export type ScheduleKind = 'cosine' | 'constant';

export interface ScheduleOptions {
  /** Peak learning rate. */
  learningRate: number;
  /** Steps of linear warmup from learningRate / warmup (0: none). */
  warmup: number;
  /** Total steps. */
  steps: number;
  schedule: ScheduleKind;
  /** The cosine's floor (default learningRate / 10). */
  minLearningRate?: number;
}

/** The rate of step `step` (0-based). */
export function learningRateAt(step: number, o: ScheduleOptions): number {
  if (step < o.warmup) return (o.learningRate * (step + 1)) / o.warmup;
  if (o.schedule === 'constant') return o.learningRate;
  const floor = o.minLearningRate ?? o.learningRate / 10;
  const span = Math.max(1, o.steps - o.warmup - 1);
  const progress = Math.min(1, (step - o.warmup) / span);
  return floor + 0.5 * (1 + Math.cos(Math.PI * progress)) * (o.learningRate - floor);
}

/** Throws a RangeError naming the option unless the schedule is usable. */
export function checkSchedule(o: ScheduleOptions): void {
  // As the kernels take it, a float32: past its range the run failed on the GPU, in the kernel's words; under it, the rate was 0.
  // A string passed Math.fround ("1e-3" is 0.001) and reached the GPU, or trainer.json, as a string.
  const positive = (x: number) => Number.isFinite(x) && x > 0;
  const lr = typeof o.learningRate === 'number' ? Math.fround(o.learningRate) : NaN;
  if (!positive(lr)) throw new RangeError(`learningRate must be a positive number, got ${show(o.learningRate)}${float32Note(o.learningRate, positive)}`);
  if (!(Number.isSafeInteger(o.steps) && o.steps > 0)) throw new RangeError(`steps must be a positive integer, got ${show(o.steps)}`);
  if (!(Number.isSafeInteger(o.warmup) && o.warmup >= 0 && o.warmup < o.steps)) throw new RangeError(`warmup must be an integer in [0, steps), got ${show(o.warmup)}`);
  if (o.schedule !== 'cosine' && o.schedule !== 'constant') throw new RangeError(`schedule must be 'cosine' or 'constant', got ${show(o.schedule)}`);
  const floor = o.minLearningRate;
  if (floor !== undefined && !(typeof floor === 'number' && floor >= 0 && floor <= o.learningRate)) {
    throw new RangeError(`minLearningRate must be a number in [0, learningRate], got ${show(floor)}`);
  }
  // As the command line refuses --min-lr with it: taken and ignored, it said nothing of the mistake.
  if (floor !== undefined && o.schedule === 'constant') throw new RangeError("minLearningRate is where the cosine schedule ends: schedule 'constant' has none");
}
