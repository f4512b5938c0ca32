/// <reference types="vitest/config" />
// Vite serves the demos and the browser test pages (dev server: the repository root, so demos are
// at /demos/<name>/ and tests/browser/ pages beside them) and builds the demo site alone into
// dist/site/ (root demos/: dist/site/index.html, one folder per demo, the embedded models in
// dist/site/models/); vitest runs the test suites in Node. In development only, /shared-data/
// maps to ../shared/data so demos and browser tests can load the small real models without
// copying them into the repo. Plugins: vite/pages.ts, vite/models.ts, vite/static.ts.
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { embeddedModelsPlugin } from './vite/models.js';
import { demoPagesPlugin, pageInputs } from './vite/pages.js';
import { serveFolder } from './vite/static.js';

const DEMOS = resolve(import.meta.dirname, 'demos');

function sharedDataPlugin(): Plugin {
  return {
    name: 'shaderlm-shared-data',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/shared-data', serveFolder(resolve(import.meta.dirname, '../shared/data')));
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [sharedDataPlugin(), embeddedModelsPlugin(resolve(import.meta.dirname, 'models')), demoPagesPlugin(DEMOS)],
  // Relative URLs in the built site, so dist/site works under any path of any static server.
  ...(command === 'build' ? { root: DEMOS, base: './' } : {}),
  server: { fs: { allow: ['.'] } },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: resolve(import.meta.dirname, 'dist/site'),
    emptyOutDir: true,
    rolldownOptions: {
      input: pageInputs(DEMOS),
      onLog(level, log, handler) {
        // The library reaches node: modules only on its Node paths (dynamic imports behind an
        // isNode() check); in the browser bundle they are empty stand-ins, as they should be.
        if (log.message.includes('has been externalized for browser compatibility')) return;
        handler(level, log);
      },
    },
  },
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts', 'bench/lab/**/*.test.ts'],
    globalSetup: ['tests/support/shared-data-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    // Each GPU suite holds a device; two files at a time suit a 2-core machine.
    maxWorkers: 2,
  },
}));
