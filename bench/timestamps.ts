// GPU time of a kernel from `timestamp-query`: the dispatches a Bound records are replayed
// into one compute pass whose beginning and end the GPU stamps; the difference over the
// repetitions is the kernel's own GPU time, with no submit or host wait in it. Only where the
// device has the feature: elsewhere the caller reports "n/a".

import type { Gpu } from '../src/gpu/device.js';
import { MapMode, Usage } from '../src/gpu/flags.js';
import { queueDone } from '../src/gpu/map.js';
import { hasWorkgroups, type Dispatch, type Recorder } from '../src/gpu/recorder.js';
import { nowSeconds, timeReps, type Timing, type TimingOptions } from './timing.js';

interface Recordable {
  record(recorder: Recorder): void;
}

/** The dispatches `bounds` record, in order, skipping empty ones as a Recorder does (kernels only ever call dispatch() on a recorder). */
function captureDispatches(bounds: Recordable[]): Dispatch[] {
  const dispatches: Dispatch[] = [];
  const sink = {
    dispatch: (d: Dispatch) => {
      if (hasWorkgroups(d)) dispatches.push(d);
    },
    copy: () => {
      throw new Error('bench timestamps: a kernel that copies between passes cannot be timed in one pass');
    },
  };
  for (const b of bounds) b.record(sink as unknown as Recorder);
  return dispatches;
}

/**
 * Seconds of GPU time per repetition: `reps` repetitions, repetition i recording bounds[i % n],
 * in one stamped pass; null without timestamp-query.
 */
export async function gpuSecondsPerRep(gpu: Gpu, bounds: Recordable[], reps: number): Promise<number | null> {
  return onePassSecondsPerRep(gpu, bounds.map((b) => captureDispatches([b])), reps);
}

/**
 * Seconds of GPU time per repetition of dispatch lists in one stamped pass: `reps` repetitions,
 * repetition i replaying lists[i % n]; null without timestamp-query.
 */
export async function onePassSecondsPerRep(gpu: Gpu, lists: readonly (readonly Dispatch[])[], reps: number): Promise<number | null> {
  if (!gpu.features.timestampQuery) return null;
  const device = gpu.device;
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
  const resolve = device.createBuffer({ label: 'bench:timestamps', size: 16, usage: Usage.QUERY_RESOLVE | Usage.COPY_SRC });
  const read = device.createBuffer({ label: 'bench:timestamps:read', size: 16, usage: Usage.MAP_READ | Usage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder({ label: 'bench:timestamps' });
    const pass = encoder.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } });
    for (let i = 0; i < reps; i++) replay(pass, lists[i % lists.length]!);
    pass.end();
    encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
    encoder.copyBufferToBuffer(resolve, 0, read, 0, 16);
    gpu.params.flush(); // the shapes the bounds wrote into their param slots
    device.queue.submit([encoder.finish()]);
    await read.mapAsync(MapMode.READ);
    const [begin, end] = new BigUint64Array(read.getMappedRange().slice(0));
    read.unmap();
    gpu.assertHealthy();
    const ns = Number(end! - begin!);
    // Adapters may stamp zeros or run backwards (a clock reset): no number then, never a made-up one.
    return ns > 0 ? ns / 1e9 / reps : null;
  } finally {
    querySet.destroy();
    resolve.destroy();
    read.destroy();
  }
}

function replay(pass: GPUComputePassEncoder, dispatches: readonly Dispatch[]): void {
  for (const d of dispatches) {
    const [x, y = 1, z = 1] = d.workgroups;
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(x, y, z);
  }
}

/**
 * Host seconds to record `dispatches` into a compute pass, per recording (each finished and
 * dropped unsubmitted): what the host pays a decode step before the GPU sees it. Timed over
 * batches of `reps` recordings, the median batch's mean, since a page's clock is coarse (100 µs
 * where the page is not cross-origin isolated) and one recording can take less.
 */
export function recordSeconds(device: GPUDevice, dispatches: readonly Dispatch[], reps: number): number {
  const batches: number[] = [];
  for (let b = 0; b < 5; b++) {
    const t0 = nowSeconds();
    for (let i = 0; i < reps; i++) {
      const encoder = device.createCommandEncoder({ label: 'bench:record' });
      const pass = encoder.beginComputePass();
      replay(pass, dispatches);
      pass.end();
      encoder.finish();
    }
    batches.push((nowSeconds() - t0) / reps);
  }
  return batches.sort((a, b) => a - b)[batches.length >> 1]!;
}

/**
 * A kernel timed both ways: wall seconds per repetition (timeReps over `reps` repetitions, repetition
 * i recording bounds[i % n], in one submit) and the same repetitions' GPU seconds (null without
 * timestamp-query).
 */
export async function timeBounds(gpu: Gpu, bounds: Recordable[], label: string, o: TimingOptions): Promise<{ timing: Timing; gpuSeconds: number | null }> {
  const timing = await timeReps(async (reps) => {
    const t0 = nowSeconds();
    const rec = gpu.recorder(label);
    for (let i = 0; i < reps; i++) bounds[i % bounds.length]!.record(rec);
    rec.submit();
    await queueDone(gpu.device); // in Node, without a host core spinning beside the adapter (map.ts)
    return nowSeconds() - t0;
  }, o);
  return { timing, gpuSeconds: await gpuSecondsPerRep(gpu, bounds, timing.reps) };
}

/** Timestamp queries one query set may hold (WebGPU's limit). */
const MAX_QUERIES = 4096;

/**
 * GPU seconds of each dispatch of a step, in order: the step replayed `reps` times (fewer when
 * its stamps would not fit one query set), each dispatch in a stamped pass of its own, averaged
 * over the replays (how many ran: `replays`); null without timestamp-query, when a stamp runs
 * backwards or when every pass reads zero.
 */
export async function stepSecondsPerDispatch(gpu: Gpu, step: readonly Dispatch[], reps: number): Promise<{ seconds: number[]; replays: number } | null> {
  if (!gpu.features.timestampQuery || step.length === 0) return null;
  const device = gpu.device;
  const rounds = Math.max(1, Math.min(reps, Math.floor(MAX_QUERIES / (2 * step.length))));
  const count = 2 * step.length * rounds;
  const querySet = device.createQuerySet({ type: 'timestamp', count });
  const resolve = device.createBuffer({ label: 'bench:step-timestamps', size: 8 * count, usage: Usage.QUERY_RESOLVE | Usage.COPY_SRC });
  const read = device.createBuffer({ label: 'bench:step-timestamps:read', size: 8 * count, usage: Usage.MAP_READ | Usage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder({ label: 'bench:step-timestamps' });
    for (let r = 0, q = 0; r < rounds; r++) {
      for (const d of step) {
        const pass = encoder.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: q, endOfPassWriteIndex: q + 1 } });
        replay(pass, [d]);
        pass.end();
        q += 2;
      }
    }
    encoder.resolveQuerySet(querySet, 0, count, resolve, 0);
    encoder.copyBufferToBuffer(resolve, 0, read, 0, 8 * count);
    device.queue.submit([encoder.finish()]);
    await read.mapAsync(MapMode.READ);
    const stamps = new BigUint64Array(read.getMappedRange().slice(0));
    read.unmap();
    gpu.assertHealthy();
    const seconds = step.map(() => 0);
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < step.length; i++) {
        const at = 2 * (r * step.length + i);
        const ns = Number(stamps[at + 1]! - stamps[at]!);
        if (!(ns >= 0)) return null; // a clock that runs backwards: never a made-up number
        seconds[i]! += ns / 1e9 / rounds; // 0 for a pass shorter than the clock's resolution
      }
    }
    return seconds.some((s) => s > 0) ? { seconds, replays: rounds } : null;
  } finally {
    querySet.destroy();
    resolve.destroy();
    read.destroy();
  }
}
