// Node only: a data file read as a DataSource (corpus.ts), strictly as UTF-8 so that a binary file
// given by mistake (weights, an archive) is an error, not a corpus of replacement characters.
// The browser hands corpus.ts text itself. Tests: tests/train/corpus.test.ts.

import { TrainingDataError } from '../../errors.js';
import { whyUnreadable } from '../../file-errors.js';
import { readFile } from 'node:fs/promises';
import type { DataFormat, DataSource } from './corpus.js';

export async function readDataFile(path: string, format?: DataFormat): Promise<DataSource> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new TrainingDataError(`cannot read the data file ${path}: ${whyUnreadable(e)}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a leading byte-order mark
  } catch {
    throw new TrainingDataError(`${path}: not a text file (it is not valid UTF-8)`);
  }
  // Named by the path as given, as its read errors are: two files of one base name stay apart.
  return { name: path, text, ...(format ? { format } : {}) };
}
