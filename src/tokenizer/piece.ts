// The text of one token as it reads inside a text, for the places that show tokens one at a time
// (logprobs, the inspector's candidates, the demos' token chips); a special token, which reads as
// nothing inside a text, as it is written (<|endoftext|>); a token of part of a character's bytes
// as those bytes (<0xE2>).

import { BYTE_TOKENS } from './tokenizer-json.js';
import type { Tokenizer } from './types.js';

/**
 * The text `id` adds after other text. `decode([id])` alone is the token at a sequence's start,
 * where a SentencePiece decoder strips the leading space ("▁the" reads "the", and "▁" nothing);
 * so the token is decoded after a copy of itself and the copy's text taken off. A token of bytes
 * that are not a whole character is written as its bytes where the tokenizer has them (else its
 * text alone: doubled, its bytes decode otherwise, two replacement characters can become three).
 */
export function tokenPiece(tokenizer: Tokenizer, id: number): string {
  const special = tokenizer.specialText?.(id);
  if (special) return special; // decode() drops it: an end token would read as nothing
  const alone = tokenizer.decode([id]);
  if (alone.includes('\uFFFD')) {
    // Bytes of part of a character: "<0xE2>" tells them apart, where every one read "�".
    const bytes = tokenizer.tokenBytes?.(id);
    return bytes ? bytesAsText(bytes) : alone;
  }
  const twice = tokenizer.decode([id, id]);
  return twice.length > alone.length && twice.startsWith(alone) ? twice.slice(alone.length) : alone;
}

/** `bytes` as text where they are whole UTF-8 characters, and each other byte as <0xE2>. */
function bytesAsText(bytes: Uint8Array): string {
  const whole = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  for (let i = 0; i < bytes.length;) {
    const n = utf8Length(bytes[i]!);
    if (n > 0 && i + n <= bytes.length) {
      try {
        text += whole.decode(bytes.subarray(i, i + n));
        i += n;
        continue;
      } catch {
        // not a whole character (a bad continuation byte, a surrogate): this byte as such
      }
    }
    text += BYTE_TOKENS[bytes[i]!];
    i++;
  }
  return text;
}

/** The bytes of the UTF-8 character a lead byte starts; 0 for a byte that starts none. */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead < 0xe0) return 2;
  if (lead >= 0xe0 && lead < 0xf0) return 3;
  return lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
}
