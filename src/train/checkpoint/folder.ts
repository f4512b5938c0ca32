// A checkpoint's files in a Node folder: a sink that writes each file whole (to a temporary name,
// then renamed, so an interrupted save never leaves half a file), removal of stale side files, and
// a reader of the files a checkpoint may hold. node:fs is imported only when called, so browsers can import this module.
// Not the file contents (checkpoint.ts). Tests: tests/train/checkpoint.test.ts.

import { ModelSourceError } from '../../errors.js';
import { nodeModule } from '../../node-modules.js';
import { fileNameProblem } from '../../model/weights/file-name.js';

/** Writes each file into `dir` (created with its parents if need be). */
export function folderSink(dir: string): (name: string, bytes: Uint8Array) => Promise<void> {
  return async (name, bytes) => {
    const problem = fileNameProblem(name);
    if (problem) throw new Error(`checkpoint file name ${JSON.stringify(name)} is not a plain file name: ${problem}`);
    const fs = await nodeModule('node:fs/promises');
    const { join } = await nodeModule('node:path');
    await fs.mkdir(dir, { recursive: true });
    const path = join(dir, name);
    await fs.writeFile(`${path}.partial`, bytes);
    await fs.rename(`${path}.partial`, path);
  };
}

/** Deletes those of `names` that `dir` holds (side files an earlier save left, which would not match the new model). */
export async function removeFolderFiles(dir: string, names: readonly string[]): Promise<void> {
  const fs = await nodeModule('node:fs/promises');
  const { join } = await nodeModule('node:path');
  for (const name of names) await fs.rm(join(dir, name), { force: true });
}

/** The files among `names` that `dir` holds; throws naming the folder when it is not one or lacks one of `required`. */
export async function readFolderFiles(dir: string, names: readonly string[], required: readonly string[]): Promise<Map<string, Uint8Array>> {
  const fs = await nodeModule('node:fs/promises');
  const { join } = await nodeModule('node:path');
  const stat = await fs.stat(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new ModelSourceError(`${dir}: expected a checkpoint folder, and it cannot be read: ${e.message}`);
  });
  if (!stat?.isDirectory()) throw new ModelSourceError(`${dir}: expected a checkpoint folder, ${stat ? 'got a file' : 'and there is no such folder'}`);
  const files = new Map<string, Uint8Array>();
  for (const name of names) {
    const bytes = await fs.readFile(join(dir, name)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw new ModelSourceError(`${join(dir, name)}: cannot be read: ${e.message}`);
    });
    if (bytes) files.set(name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  const missing = required.filter((name) => !files.has(name));
  if (missing.length) throw new ModelSourceError(`${dir}: missing ${missing.join(', ')}: not a checkpoint folder`);
  return files;
}
