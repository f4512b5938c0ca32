// Sharded checkpoints and reading model folders safely (issue 7, finding 5): shard names in
// model.safetensors.index.json are plain file names, checked before anything is read or fetched; the index and
// the shards agree both ways; a folder where a file is expected is a ModelSourceError naming the file.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelSourceError, WeightFormatError } from '../../src/errors.js';
import { type ModelFiles, resolveSource } from '../../src/model/source.js';
import { loadModel } from '../../src/model/weights/index.js';
import { parseShardIndex } from '../../src/model/weights/safetensors.js';
import { encodeSafetensors, randomHfCheckpoint } from './fixtures.js';

const enc = (s: string) => new TextEncoder().encode(s);
const index = (weightMap: unknown) => enc(JSON.stringify({ metadata: {}, weight_map: weightMap }));

const ck = randomHfCheckpoint('gpt2', { vocabSize: 20, dim: 16, nLayers: 1, nHeads: 2, hiddenDim: 32, maxSeqLen: 8 }, 4);
const names = Object.keys(ck.tensors);
const shard = (part: string[]) => encodeSafetensors(Object.fromEntries(part.map((n) => [n, ck.tensors[n]!])));

describe('shard names are plain file names (finding 5)', () => {
  const bad: [string, RegExp][] = [
    ['../model-00001.safetensors', /contains "\/", so it is a path or URL/],
    ['/etc/passwd', /contains "\/"/],
    ['..\\model.safetensors', /contains "\\\\"/],
    ['C:model.safetensors', /contains ":"/],
    ['%2e%2e', /contains "%"/], // a URL parser reads %2e%2e as ".."
    ['a.safetensors?x=1', /contains "\?"/],
    ['a.safetensors#x', /contains "#"/],
    ['..', /".." is a folder, not a file/],
    ['.', /"." is a folder, not a file/],
    ['', /it is empty/],
    ['a\u0000.safetensors', /a control character/],
    ['a\n.safetensors', /a control character/],
  ];
  it.each(bad)('%j is refused, naming the index file and the entry', (name, why) => {
    const load = () => parseShardIndex(index({ 'wte.weight': name }));
    expect(load).toThrow(WeightFormatError);
    expect(load).toThrow(new RegExp(`^model.safetensors.index.json: weight_map\\["wte.weight"\\] = ".*" is not a plain file name in the model folder: .*${why.source}`));
  });

  it('names with dots inside are fine; other values are not shard names', () => {
    expect(parseShardIndex(index({ a: 'model-00001-of-00002.safetensors', b: 'v1.2..final.safetensors' })).shards)
      .toEqual(['model-00001-of-00002.safetensors', 'v1.2..final.safetensors']);
    expect(() => parseShardIndex(index({ a: 3 }))).toThrow('model.safetensors.index.json: weight_map["a"] must be a shard file name, got 3');
    expect(() => parseShardIndex(index({}))).toThrow('model.safetensors.index.json: weight_map is empty');
    expect(() => parseShardIndex(index([]))).toThrow('model.safetensors.index.json: weight_map must map tensor names to shard file names');
  });

  const tmp = mkdtempSync(join(tmpdir(), 'shaderlm-shards-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a folder whose index points outside it: refused before the outside file is read', async () => {
    const dir = join(tmp, 'model');
    mkdirSync(dir);
    writeFileSync(join(tmp, 'outside.safetensors'), shard(names));
    writeFileSync(join(dir, 'config.json'), ck.configJson);
    writeFileSync(join(dir, 'model.safetensors.index.json'), index(Object.fromEntries(names.map((n) => [n, '../outside.safetensors']))));
    await expect(resolveSource(dir)).rejects.toThrow(/^model.safetensors.index.json: weight_map\[".*"\] = "..\/outside.safetensors" is not a plain file name/);
  });

  it('a base URL whose index points outside it: nothing outside the base is fetched', async () => {
    const requested: string[] = [];
    const served: Record<string, string> = {
      'config.json': ck.configJson, 'model.safetensors.index.json': JSON.stringify({ weight_map: { 'wte.weight': '%2e%2e' } }),
    };
    const fetch = (async (input: string | URL | Request) => {
      const url = String(input);
      requested.push(url);
      const body = served[url.slice('https://models.test/m/'.length)];
      return body ? new Response(body) : new Response('not found', { status: 404 });
    }) as typeof globalThis.fetch;
    await expect(resolveSource('https://models.test/m/', { fetch })).rejects.toThrow(/weight_map\["wte.weight"\] = "%2e%2e" is not a plain file name/);
    expect(requested.every((url) => url.startsWith('https://models.test/m/') && !url.includes('%2e'))).toBe(true);
  });

  // It used to read both, and refuse a large stale model.safetensors the shards made unneeded.
  it('a folder with model.safetensors and shards reads the single file, as transformers does; without it, the index and the shards', async () => {
    const both = join(tmp, 'both');
    mkdirSync(both);
    writeFileSync(join(both, 'config.json'), ck.configJson);
    writeFileSync(join(both, 'model.safetensors'), ck.safetensorsBytes);
    writeFileSync(join(both, 'model.safetensors.index.json'), index(Object.fromEntries(names.map((n) => [n, 'a.safetensors']))));
    writeFileSync(join(both, 'a.safetensors'), shard(names));
    // In Node the weights are left on disk (onDisk), the index read.
    const safetensorsOf = (files: ModelFiles) => [...files.files.keys(), ...(files.format === 'huggingface' ? files.onDisk?.keys() ?? [] : [])].filter((n) => n.includes('safetensors'));
    expect(safetensorsOf(await resolveSource(both))).toEqual(['model.safetensors']);
    rmSync(join(both, 'model.safetensors'));
    const sharded = await resolveSource(both);
    expect(safetensorsOf(sharded)).toEqual(['model.safetensors.index.json', 'a.safetensors']);
    expect(loadModel(sharded).config.nLayers).toBe(1);
  });

  it('the index and the shards agree both ways', () => {
    const files = (weightMap: Record<string, string>, shards: Record<string, string[]>) => ({
      format: 'huggingface' as const,
      files: new Map<string, Uint8Array>([
        ['config.json', enc(ck.configJson)], ['model.safetensors.index.json', index(weightMap)],
        ...Object.entries(shards).map(([file, part]) => [file, shard(part)] as [string, Uint8Array]),
      ]),
    });
    const all = Object.fromEntries(names.map((n) => [n, 'a.safetensors']));
    expect(loadModel(files(all, { 'a.safetensors': names })).config.nLayers).toBe(1);
    const [first, ...rest] = names;
    const unlisted = Object.fromEntries(rest.map((n) => [n, 'a.safetensors']));
    expect(() => loadModel(files(unlisted, { 'a.safetensors': names })))
      .toThrow(`a.safetensors holds tensor "${first}", which model.safetensors.index.json does not list`);
    expect(() => loadModel(files({ ...all, [first!]: 'b.safetensors' }, { 'a.safetensors': rest, 'b.safetensors': [] })))
      .toThrow(`model.safetensors.index.json maps "${first}" to b.safetensors, which does not hold it`);
  });
});

describe('a folder where a file is expected (finding 5)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'shaderlm-folders-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** A model folder with `asFolder` created as a folder instead of a file. */
  function folderWith(asFolder: string, weightFiles: Record<string, Uint8Array | string> = { 'model.safetensors': ck.safetensorsBytes }) {
    const dir = mkdtempSync(join(tmp, 'm-'));
    const files = { 'config.json': ck.configJson, ...weightFiles };
    for (const [name, bytes] of Object.entries(files)) if (name !== asFolder) writeFileSync(join(dir, name), bytes);
    mkdirSync(join(dir, asFolder));
    return dir;
  }

  it.each(['config.json', 'model.safetensors', 'tokenizer.json'])('%s as a folder is a ModelSourceError naming it', async (name) => {
    const dir = folderWith(name);
    const load = resolveSource(dir);
    await expect(load).rejects.toThrow(ModelSourceError);
    await expect(resolveSource(dir)).rejects.toThrow(`${join(dir, name)}: expected the file ${name}, found a folder`);
  });

  it('a shard as a folder', async () => {
    const dir = folderWith('a.safetensors', { 'model.safetensors.index.json': index(Object.fromEntries(names.map((n) => [n, 'a.safetensors']))) });
    await expect(resolveSource(dir)).rejects.toThrow(`${join(dir, 'a.safetensors')}: expected the file a.safetensors, found a folder`);
  });
});
