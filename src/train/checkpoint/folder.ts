// A checkpoint's files in a Node folder: a save that writes every file under a temporary name
// before it renames any (so a save cut short leaves the last checkpoint whole, and a finished one
// mixes no files of two saves but for the moment of the renames), and a reader of the files a
// checkpoint may hold. node:fs is imported only when called, so browsers can import this module.
// Not the file contents (checkpoint.ts). Tests: tests/train/checkpoint.test.ts.

import { ModelSourceError } from '../../errors.js';
import { nodeModule } from '../../node-modules.js';
import { fileNameProblem } from '../../model/weights/file-name.js';
import { whyUnreadable } from '../../file-errors.js';

const PARTIAL = '.partial';

/**
 * Writes `files` into `dir` (created with its parents if need be): each as `<name>.partial`; once
 * all are on disk, `stale` is removed (side files of an earlier save that would not match these:
 * gone first, a cut-short save leaves the old model loadable without them) and the files renamed
 * in order. Each file reaches the disk (fsync) before any rename, and the folder after them, so
 * that a power cut cannot leave a renamed file empty. A failed write removes the partial files
 * and leaves `dir` as it was.
 */
export async function writeFolderFiles(dir: string, files: ReadonlyMap<string, Uint8Array>, stale: readonly string[] = []): Promise<void> {
  for (const name of files.keys()) {
    const problem = fileNameProblem(name);
    if (problem) throw new Error(`checkpoint file name ${JSON.stringify(name)} is not a plain file name: ${problem}`);
  }
  const fs = await nodeModule('node:fs/promises');
  const { join } = await nodeModule('node:path');
  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  try {
    for (const [name, bytes] of files) {
      written.push(join(dir, name + PARTIAL));
      const handle = await fs.open(written.at(-1)!, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  } catch (e) {
    // Each removal may fail on its own (the failed name may be a folder): the write's error is the one to report.
    await Promise.all(written.map((path) => fs.rm(path, { force: true }).catch(() => undefined)));
    throw e;
  }
  for (const name of stale) if (!files.has(name)) await fs.rm(join(dir, name), { force: true });
  for (const name of files.keys()) await fs.rename(join(dir, name + PARTIAL), join(dir, name));
  await syncFolder(fs, dir);
}

/** Makes a folder's entries (the renames) durable; where a folder cannot be opened for it (Windows), they are left to the system. */
async function syncFolder(fs: typeof import('node:fs/promises'), dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/** Those of `names` whose `.partial` file `dir` holds: what a save cut short while renaming left. */
export async function partialFiles(dir: string, names: readonly string[]): Promise<string[]> {
  const fs = await nodeModule('node:fs/promises');
  const held = new Set(await fs.readdir(dir).catch(() => []));
  return names.map((name) => name + PARTIAL).filter((name) => held.has(name));
}

/** The files among `names` that `dir` holds; throws naming the folder when it is not one or lacks one of `required`. */
export async function readFolderFiles(dir: string, names: readonly string[], required: readonly string[]): Promise<Map<string, Uint8Array>> {
  const fs = await nodeModule('node:fs/promises');
  const { join } = await nodeModule('node:path');
  const stat = await fs.stat(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new ModelSourceError(`${dir}: expected a checkpoint folder, and it cannot be read: ${whyUnreadable(e)}`);
  });
  if (!stat?.isDirectory()) throw new ModelSourceError(`${dir}: expected a checkpoint folder, ${stat ? 'got a file' : 'and there is no such folder'}`);
  const files = new Map<string, Uint8Array>();
  for (const name of names) {
    const bytes = await fs.readFile(join(dir, name)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw new ModelSourceError(`${join(dir, name)}: cannot be read: ${whyUnreadable(e)}`);
    });
    if (bytes) files.set(name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  const missing = required.filter((name) => !files.has(name));
  if (missing.length) throw new ModelSourceError(`${dir}: missing ${missing.join(', ')}: not a checkpoint folder`);
  return files;
}
