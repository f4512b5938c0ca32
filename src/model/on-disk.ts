// A checkpoint file given by path in Node (a GGUF, a folder's safetensors; a Hub download the
// cache keeps, written to disk as it came), left on disk and read where it is asked for: its first
// bytes as the load resolves or parses it (a GGUF's metadata, a safetensors header), each tensor a
// piece at a time as the loader checks it and again as it uploads (tensor-bytes.ts). The host never holds the whole file, and a file
// past the 4 GiB one typed array can hold loads. Each read opens the file, checks that it is still
// the file it was (its size, modification time and inode: what the checks read must be what
// uploads), and closes it: nothing stays open, however the load ends. Node only (browsers
// have no synchronous reads of a File); made by source.ts, read by gguf.ts and safetensors.ts.
// Tests: tests/model/gguf.test.ts, tests/model/loaders-on-disk.test.ts, tests/model/hub-cache.test.ts.

import { ModelSourceError } from '../errors.js';

/** The node:fs calls a read makes, typed here: the package's declarations need no Node types. */
export interface SyncFileSystem {
  openSync(path: string, flags: 'r'): number;
  fstatSync(fd: number): FileStamp;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
}

/** What says a file is still the one a load began on: a write in place keeps the size but moves mtime; a file put in its place is another inode. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

/** Node's readSync reads at most 2^31 - 1 bytes a call. */
const READ_CHUNK = 1 << 30;

export class FileOnDisk {
  /**
   * Told, before a read, how many of its bytes no read has asked for before (a head read again
   * longer, a tensor the loader reads the first time): the load's 'read' progress, which throws for
   * an aborted load and so stops it there.
   */
  onNewBytes?: (bytes: number) => void;
  /**
   * The byte ranges reads have asked for, [begin, end) each, none overlapping or touching another: a
   * head is read again, longer, until it is whole; a tensor is read whole or a piece at a time, for
   * its check and again as it uploads. About one a tensor at most (a GGUF's padding keeps tensors apart).
   */
  private covered: Array<[number, number]> = [];
  /** Bytes told to onNewBytes so far. */
  private told = 0;

  readonly byteLength: number;

  /** `stamp`: the file as the load found it (its stat), which every read must still find. */
  constructor(private where: string, private readonly stamp: FileStamp, private readonly fs: SyncFileSystem) {
    this.byteLength = stamp.size;
  }

  /** Where the file is: a download's passing file until the cache keeps it under its own name (moved). */
  get path(): string {
    return this.where;
  }

  /** The file is now at `path`, renamed there whole (a download kept by the cache): later reads read it there. */
  moved(path: string): void {
    this.where = path;
  }

  /**
   * `length` bytes from `offset`, a copy of the file's bytes at this moment: in `into`'s first bytes
   * where it is given (at least `length` long: an array reused from read to read), else a new array.
   */
  read(offset: number, length: number, into?: Uint8Array): Uint8Array {
    if (!(offset >= 0 && length >= 0 && offset + length <= this.byteLength)) {
      throw new RangeError(`${this.path}: bytes ${offset}..${offset + length} are outside its ${this.byteLength}`);
    }
    if (into && into.length < length) throw new RangeError(`${this.path}: ${length} bytes cannot be read into ${into.length}`);
    this.tell(this.cover(offset, offset + length));
    const fd = this.system(() => this.fs.openSync(this.path, 'r'));
    try {
      this.checkUnchanged(this.system(() => this.fs.fstatSync(fd)));
      const out = into ? into.subarray(0, length) : new Uint8Array(length);
      for (let n = 0; n < length;) {
        const got = this.system(() => this.fs.readSync(fd, out, n, Math.min(READ_CHUNK, length - n), offset + n));
        if (got === 0) throw new ModelSourceError(`${this.path}: the file ended at byte ${offset + n} while it loaded`);
        n += got;
      }
      return out;
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /**
   * The bytes no read has asked for, told as read now that the load has checked the file: the
   * tensors it ignores (attention-mask buffers of old exports), a GGUF's alignment padding. Nothing
   * more is told after.
   */
  countRest(): void {
    this.tell(this.byteLength - this.told);
  }

  /**
   * Throws unless `now` is the file the load began on: bytes written in place at the same size
   * would reach the GPU unchecked (a sync tool, a second download into the same path).
   */
  private checkUnchanged(now: FileStamp): void {
    const was = this.stamp;
    if (now.size !== was.size) throw new ModelSourceError(`${this.path}: the file changed while it loaded (${now.size} bytes, ${was.size} when the load began)`);
    if (now.ino !== was.ino) throw new ModelSourceError(`${this.path}: the file was replaced by another while it loaded`);
    // Either way: a file put back with its old time (cp -p, rsync -t) moves it backwards.
    if (now.mtimeMs !== was.mtimeMs) throw new ModelSourceError(`${this.path}: the file changed while it loaded (modified ${new Date(now.mtimeMs).toISOString()}, ${new Date(was.mtimeMs).toISOString()} when the load began)`);
  }

  /** Adds [begin, end) to the ranges read; gives how many of its bytes no read covered before. */
  private cover(begin: number, end: number): number {
    if (begin === end) return 0;
    let fresh = end - begin;
    const merged: [number, number] = [begin, end];
    const apart: Array<[number, number]> = [];
    for (const [b, e] of this.covered) {
      if (e < begin || b > end) {
        apart.push([b, e]);
        continue;
      }
      fresh -= Math.max(0, Math.min(e, end) - Math.max(b, begin));
      merged[0] = Math.min(merged[0], b);
      merged[1] = Math.max(merged[1], e);
    }
    this.covered = [...apart, merged];
    return fresh;
  }

  private tell(bytes: number): void {
    const told = Math.min(bytes, this.byteLength - this.told);
    if (told <= 0) return;
    this.told += told;
    this.onNewBytes?.(told);
  }

  /** A system error (the file removed, unreadable) named with the file. */
  private system<T>(call: () => T): T {
    try {
      return call();
    } catch (e) {
      throw new ModelSourceError(`${this.path}: cannot be read: ${(e as Error).message}`);
    }
  }
}
