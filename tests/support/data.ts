// Paths into ../shared/data (read-only, never copied into the repo) for tests. Without that folder
// (a user's clone) the tests that read it fail, the others pass; shared-data-setup.ts says why once.

import { fileURLToPath } from 'node:url';

/** The shared data folder, ../shared/data beside the repository. */
export const SHARED_DATA = new URL('../../../shared/data/', import.meta.url);

export function dataPath(relative: string): string {
  return fileURLToPath(new URL(relative, SHARED_DATA));
}
