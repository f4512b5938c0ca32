// llama2.c checkpoints (legacy version 0: a 7-int32 header, then float32 weights) -> ModelConfig and
// canonical 'nk' weights. Not the int8 "version 2" export nor the tokenizer .bin (src/tokenizer/).
// Layout as in llama2.c run.c memory_map_weights; tests: tests/model/loaders.test.ts (stories260K).

import type { HostTensor, ModelConfig, WeightMap } from '../config.js';
import { WeightFormatError } from '../../errors.js';

const HEADER_BYTES = 28;
/** "ak42": the magic of llama2.c's versioned exports (export.py version 1 and 2). */
const VERSIONED_MAGIC = 0x616b3432;

export function loadLlama2c(input: ArrayBuffer | Uint8Array, file = 'model.bin'): { config: ModelConfig; weights: WeightMap } {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength < HEADER_BYTES) {
    throw new WeightFormatError(`${file}: ${bytes.byteLength} bytes, shorter than the ${HEADER_BYTES}-byte llama2.c header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (view.getUint32(0, true) === VERSIONED_MAGIC) {
    throw new WeightFormatError(
      `${file}: llama2.c export version ${view.getInt32(4, true)} is not supported; only the legacy version 0 float32 layout`,
    );
  }
  const [dim, hiddenDim, nLayers, nHeads, nKvHeads, vocab, seqLen] = Array.from({ length: 7 }, (_, i) => view.getInt32(4 * i, true)) as
    [number, number, number, number, number, number, number];
  const config = llama2cConfig({ dim, hiddenDim, nLayers, nHeads, nKvHeads, vocab, seqLen }, file);
  const floats = sizes(config);
  const expected = HEADER_BYTES + 4 * floats.reduce((a, b) => a + b, 0);
  if (bytes.byteLength !== expected) {
    throw new WeightFormatError(
      `${file}: wrong size for a llama2.c checkpoint with dim=${dim} hidden_dim=${hiddenDim} n_layers=${nLayers} n_heads=${nHeads} ` +
        `n_kv_heads=${nKvHeads} vocab_size=${vocab} seq_len=${seqLen}: expected ${expected} bytes, got ${bytes.byteLength}`,
    );
  }
  const body = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const data = new Float32Array(body.buffer, body.byteOffset + HEADER_BYTES, (expected - HEADER_BYTES) / 4);
  return { config, weights: llama2cWeights(config, data) };
}

interface Header { dim: number; hiddenDim: number; nLayers: number; nHeads: number; nKvHeads: number; vocab: number; seqLen: number }

function llama2cConfig(h: Header, file: string): ModelConfig {
  const positive = [h.dim, h.hiddenDim, h.nLayers, h.nHeads, h.nKvHeads, Math.abs(h.vocab), h.seqLen].every((v) => v > 0);
  if (!positive || h.dim % h.nHeads !== 0 || (h.dim / h.nHeads) % 2 !== 0 || h.nHeads % h.nKvHeads !== 0) {
    throw new WeightFormatError(`${file}: not a llama2.c checkpoint (header ${JSON.stringify(h)})`);
  }
  const headSize = h.dim / h.nHeads;
  return {
    architecture: 'llama', modelType: 'llama2c',
    // A negative vocab_size is llama2.c's flag for a separate classifier.
    vocabSize: Math.abs(h.vocab), dim: h.dim, nLayers: h.nLayers, nHeads: h.nHeads, nKvHeads: h.nKvHeads, headSize,
    hiddenDim: h.hiddenDim, maxSeqLen: h.seqLen,
    norm: 'rms', normEps: 1e-5, positions: 'rope', ropeTheta: 10000, ropeLayout: 'interleaved', rotaryDim: headSize,
    mlp: 'swiglu', bias: { qkv: false, attnOut: false, mlp: false, norm: false },
    // run.c ends a sample at BOS (stories are separated by it); EOS ends one too.
    tiedEmbeddings: h.vocab > 0, bosTokenId: 1, eosTokenIds: [1, 2],
  };
}

/** Float counts of the file's arrays, in file order. */
function sizes(c: ModelConfig): number[] {
  const { vocabSize: V, dim: C, nLayers: L, hiddenDim: F, headSize: HS } = c;
  const KV = c.nKvHeads * HS;
  return [
    V * C, L * C, L * C * C, L * KV * C, L * KV * C, L * C * C, L * C, // embedding, rms_att, wq, wk, wv, wo, rms_ffn
    L * F * C, L * C * F, L * F * C, C, // w1, w2, w3, rms_final
    (c.maxSeqLen * HS) / 2, (c.maxSeqLen * HS) / 2, // legacy freq_cis_real/imag, unused
    c.tiedEmbeddings ? 0 : V * C, // wcls
  ];
}

function llama2cWeights(c: ModelConfig, data: Float32Array): WeightMap {
  const { vocabSize: V, dim: C, nLayers: L, hiddenDim: F } = c;
  const KV = c.nKvHeads * c.headSize;
  let offset = 0;
  const next = (n: number) => data.subarray(offset, (offset += n));
  const perLayer = (n: number) => {
    const all = next(L * n);
    return (l: number) => all.subarray(l * n, (l + 1) * n);
  };
  const embedding = next(V * C); // (V, C)
  const rmsAtt = perLayer(C);
  const [wq, wk, wv, wo] = [perLayer(C * C), perLayer(KV * C), perLayer(KV * C), perLayer(C * C)]; // (out, in) rows
  const rmsFfn = perLayer(C);
  const [w1, w2, w3] = [perLayer(F * C), perLayer(C * F), perLayer(F * C)]; // gate (F, C), down (C, F), up (F, C)
  const rmsFinal = next(C);
  next(c.maxSeqLen * c.headSize); // freq_cis_real and freq_cis_imag: run.c recomputes RoPE
  const w: WeightMap = new Map();
  w.set('embed.tokens', matrix(embedding, V, C));
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
  w.set('norm.final.weight', vector(rmsFinal));
  if (!c.tiedEmbeddings) w.set('lm_head.weight', matrix(next(V * C), V, C));
  return w;
}

const vector = (data: Float32Array): HostTensor => ({ shape: [data.length], dtype: 'f32', data });
const matrix = (data: Float32Array, rows: number, cols: number): HostTensor =>
  ({ shape: [rows, cols], dtype: 'f32', data, layout: 'nk' });
