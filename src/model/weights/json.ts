// Decoding the JSON of a checkpoint (config.json, generation_config.json, the shard index, the safetensors
// header) strictly: UTF-8 only, and a key given twice is an error, since JSON.parse would keep the last silently.
// Not the checks of what the JSON says (hf-config.ts, safetensors.ts). Tests: tests/model/loaders*.test.ts.

import { WeightFormatError } from '../../errors.js';

export type JsonObject = Record<string, unknown>;

/** `what` names the file (and part of it) in errors, e.g. "config.json" or "model.safetensors: header". */
export function parseJsonObject(bytes: Uint8Array, what: string): JsonObject {
  let text: string;
  try {
    // ignoreBOM keeps a byte-order mark in the text, to be refused as Python's json refuses it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new WeightFormatError(`${what} is not UTF-8 text`);
  }
  if (text.charCodeAt(0) === 0xfeff) throw new WeightFormatError(`${what} starts with a byte-order mark, which JSON does not allow`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new WeightFormatError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(value)) throw new WeightFormatError(`${what} must hold a JSON object`);
  const repeated = repeatedKey(text);
  if (repeated) {
    const inside = repeated.parents.length ? ` inside ${repeated.parents.map((p) => JSON.stringify(p)).join(' > ')}` : '';
    throw new WeightFormatError(`${what} gives the key ${JSON.stringify(repeated.key)} twice${inside}: which one is meant is ambiguous`);
  }
  return value;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The first key that appears twice in one object of `text`, which must be valid JSON, with the keys of the
 * objects around it. One pass with an explicit stack, so deep nesting cannot overflow the call stack.
 */
export function repeatedKey(text: string): { key: string; parents: string[] } | undefined {
  const open: { keys: Set<string> | undefined; name: string }[] = []; // keys: undefined for an array
  let expectKey = false;
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const parent = open.at(-1);
      open.push({ keys: c === 0x7b ? new Set() : undefined, name: parent?.keys ? lastKey : '[]' });
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = open.at(-1)?.keys !== undefined;
    } else if (c === 0x3a /* : */) {
      expectKey = false;
    } else if (c === 0x22 /* " */) {
      let end = i + 1;
      let escaped = false;
      for (; end < text.length && text.charCodeAt(end) !== 0x22; end++) {
        if (text.charCodeAt(end) === 0x5c /* \ */) {
          escaped = true;
          end++;
        }
      }
      if (expectKey) {
        // Escapes decode first: "a" and "\u0061" are the same key to JSON.parse.
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        const keys = open.at(-1)!.keys!;
        if (keys.has(key)) return { key, parents: open.slice(1).map((o) => o.name) };
        keys.add(key);
        lastKey = key;
      }
      i = end;
    }
  }
  return undefined;
}
