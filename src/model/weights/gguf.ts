// GGUF reader (versions 2 and 3, little-endian): header, metadata (every value type, nested arrays),
// tensor infos, alignment and the tensor data's place in the file, each malformation a WeightFormatError
// naming the file and what is wrong. Synchronous over bytes already read: @huggingface/gguf parses only
// asynchronously, from a URL or a local path through fetch, and turns a short read into another fetch,
// so it cannot check bytes in memory nor say which part is truncated.
// Not the mapping to our model (gguf-model.ts) nor the tokenizer (src/tokenizer/gguf.ts).
// Format: ggml's docs/gguf.md. Tests: tests/model/gguf.test.ts.

import { WeightFormatError } from '../../errors.js';
import { utf8Failure } from '../../utf8.js';
import { BLOCK_SIZE } from '../../quant/formats.js';
import { K_QUANT_BLOCK_BYTES, SUPER_BLOCK } from '../../quant/kquants.js';
import { LEGACY_BLOCK_BYTES } from '../../quant/legacy.js';
import { FileOnDisk } from '../on-disk.js';
import { withBytes, type TensorBytes } from './tensor-bytes.js';

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const GGUF_VERSIONS = [2, 3] as const;
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** Metadata value types, by their numbers in the file. */
export enum GgufType {
  UINT8 = 0, INT8 = 1, UINT16 = 2, INT16 = 3, UINT32 = 4, INT32 = 5, FLOAT32 = 6, BOOL = 7,
  STRING = 8, ARRAY = 9, UINT64 = 10, INT64 = 11, FLOAT64 = 12,
}

/** Fixed byte sizes of the scalar metadata types. */
const SCALAR_BYTES: Partial<Record<GgufType, number>> = {
  [GgufType.UINT8]: 1, [GgufType.INT8]: 1, [GgufType.BOOL]: 1, [GgufType.UINT16]: 2, [GgufType.INT16]: 2,
  [GgufType.UINT32]: 4, [GgufType.INT32]: 4, [GgufType.FLOAT32]: 4, [GgufType.UINT64]: 8, [GgufType.INT64]: 8,
  [GgufType.FLOAT64]: 8,
};

/** Type names as messages give them (llama.cpp's gguf_type_name, with "string" and "array of ..." spelled out). */
const TYPE_NAMES: Record<GgufType, string> = {
  [GgufType.UINT8]: 'u8', [GgufType.INT8]: 'i8', [GgufType.UINT16]: 'u16', [GgufType.INT16]: 'i16', [GgufType.UINT32]: 'u32',
  [GgufType.INT32]: 'i32', [GgufType.FLOAT32]: 'f32', [GgufType.BOOL]: 'bool', [GgufType.STRING]: 'string', [GgufType.ARRAY]: 'array',
  [GgufType.UINT64]: 'u64', [GgufType.INT64]: 'i64', [GgufType.FLOAT64]: 'f64',
};

/**
 * A metadata value with the type the file stores it as (64-bit integers beyond 2^53 stay bigint). An array's
 * items are plain values, or { itemType, value } for nested arrays. The writer (gguf-writer.ts) takes the same.
 */
export type GgufEntry =
  | { type: Exclude<GgufType, GgufType.ARRAY | GgufType.STRING>; value: number | bigint | boolean }
  | { type: GgufType.STRING; value: string }
  | { type: GgufType.ARRAY; itemType: GgufType; value: unknown[] };

/** "u32", "f32", "string", "array of i32", ... */
function ggufTypeName(type: GgufType, itemType?: GgufType): string {
  return type === GgufType.ARRAY && itemType !== undefined ? `array of ${TYPE_NAMES[itemType]}` : TYPE_NAMES[type];
}

/**
 * Why `key` cannot be read as `type` (an array: of `itemType`), or undefined. llama.cpp's loader reads each key
 * as one type and refuses any other (llama-model-loader.cpp, GGUFMeta::GKV::get_kv: "key ... has wrong type"):
 * no widening, so a u32 is never taken for an f32 nor an i32 for a u32.
 */
export function entryTypeProblem(key: string, entry: GgufEntry, type: GgufType, itemType?: GgufType): string | undefined {
  if (entry.type === type && (type !== GgufType.ARRAY || (entry as { itemType: GgufType }).itemType === itemType)) return undefined;
  const found = ggufTypeName(entry.type, 'itemType' in entry ? entry.itemType : undefined);
  return `${key} has type ${found}, expected ${ggufTypeName(type, itemType)}`;
}

/**
 * ggml tensor types this package reads, by their numbers in the file, each kept as it is on the GPU
 * but q4_1, q5_0 and q5_1, which no kernel reads: the loader makes them q8_0 (gguf-model.ts).
 */
export const GGML_TYPES = { f32: 0, f16: 1, q4_0: 2, q4_1: 3, q5_0: 6, q5_1: 7, q8_0: 8, bf16: 30, q4_K: 12, q5_K: 13, q6_K: 14 } as const;
export type GgmlTypeName = keyof typeof GGML_TYPES;

/** Every ggml type by number, so an unsupported one is named in the error. */
const GGML_TYPE_NAMES: Record<number, string> = {
  0: 'f32', 1: 'f16', 2: 'q4_0', 3: 'q4_1', 6: 'q5_0', 7: 'q5_1', 8: 'q8_0', 9: 'q8_1', 10: 'q2_K', 11: 'q3_K',
  12: 'q4_K', 13: 'q5_K', 14: 'q6_K', 15: 'q8_K', 16: 'iq2_xxs', 17: 'iq2_xs', 18: 'iq3_xxs', 19: 'iq1_s',
  20: 'iq4_nl', 21: 'iq3_s', 22: 'iq2_s', 23: 'iq4_xs', 24: 'i8', 25: 'i16', 26: 'i32', 27: 'i64', 28: 'f64',
  29: 'iq1_m', 30: 'bf16', 34: 'tq1_0', 35: 'tq2_0', 39: 'mxfp4',
};

/** Elements per block and bytes per block of the types read (ggml's blck_size and type_size). */
export const GGML_BLOCK: Record<GgmlTypeName, { elements: number; bytes: number }> = {
  f32: { elements: 1, bytes: 4 }, f16: { elements: 1, bytes: 2 }, bf16: { elements: 1, bytes: 2 },
  q8_0: { elements: 32, bytes: 34 }, q4_0: { elements: 32, bytes: 18 },
  q4_1: { elements: BLOCK_SIZE, bytes: LEGACY_BLOCK_BYTES.q4_1 }, q5_0: { elements: BLOCK_SIZE, bytes: LEGACY_BLOCK_BYTES.q5_0 },
  q5_1: { elements: BLOCK_SIZE, bytes: LEGACY_BLOCK_BYTES.q5_1 },
  q4_K: { elements: SUPER_BLOCK, bytes: K_QUANT_BLOCK_BYTES.q4_K }, q5_K: { elements: SUPER_BLOCK, bytes: K_QUANT_BLOCK_BYTES.q5_K },
  q6_K: { elements: SUPER_BLOCK, bytes: K_QUANT_BLOCK_BYTES.q6_K },
};

/** ggml's limit on dimensions. */
const MAX_DIMS = 4;
/** Items the metadata's arrays may hold in all: real files hold about a million (vocabulary, scores, types, merges). */
export const MAX_ARRAY_ITEMS = 2 ** 24;

/** A tensor's place in the file; its bytes (tensor-bytes.ts) a view into the file, not a copy; for a file on disk, read at each use. */
export interface GgufTensorInfo extends TensorBytes {
  name: string;
  /** ggml's ne: ne[0] is the contiguous dimension (a row of a matrix). */
  ne: number[];
  type: GgmlTypeName;
}

export interface GgufFile {
  version: number;
  metadata: Map<string, GgufEntry>;
  tensors: Map<string, GgufTensorInfo>;
  alignment: number;
}

/**
 * Parses the whole file: metadata, tensor infos, and each tensor's bytes where ggml lays them out (checkLayout)
 * and inside the file. Bytes after the last tensor are ignored, as llama.cpp ignores them. A file left
 * on disk (FileOnDisk) has its first bytes read until they hold the header, metadata and tensor infos,
 * and each tensor's bytes read where they lie at each use.
 */
export function parseGguf(input: Uint8Array | FileOnDisk, file = 'model.gguf', head?: Uint8Array): GgufFile {
  if (input instanceof Uint8Array) return parseGgufFrom(input, input, file);
  // From the first bytes already read, or 64 KiB, doubling: a vocabulary's metadata can be megabytes.
  for (let bytes = head ?? input.read(0, Math.min(input.byteLength, 1 << 16)); ; bytes = input.read(0, nextHead(bytes.byteLength, input, file))) {
    try {
      return parseGgufFrom(bytes, input, file);
    } catch (e) {
      if (e !== MORE_BYTES) throw e;
    }
  }
}

/** No real GGUF's header, metadata and tensor infos come near this: a vocabulary of 256k tokens takes tens of MB. */
const MAX_HEAD_BYTES = 256 << 20;

/** How many first bytes of a file on disk to read next for its head: twice those read, within the file and MAX_HEAD_BYTES. */
export function nextHead(read: number, input: FileOnDisk, file: string): number {
  if (read >= MAX_HEAD_BYTES) throw new WeightFormatError(`${file}: its header, metadata and tensor infos run past the first ${MAX_HEAD_BYTES >> 20} MiB: damaged, or not a model's GGUF`);
  return Math.min(input.byteLength, 2 * read, MAX_HEAD_BYTES);
}

/** parseGguf over `head`, the first bytes of `input` (all of them when it is in memory). */
function parseGgufFrom(head: Uint8Array, input: Uint8Array | FileOnDisk, file: string): GgufFile {
  const r = new Reader(head, file, input.byteLength);
  const { version, tensorCount, metadata } = readHeaderAndMetadata(r);
  const alignment = alignmentOf(metadata, file);
  const infos = [];
  for (let i = 0; i < tensorCount; i++) infos.push(readTensorInfo(r, i));
  const dataStart = alignUp(r.offset, alignment);
  const tensors = new Map<string, GgufTensorInfo>();
  let previous: RawTensorInfo | undefined;
  for (const t of infos) {
    if (tensors.has(t.name)) throw r.fail(`tensor "${t.name}" is listed twice`);
    checkLayout(r, t, previous, alignment);
    previous = t;
    const begin = dataStart + t.offset;
    if (begin + t.byteLength > input.byteLength) {
      throw r.fail(
        `tensor "${t.name}" (${t.type}, ne [${t.ne.join(', ')}]) needs bytes ${begin}..${begin + t.byteLength}, past the end of the file (${input.byteLength} bytes): truncated`,
      );
    }
    tensors.set(t.name, withBytes({ name: t.name, ne: t.ne, type: t.type }, input, begin, t.byteLength));
  }
  if (previous) checkLastType(r, previous, dataStart, alignment, input.byteLength);
  return { version, metadata, tensors, alignment };
}

/** The bytes of `elements` values (whole blocks) stored as `type`. */
const bytesAs = (type: GgmlTypeName, elements: number): number => (elements / GGML_BLOCK[type].elements) * GGML_BLOCK[type].bytes;

/**
 * Bytes may follow the last tensor (llama.cpp reads none of them, and a file past 4 GiB may end in
 * a hole), but not exactly those that would make the last tensor another type: the checks between
 * tensors cannot see the last one's type made smaller by damage, its data then running on to the
 * file's end (an f32 norm labelled f16 loaded, and generated garbage; review AE).
 */
function checkLastType(r: Reader, last: RawTensorInfo, dataStart: number, alignment: number, fileBytes: number): void {
  const toEnd = fileBytes - dataStart - last.offset;
  if (toEnd <= alignUp(last.byteLength, alignment)) return;
  const elements = last.ne.reduce((a, b) => a * b, 1);
  for (const type of Object.keys(GGML_TYPES) as GgmlTypeName[]) {
    if (last.ne[0]! % GGML_BLOCK[type].elements !== 0) continue;
    const bytes = bytesAs(type, elements);
    if (bytes > last.byteLength && (toEnd === bytes || toEnd === alignUp(bytes, alignment))) {
      throw r.fail(
        `tensor "${last.name}", the last, is ${last.type} (ne [${last.ne.join(', ')}]), but the ${toEnd} bytes from its start to the end of the file ` +
          `are its size as ${type}: its type is damaged (the tensors before it cannot show it)`,
      );
    }
  }
}

/**
 * ggml's layout (gguf.cpp, gguf_init_from_file_impl): tensor data in the order of the tensor infos, the first at
 * offset 0, each next one where the one before ends, padded to the alignment. Any other offset overlaps a tensor
 * or leaves bytes no tensor owns: a damaged offset, or a damaged type that changed a tensor's size.
 */
function checkLayout(r: Reader, t: RawTensorInfo, previous: RawTensorInfo | undefined, alignment: number): void {
  if (t.offset % alignment !== 0) {
    throw r.fail(`tensor "${t.name}": data offset ${t.offset} is not a multiple of the alignment ${alignment}`);
  }
  const expected = previous ? alignUp(previous.offset + previous.byteLength, alignment) : 0;
  if (t.offset === expected) return;
  if (!previous) throw r.fail(`tensor "${t.name}": data offset ${t.offset}, but the first tensor's data starts at offset 0`);
  const where = `"${previous.name}" (${previous.type}, ne [${previous.ne.join(', ')}]) ends at ${expected}, padded to the alignment ${alignment}`;
  throw r.fail(
    `tensor "${t.name}": data offset ${t.offset} ${t.offset < expected ? 'overlaps the tensor before it' : 'leaves a gap after the tensor before it'}: ${where}; ggml lays tensors out back to back in the order of their infos`,
  );
}

const alignUp = (n: number, alignment: number) => Math.ceil(n / alignment) * alignment;

/** The metadata only (what a tokenizer needs): stops before the tensor infos. */
export function parseGgufMetadata(input: Uint8Array, file = 'model.gguf'): Map<string, GgufEntry> {
  return readHeaderAndMetadata(new Reader(input, file)).metadata;
}

/** Thrown by a Reader of the first bytes of a file that needs bytes past them. */
const MORE_BYTES = new Error('more bytes needed');

/**
 * The header, metadata and tensor infos (each tensor's type checked) from the first bytes of a
 * file as they arrive, or undefined until they hold all of them; damage in the part read throws as
 * in parseGguf. What needs the file's size to tell (truncation, a count the rest cannot hold) is
 * left to parseGguf, and so is the tensors' layout: a download's announced size can be of its
 * compressed bytes, where the server hides its encoding from another origin.
 */
export function parseGgufHead(head: Uint8Array, file = 'model.gguf', size = Infinity): { tensorNames: string[]; metadata: Map<string, GgufEntry> } | undefined {
  try {
    const r = new Reader(head, file, size);
    const { tensorCount, metadata } = readHeaderAndMetadata(r);
    alignmentOf(metadata, file);
    const tensorNames = [];
    for (let i = 0; i < tensorCount; i++) tensorNames.push(readTensorInfo(r, i).name);
    return { tensorNames, metadata };
  } catch (e) {
    if (e === MORE_BYTES) return undefined;
    throw e;
  }
}

/** The ggml type name of a type number (for messages). */
function ggmlTypeName(type: number): string {
  return GGML_TYPE_NAMES[type] ?? `unknown type ${type}`;
}

function readHeaderAndMetadata(r: Reader): { version: number; tensorCount: number; metadata: Map<string, GgufEntry> } {
  r.need(4, 'the magic');
  const magic = r.u32();
  if (magic !== GGUF_MAGIC) {
    throw r.fail(`not a GGUF file: the first 4 bytes are ${hex(r.bytes.subarray(0, 4))}, not "GGUF"`);
  }
  r.need(4, 'the version');
  const version = r.u32();
  // A big-endian file has its version's bytes swapped: 3 reads as 0x03000000.
  if ((version & 0xffff) === 0 && version !== 0) throw r.fail(`big-endian GGUF (version ${version >>> 24}) is not supported`);
  if (!(GGUF_VERSIONS as readonly number[]).includes(version)) {
    throw r.fail(`GGUF version ${version} is not supported (supported: ${GGUF_VERSIONS.join(', ')})`);
  }
  r.need(16, 'the header (tensor and metadata counts)');
  const tensorCount = r.count('tensor count', 8 + 4 + 4 + 8); // name length, n_dims, type, offset at least
  const kvCount = r.count('metadata count', 8 + 4); // key length, value type at least
  const metadata = new Map<string, GgufEntry>();
  for (let i = 0; i < kvCount; i++) {
    const key = r.string(`metadata entry ${i}'s key`);
    if (metadata.has(key)) throw r.fail(`metadata key "${key}" appears twice`);
    r.need(4, `metadata "${key}"'s value type`);
    metadata.set(key, readEntry(r, r.u32(), `metadata "${key}"`, 0) as GgufEntry);
  }
  return { version, tensorCount, metadata };
}

/** A value with its type: { type, value }, or { type: ARRAY, itemType, value } (a nested array: no `type`, as the writer takes it). */
function readEntry(r: Reader, type: number, what: string, depth: number): GgufEntry | { itemType: GgufType; value: unknown[] } {
  if (type !== GgufType.ARRAY) return { type, value: readValue(r, type, what, depth) } as GgufEntry;
  const value: unknown[] = [];
  const itemType = readArray(r, what, depth, value);
  return depth === 0 ? { type, itemType, value } : { itemType, value };
}

function readValue(r: Reader, type: number, what: string, depth: number): unknown {
  const size = SCALAR_BYTES[type as GgufType];
  if (size !== undefined) {
    r.need(size, what);
    return r.scalar(type as GgufType);
  }
  if (type === GgufType.STRING) return r.string(what);
  if (type === GgufType.ARRAY) return readEntry(r, type, what, depth);
  throw r.fail(`${what}: unknown value type ${type} (known: 0..12)`);
}

/** An array's items into `out`; returns their type. */
function readArray(r: Reader, what: string, depth: number, out: unknown[]): GgufType {
  // Nested arrays are legal; a deep chain of them is only ever a damaged file.
  if (depth > 8) throw r.fail(`${what}: arrays nested more than 8 deep`);
  r.need(12, `${what}'s array header`);
  const inner = r.u32();
  if (SCALAR_BYTES[inner as GgufType] === undefined && inner !== GgufType.STRING && inner !== GgufType.ARRAY) {
    throw r.fail(`${what}: unknown array element type ${inner} (known: 0..12)`);
  }
  const n = r.count(`${what}'s array length`, SCALAR_BYTES[inner as GgufType] ?? (inner === GgufType.STRING ? 8 : 12));
  r.takeArrayItems(n, what);
  for (let i = 0; i < n; i++) out.push(readValue(r, inner, `${what}[${i}]`, depth + 1));
  return inner;
}


interface RawTensorInfo {
  name: string;
  ne: number[];
  type: GgmlTypeName;
  offset: number;
  byteLength: number;
}

function readTensorInfo(r: Reader, index: number): RawTensorInfo {
  const name = r.string(`tensor info ${index}'s name`);
  const what = `tensor info ${index} ("${name}")`;
  r.need(4, `${what}'s dimension count`);
  const nDims = r.u32();
  if (nDims < 1 || nDims > MAX_DIMS) throw r.fail(`${what}: ${nDims} dimensions (ggml allows 1..${MAX_DIMS})`);
  r.need(8 * nDims + 4 + 8, what);
  const ne: number[] = [];
  for (let d = 0; d < nDims; d++) {
    const n = r.u64();
    if (typeof n !== 'number' || n < 1) throw r.fail(`${what}: dimension ${d} is ${n}`);
    ne.push(n);
  }
  const typeNumber = r.u32();
  const offset = r.u64();
  const type = GGML_TYPE_NAMES[typeNumber] as GgmlTypeName | undefined;
  if (type === undefined || !(type in GGML_TYPES)) {
    throw r.fail(
      `${what}: tensor type ${ggmlTypeName(typeNumber)} is not supported (supported: ${Object.keys(GGML_TYPES).join(', ')})`,
    );
  }
  const block = GGML_BLOCK[type];
  if (ne[0]! % block.elements !== 0) {
    throw r.fail(`${what}: its rows of ${ne[0]} values (ne[0]) are not a whole number of ${type}'s ${block.elements}-value blocks`);
  }
  const elements = ne.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(elements) || typeof offset !== 'number') throw r.fail(`${what}: size or offset beyond 2^53`);
  return { name, ne, type, offset, byteLength: bytesAs(type, elements) };
}

/** general.alignment: a u32 power of two, default 32 (llama.cpp reads it with gguf_get_val_u32, which takes no other type). */
function alignmentOf(metadata: Map<string, GgufEntry>, file: string): number {
  const entry = metadata.get('general.alignment');
  if (entry === undefined) return GGUF_DEFAULT_ALIGNMENT;
  const problem = entryTypeProblem('general.alignment', entry, GgufType.UINT32);
  if (problem) throw new WeightFormatError(`${file}: ${problem}`);
  const a = entry.value as number;
  if (a < 1 || (a & (a - 1)) !== 0) throw new WeightFormatError(`${file}: general.alignment must be a power of two, got ${a}`);
  return a;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** A cursor over the file: every read is bounds-checked by need(), whose error names what was being read. */
class Reader {
  offset = 0;
  /** Items of the metadata's arrays read so far, against MAX_ARRAY_ITEMS. */
  private arrayItems = 0;
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  /** `size`: the whole file's, when `bytes` are its first bytes only (parseGgufHead). */
  constructor(readonly bytes: Uint8Array, private readonly file: string, private readonly size = bytes.byteLength) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Past the bytes at hand: the end of the file, or of the part read so far (then MORE_BYTES is thrown). */
  private past(end: number): boolean {
    if (end <= this.bytes.byteLength) return false;
    if (end <= this.size) throw MORE_BYTES;
    return true;
  }

  fail(why: string): WeightFormatError {
    return new WeightFormatError(`${this.file}: ${why}`);
  }

  need(n: number, what: string): void {
    if (this.past(this.offset + n)) {
      throw this.fail(`truncated: ${what} needs ${n} bytes at byte ${this.offset}, but the file ends at ${this.size}`);
    }
  }

  u32(): number {
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  /** A u64 as a number when it is at most 2^53, else as bigint. */
  u64(): number | bigint {
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  /** A u64 count of items each at least `minBytes` long: a count the rest of the file cannot hold is damage. */
  count(what: string, minBytes: number): number {
    this.need(8, what);
    const n = this.u64();
    const room = Math.min(this.size, Number.MAX_SAFE_INTEGER) - this.offset;
    if (typeof n !== 'number' || n * minBytes > room) {
      throw this.fail(`truncated or damaged: ${what} is ${n}, but only ${room} bytes follow (at least ${minBytes} per item)`);
    }
    return n;
  }

  /**
   * Counts an array's items against MAX_ARRAY_ITEMS: each becomes a JavaScript value, and a damaged
   * length in a multi-GB file would otherwise pass the bytes-left check and exhaust memory, or end the
   * process outright past V8's largest array.
   */
  takeArrayItems(n: number, what: string): void {
    this.arrayItems += n;
    if (this.arrayItems > MAX_ARRAY_ITEMS) {
      throw this.fail(`damaged metadata: ${what} is an array of ${n} items, which takes the metadata's arrays past ${MAX_ARRAY_ITEMS} items in all (the largest vocabularies hold about 260,000 tokens)`);
    }
  }

  string(what: string): string {
    this.need(8, `${what}'s length`);
    const start = this.offset;
    const n = this.u64();
    if (typeof n !== 'number' || this.past(this.offset + n)) {
      throw this.fail(`${what}: string length ${n} at byte ${start} runs past the end of the file (${this.size} bytes)`);
    }
    const s = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    try {
      return this.decoder.decode(s);
    } catch (e) {
      throw this.fail(`${what}: the string at byte ${start + 8} is ${utf8Failure(e, n)}`);
    }
  }

  scalar(type: GgufType): number | bigint | boolean {
    const v = this.view;
    const at = this.offset;
    this.offset += SCALAR_BYTES[type]!;
    switch (type) {
      case GgufType.UINT8: return v.getUint8(at);
      case GgufType.INT8: return v.getInt8(at);
      case GgufType.BOOL: {
        const b = v.getUint8(at);
        if (b > 1) throw this.fail(`a boolean at byte ${at} is ${b}, not 0 or 1`);
        return b === 1;
      }
      case GgufType.UINT16: return v.getUint16(at, true);
      case GgufType.INT16: return v.getInt16(at, true);
      case GgufType.UINT32: return v.getUint32(at, true);
      case GgufType.INT32: return v.getInt32(at, true);
      case GgufType.FLOAT32: return v.getFloat32(at, true);
      case GgufType.FLOAT64: return v.getFloat64(at, true);
      case GgufType.UINT64: return small(v.getBigUint64(at, true));
      default: return small(v.getBigInt64(at, true));
    }
  }
}

function small(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}
