// model.inspect() against the CPU reference inspection (src/reference/inspect.ts): stories260K
// (llama2.c: RoPE, RMSNorm, GQA 8:4) and a seeded random GPT-2 (learned positions, LayerNorm, tied
// head) inspected in passes of 3 rows, so that every result is assembled from several passes.
// Every field is compared; then the errors, and the KV cache handover (a generation superseded,
// the golden greedy text after an inspection).

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import type { ModelConfig, WeightMap } from '../../src/model/config.js';
import type { InspectOptions, InspectResult, TopTokens } from '../../src/model/inspect.js';
import { Model } from '../../src/model/model.js';
import { Transformer } from '../../src/model/transformer.js';
import { loadLlama2c } from '../../src/model/weights/llama2c.js';
import { embeddingRows, referenceInspection, type ReferenceInspection } from '../../src/reference/inspect.js';
import { fromAlphabet } from '../../src/tokenizer/characters.js';
import { compare, type Tolerance } from '../kernels/harness.js';
import { dataPath } from '../support/data.js';
import { gpt2Config, llamaConfig, randomWeights } from './random-model.js';

const engine = await createEngine();
afterAll(() => engine.destroy());

// The residual stream and logits come out of L blocks of f32 matmuls and attention on both
// sides, in different summation orders: as in tests/model/forward.test.ts, rounding stays below
// 2e-4 against values of a few units, where a wrong row, layer or position errs by O(1).
const STREAM_TOL: Tolerance = { atol: 2e-4, rtol: 2e-4, nmse: 1e-8 };
// Probabilities move by p * (difference of logits), so by about 2e-4 * p: 2e-5 absolute covers
// rows of probability ~0.1 and the relative term the rest. A wrong position or head errs by ~0.1.
const PROB_TOL: Tolerance = { atol: 2e-5, rtol: 1e-3, nmse: 1e-8 };
/** Rows of attention weights and of distributions sum to 1 within f32 rounding over <= V terms. */
const SUM_TOL = 1e-5;

/** The softmax of the first V entries of row t of logits (T, rowV), in float64. */
function softmaxRow(logits: Float32Array, rowV: number, V: number, t: number): Float64Array {
  const row = logits.subarray(t * rowV, t * rowV + V);
  const max = row.reduce((m, x) => Math.max(m, x), -Infinity);
  const p = Float64Array.from(row, (x) => Math.exp(x - max));
  const sum = p.reduce((s, x) => s + x, 0);
  return p.map((x) => x / sum);
}

/**
 * GPU top tokens against reference logits (T, rowV): each id's reference probability equals the
 * reported one, and the j-th id is as likely as the reference's own j-th (by a plain sort) within
 * the tolerance, so near-ties may swap but a wrong id cannot pass.
 */
function expectTop(got: TopTokens, reference: Float32Array, rowV: number, V: number, what: string, textOf: (id: number) => string): void {
  const T = got.ids.length / got.k;
  for (let t = 0; t < T; t++) {
    const p = softmaxRow(reference, rowV, V, t);
    const order = Array.from(p.keys()).sort((a, b) => p[b] - p[a]);
    for (let j = 0; j < got.k; j++) {
      const id = got.ids[t * got.k + j];
      const at = `${what} position ${t} rank ${j} (id ${id})`;
      expect(Math.abs(got.probs[t * got.k + j] - p[id]), at).toBeLessThanOrEqual(PROB_TOL.atol + PROB_TOL.rtol * p[id]);
      expect(p[id], at).toBeGreaterThanOrEqual(p[order[j]] - 2 * PROB_TOL.atol);
      expect(got.text[t * got.k + j], at).toBe(textOf(id));
      if (j > 0) expect(got.probs[t * got.k + j], at).toBeLessThanOrEqual(got.probs[t * got.k + j - 1]);
    }
  }
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance, what: string): void {
  const r = compare(got, want, tol);
  expect(r.pass, `${what}: ${r.detail} (max |gpu - ref| ${r.maxAbs})`).toBe(true);
}

/** Every field of a full inspection against the reference inspection of the same ids. */
function expectMatchesReference(model: Model, got: InspectResult, want: ReferenceInspection, config: ModelConfig, weights: WeightMap): void {
  const { nLayers: L, nHeads: NH, dim: C, vocabSize: rowV } = config;
  const T = got.ids.length;
  const V = got.V;
  const textOf = (id: number) => model.tokenizer.specialText?.(id) ?? model.tokenizer.decode([id]); // a special token written out
  expect(got.tokens).toHaveLength(T);
  expect(got.tokens.join('')).toBe(model.tokenizer.decode(got.ids));
  expectTop(got.top, want.logits, rowV, V, 'top', textOf);

  const distribution = got.distribution!;
  expect(distribution).toHaveLength(T * V);
  const wantDistribution = new Float32Array(T * V);
  for (let t = 0; t < T; t++) wantDistribution.set(softmaxRow(want.logits, rowV, V, t), t * V);
  expectClose(distribution, wantDistribution, PROB_TOL, 'distribution');
  for (let t = 0; t < T; t++) expect(Math.abs(distribution.subarray(t * V, (t + 1) * V).reduce((s, x) => s + x, 0) - 1)).toBeLessThan(SUM_TOL);

  expect(got.attention).toHaveLength(L);
  expect(got.attentionLayers).toEqual(Array.from({ length: L }, (_, l) => l));
  got.attention!.forEach((probs, l) => {
    expect(probs).toHaveLength(NH * T * T);
    expectClose(probs, want.attention[l], PROB_TOL, `attention layer ${l}`);
    for (let h = 0; h < NH; h++) {
      for (let t = 0; t < T; t++) {
        const row = probs.subarray((h * T + t) * T, (h * T + t + 1) * T);
        expect(row.subarray(t + 1).every((x) => x === 0), `layer ${l} head ${h} row ${t}: zero above the diagonal`).toBe(true);
        expect(Math.abs(row.reduce((s, x) => s + x, 0) - 1), `layer ${l} head ${h} row ${t} sums to 1`).toBeLessThan(SUM_TOL);
      }
    }
  });

  expect(got.hiddenStates).toHaveLength(L + 1);
  got.hiddenStates!.forEach((states, slot) => expectClose(states, want.hiddenStates[slot], STREAM_TOL, `hidden state ${slot}`));

  expect(got.logitLens).toHaveLength(L + 1);
  got.logitLens!.forEach((lens, slot) => expectTop(lens, want.lensLogits[slot], rowV, V, `logit lens ${slot}`, textOf));
  // The last layer's lens is the model's own output: the same kernels on the same stream.
  const last = got.logitLens![L];
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < last.k; j++) {
      expect(last.ids[t * last.k + j]).toBe(got.top.ids[t * got.top.k + j]);
      expect(last.probs[t * last.k + j]).toBe(got.top.probs[t * got.top.k + j]);
    }
  }

  // Embedding rows are copies: exact.
  expect(got.embeddings).toEqual(embeddingRows(config, weights, got.ids));
  expect(got.embeddings).toHaveLength(T * C);
}

const everything = (rows: number[]): InspectOptions => ({ topK: 5, distribution: true, attention: true, hiddenStates: true, logitLens: 3, embeddings: true, embeddingRows: rows });

describe('stories260K (llama2.c: RoPE, RMSNorm, GQA)', () => {
  const bin = dataPath('stories260K/stories260K.bin');
  const { config, weights } = loadLlama2c(readFileSync(bin));
  let model: Model;
  beforeAll(async () => {
    model = await engine.load(bin, { tokenizer: dataPath('stories260K/tok512.bin') });
  });
  afterAll(() => model?.dispose());

  it('has GQA (query heads sharing KV heads), so inspection covers it', () => {
    expect(config.nKvHeads).toBeLessThan(config.nHeads);
  });

  it('every field equals the CPU reference inspection', async () => {
    const prompt = 'Once upon a time, there was a little girl';
    const rows = [0, 5, config.vocabSize - 1, 5];
    const got = await model.inspect(prompt, everything(rows));
    expect(got.ids).toEqual(model.tokenize(prompt));
    expect(got.V).toBe(config.vocabSize);
    expectMatchesReference(model, got, referenceInspection(config, weights, got.ids), config, weights);
    // No learned positions: the stream starts as the token embeddings themselves.
    expect(got.hiddenStates![0]).toEqual(got.embeddings);
    expect(got.embeddingRows).toEqual(embeddingRows(config, weights, rows));
  });

  it('takes ids as input, and by default only the top 10', async () => {
    const ids = model.tokenize('The cat sat');
    const got = await model.inspect(ids);
    expect(got.ids).toEqual(ids);
    expect(got.top.k).toBe(10);
    expect(Object.keys(got).sort()).toEqual(['V', 'ids', 'tokens', 'top']);
    expectTop(got.top, referenceInspection(config, weights, ids).logits, config.vocabSize, got.V, 'top', (id) => model.tokenizer.decode([id]));
  });

  it('leaves generation as it was: generate() after inspect() gives the golden greedy text', async () => {
    await model.inspect('Lily went to the park', everything([1]));
    let text = '';
    for await (const piece of model.generate('', { temperature: 0, maxTokens: 256 })) text += piece.text;
    // run.c prints a newline after the last token.
    expect(text + '\n').toBe(readFileSync(dataPath('stories260K/expected_greedy_t0.txt'), 'utf8'));
  });

  it('ends a running generation as superseded, and leaves it running when only embedding rows are asked for', async () => {
    const first = model.generate('Once', { temperature: 0, maxTokens: 50 });
    const it1 = first[Symbol.asyncIterator]();
    await it1.next();
    await model.inspect('Lily', { topK: 0, embeddingRows: [1, 2, 3] });
    while (!(await it1.next()).done) { /* drain */ }
    expect(await first.stats).toMatchObject({ stopReason: 'maxTokens', generatedTokens: 50 });

    const second = model.generate('Once', { temperature: 0, maxTokens: 50 });
    const it2 = second[Symbol.asyncIterator]();
    await it2.next();
    await model.inspect('Lily');
    while (!(await it2.next()).done) { /* drain */ }
    expect((await second.stats).stopReason).toBe('superseded');
  });
});

// Hugging Face's half-split RoPE pairs run on the GPU as interleaved pairs over reordered q and k
// rows (src/model/interleave-rope.ts); an inspection's passes must turn them the same way.
describe('random Llama with half-split RoPE and a qkv bias, 3 rows per pass', () => {
  const config = llamaConfig({ V: 32, C: 32, L: 2, NH: 4, NKV: 2, F: 64, maxSeqLen: 12 }, 'half', true);
  const weights = randomWeights(config, 23);
  let model: Model;
  beforeAll(async () => {
    const transformer = await Transformer.create(engine.gpu, config, weights, { prefillRows: 3 });
    model = new Model(transformer, fromAlphabet('abcdefghijklmnopqrstuvwxyz .,!?\n'), { parameters: 0, weightBytes: 0 });
  });
  afterAll(() => model?.dispose());

  it('every field equals the CPU reference inspection', async () => {
    const got = await model.inspect('the cat!', everything([31, 0]));
    expectMatchesReference(model, got, referenceInspection(config, weights, got.ids), config, weights);
  });
});

describe('random GPT-2 (learned positions, LayerNorm, tied head), 3 rows per pass', () => {
  const ALPHABET = 'abcdefghijklmnopqrstuvwxyz .,!?\n'; // V = 32
  const config = gpt2Config({ V: 32, C: 32, L: 2, NH: 4, NKV: 4, F: 64, maxSeqLen: 12 });
  const weights = randomWeights(config, 21);
  let model: Model;
  beforeAll(async () => {
    const transformer = await Transformer.create(engine.gpu, config, weights, { prefillRows: 3 });
    model = new Model(transformer, fromAlphabet(ALPHABET), { parameters: 0, weightBytes: 0 });
  });
  afterAll(() => model?.dispose());

  it('every field equals the CPU reference inspection, assembled from passes of 3 rows', async () => {
    const got = await model.inspect('the cat!', everything([31, 0, 7]));
    expect(got.ids).toHaveLength(8);
    expectMatchesReference(model, got, referenceInspection(config, weights, got.ids), config, weights);
    expect(got.embeddingRows).toEqual(embeddingRows(config, weights, [31, 0, 7]));
  });

  it('hidden state 0 is the token embedding plus the learned position embedding', async () => {
    const got = await model.inspect('hello', { topK: 1, hiddenStates: true, embeddings: true });
    const wpe = weights.get('embed.positions')!.data;
    const want = got.embeddings!.map((x, i) => x + wpe[i]); // rows 0..T-1 of wpe line up with (T, C)
    expect(got.hiddenStates![0]).toEqual(want);
  });

  // Review H: attention was all or nothing, so a view of one layer paid for every layer's maps.
  it('attention of the layers listed: those maps alone, in the order listed, as the whole inspection has them', async () => {
    const whole = await model.inspect('the cat!', { topK: 0, attention: true });
    expect(whole.attentionLayers).toEqual([0, 1]);
    for (const layers of [[1], [1, 0]]) {
      const got = await model.inspect('the cat!', { topK: 0, attention: layers });
      expect(got.attentionLayers).toEqual(layers);
      expect(got.attention).toEqual(layers.map((l) => whole.attention![l]));
    }
    const typed = await model.inspect('the cat!', { topK: 0, attention: Int32Array.of(1) }); // as ids may be
    expect([typed.attentionLayers, typed.attention]).toEqual([[1], [whole.attention![1]]]);
    expect(Object.is((await model.inspect('the cat!', { topK: 0, attention: [-0] })).attentionLayers![0], 0)).toBe(true); // -0 said as 0
  });

  // Heads were not selectable: a view of one head read back, and counted, every head of its layer.
  it('attention of the heads listed: those heads of each map, in the order listed, as the whole inspection has them', async () => {
    const whole = await model.inspect('the cat!', { topK: 0, attention: true });
    const T = whole.ids.length;
    expect(whole.attentionHeads).toEqual([0, 1, 2, 3]);
    const headsOf = (map: Float32Array, heads: number[]) => Float32Array.from(heads.flatMap((h) => [...map.subarray(h * T * T, (h + 1) * T * T)]));
    // Runs of consecutive heads are staged as one copy: [3, 0, 1] is two, out of order.
    const cases: Array<[InspectOptions['attention'], InspectOptions['attentionHeads'], number[]]> = [
      [true, [2], [0, 1]], [[1, 0], [3, 0, 1], [1, 0]], [[0], Uint32Array.of(1, 2), [0]], [[1], [-0, 3], [1]],
    ];
    for (const [attention, heads, layers] of cases) {
      const got = await model.inspect('the cat!', { topK: 0, attention, attentionHeads: heads });
      const listed = [...heads!].map((h) => h + 0);
      expect([got.attentionLayers, got.attentionHeads], String(heads)).toEqual([layers, listed]);
      expect(got.attention, String(heads)).toEqual(layers.map((l) => headsOf(whole.attention![l], listed)));
    }
  });

  it('takes an input as long as the context, and refuses a longer one', async () => {
    const full = 'abcdefghijkl';
    const got = await model.inspect(full, { topK: 2, attention: true });
    expect(got.attention![0]).toHaveLength(config.nHeads * 12 * 12);
    await expect(model.inspect(`${full}m`)).rejects.toThrow(new RangeError('the input is 13 tokens, but the context holds 12: shorten it (the model\'s own context is 12)'));
    // Loaded with a shorter context than its own, a larger maxSeqLen is the other way out.
    const short = new Model(await Transformer.create(engine.gpu, config, weights, { maxSeqLen: 8 }), fromAlphabet(ALPHABET), { parameters: 0, weightBytes: 0 });
    try {
      await expect(short.inspect(full)).rejects.toThrow(new RangeError('the input is 12 tokens, but the context holds 8: shorten it, or load the model with a larger maxSeqLen (up to its context, 12)'));
    } finally {
      short.dispose();
    }
  });

  it('refuses bad options and inputs with errors naming them, before touching the KV cache', async () => {
    const running = model.generate('ab', { temperature: 0, maxTokens: 8 });
    const steps = running[Symbol.asyncIterator]();
    await steps.next();
    const bad: Array<[string | number[], InspectOptions, RegExp]> = [
      ['a', { topk: 3 } as InspectOptions, /unknown inspect option "topk"/],
      ['a', { topK: -1 }, /topK must be an integer in \[0, 32\], got -1/],
      ['a', { topK: 33 }, /topK must be an integer in \[0, 32\], got 33/],
      ['a', { topK: 1.5 }, /topK must be/],
      ['a', { attention: 'yes' as unknown as boolean }, /^inspect option attention must be true, false or a non-empty array of layers \(integers in \[0, 2\)\), or a Uint32Array or Int32Array of them, got "yes"$/],
      ['a', { attention: [] }, /^inspect option attention must be true, false or a non-empty array of layers \(integers in \[0, 2\)\), or a Uint32Array or Int32Array of them, got \[\]$/],
      ['a', { attention: [0, 2] }, /^inspect option attention\[1\] = 2 is not a layer: this model's are 0 to 1$/],
      ['a', { attention: [-1] }, /^inspect option attention\[0\] = -1 is not a layer/],
      ['a', { attention: [0.5] }, /^inspect option attention\[0\] = 0\.5 is not a layer/],
      ['a', { attention: ['1' as unknown as number] }, /^inspect option attention\[0\] = "1" is not a layer/],
      ['a', { attention: [1, 0, 1] }, /^inspect option attention lists layer 1 twice \(at 0 and 2\): list each once$/],
      ['a', { attention: [0, , 1] as number[] }, /^inspect option attention\[1\] = undefined is not a layer/], // a hole: review Q saw it pass as a layer
      ['a', { attentionHeads: [0] }, /^inspect option attentionHeads picks heads of the attention maps: ask for them with attention \(true, or the layers\)$/],
      ['a', { attention: false, attentionHeads: [0] }, /^inspect option attentionHeads picks heads/],
      ['a', { attention: true, attentionHeads: [] }, /^inspect option attentionHeads must be a non-empty array of query heads \(integers in \[0, 4\)\), or a Uint32Array or Int32Array of them, got \[\]$/],
      ['a', { attention: [1], attentionHeads: true as never }, /^inspect option attentionHeads must be a non-empty array of query heads .*, got true$/],
      ['a', { attention: true, attentionHeads: [1, 4] }, /^inspect option attentionHeads\[1\] = 4 is not a query head: this model's are 0 to 3$/],
      ['a', { attention: true, attentionHeads: [2, 2] }, /^inspect option attentionHeads lists query head 2 twice \(at 0 and 1\): list each once$/],
      ['a', { attention: true, attentionHeads: [, 1] as number[] }, /^inspect option attentionHeads\[0\] = undefined is not a query head/],
      ['a', { logitLens: 0 }, /logitLens must be true, false or an integer in \[1, 32\]/],
      ['a', { topK: 0, logitLens: true }, /logitLens must be a number when topK is 0/],
      ['a', { embeddingRows: [1, 32] }, /embeddingRows\[1\] = 32 is not a row of the embedding matrix: ids are integers in \[0, 32\)/],
      [[1, 40], {}, /input\[1\] = 40 is not a token id: ids are integers in \[0, 32\)/],
      // A string id read like the number it spells; a typed array of another kind, like no array at all.
      [[1, '2' as unknown as number], {}, /^input\[1\] = "2" is not a token id/],
      [new Float32Array([1, 2]) as unknown as number[], {}, /^the input must be a string or an array of token ids \(or a Uint32Array\), got a Float32Array$/],
      ['a', { embeddingRows: new Float64Array([1]) as unknown as number[] }, /^inspect option embeddingRows must be an array of token ids \(or a Uint32Array\), got a Float64Array$/],
      [[1], { bos: true }, /bos applies to text input only/],
      ['a', { bos: true }, /^inspect option bos is true, but this model's tokenizer has no BOS token: leave it out$/], // a character tokenizer
      [[], {}, /the input is empty/],
    ];
    for (const [input, options, message] of bad) {
      await expect(model.inspect(input, options), JSON.stringify(options)).rejects.toThrow(message);
    }
    // generate() too: the option named, before anything runs (it was the tokenizer's plain Error).
    await expect(model.generate('a', { bos: true }).text()).rejects.toThrow(new RangeError('bos is true, but this model\'s tokenizer has no BOS token: leave bos out'));
    expect(() => model.tokenize('a', { bos: true })).toThrow(new RangeError('bos is true, but this model\'s tokenizer has no BOS token: leave bos out'));
    while (!(await steps.next()).done) { /* drain */ }
    expect((await running.stats).stopReason).toBe('maxTokens');
  });

  // A result's top.ids is a Uint32Array: handing its rows on to inspect() or logits() was refused as "no array".
  it('takes token ids as a Uint32Array or Int32Array too, in logits(), inspect() and embeddingRows', async () => {
    const ids = [3, 1, 4, 1, 5];
    const asArray = await model.inspect(ids, { embeddingRows: [2, 7], attention: true });
    for (const typed of [Uint32Array.from(ids), Int32Array.from(ids)]) {
      const asTyped = await model.inspect(typed, { embeddingRows: typed.constructor === Uint32Array ? Uint32Array.of(2, 7) : Int32Array.of(2, 7), attention: true });
      expect(asTyped.ids).toEqual(ids);
      expect([...asTyped.embeddingRows!]).toEqual([...asArray.embeddingRows!]);
      expect([...asTyped.attention![0]!]).toEqual([...asArray.attention![0]!]);
      expect([...await model.logits(typed)]).toEqual([...await model.logits(ids)]);
    }
    await expect(model.logits(Int32Array.of(1, -1))).rejects.toThrow('ids[1] = -1 is not a token id: ids are integers in [0, 32)');
  });

  // An inspection or logits() of a long input could not be stopped: a page whose text changed waited for the whole run.
  it('a signal stops logits() and inspect() between passes with its reason; one aborted already disturbs nothing', async () => {
    await expect(model.logits([1], { signal: 'x' } as never)).rejects.toThrow(new RangeError('logits option signal must be an AbortSignal, got "x"'));
    await expect(model.logits([1], { sgnal: 1 } as never)).rejects.toThrow(new RangeError('unknown logits option "sgnal" (known: signal)'));
    await expect(model.inspect('a', { signal: {} as AbortSignal })).rejects.toThrow(/^inspect option signal must be an AbortSignal, got \{\}$/);
    const reason = new Error('the text changed');
    const running = model.generate('ab', { temperature: 0, maxTokens: 8 });
    const steps = running[Symbol.asyncIterator]();
    await steps.next();
    await expect(model.logits([1, 2], { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(model.inspect('ab', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    while (!(await steps.next()).done) { /* drain */ }
    expect((await running.stats).stopReason).toBe('maxTokens'); // not superseded

    const input = 'the cat!'; // 8 tokens: passes of 3, 3 and 2 rows
    const ids = model.tokenize(input);
    const whole = { logits: await model.logits(ids), inspect: await model.inspect(input, { topK: 3 }) };
    const queue = engine.gpu.device.queue;
    const submit = queue.submit.bind(queue);
    let submits = 0;
    let onFirst = () => undefined as void;
    queue.submit = (buffers: Iterable<GPUCommandBuffer>) => {
      if (++submits === 1) onFirst();
      return submit(buffers);
    };
    try {
      const counted = async (run: (signal?: AbortSignal) => Promise<unknown>) => {
        submits = 0;
        onFirst = () => undefined;
        await run();
        const all = submits;
        const controller = new AbortController();
        submits = 0;
        onFirst = () => controller.abort(reason);
        await expect(run(controller.signal)).rejects.toBe(reason);
        return { all, aborted: submits };
      };
      for (const run of [(signal?: AbortSignal) => model.logits(ids, { signal }), (signal?: AbortSignal) => model.inspect(input, { topK: 3, signal })]) {
        const { all, aborted } = await counted(run);
        expect(aborted).toBeLessThanOrEqual(all / 3); // the first pass's submits, and no more
      }
    } finally {
      queue.submit = submit;
    }
    // The model goes on as before the aborts.
    expect(await model.logits(ids)).toEqual(whole.logits);
    expect((await model.inspect(input, { topK: 3 })).top).toEqual(whole.inspect.top);
  });

  it('refuses text whose tokens lie past the vocabulary (a tokenizer larger than the model), before touching the KV cache', async () => {
    const small = gpt2Config({ V: 16, C: 16, L: 1, NH: 2, NKV: 2, F: 32, maxSeqLen: 8 });
    const wide = new Model(await Transformer.create(engine.gpu, small, randomWeights(small, 5)), fromAlphabet(ALPHABET), { parameters: 0, weightBytes: 0 });
    try {
      const running = wide.generate('abc', { temperature: 0, maxTokens: 4 });
      const steps = running[Symbol.asyncIterator]();
      await steps.next();
      await expect(wide.inspect('ax')).rejects.toThrow(new RangeError('the text\'s token 1 (id 23, "x") is outside the model\'s vocabulary of 16'));
      while (!(await steps.next()).done) { /* drain */ }
      expect((await running.stats).stopReason).toBe('maxTokens');
    } finally {
      wide.dispose();
    }
  });

  it('refuses an inspection whose arrays would pass 1 GiB, naming them, before anything runs', async () => {
    const long = gpt2Config({ V: 16, C: 20, L: 4, NH: 5, NKV: 5, F: 32, maxSeqLen: 4096 });
    const model = new Model(await Transformer.create(engine.gpu, long, randomWeights(long, 7)), fromAlphabet(ALPHABET.slice(0, 16)), { parameters: 0, weightBytes: 0 });
    try {
      const ids = new Array<number>(4096).fill(3);
      // 4 layers x 5 heads x 4096 x 4096 floats: 1.25 GiB of attention weights.
      await expect(model.inspect(ids, { attention: true })).rejects.toThrow(new RangeError('inspecting 4096 tokens would return 1.3 GiB (attention 1280 MiB), over the 1 GiB an inspection may: inspect fewer tokens, or leave the largest off'));
      const got = await model.inspect(ids.slice(0, 8), { attention: true, topK: 1 });
      expect(got.attention).toHaveLength(4);
      // Embedding rows count too (a map of a 128k x 4096 vocabulary is 2 GiB): 3600 tokens' attention
      // is 989 MiB, and 2^20 rows of 20 floats another 80 MiB.
      const rows = new Array<number>(2 ** 20).fill(5);
      await expect(model.inspect(ids.slice(0, 3600), { attention: true, embeddingRows: rows })).rejects.toThrow(new RangeError('inspecting 3600 tokens would return 1.0 GiB (attention 989 MiB, embeddingRows 80 MiB), over the 1 GiB an inspection may: inspect fewer tokens, or leave the largest off'));
      // Layers listed count alone: three of the four at 4096 tokens are 960 MiB.
      await expect(model.inspect(ids, { attention: [3, 0, 1], embeddingRows: rows })).rejects.toThrow(new RangeError('inspecting 4096 tokens would return 1.0 GiB (attention 960 MiB, embeddingRows 80 MiB), over the 1 GiB an inspection may: inspect fewer tokens, or leave the largest off'));
      // And heads listed: four of the five of every layer are 1024 MiB.
      await expect(model.inspect(ids, { attention: true, attentionHeads: [4, 0, 1, 2], embeddingRows: rows })).rejects.toThrow(new RangeError('inspecting 4096 tokens would return 1.1 GiB (attention 1024 MiB, embeddingRows 80 MiB), over the 1 GiB an inspection may: inspect fewer tokens, or leave the largest off'));
    } finally {
      model.dispose();
    }
    // The top tokens count too, 16 bytes each (id, probability, text): with k = V = 40000 they were
    // left out, and 512 tokens' lens of 5 layers (1.5 GiB, minutes of top-k) ran out of memory (review H).
    const wideV = gpt2Config({ V: 40_000, C: 8, L: 4, NH: 2, NKV: 2, F: 8, maxSeqLen: 512 });
    const alphabet = Array.from({ length: 40_000 }, (_, i) => String.fromCodePoint(0x10000 + i)).join('');
    const vocabulary = new Model(await Transformer.create(engine.gpu, wideV, randomWeights(wideV, 9)), fromAlphabet(alphabet), { parameters: 0, weightBytes: 0 });
    try {
      const ids = new Array<number>(512).fill(3);
      await expect(vocabulary.inspect(ids, { topK: 40_000, logitLens: true })).rejects.toThrow(new RangeError('inspecting 512 tokens would return 1.8 GiB (top 313 MiB, logitLens 1563 MiB), over the 1 GiB an inspection may: inspect fewer tokens, or leave the largest off'));
      expect((await vocabulary.inspect(ids.slice(0, 2), { topK: 40_000, logitLens: true })).logitLens).toHaveLength(5);
    } finally {
      vocabulary.dispose();
    }
  });

  it('reports every token by default when the vocabulary has fewer than 10', async () => {
    const small = gpt2Config({ V: 6, C: 16, L: 1, NH: 2, NKV: 2, F: 32, maxSeqLen: 8 });
    const transformer = await Transformer.create(engine.gpu, small, randomWeights(small, 3));
    const dna = new Model(transformer, fromAlphabet('ACGTN\n'), { parameters: 0, weightBytes: 0 });
    try {
      const got = await dna.inspect('GATTACA', { logitLens: true });
      expect(got.top.k).toBe(6);
      expect(got.logitLens![1].k).toBe(6);
      const want = referenceInspection(small, randomWeights(small, 3), got.ids);
      expectTop(got.top, want.logits, 6, 6, 'top', (id) => 'ACGTN\n'[id]);
    } finally {
      dna.dispose();
    }
  });

  it('refuses to run after dispose()', async () => {
    const transformer = await Transformer.create(engine.gpu, config, weights);
    const gone = new Model(transformer, fromAlphabet(ALPHABET), { parameters: 0, weightBytes: 0 });
    gone.dispose();
    await expect(gone.inspect('a')).rejects.toThrow(/inspect\(\) after dispose\(\)/);
    // Disposed while an embeddings-only inspection runs: it stops instead of reading destroyed buffers.
    const racing = new Model(await Transformer.create(engine.gpu, config, weights), fromAlphabet(ALPHABET), { parameters: 0, weightBytes: 0 });
    const rows = racing.inspect('a', { topK: 0, embeddingRows: [1, 2] });
    racing.dispose();
    await expect(rows).rejects.toThrow('this model was disposed while its embedding rows were read: load it again to use it');
    engine.gpu.assertHealthy();
  });
});
