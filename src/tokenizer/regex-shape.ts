// A tokenizer.json's own regular expressions (Split pre-tokenizers, Replace normalizers and
// decoders) run on every text it encodes, synchronously: no signal stops a match. A repeated group
// whose repeats can split a text in more than one way ((.|.)*Z, (a+)+, (?:ab?|b)+) can backtrack
// exponentially, and froze a load for minutes on a 17-character probe. Such shapes are refused.
// What passes leaves each repeat one way to go: alternatives whose first characters cannot be the
// same ((?:\r\n|\n)+), and optional parts the next character settles ((?:\r?\n)+), so the only
// choice left is where the repeats stop. The library rewrites each Oniguruma pattern for
// JavaScript before it runs ((?> as (?:, \s as \p{White_Space}, a{1,3}+ as (?:a{1,3})+): the
// shapes are read as it reads them, and an atom whose set the rewrite changes is never taken to
// be apart from another.
// Polynomial backtracking of a high degree is refused too: three or more repeats that can take the
// same characters many times each, with nothing between them that must take another (\s*\s*\s*x,
// (a*)(a*)(a*)y, a*x*a*a*y, a{0,999} thrice). Two, as in \s*[\r\n]+, are left: real tokenizers have them.
// Tests: tests/tokenizer/regex-shape.test.ts.

interface Quantifier { length: number; optional: boolean; repeats: boolean; varies: boolean; most: number; nested?: boolean }

/**
 * A quantifier at `at`: its length (a lazy or possessive mark included), whether it may match
 * nothing, whether it may repeat (more than once), whether the number of repeats varies (an
 * exact {3} has one way to match), and the most repeats it takes. Read as Oniguruma reads it, which the library's rewrite keeps:
 * {,3} is {0,3}, and a + or * after a brace is a repeat of the repeat (a{1,3}+ is (?:a{1,3})+),
 * which `nested` says varies inside.
 */
function quantifierAt(pattern: string, at: number): Quantifier | undefined {
  let length: number;
  let least: number;
  let most: number;
  const c = pattern[at];
  if (c === '*' || c === '+' || c === '?') {
    length = 1;
    [least, most] = c === '?' ? [0, 1] : [c === '+' ? 1 : 0, Infinity];
  } else if (c === '{') {
    const bounds = /^\{(\d*)(,(\d*))?\}/.exec(pattern.slice(at));
    if (!bounds || (bounds[1] === '' && !bounds[3])) return undefined; // a literal brace ({}, {,}, {x})
    length = bounds[0].length;
    least = Number(bounds[1]); // '' reads 0
    most = bounds[2] === undefined ? least : bounds[3] === '' ? Infinity : Number(bounds[3]);
    const again = pattern[at + length];
    if (again === '+' || again === '*') {
      return { length: length + 1, optional: least === 0 || again === '*', repeats: true, varies: true, most: Infinity, nested: most > 1 && least !== most };
    }
  } else {
    return undefined;
  }
  if (pattern[at + length] === '?' || pattern[at + length] === '+') length++;
  return { length, optional: least === 0, repeats: most > 1, varies: most > 1 && least !== most, most };
}

/** The index after the escape at `at` (\p{...}, \u{...}, \uXXXX, \xHH, \cX and \k<...> whole). */
function afterEscape(pattern: string, at: number): number {
  const long = /^\\(?:[pPuxk]\{[^}]*\}|k<[^>]*>|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z])/.exec(pattern.slice(at));
  return long ? at + long[0].length : at + 2;
}

/** The index after the character class opening at `at`. */
function afterClass(pattern: string, at: number): number {
  let i = at + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++; // a leading ] is a literal
  while (i < pattern.length && pattern[i] !== ']') i = pattern[i] === '\\' ? afterEscape(pattern, i) : i + 1;
  return i + 1;
}

/** The index after the single atom at `at`: an escape, a class or one character (a surrogate pair whole). */
function afterAtom(pattern: string, at: number): number {
  if (pattern[at] === '\\') return afterEscape(pattern, at);
  if (pattern[at] === '[') return afterClass(pattern, at);
  return at + (pattern.codePointAt(at)! > 0xffff ? 2 : 1);
}

/** The index where a group opening at `at` starts its contents: after (?:, (?<name>, (?i:, (?=, (?<!, (?> and the like. */
function contentStart(pattern: string, at: number): number {
  const prefix = /^\((\?(<[A-Za-z_]\w*>|[\w-]*:|<?[=!]|>))?/.exec(pattern.slice(at))!;
  return at + prefix[0].length;
}

/**
 * Whether `atom` means here (a JavaScript pattern, flag u) what it means once the library has
 * rewritten the Oniguruma pattern for JavaScript: not ., \s, \d, \w, \h and their negations,
 * whose sets it widens or narrows (. takes \r there, \s U+0085), nor a class holding them, POSIX
 * brackets, a nested class or an intersection.
 */
function readsAlike(atom: string): boolean {
  if (atom === '.') return false;
  if (atom[0] === '\\') return !/^\\[A-Za-z]/.test(atom) || /^\\([nrtfv]$|x[0-9a-fA-F]{2}$|u[0-9a-fA-F]{4}$|u\{|[pP]\{)/.test(atom);
  if (atom[0] === '[') return !/\\[sSdDwWhH]|\[|&&/.test(atom.slice(1, -1));
  return true;
}

/** The one character an atom stands for (x, \n, \., \u{1F600}), or undefined for a set (., \d, [a-z]). */
function characterOf(atom: string): string | undefined {
  if (atom[0] !== '\\') return atom === '.' || atom[0] === '[' ? undefined : atom;
  const control: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', 0: '\0' };
  if (atom.length === 2) return control[atom[1]!] ?? (/\w/.test(atom[1]!) ? undefined : atom[1]);
  const hex = /^\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]+)\})$/.exec(atom);
  return hex ? String.fromCodePoint(parseInt(hex[1] ?? hex[2] ?? hex[3]!, 16)) : undefined;
}

/** One character an alternative must begin with: the atom as a pattern, and the character where it is one. */
interface First {
  pattern: string;
  character: string | undefined;
}

/** An atom as a First; a character as a code point escape, so that a ] or { alone is not read as syntax. */
function asFirst(atom: string): First {
  const character = characterOf(atom);
  return { pattern: character === undefined ? atom : `\\u{${character.codePointAt(0)!.toString(16)}}`, character };
}

/**
 * The first atom of the alternative at `at`, or undefined where that is not one sure character: an
 * empty alternative, a group, an anchor or lookaround, a back-reference, or an atom that may be
 * skipped (x?, x*, x{0,2}).
 */
function firstOf(pattern: string, at: number): First | undefined {
  const c = pattern[at];
  if (c === undefined || '|)(^$?*+'.includes(c) || /^\\([bBkKAzZG]|\d)/.test(pattern.slice(at, at + 2))) return undefined;
  const end = afterAtom(pattern, at);
  const atom = pattern.slice(at, end);
  return quantifierAt(pattern, end)?.optional || !readsAlike(atom) ? undefined : asFirst(atom);
}

let everyCharacter: string | undefined;

/** Each code point once, lone surrogates too (a text may hold them): what two sets are searched for a shared member in. */
function allCharacters(): string {
  const units = new Uint16Array(0x10000 - 0x800 + 2 * 0x100000);
  let n = 0;
  for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) units[n++] = c;
  for (let c = 0; c < 0x100000; c++) {
    units[n++] = 0xd800 + (c >> 10);
    units[n++] = 0xdc00 + (c & 0x3ff);
  }
  // Each between NULs, so that none pairs with a neighbour.
  const lone = Array.from({ length: 0x800 }, (_, i) => `\0${String.fromCharCode(0xd800 + i)}`).join('');
  return `${new TextDecoder('utf-16le').decode(units)}${lone}\0`;
}

/** Whether some character matches both (unsure counts as yes). */
function overlap(a: First, b: First, flags: string): boolean {
  try {
    if (a.character !== undefined && b.character !== undefined && !flags.includes('i')) return a.character === b.character;
    if (a.character !== undefined || b.character !== undefined) {
      const [one, set] = a.character !== undefined ? [a.character, b.pattern] : [b.character!, a.pattern];
      return new RegExp(`^(?:${set})$`, flags).test(one);
    }
    everyCharacter ??= allCharacters();
    return new RegExp(`(?=${a.pattern})${b.pattern}`, flags).test(everyCharacter);
  } catch {
    return true; // a JavaScript regular expression cannot say
  }
}

/** Whether at most one of the alternatives starting at `starts` can begin at any character. */
function beginApart(pattern: string, starts: number[], caseless: boolean): boolean {
  const firsts = starts.map((at) => firstOf(pattern, at));
  if (firsts.some((first) => first === undefined)) return false;
  const flags = caseless ? 'iu' : 'u';
  return firsts.every((a, i) => firsts.slice(i + 1).every((b) => !overlap(a!, b!, flags)));
}

/**
 * Whether an optional atom (x?) is skipped or taken by the character after it alone: the next atom
 * is one sure character that the optional one cannot match (\r?\n). Otherwise a repeat around it
 * can split its text in many ways, as (?:a?a)+ does.
 */
function settledBy(atom: string, next: First | undefined, caseless: boolean): boolean {
  return next !== undefined && atom !== '^' && atom !== '$' && readsAlike(atom) && !overlap(asFirst(atom), next, caseless ? 'iu' : 'u');
}

interface Group {
  start: number;
  /** Where each of its own alternatives starts (one when it has no bar). */
  alternatives: number[];
  /** Whether a group inside it, at any depth, holds alternatives. */
  innerAlternation: boolean;
  /** Whether it holds a repeat whose count varies, at any depth. */
  repeat: boolean;
  /** Whether it holds, at any depth, an optional part (x?, (...)?) that the character after it does not settle. */
  unsettled: boolean;
  /** Inside (?i:...): letters match either case. */
  caseless: boolean;
  /**
   * The long repeats since the last part that must take a character they cannot (the window, in
   * its current alternative), from where the group opened: its parent's window (entry).
   */
  window: Repeat[];
  entry: Repeat[];
  /** The windows its alternatives ended with, joined. */
  ended: Repeat[];
  /** A lookaround: it takes no character, so its parent's window goes on past it unchanged. */
  lookaround: boolean;
}

/** A repeat that can take many characters, and where it stands in the pattern (its quantifier included); no atom: a group, which may take any. */
interface Repeat {
  atom?: string;
  from: number;
  to: number;
}

// Repeats that can take many characters, with nothing between them that must take a character
// they cannot (\s*\s*\s*x, a*x*a*a*y, (a*)(a*)(a*)y), can share a run of n such characters in
// about n^k ways: a time polynomial in the text, but of a degree that makes it a hang (k = 4 took
// minutes on 400 spaces). Two, as in \s*[\r\n]+, are left: real tokenizers have them. A bounded
// repeat counts from LONG_REPEAT times up (a{0,999} is a* for this).
const MOST_REPEATS_IN_A_ROW = 2;
const LONG_REPEAT = 16;

/** Whether two repeats can take the same character (a group: unsure, so yes). */
function shareCharacter(a: Repeat, b: Repeat | string, caseless: boolean): boolean {
  const other = typeof b === 'string' ? b : b.atom;
  if (a.atom === undefined || other === undefined) return true;
  // Read as JavaScript reads them: the library's rewrite widens sets by characters such as U+0085,
  // which a text would need in long runs to matter here.
  return overlap(asFirst(a.atom), asFirst(other), caseless ? 'iu' : 'u');
}

/**
 * The window after a part that must take a character (`atom`): only the repeats that can take it
 * stay in it, as only they can share a run of characters across it.
 */
function windowPast(window: Repeat[], atom: string, caseless: boolean): Repeat[] {
  return window.filter((r) => shareCharacter(r, atom, caseless));
}

/** Why `repeat` joining `window` makes too many repeats that can share a run of characters, if it does. */
function tooManyInARow(pattern: string, window: Repeat[], repeat: Repeat, caseless: boolean): string | undefined {
  const sharing = window.filter((r) => shareCharacter(r, repeat, caseless));
  const apart = sharing.some((a, i) => sharing.slice(i + 1).some((b) => !shareCharacter(a, b, caseless)));
  if (sharing.length < MOST_REPEATS_IN_A_ROW || apart) return undefined;
  const written = [...sharing, repeat].map((r) => pattern.slice(r.from, r.to)).join(', ');
  return `the repeats ${written} come one after another and can all take the same characters, many times each: matching them can try every way they share a run of those characters, a time that grows as the run's length to the power of their number`;
}

/** The union of two windows, each repeat once. */
function joined(a: Repeat[], b: Repeat[]): Repeat[] {
  return [...a, ...b.filter((r) => !a.includes(r))];
}

/**
 * Why `pattern` may backtrack without end (a repeated group holding a repeat, or alternatives that
 * can begin alike), or undefined when it cannot in that way.
 */
export function runawayBacktracking(pattern: string): string | undefined {
  const groups: Group[] = [{ start: 0, alternatives: [0], innerAlternation: false, repeat: false, unsettled: false, caseless: false, window: [], entry: [], ended: [], lookaround: false }];
  const long = (q: Quantifier | undefined) => q !== undefined && q.varies && q.most >= LONG_REPEAT;
  let i = 0;
  while (i < pattern.length) {
    const top = groups[groups.length - 1]!;
    const c = pattern[i];
    if (c === '(') {
      const content = contentStart(pattern, i);
      const flags = /^\(\?([\w-]*):/.exec(pattern.slice(i))?.[1] ?? '';
      const lookaround = /^\(\?<?[=!]/.test(pattern.slice(i, i + 4));
      groups.push({ start: i, alternatives: [content], innerAlternation: false, repeat: false, unsettled: false, caseless: top.caseless || flags.split('-')[0]!.includes('i'), window: top.window, entry: top.window, ended: [], lookaround });
      i = content;
      continue;
    }
    if (c === '|') {
      top.alternatives.push(++i);
      top.ended = joined(top.ended, top.window);
      top.window = top.entry; // each alternative goes on from where the group opened
      continue;
    }
    if (c === ')' && groups.length > 1) {
      groups.pop();
      const parent = groups[groups.length - 1]!;
      const q = quantifierAt(pattern, i + 1);
      const alternation = top.alternatives.length > 1;
      if (q?.repeats) {
        const why = top.repeat
          ? 'a repeat of its own'
          : top.unsettled
            ? 'an optional part that the next character does not settle'
            : top.innerAlternation
            ? 'a group with alternatives'
              : alternation && !beginApart(pattern, top.alternatives, top.caseless)
                ? 'alternatives that may begin with the same character'
                : undefined;
        if (why) {
          const group = pattern.slice(top.start, i + 1 + q.length);
          return `the group ${group} is repeated and holds ${why}: matching it can try every way its repeats split the text, a time exponential in their number`;
        }
      }
      parent.innerAlternation ||= alternation || top.innerAlternation;
      parent.repeat ||= top.repeat || (q?.varies ?? false);
      parent.unsettled ||= top.unsettled || (q !== undefined && q.optional && !q.repeats);
      // Past the group, its alternatives' windows go on (a lookaround takes nothing: the parent's
      // goes on unchanged); a group repeated many times is one more repeat of unknown characters.
      if (!top.lookaround) {
        const through = joined(top.ended, top.window);
        if (long(q)) {
          const repeat: Repeat = { from: top.start, to: i + 1 + q!.length };
          const why = tooManyInARow(pattern, through, repeat, parent.caseless);
          if (why) return why;
          parent.window = [...through, repeat];
        } else {
          parent.window = q?.optional ? joined(parent.window, through) : through;
        }
      }
      i += 1 + (q?.length ?? 0);
      continue;
    }
    const start = i;
    const atom = pattern.slice(i, (i = afterAtom(pattern, i)));
    const q = quantifierAt(pattern, i);
    if (q?.nested) {
      return `the group ${pattern.slice(start, i + q.length)} is repeated and holds a repeat of its own: matching it can try every way its repeats split the text, a time exponential in their number`;
    }
    if (long(q)) {
      const repeat: Repeat = { atom, from: start, to: i + q!.length };
      const why = tooManyInARow(pattern, top.window, repeat, top.caseless);
      if (why) return why;
      top.window = q!.optional ? [...top.window, repeat] : [...windowPast(top.window, atom, top.caseless), repeat];
    } else if (!q?.optional && !/^(\^|\$|\\[bBAzZG])$/.test(atom)) {
      top.window = windowPast(top.window, atom, top.caseless); // an anchor, or what may take nothing, leaves it
    }
    if (q) {
      top.repeat ||= q.varies;
      i += q.length;
      top.unsettled ||= q.optional && !q.repeats && !settledBy(atom, firstOf(pattern, i), top.caseless);
    }
  }
  return undefined;
}
