// The tokens a model reads of whatever text a user typed: all of them, or, when the text is longer
// than the model's context, the last ones that fit (after the BOS token when the tokenizer starts
// with one); and the typed characters the model cannot read (a character model's alphabet lacks
// them: each becomes its unknown token), which a page must say rather than show a silently changed
// text. Used by the pages that take typed text (next-word, logit-lens, attention, vectors,
// playground, making-things-up). Tests: tests/demos/context.test.ts (a cut read again by
// generate()), tests/browser/next-word.test.ts (a text longer than the context),
// tests/browser/playground.test.ts (characters outside the alphabet).

import type { RemoteModel } from './index.js';
import { visibleText } from './labels.js';
import { listUnknown } from '../../src/tokenizer/unknown.js';

export interface ContextIds {
  /** What the model reads: at most its context length of tokens. */
  ids: number[];
  /** Tokens of the text's beginning left out to fit the context. */
  dropped: number;
  /** Characters of the text the model cannot read (RemoteModel.unknownCharacters). */
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
  const [ids, plain, unknown] = await Promise.all([model.tokenize(text), model.tokenize(text, { bos: false }), model.unknownCharacters(text)]);
  const room = model.info().contextLength - (writes ? 1 : 0);
  if (ids.length <= room) return { ids, dropped: 0, unknown, text, writes };
  const bos = ids.length - plain.length; // 1 when the tokenizer put a BOS first, else 0
  for (let keep = room - bos; keep > 0; keep--) {
    const end = ids.slice(ids.length - keep);
    const cut = await model.decode(end);
    const read = { ids: [...ids.slice(0, bos), ...end], dropped: ids.length - bos - end.length, unknown, text: cut, writes };
    if (!writes) return read; // a page that reads ids runs these
    // generate() tokenizes the text again: a cut inside a word (or inside a character's bytes) may read as more tokens.
    const again = await model.tokenize(cut);
    if (again.length <= room) return { ...read, ids: again };
  }
  return { ids: ids.slice(0, bos), dropped: ids.length - bos, unknown, text: '', writes };
}

/** Characters the model cannot read, quoted (a space or a line break drawn visible), the first few named and the rest counted. */
export function listedCharacters(unknown: readonly string[]): string {
  return listUnknown(unknown, (c) => `“${c === ' ' || c === '\n' || c === '\t' ? visibleText(c) : c}”`, ' ');
}

/** A page's note on characters the model cannot read ('' when none). */
export function unknownNote(unknown: string[]): string {
  if (unknown.length === 0) return '';
  return `This model's alphabet has no ${listedCharacters(unknown)}: it reads ${unknown.length === 1 ? 'that character' : 'each of them'} as its unknown token.`;
}

/** A prompt page's note on what contextIds left out and the characters the model cannot read ('' when neither). */
export function contextNote(model: RemoteModel, { dropped, unknown, writes }: ContextIds): string {
  const context = model.info().contextLength;
  const room = writes ? `${context - 1} tokens the model reads before it writes (its context holds ${context})` : `${context} tokens the model reads at once`;
  const leftOut = dropped ? `The prompt is longer than the ${room}: its first ${dropped} are left out.` : '';
  return [leftOut, unknownNote(unknown)].filter(Boolean).join(' ');
}
