// Declared checks of JSON fields for the tokenizer.json checks (tokenizer-json.ts, pipeline-json.ts):
// what each field must be, and one function that checks an object against them, naming the field.
// Not the checks that relate fields to each other (vocabulary, merges, ids); those are beside their format.

import { isObject, type Json } from './json.js';
import { describe } from '../value-words.js';

/** Throws: `path` names the field (model.vocab["a"]), `why` says what is wrong. */
export type Fail = (path: string, why: string) => never;

export interface Field {
  ok: (v: unknown) => boolean;
  want: string;
  /** For a value of the right form that `ok` still refuses: the specific reason, said instead of `want`. */
  why?: (v: unknown) => string | undefined;
}

/** Field name -> what it must be; a name ending in "?" may be absent (null only where orNull says so, as in Rust). */
export type Schema = Record<string, Field>;

// Ids travel to the GPU as 32-bit integers.
const MAX_ID = 2 ** 31 - 1;

export const isId = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_ID;
export const ID: Field = { ok: isId, want: `an id (an integer in 0..${MAX_ID})` };
export const STRING: Field = { ok: (v) => typeof v === 'string', want: 'a string' };
export const TOKEN: Field = { ok: (v) => typeof v === 'string' && v !== '', want: 'a non-empty string' };
export const BOOL: Field = { ok: (v) => typeof v === 'boolean', want: 'true or false' };
export const COUNT: Field = { ok: (v) => Number.isSafeInteger(v) && (v as number) >= 0, want: 'a non-negative integer' };
export const POSITIVE: Field = { ok: (v) => Number.isSafeInteger(v) && (v as number) > 0, want: 'a positive integer' };
export const PROBABILITY: Field = { ok: (v) => typeof v === 'number' && v >= 0 && v <= 1, want: 'a probability in 0..1' };
export const LIST: Field = { ok: Array.isArray, want: 'a list' };
export const OBJECT: Field = { ok: isObject, want: 'an object' };
export const orNull = (field: Field): Field => ({ ok: (v) => v === null || field.ok(v), want: `${field.want} or null` });
export const oneOf = (...values: string[]): Field => ({ ok: (v) => values.includes(v as string), want: `one of ${values.join(', ')}` });

export function checkFields(obj: Json, schema: Schema, path: string, fail: Fail): void {
  for (const [key, field] of Object.entries(schema)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const value = obj[name];
    if (optional && value === undefined) continue;
    if (field.ok(value)) continue;
    const why = field.why?.(value);
    fail(`${path}.${name}`, why ?? `must be ${field.want}, got ${describe(value)}`);
  }
}
