// Paths into ../shared/data (read-only, never copied into the repo) for tests.

import { fileURLToPath } from 'node:url';

const root = new URL('../../../shared/data/', import.meta.url);

export function dataPath(relative: string): string {
  return fileURLToPath(new URL(relative, root));
}
