// The machinery for mutating a model's JSON files: a field's rule says which values are valid (never
// generated: a valid change of meaning is no loader's to catch) and what damage must lead to; every
// JSON file gets the common families here. The files' own rules live in config-json.ts,
// tokenizer-json.ts and shard-index.ts.

import fc from 'fast-check';
import { type Pristine, serializeJson, utf8, withFile } from './builders.js';
import { type Build, type Family, family } from './family.js';
import { DEEP, INVALID_UTF8, jsonText, jsonValue, show, withDuplicate } from './json-text.js';
import type { Expect, Format } from './oracle.js';

export type Json = Record<string, unknown>;

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
export const has = (obj: Json, key: string) => Object.hasOwn(obj, key);
export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A rule for one field: valid values are never generated; invalid ones and deletion expect what they say. */
export interface Rule {
  key: string;
  valid: (v: unknown) => boolean;
  invalid: Expect;
  /** Expectation when the key is removed; absent: removing it validly changes the meaning (not generated). */
  deleted?: Expect;
  /** The pristine number, to try its neighbours too. */
  near?: number;
  /** Extra values worth trying (valid ones are filtered out). */
  extra?: unknown[];
}

export const posFinite = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
export const is = (...ok: unknown[]) => (v: unknown) => ok.some((o) => same(o, v));
export const shapeBound = (key: string, pristine: number, deleted: Expect = 'reject'): Rule => ({ key, valid: is(pristine), invalid: 'reject', deleted, near: pristine });
export const unused = (key: string): Rule => ({ key, valid: () => false, invalid: 'reject-or-identical', deleted: 'reject-or-identical' });
export function values(rule: Rule): fc.Arbitrary<unknown> {
  const near = rule.near === undefined ? [] : [fc.integer({ min: rule.near - 3, max: rule.near * 2 + 3 }), fc.constantFrom(rule.near + 0.5, -rule.near, 2 ** 31 + rule.near)];
  const extra = rule.extra?.length ? [fc.constantFrom(...rule.extra)] : [];
  return fc.oneof(jsonValue, ...near, ...extra).filter((v) => !rule.valid(v));
}

export interface JsonTarget {
  p: Pristine;
  file: string;
  format: Format;
}

export function fam(t: JsonTarget, kind: string, runs: number, arb: fc.Arbitrary<Build>): Family {
  return family(t.p.name, t.format, `${t.file}: ${kind}`, runs, arb);
}

/** A case whose file is the text given (blame: the file itself unless said). */
export function textCase(t: JsonTarget, what: string, text: string, expect: Expect): Build {
  return { what, expect, blame: t.file, files: () => withFile(t.p.source, t.file, utf8(text)) };
}

/** A copy of the pristine JSON changed by `change`, which may return a replacement root. */
export function edited(t: JsonTarget, change: (json: Json) => unknown): string {
  const json = structuredClone(t.p.json.get(t.file)!);
  const root = change(json);
  return jsonText(root === undefined ? json : root);
}

/** The families every JSON file gets: truncation, not an object, whitespace, neutral rewrites, rules. */
export function commonFamilies(t: JsonTarget, rules: Rule[], scale: number): Family[] {
  const text = serializeJson(t.p.json.get(t.file)!);
  const n = (runs: number) => runs * scale;
  const spaces = whitespaceOutsideStrings(text);
  const families = [
    fam(t, 'truncation', n(8), fc.integer({ min: 0, max: text.length - 1 }).map((k) =>
      textCase(t, `truncated to ${k} of ${text.length} characters`, text.slice(0, k), 'reject'))),
    fam(t, 'not an object', n(3), fc.constantFrom('[]', '"config"', '5', 'null', 'true', '', '[{}]', DEEP.text).map((v) =>
      textCase(t, `replaced by ${v === DEEP.text ? 'an array nested 100000 deep' : JSON.stringify(v)}`, v, 'reject'))),
    fam(t, 'trailing text', n(3), fc.constantFrom('\n', '  \r\n', 'x', '\u0000', '}', ',{}', '{}').map((tail) =>
      textCase(t, `${JSON.stringify(tail)} after the JSON`, text + tail, /^\s+$/.test(tail) ? 'identical' : 'reject'))),
    // JSON text is UTF-8 (RFC 8259); a decoder that substitutes U+FFFD would silently rename keys and values.
    fam(t, 'invalid UTF-8', n(4), fc.tuple(fc.integer({ min: 0, max: utf8(text).length - 1 }), fc.constantFrom(...INVALID_UTF8)).map(([at, v]): Build => {
      const bytes = utf8(text);
      bytes[at] = v;
      return { what: `byte ${at} -> 0x${v.toString(16)} (never valid in UTF-8)`, expect: 'reject', blame: t.file, files: () => withFile(t.p.source, t.file, bytes) };
    })),
    // Whitespace between tokens means nothing; a stray character there breaks the JSON.
    fam(t, 'whitespace byte', n(6), fc.tuple(fc.constantFrom(...spaces), fc.constantFrom(' ', '\t', '\n', '\r', 'x', '#', '/', '@', ';')).map(([at, c]) =>
      textCase(t, `character ${at} (whitespace) -> ${JSON.stringify(c)}`, text.slice(0, at) + c + text.slice(at + 1), ' \t\n\r'.includes(c) ? 'identical' : 'reject'))),
    fam(t, 'neutral rewrite', n(4), fc.constantFrom('compact', 'keys reversed', 'extra key', 'BOM', 'deep extra key').map((how): Build => {
      const json = t.p.json.get(t.file)!;
      // Valid JSON, but Python's recursive json module cannot read it either.
      if (how === 'deep extra key') return textCase(t, 'an unknown key holding an array nested 100000 deep', jsonText({ ...json, _fuzz_deep: DEEP }), 'reject-or-identical');
      if (how === 'compact') return textCase(t, 'written without whitespace', JSON.stringify(json), 'identical');
      if (how === 'keys reversed') return textCase(t, 'keys in reverse order', serializeJson(Object.fromEntries(Object.entries(json).reverse())), 'identical');
      if (how === 'extra key') return textCase(t, 'an unknown key added', serializeJson({ ...json, _fuzz_note: { nested: [1, 'two'] } }), 'identical');
      // transformers reads JSON as plain UTF-8, so a BOM makes the file unreadable there too.
      return textCase(t, 'a UTF-8 byte-order mark in front', '\ufeff' + text, 'reject-or-identical');
    })),
  ];
  if (rules.length === 0) return families;
  const deletable = rules.filter((r) => r.deleted);
  families.push(
    fam(t, 'field value', n(6 * rules.length), fc.constantFrom(...rules).chain((r) => values(r).map((v) =>
      textCase(t, `${r.key}: ${show(v)}`, edited(t, (j) => { j[r.key] = v; }), r.invalid)))),
    fam(t, 'duplicate key', n(4), fc.tuple(fc.constantFrom(...rules), fc.boolean()).chain(([r, escaped]) => values(r).map((v) =>
      textCase(t, `${r.key} repeated${escaped ? ' (written with a \\u escape)' : ''}, the last ${show(v)}`, edited(t, (j) => withDuplicate(j, r.key, v, escaped)), r.invalid)))),
  );
  if (deletable.length) {
    families.push(fam(t, 'missing key', n(2 * deletable.length), fc.constantFrom(...deletable).map((r) =>
      textCase(t, `${r.key} removed`, edited(t, (j) => { delete j[r.key]; }), r.deleted!))));
  }
  return families;
}

/** Offsets of whitespace characters that sit between JSON tokens (not inside strings). */
function whitespaceOutsideStrings(text: string): number[] {
  const out: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (' \n'.includes(c)) out.push(i);
  }
  return out;
}
