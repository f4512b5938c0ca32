// Character-level tokenizers: id i is the i-th character (code point) of an alphabet, as in
// nanoGPT's shakespeare_char, plus a nucleotide preset. No BOS/EOS and no fallback: a character
// outside the alphabet throws. The same tokenizers as tokenizer.json files: character-json.ts.
// Tests: tests/tokenizer/characters.test.ts.

import { checkId, type Tokenizer } from './types.js';

/** A, C, G, T, N (unknown base) and the newline that separates FASTA lines. */
export const NUCLEOTIDES = 'ACGTN\n';

/** IUPAC codes for a base known only to be one of several (R = A or G, ...): N says as much for a model. */
export const IUPAC_AMBIGUITY = 'RYKMSWBDHV';

/** The sorted distinct characters of `text`: nanoGPT's `sorted(list(set(data)))`. */
export function alphabetOf(text: string): string {
  // Sort by code point like Python; JS's default sort compares UTF-16 units.
  return [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).join('');
}

export function fromAlphabet(alphabet: string): Tokenizer {
  const chars = [...alphabet];
  if (chars.length === 0) throw new Error('a character tokenizer needs a non-empty alphabet');
  const ids = new Map<string, number>();
  chars.forEach((ch, id) => {
    if (ids.has(ch)) throw new Error(`the alphabet repeats ${describeCharacter(ch)} (ids ${ids.get(ch)} and ${id})`);
    ids.set(ch, id);
  });
  const decode = (tokens: number[]): string =>
    tokens.map((id) => (checkId(id, chars.length), chars[id])).join('');
  return {
    vocabSize: chars.length,
    eosIds: [],
    eosTexts: [],
    encode(text, opts = {}) {
      if (opts.bos) throw new Error('a character tokenizer has no BOS token');
      const out: number[] = [];
      let offset = 0; // in UTF-16 units, as String.prototype.slice counts
      for (const ch of text) {
        const id = ids.get(ch);
        if (id === undefined) {
          throw new Error(`${describeCharacter(ch)} at offset ${offset} is not in the ${chars.length}-character alphabet`);
        }
        out.push(id);
        offset += ch.length;
      }
      return out;
    },
    decode,
    // Every id is a whole character, so nothing is ever held back.
    createStreamDecoder: () => ({ push: (id) => decode([id]), flush: () => '' }),
  };
}

export function nucleotideTokenizer(): Tokenizer {
  return fromAlphabet(NUCLEOTIDES);
}

/** `character "é" (U+00E9)`: the character and its code point, for errors. */
export function describeCharacter(ch: string): string {
  const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `character ${JSON.stringify(ch)} (U+${hex})`;
}
