// heldBack (src/model/stop-text.ts), the tail of generated text held back because it could still
// grow into a stop string, against its definition tried length by length, over texts and stop
// strings of a small alphabet (so that suffixes and prefixes meet often), a surrogate pair included.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heldBack } from '../../src/model/stop-text.js';

/** The longest suffix of `text` that is a proper prefix of a stop string: each length tried. */
function byDefinition(text: string, stops: string[]): number {
  let hold = 0;
  for (const s of stops) {
    for (let n = 1; n < s.length && n <= text.length; n++) if (text.endsWith(s.slice(0, n))) hold = Math.max(hold, n);
  }
  return hold;
}

const letters = fc.constantFrom('a', 'b', 'c', '\u{1F600}');
const text = fc.array(letters, { maxLength: 30 }).map((l) => l.join(''));
const stop = fc.array(letters, { minLength: 1, maxLength: 12 }).map((l) => l.join(''));

describe('heldBack', () => {
  it('is the longest suffix of the text that a stop string begins with, shorter than it', () => {
    fc.assert(fc.property(text, fc.array(stop, { minLength: 1, maxLength: 3 }), (t, stops) => heldBack(stops)(t) === byDefinition(t, stops)), { numRuns: 3000, seed: 17 });
  });

  it('holds back what a long stop string could still become, and nothing of a text that cannot begin one', () => {
    const long = 'ab'.repeat(5000) + 'c';
    expect(heldBack([long])('xx' + 'ab'.repeat(4000))).toBe(8000);
    expect(heldBack([long])('xx' + 'ab'.repeat(4000) + 'a')).toBe(8001);
    expect(heldBack([long])('ab'.repeat(4000) + 'b')).toBe(0);
    expect(heldBack(['abc', 'b'])('zab')).toBe(2); // a one-character stop holds nothing back: it is found, not forming
  });
});
