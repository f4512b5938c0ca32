// Templates with a blank ("The king said that ___ would | he, she") and how likely a model finds
// each word in the blank: the probability of the whole filling (every token of the word and of the
// rest of the sentence, given the text before the blank), one forward pass per word, and each
// word's share among the template's words. Not the charts (main.ts). Tests: tests/browser/bias.test.ts.

import type { RemoteModel } from '../kit/index.js';

export const BLANK = '___';

export interface Template {
  /** The sentence with BLANK where the words go. */
  text: string;
  words: string[];
}

export interface Filling {
  template: string;
  word: string;
  /** log P(word + the text after the blank | the text before it), summed over its tokens. */
  logprob: number;
  /** exp(logprob) as a share of the sum over the template's words: which word the model prefers. */
  share: number;
}

/** One template a line, "sentence with ___ | word, word, ..."; blank lines are skipped (and counted, in errors). */
export function parseTemplates(lines: string): Template[] {
  const numbered = lines.split('\n').map((line, i) => ({ line, i })).filter(({ line }) => line.trim());
  const templates = numbered.map(({ line, i }) => {
    const bar = line.lastIndexOf('|');
    const text = (bar < 0 ? line : line.slice(0, bar)).trim();
    const words = bar < 0 ? [] : line.slice(bar + 1).split(',').map((w) => w.trim()).filter(Boolean);
    const where = `template line ${i + 1} ("${line.trim()}")`;
    if (text.split(BLANK).length !== 2) throw new RangeError(`${where} needs exactly one blank ${BLANK} where the words go`);
    if (!text.slice(0, text.indexOf(BLANK)).trim()) throw new RangeError(`${where} needs some words before the blank: the model predicts what follows them`);
    if (words.length < 2) throw new RangeError(`${where} needs at least two words to compare after a "|", e.g. "The king said that ${BLANK} would | he, she"`);
    const twice = words.find((w, j) => words.indexOf(w) < j);
    if (twice !== undefined) throw new RangeError(`${where} gives "${twice}" twice after the "|": give each word once`);
    return { text, words };
  });
  if (templates.length === 0) throw new RangeError(`give at least one template, e.g. "The king said that ${BLANK} would | he, she"`);
  return templates;
}

/** The model calls scoring needs: a page's RemoteModel. */
export type Scorer = Pick<RemoteModel, 'tokenize' | 'inspect' | 'info'>;

/** Each word's filling of the template, scored on `model`. */
export async function scoreTemplate(model: Scorer, template: Template): Promise<Filling[]> {
  const [before, after] = template.text.split(BLANK) as [string, string];
  const context = await model.tokenize(before);
  const texts: number[][] = [];
  for (const word of template.words) texts.push(await model.tokenize(before + word + after));
  // Words the tokenizer cannot tell apart (characters outside a small vocabulary all read as one
  // unknown token) would chart as an even split the model never made.
  for (let i = 1; i < texts.length; i++) {
    const same = texts.findIndex((ids) => ids.length === texts[i]!.length && ids.every((id, j) => id === texts[i]![j]));
    if (same < i) throw new RangeError(`"${template.words[same]}" and "${template.words[i]}" are the same tokens to this model (characters outside its vocabulary read alike): pick words it can tell apart`);
  }
  // Said here, of the template: the engine's message would name a load option the page does not offer.
  const room = model.info().contextLength;
  const longest = texts.reduce((a, ids) => (ids.length > a.length ? ids : a));
  if (longest.length > room) {
    const word = template.words[texts.indexOf(longest)]!;
    throw new RangeError(`the template "${template.text}" filled with "${word}" is ${longest.length} tokens, but the model reads at most ${room}: shorten it`);
  }
  // Every word from the same token: the earliest where one of them leaves the context (a tokenizer
  // that merges across the blank, BPE, moves it back for some words and not others), never the first.
  const from = Math.max(1, Math.min(...texts.map((ids) => sharedPrefix(ids, context))));
  const logprobs: number[] = [];
  for (const ids of texts) logprobs.push(await logprobFrom(model, ids, from));
  // Shares from log probabilities, shifted by the largest so that no exp() underflows to 0.
  const top = Math.max(...logprobs);
  const weights = logprobs.map((lp) => Math.exp(lp - top));
  const sum = weights.reduce((a, b) => a + b, 0);
  return template.words.map((word, i) => ({ template: template.text, word, logprob: logprobs[i]!, share: weights[i]! / sum }));
}

/** How many tokens `ids` starts with that `context` starts with too. */
function sharedPrefix(ids: number[], context: number[]): number {
  let shared = 0;
  while (shared < context.length && shared < ids.length && ids[shared] === context[shared]) shared++;
  return shared;
}

/** log P(ids[from..] | ids[..from]). */
async function logprobFrom(model: Scorer, ids: number[], from: number): Promise<number> {
  const { distribution, V } = await model.inspect(ids, { topK: 0, distribution: true });
  let sum = 0;
  for (let t = from; t < ids.length; t++) sum += Math.log(distribution![(t - 1) * V + ids[t]!]!);
  return sum;
}
