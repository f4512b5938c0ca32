// renamingOptions (src/option-names.ts): the rule the command line's flag names and the demos'
// field names share.

import { describe, expect, it } from 'vitest';
import { renamingOptions } from '../src/option-names.js';

describe('renamingOptions', () => {
  const flags = renamingOptions({ layers: '--layers', batchSize: '--batch', steps: '--steps' });
  const fields = renamingOptions({ layers: '"layers"', topP: '"top-p"' });

  it('renames each option standing alone, however often, and at a sentence\'s end', () => {
    expect(flags('layers must be a positive integer, got 0')).toBe('--layers must be a positive integer, got 0');
    expect(flags('reduce batchSize (4) or layers, or train fewer steps.')).toBe('reduce --batch (4) or --layers, or train fewer --steps.');
    expect(fields('topP must be in (0, 1] (1 = off), got 0')).toBe('"top-p" must be in (0, 1] (1 = off), got 0');
  });

  // Review J (the command line) and review L (the training page): "buffer --layers.0.qkv".
  it('leaves names inside dotted ones (a buffer\'s, a tensor\'s), inside other words, and in quotes', () => {
    expect(flags('training needs buffer layers.0.qkv of 2457600000 bytes')).toBe('training needs buffer layers.0.qkv of 2457600000 bytes');
    expect(flags('model.layers.0.mlp.up.weight is missing')).toBe('model.layers.0.mlp.up.weight is missing');
    expect(flags('stepsPerEval and nlayers')).toBe('stepsPerEval and nlayers');
    expect(fields('"layers" must be a number')).toBe('"layers" must be a number');
  });

  it('leaves every message as it is without names', () => {
    expect(renamingOptions({})('layers.0 and topP')).toBe('layers.0 and topP');
  });
});
