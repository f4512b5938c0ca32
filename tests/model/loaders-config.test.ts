// config.json and generation_config.json checked field by field, and the checkpoint and config.json agreeing in
// both directions (issue 7, findings 2 and 3): every tensor the config implies is present, every tensor present is
// used, and an impossible value is a config.json error naming the field, never a kernel's message.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WeightFormatError } from '../../src/errors.js';
import { prepareModel } from '../../src/model/prepare.js';
import type { ModelFiles } from '../../src/model/source.js';
import { loadModel } from '../../src/model/weights/index.js';
import { encodeSafetensors, randomHfCheckpoint, type FixtureTensor, type RandomDims } from './fixtures.js';
import { dataPath } from '../support/data.js';

const TINY = dataPath('tinystories656K/');
const read = (name: string) => new Uint8Array(readFileSync(TINY + name));
const enc = (s: string) => new TextEncoder().encode(s);
const tinyConfig = JSON.parse(readFileSync(TINY + 'config.json', 'utf8')) as Record<string, unknown>;

/** tinystories656K's files, config.json as given (an object to patch, or raw text). */
function tiny(config: Record<string, unknown> | string, extra: Record<string, string> = {}): ModelFiles {
  const text = typeof config === 'string' ? config : JSON.stringify({ ...tinyConfig, ...config });
  const files = new Map([['config.json', enc(text)], ['model.safetensors', read('model.safetensors')], ['tokenizer.json', read('tokenizer.json')]]);
  for (const [name, value] of Object.entries(extra)) files.set(name, enc(value));
  return { format: 'huggingface', files };
}

const SMALL: RandomDims = { vocabSize: 50, dim: 32, nLayers: 2, nHeads: 4, nKvHeads: 2, hiddenDim: 48, maxSeqLen: 16 };

/** A random checkpoint with its tensors edited and config.json patched. */
function random(kind: 'gpt2' | 'llama' | 'qwen2', edit: (t: Record<string, FixtureTensor>) => void = () => {}, patch = {}, dims = SMALL) {
  const ck = randomHfCheckpoint(kind, dims, 11);
  edit(ck.tensors);
  const files = new Map([['config.json', enc(JSON.stringify({ ...JSON.parse(ck.configJson), ...patch }))], ['model.safetensors', encodeSafetensors(ck.tensors)]]);
  return { ck, files: { format: 'huggingface', files } as ModelFiles };
}

describe('the checkpoint and config.json agree in both directions (finding 2)', () => {
  it('num_hidden_layers: 1 on the 2-layer tinystories656K: the unused layer is named', () => {
    expect(() => loadModel(tiny({ num_hidden_layers: 1 }))).toThrow(
      'model.safetensors: 9 tensors have no place in the model config.json describes: "model.layers.1.input_layernorm.weight", ' +
        '"model.layers.1.mlp.down_proj.weight", "model.layers.1.mlp.gate_proj.weight", "model.layers.1.mlp.up_proj.weight", ' +
        '"model.layers.1.post_attention_layernorm.weight" and 4 more; config.json does not match this checkpoint',
    );
  });

  it('num_hidden_layers: 3: the first missing tensor is named', () => {
    expect(() => loadModel(tiny({ num_hidden_layers: 3 })))
      .toThrow('model.safetensors: missing tensor "model.layers.2.input_layernorm.weight" (also looked for "layers.2.input_layernorm.weight"), which config.json implies');
  });

  it('num_hidden_layers: 1.5 is not a layer count', () => {
    expect(() => loadModel(tiny({ num_hidden_layers: 1.5 })))
      .toThrow('config.json: num_hidden_layers must be a positive integer (at most 2147483647), got 1.5');
  });

  it('a tensor nothing uses', () => {
    const { files } = random('llama', (t) => { t['model.extra.weight'] = { dtype: 'F32', shape: [2], data: Float32Array.of(1, 2) }; });
    expect(() => loadModel(files)).toThrow(/model.safetensors: 1 tensor has no place in the model config.json describes: "model.extra.weight"/);
  });

  it('biases config.json does not ask for (a Qwen2 checkpoint labelled llama)', () => {
    const { files } = random('qwen2', () => {}, { model_type: 'llama' });
    expect(() => loadModel(files)).toThrow(/6 tensors have no place .*"model.layers.0.self_attn.q_proj.bias"/);
  });

  it('a tied config with a stored head: a copy of the embedding loads, a different head is refused, saying how it differs', () => {
    const copy = random('llama', (t) => { t['lm_head.weight'] = t['model.embed_tokens.weight']!; }, { tie_word_embeddings: true }, { ...SMALL, tied: true });
    expect(loadModel(copy.files).weights.has('lm_head.weight')).toBe(false);
    const other = random('llama', () => {}, { tie_word_embeddings: true });
    expect(() => loadModel(other.files)).toThrow(
      /model.safetensors: tensor "lm_head.weight" differs from the token embedding \(its values, from byte \d+\), but config.json ties the output head .* set tie_word_embeddings to false/,
    );
    const tied = (edit: (embedding: FixtureTensor) => FixtureTensor) =>
      random('llama', (t) => { t['lm_head.weight'] = edit(t['model.embed_tokens.weight']!); }, { tie_word_embeddings: true }, { ...SMALL, tied: true }).files;
    // The same values at half the bytes are still another tensor: nothing says which of the two the model was trained with.
    expect(() => loadModel(tied((e) => ({ ...e, dtype: 'F16' })))).toThrow('tensor "lm_head.weight" differs from the token embedding (F16, the embedding F32)');
    const lastByte = tied((e) => {
      const data = Float32Array.from(e.data);
      data[data.length - 1] = -data[data.length - 1]!;
      return { ...e, data };
    });
    expect(() => loadModel(lastByte)).toThrow(`differs from the token embedding (its values, from byte ${SMALL.vocabSize * SMALL.dim * 4 - 1})`);
  });

  it('buffers older exports saved are not weights and are allowed (GPT-2 attn.bias, Llama rotary inv_freq)', () => {
    const mask = { dtype: 'F32' as const, shape: [1, 1, 16, 16], data: new Float32Array(256) };
    const gpt2 = random('gpt2', (t) => { t['h.0.attn.bias'] = mask; t['h.1.attn.masked_bias'] = { dtype: 'F32', shape: [], data: Float32Array.of(-1e4) }; });
    expect(loadModel(gpt2.files).config.nLayers).toBe(2);
    const llama = random('llama', (t) => { t['model.layers.1.self_attn.rotary_emb.inv_freq'] = { dtype: 'F32', shape: [4], data: new Float32Array(4) }; });
    expect(loadModel(llama.files).config.nLayers).toBe(2);
  });
});

describe('config.json fields: type and range, naming the field (findings 2 and 3)', () => {
  const positiveInt = 'must be a positive integer (at most 2147483647)';
  const llamaCases: [string, unknown, string][] = [
    ['vocab_size', 0, positiveInt], ['hidden_size', -128, positiveInt], ['num_attention_heads', '8', positiveInt],
    ['num_key_value_heads', 0, positiveInt], ['head_dim', 16.5, positiveInt], ['intermediate_size', true, positiveInt],
    ['max_position_embeddings', 2 ** 31, positiveInt], ['rms_norm_eps', 0, 'must be a positive number'],
    ['rms_norm_eps', 2, 'must be a positive number at most 1'], ['rope_theta', 'big', 'must be a positive number'],
    ['partial_rotary_factor', 1.5, 'must be a number in (0, 1]'], ['tie_word_embeddings', 'yes', 'must be true or false'],
    ['attention_bias', 1, 'must be true or false'], ['hidden_act', 3, 'must be a string'],
    ['rope_scaling', 'linear', 'must be an object'],
  ];
  it.each(llamaCases)('%s = %j', (field, value, expected) => {
    expect(() => loadModel(tiny({ [field]: value }))).toThrow(`config.json: ${field} ${expected}, got ${JSON.stringify(value)}`);
  });

  it('a number JSON cannot hold (1e999 parses as Infinity) is shown as such', () => {
    const text = JSON.stringify(tinyConfig).replace('"rope_theta":10000', '"rope_theta":1e999');
    expect(() => loadModel(tiny(text))).toThrow('config.json: rope_theta must be a positive number, got Infinity');
  });

  it('nested fields are named by their path', () => {
    expect(() => loadModel(tiny({ rope_scaling: { type: 'linear', factor: -2 } }))).toThrow('config.json: rope_scaling.factor must be a positive number, got -2');
    expect(() => loadModel(tiny({ rope_parameters: { rope_type: 'default', rope_theta: 0 } })))
      .toThrow('config.json: rope_parameters.rope_theta must be a positive number, got 0');
    // rope_parameters with no type scales nothing (it was refused as a scaling), unless it holds a factor.
    const unscaled = loadModel(tiny({ rope_theta: null, rope_parameters: { rope_theta: 500000 } })).config;
    expect([unscaled.ropeTheta, unscaled.ropeScaling]).toEqual([500000, undefined]);
    expect(() => loadModel(tiny({ rope_theta: null, rope_parameters: { rope_theta: 500000, factor: 2 } }))).toThrow(/^config\.json: rope scaling .* is not supported/);
    // Both given and different: one of them is wrong, and nothing says which.
    expect(() => loadModel(tiny({ rope_theta: 10000, rope_parameters: { rope_type: 'default', rope_theta: 500000 } })))
      .toThrow('config.json: rope_theta (10000) and rope_parameters.rope_theta (500000) differ: keep the one the model was trained with');
    expect(loadModel(tiny({ rope_theta: 500000, rope_parameters: { rope_type: 'default', rope_theta: 500000 } })).config.ropeTheta).toBe(500000);
    const llama3 = { rope_type: 'llama3', factor: 8, low_freq_factor: 4, high_freq_factor: 4, original_max_position_embeddings: 8192 };
    expect(() => loadModel(tiny({ rope_scaling: llama3 }))).toThrow('config.json: rope_scaling.high_freq_factor (4) must be greater than low_freq_factor (4)');
    expect(() => loadModel(tiny({ rope_scaling: { ...llama3, high_freq_factor: 8, original_max_position_embeddings: 8192.5 } })))
      .toThrow('config.json: rope_scaling.original_max_position_embeddings must be a positive integer');
  });

  it('GPT-2 fields', () => {
    const cases: [string, unknown][] = [['n_layer', 0], ['n_embd', 1.5], ['n_head', -1], ['n_inner', 0], ['n_positions', '16'], ['vocab_size', null]];
    for (const [field, value] of cases) {
      const { files } = random('gpt2', () => {}, { [field]: value });
      expect(() => loadModel(files)).toThrow(value === null ? `config.json: missing ${field}` : `config.json: ${field} must be a positive integer`);
    }
    expect(() => loadModel(random('gpt2', () => {}, { layer_norm_epsilon: -1e-5 }).files)).toThrow('config.json: layer_norm_epsilon must be a positive number, got -0.00001');
  });

  it('GPT-2 attention scaled otherwise than by 1/sqrt(head size) is refused by name, the defaults loaded', () => {
    const gpt2 = (fields: Record<string, unknown>) => loadModel(random('gpt2', () => {}, fields).files);
    expect(() => gpt2({ scale_attn_by_inverse_layer_idx: true })).toThrow('config.json: scale_attn_by_inverse_layer_idx: true (scores divided by the layer number) is not supported');
    expect(() => gpt2({ scale_attn_weights: false })).toThrow('config.json: scale_attn_weights: false (scores not divided by sqrt(head size)) is not supported');
    expect(() => gpt2({ scale_attn_weights: 'no' })).toThrow('config.json: scale_attn_weights must be true or false, got "no"');
    expect(gpt2({ scale_attn_by_inverse_layer_idx: false, scale_attn_weights: true }).config.nLayers).toBe(gpt2({}).config.nLayers);
  });

  it('heads must divide evenly', () => {
    expect(() => loadModel(tiny({ num_key_value_heads: 3 }))).toThrow('config.json: num_attention_heads = 8 is not a multiple of num_key_value_heads = 3');
    expect(() => loadModel(tiny({ num_attention_heads: 12 }))).toThrow('config.json: hidden_size = 128 is not divisible by num_attention_heads = 12');
  });

  it('a key given twice, bytes that are not UTF-8, a byte-order mark', () => {
    const text = JSON.stringify(tinyConfig).replace('"num_hidden_layers":2', '"num_hidden_layers":2,"num_hidden_layers":1');
    expect(() => loadModel(tiny(text))).toThrow('config.json gives the key "num_hidden_layers" twice');
    const files = tiny({});
    files.files.set('config.json', Uint8Array.of(0x7b, 0xff, 0x7d));
    expect(() => loadModel(files)).toThrow('config.json is not UTF-8 text');
    files.files.set('config.json', enc('\ufeff' + JSON.stringify(tinyConfig)));
    expect(() => loadModel(files)).toThrow('config.json starts with a byte-order mark, which JSON does not allow');
  });

  it('impossible values are config.json errors through the whole host-side load, never a kernel message', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ num_hidden_layers: 0 }, 'config.json: num_hidden_layers must be a positive integer'],
      [{ max_position_embeddings: 0 }, 'config.json: max_position_embeddings must be a positive integer'],
      [{ rms_norm_eps: -1 }, 'config.json: rms_norm_eps must be a positive number, got -1'],
      [{ rope_theta: 0 }, 'config.json: rope_theta must be a positive number, got 0'],
      [{ rope_theta: -10000 }, 'config.json: rope_theta must be a positive number, got -10000'],
    ];
    for (const [patch, message] of cases) {
      const load = () => prepareModel(tiny(patch));
      expect(load).toThrow(WeightFormatError);
      expect(load).toThrow(message);
    }
  });
});

describe('token ids: integers in the vocabulary, naming the file they come from', () => {
  it('generation_config.json', () => {
    const gen = (value: unknown) => tiny({}, { 'generation_config.json': JSON.stringify(value) });
    expect(() => loadModel(gen({ eos_token_id: 5000 })))
      .toThrow('generation_config.json: eos_token_id must be a token id: an integer in [0, 2048), the vocabulary of config.json\'s vocab_size, got 5000');
    expect(() => loadModel(gen({ eos_token_id: [2, 'x'] }))).toThrow('generation_config.json: eos_token_id[1] must be a token id');
    expect(() => loadModel(gen({ bos_token_id: -1 }))).toThrow('generation_config.json: bos_token_id must be a token id');
    expect(() => loadModel(gen({ bos_token_id: 1.5 }))).toThrow('generation_config.json: bos_token_id must be a token id');
    expect(() => loadModel(tiny({}, { 'generation_config.json': '[1]' }))).toThrow('generation_config.json must hold a JSON object');
    expect(loadModel(gen({ bos_token_id: 1, eos_token_id: [2, 2047] })).config).toMatchObject({ bosTokenId: 1, eosTokenIds: [2, 2047] });
  });

  it('config.json, when generation_config.json does not give the id', () => {
    expect(() => loadModel(tiny({ eos_token_id: 2048 }))).toThrow(/^config.json: eos_token_id must be a token id/);
    expect(loadModel(tiny({ eos_token_id: 2048 }, { 'generation_config.json': '{"eos_token_id": 2}' })).config.eosTokenIds).toEqual([2]);
    expect(loadModel(tiny({ bos_token_id: null, eos_token_id: null })).config).toMatchObject({ eosTokenIds: [] });
  });
});
