// JSON pieces the mutation modules share: random JSON values (wrong types, out-of-range and non-finite
// numbers), text no serialiser writes (NaN, duplicate keys, escaped keys, invalid UTF-8), and the one
// serialiser that writes them. Not the mutations themselves (binary.ts, json.ts).

import fc from 'fast-check';

type Json = Record<string, unknown>;

/** A random JSON value for a field: every type, numbers near the edges; all finite. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 6 }),
  fc.boolean(), fc.constant(null), fc.array(fc.integer({ min: -2, max: 64 }), { maxLength: 3 }), fc.constant({}),
  fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 1e300, -1e-300, 5e-324),
);

/** anyJson plus NaN and the infinities (written as Python's json writes them, which JSON.parse refuses). */
export const jsonValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 6, arbitrary: anyJson }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) });

/** JSON text written verbatim where a value holds it. */
export class Raw {
  constructor(readonly text: string) {}
}

/** Serialises with a two-space indent like transformers, NaN/Infinity as Python writes them, Raw verbatim. */
export function jsonText(value: unknown): string {
  const raws: string[] = [];
  const marked = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const held = key === '' ? v : (this as Json)[key]; // the original, before toJSON
    if (typeof held === 'number' && !Number.isFinite(held)) return `@@raw:${raws.push(String(held)) - 1}@@`;
    if (held instanceof Raw) return `@@raw:${raws.push(held.text) - 1}@@`;
    return v;
  }, 2);
  return marked.replace(/"@@raw:(\d+)@@"/g, (_, i: string) => raws[Number(i)]!);
}

/** A key as a JSON string literal, its first character as a \u escape when `escaped`: the same key to JSON.parse. */
export function keyLiteral(key: string, escaped: boolean): string {
  const plain = JSON.stringify(key);
  return escaped && key.length > 0 ? `"\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${plain.slice(2)}` : plain;
}

/** An object's JSON text with `key` repeated at the end (the last one is what JSON.parse keeps). */
export function withDuplicate(obj: Json, key: string, value: unknown, escaped = false): Raw {
  return new Raw(`${jsonText(obj).slice(0, -1).trimEnd()},\n${keyLiteral(key, escaped)}: ${jsonText(value)}\n}`);
}

/** Bytes that never occur in UTF-8 (RFC 3629): one anywhere makes the text invalid. */
export const INVALID_UTF8 = [0xc0, 0xc1, 0xf5, 0xf8, 0xfe, 0xff];

/** Valid JSON nested deeper than any real file, for parsers (or duplicate-key scanners) that recurse. */
export const DEEP = new Raw('['.repeat(100_000) + ']'.repeat(100_000));

export const show = (v: unknown): string =>
  v instanceof Raw ? v.text : typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? `${v}` : JSON.stringify(v) ?? String(v);
