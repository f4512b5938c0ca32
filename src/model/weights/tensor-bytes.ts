// A tensor's bytes where they lie in its file: a view of a file held in memory, or read from a file
// left on disk (on-disk.ts) at each ask, whole or a piece at a time. The loaders' checks read a
// tensor in pieces (forEachPiece) and the upload a run of rows at a time (rowRunsOfBytes), each into
// an array read into again and again (lent: run-memory.ts), not each tensor into a fresh one: on this
// project's 2-core VM memory touched for the first time cost more than the read (docs/BENCHMARKS.md,
// "A file on disk read in pieces"), and a piece is checked while it is still in the cache.
// Made by gguf.ts and safetensors.ts; read by gguf-model.ts, safetensors.ts's toStoredTensor and finite.ts.

import { rowRanges, runRows, type RowRun } from '../../quant/formats.js';
import { FileOnDisk } from '../on-disk.js';
import { lend, takeBack } from '../run-memory.js';

export interface TensorBytes {
  /** The tensor's little-endian bytes: a view into the file, not a copy; for a file on disk, read at each access. */
  readonly bytes: Uint8Array;
  readonly byteLength: number;
  /** The file is left on disk: bytes are read where they are needed, not held. */
  readonly onDisk?: true;
  /**
   * Bytes `begin` .. `begin + length` of the tensor's: a view where the file is in memory; read from
   * disk into `into`'s first bytes where it is given (at least `length` long), else into a new array.
   */
  bytesAt(begin: number, length: number, into?: Uint8Array): Uint8Array;
}

/** `info` given the bytes `begin` .. `begin + byteLength` of `file` (enumerable `bytes`: a spread reads them). */
export function withBytes<T extends object>(info: T, file: Uint8Array | FileOnDisk, begin: number, byteLength: number): T & TensorBytes {
  const bytesAt = (at: number, length: number, into?: Uint8Array) => {
    if (!(at >= 0 && length >= 0 && at + length <= byteLength)) throw new RangeError(`bytes ${at}..${at + length} of a tensor of ${byteLength}`);
    return file instanceof FileOnDisk ? file.read(begin + at, length, into) : file.subarray(begin + at, begin + at + length);
  };
  const placed = Object.assign(info, { byteLength, bytesAt }, file instanceof FileOnDisk ? { onDisk: true as const } : {});
  return Object.defineProperty(placed, 'bytes', { get: () => bytesAt(0, byteLength), enumerable: true }) as T & TensorBytes;
}

/** Bytes a check reads at a time: a piece stays in the cache while it is checked. */
const PIECE_BYTES = 1 << 22;

/**
 * Calls `each` with the tensor's bytes in order, a piece at a time, each a whole number of `unit`
 * bytes (an element, a block) and `begin`, where it starts in the tensor. A piece of a file on disk
 * is read into one array (lent: run-memory.ts), valid only until `each` returns.
 */
export function forEachPiece(t: TensorBytes, unit: number, each: (piece: Uint8Array, begin: number) => void): void {
  const step = Math.max(1, Math.floor(PIECE_BYTES / unit)) * unit;
  const buffer = t.onDisk ? lend(Math.min(step, t.byteLength)) : undefined;
  try {
    const into = buffer && new Uint8Array(buffer);
    for (let begin = 0; begin < t.byteLength; begin += step) each(t.bytesAt(begin, Math.min(step, t.byteLength - begin), into), begin);
  } finally {
    if (buffer) takeBack(buffer);
  }
}

/**
 * An N-row matrix's rows from its bytes, a run at a time (runRows for rows of K values), each read
 * from disk into the same array (lent: run-memory.ts) and made into words by `words`: a run is
 * valid until the next is asked for.
 */
export function* rowRunsOfBytes(t: TensorBytes, N: number, K: number, words: (bytes: Uint8Array, rows: number) => RowRun['data']): Generator<RowRun, void, void> {
  const rowBytes = t.byteLength / N;
  const buffer = t.onDisk ? lend(runRows(N, K) * rowBytes) : undefined;
  try {
    const into = buffer && new Uint8Array(buffer);
    for (const { first, rows } of rowRanges(N, K)) yield { first, rows, data: words(t.bytesAt(first * rowBytes, rows * rowBytes, into), rows) };
  } finally {
    if (buffer) takeBack(buffer);
  }
}
