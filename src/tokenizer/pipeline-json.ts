// Checks the pipeline of a tokenizer.json (normalizer, pre_tokenizer, post_processor, decoder) before
// @huggingface/tokenizers builds it: known types only, the fields the library reads, Sequences not nested
// without end, and post-processor special tokens whose ids agree with the vocabulary, as Rust tokenizers
// requires. Not the model or added tokens (tokenizer-json.ts). Tests: tests/tokenizer/malformed.test.ts.

import { BOOL, checkFields, COUNT, type Fail, type Field, isId, LIST, OBJECT, oneOf, orNull, POSITIVE, type Schema, STRING } from './fields.js';
import { isObject, type Json } from './json.js';
import { runawayBacktracking } from './regex-shape.js';
import { describe, show } from '../value-words.js';

// Deeper Sequences are no real pipeline, and these checks and the library both recurse.
const MAX_NESTING = 16;

const PATTERN: Field = {
  ok: (v) => isObject(v) && Object.keys(v).length === 1 && (typeof v.String === 'string' || (typeof v.Regex === 'string' && runawayBacktracking(v.Regex) === undefined)),
  want: 'a pattern, {"String": "..."} or {"Regex": "..."} (no repeated group whose repeats can split a text in more than one way: matching one can take time exponential in the text)',
  why: (v) => {
    const regex = isObject(v) && Object.keys(v).length === 1 ? v.Regex : undefined;
    const runaway = typeof regex === 'string' ? runawayBacktracking(regex) : undefined;
    return runaway && `is the regular expression ${show(regex)}, refused: ${runaway}`;
  },
};
/** BertProcessing's and RobertaProcessing's [token, id]. */
const TOKEN_ID: Field = {
  ok: (v) => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && isId(v[1]),
  want: 'a [token, id] pair',
};

/** Rust's char: the library's Metaspace would delete every space for an empty replacement. */
const CHARACTER: Field = { ok: (v) => typeof v === 'string' && [...v].length === 1, want: 'one character' };
const METASPACE: Schema = {
  'replacement?': CHARACTER,
  'prepend_scheme?': oneOf('always', 'first', 'never'),
  'add_prefix_space?': BOOL,
  'split?': BOOL,
};
const BYTE_LEVEL: Schema = { 'add_prefix_space?': BOOL, 'trim_offsets?': BOOL, 'use_regex?': BOOL };
const BEHAVIOR = oneOf('Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous');
const REPLACE: Schema = { pattern: PATTERN, content: STRING };

interface Kind {
  name: string;
  /** The types @huggingface/tokenizers builds, with the fields it reads. */
  types: Record<string, Schema>;
  /** The list a Sequence of this kind holds. */
  children: string;
}

const COMPONENTS: Record<string, Kind> = {
  normalizer: {
    name: 'normalizer',
    children: 'normalizers',
    types: {
      BertNormalizer: { 'clean_text?': BOOL, 'handle_chinese_chars?': BOOL, 'strip_accents?': orNull(BOOL), 'lowercase?': BOOL },
      Precompiled: { 'precompiled_charsmap?': STRING },
      Sequence: { normalizers: LIST },
      Replace: REPLACE,
      NFC: {},
      NFD: {},
      NFKC: {},
      NFKD: {},
      Strip: { 'strip_left?': BOOL, 'strip_right?': BOOL },
      StripAccents: {},
      Lowercase: {},
      Prepend: { prepend: STRING },
    },
  },
  pre_tokenizer: {
    name: 'pre-tokenizer',
    children: 'pretokenizers',
    types: {
      BertPreTokenizer: {},
      Sequence: { pretokenizers: LIST },
      Whitespace: {},
      WhitespaceSplit: {},
      Metaspace: METASPACE,
      ByteLevel: BYTE_LEVEL,
      Split: { pattern: PATTERN, 'behavior?': BEHAVIOR, 'invert?': BOOL },
      Punctuation: { 'behavior?': BEHAVIOR },
      Digits: { 'individual_digits?': BOOL },
      Replace: REPLACE,
      FixedLength: { length: POSITIVE },
    },
  },
  post_processor: {
    name: 'post-processor',
    children: 'processors',
    types: {
      TemplateProcessing: { single: LIST, 'pair?': LIST, special_tokens: OBJECT },
      ByteLevel: BYTE_LEVEL,
      BertProcessing: { sep: TOKEN_ID, cls: TOKEN_ID },
      RobertaProcessing: { sep: TOKEN_ID, cls: TOKEN_ID, 'trim_offsets?': BOOL, 'add_prefix_space?': BOOL },
      Sequence: { processors: LIST },
    },
  },
  decoder: {
    name: 'decoder',
    children: 'decoders',
    types: {
      ByteLevel: BYTE_LEVEL,
      WordPiece: { prefix: STRING, 'cleanup?': BOOL },
      Metaspace: METASPACE,
      BPEDecoder: { 'suffix?': STRING },
      CTC: { 'pad_token?': STRING, 'word_delimiter_token?': STRING, 'cleanup?': BOOL },
      Sequence: { decoders: LIST },
      Replace: REPLACE,
      Fuse: {},
      Strip: { content: STRING, start: COUNT, stop: COUNT },
      ByteFallback: {},
    },
  },
};

/** Checks every component the spec has; `ids` is every token's id (model vocabulary and added tokens). */
export function checkPipeline(spec: Json, ids: Map<string, number>, fail: Fail): void {
  for (const [key, kind] of Object.entries(COMPONENTS)) {
    if (spec[key] !== undefined && spec[key] !== null) checkComponent(kind, spec[key], key, ids, fail, 0);
  }
}

/**
 * Whether the pre-tokenizer turns text into GPT-2's byte alphabet, so every byte is a character the
 * model reads ('reads'); 'rewritten' where a Replace after it writes characters of its own choosing.
 */
export function byteLevelOf(component: Json | null | undefined): 'reads' | 'rewritten' | undefined {
  const steps = pipelineSteps(component).map((step) => step.type);
  const last = steps.lastIndexOf('ByteLevel');
  if (last < 0) return undefined;
  return steps.slice(last + 1).includes('Replace') ? 'rewritten' : 'reads';
}

/** A checked normalizer's or pre-tokenizer's steps in the order they run, Sequences opened; none for none. */
export function pipelineSteps(component: Json | null | undefined): Json[] {
  if (component?.type === 'Sequence') return ((component.normalizers ?? component.pretokenizers) as Json[]).flatMap(pipelineSteps);
  return component ? [component] : [];
}

function checkComponent(kind: Kind, raw: unknown, path: string, ids: Map<string, number>, fail: Fail, depth: number): void {
  if (!isObject(raw)) fail(path, `must be a ${kind.name} object, got ${describe(raw)}`);
  const component = raw as Json;
  const type = component.type;
  if (typeof type !== 'string' || !Object.hasOwn(kind.types, type)) {
    fail(`${path}.type`, `${describe(type)} is not a ${kind.name} type @huggingface/tokenizers knows (${Object.keys(kind.types).join(', ')})`);
  }
  checkFields(component, kind.types[type as string]!, path, fail);
  if (type === 'Sequence') {
    if (depth >= MAX_NESTING) fail(path, `nests Sequences more than ${MAX_NESTING} deep`);
    (component[kind.children] as unknown[]).forEach((child, i) => {
      checkComponent(kind, child, `${path}.${kind.children}[${i}]`, ids, fail, depth + 1);
    });
  }
  if (type === 'TemplateProcessing') checkTemplate(component, path, ids, fail);
  if (type === 'BertProcessing' || type === 'RobertaProcessing') {
    for (const key of ['sep', 'cls']) {
      const [token, id] = component[key] as [string, number];
      if (ids.get(token) !== id) fail(`${path}.${key}`, `gives ${show(token)} the id ${id}, but the vocabulary gives it ${ids.get(token) ?? 'none'}`);
    }
  }
}

/** Rust's TemplateProcessing: every special token the templates name is in special_tokens, whose ids match the vocabulary. */
function checkTemplate(processor: Json, path: string, ids: Map<string, number>, fail: Fail): void {
  const specials = processor.special_tokens as Json;
  for (const key of ['single', 'pair']) {
    ((processor[key] ?? []) as unknown[]).forEach((piece, i) => {
      const where = `${path}.${key}[${i}]`;
      const special = isObject(piece) ? (piece.SpecialToken as Json | undefined) : undefined;
      const sequence = isObject(piece) ? (piece.Sequence as Json | undefined) : undefined;
      if (isObject(special) && typeof special.id === 'string') {
        if (!Object.hasOwn(specials, special.id)) fail(where, `names the special token ${show(special.id)}, which ${path}.special_tokens lacks`);
      } else if (!isObject(sequence) || (sequence.id !== 'A' && sequence.id !== 'B')) {
        fail(where, `must be {"SpecialToken": {"id": "..."}} or {"Sequence": {"id": "A" or "B"}}, got ${show(piece)}`);
      }
    });
  }
  for (const [name, entry] of Object.entries(specials)) {
    const where = `${path}.special_tokens[${show(name)}]`;
    const { ids: want, tokens } = (isObject(entry) ? entry : {}) as { ids?: unknown; tokens?: unknown };
    if (!Array.isArray(want) || !Array.isArray(tokens) || want.length !== tokens.length || tokens.length === 0) {
      fail(where, `must hold "ids" and "tokens", two lists of the same non-zero length, got ${show(entry)}`);
    }
    (tokens as unknown[]).forEach((token, k) => {
      const id = ids.get(token as string);
      if (id === undefined || id !== (want as unknown[])[k]) {
        fail(where, `gives ${show(token)} the id ${show((want as unknown[])[k])}, but the vocabulary gives it ${id ?? 'none'}`);
      }
    });
  }
}
