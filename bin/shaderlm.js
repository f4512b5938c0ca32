#!/usr/bin/env node
// The `shaderlm` command. In a checkout (src/cli.ts is here) it runs the sources through tsx, a
// devDependency, so `npm ci && npx shaderlm` needs no build and a dist/ left by an earlier build
// never stands in for edited sources. The published package has no src/: it runs the CLI that
// `npm run build` compiled into dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli.ts', import.meta.url);
const compiled = new URL('../dist/src/cli.js', import.meta.url);

function fail(message) {
  process.stderr.write(`shaderlm: ${message}\n`);
  process.exit(1);
}

if (existsSync(source)) {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch (e) {
    if (e.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    fail('this checkout runs the CLI from src/ through tsx, a devDependency that is not installed: run `npm ci`');
  }
  tsx.register();
  await import(source.href);
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  fail(`the compiled CLI is missing (${fileURLToPath(compiled)}): this copy of shaderlm was packed without running \`npm run build\`; reinstall shaderlm from npm, or build it from a checkout`);
}
