// llama2.c checkpoints (legacy version 0: a 7-int32 header, then float32 weights) -> ModelConfig and
// canonical 'nk' weights. The header is checked field by field, the file size must be exactly what it implies,
// and every weight array must be finite. Not the int8 "version 2" export nor the tokenizer .bin (src/tokenizer/).
// Layout as in llama2.c run.c memory_map_weights; tests: tests/model/loaders.test.ts, loaders-llama2c.test.ts.

import type { HostTensor, ModelConfig, WeightMap } from '../config.js';
import { WeightFormatError } from '../../errors.js';
import { ropeInverseFrequencies } from '../rope-frequencies.js';
import { FILE_KIND_WORDS, type FileKind, kindByMagic } from '../../file-kind.js';
import { CHECK_NOW, type TensorChecks } from './checks.js';
import { checkFinite } from './finite.js';

const HEADER_BYTES = 28;
/** "ak42": the magic of llama2.c's versioned exports (export.py version 1 and 2). */
const VERSIONED_MAGIC = 0x616b3432;

/** The header's int32 fields in file order, by their names in run.c's Config. */
const FIELDS = ['dim', 'hidden_dim', 'n_layers', 'n_heads', 'n_kv_heads', 'vocab_size', 'seq_len'] as const;
type Header = Record<(typeof FIELDS)[number], number>;

/** vocab_size's sign is a flag: positive, the classifier shares the token embedding; negative, a wcls array follows. */
const SHARED_FLAG = 'a positive vocab_size means the output classifier shares the token embedding, a negative one that a separate wcls array ends the file';

/** What to do with a model file of another kind that ends in .bin. */
const ADVICE: Record<FileKind, string> = {
  gguf: ': name it .gguf',
  safetensors: ': load it as model.safetensors in a folder with its config.json',
  'pytorch-zip': ', which shaderlm does not read: load the model\'s model.safetensors instead (transformers\' save_pretrained writes one)',
  'pytorch-pickle': ', which shaderlm does not read: load the model\'s model.safetensors instead (transformers\' save_pretrained writes one)',
};

function readHeader(bytes: Uint8Array): Header {
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  return Object.fromEntries(FIELDS.map((name, i) => [name, view.getInt32(4 * i, true)])) as Header;
}

/** Whether `bytes` open with the magic of llama2.c's versioned exports (int8 or float, which this loader refuses). */
export function isLlama2cVersionedExport(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === VERSIONED_MAGIC;
}

/** Whether `bytes` are a llama2.c checkpoint by their header: a config it describes, of exactly their size (for errors about files given in its place). */
export function readsAsLlama2cCheckpoint(bytes: Uint8Array): boolean {
  if (bytes.byteLength < HEADER_BYTES || kindByMagic(bytes)) return false;
  const header = readHeader(bytes);
  try {
    return bytes.byteLength === HEADER_BYTES + 4 * floatsOf(layout(llama2cConfig(header, '')));
  } catch {
    return false; // no header of a checkpoint
  }
}

/** The model a llama2.c checkpoint holds; each array's values are checked finite by `checks` (default: at once). */
export function loadLlama2c(input: ArrayBuffer | Uint8Array, file = 'model.bin', checks: TensorChecks = CHECK_NOW): { config: ModelConfig; weights: WeightMap } {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength < HEADER_BYTES) {
    throw new WeightFormatError(`${file}: ${bytes.byteLength} bytes, shorter than the ${HEADER_BYTES}-byte llama2.c header`);
  }
  const other = kindByMagic(bytes);
  if (other) throw new WeightFormatError(`${file}: not a llama2.c checkpoint: this is ${FILE_KIND_WORDS[other]}${ADVICE[other]}`);
  if (isLlama2cVersionedExport(bytes)) {
    throw new WeightFormatError(
      `${file}: llama2.c export version ${new DataView(bytes.buffer, bytes.byteOffset).getInt32(4, true)} is not supported; only the legacy version 0 float32 layout`,
    );
  }
  const header = readHeader(bytes);
  const config = llama2cConfig(header, file);
  const arrays = layout(config);
  const expected = HEADER_BYTES + 4 * floatsOf(arrays);
  if (bytes.byteLength !== expected) throw wrongSize(header, config, bytes.byteLength, expected, file);
  const body = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const data = new Float32Array(body.buffer, body.byteOffset + HEADER_BYTES, (expected - HEADER_BYTES) / 4);
  const named = new Map<string, Float32Array>();
  let offset = 0;
  for (const a of arrays) {
    const floats = a.shape.reduce((x, y) => x * y, 1);
    const values = data.subarray(offset, (offset += floats));
    if (a.unused) {
      checkRopeRows(a.name, values, config, header, file);
      continue;
    }
    checks.add(() => checkFinite(values, a.shape, `${file}: ${a.name}`));
    named.set(a.name, values);
  }
  return { config, weights: llama2cWeights(config, named) };
}

/**
 * The size is all that ties the header to the weights: a header damaged in two fields can keep it
 * (hidden_dim one less, seq_len enough more) and read every array from the wrong place (review AE:
 * loaded, and generated garbage). The legacy export writes RoPE's cos and sin at the end, as
 * freq_cis_real and freq_cis_imag (seq_len rows of head size / 2, theta 10000): positions 0 and 1
 * must read as them where this header puts them. run.c never reads them, nor does this loader.
 */
function checkRopeRows(name: string, values: Float32Array, c: ModelConfig, h: Header, file: string): void {
  const freqs = ropeInverseFrequencies(c); // theta 10000 over whole heads, the config's as the export's
  const wave = name === 'freq_cis_real' ? Math.cos : Math.sin;
  for (let p = 0; p < Math.min(2, c.maxSeqLen); p++) {
    for (let i = 0; i < freqs.length; i++) {
      const expected = wave(p * freqs[i]!);
      const got = values[p * freqs.length + i]!;
      if (!(Math.abs(got - expected) <= 1e-4)) {
        const fields = FIELDS.map((field) => `${field}=${h[field]}`).join(' ');
        throw new WeightFormatError(
          `${file}: a damaged llama2.c header: where ${fields} puts ${name}, RoPE's ${name === 'freq_cis_real' ? 'cos' : 'sin'} table, ` +
            `${name}[${p}][${i}] reads ${Number(got.toPrecision(6))}, not ${Number(expected.toPrecision(6))}; the header's fields disagree with the weights (the size alone fit)`,
        );
      }
    }
  }
}

function llama2cConfig(h: Header, file: string): ModelConfig {
  const bad = (why: string) => new WeightFormatError(`${file}: not a llama2.c checkpoint, or a damaged one: ${why} (header ${JSON.stringify(h)})`);
  for (const name of FIELDS) {
    if (name === 'vocab_size' ? h[name] === 0 : h[name] <= 0) {
      throw bad(`${name} = ${h[name]} must be ${name === 'vocab_size' ? `non-zero (${SHARED_FLAG})` : 'positive'}`);
    }
  }
  if (h.dim % h.n_heads !== 0) throw bad(`dim = ${h.dim} is not a multiple of n_heads = ${h.n_heads}`);
  const headSize = h.dim / h.n_heads;
  if (headSize % 2 !== 0) throw bad(`the head size dim / n_heads = ${headSize} is odd, and RoPE rotates pairs`);
  if (h.n_heads % h.n_kv_heads !== 0) throw bad(`n_heads = ${h.n_heads} is not a multiple of n_kv_heads = ${h.n_kv_heads}`);
  return {
    architecture: 'llama', modelType: 'llama2c',
    vocabSize: Math.abs(h.vocab_size), dim: h.dim, nLayers: h.n_layers, nHeads: h.n_heads, nKvHeads: h.n_kv_heads, headSize,
    hiddenDim: h.hidden_dim, maxSeqLen: h.seq_len,
    norm: 'rms', normEps: 1e-5, positions: 'rope', ropeTheta: 10000, ropeLayout: 'interleaved', rotaryDim: headSize,
    mlp: 'swiglu', bias: { qkv: false, attnOut: false, mlp: false, norm: false },
    // run.c ends a sample at BOS (stories are separated by it); EOS ends one too.
    tiedEmbeddings: h.vocab_size > 0, bosTokenId: 1, eosTokenIds: [1, 2],
  };
}

interface FileArray {
  /** run.c's name for the array (TransformerWeights). */
  name: string;
  shape: number[];
  /** freq_cis_real/imag: written by the legacy export, recomputed by run.c, read only to check the header (checkRopeRows). */
  unused?: true;
}

/** The file's float32 arrays in file order. */
function layout(c: ModelConfig): FileArray[] {
  const { vocabSize: V, dim: C, nLayers: L, hiddenDim: F, headSize: HS } = c;
  const KV = c.nKvHeads * HS;
  return [
    { name: 'token_embedding_table', shape: [V, C] }, { name: 'rms_att_weight', shape: [L, C] },
    { name: 'wq', shape: [L, C, C] }, { name: 'wk', shape: [L, KV, C] }, { name: 'wv', shape: [L, KV, C] },
    { name: 'wo', shape: [L, C, C] }, { name: 'rms_ffn_weight', shape: [L, C] },
    { name: 'w1', shape: [L, F, C] }, { name: 'w2', shape: [L, C, F] }, { name: 'w3', shape: [L, F, C] },
    { name: 'rms_final_weight', shape: [C] },
    { name: 'freq_cis_real', shape: [c.maxSeqLen, HS / 2], unused: true }, { name: 'freq_cis_imag', shape: [c.maxSeqLen, HS / 2], unused: true },
    ...(c.tiedEmbeddings ? [] : [{ name: 'wcls', shape: [V, C] }]),
  ];
}

function floatsOf(arrays: FileArray[]): number {
  return arrays.reduce((n, a) => n + a.shape.reduce((x, y) => x * y, 1), 0);
}

function wrongSize(h: Header, c: ModelConfig, actual: number, expected: number, file: string): WeightFormatError {
  const fields = FIELDS.map((name) => `${name}=${h[name]}`).join(' ');
  // The other reading of the flag: with (or without) a separate classifier of V * C floats.
  const classifierBytes = 4 * c.vocabSize * c.dim;
  const flipped = expected + (c.tiedEmbeddings ? classifierBytes : -classifierBytes);
  const hint = actual === flipped
    ? ` The size would fit with vocab_size=${-h.vocab_size}: the sign of vocab_size is wrong (${SHARED_FLAG}).`
    : ` (${SHARED_FLAG}; this header's is ${c.tiedEmbeddings ? 'positive' : 'negative'}.)`;
  return new WeightFormatError(
    `${file}: wrong size for a llama2.c checkpoint with ${fields}: expected ${expected} bytes, got ${actual}.${hint}`,
  );
}

function llama2cWeights(c: ModelConfig, a: ReadonlyMap<string, Float32Array>): WeightMap {
  const { vocabSize: V, dim: C, nLayers: L, hiddenDim: F } = c;
  const KV = c.nKvHeads * c.headSize;
  const perLayer = (name: string) => {
    const all = a.get(name)!;
    const n = all.length / L;
    return (l: number) => all.subarray(l * n, (l + 1) * n);
  };
  const [rmsAtt, rmsFfn] = [perLayer('rms_att_weight'), perLayer('rms_ffn_weight')];
  const [wq, wk, wv, wo] = [perLayer('wq'), perLayer('wk'), perLayer('wv'), perLayer('wo')]; // (out, in) rows
  const [w1, w2, w3] = [perLayer('w1'), perLayer('w2'), perLayer('w3')]; // gate (F, C), down (C, F), up (F, C)
  const w: WeightMap = new Map();
  w.set('embed.tokens', matrix(a.get('token_embedding_table')!, V, C));
  for (let l = 0; l < L; l++) {
    const p = `layers.${l}.`;
    w.set(p + 'norm1.weight', vector(rmsAtt(l)));
    const qkv = new Float32Array((C + 2 * KV) * C);
    qkv.set(wq(l), 0);
    qkv.set(wk(l), C * C);
    qkv.set(wv(l), (C + KV) * C);
    w.set(p + 'attn.qkv.weight', matrix(qkv, C + 2 * KV, C));
    w.set(p + 'attn.out.weight', matrix(wo(l), C, C));
    w.set(p + 'norm2.weight', vector(rmsFfn(l)));
    w.set(p + 'mlp.gate.weight', matrix(w1(l), F, C));
    w.set(p + 'mlp.up.weight', matrix(w3(l), F, C));
    w.set(p + 'mlp.down.weight', matrix(w2(l), C, F));
  }
  w.set('norm.final.weight', vector(a.get('rms_final_weight')!));
  if (!c.tiedEmbeddings) w.set('lm_head.weight', matrix(a.get('wcls')!, V, C));
  return w;
}

const vector = (data: Float32Array): HostTensor => ({ shape: [data.length], dtype: 'f32', data });
const matrix = (data: Float32Array, rows: number, cols: number): HostTensor =>
  ({ shape: [rows, cols], dtype: 'f32', data, layout: 'nk' });
