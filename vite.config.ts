/// <reference types="vitest/config" />
// Vite serves the demos and the browser test pages (dev server, multi-page build); vitest runs
// the test suites in Node. In development, /shared-data/ maps to ../shared/data so demos and
// browser tests can load the small real models without copying them into the repo.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const sharedData = resolve(import.meta.dirname, '../shared/data');

function sharedDataPlugin(): Plugin {
  return {
    name: 'shaderlm-shared-data',
    configureServer(server) {
      server.middlewares.use('/shared-data', (req, res, next) => {
        const path = resolve(sharedData, decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/^\/+/, ''));
        if (!path.startsWith(sharedData) || !existsSync(path) || !statSync(path).isFile()) return next();
        res.setHeader('Content-Length', statSync(path).size);
        res.setHeader('Content-Type', 'application/octet-stream');
        createReadStream(path).pipe(res);
      });
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
