// The embedded default models (`default:<name>`, src/model/defaults.ts) inside the demo site, at
// <site>/models/<folder>/: copied there by the build, and served at the same place relative to
// the pages by the dev server (/demos/models/ -> models/). Pages pass that URL to the engine
// worker, which resolves `default:` names against it. Tests: tests/browser/site.test.ts.

import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { DEFAULT_MODELS } from '../src/model/defaults.js';
import { serveFolder } from './static.js';

export function embeddedModelsPlugin(modelsDir: string): Plugin {
  let outDir = '';
  return {
    name: 'shaderlm-embedded-models',
    configureServer(server) {
      server.middlewares.use('/demos/models', serveFolder(modelsDir));
    },
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      for (const folder of Object.values(DEFAULT_MODELS)) {
        const from = join(modelsDir, folder);
        // A default still being trained is not there yet: its picker entry then says so when chosen.
        if (!existsSync(join(from, 'config.json'))) {
          this.warn(`models/${folder} has no config.json: the site is built without it`);
          continue;
        }
        cpSync(from, join(outDir, 'models', folder), { recursive: true });
      }
    },
  };
}
