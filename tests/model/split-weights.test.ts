// Weights over the device's binding limit, split by rows across bindings (src/model/gpu-weights.ts,
// src/model/forward.ts): with the limit lowered so that a small random model's matrices split into
// several slices each, the GPU logits (every row of a prompt, and decode steps) match the CPU
// reference, greedy decoding matches the unsplit model's, embedding rows gather across slices, a
// (K, N) matrix held transposed (as the software profile holds f32 ones) splits by rows, a 16-bit
// matrix whose rows end mid-word splits at the right rows, and what cannot be split is refused
// naming the tensor.

import { afterAll, describe, expect, it } from 'vitest';
import { ModelTooLargeError } from '../../src/errors.js';
import { readFloat32, readUint32 } from '../../src/gpu/buffers.js';
import { createGpu } from '../../src/gpu/device.js';
import type { ModelConfig, WeightMap } from '../../src/model/config.js';
import { convertWeights } from '../../src/model/convert.js';
import { GpuWeights } from '../../src/model/gpu-weights.js';
import { pickRows } from '../../src/model/weights/rows.js';
import { deferredRowRuns, deferredTensor, rowRunsOf, type StoredTensor } from '../../src/quant/formats.js';
import { toFloat32, toStored } from '../../src/quant/stored.js';
import { Transformer } from '../../src/model/transformer.js';
import { ReferenceTransformer } from '../../src/reference/transformer.js';
import { compare, type Tolerance } from '../kernels/harness.js';
import { gpt2Config, llamaConfig, randomWeights } from './random-model.js';
import { trackBuffers } from '../support/live-buffers.js';
import { randomArray } from '../support/random.js';

// hostThreads: 2 (CI's): the software profile's workgroup caps plan the staged and strided GEMV programs on any host.
const gpu = await createGpu({ hostThreads: 2 });
afterAll(() => gpu.destroy());

// tests/model/forward.test.ts's tolerance: f32 kernels against float64 loops.
const TOL: Tolerance = { atol: 2e-4, rtol: 2e-4, nmse: 1e-8 };

// Llama (qkv bias, GQA, untied head): with 49,152 bytes a binding (64 rows of the down
// projection's 192), every matrix splits: the embedding and head (300 rows of 512 bytes) into
// 64-row slices, qkv into 4, the out projection into 2 (with its residual), gate and up into 3
// (the fused gated decode GEMV runs per slice), down into 2. GPT-2 (tied head, learned positions,
// LayerNorm, 'kn' matrices that fit): 27,648 bytes split the 300 x 48 embedding into 128 + 128 + 44 rows.
const llama = llamaConfig({ V: 300, C: 128, L: 1, NH: 4, NKV: 2, F: 192, maxSeqLen: 16 }, 'half', true);
const gpt2 = gpt2Config({ V: 300, C: 48, L: 1, NH: 4, NKV: 4, F: 96, maxSeqLen: 16 });
const models: Array<[string, ModelConfig, number]> = [['llama', llama, 49152], ['gpt2', gpt2, 27648]];

function rowsOf(weights: GpuWeights, name: string): number[][] {
  return weights.slicesOf(name).map((s) => [s.first, s.rows]);
}

describe('weights split across bindings', () => {
  it('slices each matrix over the limit into rows of a multiple of 64, in order', async () => {
    const weights = await GpuWeights.upload(gpu, randomWeights(llama, 1), { bindingLimit: 49152 });
    try {
      expect(rowsOf(weights, 'embed.tokens')).toEqual([[0, 64], [64, 64], [128, 64], [192, 64], [256, 44]]);
      expect(rowsOf(weights, 'lm_head.weight')).toEqual(rowsOf(weights, 'embed.tokens'));
      expect(rowsOf(weights, 'layers.0.attn.qkv.weight')).toEqual([[0, 64], [64, 64], [128, 64], [192, 64]]);
      expect(rowsOf(weights, 'layers.0.mlp.down.weight')).toEqual([[0, 64], [64, 64]]);
      expect(rowsOf(weights, 'layers.0.norm1.weight')).toEqual([[0, 128]]);
      expect(() => weights.get('embed.tokens')).toThrow(/embed\.tokens is split across 5 buffers/);
    } finally {
      weights.destroy();
    }
  });

  it('refuses a reorder that changes more than a tensor\'s row order: its buffers, and passes, were made before the reorder ran', async () => {
    const changes: Array<[string, (t: StoredTensor) => StoredTensor, RegExp]> = [
      ['layers.0.norm1.weight', (t) => ({ ...t, data: t.data.subarray(1) }), /layers\.0\.norm1\.weight was reordered to f32 \[128\] of 508 bytes, not its f32 \[128\] of 512 bytes$/],
      ['layers.0.mlp.down.weight', (t) => ({ ...t, shape: [t.shape[1]!, t.shape[0]!] }), /layers\.0\.mlp\.down\.weight was reordered to f32 \[\d+,\d+\] 'nk'/], // the same bytes, another shape
      ['layers.0.mlp.down.weight', (t) => ({ ...t, layout: 'kn' }), /layers\.0\.mlp\.down\.weight was reordered to f32 \[\d+,\d+\] 'kn'/],
    ];
    for (const [tensor, change, message] of changes) {
      const reorder = (name: string, t: StoredTensor): StoredTensor => (name === tensor ? change(t) : t);
      await expect(GpuWeights.upload(gpu, randomWeights(llama, 1), { reorder })).rejects.toThrow(message);
    }
  });

  it('a pass that cannot be laid out (a tensor missing) fails the create, freeing every buffer and param slot it bound', async () => {
    const config = { ...llama, nLayers: 2 };
    (await Transformer.create(gpu, config, randomWeights(config, 3))).dispose(); // its kernels compiled: the failing create's bind at once
    await gpu.device.queue.onSubmittedWorkDone();
    await new Promise((resolve) => setTimeout(resolve, 0)); // dispose() frees once the queue is done
    const weights = randomWeights(config, 3);
    weights.delete('layers.1.mlp.down.weight');
    const { live, release } = trackBuffers(gpu.device);
    try {
      const slots = gpu.params.liveSlots;
      await expect(Transformer.create(gpu, config, weights)).rejects.toThrow(/missing tensor layers\.1\.mlp\.down\.weight/);
      await new Promise((resolve) => setTimeout(resolve, 50)); // layer 0's kernels, had they been left binding
      expect(gpu.params.liveSlots).toBe(slots);
      expect([...live].map((b) => b.label)).toEqual([]);
    } finally {
      release();
    }
    // The same failure while the upload lets the event loop turn (each tensor's report holding the
    // thread 25 ms): a rejection nothing handled yet ended the Node process.
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const slowUpload = () => {
        const until = performance.now() + 25;
        while (performance.now() < until);
      };
      await expect(Transformer.create(gpu, config, weights, { onProgress: slowUpload })).rejects.toThrow(/missing tensor layers\.1\.mlp\.down\.weight/);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('a plan knows each tensor\'s slices before any buffer is made; the buffers only after make(), which settles `made`', async () => {
    const bindingLimit = 49152;
    const planned = GpuWeights.plan(gpu, randomWeights(llama, 1), { bindingLimit });
    const plan = planned.plansOf('embed.tokens').map((s) => [s.first, s.rows]);
    expect(plan).toEqual([[0, 64], [64, 64], [128, 64], [192, 64], [256, 44]]);
    expect(planned.isMade).toBe(false);
    expect(() => planned.slicesOf('embed.tokens')).toThrow(/embed\.tokens's buffers are not made yet \(make\(\) first\)/);
    expect(() => planned.get('norm.final.weight')).toThrow(/buffers are not made yet/);
    expect(() => planned.plansOf('nope')).toThrow(/missing tensor nope/);
    await expect(planned.fill()).rejects.toThrow(/fill\(\) before make\(\)/);
    let made = false;
    void planned.made.then(() => (made = true));
    await planned.make();
    await Promise.resolve();
    expect(made).toBe(true);
    expect(rowsOf(planned, 'embed.tokens')).toEqual(plan);
    planned.destroy();

    // A second make() while the first runs settles with it: a fill() after it finds the buffers.
    let turns = 0;
    const slow = () => { // the first tensor past a slice (time-slices.ts: 20 ms): make() goes on after a turn of the event loop
      if (turns++ === 0) for (const until = performance.now() + 30; performance.now() < until;);
    };
    const twice = GpuWeights.plan(gpu, randomWeights(llama, 1), { onAllocate: slow });
    await Promise.all([twice.make(), twice.make().then(() => twice.fill())]);
    twice.destroy();

    // Destroyed before it was made, or a make() that fails: `made` rejects, so nothing waits on it for ever.
    const dropped = GpuWeights.plan(gpu, randomWeights(llama, 1));
    dropped.destroy();
    await expect(dropped.made).rejects.toThrow(/destroyed before their buffers were made/);
    const stopped = GpuWeights.plan(gpu, randomWeights(llama, 1));
    await expect(stopped.make(AbortSignal.abort(new Error('stopped')))).rejects.toThrow('stopped');
    await expect(stopped.made).rejects.toThrow('stopped');
    expect(stopped.isMade).toBe(false);

    // Stopped between tensors: the buffers made so far are freed.
    const stop = new AbortController();
    const tracked = trackBuffers(gpu.device);
    try {
      const cut = GpuWeights.plan(gpu, randomWeights(llama, 1), {
        onAllocate: () => {
          stop.abort(new Error('cut'));
          for (const until = performance.now() + 30; performance.now() < until;); // past a slice (time-slices.ts: 20 ms)
        },
      });
      await expect(cut.make(stop.signal)).rejects.toThrow('cut');
      expect(tracked.live.size).toBe(0);
    } finally {
      tracked.release();
    }
  });

  it('fill() after destroy() is refused, not a write into freed buffers', async () => {
    const weights = await GpuWeights.allocate(gpu, randomWeights(llama, 1));
    weights.destroy();
    await expect(weights.fill()).rejects.toThrow(/fill\(\) after destroy\(\)/);
  });

  for (const [name, config, bindingLimit] of models) {
    it(`${name}: logits of every row and of decode steps match the CPU reference`, async () => {
      const weights = randomWeights(config, 7);
      const model = await Transformer.create(gpu, config, weights, { bindingLimit });
      const reference = new ReferenceTransformer(config, weights);
      const prompt = [3, 299, 0, 128, 64, 191, 257];
      try {
        const r = compare(await model.logitsFor(prompt), reference.forward(prompt, 0), TOL);
        expect(r.pass, `every row: ${r.detail}`).toBe(true);
        for (const [i, id] of [63, 64, 298].entries()) {
          const { logits } = await model.next([id], { temperature: 0 }, { logits: true });
          const rs = compare(logits!, reference.forward([id], prompt.length + i), TOL);
          expect(rs.pass, `decode step ${i}: ${rs.detail}`).toBe(true);
        }
      } finally {
        model.dispose();
      }
    });

    it(`${name}: greedy decoding gives the unsplit model's ids, and embedding rows gather across slices`, async () => {
      const weights = randomWeights(config, 8);
      const [split, whole] = await Promise.all([Transformer.create(gpu, config, weights, { bindingLimit }), Transformer.create(gpu, config, weights)]);
      try {
        const ids = async (model: Transformer) => {
          const stream = await model.decode([5, 200, 77], { temperature: 0 }, { limit: 10 });
          const out: number[] = [];
          for (let step = await stream.next(); step; step = await stream.next()) out.push(step.token);
          return out;
        };
        const got = await ids(split);
        expect(got).toHaveLength(10);
        expect(got).toEqual(await ids(whole));
        expect(split.dispatchesPerToken).toBeGreaterThan(whole.dispatchesPerToken!); // a dispatch per slice
        const rows = [0, 299, 64, 127, 128];
        const table = weights.get('embed.tokens')!.data;
        const want = Float32Array.from(rows.flatMap((id) => [...table.subarray(id * config.dim, (id + 1) * config.dim)]));
        expect(await split.embeddingRows(rows)).toEqual(want);
      } finally {
        split.dispose();
        whole.dispose();
      }
    });
  }

  it("holds a 'kn' matrix transposed where asked, and then splits it by rows like any other", async () => {
    const host = randomWeights(gpt2, 3);
    // GPT-2's c_attn (48 x 144, 27,648 bytes) held (144, 48): 140 rows of 192 bytes fit 27,000, so slices of 128.
    const weights = await GpuWeights.upload(gpu, host, { bindingLimit: 27000, transposeKn: (dtype) => dtype === 'f32' });
    const name = 'layers.0.attn.qkv.weight';
    try {
      expect([weights.layout(name), weights.shape(name), rowsOf(weights, name)]).toEqual(['nk', [144, 48], [[0, 128], [128, 16]]]);
      const kn = host.get(name)!.data;
      const want = Float32Array.from({ length: 16 * 48 }, (_, i) => kn[(i % 48) * 144 + 128 + Math.floor(i / 48)]!);
      expect(await readFloat32(gpu.device, weights.slicesOf(name)[1]!.buffer)).toEqual(want);
      expect([weights.layout('embed.tokens'), weights.shape('embed.tokens')]).toEqual(['nk', [300, 48]]);
    } finally {
      weights.destroy();
    }
    // The software profile holds f32 'kn' matrices so: the model the limit refuses below runs whole.
    const software = await createGpu({ profile: 'software' });
    const model = await Transformer.create(software, gpt2, host, { bindingLimit: 27000 });
    try {
      const prompt = [3, 299, 0, 128];
      const r = compare(await model.logitsFor(prompt), new ReferenceTransformer(gpt2, host).forward(prompt, 0), TOL);
      expect(r.pass, r.detail).toBe(true);
    } finally {
      model.dispose();
      software.destroy();
    }
  });

  // Rows of 97 halves end mid-word: the slices were cut at whole words a row, each starting a word
  // further off per two rows (the logits 0.33 off, unsaid).
  it('splits a 16-bit matrix whose rows end mid-word (odd K) at the right rows', async () => {
    const config = llamaConfig({ V: 40, C: 128, L: 1, NH: 4, NKV: 2, F: 97, maxSeqLen: 16 }, 'half');
    const { weights } = convertWeights(randomWeights(config, 5), 'f16');
    const held = await GpuWeights.upload(gpu, weights, { bindingLimit: 20000 });
    expect(rowsOf(held, 'layers.0.mlp.down.weight')).toEqual([[0, 64], [64, 64]]); // 128 x 97 halves, 24,832 bytes
    held.destroy();
    const model = await Transformer.create(gpu, config, weights, { bindingLimit: 20000 });
    try {
      const asF32 = new Map([...weights].map(([name, t]) => [name, { ...toFloat32(t), dtype: 'f32' as const }]));
      const prompt = [1, 5, 9, 3, 7];
      const r = compare(await model.logitsFor(prompt), new ReferenceTransformer(config, asF32).forward(prompt, 0), TOL);
      expect(r.pass, r.detail).toBe(true);
    } finally {
      model.dispose();
    }
  });

  // A GGUF matrix's words are made from the file's bytes at each read of its data (deferredTensor): a
  // second read on the way to the GPU (a byteLength, a slice) repacked it again, and one kept would
  // hold the model twice. Every path of the upload: split, reordered (Llama's half-split RoPE), held
  // transposed (GPT-2's 'kn' matrices on the software profile), converted.
  it('reads each tensor\'s data once, in the write: none while its buffers are made and its passes built, or a dtype planned', async () => {
    const reads = new Map<string, number>();
    const counted = (weights: ReadonlyMap<string, StoredTensor>) => new Map([...weights].map(([name, t]) => {
      const { shape, dtype, layout } = t;
      return [name, deferredTensor({ shape, dtype, ...(layout ? { layout } : {}) }, () => (reads.set(name, (reads.get(name) ?? 0) + 1), t.data))];
    }));
    const readOnce = (weights: ReadonlyMap<string, StoredTensor>, what: string) => {
      expect([...reads].filter(([, n]) => n !== 1), what).toEqual([]);
      expect([...reads.keys()].sort(), what).toEqual([...weights.keys()].sort());
      reads.clear();
    };
    const allocated = await GpuWeights.allocate(gpu, counted(randomWeights(llama, 1)), { bindingLimit: 49152 });
    expect(reads.size).toBe(0);
    await allocated.fill();
    allocated.destroy();
    readOnce(randomWeights(llama, 1), 'GpuWeights, split');
    const software = await createGpu({ profile: 'software' });
    try {
      for (const [name, config, bindingLimit] of models) {
        const host = randomWeights(config, 2);
        (await Transformer.create(name === 'gpt2' ? software : gpu, config, counted(host), { bindingLimit })).dispose();
        readOnce(host, `${name}: Transformer.create`);
      }
    } finally {
      software.destroy();
    }
    const host = randomWeights(llama, 3);
    const { weights } = convertWeights(counted(host), undefined);
    expect(reads.size, 'kept as loaded').toBe(0);
    // Matrices converted as they upload: checked once (storesAll), made once in the write, as the vectors are.
    const q8 = convertWeights(counted(host), 'q8_0').weights;
    readOnce(new Map([...host].filter(([, t]) => t.shape.length === 2)), 'converted to q8_0: checked');
    (await GpuWeights.upload(gpu, q8)).destroy();
    readOnce(host, 'converted to q8_0: written');
    (await GpuWeights.upload(gpu, weights)).destroy();
    readOnce(host, 'kept as loaded, then written');
  });

  // A matrix converted as it uploads and larger than a run of rows (convert.ts: 2^20 values) is made
  // a run at a time (deferredRowRuns, runs of 1,024 rows here), each written where the GPU holds its
  // rows: the runs straddle the slices a lowered binding limit cuts (320, 192 and 576 rows).
  it('writes a matrix converted as it uploads a run of rows at a time, across its slices, as the whole conversion makes it', async () => {
    const [N, K] = [2500, 1024];
    const values = { shape: [N, K], data: randomArray(N * K, 0x5eed), layout: 'nk' as const };
    for (const [dtype, sliceRows] of [['q8_0', 320], ['f16', 192], ['q4_0', 576]] as const) {
      const converted = convertWeights(new Map([['m', { ...values, dtype: 'f32' as const }]]), dtype).weights.get('m')!;
      expect(rowRunsOf(converted), dtype).toBeDefined();
      const whole = toStored(values, dtype).data; // at once, no runs
      const held = await GpuWeights.upload(gpu, new Map([['m', converted]]), { bindingLimit: 400000 });
      try {
        expect(held.slicesOf('m').map((p) => p.rows), dtype).toEqual([...Array(Math.floor(N / sliceRows)).fill(sliceRows), N % sliceRows]);
        const parts = await Promise.all(held.slicesOf('m').map((p) => readUint32(gpu.device, p.buffer)));
        const words = new Uint32Array(whole.length);
        let at = 0;
        for (const part of parts) at += (words.set(part, at), part.length);
        expect(at, dtype).toBe(whole.length);
        const first = words.findIndex((w, i) => w !== whole[i]);
        expect(first, `${dtype}: the first word unlike the whole conversion's`).toBe(-1);
      } finally {
        held.destroy();
      }
    }
    // Reordered (Llama's half-split RoPE on qkv), the whole matrix is made at once and its rows reordered.
    const converted = convertWeights(new Map([['m', { ...values, dtype: 'f32' as const }]]), 'q8_0').weights.get('m')!;
    const reversed = [...Array(N).keys()].reverse();
    const held = await GpuWeights.upload(gpu, new Map([['m', converted]]), { reorder: (_, t) => pickRows(t, reversed) });
    try {
      const words = await readUint32(gpu.device, held.get('m'));
      const want = pickRows(toStored(values, 'q8_0'), reversed).data;
      expect(words.findIndex((w, i) => w !== want[i]), 'reordered: the first word unlike the whole conversion\'s, reordered').toBe(-1);
    } finally {
      held.destroy();
    }
    // 16-bit rows of odd K share their last word: such a matrix converts whole, not in runs.
    const odd = { shape: [1100, 1023], data: randomArray(1100 * 1023, 0x0dd), layout: 'nk' as const };
    const f16 = convertWeights(new Map([['m', { ...odd, dtype: 'f32' as const }]]), 'f16').weights.get('m')!;
    expect(rowRunsOf(f16)).toBeUndefined();
    const oddWhole = toStored(odd, 'f16').data;
    expect(f16.data.findIndex((w, i) => w !== oddWhole[i]), 'odd K: the first word unlike the whole conversion\'s').toBe(-1);
  });

  it('stops between the runs of a matrix made a run at a time, before the next is made, when the load is aborted', async () => {
    const stop = new AbortController();
    let made = 0;
    const matrix = deferredRowRuns({ shape: [192, 64], dtype: 'f32', layout: 'nk' }, () => {
      throw new Error('read in runs, not whole');
    }, function* () {
      for (let first = 0; first < 192; first += 64) {
        made++;
        if (first === 0) {
          stop.abort(new Error('stopped'));
          for (const until = performance.now() + 30; performance.now() < until;); // past a slice (time-slices.ts: 20 ms)
        }
        yield { first, rows: 64, data: new Float32Array(64 * 64) };
      }
    });
    const weights = await GpuWeights.allocate(gpu, new Map([['m', matrix]]));
    try {
      await expect(weights.fill(stop.signal)).rejects.toThrow('stopped');
      expect(made).toBe(1);
    } finally {
      weights.destroy();
    }
  });

  it('refuses a tensor it cannot split, naming it and why', async () => {
    const upload = (weights: WeightMap, bindingLimit: number) => GpuWeights.allocate(gpu, weights, { bindingLimit }).then((w) => w.destroy());
    // GPT-2's (K, N) matrices, held as the checkpoint stores them, are not row by row: its c_attn (48 x 144) is 27,648 bytes.
    await expect(upload(randomWeights(gpt2, 2), 27000)).rejects.toThrow(ModelTooLargeError);
    await expect(upload(randomWeights(gpt2, 2), 27000)).rejects.toThrow(/tensor layers\.0\.attn\.qkv\.weight \[48,144\] needs 27648 bytes, over this device's binding limit of 27000, and only a matrix stored row by row/);
    // 64 rows of Llama's down projection (192 floats) need 49,152 bytes.
    await expect(upload(randomWeights(llama, 2), 49151)).rejects.toThrow(/tensor layers\.0\.mlp\.down\.weight \[128,192\] .* not even 64 of its rows fit one binding/);
  });
});
