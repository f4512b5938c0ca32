/// <reference types="vitest/config" />
// Vite serves the demos and the browser test pages (dev server, multi-page build); vitest runs
// the test suites in Node. In development, /shared-data/ maps to ../shared/data so demos and
// browser tests can load the small real models without copying them into the repo
// (vite/shared-data.ts).
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { serveFolder } from './vite/shared-data.js';

function sharedDataPlugin(): Plugin {
  return {
    name: 'shaderlm-shared-data',
    configureServer(server) {
      server.middlewares.use('/shared-data', serveFolder(resolve(import.meta.dirname, '../shared/data')));
    },
  };
}

export default defineConfig({
  plugins: [sharedDataPlugin()],
  server: { fs: { allow: ['.'] } },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        demos: resolve(import.meta.dirname, 'demos/index.html'),
        generate: resolve(import.meta.dirname, 'demos/generate/index.html'),
      },
    },
  },
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts', 'bench/lab/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    // Each GPU suite holds a device; two files at a time suit a 2-core machine.
    maxWorkers: 2,
  },
});
