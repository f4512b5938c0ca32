// Safetensors reader: strict header validation, a tensor index over the file's bytes, and on-demand
// conversion of F32/F16/BF16 to Float32Array; sharded checkpoints merge through their index.json.
// Not a writer (tests/model/fixtures.ts has a small encoder) and not the HF name mapping (huggingface.ts).
// Tests: tests/model/loaders.test.ts.

import { WeightFormatError } from '../../errors.js';
import { isObject, parseJsonObject } from './json.js';

/** Element sizes of every dtype the format defines: all are validated, only floats convert. */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
};

export interface SafetensorsEntry {
  dtype: string;
  shape: number[];
  /** The tensor's little-endian bytes: a view into the file, not a copy. */
  bytes: Uint8Array;
  /** The file it came from, for error messages. */
  file: string;
}

export interface SafetensorsFile {
  tensors: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

export function parseSafetensors(input: ArrayBuffer | Uint8Array, file = 'model.safetensors'): SafetensorsFile {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength < 8) {
    throw new WeightFormatError(`${file}: truncated: ${bytes.byteLength} bytes, shorter than the 8-byte header length`);
  }
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLen > BigInt(bytes.byteLength - 8)) {
    throw new WeightFormatError(
      `${file}: header length ${headerLen} runs past the end of the file (${bytes.byteLength} bytes): truncated or not safetensors`,
    );
  }
  const dataStart = 8 + Number(headerLen);
  const header = parseHeader(bytes.subarray(8, dataStart), file);
  const data = bytes.subarray(dataStart);
  const tensors = new Map<string, SafetensorsEntry>();
  const spans: { name: string; begin: number; end: number }[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, begin, end } = validateEntry(name, entry, data.byteLength, file);
    tensors.set(name, { dtype, shape, bytes: data.subarray(begin, end), file });
    spans.push({ name, begin, end });
  }
  checkOverlaps(spans, file);
  const metadata = parseMetadata(header.__metadata__, file);
  addAliases(tensors, metadata);
  return { tensors, metadata };
}

function parseHeader(headerBytes: Uint8Array, file: string): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(headerBytes));
  } catch (e) {
    throw new WeightFormatError(`${file}: header is not JSON (${(e as Error).message})`);
  }
  if (!isObject(header)) throw new WeightFormatError(`${file}: header is not a JSON object`);
  return header;
}

function validateEntry(name: string, entry: unknown, dataBytes: number, file: string) {
  const where = `${file}: tensor "${name}"`;
  if (!isObject(entry) || typeof entry.dtype !== 'string' || !isIntArray(entry.shape) || !isIntArray(entry.data_offsets)
      || entry.data_offsets.length !== 2) {
    throw new WeightFormatError(`${where} has a malformed header entry (needs dtype, shape and data_offsets [begin, end])`);
  }
  const { dtype, shape } = entry;
  const [begin, end] = entry.data_offsets;
  const size = DTYPE_BYTES[dtype];
  if (size === undefined) {
    throw new WeightFormatError(`${where} has unknown dtype "${dtype}" (known: ${Object.keys(DTYPE_BYTES).join(', ')})`);
  }
  if (begin > end || end > dataBytes) {
    const truncated = begin <= end ? ` (truncated file? the data section would need ${end - dataBytes} more bytes)` : '';
    throw new WeightFormatError(`${where}: data_offsets [${begin}, ${end}] out of range of the ${dataBytes}-byte data section${truncated}`);
  }
  const need = shape.reduce((a, b) => a * b, 1) * size;
  if (need !== end - begin) {
    throw new WeightFormatError(
      `${where}: shape [${shape.join(', ')}] of ${dtype} needs ${need} bytes but data_offsets span ${end - begin}`,
    );
  }
  return { dtype, shape, begin, end };
}

function isIntArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= 0);
}

function checkOverlaps(spans: { name: string; begin: number; end: number }[], file: string): void {
  const sorted = spans.filter((s) => s.end > s.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (b.begin < a.end) {
      throw new WeightFormatError(
        `${file}: tensors "${a.name}" [${a.begin}, ${a.end}] and "${b.name}" [${b.begin}, ${b.end}] overlap`,
      );
    }
  }
}

function parseMetadata(value: unknown, file: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new WeightFormatError(`${file}: __metadata__ must map strings to strings`);
  }
  return value as Record<string, string>;
}

/** safetensors.torch.save_model drops shared tensors and records metadata[dropped] = kept. */
function addAliases(tensors: Map<string, SafetensorsEntry>, metadata: Record<string, string>): void {
  for (const [alias, target] of Object.entries(metadata)) {
    const kept = tensors.get(target);
    if (kept && !tensors.has(alias)) tensors.set(alias, kept);
  }
}

/** The tensor as float32; F32 shares the file's memory when aligned (hosts are little-endian). */
export function toFloat32(name: string, t: SafetensorsEntry): Float32Array {
  const size = DTYPE_BYTES[t.dtype]!;
  const n = t.bytes.byteLength / size;
  const aligned = t.bytes.byteOffset % size === 0 ? t.bytes : t.bytes.slice();
  switch (t.dtype) {
    case 'F32':
      return new Float32Array(aligned.buffer, aligned.byteOffset, n);
    case 'F16': {
      const table = f16Table();
      const h = new Uint16Array(aligned.buffer, aligned.byteOffset, n);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = table[h[i]!]!;
      return out;
    }
    case 'BF16': {
      const h = new Uint16Array(aligned.buffer, aligned.byteOffset, n);
      const bits = new Uint32Array(n);
      for (let i = 0; i < n; i++) bits[i] = h[i]! << 16;
      return new Float32Array(bits.buffer);
    }
    default:
      throw new WeightFormatError(`${t.file}: tensor "${name}" has dtype ${t.dtype}; only F32, F16 and BF16 convert to float32`);
  }
}

let F16_TABLE: Float32Array | undefined;
function f16Table(): Float32Array {
  if (!F16_TABLE) {
    F16_TABLE = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const sign = h & 0x8000 ? -1 : 1;
      const e = (h >> 10) & 0x1f;
      const f = h & 0x3ff;
      F16_TABLE[h] = e === 0 ? sign * f * 2 ** -24 : e === 31 ? (f ? NaN : sign * Infinity) : sign * (1 + f / 1024) * 2 ** (e - 15);
    }
  }
  return F16_TABLE;
}

export interface ShardIndex {
  /** tensor name -> shard file name */
  weightMap: Map<string, string>;
  /** shard file names, each once, in first-mention order */
  shards: string[];
}

export const SHARD_INDEX_FILE = 'model.safetensors.index.json';

export function parseShardIndex(bytes: Uint8Array, file = SHARD_INDEX_FILE): ShardIndex {
  const { weight_map } = parseJsonObject(bytes, file);
  if (!isObject(weight_map) || !Object.values(weight_map).every((v) => typeof v === 'string')) {
    throw new WeightFormatError(`${file}: weight_map must map tensor names to shard file names`);
  }
  const weightMap = new Map(Object.entries(weight_map as Record<string, string>));
  return { weightMap, shards: [...new Set(weightMap.values())] };
}

/** Parses every shard the index names and merges them into one tensor map. */
export function mergeShards(index: ShardIndex, files: ReadonlyMap<string, Uint8Array>): SafetensorsFile {
  const tensors = new Map<string, SafetensorsEntry>();
  const metadata: Record<string, string> = {};
  for (const shard of index.shards) {
    const bytes = files.get(shard);
    if (!bytes) throw new WeightFormatError(`${SHARD_INDEX_FILE} names shard "${shard}", which was not provided`);
    const part = parseSafetensors(bytes, shard);
    for (const [name, t] of part.tensors) {
      const seen = tensors.get(name);
      if (seen && seen !== t) throw new WeightFormatError(`tensor "${name}" appears in both ${seen.file} and ${shard}`);
      tensors.set(name, t);
    }
    Object.assign(metadata, part.metadata);
  }
  for (const [name, shard] of index.weightMap) {
    if (tensors.get(name)?.file !== shard) {
      throw new WeightFormatError(`${SHARD_INDEX_FILE} maps "${name}" to ${shard}, which does not hold it`);
    }
  }
  return { tensors, metadata };
}
