// Loader tests: real checkpoints (tinystories656K safetensors, stories260K llama2.c), HF name mapping on
// random GPT-2 / Llama / Qwen2 checkpoints, and one test per malformed input asserting its message.
// Source resolution (paths, File objects, URLs) is in loaders-source.test.ts; the structural checks of each format
// (issue 7) in loaders-safetensors, loaders-config, loaders-llama2c and loaders-shards.test.ts.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../src/model/config.js';
import type { ModelFiles } from '../../src/model/source.js';
import { WeightFormatError } from '../../src/errors.js';
import { loadModel } from '../../src/model/weights/index.js';
import { loadLlama2c } from '../../src/model/weights/llama2c.js';
import { parseSafetensors, toFloat32 } from '../../src/model/weights/safetensors.js';
import { encodeRawSafetensors, encodeSafetensors, randomHfCheckpoint, type RandomDims } from './fixtures.js';
import { dataPath } from '../support/data.js';

const DATA = dataPath('');
const read = (path: string) => new Uint8Array(readFileSync(DATA + path));
const enc = (s: string) => new TextEncoder().encode(s);

function hfFiles(entries: Record<string, Uint8Array | string>): ModelFiles {
  const files = new Map(Object.entries(entries).map(([k, v]) => [k, typeof v === 'string' ? enc(v) : v] as const));
  return { format: 'huggingface', files };
}

const SMALL: RandomDims = { vocabSize: 50, dim: 32, nLayers: 2, nHeads: 4, nKvHeads: 2, hiddenDim: 48, maxSeqLen: 16 };

function randomModel(kind: 'gpt2' | 'llama' | 'qwen2', dims: RandomDims = SMALL) {
  const ck = randomHfCheckpoint(kind, dims, 7);
  return { ck, files: hfFiles({ 'config.json': ck.configJson, 'model.safetensors': ck.safetensorsBytes }) };
}

describe('tinystories656K (Hugging Face Llama, safetensors)', () => {
  const dir = 'tinystories656K/';
  const json = JSON.parse(readFileSync(DATA + dir + 'config.json', 'utf8'));
  const model = loadModel(hfFiles({
    'config.json': read(dir + 'config.json'), 'generation_config.json': read(dir + 'generation_config.json'),
    'model.safetensors': read(dir + 'model.safetensors'), 'tokenizer.json': read(dir + 'tokenizer.json'),
  }));

  it('normalises config.json', () => {
    expect(model.config).toEqual({
      architecture: 'llama', modelType: json.model_type, vocabSize: json.vocab_size, dim: json.hidden_size,
      nLayers: json.num_hidden_layers, nHeads: json.num_attention_heads, nKvHeads: json.num_key_value_heads,
      headSize: json.head_dim ?? 16, hiddenDim: json.intermediate_size, maxSeqLen: json.max_position_embeddings,
      norm: 'rms', normEps: json.rms_norm_eps, positions: 'rope', ropeTheta: json.rope_theta, ropeLayout: 'half',
      rotaryDim: 16, mlp: 'swiglu', bias: { qkv: false, attnOut: false, mlp: false, norm: false },
      tiedEmbeddings: true, bosTokenId: 1, eosTokenIds: [2],
    } satisfies ModelConfig);
    expect([json.vocab_size, json.hidden_size, json.num_key_value_heads, json.rms_norm_eps]).toEqual([2048, 128, 4, 1e-6]);
  });

  it('maps every tensor to its canonical name and shape; the tied embedding comes from the lm_head alias', () => {
    const shapes = Object.fromEntries([...model.weights].map(([k, t]) => [k, t.shape]));
    expect(Object.keys(shapes)).toHaveLength(1 + 2 * 7 + 1);
    expect(shapes['embed.tokens']).toEqual([2048, 128]);
    expect(shapes['layers.1.attn.qkv.weight']).toEqual([(8 + 2 * 4) * 16, 128]);
    expect(shapes['layers.0.mlp.down.weight']).toEqual([128, 384]);
    expect(model.weights.get('layers.0.attn.qkv.weight')!.layout).toBe('nk');
    expect(model.weights.has('lm_head.weight')).toBe(false);
    expect([...model.tokenizerFiles.keys()]).toEqual(['tokenizer.json']);
  });

  it('holds the values learning-lm-rs asserts (q, k, v stacked in that order)', () => {
    const at = (name: string, i: number) => model.weights.get(name)!.data[i];
    const C = 128;
    expect(at('embed.tokens', 50)).toBe(0.14453125);
    expect(at('layers.0.norm1.weight', 10)).toBeCloseTo(0.18652344, 7);
    expect(at('layers.1.norm2.weight', 10)).toBe(0.32421875);
    expect(at('norm.final.weight', 100)).toBe(0.73046875);
    expect(at('layers.0.mlp.down.weight', 100)).toBe(-0.0625);
    expect(at('layers.0.mlp.up.weight', 100)).toBe(1.46875);
    expect(at('layers.1.mlp.gate.weight', 100)).toBe(0.296875);
    expect(at('layers.1.attn.qkv.weight', 100)).toBeCloseTo(0.032226563, 8);
    expect(at('layers.1.attn.qkv.weight', 128 * C + 100)).toBeCloseTo(-0.21386719, 8);
    expect(at('layers.0.attn.qkv.weight', (128 + 64) * C + 100)).toBeCloseTo(0.041015625, 8);
    expect(at('layers.0.attn.out.weight', 100)).toBeCloseTo(0.01965332, 8);
  });
});

describe('stories260K (llama2.c)', () => {
  const bytes = read('stories260K/stories260K.bin');
  const { config, weights } = loadLlama2c(bytes, 'stories260K.bin');
  const floatAt = (i: number) => new DataView(bytes.buffer, bytes.byteOffset).getFloat32(28 + 4 * i, true);

  it('reads the header (GQA: 4 KV heads for 8 query heads)', () => {
    expect(config).toEqual({
      architecture: 'llama', modelType: 'llama2c', vocabSize: 512, dim: 64, nLayers: 5, nHeads: 8, nKvHeads: 4,
      headSize: 8, hiddenDim: 172, maxSeqLen: 512, norm: 'rms', normEps: 1e-5, positions: 'rope', ropeTheta: 10000,
      ropeLayout: 'interleaved', rotaryDim: 8, mlp: 'swiglu', bias: { qkv: false, attnOut: false, mlp: false, norm: false },
      // run.c ends a sample at BOS; EOS ends one too.
      tiedEmbeddings: true, bosTokenId: 1, eosTokenIds: [1, 2],
    } satisfies ModelConfig);
  });

  it('slices the float arrays in file order and stacks q, k, v', () => {
    const [V, C, L, KV, F] = [512, 64, 5, 32, 172];
    expect(weights.size).toBe(1 + L * 7 + 1);
    expect(weights.get('embed.tokens')!.data[3]).toBe(floatAt(3));
    const wk = V * C + L * C + L * C * C; // start of wk
    const qkv = weights.get('layers.2.attn.qkv.weight')!;
    expect(qkv.shape).toEqual([C + 2 * KV, C]);
    expect(qkv.data[C * C + 5]).toBe(floatAt(wk + 2 * KV * C + 5)); // first k row of layer 2
    const w1 = wk + 2 * L * KV * C + L * C * C + L * C;
    expect(weights.get('layers.4.mlp.gate.weight')!.data[7]).toBe(floatAt(w1 + 4 * F * C + 7));
    expect(weights.get('layers.0.mlp.down.weight')!.shape).toEqual([C, F]);
    expect(weights.get('norm.final.weight')!.data[63]).toBe(floatAt(w1 + 3 * L * F * C + 63));
  });

  it('names the int8 version-2 export as unsupported', () => {
    expect(() => loadLlama2c(read('stories260K/stories260K_q8.bin'), 'q8.bin'))
      .toThrow(/q8.bin: llama2.c export version 2 is not supported/);
  });

  it('rejects a file of the wrong size with expected and actual bytes', () => {
    expect(() => loadModel({ format: 'llama2c', checkpoint: 'm.bin', files: new Map([['m.bin', bytes.subarray(0, bytes.length - 4)]]) }))
      .toThrow(/m.bin: wrong size .* n_kv_heads=4 .*: expected 1056540 bytes, got 1056536/);
  });
});

describe('Hugging Face name mapping', () => {
  it('gpt2: Conv1D weights stay (in, out) in kn layout, tied head, learned positions', () => {
    const { ck, files } = randomModel('gpt2');
    const { config, weights } = loadModel(files);
    expect(config).toMatchObject({
      architecture: 'gpt2', nHeads: 4, nKvHeads: 4, headSize: 8, hiddenDim: 48, maxSeqLen: 16, norm: 'layer',
      normEps: 1e-5, positions: 'learned', mlp: 'gelu', tiedEmbeddings: true, bosTokenId: 49, eosTokenIds: [49],
      bias: { qkv: true, attnOut: true, mlp: true, norm: true },
    });
    const qkv = weights.get('layers.1.attn.qkv.weight')!;
    expect([qkv.shape, qkv.layout]).toEqual([[32, 96], 'kn']);
    expect(qkv.data).toEqual(ck.tensors['h.1.attn.c_attn.weight']!.data);
    expect(weights.get('layers.0.mlp.down.weight')!.shape).toEqual([48, 32]);
    expect(weights.get('embed.positions')!.data).toEqual(ck.tensors['wpe.weight']!.data);
    expect(weights.size).toBe(2 + 2 * 12 + 2);
  });

  it('gpt2: names with the transformer. prefix load too, and an untied head is kept', () => {
    const ck = randomHfCheckpoint('gpt2', { ...SMALL, tied: false }, 3);
    const prefixed = Object.fromEntries(Object.entries(ck.tensors).map(([k, t]) => [k === 'lm_head.weight' ? k : `transformer.${k}`, t]));
    const { config, weights } = loadModel(hfFiles({ 'config.json': ck.configJson, 'model.safetensors': encodeSafetensors(prefixed) }));
    expect(config.tiedEmbeddings).toBe(false);
    expect(weights.get('lm_head.weight')!.data).toEqual(ck.tensors['lm_head.weight']!.data);
    expect(weights.get('norm.final.bias')!.data).toEqual(ck.tensors['ln_f.bias']!.data);
  });

  it('qwen2: q, k, v weights and biases stack in that order', () => {
    const { ck, files } = randomModel('qwen2');
    const { config, weights } = loadModel(files);
    expect(config.bias).toEqual({ qkv: true, attnOut: false, mlp: false, norm: false });
    const rows = (name: string) => Array.from(ck.tensors[`model.layers.1.self_attn.${name}`]!.data);
    expect(Array.from(weights.get('layers.1.attn.qkv.bias')!.data)).toEqual([...rows('q_proj.bias'), ...rows('k_proj.bias'), ...rows('v_proj.bias')]);
    const w = weights.get('layers.1.attn.qkv.weight')!;
    expect(w.shape).toEqual([(4 + 2 * 2) * 8, 32]);
    expect(Array.from(w.data)).toEqual([...rows('q_proj.weight'), ...rows('k_proj.weight'), ...rows('v_proj.weight')]);
    expect(weights.get('lm_head.weight')!.shape).toEqual([50, 32]);
  });

  it('llama: head_dim, partial rotary, rope_theta, and eos lists from generation_config.json', () => {
    const ck = randomHfCheckpoint('llama', { ...SMALL, headSize: 16 }, 5);
    const json = { ...JSON.parse(ck.configJson), partial_rotary_factor: 0.5, rope_theta: 500000 };
    const { config } = loadModel(hfFiles({
      'config.json': JSON.stringify(json), 'model.safetensors': ck.safetensorsBytes,
      'generation_config.json': JSON.stringify({ bos_token_id: 1, eos_token_id: [2, 9] }),
    }));
    expect(config).toMatchObject({ headSize: 16, rotaryDim: 8, ropeTheta: 500000, eosTokenIds: [2, 9], tiedEmbeddings: false });
  });

  // No sliding-window attention here: the context stops at the window where transformers would use one, and only there.
  it('the context stops at a sliding window some layer uses: every Mistral layer, Qwen2 layers from max_window_layers on', () => {
    const [qwen2, llama] = [randomModel('qwen2').ck, randomModel('llama').ck];
    const layers = (JSON.parse(qwen2.configJson) as { num_hidden_layers: number }).num_hidden_layers;
    const contextOf = (fields: Record<string, unknown>, ck = qwen2) => loadModel(hfFiles({
      'config.json': JSON.stringify({ ...JSON.parse(ck.configJson), max_position_embeddings: 64, sliding_window: 8, ...fields }), 'model.safetensors': ck.safetensorsBytes,
    })).config.maxSeqLen;
    expect(contextOf({})).toBe(64); // use_sliding_window is false by default
    expect(contextOf({ use_sliding_window: true, max_window_layers: layers - 1 })).toBe(8);
    expect(contextOf({ use_sliding_window: true, max_window_layers: 0 })).toBe(8);
    expect(contextOf({ use_sliding_window: true, max_window_layers: layers })).toBe(64); // no layer is windowed
    expect(contextOf({ use_sliding_window: true })).toBe(64); // max_window_layers defaults to 28
    expect(() => contextOf({ use_sliding_window: true, max_window_layers: -1 })).toThrow('config.json: max_window_layers must be a non-negative integer (at most 2147483647), got -1');
    expect(contextOf({ model_type: 'mistral' }, llama)).toBe(8);
    expect(contextOf({}, llama)).toBe(64); // a Llama has no window
    // MistralConfig and Qwen2Config default the window to 4096 (undefined: no key in the JSON); null is none.
    const long = { max_position_embeddings: 32768, sliding_window: undefined };
    expect(contextOf({ ...long, model_type: 'mistral' }, llama)).toBe(4096);
    expect(contextOf({ ...long, model_type: 'mistral', sliding_window: null }, llama)).toBe(32768);
    expect(contextOf({ ...long, use_sliding_window: true, max_window_layers: 0 })).toBe(4096);
    expect(contextOf({ ...long, use_sliding_window: true, max_window_layers: 0, sliding_window: null })).toBe(32768);
  });

  it('reads F16 and BF16 tensors as float32', () => {
    const f16 = Float32Array.of(1, -2.5, 0.0999755859375, 65504, 2 ** -24);
    const bf16 = Float32Array.of(1, -2.5, 3.140625, -(2 ** 100));
    const file = parseSafetensors(encodeSafetensors({
      a: { dtype: 'F16', shape: [5], data: f16 }, b: { dtype: 'BF16', shape: [2, 2], data: bf16 },
    }));
    expect(toFloat32('a', file.tensors.get('a')!)).toEqual(f16);
    expect(toFloat32('b', file.tensors.get('b')!)).toEqual(bf16);
  });

  it('merges a sharded checkpoint through model.safetensors.index.json', () => {
    const { ck, files } = randomModel('llama');
    const names = Object.keys(ck.tensors);
    const shard = (part: string[]) => encodeSafetensors(Object.fromEntries(part.map((n) => [n, ck.tensors[n]!])));
    const [first, second] = [names.slice(0, 9), names.slice(9)];
    const weightMap = Object.fromEntries(names.map((n, i) => [n, i < 9 ? 'a.safetensors' : 'b.safetensors']));
    const sharded = loadModel(hfFiles({
      'config.json': ck.configJson, 'model.safetensors.index.json': JSON.stringify({ metadata: {}, weight_map: weightMap }),
      'a.safetensors': shard(first!), 'b.safetensors': shard(second!),
    }));
    expect(sharded.weights).toEqual(loadModel(files).weights);
  });
});

describe('malformed inputs name what is wrong', () => {
  const tensor = { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] };

  it('truncated safetensors (shorter than the length field)', () => {
    expect(() => parseSafetensors(new Uint8Array(5), 'x.safetensors'))
      .toThrow(/x.safetensors: truncated: 5 bytes, shorter than the 8-byte header length/);
  });

  it('truncated safetensors (cut inside the data section), saying how much of the file is missing', () => {
    const whole = readFileSync(dataPath('tinystories656K/model.safetensors'));
    // Cut in half: the first tensor found past the end is short by less than the file is.
    for (const missing of [1000, whole.byteLength >> 1]) {
      const cut = new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength - missing);
      expect(() => parseSafetensors(cut, 'model.safetensors')).toThrow(new RegExp(`out of range of the \\d+-byte data section \\(truncated file\\? its tensors end at byte \\d+ of the data section: ${missing} more bytes\\)`));
    }
  });

  it('header length past the end of the file', () => {
    const bytes = encodeRawSafetensors({ a: tensor }, new Uint8Array(16));
    new DataView(bytes.buffer).setBigUint64(0, 1000n, true);
    expect(() => parseSafetensors(bytes)).toThrow(/header length 1000 runs past the end of the file \(\d+ bytes\)/);
  });

  it('header that is not JSON', () => {
    expect(() => parseSafetensors(encodeRawSafetensors('{"a": [1, 2', new Uint8Array(0)))).toThrow(/model.safetensors: header is not valid JSON/);
  });

  it('overlapping tensors', () => {
    const header = { a: tensor, b: { ...tensor, data_offsets: [8, 24] } };
    expect(() => parseSafetensors(encodeRawSafetensors(header, new Uint8Array(24))))
      .toThrow(/tensors "a" \[0, 16\] and "b" \[8, 24\] overlap/);
  });

  it('data_offsets out of range', () => {
    const header = { a: { ...tensor, shape: [4, 4], data_offsets: [0, 64] } };
    expect(() => parseSafetensors(encodeRawSafetensors(header, new Uint8Array(32))))
      .toThrow(/tensor "a": data_offsets \[0, 64\] out of range of the 32-byte data section/);
  });

  it('unknown dtype, named', () => {
    expect(() => parseSafetensors(encodeRawSafetensors({ a: { ...tensor, dtype: 'Q4_K' } }, new Uint8Array(16))))
      .toThrow(/tensor "a" has unknown dtype "Q4_K" \(known: BOOL, U8/);
  });

  it('shape whose byte size disagrees with data_offsets', () => {
    expect(() => parseSafetensors(encodeRawSafetensors({ a: { ...tensor, shape: [2, 3] } }, new Uint8Array(16))))
      .toThrow(/tensor "a": shape \[2, 3\] of F32 needs 24 bytes but data_offsets span 16/);
  });

  it('a valid but non-float dtype where a weight is needed', () => {
    const file = parseSafetensors(encodeRawSafetensors({ ids: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, new Uint8Array(16)));
    expect(() => toFloat32('ids', file.tensors.get('ids')!)).toThrow(/tensor "ids" has dtype I64; only F32, F16 and BF16/);
  });

  it('missing tensor', () => {
    const ck = randomHfCheckpoint('llama', SMALL, 1);
    delete ck.tensors['model.layers.1.mlp.up_proj.weight'];
    expect(() => loadModel(hfFiles({ 'config.json': ck.configJson, 'model.safetensors': encodeSafetensors(ck.tensors) })))
      .toThrow(/missing tensor "model.layers.1.mlp.up_proj.weight" \(also looked for "layers.1.mlp.up_proj.weight"\)/);
  });

  it('tensor shape disagreeing with config.json', () => {
    const { ck } = randomModel('llama');
    const json = { ...JSON.parse(ck.configJson), num_key_value_heads: 4 };
    expect(() => loadModel(hfFiles({ 'config.json': JSON.stringify(json), 'model.safetensors': ck.safetensorsBytes })))
      .toThrow(/tensor "model.layers.0.self_attn.k_proj.weight": config.json implies shape \[32, 32\] but the checkpoint has \[16, 32\]/);
  });

  it('unsupported model_type, with the supported list', () => {
    const { ck } = randomModel('llama');
    const json = { ...JSON.parse(ck.configJson), model_type: 'bert' };
    expect(() => loadModel(hfFiles({ 'config.json': JSON.stringify(json), 'model.safetensors': ck.safetensorsBytes })))
      .toThrow(/unsupported model_type "bert" \(supported: gpt2, llama, mistral, qwen2\)/);
    // It said "unsupported model_type undefined" of a config.json that names none.
    const { model_type: _, ...untyped } = JSON.parse(ck.configJson) as Record<string, unknown>;
    expect(() => loadModel(hfFiles({ 'config.json': JSON.stringify(untyped), 'model.safetensors': ck.safetensorsBytes })))
      .toThrow('config.json: no model_type (the architecture: transformers writes it) (supported: gpt2, llama, mistral, qwen2)');
  });

  it('rope scaling: llama3 and linear are read, others refused by name', () => {
    const { ck } = randomModel('llama');
    const load = (rope_scaling: unknown) => loadModel(hfFiles({ 'config.json': JSON.stringify({ ...JSON.parse(ck.configJson), rope_scaling }), 'model.safetensors': ck.safetensorsBytes }));
    const llama31 = { rope_type: 'llama3', factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8192 };
    expect(load(llama31).config.ropeScaling).toEqual({ type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 8192 });
    expect(load({ type: 'linear', factor: 2 }).config.ropeScaling).toEqual({ type: 'linear', factor: 2 });
    expect(load(null).config.ropeScaling).toBeUndefined();
    expect(() => load({ rope_type: 'llama3', factor: 32 })).toThrow(/rope_scaling.low_freq_factor must be a positive number, got undefined/);
    expect(() => load({ rope_type: 'yarn', factor: 4 })).toThrow(/rope scaling "yarn" is not supported \(supported: linear, llama3\)/);
  });

  it('errors are WeightFormatErrors', () => {
    expect(() => parseSafetensors(new Uint8Array(3))).toThrow(WeightFormatError);
  });
});
