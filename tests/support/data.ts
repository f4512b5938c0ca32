// Paths into ../shared/data (read-only, never copied into the repo) for tests. A clone without that
// folder fails the tests that read it with a message naming it, not a bare ENOENT (README: Set up).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const rootUrl = new URL('../../../shared/data/', import.meta.url);
const root = fileURLToPath(rootUrl);

export function dataPath(relative: string): string {
  if (!existsSync(root)) {
    throw new Error(`this test reads small real models and corpora from ../shared/data, the project's shared data folder beside the repository, which is not there (${root}): README.md (Set up) says what it holds`);
  }
  return fileURLToPath(new URL(relative, rootUrl));
}
