// A tokenizer.json's regular expressions are refused where a repeated group can split a text in
// more than one way: it holds a repeat, alternatives that may begin alike, or an optional part the
// next character does not settle (exponential backtracking: (.|.|.)*Z took 2 minutes on a
// 17-character probe). The split patterns real tokenizers ship pass, as do the engine's own (GGUF
// pre-tokenizers, the DNA model's normalizer), and so do repeats whose alternatives begin apart.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../src/model/prepare.js';
import { runawayBacktracking } from '../../src/tokenizer/regex-shape.js';
import { dataPath } from '../support/data.js';

// As each tokenizer.json (or llama.cpp's pre-tokenizer table) writes them.
const SHIPPED = {
  gpt2: "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
  llama3: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  qwen2: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  o200k: "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  deepseek: "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  starcoder: '\\p{N}',
  superbpe: '(?=(\\d{3})+(?!\\d))', // llama.cpp's superbpe: an exact count inside a repeat has one way to match
  llamaCppDefault: '[\\p{P}\\$\\+<=>\\^~\\|]+',
  dnaAmbiguity: '[RYKMSWBDHVrykmswbdhv]',
};

describe('runawayBacktracking', () => {
  it('passes the split patterns real tokenizers ship', () => {
    for (const [name, pattern] of Object.entries(SHIPPED)) expect(runawayBacktracking(pattern), name).toBeUndefined();
  });

  it('refuses a repeated group holding alternatives that may begin alike, a repeat of its own or an unsettled optional part, at any depth, lazy or bounded', () => {
    const refused = [
      ...['(.|.|.)*Z', '(.|.)*Z', '(?:a|ab){2,}c', '(a|aa){30}', '[(](a|ab)+', '(?:|a)+', '(?:\\n|\\s)+', '(?:[ab]|[bd])+', '(?:\\.|.)+', '(?i:a|A)+', '(?:\\x41|A)+'],
      ...['(a+)+b', '(?:\\s*x)+', '(x(?:y+))+?'],
      ...['((a|b)c)*', '(?:(?:a|b)|c)+'],
      ...['(?:a?a)+', '(?:ab?|b)+', '(?:a(?:b)?c)+', '(?:a?|b)+'],
      // As the library rewrites them for JavaScript (a review timed each: 0.5-6.5 s on 22-38 characters):
      // . takes \r there, \s U+0085, \d other scripts' digits, \w and POSIX classes more letters;
      // (?> is (?:, a{1,3}+ is (?:a{1,3})+, {,3} is {0,3}; and a text may hold lone surrogates.
      ...['(?:.|\\r)+\\n', '(?:\\s|\\x85)+Z', '(?>a|a)+Z', '(?:\\d|٣)+Z', '(?:\\w|é)+Z', '(?:[[:alpha:]]|é)+Z', '(?:.?\\r)+\\n', '(?:[\\d]|٣)+'],
      ...['a{1,3}+Z', 'a{2,}*Z', '(?:a{,3})+Z', '(?:[\\uD800-\\uDBFF]|[^a-z])+'],
    ];
    for (const pattern of refused) {
      expect(runawayBacktracking(pattern), pattern).toMatch(/^the group .* is repeated and holds (alternatives that may begin with the same character|a repeat of its own|a group with alternatives|an optional part that the next character does not settle): matching it can try every way its repeats split the text, a time exponential in their number$/);
    }
    expect(runawayBacktracking('(.|.)*Z')).toBe('the group (.|.)* is repeated and holds alternatives that may begin with the same character: matching it can try every way its repeats split the text, a time exponential in their number');
    expect(runawayBacktracking('(?:ab?|b)+')).toBe('the group (?:ab?|b)+ is repeated and holds an optional part that the next character does not settle: matching it can try every way its repeats split the text, a time exponential in their number');
  });

  it('passes repeated alternatives that cannot begin with the same character, and optional parts the next character settles', () => {
    // Chameleon's image-token split, and shapes its like: at each repeat one alternative at most can start.
    const chameleon = '(IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z';
    for (const pattern of [chameleon, '(?:\\r\\n|\\n)+', '(?:[0-9]|[a-z])+', '(?:[ \\t]|\\p{L})+', 'a{3}+', '(?:\\d{3})+', '(?:\\u0041|B)+', '(?:]|a)+', '(?:\\u{1F600}|x)+', '(?:a|A)+', '[(](a|b)+', '(?:\\p{Lu}|\\p{Ll})+', '(?:x\\r?\\ny)+', '(?:ab|c\\.?d)*']) {
      expect(runawayBacktracking(pattern), pattern).toBeUndefined();
    }
  });

  // \s*\s*\s*\s*x loaded (its probe has no long whitespace run), then took 6.4 s to encode 200 spaces and over 2 minutes on 400.
  // A review of the first check passed the same shape in groups, around a repeat of other characters, an empty group, a lookahead or a long bound (36-64 s on 300 characters).
  it('refuses three or more repeats in a row that can take the same characters many times, however written, and passes two (real tokenizers have \\s*[\\r\\n]+)', () => {
    for (const [pattern, repeats] of [
      ['\\s*\\s*\\s*\\s*x', '\\s*, \\s*, \\s*'], ['a*a?a*a*c', 'a*, a*, a*'], ['\\s+ \\s+ \\s+x', '\\s+, \\s+, \\s+'], ['\\p{L}*\\p{L}*\\p{Lu}+!', '\\p{L}*, \\p{L}*, \\p{Lu}+'],
      ['(?:x|\\s*\\s*\\s*y)', '\\s*, \\s*, \\s*'], ['(?i:a*A+a*)b', 'a*, A+, a*'], ['(a*)(a*)(a*)(a*)y', 'a*, a*, a*'], ['a*a*x*a*a*y', 'a*, a*, a*'], ['a*a*()a*a*y', 'a*, a*, a*'],
      ['a{0,999}a{0,999}a{0,999}y', 'a{0,999}, a{0,999}, a{0,999}'], ['\\s*\\s*(?=\\s)\\s*y', '\\s*, \\s*, \\s*'], ['(?:\\s*)(?:\\s*)(?:\\s*)y', '\\s*, \\s*, \\s*'], ['a*(?:b|a*)a*y', 'a*, a*, a*'], ['(?:ab)*(?:ab)*(?:ab)*c', '(?:ab)*, (?:ab)*, (?:ab)*'], ['a*?a*?a*?y', 'a*?, a*?, a*?'],
    ]) {
      expect(runawayBacktracking(pattern!), pattern).toBe(`the repeats ${repeats} come one after another and can all take the same characters, many times each: matching them can try every way they share a run of those characters, a time that grows as the run's length to the power of their number`);
    }
    // Apart: a part that must take a character one of them cannot, another alternative, sets that share nothing, short bounds.
    for (const pattern of ['\\s*\\s*x', '\\s*[\\r\\n]+', 'a*b*a*c', '\\s*x\\s*\\s*', '[a-z]*[A-Z]*[0-9]*', '\\s*\\s*|\\s*x', 'a*A+a*b', 'a{1,3}a{1,3}a{1,3}a{1,3}b', '(?:\\s*)x(?:\\s*)\\s*y']) {
      expect(runawayBacktracking(pattern), pattern).toBeUndefined();
    }
  });

  it('reads escapes and classes as single atoms: a bracket or a bar inside them opens nothing', () => {
    for (const pattern of ['[(|)]+', '\\(a|b\\)+', '\\p{L}+(?:x)+', '[\\]|]*', '(?:\\r?\\n)+', 'a{2}(?:bc)+', '\\u{1F600}+', '(?:\\d{3})+']) {
      expect(runawayBacktracking(pattern), pattern).toBeUndefined();
    }
  });
});

describe('a tokenizer.json with such a pattern', () => {
  // Two alternatives, not three: without the check this loads in a blink (its probe encode is short), so the test fails rather than hangs.
  it('is refused at load, before the pattern runs on any text', () => {
    const folder = 'tinystories656K';
    const files = new Map(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'].map((name) => [name, new Uint8Array(readFileSync(dataPath(`${folder}/${name}`)))]));
    const json = JSON.parse(new TextDecoder().decode(files.get('tokenizer.json')));
    json.pre_tokenizer = { type: 'Split', pattern: { Regex: '(.|.)*Z' }, behavior: 'Isolated', invert: false };
    files.set('tokenizer.json', new TextEncoder().encode(JSON.stringify(json)));
    // The reason names the group (it said "must be a pattern ... got an object" of a pattern of the right form).
    expect(() => prepareModel({ format: 'huggingface', files })).toThrow('tokenizer.json: pre_tokenizer.pattern is the regular expression "(.|.)*Z", refused: the group (.|.)* is repeated and holds alternatives that may begin with the same character: matching it can try every way its repeats split the text, a time exponential in their number');
  });
});
