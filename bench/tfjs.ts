// Times TensorFlow.js (WebGPU backend) on the benchmark cases that have a TF.js equivalent:
// tf.matMul (transposeB for the 'nk' layout) and tf.softmax. Browser only (the bench page);
// TF.js keeps its own GPUDevice beside ours in the same page.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { copiesFor, type BenchCase } from './cases.js';
import { caseData, type BenchOptions } from './measure.js';
import { nowSeconds, timeReps, type Timing } from './timing.js';

export interface TfjsResult {
  name: string;
  backend: string;
  copies: number;
  timing: Timing;
}

let ready: Promise<void> | null = null;

function initTfjs(): Promise<void> {
  ready ??= (async () => {
    if (!(await tf.setBackend('webgpu'))) throw new Error('TF.js could not start its WebGPU backend');
    await tf.ready();
  })();
  return ready;
}

/** The TF.js call for a case, per input copy; null where TF.js has no single-op equivalent. */
function opFor(c: BenchCase, copies: number): { run(i: number): tf.Tensor; dispose(): void } | null {
  const { inputs } = caseData(c);
  switch (c.kind) {
    case 'gemv':
    case 'matmul': {
      if ((c.weights ?? 'f32') !== 'f32') return null; // TF.js has no 16-bit or block-quantized matmul
      if (c.kind === 'gemv' && c.norm) return null; // nor a fused norm: a peer would do less work
      const wShape: [number, number] = c.layout === 'nk' ? [c.N, c.K] : [c.K, c.N];
      const xs = Array.from({ length: copies }, () => tf.tensor2d(inputs.x, [c.T, c.K]));
      const ws = Array.from({ length: copies }, () => tf.tensor2d(inputs.w, wShape));
      return { run: (i) => tf.matMul(xs[i % copies], ws[i % copies], false, c.layout === 'nk'), dispose: () => tf.dispose([...xs, ...ws]) };
    }
    case 'softmax': {
      const xs = Array.from({ length: copies }, () => tf.tensor2d(inputs.x, [c.rows, c.cols]));
      return { run: (i) => tf.softmax(xs[i % copies]), dispose: () => tf.dispose(xs) };
    }
    case 'attention':
      return null;
  }
}

export async function measureTfjs(c: BenchCase, o: BenchOptions): Promise<TfjsResult | null> {
  await initTfjs();
  const copies = copiesFor(c, o.coldBytes);
  const op = opFor(c, copies);
  if (!op) return null;
  try {
    const timing = await timeReps(async (reps) => {
      const t0 = nowSeconds();
      let last: tf.Tensor | null = null;
      for (let i = 0; i < reps; i++) {
        const y = op.run(i);
        last?.dispose(); // TF.js defers the release until the commands using it are submitted
        last = y;
      }
      await last!.data(); // reads back: TF.js has really finished every queued op
      last!.dispose();
      return nowSeconds() - t0;
    }, o.timing);
    return { name: c.name, backend: tf.getBackend(), copies, timing };
  } finally {
    op.dispose();
  }
}
