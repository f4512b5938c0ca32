// Decoding the small JSON files of a checkpoint (config.json, the shard index) with errors that name the file.
// Not the safetensors header (safetensors.ts reports its own, more specific errors).
// Tests: tests/model/loaders.test.ts.

import { WeightFormatError } from '../../errors.js';

export type JsonObject = Record<string, unknown>;

export function parseJsonObject(bytes: Uint8Array, file: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new WeightFormatError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(value)) throw new WeightFormatError(`${file} must hold a JSON object`);
  return value;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
