// The tokenizer training data goes through, and its tokenisation into a Uint32Array: a character
// tokenizer (alphabet given, or that of the text), the nucleotide tokenizer, or a given
// tokenizer.json. Each is a tokenizer.json (written into the checkpoint) run by the project's own
// loader. A character the tokenizer cannot represent is an error naming it and its first position.
// Not splitting (split.ts) or batching (batches.ts). Tests: tests/train/tokens.test.ts.

import { TrainingDataError } from '../../errors.js';
import { alphabetOf, describeCharacter, NUCLEOTIDES } from '../../tokenizer/characters.js';
import { characterTokenizerJson, nucleotideTokenizerJson } from '../../tokenizer/character-json.js';
import { fromTokenizerJson, type JsonTokenizer } from '../../tokenizer/huggingface.js';
import { codePoints } from './split.js';

export type TokenizerChoice =
  /** Ids in code-point order of `alphabet`, default the sorted characters of all the data (nanoGPT's shakespeare_char). */
  | { kind: 'char'; alphabet?: Iterable<string> }
  /** A C G T N and newline (character-json.ts). */
  | { kind: 'nucleotide' }
  /** A tokenizer.json's text or parsed object; `name` is the file in errors. */
  | { kind: 'tokenizer.json'; json: string | object; name?: string };

export interface DataTokenizer {
  tokenizer: JsonTokenizer;
  /** The tokenizer.json to save beside the weights. */
  json: object;
  /** Character -> id of a character or nucleotide tokenizer, for exactly the characters it represents; absent for a given tokenizer.json. */
  alphabet?: ReadonlyMap<string, number>;
}

/** `text` is all the data (training and held-out) when the alphabet comes from it. */
export function buildTokenizer(choice: TokenizerChoice, text: string): DataTokenizer {
  switch (choice.kind) {
    case 'char': {
      const alphabet = [...(choice.alphabet ?? alphabetOf(text))];
      return fromJson(characterTokenizerJson(alphabet), 'the character tokenizer', alphabet);
    }
    case 'nucleotide':
      // Exactly ACGTN and newline: the normalizer's case folding must not hide raw data the FASTA loader never saw.
      return fromJson(nucleotideTokenizerJson(), 'the nucleotide tokenizer', [...NUCLEOTIDES]);
    case 'tokenizer.json': {
      const name = choice.name ?? 'tokenizer.json';
      const tokenizer = fromTokenizerJson(choice.json, { name });
      // Parsed only once the file is known good, so its errors are the loader's.
      const json = typeof choice.json === 'string' ? (JSON.parse(choice.json) as object) : choice.json;
      return { tokenizer, json };
    }
    default: // JavaScript callers, or a choice read from JSON, can pass any kind
      if (typeof choice !== 'object' || choice === null) throw new TypeError(`data.tokenizer must be an object such as { kind: 'char' }, got ${JSON.stringify(choice)}`);
      throw new RangeError(`tokenizer kind must be 'char', 'nucleotide' or 'tokenizer.json', got ${JSON.stringify((choice as { kind?: unknown }).kind)}`);
  }
}

/** `alphabet[i]` has id i in `json`, as character-json.ts writes it. */
function fromJson(json: object, name: string, alphabet: string[]): DataTokenizer {
  return { tokenizer: fromTokenizerJson(json, { name }), json, alphabet: new Map(alphabet.map((ch, id) => [ch, id])) };
}

/**
 * The ids of `text` (`name` is the file, in errors; `before`, the file's text before this part,
 * so positions count from the file's start). Throws naming the first character the tokenizer does
 * not represent: outside the alphabet, or for a given tokenizer.json, the first place where
 * decoding the ids does not give the text back (no token for it, or a normalizer changed it). An
 * empty text is an error too.
 */
export function encodeText(data: DataTokenizer, text: string, name: string, before = ''): Uint32Array {
  const where = (offset: number) => position(before + text, before.length + offset);
  if (text.length === 0) throw new TrainingDataError(`${name}: the corpus is empty`);
  const alphabet = data.alphabet;
  if (alphabet) {
    // The library's encode gives the same ids (tests/train/tokens.test.ts) but takes seconds over a megabyte.
    const ids = new Uint32Array(codePoints(text));
    let i = 0;
    let offset = 0;
    for (const ch of text) {
      const id = alphabet.get(ch);
      if (id === undefined) {
        throw new TrainingDataError(`${name}: ${describeCharacter(ch)} at ${where(offset)} is not in the tokenizer's ${alphabet.size}-character alphabet: ${fixFor(ch, text[offset + ch.length])}`);
      }
      ids[i++] = id;
      offset += ch.length;
    }
    return ids;
  }
  // A special token's text in the corpus ("<|endoftext|>" between documents) is its id, as in a
  // prompt: compared spelled out, since decode() drops special tokens.
  const ids = Uint32Array.from(data.tokenizer.encode(text, { bos: false }));
  const back = data.tokenizer.decodeSpelled([...ids]);
  if (back !== text) {
    let at = 0;
    while (back[at] === text[at]) at++;
    if (at > 0 && isHighSurrogate(text.charCodeAt(at - 1))) at--; // report whole characters
    const ch = at < text.length ? String.fromCodePoint(text.codePointAt(at)!) : undefined;
    const excerpt = (s: string) => JSON.stringify(s.slice(at, at + 12));
    throw new TrainingDataError(`${name}: ${ch === undefined ? 'the end of the text' : describeCharacter(ch)} at ${where(at)} does not survive the tokenizer: the text reads ${excerpt(text)} there, its decoded ids ${excerpt(back)} (no token for it, or the normalizer changes it)${ch === undefined ? '' : `: ${fixFor(ch, text[at + ch.length])}`}`);
  }
  return ids;
}

/**
 * What to do about a character the tokenizer cannot take, `next` the one after it: a file saved
 * with Windows line endings (\r\n) is the common case (review AA); \r alone ends the lines of old
 * Mac files, where removing it would join them (review AF).
 */
const fixFor = (ch: string, next: string | undefined): string => {
  if (ch !== '\r') return 'remove or replace every such character';
  return next === '\n'
    ? 'convert the file\'s line endings to \\n (it was saved with Windows ones, \\r\\n), or remove the \\r characters'
    : 'replace each \\r with \\n (the file\'s lines end with \\r alone, as old Mac files\' do)';
};

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;

/**
 * "position 1234 (line 5, column 7)": characters from 0, lines and columns from 1. Lines end as an
 * editor ends them, at \r\n, \n or a lone \r: an old Mac file's characters are not all on line 1.
 */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  // A \r whose \n is the character named has not ended its line yet: that \n is the line's last.
  const ended = text[offset] === '\n' && before.endsWith('\r') ? before.slice(0, -1) : before;
  let [line, lineStart] = [1, 0];
  for (const end of ended.matchAll(/\r\n|\r|\n/g)) [line, lineStart] = [line + 1, end.index + end[0].length];
  return `position ${codePoints(before)} (line ${line}, column ${codePoints(before.slice(lineStart)) + 1})`;
}
