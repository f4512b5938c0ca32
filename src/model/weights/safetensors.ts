// Safetensors reader: header validation as strict as the format's reference implementation, a tensor index over
// the file's bytes (in memory, or left on disk and read where its tensors lie: tensor-bytes.ts), and on-demand conversion of
// F32/F16/BF16 to a finite Float32Array; sharded checkpoints merge through their index.json.
// Not a writer (safetensors-writer.ts) and not the HF name mapping (huggingface.ts).
// Tests: tests/model/loaders.test.ts.

import { WeightFormatError } from '../../errors.js';
import { FileOnDisk } from '../on-disk.js';
import { fileNameProblem } from './file-name.js';
import { deferredRowRuns, deferredTensor, rowsFillWords, type StoredTensor, withLargest, wordsOfBytes } from '../../quant/formats.js';
import { toFloat32 as widened } from '../../quant/stored.js';
import { addFinding, CHECK_NOW, type TensorChecks } from './checks.js';
import { checkFinite, checkFiniteBytes } from './finite.js';
import { isObject, parseJsonObject } from './json.js';
import { rowRunsOfBytes, type TensorBytes, withBytes } from './tensor-bytes.js';

/** The reference implementation's limit: a longer header means a corrupt length field, not a real file. */
const MAX_HEADER_BYTES = 100_000_000;

/** Element sizes in bits of every dtype the format defines: all are validated, only floats convert. */
const DTYPE_BITS: Readonly<Record<string, number>> = {
  BOOL: 8, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, I16: 16, U16: 16, F16: 16, BF16: 16,
  I32: 32, U32: 32, F32: 32, C64: 64, F64: 64, I64: 64, U64: 64, F4: 4, F6_E2M3: 6, F6_E3M2: 6,
};

/** A tensor's header entry; its bytes (tensor-bytes.ts) a view into the file, not a copy; where the file is left on disk, read at each access. */
export interface SafetensorsEntry extends TensorBytes {
  /** Its name in the file's header (an alias from __metadata__ maps another name to it). */
  name: string;
  dtype: string;
  shape: number[];
  /** The file it came from, for error messages. */
  file: string;
}

export interface SafetensorsFile {
  tensors: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

interface Span {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Validates as the format's reference implementation does: a sane header length, a UTF-8 JSON object with no
 * repeated key, known dtypes, sizes that match shapes, and tensors that tile the data section exactly.
 * A file on disk has its header read here and each tensor's bytes where they are asked for.
 */
export function parseSafetensors(input: ArrayBuffer | Uint8Array | FileOnDisk, file = 'model.safetensors'): SafetensorsFile {
  const source = input instanceof FileOnDisk || input instanceof Uint8Array ? input : new Uint8Array(input);
  const size = source.byteLength;
  const bytesAt = (offset: number, length: number) => (source instanceof FileOnDisk ? source.read(offset, length) : source.subarray(offset, offset + length));
  if (size < 8) {
    throw new WeightFormatError(`${file}: truncated: ${size} bytes, shorter than the 8-byte header length`);
  }
  const first = bytesAt(0, 8);
  const headerLen = new DataView(first.buffer, first.byteOffset, 8).getBigUint64(0, true);
  if (headerLen > MAX_HEADER_BYTES) {
    throw new WeightFormatError(`${file}: header length ${headerLen} is over the format's limit of ${MAX_HEADER_BYTES} bytes: damaged or not safetensors`);
  }
  if (headerLen > BigInt(size - 8)) {
    throw new WeightFormatError(`${file}: header length ${headerLen} runs past the end of the file (${size} bytes): truncated or not safetensors`);
  }
  const dataStart = 8 + Number(headerLen);
  const header = parseJsonObject(bytesAt(8, dataStart - 8), `${file}: header`);
  const dataBytes = size - dataStart;
  const spans: Span[] = [];
  const entries = Object.entries(header).filter(([name]) => name !== '__metadata__');
  // A truncated file is short by what its last tensor needs, not by what the first one found past the end does.
  const dataEnd = entries.reduce((most, [, entry]) => {
    const offsets = isObject(entry) ? entry.data_offsets : undefined;
    return isIndexArray(offsets) && offsets.length === 2 ? Math.max(most, offsets[1]!) : most;
  }, 0);
  for (const [name, entry] of entries) spans.push(validateEntry(name, entry, dataBytes, dataEnd, file));
  checkTiling(spans, dataBytes, file);
  const entry = (s: Span): SafetensorsEntry => withBytes({ name: s.name, dtype: s.dtype, shape: s.shape, file }, source, dataStart + s.begin, s.end - s.begin);
  const tensors = new Map(spans.map((s) => [s.name, entry(s)]));
  const metadata = parseMetadata(header.__metadata__, file);
  addAliases(tensors, metadata);
  return { tensors, metadata };
}

function validateEntry(name: string, entry: unknown, dataBytes: number, dataEnd: number, file: string): Span {
  const where = `${file}: tensor "${name}"`;
  if (!isObject(entry)) {
    throw new WeightFormatError(`${where} has a malformed header entry (needs dtype, shape and data_offsets [begin, end])`);
  }
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_BITS, dtype)) {
    throw new WeightFormatError(`${where} has unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(DTYPE_BITS).join(', ')})`);
  }
  if (!isIndexArray(shape)) {
    throw new WeightFormatError(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (!isIndexArray(offsets) || offsets.length !== 2) {
    throw new WeightFormatError(`${where}: data_offsets must be [begin, end], two non-negative integers, got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataBytes) {
    const truncated = begin <= end ? ` (truncated file? its tensors end at byte ${dataEnd} of the data section: ${dataEnd - dataBytes} more bytes)` : '';
    throw new WeightFormatError(`${where}: data_offsets [${begin}, ${end}] out of range of the ${dataBytes}-byte data section${truncated}`);
  }
  const bits = DTYPE_BITS[dtype]! * elementCount(shape, where);
  if (!Number.isSafeInteger(bits)) throw new WeightFormatError(`${where}: shape [${shape.join(', ')}] of ${dtype} is too large`);
  if (bits % 8 !== 0) {
    throw new WeightFormatError(`${where}: shape [${shape.join(', ')}] of ${dtype} does not fill a whole number of bytes`);
  }
  if (bits / 8 !== end - begin) {
    throw new WeightFormatError(
      `${where}: shape [${shape.join(', ')}] of ${dtype} needs ${bits / 8} bytes but data_offsets span ${end - begin}`,
    );
  }
  return { name, dtype, shape, begin, end };
}

function isIndexArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= 0);
}

/** The product of the dimensions, refused once it leaves the safe integers (the reference's overflow check). */
function elementCount(shape: number[], where: string): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) throw new WeightFormatError(`${where}: shape [${shape.join(', ')}] is too large`);
  }
  return n;
}

/** Sorted by offset, each tensor begins where the one before ends, from 0 to the last byte of the file. */
function checkTiling(spans: Span[], dataBytes: number, file: string): void {
  const sorted = [...spans].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let end = 0;
  let previous: Span | undefined;
  for (const s of sorted) {
    if (s.begin < end) {
      const p = previous!;
      throw new WeightFormatError(`${file}: tensors "${p.name}" [${p.begin}, ${p.end}] and "${s.name}" [${s.begin}, ${s.end}] overlap`);
    }
    if (s.begin > end) {
      const after = previous ? `after "${previous.name}", ` : '';
      throw new WeightFormatError(
        `${file}: bytes [${end}, ${s.begin}) of the data section belong to no tensor (${after}before "${s.name}"): ` +
          'the data_offsets or the header length are wrong',
      );
    }
    end = s.end;
    previous = s;
  }
  if (end !== dataBytes) {
    const last = previous ? `the last tensor, "${previous.name}", ends at ${end}` : 'there are no tensors';
    throw new WeightFormatError(
      `${file}: the data section is ${dataBytes} bytes but ${last}: ${dataBytes - end} bytes of trailing data, ` +
        'or a header length that does not match the header',
    );
  }
}

function parseMetadata(value: unknown, file: string): Record<string, string> {
  if (value == null) return {};
  const bad = isObject(value) ? Object.entries(value).find(([, v]) => typeof v !== 'string') : undefined;
  if (!isObject(value) || bad) {
    const why = bad ? `: ${JSON.stringify(bad[0])} holds ${JSON.stringify(bad[1])}` : '';
    throw new WeightFormatError(`${file}: __metadata__ must map strings to strings${why}`);
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

/** The tensor as float32, checked finite; F32 shares the file's memory when aligned (hosts are little-endian). */
export function toFloat32(name: string, t: SafetensorsEntry): Float32Array {
  const bytes = t.bytes; // once: read from the file at each access where it is left on disk
  const data = floats(name, t, bytes);
  checkFinite(data, t.shape, describe(name, t));
  return data;
}

/**
 * The tensor in its own precision, checked finite by `checks` (default: at once): F16 and BF16 as
 * 16-bit words two to a u32, which is the file's little-endian byte order (src/quant/formats.ts),
 * F32 as toFloat32 gives it. In memory, the file's own bytes where they lie on a word (a copy of
 * each would hold a 16-bit model twice until it uploads); left on disk, read for the check a piece
 * at a time and again as it uploads, a run of rows at a time where its rows fill whole words
 * (deferredRowRuns; else whole, deferredTensor), so that the host never holds the file.
 */
export function toStoredTensor(name: string, t: SafetensorsEntry, layout?: 'nk' | 'kn', checks: TensorChecks = CHECK_NOW): StoredTensor {
  const info = { shape: t.shape, dtype: storedDType(name, t), ...(layout ? { layout } : {}) };
  const largest = addFinding(checks, () => checkFiniteBytes(t, info.dtype, t.shape, describe(name, t)));
  const data = (from: Uint8Array) => (info.dtype === 'f32' ? floats(name, t, from) : wordsOfBytes(from));
  if (!t.onDisk) return withLargest({ ...info, data: data(t.bytes) }, largest);
  const whole = () => data(t.bytes);
  const [N, K] = t.shape as [number, number];
  const byRows = t.shape.length === 2 && layout !== 'kn' && rowsFillWords(info.dtype, K);
  return withLargest(byRows ? deferredRowRuns(info, whole, () => rowRunsOfBytes(t, N, K, data)) : deferredTensor(info, whole), largest);
}

function storedDType(name: string, t: SafetensorsEntry): 'f32' | 'f16' | 'bf16' {
  if (t.dtype === 'F32' || t.dtype === 'F16' || t.dtype === 'BF16') return t.dtype === 'F32' ? 'f32' : t.dtype === 'F16' ? 'f16' : 'bf16';
  throw new WeightFormatError(`${t.file}: tensor "${name}" has dtype ${t.dtype}; only F32, F16 and BF16 convert to float32`);
}

function describe(name: string, t: SafetensorsEntry): string {
  return `${t.file}: tensor "${name}"${name === t.name ? '' : ` (stored as "${t.name}")`}`;
}

/** `bytes`, the tensor's, as float32: F32 in place where aligned, F16 and BF16 widened. */
function floats(name: string, t: SafetensorsEntry, bytes: Uint8Array): Float32Array {
  const dtype = storedDType(name, t);
  if (dtype === 'f32') {
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    return new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
  }
  return widened({ shape: t.shape, dtype, data: wordsOfBytes(bytes) }).data;
}

export interface ShardIndex {
  /** tensor name -> shard file name */
  weightMap: Map<string, string>;
  /** shard file names, each once, in first-mention order */
  shards: string[];
}

export const SHARD_INDEX_FILE = 'model.safetensors.index.json';

export function parseShardIndex(bytes: Uint8Array): ShardIndex {
  const file = SHARD_INDEX_FILE;
  const { weight_map } = parseJsonObject(bytes, file);
  if (!isObject(weight_map)) throw new WeightFormatError(`${file}: weight_map must map tensor names to shard file names`);
  const weightMap = new Map<string, string>();
  for (const [tensor, shard] of Object.entries(weight_map)) {
    const entry = `weight_map[${JSON.stringify(tensor)}]`;
    if (typeof shard !== 'string') throw new WeightFormatError(`${file}: ${entry} must be a shard file name, got ${JSON.stringify(shard)}`);
    const problem = fileNameProblem(shard);
    if (problem) {
      throw new WeightFormatError(`${file}: ${entry} = ${JSON.stringify(shard)} is not a plain file name in the model folder: ${problem}`);
    }
    weightMap.set(tensor, shard);
  }
  if (weightMap.size === 0) throw new WeightFormatError(`${file}: weight_map is empty`);
  return { weightMap, shards: [...new Set(weightMap.values())] };
}

/**
 * Parses every shard the index names (`shardFile`: its bytes, or the file left on disk) and merges
 * them; the index and the shards must agree in both directions.
 */
export function mergeShards(index: ShardIndex, shardFile: (name: string) => Uint8Array | FileOnDisk | undefined): SafetensorsFile {
  const tensors = new Map<string, SafetensorsEntry>();
  const metadata: Record<string, string> = {};
  for (const shard of index.shards) {
    const bytes = shardFile(shard);
    if (!bytes) throw new WeightFormatError(`${SHARD_INDEX_FILE} names shard "${shard}", which was not provided`);
    const part = parseSafetensors(bytes, shard);
    for (const [name, t] of part.tensors) {
      const seen = tensors.get(name);
      if (seen && seen !== t) throw new WeightFormatError(`tensor "${name}" appears in both ${seen.file} and ${shard}`);
      // Aliases (metadata keys) are not listed in the index; every stored tensor is.
      if (!index.weightMap.has(name) && !Object.hasOwn(part.metadata, name)) {
        throw new WeightFormatError(`${shard} holds tensor "${name}", which ${SHARD_INDEX_FILE} does not list`);
      }
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
