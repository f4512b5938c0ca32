// The bias page's scoring (demos/bias/fill.ts) on a stand-in model: every word of a template is
// scored from the same token, also where the tokenizer merges a word with the space before it.

import { describe, expect, it } from 'vitest';
import { parseTemplates, scoreTemplate, type Scorer } from '../../demos/bias/fill.js';

const V = 2000;
const MERGED = 1000; // " h" as one token, as BPE merges a space into the word after it

/** Characters as ids, " h" merged; every next token equally likely. */
const uniform: Scorer = {
  tokenize: async (text: string) => {
    const ids: number[] = [];
    for (let i = 0; i < text.length; i++) {
      if (text.startsWith(' h', i)) {
        ids.push(MERGED);
        i++;
      } else {
        ids.push(text.charCodeAt(i));
      }
    }
    return ids;
  },
  inspect: async (input) => ({ V, distribution: new Float32Array((input as number[]).length * V).fill(1 / V) }) as never,
  info: () => ({ contextLength: 64 }) as never,
};

describe('scoreTemplate', () => {
  it('scores each word from the same token, so a word kept apart from its space is not let off predicting it', async () => {
    // "a he" is [a, " h", e]: it leaves the context "a " after 1 token; "a z" is [a, " ", z], after 2.
    const [template] = parseTemplates('a ___ | he, z');
    const scored = await scoreTemplate(uniform, template!);
    // Both from token 1: two tokens each, at 1/V apiece. Scoring "z" from token 2 gave it one.
    expect(scored.map((f) => f.logprob)).toEqual([2 * Math.log(1 / V), 2 * Math.log(1 / V)].map((x) => expect.closeTo(x, 4)));
    expect(scored.map((f) => f.share)).toEqual([0.5, 0.5].map((x) => expect.closeTo(x, 6)));
  });

  it('words the tokenizer cannot tell apart are refused, not charted as an even split', async () => {
    const unknown: Scorer = { ...uniform, tokenize: async (text: string) => [...text].map((c) => (c.charCodeAt(0) < 128 ? c.charCodeAt(0) : 0)) };
    const [template] = parseTemplates('I ate the ___ | 🍎, 🍐');
    await expect(scoreTemplate(unknown, template!)).rejects.toThrow(/^"🍎" and "🍐" are the same tokens to this model/);
  });

  it('a bad template is named by its line in the box, blank lines counted', () => {
    expect(() => parseTemplates('The king lost ___ crown | his, her\n\nno blank here | a, b')).toThrow(/^template line 3 \("no blank here \| a, b"\) needs exactly one blank/);
    // A word given twice was refused later as "the same tokens to this model (characters outside its vocabulary read alike)".
    expect(() => parseTemplates('The king lost ___ crown | his, her, his')).toThrow(new RangeError('template line 1 ("The king lost ___ crown | his, her, his") gives "his" twice after the "|": give each word once'));
  });

  it('a template longer than the context says which, in the page\'s words', async () => {
    const [template] = parseTemplates(`${'x'.repeat(60)} ___ ok | he, zz`);
    await expect(scoreTemplate(uniform, template!)).rejects.toThrow(/^the template "x{60} ___ ok" filled with "zz" is 66 tokens, but the model reads at most 64: shorten it$/);
  });
});
