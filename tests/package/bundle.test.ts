// An app's Vite build of a page that imports shaderlm and its worker entries, from an installed
// package (installed.ts): it builds, and without one warning. Node's built-in modules, which only
// Node's code paths load, used to be reported "externalized for browser compatibility" eight
// times in every such build. No GPU, no browser: the build alone.

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltPackage, repo } from './installed.js';

let app: string;
let remove: () => void;
beforeAll(() => ({ app, remove } = installBuiltPackage()));
afterAll(() => remove());

describe("an app's Vite build", () => {
  it('bundles the engine, the worker client and its serving side without a warning', async () => {
    mkdirSync(join(app, 'src'));
    writeFileSync(join(app, 'index.html'), '<!doctype html><script type="module" src="/src/main.ts"></script>\n');
    writeFileSync(join(app, 'src/main.ts'), [
      "import { createEngine } from 'shaderlm';",
      "import { connectEngine } from 'shaderlm/worker';",
      'const engine = await createEngine();',
      "const model = await engine.load('default:shakespeare');",
      "for await (const piece of model.generate('ROMEO:')) document.body.append(piece.text);",
      "const remote = await connectEngine(new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' }));",
      'remote.destroy();',
    ].join('\n'));
    writeFileSync(join(app, 'src/engine.worker.ts'), "import { serveEngine } from 'shaderlm/worker/serve';\nserveEngine();\n");
    writeFileSync(join(app, 'vite.config.js'), "export default { build: { target: 'es2022' }, worker: { format: 'es' } };\n");
    // The app's own `vite build`, as its developer runs it: what it prints is what they would read.
    // Outside this test run's environment: under NODE_ENV=test Vite keeps the warnings to itself.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')));
    const r = spawnSync(process.execPath, [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: app, env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
  });
});
