// Decoding the JSON of a checkpoint (config.json, generation_config.json, the shard index, the safetensors
// header) strictly: UTF-8 only, and a key given twice is an error, since JSON.parse would keep the last silently.
// Not the checks of what the JSON says (hf-config.ts, safetensors.ts). Tests: tests/model/loaders*.test.ts.

import { WeightFormatError } from '../../errors.js';
import { repeatedKeyIn } from '../../json-keys.js';
import { utf8Failure } from '../../utf8.js';

export type JsonObject = Record<string, unknown>;

/** `what` names the file (and part of it) in errors, e.g. "config.json" or "model.safetensors: header". */
export function parseJsonObject(bytes: Uint8Array, what: string): JsonObject {
  let text: string;
  try {
    // ignoreBOM keeps a byte-order mark in the text, to be refused as Python's json refuses it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (e) {
    throw new WeightFormatError(`${what} is ${utf8Failure(e, bytes.byteLength)}`);
  }
  if (text.charCodeAt(0) === 0xfeff) throw new WeightFormatError(`${what} starts with a byte-order mark, which JSON does not allow`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new WeightFormatError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(value)) throw new WeightFormatError(`${what} must hold a JSON object`);
  const repeated = repeatedKeyIn(text);
  if (repeated) throw new WeightFormatError(`${what} gives the key ${repeated.key} twice${repeated.inside}: which one is meant is ambiguous`);
  return value;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
