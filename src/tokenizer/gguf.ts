// Tokenizers from a GGUF file's metadata (tokenizer.ggml.*), built as a tokenizer.json and run by the one
// engine every tokenizer.json uses (huggingface.ts): 'gpt2' is byte-level BPE from tokens and merges with the
// pre-tokenizer tokenizer.ggml.pre names; 'llama' is SentencePiece BPE from tokens, scores and token types
// with byte fallback, turned into merges ranked by score as llama.cpp's SPM tokenizer applies them.
// Not the GGUF parsing (src/model/weights/gguf.ts). Tests: tests/tokenizer/gguf.test.ts (llama.cpp's vectors).

import { entryTypeProblem, type GgufEntry, GgufType, parseGgufMetadata } from '../model/weights/gguf.js';
import { WeightFormatError } from '../errors.js';
import { END_OF_TURN_TEXTS } from './end-tokens.js';
import { appendedTokensNote, fromTokenizerJson, type ModelSpecialIds } from './huggingface.js';
import type { Json } from './json.js';
import { mergeByScore } from './score-merges.js';
import { type Tokenizer, TokenizerFormatError } from './types.js';

/** llama.cpp's token types (tokenizer.ggml.token_type). */
const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const USER_DEFINED = 4;
const BYTE = 6;
/** How SentencePiece spells a byte's token. */
const BYTE_TOKEN = /^<0x[0-9A-F]{2}>$/;
/** The last of them: 0 is undefined and 5 unused, which no rule here treats apart from the rest. */
const MAX_TOKEN_TYPE = BYTE;

/** GPT-2's split regex, as the ByteLevel pre-tokenizer applies it. */
const GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";

/**
 * Llama 3's and Qwen2's splits as llama.cpp writes them (llama-vocab.cpp): their tokenizer.json's
 * (?i:'s|...) spelled out case by case; they differ in digits, up to 3 a piece or 1.
 */
const contractionsAnyCase = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
const wordsAndDigits = (digits: string) => `${contractionsAnyCase}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}${digits}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`;

/**
 * How a byte-level BPE vocabulary splits text before its merges, by tokenizer.ggml.pre, as llama.cpp
 * reads it: `splits`, the regexes applied in order (each split keeps the text between matches as
 * pieces too; absent: ByteLevel's own GPT-2 split); `ignoreMerges`, a piece that is a token in
 * the vocabulary is that token; `addsBos`, BOS by default (tokenizer.ggml.add_bos_token decides where present).
 */
interface PreTokenizer {
  splits?: string[];
  ignoreMerges?: boolean;
  addsBos?: boolean;
}
const LLAMA3: PreTokenizer = { splits: [wordsAndDigits('{1,3}')], ignoreMerges: true, addsBos: true };
const QWEN2: PreTokenizer = { splits: [wordsAndDigits('')] };
const PRE_TOKENIZERS: Record<string, PreTokenizer> = {
  'gpt-2': {},
  default: { splits: ['[\\p{P}\\$\\+<=>\\^~\\|]+', GPT2_REGEX, '\\p{N}+', '[0-9][0-9][0-9]'] },
  'llama-bpe': LLAMA3, llama3: LLAMA3, 'llama-v3': LLAMA3, // Llama 3.x and models built on its tokenizer
  qwen2: QWEN2, 'deepseek-r1-qwen': QWEN2,
  smollm: { splits: ['\\p{N}', GPT2_REGEX] }, // SmolLM and SmolLM2: each digit alone, then GPT-2's split
};

export interface GgufTokenizerOptions {
  /** The file's name in errors. */
  name?: string;
  /** Rows of the model's embedding: every id of the tokenizer needs one. */
  modelVocabSize?: number;
}

/** A tokenizer from a GGUF file's bytes (only the metadata is read). */
export function fromGguf(bytes: Uint8Array, options: GgufTokenizerOptions = {}): Tokenizer {
  const file = options.name ?? 'model.gguf';
  let metadata: Map<string, GgufEntry>;
  try {
    metadata = parseGgufMetadata(bytes, file);
  } catch (e) {
    if (e instanceof WeightFormatError) throw new TokenizerFormatError(e.message);
    throw e;
  }
  return fromGgufMetadata(metadata, { ...options, name: file });
}

/** The tokenizer.json fields ggufTokenizerJson builds from metadata keys: errors name the keys the file holds. */
const KEY_OF_FIELD: [string, string][] = [
  ['model.vocab', 'tokenizer.ggml.tokens'], ['model.merges', 'tokenizer.ggml.merges'], ['model.unk_token', 'tokenizer.ggml.unknown_token_id'],
];

export function fromGgufMetadata(metadata: ReadonlyMap<string, GgufEntry>, options: GgufTokenizerOptions = {}): Tokenizer {
  const file = options.name ?? 'model.gguf';
  const { json, config, modelIds, mergeIds, notes } = ggufTokenizerJson(metadata, file);
  try {
    return fromTokenizerJson(json, {
      config, modelIds, name: file, notes, ...(options.modelVocabSize === undefined ? {} : { modelVocabSize: options.modelVocabSize }), ...(mergeIds ? { mergeIds } : {}),
    });
  } catch (e) {
    if (!(e instanceof TokenizerFormatError)) throw e;
    // An added token is a token of the metadata whose type makes it one: named by its id there.
    const added = (json as { added_tokens: Array<{ id: number }> }).added_tokens;
    const message = e.message.replace(/\badded_tokens\[(\d+)\](\.content)?/g, (whole, k: string) => (added[Number(k)] ? `tokenizer.ggml.tokens[${added[Number(k)]!.id}] (a control, unknown or user-defined token)` : whole));
    throw new TokenizerFormatError(KEY_OF_FIELD.reduce((text, [field, key]) => text.replaceAll(field, key), message));
  }
}

/**
 * The tokenizer.json and the special ids a GGUF file's metadata describes, with the tokenizer_config.json
 * of ggufTokenizerConfig, for SentencePiece the merge pass its encoding needs after the library's
 * (mergeIds), and where the tokenizer departs from llama.cpp's reading (notes). Throws
 * TokenizerFormatError naming the file and the key at fault.
 */
export function ggufTokenizerJson(metadata: ReadonlyMap<string, GgufEntry>, file: string): { json: Json; config: Json; modelIds: ModelSpecialIds; mergeIds?: (ids: number[]) => number[]; notes: string[] } {
  const m = new Meta(metadata, file);
  const { model, tokens, types, ids } = vocabulary(m);
  let json: Json;
  let mergeIds: ((ids: number[]) => number[]) | undefined;
  if (model === 'gpt2') json = bytePairJson(m, tokens, types);
  else if (model === 'llama') {
    json = sentencePieceJson(m, tokens, types, ids.unknown);
    mergeIds = scoreMerger(tokens, types, m.scores('tokenizer.ggml.scores', tokens.length));
  } else throw unsupportedModel(m, model);
  const endOfTurn = tokens.flatMap((token, id) => (END_OF_TURN_TEXTS.includes(token) ? [id] : []));
  const eosIds = [...new Set([ids.eos, ids.eot, ...endOfTurn].filter((i) => i !== undefined))];
  const modelIds = { ...(ids.bos === undefined ? {} : { bosId: ids.bos }), eosIds };
  return { json, config: tokenizerConfig(m, model, tokens, ids), modelIds, ...(mergeIds ? { mergeIds } : {}), notes: departures(m, model, tokens, types) };
}

/**
 * Refuses a GGUF tokenizer this module does not build, from its metadata's names alone (the model,
 * and a byte-level one's pre-tokenizer): early-refusal.ts asks before the tensors download, in the
 * words the full build would use.
 */
export function checkGgufTokenizerKind(metadata: ReadonlyMap<string, GgufEntry>, file: string): void {
  const m = new Meta(metadata, file);
  const model = m.string('tokenizer.ggml.model');
  if (model === 'gpt2') preTokenizer(m);
  else if (model !== 'llama') throw unsupportedModel(m, model);
}

const unsupportedModel = (m: Meta, model: string) => m.fail('tokenizer.ggml.model', `is ${JSON.stringify(model)}; supported: gpt2 (byte-level BPE), llama (SentencePiece BPE)`);

/** What llama.cpp would warn of or do that this tokenizer does not: Tokenizer.notes. */
function departures(m: Meta, model: string, tokens: readonly string[], types: readonly number[]): string[] {
  const notes: string[] = [];
  // llama.cpp finds a byte's token by its text, whatever its type; the library's byte fallback needs the type.
  if (model === 'llama' && !types.includes(BYTE) && tokens.some((t) => BYTE_TOKEN.test(t))) {
    const typed = m.has('tokenizer.ggml.token_type') ? 'tokenizer.ggml.token_type types none of the byte tokens (<0x00> to <0xFF>) as a byte (6)' : 'no tokenizer.ggml.token_type types the byte tokens (<0x00> to <0xFF>) as bytes';
    notes.push(`${m.file}: ${typed}, so byte fallback is off: a character outside the vocabulary encodes as the unknown token, where llama.cpp encodes its bytes`);
  }
  // llama.cpp warns too, and splits as 'default' alike; the model may have been trained with another split.
  if (model === 'gpt2' && namedPreTokenizer(m) === undefined) notes.push(`${m.file}: tokenizer.ggml.pre is missing or empty, so text is split with llama.cpp's 'default' pre-tokenizer, which may not be the one the model was trained with`);
  if (m.has('tokenizer.ggml.add_eos_token') && m.bool('tokenizer.ggml.add_eos_token')) notes.push(appendedTokensNote(`${m.file}: tokenizer.ggml.add_eos_token is true: it`, ['EOS']));
  return notes;
}

/**
 * What a Hugging Face folder's tokenizer_config.json would say: add_bos_token, bos_token, eos_token and
 * chat_template, so that src/chat finds a GGUF file's template as it finds any other.
 */
export function ggufTokenizerConfig(metadata: ReadonlyMap<string, GgufEntry>, file: string): Json {
  const m = new Meta(metadata, file);
  const { model, tokens, ids } = vocabulary(m);
  return tokenizerConfig(m, model, tokens, ids);
}

type SpecialIds = Partial<Record<'bos' | 'eos' | 'eot' | 'unknown', number>>;

function vocabulary(m: Meta): { model: string; tokens: string[]; types: number[]; ids: SpecialIds } {
  const model = m.string('tokenizer.ggml.model');
  const tokens = m.strings('tokenizer.ggml.tokens');
  const types = m.has('tokenizer.ggml.token_type') ? m.tokenTypes('tokenizer.ggml.token_type', tokens.length) : tokens.map(() => NORMAL);
  checkUnique(tokens, m.file);
  // llama.cpp makes every end-of-turn token control, whatever the conversion typed it (normal, user-defined).
  tokens.forEach((token, id) => { if (END_OF_TURN_TEXTS.includes(token)) types[id] = CONTROL; });
  const ids: SpecialIds = {};
  for (const name of ['bos', 'eos', 'eot', 'unknown'] as const) {
    const key = `tokenizer.ggml.${name}_token_id`;
    if (m.has(key)) ids[name] = m.tokenId(key, tokens.length);
  }
  return { model, tokens, types, ids };
}

function tokenizerConfig(m: Meta, model: string, tokens: string[], ids: SpecialIds): Json {
  // llama.cpp's defaults when the key is absent: SentencePiece models start with BOS, byte-level BPE ones
  // do not, but for those whose pre-tokenizer says so (Llama 3's).
  const explicit = m.has('tokenizer.ggml.add_bos_token');
  // An unknown pre-tokenizer adds none here (the tokenizer's build refuses it; a tokenizer given instead may stand in).
  const pre = PRE_TOKENIZERS[namedPreTokenizer(m) ?? 'default'];
  const addBos = explicit ? m.bool('tokenizer.ggml.add_bos_token') : model === 'llama' || (model === 'gpt2' && !!pre?.addsBos);
  // llama.cpp then falls back to id 1 (SentencePiece's usual <s>) whatever the vocabulary: a guess we do not make.
  if (addBos && ids.bos === undefined) {
    const why = explicit ? 'tokenizer.ggml.add_bos_token is true'
      : model === 'llama' ? 'a llama (SentencePiece) tokenizer adds BOS unless tokenizer.ggml.add_bos_token is false'
        : `the pre-tokenizer ${JSON.stringify(namedPreTokenizer(m))} adds BOS unless tokenizer.ggml.add_bos_token is false`;
    throw m.fail('tokenizer.ggml.bos_token_id', `is missing, but ${why}: the file is incomplete`);
  }
  return {
    add_bos_token: addBos,
    ...(ids.bos === undefined ? {} : { bos_token: tokens[ids.bos] }),
    ...(ids.eos === undefined ? {} : { eos_token: tokens[ids.eos] }),
    ...(m.has('tokenizer.chat_template') ? { chat_template: m.string('tokenizer.chat_template') } : {}),
  };
}

/**
 * Control, unknown and user-defined tokens are matched in the text before the model runs, as llama.cpp
 * does. Control and unknown ones are special: not printed (an end-of-turn token, made control
 * whatever its type, also ends generation: ggufTokenizerJson's eosIds).
 */
function addedTokens(m: Meta, tokens: string[], types: number[]): Json[] {
  const rstrip = stripsAfter(m);
  const added: Json[] = [];
  types.forEach((type, id) => {
    if (type !== CONTROL && type !== UNKNOWN && type !== USER_DEFINED) return;
    const special = type !== USER_DEFINED;
    added.push({ id, content: tokens[id], single_word: false, lstrip: false, rstrip: rstrip(tokens[id]!), normalized: false, special });
  });
  return added;
}

/**
 * Which added tokens drop the whitespace after them in a text. llama.cpp makes every one but <unk>,
 * <s> and <|endoftext|> do so in a vocabulary whose general.name says Phi-3, as Phi-3's own
 * tokenizer.json does: its chat turns ("<|user|>\nHi<|end|>\n") read without those newlines.
 * Keyed on the name, as llama.cpp keys it: nothing in the tokenizer's metadata tells them apart.
 */
function stripsAfter(m: Meta): (token: string) => boolean {
  const name = m.has('general.name') ? m.string('general.name').toLowerCase() : '';
  if (!name.includes('phi-3') && !name.includes('phi3')) return () => false;
  return (token) => !['<unk>', '<s>', '<|endoftext|>'].includes(token);
}

/** tokenizer.ggml.pre, or undefined where it is absent or empty (llama.cpp reads both as 'default', with a warning). */
function namedPreTokenizer(m: Meta): string | undefined {
  return m.has('tokenizer.ggml.pre') ? m.string('tokenizer.ggml.pre') || undefined : undefined;
}

/** The file's pre-tokenizer (tokenizer.ggml.pre; absent or empty: 'default'), or an error naming those supported. */
function preTokenizer(m: Meta): PreTokenizer {
  const pre = namedPreTokenizer(m) ?? 'default';
  if (!Object.hasOwn(PRE_TOKENIZERS, pre)) {
    throw m.fail('tokenizer.ggml.pre', `${JSON.stringify(pre)} is not a supported pre-tokenizer (supported: ${Object.keys(PRE_TOKENIZERS).join(', ')})`);
  }
  return PRE_TOKENIZERS[pre]!;
}

function bytePairJson(m: Meta, tokens: string[], types: number[]): Json {
  const { splits: regexes, ignoreMerges = false } = preTokenizer(m);
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: regexes === undefined };
  const split = (regex: string) => ({ type: 'Split', pattern: { Regex: regex }, behavior: 'Isolated', invert: false });
  return {
    version: '1.0',
    added_tokens: addedTokens(m, tokens, types),
    normalizer: null,
    pre_tokenizer: regexes === undefined ? byteLevel : { type: 'Sequence', pretokenizers: [...regexes.map(split), byteLevel] },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: true },
    model: {
      type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: ignoreMerges,
      vocab: Object.fromEntries(tokens.map((t, i) => [t, i])), merges: m.strings('tokenizer.ggml.merges'),
    },
  };
}

/**
 * SentencePiece as the library runs it, but for the merges: none, so its model gives each character's
 * token (or its bytes, or <unk>), and scoreMerger joins them as llama.cpp does.
 */
function sentencePieceJson(m: Meta, tokens: string[], types: number[], unk: number | undefined): Json {
  const spacePrefix = m.has('tokenizer.ggml.add_space_prefix') ? m.bool('tokenizer.ggml.add_space_prefix') : true;
  const space = { type: 'Replace', pattern: { String: ' ' }, content: '\u2581' };
  return {
    version: '1.0',
    added_tokens: addedTokens(m, tokens, types),
    // llama.cpp puts a space before the text (and after each special token), then writes spaces as U+2581.
    normalizer: spacePrefix ? { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '\u2581' }, space] } : space,
    pre_tokenizer: null,
    post_processor: null,
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: '\u2581' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' },
        ...(spacePrefix ? [{ type: 'Strip', content: ' ', start: 1, stop: 0 }] : []),
      ],
    },
    model: {
      type: 'BPE', dropout: null, unk_token: unk === undefined ? null : tokens[unk], continuing_subword_prefix: null,
      end_of_word_suffix: null, fuse_unk: true, byte_fallback: types.includes(BYTE), ignore_merges: false,
      vocab: Object.fromEntries(tokens.map((t, i) => [t, i])), merges: [],
    },
  };
}

/**
 * SentencePiece BPE as llama.cpp runs it (score-merges.ts): join adjacent tokens into the normal token of
 * the highest score, the leftmost on ties, which no ranking of BPE merges can say (a file whose scores
 * tie, as conversions without a tokenizer.model write them, -1000 each, split differently). Over each
 * run of text between the added tokens the library split out whole.
 */
function scoreMerger(tokens: string[], types: number[], scores: number[]): (ids: number[]) => number[] {
  const table = { keys: tokens, merges: new Map(tokens.flatMap((t, id): [string, number][] => (types[id] === NORMAL ? [[t, id]] : []))), scores };
  const added = (id: number) => types[id] === CONTROL || types[id] === UNKNOWN || types[id] === USER_DEFINED;
  return (ids) => {
    const out: number[] = [];
    let run: number[] = [];
    const flush = () => {
      for (const id of mergeByScore(run, table)) out.push(id); // not push(...): a long text's run would overflow the stack
      run = [];
    };
    for (const id of ids) {
      if (added(id)) {
        flush();
        out.push(id);
      } else {
        run.push(id);
      }
    }
    flush();
    return out;
  };
}

/** A token spelled twice cannot have one id: the vocabulary is damaged. */
function checkUnique(tokens: string[], file: string): void {
  const seen = new Map<string, number>();
  tokens.forEach((t, i) => {
    const first = seen.get(t);
    if (first !== undefined) {
      throw new TokenizerFormatError(`${file}: tokenizer.ggml.tokens holds ${JSON.stringify(t)} twice (ids ${first} and ${i})`);
    }
    seen.set(t, i);
  });
}

/**
 * Typed reads of tokenizer metadata, each key of the one type llama.cpp reads it as (llama-vocab.cpp: ids u32,
 * scores f32, token types i32, flags bool); errors name the file and key.
 */
class Meta {
  constructor(private readonly metadata: ReadonlyMap<string, GgufEntry>, readonly file: string) {}

  fail(key: string, why: string): TokenizerFormatError {
    return new TokenizerFormatError(`${this.file}: ${key} ${why}`);
  }

  has(key: string): boolean {
    return this.metadata.has(key);
  }

  /** The value of `key`, which must have `type` (an array: of `itemType`). */
  private get(key: string, type: GgufType, itemType?: GgufType): unknown {
    const entry = this.metadata.get(key);
    if (entry === undefined) throw this.fail(key, 'is missing (the GGUF file holds no tokenizer, or an incomplete one)');
    const problem = entryTypeProblem(key, entry, type, itemType);
    if (problem) throw new TokenizerFormatError(`${this.file}: ${problem}`);
    return entry.value;
  }

  string(key: string): string {
    return this.get(key, GgufType.STRING) as string;
  }

  bool(key: string): boolean {
    return this.get(key, GgufType.BOOL) as boolean;
  }

  tokenId(key: string, vocabSize: number): number {
    const v = this.get(key, GgufType.UINT32) as number;
    if (v >= vocabSize) throw this.fail(key, `must be a token id in [0, ${vocabSize}), got ${v}`);
    return v;
  }

  strings(key: string): string[] {
    const v = this.get(key, GgufType.ARRAY, GgufType.STRING) as string[];
    if (v.length === 0) throw this.fail(key, 'must not be empty');
    return v;
  }

  /** One f32 per token. */
  scores(key: string, length: number): number[] {
    const v = this.get(key, GgufType.ARRAY, GgufType.FLOAT32) as number[];
    if (v.length !== length || !v.every(Number.isFinite)) throw this.fail(key, `must be an array of ${length} finite numbers, one per token`);
    return v;
  }

  /** One i32 per token, each one of llama.cpp's types (0 undefined to 6 byte). */
  tokenTypes(key: string, length: number): number[] {
    const v = this.get(key, GgufType.ARRAY, GgufType.INT32) as number[];
    if (v.length !== length) throw this.fail(key, `must be an array of ${length} token types, one per token`);
    // Any other value would read as a type no rule names: such a token never forms from merges, and text splits into characters the model was not trained on.
    const bad = v.findIndex((type) => !(type >= 0 && type <= MAX_TOKEN_TYPE));
    if (bad >= 0) throw this.fail(key, `must hold token types from 0 to ${MAX_TOKEN_TYPE} (llama.cpp's), got ${v[bad]} for token ${bad}`);
    return v;
  }
}
