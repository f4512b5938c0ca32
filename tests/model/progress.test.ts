// LoadOptions.onProgress as a loading bar sees it: one stream over reading the files (a
// llama2.c tokenizer given beside the checkpoint included) and uploading to the GPU, whose
// fraction never goes back and ends at 1, even when totals grow as shards become known.

import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type LoadProgress } from '../../src/engine.js';
import { dataPath } from '../support/data.js';
import { encodeSafetensors, randomHfCheckpoint } from './fixtures.js';

const engine = await createEngine();
const tmp = mkdtempSync(join(tmpdir(), 'shaderlm-progress-'));
afterAll(() => {
  engine.destroy();
  rmSync(tmp, { recursive: true, force: true });
});

async function loadRecording(source: string, tokenizer?: string): Promise<LoadProgress[]> {
  const events: LoadProgress[] = [];
  const model = await engine.load(source, { tokenizer, maxSeqLen: 16, onProgress: (p) => events.push({ ...p }) });
  model.dispose();
  return events;
}

/** The fraction never decreases, stays in [0, 1] and ends at 1; reading comes before uploading. */
function expectOneStream(events: LoadProgress[]): void {
  expect(events.length).toBeGreaterThan(0);
  for (const [i, e] of events.entries()) {
    expect(e.fraction).toBeGreaterThanOrEqual(i === 0 ? 0 : events[i - 1]!.fraction);
    expect(e.fraction).toBeLessThanOrEqual(1);
    expect(e.loaded).toBeLessThanOrEqual(e.total);
  }
  const phases = events.map((e) => e.phase);
  expect(phases.indexOf('upload')).toBe(phases.lastIndexOf('read') + 1);
  expect(events.at(-1)).toMatchObject({ phase: 'upload', fraction: 1 });
  const last = events.at(-1)!;
  expect(last.loaded).toBe(last.total);
}

describe('load progress', () => {
  it('a llama2.c checkpoint and its tokenizer: both files read, then the upload, in one stream', async () => {
    const events = await loadRecording(dataPath('stories260K/stories260K.bin'), dataPath('stories260K/tok512.bin'));
    expectOneStream(events);
    const reads = events.filter((e) => e.phase === 'read');
    expect(new Set(reads.map((e) => e.file))).toEqual(new Set(['stories260K.bin', 'tok512.bin']));
    const bytes = statSync(dataPath('stories260K/stories260K.bin')).size + statSync(dataPath('stories260K/tok512.bin')).size;
    expect(reads.at(-1)).toMatchObject({ loaded: bytes, total: bytes });
    expect(reads.at(-1)!.fraction).toBeLessThan(1); // the upload is still to come
  });

  it('a sharded folder, whose total grows once the index names the shards', async () => {
    const ck = randomHfCheckpoint('llama', { vocabSize: 2048, dim: 32, nLayers: 2, nHeads: 4, hiddenDim: 48, maxSeqLen: 16 }, 5);
    const names = Object.keys(ck.tensors);
    const half = Math.ceil(names.length / 2);
    const shard = (i: number) => `model-0000${i}-of-00002.safetensors`;
    const pick = (part: string[]) => encodeSafetensors(Object.fromEntries(part.map((n) => [n, ck.tensors[n]!])));
    writeFileSync(join(tmp, 'config.json'), ck.configJson);
    writeFileSync(join(tmp, 'model.safetensors.index.json'), JSON.stringify({ weight_map: Object.fromEntries(names.map((n, i) => [n, shard(i < half ? 1 : 2)])) }));
    writeFileSync(join(tmp, shard(1)), pick(names.slice(0, half)));
    writeFileSync(join(tmp, shard(2)), pick(names.slice(half)));
    copyFileSync(dataPath('tinystories656K/tokenizer.json'), join(tmp, 'tokenizer.json')); // its 2048 tokens fit the model
    const events = await loadRecording(tmp);
    expectOneStream(events);
    const totals = events.filter((e) => e.phase === 'read').map((e) => e.total);
    expect(totals.at(-1)).toBeGreaterThan(totals[0]!); // the case this stream exists for
  });
});
