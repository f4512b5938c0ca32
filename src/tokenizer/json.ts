// Reading the tokenizer's JSON files (tokenizer.json, tokenizer_config.json, special_tokens_map.json) strictly:
// UTF-8 only, one JSON object, no key given twice (JSON.parse would keep the last silently, leaving a token
// without its id); and how an error shows a value found. Not the checks of what the JSON says.

import { repeatedKeyIn } from '../json-keys.js';
import { utf8Failure } from '../utf8.js';
import { describe } from '../value-words.js';
import { TokenizerFormatError } from './types.js';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The bytes of `file` as text; a leading byte-order mark is dropped. */
export function utf8Text(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new TokenizerFormatError(`${file}: ${utf8Failure(e, bytes.byteLength)}`);
  }
}

/** `input` parsed when it is text, taken as is when already parsed; throws unless it is a JSON object. */
export function readJsonObject(input: string | object, file: string): Json {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      // JSON.parse quotes the text where it failed: control characters (a binary file's) are escaped, not written to a terminal.
      const said = (e as Error).message.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      throw new TokenizerFormatError(`${file}: not valid JSON (${said})`);
    }
    const repeated = repeatedKeyIn(input);
    if (repeated) throw new TokenizerFormatError(`${file}: the key ${repeated.key} appears twice${repeated.inside}`);
  }
  if (!isObject(value)) throw new TokenizerFormatError(`${file}: the JSON is ${describe(value)}, not an object`);
  return value;
}

