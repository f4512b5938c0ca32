// One kernel lab run: the call set up, a first call that notes which pipelines it dispatches, its
// output against the CPU reference element by element, the wall time per call after that warm-up,
// and the expanded WGSL of the pipelines that ran (by key, from the family's program catalogue: the
// text the shader snapshot test stores). Not the page (main.ts). Tests: tests/browser/kernel-lab.test.ts.

import type { Gpu } from '../../src/gpu/device.js';
import { Recorder, type Dispatch } from '../../src/gpu/recorder.js';
import { allTraits, type ProgramCatalog } from '../../src/kernels/traits.js';
import { Allocations, type LabKernel, type PreparedCall, type Settings, type Tolerance } from './lab-kernel.js';

/** A batch of calls is timed once it takes this long (shorter ones are mostly timer and submit overhead). */
const MIN_BATCH_MS = 50;
const MAX_CALLS_PER_BATCH = 1024;
/** Batches timed; the fastest stands (other load on the machine only slows a batch down). */
const TRIALS = 3;
/** Outputs kept for the error chart (evenly spaced through the output). */
const CHART_POINTS = 2000;
/** The CPU reference's plain float64 loops run at well under 1 GFLOP/s: more than this would freeze the tab for seconds. */
const MAX_REFERENCE_FLOPS = 2e9;

export interface ErrorPoint {
  index: number;
  cpu: number;
  gpu: number;
  within: boolean;
}

export interface Comparison {
  /** max |gpu - cpu| over every output (Infinity when one is NaN). */
  maxError: number;
  /** Outputs outside atol + rtol * |cpu|. */
  failures: number;
  outputs: number;
  points: ErrorPoint[];
}

export interface LabProgram {
  key: string;
  code: string;
  constants: Record<string, number>;
}

export interface LabRun {
  describe: string;
  tolerance: Tolerance;
  comparison: Comparison;
  /** Wall time per call on this adapter: a batch of calls recorded into one command buffer, from recording to onSubmittedWorkDone. */
  gpuMs: number;
  callsPerBatch: number;
  cpuMs: number;
  gflops?: number;
  gbs: number;
  programs: LabProgram[];
}

/** A recorder that also notes the pipeline key of every dispatch (a Bound's label is its key). */
class KeyRecorder extends Recorder {
  readonly keys: string[] = [];

  override dispatch(d: Dispatch): void {
    if (!this.keys.includes(d.label)) this.keys.push(d.label);
    super.dispatch(d);
  }
}

export async function runKernel(gpu: Gpu, kernel: LabKernel, settings: Settings): Promise<LabRun> {
  const memory = new Allocations(gpu);
  try {
    const call = await kernel.prepare(gpu, settings, memory);
    if (call.flops > MAX_REFERENCE_FLOPS) {
      throw new RangeError(`${call.describe} is ${(call.flops / 1e9).toFixed(1)} GFLOP per call: the CPU reference would hold this tab for many seconds; pick a shape under ${MAX_REFERENCE_FLOPS / 1e9} GFLOP`);
    }
    gpu.assertHealthy();
    const first = new KeyRecorder(gpu.device, gpu.params, 'kernel lab: first call');
    call.record(first);
    first.submit();
    const got = await call.read();
    gpu.assertHealthy();
    const cpuStarted = performance.now();
    const want = call.reference();
    const cpuMs = performance.now() - cpuStarted;
    const { ms, calls } = await timeCalls(gpu, call);
    const seconds = ms / 1000;
    return {
      describe: call.describe,
      tolerance: call.tolerance,
      comparison: compare(got, want, call.tolerance),
      gpuMs: ms,
      callsPerBatch: calls,
      cpuMs,
      ...(call.flops > 0 ? { gflops: call.flops / seconds / 1e9 } : {}),
      gbs: call.bytes / seconds / 1e9,
      programs: programsRun(first.keys, kernel.programs),
    };
  } finally {
    memory.destroy();
  }
}

/** Per output: within atol + rtol * |cpu|; NaN never is. */
export function compare(got: ArrayLike<number>, want: ArrayLike<number>, tolerance: Tolerance): Comparison {
  if (got.length !== want.length) throw new Error(`kernel lab: the GPU gave ${got.length} outputs, the reference ${want.length}`);
  let maxError = 0;
  let failures = 0;
  const stride = Math.max(1, Math.ceil(want.length / CHART_POINTS));
  const points: ErrorPoint[] = [];
  for (let i = 0; i < want.length; i++) {
    const error = Math.abs(got[i]! - want[i]!);
    const within = error <= tolerance.atol + tolerance.rtol * Math.abs(want[i]!); // false for NaN
    maxError = Number.isNaN(error) ? Infinity : Math.max(maxError, error);
    if (!within) failures++;
    // Every failure is kept for the chart, and an even sample of the rest.
    if (!within || i % stride === 0) points.push({ index: i, cpu: want[i]!, gpu: got[i]!, within });
  }
  return { maxError, failures, outputs: want.length, points };
}

/** The wall time of one call: batches grow until one takes MIN_BATCH_MS, then the fastest of TRIALS batches. */
async function timeCalls(gpu: Gpu, call: PreparedCall): Promise<{ ms: number; calls: number }> {
  const batch = async (calls: number) => {
    const started = performance.now();
    const recorder = gpu.recorder('kernel lab: timed');
    for (let i = 0; i < calls; i++) call.record(recorder);
    recorder.submit();
    await gpu.device.queue.onSubmittedWorkDone();
    return performance.now() - started;
  };
  let calls = 1;
  let ms = await batch(calls);
  while (ms < MIN_BATCH_MS && calls < MAX_CALLS_PER_BATCH) {
    calls = Math.min(MAX_CALLS_PER_BATCH, calls * Math.max(2, Math.ceil(MIN_BATCH_MS / Math.max(ms, 0.1))));
    ms = await batch(calls);
  }
  for (let trial = 1; trial < TRIALS; trial++) ms = Math.min(ms, await batch(calls));
  gpu.assertHealthy();
  return { ms: ms / calls, calls };
}

/** The expanded WGSL of each pipeline key, in dispatch order. */
function programsRun(keys: string[], catalog: ProgramCatalog): LabProgram[] {
  const found = new Map<string, LabProgram>();
  for (const traits of allTraits) {
    for (const program of catalog(traits)) {
      const spec = program.contract.pipelineSpec(program.options, program.constants);
      if (keys.includes(spec.key)) found.set(spec.key, { key: spec.key, code: spec.code, constants: spec.constants ?? {} });
    }
  }
  return keys.map((key) => found.get(key) ?? { key, code: '// this pipeline is not in the family\'s program catalogue', constants: {} });
}
