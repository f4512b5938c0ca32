// LoadOptions.onProgress as a loading bar sees it: one stream over reading the files (a
// llama2.c tokenizer given beside the checkpoint included), making the weights' GPU buffers,
// uploading to them and compiling the kernels, whose fraction never goes back and ends at 1, even
// when totals grow as shards become known.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createEngine, type LoadProgress } from '../../src/engine.js';
import type { WeightDType } from '../../src/quant/formats.js';
import { dataPath } from '../support/data.js';
import { trackBuffers } from '../support/live-buffers.js';
import { encodeSafetensors, randomHfCheckpoint } from './fixtures.js';

const engine = await createEngine();
const tmp = mkdtempSync(join(tmpdir(), 'shaderlm-progress-'));
afterAll(() => {
  engine.destroy();
  rmSync(tmp, { recursive: true, force: true });
});

async function loadRecording(source: string, tokenizer?: string, on = engine, dtype?: WeightDType): Promise<LoadProgress[]> {
  const events: LoadProgress[] = [];
  const model = await on.load(source, { tokenizer, dtype, maxSeqLen: 16, onProgress: (p) => events.push({ ...p }) });
  model.dispose();
  return events;
}

/**
 * The fraction never decreases, stays in [0, 1] and ends at 1; the phases come in order (reading,
 * converting, allocating, uploading, compiling); every tensor is allocated, then uploaded, each
 * reported once, the upload ending short of 1 (the compile is still to come); the last report is
 * the compile's.
 */
function expectOneStream(events: LoadProgress[]): void {
  expectFractions(events);
  const order = ['read', 'convert', 'allocate', 'upload', 'compile'];
  const ranks = events.map((e) => order.indexOf(e.phase));
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  expect(ranks[0]).toBe(0);
  const allocations = events.filter((e) => e.phase === 'allocate');
  const uploads = events.filter((e) => e.phase === 'upload');
  expect(allocations.length).toBeGreaterThan(1);
  expect(allocations.map((e) => e.file).sort()).toEqual(uploads.map((e) => e.file).sort());
  expect(allocations.at(-1)!.total).toBe(uploads.at(-1)!.total);
  expect(allocations.at(-1)!.loaded).toBe(allocations.at(-1)!.total);
  expect(allocations.at(-1)!.fraction).toBeLessThan(uploads[0]!.fraction);
  expect(uploads.at(-1)!.loaded).toBe(uploads.at(-1)!.total);
  expect(uploads.at(-1)!.fraction).toBeLessThan(1);
  expect(events.at(-1)).toMatchObject({ phase: 'compile', fraction: 1, file: '' });
  const last = events.at(-1)!;
  expect(last.loaded).toBe(last.total); // a load alone: every kernel it began is built
  const compiles = events.filter((e) => e.phase === 'compile').slice(0, -1);
  expectRising(compiles);
  if (compiles.length > 0) expect(compiles.at(-1)!.fraction).toBeGreaterThan(0.9); // the bytes' 90 %, and kernels built
  expectRising(events.filter((e) => e.phase === 'convert'));
}

/** Every load's stream, alone or beside another: fractions in [0, 1] that never go back and end at 1 (only at the end), work done within its total. */
function expectFractions(events: LoadProgress[]): void {
  expect(events.length).toBeGreaterThan(0);
  for (const [i, e] of events.entries()) {
    expect(e.fraction).toBeGreaterThanOrEqual(i === 0 ? 0 : events[i - 1]!.fraction);
    expect(e.fraction).toBeLessThanOrEqual(1);
    expect(e.loaded).toBeLessThanOrEqual(e.total);
  }
  expect(events.at(-1)!.fraction).toBe(1);
  expect(events.slice(0, -1).every((e) => e.fraction < 1)).toBe(true);
}

/** Each report of a phase moves the bar: its work counts. */
function expectRising(reports: LoadProgress[]): void {
  for (let i = 1; i < reports.length; i++) expect(reports[i]!.fraction, `${reports[i]!.phase} report ${i}`).toBeGreaterThan(reports[i - 1]!.fraction);
}

describe('load progress', () => {
  it('a llama2.c checkpoint and its tokenizer: both files read, then the upload, in one stream', async () => {
    const events = await loadRecording(dataPath('stories260K/stories260K.bin'), dataPath('stories260K/tok512.bin'));
    expectOneStream(events);
    const reads = events.filter((e) => e.phase === 'read');
    expect(new Set(reads.map((e) => e.file))).toEqual(new Set(['stories260K.bin', 'tok512.bin']));
    const bytes = statSync(dataPath('stories260K/stories260K.bin')).size + statSync(dataPath('stories260K/tok512.bin')).size;
    expect(reads.at(-1)).toMatchObject({ loaded: bytes, total: bytes });
    expect(reads.at(-1)!.fraction).toBeLessThan(1); // the upload is still to come
  });

  it('a load that converts the weights reports each tensor converted, between the reads and the upload; one that does not, no conversion', async () => {
    const source = dataPath('stories260K/stories260K.bin');
    const tokenizer = dataPath('stories260K/tok512.bin');
    const converting = await loadRecording(source, tokenizer, engine, 'q8_0');
    expectOneStream(converting);
    const converts = converting.filter((e) => e.phase === 'convert');
    expect(converts.length).toBeGreaterThan(1);
    // Said before the first tensor converts (the embedding took seconds with no report on a large model).
    expect(converts[0]).toMatchObject({ loaded: 0, file: 'embed.tokens' });
    expect(converts.at(-1)!.loaded).toBe(converts.at(-1)!.total);
    // every f32 matrix converts: to q8_0, or f16 where its K is no multiple of 32
    expect(new Set(converts.map((e) => e.file)).has('embed.tokens')).toBe(true);
    expect(converts.every((e) => e.fraction < converting.find((u) => u.phase === 'upload')!.fraction)).toBe(true);
    const kept = await loadRecording(source, tokenizer);
    expect(kept.some((e) => e.phase === 'convert')).toBe(false);
  });

  it("a tokenizer that is not the model's fails the load before the weights convert", async () => {
    const events: LoadProgress[] = [];
    const load = engine.load(dataPath('stories260K/stories260K.bin'), { tokenizer: dataPath('tinystories656K/tokenizer.json'), dtype: 'q8_0', onProgress: (p) => events.push({ ...p }) });
    await expect(load).rejects.toThrow(/tokenizer\.json: the token .* has id 2047, but the model has only 512 rows/);
    expect(new Set(events.map((e) => e.phase))).toEqual(new Set(['read']));
  });

  it('a sharded folder, whose total grows once the index names the shards', async () => {
    const ck = randomHfCheckpoint('llama', { vocabSize: 2048, dim: 32, nLayers: 2, nHeads: 4, hiddenDim: 48, maxSeqLen: 16 }, 5);
    const names = Object.keys(ck.tensors);
    const half = Math.ceil(names.length / 2);
    const shard = (i: number) => `model-0000${i}-of-00002.safetensors`;
    const pick = (part: string[]) => encodeSafetensors(Object.fromEntries(part.map((n) => [n, ck.tensors[n]!])));
    writeFileSync(join(tmp, 'config.json'), ck.configJson);
    writeFileSync(join(tmp, 'model.safetensors.index.json'), JSON.stringify({ weight_map: Object.fromEntries(names.map((n, i) => [n, shard(i < half ? 1 : 2)])) }));
    writeFileSync(join(tmp, shard(1)), pick(names.slice(0, half)));
    writeFileSync(join(tmp, shard(2)), pick(names.slice(half)));
    copyFileSync(dataPath('tinystories656K/tokenizer.json'), join(tmp, 'tokenizer.json')); // its 2048 tokens fit the model
    const events = await loadRecording(tmp);
    expectOneStream(events);
    const totals = events.filter((e) => e.phase === 'read').map((e) => e.total);
    expect(totals.at(-1)).toBeGreaterThan(totals[0]!); // the case this stream exists for
  });

  it("reports each kernel compiled, and none on a second load of the model, whose kernels the engine holds", async () => {
    const fresh = await createEngine();
    try {
      const source = dataPath('tinystories656K');
      const first = await loadRecording(source, undefined, fresh);
      expectOneStream(first);
      const compiles = first.filter((e) => e.phase === 'compile').slice(0, -1);
      expect(compiles.length).toBeGreaterThan(1);
      expect(compiles.map((e) => e.loaded)).toEqual(compiles.map((_, i) => i + 1)); // one report a kernel, in order
      expect(compiles.every((e) => /^[a-z]+\//.test(e.file))).toBe(true); // the kernel's key, e.g. "gemv/..."
      expect(compiles.at(-1)!.loaded).toBe(compiles.at(-1)!.total); // each kernel begun was built before the model was ready
      const again = await loadRecording(source, undefined, fresh);
      expectOneStream(again);
      expect(again.filter((e) => e.phase === 'compile')).toEqual([expect.objectContaining({ loaded: 0, total: 0 })]);
    } finally {
      fresh.destroy();
    }
  });

  it('the kernels begin compiling before the weights\' first buffer is made, and are said after the upload', async () => {
    const fresh = await createEngine();
    try {
      const begun: number[] = [];
      const events: LoadProgress[] = [];
      const model = await fresh.load(dataPath('tinystories656K'), {
        maxSeqLen: 16,
        onProgress: (p) => {
          events.push({ ...p });
          if (p.phase === 'allocate') begun.push(fresh.gpu.pipelines.size);
        },
      });
      model.dispose();
      // The passes are laid out from the weights' plan: a software adapter's seconds of compiles
      // overlap the buffers' making, not only their writing.
      expect(begun[0]).toBeGreaterThan(0);
      expect(begun[0]).toBe(fresh.gpu.pipelines.size); // every kernel the model runs
      expectOneStream(events);
    } finally {
      fresh.destroy();
    }
  });

  it('two loads at once on one engine: each stream whole, while they share the kernels\' builds', async () => {
    const fresh = await createEngine();
    try {
      const [a, b] = await Promise.all([
        loadRecording(dataPath('tinystories656K'), undefined, fresh),
        loadRecording(dataPath('stories260K/stories260K.bin'), dataPath('stories260K/tok512.bin'), fresh),
      ]);
      for (const events of [a, b]) {
        expectFractions(events);
        expect(events.some((e) => e.phase === 'allocate') && events.some((e) => e.phase === 'upload')).toBe(true);
      }
      const built = (events: LoadProgress[]) => events.filter((e) => e.phase === 'compile' && e.file).length;
      expect(built(a) + built(b)).toBeGreaterThan(0); // a fresh engine: the kernels compile while both watch
    } finally {
      fresh.destroy();
    }
  });

  // The weights on disk are read as the load checks them, after the tokenizer given beside them was:
  // 'read' went back from the tokenizer's bytes to the weights', and its total lost the tokenizer.
  it('a folder on disk with its tokenizer given beside it: the reads of both add up, never going back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shaderlm-progress-tok-'));
    try {
      for (const name of ['config.json', 'generation_config.json', 'model.safetensors']) copyFileSync(dataPath(`tinystories656K/${name}`), join(dir, name));
      const tokenizer = dataPath('tinystories656K/tokenizer.json');
      const events: LoadProgress[] = [];
      const model = await engine.load(dir, { maxSeqLen: 16, tokenizer, onProgress: (p) => events.push(p) });
      model.dispose();
      const reads = events.filter((e) => e.phase === 'read');
      expect(reads.every((e, i) => i === 0 || e.loaded >= reads[i - 1]!.loaded)).toBe(true);
      const all = ['config.json', 'generation_config.json', 'model.safetensors'].reduce((n, f) => n + statSync(join(dir, f)).size, statSync(tokenizer).size);
      expect(reads.at(-1)).toMatchObject({ loaded: all, total: all });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a progress report that throws while the buffers are made fails the load with its error, freeing them', async () => {
    const { live, release } = trackBuffers(engine.gpu.device);
    try {
      const before = live.size;
      let allocations = 0;
      const load = engine.load(dataPath('tinystories656K'), { maxSeqLen: 16, onProgress: (p) => { if (p.phase === 'allocate' && ++allocations === 3) throw new Error('bar gone'); } });
      await expect(load).rejects.toThrow('bar gone');
      expect(live.size).toBe(before);
    } finally {
      release();
    }
  });

  it('an abort or engine.destroy() made in the last report rejects the load, freeing its buffers (no model the caller gave up on)', async () => {
    const { live, release } = trackBuffers(engine.gpu.device);
    // The engine's param arena may take a page for the first load's kernels: it is the engine's, kept.
    const modelBuffers = () => [...live].filter((b) => !b.label.startsWith('params#'));
    try {
      const stop = new AbortController();
      const aborted = engine.load(dataPath('tinystories656K'), { maxSeqLen: 16, signal: stop.signal, onProgress: (p) => { if (p.fraction === 1) stop.abort(new Error('gave up')); } });
      await expect(aborted).rejects.toThrow('gave up');
      await vi.waitFor(() => expect(modelBuffers()).toEqual([]), { timeout: 60_000 }); // a built model frees its buffers once the queue is idle
    } finally {
      release();
    }
    const doomed = await createEngine();
    await expect(doomed.load(dataPath('tinystories656K'), { maxSeqLen: 16, onProgress: (p) => { if (p.fraction === 1) doomed.destroy(); } })).rejects.toThrow(/^engine\.load\(\) was cut off by engine\.destroy\(\)/);
  });

  // The upload went on writing every tensor into a destroyed device (tens of seconds for a large
  // model converted as it uploads) before the load said it was cut off.
  it('engine.destroy() during the upload stops it at the next turn, and the load says it was cut off', async () => {
    const doomed = await createEngine();
    let [allocated, uploaded] = [0, 0];
    const load = doomed.load(dataPath('tinystories656K'), {
      maxSeqLen: 16,
      onProgress: (p) => {
        if (p.phase === 'allocate') allocated++;
        if (p.phase !== 'upload') return;
        const until = performance.now() + 25; // each tensor's write takes a slice: the upload spans turns
        while (performance.now() < until);
        if (++uploaded === 2) doomed.destroy();
      },
    });
    await expect(load).rejects.toThrow(/^engine\.load\(\) was cut off by engine\.destroy\(\)/);
    expect(uploaded).toBeLessThan(allocated);
  });

  // An abort while the kernels compiled waited for every compile to end (5 s for TinyStories-656K
  // on SwiftShader) before the load rejected.
  it('an abort while the kernels compile rejects at once; the builds finish after it, and what the load made is freed', async () => {
    const fresh = await createEngine();
    const { live, release } = trackBuffers(fresh.gpu.device);
    let builds = { built: 0, total: 0 };
    const watch = fresh.gpu.pipelines.watch((p) => (builds = p));
    try {
      const stop = new AbortController();
      const load = fresh.load(dataPath('tinystories656K'), { maxSeqLen: 16, signal: stop.signal, onProgress: (p) => { if (p.phase === 'compile') stop.abort(new Error('gave up')); } });
      await expect(load).rejects.toThrow('gave up');
      expect(builds.built).toBeLessThan(builds.total); // rejected with compiles still running
      await vi.waitFor(() => expect(builds.built).toBe(builds.total), { timeout: 60_000 });
      await vi.waitFor(() => expect([...live].filter((b) => !b.label.startsWith('params#'))).toEqual([]), { timeout: 60_000 });
      const model = await fresh.load(dataPath('tinystories656K'), { maxSeqLen: 16 }); // the engine goes on
      const generation = model.generate('Once', { maxTokens: 2, temperature: 0 });
      await generation.text();
      expect((await generation.stats).generatedTokens).toBe(2);
    } finally {
      watch.stop();
      release();
      fresh.destroy();
    }
  });

  // The upload wrote every tensor in one hold of the thread (a 7B model's: minutes, quantizing),
  // so an abort, a worker's messages and an app's server all waited for its end.
  it('a load lets the event loop turn while it writes the weights, and an abort then stops it between tensors, freeing what it made', async () => {
    const dir = join(tmp, 'sliced');
    mkdirSync(dir);
    const ck = randomHfCheckpoint('llama', { vocabSize: 2048, dim: 384, nLayers: 6, nHeads: 6, hiddenDim: 1024, maxSeqLen: 64 }, 9);
    writeFileSync(join(dir, 'config.json'), ck.configJson);
    writeFileSync(join(dir, 'model.safetensors'), ck.safetensorsBytes);
    for (const file of ['tokenizer.json', 'tokenizer_config.json']) copyFileSync(dataPath(`tinystories656K/${file}`), join(dir, file));
    // q8_0: each matrix (12M weights) is quantized as it uploads.
    const events: LoadProgress[] = [];
    const seenAtTurns: LoadProgress[] = [];
    const timer = setInterval(() => events.length && seenAtTurns.push(events.at(-1)!), 1);
    try {
      (await engine.load(dir, { dtype: 'q8_0', maxSeqLen: 16, onProgress: (p) => events.push({ ...p }) })).dispose();
    } finally {
      clearInterval(timer);
    }
    expect(seenAtTurns.some((p) => p.phase === 'upload' && p.loaded < p.total)).toBe(true);
    expectOneStream(events); // kernels built during the upload are said after it, each in turn
    const compiles = events.filter((e) => e.phase === 'compile').slice(0, -1);
    expect(compiles.map((e) => e.loaded)).toEqual(compiles.map((_, i) => i + 1));
    const { live, release } = trackBuffers(engine.gpu.device);
    try {
      const stop = new AbortController();
      let [allocated, uploaded] = [0, 0];
      const load = engine.load(dir, {
        dtype: 'q8_0', maxSeqLen: 16, signal: stop.signal,
        onProgress: (p) => {
          if (p.phase === 'allocate') allocated++;
          if (p.phase !== 'upload') return;
          uploaded++;
          stop.abort(new Error('gave up'));
        },
      });
      await expect(load).rejects.toThrow('gave up');
      expect(uploaded).toBeGreaterThan(0);
      expect(uploaded).toBeLessThan(allocated);
      await vi.waitFor(() => expect([...live].filter((b) => !b.label.startsWith('params#'))).toEqual([]), { timeout: 60_000 });
    } finally {
      release();
    }
  });

  it('a progress report that throws while the kernels compile fails the load with its error', async () => {
    const fresh = await createEngine();
    try {
      const load = fresh.load(dataPath('tinystories656K'), { maxSeqLen: 16, onProgress: (p) => { if (p.phase === 'compile' && p.loaded === 2) throw new Error('bar gone'); } });
      await expect(load).rejects.toThrow('bar gone');
    } finally {
      fresh.destroy();
    }
  });
});
