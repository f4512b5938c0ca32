// Tokenizer.fewestTokens (src/tokenizer/fewest-tokens.ts), the bound generate() and inspect()
// refuse a far too long prompt by before encoding it: never more than encode() gives, for texts
// fast-check draws, on real tokenizers and pipeline variants of them; exact where it can be; and
// absent for each pipeline that can drop characters, each shown to break a bound of characters.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { characterTokenizerJson } from '../../src/tokenizer/character-json.js';
import { fromGguf } from '../../src/tokenizer/gguf.js';
import { fromTokenizerJson } from '../../src/tokenizer/huggingface.js';
import type { Tokenizer } from '../../src/tokenizer/types.js';
import { readBytes, readText } from './data.js';

const storiesJson = JSON.parse(readText('tinystories656K/tokenizer.json'));
const gpt2Json = JSON.parse(readText('gpt2-tokenizer/tokenizer.json'));
const storiesVocab = storiesJson.model.vocab as Record<string, number>;

/** Each tokenizer built from a spec here -> its longest token, in characters. */
const longestToken = new Map<Tokenizer, number>();
function build(spec: { model: { vocab: Record<string, number> }; [part: string]: unknown }, config?: object): Tokenizer {
  const tokenizer = fromTokenizerJson(spec, config ? { config } : {});
  longestToken.set(tokenizer, Math.max(...Object.keys(spec.model.vocab).map((t) => [...t].length)));
  return tokenizer;
}

/** TinyStories-656K's tokenizer.json (a Llama-style BPE: Prepend and Replace, fuse_unk, no byte tokens) with parts replaced. */
const stories = (parts: Record<string, unknown>, model: Record<string, unknown> = {}, config?: object): Tokenizer =>
  build({ ...storiesJson, ...parts, model: { ...storiesJson.model, ...model } }, config);
const withByteTokens = { vocab: { ...storiesVocab, ...Object.fromEntries(Array.from({ length: 256 }, (_, b) => [`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, 2048 + b])) } };
/** A one-character-a-token tokenizer (the shipped models' kind) behind `normalizer`. */
const characters = (alphabet: string, normalizer: object): Tokenizer => build({ ...(characterTokenizerJson(alphabet) as { model: { vocab: Record<string, number> } }), normalizer });
const split = (pattern: object, extra: object = {}) => ({ type: 'Split', pattern, behavior: 'Isolated', ...extra });

const bounded: Record<string, () => Tokenizer> = {
  'TinyStories-656K': () => stories({}),
  'TinyStories-656K with every byte token': () => stories({}, withByteTokens),
  'TinyStories-656K without fuse_unk': () => stories({}, { fuse_unk: false }),
  'TinyStories-656K after NFD and lower case, without fuse_unk': () =>
    stories({ normalizer: { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'Lowercase' }, ...storiesJson.normalizer.normalizers] } }, { fuse_unk: false }),
  'TinyStories-656K split by Metaspace, digits and spaces': () =>
    stories({ normalizer: null, pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false }, { type: 'Digits', individual_digits: true }, split({ String: '▁' })] } }),
  'TinyStories-656K without its normalizer, whose <|end_story|> strips the whitespace beside it': () =>
    stories({ normalizer: null, added_tokens: storiesJson.added_tokens.map((t: object, i: number) => (i === 2 ? { ...t, lstrip: true, rstrip: true } : t)) }, withByteTokens),
  'GPT-2 tokenizer.json': () => fromTokenizerJson(gpt2Json),
  'GPT-2 GGUF': () => fromGguf(readBytes('gpt2-tokenizer/ggml-vocab-gpt-2.gguf')),
  'Phi-3 GGUF (its special tokens strip the whitespace after them)': () => fromGguf(readBytes('phi3-spm-vocab/ggml-vocab-phi-3.gguf')),
};

const pieces = Object.keys(storiesVocab).filter((t) => !t.startsWith('<')).map((t) => t.replaceAll('▁', ' '));
const texts = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(' ', '  ', 'a', 'Z', '7', '日', 'é', 'e\u0301', '\u{1F600}', '▁', '\n', '<|end_story|>', '<unk>', '<0x41>'), maxLength: 120 }),
  fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((words) => words.join('')),
  fc.tuple(fc.constantFrom(' ', 'a', '日', '\u0301', '▁', '<|end_story|>'), fc.integer({ min: 1, max: 400 })).map(([s, n]) => s.repeat(n)),
  // Special tokens among runs of whitespace, which stripping ones swallow.
  fc.array(fc.oneof(fc.constantFrom('<|end_story|>', '<|end|>', '<|user|>', '<|assistant|>', 'Hi', '\u3000'), fc.constantFrom(' ', '\n', '\t').chain((w) => fc.integer({ min: 1, max: 300 }).map((n) => w.repeat(n)))), { maxLength: 12 }).map((parts) => parts.join('')),
);

describe('fewestTokens', () => {
  const samples = fc.sample(texts, { seed: 20261206, numRuns: 150 });
  it.each(Object.keys(bounded))('%s: never more than encode() gives', (name) => {
    const tokenizer = bounded[name]!();
    expect(tokenizer.fewestTokens).toBeDefined();
    const over = samples.filter((text) => tokenizer.fewestTokens!(text) > tokenizer.encode(text, { bos: false }).length);
    expect(over).toEqual([]);
    // Not vacuous: a long text gets a bound past any small context.
    expect(tokenizer.fewestTokens!('Once upon a time. '.repeat(20_000))).toBeGreaterThan(2000);
  });

  // Found by an adversarial review: each broke an earlier bound (fewestTokens above the count).
  const tiny = (tokens: string[], model: object = {}, parts: object = {}) =>
    fromTokenizerJson({ added_tokens: [], normalizer: null, pre_tokenizer: null, model: { type: 'BPE', vocab: Object.fromEntries(tokens.map((t, i) => [t, i])), merges: [], ...model }, ...parts });
  const addedToken = (id: number, content: string, flags: object) => ({ id, content, special: false, single_word: false, lstrip: false, rstrip: false, normalized: true, ...flags });
  const BYTES = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
  it.each([
    ['a normalized added token matched as its longer normalized content (Prepend)', tiny(['?', 'a', 'x'], { unk_token: '?' }, { normalizer: { type: 'Prepend', prepend: '▁▁▁▁▁▁▁▁' }, added_tokens: [addedToken(2, 'x', {})] }), '▁▁▁▁▁▁▁▁x'.repeat(10), 10],
    ['a normalized added token matched as its longer normalized content (NFD)', tiny(['?', 'e', 'é'], { unk_token: '?' }, { normalizer: { type: 'NFD' }, added_tokens: [addedToken(2, 'é', {})] }), 'e\u0301'.repeat(50), 50],
    ['whitespace a Replace writes, stripped beside an added token', tiny(['?', 'a', 'b', ' '], { unk_token: '?' }, { normalizer: { type: 'Replace', pattern: { String: 'a' }, content: ' ' }, added_tokens: [addedToken(2, 'b', { rstrip: true })] }), `b${'a'.repeat(40)}`, 1],
    ['characters a Replace turns into what a later Replace turns into whitespace, stripped', tiny(['?', 'a', 'b', ' ', '<sep>'], { unk_token: '?' }, {
      normalizer: { type: 'Sequence', normalizers: [{ type: 'Replace', pattern: { String: 'b' }, content: 'a' }, { type: 'Replace', pattern: { String: 'a' }, content: ' ' }] },
      added_tokens: [addedToken(4, '<sep>', { lstrip: true })],
    }), `${'b'.repeat(100)}<sep>`, 1],
    ["fuse_unk fusing <unk>'s own one-character text", tiny(['?', 'a'], { unk_token: '?', fuse_unk: true }), 'a?????a', 2],
    ["fuse_unk fusing <unk>'s own text, every byte token there", tiny(['?', 'a', ...BYTES], { unk_token: '?', fuse_unk: true, byte_fallback: true }), '?'.repeat(70), 0],
    ["fuse_unk fusing <unk>'s own text, made by merges", tiny(['<unk>', '<', 'u', 'n', 'k', '>', '<u', '<un', '<unk'], { unk_token: '<unk>', fuse_unk: true, merges: ['< u', '<u n', '<un k', '<unk >'] }), '<unk>'.repeat(5), 0],
  ] as const)('counts no more than encode() gives: %s', (_, tokenizer, text, fewest) => {
    expect([tokenizer.fewestTokens!(text), tokenizer.fewestTokens!(text) <= tokenizer.encode(text, { bos: false }).length]).toEqual([fewest, true]);
  });

  it('none where a normalizer that may change any character comes before one that writes whitespace, beside a stripping token', () => {
    const lowered = tiny(['?', 'a', 'A', ' ', '<sep>'], { unk_token: '?' }, {
      normalizer: { type: 'Sequence', normalizers: [{ type: 'Lowercase' }, { type: 'Replace', pattern: { String: 'a' }, content: ' ' }] },
      added_tokens: [addedToken(4, '<sep>', { lstrip: true })],
    });
    expect(lowered.fewestTokens).toBeUndefined();
    expect(lowered.encode(`${'A'.repeat(100)}<sep>`, { bos: false })).toEqual([4]); // a hundred characters, one token
  });

  it('none for the BPE options the library reads otherwise than Rust: continuing_subword_prefix, end_of_word_suffix', () => {
    expect(tiny(['?', 'a', 'b', '##b', 'ab'], { unk_token: '?', continuing_subword_prefix: '##' }).fewestTokens).toBeUndefined();
    expect(tiny(['?', 'a', 'a</w>'], { unk_token: '?', end_of_word_suffix: '</w>' }).fewestTokens).toBeUndefined();
  });

  it("is exact for the shipped Shakespeare model's characters, unknown ones included", () => {
    const characters = fromTokenizerJson(readFileSync(new URL('../../models/shakespeare-char/tokenizer.json', import.meta.url), 'utf8'));
    for (const text of ['', 'ROMEO:', 'Wherefore art thou 日本 \u{1F600}?', 'e\u0301'.repeat(40)]) {
      expect(characters.fewestTokens!(text), text).toBe(characters.encode(text).length);
    }
  });

  // Each of these drops characters, or lets one token stand for a run of any length: a bound of
  // characters / longest token would be wrong for the text beside it.
  const unbounded: [string, () => Tokenizer, string][] = [
    ['NFC (composes)', () => characters('é', { type: 'NFC' }), 'e\u0301'.repeat(300)],
    ['NFKC', () => characters('é', { type: 'NFKC' }), 'e\u0301'.repeat(300)],
    ['Strip', () => stories({ normalizer: { type: 'Strip', strip_left: true, strip_right: true } }), ' '.repeat(300)],
    ['StripAccents', () => stories({ normalizer: { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'StripAccents' }] } }), `a${'\u0301'.repeat(300)}`],
    ['a Replace that shortens', () => stories({ normalizer: { type: 'Replace', pattern: { String: '  ' }, content: '' } }), ' '.repeat(300)],
    ['a Replace by a regex', () => stories({ normalizer: { type: 'Replace', pattern: { Regex: ' +' }, content: '' } }), ' '.repeat(300)],
    ['Whitespace', () => stories({ normalizer: null, pre_tokenizer: { type: 'Whitespace' } }), ' '.repeat(300)],
    ['WhitespaceSplit', () => stories({ normalizer: null, pre_tokenizer: { type: 'WhitespaceSplit' } }), ' '.repeat(300)],
    ['a Split that removes', () => stories({ normalizer: null, pre_tokenizer: split({ String: ' ' }, { behavior: 'Removed' }) }), ' '.repeat(300)],
    ['an inverted Split', () => stories({ normalizer: null, pre_tokenizer: split({ Regex: 'a' }, { invert: true }) }), ' '.repeat(300)],
    ['fuse_unk after NFD (every character may change)', () => stories({ normalizer: { type: 'NFD' } }), '日'.repeat(300)],
    ["tokenizer_config.json's remove_space", () => stories({}, withByteTokens, { remove_space: true }), `a${' '.repeat(300)}a`],
  ];
  it.each(unbounded)('none after %s', (_, make, text) => {
    const tokenizer = make();
    expect(tokenizer.fewestTokens).toBeUndefined();
    expect(Math.ceil([...text].length / longestToken.get(tokenizer)!)).toBeGreaterThan(tokenizer.encode(text, { bos: false }).length);
  });

  it('counts no whitespace where an added token strips it: one token stands for a run of any length', () => {
    const stripping = bounded['TinyStories-656K without its normalizer, whose <|end_story|> strips the whitespace beside it']!();
    const text = `a${' '.repeat(300)}<|end_story|>${' '.repeat(300)}b`;
    expect(stripping.encode(text, { bos: false }).length).toBeLessThan(Math.ceil([...text].length / longestToken.get(stripping)!));
    expect(stripping.fewestTokens!(text)).toBe(1);
  });
});
