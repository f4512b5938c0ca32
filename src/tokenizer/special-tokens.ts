// The special tokens a Hugging Face model's tokenizer_config.json and special_tokens_map.json name, read as
// transformers reads them (special_tokens_map.json wins), with every field we read type-checked and every
// token named checked against the vocabulary. Errors name the file and the field. src/chat takes the
// special-token map for its templates from here too. Not tokenizer.json itself (tokenizer-json.ts).

import { isObject, type Json, readJsonObject } from './json.js';
import { describe, show } from '../value-words.js';
import { TokenizerFormatError } from './types.js';

const CONFIG_FILE = 'tokenizer_config.json';
const MAP_FILE = 'special_tokens_map.json';
// transformers' SPECIAL_TOKENS_ATTRIBUTES.
const TOKEN_KEYS = ['bos_token', 'eos_token', 'unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token'];
const LIST_KEY = 'additional_special_tokens';
// What @huggingface/tokenizers reads from tokenizer_config.json besides the special tokens.
const LIBRARY_FLAGS = ['remove_space', 'do_lowercase_and_remove_accent'];

export interface SpecialTokenFiles {
  /** tokenizer_config.json, as text or parsed. */
  config?: string | object;
  /** special_tokens_map.json, as text or parsed. */
  specialTokensMap?: string | object;
}

export interface SpecialTokens {
  bosToken?: string;
  eosToken?: string;
  /** tokenizer_config.json's add_bos_token. */
  addBos?: boolean;
  /** tokenizer_config.json's add_eos_token (not applied: fromTokenizerJson notes it). */
  addEos?: boolean;
  /** The part of tokenizer_config.json @huggingface/tokenizers reads, checked. */
  libraryConfig: Json;
  /** Every token the files name, with the file and key, for checkSpecialTokensKnown. */
  named: { where: string; token: string }[];
  /** transformers' special_tokens_map: bos_token, eos_token, ..., additional_special_tokens (what chat templates see). */
  map: Record<string, string | string[]>;
}

/** Throws TokenizerFormatError naming the file and key of anything malformed. */
export function readSpecialTokens(files: SpecialTokenFiles): SpecialTokens {
  const config = files.config === undefined ? {} : readJsonObject(files.config, CONFIG_FILE);
  const map = files.specialTokensMap === undefined ? {} : readJsonObject(files.specialTokensMap, MAP_FILE);
  const fromConfig = tokensOf(config, CONFIG_FILE);
  const fromMap = tokensOf(map, MAP_FILE);
  const tokens = { ...fromConfig.tokens, ...fromMap.tokens };
  const flag = (key: string): boolean | undefined => {
    const value = config[key];
    if (value === undefined || value === null || typeof value === 'boolean') return value ?? undefined;
    throw new TokenizerFormatError(`${CONFIG_FILE}: ${key} must be true or false, got ${describe(value)}`);
  };
  const libraryConfig: Json = { [LIST_KEY]: tokens[LIST_KEY] ?? [] };
  for (const key of LIBRARY_FLAGS) libraryConfig[key] = flag(key);
  const addBos = flag('add_bos_token');
  const addEos = flag('add_eos_token');
  return {
    ...(typeof tokens.bos_token === 'string' ? { bosToken: tokens.bos_token } : {}),
    ...(typeof tokens.eos_token === 'string' ? { eosToken: tokens.eos_token } : {}),
    ...(addBos === undefined ? {} : { addBos }),
    ...(addEos === undefined ? {} : { addEos }),
    libraryConfig,
    named: [...fromConfig.named, ...fromMap.named],
    map: tokens,
  };
}

/** Throws TokenizerFormatError unless every token the files name is in the vocabulary of `vocabFile`. */
export function checkSpecialTokensKnown(special: SpecialTokens, known: (token: string) => boolean, vocabFile: string): void {
  for (const { where, token } of special.named) {
    if (!known(token)) throw new TokenizerFormatError(`${where} ${show(token)} is not in the vocabulary of ${vocabFile}`);
  }
}

/** Tokens may be strings or AddedToken objects { content }; null means none. */
function tokensOf(json: Json, file: string): { tokens: Record<string, string | string[]>; named: SpecialTokens['named'] } {
  const named: SpecialTokens['named'] = [];
  const content = (value: unknown, key: string): string => {
    const text = isObject(value) ? value.content : value;
    if (typeof text !== 'string') {
      throw new TokenizerFormatError(`${file}: ${key} must be a string or an object with a string "content", got ${describe(value)}`);
    }
    named.push({ where: `${file}: ${key}`, token: text });
    return text;
  };
  const tokens: Record<string, string | string[]> = {};
  for (const key of TOKEN_KEYS) {
    if (json[key] !== undefined && json[key] !== null) tokens[key] = content(json[key], key);
  }
  const list = json[LIST_KEY];
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) throw new TokenizerFormatError(`${file}: ${LIST_KEY} must be a list, got ${describe(list)}`);
    tokens[LIST_KEY] = list.map((token, i) => content(token, `${LIST_KEY}[${i}]`));
  }
  return { tokens, named };
}
