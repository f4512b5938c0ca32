// The fuzz suite's GGUF models, written with the project's writer (encodeGguf): a tiny Llama with a
// SentencePiece vocabulary and a tiny GPT-2 with a byte-level BPE vocabulary in their metadata, their
// tensors in f32, f16, bf16, q8_0 and q4_0. Also a map of every field of the written file (layoutOf),
// walked here independently of the reader, so mutations can aim at structure.

import { encodeGguf, gguf, type GgufEntry, type GgufTensorToWrite } from '../../src/model/weights/gguf-writer.js';
import { GgufType } from '../../src/model/weights/gguf.js';
import { mulberry32 } from '../support/random.js';
import { type FloatRegion, type Pristine, values } from './builders.js';
import { type Dtype, encodeFloats } from './safetensors.js';
import { gpt2Tokenizer, llamaTokenizer } from './tokenizers.js';

export const GGUF_FILE = 'model.gguf';

type TensorType = GgufTensorToWrite['type'];

/** What a metadata key's absence means for this model. */
export type KeyRole =
  | 'required' // the load cannot go on without it
  | 'default' // optional, and its default equals the value written
  | 'meaning'; // optional, but its absence gives another valid model (no oracle: left out of removals)

export interface GgufSpec {
  metadata: [string, GgufEntry][];
  tensors: GgufTensorToWrite[];
  roles: Record<string, KeyRole>;
}

/** A region of block-quantized data: each block starts with its f16 scale. */
export interface BlockRegion {
  begin: number;
  end: number;
  type: 'q8_0' | 'q4_0';
  name: string;
}

export interface GgufPristine extends Pristine {
  spec: GgufSpec;
  layout: Layout;
  blocks: BlockRegion[];
}

/** The part of the file a field is; 'value' is a scalar metadata value, 'string' a string's bytes. */
export type Role =
  | 'magic' | 'version' | 'tensor count' | 'metadata count'
  | 'key length' | 'key' | 'value type' | 'value' | 'string length' | 'string' | 'array type' | 'array length'
  | 'tensor name length' | 'tensor name' | 'dimension count' | 'dimension' | 'tensor type' | 'tensor offset'
  | 'padding' | 'data';

export interface Field {
  at: number;
  size: number;
  role: Role;
  /** The metadata key or tensor name it belongs to. */
  owner: string;
  /** Index inside an array value, if any. */
  element?: number;
  /** A value type or array element type: the type number written. */
  type?: number;
}

export interface Layout {
  fields: Field[];
  dataStart: number;
}

const f32Entry = (value: number): GgufEntry => ({ type: GgufType.FLOAT32, value });

// ---- tensors --------------------------------------------------------------------------------------

const DTYPE: Partial<Record<TensorType, Dtype>> = { f32: 'F32', f16: 'F16', bf16: 'BF16' };

/** A tensor of exact values (builders.ts's k/64), or of random blocks with a small finite scale. */
function tensor(name: string, ne: number[], type: TensorType, seed: number, offset = 0): GgufTensorToWrite {
  const n = ne.reduce((a, b) => a * b, 1);
  const dtype = DTYPE[type];
  if (dtype) return { name, ne, type, bytes: encodeFloats(dtype, values(n, seed, offset)) };
  const next = mulberry32(seed);
  const blockBytes = type === 'q8_0' ? 34 : 18;
  const bytes = new Uint8Array((n / 32) * blockBytes);
  for (let b = 0; b < bytes.length; b += blockBytes) {
    // f16 scale 2^-6 .. 2^-3 (exponent 9..12), then the quants, any byte.
    new DataView(bytes.buffer).setUint16(b, (9 + Math.floor(next() * 4)) << 10, true);
    for (let i = 2; i < blockBytes; i++) bytes[b + i] = Math.floor(next() * 256);
  }
  return { name, ne, type, bytes };
}

// ---- vocabularies ---------------------------------------------------------------------------------

const TOKEN = { normal: 1, unknown: 2, control: 3 };

/** tokenizers.ts's Llama vocabulary as SentencePiece metadata: merged tokens score by merge rank. */
function llamaVocabulary(): [string, GgufEntry][] {
  const model = llamaTokenizer().json.model as { vocab: Record<string, number>; merges: string[] };
  const tokens = Object.keys(model.vocab);
  const merged = model.merges.map((m) => m.replace(' ', ''));
  const scores = tokens.map((t) => (merged.includes(t) ? -1 - merged.indexOf(t) : -1000));
  const types = tokens.map((t) => (t === '<unk>' ? TOKEN.unknown : ['<s>', '</s>'].includes(t) ? TOKEN.control : TOKEN.normal));
  return [
    ['tokenizer.ggml.model', gguf.string('llama')],
    ['tokenizer.ggml.tokens', gguf.array(GgufType.STRING, tokens)],
    ['tokenizer.ggml.scores', gguf.array(GgufType.FLOAT32, scores)],
    ['tokenizer.ggml.token_type', gguf.array(GgufType.INT32, types)],
    ['tokenizer.ggml.bos_token_id', gguf.u32(1)],
    ['tokenizer.ggml.eos_token_id', gguf.u32(2)],
    ['tokenizer.ggml.unknown_token_id', gguf.u32(0)],
    ['tokenizer.chat_template', gguf.string("{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}")],
  ];
}

/** tokenizers.ts's GPT-2 vocabulary as byte-level BPE metadata. */
function gpt2Vocabulary(): [string, GgufEntry][] {
  const model = gpt2Tokenizer().json.model as { vocab: Record<string, number>; merges: [string, string][] };
  const tokens = Object.keys(model.vocab);
  const eot = tokens.length - 1;
  return [
    ['tokenizer.ggml.model', gguf.string('gpt2')],
    ['tokenizer.ggml.pre', gguf.string('gpt-2')],
    ['tokenizer.ggml.tokens', gguf.array(GgufType.STRING, tokens)],
    ['tokenizer.ggml.token_type', gguf.array(GgufType.INT32, tokens.map((_, i) => (i === eot ? TOKEN.control : TOKEN.normal)))],
    ['tokenizer.ggml.merges', gguf.array(GgufType.STRING, model.merges.map(([a, b]) => `${a} ${b}`))],
    ['tokenizer.ggml.bos_token_id', gguf.u32(eot)],
    ['tokenizer.ggml.eos_token_id', gguf.u32(eot)],
  ];
}

// ---- models ---------------------------------------------------------------------------------------

const LLAMA = { dim: 16, heads: 4, kvHeads: 2, headDim: 4, layers: 2, hidden: 32, context: 32 };

function llamaSpec(): GgufSpec {
  const vocabulary = llamaVocabulary();
  const V = (vocabulary[1]![1].value as string[]).length;
  const { dim: C, hidden: F, kvHeads, headDim } = LLAMA;
  const KV = kvHeads * headDim;
  const tensors = [tensor('token_embd.weight', [C, V], 'f32', 401)];
  for (let l = 0; l < LLAMA.layers; l++) {
    const [b, s] = [`blk.${l}.`, 410 + 20 * l];
    tensors.push(
      tensor(b + 'attn_norm.weight', [C], 'f32', s, 1),
      tensor(b + 'attn_q.weight', [C, C], 'f16', s + 1), tensor(b + 'attn_k.weight', [C, KV], 'f16', s + 2),
      tensor(b + 'attn_v.weight', [C, KV], 'f16', s + 3), tensor(b + 'attn_output.weight', [C, C], 'f32', s + 4),
      tensor(b + 'ffn_norm.weight', [C], 'f16', s + 5, 1), tensor(b + 'ffn_gate.weight', [C, F], 'bf16', s + 6),
      tensor(b + 'ffn_up.weight', [C, F], 'f32', s + 7), tensor(b + 'ffn_down.weight', [F, C], l === 0 ? 'q8_0' : 'q4_0', s + 8),
    );
  }
  tensors.push(tensor('output_norm.weight', [C], 'f32', 490, 1), tensor('output.weight', [C, V], 'f32', 491));
  const metadata: [string, GgufEntry][] = [
    ['general.architecture', gguf.string('llama')],
    ['general.name', gguf.string('fuzz llama')],
    ['llama.context_length', gguf.u32(LLAMA.context)],
    ['llama.embedding_length', gguf.u32(C)],
    ['llama.block_count', gguf.u32(LLAMA.layers)],
    ['llama.feed_forward_length', gguf.u32(F)],
    ['llama.attention.head_count', gguf.u32(LLAMA.heads)],
    ['llama.attention.head_count_kv', gguf.u32(kvHeads)],
    ['llama.attention.layer_norm_rms_epsilon', f32Entry(1 / 1024)],
    ['llama.rope.freq_base', f32Entry(10000)],
    ['llama.rope.dimension_count', gguf.u32(headDim)],
    ...vocabulary,
  ];
  const roles: Record<string, KeyRole> = {
    'general.architecture': 'required', 'general.name': 'default', 'llama.context_length': 'required', 'llama.embedding_length': 'required',
    'llama.block_count': 'required', 'llama.feed_forward_length': 'required', 'llama.attention.head_count': 'required',
    // Without it every head has its own k and v: the k and v tensors then have the wrong shape.
    'llama.attention.head_count_kv': 'required',
    'llama.attention.layer_norm_rms_epsilon': 'required', 'llama.rope.freq_base': 'default', 'llama.rope.dimension_count': 'default',
    // Without tokenizer.ggml.model the file holds no tokenizer: none is given, so the load must fail.
    'tokenizer.ggml.model': 'required', 'tokenizer.ggml.tokens': 'required', 'tokenizer.ggml.scores': 'required',
    // A SentencePiece tokenizer adds BOS unless told not to: without its id the file is incomplete.
    'tokenizer.ggml.token_type': 'meaning', 'tokenizer.ggml.bos_token_id': 'required', 'tokenizer.ggml.eos_token_id': 'meaning',
    'tokenizer.ggml.unknown_token_id': 'meaning', 'tokenizer.chat_template': 'meaning',
  };
  return { metadata, tensors, roles };
}

const GPT2 = { dim: 8, heads: 2, layers: 2, hidden: 32, context: 16 };

function gpt2Spec(): GgufSpec {
  const vocabulary = gpt2Vocabulary();
  const V = (vocabulary[2]![1].value as string[]).length;
  const { dim: C, hidden: F } = GPT2;
  const tensors = [tensor('token_embd.weight', [C, V], 'f32', 501), tensor('position_embd.weight', [C, GPT2.context], 'f32', 502)];
  for (let l = 0; l < GPT2.layers; l++) {
    const [b, s] = [`blk.${l}.`, 510 + 20 * l];
    tensors.push(
      tensor(b + 'attn_norm.weight', [C], 'f32', s, 1), tensor(b + 'attn_norm.bias', [C], 'f32', s + 1),
      tensor(b + 'attn_qkv.weight', [C, 3 * C], 'f16', s + 2), tensor(b + 'attn_qkv.bias', [3 * C], 'f16', s + 3),
      tensor(b + 'attn_output.weight', [C, C], 'f32', s + 4), tensor(b + 'attn_output.bias', [C], 'bf16', s + 5),
      tensor(b + 'ffn_norm.weight', [C], 'f32', s + 6, 1), tensor(b + 'ffn_norm.bias', [C], 'f32', s + 7),
      tensor(b + 'ffn_up.weight', [C, F], 'f32', s + 8), tensor(b + 'ffn_up.bias', [F], 'f32', s + 9),
      tensor(b + 'ffn_down.weight', [F, C], l === 0 ? 'q4_0' : 'q8_0', s + 10), tensor(b + 'ffn_down.bias', [C], 'f32', s + 11),
    );
  }
  tensors.push(tensor('output_norm.weight', [C], 'f32', 590, 1), tensor('output_norm.bias', [C], 'f32', 591));
  const metadata: [string, GgufEntry][] = [
    ['general.architecture', gguf.string('gpt2')],
    ['gpt2.context_length', gguf.u32(GPT2.context)],
    ['gpt2.embedding_length', gguf.u32(C)],
    ['gpt2.block_count', gguf.u32(GPT2.layers)],
    ['gpt2.feed_forward_length', gguf.u32(F)],
    ['gpt2.attention.head_count', gguf.u32(GPT2.heads)],
    ['gpt2.attention.layer_norm_epsilon', f32Entry(1 / 1024)],
    ...vocabulary,
  ];
  const roles: Record<string, KeyRole> = {
    'general.architecture': 'required', 'gpt2.context_length': 'required', 'gpt2.embedding_length': 'required', 'gpt2.block_count': 'required',
    // Its default, 4 * embedding_length, is also 32.
    'gpt2.feed_forward_length': 'default', 'gpt2.attention.head_count': 'required', 'gpt2.attention.layer_norm_epsilon': 'required',
    'tokenizer.ggml.model': 'required', 'tokenizer.ggml.pre': 'meaning', 'tokenizer.ggml.tokens': 'required', 'tokenizer.ggml.token_type': 'meaning',
    'tokenizer.ggml.merges': 'required', 'tokenizer.ggml.bos_token_id': 'meaning', 'tokenizer.ggml.eos_token_id': 'meaning',
  };
  return { metadata, tensors, roles };
}

function pristine(name: 'llama-gguf' | 'gpt2-gguf', spec: GgufSpec): GgufPristine {
  const bytes = encodeGguf(spec.metadata, spec.tensors);
  const layout = layoutOf(bytes);
  const data = layout.fields.filter((f) => f.role === 'data');
  const floats: FloatRegion[] = [];
  const blocks: BlockRegion[] = [];
  spec.tensors.forEach((t, i) => {
    const { at, size } = data[i]!;
    const dtype = DTYPE[t.type];
    if (dtype) floats.push({ file: GGUF_FILE, begin: at, end: at + size, dtype, names: [t.name] });
    else blocks.push({ begin: at, end: at + size, type: t.type as BlockRegion['type'], name: t.name });
  });
  return {
    name, source: { format: 'gguf', checkpoint: GGUF_FILE, files: new Map([[GGUF_FILE, bytes]]) }, floats, json: new Map(), spec, layout, blocks,
  };
}

export const buildLlamaGguf = (): GgufPristine => pristine('llama-gguf', llamaSpec());
export const buildGpt2Gguf = (): GgufPristine => pristine('gpt2-gguf', gpt2Spec());

// ---- the layout walker ----------------------------------------------------------------------------

const SCALAR_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
/** [elements, bytes] per block of each ggml type the models use, by type number. */
export const GGML_TYPE_BYTES: Record<number, [number, number]> = { 0: [1, 4], 1: [1, 2], 30: [1, 2], 8: [32, 34], 2: [32, 18] };

/** Every field of a well-formed GGUF file the writer produced, in file order. */
export function layoutOf(bytes: Uint8Array): Layout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: Field[] = [];
  let at = 0;
  const take = (size: number, role: Role, owner: string, extra: Partial<Field> = {}) => {
    fields.push({ at, size, role, owner, ...extra });
    at += size;
  };
  const u64 = () => Number(view.getBigUint64(at, true));
  const u32 = () => view.getUint32(at, true);
  const string = (lengthRole: Role, role: Role, owner: string, extra: Partial<Field> = {}) => {
    const n = u64();
    take(8, lengthRole, owner, extra);
    const text = new TextDecoder().decode(bytes.subarray(at, at + n));
    take(n, role, owner, extra);
    return text;
  };
  const value = (type: number, owner: string, element?: number) => {
    const extra = element === undefined ? {} : { element };
    if (type === GgufType.STRING) string('string length', 'string', owner, extra);
    else if (type === GgufType.ARRAY) {
      const inner = u32();
      take(4, 'array type', owner, { ...extra, type: inner });
      const n = u64();
      take(8, 'array length', owner, extra);
      for (let i = 0; i < n; i++) value(inner, owner, i);
    } else take(SCALAR_BYTES[type]!, 'value', owner, { ...extra, type });
  };
  take(4, 'magic', '');
  take(4, 'version', '');
  const tensorCount = u64();
  take(8, 'tensor count', '');
  const kvCount = u64();
  take(8, 'metadata count', '');
  let alignment = 32;
  for (let i = 0; i < kvCount; i++) {
    const key = string('key length', 'key', '');
    fields.at(-1)!.owner = fields.at(-2)!.owner = key;
    const type = u32();
    take(4, 'value type', key, { type });
    if (key === 'general.alignment') alignment = view.getUint32(at, true);
    value(type, key);
  }
  const infos: { name: string; size: number; offset: number }[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = string('tensor name length', 'tensor name', '');
    fields.at(-1)!.owner = fields.at(-2)!.owner = name;
    const nDims = u32();
    take(4, 'dimension count', name);
    let count = 1;
    for (let d = 0; d < nDims; d++) {
      count *= u64();
      take(8, 'dimension', name, { element: d });
    }
    const type = u32();
    take(4, 'tensor type', name, { type });
    const offset = u64();
    take(8, 'tensor offset', name);
    const [elements, size] = GGML_TYPE_BYTES[type]!;
    infos.push({ name, size: (count / elements) * size, offset });
  }
  const dataStart = Math.ceil(at / alignment) * alignment;
  if (dataStart > at) take(dataStart - at, 'padding', '');
  for (const t of infos) fields.push({ at: dataStart + t.offset, size: t.size, role: 'data', owner: t.name });
  return { fields, dataStart };
}
