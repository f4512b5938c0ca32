// Checks a parsed tokenizer.json before @huggingface/tokenizers sees it, as the Rust tokenizers library
// does when it loads one: a model type the library implements, a vocabulary of unique ids without gaps,
// merges made of vocabulary tokens, added tokens with the ids Rust would give them, no text that would
// vanish for want of a token, no token the ByteLevel decoder cannot decode, and the pipeline
// (pipeline-json.ts). Errors name the file and the field.
// Not a tokenizer (huggingface.ts builds one) and no special-token files (special-tokens.ts).

import { describeCharacter } from './characters.js';
import { BOOL, checkFields, COUNT, type Fail, ID, isId, orNull, POSITIVE, PROBABILITY, type Schema, STRING, TOKEN } from './fields.js';
import { isObject, type Json } from './json.js';
import { describe, show } from '../value-words.js';
import { byteLevelOf, checkPipeline } from './pipeline-json.js';
import { TokenizerFormatError } from './types.js';

/** Returns the spec with model.type filled in when the file leaves it out; throws TokenizerFormatError. */
export function checkTokenizerJson(spec: Json, file: string): Json {
  const fail: Fail = (path, why) => {
    throw new TokenizerFormatError(`${file}: ${path} ${why}`);
  };
  if (spec.version !== undefined && spec.version !== '1.0') fail('version', `must be "1.0", got ${describe(spec.version)}`);
  const { model, vocab } = checkModel(spec.model as Json, fail);
  const ids = checkAddedTokens(spec.added_tokens, vocab, fail);
  checkNoGaps(ids, fail);
  checkPipeline(spec, ids, fail);
  checkEveryTextEncodes(model, vocab, spec.pre_tokenizer as Json | null | undefined, fail);
  checkByteLevelDecodes(spec, vocab, fail);
  return { ...spec, model };
}

// ---- model ----

/** The model types @huggingface/tokenizers implements; Rust's WordLevel is not one of them. */
const MODELS: Record<string, Schema> = {
  BPE: {
    'unk_token?': orNull(STRING),
    'continuing_subword_prefix?': orNull(STRING),
    'end_of_word_suffix?': orNull(STRING),
    'dropout?': orNull(PROBABILITY),
    'fuse_unk?': BOOL,
    'byte_fallback?': BOOL,
    'ignore_merges?': BOOL,
  },
  // The library pastes the prefix and the unknown token in unchecked: both must be there.
  WordPiece: { unk_token: STRING, continuing_subword_prefix: STRING, 'max_input_chars_per_word?': POSITIVE },
  // Without unk_id the library gives characters outside the vocabulary no id at all.
  Unigram: { unk_id: COUNT, 'byte_fallback?': BOOL },
};

function checkModel(model: Json, fail: Fail): { model: Json; vocab: Map<string, number> } {
  // Files from before "type" was written: Rust tries each model in turn; these two are unambiguous.
  const type = model.type ?? (Array.isArray(model.vocab) ? 'Unigram' : 'merges' in model ? 'BPE' : undefined);
  if (type === undefined) fail('model.type', 'is missing, and the model is neither BPE (it has no merges) nor Unigram (its vocab is not a list)');
  if (!Object.hasOwn(MODELS, type as string)) {
    fail('model.type', `${describe(type)} is not a model type @huggingface/tokenizers implements (${Object.keys(MODELS).join(', ')})`);
  }
  checkFields(model, MODELS[type as string]!, 'model', fail);
  const vocab = type === 'Unigram' ? unigramVocab(model, fail) : vocabObject(model.vocab, type as string, fail);
  if (type === 'BPE') checkMerges(model, vocab, fail);
  if (typeof model.unk_token === 'string' && !vocab.has(model.unk_token)) {
    fail('model.unk_token', `${show(model.unk_token)} is not in model.vocab`);
  }
  return { model: { ...model, type }, vocab };
}

function vocabObject(raw: unknown, type: string, fail: Fail): Map<string, number> {
  if (!isObject(raw)) fail('model.vocab', `must be an object of token -> id (${type}), got ${describe(raw)}`);
  const vocab = new Map<string, number>();
  const owners = new Map<number, string>();
  const entries = raw as Json;
  // for-in, not Object.entries: no pair made for each of a vocabulary's 50,000 tokens.
  for (const token in entries) {
    const id = entries[token];
    if (!isId(id)) fail(`model.vocab[${show(token)}]`, `must be ${ID.want}, got ${describe(id)}`);
    const owner = owners.get(id as number);
    if (owner !== undefined) fail('model.vocab', `gives id ${id} to both ${show(owner)} and ${show(token)}`);
    owners.set(id as number, token);
    vocab.set(token, id as number);
  }
  if (vocab.size === 0) fail('model.vocab', 'is empty');
  return vocab;
}

/** Unigram's vocabulary is a list of [piece, score]; ids are positions. */
function unigramVocab(model: Json, fail: Fail): Map<string, number> {
  const raw = model.vocab;
  if (!Array.isArray(raw) || raw.length === 0) fail('model.vocab', `must be a non-empty list of [piece, score] (Unigram), got ${describe(raw)}`);
  const vocab = new Map<string, number>();
  (raw as unknown[]).forEach((entry, i) => {
    const [piece, score] = Array.isArray(entry) ? entry : [];
    if (!Array.isArray(entry) || entry.length !== 2 || typeof piece !== 'string' || !Number.isFinite(score)) {
      fail(`model.vocab[${i}]`, `must be [piece, finite score], got ${show(entry)}`);
    }
    if (vocab.has(piece)) fail(`model.vocab[${i}]`, `repeats the piece ${show(piece)} of model.vocab[${vocab.get(piece)}]`);
    vocab.set(piece, i);
  });
  if ((model.unk_id as number) >= vocab.size) fail('model.unk_id', `${model.unk_id} is not an id of the ${vocab.size}-piece vocabulary`);
  return vocab;
}

/** Rust's BPE builder: each merge is two vocabulary tokens whose concatenation is in the vocabulary too. */
function checkMerges(model: Json, vocab: Map<string, number>, fail: Fail): void {
  const merges = model.merges;
  if (!Array.isArray(merges)) fail('model.merges', `must be a list of merges, got ${describe(merges)}`);
  // Both formats are read, but one throughout: the library looks at the first merge only.
  const pairs = Array.isArray((merges as unknown[])[0]);
  const prefix = typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '';
  const list = merges as unknown[];
  for (let i = 0; i < list.length; i++) {
    const merge = list[i];
    const [a, b] = mergeParts(merge, pairs);
    if (a === undefined || b === undefined) {
      // The first merge sets the format the rest must follow; it can only be held to both.
      const like = i === 0 ? '"a b" or ["a", "b"]' : pairs ? '["a", "b"] like model.merges[0]' : '"a b" like model.merges[0]';
      fail(`model.merges[${i}]`, `must be ${like}, got ${show(merge)}`);
    }
    if (!vocab.has(a)) fail(`model.merges[${i}]`, `${show(merge)}: ${show(a)} is not in model.vocab`);
    if (!vocab.has(b)) fail(`model.merges[${i}]`, `${show(merge)}: ${show(b)} is not in model.vocab`);
    const merged = a + (prefix && b.startsWith(prefix) ? b.slice(prefix.length) : b);
    if (!vocab.has(merged)) fail(`model.merges[${i}]`, `${show(merge)} makes ${show(merged)}, which is not in model.vocab`);
  }
}

/** A merge's two tokens ("a b" or ["a", "b"], as `pairs` says), both non-empty; none where it is not one. */
function mergeParts(merge: unknown, pairs: boolean): [string, string] | [] {
  if (pairs) {
    const [a, b] = Array.isArray(merge) && merge.length === 2 ? merge : [];
    return typeof a === 'string' && typeof b === 'string' && a !== '' && b !== '' ? [a, b] : [];
  }
  if (typeof merge !== 'string') return [];
  const space = merge.indexOf(' ');
  // Exactly one space, with a token on each side (split(' ') giving two non-empty parts).
  if (space <= 0 || space === merge.length - 1 || merge.indexOf(' ', space + 1) !== -1) return [];
  return [merge.slice(0, space), merge.slice(space + 1)];
}

// ---- added tokens ----

const ADDED_TOKEN: Schema = {
  id: ID,
  content: TOKEN,
  'special?': BOOL,
  'single_word?': BOOL,
  'lstrip?': BOOL,
  'rstrip?': BOOL,
  'normalized?': BOOL,
};

/**
 * Rust tokenizers does not trust these ids: a token already in the vocabulary gets its id there, a new
 * one the next id after the model's vocabulary (added_vocabulary.rs). transformers reads the file with
 * those ids, so a file saying otherwise would be read differently here. Returns every token's id.
 */
function checkAddedTokens(raw: unknown, vocab: Map<string, number>, fail: Fail): Map<string, number> {
  if (raw !== undefined && !Array.isArray(raw)) fail('added_tokens', `must be a list, got ${describe(raw)}`);
  const added = new Map<string, number>();
  let max: number | undefined;
  ((raw ?? []) as unknown[]).forEach((token, i) => {
    const path = `added_tokens[${i}]`;
    if (!isObject(token)) fail(path, `must be an object, got ${describe(token)}`);
    checkFields(token as Json, ADDED_TOKEN, path, fail);
    const { id, content } = token as { id: number; content: string };
    let expected = added.get(content) ?? vocab.get(content);
    if (expected === undefined) expected = max === undefined ? vocab.size : max >= vocab.size ? max + 1 : vocab.size;
    if (id !== expected) {
      const why = added.has(content) ? 'the id of an earlier entry' : vocab.has(content) ? 'its id in model.vocab' : 'the next id after model.vocab';
      fail(`${path}.id`, `is ${id}, but ${show(content)} gets id ${expected} when Hugging Face tokenizers loads this file (${why})`);
    }
    added.set(content, id);
    max = Math.max(max ?? id, id);
  });
  return new Map([...vocab, ...added]);
}

/** An id no token holds has no text: decoding it could only fail. Files Rust tokenizers writes have no gaps. */
function checkNoGaps(ids: Map<string, number>, fail: Fail): void {
  const held = new Set(ids.values());
  let max = -1;
  for (const id of held) max = Math.max(max, id);
  if (held.size === max + 1) return;
  let gap = 0;
  while (held.has(gap)) gap++;
  fail('model.vocab', `and added_tokens give no token the id ${gap}, though ids run to ${max}`);
}

// ---- what text can be encoded and decoded ----

/** The byte-fallback token of each byte: <0x0A>. */
export const BYTE_TOKENS = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
/** GPT-2's bytes_to_unicode: the character the ByteLevel pre-tokenizer writes for each byte. */
export const BYTE_LEVEL_CHARS = (() => {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let extra = 0;
  return Array.from({ length: 256 }, (_, b) => String.fromCharCode(printable(b) ? b : 256 + extra++));
})();
const BYTE_LEVEL_ALPHABET = new Set(BYTE_LEVEL_CHARS);

/**
 * BPE without an unk_token drops what its vocabulary cannot spell, silently (Rust and the library alike);
 * only a complete byte alphabet makes that impossible: with an end_of_word_suffix, each byte with
 * it too, as a word's last character carries it. WordPiece and Unigram must have their unknown token.
 */
function checkEveryTextEncodes(model: Json, vocab: Map<string, number>, preTokenizer: Json | null | undefined, fail: Fail): void {
  if (model.type !== 'BPE' || typeof model.unk_token === 'string') return;
  const suffix = typeof model.end_of_word_suffix === 'string' ? model.end_of_word_suffix : '';
  const alphabets: [string, string[]][] = [];
  if (model.byte_fallback === true) alphabets.push(['model.byte_fallback', BYTE_TOKENS]);
  const byteLevel = byteLevelOf(preTokenizer);
  if (byteLevel === 'reads') alphabets.push(['the ByteLevel pre-tokenizer', suffix ? [...BYTE_LEVEL_CHARS, ...BYTE_LEVEL_CHARS.map((c) => c + suffix)] : BYTE_LEVEL_CHARS]);
  if (alphabets.some(([, alphabet]) => alphabet.every((token) => vocab.has(token)))) return;
  const lacking = alphabets.map(([name, alphabet]) => `${name} needs ${show(alphabet.find((token) => !vocab.has(token)))}, which model.vocab lacks`);
  const why = lacking.length ? lacking.join('; ')
    : byteLevel === 'rewritten' ? 'no byte_fallback, and a Replace after the ByteLevel pre-tokenizer may write characters outside its byte alphabet'
    : 'no byte_fallback, no ByteLevel pre-tokenizer';
  fail('model.unk_token', `is not set and not every byte has a token (${why}): text outside the vocabulary would vanish`);
}

/**
 * The ByteLevel decoder turns each character of a model token back into its byte; @huggingface/tokenizers
 * makes a character outside GPT-2's alphabet a NUL byte, so such a token would decode to "\u0000".
 * Added tokens it passes through whole: they may hold any text.
 */
function checkByteLevelDecodes(spec: Json, vocab: Map<string, number>, fail: Fail): void {
  if ((spec.decoder as Json | null | undefined)?.type !== 'ByteLevel') return;
  const added = new Set(((spec.added_tokens ?? []) as Json[]).map((token) => token.content));
  const outsideAlphabet = (token: string) => [...token].find((c) => !BYTE_LEVEL_ALPHABET.has(c));
  const undecodable = [...vocab.keys()].filter((token) => !added.has(token) && outsideAlphabet(token) !== undefined);
  if (undecodable.length === 0) return;
  const first = undecodable[0]!;
  const such = undecodable.length === 1 ? 'the only such token' : `one of ${undecodable.length} such tokens`;
  fail(
    `model.vocab[${show(first)}]`,
    `holds ${describeCharacter(outsideAlphabet(first)!)}, outside GPT-2's byte alphabet: the ByteLevel decoder cannot turn it back into text (${such} in model.vocab; only added_tokens may hold other characters)`,
  );
}
