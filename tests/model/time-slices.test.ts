// A load's host work in steps (src/model/time-slices.ts): run at once it is what it was; run in
// slices, the event loop turns between steps and an abort stops it at the next turn. A load's
// checks are a step a tensor, after the parse, and run before anything reads the weights.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WeightFormatError } from '../../src/errors.js';
import { preparingModel } from '../../src/model/prepare.js';
import { runInSlices, runSteps, type Steps } from '../../src/model/time-slices.js';
import { encodeGgufModel } from '../../src/model/weights/gguf-writer.js';
import { parseGguf } from '../../src/model/weights/gguf.js';
import { loadingModel, loadModel } from '../../src/model/weights/index.js';
import { parseSafetensors } from '../../src/model/weights/safetensors.js';
import { dataPath } from '../support/data.js';
import { randomHfCheckpoint } from './fixtures.js';

/** `n` steps, each logged (and `during` called) before it yields; the end and any stop logged in finally. */
function* logged(log: string[], n: number, during?: (step: number) => void): Steps<string> {
  try {
    for (let step = 0; step < n; step++) {
      log.push(`step ${step}`);
      during?.(step);
      yield;
    }
    return 'done';
  } finally {
    log.push('finally');
  }
}

function tinystories(): Map<string, Uint8Array> {
  const names = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json', 'special_tokens_map.json'];
  return new Map(names.map((n) => [n, new Uint8Array(readFileSync(dataPath(`tinystories656K/${n}`)))]));
}

describe('time slices', () => {
  it('runSteps runs every step at once, with no turn of the event loop between them', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('turn'));
    expect(runSteps(logged(log, 3))).toBe('done');
    expect(log).toEqual(['step 0', 'step 1', 'step 2', 'finally']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.at(-1)).toBe('turn');
  });

  it('runInSlices lets the event loop turn once a slice has run its time, and only then', async () => {
    const everyStep: string[] = [];
    setImmediate(() => everyStep.push('turn'));
    await expect(runInSlices(logged(everyStep, 3), undefined, 0)).resolves.toBe('done');
    expect(everyStep).toEqual(['step 0', 'turn', 'step 1', 'step 2', 'finally']);
    const oneSlice: string[] = [];
    setImmediate(() => oneSlice.push('turn'));
    await expect(runInSlices(logged(oneSlice, 3), undefined, Infinity)).resolves.toBe('done');
    expect(oneSlice).toEqual(['step 0', 'step 1', 'step 2', 'finally']);
  });

  it('an abort stops the steps at the next turn with its reason (their finally run); one aborted already runs none', async () => {
    const stop = new AbortController();
    const log: string[] = [];
    const steps = logged(log, 5, (step) => step === 1 && stop.abort(new Error('gave up')));
    await expect(runInSlices(steps, stop.signal, 0)).rejects.toThrow('gave up');
    expect(log).toEqual(['step 0', 'step 1', 'finally']);
    const none: string[] = [];
    await expect(runInSlices(logged(none, 5), stop.signal, 0)).rejects.toThrow('gave up');
    expect(none).toEqual([]);
  });

  it('a step that throws rejects with its error', async () => {
    const steps = logged([], 5, (step) => {
      if (step === 2) throw new RangeError('bad step');
    });
    await expect(runInSlices(steps, undefined, 0)).rejects.toThrow(new RangeError('bad step'));
  });

  it("a load's checks are a step a tensor, after the parse: a damaged tensor is refused at its own step", () => {
    const files = tinystories();
    const { tensors } = parseSafetensors(files.get('model.safetensors')!);
    const steps = loadingModel({ format: 'huggingface', files });
    let taken = 0;
    while (!steps.next().done) taken++;
    // Every tensor of the file once, but lm_head.weight: tied, a copy of the embedding (compared, not checked again).
    expect(tensors.has('lm_head.weight')).toBe(true);
    expect(taken).toBe(tensors.size - 1);
    // A NaN in the last layer's down projection, found at that tensor's step: every check before it passed.
    const damaged = tinystories();
    const original = files.get('model.safetensors')!;
    const down = tensors.get('model.layers.1.mlp.down_proj.weight')!.bytes;
    const bytes = damaged.get('model.safetensors')!;
    new DataView(bytes.buffer, bytes.byteOffset + (down.byteOffset - original.byteOffset) + 4 * 5, 4).setFloat32(0, NaN, true);
    const damagedSteps = loadingModel({ format: 'huggingface', files: damaged });
    let passed = 0;
    const run = () => {
      while (!damagedSteps.next().done) passed++;
    };
    expect(run).toThrow(new WeightFormatError('model.safetensors: tensor "model.layers.1.mlp.down_proj.weight" holds NaN at element 5 (index [0, 5] of shape [128, 384]): the file is damaged or was saved from a diverged model'));
    expect(passed).toBeGreaterThan(0);
    expect(passed).toBeLessThan(tensors.size);
  });

  // A Q4_K_M file's mixed q, k and v are requantized as their layer is read: a large model's parse was one step of seconds.
  it("a GGUF's parse is a step a layer, before a step a tensor checked", () => {
    const ck = randomHfCheckpoint('llama', { vocabSize: 67, dim: 64, nLayers: 3, nHeads: 4, nKvHeads: 2, hiddenDim: 128, maxSeqLen: 16 }, 3);
    const hf = loadModel({ format: 'huggingface', files: new Map([['config.json', new TextEncoder().encode(ck.configJson)], ['model.safetensors', ck.safetensorsBytes]]) });
    const bytes = encodeGgufModel(hf.config, hf.weights);
    const steps = loadingModel({ format: 'gguf', checkpoint: 'model.gguf', files: new Map([['model.gguf', bytes]]) });
    let taken = 0;
    while (!steps.next().done) taken++;
    expect(taken).toBe(3 + parseGguf(bytes).tensors.size);
  });

  it('preparing a model stops at a turn after an abort during its conversion, not after every tensor converted', async () => {
    const stop = new AbortController();
    const converted: string[] = [];
    const steps = preparingModel({ format: 'huggingface', files: tinystories() }, 'q8_0', (p) => {
      converted.push(p.file);
      if (p.loaded === 0) stop.abort(new Error('gave up'));
    });
    await expect(runInSlices(steps, stop.signal, 0)).rejects.toThrow('gave up');
    expect(converted).toEqual(['embed.tokens', 'embed.tokens']); // said before it converts, and once converted
  });
});
