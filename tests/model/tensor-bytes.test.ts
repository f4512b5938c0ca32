// A file left on disk is read a piece at a time (src/model/weights/tensor-bytes.ts): its 'read'
// progress tells each byte once, the first time a read covers it, whatever the pieces; a read into
// a given array fills that array; a check's pieces and a matrix's runs are read into one array each.

import * as fs from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileOnDisk } from '../../src/model/on-disk.js';
import { parseSafetensors, toStoredTensor } from '../../src/model/weights/safetensors.js';
import { forEachPiece, withBytes } from '../../src/model/weights/tensor-bytes.js';
import { rowRunsOf } from '../../src/quant/formats.js';
import { mulberry32 } from '../support/random.js';
import { encodeSafetensors } from './fixtures.js';

describe('a file on disk read in pieces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shaderlm-pieces-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'file.bin');
  writeFileSync(path, Uint8Array.from({ length: 1000 }, (_, i) => i % 251));

  it('tells each byte as read the first time a read covers it: a longer head, overlaps, a piece again', () => {
    const file = new FileOnDisk(path, fs.statSync(path), fs);
    const told: number[] = [];
    file.onNewBytes = (n) => told.push(n);
    const reads: Array<[number, number, number]> = [
      [0, 100, 100], // a head
      [0, 200, 100], // the head read again, longer
      [500, 100, 100],
      [550, 100, 50], // overlaps the last
      [450, 300, 150], // covers both, and more on each side
      [500, 50, 0], // a piece read again (a tensor's check, then its upload)
      [100, 400, 250], // joins the head to the rest
      [999, 0, 0],
      [0, 1000, 250], // the file whole: only its last bytes are new
    ];
    for (const [offset, length, fresh] of reads) {
      const before = told.length;
      expect(file.read(offset, length).length).toBe(length);
      expect(told.slice(before).reduce((a, b) => a + b, 0), `read ${offset}..${offset + length}`).toBe(fresh);
    }
    file.countRest();
    expect(told.reduce((a, b) => a + b)).toBe(1000);
  });

  it('reads into the first bytes of an array given, and refuses one too short', () => {
    const file = new FileOnDisk(path, fs.statSync(path), fs);
    const into = new Uint8Array(300).fill(7);
    const got = file.read(700, 200, into);
    expect(got.buffer).toBe(into.buffer);
    expect([...got]).toEqual(Array.from({ length: 200 }, (_, i) => (700 + i) % 251));
    expect(into[200]).toBe(7);
    expect(() => file.read(0, 301, into)).toThrow(RangeError);
  });

  it('gives a tensor\'s pieces whole units, in order, a check inside a check its own array', () => {
    const big = join(dir, 'big.bin');
    writeFileSync(big, Uint8Array.from({ length: 5_000_000 }, (_, i) => i % 253));
    const tensor = withBytes({}, new FileOnDisk(big, fs.statSync(big), fs), 10, 4_999_990);
    const pieces: Array<[number, number, boolean]> = [];
    forEachPiece(tensor, 3, (piece, begin) => {
      pieces.push([begin, piece.length, piece.every((b, i) => b === (10 + begin + i) % 253)]);
      forEachPiece(withBytes({}, new FileOnDisk(path, fs.statSync(path), fs), 0, 1000), 7, () => {}); // reads into another array
      expect(piece.every((b, i) => b === (10 + begin + i) % 253)).toBe(true);
    });
    expect(pieces).toEqual([[0, 4_194_303, true], [4_194_303, 805_687, true]]); // 4 MiB less 1: whole 3-byte units
    expect(() => tensor.bytesAt(4_999_900, 91)).toThrow(RangeError); // past the tensor, though not the file
  });
});

// A safetensors matrix left on disk uploads a run of rows at a time (toStoredTensor's deferredRowRuns)
// where its rows fill whole words: the runs hold its whole data.
describe('a safetensors matrix on disk, a run of rows at a time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shaderlm-st-runs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const random = mulberry32(5);
  const values = (n: number) => Float32Array.from({ length: n }, () => random() - 0.5);
  const bytes = encodeSafetensors({
    f32: { dtype: 'F32', shape: [2000, 1250], data: values(2000 * 1250) },
    bf16: { dtype: 'BF16', shape: [2000, 1250], data: values(2000 * 1250) },
    oddK: { dtype: 'F16', shape: [900, 1251], data: values(900 * 1251) },
  });
  const path = join(dir, 'model.safetensors');
  writeFileSync(path, bytes);

  it('reads 838, 838 and 324 rows of 1250 (2^20 values a run), each into one array, as the whole; odd K whole', () => {
    const onDisk = parseSafetensors(new FileOnDisk(path, fs.statSync(path), fs)).tensors;
    const inMemory = parseSafetensors(bytes).tensors;
    for (const name of ['f32', 'bf16']) {
      const t = toStoredTensor(name, onDisk.get(name)!, 'nk');
      const runs = Array.from(rowRunsOf(t)!(), (r) => ({ rows: r.rows, buffer: r.data.buffer, bytes: Buffer.from(new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)) })); // a copy: the next run is read where it lies
      expect(runs.map((r) => r.rows), name).toEqual([838, 838, 324]);
      expect(new Set(runs.map((r) => r.buffer)).size, name).toBe(1);
      const whole = toStoredTensor(name, inMemory.get(name)!, 'nk').data;
      expect(Buffer.concat(runs.map((r) => r.bytes)).equals(Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength)), name).toBe(true);
    }
    const oddK = toStoredTensor('oddK', onDisk.get('oddK')!, 'nk');
    expect(rowRunsOf(oddK)).toBeUndefined(); // its rows share words
    expect(oddK.data).toEqual(toStoredTensor('oddK', inMemory.get('oddK')!, 'nk').data);
  });
});
