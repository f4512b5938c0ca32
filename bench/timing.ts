// Repetition timing shared by our kernels and TF.js: calibrate a repetition count so one
// measurement lasts about `targetSeconds`, then take the median of a few trials.
// Not a profiler: wall-clock time from issuing the work to the GPU reporting it done.

export interface TimingOptions {
  /** Seconds one timed measurement should last (0.3-1 s suits SwiftShader). */
  targetSeconds: number;
  trials: number;
  maxReps: number;
}

export interface Timing {
  reps: number;
  /** Seconds per repetition of each trial. */
  trials: number[];
  /** Median of trials, seconds per repetition. */
  seconds: number;
}

/** `run(reps)` issues reps repetitions, waits until they are done and returns elapsed seconds. */
export async function timeReps(run: (reps: number) => Promise<number>, o: TimingOptions): Promise<Timing> {
  await run(1); // warm-up: first-use costs (allocation, pipeline upload) stay out of the numbers
  let reps = 1;
  let elapsed = await run(reps);
  while (elapsed < o.targetSeconds / 8 && reps < o.maxReps) {
    reps = Math.min(o.maxReps, reps * 4);
    elapsed = await run(reps);
  }
  reps = Math.max(1, Math.min(o.maxReps, Math.round((reps * o.targetSeconds) / elapsed)));
  const trials: number[] = [];
  for (let i = 0; i < o.trials; i++) trials.push((await run(reps)) / reps);
  return { reps, trials, seconds: median(trials) };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function nowSeconds(): number {
  return performance.now() / 1000;
}
