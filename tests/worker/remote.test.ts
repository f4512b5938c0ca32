// The engine worker's two ends (client.ts, serve.ts) joined by a MessageChannel in this process:
// what a page gives RemoteEngine and RemoteModel behaves as it does in-page. A signal aborted
// already stops the run, an abort's own reason arrives, a progress callback that fails stops the
// load without leaking its model, and bad options fail on the page, not while they are sent.
// Streaming, stop and errors in a real worker: tests/browser/playground.test.ts.

import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { DeviceLostError, ModelDisposedError, NoChatTemplateError } from '../../src/errors.js';
import { connectEngine, type ConnectSettings, type RemoteEngine, RemoteGeneration } from '../../src/worker/client.js';
import type { GenerationStats } from '../../src/model/generation.js';
import { serveEngine } from '../../src/worker/serve.js';
import { dataPath } from '../support/data.js';

const local = await createEngine(); // also installs Dawn's WebGPU globals, which the counting below wraps

/** Every GPU buffer made and not destroyed since this module loaded, in any engine of this process. */
const live = new Set<GPUBuffer>();
const create = GPUDevice.prototype.createBuffer;
GPUDevice.prototype.createBuffer = function (this: GPUDevice, descriptor: GPUBufferDescriptor) {
  const buffer = create.call(this, descriptor);
  live.add(buffer);
  return buffer;
};
const destroy = GPUBuffer.prototype.destroy;
GPUBuffer.prototype.destroy = function (this: GPUBuffer) {
  live.delete(this);
  return destroy.call(this);
};

/**
 * The live buffers once none has been made or freed for 200 ms (at most 10 s): an aborted load frees
 * its passes once their compiles end, after it rejected, and CI saw 4 such buffers freed during the
 * next test. A test then asks which buffers it added (addedSince), not how many are live: a late
 * free of an earlier test's buffer changes no answer.
 */
async function settledLive(): Promise<Set<GPUBuffer>> {
  for (let last = live.size, still = 0, polls = 0; polls < 200; polls++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    still = live.size === last ? still + 1 : 0;
    last = live.size;
    if (still === 4) return new Set(live);
  }
  throw new Error(`GPU buffers still made or freed after 10 s: ${live.size} live`);
}

/** The labels of the buffers live now that were not in `before`. */
const addedSince = (before: Set<GPUBuffer>) => [...live].filter((b) => !before.has(b)).map((b) => b.label);

/** What the worker side moved (rather than copied) in each message it sent. */
const movedByWorker: unknown[][] = [];

/** A RemoteEngine whose worker side is served on the other port of a channel; `connecting` is given the worker as connectEngine() begins. */
async function connect(modelsBase = 'file:///nowhere/', connecting?: (worker: Worker) => void, settings: Partial<ConnectSettings> = {}): Promise<RemoteEngine> {
  const { port1, port2 } = new MessageChannel();
  const send = port2.postMessage.bind(port2);
  port2.postMessage = ((message: unknown, transfer?: unknown[]) => {
    movedByWorker.push([...(Array.isArray(transfer) ? transfer : [])]);
    send(message, transfer as never);
  }) as typeof port2.postMessage;
  serveEngine(port2 as never);
  port1.start();
  const worker = {
    postMessage: (message: unknown, transfer?: Transferable[]) => port1.postMessage(message, transfer as never),
    addEventListener: (type: string, listener: never) => port1.addEventListener(type as never, listener),
    removeEventListener: (type: string, listener: never) => port1.removeEventListener(type as never, listener),
    terminate: () => {
      port1.close();
      port2.close();
    },
  };
  const connected = connectEngine(worker as unknown as Worker, { modelsBase, cache: false, ...settings });
  connecting?.(worker as unknown as Worker);
  return connected;
}

const remote = await connect();
afterAll(() => {
  remote.destroy();
  local.destroy();
});

const CHECKPOINT = dataPath('stories260K/stories260K.bin');
const OPTIONS = { tokenizer: dataPath('stories260K/tok512.bin'), maxSeqLen: 64 };

describe('RemoteEngine and RemoteModel', () => {
  it('a signal aborted already stops a load and a generation, as in-page', async () => {
    await expect(remote.load(CHECKPOINT, { ...OPTIONS, signal: AbortSignal.abort() })).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    const model = await remote.load(CHECKPOINT, OPTIONS);
    try {
      const run = model.generate('Once', { temperature: 0, maxTokens: 20, signal: AbortSignal.abort() });
      expect(await run.stats).toMatchObject({ stopReason: 'aborted', generatedTokens: 0 });
    } finally {
      model.dispose();
    }
  });

  // The worker runs ahead of a slow reader: its pieces used to keep coming after Stop, ending as 'maxTokens'.
  it('an abort while the loop is held stops the pieces at once, as in-page: none after it, stats aborted with the tokens delivered', async () => {
    for (const engine of [local, remote]) {
      const model = await engine.load(CHECKPOINT, OPTIONS);
      try {
        const controller = new AbortController();
        const run = model.generate('Once', { temperature: 0, maxTokens: 40, signal: controller.signal });
        let n = 0;
        let after = 0;
        for await (const piece of run) {
          if (controller.signal.aborted) after++;
          if (piece.id !== undefined && ++n === 2) {
            await new Promise((resolve) => setTimeout(resolve, 400)); // a busy reader: the worker has run ahead
            controller.abort();
          }
        }
        expect(after, engine === local ? 'local' : 'remote').toBe(0);
        expect(await run.stats, engine === local ? 'local' : 'remote').toMatchObject({ stopReason: 'aborted', generatedTokens: 2 });
      } finally {
        model.dispose();
      }
    }
  });

  it("train() waits for the promise onStep returns before the next step, as in-page", async () => {
    const request = { data: { train: { name: 'a.txt', text: 'abcabcabc'.repeat(20) }, tokenizer: { kind: 'char' as const } }, model: { architecture: 'llama' as const, layers: 1, width: 8, heads: 2 }, steps: 3, batchSize: 1, contextLength: 8, learningRate: 1e-3 };
    for (const engine of [local, remote]) {
      const events: string[] = [];
      // A wait far longer than a step of this tiny model: a run that did not wait would report the next step meanwhile.
      const trained = await engine.train({ ...request, onStep: async ({ step }) => {
        events.push(`${step} reported`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        events.push(`${step} answered`);
      } });
      expect(events, engine === local ? 'local' : 'remote').toEqual(['1 reported', '1 answered', '2 reported', '2 answered', '3 reported', '3 answered']);
      // Each files() is the caller's to edit: the remote one handed out the same arrays every call.
      const edited = trained.files().get('config.json')!;
      edited[0] ^= 0xff;
      expect(trained.files().get('config.json')![0], engine === local ? 'local' : 'remote').not.toBe(edited[0]);
      // An app's own error from onStep ends the run as that very object, thrown or rejected (review O: the remote run gave back a copy, a plain Error).
      class StopTraining extends Error {}
      for (const onStep of [({ step }: { step: number }) => { if (step === 2) throw new StopTraining('enough'); }, async ({ step }: { step: number }) => { if (step === 2) throw new StopTraining('enough'); }]) {
        const stopped = await engine.train({ ...request, onStep }).catch((e: unknown) => e);
        expect(stopped, engine === local ? 'local' : 'remote').toBeInstanceOf(StopTraining);
      }
      // A signal firing during the run: the model so far, said to be stopped, through the worker as in-page. The abort
      // and onStep's answer cross on two channels, so the worker may take one more step before it hears of the abort.
      const stop = new AbortController();
      const cut = await engine.train({ ...request, steps: 6, signal: stop.signal, onStep: ({ step }) => void (step === 2 && stop.abort()) });
      expect(cut.stopped, engine === local ? 'local' : 'remote').toBe(true);
      expect(cut.last!.step - 2, engine === local ? 'local' : 'remote').toBeLessThanOrEqual(engine === local ? 0 : 1);
      expect(trained.stopped).toBe(false);
    }
  });

  it("an abort's own reason arrives as itself", async () => {
    const controller = new AbortController();
    const load = remote.load(CHECKPOINT, { ...OPTIONS, signal: controller.signal, onProgress: (p) => p.phase === 'read' && controller.abort(new RangeError('user cancelled')) });
    await expect(load).rejects.toThrow('user cancelled');
    await expect(load).rejects.toBeInstanceOf(RangeError); // it used to be a plain AbortError
    // A reason that is no error (a string) arrives as that string, as in-page; it used to become an Error.
    const again = new AbortController();
    const stringReason = remote.load(CHECKPOINT, { ...OPTIONS, signal: again.signal, onProgress: (p) => p.phase === 'read' && again.abort('stop it') });
    await expect(stringReason).rejects.toBe('stop it');
  });

  it('after dispose(), tokenize() and info() go on working and the rest reject with ModelDisposedError, as in-page', async () => {
    for (const engine of [local, remote]) {
      const model = await engine.load(CHECKPOINT, OPTIONS);
      const ids = await model.tokenize('Once');
      model.dispose();
      await expect(model.generate('Once', { maxTokens: 3 }).text()).rejects.toBeInstanceOf(ModelDisposedError);
      await expect(model.logits([1, 2])).rejects.toBeInstanceOf(ModelDisposedError);
      await expect(model.inspect('Once')).rejects.toBeInstanceOf(ModelDisposedError);
      expect(await model.tokenize('Once')).toEqual(ids);
      expect(model.info().contextLength).toBe(64);
    }
  });

  // The worker runs ahead of a slow loop: the page decides what the loop's view of the run is, as in-page.
  describe('a loop held between pieces, or left early, sees what it sees in-page', () => {
    const later = (ms: number) => new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms));
    /** Takes `n` pieces of a fresh 30-token run, waits for the worker to run ahead, then does `then`; the stats (or their error) within 5 s, and the text delivered. */
    async function held(engine: typeof local | RemoteEngine, n: number, then: (o: { model: Awaited<ReturnType<RemoteEngine['load']>>; stop: AbortController; loop: AsyncIterator<unknown>; breakOut: () => Promise<unknown> }) => unknown) {
      const model = await engine.load(CHECKPOINT, OPTIONS) as Awaited<ReturnType<RemoteEngine['load']>>;
      try {
        const stop = new AbortController();
        const run = model.generate('Once', { temperature: 0, maxTokens: 30, signal: stop.signal });
        const loop = run[Symbol.asyncIterator]();
        let seen = '';
        for (let i = 0; i < n; i++) seen += ((await loop.next()).value as { text: string }).text;
        await later(300);
        await then({ model, stop, loop, breakOut: async () => loop.return?.(undefined) });
        const stats = await Promise.race([run.stats.catch((e: unknown) => e), later(5000)]);
        const text = stats instanceof Error ? undefined : await run.text();
        return { stats, seen, text };
      } finally {
        model.dispose();
      }
    }

    it('a break: aborted with the tokens delivered, text() what the loop saw', async () => {
      for (const engine of [local, remote]) {
        const r = await held(engine, 2, ({ breakOut }) => breakOut());
        expect(r.stats, engine === remote ? 'remote' : 'local').toMatchObject({ stopReason: 'aborted', generatedTokens: 2 });
        expect(r.text).toBe(r.seen);
      }
    });

    it('an abort: settled at once, aborted with the tokens delivered', async () => {
      for (const engine of [local, remote]) {
        const r = await held(engine, 2, ({ stop }) => stop.abort());
        expect(r.stats, engine === remote ? 'remote' : 'local').toMatchObject({ stopReason: 'aborted', generatedTokens: 2 });
        expect(r.text).toBe(r.seen);
      }
    });

    it('a newer call: settled at once, superseded', async () => {
      for (const engine of [local, remote]) {
        const r = await held(engine, 2, ({ model }) => model.generate('Once', { maxTokens: 1 }).text());
        expect(r.stats, engine === remote ? 'remote' : 'local').toMatchObject({ stopReason: 'superseded', generatedTokens: 2 });
      }
    });

    it('dispose(): rejected at once with ModelDisposedError, and the loop next', async () => {
      for (const engine of [local, remote]) {
        let next: Promise<unknown> | undefined;
        const r = await held(engine, 2, ({ model, loop }) => {
          model.dispose();
          next = loop.next();
        });
        expect(r.stats, engine === remote ? 'remote' : 'local').toBeInstanceOf(ModelDisposedError);
        await expect(next).rejects.toThrow(ModelDisposedError);
      }
    });

    it('an abort after the last piece: the run ended on its own, its reason stands', async () => {
      for (const engine of [local, remote]) {
        const r = await held(engine, 30, async ({ stop, loop }) => {
          expect((await loop.next()).done).toBe(true);
          stop.abort();
        });
        expect(r.stats, engine === remote ? 'remote' : 'local').toMatchObject({ stopReason: 'maxTokens', generatedTokens: 30 });
      }
    });
  });

  it("info() is the caller's to edit, and its config frozen, as in-page (a worker model handed out its one object)", async () => {
    for (const engine of [local, remote]) {
      const model = await engine.load(CHECKPOINT, OPTIONS);
      const info = model.info();
      info.tokenizerNotes.push('edited');
      info.contextLength = 1;
      expect(model.info()).toMatchObject({ tokenizerNotes: [], contextLength: 64 });
      expect(() => { (model.config as { dim: number }).dim = 1; }).toThrow(TypeError);
      expect(Object.isFrozen(model.info().config)).toBe(true);
      model.dispose();
    }
  });

  // Review O: the second call's refusal ended the worker, and with it the first engine.
  it('a second connectEngine() on a worker that serves an engine is refused, and the first engine goes on', async () => {
    let worker: Worker | undefined;
    const first = await connect('file:///nowhere/', (w) => (worker = w));
    try {
      await expect(connectEngine(worker!, { modelsBase: 'file:///nowhere/', cache: false })).rejects.toThrow('this worker serves an engine already (one engine per worker): create a new Worker for another engine');
      const model = await first.load(CHECKPOINT, OPTIONS);
      expect((await model.generate('Once', { temperature: 0, maxTokens: 3 }).text()).length).toBeGreaterThan(0);
    } finally {
      first.destroy();
    }
  });

  // Web Locks that refuse the call (an opaque origin's worker, a sandboxed frame) used to leave connectEngine() waiting forever.
  it('an engine connects where Web Locks exist but refuse the call, without the life watch', async () => {
    const refusing = { locks: { request: () => Promise.reject(new DOMException('Access to the Locks API is denied in this context', 'SecurityError')) } };
    const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: refusing, configurable: true, writable: true });
    try {
      const connected = await Promise.race([connect(), new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000))]);
      expect(connected).not.toBe('hung');
      (connected as RemoteEngine).destroy();
    } finally {
      if (had) Object.defineProperty(globalThis, 'navigator', had);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });

  // A worker script that never called serveEngine() left connectEngine() waiting forever.
  it('a worker that does not answer, or whose engine does not start, ends connectEngine() at startTimeoutMs', async () => {
    const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const refusing = { locks: { request: () => Promise.reject(new DOMException('Access to the Locks API is denied in this context', 'SecurityError')) } };
    const silently = async (locks: boolean) => {
      if (locks) Object.defineProperty(globalThis, 'navigator', { value: refusing, configurable: true, writable: true });
      const terminate = vi.fn();
      const silent = { postMessage: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, terminate };
      try {
        const error = await connectEngine(silent as unknown as Worker, { modelsBase: 'file:///nowhere/', startTimeoutMs: 50 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DOMException);
        expect(terminate).toHaveBeenCalledOnce();
        return error as DOMException;
      } finally {
        if (had) Object.defineProperty(globalThis, 'navigator', had);
        else delete (globalThis as { navigator?: unknown }).navigator;
      }
    };
    // Asked to hold a Web Lock, it said nothing; without Web Locks (Node) it was never asked, so its start may be what is slow.
    expect(await silently(true)).toMatchObject({
      name: 'TimeoutError',
      message: "the engine worker did not answer within 0.05 s: its script must call serveEngine() (from 'shaderlm/worker/serve'); one still loading over a slow network needs a larger startTimeoutMs",
    });
    expect(await silently(false)).toMatchObject({
      name: 'TimeoutError',
      message: "the engine worker did not start within 0.05 s: its script must call serveEngine() (from 'shaderlm/worker/serve'); one still loading over a slow network, or a WebGPU adapter slow to come, needs a larger startTimeoutMs",
    });

    // Answered (the life-lock call, refused by Web Locks), but the start never comes back.
    Object.defineProperty(globalThis, 'navigator', { value: refusing, configurable: true, writable: true });
    const dropStart = (worker: Worker) => {
      const post = worker.postMessage.bind(worker);
      worker.postMessage = ((message: { path?: string[] }, transfer?: Transferable[]) => message?.path?.[0] !== 'start' && post(message, transfer as never)) as never;
    };
    try {
      await expect(connect(undefined, dropStart, { startTimeoutMs: 300 })).rejects.toThrow(
        new DOMException('the engine worker answered, but its engine did not start within 0.3 s (no WebGPU adapter or device came): a larger startTimeoutMs waits longer', 'TimeoutError'),
      );
    } finally {
      if (had) Object.defineProperty(globalThis, 'navigator', had);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }

    for (const [bad, shown] of [[0, '0'], [-1, '-1'], [Number.NaN, 'NaN'], ['60000', '"60000"']]) {
      const worker = { terminate: vi.fn() };
      // Named by its type, as EngineSettings.cache and .modelsBase are.
      await expect(connectEngine(worker as unknown as Worker, { modelsBase: 'file:///nowhere/', startTimeoutMs: bad as number }))
        .rejects.toThrow(new RangeError(`ConnectSettings.startTimeoutMs must be a number of milliseconds above 0 (Infinity waits for ever), got ${shown}`));
      expect(worker.terminate).toHaveBeenCalledOnce();
    }
    // Infinity waits for ever, and so does a time past a timer's 32 bits (which fired at once); the
    // default, 60 s, lets a worker that answers connect as before (every other test here).
    (await connect(undefined, undefined, { startTimeoutMs: Infinity })).destroy();
    (await connect(undefined, undefined, { startTimeoutMs: Number.MAX_SAFE_INTEGER })).destroy();
  });

  // The life lock sees a worker's end only once it holds the lock: a worker terminated before it
  // answered (an effect's cleanup right after connectEngine()) left connectEngine() waiting forever.
  it('a worker terminated by the page while it starts ends connectEngine() at once', async () => {
    const outcome = await Promise.race([
      connect(undefined, (worker) => worker.terminate()).then(() => 'connected', (e: Error) => `${e.name}: ${e.message}`),
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000)),
    ]);
    expect(outcome).toBe('EngineDestroyedError: the engine worker has stopped (terminated or closed without engine.destroy()): create a new engine');
  });

  // A relative modelsBase used to cross as it was, and the worker resolved it against its own
  // script's URL (a bundle's assets/): default: models were looked for under the wrong folder.
  it("a relative EngineSettings.modelsBase is the page's: resolved against document.baseURI before it crosses", async () => {
    (globalThis as { document?: unknown }).document = { baseURI: 'https://app.test/sub/page/' };
    let engine: RemoteEngine;
    try {
      engine = await connect('../models/');
    } finally {
      delete (globalThis as { document?: unknown }).document;
    }
    try {
      // Node's loader reads default: folders as paths: the error names the folder the worker was given.
      await expect(engine.load('default:dna')).rejects.toThrow(/is not under the modelsBase given \(https:\/\/app\.test\/sub\/models\/\): copy its folder/);
    } finally {
      engine.destroy();
    }
    // Settings missing altogether (a JavaScript caller) are the same error, not "Cannot read properties of undefined", and the worker is ended.
    for (const settings of [{}, undefined]) {
      const worker = { terminate: vi.fn() };
      await expect(connectEngine(worker as unknown as Worker, settings as never)).rejects.toThrow(new TypeError("EngineSettings.modelsBase must be a string, the URL of the folder holding the default: models (new URL('models/', document.baseURI).href), got undefined"));
      expect(worker.terminate).toHaveBeenCalledOnce();
    }
    // Review S: a misspelt or mistyped setting was passed on and ignored (caching stayed on).
    const refusals: Array<[object, Error]> = [
      [{ modelsBase: 'file:///m/', catche: false }, new RangeError('unknown connectEngine option "catche" (known: modelsBase, cache, gpu, startTimeoutMs)')],
      [{ modelsBase: 'file:///m/', startTimeout: 5 }, new RangeError('unknown connectEngine option "startTimeout" (known: modelsBase, cache, gpu, startTimeoutMs)')],
      [{ modelsBase: 'file:///m/', cache: 'no' }, new TypeError('EngineSettings.cache must be true or false, got "no"')],
    ];
    for (const [settings, error] of refusals) {
      const worker = { terminate: vi.fn(), postMessage: vi.fn() };
      await expect(connectEngine(worker as unknown as Worker, settings as never)).rejects.toThrow(error);
      expect(worker.postMessage).not.toHaveBeenCalled(); // refused before anything crossed
    }
  });

  // A RemoteGeneration used to queue every piece for a loop that never came when only its text or stats were awaited.
  // The demos' picker passed what the user typed: a folder beside the page was looked for beside the bundle's script.
  it("a relative model or tokenizer URL is the page's: resolved against document.baseURI before it crosses", async () => {
    const engine = await connect();
    const page = pathToFileURL(join(dataPath('dna'), 'page.html')).href; // a page in a sibling folder of the model's
    (globalThis as { document?: unknown }).document = { baseURI: page };
    let loading: Promise<{ dispose(): void; info(): { config: { vocabSize: number } } }>;
    try {
      loading = engine.load('../stories260K/stories260K.bin', { tokenizer: '../stories260K/tok512.bin' });
    } finally {
      delete (globalThis as { document?: unknown }).document;
    }
    try {
      const model = await loading;
      expect(model.info().config.vocabSize).toBe(512);
      model.dispose();
      // hf: and default: names parse as URLs of their own: they cross as they are (not as page-relative paths).
      (globalThis as { document?: unknown }).document = { baseURI: page };
      const named = engine.load('default:nope');
      delete (globalThis as { document?: unknown }).document;
      await expect(named).rejects.toThrow(/unknown default model "nope"/);
    } finally {
      delete (globalThis as { document?: unknown }).document;
      engine.destroy();
    }
  });

  it('text() or stats with no loop consume a generation as in-page: the same text, and a loop afterwards is refused', async () => {
    for (const engine of [local, remote]) {
      const model = await engine.load(CHECKPOINT, OPTIONS);
      try {
        const run = () => model.generate('Once', { temperature: 0, maxTokens: 12 });
        const pieces: string[] = [];
        const looped = run();
        const stats = looped.stats; // asked for, then a loop in the same tick: the loop still gets every piece
        for await (const piece of looped) pieces.push(piece.text);
        expect((await stats).generatedTokens).toBe(12);
        const byText = run();
        expect(await byText.text()).toBe(pieces.join(''));
        const byStats = run();
        expect((await byStats.stats).generatedTokens).toBe(12);
        for (const consumed of [byText, byStats]) {
          await expect((async () => { for await (const _piece of consumed) { /* none */ } })()).rejects.toThrow(/already consumed \(by a loop, text\(\) or stats\)/);
        }
      } finally {
        model.dispose();
      }
    }
  });

  it('logits and an inspection arrive whole, moved rather than copied', async () => {
    const model = await remote.load(CHECKPOINT, OPTIONS);
    const twin = await local.load(CHECKPOINT, OPTIONS);
    try {
      const ids = await model.tokenize('Once upon');
      movedByWorker.length = 0;
      const logits = await model.logits(ids);
      expect(Array.from(logits)).toEqual(Array.from(await twin.logits(ids)));
      // Moved: the worker's buffer went with the message (detached there), whole.
      expect(movedByWorker.flat().map((b) => (b as ArrayBuffer).byteLength)).toEqual([0]);
      expect(logits.byteLength).toBe(ids.length * model.config.vocabSize * 4);
      movedByWorker.length = 0;
      const got = await model.inspect('Once upon', { attention: true, hiddenStates: true, distribution: true });
      const want = await twin.inspect('Once upon', { attention: true, hiddenStates: true, distribution: true });
      expect(got).toEqual(want);
      expect(movedByWorker.flat().length).toBeGreaterThan(3);
    } finally {
      model.dispose();
      twin.dispose();
    }
  });

  it('a signal stops logits() and an inspection in the worker with its reason, as in-page', async () => {
    for (const engine of [local, remote]) {
      const model = await engine.load(CHECKPOINT, OPTIONS);
      try {
        const ids = (await model.tokenize('Once upon a time, there was a little girl named Lily. She loved to play outside in the park. '.repeat(2))).slice(0, 60); // two passes of logits
        expect(ids).toHaveLength(60);
        // The page rejects with the signal's reason itself, not the copy the worker sends back.
        const rejectsWith = async (call: Promise<unknown>, message: string) => {
          const error = await call.then(() => undefined, (e: unknown) => e);
          expect(error).toBeInstanceOf(RangeError);
          expect((error as Error).message).toBe(message);
        };
        // Aborted already: refused before the KV cache is taken over, so a running generation goes on
        // (through the worker it was superseded, the call crossing before its abort).
        const running = model.generate('Once', { temperature: 0, maxTokens: 8 });
        const steps = running[Symbol.asyncIterator]();
        await steps.next();
        await rejectsWith(model.logits(ids, { signal: AbortSignal.abort(new RangeError('not now')) }), 'not now');
        await rejectsWith(model.inspect(ids, { signal: AbortSignal.abort(new RangeError('not now')) }), 'not now');
        while (!(await steps.next()).done) { /* drain */ }
        expect((await running.stats).stopReason).toBe('maxTokens');
        for (const run of [(signal: AbortSignal) => model.logits(ids, { signal }), (signal: AbortSignal) => model.inspect(ids, { topK: 2, signal })]) {
          const controller = new AbortController();
          const running = run(controller.signal);
          controller.abort(new RangeError('the text changed'));
          await rejectsWith(running, 'the text changed');
        }
        await expect(model.logits(ids, { signal: 5 } as never)).rejects.toThrow(new RangeError('logits option signal must be an AbortSignal, got 5'));
        expect((await model.logits(ids, { signal: new AbortController().signal })).length).toBe(60 * model.config.vocabSize);
      } finally {
        model.dispose();
      }
    }
  });

  // A review's probes: the worker had finished (or not yet seen the abort) while the page still held
  // the run or waited for the answer, and the page took the worker's word over what it knew.
  it('an older run\'s answer leaves a newer run whole; an embeddings-only inspect and a generation aborted already leave a run going; as in-page', async () => {
    for (const engine of [local, remote]) {
      const name = engine === local ? 'local' : 'remote';
      const model = await engine.load(CHECKPOINT, OPTIONS);
      try {
        const older = model.generate('Once', { temperature: 0, maxTokens: 10 });
        const newer = model.generate('Once upon', { temperature: 0, maxTokens: 10 });
        await older.text(); // the older run's stats came after the newer run had begun: they cut it to 0 tokens
        expect(await newer.stats, name).toMatchObject({ stopReason: 'maxTokens', generatedTokens: 10 });
        expect((await older.stats).stopReason, name).toBe('superseded');

        const running = model.generate('Once', { temperature: 0, maxTokens: 12 });
        const steps = running[Symbol.asyncIterator]();
        await steps.next();
        await model.inspect('Once', { topK: 0, embeddings: true }); // runs nothing, so takes no KV cache over
        // Nor does a generation whose signal had fired: it ends before it begins.
        const unrun = model.generate('Once upon a time', { temperature: 0, signal: AbortSignal.abort() });
        expect(await unrun.stats, name).toMatchObject({ stopReason: 'aborted', generatedTokens: 0, promptTokens: 5 });
        while (!(await steps.next()).done) { /* drain */ }
        expect(await running.stats, name).toMatchObject({ stopReason: 'maxTokens', generatedTokens: 12 });
      } finally {
        model.dispose();
      }
    }
  });

  it('a signal that fires before the answer reaches the page rejects with its reason, even when the worker had done: logits, inspect, a load', async () => {
    for (const engine of [local, remote]) {
      const name = engine === local ? 'local' : 'remote';
      const model = await engine.load(CHECKPOINT, OPTIONS);
      try {
        // Two ids: one pass, which the worker began before the abort came.
        for (const call of [(signal: AbortSignal) => model.logits([1, 2], { signal }), (signal: AbortSignal) => model.inspect([1, 2], { signal })]) {
          const controller = new AbortController();
          const reason = new RangeError('stale');
          const running = call(controller.signal);
          controller.abort(reason);
          await expect(running, name).rejects.toBe(reason);
        }
      } finally {
        model.dispose();
      }
      // Aborted in the load's last report: in-page it rejects; the worker's answer had resolved with a model nobody held.
      await model.tokenize('x'); // dispose() crosses without an answer: this one's comes after it ran
      const before = await settledLive();
      const controller = new AbortController();
      const load = engine.load(CHECKPOINT, { ...OPTIONS, signal: controller.signal, onProgress: (p) => { if (p.fraction === 1) controller.abort(); } });
      await expect(load, name).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
      await vi.waitFor(() => expect(addedSince(before), name).toEqual([])); // its model freed, in the worker too
    }
  });

  // The remote load rejected with the abort's reason, as if the engine were still there.
  it('a load stopped by engine.destroy() and an abort together is an EngineDestroyedError, as in-page', async () => {
    for (const [name, engine] of [['local', await createEngine()], ['remote', await connect()]] as const) {
      const controller = new AbortController();
      const load = engine.load(CHECKPOINT, { ...OPTIONS, signal: controller.signal, onProgress: (p) => {
        if (p.fraction !== 1) return;
        engine.destroy();
        controller.abort();
      } });
      await expect(load, name).rejects.toThrow(expect.objectContaining({ name: 'EngineDestroyedError' }));
    }
  });

  it('engine.destroy() ends a generation whose loop is held between pieces, after its worker had finished, as in-page', async () => {
    for (const [name, engine] of [['local', await createEngine()], ['remote', await connect()]] as const) {
      const model = await engine.load(CHECKPOINT, OPTIONS);
      const run = model.generate('Once', { temperature: 0, maxTokens: 30 });
      const steps = run[Symbol.asyncIterator]();
      await steps.next();
      await new Promise((resolve) => setTimeout(resolve, 500)); // the worker runs the 30 tokens meanwhile
      engine.destroy();
      await expect(steps.next(), name).rejects.toThrow(expect.objectContaining({ name: 'EngineDestroyedError' }));
      await expect(run.stats, name).rejects.toThrow(expect.objectContaining({ name: 'EngineDestroyedError' }));
    }
  });

  // Review O: the loss did not cross to the page; the pieces the worker had made played out to the held loop.
  it('a lost device ends a generation whose loop is held between pieces, its worker run ahead, as in-page', async () => {
    for (const [name, engine] of [['local', await createEngine()], ['remote', await connect()]] as const) {
      try {
        const model = await engine.load(CHECKPOINT, OPTIONS);
        const run = model.generate('Once', { temperature: 0, maxTokens: 30 });
        const steps = run[Symbol.asyncIterator]();
        await steps.next();
        await new Promise((resolve) => setTimeout(resolve, 500)); // the worker runs the 30 tokens meanwhile
        if ('gpu' in engine) engine.gpu.device.destroy(); // in-page: what a driver reset looks like
        else await engine.loseDevice();
        const told = await Promise.race([run.stats.then(() => 'resolved', (e: Error) => e), new Promise<string>((resolve) => setTimeout(() => resolve('not told in 10 s'), 10_000))]);
        expect(told, name).toBeInstanceOf(DeviceLostError);
        await expect(steps.next(), name).rejects.toBeInstanceOf(DeviceLostError); // no piece made before the loss
      } finally {
        engine.destroy();
      }
    }
  });

  // The worker reads ahead, so its run is always waiting on a step: a run the page stopped, whose
  // step then met the loss, rejected with it. The stop came first, and wins, as in-page
  // (tests/model/device-loss.test.ts); review W: a dispose() after the stop rejected it on the page.
  it('a run the page stopped while it awaited a piece ends aborted though its step in the worker then meets a dispose() or a device loss', async () => {
    const engine = await connect();
    try {
      for (const gone of ['dispose()', 'a device loss'] as const) {
        const model = await engine.load(CHECKPOINT, OPTIONS);
        const controller = new AbortController();
        const run = model.generate('Once', { temperature: 0, maxTokens: 100, signal: controller.signal });
        const steps = run[Symbol.asyncIterator]();
        await steps.next();
        const awaited = steps.next();
        controller.abort(); // the worker is told before the loss: messages on one port keep their order
        if (gone === 'dispose()') model.dispose();
        else await engine.loseDevice();
        expect(await awaited, gone).toEqual({ done: true, value: undefined });
        expect(await run.stats, gone).toMatchObject({ stopReason: 'aborted', generatedTokens: 1 });
        await expect(model.generate('Once', { temperature: 0, maxTokens: 3 }).text(), gone).rejects.toBeInstanceOf(gone === 'dispose()' ? ModelDisposedError : DeviceLostError);
      }
    } finally {
      engine.destroy();
    }
  });

  // Review Q: the loss notice comes on a port of its own, and could come before the worker's answer
  // to a run the page had cut: it rejected the run, which in-page ends as cut. Messages of two
  // ports have no order to force in a test: the run itself is driven here, the notice first.
  it('a lost device leaves a run the page had cut to the worker\'s answer, as the page cut it; a run not cut it ends', async () => {
    const lost = new DeviceLostError('destroyed', 'the device was lost');
    const cut = new RemoteGeneration(() => undefined);
    for (const id of [1, 2, 3]) cut.push({ text: 'x', id });
    for await (const _piece of cut) break; // cut on the page after one token
    cut.endUnlessCut(lost);
    cut.finish(Promise.resolve({ stopReason: 'maxTokens', generatedTokens: 3 } as GenerationStats));
    expect(await cut.stats).toMatchObject({ stopReason: 'aborted', generatedTokens: 1 });
    const held = new RemoteGeneration(() => undefined);
    for (const id of [1, 2, 3]) held.push({ text: 'x', id });
    const steps = held[Symbol.asyncIterator]();
    await steps.next();
    held.endUnlessCut(lost);
    held.finish(Promise.resolve({ stopReason: 'maxTokens', generatedTokens: 3 } as GenerationStats));
    await expect(held.stats).rejects.toBe(lost);
    await expect(steps.next()).rejects.toBe(lost);
  });

  // Review Q: the loss notice's port (a comlink proxy's) stayed open after destroy(), and kept a Node
  // process alive; review R: so did the callbacks of a load, a generation and a training, for half a minute.
  it('destroy() leaves no port of the engine\'s open, after a load, a generation and a training: a Node process can end', async () => {
    const ports = () => process.getActiveResourcesInfo().filter((resource) => resource === 'MessagePort').length;
    let before = -1;
    for (let now = ports(); now !== before; now = ports()) { // the last tests' ports close late: counted once they have
      before = now;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const engine = await connect();
    expect(ports()).toBeGreaterThan(before);
    const model = await engine.load(CHECKPOINT, { ...OPTIONS, onProgress: () => undefined });
    await model.generate('Once', { temperature: 0, maxTokens: 3 }).text();
    await engine.train({ data: { train: { name: 'a.txt', text: 'abcabcabc'.repeat(20) }, tokenizer: { kind: 'char' } }, model: { architecture: 'llama', layers: 1, width: 8, heads: 2 }, steps: 1, batchSize: 1, contextLength: 8, learningRate: 1e-3, onStep: () => undefined });
    engine.destroy();
    await vi.waitFor(() => expect(ports()).toBe(before), { timeout: 10_000 }); // a proxy collected lets its port go too, but after tens of seconds
  });

  it('a progress callback that throws fails the load, at the first report or the last, and leaks no GPU memory', async () => {
    const first = await remote.load(CHECKPOINT, OPTIONS); // the engine's own buffers (the param arena) exist from here on
    first.dispose();
    await first.tokenize('x'); // dispose() crosses without an answer: this one's comes after it ran
    const before = await settledLive();
    const cases: Array<[string, (p: { phase: string; loaded: number; total: number }) => boolean]> = [
      ['the first read report', (p) => p.phase === 'read'],
      ['the last upload report', (p) => p.phase === 'upload' && p.loaded === p.total],
    ];
    for (const [when, fails] of cases) {
      const gone = new Error(`progress bar gone at ${when}`);
      const load = remote.load(CHECKPOINT, { ...OPTIONS, onProgress: (p) => { if (fails(p)) throw gone; } });
      await expect(load, when).rejects.toBe(gone); // itself, not the copy that came back
    }
    expect(addedSince(before)).toEqual([]);
  });

  it('applyChatTemplate and decode give in the worker what they give in-page, errors as theirs', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'shaderlm-remote-chat-'));
    cpSync(dataPath('tinystories656K'), folder, { recursive: true });
    writeFileSync(join(folder, 'chat_template.jinja'), "{{ bos_token }}{% for m in messages %}{{ m['content'] }}{% endfor %}");
    const messages = [{ role: 'user', content: 'Once upon a time' }];
    try {
      const inPage = await local.load(folder, { maxSeqLen: 64 });
      const inWorker = await remote.load(folder, { maxSeqLen: 64 });
      const prompt = inPage.applyChatTemplate(messages, { bos: true });
      expect(await inWorker.applyChatTemplate(messages, { bos: true })).toEqual(prompt);
      expect(await inWorker.decode(prompt.ids)).toBe('Once upon a time'); // BOS prints nothing
      await expect(inWorker.applyChatTemplate(messages, { signal: AbortSignal.abort() } as never)).rejects.toThrow(/^unknown applyChatTemplate option "signal"/);
      inPage.dispose();
      inWorker.dispose();
      const plain = await remote.load(CHECKPOINT, OPTIONS);
      await expect(plain.applyChatTemplate(messages)).rejects.toBeInstanceOf(NoChatTemplateError);
      plain.dispose();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('bad options fail on the page, as in-page, and options the worker cannot take are refused by name', async () => {
    const model = await remote.load(CHECKPOINT, OPTIONS);
    try {
      await expect(model.generate('Once', null as never).text()).rejects.toThrow(new TypeError('generation options must be an object, got null'));
      await expect(model.generate('Once', { signal: { aborted: false } as never }).text()).rejects.toThrow(/^signal must be an AbortSignal/);
      await expect(model.chat([{ role: 'user', content: 'hi' }], { topP: '0.9' as never }).text()).rejects.toThrow('topP must be in (0, 1] (1 = off), got "0.9"');
    } finally {
      model.dispose();
    }
    await expect(remote.load(CHECKPOINT, { ...OPTIONS, fetch: globalThis.fetch } as never)).rejects.toThrow(/^LoadOptions\.fetch is not for a RemoteEngine/);
    // Review S: the list of known options named fetch and modelsBase, which the next check refused.
    await expect(remote.load(CHECKPOINT, { ...OPTIONS, foo: 1 } as never)).rejects.toThrow(new RangeError('unknown load option "foo" (known: dtype, tokenizer, onProgress, maxSeqLen, signal, hfToken, hfEndpoint, hubCache, stallMs)'));
    // Review V: given as undefined, they are absent, as in-page (not "unknown").
    (await remote.load(CHECKPOINT, { ...OPTIONS, fetch: undefined, modelsBase: undefined } as never)).dispose();
    // Reviews W and X: inherited options are read as in-page (a copy of the options had dropped them).
    (await remote.load(CHECKPOINT, Object.create(OPTIONS) as typeof OPTIONS)).dispose();
    const inherited = Object.create({ ...OPTIONS, signal: AbortSignal.abort(new Error('stopped by an inherited signal')) }) as typeof OPTIONS;
    await expect(remote.load(CHECKPOINT, inherited)).rejects.toThrow('stopped by an inherited signal');
    await expect(remote.train({ modelsBase: undefined, foo: 1 } as never)).rejects.toThrow(/^unknown option train\.foo /);
    await expect(remote.train({ foo: 1 } as never)).rejects.toThrow(/^unknown option train\.foo \(known: data, model, from, resume, .*seed, stopAt, maxMemory, signal, onStep, hfToken, hfEndpoint\)$/);
    await expect(remote.load(CHECKPOINT, { ...OPTIONS, onProgress: 'yes' as never })).rejects.toThrow(new TypeError('LoadOptions.onProgress must be a function, got "yes"'));
  });

  // A function or a non-signal used to throw while the message was sent (DataCloneError), or after
  // it: then the training ran on in the worker, unstoppable, its reports dropped.
  it('bad inspect options and train requests fail on the page, as in-page', async () => {
    const model = await remote.load(CHECKPOINT, OPTIONS);
    try {
      await expect(model.inspect('Once', { topK: -1 })).rejects.toThrow('inspect option topK must be an integer in [0, 512], got -1');
      await expect(model.inspect('Once', { onTop: () => 1 } as never)).rejects.toThrow(/^unknown inspect option "onTop"/);
      // The layers counted on the page from the model's config; the listed ones come back.
      await expect(model.inspect('Once', { attention: [5] })).rejects.toThrow("inspect option attention[0] = 5 is not a layer: this model's are 0 to 4");
      const one = await model.inspect('Once', { topK: 0, attention: [4] });
      expect([one.attentionLayers, one.attention?.length]).toEqual([[4], 1]);
      // So are the heads (stories260K: 8), and the listed ones come back, as in-page.
      await expect(model.inspect('Once', { attention: [4], attentionHeads: [8] })).rejects.toThrow("inspect option attentionHeads[0] = 8 is not a query head: this model's are 0 to 7");
      const head = await model.inspect('Once', { topK: 0, attention: [4], attentionHeads: Int32Array.of(7) });
      const T = one.ids.length;
      expect([head.attentionHeads, head.attention]).toEqual([[7], [one.attention![0]!.slice(7 * T * T)]]);
    } finally {
      model.dispose();
    }
    // tokenize() options: refused as generate()'s are (an unknown key used to be ignored, bos: 0 read as false), on the page before they cross.
    for (const engine of [local, remote]) {
      const loaded = await engine.load(CHECKPOINT, OPTIONS);
      try {
        await expect(Promise.resolve().then(() => loaded.tokenize('Once', { bos: false, trim: () => 1 } as never))).rejects.toThrow(new RangeError('unknown tokenize option "trim" (known: bos)'));
        await expect(Promise.resolve().then(() => loaded.tokenize('Once', { bos: 0 } as never))).rejects.toThrow(new RangeError('bos must be true or false, got 0'));
        await expect(Promise.resolve().then(() => loaded.tokenize('Once', null as never))).rejects.toThrow(new TypeError('tokenize options must be an object, got null'));
        expect(await loaded.tokenize('Once', { bos: false })).toEqual((await loaded.tokenize('Once')).slice(1));
      } finally {
        loaded.dispose();
      }
    }
    const request = { data: { train: { name: 'a.txt', text: 'abcabcabc'.repeat(20) }, tokenizer: { kind: 'char' as const } }, model: { architecture: 'llama' as const, layers: 1, width: 8, heads: 2 }, steps: 1, batchSize: 1, contextLength: 4, learningRate: 1e-3 };
    for (const engine of [local, remote]) {
      await expect(engine.train({ ...request, signal: { aborted: false } as never })).rejects.toThrow(/^train: signal must be an AbortSignal/);
      await expect(engine.train({ ...request, onLoss: () => 1 } as never)).rejects.toThrow(/^unknown option train\.onLoss/);
    }
  });
});
