// Tokens as labels (the strips, axes and grids of the attention, vectors and logit-lens pages):
// whitespace made visible, and no token drawn blank.

import type { RemoteModel } from '../../src/worker/client.js';

/** Whitespace made visible in labels: a space as ␣, a newline as ⏎, a tab as ⇥. */
export function visibleText(text: string): string {
  return text.replace(/ /g, '␣').replace(/\n/g, '⏎').replace(/\t/g, '⇥');
}

/**
 * Labels for a row of tokens from the text each added as the row was streamed (inspect()'s
 * `tokens`). A token that streamed no text gets its own piece (RemoteModel.decodeEach) instead:
 * BOS ("<|start_story|>"), SentencePiece's leading space, which a text's start drops ("␣"), a
 * token of part of a character, whose text comes with the next token ("<0xE2>"). "∅" is left only
 * for a token that reads as nothing even alone.
 */
export async function tokenLabels(model: Pick<RemoteModel, 'decodeEach'>, ids: readonly number[], streamed: readonly string[]): Promise<string[]> {
  const blank = ids.filter((_, t) => streamed[t] === '');
  const pieces = blank.length > 0 ? await model.decodeEach(blank) : [];
  let next = 0;
  return streamed.map((text) => visibleText(text === '' ? pieces[next++]! : text) || '∅');
}

/** `label` cut to `chars` characters (at least one, then the mark), the cut marked by an ellipsis: for axes with room for a few (the full label is in the tips). */
export function clipLabel(label: string, chars: number): string {
  const points = [...label]; // characters, not UTF-16 units: a cut may not split an emoji's surrogate pair
  return points.length <= chars ? label : `${points.slice(0, Math.max(1, chars - 1)).join('')}…`;
}
