// vitest's global setup: in a clone without ../shared/data, one line at the start says why the
// tests that read real models will fail (each with a bare ENOENT), and what the folder is.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SHARED_DATA } from './data.js';

export default function checkSharedData(): void {
  const root = fileURLToPath(SHARED_DATA);
  if (existsSync(root)) return;
  console.warn(`\nshaderlm tests: ${root} is not there: the tests that read small real models and corpora from ../shared/data, the project's shared data folder beside the repository, fail (ENOENT); README.md (Set up) says what it holds.\n`);
}
