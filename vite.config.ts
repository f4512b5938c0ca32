// Vite serves the demos and the browser test pages; vitest runs the test suites in Node.
/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

export default defineConfig({
  server: { fs: { allow: ['.', '../shared'] } },
  build: { target: 'es2022' },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    // Kernel suites keep a GPU device each; two files at a time suit a 2-core machine.
    maxWorkers: 2,
  },
});
