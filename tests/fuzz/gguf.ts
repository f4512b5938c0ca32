// Format-aware mutations of a GGUF checkpoint (gguf-build.ts's models): truncation at every structural
// boundary, damaged header, counts, string lengths, value types and tensor infos, alignment, duplicated,
// removed and wrongly valued metadata, the wrong architecture, NaN and infinity in f32, f16 and bf16 data
// and in block scales. Byte-level damage is judged by the field it hits (layoutOf), rebuilt files by what
// the edit means; each with the expectation of oracle.ts.

import fc from 'fast-check';
import { encodeGguf, gguf, type GgufEntry } from '../../src/model/weights/gguf-writer.js';
import { GgufType } from '../../src/model/weights/gguf.js';
import { withFile } from './builders.js';
import { floatFamilies, otherByte, withByte } from './binary.js';
import { type Build, type Family, family } from './family.js';
import { type Field, GGML_TYPE_BYTES, GGUF_FILE, type GgufPristine, type Role } from './gguf-build.js';
import type { Case, Expect } from './oracle.js';
import { concat } from './safetensors.js';


/** Fields that only say how to read the rest: any change misreads the file, or is refused. */
const STRUCTURE: Role[] = [
  'magic', 'tensor count', 'metadata count', 'key length', 'string length', 'array length', 'tensor name length', 'dimension count',
  'dimension', 'tensor offset',
];

const u64Bytes = (v: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
};

export function ggufFamilies(p: GgufPristine): Family[] {
  const bytes = p.source.files.get(GGUF_FILE)!;
  const { fields } = p.layout;
  const put = (b: Uint8Array) => () => withFile(p.source, GGUF_FILE, b);
  const fam = (kind: string, runs: number, arb: fc.Arbitrary<Build>) => family(p.name, 'gguf', kind, runs, arb);
  const build = (what: string, b: Uint8Array, expect: Expect = 'reject'): Build => ({ what, expect, blame: GGUF_FILE, files: put(b) });
  const at = (f: Field) => `${f.role}${f.owner ? ` of "${f.owner}"` : ''}${f.element === undefined ? '' : `[${f.element}]`} at byte ${f.at}`;
  const withBytes = (offset: number, patch: Uint8Array) => {
    const b = bytes.slice();
    b.set(patch, offset);
    return b;
  };
  const pick = (roles: Role[]) => fc.constantFrom(...fields.filter((f) => roles.includes(f.role)));
  const rebuild = (metadata: [string, GgufEntry][], tensors = p.spec.tensors, alignment?: number) => encodeGguf(metadata, tensors, alignment);
  const metadataWith = (key: string, entry: GgufEntry | undefined) =>
    p.spec.metadata.flatMap(([k, e]): [string, GgufEntry][] => (k !== key ? [[k, e]] : entry ? [[k, entry]] : []));
  const keys = p.spec.metadata.map(([k]) => k);
  const arch = (p.spec.metadata[0]![1].value as string);
  const data = fields.filter((f) => f.role === 'data');
  const dataEnd = data.reduce((n, f) => Math.max(n, f.at + f.size), 0);
  /**
   * Whether a tensor's data under ggml type `type` still ends where ggml's layout allows: within the padding
   * before the next tensor, or (the last one) before the end of the file. Then llama.cpp too reads its bytes
   * as the other type, and no reader can tell (f16 <-> bf16, or a smaller type on a small or the last tensor).
   */
  const layoutKeeps = (name: string, type: number) => {
    const sizes = GGML_TYPE_BYTES[type];
    const t = p.spec.tensors.find((x) => x.name === name)!;
    if (!sizes || t.ne[0]! % sizes[0] !== 0) return false;
    const size = (t.ne.reduce((a, b) => a * b, 1) / sizes[0]) * sizes[1];
    const i = data.findIndex((d) => d.owner === name);
    return data[i]!.at + size <= (data[i + 1]?.at ?? bytes.length);
  };

  return [
    fam('truncation', 20, fc.integer({ min: 0, max: bytes.length - 1 }).map((n) => build(`truncated to ${n} of ${bytes.length} bytes`, bytes.slice(0, n)))),
    // Like llama.cpp, the reader reads the data it needs and ignores what follows.
    fam('trailing bytes', 3, fc.uint8Array({ minLength: 1, maxLength: 64 }).map((junk) => build(`${junk.length} bytes appended`, concat([bytes, junk]), 'reject-or-identical'))),
    fam('structure byte', 30, pick(STRUCTURE).chain((f) => fc.integer({ min: f.at, max: f.at + f.size - 1 })
      .chain((i) => otherByte(bytes[i]!).map((v) => ({ f, i, v, b: withByte(bytes, i, v) }))))
      .map(({ f, i, v, b }) => build(`${at(f)}: byte ${i} 0x${bytes[i]!.toString(16)} -> 0x${v.toString(16)}`, b))),
    fam('version', 4, fc.oneof(fc.constantFrom(0, 1, 2, 4, 0x03000000, 0xffffffff), fc.integer({ min: 0, max: 2 ** 32 - 1 })).filter((v) => v !== 3).map((v) => {
      const b = bytes.slice();
      new DataView(b.buffer).setUint32(4, v, true);
      // Version 2 reads as version 3 for a little-endian file: the same model.
      return build(`version 3 -> ${v}`, b, v === 2 ? 'identical' : 'reject');
    })),
    fam('count', 12, fc.tuple(pick(['tensor count', 'metadata count', 'array length']), fc.oneof(
      fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0).map((d) => ({ delta: d })),
      fc.constantFrom(0n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n).map((v) => ({ value: v })),
    )).map(([f, m]) => ({ f, v: 'value' in m ? m.value : BigInt(Number(new DataView(bytes.buffer).getBigUint64(f.at, true)) + m.delta) }))
      .filter(({ f, v }) => v >= 0n && v !== new DataView(bytes.buffer).getBigUint64(f.at, true))
      .map(({ f, v }) => build(`${at(f)} -> ${v}`, withBytes(f.at, u64Bytes(v))))),
    fam('string length', 12, fc.tuple(pick(['key length', 'string length', 'tensor name length']), fc.oneof(
      fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0).map((d) => ({ delta: d })),
      fc.constantFrom(2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n).map((v) => ({ value: v })),
    )).map(([f, m]) => ({ f, v: 'value' in m ? m.value : new DataView(bytes.buffer).getBigUint64(f.at, true) + BigInt(m.delta) }))
      .filter(({ v }) => v >= 0n).map(({ f, v }) => build(`${at(f)} -> ${v}`, withBytes(f.at, u64Bytes(v))))),
    fam('value type', 12, fc.tuple(pick(['value type', 'array type']), fc.oneof(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })))
      .filter(([f, t]) => t !== f.type)
      .map(([f, t]) => {
        const b = bytes.slice();
        new DataView(b.buffer).setUint32(f.at, t, true);
        return build(`${at(f)}: type ${f.type} -> ${t}`, b);
      })),
    fam('dimension', 10, fc.tuple(pick(['dimension']), fc.oneof(
      fc.integer({ min: -2, max: 2 }).filter((d) => d !== 0).map((d) => ({ delta: d })), fc.constantFrom(0n, 32n, 2n ** 31n, 2n ** 53n + 1n, 2n ** 64n - 1n).map((v) => ({ value: v })),
    )).map(([f, m]) => ({ f, v: 'value' in m ? m.value : new DataView(bytes.buffer).getBigUint64(f.at, true) + BigInt(m.delta) }))
      .filter(({ f, v }) => v >= 0n && v !== new DataView(bytes.buffer).getBigUint64(f.at, true))
      .map(({ f, v }) => build(`${at(f)} -> ${v}`, withBytes(f.at, u64Bytes(v))))),
    fam('dimension count', 6, fc.tuple(pick(['dimension count']), fc.constantFrom(0, 1, 2, 3, 4, 5, 2 ** 32 - 1))
      .filter(([f, n]) => n !== new DataView(bytes.buffer).getUint32(f.at, true)).map(([f, n]) => {
        const b = bytes.slice();
        new DataView(b.buffer).setUint32(f.at, n, true);
        return build(`${at(f)} -> ${n}`, b);
      })),
    // Another type changes the tensor's size, which ggml's layout then refuses, unless layoutKeeps.
    fam('tensor type', 10, fc.tuple(pick(['tensor type']), fc.oneof(fc.constantFrom(0, 1, 2, 8, 30), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })))
      .filter(([f, t]) => t !== f.type && !layoutKeeps(f.owner, t))
      .map(([f, t]) => {
        const b = bytes.slice();
        new DataView(b.buffer).setUint32(f.at, t, true);
        return build(`${at(f)}: type ${f.type} -> ${t}`, b);
      })),
    fam('tensor offset', 10, fc.tuple(pick(['tensor offset']), fc.oneof(
      fc.integer({ min: 1, max: 31 }).map((d) => ({ delta: d })), // not a multiple of the alignment
      fc.constantFrom(BigInt(bytes.length), BigInt(bytes.length) * 2n, 2n ** 53n + 32n, 2n ** 64n - 32n).map((v) => ({ value: v })),
    )).map(([f, m]) => ({ f, v: 'value' in m ? m.value : new DataView(bytes.buffer).getBigUint64(f.at, true) + BigInt(m.delta) }))
      .map(({ f, v }) => build(`${at(f)} -> ${v}`, withBytes(f.at, u64Bytes(v))))),
    fam('key byte', 10, fc.constantFrom(...fields.filter((f) => f.role === 'key' && p.spec.roles[f.owner] !== 'meaning')).chain((f) =>
      fc.integer({ min: f.at, max: f.at + f.size - 1 }).chain((i) => otherByte(bytes[i]!).map((v) => {
        const changed = new TextDecoder().decode(withByte(bytes, i, v).subarray(f.at, f.at + f.size));
        // Renamed into another key the loader reads: a valid file of another model, no oracle.
        return { f, i, v, changed };
      })).filter(({ changed }) => !KNOWN_KEYS.has(changed)).map(({ f, i, v, changed }) =>
        build(`key "${f.owner}" -> ${JSON.stringify(changed)}`, withByte(bytes, i, v), p.spec.roles[f.owner] === 'required' ? 'reject' : 'reject-or-identical')))),
    fam('alignment', 10, fc.oneof(
      fc.constantFrom(1, 2, 4, 8, 16, 64, 128, 256).map((a) => ({ what: `written with general.alignment ${a}`, meta: [['general.alignment', gguf.u32(a)]] as [string, GgufEntry][], layout: a, expect: 'identical' as Expect })),
      fc.constantFrom(0, 3, 12, 48, 2 ** 31 + 1, 2 ** 32 - 1).map((a) => ({ what: `general.alignment ${a}`, meta: [['general.alignment', gguf.u32(a)]] as [string, GgufEntry][], layout: undefined, expect: 'reject' as Expect })),
      fc.constantFrom<[string, GgufEntry]>(['a string "32"', gguf.string('32')], ['f32 0.5', { type: GgufType.FLOAT32, value: 0.5 }], ['an array', gguf.array(GgufType.UINT32, [32])], ['i32 -32', { type: GgufType.INT32, value: -32 }])
        .map(([what, e]) => ({ what: `general.alignment ${what}`, meta: [['general.alignment', e]] as [string, GgufEntry][], layout: undefined, expect: 'reject' as Expect })),
    ).map(({ what, meta, layout, expect }) => build(what, rebuild([...p.spec.metadata.slice(0, 1), ...meta, ...p.spec.metadata.slice(1)], p.spec.tensors, layout), expect))),
    fam('duplicate key', 6, fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...keys), fc.boolean()).map(([key, source, last]) => {
      const entry = p.spec.metadata.find(([k]) => k === source)![1];
      const metadata: [string, GgufEntry][] = last ? [...p.spec.metadata, [key, entry]] : [[key, entry], ...p.spec.metadata];
      return build(`"${key}" twice, ${last ? 'last' : 'first'} with the value of "${source}"`, rebuild(metadata));
    })),
    fam('duplicate tensor', 3, fc.constantFrom(...p.spec.tensors).map((t) =>
      build(`tensor "${t.name}" listed twice`, rebuild(p.spec.metadata, [...p.spec.tensors, t])))),
    fam('extra tensor', 3, fc.constantFrom('blk.2.attn_norm.weight', 'rope_freqs.weight', 'unused').map((name) =>
      build(`an extra f32 tensor "${name}"`, rebuild(p.spec.metadata, [...p.spec.tensors, { name, ne: [8], type: 'f32', bytes: new Uint8Array(32) }])))),
    fam('missing tensor', 4, fc.constantFrom(...p.spec.tensors).map((t) =>
      build(`tensor "${t.name}" removed`, rebuild(p.spec.metadata, p.spec.tensors.filter((x) => x !== t))))),
    fam('metadata value', 16, fc.constantFrom(...badValues(arch)).map(([key, entry, what]) =>
      build(`${key} -> ${what}`, rebuild(keys.includes(key) ? metadataWith(key, entry) : [...p.spec.metadata, [key, entry]])))),
    fam('architecture', 4, fc.constantFrom('gpt2', 'llama', 'qwen2', 'Llama', '', 'llama\0', 'mistral').filter((a) => a !== arch).map((a) =>
      build(`general.architecture ${JSON.stringify(a)}`, rebuild(metadataWith('general.architecture', gguf.string(a)))))),
    ...floatFamilies(p, GGUF_FILE, fam, 0.75),
    fam('block data byte', 12, fc.constantFrom(...p.blocks).chain((r) => fc.integer({ min: r.begin, max: r.end - 1 }).chain((i) => otherByte(bytes[i]!).map((v): Build => ({
      what: `${r.name} (${r.type}) byte ${i - r.begin}: 0x${bytes[i]!.toString(16)} -> 0x${v.toString(16)}`, expect: 'float', blame: GGUF_FILE, tensors: [r.name],
      files: put(withByte(bytes, i, v)),
    }))))),
    fam('block scale not finite', 8, fc.constantFrom(...p.blocks).chain((r) => {
      const size = r.type === 'q8_0' ? 34 : 18;
      return fc.tuple(fc.integer({ min: 0, max: (r.end - r.begin) / size - 1 }), fc.constantFrom(0x7c00, 0xfc00, 0x7e00, 0x7c01, 0xffff)).map(([block, bits]): Build => {
        const b = bytes.slice();
        new DataView(b.buffer).setUint16(r.begin + block * size, bits, true);
        return { what: `${r.name} (${r.type}) block ${block} scale = 0x${bits.toString(16)}`, expect: 'reject', blame: GGUF_FILE, tensors: [r.name], files: put(b) };
      });
    })),
    fam('tensor data past the end', 2, fc.integer({ min: 1, max: 64 }).map((k) => build(`the last ${k} data bytes cut`, bytes.slice(0, dataEnd - k)))),
  ];
}


const KNOWN_KEYS = new Set([
  'general.architecture', 'general.alignment',
  ...['context_length', 'embedding_length', 'block_count', 'feed_forward_length', 'attention.head_count', 'attention.head_count_kv',
    'attention.layer_norm_rms_epsilon', 'attention.layer_norm_epsilon', 'attention.key_length', 'attention.value_length', 'rope.freq_base',
    'rope.dimension_count', 'rope.scaling.type', 'rope.scaling.factor'].flatMap((k) => [`llama.${k}`, `gpt2.${k}`]),
  ...['model', 'pre', 'tokens', 'scores', 'token_type', 'merges', 'bos_token_id', 'eos_token_id', 'eot_token_id', 'unknown_token_id',
    'add_bos_token', 'add_space_prefix'].map((k) => `tokenizer.ggml.${k}`),
  'tokenizer.chat_template',
]);

/** Metadata values the model cannot have: [key, entry, description]. */
function badValues(arch: string): [string, GgufEntry, string][] {
  const k = (key: string) => `${arch}.${key}`;
  const u32 = (v: number): GgufEntry => gguf.u32(v);
  return [
    [k('block_count'), u32(1), '1 (a layer too few)'], [k('block_count'), u32(3), '3 (a layer too many)'], [k('block_count'), u32(0), '0'],
    [k('embedding_length'), u32(12), '12'], [k('embedding_length'), u32(0), '0'], [k('embedding_length'), gguf.string('16'), 'the string "16"'],
    [k('attention.head_count'), u32(3), '3 (does not divide the width)'], [k('attention.head_count'), u32(0), '0'],
    [k('feed_forward_length'), u32(33), '33'], [k('context_length'), u32(0), '0'],
    [k('context_length'), { type: GgufType.UINT64, value: 2n ** 60n }, 'u64 2^60'],
    [k('block_count'), { type: GgufType.INT32, value: -2 }, 'i32 -2'], [k('block_count'), { type: GgufType.FLOAT32, value: 2.5 }, 'f32 2.5'],
    [k(arch === 'llama' ? 'attention.layer_norm_rms_epsilon' : 'attention.layer_norm_epsilon'), { type: GgufType.FLOAT32, value: NaN }, 'NaN'],
    [k(arch === 'llama' ? 'attention.layer_norm_rms_epsilon' : 'attention.layer_norm_epsilon'), { type: GgufType.FLOAT32, value: -1 }, '-1'],
    ...(arch === 'llama' ? [
      [k('attention.head_count_kv'), u32(3), '3'], [k('attention.head_count_kv'), u32(0), '0'],
      [k('rope.freq_base'), { type: GgufType.FLOAT32, value: Infinity }, 'Infinity'], [k('rope.freq_base'), { type: GgufType.FLOAT32, value: 0 }, '0'],
      [k('rope.dimension_count'), u32(0), '0'], [k('rope.dimension_count'), u32(5), '5 (odd)'], [k('rope.dimension_count'), u32(8), '8 (beyond the head)'],
      [k('attention.key_length'), u32(8), '8'], [k('rope.scaling.type'), gguf.string('yarn'), '"yarn"'],
      ['tokenizer.ggml.scores', gguf.array(GgufType.FLOAT32, [0, 1]), 'two scores'],
      ['tokenizer.ggml.scores', gguf.array(GgufType.STRING, ['a']), 'an array of strings'],
      ['tokenizer.ggml.model', gguf.string('gpt2'), '"gpt2" (no merges)'],
    ] as [string, GgufEntry, string][] : [
      ['tokenizer.ggml.merges', gguf.array(GgufType.STRING, ['a b c']), '["a b c"]'],
      ['tokenizer.ggml.merges', gguf.array(GgufType.UINT32, [1]), 'an array of numbers'],
      ['tokenizer.ggml.pre', gguf.string('tekken'), '"tekken"'],
      ['tokenizer.ggml.model', gguf.string('llama'), '"llama" (no scores)'],
    ] as [string, GgufEntry, string][]),
    ['tokenizer.ggml.model', gguf.string('bert'), '"bert"'],
    ['tokenizer.ggml.tokens', gguf.array(GgufType.STRING, []), 'an empty array'],
    ['tokenizer.ggml.tokens', gguf.array(GgufType.UINT8, [1, 2]), 'an array of numbers'],
    ['tokenizer.ggml.token_type', gguf.array(GgufType.INT32, [1]), 'one type'],
    ['tokenizer.ggml.bos_token_id', u32(100000), '100000 (past the vocabulary)'],
    ['tokenizer.ggml.eos_token_id', { type: GgufType.INT32, value: -1 }, 'i32 -1'],
    ['tokenizer.ggml.eos_token_id', gguf.string('</s>'), 'the string "</s>"'],
    ['tokenizer.ggml.add_bos_token', u32(1), 'u32 1'],
    ['tokenizer.chat_template', u32(1), 'u32 1'],
  ];
}

/** The enumerated cases: truncation at every boundary, each metadata key removed. */
export function ggufCases(p: GgufPristine): Case[] {
  return [...boundaryCases(p), ...removedKeyCases(p)];
}

/**
 * Each key whose absence has a known outcome removed: refused when required, else the same model
 * (its default is the value written).
 */
function removedKeyCases(p: GgufPristine): Case[] {
  return p.spec.metadata.filter(([k]) => p.spec.roles[k] !== 'meaning').map(([key]): Case => {
    const b = encodeGguf(p.spec.metadata.filter(([k]) => k !== key), p.spec.tensors);
    return {
      model: p.name, format: 'gguf', kind: 'metadata key removed', what: `"${key}" removed`, blame: GGUF_FILE,
      expect: p.spec.roles[key] === 'required' ? 'reject' : 'reject-or-identical', files: () => withFile(p.source, GGUF_FILE, b),
    };
  });
}

/**
 * Every prefix of the file that ends at a field boundary or one byte into a field (inside arrays, only
 * the first and last two elements'), the empty file included: each must be refused naming the file.
 */
function boundaryCases(p: GgufPristine): Case[] {
  const bytes = p.source.files.get(GGUF_FILE)!;
  const lengths = new Map<number, string>();
  const arrayLength = (owner: string) => p.spec.metadata.find(([k]) => k === owner)?.[1].value as unknown[] | undefined;
  for (const f of p.layout.fields) {
    const n = arrayLength(f.owner)?.length ?? 0;
    if (f.element !== undefined && f.role !== 'dimension' && f.element >= 2 && f.element < n - 2) continue;
    const name = `${f.role}${f.owner ? ` of "${f.owner}"` : ''}${f.element === undefined ? '' : `[${f.element}]`}`;
    if (!lengths.has(f.at)) lengths.set(f.at, `before the ${name}`);
    if (f.size > 1) lengths.set(f.at + 1, `1 byte into the ${name}`);
  }
  lengths.delete(bytes.length);
  return [...lengths].sort(([a], [b]) => a - b).map(([n, where]): Case => ({
    model: p.name, format: 'gguf', kind: 'truncation at a boundary', what: `truncated to ${n} bytes, ${where}`, expect: 'reject', blame: GGUF_FILE,
    files: () => withFile(p.source, GGUF_FILE, bytes.slice(0, n)),
  }));
}
