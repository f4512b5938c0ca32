// A file left on disk is read a piece at a time (src/model/weights/tensor-bytes.ts): its 'read'
// progress tells each byte once, the first time a read covers it, whatever the pieces; a read into
// a given array fills that array; the checks' one array is never read into twice at once.

import * as fs from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileOnDisk } from '../../src/model/on-disk.js';
import { forEachPiece, withBytes } from '../../src/model/weights/tensor-bytes.js';

describe('a file on disk read in pieces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shaderlm-pieces-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'file.bin');
  writeFileSync(path, Uint8Array.from({ length: 1000 }, (_, i) => i % 251));

  it('tells each byte as read the first time a read covers it: a longer head, overlaps, a piece again', () => {
    const file = new FileOnDisk(path, 1000, fs);
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
    const file = new FileOnDisk(path, 1000, fs);
    const into = new Uint8Array(300).fill(7);
    const got = file.read(700, 200, into);
    expect(got.buffer).toBe(into.buffer);
    expect([...got]).toEqual(Array.from({ length: 200 }, (_, i) => (700 + i) % 251));
    expect(into[200]).toBe(7);
    expect(() => file.read(0, 301, into)).toThrow(RangeError);
  });

  it('gives a tensor\'s pieces whole units, in order, and refuses a piece asked for while one is read', () => {
    const file = new FileOnDisk(path, 1000, fs);
    const tensor = withBytes({}, file, 10, 990);
    const pieces: Array<[number, number[]]> = [];
    forEachPiece(tensor, 3, (piece, begin) => pieces.push([begin, [...piece]]));
    expect(pieces.map(([begin]) => begin)).toEqual([0]); // 990 bytes: one piece
    expect(pieces[0]![1]).toEqual(Array.from({ length: 990 }, (_, i) => (10 + i) % 251));
    expect(() => forEachPiece(tensor, 3, () => forEachPiece(tensor, 3, () => {}))).toThrow(/while another was being read/);
    expect(() => forEachPiece(tensor, 3, () => {})).not.toThrow(); // the refusal left no piece being read
    expect(() => tensor.bytesAt(900, 91)).toThrow(RangeError); // past the tensor, though not the file
  });
});
