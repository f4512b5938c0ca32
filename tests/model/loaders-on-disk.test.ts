// A Hugging Face folder given by path in Node: its safetensors weights are left on disk (FileOnDisk),
// their header read as the load parses it and each tensor where the loader checks it and again as it
// uploads, so that the host never holds the file whole and a file past 4 GiB is not refused for its
// size. TinyStories-656K's tensors written as BF16 beside its own config and tokenizer (in the OS
// temp folder), loaded from disk and read whole: the same weights, the same tokens.

import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelSourceError, WeightFormatError } from '../../src/errors.js';
import type { FileOnDisk } from '../../src/model/on-disk.js';
import { prepareModel } from '../../src/model/prepare.js';
import { rowRunsOf } from '../../src/quant/formats.js';
import { type ModelFiles, type ReadProgress, resolveSource } from '../../src/model/source.js';
import { parseSafetensors, toFloat32 } from '../../src/model/weights/safetensors.js';
import { encodeSafetensors, type FixtureTensor } from './fixtures.js';
import { dataPath } from '../support/data.js';

const TINY = dataPath('tinystories656K');
const SIDE_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

/**
 * TinyStories-656K's tensors in BF16, with the head stored as well (a copy of the embedding, as some
 * exports keep it) and a buffer older exports saved, which the loader ignores (never reads).
 */
function bf16Checkpoint(head: (embedding: Float32Array) => Float32Array = (e) => e): Uint8Array {
  const { tensors } = parseSafetensors(readFileSync(join(TINY, 'model.safetensors')));
  const out: Record<string, FixtureTensor> = {};
  for (const [name, t] of tensors) out[name] = { dtype: 'BF16', shape: t.shape, data: toFloat32(name, t) };
  const embedding = out['model.embed_tokens.weight']!;
  out['lm_head.weight'] = { ...embedding, data: head(embedding.data) };
  out['model.layers.0.self_attn.rotary_emb.inv_freq'] = { dtype: 'F32', shape: [8], data: new Float32Array(8).fill(0.5) };
  return encodeSafetensors(out);
}

function onDiskFile(files: ModelFiles, name = 'model.safetensors'): FileOnDisk {
  if (files.format !== 'huggingface' || !files.onDisk?.has(name)) throw new Error(`${name} is not left on disk`);
  return files.onDisk.get(name)!;
}

describe('a Hugging Face folder given by path leaves its safetensors on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shaderlm-on-disk-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of SIDE_FILES) copyFileSync(join(TINY, name), join(dir, name));
  const path = join(dir, 'model.safetensors');
  const bytes = bf16Checkpoint();
  writeFileSync(path, bytes);

  it('reads a tensor at a time and loads what the whole file loads', async () => {
    const files = await resolveSource(dir);
    const reads: number[] = [];
    const file = onDiskFile(files);
    const read = file.read.bind(file);
    file.read = (offset, length, into) => (reads.push(length), read(offset, length, into));
    const fromDisk = prepareModel(files);
    const whole = await resolveSource(dir, { wholeFiles: true });
    expect(Buffer.from(whole.files.get('model.safetensors')!).equals(bytes)).toBe(true);
    const inMemory = prepareModel(whole);
    expect([...fromDisk.weights.keys()]).toEqual([...inMemory.weights.keys()]);
    for (const [name, t] of inMemory.weights) {
      const t2 = fromDisk.weights.get(name)!;
      expect({ dtype: t2.dtype, shape: t2.shape, layout: t2.layout }, name).toEqual({ dtype: t.dtype, shape: t.shape, layout: t.layout });
      expect(bytesOf(t2.data).equals(bytesOf(t.data)), name).toBe(true);
    }
    // The 16-bit matrices stay on disk until they upload: each is read again there, not held, a run
    // of rows at a time (into one array) where it uploads by runs.
    expect(fromDisk.weights.get('layers.0.mlp.up.weight')!.dtype).toBe('bf16');
    const before = reads.length;
    void fromDisk.weights.get('layers.0.mlp.up.weight')!.data;
    expect(reads.length).toBe(before + 1);
    const byRuns = [...fromDisk.weights].filter(([, t]) => rowRunsOf(t));
    expect(byRuns.map(([name]) => name)).toContain('layers.0.mlp.up.weight');
    for (const [name, t] of byRuns) {
      const joined = Buffer.concat(Array.from(rowRunsOf(t)!(), (r) => Buffer.from(bytesOf(r.data)))); // each copied as it comes: a run's array is the next's
      expect(joined.equals(bytesOf(inMemory.weights.get(name)!.data)), name).toBe(true);
    }
    const largest = Math.max(...[...parseSafetensors(bytes).tensors.values()].map((t) => t.bytes.byteLength));
    expect(Math.max(...reads)).toBe(largest); // a tensor at a time (the embedding), never the file
    expect(fromDisk.tokenizer.encode('Once upon a time')).toEqual(inMemory.tokenizer.encode('Once upon a time'));
  });

  // A tensor the loader ignores was never read, so never counted: the 'read' phase ended short of its total.
  it('counts the file as read as the load reads it (what it ignores too, once checked), and stops its reads at an abort', async () => {
    const events: ReadProgress[] = [];
    const files = await resolveSource(dir, { onProgress: (p) => events.push(p) });
    const sideBytes = SIDE_FILES.reduce((n, f) => n + readFileSync(join(dir, f)).byteLength, 0);
    // Resolved, the total says the weights are still to read.
    expect(events.at(-1)).toMatchObject({ loaded: sideBytes, total: sideBytes + bytes.byteLength });
    prepareModel(files);
    expect(events.at(-1)).toMatchObject({ loaded: sideBytes + bytes.byteLength, total: sideBytes + bytes.byteLength });
    expect(events.every((e, i) => i === 0 || e.loaded >= events[i - 1]!.loaded)).toBe(true);
    const controller = new AbortController();
    const aborted = await resolveSource(dir, { signal: controller.signal });
    controller.abort(new Error('stopped by the user'));
    expect(() => prepareModel(aborted)).toThrow('stopped by the user');
  });

  it('a head copied from the embedding is compared from disk: a different one is refused', async () => {
    writeFileSync(path, bf16Checkpoint((e) => e.map((x, i) => (i === 5 ? x + 1 : x))));
    try {
      await expect(resolveSource(dir).then((f) => prepareModel(f))).rejects.toThrow(/tensor "lm_head.weight" differs from the token embedding/);
    } finally {
      writeFileSync(path, bytes);
    }
  });

  it('a file past 4 GiB is not refused for its size: its header says what is wrong, read alone', async () => {
    truncateSync(path, 2 ** 32 + 1); // a hole past the tensors: no disk used
    try {
      const files = await resolveSource(dir);
      const reads: number[] = [];
      const file = onDiskFile(files);
      const read = file.read.bind(file);
      file.read = (offset, length, into) => (reads.push(length), read(offset, length, into));
      const [data, header] = [dataBytes(bytes), bytes.byteLength - dataBytes(bytes)];
      expect(() => prepareModel(files)).toThrow(WeightFormatError);
      expect(() => prepareModel(files)).toThrow(`model.safetensors: the data section is ${2 ** 32 + 1 - header} bytes but the last tensor`);
      expect(() => prepareModel(files)).toThrow(`ends at ${data}: ${2 ** 32 + 1 - bytes.byteLength} bytes of trailing data`);
      expect(reads.reduce((a, b) => a + b)).toBe(3 * header); // each load read its 8-byte length and its header, and nothing else
    } finally {
      writeFileSync(path, bytes);
    }
  });

  it('a damaged header length is refused from its 8 bytes; a file changed under the load is said to', async () => {
    const damaged = bytes.slice();
    new DataView(damaged.buffer).setBigUint64(0, 2n ** 40n, true);
    writeFileSync(path, damaged);
    try {
      const events: ReadProgress[] = [];
      const files = await resolveSource(dir, { onProgress: (p) => events.push(p) });
      const loaded = events.at(-1)!.loaded;
      expect(() => prepareModel(files)).toThrow(`model.safetensors: header length ${2 ** 40} is over the format's limit of 100000000 bytes: damaged or not safetensors`);
      expect(events.at(-1)!.loaded).toBe(loaded + 8);
      writeFileSync(path, bytes);
      const changing = await resolveSource(dir);
      truncateSync(path, bytes.byteLength - 1);
      expect(() => prepareModel(changing)).toThrow(new ModelSourceError(`${path}: the file changed while it loaded (${bytes.byteLength - 1} bytes, ${bytes.byteLength} when the load began)`));
      // Written in place at the same size (a sync tool, a second download): its bytes would upload unchecked.
      writeFileSync(path, bytes);
      const [began, later] = [new Date('2030-01-01T00:00:00.000Z'), new Date('2030-01-02T03:04:05.000Z')]; // set, not left to the clock: a coarse one may not move
      utimesSync(path, began, began);
      const rewritten = await resolveSource(dir);
      writeFileSync(path, bytes.map((b, i) => (i === bytes.byteLength - 1 ? b ^ 1 : b)));
      utimesSync(path, later, later);
      expect(() => prepareModel(rewritten)).toThrow(new ModelSourceError(`${path}: the file changed while it loaded (modified 2030-01-02T03:04:05.000Z, 2030-01-01T00:00:00.000Z when the load began)`));
      // Another file renamed into its place, same size and time.
      writeFileSync(path, bytes);
      const replaced = await resolveSource(dir);
      const { mtime } = statSync(path);
      writeFileSync(`${path}.new`, bytes);
      utimesSync(`${path}.new`, mtime, mtime);
      renameSync(`${path}.new`, path);
      expect(() => prepareModel(replaced)).toThrow(new ModelSourceError(`${path}: the file was replaced by another while it loaded`));
    } finally {
      writeFileSync(path, bytes);
    }
  });
});

const bytesOf = (data: ArrayBufferView) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/** The bytes of the data section: the tensors' (the file less its 8-byte length and header). */
function dataBytes(file: Uint8Array): number {
  return file.byteLength - 8 - Number(new DataView(file.buffer, file.byteOffset, 8).getBigUint64(0, true));
}
