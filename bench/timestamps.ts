// GPU time of a kernel from `timestamp-query`: the dispatches a Bound records are replayed
// into one compute pass whose beginning and end the GPU stamps; the difference over the
// repetitions is the kernel's own GPU time, with no submit or host wait in it. Only where the
// device has the feature: elsewhere the caller reports "n/a".

import type { Gpu } from '../src/gpu/device.js';
import { MapMode, Usage } from '../src/gpu/flags.js';
import type { Dispatch, Recorder } from '../src/gpu/recorder.js';

interface Recordable {
  record(recorder: Recorder): void;
}

/** The dispatches `bounds` record, in order (kernels only ever call dispatch() on a recorder). */
function captureDispatches(bounds: Recordable[]): Dispatch[] {
  const dispatches: Dispatch[] = [];
  const sink = {
    dispatch: (d: Dispatch) => dispatches.push(d),
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
  if (!gpu.features.timestampQuery) return null;
  const device = gpu.device;
  const perBound = bounds.map((b) => captureDispatches([b]));
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
  const resolve = device.createBuffer({ label: 'bench:timestamps', size: 16, usage: Usage.QUERY_RESOLVE | Usage.COPY_SRC });
  const read = device.createBuffer({ label: 'bench:timestamps:read', size: 16, usage: Usage.MAP_READ | Usage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder({ label: 'bench:timestamps' });
    const pass = encoder.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } });
    for (let i = 0; i < reps; i++) {
      for (const d of perBound[i % perBound.length]!) {
        const [x, y = 1, z = 1] = d.workgroups;
        pass.setPipeline(d.pipeline);
        pass.setBindGroup(0, d.bindGroup);
        pass.dispatchWorkgroups(x, y, z);
      }
    }
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
