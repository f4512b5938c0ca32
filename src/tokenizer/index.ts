// Entry point of the tokenizer package: a tokenizer from a model's files, or from one file's bytes
// by sniffing; every malformed file is a TokenizerFormatError naming it.
// Formats live in huggingface.ts, llama2c.ts, gguf.ts, characters.ts. Tests: tests/tokenizer/index.test.ts.

import { FILE_KIND_WORDS, kindByMagic } from '../file-kind.js';
import { isLlama2cVersionedExport, readsAsLlama2cCheckpoint } from '../model/weights/llama2c.js';
import { fromGguf } from './gguf.js';
import { fromTokenizerJson, type TokenizerJsonOptions } from './huggingface.js';
import { utf8Text } from './json.js';
import { fromLlama2cBin } from './llama2c.js';
import { type Tokenizer, TokenizerFormatError } from './types.js';

export { alphabetOf, fromAlphabet, nucleotideTokenizer } from './characters.js';
export { fromTokenizerJson } from './huggingface.js';
export { type Tokenizer, TokenizerFormatError } from './types.js';

/** What a model's config knows about its tokens; src/model/config.ts's ModelConfig fits. */
export interface ModelTokenHints {
  /** V of the checkpoint: llama2.c's tokenizer.bin does not store it, and no tokenizer may exceed it. */
  vocabSize?: number;
  bosTokenId?: number;
  eosTokenIds?: number[];
}

/** What fromTokenizerJson needs of the hints, and the name its errors give the file. */
const jsonOptions = (hints: ModelTokenHints, name: string): TokenizerJsonOptions => ({
  modelIds: { bosId: hints.bosTokenId, eosIds: hints.eosTokenIds },
  ...(hints.vocabSize === undefined ? {} : { modelVocabSize: hints.vocabSize }),
  name,
});

// Files that come with tokenizer.json and are never a tokenizer by themselves.
const COMPANIONS = ['tokenizer_config.json', 'special_tokens_map.json', 'chat_template.jinja'];

/**
 * The tokenizer among a model's files: tokenizer.json (+ tokenizer_config.json, special_tokens_map.json)
 * when present, else the one .bin or the one remaining file (a GGUF file among them), sniffed by tokenizerFromBytes.
 * Every error is a TokenizerFormatError whose message starts with the name of the file at fault.
 */
export function tokenizerFromFiles(files: Map<string, Uint8Array>, hints: ModelTokenHints = {}, file = tokenizerFileOf(files, hints)): Tokenizer {
  if (file === 'tokenizer.json') {
    const text = (name: string): string | undefined => {
      const bytes = files.get(name);
      return bytes && utf8Text(bytes, name);
    };
    const companions = { config: text('tokenizer_config.json'), specialTokensMap: text('special_tokens_map.json') };
    return fromTokenizerJson(text('tokenizer.json')!, { ...jsonOptions(hints, 'tokenizer.json'), ...companions });
  }
  return tokenizerFromBytes(file, files.get(file)!, hints);
}

/**
 * The file of `files` tokenizerFromFiles builds the tokenizer from (its errors name it): tokenizer.json,
 * else the one llama2.c tokenizer .bin, else the one file that is no companion (a GGUF's own file).
 */
export function tokenizerFileOf(files: Map<string, Uint8Array>, hints: ModelTokenHints = {}): string {
  if (files.has('tokenizer.json')) return 'tokenizer.json';
  const candidates = [...files.keys()].filter((name) => !COMPANIONS.includes(name));
  const bins = candidates.filter((name) => name.endsWith('.bin'));
  // Several .bin (a folder of llama2.c files: another checkpoint beside tok512.bin): the one that reads as a
  // tokenizer; none does, the one that is no model file, so that its own error says what is wrong with it.
  const tokenizers = bins.length > 1 ? bins.filter((name) => readsAsLlama2cTokenizer(files.get(name)!, hints)) : bins;
  const damaged = tokenizers.length ? [] : bins.filter((name) => !isModelFile(files.get(name)!));
  const pick = tokenizers.length === 1 ? tokenizers[0] : damaged.length === 1 ? damaged[0] : candidates.length === 1 ? candidates[0] : undefined;
  if (pick === undefined) {
    const found = candidates.length ? `several candidates (${candidates.join(', ')})` : 'none';
    throw new TokenizerFormatError(`no tokenizer file: expected tokenizer.json or one llama2.c tokenizer .bin, found ${found} (llama2.c checkpoints need their tokenizer.bin given separately: LoadOptions.tokenizer)`);
  }
  return pick;
}

/** A checkpoint of some format (llama2.c's, a versioned export, GGUF, safetensors, PyTorch): never the tokenizer. */
function isModelFile(bytes: Uint8Array): boolean {
  return kindByMagic(bytes) !== undefined || readsAsLlama2cCheckpoint(bytes) || isLlama2cVersionedExport(bytes);
}

/**
 * Detects the format of a file's bytes: JSON -> tokenizer.json, the GGUF magic -> the vocabulary in a GGUF
 * file's metadata, anything else is tried as a llama2.c tokenizer.bin. Throws TokenizerFormatError naming
 * `name` and what the bytes look like.
 */
export function tokenizerFromBytes(name: string, bytes: Uint8Array, hints: ModelTokenHints = {}): Tokenizer {
  // tokenizer.json errors name their files themselves (tokenizer_config.json may be the one at fault).
  if (startsWithJsonObject(bytes)) return fromTokenizerJson(utf8Text(bytes, name), jsonOptions(hints, name));
  const kind = kindByMagic(bytes);
  if (kind === 'gguf') return fromGguf(bytes, { name, ...(hints.vocabSize === undefined ? {} : { modelVocabSize: hints.vocabSize }) });
  if (kind) throw new TokenizerFormatError(`${name}: not a tokenizer: this is ${FILE_KIND_WORDS[kind]}`);
  try {
    return fromLlama2cBin(bytes, hints.vocabSize);
  } catch (e) {
    if (!(e instanceof TokenizerFormatError)) throw e;
    if (readsAsLlama2cCheckpoint(bytes)) throw new TokenizerFormatError(`${name}: not a tokenizer: this is a llama2.c model checkpoint; give its tokenizer .bin (tokenizer.bin, tok512.bin) instead`);
    throw new TokenizerFormatError(`${name}: not a tokenizer.json (does not start with "{"), and ${e.message}`);
  }
}

function startsWithJsonObject(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (i < bytes.length && ' \t\r\n'.includes(String.fromCharCode(bytes[i]!))) i++;
  return bytes[i] === 0x7b; // '{'
}

/** The bytes parse as a llama2.c tokenizer.bin (of `hints.vocabSize` tokens, when given). */
export function readsAsLlama2cTokenizer(bytes: Uint8Array, hints: ModelTokenHints = {}): boolean {
  try {
    fromLlama2cBin(bytes, hints.vocabSize);
    return true;
  } catch {
    return false;
  }
}

