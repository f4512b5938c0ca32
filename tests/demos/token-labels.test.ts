// The labels of the attention, vectors and logit-lens pages (demos/kit/labels.ts) on TinyStories'
// tokenizer, whose Strip decoder drops a text's leading space: review T saw its lone-space token,
// which streams no text at the start, drawn as "∅", as was BOS. A token that streamed nothing is
// labelled by its own piece; the others keep their streamed text.

import { describe, expect, it } from 'vitest';
import { clipLabel, tokenLabels } from '../../demos/kit/labels.js';
import { fromTokenizerJson } from '../../src/tokenizer/huggingface.js';
import { tokenPiece } from '../../src/tokenizer/piece.js';
import { readText } from '../tokenizer/data.js';

const tokenizer = fromTokenizerJson(readText('tinystories656K/tokenizer.json'));

/** The texts inspect() gives as `tokens`: each id's streamed piece, the decoder flushed into the last. */
function streamed(ids: number[]): string[] {
  const decoder = tokenizer.createStreamDecoder();
  const pieces = ids.map((id) => decoder.push(id));
  pieces[pieces.length - 1] += decoder.flush();
  return pieces;
}

/** A model whose decodeEach is the worker's (tokenPiece), recording what it was asked. */
function model() {
  const asked: number[][] = [];
  return { asked, decodeEach: async (ids: number[]) => (asked.push(ids), ids.map((id) => tokenPiece(tokenizer, id))) };
}

describe('token labels', () => {
  it('BOS and the leading space, which stream no text, are labelled by their own pieces', async () => {
    const ids = tokenizer.encode('Hello  world');
    const texts = streamed(ids);
    expect(texts.slice(0, 2)).toEqual(['', '']); // the case: both were drawn "∅"
    const m = model();
    const labels = await tokenLabels(m, ids, texts);
    expect(labels.slice(0, 2)).toEqual([tokenizer.specialText!(ids[0]!), '␣']);
    expect(labels.slice(2)).toEqual(texts.slice(2).map((t) => t.replace(/ /g, '␣')));
    expect(m.asked).toEqual([ids.slice(0, 2)]); // one call, for the blank ones only
  });

  it('an unknown character\'s token is labelled <unk>; a row that streamed text throughout asks for nothing', async () => {
    const ids = tokenizer.encode('a 😀 b');
    const labels = await tokenLabels(model(), ids, streamed(ids));
    expect(labels).not.toContain('∅');
    expect(labels[ids.indexOf(0)]).toBe('<unk>');
    const m = model();
    expect(await tokenLabels(m, [54, 80], ['b', ' '])).toEqual(['b', '␣']);
    expect(m.asked).toEqual([]);
  });

  it('clipLabel cuts a label to its room, the cut marked by an ellipsis, and leaves one that fits', () => {
    expect(clipLabel('<|start_story|>', 4)).toBe('<|s…');
    expect(clipLabel('upon', 4)).toBe('upon');
    expect(clipLabel('upon', 1)).toBe('u…'); // a character at least, and the mark
    expect(clipLabel('😀😀😀', 2)).toBe('😀…'); // characters, not UTF-16 units
    expect(clipLabel('a😀', 2)).toBe('a😀');
  });
});
