// Checkpoints: save, then load with the project's own loader and engine. config.json reads back to the
// same ModelConfig, model.safetensors has transformers' names and layouts, the weights come back bit
// for bit and the GPU logits match the CPU reference on the saved weights; the optimizer state
// round-trips bit for bit; mixed or incomplete side files, unsavable configs and --resume from a
// different model are refused with their messages.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import type { HostTensor, ModelConfig, WeightMap } from '../../src/model/config.js';
import { prepareModel } from '../../src/model/prepare.js';
import { resolveSource } from '../../src/model/source.js';
import { hfConfig } from '../../src/model/weights/hf-config.js';
import { parseJsonObject } from '../../src/model/weights/json.js';
import { encodeSafetensors } from '../../src/model/weights/safetensors-writer.js';
import { parseSafetensors } from '../../src/model/weights/safetensors.js';
import { ReferenceTransformer } from '../../src/reference/transformer.js';
import { characterTokenizerJson } from '../../src/tokenizer/character-json.js';
import { checkpointFiles, checkResume, loadCheckpoint, readCheckpoint, saveCheckpoint, type OptimizerState } from '../../src/train/checkpoint/index.js';
import { initWeights, trainConfig, type ModelShape } from '../../src/train/init.js';
import { compare, type Tolerance } from '../kernels/harness.js';
import { gpt2Config, llamaConfig, randomWeights, type Dims } from '../model/random-model.js';
import { dataPath } from '../support/data.js';
import { randomArray } from '../support/random.js';

const engine = await createEngine();
const root = mkdtempSync(join(tmpdir(), 'shaderlm-checkpoint-'));
afterAll(() => {
  engine.destroy();
  rmSync(root, { recursive: true, force: true });
});
let folders = 0;
const newFolder = () => join(root, `ck${folders++}`);

// The forward test's tolerance (tests/model/forward.test.ts): L blocks of f32 matmuls and attention
// on the GPU against the CPU reference; a wrong name, layout or split shows as O(1) differences.
const TOL: Tolerance = { atol: 2e-4, rtol: 2e-4, nmse: 1e-8 };

// 41 characters + the unknown character: 42 tokens for a vocabulary of 67.
const tokenizerJson = characterTokenizerJson('\nabcdefghijklmnopqrstuvwxyz .,;:!?ABCDEFG');
const gpt2: ModelShape = { architecture: 'gpt2', layers: 2, width: 48, heads: 4, context: 24, vocabSize: 67 };
const llama: ModelShape = { architecture: 'llama', layers: 2, width: 48, heads: 4, kvHeads: 2, context: 24, vocabSize: 67 };
const ids = [3, 17, 0, 66, 42, 5, 9, 30, 1];

/** What a trainer would save: moments of the weights' shapes, a step, JSON options and sampler state. */
function optimizerFor(weights: WeightMap, seed: number): OptimizerState {
  const moments = (offset: number) => new Map([...weights].map(([name, t], i) => {
    const data = randomArray(t.data.length, seed + offset + i, 1e-3);
    data[0] = -0; // signs of zero and subnormals must survive too
    if (data.length > 1) data[1] = 1e-40;
    return [name, { shape: t.shape, dtype: 'f32' as const, data }];
  }));
  return {
    step: 1234, m: moments(0), v: moments(1000),
    rngState: { seed: 1337, draws: [4294967295, 0.1 + 0.2] }, dataState: { epoch: 2, offset: 12345 },
    options: { learningRate: 3e-4, warmup: 100, schedule: 'cosine', weightDecay: 0.1, betas: [0.9, 0.95], eps: 1e-8, minLearningRate: undefined },
  };
}

describe('saved checkpoints load back through the project loader', () => {
  const cases: Array<[string, ModelConfig, WeightMap]> = [
    ['gpt2 (random weights)', trainConfig(gpt2), randomWeights(trainConfig(gpt2), 11)],
    ['llama GQA (random weights)', trainConfig(llama), randomWeights(trainConfig(llama), 12)],
    ['gpt2 (initWeights)', trainConfig(gpt2), initWeights(trainConfig(gpt2), 13)],
    ['llama (initWeights)', trainConfig(llama), initWeights(trainConfig(llama), 14)],
  ];
  for (const [name, config, weights] of cases) {
    it(`${name}: same config, bit-identical weights and optimizer state, GPU logits = CPU reference`, async () => {
      const dir = newFolder();
      const optimizer = optimizerFor(weights, 100);
      const written = await saveCheckpoint(dir, { config, weights, tokenizerJson, optimizer });
      expect(written).toEqual(['config.json', 'model.safetensors', 'tokenizer.json', 'optimizer.safetensors', 'trainer.json']);
      expect(readdirSync(dir).sort()).toEqual([...written].sort()); // no temporary files left

      // config.json, read by the loader alone, is this config.
      expect(hfConfig(parseJsonObject(readFileSync(join(dir, 'config.json')), 'config.json'))).toEqual(config);

      // The engine's own parse of the folder: the same weights, bit for bit.
      const prepared = prepareModel(await resolveSource(dir), 'f32');
      expect(prepared.config).toEqual(config);
      expectSameBits(prepared.weights, weights);

      // The GPU forward of the reloaded model against the CPU reference forward of the saved weights.
      const model = await engine.load(dir);
      try {
        const r = compare(await model.logits(ids), new ReferenceTransformer(config, weights).forward(ids, 0), TOL);
        expect(r.pass, r.detail).toBe(true);
      } finally {
        model.dispose();
      }

      // The trainer's view: model, tokenizer and optimizer state.
      const back = await readCheckpoint(dir);
      expect(back.config).toEqual(config);
      expectSameBits(back.weights, weights);
      expect(back.tokenizerJson).toEqual(tokenizerJson);
      expect(back.tokenizer.vocabSize).toBe(42);
      const o = back.optimizer!;
      expect({ step: o.step, rngState: o.rngState, dataState: o.dataState, options: o.options }).toEqual({
        step: optimizer.step, rngState: optimizer.rngState, dataState: optimizer.dataState, options: optimizer.options,
      });
      expect(Object.keys(o.options)).not.toContain('minLearningRate'); // undefined fields are dropped, as JSON does
      expectSameBits(o.m, optimizer.m, weights);
      expectSameBits(o.v, optimizer.v, weights);
    });
  }

  it('model.safetensors uses transformers\' names and layouts (GPT-2 Conv1D [in, out], Llama q/k/v apart)', () => {
    const names = (config: ModelConfig) => {
      const files = checkpointFiles({ config, weights: randomWeights(config, 1), tokenizerJson });
      const { tensors, metadata } = parseSafetensors(files.get('model.safetensors')!);
      expect(metadata).toEqual({ format: 'pt' });
      return new Map([...tensors].map(([n, t]) => [n, t.shape]));
    };
    const g = names(trainConfig(gpt2));
    expect(g.get('transformer.wte.weight')).toEqual([67, 48]);
    expect(g.get('transformer.wpe.weight')).toEqual([24, 48]);
    expect(g.get('transformer.h.1.attn.c_attn.weight')).toEqual([48, 144]);
    expect(g.get('transformer.h.1.mlp.c_fc.weight')).toEqual([48, 192]);
    expect(g.get('transformer.h.1.mlp.c_proj.weight')).toEqual([192, 48]);
    expect(g.get('transformer.ln_f.bias')).toEqual([48]);
    expect(g.has('lm_head.weight')).toBe(false); // tied: save_pretrained drops it too
    expect(g.size).toBe(2 + 12 * 2 + 2);
    const l = names(trainConfig(llama));
    expect(l.get('model.embed_tokens.weight')).toEqual([67, 48]);
    expect(l.get('model.layers.0.self_attn.q_proj.weight')).toEqual([48, 48]);
    expect(l.get('model.layers.0.self_attn.k_proj.weight')).toEqual([24, 48]);
    expect(l.get('model.layers.0.self_attn.v_proj.weight')).toEqual([24, 48]);
    expect(l.get('model.layers.1.mlp.gate_proj.weight')).toEqual([128, 48]);
    expect(l.get('model.layers.1.mlp.down_proj.weight')).toEqual([48, 128]);
    expect(l.get('model.norm.weight')).toEqual([48]);
    expect(l.get('lm_head.weight')).toEqual([67, 48]);
    expect(l.size).toBe(1 + 9 * 2 + 2);
    const config = JSON.parse(new TextDecoder().decode(checkpointFiles({ config: trainConfig(llama), weights: randomWeights(trainConfig(llama), 1), tokenizerJson }).get('config.json')!));
    expect(config).toMatchObject({ architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 48, num_key_value_heads: 2, bos_token_id: null, eos_token_id: null });
  });

  // Configs a fine-tune may start from: each saves and reloads to itself (llama2.c's interleaved RoPE aside, below).
  const dims: Dims = { V: 67, C: 48, L: 2, NH: 4, NKV: 2, F: 96, maxSeqLen: 24 };
  const variants: Array<[string, ModelConfig]> = [
    ['untied GPT-2 with token ids', { ...gpt2Config({ ...dims, NKV: 4 }), tiedEmbeddings: false, bosTokenId: 1, eosTokenIds: [2] }],
    ['tied Llama (TinyStories-like), two eos ids', { ...llamaConfig(dims, 'half'), tiedEmbeddings: true, bosTokenId: 1, eosTokenIds: [2, 3] }],
    ['Qwen2 with qkv bias', llamaConfig(dims, 'half', true)],
    ['Llama with attention biases, head_dim != C / NH', { ...llamaConfig(dims, 'half'), headSize: 16, rotaryDim: 16, bias: { qkv: true, attnOut: true, mlp: false, norm: false } }],
    ['Llama 3.1 RoPE scaling, partial rotary', { ...llamaConfig(dims, 'half'), rotaryDim: 6, ropeTheta: 500000, ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 16 } }],
  ];
  for (const [name, config] of variants) {
    it(`${name}: config and weights round-trip`, () => {
      const weights = randomWeights(config, 3);
      const back = loadCheckpoint(checkpointFiles({ config, weights, tokenizerJson }));
      expect(back.config).toEqual(config);
      expectSameBits(back.weights, weights);
      expect(back.optimizer).toBeUndefined();
    });
  }

  it('interleaved RoPE (llama2.c) saves as Hugging Face\'s half split: same logits, moments permuted with their weights', () => {
    const config = { ...llamaConfig(dims, 'interleaved'), modelType: 'llama2c' };
    const weights = randomWeights(config, 4);
    // Moments equal to the weights must come back equal to the reloaded weights.
    const optimizer: OptimizerState = { step: 3, m: weights, v: weights, options: {} };
    const back = loadCheckpoint(checkpointFiles({ config, weights, tokenizerJson, optimizer }));
    expect(back.config).toEqual({ ...config, modelType: 'llama', ropeLayout: 'half' });
    expect(back.weights.get('layers.0.attn.qkv.weight')!.data).not.toEqual(weights.get('layers.0.attn.qkv.weight')!.data);
    expectSameBits(back.optimizer!.m, back.weights);
    // Permuting q and k alike changes only the order of the score sums: float32 rounding.
    const r = compare(new ReferenceTransformer(back.config, back.weights).forward(ids, 0), new ReferenceTransformer(config, weights).forward(ids, 0), { atol: 1e-5, rtol: 1e-5, nmse: 1e-12 });
    expect(r.pass, r.detail).toBe(true);
  });

  const tinystories = dataPath('tinystories656K');
  it('a real Hugging Face checkpoint (TinyStories-656K) saves and reloads bit for bit', async () => {
    const original = prepareModel(await resolveSource(tinystories), 'f32');
    const dir = newFolder();
    await saveCheckpoint(dir, { config: original.config, weights: original.weights, tokenizerJson: readFileSync(join(tinystories, 'tokenizer.json'), 'utf8') });
    const back = prepareModel(await resolveSource(dir), 'f32');
    expect(back.config).toEqual(original.config);
    expectSameBits(back.weights, original.weights);
    expect(readFileSync(join(dir, 'tokenizer.json'))).toEqual(readFileSync(join(tinystories, 'tokenizer.json')));
  });

  it('a sink receives the files in order, trainer.json last, and loadCheckpoint reads them from memory (the browser path)', async () => {
    const config = trainConfig(llama);
    const weights = initWeights(config, 1);
    const got = new Map<string, Uint8Array>();
    await saveCheckpoint(async (name, bytes) => void got.set(name, bytes), { config, weights, tokenizerJson, optimizer: optimizerFor(weights, 5) });
    expect([...got.keys()].at(-1)).toBe('trainer.json');
    const back = loadCheckpoint(got);
    expectSameBits(back.weights, weights);
    expect(back.optimizer!.step).toBe(1234);
  });

  it('a save without optimizer state removes an earlier save\'s side files, so the folder loads', async () => {
    const config = trainConfig(gpt2);
    const weights = initWeights(config, 2);
    const dir = newFolder();
    await saveCheckpoint(dir, { config, weights, tokenizerJson, optimizer: optimizerFor(weights, 1) });
    await saveCheckpoint(dir, { config, weights: initWeights(config, 3), tokenizerJson });
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
    expect((await readCheckpoint(dir)).optimizer).toBeUndefined();
  });
  it('a save that fails part-way leaves the earlier checkpoint whole, and no partial files', async () => {
    const config = trainConfig(gpt2);
    const first = initWeights(config, 2);
    const dir = newFolder();
    await saveCheckpoint(dir, { config, weights: first, tokenizerJson, optimizer: optimizerFor(first, 1) });
    mkdirSync(join(dir, 'trainer.json.partial')); // the last file's write fails: a folder stands at its name
    await expect(saveCheckpoint(dir, { config, weights: initWeights(config, 3), tokenizerJson, optimizer: optimizerFor(first, 2) })).rejects.toThrow(/EISDIR/);
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors', 'optimizer.safetensors', 'tokenizer.json', 'trainer.json', 'trainer.json.partial']);
    const back = await readCheckpoint(dir);
    expectSameBits(back.weights, first);
    expect(back.optimizer).toBeDefined();
  });
  it('a save cut short while renaming: the refusal names the .partial files, and renaming them finishes that save', async () => {
    const config = trainConfig(gpt2);
    const first = initWeights(config, 2);
    const second = initWeights(config, 3);
    const dir = newFolder();
    await saveCheckpoint(dir, { config, weights: first, tokenizerJson, optimizer: optimizerFor(first, 1) });
    const files = checkpointFiles({ config, weights: second, tokenizerJson, optimizer: optimizerFor(second, 2) });
    for (const [name, bytes] of files) writeFileSync(join(dir, `${name}.partial`), bytes);
    const [renamed, ...rest] = [...files.keys()].filter((name) => name !== 'config.json'); // config.json is the same in both saves
    renameSync(join(dir, `${renamed}.partial`), join(dir, renamed!));
    await expect(readCheckpoint(dir)).rejects.toThrow(/mixes files of two saves.*\. The folder also holds config\.json\.partial, .*trainer\.json\.partial, left by a save cut short: .*renaming each to its name without \.partial finishes that save$/);
    for (const name of ['config.json', ...rest]) renameSync(join(dir, `${name}.partial`), join(dir, name));
    const back = await readCheckpoint(dir);
    expectSameBits(back.weights, second);
    expect(back.optimizer?.step).toBe(optimizerFor(second, 2).step);
  });
});

describe('refused, each with its message', () => {
  const config = trainConfig(gpt2);
  const weights = initWeights(config, 2);

  it('side files from another save (an interrupted save)', async () => {
    const dir = newFolder();
    await saveCheckpoint(dir, { config, weights, tokenizerJson, optimizer: optimizerFor(weights, 1) });
    const stale = readFileSync(join(dir, 'trainer.json'));
    await saveCheckpoint(dir, { config, weights: initWeights(config, 3), tokenizerJson, optimizer: optimizerFor(weights, 1) });
    writeFileSync(join(dir, 'trainer.json'), stale);
    await expect(readCheckpoint(dir)).rejects.toThrow(/trainer\.json does not belong to this model\.safetensors .*the folder mixes files of two saves/);
  });

  it('one side file without the other', () => {
    const files = checkpointFiles({ config, weights, tokenizerJson, optimizer: optimizerFor(weights, 1) });
    files.delete('trainer.json');
    expect(() => loadCheckpoint(files)).toThrow(/optimizer\.safetensors is there without trainer\.json/);
  });

  it('a checkpoint without its tokenizer', () => {
    const files = checkpointFiles({ config, weights, tokenizerJson });
    files.delete('tokenizer.json');
    expect(() => loadCheckpoint(files)).toThrow(/tokenizer\.json was not provided/);
  });

  it('a folder that is not a checkpoint', async () => {
    await expect(readCheckpoint(join(root, 'nothing-here'))).rejects.toThrow(/nothing-here: expected a checkpoint folder, and there is no such folder$/);
  });

  it('optimizer moments that do not match the weights', () => {
    const optimizer = optimizerFor(weights, 1);
    optimizer.m.delete('layers.1.mlp.up.bias');
    expect(() => checkpointFiles({ config, weights, tokenizerJson, optimizer })).toThrow(/optimizer\.m has no entry for weight "layers\.1\.mlp\.up\.bias"/);
    optimizer.m.set('layers.1.mlp.up.bias', { shape: [3], dtype: 'f32', data: new Float32Array(3) });
    expect(() => checkpointFiles({ config, weights, tokenizerJson, optimizer })).toThrow(/optimizer\.m: "layers\.1\.mlp\.up\.bias" has 3 values, its weight 192/);
  });

  it('options JSON cannot hold exactly', () => {
    const bad = (options: object) => () => checkpointFiles({ config, weights, tokenizerJson, optimizer: { ...optimizerFor(weights, 1), options } });
    expect(bad({ onStep: () => {} })).toThrow(/optimizer\.options\.onStep is a function, which trainer\.json cannot hold exactly/);
    expect(bad({ lr: [1, Infinity] })).toThrow(/optimizer\.options\.lr\[1\] is Infinity/);
    expect(bad({ signal: new AbortController().signal })).toThrow(/optimizer\.options\.signal is a AbortSignal/);
  });

  it('weights that are not finite, missing or extra', () => {
    const nan = new Map(weights);
    nan.set('norm.final.weight', { ...weights.get('norm.final.weight')!, data: new Float32Array(48).fill(NaN) });
    expect(() => checkpointFiles({ config, weights: nan, tokenizerJson })).toThrow(/tensor "transformer\.ln_f\.weight" holds NaN at element 0/);
    const missing = new Map(weights);
    missing.delete('embed.positions');
    expect(() => checkpointFiles({ config, weights: missing, tokenizerJson })).toThrow(/the weights have no "embed\.positions"/);
    const extra = new Map(weights).set('lm_head.weight', { shape: [67, 48], dtype: 'f32', data: new Float32Array(67 * 48), layout: 'nk' } as HostTensor);
    expect(() => checkpointFiles({ config, weights: extra, tokenizerJson })).toThrow(/weight "lm_head\.weight" has no place in a gpt2 checkpoint of this config/);
  });

  it('a config config.json cannot express', () => {
    const rms: ModelConfig = { ...config, norm: 'rms' };
    expect(() => checkpointFiles({ config: rms, weights, tokenizerJson })).toThrow(/cannot be saved as a Hugging Face gpt2 checkpoint: config\.json would load back with norm "layer" instead of "rms"/);
  });

  it('--resume from a different model names every differing field', () => {
    const saved = trainConfig(gpt2);
    expect(() => checkResume(saved, { ...gpt2, layers: 4, width: 64 }, 'out/')).toThrow(
      /cannot resume from out\/: it holds a different model \(layers: 2 in the checkpoint, 4 asked for; width: 48 in the checkpoint, 64 asked for\)/,
    );
    expect(() => checkResume(saved, trainConfig({ ...gpt2, architecture: 'llama', context: 32 }))).toThrow(
      /architecture: gpt2 in the checkpoint, llama asked for; context: 24 in the checkpoint, 32 asked for; mlpWidth: 192 in the checkpoint, 128 asked for/,
    );
    expect(() => checkResume(saved, { vocabSize: 41 })).toThrow(/vocabSize: 67 in the checkpoint, 41 asked for/);
    // The same model, or only some fields given and equal: no error.
    expect(() => checkResume(saved, gpt2)).not.toThrow();
    expect(() => checkResume(saved, { layers: 2, heads: 4 })).not.toThrow();
  });

  it('a fine-tune from a different model says so, not "resume" (an option error: RangeError)', () => {
    const fineTune = () => checkResume(trainConfig(gpt2), { layers: 3 }, 'the checkpoint (from)', 'fine-tune');
    expect(fineTune).toThrow(RangeError);
    expect(fineTune).toThrow(
      'cannot fine-tune the checkpoint (from): it holds a different model (layers: 2 in the checkpoint, 3 asked for): ' +
        'a fine-tune keeps the checkpoint\'s model, so give its settings or none, or train a fresh model instead',
    );
  });
});

/** Same names, shapes, layouts (from `like` when given) and bytes. */
function expectSameBits(got: WeightMap, want: WeightMap, like: WeightMap = want): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [name, t] of want) {
    const g = got.get(name)!;
    expect(g.shape, name).toEqual(t.shape);
    expect(g.layout, name).toBe(like.get(name)!.layout);
    const bytes = (x: Float32Array) => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
    expect(Buffer.compare(bytes(g.data), bytes(t.data)), `${name} differs`).toBe(0);
  }
}

// encodeSafetensors is the writer under test here as well: an empty file and a repeated name.
describe('safetensors writer', () => {
  it('writes what the loader reads, refuses repeated names', () => {
    const data = Float32Array.from([1, -0, 1e-40, 3.5]);
    const file = parseSafetensors(encodeSafetensors([{ name: 'a', shape: [2, 2], data }], { format: 'pt' }));
    expect(new Uint32Array(file.tensors.get('a')!.bytes.slice().buffer)).toEqual(new Uint32Array(data.buffer));
    expect(parseSafetensors(encodeSafetensors([])).tensors.size).toBe(0);
    expect(() => encodeSafetensors([{ name: 'a', shape: [4], data }, { name: 'a', shape: [4], data }])).toThrow(/"a" is reserved or repeated/);
    expect(() => encodeSafetensors([{ name: 'a', shape: [3], data }])).toThrow(/"a" has 4 values but shape \[3\]/);
  });
});
