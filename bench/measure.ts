// Times our kernels on the benchmark cases, given a Gpu: the same code runs in the bench page
// (Chromium) and in Node (Dawn, --node). A timed measurement records one Bound per repetition
// into one recorder, submits once and waits for the queue; the clock covers all three.

import { createStorage, readFloat32, uploadStorage } from '../src/gpu/buffers.js';
import type { Gpu } from '../src/gpu/device.js';
import type { Recorder } from '../src/gpu/recorder.js';
import { Attention } from '../src/kernels/attention/kernel.js';
import { Gemv } from '../src/kernels/gemv/kernel.js';
import { Matmul } from '../src/kernels/matmul/kernel.js';
import { toStored } from '../src/quant/stored.js';
import { randomArray } from '../tests/support/random.js';
import { copiesFor, type BenchCase } from './cases.js';
import { Softmax } from './lab/softmax/kernel.js';
import { timeBounds } from './timestamps.js';
import type { Timing, TimingOptions } from './timing.js';

export interface BenchOptions {
  timing: TimingOptions;
  /** Rotate input copies totalling at least this many bytes (0: reuse one, cache-hot). */
  coldBytes: number;
}

export interface OursResult {
  name: string;
  /** Which kernel variant ran (pipeline key). */
  key: string;
  copies: number;
  timing: Timing;
  /** GPU time per call from timestamp-query (the same repetitions in one stamped pass); null without the feature. */
  gpuSeconds: number | null;
}

interface Recordable {
  record(recorder: Recorder): void;
  destroy?(): void;
}

/** Input tensors of a case as float arrays (deterministic), and the output size in floats. */
export function caseData(c: BenchCase): { inputs: Record<string, Float32Array>; outputFloats: number } {
  switch (c.kind) {
    case 'gemv':
    case 'matmul':
      return {
        inputs: {
          x: randomArray(c.T * c.K, 1), w: randomArray(c.N * c.K, 2, 0.05),
          ...(c.kind === 'gemv' && c.norm ? { gamma: randomArray(c.K, 7, 0.5).map((v) => v + 1) } : {}),
          ...(c.kind === 'gemv' && c.norm === 'layer' ? { beta: randomArray(c.K, 8, 0.1) } : {}),
        },
        outputFloats: c.T * c.N,
      };
    case 'attention': {
      const kv = c.S * c.NKV * c.HS;
      return { inputs: { q: randomArray(c.T * c.NH * c.HS, 3), k: randomArray(kv, 4), v: randomArray(kv, 5) }, outputFloats: c.T * c.NH * c.HS };
    }
    case 'softmax':
      return { inputs: { x: randomArray(c.rows * c.cols, 6, 10) }, outputFloats: c.rows * c.cols };
  }
}

/** Creates the kernel for a case and returns how to bind one copy of its buffers. */
async function kernelFor(gpu: Gpu, c: BenchCase): Promise<{ key: string; bind(b: Record<string, GPUBuffer>): Recordable }> {
  switch (c.kind) {
    case 'gemv':
    case 'matmul': {
      const weights = c.weights ?? 'f32';
      const norm = c.kind === 'gemv' ? c.norm : undefined;
      const shape = { T: c.T, K: c.K, N: c.N, ...(norm ? { eps: 1e-5 } : {}) };
      const variant = { layout: c.layout, weights, ...(norm ? { norm } : {}) };
      const k = await (c.kind === 'gemv' ? Gemv.create(gpu, variant, shape) : Matmul.create(gpu, variant, shape));
      const key = k.keyFor(shape);
      // Never time an f32 kernel under a quantized case's name.
      if (weights !== 'f32' && !key.includes(`weights=${weights}`)) throw new Error(`${c.name}: not available: this ${c.kind} kernel has no ${weights} weights (pipeline ${key})`);
      return { key, bind: (b) => k.bind({ x: b.x, w: b.w, y: b.y, ...(norm ? { gamma: b.gamma, beta: b.beta } : {}) }, shape) };
    }
    case 'attention': {
      const k = await Attention.create(gpu, { mode: c.T > 1 ? 'prefill' : 'decode' }, { HS: c.HS }); // as the model runs it: planned for its head
      const shape = { T: c.T, S: c.S, NH: c.NH, NKV: c.NKV, HS: c.HS };
      return { key: k.key, bind: (b) => k.bind({ q: b.q, k: b.k, v: b.v, y: b.y }, shape) };
    }
    case 'softmax': {
      const k = await Softmax.create(gpu);
      return { key: k.key, bind: (b) => k.bind({ x: b.x, y: b.y }, { rows: c.rows, cols: c.cols }) };
    }
  }
}

/** The weights as the kernel reads them: f32 as is, other dtypes packed (src/quant/formats.ts). */
function storedInputs(c: BenchCase, inputs: Record<string, Float32Array>): Record<string, Float32Array | Uint32Array> {
  if ((c.kind !== 'gemv' && c.kind !== 'matmul') || (c.weights ?? 'f32') === 'f32') return inputs;
  const shape = c.layout === 'nk' ? [c.N, c.K] : [c.K, c.N];
  return { ...inputs, w: toStored({ shape, data: inputs.w!, layout: c.layout }, c.weights!).data };
}

export async function measureOurs(gpu: Gpu, c: BenchCase, o: BenchOptions): Promise<OursResult> {
  const kernel = await kernelFor(gpu, c);
  const { inputs: floats, outputFloats } = caseData(c);
  const inputs = storedInputs(c, floats);
  const copies = copiesFor(c, o.coldBytes);
  const buffers: GPUBuffer[] = [];
  const bounds: Recordable[] = [];
  try {
    const y = createStorage(gpu.device, outputFloats * 4, 'bench:y');
    buffers.push(y);
    for (let i = 0; i < copies; i++) {
      const set: Record<string, GPUBuffer> = { y };
      for (const [name, data] of Object.entries(inputs)) {
        set[name] = uploadStorage(gpu.device, data, `bench:${name}#${i}`);
        buffers.push(set[name]);
      }
      bounds.push(kernel.bind(set));
    }
    const { timing, gpuSeconds } = await timeBounds(gpu, bounds, 'bench', o.timing);
    gpu.assertHealthy();
    // Not an accuracy check (the kernel tests do that): only that the timed kernel wrote real numbers.
    const out = await readFloat32(gpu.device, y, outputFloats);
    if (!out.every(Number.isFinite) || out.every((v) => v === 0)) throw new Error(`${c.name}: the kernel wrote zeros or non-finite values`);
    return { name: c.name, key: kernel.key, copies, timing, gpuSeconds };
  } finally {
    for (const b of bounds) b.destroy?.();
    for (const b of buffers) b.destroy();
  }
}
