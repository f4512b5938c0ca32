// describe() names a refused value in messages (src/value-words.ts): by its kind or class, with the
// article read aloud, never by a function's source or "[object Object]".

import { describe as suite, expect, it } from 'vitest';
import { describe } from '../src/value-words.js';

suite('describe()', () => {
  it('names values by kind, and objects by their class with its article', () => {
    class HTMLThing {}
    const cases: Array<[unknown, string]> = [
      [undefined, 'nothing'], [null, 'null'], [-1, '-1'], ['ab', '"ab"'], [[1], 'an array'], [{ a: 1 }, 'an object'],
      [Object.create(null), 'an object'], [() => 1, 'a function'], [new Int32Array(1), 'an Int32Array'],
      [new Uint8Array(1), 'a Uint8Array'], [new AbortController(), 'an AbortController'], [new Map(), 'a Map'],
      [new URL('file:///x'), 'a URL'], [new HTMLThing(), 'an HTMLThing'],
    ];
    for (const [value, said] of cases) expect(describe(value), said).toBe(said);
  });
});
