// The generation API on a real tiny model (stories260K): seeds, stop strings, abort, logprobs, logit bias,
// stats, and the errors a user can run into (prompt too long, generate after dispose).

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { EngineDestroyedError, ModelDisposedError } from '../../src/errors.js';
import { logitBias, repetitionPenalty } from '../../src/kernels/penalty/reference.js';
import type { GenerateOptions } from '../../src/model/options.js';
import type { GeneratedPiece, Generation } from '../../src/model/generation.js';
import type { Model } from '../../src/model/model.js';
import { dataPath } from '../support/data.js';
import { trackBuffers } from '../support/live-buffers.js';

const engine = await createEngine();
let model: Model;

beforeAll(async () => {
  model = await engine.load(dataPath('stories260K/stories260K.bin'), { tokenizer: dataPath('stories260K/tok512.bin'), maxSeqLen: 128 });
});
afterAll(() => {
  model?.dispose();
  engine.destroy();
});

async function run(prompt: string, o: GenerateOptions) {
  const gen = model.generate(prompt, o);
  const pieces = [];
  for await (const piece of gen) pieces.push(piece);
  return { pieces, text: pieces.map((p) => p.text).join(''), stats: await gen.stats };
}

/** Steps a generation by hand: the iterator, and a function that drains it and returns the stats. */
function stepper(gen: Generation) {
  const it = gen[Symbol.asyncIterator]();
  const finish = async () => {
    while (!(await it.next()).done) { /* drain */ }
    return gen.stats;
  };
  return { gen, it, finish };
}

describe('generate', () => {
  it('gives the same text for the same seed and different text for another', async () => {
    const o = { temperature: 1, topP: 0.9, maxTokens: 40 };
    const a = await run('Once upon a time', { ...o, seed: 7 });
    const b = await run('Once upon a time', { ...o, seed: 7 });
    const c = await run('Once upon a time', { ...o, seed: 8 });
    expect(a.text).toBe(b.text);
    expect(a.text).not.toBe(c.text);
    expect([a.stats.seed, c.stats.seed]).toEqual([7, 8]);
    // A run without a seed names the one it drew, which draws its text again (it could not be repeated).
    const drawn = await run('Once upon a time', o);
    expect((await run('Once upon a time', { ...o, seed: drawn.stats.seed })).text).toBe(drawn.text);
  });

  it('reports stats and stops at maxTokens', async () => {
    const { pieces, stats } = await run('Lily', { temperature: 0, maxTokens: 10 });
    expect(pieces.filter((p) => p.id !== undefined)).toHaveLength(10);
    expect(stats.generatedTokens).toBe(10);
    expect(stats.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(stats.promptTokens).toBe(model.tokenize('Lily').length);
    expect(stats.stopReason).toBe('maxTokens');
    expect(stats.decodeTokensPerSecond).toBeGreaterThan(0);
  });

  it('stops before a stop string and leaves it out', async () => {
    const free = await run('', { temperature: 0, maxTokens: 60 });
    const stop = 'little';
    expect(free.text).toContain(stop);
    const cut = await run('', { temperature: 0, maxTokens: 60, stop: [stop] });
    expect(cut.stats.stopReason).toBe('stop');
    expect(cut.text).toBe(free.text.slice(0, free.text.indexOf(stop)));
  });

  it('honours an AbortSignal', async () => {
    const controller = new AbortController();
    const { it: gen, finish } = stepper(model.generate('', { temperature: 0, maxTokens: 100, signal: controller.signal }));
    await gen.next();
    controller.abort();
    const stats = await finish();
    expect(stats.stopReason).toBe('aborted');
    expect(stats.generatedTokens).toBeLessThan(100);
  });

  // Only a supersession settled them so: an abort waited for the consumer's next pull.
  it('an abort while the consumer holds the loop between pieces settles the stats at once', async () => {
    const controller = new AbortController();
    const { gen, it: pieces, finish } = stepper(model.generate('Once', { temperature: 0, maxTokens: 50, signal: controller.signal }));
    await pieces.next();
    await pieces.next();
    controller.abort();
    const settled = await Promise.race([gen.stats, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5000))]);
    expect(settled).toMatchObject({ stopReason: 'aborted', generatedTokens: 2 });
    await finish();
    expect((await run('Once', { temperature: 0, maxTokens: 3 })).stats.stopReason).toBe('maxTokens'); // the cache is free
  });

  // README: text held back for a stop string that may still form is dropped when the loop is left,
  // and comes as a last piece when the signal stops the run (review AB saw both; this pins them).
  it('text held back when the loop is left is dropped; stopped by the signal, it comes as a last piece', async () => {
    const free = await run('Once', { temperature: 0, maxTokens: 8 });
    const third = free.pieces[2]!.text;
    expect(third.length).toBeGreaterThan(0);
    const stop = [`${third.at(-1)}\u0001`]; // forms with the third piece's last character, never matches
    const expected = free.pieces.slice(0, 3).map((p) => p.text).join('');

    const left = model.generate('Once', { temperature: 0, maxTokens: 8, stop });
    const got: string[] = [];
    for await (const piece of left) {
      got.push(piece.text);
      if (got.length === 3) break;
    }
    expect(got.join('')).toBe(expected.slice(0, -1)); // the last character held back, then dropped
    expect(await left.text()).toBe(got.join(''));
    expect(await left.stats).toMatchObject({ stopReason: 'aborted', generatedTokens: 3 });

    const controller = new AbortController();
    const stopped = stepper(model.generate('Once', { temperature: 0, maxTokens: 8, stop, signal: controller.signal }));
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) texts.push(((await stopped.it.next()).value as GeneratedPiece).text);
    controller.abort();
    const rest = [];
    for (let r = await stopped.it.next(); !r.done; r = await stopped.it.next()) rest.push(r.value);
    expect(rest).toEqual([{ text: third.at(-1) }]);
    expect([...texts, rest[0]!.text].join('')).toBe(expected);
  });

  it('an abort during the prefill yields no token', async () => {
    const controller = new AbortController();
    const long = 'Once upon a time there was a little girl named Lily. She loved to play outside. '.repeat(4);
    const { it: gen, finish } = stepper(model.generate(long, { temperature: 0, maxTokens: 20, signal: controller.signal }));
    const first = gen.next(); // the prefill step is under way from here
    controller.abort();
    const pieces = [];
    for (let r = await first; !r.done; r = await gen.next()) pieces.push(r.value);
    expect(pieces.filter((p) => p.id !== undefined)).toEqual([]);
    expect(await finish()).toMatchObject({ stopReason: 'aborted', generatedTokens: 0 });
  });

  it('gives log-probabilities: the greedy token is the top alternative', async () => {
    const { pieces } = await run('Once', { temperature: 0, maxTokens: 5, logprobs: 3 });
    for (const p of pieces.filter((x) => x.id !== undefined)) {
      expect(p.logprobs!.top).toHaveLength(3);
      expect(p.logprobs!.top[0].id).toBe(p.id);
      expect(p.logprobs!.chosen.logprob).toBeLessThanOrEqual(0);
      expect(p.logprobs!.top[0].logprob).toBeGreaterThanOrEqual(p.logprobs!.top[1].logprob);
    }
  });

  // Past about 1e16 a bias swallows log(sum) added to the max in float64: every logprob read 0.
  it('gives log-probabilities that hold under huge logit biases (uniform over 1e30-biased ties)', async () => {
    const V = model.config.vocabSize;
    const everyToken = (b: number) => new Map(Array.from({ length: V }, (_, i) => [i, b]));
    const low = (await run('Once', { temperature: 1, seed: 4, maxTokens: 1, logprobs: 4, logitBias: everyToken(-1e30) })).pieces[0]!.logprobs!;
    for (const t of low.top) expect(t.logprob).toBeCloseTo(-Math.log(V), 3); // the logits all round to -1e30: uniform
    const two = new Map([[7, 1e30], [9, 1e30]]);
    const high = (await run('Once', { temperature: 1, seed: 4, maxTokens: 1, logprobs: 3, logitBias: two })).pieces[0]!.logprobs!;
    expect(high.top.slice(0, 2).map((t) => t.logprob)).toEqual([-Math.LN2, -Math.LN2].map((x) => expect.closeTo(x, 6)));
  });

  it("info() hands out a frozen config and copies: editing them cannot change the model", async () => {
    const info = model.info();
    expect(() => info.config.eosTokenIds.push(1)).toThrow(TypeError);
    expect(() => { (info.config as { vocabSize: number }).vocabSize = 10; }).toThrow(TypeError);
    expect(model.config).toBe(info.config);
    const V = model.config.vocabSize;
    expect((await model.logits([1, 2])).length).toBe(2 * V);
  });

  it('a repetition penalty changes greedy text', async () => {
    const plain = await run('', { temperature: 0, maxTokens: 80 });
    const penalised = await run('', { temperature: 0, maxTokens: 80, repetitionPenalty: 1.5 });
    expect(penalised.text).not.toBe(plain.text);
  });

  // The oracle: each step's logits from logits() (no sampler), penalised and biased by the CPU reference.
  it('adds logitBias to the logits after the repetition penalty, before each step\'s choice, and reports logprobs of the result', async () => {
    const prompt = 'Once upon a time';
    const plain = (await run(prompt, { temperature: 0, maxTokens: 8 })).pieces.filter((p) => p.id !== undefined);
    const V = model.config.vocabSize;
    const bias = new Map([[plain[0]!.id!, -100], [plain[2]!.id!, -3], [5, 4.5], [300, 2]]);
    const row = new Float32Array(V);
    for (const [id, b] of bias) row[id] = b;
    const penalty = 1.3;
    const biased = (await run(prompt, { temperature: 0, maxTokens: 8, repetitionPenalty: penalty, logitBias: bias, logprobs: 1 })).pieces.filter((p) => p.id !== undefined);
    expect(biased).toHaveLength(8);
    expect(biased[0]!.id).not.toBe(plain[0]!.id);
    const context = model.tokenize(prompt);
    for (const piece of biased) {
      const rows = await model.logits(context);
      const want = logitBias(repetitionPenalty(rows.subarray((context.length - 1) * V), context, penalty), row);
      const best = want.indexOf(Math.max(...want));
      expect(piece.id).toBe(best);
      const logSum = Math.log(want.reduce((s, l) => s + Math.exp(l - want[best]!), 0)) + want[best]!;
      expect(piece.logprobs!.chosen.logprob).toBeCloseTo(want[best]! - logSum, 3);
      context.push(piece.id!);
    }
    // The same as an object, keys written as ids.
    const asObject = (await run(prompt, { temperature: 0, maxTokens: 8, repetitionPenalty: penalty, logitBias: Object.fromEntries(bias) })).pieces.filter((p) => p.id !== undefined);
    expect(asObject.map((p) => p.id)).toEqual(biased.map((p) => p.id));
    // A later generation without it is not biased: the buffer is read only when asked.
    expect((await run(prompt, { temperature: 0, maxTokens: 8 })).pieces.filter((p) => p.id !== undefined).map((p) => p.id)).toEqual(plain.map((p) => p.id));
  });

  it('goes on past a full context from its recent half (BOS kept), or stops there when told', async () => {
    const small = await engine.load(dataPath('stories260K/stories260K.bin'), { tokenizer: dataPath('stories260K/tok512.bin'), maxSeqLen: 16 });
    try {
      const prompt = small.tokenize('Once upon a time', {});
      const gen = small.generate('Once upon a time', { temperature: 0, maxTokens: 30 });
      const ids: number[] = [];
      for await (const p of gen) if (p.id !== undefined) ids.push(p.id);
      const stats = await gen.stats;
      expect(stats).toMatchObject({ stopReason: 'maxTokens', generatedTokens: 30 });
      expect(stats.contextShifts).toBeGreaterThan(0);
      // The token after the first shift is the greedy choice given BOS + the recent 7 tokens (16 / 2 - BOS).
      const history = [...prompt, ...ids];
      const firstShiftAt = 16 - prompt.length + 1; // generated tokens when position + 1 would exceed 16
      const window = [history[0]!, ...history.slice(prompt.length + firstShiftAt - 7, prompt.length + firstShiftAt)];
      const rows = await small.logits(window);
      const V = small.config.vocabSize;
      const last = rows.subarray((window.length - 1) * V, window.length * V);
      expect(ids[firstShiftAt]).toBe(last.indexOf(Math.max(...last)));

      const stopped = await small.generate('Once upon a time', { temperature: 0, maxTokens: 30, contextShift: false }).stats;
      expect(stopped).toMatchObject({ stopReason: 'context', contextShifts: 0, generatedTokens: 16 - prompt.length + 1 });
    } finally {
      small.dispose();
    }
  });

  it('a maxSeqLen over the model\'s context is an error naming both, before anything is uploaded', async () => {
    const load = engine.load(dataPath('stories260K/stories260K.bin'), { tokenizer: dataPath('stories260K/tok512.bin'), maxSeqLen: 100_000 });
    await expect(load).rejects.toThrow(RangeError);
    await expect(load).rejects.toThrow('LoadOptions.maxSeqLen is 100000, over this model\'s context length of 512: use at most 512');
    for (const bad of [0, 1]) {
      await expect(engine.load(dataPath('stories260K/stories260K.bin'), { maxSeqLen: bad })).rejects.toThrow(new RegExp(`LoadOptions\\.maxSeqLen must be an integer >= 2 .*, got ${bad}`));
    }
    // A string is quoted: "got 10" read as if a valid 10 were refused.
    await expect(engine.load(dataPath('stories260K/stories260K.bin'), { maxSeqLen: '10' as never })).rejects.toThrow(/LoadOptions\.maxSeqLen must be an integer >= 2 .*, got "10"$/);
  });

  it('a tokenizer given for a folder with its own tokenizer.json is refused, not ignored', async () => {
    await expect(engine.load(dataPath('tinystories656K'), { tokenizer: dataPath('stories260K/tok512.bin') }))
      .rejects.toThrow(/^LoadOptions\.tokenizer is for llama2\.c and GGUF checkpoints and folders without a tokenizer\.json/);
  });

  // It found "several candidates (tok512.bin, tokenizer-tok512.bin)" and advised giving it separately.
  it('a tokenizer given beside picked llama2.c files wins over those picked, the same file included', async () => {
    const file = (name: string) => new File([readFileSync(dataPath(`stories260K/${name}`))], name);
    const picked = await engine.load([file('stories260K.bin'), file('tok512.bin')], { tokenizer: file('tok512.bin'), maxSeqLen: 32 });
    try {
      expect(picked.info().tokenizerVocabSize).toBe(512);
    } finally {
      picked.dispose();
    }
  });

  it('an aborted signal stops a load from a path (not only a download), before anything is uploaded', async () => {
    await expect(engine.load('default:shakespeare', { signal: AbortSignal.abort() })).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    const controller = new AbortController();
    const load = engine.load(dataPath('tinystories656K'), { signal: controller.signal, onProgress: (p) => p.phase === 'read' && controller.abort() });
    await expect(load).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    // The caller's own reason (a timeout's, say) and a progress callback's error arrive as themselves, not as "cannot be read".
    const reason = new RangeError('user cancelled');
    const cancelled = new AbortController();
    await expect(engine.load(dataPath('tinystories656K'), { signal: cancelled.signal, onProgress: (p) => p.phase === 'read' && cancelled.abort(reason) })).rejects.toBe(reason);
    const thrown = new Error('progress bar gone');
    await expect(engine.load(dataPath('tinystories656K'), { onProgress: (p) => { if (p.phase === 'read') throw thrown; } })).rejects.toBe(thrown);
  });

  it('rejects a prompt longer than the context with a specific error', async () => {
    const long = 'Once upon a time there was a dog. '.repeat(40);
    await expect(run(long, { maxTokens: 1 })).rejects.toThrow(/context holds 128/);
  });

  it('rejects out-of-range options, naming the option and its range', async () => {
    await expect(run('a', { topP: 1.5 })).rejects.toThrow(/topP must be in \(0, 1\] \(1 = off\), got 1.5/);
    await expect(run('a', { maxTokens: 1.5 })).rejects.toThrow(/maxTokens must be a positive integer, got 1.5/);
    await expect(run('a', { maxTokens: 1e20 })).rejects.toThrow(/maxTokens must be a positive integer of at most 2\^53 - 1, got 100000000000000000000/);
    await expect(run('a', { seed: -1 })).rejects.toThrow(/seed must be an integer in \[0, 2\^32\), got -1/);
    // Values of another type: "0.9" and true used to pass the range comparisons, null to mean "no seed".
    await expect(run('a', { topP: '0.9' as never })).rejects.toThrow(new RangeError('topP must be in (0, 1] (1 = off), got "0.9"'));
    await expect(run('a', { topP: true as never })).rejects.toThrow(/topP must be in \(0, 1\] \(1 = off\), got true/);
    await expect(run('a', { minP: null as never })).rejects.toThrow(new RangeError('minP must be in [0, 1] (0 = off), got null'));
    await expect(run('a', { seed: null as never })).rejects.toThrow(/seed must be an integer in \[0, 2\^32\), got null/);
    await expect(run('a', { logprobs: 2.5 })).rejects.toThrow(/logprobs must be an integer/);
    // The value once, as JSON (it was quoted twice: got "\".\"").
    await expect(run('a', { stop: '.' as never })).rejects.toThrow(new RangeError('stop must be an array of non-empty strings, got "."'));
    await expect(run('a', { stop: ['a', ''] })).rejects.toThrow(new RangeError('stop must be an array of non-empty strings, got ["a",""]'));
    // Half of a pair matched inside a character, and a piece carried the other half alone (review G).
    await expect(run('a', { stop: ['\u{1F600}', '\uDE00b'] })).rejects.toThrow(new RangeError('stop must be an array of strings of whole characters (one holds half of a UTF-16 surrogate pair), got ["😀","\\ude00b"]'));
    await expect(run('', { bos: false })).rejects.toThrow('the prompt encodes to no tokens and bos is false: give a prompt, or let BOS start it');
    expect(() => model.tokenize(42 as never)).toThrow(new TypeError('tokenize() takes a string, got number'));
    await expect(model.chat([], null as never).text()).rejects.toThrow(new TypeError('chat options must be an object, got null'));
    await expect(run('a', [] as never)).rejects.toThrow(new TypeError('generation options must be an object, got an array'));
    // chat's own options are named beside generate()'s among those it knows.
    await expect(model.chat([], { foo: 1 } as never).text()).rejects.toThrow(/^unknown chat option "foo" \(known: maxTokens, .*, bos, addGenerationPrompt, continueFinalMessage, templateVariables\)$/);
    // Each side of the range is said as the side missed.
    await expect(run('a', { repetitionPenalty: 1e-38 })).rejects.toThrow(new RangeError("repetitionPenalty must be at least 1.2e-38, float32's smallest normal, got 1e-38"));
    await expect(run('a', { repetitionPenalty: 0 })).rejects.toThrow(new RangeError('repetitionPenalty must be a positive number (1 = off, above 1 discourages repeats), got 0'));
    await expect(run('a', { repetitionPenalty: '2' as never })).rejects.toThrow(new RangeError('repetitionPenalty must be a positive number (1 = off, above 1 discourages repeats), got "2"'));
    // Finite doubles past float32's range: the sampler would read infinity (a kernel parameter error, before).
    await expect(run('a', { repetitionPenalty: 1e39 })).rejects.toThrow(new RangeError('repetitionPenalty must be at most 3.4e38, the largest float32, got 1e+39'));
    await expect(run('a', { temperature: 3.5e38 })).rejects.toThrow(new RangeError('temperature must be at most 3.4e38, the largest float32, got 3.5e+38'));
    await expect(run('a', { temperature: -1 })).rejects.toThrow(new RangeError('temperature must be a number of 0 (greedy) or more, got -1'));
    await expect(run('a', { temperature: NaN })).rejects.toThrow(new RangeError('temperature must be a number of 0 (greedy) or more, got NaN'));
    await expect(run('a', { logitBias: { 512: 1 } })).rejects.toThrow(new RangeError('logitBias: each key must be a token id, an integer in [0, 512), got "512"'));
    await expect(run('a', { logitBias: { '-1': 1 } })).rejects.toThrow(new RangeError('logitBias: each key must be a token id, an integer in [0, 512), got "-1"'));
    await expect(run('a', { logitBias: new Map([[1.5, 1]]) })).rejects.toThrow(new RangeError('logitBias: each key must be a token id, an integer in [0, 512), got 1.5'));
    await expect(run('a', { logitBias: { 7: -Infinity } })).rejects.toThrow(new RangeError('logitBias[7] must be a finite number (-100 all but bans a token), got -Infinity'));
    await expect(run('a', { logitBias: { 7: Infinity } })).rejects.toThrow(new RangeError('logitBias[7] must be a finite number (+100 all but forces a token), got Infinity'));
    await expect(run('a', { logitBias: { 7: '1' as never } })).rejects.toThrow(new RangeError('logitBias[7] must be a finite number, got "1"'));
    await expect(run('a', { logitBias: { 7: -1e39 } })).rejects.toThrow(new RangeError('logitBias[7] must be within ±3.4e38, the largest float32, got -1e+39'));
    await expect(run('a', { logitBias: [1, 2] as never })).rejects.toThrow(new RangeError('logitBias must be an object or a Map of token id -> bias, such as { 50256: -100 }, got an array'));
    // An object where a value was meant is named as one (review AT: "got [object Object]").
    await expect(run('a', { temperature: {} as never })).rejects.toThrow(new RangeError('temperature must be a number of 0 (greedy) or more, got an object'));
    await expect(run('a', { signal: {} as never })).rejects.toThrow(/^signal must be an AbortSignal.*, got an object$/);
    await expect(run('a', { logitBias: new Map([[{}, 1]]) as never })).rejects.toThrow(new RangeError('logitBias: each key must be a token id, an integer in [0, 512), got an object'));
    await expect(run('a', { logitBias: { 1: {} } as never })).rejects.toThrow(new RangeError('logitBias[1] must be a finite number, got an object'));
  });

  // A GPU may flush float32 subnormals to 0: neither extreme may read as "off" or overflow to a
  // logit the sampler takes for a broken model.
  it('a subnormal topP still keeps the top token alone, and the smallest repetition penalty samples', async () => {
    const greedy = (await run('Once', { temperature: 0, maxTokens: 12 })).text;
    for (const seed of [1, 2, 3]) expect((await run('Once', { temperature: 1, topP: 1e-39, seed, maxTokens: 12 })).text).toBe(greedy);
    expect((await run('Once', { temperature: 0, repetitionPenalty: 2 ** -126, maxTokens: 12 })).stats.stopReason).toBe('maxTokens');
  });

  it('a new generate() supersedes one left unfinished, instead of locking the model', async () => {
    const abandoned = stepper(model.generate('Once', { temperature: 0, maxTokens: 50 }));
    await abandoned.it.next();
    let settled: string | undefined;
    const abandonedStats = abandoned.gen.stats.then((s) => (settled = s.stopReason));
    const fresh = await run('', { temperature: 0, maxTokens: 20 });
    // Its stats settle when it is superseded, though its consumer still holds the loop (they waited for the next pull).
    await abandonedStats;
    expect(settled).toBe('superseded');
    const reference = await run('', { temperature: 0, maxTokens: 20 });
    expect(fresh.text).toBe(reference.text);
    expect((await abandoned.finish()).stopReason).toBe('superseded');
  });

  it('a rejected call leaves a running generation alone; the newest call, not the first iterated, wins', async () => {
    const running = stepper(model.generate('', { temperature: 0, maxTokens: 5 }));
    await running.it.next();
    await expect(model.generate('', { topP: 5 }).text()).rejects.toThrow(/topP must be/);
    await expect(model.generate('', { temperature: 1e39 }).text()).rejects.toThrow(/temperature must be/);
    // logits() checks its ids before it takes the KV cache over.
    // Worded as inspect() words them (they said "token id 1.5 is outside the vocabulary" and "context overflow").
    await expect(model.logits([model.config.vocabSize])).rejects.toThrow('ids[0] = 512 is not a token id: ids are integers in [0, 512)');
    await expect(model.logits([3, 1.5])).rejects.toThrow('ids[1] = 1.5 is not a token id: ids are integers in [0, 512)');
    await expect(model.logits([])).rejects.toThrow('no tokens to run');
    await expect(model.logits(new Array(129).fill(1))).rejects.toThrow(new RangeError("the input is 129 tokens, but the context holds 128: shorten it, or load the model with a larger maxSeqLen (up to its context, 512)"));
    await expect(model.logits('abc' as never)).rejects.toThrow(new TypeError('token ids must be an array of integers, got "abc": tokenize() the text first'));
    // A long text is cut in the message (review AT: 200,000 characters came back whole).
    await expect(model.logits('x'.repeat(200_000) as never)).rejects.toThrow(/^token ids must be an array of integers, got "x{50,56}\.\.\.: tokenize\(\) the text first$/);
    await expect(model.generate([1, 2] as never).text()).rejects.toThrow(new TypeError('the prompt must be a string, got an array (token ids go to logits() and inspect())'));
    await expect(model.generate(null as never).text()).rejects.toThrow(new TypeError('the prompt must be a string, got null'));
    await expect(model.generate([{ role: 'user', content: 'hi' }] as never).text()).rejects.toThrow(new TypeError('the prompt must be a string, got an array (messages go to chat())'));
    await expect(model.generate(['a'] as never).text()).rejects.toThrow(new TypeError('the prompt must be a string, got an array'));
    expect((await running.finish()).stopReason).toBe('maxTokens');
    const first = stepper(model.generate('', { temperature: 0, maxTokens: 3 }));
    const second = stepper(model.generate('', { temperature: 0, maxTokens: 3 }));
    const s1 = await second.it.next();
    expect(s1.done).toBe(false);
    expect((await first.finish()).stopReason).toBe('superseded');
  });

  // inspect() compiles its tapped pass first: a generate() called meanwhile used to run in that gap,
  // and then be cut off by it ('superseded', no text).
  it('an inspect() called before a generate() runs first, and the generate() after it runs whole', async () => {
    const solo = await run('The dog', { temperature: 0, maxTokens: 12 });
    const inspected = model.inspect('Once upon a time', { attention: true });
    inspected.catch(() => undefined); // awaited below: a failure meanwhile is reported there, not as unhandled
    const gen = model.generate('The dog', { temperature: 0, maxTokens: 12 });
    expect(await gen.text()).toBe(solo.text);
    expect((await gen.stats).stopReason).toBe('maxTokens');
    expect((await inspected).ids).toEqual(model.tokenize('Once upon a time'));
  });

  it('concurrent logits() calls each get their own correct rows', async () => {
    const ids = model.tokenize('Once upon a time there was a girl named Lily who loved to play outside');
    const alone = await model.logits(ids);
    const shortAlone = await model.logits(ids.slice(0, 5));
    const [a, b] = await Promise.all([model.logits(ids), model.logits(ids.slice(0, 5))]);
    expect(Array.from(a)).toEqual(Array.from(alone));
    expect(Array.from(b)).toEqual(Array.from(shortAlone));
    // The same rows of a longer pass: equal up to summation order (tiles are sized by the row count).
    const prefix = alone.subarray(0, 5 * model.config.vocabSize);
    expect(Math.max(...b.map((x, i) => Math.abs(x - prefix[i]!)))).toBeLessThan(1e-4);
  });
});

describe('the Generation a call returns', () => {
  it('gives the same pieces, text() and stats however it is consumed', async () => {
    const o = { temperature: 0, maxTokens: 12 };
    const iterated = await run('Lily', o);
    const gen = model.generate('Lily', o);
    expect(await gen.text()).toBe(iterated.text);
    expect((await gen.stats).generatedTokens).toBe(12);
    // stats alone runs it to its end when nobody iterates
    const unread = model.generate('Lily', o);
    await expect(unread.stats).resolves.toMatchObject({ generatedTokens: 12, stopReason: 'maxTokens' });
    await expect(unread.text()).resolves.toBe(iterated.text);
    // asking for stats first, then looping right away, still yields every piece
    const early = model.generate('Lily', o);
    const stats = early.stats;
    let text = '';
    for await (const piece of early) text += piece.text;
    expect(text).toBe(iterated.text);
    expect((await stats).generatedTokens).toBe(12);
  });

  it('is consumed once; a second loop is a clear error', async () => {
    const gen = model.generate('Lily', { temperature: 0, maxTokens: 2 });
    await gen.text();
    await expect(async () => {
      for await (const _ of gen) { /* nothing */ }
    }).rejects.toThrow(/already consumed/);
  });

  it('a consumer that stops iterating ends the run as aborted, with its stats', async () => {
    const gen = model.generate('', { temperature: 0, maxTokens: 50 });
    let seen = 0;
    for await (const _ of gen) if (++seen === 3) break;
    const stats = await gen.stats;
    expect(stats.stopReason).toBe('aborted');
    expect(stats.generatedTokens).toBe(3);
    // Stopping right after the last token allowed cuts nothing short: the run ended by maxTokens.
    const whole = model.generate('', { temperature: 0, maxTokens: 3 });
    let read = 0;
    for await (const _ of whole) if (++read === 3) break;
    expect(await whole.stats).toMatchObject({ stopReason: 'maxTokens', generatedTokens: 3 });
  });

  it('marks only a final flush piece as having no id', async () => {
    const { pieces } = await run('', { temperature: 0, maxTokens: 30 });
    pieces.slice(0, -1).forEach((p) => expect(p.id).toBeTypeOf('number'));
  });

  it('refuses an unknown option by name', async () => {
    await expect(model.generate('a', { max_tokens: 3 } as never).text()).rejects.toThrow(/unknown generation option "max_tokens"/);
  });
});

describe('dispose', () => {
  it('makes generate() fail with a specific error', async () => {
    const m = await engine.load(dataPath('stories260K/stories260K.bin'), { tokenizer: dataPath('stories260K/tok512.bin'), maxSeqLen: 16 });
    m.dispose();
    await expect(m.generate('x').text()).rejects.toThrow(/after dispose/);
    await expect(m.generate('x').stats).rejects.toThrow(ModelDisposedError);
    await expect(m.logits([1])).rejects.toThrow(ModelDisposedError);
  });

  // They waited for the consumer's next pull, as an abort's did: an app awaiting stats apart from its paused loop hung.
  it('or engine.destroy() while the consumer holds the loop between pieces rejects the stats at once, and the loop next', async () => {
    const later = (ms: number) => new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms));
    const m = await engine.load(dataPath('stories260K/stories260K.bin'), { tokenizer: dataPath('stories260K/tok512.bin'), maxSeqLen: 64 });
    const held = stepper(m.generate('Once', { temperature: 0, maxTokens: 40 }));
    await held.it.next();
    await held.it.next();
    m.dispose();
    const disposed = await Promise.race([held.gen.stats.catch((e: unknown) => e), later(5000)]);
    expect(disposed).toBeInstanceOf(ModelDisposedError);
    await expect(held.it.next()).rejects.toThrow(ModelDisposedError);

    const own = await createEngine();
    try {
      const other = await own.load(dataPath('stories260K/stories260K.bin'), { tokenizer: dataPath('stories260K/tok512.bin'), maxSeqLen: 64 });
      const paused = stepper(other.generate('Once', { temperature: 0, maxTokens: 40 }));
      await paused.it.next();
      own.destroy();
      const destroyed = await Promise.race([paused.gen.stats.catch((e: unknown) => e), later(5000)]);
      expect(destroyed).toBeInstanceOf(EngineDestroyedError);
      await expect(paused.it.next()).rejects.toThrow(EngineDestroyedError);
    } finally {
      own.destroy();
    }
  });

  // A dispose() while logits() ran its chunks or inspect() compiled its pass used to submit the
  // destroyed buffers (an uncaptured GPUValidationError, "a bug in shaderlm") or report a missing
  // tensor. Whenever it lands, the call ends with ModelDisposedError, or finishes if it was done.
  it('during logits() or inspect() ends them with ModelDisposedError and submits nothing freed', async () => {
    const calls = {
      logits: (m: Model) => m.logits(new Array(100).fill(5)), // 4 chunks of 32 rows
      inspect: (m: Model) => m.inspect(new Array(100).fill(5), { attention: true, logitLens: 2 }), // its pass compiles first
    };
    for (const [name, call] of Object.entries(calls)) {
      const reasons: string[] = [];
      for (const delayMs of [0, 2, 10, 40]) {
        const m = await engine.load(dataPath('stories260K/stories260K.bin'), { tokenizer: dataPath('stories260K/tok512.bin'), maxSeqLen: 128 });
        const running = call(m);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        m.dispose();
        const [result] = await Promise.allSettled([running]);
        if (result!.status === 'rejected') {
          expect(result!.reason, `${name}, disposed after ${delayMs} ms`).toBeInstanceOf(ModelDisposedError);
          reasons.push((result!.reason as Error).message);
        }
        await engine.gpu.device.queue.onSubmittedWorkDone();
        engine.gpu.assertHealthy();
      }
      // At least one dispose came while the call ran (not before it began), whatever the timing.
      expect(reasons.filter((r) => / while (it was running|it was being inspected|a step was running)/.test(r)), `${name}: ${reasons.join(' | ')}`).not.toEqual([]);
    }
  });
});

describe('an abort during the upload', () => {
  it('rejects the load with its reason and frees what reached the GPU', async () => {
    const { live, release } = trackBuffers(engine.gpu.device);
    try {
      const before = live.size;
      const controller = new AbortController();
      const reason = new Error('cancelled during the upload');
      const load = engine.load(dataPath('tinystories656K'), { signal: controller.signal, onProgress: (p) => p.phase === 'upload' && controller.abort(reason) });
      await expect(load).rejects.toBe(reason);
      // The weights at once; the passes, whose kernels may still be compiling, once built.
      await vi.waitFor(() => expect(live.size).toBe(before), { timeout: 60_000 });
    } finally {
      release();
    }
  });
});

describe('a checkpoint whose vocabulary is padded past the tokenizer', () => {
  it('never samples, ranks or decodes the padding rows', async () => {
    const { readFileSync } = await import('node:fs');
    const { loadLlama2c } = await import('../../src/model/weights/llama2c.js');
    const { fromLlama2cBin } = await import('../../src/tokenizer/llama2c.js');
    const { Transformer } = await import('../../src/model/transformer.js');
    const { Model } = await import('../../src/model/model.js');
    const { config, weights } = loadLlama2c(readFileSync(dataPath('stories260K/stories260K.bin')));
    // Pretend the tokenizer stops at 500 of the checkpoint's 512 rows (as Qwen2.5 pads 151665 to 151936).
    const real = fromLlama2cBin(readFileSync(dataPath('stories260K/tok512.bin')), 512);
    const tokenizer = Object.assign(Object.create(real), { vocabSize: 500 });
    // Make the padding rows the most likely tokens, so any leak would show at once: each copies
    // the (tied) output row of a token of the model's usual story opening, tripled.
    const rows = weights.get('embed.tokens')!.data;
    const common = real.encode('Once upon a time, there was a little girl named Lily. She', { bos: false });
    for (let id = 500; id < 512; id++) {
      const src = common[(id - 500) % common.length] * config.dim;
      for (let c = 0; c < config.dim; c++) rows[id * config.dim + c] = 3 * rows[src + c];
    }
    const transformer = await Transformer.create(engine.gpu, config, weights, { maxSeqLen: 64, sampleVocab: 500 });
    const padded = new Model(transformer, tokenizer, { parameters: 0, weightBytes: 0 });
    try {
      for await (const piece of padded.generate('', { temperature: 1.5, seed: 3, maxTokens: 40, logprobs: 20 })) {
        if (piece.id === undefined) continue;
        expect(piece.id).toBeLessThan(500);
        for (const alt of piece.logprobs!.top) expect(alt.id).toBeLessThan(500);
      }
      await expect(padded.generate('', { logprobs: 501 }).text()).rejects.toThrow(/logprobs must be an integer in \[0, 500\]/);
    } finally {
      padded.dispose();
    }
  });
});
