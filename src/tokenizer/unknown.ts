// The typed characters a tokenizer cannot read: each becomes its unknown token, so a model sees
// another text than the one typed, which the CLI and the demos say rather than run in silence.

import type { Tokenizer } from './types.js';

/** Characters a note names before it counts the rest: a text in another script would list hundreds. */
const NAMED = 12;

/** unknownCharacters' result for a note: the first few, each as `quote` writes it, and a count of the rest. */
export function listUnknown(unknown: readonly string[], quote: (character: string) => string, separator = ', '): string {
  const named = unknown.slice(0, NAMED).map(quote).join(separator);
  return unknown.length > NAMED ? `${named} and ${unknown.length - NAMED} more` : named;
}

/** A character no vocabulary holds (the last private-use one): what the tokenizer makes of it is its unknown token. */
const UNREADABLE = '\u{10FFFD}';

/**
 * The characters of `text` that `tokenizer` reads as its unknown token: each encodes as a
 * character no vocabulary holds does. A byte-level or byte-fallback tokenizer reads every
 * character. A character that a normalizer changes into another the model reads (a DNA model's
 * lower-case bases, NFKC's "ﬁ", a lower-casing tokenizer's capitals) is not one of them, though it
 * does not decode as typed; nor is the unknown token's own character (the DNA model's N). Named as
 * typed characters (grapheme clusters): a combining accent or a joiner comes with its letter or emoji.
 */
export function unknownCharacters(tokenizer: Tokenizer, text: string): string[] {
  const readsBack = (original: string, decoded: string) => decoded === original || decoded === ` ${original}`; // SentencePiece's leading space
  const encode = (t: string) => tokenizer.encode(t, { bos: false });
  if (readsBack(text, tokenizer.decode(encode(text)))) return [];
  const unknown = encode(UNREADABLE);
  const same = (ids: number[]) => ids.length === unknown.length && ids.every((id, i) => id === unknown[i]);
  const unknownText = tokenizer.decode(unknown);
  const unreadable = new Set([...new Set(text)].filter((c) => c !== UNREADABLE && same(encode(c)) && !readsBack(c, unknownText)));
  if (unreadable.size === 0) return [];
  // Walked, not spread: V8's segment objects each hold the input, and a list of them is quadratic in
  // memory (a 120 kB prompt ran the CLI out of its heap).
  const found = new Set<string>();
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if ([...segment].some((c) => unreadable.has(c))) found.add(segment);
  }
  return [...found];
}
