// A lower bound on how many tokens a tokenizer.json's pipeline makes of a text, without encoding
// it: a prompt far longer than the context is refused at once instead of after a whole encode
// (a 1 MB prompt took 11.6 s with TinyStories-656K, whose SentencePiece-style BPE reads the whole
// text as one word). Tests: tests/tokenizer/fewest-tokens.test.ts.
//
// Why it holds: where no part of the pipeline drops characters, each token stands for at most
// `longest` characters (its own length; an added token its content, a byte token one byte), so c
// counted characters need at least ceil(c / longest) tokens. Where runs of unknown characters fuse
// into one <unk> (fuse_unk without every byte token), only characters that are tokens by themselves,
// and that the pipeline leaves as they are, are counted: each starts a symbol no <unk> swallows.
// Where an added token swallows the whitespace beside it (lstrip, rstrip), whitespace is not
// counted. A part that can drop characters (NFC composes, Strip and Whitespace drop,
// tokenizer_config.json's remove_space collapses spaces) leaves the pipeline without a bound.

import { isObject, type Json } from './json.js';
import { BYTE_TOKENS } from './tokenizer-json.js';

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** The characters a part may change into others: listed, or all of them. */
type Changed = Set<string> | 'all';

/** A Replace that writes at least as many characters as it matches: the pattern's characters change. */
function replaceChanges(replace: Json): Changed | undefined {
  const pattern = isObject(replace.pattern) ? replace.pattern.String : undefined;
  if (typeof pattern !== 'string' || typeof replace.content !== 'string' || codePoints(replace.content) < codePoints(pattern)) return undefined;
  return new Set(pattern);
}

const NONE: Changed = new Set();

/** Normalizers and pre-tokenizers that drop no character (they add, replace, decompose or split); undefined for the others. */
const KEEPS_EVERY_CHARACTER: Record<string, (part: Json) => Changed | undefined> = {
  Prepend: () => NONE,
  Replace: replaceChanges,
  NFD: () => 'all', // decompositions are never shorter
  NFKD: () => 'all',
  Lowercase: () => 'all', // Unicode's lowercase mappings are never empty
  ByteLevel: () => 'all', // one character per byte
  Metaspace: () => new Set(' '),
  Split: (part) => (part.behavior === 'Removed' || part.invert === true ? undefined : NONE), // inverted, it keeps the matches alone
  Punctuation: (part) => (part.behavior === 'Removed' ? undefined : NONE),
  Digits: () => NONE,
  FixedLength: () => NONE,
};

/** What `part` (a normalizer or pre-tokenizer, or none) changes, if it drops no character. */
function changes(part: unknown): Changed | undefined {
  if (part === null || part === undefined) return NONE;
  if (!isObject(part)) return undefined;
  if (part.type === 'Sequence') {
    const children = part.normalizers ?? part.pretokenizers;
    return Array.isArray(children) ? children.map(changes).reduce(union, NONE) : undefined;
  }
  return KEEPS_EVERY_CHARACTER[String(part.type)]?.(part);
}

function union(a: Changed | undefined, b: Changed | undefined): Changed | undefined {
  if (a === undefined || b === undefined) return undefined;
  return a === 'all' || b === 'all' ? 'all' : new Set([...a, ...b]);
}

/**
 * `text` -> at most the number of tokens encode(text) gives (BOS aside), for a checked
 * tokenizer.json `spec` whose vocabulary, added tokens included, is `vocab`, run with the library's
 * `config` (tokenizer_config.json's flags); undefined where the pipeline has no such bound (see above).
 */
export function fewestTokensOf(spec: Json, vocab: readonly string[], config: Json): ((text: string) => number) | undefined {
  // Both collapse or strip characters before the pipeline.
  if (config.remove_space === true || config.do_lowercase_and_remove_accent === true) return undefined;
  const model = spec.model as Json;
  if (model.type !== 'BPE') return undefined; // WordPiece's and Unigram's unknown tokens cover whole runs
  const added = Array.isArray(spec.added_tokens) ? spec.added_tokens.filter(isObject) : [];
  // An added token that strips the whitespace beside it (the library trims JavaScript's \s) stands
  // for a run of any length of it: whitespace is not counted then.
  const strips = added.some((t) => t.lstrip === true || t.rstrip === true);
  const changed = union(changes(spec.normalizer), changes(spec.pre_tokenizer));
  if (changed === undefined) return undefined;
  let longest = 1;
  for (const token of vocab) longest = Math.max(longest, codePoints(token));

  const known = new Set(vocab);
  const fuses = model.fuse_unk === true && !(model.byte_fallback === true && BYTE_TOKENS.every((t) => known.has(t)));
  // A character is a symbol of its own where the vocabulary has it alone (a prefix or suffix would change it).
  if (fuses && (changed === 'all' || model.continuing_subword_prefix || model.end_of_word_suffix)) return undefined;
  const spelled = fuses ? new Set(vocab.filter((token) => codePoints(token) === 1 && !(changed as Set<string>).has(token))) : undefined;
  if (!spelled && !strips) return (text) => Math.ceil(codePoints(text) / longest);
  const counts = (c: string): boolean => (!spelled || spelled.has(c)) && !(strips && /\s/.test(c));
  return (text) => {
    let counted = 0;
    for (const c of text) if (counts(c)) counted++;
    return Math.ceil(counted / longest);
  };
}
