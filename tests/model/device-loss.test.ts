// An engine's life: a lost GPU device (simulated with device.destroy(), what a driver reset
// looks like from here) ends a running generation with DeviceLostError, never a hang or a
// silent stop or WebGPU's own OperationError; a new engine then reloads the model in the same
// process. destroy() is final.

import { describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../../src/engine.js';
import { DeviceLostError, EngineDestroyedError, ModelDisposedError } from '../../src/errors.js';
import { DECODE_WINDOW } from '../../src/model/decode-stream.js';
import type { Generation } from '../../src/model/generation.js';
import { dataPath } from '../support/data.js';

const checkpoint = dataPath('stories260K/stories260K.bin');
const options = { tokenizer: dataPath('stories260K/tok512.bin'), maxSeqLen: 128 };
const greedy = { temperature: 0, maxTokens: 100 };

/** Iterates `gen`, calling `atPiece` after each piece; resolves with the pieces and the error it ended with, or fails after 30 s. */
async function consume(gen: Generation, atPiece: (n: number) => void): Promise<{ pieces: number; error: unknown }> {
  let pieces = 0;
  const run = (async () => {
    try {
      for await (const _ of gen) atPiece(++pieces);
      return { pieces, error: undefined };
    } catch (error) {
      return { pieces, error };
    }
  })();
  const hang = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the generation hung after the device was lost')), 30_000).unref());
  return Promise.race([run, hang]);
}

describe('a lost device', () => {
  it('ends a running generation with DeviceLostError; a new engine reloads the model', async () => {
    let engine: Engine = await createEngine();
    let model = await engine.load(checkpoint, options);
    const expected = await model.generate('', { ...greedy, maxTokens: 10 }).text();

    // lost between two decode steps
    const between = model.generate('', greedy);
    const { pieces, error } = await consume(between, (n) => { if (n === 3) engine.gpu.device.destroy(); });
    expect(error).toBeInstanceOf(DeviceLostError);
    expect(pieces).toBe(3);
    await expect(between.stats).rejects.toThrow(DeviceLostError);
    // every later call on the lost engine says so too
    await expect(model.generate('', greedy).text()).rejects.toThrow(DeviceLostError);
    await expect(engine.load(checkpoint, options)).rejects.toThrow(DeviceLostError);
    model.dispose();
    engine.destroy();

    engine = await createEngine();
    model = await engine.load(checkpoint, options);
    expect(await model.generate('', { ...greedy, maxTokens: 10 }).text()).toBe(expected);

    // lost the moment a step's readback landed, before its bytes were taken: destroy() unmaps the
    // buffer under the reader. A map asked for before the spy (set at the first piece) is a queued
    // step's (decode-stream.ts): it lands untouched and its token is read, so the loss may come a
    // few pieces later, never past the queue: the first map the spy sees ends the generation.
    const mapAsync = GPUBuffer.prototype.mapAsync;
    const spyOnMaps = () => vi.spyOn(GPUBuffer.prototype, 'mapAsync').mockImplementation(function (this: GPUBuffer, ...args) {
      const mapped = mapAsync.apply(this, args);
      return this.label.startsWith('decode readback') ? mapped.then(() => engine.gpu.device.destroy()) : mapped;
    });
    let maps: ReturnType<typeof spyOnMaps> | undefined;
    const landed = await consume(model.generate('', greedy), (n) => { if (n === 1) maps = spyOnMaps(); });
    expect(landed.error).toBeInstanceOf(DeviceLostError);
    expect(landed.pieces - 1).toBeLessThan(DECODE_WINDOW); // read after the spy
    expect(maps!.mock.contexts.some((buffer) => (buffer as GPUBuffer).label.startsWith('decode readback'))).toBe(true);
    maps!.mockRestore();
    engine.destroy();

    // lost while the prefill step is in flight
    engine = await createEngine();
    model = await engine.load(checkpoint, options);
    const during = model.generate('Once upon a time there was a little girl', greedy);
    const it = during[Symbol.asyncIterator]();
    const first = it.next();
    engine.gpu.device.destroy();
    await expect(first).rejects.toThrow(DeviceLostError);
    engine.destroy();
  });

  // A stop the reader asked for while its step was in flight, then the device lost (or the engine
  // destroyed) before that step landed: the stop wins, as over a step that lands, and the next call
  // says what went. It rejected with the loss, where a loop held between pieces ended 'aborted'.
  it('leaves a run stopped before its step met the loss aborted, with the tokens read; the next call rejects', async () => {
    for (const [gone, Gone] of [['device.destroy()', DeviceLostError], ['engine.destroy()', EngineDestroyedError]] as const) {
      const engine = await createEngine();
      const model = await engine.load(checkpoint, options);
      const controller = new AbortController();
      const mapAsync = GPUBuffer.prototype.mapAsync;
      // As above: the first decode readback asked for after the first piece is where the step is in flight.
      const spyOnMaps = () => vi.spyOn(GPUBuffer.prototype, 'mapAsync').mockImplementation(function (this: GPUBuffer, ...args) {
        const mapped = mapAsync.apply(this, args);
        if (!this.label.startsWith('decode readback')) return mapped;
        return mapped.then(() => {
          controller.abort();
          if (gone === 'device.destroy()') engine.gpu.device.destroy();
          else engine.destroy();
          return undefined;
        });
      });
      let maps: ReturnType<typeof spyOnMaps> | undefined;
      const run = model.generate('', { ...greedy, signal: controller.signal });
      try {
        const { pieces, error } = await consume(run, (n) => { if (n === 1) maps = spyOnMaps(); });
        expect(error, gone).toBeUndefined();
        expect(controller.signal.aborted, gone).toBe(true);
        expect(pieces - 1, gone).toBeLessThan(DECODE_WINDOW);
        expect(await run.stats, gone).toMatchObject({ stopReason: 'aborted', generatedTokens: pieces });
      } finally {
        maps?.mockRestore();
      }
      await expect(model.generate('', greedy).text(), gone).rejects.toBeInstanceOf(Gone);
      engine.destroy();
    }
  });

  // Review V: the loop took any stop it saw at the step's failure for one that came first, and
  // ended quietly while the stats, told of the loss before the stop, rejected.
  // Review X: superseded with its step in flight, then the model disposed before the step landed:
  // the loop threw the disposal while the stats had settled 'superseded'.
  it('leaves a run superseded with its step in flight superseded, loop and stats alike, when the model then goes', async () => {
    for (const gone of ['engine.destroy()', 'model.dispose()'] as const) {
      const engine = await createEngine();
      const model = await engine.load(checkpoint, options);
      const run = model.generate('', greedy);
      const steps = run[Symbol.asyncIterator]();
      await steps.next();
      const awaited = steps.next(); // its step in flight
      model.generate('', greedy); // takes the KV cache over; never iterated
      if (gone === 'engine.destroy()') engine.destroy();
      else model.dispose();
      expect(await awaited, gone).toEqual({ done: true, value: undefined });
      expect(await run.stats, gone).toMatchObject({ stopReason: 'superseded' });
      engine.destroy();
    }
  });

  // Review W: so did a loop held between pieces, at its next pull.
  it('leaves a run stopped after the engine was destroyed or the model disposed to reject, its loop and its stats alike, held or not', async () => {
    for (const held of [false, true]) {
      for (const gone of ['engine.destroy()', 'model.dispose()'] as const) {
        const engine = await createEngine();
        const model = await engine.load(checkpoint, options);
        const controller = new AbortController();
        const run = model.generate('', { ...greedy, signal: controller.signal });
        const steps = run[Symbol.asyncIterator]();
        await steps.next();
        const awaited = held ? undefined : steps.next(); // its step in flight, or the loop held between pieces
        if (gone === 'engine.destroy()') engine.destroy();
        else model.dispose();
        controller.abort(); // after the hold heard of it
        const Gone = gone === 'engine.destroy()' ? EngineDestroyedError : ModelDisposedError;
        const name = `${gone}${held ? ', held' : ''}`;
        await expect(awaited ?? steps.next(), name).rejects.toBeInstanceOf(Gone);
        await expect(run.stats, name).rejects.toBeInstanceOf(Gone);
        engine.destroy();
      }
    }
  });
});

describe('engine.destroy()', () => {
  // They were plain Errors, which an app could not tell from any other by class.
  it('is idempotent, and every call afterwards, or running when it came, is an EngineDestroyedError', async () => {
    const engine = await createEngine();
    const model = await engine.load(checkpoint, options);
    const { error: running } = await consume(model.generate('', greedy), (n) => { if (n === 2) engine.destroy(); });
    expect(running).toBeInstanceOf(EngineDestroyedError);
    expect(() => engine.destroy()).not.toThrow();
    await expect(engine.load(checkpoint, options)).rejects.toThrow(
      new EngineDestroyedError("engine.load() after engine.destroy(): this engine's GPU device is gone; create a new engine (createEngine()) to load a model"),
    );
    await expect(engine.load(checkpoint, options)).rejects.toBeInstanceOf(EngineDestroyedError);
    await expect(engine.train({ data: { train: { name: 'a.txt', text: 'abcabcabc'.repeat(20) } }, model: { architecture: 'llama', layers: 1, width: 8, heads: 2 }, steps: 1, batchSize: 1, contextLength: 4, learningRate: 1e-3 })).rejects.toBeInstanceOf(EngineDestroyedError);
    await expect(model.generate('', greedy).text()).rejects.toBeInstanceOf(EngineDestroyedError);
    await expect(model.logits([1, 2])).rejects.toBeInstanceOf(EngineDestroyedError);
    await expect(model.inspect('Once')).rejects.toBeInstanceOf(EngineDestroyedError);
  });

  // The one during a load said "engine.load() after engine.destroy()", as if load() had come second.
  it('cuts off a load it comes during, and says so', async () => {
    for (const phase of ['read', 'upload'] as const) {
      const engine = await createEngine();
      await expect(engine.load(checkpoint, { ...options, onProgress: (p) => { if (p.phase === phase) engine.destroy(); } }), phase).rejects.toThrow(
        new EngineDestroyedError("engine.load() was cut off by engine.destroy(): this engine's GPU device is gone; create a new engine (createEngine()) to load a model"),
      );
    }
  });

  // The load resolved with a model whose first call then failed.
  it('during a load, rejects the load itself instead of resolving with a dead model', async () => {
    for (const phase of ['upload', 'build'] as const) {
      const engine = await createEngine();
      const load = engine.load(checkpoint, {
        ...options,
        onProgress: (p) => {
          if (phase === 'upload' && p.phase === 'upload') engine.destroy();
        },
      });
      if (phase === 'build') setTimeout(() => engine.destroy(), 0); // after the reads, while the upload and the shader builds run
      await expect(load, phase).rejects.toBeInstanceOf(EngineDestroyedError);
    }
  });
});
