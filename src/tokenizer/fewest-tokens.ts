// A lower bound on how many tokens a tokenizer.json's pipeline makes of a text, without encoding
// it: a prompt far longer than the context is refused at once instead of after a whole encode
// (a 1 MB prompt took 11.6 s with TinyStories-656K, whose SentencePiece-style BPE reads the whole
// text as one word). Tests: tests/tokenizer/fewest-tokens.test.ts.
//
// Why it holds: where no part of the pipeline drops characters, each token stands for at most
// `longest` characters (a vocabulary token its own length, an added token the text it is matched
// as, a byte token one byte), so c counted characters need at least ceil(c / longest) tokens.
// Characters some token can stand for a run of any length of are not counted:
// - with fuse_unk (runs of <unk> fuse into one) and not every byte token, only characters that are
//   tokens by themselves and that the pipeline leaves as they are; none of the unknown token's own
//   text where the model can make it;
// - where an added token swallows the whitespace beside it (lstrip, rstrip), no whitespace, nor the
//   characters the normalizers turn into whitespace (Replaces, followed back through each other).
// A part that can drop characters (NFC composes, Strip and Whitespace drop, tokenizer_config.json's
// remove_space collapses spaces) leaves the pipeline without a bound, as do the BPE options the
// library reads otherwise than Rust (continuing_subword_prefix, end_of_word_suffix: pieces outside
// the vocabulary, dropped or fused).

import { isObject, type Json } from './json.js';
import { pipelineSteps } from './pipeline-json.js';
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
  Metaspace: () => new Set(' '), // its replacement is one character (pipeline-json.ts)
  Split: (part) => (part.behavior === 'Removed' || part.invert === true ? undefined : NONE), // inverted, it keeps the matches alone
  Punctuation: (part) => (part.behavior === 'Removed' ? undefined : NONE),
  Digits: () => NONE,
  FixedLength: () => NONE,
};

/** What `parts` change, if none drops a character. */
function changes(parts: Json[]): Changed | undefined {
  let changed: Changed = NONE;
  for (const part of parts) {
    const more = KEEPS_EVERY_CHARACTER[String(part.type)]?.(part);
    if (more === undefined) return undefined;
    changed = changed === 'all' || more === 'all' ? 'all' : new Set([...changed, ...more]);
  }
  return changed;
}

const mergedText = (merge: unknown): string => (Array.isArray(merge) ? merge.join('') : String(merge).replace(' ', ''));

/**
 * `text` -> at most the number of tokens encode(text) gives (BOS aside), for a checked
 * tokenizer.json `spec` whose vocabulary, added tokens included, is `vocab`, run with the library's
 * `config` (tokenizer_config.json's flags); `matchedAs`, the texts the library matches added tokens
 * as (a normalized one's content normalized). Undefined where the pipeline has no such bound (see above).
 */
export function fewestTokensOf(spec: Json, vocab: readonly string[], config: Json, matchedAs: readonly string[]): ((text: string) => number) | undefined {
  // Both collapse or strip characters before the pipeline.
  if (config.remove_space === true || config.do_lowercase_and_remove_accent === true) return undefined;
  const model = spec.model as Json;
  if (model.type !== 'BPE') return undefined; // WordPiece's and Unigram's unknown tokens cover whole runs
  if (model.continuing_subword_prefix || model.end_of_word_suffix) return undefined;
  const normalizers = pipelineSteps(spec.normalizer as Json | null | undefined);
  const preTokenizers = pipelineSteps(spec.pre_tokenizer as Json | null | undefined);
  const changed = changes([...normalizers, ...preTokenizers]);
  if (changed === undefined) return undefined;
  let longest = 1;
  for (const token of [...vocab, ...matchedAs]) longest = Math.max(longest, codePoints(token));

  const uncounted = new Set<string>();
  // The library trims JavaScript's \s beside a stripping added token, in the normalized text.
  const added = Array.isArray(spec.added_tokens) ? spec.added_tokens.filter(isObject) : [];
  const strips = added.some((t) => t.lstrip === true || t.rstrip === true);
  if (strips) {
    // Back through the normalizers: a Replace that writes whitespace, or an uncounted character.
    for (let i = normalizers.length - 1; i >= 0; i--) {
      const part = normalizers[i]!;
      const content = String(part.content);
      if (part.type === 'Replace' && (/\s/.test(content) || [...content].some((c) => uncounted.has(c)))) {
        for (const c of String((part.pattern as Json).String)) uncounted.add(c);
      } else if (uncounted.size && changes([part]) === 'all') {
        return undefined; // any character may become one that turns into whitespace later
      }
    }
  }
  const known = new Set(vocab);
  const fuses = model.fuse_unk === true;
  const unk = typeof model.unk_token === 'string' ? model.unk_token : undefined;
  const merges = Array.isArray(model.merges) ? model.merges : [];
  // The model makes <unk>'s own text where it is one character, a merge, or a word (ignore_merges): fused with its neighbours.
  if (fuses && unk !== undefined && (codePoints(unk) === 1 || model.ignore_merges === true || merges.some((m) => mergedText(m) === unk))) {
    for (const c of unk) uncounted.add(c);
  }
  let spelled: Set<string> | undefined;
  if (fuses && !(model.byte_fallback === true && BYTE_TOKENS.every((t) => known.has(t)))) {
    // A character is a symbol of its own where the vocabulary has it alone and the pipeline leaves it so.
    if (changed === 'all') return undefined;
    spelled = new Set(vocab.filter((token) => codePoints(token) === 1 && !changed.has(token)));
  }
  if (!spelled && !strips && uncounted.size === 0) return (text) => Math.ceil(codePoints(text) / longest);
  const counts = (c: string): boolean => (!spelled || spelled.has(c)) && !uncounted.has(c) && !(strips && /\s/.test(c));
  return (text) => {
    let counted = 0;
    for (const c of text) if (counts(c)) counted++;
    return Math.ceil(counted / longest);
  };
}
