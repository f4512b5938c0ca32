// A small safetensors writer and header reader for the loader fuzz suite: F32/F16/BF16 tensors laid
// out in order with the header padded to 8 bytes by spaces, as the reference writer does. Only
// values exact in every dtype are written (the builders choose them), so no rounding lives here.

export type Dtype = 'F32' | 'F16' | 'BF16';

export interface TensorSpec {
  name: string;
  dtype: Dtype;
  shape: number[];
  /** Values exactly representable in dtype (the builders' k/64 and 1 + k/64, |k| < 64, are). */
  data: Float32Array;
}

/** Where a tensor's bytes sit in the written file (absolute offsets). */
export interface TensorSpan {
  name: string;
  dtype: Dtype;
  begin: number;
  end: number;
}

export interface SafetensorsParts {
  /** The u64 header length as stored. */
  headerLength: number;
  /** The header JSON text, padding included. */
  headerText: string;
  /** The header decoded (every key, __metadata__ included). */
  header: Record<string, unknown>;
  /** Offset of the data section in the file. */
  dataStart: number;
  data: Uint8Array;
}

const enc = new TextEncoder();

export function writeSafetensors(tensors: TensorSpec[], metadata?: Record<string, string>): { bytes: Uint8Array; spans: TensorSpan[] } {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  const chunks = tensors.map((t) => encodeFloats(t.dtype, t.data));
  let offset = 0;
  tensors.forEach((t, i) => {
    const size = chunks[i]!.byteLength;
    if (t.shape.reduce((a, b) => a * b, 1) !== t.data.length) throw new Error(`writer: ${t.name} has the wrong element count`);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  });
  const bytes = assembleSafetensors(JSON.stringify(header), concat(chunks));
  const dataStart = readSafetensors(bytes).dataStart;
  const spans = tensors.map((t) => {
    const [begin, end] = (header[t.name] as { data_offsets: [number, number] }).data_offsets;
    return { name: t.name, dtype: t.dtype, begin: dataStart + begin, end: dataStart + end };
  });
  return { bytes, spans };
}

/** Header text (padded with spaces to a multiple of 8 bytes unless `pad` is false) + data, with the length field set. */
export function assembleSafetensors(headerText: string, data: Uint8Array, pad = true): Uint8Array {
  let json: Uint8Array = enc.encode(headerText);
  const spaces = pad ? (8 - (json.byteLength % 8)) % 8 : 0;
  if (spaces) json = concat([json, enc.encode(' '.repeat(spaces))]);
  const out = new Uint8Array(8 + json.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  out.set(data, 8 + json.byteLength);
  return out;
}

/** Splits a well-formed file (a pristine one) into its parts; mutations rebuild from these. */
export function readSafetensors(bytes: Uint8Array): SafetensorsParts {
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const headerText = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
  return {
    headerLength, headerText, header: JSON.parse(headerText) as Record<string, unknown>,
    dataStart: 8 + headerLength, data: bytes.slice(8 + headerLength),
  };
}

/** Values in a dtype's little-endian bytes; throws unless each is exact in it. */
export function encodeFloats(dtype: Dtype, data: Float32Array): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(Float32Array.from(data).buffer);
  const bits = new Uint32Array(Float32Array.from(data).buffer);
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = dtype === 'BF16' ? exactBf16(bits[i]!) : exactF16(bits[i]!);
  return new Uint8Array(out.buffer);
}

function exactBf16(x: number): number {
  if (x & 0xffff) throw new Error('writer: value not exact in BF16');
  return x >>> 16;
}

/** Normal halves only (and zero): the builders never produce subnormals or out-of-range values. */
function exactF16(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  if ((x & 0x7fffffff) === 0) return sign;
  const e = ((x >>> 23) & 0xff) - 127 + 15;
  if (e <= 0 || e >= 31 || x & 0x1fff) throw new Error('writer: value not exact in F16');
  return sign | (e << 10) | ((x & 0x7fffff) >>> 13);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}
