// The tokens a model reads of whatever text a user typed: all of them, or, when the text is longer
// than the model's context, the last ones that fit (after the BOS token when the tokenizer starts
// with one); and the typed characters the model cannot read (a character model's alphabet lacks
// them: each becomes its unknown token), which a page must say rather than show a silently changed
// text. Used by the pages that take typed text (next-word, logit-lens, attention, vectors,
// playground, making-things-up). Tests: tests/browser/next-word.test.ts (a text longer than the
// context), tests/browser/playground.test.ts (characters outside the alphabet).

import type { RemoteModel } from './index.js';
import { visibleText } from './tokens.js';

export interface ContextIds {
  /** What the model reads: at most its context length of tokens. */
  ids: number[];
  /** Tokens of the text's beginning left out to fit the context. */
  dropped: number;
  /** Characters of the text the model cannot read (unknownCharacters). */
  unknown: string[];
  /** The text of what is read, but for the BOS token: the typed text, or its end when tokens were left out. */
  text: string;
  /** Whether room was left for a token the model writes (contextIds' `writes`). */
  writes: boolean;
}

/**
 * What the model reads of `text`. A page that generates (`writes`) keeps one place of the context
 * free for the first token written: generate() refuses a prompt that fills it.
 */
export async function contextIds(model: RemoteModel, text: string, { writes = false } = {}): Promise<ContextIds> {
  const [ids, plain] = await Promise.all([model.tokenize(text), model.tokenize(text, { bos: false })]);
  const unknown = await unknownCharacters(model, text, plain);
  const room = model.info().contextLength - (writes ? 1 : 0);
  if (ids.length <= room) return { ids, dropped: 0, unknown, text, writes };
  const bos = ids.length - plain.length; // 1 when the tokenizer put a BOS first, else 0
  const end = ids.slice(ids.length - (room - bos));
  return { ids: [...ids.slice(0, bos), ...end], dropped: ids.length - bos - end.length, unknown, text: await model.decode(end), writes };
}

/** A character no vocabulary holds (the last private-use one): what the tokenizer makes of it is its unknown token. */
const UNREADABLE = '\u{10FFFD}';

/**
 * The characters of `text` that the model's tokenizer reads as its unknown token: each encodes as
 * a character no vocabulary holds does. A byte-level or byte-fallback tokenizer reads every
 * character. A character that a normalizer changes into another the model reads (a DNA model's
 * lower-case bases, NFKC's "ﬁ", a lower-casing tokenizer's capitals) is not one of them, though it
 * does not decode as typed; nor is the unknown token's own character (the DNA model's N). One
 * round trip for a text read as written; `plainIds`, the text's ids without BOS, when known.
 */
export async function unknownCharacters(model: RemoteModel, text: string, plainIds?: number[]): Promise<string[]> {
  const readsBack = (original: string, decoded: string) => decoded === original || decoded === ` ${original}`; // SentencePiece's leading space
  if (readsBack(text, await model.decode(plainIds ?? (await model.tokenize(text, { bos: false }))))) return [];
  const characters = [...new Set(text)].filter((c) => c !== UNREADABLE);
  const [unknown, ...ids] = await Promise.all([UNREADABLE, ...characters].map((c) => model.tokenize(c, { bos: false })));
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((id, i) => id === b[i]);
  const asUnknown = characters.filter((_, i) => same(ids[i]!, unknown!));
  if (asUnknown.length === 0) return [];
  // The unknown token's own character (the DNA model's N, a character model's �) reads as itself.
  const unknownText = await model.decode(unknown!);
  return asUnknown.filter((c) => !readsBack(c, unknownText));
}

/** A page's note on characters the model cannot read ('' when none). */
export function unknownNote(unknown: string[]): string {
  if (unknown.length === 0) return '';
  const listed = unknown.map((c) => `“${c === ' ' || c === '\n' || c === '\t' ? visibleText(c) : c}”`).join(' ');
  return `This model's alphabet has no ${listed}: it reads ${unknown.length === 1 ? 'that character' : 'each of them'} as its unknown token.`;
}

/** A prompt page's note on what contextIds left out and the characters the model cannot read ('' when neither). */
export function contextNote(model: RemoteModel, { dropped, unknown, writes }: ContextIds): string {
  const context = model.info().contextLength;
  const room = writes ? `${context - 1} tokens the model reads before it writes (its context holds ${context})` : `${context} tokens the model reads at once`;
  const leftOut = dropped ? `The prompt is longer than the ${room}: its first ${dropped} are left out.` : '';
  return [leftOut, unknownNote(unknown)].filter(Boolean).join(' ');
}
