// The held-out split of one text: its last `fraction` by characters (code points, so a character
// outside the BMP is never cut in two), as nanoGPT's `data[:int(n * 0.9)]`. Text only, before
// tokenisation; held-out files given separately need no split. Tests: tests/train/split.test.ts.

export const DEFAULT_HELD_OUT_FRACTION = 0.1;

export interface Split {
  train: string;
  heldOut: string;
}

/** Train is the first floor(n * (1 - fraction)) characters; fraction in [0, 1). */
export function splitHeldOut(text: string, fraction = DEFAULT_HELD_OUT_FRACTION): Split {
  if (!(typeof fraction === 'number' && fraction >= 0 && fraction < 1)) {
    throw new RangeError(`the held-out fraction must be a number in [0, 1), got ${fraction}`);
  }
  const cut = utf16Index(text, Math.floor(codePoints(text) * (1 - fraction)));
  return { train: text.slice(0, cut), heldOut: text.slice(cut) };
}

/** Characters of `text`: UTF-16 units less the second half of each surrogate pair. */
export function codePoints(text: string): number {
  const pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g);
  return text.length - (pairs?.length ?? 0);
}

/** The UTF-16 offset of the character numbered `n`. */
export function utf16Index(text: string, n: number): number {
  if (codePoints(text) === text.length) return n; // no pairs: the common case, without a walk
  let offset = 0;
  for (let i = 0; i < n; i++) offset += text.codePointAt(offset)! > 0xffff ? 2 : 1;
  return offset;
}
