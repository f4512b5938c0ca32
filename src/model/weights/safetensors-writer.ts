// Safetensors writer for checkpoints: F32 tensors laid out in the order given, the header padded with
// spaces to 8 bytes as the format's reference writer does, so every F32 tensor starts 4-byte aligned
// and the loader (safetensors.ts) reads it in place. Bytes are copied, never converted: a tensor
// reads back bit for bit. Not the HF naming (src/train/checkpoint/). Tests: tests/train/checkpoint.test.ts.

export interface TensorToWrite {
  name: string;
  shape: number[];
  data: Float32Array;
}

const encoder = new TextEncoder();

/** One safetensors file; `metadata` becomes the header's __metadata__ (transformers wants { format: 'pt' }). */
export function encodeSafetensors(tensors: Iterable<TensorToWrite>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  const list = [...tensors];
  let offset = 0;
  for (const t of list) {
    if (t.name === '__metadata__' || Object.hasOwn(header, t.name)) throw new Error(`safetensors writer: tensor name "${t.name}" is reserved or repeated`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0) || count !== t.data.length) {
      throw new Error(`safetensors writer: tensor "${t.name}" has ${t.data.length} values but shape [${t.shape.join(', ')}]`);
    }
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const text = encoder.encode(JSON.stringify(header));
  const json = new Uint8Array(text.byteLength + ((8 - (text.byteLength % 8)) % 8)).fill(0x20); // space padding
  json.set(text);
  const out = new Uint8Array(8 + json.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  let at = 8 + json.byteLength;
  for (const t of list) {
    // The host's byte order is the file's: the loader assumes little-endian hosts as well (safetensors.ts).
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}
