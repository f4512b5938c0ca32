// Entry point of the tokenizer package: a tokenizer from a described source, from a model's files,
// or from one file's bytes by sniffing. Formats live in huggingface.ts, llama2c.ts, characters.ts.
// Tests: tests/tokenizer/index.test.ts.

import { fromAlphabet, nucleotideTokenizer } from './characters.js';
import { fromTokenizerJson } from './huggingface.js';
import { fromLlama2cBin } from './llama2c.js';
import { type Tokenizer, TokenizerFormatError } from './types.js';

export { alphabetOf, fromAlphabet, NUCLEOTIDES, nucleotideTokenizer } from './characters.js';
export { fromTokenizerJson, type ModelSpecialIds } from './huggingface.js';
export { fromLlama2cBin, LLAMA2C_BOS, LLAMA2C_EOS, parseLlama2cVocab, type Llama2cVocab } from './llama2c.js';
export { type StreamDecoder, type Tokenizer, TokenizerFormatError } from './types.js';

export type TokenizerSource =
  | { kind: 'tokenizer.json'; json: string | object; config?: string | object }
  | { kind: 'llama2c'; bytes: Uint8Array; vocabSize?: number }
  | { kind: 'characters'; alphabet: string }
  | { kind: 'nucleotides' };

export function loadTokenizer(source: TokenizerSource): Tokenizer {
  switch (source.kind) {
    case 'tokenizer.json':
      return fromTokenizerJson(source.json, parseConfig(source.config));
    case 'llama2c':
      return fromLlama2cBin(source.bytes, source.vocabSize);
    case 'characters':
      return fromAlphabet(source.alphabet);
    case 'nucleotides':
      return nucleotideTokenizer();
  }
}

function parseConfig(config: string | object | undefined): object | undefined {
  if (typeof config !== 'string') return config;
  try {
    return JSON.parse(config) as object;
  } catch (e) {
    throw new TokenizerFormatError(`tokenizer_config.json is not valid JSON (${(e as Error).message})`);
  }
}

/** What a model's config knows about its tokens; src/model/config.ts's ModelConfig fits. */
export interface ModelTokenHints {
  /** V of the checkpoint: llama2.c's tokenizer.bin does not store it. */
  vocabSize?: number;
  bosTokenId?: number;
  eosTokenIds?: number[];
}

const specialIds = (hints: ModelTokenHints) => ({ bosId: hints.bosTokenId, eosIds: hints.eosTokenIds });

// Files that come with tokenizer.json and are never a tokenizer by themselves.
const COMPANIONS = ['tokenizer_config.json', 'special_tokens_map.json'];

/**
 * The tokenizer among a model's files: tokenizer.json (+ tokenizer_config.json) when present,
 * else the one .bin or the one remaining file, sniffed by tokenizerFromBytes.
 */
export function tokenizerFromFiles(files: Map<string, Uint8Array>, hints: ModelTokenHints = {}): Tokenizer {
  const json = files.get('tokenizer.json');
  if (json) {
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    const config = files.get('tokenizer_config.json');
    return named('tokenizer.json', () => fromTokenizerJson(text(json), config && parseConfig(text(config)), specialIds(hints)));
  }
  const candidates = [...files.keys()].filter((name) => !COMPANIONS.includes(name));
  const bins = candidates.filter((name) => name.endsWith('.bin'));
  const pick = bins.length === 1 ? bins[0] : candidates.length === 1 ? candidates[0] : undefined;
  if (pick === undefined) {
    const found = candidates.length ? `several candidates (${candidates.join(', ')})` : 'none';
    throw new TokenizerFormatError(`no tokenizer file: expected tokenizer.json or one llama2.c tokenizer .bin, found ${found} (llama2.c checkpoints need their tokenizer.bin given separately: the tokenizer option, or --tokenizer on the command line)`);
  }
  return tokenizerFromBytes(pick, files.get(pick)!, hints);
}

/**
 * Detects the format of a file's bytes: JSON -> tokenizer.json, anything else is tried as a
 * llama2.c tokenizer.bin. Throws TokenizerFormatError naming `name` and what the bytes look like.
 */
export function tokenizerFromBytes(name: string, bytes: Uint8Array, hints: ModelTokenHints = {}): Tokenizer {
  return named(name, () => sniff(bytes, hints));
}

/** Prefixes format errors with the file's name. */
function named(name: string, load: () => Tokenizer): Tokenizer {
  try {
    return load();
  } catch (e) {
    if (e instanceof TokenizerFormatError) throw new TokenizerFormatError(`${name}: ${e.message}`);
    throw e;
  }
}

function sniff(bytes: Uint8Array, hints: ModelTokenHints): Tokenizer {
  if (startsWithJsonObject(bytes)) {
    return fromTokenizerJson(new TextDecoder().decode(bytes), undefined, specialIds(hints));
  }
  const other = knownNonTokenizer(bytes);
  if (other) throw new TokenizerFormatError(`not a tokenizer: this is ${other}`);
  try {
    return fromLlama2cBin(bytes, hints.vocabSize);
  } catch (e) {
    if (!(e instanceof TokenizerFormatError)) throw e;
    throw new TokenizerFormatError(`not a tokenizer.json (does not start with "{"), and ${e.message}`);
  }
}

function startsWithJsonObject(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (i < bytes.length && ' \t\r\n'.includes(String.fromCharCode(bytes[i]!))) i++;
  return bytes[i] === 0x7b; // '{'
}

/** Model files people pick up by mistake, recognised by their magic. */
function knownNonTokenizer(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) === 'GGUF') {
    return 'a GGUF file (its vocabulary is not read here)';
  }
  // safetensors: u64 little-endian JSON header length, then the JSON header.
  if (bytes.length >= 10 && bytes[8] === 0x7b && bytes[9] === 0x22) {
    const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true);
    if (headerLength <= BigInt(bytes.length - 8)) return 'a safetensors weights file';
  }
  return undefined;
}
