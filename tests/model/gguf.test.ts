// GGUF checkpoints: random GPT-2 and Llama safetensors models written as GGUF (gguf-writer.ts) in f32, f16,
// bf16, q8_0, q4_0, q4_K, q5_K and q6_K (our quantizers'), read back (gguf.ts, gguf-model.ts) and run by the CPU
// reference forward on the dequantized weights against the same forward on the safetensors weights stored in the
// same dtype; the f32 file also through engine.load on the GPU. A Llama file with k-quant tensors (q4_K, q5_K,
// q6_K): each kept as it is, except q4_K and q6_K stacked together in qkv, dequantized on load to q8_0, or all
// converted to the dtype asked for. Then one malformed file per error the reader names.

import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { ModelSourceError, NoChatTemplateError, TokenizerFormatError, WeightFormatError } from '../../src/errors.js';
import type { HostTensor, ModelConfig, WeightMap } from '../../src/model/config.js';
import { convertWeights } from '../../src/model/convert.js';
import { prepareModel } from '../../src/model/prepare.js';
import { type ReadProgress, resolveSource } from '../../src/model/source.js';
import { encodeGguf, encodeGgufModel, gguf, type GgufEntry } from '../../src/model/weights/gguf-writer.js';
import { GgufType, MAX_ARRAY_ITEMS, parseGguf, parseGgufMetadata } from '../../src/model/weights/gguf.js';
import { loadModel } from '../../src/model/weights/index.js';
import { blocksToGguf, largestKnown, rowRunsOf, scaleOfWord, type StoredTensor, type WeightDType } from '../../src/quant/formats.js';
import { f16Bits } from '../../src/quant/half.js';
import { dequantizeKQuant, isKQuant, K_QUANT_BLOCK_BYTES, type KQuantType } from '../../src/quant/kquants.js';
import { dequantizeLegacy, LEGACY_BLOCK_BYTES, type LegacyQuantType } from '../../src/quant/legacy.js';
import { storesAll, toFloat32, toStored } from '../../src/quant/stored.js';
import { ReferenceTransformer } from '../../src/reference/transformer.js';
import { compare, type Tolerance } from '../kernels/harness.js';
import { dataPath } from '../support/data.js';
import { mulberry32 } from '../support/random.js';
import { randomHfCheckpoint, type RandomDims } from './fixtures.js';

// K = 64 and 256: whole 32-value blocks, so every matrix can be q8_0 / q4_0.
const DIMS: RandomDims = { vocabSize: 67, dim: 64, nLayers: 2, nHeads: 4, nKvHeads: 2, hiddenDim: 128, maxSeqLen: 16 };
const PROMPT = [1, 17, 5, 66, 42, 3, 9];
/** The k-quants' super-blocks need K = 256 in every matrix (dim and hiddenDim). */
const SUPER_BLOCK_DIMS: RandomDims = { ...DIMS, dim: 256, hiddenDim: 256, nLayers: 1 };
// The GGUF model rotates interleaved pairs of rows the writer permuted; the safetensors one rotates halves:
// the same numbers summed in another order, so only f32 rounding separates them.
const SAME: Tolerance = { atol: 1e-4, rtol: 1e-4, nmse: 1e-9 };
const CHAT_TEMPLATE = "{% for m in messages %}<s>{{ m['content'] }}</s>{% endfor %}";

/** A SentencePiece vocabulary of single characters (no merges), enough for a tokenizer of V = 67. */
function tokenizerMetadata(): [string, GgufEntry][] {
  const chars = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\u2581.'];
  const tokens = ['<unk>', '<s>', '</s>', ...chars];
  return [
    ['tokenizer.ggml.model', gguf.string('llama')],
    ['tokenizer.ggml.tokens', gguf.array(GgufType.STRING, tokens)],
    ['tokenizer.ggml.scores', gguf.array(GgufType.FLOAT32, tokens.map(() => 0))],
    ['tokenizer.ggml.token_type', gguf.array(GgufType.INT32, tokens.map((_, i) => (i < 3 ? 3 : 1)))],
    ['tokenizer.ggml.unknown_token_id', gguf.u32(0)],
    ['tokenizer.chat_template', gguf.string(CHAT_TEMPLATE)],
  ];
}

function hfModel(kind: 'gpt2' | 'llama' | 'qwen2', dims = kind === 'gpt2' ? { ...DIMS, nKvHeads: undefined, hiddenDim: 256 } : DIMS) {
  const ck = randomHfCheckpoint(kind, dims, 7);
  const files = new Map([['config.json', new TextEncoder().encode(ck.configJson)], ['model.safetensors', ck.safetensorsBytes]]);
  return loadModel({ format: 'huggingface', files });
}

const asStored = (w: ReadonlyMap<string, StoredTensor>, dtype: WeightDType) =>
  new Map([...w].map(([name, t]) => [name, t.shape.length === 2 && !name.startsWith('embed.positions') ? toStored(t as HostTensor, dtype) : t]));
const asFloat = (w: ReadonlyMap<string, StoredTensor>): WeightMap =>
  new Map([...w].map(([name, t]) => [name, { ...toFloat32(t), dtype: 'f32' as const }]));

/** The GPU model's logits for PROMPT against the CPU reference on the weights as loaded (what the GPU holds). */
async function expectReferenceLogits(model: { logits(ids: number[]): Promise<Float32Array> }, loaded: { config: ModelConfig; weights: ReadonlyMap<string, StoredTensor> }): Promise<void> {
  const want = new ReferenceTransformer(loaded.config, asFloat(loaded.weights)).forward(PROMPT, 0);
  const r = compare(await model.logits(PROMPT), want, { atol: 2e-4, rtol: 2e-4, nmse: 1e-8 });
  expect(r.pass, r.detail).toBe(true);
}

const load = (bytes: Uint8Array) => loadModel(ggufFiles(bytes));

function ggufFiles(bytes: Uint8Array) {
  return { format: 'gguf' as const, checkpoint: 'model.gguf', files: new Map([['model.gguf', bytes]]) };
}

describe('GGUF round trip (CPU reference forward)', () => {
  // Qwen2 (q, k and v biases) as llama.cpp writes it: architecture qwen2, q and k rows not permuted.
  for (const kind of ['gpt2', 'llama', 'qwen2'] as const) {
    for (const dtype of ['f32', 'f16', 'bf16', 'q8_0', 'q4_0', 'q4_K', 'q5_K', 'q6_K'] as const) {
      const hf = isKQuant(dtype) ? hfModel(kind, { ...SUPER_BLOCK_DIMS, ...(kind === 'gpt2' ? { nKvHeads: undefined } : {}) }) : hfModel(kind);
      it(`${kind} ${dtype}`, () => {
        const stored = asStored(hf.weights, dtype);
        const bytes = encodeGgufModel(hf.config, stored, { metadata: tokenizerMetadata() });
        const loaded = loadModel(ggufFiles(bytes));
        // GGUF stores epsilons as f32.
        const expectedConfig: ModelConfig = { ...hf.config, normEps: Math.fround(hf.config.normEps), ...(kind === 'llama' ? { ropeLayout: 'interleaved' } : {}) };
        expect(parseGguf(bytes).metadata.get('general.architecture')?.value).toBe(kind);
        expect(loaded.config).toEqual(expectedConfig);
        for (const [name, t] of loaded.weights) {
          // Matrices keep the file's dtype; vectors are widened to f32.
          expect(t.dtype, name).toBe(t.shape.length === 2 && name !== 'embed.positions' ? dtype : 'f32');
        }
        const want = new ReferenceTransformer(hf.config, asFloat(stored)).forward(PROMPT, 0);
        const got = new ReferenceTransformer(loaded.config, asFloat(loaded.weights)).forward(PROMPT, 0);
        const r = compare(got, want, SAME);
        expect(r.pass, r.detail).toBe(true);
      });
    }
  }

  // A matrix is made from the file's bytes a run of rows at a time (deferredRowRuns: 2^20 values a
  // run, 4,096 rows of 256 here) as it uploads, is checked and converts, a block matrix repacked, a
  // file on disk read a run at a time into one array: the runs hold what its whole data does (q6_K's
  // padded super-blocks too), and check and convert as it does.
  it('makes a matrix a run of rows at a time, in memory and from disk, as its whole data, and checks and converts those runs as the whole', async () => {
    const hf = hfModel('llama', { ...DIMS, vocabSize: 4200, dim: 256, hiddenDim: 256, nLayers: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'shaderlm-runs-'));
    const fromDisk = async (bytes: Uint8Array) => {
      writeFileSync(join(dir, 'model.gguf'), bytes);
      const files = await resolveSource(join(dir, 'model.gguf'));
      if (files.format !== 'gguf' || !files.onDisk) throw new Error('not left on disk');
      const reads: number[] = [];
      const read = files.onDisk.read.bind(files.onDisk);
      files.onDisk.read = (offset, length, into) => (reads.push(into ? -length : length), read(offset, length, into));
      return { loaded: loadModel(files), reads };
    };
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    for (const [dtype, where] of ['f32', 'f16', 'bf16', 'q8_0', 'q4_0', 'q6_K'].flatMap((d) => [[d, 'memory'], [d, 'disk']]) as [WeightDType, string][]) {
      const bytes = encodeGgufModel(hf.config, asStored(hf.weights, dtype));
      const disk = where === 'disk' ? await fromDisk(bytes) : undefined;
      const loaded = (disk?.loaded ?? load(bytes)).weights.get('embed.tokens')!;
      const before = disk?.reads.length ?? 0;
      const runs = Array.from(rowRunsOf(loaded)!(), (r) => ({ first: r.first, rows: r.rows, data: r.data.slice() })); // a run's data is the next's
      expect(runs.map((r) => [r.first, r.rows]), `${dtype} in ${where}`).toEqual([[0, 4096], [4096, 104]]);
      // From disk, each run's bytes alone, into an array given (told here as a negative length).
      if (disk) expect(disk.reads.slice(before), dtype).toEqual([4096, 104].map((rows) => -rows * parseGguf(bytes).tensors.get('token_embd.weight')!.byteLength / 4200));
      const whole = { shape: loaded.shape, dtype: loaded.dtype, data: loaded.data, layout: loaded.layout }; // no runs
      const joined = whole.data.slice().fill(0);
      for (const [i, r] of runs.entries()) joined.set(r.data, i * runs[0]!.data.length);
      expect(joined.findIndex((w, i) => w !== whole.data[i]), `${dtype}: the first word unlike the whole data's`).toBe(-1);
      for (const target of ['q8_0', 'q4_0', 'f16'] as const) {
        expect(storesAll(loaded, target), `${dtype} as ${target}`).toBe(storesAll(whole, target));
        const fromRuns = convertWeights(new Map([['embed.tokens', loaded]]), target).weights.get('embed.tokens')!.data;
        const fromWhole = toStored(toFloat32(whole), target).data; // at once, no runs
        expect(fromRuns.length, `${dtype} as ${target}`).toBe(fromWhole.length);
        expect(fromRuns.findIndex((w, i) => w !== fromWhole[i]), `${dtype} as ${target}: the first word unlike the whole conversion's`).toBe(-1);
      }
    }
  });

  // q of 1152 x 1152 is two runs (910 and 242 rows), k and v one each: the stack's runs are its parts'
  // runs in turn, each read from disk, and its conversion a run at a time (memory lent within memory lent).
  it('makes stacked q, k and v from disk a run of rows at a time, each part\'s in turn, and converts them as the whole', async () => {
    const hf = hfModel('llama', { ...DIMS, dim: 1152, nHeads: 18, nKvHeads: 6, hiddenDim: 128, nLayers: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'shaderlm-stack-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    for (const dtype of ['f16', 'q8_0'] as const) {
      writeFileSync(join(dir, 'model.gguf'), encodeGgufModel(hf.config, asStored(hf.weights, dtype)));
      const qkv = loadModel(await resolveSource(join(dir, 'model.gguf'))).weights.get('layers.0.attn.qkv.weight')!;
      const whole = { shape: qkv.shape, dtype: qkv.dtype, data: qkv.data, layout: qkv.layout }; // no runs
      const copies = (t: StoredTensor) => Array.from(rowRunsOf(t)!(), (r) => ({ first: r.first, rows: r.rows, data: r.data.slice() }));
      const joined = (runs: ReturnType<typeof copies>, like: StoredTensor['data']) => runs.reduce((j, r) => (j.set(r.data, r.first * (like.length / 1920)), j), like.slice().fill(0));
      const runs = copies(qkv);
      expect(runs.map((r) => [r.first, r.rows]), dtype).toEqual([[0, 910], [910, 242], [1152, 384], [1536, 384]]);
      expect(joined(runs, whole.data).findIndex((w, i) => w !== whole.data[i]), dtype).toBe(-1);
      const converted = convertWeights(new Map([['qkv', qkv]]), 'q4_0').weights.get('qkv')!;
      const want = toStored(toFloat32(whole), 'q4_0').data;
      expect(joined(copies(converted), want).findIndex((w, i) => w !== want[i]), `${dtype} as q4_0`).toBe(-1);
    }
  });

  it('gives each F16 and BF16 matrix, q, k and v stacked too, the largest magnitude its finite check found, as its values have it', () => {
    const hf = hfModel('llama');
    for (const dtype of ['f16', 'bf16'] as const) {
      const loaded = load(encodeGgufModel(hf.config, asStored(hf.weights, dtype)));
      for (const [name, t] of loaded.weights) {
        if (t.dtype !== dtype) continue;
        expect(largestKnown(t), `${dtype} ${name}`).toBe(Math.max(...toFloat32(t).data.map(Math.abs)));
      }
      expect(loaded.weights.get('layers.0.attn.qkv.weight')!.dtype).toBe(dtype);
    }
  });

  // llama.cpp's converter permutes the q and k rows of the llama architecture only (LlamaModel.permute).
  it('stores Qwen2\'s q and k rows as Hugging Face does, and Llama\'s permuted for adjacent pairs', () => {
    for (const kind of ['qwen2', 'llama'] as const) {
      const ck = randomHfCheckpoint(kind, DIMS, 7);
      const hf = hfModel(kind);
      const q = parseGguf(encodeGgufModel(hf.config, hf.weights)).tensors.get('blk.0.attn_q.weight')!;
      const rows = new Float32Array(q.bytes.slice().buffer);
      const same = rows.every((x, i) => x === ck.tensors['model.layers.0.self_attn.q_proj.weight']!.data[i]);
      expect(same, kind).toBe(kind === 'qwen2');
    }
  });

  it('keeps a GPT-2 head llama.cpp writes as a copy of the embedding tied, and an unequal one as lm_head', () => {
    const hf = hfModel('gpt2');
    const copy = new Map([...hf.weights, ['lm_head.weight', hf.weights.get('embed.tokens')!]]);
    expect(loadModel(ggufFiles(encodeGgufModel(hf.config, copy))).config.tiedEmbeddings).toBe(true);
    const other = { ...hf.weights.get('embed.tokens')!, data: (hf.weights.get('embed.tokens')!.data as Float32Array).map((x) => -x) };
    const untied = loadModel(ggufFiles(encodeGgufModel(hf.config, new Map([...hf.weights, ['lm_head.weight', other]]))));
    expect(untied.config.tiedEmbeddings).toBe(false);
    expect(untied.weights.get('lm_head.weight')!.data).toEqual(other.data);
  });

  it('reads RoPE scaling as llama.cpp does: linear by default, the factor from scaling.factor or the older scale_linear, zero as none', () => {
    const hf = hfModel('llama');
    const scaling = (...entries: [string, GgufEntry][]) => load(encodeGgufModel(hf.config, hf.weights, { metadata: entries })).config.ropeScaling;
    const linear4 = { type: 'linear', factor: 4 };
    expect(scaling()).toBeUndefined();
    expect(scaling(['llama.rope.scale_linear', gguf.f32(4)])).toEqual(linear4);
    expect(scaling(['llama.rope.scaling.factor', gguf.f32(4)])).toEqual(linear4);
    expect(scaling(['llama.rope.scaling.factor', gguf.f32(4)], ['llama.rope.scale_linear', gguf.f32(2)])).toEqual(linear4);
    expect(scaling(['llama.rope.scaling.type', gguf.string('linear')])).toBeUndefined();
    expect(scaling(['llama.rope.scaling.type', gguf.string('linear')], ['llama.rope.scaling.factor', gguf.f32(0)])).toBeUndefined();
    expect(scaling(['llama.rope.scaling.type', gguf.string('none')], ['llama.rope.scaling.factor', gguf.f32(4)])).toBeUndefined();
    expect(() => scaling(['llama.rope.scaling.factor', gguf.f32(-2)])).toThrow(/^model\.gguf: metadata llama\.rope\.scaling\.factor must be a positive number, got -2$/);
    expect(() => scaling(['llama.rope.scaling.type', gguf.string('yarn')])).toThrow(/llama\.rope\.scaling\.type "yarn" is not supported \(supported: none, linear\)/);
  });

  // Llama 3.1's scaling reaches GGUF files as the tensor rope_freqs.weight, which was refused.
  it('reads Llama 3.1 RoPE scaling from rope_freqs.weight, as llama.cpp\'s converter writes it: the llama3 config\'s logits', () => {
    const hf = hfModel('llama');
    // Heads of 16: 8 pairs, the first in the blended band (wavelength 6.3 between 2 and 8), the rest slowed down 8 times.
    const llama3: ModelConfig = { ...hf.config, ropeTheta: 500000, ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 8 } };
    const loaded = load(encodeGgufModel(llama3, hf.weights, { metadata: tokenizerMetadata() }));
    expect(loaded.config.ropeScaling?.type).toBe('factors');
    const forward = (c: ModelConfig, w: ReadonlyMap<string, StoredTensor>) => new ReferenceTransformer(c, asFloat(w)).forward(PROMPT, 0);
    const got = forward(loaded.config, loaded.weights);
    const r = compare(got, forward(llama3, hf.weights), SAME);
    expect(r.pass, r.detail).toBe(true);
    expect(compare(got, forward({ ...llama3, ropeScaling: undefined }, hf.weights), SAME).pass).toBe(false);
    // Factors that are not one per rotated pair, or not positive, are the file's damage.
    const factors = (f: number[]) => () => load(encodeGgufModel({ ...hf.config, ropeScaling: { type: 'factors', factors: f } }, hf.weights));
    expect(factors([1, 1, 1, 1, 1, 1, 1, 0])).toThrow('model.gguf: tensor rope_freqs.weight holds 0 at element 7: RoPE frequency factors must be positive');
    // A NaN or infinity is a damaged file, as in any other tensor (checked after the parse).
    for (const bad of [NaN, -Infinity]) {
      expect(factors([1, 1, bad, 1, 1, 1, 1, 1])).toThrow(`model.gguf: tensor "rope_freqs.weight" holds ${bad} at element 2 (index [2] of shape [8]): the file is damaged or was saved from a diverged model`);
    }
    expect(factors([1, 2, 3])).toThrow('model.gguf: tensor "rope_freqs.weight": the metadata implies ne [8] but the file has [3]');
    // llama.cpp's qwen2 has no such tensor.
    const qwen = hfModel('qwen2');
    expect(() => load(encodeGgufModel({ ...qwen.config, ropeScaling: { type: 'factors', factors: new Array(8).fill(2) } }, qwen.weights)))
      .toThrow('model.gguf: 1 tensor has no place in the model its metadata describes: "rope_freqs.weight"');
    const both = encodeGgufModel(llama3, hf.weights, { metadata: [['llama.rope.scaling.factor', gguf.f32(2)]] });
    expect(() => load(both)).toThrow('model.gguf: both llama.rope.scaling.factor = 2 and per-frequency RoPE factors (rope_freqs.weight): scaling by both is not supported');
  });

  it('refuses a mixture-of-experts model (llama.cpp writes Mixtral as llama) by saying so, not by a missing tensor', () => {
    const hf = hfModel('llama');
    const dense = parseGguf(encodeGgufModel(hf.config, hf.weights, { metadata: [['llama.expert_count', gguf.u32(4)]] }));
    // Each layer's ffn tensors as llama.cpp stores experts: stacked along a third axis, beside a router.
    const tensors = [...dense.tensors.values()].flatMap((t) => {
      const ffn = /^(blk\.\d+)\.ffn_(gate|up|down)\.weight$/.exec(t.name);
      if (!ffn) return [{ name: t.name, ne: t.ne, type: t.type, bytes: t.bytes }];
      const experts = { name: `${ffn[1]}.ffn_${ffn[2]}_exps.weight`, ne: [...t.ne, 1], type: t.type, bytes: t.bytes };
      return ffn[2] === 'gate' ? [{ name: `${ffn[1]}.ffn_gate_inp.weight`, ne: [t.ne[0]!, 1], type: 'f32' as const, bytes: new Uint8Array(4 * t.ne[0]!) }, experts] : [experts];
    });
    const refusal = /^model\.gguf: a mixture-of-experts model \(llama\.expert_count = 4, Mixtral and the like\) is not supported$/;
    expect(() => load(encodeGguf([...dense.metadata], tensors))).toThrow(refusal);
    expect(() => load(encodeGguf([...dense.metadata].filter(([k]) => k !== 'llama.expert_count'), tensors))).toThrow(/\(its router tensor blk\.0\.ffn_gate_inp\.weight, Mixtral and the like\)/);
    expect(load(encodeGgufModel(hf.config, hf.weights, { metadata: [['llama.expert_count', gguf.u32(0)]] })).config.nLayers).toBe(2);
  });

  it('gives the tokenizer and chat template in the metadata to prepareModel', () => {
    const hf = hfModel('llama');
    const prepared = prepareModel(ggufFiles(encodeGgufModel(hf.config, hf.weights, { metadata: tokenizerMetadata() })));
    expect(prepared.tokenizer.vocabSize).toBe(67);
    expect(prepared.tokenizer.encode('ab c', { bos: false })).toEqual([3 + 62, 3, 4, 3 + 62, 5]); // ▁ a b ▁ c
    // Named in errors for where it is: the tokenizer_config.json it travels in is made up.
    expect(prepared.chatTemplate).toMatchObject({ template: CHAT_TEMPLATE, source: "model.gguf's tokenizer.chat_template", bosToken: '<s>', eosToken: '</s>' });
    const empty = prepareModel(ggufFiles(encodeGgufModel(hf.config, hf.weights, { metadata: tokenizerMetadata().map(([k, e]): [string, GgufEntry] => (k === 'tokenizer.chat_template' ? [k, gguf.string(' ')] : [k, e])) })));
    expect(empty.chatTemplate).toBeInstanceOf(NoChatTemplateError);
    expect((empty.chatTemplate as Error).message).toBe("this model has no usable chat_template (the chat template from model.gguf's tokenizer.chat_template is empty): use generate() with a plain prompt");
  });

  it('names the file and the key when the GGUF holds no tokenizer and none is given', () => {
    const hf = hfModel('llama');
    const bytes = encodeGgufModel(hf.config, hf.weights, { metadata: tokenizerMetadata().filter(([k]) => k !== 'tokenizer.ggml.model') });
    expect(() => prepareModel(ggufFiles(bytes))).toThrow(TokenizerFormatError);
    expect(() => prepareModel(ggufFiles(bytes))).toThrow(/^model\.gguf: tokenizer\.ggml\.model is missing \(the GGUF file holds no tokenizer, or an incomplete one\)$/);
  });

  it('takes no file beside it for its tokenizer, unless one is given as the tokenizer', () => {
    const hf = hfModel('llama');
    const bytes = encodeGgufModel(hf.config, hf.weights, { metadata: tokenizerMetadata() });
    const readme = new TextEncoder().encode('# a model card\n');
    const own = prepareModel(ggufFiles(bytes));
    const beside = prepareModel({ ...ggufFiles(bytes), files: new Map([['model.gguf', bytes], ['README.md', readme]]) });
    expect(beside.tokenizer.encode('ab c')).toEqual(own.tokenizer.encode('ab c'));
    expect(beside.chatTemplate).toEqual(own.chatTemplate);
    // A vocabulary-only GGUF with the letters in reverse order, given explicitly, replaces the model's own.
    const reversed = tokenizerMetadata().map(([k, e]): [string, GgufEntry] =>
      (k === 'tokenizer.ggml.tokens' ? [k, gguf.array(GgufType.STRING, [...(e.value as string[]).slice(0, 3), ...(e.value as string[]).slice(3).reverse()])] : [k, e]));
    const vocab = encodeGguf([['tokenizer.ggml.bos_token_id', gguf.u32(1)], ...reversed], []);
    const given = prepareModel({ ...ggufFiles(bytes), files: new Map([['model.gguf', bytes], ['README.md', readme], ['vocab.gguf', vocab]]), tokenizer: 'vocab.gguf' });
    expect(given.tokenizer.encode('a', { bos: false })).toEqual([4, 66]); // ▁ a, their letters counted from the end
    expect(own.tokenizer.encode('a', { bos: false })).toEqual([65, 3]);
    // ... and brings its chat template and special tokens, as the model's own GGUF would (chat() had none).
    expect(given.chatTemplate).toMatchObject({ template: CHAT_TEMPLATE, source: "vocab.gguf's tokenizer.chat_template", bosToken: '<s>' });
  });

  // A tokenizer.json given for a GGUF (one whose own pre-tokenizer is not built here, say) dropped the
  // GGUF's chat template: chat() had none.
  it('keeps the GGUF\'s chat template and special tokens with a tokenizer.json given in place of its tokenizer', () => {
    const hf = hfModel('llama');
    const tokens = tokenizerMetadata().find(([k]) => k === 'tokenizer.ggml.tokens')![1].value as string[];
    const json = new TextEncoder().encode(JSON.stringify({
      version: '1.0', truncation: null, padding: null, normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null,
      added_tokens: tokens.slice(0, 3).map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
      model: { type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab: Object.fromEntries(tokens.map((t, i) => [t, i])), merges: [] },
    }));
    const byteLevel = tokenizerMetadata().map(([k, e]): [string, GgufEntry] => (k === 'tokenizer.ggml.model' ? [k, gguf.string('gpt2')] : [k, e]));
    for (const metadata of [tokenizerMetadata(), [...byteLevel, ['tokenizer.ggml.merges', gguf.array(GgufType.STRING, ['a b'])], ['tokenizer.ggml.pre', gguf.string('tekken')]] as [string, GgufEntry][]]) {
      const bytes = encodeGgufModel(hf.config, hf.weights, { metadata });
      const given = prepareModel({ ...ggufFiles(bytes), files: new Map([['model.gguf', bytes], ['tokenizer.json', json]]), tokenizer: 'tokenizer.json' });
      expect(given.tokenizer.encode('ab', { bos: false })).toEqual([3, 4]); // the given vocabulary's, with no SentencePiece ▁ before
      expect(given.chatTemplate).toMatchObject({ template: CHAT_TEMPLATE, source: "model.gguf's tokenizer.chat_template", bosToken: '<s>', eosToken: '</s>' });
    }
  });
});

// gguf.cpp reads the data blob as the sum of each tensor's size padded to the alignment, the last
// tensor's included, and refuses a file that ends before it.
it('writes GGUF files padded after every tensor, the last included', () => {
  const tensors = [
    { name: 'a', ne: [3], type: 'f16' as const, bytes: new Uint8Array(6).fill(1) },
    { name: 'b', ne: [32, 3], type: 'q4_0' as const, bytes: new Uint8Array(54).fill(2) },
  ];
  for (const alignment of [32, 64]) {
    const bytes = encodeGguf([['general.alignment', gguf.u32(alignment)]], tensors, alignment);
    const parsed = parseGguf(bytes).tensors;
    const dataStart = parsed.get('a')!.bytes.byteOffset - bytes.byteOffset; // the first tensor is at offset 0
    const padded = tensors.reduce((n, t) => n + Math.ceil(t.bytes.byteLength / alignment) * alignment, 0);
    expect(bytes.byteLength - dataStart, `alignment ${alignment}`).toBe(padded);
    expect(parsed.get('b')!.bytes).toEqual(tensors[1]!.bytes);
  }
});

it('resolves a .gguf path as a GGUF checkpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shaderlm-gguf-'));
  try {
    const bytes = encodeGgufModel(hfModel('llama').config, hfModel('llama').weights);
    writeFileSync(join(dir, 'tiny.GGUF'), bytes);
    const files = await resolveSource(join(dir, 'tiny.GGUF'));
    expect(files).toMatchObject({ format: 'gguf', checkpoint: 'tiny.GGUF' });
    expect(files.files.get('tiny.GGUF')).toEqual(bytes.subarray(0, files.files.get('tiny.GGUF')!.byteLength));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

// A GGUF given by path was read whole into one typed array: the file stood in host memory until the
// upload ended, and one past 4 GiB (Llama-3.1-8B's Q4_K_M, 4.9 GB) was refused.
it('leaves a GGUF given by path on disk, read where its tensors lie, past 4 GiB too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shaderlm-gguf-'));
  try {
    const hf = hfModel('llama', { ...DIMS, dim: 256, hiddenDim: 512 }); // 1.3 MB in q8_0: its first 64 KiB are not all of it
    const bytes = encodeGgufModel(hf.config, asStored(hf.weights, 'q8_0'), { metadata: tokenizerMetadata() });
    const path = join(dir, 'model.gguf');
    writeFileSync(path, bytes);
    const files = await resolveSource(path);
    if (files.format !== 'gguf' || !files.onDisk) throw new Error('not left on disk');
    const head = files.files.get('model.gguf')!;
    expect(head.byteLength).toBeLessThan(bytes.byteLength); // its first 64 KiB: header, metadata and tensor infos
    const reads: number[] = [];
    const read = files.onDisk.read.bind(files.onDisk);
    files.onDisk.read = (offset, length, into) => (reads.push(length), read(offset, length, into));
    const fromDisk = prepareModel(files);
    const inMemory = prepareModel(ggufFiles(bytes));
    for (const [name, t] of inMemory.weights) expect(fromDisk.weights.get(name)!.data, name).toEqual(t.data);
    expect(fromDisk.tokenizer.encode('ab c')).toEqual(inMemory.tokenizer.encode('ab c'));
    expect(Math.max(...reads)).toBeLessThan(bytes.byteLength / 4); // a tensor at a time, never the file
    // Past 4 GiB: bytes after the last tensor (here a hole, no disk used) are ignored, as llama.cpp ignores them.
    truncateSync(path, 2 ** 32 + 1);
    const huge = await resolveSource(path);
    expect(prepareModel(huge).weights.get('lm_head.weight')!.data).toEqual(inMemory.weights.get('lm_head.weight')!.data);
    // Progress counts the whole file as read as the load reads it: its head, then each tensor as it is checked.
    writeFileSync(path, bytes);
    const events: ReadProgress[] = [];
    const reported = await resolveSource(path, { onProgress: (p) => events.push(p) });
    expect(events.at(-1)).toMatchObject({ loaded: 65536, total: bytes.byteLength, file: 'model.gguf' });
    prepareModel(reported);
    expect(events.at(-1)).toMatchObject({ loaded: bytes.byteLength, total: bytes.byteLength }); // its padding too, once checked
    // An abort stops the reads the load's checks make, not only those of its head.
    const controller = new AbortController();
    const aborted = await resolveSource(path, { signal: controller.signal });
    controller.abort(new Error('stopped by the user'));
    expect(() => prepareModel(aborted)).toThrow('stopped by the user');
    // A damaged length in the header is damage, not a reason to read the file whole.
    const damaged = bytes.slice();
    const key = new TextEncoder().encode('general.architecture');
    const at = damaged.findIndex((_, i) => key.every((b, j) => damaged[i + j] === b)) + key.length + 4; // its string value's length
    new DataView(damaged.buffer).setBigUint64(at, BigInt(2 ** 40), true);
    writeFileSync(path, damaged);
    const seen: ReadProgress[] = [];
    await expect(resolveSource(path, { onProgress: (p) => seen.push(p) })).rejects.toThrow(new WeightFormatError(`model.gguf: metadata "general.architecture": string length 1099511627776 at byte ${at} runs past the end of the file (${bytes.byteLength} bytes)`));
    expect(Math.max(...seen.map((p) => p.loaded))).toBe(65536);
    // A file that changes under the load is said to, not read as something else.
    writeFileSync(path, bytes);
    truncateSync(path, 2 ** 32 + 1);
    truncateSync(path, bytes.byteLength - 1);
    expect(() => prepareModel(huge).weights.get('lm_head.weight')!.data).toThrow(new ModelSourceError(`${path}: the file changed while it loaded (${bytes.byteLength - 1} bytes, ${2 ** 32 + 1} when the load began)`));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

describe('GGUF on the GPU (engine.load)', () => {
  const enginePromise = createEngine();
  afterAll(async () => (await enginePromise).destroy());

  // Each dtype kept as the file stores it on the GPU: the logits of the CPU reference on the same
  // (dequantized) weights, at the forward test's tolerance.
  for (const kind of ['gpt2', 'llama'] as const) {
    for (const dtype of ['f16', 'bf16', 'q8_0', 'q4_0', 'q4_K', 'q5_K', 'q6_K'] as const) {
      it(`${kind} ${dtype}: kept ${dtype} on the GPU, the logits of the reference on its weights`, async () => {
        const engine = await enginePromise;
        const hf = isKQuant(dtype) ? hfModel(kind, { ...SUPER_BLOCK_DIMS, ...(kind === 'gpt2' ? { nKvHeads: undefined } : {}) }) : hfModel(kind);
        const bytes = encodeGgufModel(hf.config, asStored(hf.weights, dtype), { metadata: tokenizerMetadata() });
        const model = await engine.load(new File([new Uint8Array(bytes)], `${kind}.gguf`));
        try {
          expect(Object.keys(model.info().weightDTypes ?? {}).sort()).toEqual(['f32', dtype].sort());
          await expectReferenceLogits(model, loadModel(ggufFiles(bytes)));
        } finally {
          model.dispose();
        }
      });
    }
  }

  // The qwen2 architecture, and Llama 3.1's RoPE factors, which GGUF loads refused.
  it.each<[string, () => Uint8Array]>([
    ['qwen2 q4_0 (q, k and v biases, rotated by halves)', () => {
      const hf = hfModel('qwen2');
      return encodeGgufModel(hf.config, asStored(hf.weights, 'q4_0'), { metadata: tokenizerMetadata() });
    }],
    ['Llama 3.1 RoPE factors (rope_freqs.weight)', () => {
      const hf = hfModel('llama');
      const llama3: ModelConfig = { ...hf.config, ropeTheta: 500000, ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 8 } };
      return encodeGgufModel(llama3, hf.weights, { metadata: tokenizerMetadata() });
    }],
  ])('%s: the logits of the reference', async (_, file) => {
    const engine = await enginePromise;
    const bytes = file();
    const model = await engine.load(new File([new Uint8Array(bytes)], 'model.gguf'));
    try {
      await expectReferenceLogits(model, loadModel(ggufFiles(bytes)));
    } finally {
      model.dispose();
    }
  });

  it('says in model.info().tokenizerNotes where the tokenizer departs from the file (an EOS asked after every text)', async () => {
    const engine = await enginePromise;
    const hf = hfModel('llama');
    const notes = async (metadata: [string, GgufEntry][], name: string) => {
      const model = await engine.load(new File([new Uint8Array(encodeGgufModel(hf.config, hf.weights, { metadata }))], name));
      model.dispose();
      return model.info().tokenizerNotes;
    };
    expect(await notes(tokenizerMetadata(), 'plain.gguf')).toEqual([]);
    expect(await notes([...tokenizerMetadata(), ['tokenizer.ggml.add_eos_token', gguf.bool(true)]], 'eos.gguf'))
      .toEqual([expect.stringMatching(/^eos\.gguf: tokenizer\.ggml\.add_eos_token is true: it appends EOS to every text; prompts are not given it/)]);
  });

  it('takes LoadOptions.tokenizer instead of the tokenizer in the GGUF', async () => {
    const engine = await enginePromise;
    const hf = hfModel('llama');
    const bytes = encodeGgufModel(hf.config, hf.weights, { metadata: tokenizerMetadata() });
    const reversed = tokenizerMetadata().map(([k, e]): [string, GgufEntry] =>
      (k === 'tokenizer.ggml.tokens' ? [k, gguf.array(GgufType.STRING, [...(e.value as string[]).slice(0, 3), ...(e.value as string[]).slice(3).reverse()])] : [k, e]));
    const vocab = encodeGguf([['tokenizer.ggml.bos_token_id', gguf.u32(1)], ...reversed], []);
    const model = await engine.load(new File([new Uint8Array(bytes)], 'llama.gguf'), { tokenizer: new File([new Uint8Array(vocab)], 'vocab.gguf') });
    try {
      expect(model.tokenize('a').slice(-2)).toEqual([4, 66]); // ▁ a, counted from the end: the given vocabulary
    } finally {
      model.dispose();
    }
  });

  for (const kind of ['gpt2', 'llama'] as const) {
    it(`${kind} f32: the logits of the safetensors weights`, async () => {
      const engine = await enginePromise;
      const hf = hfModel(kind);
      const bytes = encodeGgufModel(hf.config, hf.weights, { metadata: tokenizerMetadata() });
      const model = await engine.load(new File([new Uint8Array(bytes)], `${kind}.gguf`));
      try {
        const got = await model.logits(PROMPT);
        const want = new ReferenceTransformer(hf.config, hf.weights as WeightMap).forward(PROMPT, 0);
        const r = compare(got, want, { atol: 2e-4, rtol: 2e-4, nmse: 1e-8 }); // as tests/model/forward.test.ts
        expect(r.pass, r.detail).toBe(true);
      } finally {
        model.dispose();
      }
    });
  }
});

// ---- k-quants: kept as they are, except q, k and v of different formats (dequantized on load to q8_0) ----

// Every k-quant row is whole 256-weight super-blocks: dim 256, so that each matrix with K = dim can be one.
const KDIMS: RandomDims = { vocabSize: 67, dim: 256, nLayers: 1, nHeads: 4, nKvHeads: 2, hiddenDim: 64, maxSeqLen: 16 };
/** The k-quant tensors of the test file, mixed as a Q4_K_M file mixes them (q, k and v of different types). */
const K_TYPES: Record<string, KQuantType> = {
  'token_embd.weight': 'q4_K', 'blk.0.attn_q.weight': 'q4_K', 'blk.0.attn_k.weight': 'q4_K', 'blk.0.attn_v.weight': 'q6_K',
  'blk.0.attn_output.weight': 'q5_K', 'blk.0.ffn_up.weight': 'q4_K', 'output.weight': 'q6_K',
};

/**
 * Random super-blocks: every quant, scale and min byte random, d (and dmin) set so that the weights have a
 * mean near 0 and a spread of about `std` (q4_K: d * sc * q - dmin * m with sc, m ~ U{0..63}, q ~ U{0..15}, so
 * dmin = 7.5 d centres it; q5_K's q ~ U{0..31}; q6_K: d * scale * (q - 32) with int8 scales).
 */
function randomKQuant(type: KQuantType, count: number, seed: number, std: number): Uint8Array {
  const next = mulberry32(seed);
  const size = K_QUANT_BLOCK_BYTES[type];
  const bytes = Uint8Array.from({ length: (count / 256) * size }, () => Math.floor(next() * 256));
  const view = new DataView(bytes.buffer);
  for (let at = 0; at < bytes.length; at += size) {
    if (type === 'q6_K') view.setUint16(at + 208, f16Bits(std / 1400), true);
    else {
      const d = std / (type === 'q4_K' ? 260 : 520);
      view.setUint16(at, f16Bits(d), true);
      view.setUint16(at + 2, f16Bits(d * (type === 'q4_K' ? 7.5 : 15.5)), true);
    }
  }
  return bytes;
}

/** The random Llama of KDIMS as GGUF, K_TYPES's tensors replaced by random k-quant blocks; and those blocks. */
function kQuantFile(): { bytes: Uint8Array; blocks: Map<string, { type: KQuantType; bytes: Uint8Array }> } {
  const hf = hfModel('llama', KDIMS);
  const plain = parseGguf(encodeGgufModel(hf.config, hf.weights)).tensors;
  const blocks = new Map(Object.entries(K_TYPES).map(([name, type], i) => {
    const count = plain.get(name)!.ne.reduce((a, b) => a * b, 1);
    return [name, { type, bytes: randomKQuant(type, count, 0x4b + i, 1 / 16) }];
  }));
  return { bytes: encodeGgufModel(hf.config, hf.weights, { metadata: tokenizerMetadata(), replace: blocks }), blocks };
}

describe('GGUF k-quant tensors', () => {
  const { bytes, blocks } = kQuantFile();
  const exact = (name: string) => dequantizeKQuant(blocks.get(name)!.type, blocks.get(name)!.bytes, (blocks.get(name)!.bytes.length / K_QUANT_BLOCK_BYTES[blocks.get(name)!.type]) * 256);
  /** Each canonical matrix made of k-quant tensors, with its exact values: the file's, dequantized (qkv stacked). */
  const canonical: [string, () => Float32Array][] = [
    ['embed.tokens', () => exact('token_embd.weight')],
    ['layers.0.attn.qkv.weight', () => Float32Array.from([...exact('blk.0.attn_q.weight'), ...exact('blk.0.attn_k.weight'), ...exact('blk.0.attn_v.weight')])],
    ['layers.0.attn.out.weight', () => exact('blk.0.attn_output.weight')],
    ['layers.0.mlp.up.weight', () => exact('blk.0.ffn_up.weight')],
    ['lm_head.weight', () => exact('output.weight')],
  ];

  it('keeps k-quant matrices as they are, qkv stacked from q4_K and q6_K as q8_0, each weight within q8_0 rounding of the k-quant value', () => {
    const loaded = loadModel(ggufFiles(bytes));
    const kept: Record<string, string> = {
      'embed.tokens': 'token_embd.weight', 'layers.0.attn.out.weight': 'blk.0.attn_output.weight', 'layers.0.mlp.up.weight': 'blk.0.ffn_up.weight', 'lm_head.weight': 'output.weight',
    };
    for (const [name, file] of Object.entries(kept)) {
      const t = loaded.weights.get(name)!;
      const type = blocks.get(file)!.type;
      expect(t.dtype, name).toBe(type);
      expect(blocksToGguf(type, t.data as Uint32Array), name).toEqual(blocks.get(file)!.bytes);
    }
    // q, k and v stack into one matrix: q4_K with q6_K goes q8_0 whole.
    for (const [name, values] of canonical.filter(([name]) => !(name in kept))) {
      const t = loaded.weights.get(name)!;
      expect(t.dtype, name).toBe('q8_0');
      const want = values();
      const got = toFloat32(t).data;
      expect(got.length, name).toBe(want.length);
      // q = round(x / d) with d = amax / 127 over each 32 weights: |x - d q| <= d / 2; d is stored as f16,
      // which moves d q by |q| |d16 - d| <= 127 d 2^-11; 1e-6 d covers float32 steps. In all |err| <=
      // amax (1/254 + 2^-11) = amax / 226: q8_0's step is amax / 127, where q6_K's is about amax / 32 (over 16
      // weights) and q4_K's (max - min) / 15, so it adds about a quarter of q6_K's rounding, an eighth of q4_K's.
      let worst = 0;
      for (let b = 0; b < want.length / 32; b++) {
        const block = want.subarray(32 * b, 32 * b + 32);
        const d = Math.fround(Math.max(...block.map(Math.abs)) / 127);
        const d16 = scaleOfWord((t.data as Uint32Array)[9 * b]!);
        for (let j = 0; j < 32; j++) {
          const err = Math.abs(got[32 * b + j]! - block[j]!);
          const bound = d / 2 + 127 * Math.abs(d16 - d) + 1e-6 * d;
          if (err > bound) expect({ name, b, j, err, bound }).toBe('within bound');
          worst = Math.max(worst, err / (127 * d || 1));
        }
      }
      expect(worst, name).toBeLessThanOrEqual(1 / 226);
    }
  });

  it('says in dtypeNotes which tensors were k-quants and what they became', () => {
    const { dtypeNotes, weights } = prepareModel(ggufFiles(bytes));
    expect(dtypeNotes).toEqual([
      'k-quants of different formats stacked into one matrix and stored q8_0: layers.0.attn.qkv.weight (q4_K, q6_K)',
    ]);
    // The origin (which holds the file's bytes) does not stay with the model's weights.
    expect(Object.keys(weights.get('layers.0.attn.qkv.weight')!).sort()).toEqual(['data', 'dtype', 'layout', 'shape']);
  });

  it('converts them from their exact k-quant values to the dtype asked for, not from the q8_0', () => {
    const f32 = prepareModel(ggufFiles(bytes), 'f32');
    const f16 = prepareModel(ggufFiles(bytes), 'f16');
    for (const [name, values] of canonical) {
      const want = values();
      expect(f32.weights.get(name)!.data, name).toEqual(want);
      const t = f32.weights.get(name)!;
      expect(f16.weights.get(name)!.data, name).toEqual(toStored({ shape: t.shape, data: want, layout: 'nk' }, 'f16').data);
    }
    expect(f16.dtypeNotes).toEqual([
      'k-quants of different formats stacked into one matrix and stored f16: layers.0.attn.qkv.weight (q4_K, q6_K)',
      'matrices stored in a block format in the file (2 q4_K, 1 q5_K, 1 q6_K) are f16 here, converted from those values (the weights before quantization are not in the file)',
    ]);
  });

  it('refuses a super-block whose d is not finite, naming the tensor', () => {
    const head = parseGguf(bytes).tensors.get('output.weight')!;
    const damaged = patched(bytes, (v) => v.setUint16(head.bytes.byteOffset + 210 + 208, 0x7e00, true));
    expect(() => load(damaged)).toThrow(WeightFormatError);
    expect(() => load(damaged)).toThrow(/^model\.gguf: tensor "output\.weight" \(q6_K\): super-block 1 has a NaN or infinite scale \(d\): the file is damaged$/);
    const up = parseGguf(bytes).tensors.get('blk.0.ffn_up.weight')!;
    expect(() => load(patched(bytes, (v) => v.setUint16(up.bytes.byteOffset + 3 * 144 + 2, 0xfc00, true))))
      .toThrow(/tensor "blk\.0\.ffn_up\.weight" \(q4_K\): super-block 3 has a NaN or infinite scale \(dmin\)/);
    // In a q, k and v of two formats, whose values are read at the parse to stack them as q8_0: the
    // same refusal, not the quantizer's (a review found "q8_0: value 256 is NaN").
    const k = parseGguf(bytes).tensors.get('blk.0.attn_k.weight')!;
    for (const [field, at] of [['d', 0], ['dmin', 2]] as const) {
      for (const bits of [0x7e00, 0x7c00, 0xfc00]) {
        expect(() => load(patched(bytes, (v) => v.setUint16(k.bytes.byteOffset + 144 + at, bits, true))), `${field} ${bits}`)
          .toThrow(new RegExp(`^model\\.gguf: tensor "blk\\.0\\.attn_k\\.weight" \\(q4_K\\): super-block 1 has a NaN or infinite scale \\(${field}\\): the file is damaged$`));
      }
    }
  });

  // It refused the file, under dtype 'f32' too, blaming a q8_0 nobody asked for; a matrix no dtype holds stays f32 (convert.ts).
  it('keeps q, k and v f32 (their exact values) where a q4_K stacked with a q6_K reaches past q8_0\'s f16 scale, and a lone q4_K as q4_K', () => {
    // d = 65504: weights up to 65504 * 63 * 15, past the 65520 * 127 where q8_0's f16 scale amax / 127 overflows.
    const q = parseGguf(bytes).tensors.get('blk.0.attn_q.weight')!;
    const huge = patched(bytes, (v) => v.setUint16(q.bytes.byteOffset, 0x7bff, true));
    const hugeQ = dequantizeKQuant('q4_K', parseGguf(huge).tensors.get('blk.0.attn_q.weight')!.bytes, KDIMS.dim * KDIMS.dim);
    expect(Math.max(...hugeQ.map(Math.abs))).toBeGreaterThan(65520 * 127);
    const want = Float32Array.from([...hugeQ, ...exact('blk.0.attn_k.weight'), ...exact('blk.0.attn_v.weight')]);
    for (const dtype of [undefined, 'q8_0'] as const) {
      const { weights, dtypeNotes } = prepareModel(ggufFiles(huge), dtype);
      expect(weights.get('layers.0.attn.qkv.weight'), String(dtype)).toMatchObject({ dtype: 'f32', data: want });
      expect(dtypeNotes, String(dtype)).toContainEqual(expect.stringMatching(/^layers\.0\.attn\.qkv\.weight \[512, 256\] is f32: .*reach(es)? 5\.[67]0e\+7, past what q8_0's f16 scale holds/));
      expect(dtypeNotes, String(dtype)).toContain('k-quants of different formats stacked into one matrix and stored f32: layers.0.attn.qkv.weight (q4_K, q6_K)');
    }
    const up = parseGguf(bytes).tensors.get('blk.0.ffn_up.weight')!;
    expect(loadModel(ggufFiles(patched(bytes, (v) => v.setUint16(up.bytes.byteOffset, 0x7bff, true)))).weights.get('layers.0.mlp.up.weight')!.dtype).toBe('q4_K');
  });

  it('refuses k-quant rows that are not whole super-blocks, and k-quant norms', () => {
    const rows = encodeGguf([['general.architecture', gguf.string('llama')]], [{ name: 'w', ne: [128, 2], type: 'q6_K', bytes: new Uint8Array(0) }]);
    expect(() => parseGguf(rows)).toThrow(/tensor info 0 \("w"\): its rows of 128 values \(ne\[0\]\) are not a whole number of q6_K's 256-value blocks/);
    const hf = hfModel('llama', KDIMS);
    const norm = encodeGgufModel(hf.config, hf.weights, { replace: new Map([['output_norm.weight', { type: 'q4_K' as const, bytes: new Uint8Array(144) }]]) });
    expect(() => load(norm)).toThrow(/^model\.gguf: tensor "output_norm\.weight" is q4_K; norms, biases and positions must be f32, f16 or bf16$/);
  });

  it('runs on the GPU as q4_K, q5_K, q6_K and q8_0: the logits of the reference forward on the weights the GPU holds', async () => {
    const engine = await createEngine();
    try {
      const model = await engine.load(new File([new Uint8Array(bytes)], 'kquants.gguf'));
      try {
        expect(Object.keys(model.info().weightDTypes ?? {}).sort()).toEqual(['f32', 'q4_K', 'q5_K', 'q6_K', 'q8_0']);
        const prepared = prepareModel(ggufFiles(bytes));
        expect(model.info().dtypeNotes).toEqual(prepared.dtypeNotes);
        await expectReferenceLogits(model, prepared);
      } finally {
        model.dispose();
      }
    } finally {
      engine.destroy();
    }
  });
});

// llama.cpp's Q4_K_M and Q5_K_M put q5_0, q5_1 (and older files q4_1) where rows are not whole
// 256-value super-blocks (SmolLM2's 576, Qwen2.5-0.5B's 896): such files were refused. Random blocks
// of each, dequantized by legacy.ts (tested on hand-worked blocks in tests/quant/legacy.test.ts).
describe('GGUF q4_1, q5_0 and q5_1 tensors', () => {
  const hf = hfModel('llama');
  const random = mulberry32(11);
  const legacy: Record<string, LegacyQuantType> = {
    'blk.0.attn_q.weight': 'q5_0', 'blk.0.attn_k.weight': 'q5_0', 'blk.0.attn_v.weight': 'q5_0',
    'blk.1.ffn_gate.weight': 'q5_1', 'blk.1.ffn_down.weight': 'q4_1', 'output.weight': 'q5_1',
  };
  /** Random blocks: scales near 1/64, mins near -1/4, every quant value. */
  const blocksOf = (type: LegacyQuantType, count: number) => {
    const size = LEGACY_BLOCK_BYTES[type];
    const out = new Uint8Array((count / 32) * size);
    const view = new DataView(out.buffer);
    for (let at = 0; at < out.length; at += size) {
      for (let i = 0; i < size; i++) out[at + i] = Math.floor(random() * 256);
      view.setUint16(at, f16Bits((random() - 0.3) / 32), true);
      if (type !== 'q5_0') view.setUint16(at + 2, f16Bits(-random() / 4), true);
    }
    return out;
  };
  const probe = parseGguf(encodeGgufModel(hf.config, hf.weights));
  const replace = new Map(Object.entries(legacy).map(([name, type]) => {
    const count = probe.tensors.get(name)!.ne.reduce((a, b) => a * b, 1);
    return [name, { type, bytes: blocksOf(type, count) }];
  }));
  const bytes = encodeGgufModel(hf.config, hf.weights, { metadata: tokenizerMetadata(), replace });
  const exact = (name: string) => dequantizeLegacy(legacy[name]!, replace.get(name)!.bytes, (replace.get(name)!.bytes.length / LEGACY_BLOCK_BYTES[legacy[name]!]) * 32);
  const canonical: [string, () => Float32Array][] = [
    ['layers.0.attn.qkv.weight', () => Float32Array.from([...exact('blk.0.attn_q.weight'), ...exact('blk.0.attn_k.weight'), ...exact('blk.0.attn_v.weight')])],
    ['layers.1.mlp.gate.weight', () => exact('blk.1.ffn_gate.weight')],
    ['layers.1.mlp.down.weight', () => exact('blk.1.ffn_down.weight')],
    ['lm_head.weight', () => exact('output.weight')],
  ];

  it('stores them q8_0, made from their values as they upload, and says so', () => {
    const { weights, dtypeNotes } = prepareModel(ggufFiles(bytes));
    for (const [name, values] of canonical) {
      const t = weights.get(name)!;
      expect(t.dtype, name).toBe('q8_0');
      expect(t.data, `${name}: made at each read`).not.toBe(t.data);
      expect(t.data, name).toEqual(toStored({ shape: t.shape, data: values(), layout: 'nk' }, 'q8_0').data);
    }
    expect(dtypeNotes).toEqual([
      'matrices in block formats no kernel here reads (q4_1, q5_0, q5_1) stored q8_0, converted from their values: layers.0.attn.qkv.weight (q5_0), layers.1.mlp.gate.weight (q5_1), layers.1.mlp.down.weight (q4_1), lm_head.weight (q5_1)',
    ]);
  });

  it('converts them from their exact values to the dtype asked for, not from the q8_0', () => {
    const f16 = prepareModel(ggufFiles(bytes), 'f16');
    for (const [name, values] of canonical) {
      const t = f16.weights.get(name)!;
      expect(t.data, name).toEqual(toStored({ shape: t.shape, data: values(), layout: 'nk' }, 'f16').data);
    }
    expect(f16.dtypeNotes[0]).toBe('matrices in block formats no kernel here reads (q4_1, q5_0, q5_1) stored f16, converted from their values: layers.0.attn.qkv.weight (q5_0), layers.1.mlp.gate.weight (q5_1), layers.1.mlp.down.weight (q4_1), lm_head.weight (q5_1)');
  });

  it('refuses a block whose d or m is not finite, naming the tensor', () => {
    const gate = parseGguf(bytes).tensors.get('blk.1.ffn_gate.weight')!;
    expect(() => load(patched(bytes, (v) => v.setUint16(gate.bytes.byteOffset + 5 * 24 + 2, 0x7c00, true))))
      .toThrow(/^model\.gguf: tensor "blk\.1\.ffn_gate\.weight" \(q5_1\): block 5 has a NaN or infinite scale \(m\): the file is damaged$/);
    const q = parseGguf(bytes).tensors.get('blk.0.attn_q.weight')!;
    expect(() => load(patched(bytes, (v) => v.setUint16(q.bytes.byteOffset + 22, 0xfe00, true))))
      .toThrow(/tensor "blk\.0\.attn_q\.weight" \(q5_0\): block 1 has a NaN or infinite scale \(d\)/);
  });

  it('runs on the GPU: the logits of the reference forward on the weights the GPU holds', async () => {
    const engine = await createEngine();
    try {
      const model = await engine.load(new File([new Uint8Array(bytes)], 'legacy.gguf'));
      try {
        expect(Object.keys(model.info().weightDTypes ?? {}).sort()).toEqual(['f32', 'q8_0']);
        await expectReferenceLogits(model, prepareModel(ggufFiles(bytes)));
      } finally {
        model.dispose();
      }
    } finally {
      engine.destroy();
    }
  });
});

// ---- malformed files: each built with the writer, then damaged ----

const enc = new TextEncoder();

/** A small valid GGUF Llama file with a tokenizer. */
function validFile(): Uint8Array {
  const hf = hfModel('llama');
  return encodeGgufModel(hf.config, asStored(hf.weights, 'q8_0'), { metadata: tokenizerMetadata() });
}

/** Byte offset just after the first occurrence of a length-prefixed string. */
function after(bytes: Uint8Array, text: string): number {
  const needle = enc.encode(text);
  outer: for (let i = 8; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    if (new DataView(bytes.buffer, bytes.byteOffset + i - 8).getBigUint64(0, true) === BigInt(needle.length)) return i + needle.length;
  }
  throw new Error(`"${text}" not found`);
}

function patched(bytes: Uint8Array, edit: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const copy = bytes.slice();
  edit(new DataView(copy.buffer), copy);
  return copy;
}

// Matrices are checked at load but made from the file's bytes only as they upload (deferredTensor in
// src/quant/formats.ts): the repacked words of every matrix stood beside the whole file until the upload
// (a q4_0 model 2.1 times its file in host memory), so the checks read the file's own bytes, at any
// alignment, and a 16-bit or f32 matrix on whole words is the file's memory itself.
describe('GGUF matrices made from the file as they upload', () => {
  const hf = hfModel('llama');
  const fileOf = (dtype: WeightDType) => encodeGgufModel(hf.config, asStored(hf.weights, dtype), { metadata: tokenizerMetadata() });
  /** The same bytes one byte into a larger buffer: every tensor off a word. */
  const offWord = (bytes: Uint8Array) => {
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    return shifted.subarray(1);
  };
  const DOWN = 'blk.1.ffn_down.weight'; // layers.1.mlp.down.weight, (64, 128)

  it('makes a matrix\'s words at each read, the writer\'s words whether the file lies on a word or not', () => {
    for (const dtype of ['f32', 'f16', 'q4_0', 'q6_K'] as const) {
      const model = hfModel('llama', isKQuant(dtype) ? SUPER_BLOCK_DIMS : DIMS);
      const stored = asStored(model.weights, dtype);
      const bytes = encodeGgufModel(model.config, stored, { metadata: tokenizerMetadata() });
      for (const file of [bytes, offWord(bytes)]) {
        const t = load(file).weights.get('layers.0.mlp.down.weight')!;
        expect(t.data, dtype).not.toBe(t.data);
        expect(t.data, dtype).toEqual(stored.get('layers.0.mlp.down.weight')!.data);
        const inFile = t.data.buffer === file.buffer;
        expect(inFile, `${dtype}: the file's memory`).toBe(file === bytes && (dtype === 'f32' || dtype === 'f16'));
      }
    }
  });

  it.each<[WeightDType, (v: DataView, at: number) => void, string]>([
    ['f32', (v, at) => v.setFloat32(at, NaN, true), 'NaN'],
    ['f32', (v, at) => v.setFloat32(at, -Infinity, true), '-Infinity'],
    ['f16', (v, at) => v.setUint16(at, 0x7c00, true), 'Infinity'],
    ['bf16', (v, at) => v.setUint16(at, 0x7fc1, true), 'NaN'],
  ])('refuses %s weights holding %s, naming its element and index, on a word and off', (dtype, poison, value) => {
    const bytes = fileOf(dtype);
    const tensor = parseGguf(bytes).tensors.get(DOWN)!;
    const element = 128 * 37 + 101;
    const damaged = patched(bytes, (v) => poison(v, tensor.bytes.byteOffset + element * (dtype === 'f32' ? 4 : 2)));
    const message = `model.gguf: tensor "${DOWN}" holds ${value} at element ${element} (index [37, 101] of shape [64, 128]): the file is damaged or was saved from a diverged model`;
    expect(() => load(damaged)).toThrow(new WeightFormatError(message));
    expect(() => load(offWord(damaged))).toThrow(new WeightFormatError(message));
  });

  // The checks read a tensor a 4 MiB piece at a time (tensor-bytes.ts), a file on disk into one array.
  it('names the value or block a check refuses past its first piece, and finds the largest in any piece, in memory and on disk', async () => {
    const hf = hfModel('llama', { ...DIMS, vocabSize: 21000, dim: 256, hiddenDim: 256, nLayers: 1 }); // 5,376,000 embedding values
    const dir = mkdtempSync(join(tmpdir(), 'shaderlm-pieces-'));
    const fromDisk = async (bytes: Uint8Array) => {
      writeFileSync(join(dir, 'model.gguf'), bytes);
      return loadModel(await resolveSource(join(dir, 'model.gguf')));
    };
    const both = async (bytes: Uint8Array) => [() => load(bytes), await fromDisk(bytes).then((m) => () => m, (e: unknown) => () => { throw e; })];
    const embedding = (bytes: Uint8Array) => parseGguf(bytes).tensors.get('token_embd.weight')!.bytes.byteOffset;
    try {
      const element = 3_000_001; // past the first piece: 2,097,152 16-bit values, 1,048,576 f32
      const poisons = { f16: (v: DataView, at: number) => v.setUint16(at, 0x7e00, true), bf16: (v: DataView, at: number) => v.setUint16(at, 0x7fc1, true), f32: (v: DataView, at: number) => v.setFloat32(at, NaN, true) };
      for (const dtype of ['f16', 'bf16', 'f32'] as const) {
        const file = encodeGgufModel(hf.config, asStored(hf.weights, dtype));
        const size = dtype === 'f32' ? 4 : 2;
        const nan = patched(file, (v) => poisons[dtype](v, embedding(file) + size * element));
        for (const loaded of await both(nan)) expect(loaded, dtype).toThrow(`tensor "token_embd.weight" holds NaN at element ${element} (index [11718, 193] of shape [21000, 256])`);
        if (dtype === 'f32') continue;
        const large = patched(file, (v) => v.setUint16(embedding(file) + 2 * element, dtype === 'f16' ? f16Bits(-1000) : 0xc47a, true)); // -1000: in the middle piece of 3
        for (const loaded of await both(large)) expect(largestKnown(loaded().weights.get('embed.tokens')!), dtype).toBe(1000);
      }
      // A piece holds 123,361 q8_0 blocks of 34 bytes, 19,972 q6_K super-blocks of 210 (d at byte 208).
      for (const [dtype, block, at, message] of [['q8_0', 130_000, 0, 'block 130000 has a NaN or infinite scale'], ['q6_K', 20_500, 208, '(q6_K): super-block 20500 has a NaN or infinite scale (d)']] as const) {
        const file = encodeGgufModel(hf.config, asStored(hf.weights, dtype));
        const damaged = patched(file, (v) => v.setUint16(embedding(file) + (dtype === 'q8_0' ? 34 : 210) * block + at, 0x7c00, true));
        for (const loaded of await both(damaged)) expect(loaded, dtype).toThrow(`tensor "token_embd.weight"${dtype === 'q8_0' ? ':' : ''} ${message}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(['q8_0', 'q4_0'] as const)('refuses a %s block whose scale is not finite, on a word and off', (dtype) => {
    const bytes = fileOf(dtype);
    const tensor = parseGguf(bytes).tensors.get(DOWN)!;
    const size = dtype === 'q8_0' ? 34 : 18;
    for (const [block, scale] of [[0, 0x7c00], [77, 0xfe01], [255, 0xfc00]] as const) {
      const damaged = patched(bytes, (v) => v.setUint16(tensor.bytes.byteOffset + block * size, scale, true));
      const message = `model.gguf: tensor "${DOWN}": block ${block} has a NaN or infinite scale: the file is damaged`;
      expect(() => load(damaged)).toThrow(new WeightFormatError(message));
      expect(() => load(offWord(damaged))).toThrow(new WeightFormatError(message));
    }
    // The largest finite scale (65504) loads.
    expect(load(patched(bytes, (v) => v.setUint16(tensor.bytes.byteOffset + 255 * size, 0x7bff, true))).weights.has('layers.1.mlp.down.weight')).toBe(true);
  });
});

describe('malformed GGUF files', () => {
  const good = validFile();
  const info = parseGguf(good, 'model.gguf');
  const tensorInfoEnd = (name: string, nDims: number) => after(good, name) + 4 + 8 * nDims; // at the type field
  const offsetField = (name: string) => tensorInfoEnd(name, parseGguf(good).tensors.get(name)!.ne.length) + 4;
  const offsetOf = (name: string) => Number(new DataView(good.buffer).getBigUint64(offsetField(name), true));
  const endOf = (name: string) => { const b = info.tensors.get(name)!.bytes; return b.byteOffset - good.byteOffset + b.byteLength; };

  it('reads the valid file', () => {
    expect(load(good).config.nLayers).toBe(2);
  });

  it.each<[string, () => Uint8Array, RegExp]>([
    ['bad magic', () => patched(good, (v) => v.setUint32(0, 0x46554746, true)), /^model\.gguf: not a GGUF file: the first 4 bytes are 46 47 55 46, not "GGUF"$/],
    ['version 1', () => patched(good, (v) => v.setUint32(4, 1, true)), /^model\.gguf: GGUF version 1 is not supported \(supported: 2, 3\)$/],
    ['big-endian', () => patched(good, (v) => v.setUint32(4, 3, false)), /big-endian GGUF \(version 3\) is not supported/],
    ['header cut short', () => good.slice(0, 20), /truncated: the header \(tensor and metadata counts\) needs 16 bytes at byte 8, but the file ends at 20/],
    ['metadata cut short', () => good.slice(0, after(good, 'tokenizer.ggml.tokens') + 100), /^model\.gguf: truncated or damaged: metadata "tokenizer\.ggml\.tokens"'s array length is 67, but only 84 bytes follow \(at least 8 per item\)$/],
    ['a string length past the end', () => patched(good, (v) => v.setBigUint64(after(good, 'general.architecture') + 4, 1n << 40n, true)), /metadata "general\.architecture": string length 1099511627776 at byte \d+ runs past the end of the file/],
    ['an unknown value type', () => patched(good, (v) => v.setUint32(after(good, 'llama.block_count'), 13, true)), /metadata "llama\.block_count": unknown value type 13 \(known: 0\.\.12\)/],
    ['tensor infos cut short', () => good.slice(0, after(good, 'blk.1.ffn_up.weight') + 6), /^model\.gguf: truncated: tensor info 17 \("blk\.1\.ffn_up\.weight"\) needs 28 bytes at byte \d+, but the file ends at \d+$/],
    ['tensor data past the end', () => good.slice(0, endOf('output.weight') - 10), /tensor "output\.weight" \(q8_0, ne \[64, 67\]\) needs bytes \d+\.\.\d+, past the end of the file \(\d+ bytes\): truncated/],
    ['a misaligned tensor offset', () => patched(good, (v) => v.setBigUint64(tensorInfoEnd('blk.0.attn_q.weight', 2) + 4, BigInt(info.alignment * 3 + 4), true)), /tensor "blk\.0\.attn_q\.weight": data offset \d+ is not a multiple of the alignment 32/],
    ['an unsupported tensor type', () => patched(good, (v) => v.setUint32(tensorInfoEnd('blk.0.ffn_up.weight', 2), 10, true)), /tensor info \d+ \("blk\.0\.ffn_up\.weight"\): tensor type q2_K is not supported \(supported: f32, f16, q4_0, q4_1, q5_0, q5_1, q8_0, bf16, q4_K, q5_K, q6_K\)/],
    ['an i-quant tensor type', () => patched(good, (v) => v.setUint32(tensorInfoEnd('blk.0.ffn_up.weight', 2), 16, true)), /tensor info \d+ \("blk\.0\.ffn_up\.weight"\): tensor type iq2_xxs is not supported/],
    // ggml's layout: each tensor right after the one before it, padded to the alignment (overlaps and gaps are damage).
    ['overlapping tensors', () => patched(good, (v) => v.setBigUint64(offsetField('blk.0.attn_k.weight'), BigInt(offsetOf('blk.0.attn_q.weight')), true)),
      /^model\.gguf: tensor "blk\.0\.attn_k\.weight": data offset \d+ overlaps the tensor before it: "blk\.0\.attn_q\.weight" \(q8_0, ne \[64, 64\]\) ends at \d+, padded to the alignment 32; ggml lays tensors out back to back in the order of their infos$/],
    ['a tensor type that makes it larger', () => patched(good, (v) => v.setUint32(tensorInfoEnd('blk.0.attn_q.weight', 2), 1, true)),
      /tensor "blk\.0\.attn_k\.weight": data offset \d+ overlaps the tensor before it: "blk\.0\.attn_q\.weight" \(f16, ne \[64, 64\]\)/],
    ['a tensor type that makes it smaller', () => patched(good, (v) => v.setUint32(tensorInfoEnd('blk.0.attn_q.weight', 2), 2, true)),
      /tensor "blk\.0\.attn_k\.weight": data offset \d+ leaves a gap after the tensor before it: "blk\.0\.attn_q\.weight" \(q4_0, ne \[64, 64\]\)/],
    // Past the last tensor only the end of the file can tell (review AE: an f32 norm labelled f16 loaded, and generated garbage).
    ['the last tensor\'s type made smaller', () => patched(good, (v) => v.setUint32(tensorInfoEnd('output.weight', 2), 2, true)),
      /^model\.gguf: tensor "output\.weight", the last, is q4_0 \(ne \[64, 67\]\), but the \d+ bytes from its start to the end of the file are its size as q8_0: its type is damaged \(the tensors before it cannot show it\)$/],
    ['a first tensor not at offset 0', () => patched(good, (v) => v.setBigUint64(offsetField('token_embd.weight'), 32n, true)),
      /^model\.gguf: tensor "token_embd\.weight": data offset 32, but the first tensor's data starts at offset 0$/],
    // llama.cpp reads each key as one type (u32 counts, f32 reals) and refuses any other.
    ['a float key stored as u32', () => patched(good, (v) => v.setUint32(after(good, 'llama.rope.freq_base'), GgufType.UINT32, true)),
      /^model\.gguf: metadata llama\.rope\.freq_base has type u32, expected f32$/],
    ['a count stored as i32', () => patched(good, (v) => v.setUint32(after(good, 'llama.block_count'), GgufType.INT32, true)),
      /^model\.gguf: metadata llama\.block_count has type i32, expected u32$/],
    ['a missing metadata key', () => patched(good, (_, b) => b.set(enc.encode('llama.block_coun_'), after(good, 'llama.block_count') - 17)), /^model\.gguf: missing metadata key llama\.block_count$/],
    // llama.cpp requires both (its get_key without a default, and "invalid n_rot").
    ['a missing rms epsilon', () => patched(good, (_, b) => b.set(enc.encode('llama.attention.layer_norm_rms_epsiloN'), after(good, 'llama.attention.layer_norm_rms_epsilon') - 38)), /^model\.gguf: missing metadata key llama\.attention\.layer_norm_rms_epsilon$/],
    ['a rotary width short of the head', () => patched(good, (v) => v.setUint32(after(good, 'llama.rope.dimension_count') + 4, 8, true)), /^model\.gguf: llama\.rope\.dimension_count = 8 differs from the head size 16 \(llama\.embedding_length 64 \/ llama\.attention\.head_count 4\); the llama architecture rotates whole heads$/],
    // The head size's keys may be the damaged ones: the message says where it came from (review AE).
    ['a width short of the tensors', () => patched(good, (v) => v.setUint32(after(good, 'llama.embedding_length') + 4, 32, true)),
      /^model\.gguf: llama\.rope\.dimension_count = 16 differs from the head size 8 \(llama\.embedding_length 32 \/ llama\.attention\.head_count 4\);/],
    ['another architecture', () => patched(good, (_, b) => b.set(enc.encode('gemma'), after(good, 'general.architecture') + 4 + 8)), /^model\.gguf: general\.architecture "gemma" is not supported \(supported: gpt2, llama, qwen2\)$/],
  ])('%s', (_, make, message) => {
    const bytes = make();
    expect(() => load(bytes)).toThrow(WeightFormatError);
    expect(() => load(bytes)).toThrow(message);
  });

  // The biases are what tells Qwen2's file from Llama's: their rows are laid out for other RoPE pairs,
  // so a llama file labelled qwen2 loaded and generated garbage (review AE).
  it('a llama file labelled qwen2 is refused for the q, k and v biases qwen2 requires', () => {
    const renamed = [...info.metadata].map(([key, entry]): [string, GgufEntry] =>
      key === 'general.architecture' ? [key, gguf.string('qwen2')] : [key.replace(/^llama\./, 'qwen2.'), entry]);
    const tensors = [...info.tensors.values()].map((t) => ({ name: t.name, ne: t.ne, type: t.type, bytes: t.bytes }));
    expect(() => load(encodeGguf(renamed, tensors, info.alignment))).toThrow(/^model\.gguf: .*"blk\.0\.attn_q\.bias"/);
  });

  it("a gguf-split part, and a vocabulary-only GGUF, say what they are (they read as a missing tensor or key)", () => {
    const u16 = (value: number): GgufEntry => ({ type: GgufType.UINT16, value });
    const w = { name: 'token_embd.weight', ne: [4, 2], type: 'f32' as const, bytes: new Uint8Array(32) };
    for (const no of [0, 1]) {
      const arch: [string, GgufEntry][] = no === 0 ? [['general.architecture', gguf.string('llama')]] : [];
      const split: [string, GgufEntry][] = [['split.no', u16(no)], ['split.count', u16(2)], ['split.tensors.count', { type: GgufType.INT32, value: 2 }]];
      const part = encodeGguf([...arch, ...split], [w]);
      expect(() => load(part)).toThrow(new WeightFormatError(`model.gguf: part ${no + 1} of 2 of a split GGUF (split.count), which does not load here: merge the parts into one file first (llama-gguf-split --merge)`));
    }
    const vocabOnly = new Uint8Array(readFileSync(dataPath('gpt2-tokenizer/ggml-vocab-gpt-2.gguf')));
    expect(() => load(vocabOnly)).toThrow(new WeightFormatError("model.gguf: holds no tensors, only metadata: a vocabulary-only GGUF (as llama.cpp's ggml-vocab-*.gguf)? Give a model's GGUF"));
  });

  it('rejects rows of a block type that are not whole blocks', () => {
    const bytes = encodeGguf([['general.architecture', gguf.string('llama')]], [{ name: 'w', ne: [48, 2], type: 'q8_0', bytes: new Uint8Array(0) }]);
    expect(() => parseGguf(bytes)).toThrow(/tensor info 0 \("w"\): its rows of 48 values \(ne\[0\]\) are not a whole number of q8_0's 32-value blocks/);
  });

  // Each item becomes a JavaScript value: a damaged length in a large file passes the bytes-left check,
  // and past V8's largest array the process would end outright.
  it('refuses metadata arrays past MAX_ARRAY_ITEMS in all, though the file has the bytes', () => {
    const small = encodeGguf([['general.architecture', gguf.string('llama')], ['x', gguf.array(GgufType.UINT8, [1, 2])]], []);
    const damaged = new Uint8Array(small.byteLength + MAX_ARRAY_ITEMS + 16);
    damaged.set(small);
    new DataView(damaged.buffer).setBigUint64(after(small, 'x') + 8, BigInt(MAX_ARRAY_ITEMS + 1), true);
    expect(() => parseGgufMetadata(damaged)).toThrow(new WeightFormatError(`model.gguf: damaged metadata: metadata "x" is an array of ${MAX_ARRAY_ITEMS + 1} items, which takes the metadata's arrays past ${MAX_ARRAY_ITEMS} items in all (the largest vocabularies hold about 260,000 tokens)`));
  });

  it('reads nested arrays and every scalar type, each with the type the file gives it', () => {
    const entries: [string, GgufEntry][] = [
      ['u8', { type: GgufType.UINT8, value: 200 }], ['i8', { type: GgufType.INT8, value: -100 }],
      ['u16', { type: GgufType.UINT16, value: 60000 }], ['i16', { type: GgufType.INT16, value: -30000 }],
      ['i32', { type: GgufType.INT32, value: -5 }], ['f64', { type: GgufType.FLOAT64, value: 0.1 }],
      ['u64', { type: GgufType.UINT64, value: 2n ** 60n }], ['i64', { type: GgufType.INT64, value: -7 }],
      ['nested', gguf.array(GgufType.ARRAY, [{ itemType: GgufType.STRING, value: ['a', 'bc'] }, { itemType: GgufType.BOOL, value: [true] }])],
    ];
    expect(parseGguf(encodeGguf(entries, [])).metadata).toEqual(new Map(entries));
  });
});
