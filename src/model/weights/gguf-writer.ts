// GGUF writer (version 3): encodeGguf lays out typed metadata and tensors with ggml's alignment; encodeGgufModel
// writes our canonical weights (any StoredTensor dtype) and ModelConfig under llama.cpp's names, the inverse of
// gguf-model.ts: qkv split back into q, k, v; 'kn' matrices transposed to ggml's rows; Llama q and k rows
// permuted to interleaved RoPE pairs when the model rotates halves, as llama.cpp's converter does.
// Tests: tests/model/gguf.test.ts (round trips through the loader, and malformed files made from its output).

import type { ModelConfig } from '../config.js';
import { blocksToGguf, isBlockDType, type StoredTensor } from '../../quant/formats.js';
import { toFloat32, toStored } from '../../quant/stored.js';
import { interleavedRopeRows, pickRows, splitRows } from './rows.js';
import { GGML_TYPES, type GgmlTypeName, GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC, type GgufEntry, GgufType } from './gguf.js';

export type { GgufEntry } from './gguf.js';

export interface GgufTensorToWrite {
  name: string;
  /** ggml's dimensions, contiguous first. */
  ne: number[];
  type: GgmlTypeName;
  /** The tensor in the file's encoding. */
  bytes: Uint8Array;
}

export const gguf = {
  u32: (value: number): GgufEntry => ({ type: GgufType.UINT32, value }),
  f32: (value: number): GgufEntry => ({ type: GgufType.FLOAT32, value }),
  bool: (value: boolean): GgufEntry => ({ type: GgufType.BOOL, value }),
  string: (value: string): GgufEntry => ({ type: GgufType.STRING, value }),
  array: (itemType: GgufType, value: unknown[]): GgufEntry => ({ type: GgufType.ARRAY, itemType, value }),
};

/** A GGUF v3 file: header, metadata in the order given, tensor infos, then each tensor's data aligned. */
export function encodeGguf(metadata: [string, GgufEntry][], tensors: GgufTensorToWrite[], alignment = GGUF_DEFAULT_ALIGNMENT): Uint8Array {
  const w = new ByteWriter();
  w.u32(GGUF_MAGIC);
  w.u32(3);
  w.u64(tensors.length);
  w.u64(metadata.length);
  for (const [key, entry] of metadata) {
    w.string(key);
    w.u32(entry.type);
    writeValue(w, entry.type, entry.value, 'itemType' in entry ? entry.itemType : undefined);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    w.string(t.name);
    w.u32(t.ne.length);
    for (const n of t.ne) w.u64(n);
    w.u32(GGML_TYPES[t.type]);
    w.u64(offset);
    offsets.push(offset);
    offset = align(offset + t.bytes.byteLength, alignment);
  }
  // Padded after the last tensor too: gguf.cpp reads the data blob as the sum of padded sizes.
  const dataStart = align(w.length, alignment);
  const out = new Uint8Array(dataStart + offset);
  out.set(w.bytes());
  tensors.forEach((t, i) => out.set(t.bytes, dataStart + offsets[i]!));
  return out;
}

export interface GgufModelOptions {
  /** tokenizer.* metadata (and anything else) written after the hyper-parameters. */
  metadata?: [string, GgufEntry][];
  alignment?: number;
  /**
   * Tensors written with this type and these bytes instead of the weights' own, by ggml name: formats no
   * StoredTensor holds (k-quant blocks). Each must replace a tensor the weights give, with its ne.
   */
  replace?: ReadonlyMap<string, Pick<GgufTensorToWrite, 'type' | 'bytes'>>;
}

/** Our model as llama.cpp would have converted it: metadata under `<arch>.*`, tensors under ggml's names. */
export function encodeGgufModel(c: ModelConfig, weights: ReadonlyMap<string, StoredTensor>, o: GgufModelOptions = {}): Uint8Array {
  const arch = ggufArchitecture(c);
  const meta: [string, GgufEntry][] = [
    ['general.architecture', gguf.string(arch)],
    ...(o.alignment === undefined ? [] : [['general.alignment', gguf.u32(o.alignment)] as [string, GgufEntry]]),
    [`${arch}.context_length`, gguf.u32(c.maxSeqLen)],
    [`${arch}.embedding_length`, gguf.u32(c.dim)],
    [`${arch}.block_count`, gguf.u32(c.nLayers)],
    [`${arch}.feed_forward_length`, gguf.u32(c.hiddenDim)],
    [`${arch}.attention.head_count`, gguf.u32(c.nHeads)],
  ];
  if (arch === 'gpt2') meta.push(['gpt2.attention.layer_norm_epsilon', gguf.f32(c.normEps)]);
  else {
    if (c.rotaryDim !== c.headSize) throw new RangeError(`GGUF writer: a rotary width of ${c.rotaryDim} in heads of ${c.headSize}: the ${arch} architecture rotates whole heads (llama.cpp refuses others)`);
    meta.push(
      [`${arch}.attention.head_count_kv`, gguf.u32(c.nKvHeads)],
      [`${arch}.attention.layer_norm_rms_epsilon`, gguf.f32(c.normEps)],
      [`${arch}.rope.freq_base`, gguf.f32(c.ropeTheta)],
      [`${arch}.rope.dimension_count`, gguf.u32(c.rotaryDim)],
    );
    if (c.headSize * c.nHeads !== c.dim) meta.push([`${arch}.attention.key_length`, gguf.u32(c.headSize)], [`${arch}.attention.value_length`, gguf.u32(c.headSize)]);
    // Llama 3.1's scaling is the tensor rope_freqs.weight (ropeFactorsOf), not metadata.
    if (c.ropeScaling?.type === 'linear') meta.push([`${arch}.rope.scaling.type`, gguf.string('linear')], [`${arch}.rope.scaling.factor`, gguf.f32(c.ropeScaling.factor)]);
  }
  if (c.bosTokenId !== undefined) meta.push(['tokenizer.ggml.bos_token_id', gguf.u32(c.bosTokenId)]);
  if (c.eosTokenIds[0] !== undefined) meta.push(['tokenizer.ggml.eos_token_id', gguf.u32(c.eosTokenIds[0])]);
  meta.push(...(o.metadata ?? []));
  return encodeGguf(meta, replaced(ggufTensors(c, weights), o.replace), o.alignment);
}

function replaced(tensors: GgufTensorToWrite[], replace: GgufModelOptions['replace']): GgufTensorToWrite[] {
  const names = new Set(tensors.map((t) => t.name));
  const missing = [...(replace?.keys() ?? [])].filter((name) => !names.has(name));
  if (missing.length) throw new RangeError(`GGUF writer: no tensor ${missing.join(', ')} to replace`);
  return tensors.map((t) => {
    const r = replace?.get(t.name);
    return r ? { ...t, ...r } : t;
  });
}

/**
 * The architecture llama.cpp's converter names a model: Qwen2 keeps its own (its q and k rows as
 * Hugging Face stores them, rotated by halves), other Llama-family models are llama.
 */
function ggufArchitecture(c: ModelConfig): 'gpt2' | 'llama' | 'qwen2' {
  if (c.architecture === 'gpt2' || c.modelType !== 'qwen2') return c.architecture;
  if (c.ropeLayout !== 'half') throw new RangeError('GGUF writer: the qwen2 architecture rotates q and k by halves (ropeLayout \'half\')');
  return 'qwen2';
}

/** Canonical name -> ggml name, in llama.cpp's order; qkv of Llama-family models split into q, k, v. */
function ggufTensors(c: ModelConfig, weights: ReadonlyMap<string, StoredTensor>): GgufTensorToWrite[] {
  const out: GgufTensorToWrite[] = [];
  const get = (name: string) => {
    const t = weights.get(name);
    if (!t) throw new RangeError(`GGUF writer: the weights lack ${name}`);
    return t;
  };
  const put = (ggmlName: string, t: StoredTensor) => out.push(tensorToWrite(ggmlName, t));
  const optional = (ggmlName: string, name: string) => weights.has(name) && put(ggmlName, get(name));
  const factors = ropeFactorsOf(c);
  if (factors) put('rope_freqs.weight', { shape: [factors.length], dtype: 'f32', data: factors });
  put('token_embd.weight', get('embed.tokens'));
  optional('position_embd.weight', 'embed.positions');
  const { headSize: HS } = c;
  const [Q, KV] = [c.nHeads * HS, c.nKvHeads * HS];
  // The llama architecture's q and k rows are permuted for adjacent pairs; Qwen2's stay as they are.
  const permutesQk = c.ropeLayout === 'half' && ggufArchitecture(c) === 'llama';
  for (let l = 0; l < c.nLayers; l++) {
    const [b, p] = [`blk.${l}.`, `layers.${l}.`];
    put(b + 'attn_norm.weight', get(p + 'norm1.weight'));
    optional(b + 'attn_norm.bias', p + 'norm1.bias');
    if (c.architecture === 'gpt2') {
      put(b + 'attn_qkv.weight', get(p + 'attn.qkv.weight'));
      optional(b + 'attn_qkv.bias', p + 'attn.qkv.bias');
    } else {
      const qkv = nk(get(p + 'attn.qkv.weight'));
      const [q, k, v] = splitRows(qkv, [Q, KV, KV]);
      const interleave = (t: StoredTensor) => (permutesQk ? interleaveRope(t, HS, c.rotaryDim) : t);
      put(b + 'attn_q.weight', interleave(q!));
      put(b + 'attn_k.weight', interleave(k!));
      put(b + 'attn_v.weight', v!);
      if (weights.has(p + 'attn.qkv.bias')) {
        const [qb, kb, vb] = splitRows(get(p + 'attn.qkv.bias'), [Q, KV, KV]);
        put(b + 'attn_q.bias', interleave(qb!));
        put(b + 'attn_k.bias', interleave(kb!));
        put(b + 'attn_v.bias', vb!);
      }
    }
    put(b + 'attn_output.weight', get(p + 'attn.out.weight'));
    optional(b + 'attn_output.bias', p + 'attn.out.bias');
    put(b + 'ffn_norm.weight', get(p + 'norm2.weight'));
    optional(b + 'ffn_norm.bias', p + 'norm2.bias');
    optional(b + 'ffn_gate.weight', p + 'mlp.gate.weight');
    optional(b + 'ffn_gate.bias', p + 'mlp.gate.bias');
    put(b + 'ffn_up.weight', get(p + 'mlp.up.weight'));
    optional(b + 'ffn_up.bias', p + 'mlp.up.bias');
    put(b + 'ffn_down.weight', get(p + 'mlp.down.weight'));
    optional(b + 'ffn_down.bias', p + 'mlp.down.bias');
  }
  put('output_norm.weight', get('norm.final.weight'));
  optional('output_norm.bias', 'norm.final.bias');
  optional('output.weight', 'lm_head.weight');
  return out;
}

/**
 * The divisor of each rotated pair's frequency that llama.cpp's converter writes as rope_freqs.weight
 * (convert_hf_to_gguf.py, LlamaModel): Llama 3.1's scaling, from the config's llama3 parameters;
 * undefined for other scalings.
 */
function ropeFactorsOf(c: ModelConfig): Float32Array | undefined {
  const s = c.ropeScaling;
  if (s?.type === 'factors') return Float32Array.from(s.factors);
  if (s?.type !== 'llama3') return undefined;
  const lowWavelength = s.originalContext / s.lowFreqFactor;
  const highWavelength = s.originalContext / s.highFreqFactor;
  return Float32Array.from({ length: c.rotaryDim / 2 }, (_, i) => {
    const wavelength = (2 * Math.PI) / Math.pow(c.ropeTheta, (2 * i) / -c.rotaryDim);
    if (wavelength < highWavelength) return 1;
    if (wavelength > lowWavelength) return s.factor;
    const smooth = (s.originalContext / wavelength - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
    return 1 / ((1 - smooth) / s.factor + smooth);
  });
}

function tensorToWrite(name: string, stored: StoredTensor): GgufTensorToWrite {
  const t = nk(stored);
  const count = t.shape.reduce((a, b) => a * b, 1);
  const data = t.data; // once: a loaded GGUF's matrix is made at each read
  const bytes = isBlockDType(t.dtype)
    ? blocksToGguf(t.dtype, data as Uint32Array)
    : new Uint8Array(data.buffer, data.byteOffset, t.dtype === 'f32' ? 4 * count : 2 * count);
  return { name, ne: [...t.shape].reverse(), type: t.dtype, bytes };
}

/** A 'kn' matrix as ggml stores every matrix: rows of K (block formats are never 'kn'). */
function nk(t: StoredTensor): StoredTensor {
  if (t.layout !== 'kn') return t;
  const [K, N] = t.shape as [number, number];
  const x = toFloat32(t).data;
  const rows = new Float32Array(x.length);
  for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) rows[n * K + k] = x[k * N + n]!;
  return toStored({ shape: [N, K], data: rows, layout: 'nk' }, t.dtype);
}

/** Rows of each head reordered so that RoPE's pairs (i, i + R/2) become (2i, 2i + 1): llama.cpp's permute. */
function interleaveRope(t: StoredTensor, headSize: number, rotaryDim: number): StoredTensor {
  return pickRows(t, interleavedRopeRows(t.shape[0]! / headSize, headSize, rotaryDim));
}

function writeValue(w: ByteWriter, type: GgufType, value: unknown, itemType?: GgufType): void {
  switch (type) {
    case GgufType.UINT8: return w.scalar(1, (v, at) => v.setUint8(at, value as number));
    case GgufType.INT8: return w.scalar(1, (v, at) => v.setInt8(at, value as number));
    case GgufType.BOOL: return w.scalar(1, (v, at) => v.setUint8(at, value ? 1 : 0));
    case GgufType.UINT16: return w.scalar(2, (v, at) => v.setUint16(at, value as number, true));
    case GgufType.INT16: return w.scalar(2, (v, at) => v.setInt16(at, value as number, true));
    case GgufType.UINT32: return w.u32(value as number);
    case GgufType.INT32: return w.scalar(4, (v, at) => v.setInt32(at, value as number, true));
    case GgufType.FLOAT32: return w.scalar(4, (v, at) => v.setFloat32(at, value as number, true));
    case GgufType.FLOAT64: return w.scalar(8, (v, at) => v.setFloat64(at, value as number, true));
    case GgufType.UINT64: return w.u64(value as number | bigint);
    case GgufType.INT64: return w.scalar(8, (v, at) => v.setBigInt64(at, BigInt(value as number | bigint), true));
    case GgufType.STRING: return w.string(value as string);
    case GgufType.ARRAY: {
      const items = value as unknown[];
      w.u32(itemType!);
      w.u64(items.length);
      for (const item of items) {
        if (itemType === GgufType.ARRAY) {
          const nested = item as { itemType: GgufType; value: unknown[] };
          writeValue(w, GgufType.ARRAY, nested.value, nested.itemType);
        } else writeValue(w, itemType!, item);
      }
      return;
    }
  }
}

const align = (n: number, alignment: number) => Math.ceil(n / alignment) * alignment;

/** A growing little-endian byte buffer. */
class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  length = 0;
  private readonly encoder = new TextEncoder();

  scalar(size: number, set: (view: DataView, at: number) => void): void {
    this.reserve(size);
    set(this.view, this.length);
    this.length += size;
  }

  u32(v: number): void {
    this.scalar(4, (view, at) => view.setUint32(at, v, true));
  }

  u64(v: number | bigint): void {
    this.scalar(8, (view, at) => view.setBigUint64(at, BigInt(v), true));
  }

  string(s: string): void {
    const bytes = this.encoder.encode(s);
    this.u64(bytes.byteLength);
    this.reserve(bytes.byteLength);
    this.buf.set(bytes, this.length);
    this.length += bytes.byteLength;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.byteLength) return;
    const grown = new Uint8Array(Math.max(2 * this.buf.byteLength, this.length + n));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }
}
