// Loading with LoadOptions.dtype: stories260K (llama2.c) at f16, q8_0 and q4_0 and a GPT-2-shaped
// random model ('kn' matrices, transposed to 'nk' for blocks) at q4_0, a Llama-shaped one at each
// k-quant (a K of 96 falls back to q4_0 or q8_0), each with GPU logits against
// the CPU reference forward run on the very weights the GPU holds (dequantized by src/quant), and
// against the f32 model's logits, which quantization moves by a bounded amount; q8_0 greedy text
// against llama2.c runq.c's; what converts and what stays f32 (model.info()); bad dtypes.

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import type { HostTensor, ModelConfig, WeightMap } from '../../src/model/config.js';
import { convertWeights } from '../../src/model/convert.js';
import { Model } from '../../src/model/model.js';
import { prepareModel } from '../../src/model/prepare.js';
import { resolveSource } from '../../src/model/source.js';
import { Transformer } from '../../src/model/transformer.js';
import { loadHuggingFace } from '../../src/model/weights/huggingface.js';
import type { JsonObject } from '../../src/model/weights/json.js';
import { parseSafetensors } from '../../src/model/weights/safetensors.js';
import type { StoredTensor, WeightDType } from '../../src/quant/formats.js';
import { isKQuant } from '../../src/quant/kquants.js';
import { toFloat32, toStored } from '../../src/quant/stored.js';
import { ReferenceTransformer } from '../../src/reference/transformer.js';
import { fromAlphabet } from '../../src/tokenizer/characters.js';
import { compare, type Tolerance } from '../kernels/harness.js';
import { dataPath } from '../support/data.js';
import { encodeSafetensors, randomHfCheckpoint, type FixtureDtype } from './fixtures.js';
import { gpt2Config, llamaConfig, randomWeights } from './random-model.js';

// hostThreads: 2 (CI's): the software profile's workgroup caps plan the staged and strided GEMV programs on any host.
const engine = await createEngine({ hostThreads: 2 });
afterAll(() => engine.destroy());

const CHECKPOINT = dataPath('stories260K/stories260K.bin');
const TOKENIZER = dataPath('stories260K/tok512.bin');

/** The weights as float32 HostTensors: exactly the values the kernels dequantize. */
function dequantized(weights: ReadonlyMap<string, StoredTensor>): WeightMap {
  return new Map([...weights].map(([name, t]): [string, HostTensor] => [name, { ...toFloat32(t), dtype: 'f32' }]));
}

// The forward test's tolerance (tests/model/forward.test.ts) for f32 kernels against float64
// loops: the kernels dequantize exactly (f16 and bf16 widen; d * q is exact in float32), so a
// quantized model sits as close to the reference on its own weights as an f32 model does.
const SAME_WEIGHTS: Tolerance = { atol: 2e-4, rtol: 2e-4, nmse: 1e-8 };

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

describe('stories260K loaded with a dtype', () => {
  const ids = [1, 403, 407, 261, 378, 297, 363, 260, 1, 365, 275, 458, 280, 417, 400, 259, 20];
  let f32Logits: Float32Array;

  it('f32: the baseline logits', async () => {
    const model = await engine.load(CHECKPOINT, { tokenizer: TOKENIZER, dtype: 'f32' });
    try {
      f32Logits = await model.logits(ids);
      expect(model.info().weightDTypes).toEqual({ f32: 1 + 7 * 5 + 1 }); // embedding, 7 per layer, final norm
    } finally {
      model.dispose();
    }
  });

  // How far each dtype moves the logits from f32's on these ids (logits span about +-15), as
  // measured on SwiftShader: f16 max 0.015 (NMSE 7.8e-8), q8_0 max 0.40 (NMSE 7.0e-5), q4_0 max
  // 6.0 (NMSE 0.024; 4-bit weights of a 260K-parameter model move it a lot). The bounds are ~3x
  // those: room for another adapter's summation order, and far below the NMSE ~1 of a block read
  // from the wrong place or with the wrong scale.
  const VS_F32: Record<'f16' | 'q8_0' | 'q4_0', Tolerance> = {
    f16: { atol: 0.05, rtol: 0, nmse: 3e-7 },
    q8_0: { atol: 1.2, rtol: 0, nmse: 3e-4 },
    q4_0: { atol: 18, rtol: 0, nmse: 0.08 },
  };

  // Matrices whose K is a multiple of 32 take the block dtype; mlp.down's K = hidden_dim = 172
  // stays f16 (noted); the 11 norms stay f32. Bytes per token: every layer matrix and the tied head.
  const blocks = { qkv: 128 * 64, out: 64 * 64, gate: 172 * 64, up: 172 * 64, head: 512 * 64 };
  const blockParams = 5 * (blocks.qkv + blocks.out + blocks.gate + blocks.up) + blocks.head;
  const downParams = 5 * 64 * 172;
  const INFO = {
    f16: { weightDTypes: { f16: 26, f32: 11 }, bytesPerToken: 2 * (blockParams + downParams), dtypeNotes: [] },
    // GPU blocks: 36 bytes (q8_0) or 20 bytes (q4_0) per 32 weights (the f16 scale widened to a word).
    q8_0: { weightDTypes: { q8_0: 21, f16: 5, f32: 11 }, bytesPerToken: (blockParams / 32) * 36 + 2 * downParams },
    q4_0: { weightDTypes: { q4_0: 21, f16: 5, f32: 11 }, bytesPerToken: (blockParams / 32) * 20 + 2 * downParams },
  };

  for (const dtype of ['f16', 'q8_0', 'q4_0'] as const) {
    it(`${dtype}: GPU logits = the CPU reference on the dequantized weights, and near f32's`, async () => {
      const model = await engine.load(CHECKPOINT, { tokenizer: TOKENIZER, dtype });
      try {
        const logits = await model.logits(ids);
        const files = await resolveSource(CHECKPOINT);
        files.files.set('tok512.bin', readFileSync(TOKENIZER));
        const { config, weights } = prepareModel(files, dtype);
        const same = compare(logits, new ReferenceTransformer(config, dequantized(weights)).forward(ids, 0), SAME_WEIGHTS);
        expect(same.pass, same.detail).toBe(true);
        const near = compare(logits, f32Logits, VS_F32[dtype]);
        expect(near.pass, near.detail).toBe(true);
        const info = model.info();
        expect(info).toMatchObject(INFO[dtype]);
        if (dtype !== 'f16') {
          expect(info.dtypeNotes).toHaveLength(5);
          for (const note of info.dtypeNotes!) expect(note).toMatch(new RegExp(`^layers\\.\\d\\.mlp\\.down\\.weight \\[64, 172\\] is f16: its K of 172 is not a multiple of ${dtype}'s 32-value blocks$`));
        }
      } finally {
        model.dispose();
      }
    });
  }

  it('q8_0: greedy ids = the CPU reference on the same weights; text against llama2.c runq.c (int8 in groups of 4 with f32 scales)', async () => {
    const model = await engine.load(CHECKPOINT, { tokenizer: TOKENIZER, dtype: 'q8_0' });
    try {
      const pieces = [];
      for await (const piece of model.generate('', { temperature: 0, maxTokens: 256 })) pieces.push(piece);
      const ids = pieces.flatMap((p) => (p.id === undefined ? [] : [p.id]));
      const text = pieces.map((p) => p.text).join('') + '\n'; // runq prints a final newline

      // The same greedy run through the float64 reference on the weights the GPU holds, from BOS.
      const files = await resolveSource(CHECKPOINT);
      files.files.set('tok512.bin', readFileSync(TOKENIZER));
      const { config, weights } = prepareModel(files, 'q8_0');
      const reference = new ReferenceTransformer(config, dequantized(weights));
      const want: number[] = [];
      for (let pos = 0, id = 1; want.length < ids.length; pos++) {
        const logits = reference.forward([id], pos);
        id = logits.indexOf(Math.max(...logits));
        want.push(id);
      }
      expect(ids).toHaveLength(256); // no EOS before maxTokens: the comparison below covers the whole run
      expect(ids).toEqual(want);

      // Two different quantizations of the same model: runq.c's groups of GS = 4 weights with f32
      // scales (stories260K_q8.bin; 172 is no multiple of 32, and f32 scales are not f16, so it does
      // not convert losslessly to q8_0) and an int8 copy of each activation vector, against our
      // 32-weight blocks with f16 scales (mlp.down f16) and f32 activations. Both keep run.c's f32
      // text for a while and then drift apart, each its own way: runq.c for 448 characters, ours
      // for 295 on SwiftShader (both then agree up to '... "I want to play with ', where ours picks
      // another word than both). The bound leaves room for another adapter's rounding.
      const runq = readFileSync(dataPath('stories260K/expected_q8_greedy_t0.txt'), 'utf8');
      const runF32 = readFileSync(dataPath('stories260K/expected_greedy_t0.txt'), 'utf8');
      expect(sharedPrefix(text, runF32)).toBeGreaterThanOrEqual(250);
      expect(sharedPrefix(text, runq)).toBeGreaterThanOrEqual(250);
    } finally {
      model.dispose();
    }
  });
});

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz .,;:!?\'-ABCDEF'; // 40 tokens

/** A random model's GPU logits on a sentence against the CPU reference on the very weights it holds. */
async function expectReferenceLogits(config: ModelConfig, weights: Map<string, StoredTensor>): Promise<void> {
  const transformer = await Transformer.create(engine.gpu, config, weights);
  const model = new Model(transformer, fromAlphabet(ALPHABET), { parameters: 0, weightBytes: 0 });
  try {
    const ids = model.tokenize('the cat sat; on a mat, twice!');
    const r = compare(await model.logits(ids), new ReferenceTransformer(config, dequantized(weights)).forward(ids, 0), SAME_WEIGHTS);
    expect(r.pass, r.detail).toBe(true);
  } finally {
    model.dispose();
  }
}

describe('a GPT-2-shaped random model at q4_0', () => {
  it("converts its 'kn' matrices to 'nk' blocks and keeps positions f32; GPU logits = the CPU reference on them", async () => {
    const config = gpt2Config({ V: 40, C: 64, L: 2, NH: 4, NKV: 4, F: 96, maxSeqLen: 32 });
    const { weights, notes } = convertWeights(randomWeights(config, 7), 'q4_0');
    expect(notes).toEqual([]);
    expect(weights.get('layers.0.attn.qkv.weight')).toMatchObject({ dtype: 'q4_0', layout: 'nk', shape: [192, 64] });
    expect(weights.get('layers.1.mlp.down.weight')).toMatchObject({ dtype: 'q4_0', layout: 'nk', shape: [64, 96] });
    for (const name of ['embed.positions', 'layers.0.norm1.weight', 'layers.0.attn.qkv.bias']) expect(weights.get(name)!.dtype).toBe('f32');
    await expectReferenceLogits(config, weights);
  });
});

describe('a matrix a dtype cannot hold', () => {
  it('stays f32 with a note naming the value, the rest f16', () => {
    const config = llamaConfig({ V: 40, C: 64, L: 1, NH: 4, NKV: 2, F: 96, maxSeqLen: 32 }, 'half');
    const weights = randomWeights(config, 13);
    (weights.get('layers.0.mlp.up.weight')!.data as Float32Array)[70] = 1e5;
    const { weights: stored, notes } = convertWeights(weights, 'f16');
    expect(notes).toEqual(["layers.0.mlp.up.weight [96, 64] is f32: it holds 100000, past f16's largest finite 65504"]);
    expect(stored.get('layers.0.mlp.up.weight')).toMatchObject({ dtype: 'f32', shape: [96, 64] });
    for (const name of ['layers.0.mlp.gate.weight', 'layers.0.attn.qkv.weight', 'embed.tokens']) expect(stored.get(name)!.dtype, name).toBe('f16');
  });

  // Quantized, 1e6 would make a q4_0 block's f16 scale (max / -8) infinite and its weights NaN.
  it('stays f32 with a note naming the block where a block format\'s f16 scale cannot hold it', () => {
    for (const [dtype, C, note] of [
      ['q4_0', 64, "block 2 reaches -1.00e+6, past what q4_0's f16 scale holds"],
      ['q8_0', 64, "block 2 reaches 1.00e+9, past what q8_0's f16 scale holds"],
      ['q4_K', 256, 'super-block 0 spans -0.0625 .. 1.00e+9, past what its f16 scales hold'],
    ] as const) {
      const weights = randomWeights(llamaConfig({ V: 40, C, L: 1, NH: 4, NKV: 2, F: 96, maxSeqLen: 32 }, 'half'), 13);
      (weights.get('layers.0.mlp.up.weight')!.data as Float32Array)[70] = dtype === 'q4_0' ? -1e6 : 1e9;
      const { weights: stored, notes } = convertWeights(weights, dtype);
      expect(notes, dtype).toContain(`layers.0.mlp.up.weight [96, ${C}] is f32: ${note}`);
      expect(stored.get('layers.0.mlp.up.weight'), dtype).toMatchObject({ dtype: 'f32', shape: [96, C] });
      expect(stored.get('layers.0.mlp.gate.weight')!.dtype, dtype).toBe(dtype);
    }
  });
});

describe('a Llama-shaped random model at the k-quants', () => {
  for (const [dtype, fallback] of [['q4_K', 'q4_0'], ['q5_K', 'q8_0'], ['q6_K', 'q8_0']] as const) {
    it(`${dtype}: matrices of K = 256 as super-blocks and the K = 96 one as ${fallback}, noted; GPU logits = the CPU reference on them`, async () => {
      const config = llamaConfig({ V: 40, C: 256, L: 1, NH: 4, NKV: 2, F: 96, maxSeqLen: 32 }, 'half');
      const { weights, notes } = convertWeights(randomWeights(config, 11), dtype);
      expect(notes).toEqual([`layers.0.mlp.down.weight [256, 96] is ${fallback}: its K of 96 is not a multiple of ${dtype}'s 256-value blocks`]);
      expect(weights.get('layers.0.attn.qkv.weight')).toMatchObject({ dtype, layout: 'nk', shape: [512, 256] });
      expect(weights.get('layers.0.mlp.gate.weight')).toMatchObject({ dtype, shape: [96, 256] });
      expect(weights.get('embed.tokens')).toMatchObject({ dtype, shape: [40, 256] });
      expect(weights.get('layers.0.mlp.down.weight')).toMatchObject({ dtype: fallback, shape: [256, 96] });
      await expectReferenceLogits(config, weights);
    });
  }
});

describe('the file precision without a dtype', () => {
  /** A random Qwen2 checkpoint (stacked q, k, v with biases) with every tensor stored as `dtype`. */
  function checkpoint(dtype: FixtureDtype) {
    const ck = randomHfCheckpoint('qwen2', { vocabSize: 48, dim: 32, nLayers: 1, nHeads: 4, nKvHeads: 2, hiddenDim: 40, maxSeqLen: 16 }, 3);
    const tensors = Object.fromEntries(Object.entries(ck.tensors).map(([n, t]) => [n, { ...t, dtype }]));
    return { config: JSON.parse(ck.configJson) as JsonObject, tensors: parseSafetensors(encodeSafetensors(tensors)).tensors };
  }

  for (const [file, dtype] of [['F16', 'f16'], ['BF16', 'bf16']] as const) {
    it(`${file} matrices stay ${dtype} (q, k and v stacked), vectors widen to f32; float32: true widens all`, () => {
      const wide = loadHuggingFace({ ...checkpoint(file), float32: true }).weights;
      const { weights } = loadHuggingFace(checkpoint(file));
      for (const [name, t] of weights) {
        const f32 = wide.get(name)!;
        expect(f32.dtype).toBe('f32');
        if (t.shape.length === 2) expect(t, name).toEqual(toStored(f32, dtype)); // the same bits: f32 came from them
        else expect(t, name).toEqual(f32);
      }
      expect(weights.get('layers.0.attn.qkv.weight')!.dtype).toBe(dtype);
    });
  }

  // q, k and v stack into a tensor whose data is made at each read, as it uploads (stackedRows): training,
  // which updates float32 weights in place, would have updated a copy and lost it.
  it('float32: true and dtype f32 give every tensor data of its own, made once; q, k and v stacked too', () => {
    const remade = (w: ReadonlyMap<string, StoredTensor>) => [...w].filter(([, t]) => t.data !== t.data).map(([name]) => name);
    expect(remade(loadHuggingFace(checkpoint('F32')).weights)).toEqual(['layers.0.attn.qkv.weight', 'layers.0.attn.qkv.bias']);
    expect(remade(loadHuggingFace({ ...checkpoint('F32'), float32: true }).weights)).toEqual([]);
    expect(remade(convertWeights(loadHuggingFace(checkpoint('F32')).weights, 'f32').weights)).toEqual([]);
    expect(remade(convertWeights(loadHuggingFace(checkpoint('F32')).weights, undefined).weights)).toHaveLength(2);
  });
});

// Converting a q4_0 file to q8_0 or f16 was silent, as if a wider format brought the weights back.
describe('block-format matrices converted to another dtype', () => {
  it('are counted in a note saying their values are the file\'s block values; none where they stay', () => {
    const matrix = (dtype: WeightDType) => toStored({ shape: [8, 64], data: Float32Array.from({ length: 512 }, (_, i) => Math.sin(i)), layout: 'nk' }, dtype);
    const weights = new Map([['layers.0.mlp.up.weight', matrix('q4_0')], ['layers.0.mlp.down.weight', matrix('q4_0')], ['layers.0.attn.out.weight', matrix('q8_0')], ['lm_head.weight', matrix('f16')]]);
    const tail = 'converted from those values (the weights before quantization are not in the file)';
    expect(convertWeights(weights, 'q8_0').notes).toEqual([`matrices stored in a block format in the file (2 q4_0) are q8_0 here, ${tail}`]);
    expect(convertWeights(weights, 'f32').notes).toEqual([`matrices stored in a block format in the file (2 q4_0, 1 q8_0) are f32 here, ${tail}`]);
    expect(convertWeights(weights, undefined).notes).toEqual([]);
  });
});

// A whole matrix was widened to f32 before it quantized: 1 GiB at once for a 128k x 2048 embedding.
describe('a large matrix converted a run of rows at a time', () => {
  const N = 1030; // past 1M values at K 1024: a run of 1024 rows, then 6
  const K = 1024;
  const values = Float32Array.from({ length: N * K }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7)));
  const source = (dtype: WeightDType) => toStored({ shape: [N, K], data: values, layout: 'nk' }, dtype);

  it('gives the bits converting it whole gives, from every kind of source to every kind of target', () => {
    for (const from of ['f32', 'bf16', 'q4_0', 'q4_K'] as const) {
      const t = source(from);
      for (const to of ['f16', 'q8_0', 'q6_K'] as const) {
        const { weights, notes } = convertWeights(new Map([['layers.0.mlp.up.weight', t]]), to);
        const whole = toStored(toFloat32(t), to);
        const fromBlocks = from === 'q4_0' || from === 'q4_K';
        expect(notes, `${from} -> ${to}`).toEqual(fromBlocks ? [`matrices stored in a block format in the file (1 ${from}) are ${to} here, converted from those values (the weights before quantization are not in the file)`] : []);
        const got = weights.get('layers.0.mlp.up.weight')!;
        expect([got.dtype, got.shape, got.layout], `${from} -> ${to}`).toEqual([to, [N, K], 'nk']);
        expect(got.data, `${from} -> ${to}`).toEqual(whole.data);
      }
    }
  });

  it('keeps it f32 with the note of the whole matrix where a run holds a value the target cannot', () => {
    const big = values.slice();
    big[1024 * K + 70] = 1e7; // in the second run: q8_0's block 2 of row 1024
    const { weights, notes } = convertWeights(new Map([['layers.0.mlp.up.weight', { shape: [N, K], dtype: 'f32' as const, data: big, layout: 'nk' as const }]]), 'q8_0');
    expect(weights.get('layers.0.mlp.up.weight')!.dtype).toBe('f32');
    expect(notes).toEqual([`layers.0.mlp.up.weight [${N}, ${K}] is f32: block ${(1024 * K + 70) >> 5} reaches 1.00e+7, past what q8_0's f16 scale holds`]);
  });
});

// A converted copy of every matrix stood beside the file's bytes until the upload: those that need no
// note now convert as they upload (a deferredTensor, made at each read), the rest at once.
describe('matrices converted as they upload', () => {
  const values = Float32Array.from({ length: 96 * 64 }, (_, i) => Math.cos(i * 0.11) * (1 + (i % 5)));
  const convert = (t: StoredTensor, to: WeightDType) => {
    const { weights, notes } = convertWeights(new Map([['layers.0.mlp.up.weight', t]]), to);
    return { t: weights.get('layers.0.mlp.up.weight')!, notes };
  };

  it('are the f32 and 16-bit matrices, nk and kn, going to every other dtype, with the shape, layout and bits of a conversion at once', () => {
    for (const layout of ['nk', 'kn'] as const) {
      for (const from of ['f32', 'f16', 'bf16'] as const) {
        for (const to of ['f16', 'bf16', 'q8_0', 'q4_0', 'q4_K', 'q5_K', 'q6_K'] as const) {
          if (to === from) continue;
          const K = isKQuant(to) ? 256 : 64; // K: the first dimension of a kn matrix
          const shape = layout === 'nk' ? [24, K] : [K, 24];
          const source = toStored({ shape, data: values.subarray(0, 24 * K), layout }, from);
          const { t, notes } = convert(source, to);
          const want = toStored(toFloat32(source), to);
          const what = `${layout} ${from} -> ${to}`;
          // A block format stores (K, N) 'kn' as (N, K) 'nk': blocks run along K.
          const block = !to.startsWith('f') && !to.startsWith('b');
          expect([t.data !== t.data, t.dtype, t.shape, t.layout, notes], what).toEqual([true, to, block ? [24, K] : shape, block ? 'nk' : layout, []]);
          expect(t.data, what).toEqual(want.data);
        }
      }
    }
  });

  // A q8_0 file loaded as q4_0 held every converted matrix beside the file too.
  it('are the block-format matrices going to every other dtype but f32, with the bits of a conversion at once', () => {
    for (const from of ['q8_0', 'q4_0', 'q4_K', 'q6_K'] as const) {
      const source = toStored({ shape: [24, 256], data: values.subarray(0, 24 * 256), layout: 'nk' }, from);
      for (const to of ['f16', 'bf16', 'q8_0', 'q4_0', 'q4_K', 'q5_K', 'q6_K'] as const) {
        if (to === from) continue;
        const { t, notes } = convert(source, to);
        const what = `${from} -> ${to}`;
        expect([t.data !== t.data, t.dtype, t.shape, t.layout, notes.length], what).toEqual([true, to, [24, 256], 'nk', 1]);
        expect(t.data, what).toEqual(toStored(toFloat32(source), to).data);
      }
      const f32 = convert(source, 'f32').t;
      expect(f32.data, `${from} -> f32: plain data`).toBe(f32.data);
    }
  });

  it('are not an f32 target, a matrix that stays f32 with a note, or a k-quant past f16\'s range', () => {
    const nk = toStored({ shape: [96, 64], data: values, layout: 'nk' }, 'f32');
    const cases: Array<[string, StoredTensor, WeightDType]> = [
      ['to f32 from f16', toStored(nk as HostTensor, 'f16'), 'f32'],
      ['from q4_0 past f16', toStored({ ...nk, data: Float32Array.from(values, (v, i) => (i === 70 ? 3e5 : v)) } as HostTensor, 'q4_0'), 'f16'],
      ['past q8_0', { ...nk, data: Float32Array.from(values, (v, i) => (i === 70 ? 1e7 : v)) }, 'q8_0'],
      ['past f16', { ...nk, data: Float32Array.from(values, (v, i) => (i === 70 ? -7e4 : v)) }, 'f16'],
      ['to q4_K beyond f16', toStored({ shape: [4, 256], data: Float32Array.from(values.subarray(0, 1024), (v, i) => (i === 9 ? 1e5 : v)), layout: 'nk' }, 'f32'), 'q4_K'],
    ];
    for (const [what, source, to] of cases) {
      const { t, notes } = convert(source, to);
      expect(t.data, what).toBe(t.data);
      expect(notes.length, what).toBe(what.startsWith('to') ? 0 : 1 + Number(what.startsWith('from q4_0')));
    }
  });
});

describe('bad dtypes', () => {
  it('an unknown dtype is a RangeError naming the allowed ones, before anything loads', async () => {
    const allowed = /LoadOptions\.dtype must be one of f32, f16, bf16, q8_0, q4_0, q4_K, q5_K, q6_K, got "q3_k"/;
    await expect(engine.load(CHECKPOINT, { tokenizer: TOKENIZER, dtype: 'q3_k' as never })).rejects.toThrow(RangeError);
    await expect(engine.load('no/such/model', { dtype: 'q3_k' as never })).rejects.toThrow(allowed);
    expect(() => convertWeights(new Map(), 'int8' as never)).toThrow(/must be one of f32, f16, bf16, q8_0, q4_0, q4_K, q5_K, q6_K/);
  });

  it('a misspelt load option is a RangeError naming the known ones, not ignored', async () => {
    await expect(engine.load('no/such/model', { dType: 'q8_0' } as never)).rejects.toThrow(/^unknown load option "dType" \(known: dtype, tokenizer, /);
  });

  it('a load option of the wrong kind is a TypeError naming it, before anything is read', async () => {
    for (const [options, message] of [
      [null, 'load options must be an object, got null'],
      [{ onProgress: 'x' }, 'LoadOptions.onProgress must be a function, got "x"'],
      [{ tokenizer: 5 }, 'LoadOptions.tokenizer must be a path, URL or File, got 5'],
      [{ signal: {} }, 'LoadOptions.signal must be an AbortSignal, got an object'],
      [{ signal: new AbortController() }, 'LoadOptions.signal must be an AbortSignal, got an AbortController'], // its .signal was meant
      [{ onProgress: new Int32Array(1) }, 'LoadOptions.onProgress must be a function, got an Int32Array'],
      // Review S: "must be a folder path or URL, got file:///..." for a URL object read as a contradiction.
      [{ modelsBase: new URL('file:///srv/models/') }, "LoadOptions.modelsBase must be a string: a folder path or a URL's text (url.href), got a URL object (file:///srv/models/)"],
      // A token is described, never shown.
      [{ hfToken: 'hf_abc def' }, 'LoadOptions.hfToken must be an access token (hf_...), printable characters without spaces, got a string with a space or a character that cannot be sent in a header'],
      [{ hfToken: '' }, 'LoadOptions.hfToken must be an access token (hf_...), printable characters without spaces, got an empty string'],
      [{ hfToken: 42 }, 'LoadOptions.hfToken must be an access token (hf_...), printable characters without spaces, got number'],
      [{ hfEndpoint: 'hf-mirror.com' }, 'LoadOptions.hfEndpoint must be the http(s) address of a Hugging Face Hub or mirror, such as "https://hf-mirror.com", got "hf-mirror.com"'],
    ] as const) {
      await expect(engine.load('no/such/model', options as never)).rejects.toThrow(new TypeError(message));
    }
  });
});
