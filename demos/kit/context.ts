// The tokens a model reads of whatever text a user typed: all of them, or, when the text is longer
// than the model's context, the last ones that fit (after the BOS token when the tokenizer starts
// with one). Used by the pages that inspect typed text (next-word, logit-lens, attention, vectors).
// Tests: tests/browser/next-word.test.ts (a text longer than the context).

import type { RemoteModel } from './index.js';

export interface ContextIds {
  /** What the model reads: at most its context length of tokens. */
  ids: number[];
  /** Tokens of the text's beginning left out to fit the context. */
  dropped: number;
}

export async function contextIds(model: RemoteModel, text: string): Promise<ContextIds> {
  const ids = await model.tokenize(text);
  const room = model.info().contextLength;
  if (ids.length <= room) return { ids, dropped: 0 };
  // Only a long text pays for the second call: 1 when the tokenizer put a BOS first, else 0.
  const bos = ids.length - (await model.tokenize(text, { bos: false })).length;
  const kept = [...ids.slice(0, bos), ...ids.slice(ids.length - (room - bos))];
  return { ids: kept, dropped: ids.length - kept.length };
}

/** A prompt page's note on what contextIds left out ('' when nothing). */
export function leftOut(model: RemoteModel, dropped: number): string {
  return dropped ? `The prompt is longer than the ${model.info().contextLength} tokens the model reads at once: its first ${dropped} are left out.` : '';
}
