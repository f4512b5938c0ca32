// Tokenizers from a Hugging Face tokenizer.json (plus tokenizer_config.json, special_tokens_map.json),
// checked first (tokenizer-json.ts, special-tokens.ts), then run by @huggingface/tokenizers; it passes all
// 46 llama.cpp GPT-2 vectors, so no hand-written BPE. Not a trainer, no chat templates, no text pairs.
// Tests: tests/tokenizer/huggingface.test.ts, tests/tokenizer/malformed.test.ts.

import { ByteFallbackDecoder, ByteLevelDecoder, ByteLevelPreTokenizer, type Decoder, type PreTokenizer, Tokenizer as HfTokenizer, SequenceDecoder, SequencePreTokenizer } from '@huggingface/tokenizers';
import { isObject, type Json, readJsonObject } from './json.js';
import { BYTE_LEVEL_CHARS } from './tokenizer-json.js';
import { show } from '../value-words.js';
import { END_TOKEN_TEXTS } from './end-tokens.js';
import { fewestTokensOf } from './fewest-tokens.js';
import { checkSpecialTokensKnown, readSpecialTokens, type SpecialTokenFiles } from './special-tokens.js';
import { windowStreamDecoder } from './stream.js';
import { checkTokenizerJson } from './tokenizer-json.js';
import { checkId, type Tokenizer, TokenizerFormatError } from './types.js';

// The parts of the pipeline, each built by the library from its own part of the file.
const COMPONENTS = ['normalizer', 'pre_tokenizer', 'post_processor', 'decoder'];
const NO_COMPONENTS = Object.fromEntries(COMPONENTS.map((key) => [key, null]));
// Encoded and decoded once at load, so a pipeline the library cannot run fails there, not mid-generation.
const PROBE = 'Hello, world! 123';

/** Special ids the model's own config.json / generation_config.json name. */
export interface ModelSpecialIds {
  bosId?: number;
  eosIds?: number[];
}

export interface TokenizerJsonOptions extends SpecialTokenFiles {
  modelIds?: ModelSpecialIds;
  /** A pass over the library's ids before BOS is added (a GGUF SentencePiece vocabulary merges there: score-merges.ts). */
  mergeIds?: (ids: number[]) => number[];
  /** Rows of the model's embedding: every id of the tokenizer needs one. */
  modelVocabSize?: number;
  /** The file's name in errors. */
  name?: string;
  /** Caveats the caller found in the files (a GGUF file's metadata), kept in Tokenizer.notes before this file's own. */
  notes?: readonly string[];
}

/** The note for a file that asks for tokens (EOS) after every text: `where` names the file and key. */
export function appendedTokensNote(where: string, tokens: string[]): string {
  const them = tokens.length === 1 ? 'it' : 'them';
  return `${where} appends ${tokens.join(' ')} to every text; prompts are not given ${them} (a prompt is text for the model to go on from, so nothing is added after it)`;
}

/**
 * Builds a Tokenizer; throws TokenizerFormatError naming the file and field when `json` is not a
 * usable tokenizer.json or its companion files disagree with it.
 * BOS comes from the special-token files, else the model, else the post-processor template;
 * the EOS list is the union of all of them (generation_config.json often names several).
 */
/** A tokenizer.json's Tokenizer, which can also give back the text of ids with their special tokens spelled out. */
export interface JsonTokenizer extends Tokenizer {
  /** The text that encodes to `ids`, special tokens written as their text ("<|endoftext|>"), where decode() drops them. */
  decodeSpelled(ids: number[]): string;
}

export function fromTokenizerJson(json: string | object, options: TokenizerJsonOptions = {}): JsonTokenizer {
  const file = options.name ?? 'tokenizer.json';
  const spec = checkTokenizerJson(parseSpec(json, file), file);
  const special = readSpecialTokens(options);
  const hf = build(spec, special.libraryConfig, file);
  const idOf = (token: string | undefined): number | undefined => (token === undefined ? undefined : hf.token_to_id(token));
  checkSpecialTokensKnown(special, (token) => idOf(token) !== undefined, file);

  const vocab = hf.model!.vocab; // added tokens included
  const vocabSize = vocab.length;
  if (options.modelVocabSize !== undefined && vocabSize > options.modelVocabSize) {
    throw new TokenizerFormatError(
      `${file}: the token ${show(vocab[vocabSize - 1])} has id ${vocabSize - 1}, but the model has only ${options.modelVocabSize} rows of embeddings: they do not belong together`,
    );
  }
  const modelIds = options.modelIds ?? {};
  const templateBos = templateFirstSpecial(spec.post_processor);
  const bosId = idOf(special.bosToken) ?? modelIds.bosId ?? templateBos;
  const addBos = special.addBos ?? templateBos !== undefined;
  // Only an explicit add_bos_token can ask for a BOS nothing names; transformers refuses it too.
  if (addBos && bosId === undefined) {
    throw new TokenizerFormatError(
      'tokenizer_config.json: add_bos_token is true, but no BOS token is named to add: give bos_token (tokenizer_config.json, special_tokens_map.json) or bos_token_id (config.json), or set add_bos_token to false',
    );
  }
  const eosIds = endIds(hf, [idOf(special.eosToken), ...(modelIds.eosIds ?? [])]);
  // As for BOS, tokenizer_config.json's flag decides, and the post-processor where it says nothing
  // (transformers rebuilds a Llama post-processor from the flags).
  const appended = templateTrailingSpecials(spec.post_processor);
  const appendNote = special.addEos === true ? appendedTokensNote('tokenizer_config.json: add_eos_token is true: it', ['EOS'])
    : special.addEos === undefined && appended.length ? appendedTokensNote(`${file}: the post-processor`, appended.map(show)) : undefined;
  const prefix = (spec.model as Json).type === 'BPE' ? (spec.model as Json).continuing_subword_prefix : undefined;
  const prefixNote = typeof prefix === 'string' && prefix !== ''
    ? `${file}: model.continuing_subword_prefix ${show(prefix)} is not applied (@huggingface/tokenizers' BPE reads no such prefix): a word's inner pieces are looked up without it, so the ids may differ from transformers'`
    : undefined;
  const notes = [...(options.notes ?? []), ...[appendNote, prefixNote].filter((note) => note !== undefined)];
  // The id of U+FFFD itself, when one token spells it whole: the stream need not wait on it.
  const fffd = hf.encode('\uFFFD', { add_special_tokens: false }).ids;
  const replacement = new Set(fffd.length === 1 && hf.decode(fffd, { skip_special_tokens: true }) === '\uFFFD' ? fffd : []);

  const decodeWith = (ids: number[], skipSpecial: boolean): string => {
    if (ids.length === 0) return ''; // the library throws on []
    for (const id of ids) checkId(id, vocabSize); // tokenizer-json.ts refused vocabularies with gaps
    // No clean-up ("a ." -> "a."): decode must round-trip, and stream pieces must add up to it.
    return hf.decode(ids, { skip_special_tokens: skipSpecial, clean_up_tokenization_spaces: false });
  };
  const decode = (ids: number[]): string => decodeWith(ids, true);
  const specialIds = new Set([...hf.get_added_tokens_decoder()].flatMap(([id, token]) => (token.special ? [id] : [])));
  // A normalized added token is matched by its content normalized (longer after a Prepend or NFD).
  const matchedAs = [...hf.get_added_tokens_decoder().values()].map((t) => (t.normalized && hf.normalizer ? hf.normalizer.normalize(t.content) : t.content));
  const fewestTokens = fewestTokensOf(spec, vocab, special.libraryConfig, matchedAs);

  return {
    vocabSize,
    ...(bosId === undefined ? {} : { bosId }),
    eosIds,
    eosTexts: eosIds.map((id) => hf.id_to_token(id)).filter((t): t is string => !!t),
    encode(text, opts = {}) {
      // BOS only, not the whole post-processor: the interface promises nothing else is added.
      const encoded = hf.encode(text, { add_special_tokens: false }).ids;
      const ids = options.mergeIds ? options.mergeIds(encoded) : encoded;
      if (!(opts.bos ?? addBos)) return ids;
      if (bosId === undefined) throw new Error('this tokenizer has no BOS token');
      return [bosId, ...ids];
    },
    decode,
    decodeSpelled: (ids) => decodeWith(ids, false),
    specialText: (id) => (specialIds.has(id) ? hf.id_to_token(id) : undefined),
    tokenBytes: tokenBytesOf(hf),
    ...(fewestTokens ? { fewestTokens } : {}),
    createStreamDecoder: (context) => windowStreamDecoder(decode, context, replacement),
    ...(notes.length ? { notes } : {}),
  };
}

/**
 * The library's tokenizer, tried on PROBE. Whatever it throws becomes a TokenizerFormatError naming
 * the part of the pipeline at fault, found by building each part alone.
 */
function build(spec: Json, config: Json, file: string): HfTokenizer {
  try {
    return probed(spec, config);
  } catch (e) {
    const works = (key?: string): boolean => {
      try {
        probed({ ...spec, ...NO_COMPONENTS, ...(key ? { [key]: spec[key] } : {}) }, config);
        return true;
      } catch {
        return false;
      }
    };
    const modelWorks = works();
    const culprit = modelWorks ? COMPONENTS.find((key) => spec[key] !== null && spec[key] !== undefined && !works(key)) : undefined;
    const part = !modelWorks ? 'model' : culprit ? `${culprit} (${String((spec[culprit] as Json).type)})` : 'pipeline';
    throw new TokenizerFormatError(`${file}: the ${part} fails in @huggingface/tokenizers: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function probed(spec: Json, config: Json): HfTokenizer {
  // The library insists on these keys; tokenizer.json files written by hand may omit them.
  const hf = new HfTokenizer({ ...NO_COMPONENTS, added_tokens: [], ...asRustReadsIt(spec) }, config);
  keepByteOrderMarks(hf.decoder);
  splitAtUnicodeWhitespace(hf.pre_tokenizer);
  // encode() adds no special tokens, yet the library walks the template without them too: one
  // without the text (a "single" of BOS alone) dropped it, one with it twice doubled it.
  hf.post_processor = null;
  const ids = hf.encode(PROBE, { add_special_tokens: false }).ids;
  const bad = ids.find((id) => !Number.isInteger(id));
  if (bad !== undefined) throw new Error(`encoding ${show(PROBE)} gave ${show(bad)} for an id`);
  if (ids.length > 0) hf.decode(ids, { skip_special_tokens: true });
  return hf;
}

/**
 * `spec` where the library reads it otherwise than Rust tokenizers: a Replace's content is
 * written as it is (the library hands it to String.replaceAll, which reads "$$" as "$" and "$&"
 * as the match), and fields Rust does not read are dropped: a BPE model's continuing_subword_suffix
 * (the library would append it to pieces, making pieces outside the vocabulary) and Metaspace's
 * str_rep (the library would write it for spaces instead of the replacement).
 */
function asRustReadsIt(spec: Json): Json {
  const literal = (part: unknown): unknown => {
    if (Array.isArray(part)) return part.map(literal);
    if (!isObject(part)) return part;
    const copy = Object.fromEntries(Object.entries(part).map(([key, value]) => [key, literal(value)]));
    if (part.type === 'Metaspace') delete copy.str_rep; // an old field Rust no longer reads: the library wrote it for spaces
    return part.type === 'Replace' && typeof part.content === 'string' ? { ...copy, content: part.content.replaceAll('$', '$$$$') } : copy;
  };
  const { continuing_subword_suffix: _, ...model } = spec.model as Json;
  return { ...spec, model, normalizer: literal(spec.normalizer ?? null), pre_tokenizer: literal(spec.pre_tokenizer ?? null), decoder: literal(spec.decoder ?? null) } as Json;
}

/**
 * The library's ByteFallback decoder reads each run of <0xNN> tokens with a TextDecoder that drops
 * a leading byte-order mark: U+FEFF in a text vanished on decode. Its bytes are kept as text, as
 * the Rust tokenizers and the other decoders here do.
 */
function keepByteOrderMarks(decoder: Decoder | null): void {
  for (const part of partsOf(decoder)) if (part instanceof ByteFallbackDecoder) part.text_decoder = new TextDecoder('utf-8', { ignoreBOM: true });
}

/** The library's decoder or pre-tokenizer and the parts of its Sequences, in order. */
function partsOf(part: Decoder | PreTokenizer | null): Array<Decoder | PreTokenizer> {
  if (part instanceof SequenceDecoder) return part.decoders.flatMap(partsOf);
  if (part instanceof SequencePreTokenizer) return part.tokenizers.flatMap(partsOf);
  return part ? [part] : [];
}

/**
 * GPT-2's split as the library's ByteLevel pre-tokenizer writes it, but with Unicode's White_Space
 * where it has JavaScript's \s, which takes U+FEFF for whitespace and not U+0085: GPT-2's own
 * encoder (Python's regex module), Rust tokenizers and llama.cpp read the two the other way round.
 */
const GPT2_SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\p{White_Space}\p{L}\p{N}]+|\p{White_Space}+(?!\P{White_Space})|\p{White_Space}+/gu;

function splitAtUnicodeWhitespace(pre: PreTokenizer | null): void {
  for (const part of partsOf(pre)) if (part instanceof ByteLevelPreTokenizer) part.pattern = GPT2_SPLIT; // used by String.match, which resets lastIndex
}

/** GPT-2's bytes_to_unicode reversed: each character of a byte-level token -> its byte. */
const BYTE_OF_CHAR: ReadonlyMap<string, number> = new Map(BYTE_LEVEL_CHARS.map((char, byte) => [char, byte]));

/** Tokenizer.tokenBytes: a byte-fallback token's byte (<0xE2>), a byte-level token's bytes where the decoder reads them so. */
function tokenBytesOf(hf: HfTokenizer): (id: number) => Uint8Array | undefined {
  const decoders = partsOf(hf.decoder);
  const byteLevel = decoders.some((d) => d instanceof ByteLevelDecoder);
  const byteFallback = decoders.some((d) => d instanceof ByteFallbackDecoder);
  return (id) => {
    const token = Number.isInteger(id) ? hf.id_to_token(id) : undefined;
    if (token === undefined) return undefined;
    const fallback = /^<0x([0-9A-Fa-f]{2})>$/.exec(token);
    if (fallback && byteFallback) return Uint8Array.of(Number.parseInt(fallback[1]!, 16));
    if (!byteLevel) return undefined;
    const bytes = [...token].map((c) => BYTE_OF_CHAR.get(c));
    return bytes.every((b) => b !== undefined) ? Uint8Array.from(bytes as number[]) : undefined;
  };
}

function parseSpec(json: string | object, file: string): Json {
  const obj = readJsonObject(json, file);
  if (!isObject(obj.model)) {
    throw new TokenizerFormatError(`${file}: not a tokenizer.json: no "model" object${guessJson(obj)}`);
  }
  return obj;
}

function guessJson(obj: Json): string {
  if ('tokenizer_class' in obj || 'add_bos_token' in obj) return ' (this looks like tokenizer_config.json)';
  if ('architectures' in obj || 'model_type' in obj) return ' (this looks like a model config.json)';
  return '';
}

/**
 * The id a TemplateProcessing post-processor puts first, if it starts with a one-token special
 * (tokenizer-json.ts checked its ids against the vocabulary).
 */
function templateFirstSpecial(processor: unknown): number | undefined {
  const p = processor as Json | null | undefined;
  if (p?.type === 'Sequence') {
    for (const inner of p.processors as unknown[]) {
      const found = templateFirstSpecial(inner);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (p?.type !== 'TemplateProcessing') return undefined;
  const name = ((p.single as Json[])[0]?.SpecialToken as Json | undefined)?.id as string | undefined;
  const ids = name === undefined ? undefined : ((p.special_tokens as Json)[name] as { ids: number[] }).ids;
  return ids?.length === 1 ? ids[0] : undefined;
}

/** The special tokens a post-processor puts after the text of a single sequence (encode leaves them out). */
function templateTrailingSpecials(processor: unknown): string[] {
  // Read defensively: the library may accept a post-processor it never runs here (encode adds no special tokens).
  const p = isObject(processor) ? processor : undefined;
  if (p?.type === 'Sequence') return Array.isArray(p.processors) ? p.processors.flatMap(templateTrailingSpecials) : [];
  if ((p?.type === 'BertProcessing' || p?.type === 'RobertaProcessing') && Array.isArray(p.sep)) return [String(p.sep[0])];
  if (p?.type !== 'TemplateProcessing' || !Array.isArray(p.single)) return [];
  const single = p.single.filter(isObject);
  const text = single.findIndex((item) => 'Sequence' in item);
  if (text < 0) return [];
  return single.slice(text + 1).flatMap((item) => (isObject(item.SpecialToken) ? [String(item.SpecialToken.id)] : []));
}

function endIds(hf: HfTokenizer, named: (number | undefined)[]): number[] {
  const ids = [...new Set(named.filter((id): id is number => id !== undefined))];
  for (const [id, token] of hf.get_added_tokens_decoder()) {
    if (token.special && END_TOKEN_TEXTS.includes(token.content) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
