// Property-based mutations of the binary formats: safetensors (single file and shards), llama2.c model.bin
// and tokenizer.bin. Each family is a fast-check arbitrary of Cases with the expectation its damage
// implies (see oracle.ts). Not the JSON files (json.ts) nor the hand-picked cases (hand-picked.ts).

import fc from 'fast-check';
import { type FloatRegion, LLAMA2C, LLAMA2C_FIELDS, type Pristine, withFile } from './builders.js';
import { type Build, type Family, family } from './family.js';
import type { Expect } from './oracle.js';
import { anyJson, DEEP, INVALID_UTF8, keyLiteral, show } from './json-text.js';
import { assembleSafetensors, concat, type Dtype, readSafetensors } from './safetensors.js';

const fileBytes = (p: Pristine, file: string) => p.source.files.get(file)!;

/** A copy of bytes with one byte replaced. */
export function withByte(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const out = bytes.slice();
  out[at] = value;
  return out;
}

/** A new byte value different from the old one. */
export const otherByte = (old: number) => fc.integer({ min: 1, max: 255 }).map((x) => old ^ x);

/** A byte as hex, with its ASCII character when printable. */
const byteText = (b: number) => `0x${b.toString(16).padStart(2, '0')}${b >= 0x20 && b < 0x7f ? ` ${JSON.stringify(String.fromCharCode(b))}` : ''}`;

// ---- safetensors ---------------------------------------------------------------------------------

type Entry = { dtype: string; shape: number[]; data_offsets: [number, number] };

/** Rebuilds the file from a header object (or raw header text) and data: the length field stays right. */
function rebuild(header: Record<string, unknown> | string, data: Uint8Array): Uint8Array {
  return assembleSafetensors(typeof header === 'string' ? header : JSON.stringify(header), data);
}

const tensorNames = (header: Record<string, unknown>) => Object.keys(header).filter((k) => k !== '__metadata__');

/** Every way a safetensors file can be damaged; `file` is model.safetensors or a shard. */
export function safetensorsFamilies(p: Pristine, file: string, scale = 1): Family[] {
  const bytes = fileBytes(p, file);
  const { header, data, dataStart, headerLength } = readSafetensors(bytes);
  const names = tensorNames(header);
  const entry = (name: string) => header[name] as Entry;
  const put = (b: Uint8Array) => () => withFile(p.source, file, b);
  const fam = (kind: string, runs: number, arb: fc.Arbitrary<Build>) => family(p.name, 'safetensors', `${file}: ${kind}`, runs * scale, arb);
  const build = (what: string, b: Uint8Array, expect: Expect = 'reject'): Build => ({ what, expect, blame: file, files: put(b) });
  /** A header edit applied to a copy of the pristine header; data unchanged unless given. */
  const edit = (what: string, change: (h: Record<string, unknown>) => void, newData = data, expect: Expect = 'reject') => {
    const h = structuredClone(header);
    change(h);
    return build(what, rebuild(h, newData), expect);
  };
  const pickName = fc.constantFrom(...names);

  return [
    fam('truncation', 24, fc.integer({ min: 0, max: bytes.length - 1 }).map((n) => build(`truncated to ${n} of ${bytes.length} bytes`, bytes.slice(0, n)))),
    fam('header length field', 20, fc.oneof(
      fc.integer({ min: -40, max: 40 }).filter((d) => d !== 0).map((d) => BigInt(headerLength + d)),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    ).filter((v) => v !== BigInt(headerLength)).map((v) => {
      const b = bytes.slice();
      new DataView(b.buffer).setBigUint64(0, v, true);
      return build(`header length ${headerLength} -> ${v}`, b);
    })),
    fam('header byte flip', 30, fc.integer({ min: 8, max: dataStart - 1 }).chain((at) => otherByte(bytes[at]!).map((v) => {
      return build(`header byte ${at} ${byteText(bytes[at]!)} -> ${byteText(v)}`, withByte(bytes, at, v), 'reject-or-identical');
    }))),
    fam('dtype', 10, fc.tuple(pickName, fc.oneof(
      fc.constantFrom('F32', 'F16', 'BF16', 'F64', 'I32', 'U16', 'I8', 'BOOL', 'F8_E4M3', 'f32', 'F33', ''), anyJson,
    )).filter(([n, v]) => v !== entry(n).dtype && !sameSizeFloats(entry(n).dtype, v)).map(([n, v]) =>
      edit(`"${n}" dtype ${entry(n).dtype} -> ${show(v)}`, (h) => { (h[n] as Entry).dtype = v as string; }))),
    fam('shape', 12, fc.tuple(pickName, fc.oneof(
      fc.array(fc.integer({ min: 0, max: 64 }), { maxLength: 3 }), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 2 }), anyJson,
    )).filter(([n, v]) => !sameJson(v, entry(n).shape)).map(([n, v]) =>
      edit(`"${n}" shape ${show(entry(n).shape)} -> ${show(v)}`, (h) => { (h[n] as Entry).shape = v as number[]; }))),
    fam('data_offsets', 14, fc.tuple(pickName, fc.oneof(
      fc.tuple(fc.integer({ min: -8, max: 8 }), fc.integer({ min: -8, max: 8 })).map(([a, b]) => ({ delta: [a, b] as const })),
      anyJson.map((v) => ({ value: v })),
    )).map(([n, m]) => {
      const [b0, e0] = entry(n).data_offsets;
      const v = 'delta' in m ? [b0 + m.delta[0], e0 + m.delta[1]] : m.value;
      return { n, v };
    }).filter(({ n, v }) => !sameJson(v, entry(n).data_offsets)).map(({ n, v }) =>
      edit(`"${n}" data_offsets ${show(entry(n).data_offsets)} -> ${show(v)}`, (h) => { (h[n] as Entry).data_offsets = v as [number, number]; }))),
    fam('duplicate tensor key', 8, fc.tuple(pickName, pickName, fc.boolean()).map(([n, src, escaped]) => {
      // JSON.parse keeps the last of duplicate keys: the duplicate comes last so it is the one parsed.
      const text = JSON.stringify(header);
      const dup = `,${keyLiteral(n, escaped)}:${JSON.stringify(entry(src))}}`;
      return build(`"${n}" twice in the header${escaped ? ' (the second written with a \\u escape)' : ''}, the second with the entry of "${src}"`,
        rebuild(text.slice(0, -1) + dup, data));
    })),
    fam('extra tensor', 5, fc.tuple(fc.constantFrom('model.layers.0.mlp.extra.weight', 'model.layers.9.input_layernorm.weight', 'h.5.ln_1.weight', 'unused'),
      fc.integer({ min: 1, max: 16 })).map(([n, count]) =>
      edit(`extra tensor "${n}" [${count}] F32 after the data`, (h) => { h[n] = { dtype: 'F32', shape: [count], data_offsets: [data.length, data.length + 4 * count] }; },
        concat([data, new Uint8Array(4 * count)])))),
    fam('missing tensor', 5, pickName.map((n) => {
      const [b0, e0] = entry(n).data_offsets;
      return edit(`"${n}" removed (header and data)`, (h) => {
        delete h[n];
        for (const k of tensorNames(h)) {
          const o = (h[k] as Entry).data_offsets;
          if (o[0] >= e0) (h[k] as Entry).data_offsets = [o[0] - (e0 - b0), o[1] - (e0 - b0)];
        }
      }, concat([data.subarray(0, b0), data.subarray(e0)]));
    })),
    fam('gap between tensors', 5, fc.tuple(pickName, fc.integer({ min: 1, max: 12 })).map(([n, k]) => {
      const e0 = entry(n).data_offsets[1];
      return edit(`${k} bytes of gap after "${n}"`, (h) => {
        for (const m of tensorNames(h)) {
          const o = (h[m] as Entry).data_offsets;
          if (o[0] >= e0) (h[m] as Entry).data_offsets = [o[0] + k, o[1] + k];
        }
      }, concat([data.subarray(0, e0), new Uint8Array(k), data.subarray(e0)]));
    })),
    fam('trailing bytes', 5, fc.uint8Array({ minLength: 1, maxLength: 16 }).map((junk) =>
      build(`${junk.length} bytes appended after the data`, concat([bytes, junk])))),
    fam('overlap', 4, fc.tuple(pickName, fc.integer({ min: 1, max: 8 })).filter(([n, k]) => entry(n).data_offsets[0] >= k).map(([n, k]) => {
      const [b0, e0] = entry(n).data_offsets;
      return edit(`"${n}" moved ${k} bytes back: [${b0 - k}, ${e0 - k}]`, (h) => { (h[n] as Entry).data_offsets = [b0 - k, e0 - k]; });
    })),
    fam('__metadata__', 6, fc.oneof(
      // null (no metadata) and objects of strings are valid metadata.
      anyJson.filter((v) => v !== null && !(isStringMap(v))).map((v) => ({ what: `__metadata__ -> ${show(v)}`, value: v, expect: 'reject' as Expect })),
      anyJson.filter((v) => typeof v !== 'string').map((v) => ({ what: `__metadata__.format -> ${show(v)}`, value: { format: v }, expect: 'reject' as Expect })),
      fc.constant({ what: '__metadata__ with an extra string entry', value: { format: 'pt', note: 'hello' }, expect: 'identical' as Expect }),
    ).map((m) => edit(m.what, (h) => { h.__metadata__ = m.value; }, data, m.expect))),
    fam('header not an object', 4, fc.constantFrom('[]', '"x"', '5', 'null', '{}', DEEP.text, `${JSON.stringify(header).slice(0, -1)},"deep":${DEEP.text}}`).map((text) =>
      build(`header replaced by ${text.length > 100 ? `${text.slice(0, 12)}... (nested 100000 deep)` : text}`, rebuild(text, data), 'reject'))),
    fam('header invalid UTF-8', 4, fc.tuple(fc.integer({ min: 8, max: dataStart - 1 }), fc.constantFrom(...INVALID_UTF8)).map(([at, v]) =>
      build(`header byte ${at} ${byteText(bytes[at]!)} -> ${byteText(v)} (never valid in UTF-8)`, withByte(bytes, at, v)))),
    // Valid layouts: whitespace inside the JSON, and padding that leaves the data unaligned (the format allows it).
    fam('header layout', 4, fc.oneof(
      fc.constantFrom(1, 2).map((indent) => ({ what: `header re-serialised with indent ${indent}`, text: JSON.stringify(header, null, indent), pad: true })),
      fc.integer({ min: 1, max: 7 }).map((k) => ({ what: `header padded to ${k} bytes past a multiple of 8 (data unaligned)`, text: JSON.stringify(header) + ' '.repeat(8 + k - (JSON.stringify(header).length % 8)), pad: false })),
    ).map(({ what, text, pad }) => build(what, assembleSafetensors(text, data, pad), 'identical'))),
    ...floatFamilies(p, file, fam, 1),
  ];
}

/** BF16 and F16 have the same size: swapping them reinterprets float data, undetectable by design. */
function sameSizeFloats(a: string, b: unknown): boolean {
  return (a === 'BF16' && b === 'F16') || (a === 'F16' && b === 'BF16');
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isStringMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

// ---- float data (safetensors and llama2.c) ---------------------------------------------------------

const ELEMENT_BYTES: Record<Dtype, number> = { F32: 4, F16: 2, BF16: 2 };
/** Exponent-all-ones patterns: the mantissa bits below, when non-zero, make a NaN; zero, an infinity. */
const NON_FINITE: Record<Dtype, { exponent: number; mantissaBits: number }> = {
  F32: { exponent: 0x7f800000, mantissaBits: 23 }, F16: { exponent: 0x7c00, mantissaBits: 10 }, BF16: { exponent: 0x7f80, mantissaBits: 7 },
};

/**
 * A random byte of float data replaced (undetectable unless the value stops being finite), and a random
 * element set to NaN or an infinity (the finite-weights check must refuse it, naming the tensor).
 */
export function floatFamilies(p: Pristine, file: string, fam: (kind: string, runs: number, arb: fc.Arbitrary<Build>) => Family, scale: number): Family[] {
  const bytes = fileBytes(p, file);
  // llama2.c's freq_cis arrays are read only at positions 0 and 1, to check the header: a non-finite value elsewhere is harmless.
  const regions = p.floats.filter((r) => r.file === file);
  const used = regions.filter((r) => !r.names.includes('freq_cis'));
  const put = (b: Uint8Array) => () => withFile(p.source, file, b);
  const element = (region: FloatRegion, at: number) => Math.floor((at - region.begin) / ELEMENT_BYTES[region.dtype]);
  return [
    fam('float data byte', 40 * scale, fc.constantFrom(...regions).chain((region) =>
      fc.integer({ min: region.begin, max: region.end - 1 }).chain((at) => otherByte(bytes[at]!).map((v): Build => ({
        what: `${region.names.join(' / ')} (${region.dtype}) element ${element(region, at)}: byte ${at} 0x${bytes[at]!.toString(16)} -> 0x${v.toString(16)}`,
        expect: 'float', blame: file, tensors: region.names, files: put(withByte(bytes, at, v)),
      }))))),
    fam('non-finite element', 12 * scale, fc.constantFrom(...used).chain((region) => {
      const { exponent, mantissaBits } = NON_FINITE[region.dtype];
      const size = ELEMENT_BYTES[region.dtype];
      return fc.tuple(fc.integer({ min: 0, max: (region.end - region.begin) / size - 1 }), fc.boolean(),
        fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** mantissaBits - 1 }))).map(([i, negative, mantissa]): Build => {
        const b = bytes.slice();
        const view = new DataView(b.buffer);
        const bits = exponent | mantissa;
        if (size === 4) view.setUint32(region.begin + 4 * i, (negative ? 0x80000000 | bits : bits) >>> 0, true);
        else view.setUint16(region.begin + 2 * i, negative ? 0x8000 | bits : bits, true);
        const value = mantissa ? 'NaN' : negative ? '-Infinity' : 'Infinity';
        return { what: `${region.names.join(' / ')} (${region.dtype}) element ${i} = ${value}`, expect: 'reject', blame: file, tensors: region.names, files: put(b) };
      });
    })),
  ];
}

// ---- llama2.c model.bin --------------------------------------------------------------------------

export function llama2cFamilies(p: Pristine): Family[] {
  const file = 'model.bin';
  const bytes = fileBytes(p, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, LLAMA2C.headerBytes);
  const header = LLAMA2C_FIELDS.map((_, i) => view.getInt32(4 * i, true));
  const put = (b: Uint8Array) => () => withFile(p.source, file, b);
  const fam = (kind: string, runs: number, arb: fc.Arbitrary<Build>) => family(p.name, 'llama2.c .bin', kind, runs, arb);
  const reject = (what: string, b: Uint8Array): Build => ({ what, expect: 'reject', blame: file, files: put(b) });
  return [
    fam('truncation', 16, fc.integer({ min: 0, max: bytes.length - 1 }).map((n) => reject(`truncated to ${n} of ${bytes.length} bytes`, bytes.slice(0, n)))),
    fam('trailing bytes', 4, fc.uint8Array({ minLength: 1, maxLength: 64 }).map((junk) => reject(`${junk.length} bytes appended`, concat([bytes, junk])))),
    fam('header int', 30, fc.tuple(fc.integer({ min: 0, max: 6 }), fc.oneof(
      fc.constantFrom(0, -1, 1, 2, 3, 4, 2 ** 31 - 1, -(2 ** 31), 65536), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.integer({ min: -3, max: 3 }).map((d) => ({ delta: d })), fc.constant({ negate: true }), fc.constant({ double: true }),
    )).map(([i, m]) => {
      const old = header[i]!;
      const v = typeof m === 'number' ? m : 'delta' in m ? old + m.delta : 'negate' in m ? -old : old * 2;
      return { i, v: v | 0 };
    }).filter(({ i, v }) => v !== header[i]).map(({ i, v }) => {
      const b = bytes.slice();
      new DataView(b.buffer).setInt32(4 * i, v, true);
      return reject(`header ${LLAMA2C_FIELDS[i]} ${header[i]} -> ${v}`, b);
    })),
    fam('header byte flip', 10, fc.integer({ min: 0, max: LLAMA2C.headerBytes - 1 }).chain((at) => otherByte(bytes[at]!).map((v) =>
      reject(`header byte ${at} (${LLAMA2C_FIELDS[at >> 2]}) 0x${bytes[at]!.toString(16)} -> 0x${v.toString(16)}`, withByte(bytes, at, v))))),
    fam('versioned magic', 2, fc.integer({ min: 1, max: 3 }).map((version) => {
      const b = bytes.slice();
      new DataView(b.buffer).setUint32(0, 0x616b3432, true);
      new DataView(b.buffer).setInt32(4, version, true);
      return reject(`"ak42" magic, version ${version}`, b);
    })),
    ...floatFamilies(p, file, fam, 0.75),
  ];
}

// ---- llama2.c tokenizer.bin ----------------------------------------------------------------------

export function tokenizerBinFamilies(p: Pristine): Family[] {
  const file = 'tokenizer.bin';
  const tok = p.tokenizerBin!;
  const bytes = fileBytes(p, file);
  const put = (b: Uint8Array) => () => withFile(p.source, file, b);
  const fam = (kind: string, runs: number, arb: fc.Arbitrary<Build>) => family(p.name, 'tokenizer.bin', kind, runs, arb);
  const build = (what: string, b: Uint8Array, expect: Expect = 'reject'): Build => ({ what, expect, blame: file, files: put(b) });
  const setInt = (at: number, v: number) => {
    const b = bytes.slice();
    new DataView(b.buffer).setInt32(at, v, true);
    return b;
  };
  const pickToken = fc.integer({ min: 0, max: tok.records.length - 1 });
  const longest = tok.maxTokenLength;
  return [
    fam('truncation', 14, fc.integer({ min: 0, max: bytes.length - 1 }).map((n) => build(`truncated to ${n} of ${bytes.length} bytes`, bytes.slice(0, n)))),
    // run.c reads vocab_size tokens and ignores the rest of the file.
    fam('trailing bytes', 3, fc.uint8Array({ minLength: 1, maxLength: 32 }).map((junk) =>
      build(`${junk.length} bytes appended`, concat([bytes, junk]), 'reject-or-identical'))),
    fam('max_token_length', 8, fc.oneof(fc.constantFrom(0, -1, 1, longest - 1, longest + 1, 4096, 4097, 2 ** 31 - 1, -(2 ** 31)),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })).filter((v) => v !== longest).map((v) =>
      // A larger limit than any token is harmless: it only bounds lengths.
      build(`max_token_length ${longest} -> ${v}`, setInt(0, v), v >= longest && v <= 4096 ? 'reject-or-identical' : 'reject'))),
    fam('token length field', 10, fc.tuple(pickToken, fc.oneof(fc.constantFrom(0, -1, longest + 1, 2 ** 31 - 1, -(2 ** 31)),
      fc.integer({ min: -2, max: 2 }).map((d) => ({ delta: d })))).map(([i, m]) => {
      const old = tok.records[i]!.length;
      return { i, v: typeof m === 'number' ? m : old + m.delta };
    }).filter(({ i, v }) => v !== tok.records[i]!.length).map(({ i, v }) =>
      // A plausible length misreads the rest of the file, which usually breaks it; when it does not, it must be harmless.
      build(`token ${i} length ${tok.records[i]!.length} -> ${v}`, setInt(tok.records[i]!.at + 4, v), v < 1 || v > longest ? 'reject' : 'reject-or-identical'))),
    fam('score not finite', 4, fc.tuple(pickToken, fc.constantFrom(NaN, Infinity, -Infinity)).map(([i, v]) => {
      const b = bytes.slice();
      new DataView(b.buffer).setFloat32(tok.records[i]!.at, v, true);
      return build(`token ${i} score -> ${v}`, b);
    })),
    fam('score byte', 8, fc.tuple(pickToken, fc.integer({ min: 0, max: 3 })).chain(([i, k]) => {
      const at = tok.records[i]!.at + k;
      return otherByte(bytes[at]!).map((v): Build => ({ what: `token ${i} score byte ${k} -> 0x${v.toString(16)}`, expect: 'float', blame: file, files: put(withByte(bytes, at, v)) }));
    })),
    fam('byte token damaged', 6, fc.tuple(fc.integer({ min: 3, max: 258 }), fc.integer({ min: 0, max: 5 })).chain(([i, k]) => {
      const at = tok.records[i]!.at + 8 + k;
      return otherByte(bytes[at]!).map((v) => build(`byte token ${i} char ${k} -> ${byteText(v)}`, withByte(bytes, at, v)));
    })),
    fam('fewer tokens', 3, fc.integer({ min: 1, max: 40 }).map((k) => {
      const cut = tok.records[tok.records.length - k]!.at;
      return build(`last ${k} tokens removed`, bytes.slice(0, cut));
    })),
  ];
}
