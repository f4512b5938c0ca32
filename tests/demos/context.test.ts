// The demo kit's cut of a typed text to the model's context (demos/kit/context.ts), on
// TinyStories-656K's tokenizer (a Llama one: BOS first, a space before the text, bytes for
// characters it lacks): a page that generates gives generate() the cut as text, which is tokenized
// again, so the cut must still fit once re-read, also where it falls inside a character's bytes.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contextIds } from '../../demos/kit/context.js';
import type { RemoteModel } from '../../src/worker/client.js';
import { tokenizerFromFiles } from '../../src/tokenizer/index.js';
import { dataPath } from '../support/data.js';

const tokenizer = tokenizerFromFiles(new Map([['tokenizer.json', new Uint8Array(readFileSync(dataPath('tinystories656K/tokenizer.json')))]]));

/** The calls contextIds makes, answered by the tokenizer, for a model of `contextLength` positions. */
function standIn(contextLength: number): RemoteModel {
  return {
    tokenize: async (text: string, o?: { bos?: boolean }) => tokenizer.encode(text, o),
    decode: async (ids: number[]) => tokenizer.decode(ids),
    unknownCharacters: async () => [],
    info: () => ({ contextLength }),
  } as unknown as RemoteModel;
}

describe('contextIds', () => {
  // Characters of 2-3 UTF-8 bytes, a byte a token: a cut inside one reads back as U+FFFD, itself 3 byte tokens.
  const texts = ['naïve café résumé — “quoted” ☕ text', 'Once upon a time, a little dog named Max found a big red ball.'];

  it('a generating page gets a cut that still fits the context once generate() tokenizes it again', async () => {
    for (const text of texts) {
      for (let contextLength = 3; contextLength < tokenizer.encode(text).length + 1; contextLength++) {
        const read = await contextIds(standIn(contextLength), text, { writes: true });
        const again = tokenizer.encode(read.text);
        expect(again.length, `${JSON.stringify(text)} in ${contextLength}`).toBeLessThanOrEqual(contextLength - 1);
        expect(read.ids).toEqual(again);
      }
    }
  });

  it('a reading page gets the last ids that fit, as they are', async () => {
    const text = texts[1]!;
    const ids = tokenizer.encode(text);
    const read = await contextIds(standIn(5), text);
    expect(read.ids).toEqual([ids[0], ...ids.slice(-4)]); // BOS, and the last 4
    expect(read.dropped).toBe(ids.length - 5);
  });
});
