// A tokenizer.json's own regular expressions (Split pre-tokenizers, Replace normalizers and
// decoders) run on every text it encodes, synchronously: no signal stops a match. A group repeated
// that holds an alternation or a repeat of its own ((.|.)*Z, (a+)+) can backtrack exponentially,
// and froze a load for minutes on a 17-character probe. Such shapes are refused; the patterns real
// tokenizers ship repeat only single atoms and character classes. (Polynomial backtracking, as in
// \s*[\r\n]+, is left: real tokenizers have it, and it grows with the text, not without end.)
// Tests: tests/tokenizer/regex-shape.test.ts.

/**
 * A quantifier at `at`: its length (a lazy or possessive mark included), whether it may repeat
 * (more than once), and whether the number of repeats varies (an exact {3} has one way to match).
 */
function quantifierAt(pattern: string, at: number): { length: number; repeats: boolean; varies: boolean } | undefined {
  let length: number;
  let least: number;
  let most: number;
  const c = pattern[at];
  if (c === '*' || c === '+' || c === '?') {
    length = 1;
    [least, most] = c === '?' ? [0, 1] : [c === '+' ? 1 : 0, Infinity];
  } else if (c === '{') {
    const bounds = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
    if (!bounds) return undefined; // a literal brace
    length = bounds[0].length;
    least = Number(bounds[1]);
    most = bounds[2] === undefined ? least : bounds[3] === '' ? Infinity : Number(bounds[3]);
  } else {
    return undefined;
  }
  if (pattern[at + length] === '?' || pattern[at + length] === '+') length++;
  return { length, repeats: most > 1, varies: most > 1 && least !== most };
}

/** The index after the escape at `at` (\p{...}, \u{...} and \x.. whole). */
function afterEscape(pattern: string, at: number): number {
  const braced = /^\\[pPuxk]\{[^}]*\}|^\\k<[^>]*>/.exec(pattern.slice(at));
  return braced ? at + braced[0].length : at + 2;
}

/** The index after the character class opening at `at`. */
function afterClass(pattern: string, at: number): number {
  let i = at + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++; // a leading ] is a literal
  while (i < pattern.length && pattern[i] !== ']') i = pattern[i] === '\\' ? afterEscape(pattern, i) : i + 1;
  return i + 1;
}

/**
 * Why `pattern` may backtrack without end (a repeated group holding an alternation or a repeat),
 * or undefined when it cannot in that way.
 */
export function runawayBacktracking(pattern: string): string | undefined {
  // Per open group: whether it holds an alternation, and a repeat, at any depth.
  const groups: Array<{ start: number; alternation: boolean; repeat: boolean }> = [{ start: 0, alternation: false, repeat: false }];
  let i = 0;
  while (i < pattern.length) {
    const top = groups[groups.length - 1]!;
    const c = pattern[i];
    if (c === '(') {
      groups.push({ start: i, alternation: false, repeat: false });
      i++;
      continue;
    }
    if (c === '|') {
      top.alternation = true;
      i++;
      continue;
    }
    if (c === ')' && groups.length > 1) {
      groups.pop();
      const parent = groups[groups.length - 1]!;
      const q = quantifierAt(pattern, i + 1);
      if (q?.repeats && (top.alternation || top.repeat)) {
        const group = pattern.slice(top.start, i + 1 + q.length);
        return `the group ${group} is repeated and holds ${top.alternation ? 'alternatives' : 'a repeat of its own'}: matching it can try every way its repeats split the text, a time exponential in their number`;
      }
      parent.alternation ||= top.alternation;
      parent.repeat ||= top.repeat || (q?.varies ?? false);
      i += 1 + (q?.length ?? 0);
      continue;
    }
    i = c === '\\' ? afterEscape(pattern, i) : c === '[' ? afterClass(pattern, i) : i + 1;
    const q = quantifierAt(pattern, i);
    if (q) {
      top.repeat ||= q.varies;
      i += q.length;
    }
  }
  return undefined;
}
