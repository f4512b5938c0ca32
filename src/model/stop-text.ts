// Where generated text meets the stop strings and the end tokens' texts (generation.ts): the first
// stop string in the text not yet yielded, and how much of its end to hold back because it could
// still grow into one. Tests: tests/model/stop-text.test.ts.

/**
 * Where the first stop string in `text`, the text not yielded yet, begins (-1: none): none began
 * in what went out (a tail that could begin one is held back).
 */
export function firstStop(text: string, stops: string[]): number {
  let cut = -1;
  for (const s of stops) {
    const i = text.indexOf(s);
    if (i >= 0 && (cut < 0 || i < cut)) cut = i;
  }
  return cut;
}

/** The length of the longest of `texts` that `text` ends with (0 if none). */
export function endingText(text: string, texts: string[]): number {
  return Math.max(0, ...texts.filter((t) => t && text.endsWith(t)).map((t) => t.length));
}

/**
 * How much of a text's end to hold back for `stops`: the length of its longest suffix that is a
 * proper prefix of a stop string. Each stop string's KMP failure table is made here, once a run,
 * not at each token.
 */
export function heldBack(stops: string[]): (text: string) => number {
  const each = stops.map((s) => ({ s, border: borders(s) }));
  return (text) => Math.max(0, ...each.map(({ s, border }) => suffixThatBegins(text, s, border)));
}

/** border[i]: the length of the longest proper prefix of s[0..i] that also ends it (Knuth-Morris-Pratt). */
function borders(s: string): Int32Array {
  const border = new Int32Array(s.length);
  for (let i = 1, k = 0; i < s.length; i++) {
    while (k > 0 && s[i] !== s[k]) k = border[k - 1]!;
    if (s[i] === s[k]) k++;
    border[i] = k;
  }
  return border;
}

/**
 * The longest suffix of `text` shorter than `s` that `s` begins with, in time linear in s's length
 * (KMP over text's last s.length - 1 code units, `border` being borders(s)): trying each length in
 * turn, each with a slice and a compare, was quadratic, at every token, for a long stop string.
 */
function suffixThatBegins(text: string, s: string, border: Int32Array): number {
  let matched = 0; // the longest prefix of s that ends the text read so far
  for (let i = Math.max(0, text.length - (s.length - 1)); i < text.length; i++) {
    while (matched > 0 && text[i] !== s[matched]) matched = border[matched - 1]!;
    if (text[i] === s[matched]) matched++;
  }
  return matched;
}
