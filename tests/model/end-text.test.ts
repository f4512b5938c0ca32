// An end-of-sequence token's text spelled out of ordinary tokens: dropped when the end token
// follows it (tinystories656K writes "<|", "end", "_story", "|>", then its EOS id), printed
// like any text anywhere else (a Llama writing HTML's "</s>"); and a stop string in the text the
// decoder holds back while a character's bytes are unfinished (GPT-2's byte-level tokens) is cut
// when the run ends there. The token loop runs over a session that plays back a script of ids,
// so only the loop's text handling is under test.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Generation, TokenRun } from '../../src/model/generation.js';
import { checkGenerateOptions, type GenerateOptions } from '../../src/model/options.js';
import type { Session } from '../../src/model/transformer.js';
import { fromTokenizerJson } from '../../src/tokenizer/huggingface.js';
import type { Tokenizer } from '../../src/tokenizer/types.js';
import { dataPath } from '../support/data.js';

const tokenizer = fromTokenizerJson(readFileSync(dataPath('tinystories656K/tokenizer.json'), 'utf8'), {
  config: { bos_token: '<|start_story|>', eos_token: '<|end_story|>' },
});
const [EOS] = tokenizer.eosIds;
const PROMPT = tokenizer.encode('Once', { bos: false });
const ids = (text: string) => tokenizer.encode(text, { bos: false });
const vocab = (JSON.parse(readFileSync(dataPath('tinystories656K/tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } }).model.vocab;
/** "<|end_story|>" as the model writes it, out of ordinary tokens. */
const SPELLED = ['<|', 'end', '_story', '|>'].map((piece) => vocab[piece]!);
/** The text `script` adds after the prompt, as one decode gives it. */
const written = (script: number[]) => tokenizer.decode([...PROMPT, ...script]).slice(tokenizer.decode(PROMPT).length);

/** The pieces and stats of a run of `tokenizer`'s after `prompt` whose session samples `script` in turn. */
async function playBack(script: number[], options: GenerateOptions = {}, { tokenizer: tok = tokenizer, prompt = PROMPT }: { tokenizer?: Tokenizer; prompt?: number[] } = {}) {
  let position = 0;
  let next = 0;
  const session = {
    superseded: false,
    dispatchesPerToken: 1,
    get position() { return position; },
    onEnded() {},
    end() {},
    async decode(input: number[]) {
      position += input.length;
      return {
        async next() { return next < script.length ? (position++, { token: script[next++]! }) : undefined; },
        close() {},
      };
    },
  } as unknown as Session;
  const o = checkGenerateOptions({ maxTokens: script.length, ...options });
  const run = new TokenRun(session, tok, 512, {
    started: 0, promptIds: prompt, options: o, endIds: new Set(tok.eosIds), endTexts: o.ignoreEos ? [] : tok.eosTexts,
  });
  const generation = new Generation(run);
  const pieces: string[] = [];
  for await (const piece of generation) pieces.push(piece.text);
  return { text: pieces.join(''), stats: await generation.stats };
}

describe('end-of-sequence text spelled out of ordinary tokens', () => {
  it('the model spells it (the premise)', () => {
    expect(tokenizer.eosTexts).toEqual(['<|end_story|>']);
    expect(SPELLED.every(Number.isInteger)).toBe(true);
    expect(tokenizer.decode(SPELLED)).toBe('<|end_story|>');
  });

  it('right before the end token: dropped with it', async () => {
    const story = ids(' upon a time. The end.');
    const r = await playBack([...story, ...SPELLED, EOS!]);
    expect(r.text).toBe(written(story));
    expect(r.stats.stopReason).toBe('eos');
  });

  it('anywhere else: printed, and the run goes on', async () => {
    const script = [...ids(' the sign said'), ...SPELLED, ...ids(' in red.')];
    const r = await playBack(script);
    expect(r.text).toBe(written(script));
    expect(r.text).toMatch(/<\|end_story\|> +in red\.$/);
    expect(r.stats).toMatchObject({ stopReason: 'maxTokens', generatedTokens: script.length });
  });

  it('at the last token a run may write: printed (no end token came)', async () => {
    const script = [...ids(' the end'), ...SPELLED];
    const r = await playBack(script);
    expect(r.text).toBe(written(script));
    expect(r.text).toMatch(/<\|end_story\|>$/);
  });

  it('a stop string still cuts the text where it starts', async () => {
    const before = [...ids(' a cat.'), ...ids(' Then')];
    const r = await playBack([...before, ...SPELLED, EOS!], { stop: ['Then'] });
    expect(r.text).toBe(written(before).split('Then')[0]);
    expect(r.stats.stopReason).toBe('stop');
  });
});

describe('several stop strings', () => {
  // No test had two stops complete in one step: taking the later-starting one passed unseen.
  it('that complete in the same step: the text is cut where the earliest begins', async () => {
    const story = ids(' upon a time there');
    const cutAt = (stop: string[]) => playBack(story, { stop });
    const before = written(story).split('a time')[0]!;
    for (const stop of [['a time', 'time'], ['time', 'a time'], ['e t', 'a time']]) {
      expect(await cutAt(stop), JSON.stringify(stop)).toMatchObject({ text: before, stats: { stopReason: 'stop' } });
    }
  });
});

describe('a stop string the decoder held back (a character\'s bytes unfinished after it)', () => {
  const gpt2 = fromTokenizerJson(readFileSync(dataPath('gpt2-tokenizer/tokenizer.json'), 'utf8'), { config: { eos_token: '<|endoftext|>' } });
  const words = (text: string) => gpt2.encode(text, { bos: false });
  // GPT-2's token 40670: "." then the first two of the three bytes of "“" (U+201C), as the premise checks.
  const dotThenPart = 40670;
  const run = (script: number[], stop: string[]) => playBack(script, { stop }, { tokenizer: gpt2, prompt: words('Hi') });

  it('the token ends mid-character (the premise)', () => {
    expect(gpt2.decode([dotThenPart])).toBe('.\ufffd');
  });

  // The held "." came out with the last piece, and the run said maxTokens or eos.
  it('is cut when the run ends on its own right after: at the last token it may write, or at the end token', async () => {
    const before = words('Hello world');
    expect(await run([...before, dotThenPart], ['.'])).toMatchObject({ text: 'Hello world', stats: { stopReason: 'stop' } });
    expect(await run([...before, dotThenPart, gpt2.eosIds[0]!], ['.'])).toMatchObject({ text: 'Hello world', stats: { stopReason: 'stop' } });
  });

  it('is cut, as before, when the character completes', async () => {
    const r = await run([...words('Hello world'), dotThenPart, ...words('\u201chi')], ['.']);
    expect(r).toMatchObject({ text: 'Hello world', stats: { stopReason: 'stop' } });
  });
});
