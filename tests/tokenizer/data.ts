// Reads the shared test data (../shared/data from the repo root, read-only, never copied in).
// Helpers only; the tests are the *.test.ts files beside it.

import { readFileSync } from 'node:fs';
import { dataPath } from '../support/data.js';

export const readBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(dataPath(path)));
export const readText = (path: string): string => readFileSync(dataPath(path), 'utf8');

/** Deterministic bytes for "garbage file" tests (xorshift32). */
export function pseudoRandomBytes(n: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
