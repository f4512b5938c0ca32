// Character and nucleotide tokenizers written as Hugging Face tokenizer.json files, so a checkpoint
// carries its tokenizer in the standard layout and @huggingface/tokenizers (through huggingface.ts)
// runs it. Builds the JSON only; loading is index.ts. Tests: tests/train/tokenizer-json.test.ts.
//
// The model is a BPE with no merges whose vocabulary is the alphabet's single characters (WordLevel
// is not in @huggingface/tokenizers). With no pre-tokenizer and no normalizer the whole text is one
// word that BPE splits into code points, each its own id; the Fuse decoder concatenates tokens
// back (without a decoder the library joins them with spaces). So every string over the alphabet
// round-trips exactly, newlines and runs of spaces included. BPE needs an unknown token to pass
// tokenizer-json.ts (else text outside the vocabulary would vanish): see CharacterJsonOptions.

import { describeCharacter, IUPAC_AMBIGUITY, NUCLEOTIDES } from './characters.js';

export interface CharacterJsonOptions {
  /**
   * What a character outside the alphabet encodes to, a single character. Default U+FFFD (the
   * replacement character), given the last id unless the alphabet has it; a character of the
   * alphabet adds no id (the nucleotide tokenizer uses N).
   */
  unknown?: string;
}

/**
 * A tokenizer.json giving alphabet[i] the id i (plus the unknown character, when it is not in the
 * alphabet, the next id). Each entry must be one code point, none repeated; `alphabet` may be a
 * string (its code points) or a list.
 */
export function characterTokenizerJson(alphabet: Iterable<string>, options: CharacterJsonOptions = {}): object {
  const chars = [...alphabet];
  const unknown = options.unknown ?? '\uFFFD';
  if (chars.length === 0) throw new Error('a character tokenizer needs a non-empty alphabet');
  const vocab: Record<string, number> = Object.create(null);
  chars.forEach((ch, id) => {
    if (typeof ch !== 'string' || [...ch].length !== 1) throw new Error(`alphabet[${id}] must be a single character, got ${JSON.stringify(ch)}`);
    if (vocab[ch] !== undefined) throw new Error(`the alphabet repeats ${describeCharacter(ch)} (ids ${vocab[ch]} and ${id})`);
    vocab[ch] = id;
  });
  if ([...unknown].length !== 1) throw new Error(`the unknown character must be a single character, got ${JSON.stringify(unknown)}`);
  if (vocab[unknown] === undefined) vocab[unknown] = chars.length;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: null,
    post_processor: null,
    decoder: { type: 'Fuse' },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: unknown,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: { ...vocab },
      merges: [],
    },
  };
}

const replace = (pattern: { String: string } | { Regex: string }, content: string) => ({ type: 'Replace', pattern, content });

/**
 * A, C, G, T, N and newline with the ids of nucleotideTokenizer() (0..5), as a tokenizer.json. Its
 * normalizer folds lower case to upper (soft-masked repeats are ordinary bases) and turns the IUPAC
 * ambiguity codes R Y K M S W B D H V, either case, into N; anything else (U, gaps, digits, spaces)
 * is unknown and encodes to N as well. Only strings over ACGTN and newline round-trip unchanged.
 */
export function nucleotideTokenizerJson(): object {
  const folds = [...'acgtn'].map((base) => replace({ String: base }, base.toUpperCase()));
  const ambiguity = `[${IUPAC_AMBIGUITY}${IUPAC_AMBIGUITY.toLowerCase()}]`;
  return {
    ...characterTokenizerJson(NUCLEOTIDES, { unknown: 'N' }),
    normalizer: { type: 'Sequence', normalizers: [replace({ Regex: ambiguity }, 'N'), ...folds] },
  };
}
