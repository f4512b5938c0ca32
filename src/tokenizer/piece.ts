// The text of one token as it reads inside a text, for the places that show tokens one at a time
// (logprobs, the inspector's candidates, the demos' token chips); a special token, which reads as
// nothing inside a text, as it is written (<|endoftext|>).

import type { Tokenizer } from './types.js';

/**
 * The text `id` adds after other text. `decode([id])` alone is the token at a sequence's start,
 * where a SentencePiece decoder strips the leading space ("▁the" reads "the", and "▁" nothing);
 * so the token is decoded after a copy of itself and the copy's text taken off. A token of bytes
 * that are not a whole character keeps its text alone: doubled, its bytes decode otherwise (two
 * replacement characters can become three).
 */
export function tokenPiece(tokenizer: Tokenizer, id: number): string {
  const special = tokenizer.specialText?.(id);
  if (special) return special; // decode() drops it: an end token would read as nothing
  const alone = tokenizer.decode([id]);
  if (alone.includes('\uFFFD')) return alone;
  const twice = tokenizer.decode([id, id]);
  return twice.length > alone.length && twice.startsWith(alone) ? twice.slice(alone.length) : alone;
}
