// The memory a matrix's runs of rows are made in as it uploads (its bytes read from disk, its values
// in f32, its words: deferredRowRuns in src/quant/formats.ts), lent to the generator that makes them
// for as long as it runs and taken back when it ends (a `finally`: also where the upload stops early),
// and a check's pieces (tensor-bytes.ts's forEachPiece), so that the next matrix's runs are made in
// memory already touched. A generator dropped without being closed keeps its loan from the next, not
// from the collector (a WeakSet). On this project's 2-core VM
// memory touched for the first time is slow: fresh arrays for each matrix of a 567 MB f16 file
// loaded as q4_0 cost about a second of its 5 s (docs/BENCHMARKS.md, "A file on disk read in
// pieces"). Two loads at once borrow different buffers; at most KEPT_BYTES wait between loads.

/** Bytes of buffers kept for the next loan: a run's arrays take up to 4 MiB each (f16 to q4_0: 7 MiB in all). */
const KEPT_BYTES = 16 << 20;
/** Buffers waiting for a loan, smallest first. */
const waiting: ArrayBuffer[] = [];
const lent = new WeakSet<ArrayBuffer>();

/** An ArrayBuffer of at least `bytes` (a power of two when new; its contents are whatever the last loan left), lent until takeBack. */
export function lend(bytes: number): ArrayBuffer {
  const i = waiting.findIndex((b) => b.byteLength >= bytes);
  const buffer = i >= 0 ? waiting.splice(i, 1)[0]! : new ArrayBuffer(2 ** Math.ceil(Math.log2(Math.max(bytes, 1))));
  lent.add(buffer);
  return buffer;
}

/** Takes back a buffer `lend` gave, for the next loan (or for the collector, past KEPT_BYTES). */
export function takeBack(buffer: ArrayBuffer): void {
  if (!lent.delete(buffer)) throw new Error('takeBack: a buffer that is not out on loan');
  waiting.push(buffer);
  waiting.sort((a, b) => a.byteLength - b.byteLength);
  let kept = waiting.reduce((n, b) => n + b.byteLength, 0);
  while (kept > KEPT_BYTES) kept -= waiting.shift()!.byteLength;
}
