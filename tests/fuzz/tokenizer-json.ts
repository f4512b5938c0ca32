// tokenizer.json and tokenizer_config.json: vocab, merges, added tokens, the model's fields and the
// pipeline around it, and the special tokens and template of tokenizer_config.json.

import fc from 'fast-check';
import type { Pristine } from './builders.js';
import type { Family } from './family.js';
import { jsonValue, show, withDuplicate } from './json-text.js';
import type { Expect } from './oracle.js';
import { commonFamilies, edited, fam, has, is, isObj, type Json, type JsonTarget, type Rule, same, textCase, unused, values } from './json.js';

type MergeFormat = 'string' | 'pair';

export function tokenizerJsonFamilies(p: Pristine, scale = 1): Family[] {
  const t: JsonTarget = { p, file: 'tokenizer.json', format: 'tokenizer.json' };
  const json = p.json.get(t.file)!;
  const model = json.model as Json;
  const vocab = model.vocab as Record<string, number>;
  const tokens = Object.keys(vocab);
  const merges = model.merges as unknown[];
  const format: MergeFormat = typeof merges[0] === 'string' ? 'string' : 'pair';
  const added = json.added_tokens as Json[];
  const addedContents = added.map((a) => a.content as string);
  const n = (runs: number) => runs * scale;
  const put = (what: string, expect: Expect, change: (j: Json) => unknown) => textCase(t, what, edited(t, change), expect);
  const modelOf = (j: Json) => j.model as Json;
  const tokenOrJunk = fc.oneof(fc.constantFrom(...tokens), fc.string({ minLength: 1, maxLength: 3 }));
  const inVocab = (s: unknown) => typeof s === 'string' && has(vocab, s);
  const parseMerge = (v: unknown): [string, string] | undefined => {
    if (format === 'string') {
      const parts = typeof v === 'string' ? v.split(' ') : [];
      return parts.length === 2 ? [parts[0]!, parts[1]!] : undefined;
    }
    return Array.isArray(v) && v.length === 2 && v.every((s) => typeof s === 'string') ? [v[0], v[1]] : undefined;
  };
  const validMerge = (v: unknown) => {
    const m = parseMerge(v);
    return m !== undefined && inVocab(m[0]) && inVocab(m[1]) && inVocab(m[0] + m[1]);
  };
  const badComponent = fc.constantFrom<unknown>({ type: 'NoSuchThing' }, { type: 5 }, 5, 'x', [], {});
  const ids = fc.oneof(jsonValue, fc.integer({ min: -2, max: tokens.length + 3 }), fc.constantFrom(tokens.length, 2 ** 24, 2 ** 31));
  const modelRules: Rule[] = [
    { key: 'type', valid: is('BPE'), invalid: 'reject', deleted: 'reject-or-identical', extra: ['Unigram', 'WordPiece', 'WordLevel', 'bpe', 'Foo'] },
    { key: 'byte_fallback', valid: is(true, false, null), invalid: 'reject' },
    { key: 'fuse_unk', valid: is(true, false, null), invalid: 'reject' },
    { key: 'ignore_merges', valid: is(true, false, null), invalid: 'reject' },
    { key: 'dropout', valid: (v) => v === null || (typeof v === 'number' && v >= 0 && v <= 1), invalid: 'reject', extra: [-0.5, 1.5, '0.1'] },
    { key: 'continuing_subword_prefix', valid: (v) => v === null || typeof v === 'string', invalid: 'reject' },
    { key: 'end_of_word_suffix', valid: (v) => v === null || typeof v === 'string', invalid: 'reject' },
  ];
  if (p.name !== 'gpt2') {
    // Without byte fallback or unk, characters outside the vocabulary would vanish silently.
    modelRules.push({ key: 'unk_token', valid: inVocab, invalid: 'reject', deleted: 'reject', extra: ['<nope>', '', null, 0] });
  }
  return [
    ...commonFamilies(t, [], scale),
    fam(t, 'model field', n(20), fc.constantFrom(...modelRules).chain((r) => values(r).map((v) =>
      put(`model.${r.key}: ${show(v)}`, r.invalid, (j) => { modelOf(j)[r.key] = v; })))),
    fam(t, 'model field removed', n(2), fc.constantFrom(...modelRules.filter((r) => r.deleted)).map((r) =>
      put(`model.${r.key} removed`, r.deleted!, (j) => { delete modelOf(j)[r.key]; }))),
    fam(t, 'model replaced', n(3), fc.oneof(jsonValue.filter((v) => !isObj(v)), fc.constant({}), fc.constant(undefined)).map((v) =>
      put(v === undefined ? 'model removed' : `model: ${show(v)}`, 'reject', (j) => { if (v === undefined) delete j.model; else j.model = v; }))),
    fam(t, 'vocab replaced', n(4), fc.constantFrom<[string, unknown]>(
      ['an array of [token, id] pairs', Object.entries(vocab)], ['an array of tokens', tokens], ['{}', {}], ['null', null], ['"x"', 'x'], ['5', 5],
    ).map(([what, v]) => put(`model.vocab replaced by ${what}`, 'reject', (j) => { modelOf(j).vocab = v; }))),
    fam(t, 'vocab id', n(12), fc.tuple(fc.constantFrom(...tokens), ids).filter(([tok, v]) => !same(v, vocab[tok])).map(([tok, v]) =>
      put(`vocab ${JSON.stringify(tok)}: ${vocab[tok]} -> ${show(v)}`, 'reject', (j) => { (modelOf(j).vocab as Json)[tok] = v; }))),
    // An added token keeps its id through added_tokens, so dropping it from the vocab may be harmless.
    fam(t, 'vocab entry removed', n(6), fc.constantFrom(...tokens).map((tok) =>
      put(`vocab ${JSON.stringify(tok)} (${vocab[tok]}) removed`, addedContents.includes(tok) ? 'reject-or-identical' : 'reject', (j) => {
        delete (modelOf(j).vocab as Json)[tok];
      }))),
    fam(t, 'vocab duplicate key', n(4), fc.tuple(fc.constantFrom(...tokens), ids, fc.boolean()).filter(([tok, v]) => !same(v, vocab[tok])).map(([tok, v, escaped]) =>
      put(`vocab ${JSON.stringify(tok)} repeated${escaped ? ' (written with a \\u escape)' : ''} with id ${show(v)}`, 'reject', (j) => {
        modelOf(j).vocab = withDuplicate(vocab, tok, v, escaped);
      }))),
    fam(t, 'merge entry', n(20), fc.tuple(fc.integer({ min: 0, max: merges.length - 1 }), fc.oneof(
      fc.tuple(tokenOrJunk, tokenOrJunk).map(([a, b]) => (format === 'string' ? `${a} ${b}` : [a, b])),
      fc.array(tokenOrJunk, { maxLength: 3 }).map((parts) => (format === 'string' ? parts.join(' ') : parts)),
      fc.tuple(tokenOrJunk, tokenOrJunk).map(([a, b]) => (format === 'string' ? [a, b] : `${a} ${b}`)),
      fc.constantFrom('', ' ', 'ab', 'a  b'), jsonValue,
    )).filter(([, v]) => !validMerge(v)).map(([i, v]) =>
      put(`merges[${i}]: ${show(merges[i])} -> ${show(v)}`, 'reject', (j) => { (modelOf(j).merges as unknown[])[i] = v; }))),
    fam(t, 'merges replaced', n(3), jsonValue.filter((v) => !Array.isArray(v) || v.length > 0).map((v) =>
      put(`model.merges: ${show(v)}`, 'reject', (j) => { modelOf(j).merges = v; }))),
    fam(t, 'added token', n(14), fc.tuple(fc.integer({ min: 0, max: added.length - 1 }), fc.oneof(
      ids.map((v) => ({ field: 'id', v })),
      fc.oneof(jsonValue, fc.constantFrom('', '<S>', 'the', ...tokens.slice(0, 5))).map((v) => ({ field: 'content', v })),
      jsonValue.filter((v) => typeof v !== 'boolean').map((v) => ({ field: 'special', v })),
    )).filter(([i, m]) => !same(m.v, added[i]![m.field])).map(([i, m]) =>
      // Every added token here is also in the vocab under its id: another content or id contradicts it.
      put(`added_tokens[${i}].${m.field}: ${show(added[i]![m.field])} -> ${show(m.v)}`, 'reject', (j) => { (j.added_tokens as Json[])[i]![m.field] = m.v; }))),
    fam(t, 'added tokens replaced', n(3), fc.oneof(jsonValue.filter((v) => !Array.isArray(v) || v.length > 0), fc.constant([5]), fc.constant([{}])).map((v) =>
      put(`added_tokens: ${show(v)}`, 'reject', (j) => { j.added_tokens = v; }))),
    fam(t, 'pipeline component', n(8), fc.tuple(fc.constantFrom('normalizer', 'pre_tokenizer', 'post_processor', 'decoder'), badComponent).map(([key, v]) =>
      put(`${key}: ${show(v)}`, 'reject', (j) => { j[key] = v; }))),
    fam(t, 'pipeline detail', n(12), fc.constantFrom(...(p.name === 'gpt2' ? GPT2_PIPELINE_EDITS : LLAMA_PIPELINE_EDITS)).map(([path, v]) =>
      put(`${path.join('.')}: ${show(v)}`, 'reject', (j) => { setPath(j, path, v); }))),
  ];
}

type Path = (string | number)[];

function setPath(root: Json, path: Path, value: unknown): void {
  let at: Record<string | number, unknown> = root;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
}

const BAD_SPLIT = { type: 'Split', pattern: { Regex: '(' }, behavior: 'Isolated', invert: false };

/** Damage inside the pipeline of the Llama-style tokenizer (tokenizers.ts): each breaks what HF tokenizers reads. */
const LLAMA_PIPELINE_EDITS: [Path, unknown][] = [
  [['normalizer', 'normalizers'], 'x'], [['normalizer', 'normalizers', 0, 'prepend'], 5], [['normalizer', 'normalizers', 0, 'type'], 'Prepnd'],
  [['normalizer', 'normalizers', 1, 'pattern'], { Regex: '(' }], [['normalizer', 'normalizers', 1, 'pattern'], 5],
  [['normalizer', 'normalizers', 1, 'content'], null], [['decoder', 'decoders', 3, 'start'], -1], [['decoder', 'decoders', 3, 'start'], '1'],
  [['decoder', 'decoders', 0, 'pattern'], { String: 5 }], [['decoder', 'decoders'], {}], [['post_processor', 'single'], 'x'],
  [['post_processor', 'single', 0], { SpecialToken: { id: '<nope>', type_id: 0 } }], [['post_processor', 'single', 0], { Nothing: {} }],
  [['post_processor', 'special_tokens'], 5], [['post_processor', 'special_tokens', '<s>', 'ids'], 'x'],
  // <s> is id 1 in the vocab: a template that emits 5 for it contradicts it.
  [['post_processor', 'special_tokens', '<s>', 'ids'], [5]],
  [['pre_tokenizer'], BAD_SPLIT], [['pre_tokenizer'], { type: 'Sequence', pretokenizers: 5 }],
];

const GPT2_PIPELINE_EDITS: [Path, unknown][] = [
  [['pre_tokenizer', 'add_prefix_space'], 5], [['pre_tokenizer', 'use_regex'], 'yes'], [['decoder', 'trim_offsets'], []],
  [['post_processor', 'type'], 'TemplateProcessing'], [['pre_tokenizer'], BAD_SPLIT], [['normalizer'], { type: 'Replace', pattern: { Regex: '[' }, content: '' }],
];

export function tokenizerConfigFamilies(p: Pristine, scale = 1): Family[] {
  const t: JsonTarget = { p, file: 'tokenizer_config.json', format: 'tokenizer_config.json' };
  const vocab = (p.json.get('tokenizer.json')!.model as Json).vocab as Json;
  const config = p.json.get(t.file)!;
  const n = (runs: number) => runs * scale;
  const content = (v: unknown) => (isObj(v) ? v.content : v);
  // A special token: a string or { content: string } the vocab holds, or null (none); another vocab token is a valid change.
  const tokenRule = (key: string): Rule => ({
    key, invalid: 'reject', extra: ['<nope>', { content: 5 }, { content: '<nope>' }, ['<s>'], 5, true],
    valid: (v) => v === null || (typeof content(v) === 'string' && has(vocab, content(v) as string)),
  });
  const special = ['bos_token', 'eos_token'].map(tokenRule);
  const candidates: Rule[] = [
    ...special, ...['unk_token', 'pad_token'].map(tokenRule),
    { key: 'add_bos_token', valid: is(true, false), invalid: 'reject', extra: ['yes', 1, 'true'] },
    // A named-template list or map without "default" is valid (chat() then fails, not the load).
    {
      key: 'chat_template', invalid: 'reject', extra: [5, [5], [{ name: 5, template: 'x' }], { default: 5 }, [{ template: 'x' }]],
      valid: (v) => typeof v === 'string' || v === null || (Array.isArray(v) ? v.every((e) => isObj(e) && typeof e.name === 'string' && typeof e.template === 'string')
        : isObj(v) && Object.values(v).every((t) => typeof t === 'string')),
    },
    { key: 'additional_special_tokens', valid: (v) => v === null || (Array.isArray(v) && v.every((x) => x === null || typeof content(x) === 'string')), invalid: 'reject', extra: ['x', 5, {}, [5]] },
    unused('tokenizer_class'), unused('model_max_length'), unused('clean_up_tokenization_spaces'),
  ];
  const rules = candidates.filter((r) => has(config, r.key) || r.key === 'chat_template' || r.key === 'additional_special_tokens');
  // add_bos_token null: transformers then falls back to its default; harmless if nothing changes.
  const soft = (r: Rule, v: unknown): Expect => (r.key === 'add_bos_token' && v === null ? 'reject-or-identical' : r.invalid);
  return [
    ...commonFamilies(t, [], scale),
    fam(t, 'field value', n(40), fc.constantFrom(...rules).chain((r) => values(r).map((v) =>
      textCase(t, `${r.key}: ${show(v)}`, edited(t, (j) => { j[r.key] = v; }), soft(r, v))))),
    fam(t, 'token as an object', 1, fc.constantFrom(...special).map((r) =>
      textCase(t, `${r.key} written as { content }`, edited(t, (j) => { j[r.key] = { content: config[r.key], lstrip: false, rstrip: false, normalized: false, single_word: false, special: true }; }), 'identical'))),
  ];
}
